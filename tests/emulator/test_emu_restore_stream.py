"""Restore results are streamed: a 50 MB result never sits in memory (server thread included)."""

from __future__ import annotations

import hashlib
import tracemalloc
import zipfile
from collections.abc import Iterable
from pathlib import Path

from pycpg.emulator import Emulator
from tests.emulator.restore_support import Storage, device_where, home_of, open_storage, plain

BIG = 50 * 1024 * 1024
#: Far below the result size: a few chunks and the usual HTTP machinery.
PEAK_LIMIT = 4 * 1024 * 1024


def sha256(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def big_file(emu: Emulator) -> tuple[Storage, str]:
    device = device_where(emu, lambda d: d.active and plain(emu, d) and d.os_name != "win")
    path = home_of(emu, device) + "/Videos/big.bin"
    emu.add_file(device.guid, path, size=BIG)
    emu.add_file(device.guid, home_of(emu, device) + "/Videos/small.txt", content=b"small")
    return open_storage(emu, device), path


def download(storage: Storage, job_id: str, sink: Path) -> int:
    """Stream the result into ``sink`` under tracemalloc; the traced peak."""
    tracemalloc.start()
    try:
        with storage.result(job_id, stream=True) as response, sink.open("wb") as out:
            assert response.status_code == 200
            for chunk in response.iter_content(64 * 1024):
                out.write(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak


def test_single_file_result_streams(emulator: Emulator, tmp_path: Path) -> None:
    storage, path = big_file(emulator)
    job_id = storage.restore((path, "FILE"))
    storage.wait(job_id)
    target = tmp_path / "big.bin"
    peak = download(storage, job_id, target)
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.1f} MB"
    assert target.stat().st_size == BIG
    with target.open("rb") as written:
        expected = sha256(emulator.file_content(storage.device.guid, path))
        assert sha256(iter(lambda: written.read(1 << 20), b"")) == expected


def test_zip_result_streams(emulator: Emulator, tmp_path: Path) -> None:
    storage, path = big_file(emulator)
    folder = path.rsplit("/", 1)[0]
    job_id = storage.restore((folder, "DIRECTORY"))
    storage.wait(job_id)
    target = tmp_path / "result.zip"
    peak = download(storage, job_id, target)
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.1f} MB"
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == [path[1:], folder[1:] + "/small.txt"]
        assert archive.read(folder[1:] + "/small.txt") == b"small"
        with archive.open(path[1:]) as member:
            expected = sha256(emulator.file_content(storage.device.guid, path))
            assert sha256(iter(lambda: member.read(1 << 20), b"")) == expected
