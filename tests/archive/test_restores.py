"""sdk.archive restores: real bytes, request sequence, errors, streaming."""

from __future__ import annotations

import hashlib
import io
import re
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from typing_extensions import assert_type

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.exceptions import (
    PycpgArchiveFileNotFoundError,
    PycpgBadRestoreRequestError,
    PycpgDeviceNotConnectedError,
    PycpgError,
    PycpgInvalidArchiveEncryptionKey,
    PycpgInvalidArchivePassword,
    PycpgModelError,
    PycpgRestoreTimeoutError,
)
from pycpg.response import PycpgResponse, PycpgStreamResponse

POSIX = ("mac", "linux")


@pytest.fixture
def sdk(emulator: Emulator) -> Iterator[pycpg.sdk.SDKClient]:
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, poll_interval=0.01)
    emulator.clear_journal()
    yield client
    client.close()


def _device(emulator: Emulator, windows: bool = False) -> Any:
    for device in emulator.tenant.devices:
        if not device.backup_usage or not device.active:
            continue
        if (device.os_name == "win") != windows:
            continue
        if emulator.archive_secret(device.guid) == (None, None):
            return device
    raise AssertionError("no suitable device in the tenant")


def _a_file(emulator: Emulator, device: Any) -> str:
    return next(path for path, size in emulator.archive_files(device.guid) if size > 0)


def _expected(emulator: Emulator, device: Any, path: str) -> bytes:
    return b"".join(emulator.file_content(device.guid, path))


def _read(response: Any) -> bytes:
    return b"".join(response.iter_content(chunk_size=65536))


def test_posix_file_bytes_and_request_sequence(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    path = _a_file(emulator, device)
    response = sdk.archive.stream_from_backup(path, device.guid)
    assert repr(response).endswith("data='<streamed>']>")
    assert _read(response) == _expected(emulator, device, path)
    assert repr(response).endswith("data='<streamed>']>")  # a consumed stream does not raise

    sequence = [(e.method, re.sub(r"^/storage/[^/]+", "<node>", e.path)) for e in emulator.journal]
    depth = len(path.strip("/").split("/"))
    destination = device.backup_usage[0].destination.guid
    expected_head = [
        ("GET", f"/api/v1/Computer/{device.guid}"),
        ("GET", "/api/v1/WebRestoreInfo"),
        ("POST", "/api/v1/DataKeyToken"),
        ("POST", "<node>/api/v1/WebRestoreSession"),
        ("GET", f"/api/v3/BackupSets/{device.guid}/{destination}"),
        *[("GET", "<node>/api/v1/WebRestoreTreeNode")] * (depth + 1),
        ("POST", "<node>/api/v1/WebRestoreFileSizePolling"),
    ]
    assert sequence[: len(expected_head)] == expected_head
    rest = sequence[len(expected_head):]
    assert rest[-1][0] == "GET" and rest[-1][1].startswith("<node>/api/v1/WebRestoreJobResult/")
    assert ("POST", "<node>/api/v9/restore/web") in rest
    assert emulator.journal[0].query == [("idType", "guid"), ("incBackupUsage", "True")]
    assert emulator.journal[-1].headers["accept"] == "application/octet-stream"
    start = next(e for e in emulator.journal if e.path.endswith("/api/v9/restore/web")).json
    assert start["sourceComputerGuid"] == device.guid
    assert start["restoreGroups"][0]["files"] == [{"fileType": "FILE", "path": path, "selected": True}]
    assert start["showDeleted"] is True
    assert start["numFiles"] == 1 and start["numBytes"] == len(_expected(emulator, device, path))


def test_windows_path_with_backslashes(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator, windows=True)
    path = _a_file(emulator, device)
    assert path.startswith("C:/")
    response = sdk.archive.stream_from_backup(path.replace("/", "\\"), device.guid)
    assert _read(response) == _expected(emulator, device, path)


def test_directory_streams_as_a_zip_of_its_files(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    path = _a_file(emulator, device)
    directory = path.rsplit("/", 1)[0]
    wanted = {p: _expected(emulator, device, p) for p, _ in emulator.archive_files(device.guid) if p.startswith(directory + "/")}
    archive = zipfile.ZipFile(io.BytesIO(_read(sdk.archive.stream_from_backup(directory, device.guid))))
    members = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    assert sorted(members.values()) == sorted(wanted.values())
    assert len(members) == len(wanted) > 0
    assert all(any(name.endswith(p.rsplit("/", 1)[-1]) for p in wanted) for name in members)


def test_several_files_in_one_restore(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    paths = [p for p, size in emulator.archive_files(device.guid) if size > 0][:3]
    archive = zipfile.ZipFile(io.BytesIO(_read(sdk.archive.stream_from_backup(paths, device.guid))))
    contents = sorted(archive.read(n) for n in archive.namelist() if not n.endswith("/"))
    assert contents == sorted(_expected(emulator, device, p) for p in paths)
    start = next(e for e in emulator.journal if e.path.endswith("/api/v9/restore/web")).json
    assert [f["path"] for f in start["restoreGroups"][0]["files"]] == paths
    sizes = [len(_expected(emulator, device, p)) for p in paths]
    assert start["numBytes"] == sum(sizes)  # sizes attributed per file (pycpg 1.0 could mix them up)


def test_a_50_mb_restore_streams_in_small_memory(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    size = 50_000_000
    emulator.add_file(device.guid, "/Users/big/video.bin", size=size)
    expected = hashlib.sha256()
    for chunk in emulator.file_content(device.guid, "/Users/big/video.bin"):
        expected.update(chunk)
    digest, total = hashlib.sha256(), 0
    tracemalloc.start()
    try:
        response = sdk.archive.stream_from_backup("/Users/big/video.bin", device.guid)
        for chunk in response.iter_content(chunk_size=1 << 20):
            digest.update(chunk)
            total += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == size and digest.digest() == expected.digest()
    assert peak < 10_000_000, f"peak memory {peak} bytes while streaming {size} bytes"


def test_a_stalled_job_times_out_within_its_limit(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    emulator.stall_restores = True
    began = time.monotonic()
    with pytest.raises(PycpgRestoreTimeoutError) as caught:
        sdk.archive.stream_from_backup(_a_file(emulator, device), device.guid, restore_timeout=0.5)
    assert time.monotonic() - began < 5
    assert caught.value.timeout == 0.5 and caught.value.job_id


def test_archive_password_and_custom_key(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    secured = [d for d in emulator.tenant.devices if d.backup_usage and emulator.archive_secret(d.guid) != (None, None)]
    password_device = next(d for d in secured if emulator.archive_secret(d.guid)[0])
    key_device = next(d for d in secured if emulator.archive_secret(d.guid)[1])
    password, _ = emulator.archive_secret(password_device.guid)
    _, key = emulator.archive_secret(key_device.guid)
    with pytest.raises(PycpgInvalidArchivePassword):
        sdk.archive.stream_from_backup(_a_file(emulator, password_device), password_device.guid, archive_password="nope")
    path = _a_file(emulator, password_device)
    good = sdk.archive.stream_from_backup(path, password_device.guid, archive_password=password)
    assert _read(good) == _expected(emulator, password_device, path)
    with pytest.raises(PycpgInvalidArchiveEncryptionKey):
        sdk.archive.stream_from_backup(_a_file(emulator, key_device), key_device.guid, encryption_key="wrong-key")
    emulator.clear_journal()
    path = _a_file(emulator, key_device)
    assert _read(sdk.archive.stream_from_backup(path, key_device.guid, encryption_key=key)) == _expected(emulator, key_device, path)
    assert not [e for e in emulator.journal if e.path == "/api/v1/DataKeyToken"]


def test_missing_path_and_malformed_path(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    missing = "/Users/nobody/missing.txt"
    with pytest.raises(PycpgArchiveFileNotFoundError) as caught:
        sdk.archive.stream_from_backup(missing, device.guid)
    assert caught.value.file_path == missing and missing in str(caught.value)
    with pytest.raises(PycpgError, match="empty component"):
        sdk.archive.stream_from_backup("/Users//x.txt", device.guid)


def test_backup_set_id_as_int_or_text(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    usage = device.backup_usage[0]
    ids = [s["backupSetId"] for s in sdk.archive.get_backup_sets(device.guid, usage.destination.guid)["backupSets"]]
    numeric = next(i for i in ids if i.isdigit())
    path = _a_file(emulator, device)
    for wanted in (int(numeric), numeric):
        emulator.clear_journal()
        sdk.archive.stream_from_backup(path, device.guid, backup_set_id=wanted).iter_content(1)
        trees = [e for e in emulator.journal if e.path.endswith("/WebRestoreTreeNode")]
        assert {e.params["backupSetId"] for e in trees} == {numeric}
    with pytest.raises(PycpgError, match="not found in device backup sets"):
        sdk.archive.stream_from_backup(path, device.guid, backup_set_id="999")


def _push_body(emulator: Emulator) -> dict[str, Any]:
    return next(e for e in emulator.journal if e.path.endswith("/api/v38/restore/push")).json  # type: ignore[no-any-return]


@pytest.mark.parametrize("overwrite", [False, True])
def test_push_to_original_location(emulator: Emulator, sdk: pycpg.sdk.SDKClient, overwrite: bool) -> None:
    device = _device(emulator)
    accepting = next(d for d in emulator.tenant.devices if d.active and d.guid != device.guid)
    emulator.set_connected(accepting.guid, True)
    path = _a_file(emulator, device)
    sdk.archive.stream_to_device(path, device.guid, accepting.guid, "ORIGINAL_LOCATION", overwrite_existing_files=overwrite)
    body = _push_body(emulator)
    assert set(body) == {
        "sourceComputerGuid", "acceptingComputerGuid", "webRestoreSessionId", "targetNodeGuid", "restorePath",
        "restoreGroups", "numFiles", "numBytes", "showDeleted", "permitRestoreToDifferentOsVersion",
        "filePermissions", "restoreFullPath", "fileLocation", "existingFiles",
    }
    assert (body["sourceComputerGuid"], body["acceptingComputerGuid"]) == (device.guid, accepting.guid)
    assert (body["restorePath"], body["fileLocation"]) == ("", "ORIGINAL_LOCATION")
    assert body["permitRestoreToDifferentOsVersion"] is True
    assert body["existingFiles"] == ("OVERWRITE_ORIGINAL" if overwrite else "RENAME_ORIGINAL")
    assert body["restoreGroups"][0]["files"][0]["path"] == path
    assert body["targetNodeGuid"]
    assert emulator.push_restores[-1]


@pytest.mark.parametrize("overwrite", [False, True])
def test_push_to_a_target_directory_honours_overwrite(emulator: Emulator, sdk: pycpg.sdk.SDKClient, overwrite: bool) -> None:
    device = _device(emulator)
    accepting = next(d for d in emulator.tenant.devices if d.active and d.guid != device.guid)
    emulator.set_connected(accepting.guid, True)
    sdk.archive.stream_to_device(_a_file(emulator, device), device.guid, accepting.guid, "/restores/here", overwrite_existing_files=overwrite)
    body = _push_body(emulator)
    assert (body["restorePath"], body["fileLocation"], body["permitRestoreToDifferentOsVersion"]) == ("/restores/here", None, False)
    assert body["existingFiles"] == ("OVERWRITE_ORIGINAL" if overwrite else "RENAME_ORIGINAL")
    assert len([e for e in emulator.journal if e.path == "/api/v1/DataKeyToken"]) == 1  # one token (pycpg 1.0 fetched two)


def test_push_to_a_disconnected_device(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    accepting = next(d for d in emulator.tenant.devices if d.active and d.guid != device.guid)
    emulator.set_connected(accepting.guid, False)
    with pytest.raises(PycpgDeviceNotConnectedError) as caught:
        sdk.archive.stream_to_device(_a_file(emulator, device), device.guid, accepting.guid, "/x")
    assert caught.value.device_guid == accepting.guid


def test_push_refused_by_the_server(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    accepting = next(d for d in emulator.tenant.devices if not d.active and d.guid != device.guid)
    emulator.set_connected(accepting.guid, True)
    with pytest.raises(PycpgBadRestoreRequestError):
        sdk.archive.stream_to_device(_a_file(emulator, device), device.guid, accepting.guid, "/x")


def test_the_stream_is_typed_and_yields_bytes_chunks(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    path = _a_file(emulator, device)
    expected = _expected(emulator, device, path)
    response = sdk.archive.stream_from_backup(path, device.guid, file_size_calc_timeout=0)
    assert type(response) is PycpgStreamResponse and isinstance(response, PycpgResponse)
    chunks = list(assert_type(response.iter_content(chunk_size=7), Iterator[bytes]))
    assert all(type(chunk) is bytes and 0 < len(chunk) <= 7 for chunk in chunks)
    assert len(chunks[0]) == min(7, len(expected)) and b"".join(chunks) == expected
    # pycpg 1.0's positional iter_content(chunk_size, decode_unicode) and the default 1-byte chunks.
    again = sdk.archive.stream_from_backup(path, device.guid, file_size_calc_timeout=0)
    assert next(again.iter_content()) == expected[:1]
    assert next(again.iter_content(4, False)) == expected[1:5]


def test_the_whole_stream_reads_as_content_and_subscripts_as_pycpg_did(
    emulator: Emulator, sdk: pycpg.sdk.SDKClient
) -> None:
    device = _device(emulator)
    path = next(p for p, size in emulator.archive_files(device.guid) if p.endswith(".txt") and size > 1)
    expected = _expected(emulator, device, path)
    response = sdk.archive.stream_from_backup(path, device.guid, file_size_calc_timeout=0)
    assert assert_type(response.content, bytes) == expected
    assert response.data == response.raw_text  # not JSON: the text itself, as in pycpg 1.0
    assert response[0] == response.raw_text[0]
    with pytest.raises(PycpgModelError):  # file bytes are not JSON
        response.model()
