"""Properties over generated and extended trees, checked over HTTP.

Walking the tree from the roots reaches exactly ``archive_files``; a file-size job's
totals are the sums over the files below the node; a restored file is ``file_content``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycpg.emulator import Emulator
from tests.emulator.restore_support import Storage, open_storage

_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 ._-", min_size=1, max_size=12).filter(
    lambda name: name.strip(". ") == name and name not in (".", ".."))
_RELATIVE = st.lists(_NAME, min_size=1, max_size=4).map("/".join)
_SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def small_emulator(seed: int) -> Iterator[Emulator]:
    with Emulator(seed=seed, orgs=2, users=6, devices=6) as emu:
        yield emu


def walked_files(storage: Storage) -> dict[str, str]:
    """Path → id of every file the tree walk reaches."""
    return {node["path"]: node["id"] for node in storage.walk() if node["type"] == "file"}


@_SETTINGS
@given(seed=st.integers(0, 10_000), index=st.integers(0, 5))
def test_walk_reaches_exactly_the_archive_files(seed: int, index: int) -> None:
    with small_emulator(seed) as emu:
        device = emu.tenant.devices[index]
        storage = open_storage(emu, device)
        files = emu.archive_files(device.guid)
        assert sorted(walked_files(storage)) == [path for path, _ in files]
        [root] = storage.children()
        totals = storage.file_size(root["id"])
        assert (totals["numFiles"], totals["size"]) == (len(files), sum(size for _, size in files))


@_SETTINGS
@given(seed=st.integers(0, 10_000), added=st.lists(st.tuples(_RELATIVE, st.integers(0, 200_000)), max_size=5),
       pick=st.integers(0, 10_000))
def test_added_files_are_walked_sized_and_restored(seed: int, added: list[tuple[str, int]], pick: int) -> None:
    with small_emulator(seed) as emu:
        device = emu.tenant.devices[pick % 6]
        root = "C:/" if device.os_name == "win" else "/"
        for relative, size in added:
            path = root + "extra/" + relative
            try:
                emu.add_file(device.guid, path, size=size)
            except ValueError:  # a file where a directory is needed, or the reverse
                continue
        files = emu.archive_files(device.guid)
        storage = open_storage(emu, device)
        walked = walked_files(storage)
        assert sorted(walked) == [path for path, _ in files]
        directory = storage.find(root + "extra") if any(p.startswith(root + "extra/") for p in walked) else None
        if directory is not None:
            below = [size for path, size in files if path.startswith(root + "extra/")]
            totals = storage.file_size(directory["id"])
            assert (totals["numFiles"], totals["size"]) == (len(below), sum(below))
        path, size = files[pick % len(files)]
        body = storage.download((path, "FILE")).content
        assert len(body) == size and body == b"".join(emu.file_content(device.guid, path))
