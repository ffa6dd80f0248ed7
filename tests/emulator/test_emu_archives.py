"""Authority archive endpoints: Archive, BackupSets, WebRestoreInfo, DataKeyToken, connectedServerUrl; hooks."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

import pytest

from pycpg.emulator import Emulator
from tests.emulator.emu_support import PERMISSION_DENIED, admin_token, call, data, restricted_token, v3_error_key
from tests.emulator.restore_support import device_where, plain

ARCHIVE_KEYS = {"archiveGuid", "userId", "userUid", "archiveBytes", "targetGuid", "lastCompletedBackup",
                "isColdStorage", "lastMaintained", "maintenanceDuration", "compactBytesRemoved", "storePointId",
                "selectedBytes", "selectedFiles", "todoBytes", "format"}


def archives(emu: Emulator, token: str | None = None, **params: Any) -> dict[str, Any]:
    response = call(emu, "/api/v1/Archive", token or admin_token(emu), params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = data(response)
    return page


def test_archive_by_guid(emulator: Emulator) -> None:
    device = device_where(emulator, lambda d: not d.active)
    usage = device.backup_usage[0]
    body = data(call(emulator, f"/api/v1/Archive/{usage.archive_guid}", admin_token(emulator)))
    assert set(body) == ARCHIVE_KEYS
    assert body["archiveGuid"] == usage.archive_guid and body["targetGuid"] == usage.destination.guid
    assert body["userUid"] == device.user.user_uid and body["isColdStorage"] is True
    assert body["archiveBytes"] == usage.archive_bytes and body["format"] == "ARCHIVE_V1"
    active = device_where(emulator, lambda d: d.active).backup_usage[0].archive_guid
    assert data(call(emulator, f"/api/v1/Archive/{active}", admin_token(emulator)))["isColdStorage"] is False


def test_unknown_archive_is_404(emulator: Emulator) -> None:
    assert call(emulator, "/api/v1/Archive/123", admin_token(emulator)).status_code == 404


def test_archive_filters(emulator: Emulator) -> None:
    device = device_where(emulator, lambda d: len(d.backup_usage) == 2)
    page = archives(emulator, backupSourceGuid=device.guid, pgNum=1, pgSize=500)
    assert [a["archiveGuid"] for a in page["archives"]] == [u.archive_guid for u in device.backup_usage]
    assert page["totalCount"] == 2
    user_archives = [u.archive_guid for d in emulator.tenant.devices if d.user is device.user for u in d.backup_usage]
    assert [a["archiveGuid"] for a in archives(emulator, userUid=device.user.user_uid)["archives"]] == user_archives
    destination = device.backup_usage[0].destination.guid
    at_destination = archives(emulator, destinationGuid=destination)["archives"]
    assert at_destination and {a["targetGuid"] for a in at_destination} == {destination}
    assert archives(emulator, backupSourceGuid="42") == {"totalCount": 0, "archives": []}


def test_archive_paging(emulator: Emulator) -> None:
    everything = [a["archiveGuid"] for a in archives(emulator, pgSize=500)["archives"]]
    assert len(everything) == sum(len(d.backup_usage) for d in emulator.tenant.devices)
    pages = [archives(emulator, pgNum=number, pgSize=7) for number in range(1, len(everything) // 7 + 3)]
    assert [a["archiveGuid"] for page in pages for a in page["archives"]] == everything
    assert {page["totalCount"] for page in pages} == {len(everything)} and pages[-1]["archives"] == []


def test_restricted_sees_only_own_archives(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    own = emulator.tenant.devices[0]
    assert own.user.username == emulator.restricted.username
    assert archives(emulator, token, backupSourceGuid=own.guid)["totalCount"] == len(own.backup_usage)
    assert archives(emulator, token, userUid=own.user.user_uid)["totalCount"] >= 1
    other = device_where(emulator, lambda d: d.user is not own.user)
    for params in ({}, {"backupSourceGuid": other.guid}, {"userUid": other.user.user_uid}):
        response = call(emulator, "/api/v1/Archive", token, params=params)
        assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    assert call(emulator, f"/api/v1/Archive/{own.backup_usage[0].archive_guid}", token).status_code == 200
    assert call(emulator, f"/api/v1/Archive/{other.backup_usage[0].archive_guid}", token).status_code == 403


def test_backup_sets(emulator: Emulator) -> None:
    device = emulator.tenant.devices[0]
    response = call(emulator, f"/api/v3/BackupSets/{device.guid}/{device.backup_usage[0].destination.guid}",
                    admin_token(emulator))
    body = response.json()
    assert response.status_code == 200 and body["error"] is None and body["warnings"] is None
    sets = body["data"]["backupSets"]
    assert sets[0] == {"backupSetId": "1", "name": "Default"}
    assert all(set(item) == {"backupSetId", "name"} and item["backupSetId"].isdigit() for item in sets)


def test_some_device_has_no_default_backup_set(emulator: Emulator) -> None:
    token = admin_token(emulator)

    def ids(guid: str, destination: str) -> list[str]:
        found = data(call(emulator, f"/api/v3/BackupSets/{guid}/{destination}", token))["backupSets"]
        return [item["backupSetId"] for item in found]

    all_ids = [ids(d.guid, d.backup_usage[0].destination.guid) for d in emulator.tenant.devices]
    without = [found for found in all_ids if "1" not in found]
    assert without and all(found and all(len(i) >= 18 for i in found) for found in without)


def test_backup_sets_errors(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]
    unknown = call(emulator, f"/api/v3/BackupSets/42/{device.backup_usage[0].destination.guid}", token)
    assert unknown.status_code == 404 and v3_error_key(unknown) == "DEVICE_NOT_FOUND"
    wrong = call(emulator, f"/api/v3/BackupSets/{device.guid}/42", token)
    assert wrong.status_code == 404 and v3_error_key(wrong) == "DESTINATION_NOT_FOUND"
    other = device_where(emulator, lambda d: d.user is not device.user)
    path = f"/api/v3/BackupSets/{other.guid}/{other.backup_usage[0].destination.guid}"
    assert call(emulator, path, restricted_token(emulator)).status_code == 403


def test_web_restore_info_names_the_storage_node(emulator: Emulator) -> None:
    device = device_where(emulator, lambda d: len(d.backup_usage) == 2)
    origins = set()
    for usage in device.backup_usage:
        response = call(emulator, "/api/v1/WebRestoreInfo", admin_token(emulator),
                        params={"srcGuid": device.guid, "destGuid": usage.destination.guid})
        node = usage.destination.server_guid
        assert data(response) == {"serverUrl": emulator.service_url(f"/storage/{node}"), "nodeGuid": node}
        assert response.json()["metadata"]["params"] == {"srcGuid": device.guid, "destGuid": usage.destination.guid}
        origins.add(data(response)["serverUrl"])
    # Each node is an origin of its own: the root of another port.
    assert len(origins) == 2 and emulator.url not in origins
    assert all(urlsplit(origin).path == "" and urlsplit(origin).scheme == "http" for origin in origins)


@pytest.mark.parametrize(("params", "status"), [({"srcGuid": "42", "destGuid": "1"}, 404), ({"srcGuid": "x"}, 400),
                                                ({"destGuid": "1"}, 400), ("other-destination", 404)])
def test_web_restore_info_errors(emulator: Emulator, params: Any, status: int) -> None:
    device = emulator.tenant.devices[0]
    if params == "other-destination":
        used = {u.destination.guid for u in device.backup_usage}
        unused = next(d.guid for d in emulator.tenant.destinations if d.guid not in used)
        params = {"srcGuid": device.guid, "destGuid": unused}
    assert call(emulator, "/api/v1/WebRestoreInfo", admin_token(emulator), params=params).status_code == status


def test_data_key_tokens(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]
    first, second = (call(emulator, "/api/v1/DataKeyToken", token, "POST", json={"computerGuid": device.guid})
                     for _ in range(2))
    assert first.status_code == second.status_code == 200
    assert set(data(first)) == {"dataKeyToken"} and data(first) != data(second)
    assert call(emulator, "/api/v1/DataKeyToken", token, "POST", json={"computerGuid": "42"}).status_code == 404
    numeric = call(emulator, "/api/v1/DataKeyToken", token, "POST", json={"computerGuid": int(device.guid)})
    assert numeric.status_code == 200
    other = device_where(emulator, lambda d: d.user is not device.user)
    restricted = restricted_token(emulator)
    for guid, status in ((other.guid, 403), (device.guid, 200)):
        response = call(emulator, "/api/v1/DataKeyToken", restricted, "POST", json={"computerGuid": guid})
        assert response.status_code == status


def test_connected_server_url(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]

    def url(guid: str) -> Any:
        response = call(emulator, "/api/v1/connectedServerUrl", token, params={"guid": guid})
        assert response.status_code == 200, response.text
        return data(response)["serverUrl"]

    assert url(device.guid) == emulator.service_url(f"/connected/{device.guid}") != emulator.url
    assert urlsplit(url(device.guid)).path == ""
    emulator.set_connected(device.guid, False)
    assert url(device.guid) is None
    emulator.set_connected(device.guid, True)
    assert url(device.guid) is not None
    assert all(url(d.guid) is None for d in emulator.tenant.devices if not d.active)
    active = [url(d.guid) for d in emulator.tenant.devices if d.active]
    assert None in active and sum(value is not None for value in active) > len(active) // 2
    assert call(emulator, "/api/v1/connectedServerUrl", token, params={"guid": "42"}).status_code == 404
    assert call(emulator, "/api/v1/connectedServerUrl", token).status_code == 400


def test_secrets_are_pinned_and_deterministic() -> None:
    first, second = Emulator(seed=7), Emulator(seed=7)
    secrets = [first.archive_secret(d.guid) for d in first.tenant.devices]
    assert secrets == [second.archive_secret(d.guid) for d in second.tenant.devices]
    assert secrets[0] == secrets[1] == (None, None)
    assert any(password and not key for password, key in secrets)
    assert any(key and not password for password, key in secrets)
    assert sum(secret == (None, None) for secret in secrets) > len(secrets) // 2


def _digest(emu: Emulator, guid: str) -> str:
    digest = hashlib.sha256()
    for path, size in emu.archive_files(guid):
        digest.update(f"{path}:{size}".encode())
        for chunk in emu.file_content(guid, path):
            digest.update(chunk)
    return digest.hexdigest()


def test_trees_are_deterministic_per_seed() -> None:
    first, second, other = Emulator(seed=3), Emulator(seed=3), Emulator(seed=4)
    guid = first.tenant.devices[5].guid
    second.archive_files(second.tenant.devices[9].guid)  # building another tree first changes nothing
    assert _digest(first, guid) == _digest(second, guid)
    assert _digest(first, guid) != _digest(other, other.tenant.devices[5].guid)


def test_tree_roots_follow_the_operating_system(emulator: Emulator) -> None:
    for device in emulator.tenant.devices:
        paths = [path for path, _ in emulator.archive_files(device.guid)]
        home = {"win": "C:/Users/", "mac": "/Users/", "linux": "/home/"}[device.os_name]
        assert paths and all(path.startswith(home) for path in paths)
        assert all(size >= 0 for _, size in emulator.archive_files(device.guid))


def test_file_content_matches_sizes_and_text_files_are_text(emulator: Emulator) -> None:
    device = emulator.tenant.devices[2]
    for path, size in emulator.archive_files(device.guid):
        body = b"".join(emulator.file_content(device.guid, path))
        assert len(body) == size
        if path.endswith(".txt"):
            assert body.decode("ascii").startswith("0001 ")


def test_add_file(emulator: Emulator) -> None:
    device = device_where(emulator, lambda d: d.os_name == "win")
    emulator.add_file(device.guid, "C:\\Data\\new dir\\given.bin", content=b"hello")
    emulator.add_file(device.guid, "c:/Data/sized.bin", size=70_000)
    files = dict(emulator.archive_files(device.guid))
    assert files["C:/Data/new dir/given.bin"] == 5 and files["C:/Data/sized.bin"] == 70_000
    assert b"".join(emulator.file_content(device.guid, "C:/Data/new dir/given.bin")) == b"hello"
    chunks = list(emulator.file_content(device.guid, "C:/Data/sized.bin"))
    assert [len(chunk) for chunk in chunks] == [65_536, 70_000 - 65_536]
    emulator.add_file(device.guid, "C:/Data/sized.bin", content=b"")
    assert dict(emulator.archive_files(device.guid))["C:/Data/sized.bin"] == 0


@pytest.mark.parametrize(("path", "kwargs", "error"), [
    ("/etc/passwd", {}, ValueError), ("C:/", {}, ValueError), ("C:/a//b", {}, ValueError),
    ("C:/Data/x", {"size": 1, "content": b"x"}, ValueError), ("C:/Data/x", {"size": -1}, ValueError),
    ("C:/Data", {}, ValueError),
])
def test_add_file_rejects(emulator: Emulator, path: str, kwargs: Any, error: type[Exception]) -> None:
    device = device_where(emulator, lambda d: d.os_name == "win")
    emulator.add_file(device.guid, "C:/Data/inside.txt", content=b"x")
    with pytest.raises(error):
        emulator.add_file(device.guid, path, **kwargs)


def test_hooks_reject_unknown_devices_and_paths(emulator: Emulator) -> None:
    device = emulator.tenant.devices[0]
    with pytest.raises(KeyError):
        emulator.archive_files("42")
    with pytest.raises(KeyError):
        emulator.file_content(device.guid, "/nope.txt")
    directory = emulator.archive_files(device.guid)[0][0].rsplit("/", 1)[0]
    with pytest.raises(KeyError):
        emulator.file_content(device.guid, directory)
    assert plain(emulator, device)
