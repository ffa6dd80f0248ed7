"""The storage node: sessions and their secrets, the tree, file sizes, web-restore jobs and results."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

import pytest
import requests

from pycpg.emulator import Emulator
from pycpg.emulator.records import DeviceRecord
from tests.emulator.emu_support import admin_token, data, restricted_token
from tests.emulator.restore_support import (
    SERVER_LOGS,
    Storage,
    content,
    data_key,
    device_where,
    home_of,
    open_storage,
    plain,
    session_body,
    storage_url,
)

NODE_KEYS = {"id", "path", "filename", "type", "deleted", "hidden", "lastModified", "lastModifiedMs", "lastBackup",
             "lastBackupMs", "date"}


def posix(emu: Emulator) -> DeviceRecord:
    return device_where(emu, lambda d: d.os_name != "win" and d.active and plain(emu, d))


def windows(emu: Emulator) -> DeviceRecord:
    return device_where(emu, lambda d: d.os_name == "win" and d.active and plain(emu, d))


def secret_device(emu: Emulator, which: int) -> DeviceRecord:
    """A device whose archives need a password (0) or a custom key (1)."""
    return device_where(emu, lambda d: emu.archive_secret(d.guid)[which] is not None)


def post_session(emu: Emulator, device: DeviceRecord, token: str | None = None, **changes: Any) -> requests.Response:
    token = token or admin_token(emu)
    body = {**session_body(emu, token, device), **changes}
    return requests.post(storage_url(emu, token, device) + "/api/v1/WebRestoreSession", json=body,
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)


def first_file(emu: Emulator, device: DeviceRecord, suffix: str = "") -> tuple[str, int]:
    return next((path, size) for path, size in emu.archive_files(device.guid) if path.endswith(suffix))


# -- full sequences ------------------------------------------------------------------


def test_posix_file_restore(emulator: Emulator) -> None:
    device = posix(emulator)
    path, size = first_file(emulator, device, ".pdf")
    storage = open_storage(emulator, device)
    node = storage.find(path)
    assert node["type"] == "file" and node["path"] == path
    sizes = storage.file_size(node["id"])
    assert sizes == {"numFiles": 1, "numDirs": 0, "size": size, "status": "DONE"}
    response = storage.download((path, "FILE"))
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Length"] == str(size)
    assert path.rsplit("/", 1)[1] in response.headers["Content-Disposition"]
    assert response.content == content(emulator, device, path)


def test_windows_file_restore(emulator: Emulator) -> None:
    device = windows(emulator)
    path, _ = first_file(emulator, device, ".txt")
    storage = open_storage(emulator, device)
    [root] = storage.children()
    assert root["path"] == "C:/" and root["filename"] == "C:" and re.fullmatch("[0-9a-f]{32}", root["id"])
    assert storage.find(path)["path"] == path and path.startswith("C:/Users/")
    response = storage.download((path, "FILE"))
    assert response.content == content(emulator, device, path)
    assert response.content.decode("ascii")


def _zip(response: requests.Response) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("os_name", ["posix", "win"])
def test_directory_restore_is_a_zip_of_full_paths(emulator: Emulator, os_name: str) -> None:
    device = windows(emulator) if os_name == "win" else posix(emulator)
    root = "C:/" if os_name == "win" else "/"
    documents = home_of(emulator, device) + "/Documents"
    storage = open_storage(emulator, device)
    expected = {path: size for path, size in emulator.archive_files(device.guid) if path.startswith(documents + "/")}
    sizes = storage.file_size(storage.find(documents)["id"])
    assert (sizes["numFiles"], sizes["size"]) == (len(expected), sum(expected.values()))
    job_id = storage.restore((documents, "DIRECTORY"))
    assert storage.wait(job_id)["zipResult"] is True
    members = _zip(storage.result(job_id))
    assert set(members) == {path[len(root):] for path in expected}
    assert all(members[path[len(root):]] == content(emulator, device, path) for path in expected)


def test_several_selections_and_a_deselection(emulator: Emulator) -> None:
    device = posix(emulator)
    files = [path for path, _ in emulator.archive_files(device.guid)]
    home = home_of(emulator, device)
    reports = f"{home}/Documents/Reports"
    emulator.add_file(device.guid, f"{reports}/extra.txt", content=b"kept out")
    emulator.add_file(device.guid, f"{home}/Documents/only.txt", content=b"in")
    storage = open_storage(emulator, device)
    job_id = storage.restore((f"{home}/Documents", "DIRECTORY"), (files[-1], "FILE"), deselect=(reports,))
    storage.wait(job_id)
    members = _zip(storage.result(job_id))
    assert members[f"{home}/Documents/only.txt"[1:]] == b"in"
    assert files[-1][1:] in members and not any(name.startswith(reports[1:] + "/") for name in members)


def test_single_file_in_a_list_of_two_is_a_zip(emulator: Emulator) -> None:
    device = posix(emulator)
    (first, _), (second, _) = emulator.archive_files(device.guid)[:2]
    storage = open_storage(emulator, device)
    job_id = storage.restore((first, "FILE"), (second, "FILE"))
    storage.wait(job_id)
    assert set(_zip(storage.result(job_id))) == {first[1:], second[1:]}


# -- sessions -------------------------------------------------------------------------------


def test_wrong_password_and_key_bodies(emulator: Emulator) -> None:
    locked = secret_device(emulator, 0)
    wrong = post_session(emulator, locked, privatePassword="nope")
    assert wrong.status_code == 500
    assert wrong.text == f'[{{"name":"PRIVATE_PASSWORD_INVALID","description":"{SERVER_LOGS}","objects":[]}}]'
    assert post_session(emulator, locked, privatePassword=None).status_code == 500
    assert post_session(emulator, locked).status_code == 200
    keyed = secret_device(emulator, 1)
    bad_key = post_session(emulator, keyed, encryptionKey="0" * 64)
    assert bad_key.status_code == 500
    assert bad_key.text == f'[{{"name":"CUSTOM_KEY_INVALID","description":"{SERVER_LOGS}","objects":[]}}]'
    token = admin_token(emulator)
    no_key = post_session(emulator, keyed, encryptionKey=None, dataKeyToken=data_key(emulator, token, keyed.guid))
    assert no_key.status_code == 500 and "CUSTOM_KEY_INVALID" in no_key.text
    right = post_session(emulator, keyed)
    assert right.status_code == 200 and set(data(right)) == {"webRestoreSessionId"}


def test_a_key_for_an_archive_without_one_is_invalid(emulator: Emulator) -> None:
    response = post_session(emulator, posix(emulator), encryptionKey="anything", dataKeyToken=None)
    assert response.status_code == 500 and "CUSTOM_KEY_INVALID" in response.text


def test_data_key_token_must_be_for_the_device(emulator: Emulator) -> None:
    device, other = posix(emulator), windows(emulator)
    assert post_session(emulator, device, dataKeyToken=None).status_code == 400
    assert post_session(emulator, device, dataKeyToken="made-up").status_code == 400
    foreign = data_key(emulator, admin_token(emulator), other.guid)
    assert post_session(emulator, device, dataKeyToken=foreign).status_code == 400


def test_session_needs_an_archive_on_the_node(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = device_where(emulator, lambda d: len(d.backup_usage) == 1 and plain(emulator, d))
    used = device.backup_usage[0].destination.server_guid
    other = next(d.server_guid for d in emulator.tenant.destinations if d.server_guid != used)
    body = session_body(emulator, token, device)
    headers = {"Authorization": f"Bearer {token}"}
    elsewhere = requests.post(f"{emulator.url}/storage/{other}/api/v1/WebRestoreSession", json=body, headers=headers)
    assert elsewhere.status_code == 404
    unknown = requests.post(f"{emulator.url}/storage/42/api/v1/WebRestoreSession", json=body, headers=headers)
    assert unknown.status_code == 404


def test_sessions_belong_to_their_node_and_device(emulator: Emulator) -> None:
    device = device_where(emulator, lambda d: len(d.backup_usage) == 2 and d.active and plain(emulator, d))
    storage = open_storage(emulator, device)
    other_node = device.backup_usage[1].destination.server_guid
    moved = Storage(f"{emulator.url}/storage/{other_node}", storage.token, device, storage.session_id)
    query = {"webRestoreSessionId": storage.session_id, "guid": device.guid}
    assert moved.send("GET", "/api/v1/WebRestoreTreeNode", params=query).status_code == 400
    assert storage.send("GET", "/api/v1/WebRestoreTreeNode", params={**query, "guid": "42"}).status_code == 400
    unknown = {**query, "webRestoreSessionId": "x"}
    assert storage.send("GET", "/api/v1/WebRestoreTreeNode", params=unknown).status_code == 400
    unauthenticated = requests.get(storage.base + "/api/v1/WebRestoreTreeNode", params=query, timeout=10)
    assert unauthenticated.status_code == 401


def test_restricted_user_restores_own_device_only(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    own = emulator.tenant.devices[0]
    storage = open_storage(emulator, own, token)
    path, _ = emulator.archive_files(own.guid)[0]
    assert storage.download((path, "FILE")).content == content(emulator, own, path)
    other = device_where(emulator, lambda d: d.user is not own.user and plain(emulator, d))
    url = storage_url(emulator, admin_token(emulator), other)
    body = session_body(emulator, admin_token(emulator), other)
    denied = requests.post(url + "/api/v1/WebRestoreSession", json=body, headers={"Authorization": f"Bearer {token}"})
    assert denied.status_code == 403


# -- the tree --------------------------------------------------------------------------------


def test_tree_node_fields(emulator: Emulator) -> None:
    device = posix(emulator)
    storage = open_storage(emulator, device)
    [root] = storage.children()
    assert root["path"] == "/" and root["filename"] == "/" and root["type"] == "directory"
    nodes = list(storage.walk())
    for node in nodes:
        assert set(node) == NODE_KEYS and re.fullmatch("[0-9a-f]{32}", node["id"])
        assert node["deleted"] is False and node["hidden"] == node["filename"].startswith(".")
        backup = datetime.fromisoformat(node["lastBackup"])
        assert int(backup.timestamp() * 1000) == node["lastBackupMs"]
        assert int(datetime.fromisoformat(node["lastModified"]).timestamp() * 1000) == node["lastModifiedMs"]
        assert node["date"] == backup.strftime("%m/%d/%y %I:%M %p")
        assert not node["path"].endswith("/") or node["path"] == "/"
    assert any(node["hidden"] for node in nodes)
    files = [path for path, _ in emulator.archive_files(device.guid)]
    assert sorted(n["path"] for n in nodes if n["type"] == "file") == files


def test_children_are_sorted_and_batched(emulator: Emulator) -> None:
    device = posix(emulator)
    storage = open_storage(emulator, device)
    home = storage.find(home_of(emulator, device))
    children = storage.children(home["id"])
    assert [c["filename"].casefold() for c in children] == sorted(c["filename"].casefold() for c in children)
    assert storage.children(home["id"], batchSize=2) == children[:2]
    assert storage.children(home["id"], batchSize=2, lastBatchFileId=children[1]["id"]) == children[2:4]
    assert storage.children(children[0]["id"]) == [] or children[0]["type"] == "directory"


@pytest.mark.parametrize(("params", "status"), [({"fileId": "f" * 32}, 404), ({"backupSetId": "77"}, 400),
                                                ({"lastBatchFileId": "nope"}, 400), ({"batchSize": "0"}, 400)])
def test_tree_errors(emulator: Emulator, params: dict[str, str], status: int) -> None:
    storage = open_storage(emulator, posix(emulator))
    query = {"webRestoreSessionId": storage.session_id, "guid": storage.device.guid, "backupSetId": "1", **params}
    assert storage.send("GET", "/api/v1/WebRestoreTreeNode", params=query).status_code == status


# -- file sizes ---------------------------------------------------------------------------------


def test_file_size_totals_of_the_root(emulator: Emulator) -> None:
    device = windows(emulator)
    storage = open_storage(emulator, device)
    [root] = storage.children()
    directories = sum(node["type"] == "directory" for node in storage.walk())
    files = emulator.archive_files(device.guid)
    assert storage.file_size(root["id"]) == {"numFiles": len(files), "numDirs": directories,
                                             "size": sum(size for _, size in files), "status": "DONE"}


def test_file_size_polls_and_stall(emulator: Emulator) -> None:
    storage = open_storage(emulator, posix(emulator))
    [root] = storage.children()
    emulator.file_size_polls = 2
    emulator.stall_file_sizes = True
    body = {"guid": storage.device.guid, "fileId": root["id"], "timestamp": None, "showDeleted": None}
    job_id = data(storage.send("POST", "/api/v1/WebRestoreFileSizePolling", json=body))["jobId"]

    def poll() -> dict[str, Any]:
        query = {"jobId": job_id, "guid": storage.device.guid}
        response = storage.send("GET", "/api/v1/WebRestoreFileSizePolling", params=query)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = data(response)
        return result

    assert [poll() for _ in range(3)] == [{"numFiles": 0, "numDirs": 0, "size": 0, "status": "WORKING"}] * 3
    emulator.stall_file_sizes = False
    assert poll()["status"] == "DONE"
    assert storage.send("GET", "/api/v1/WebRestoreFileSizePolling", params={"jobId": "1"}).status_code == 404
    unknown = {**body, "fileId": "0" * 32}
    assert storage.send("POST", "/api/v1/WebRestoreFileSizePolling", json=unknown).status_code == 404


# -- jobs ------------------------------------------------------------------------------------------


def test_job_progress_and_early_result(emulator: Emulator) -> None:
    device = posix(emulator)
    path, size = emulator.archive_files(device.guid)[0]
    emulator.restore_polls = 3
    storage = open_storage(emulator, device)
    job_id = storage.restore((path, "FILE"))
    assert storage.result(job_id).status_code == 400
    first, second, third = (storage.status(job_id) for _ in range(3))
    assert (first["status"], first["done"], first["percentComplete"]) == ("preparing", False, 33)
    assert (second["status"], second["percentComplete"], third["status"]) == ("preparing", 66, "done")
    assert third == {**third, "done": True, "canceled": False, "zipResult": False, "percentComplete": 100,
                     "bytesZipped": size, "sourceId": device.guid, "userId": device.user.user_id, "jobId": job_id}
    assert third["expirationDate"] - third["creationDate"] == 86_400_000
    assert third["name"] == f"WebRestore_{third['creationDate']}"
    assert storage.result(job_id).content == content(emulator, device, path)


def test_stalled_jobs_never_finish(emulator: Emulator) -> None:
    device = posix(emulator)
    storage = open_storage(emulator, device)
    emulator.stall_restores = True
    job_id = storage.restore((emulator.archive_files(device.guid)[0][0], "FILE"))
    statuses = [storage.status(job_id) for _ in range(6)]
    assert all(not s["done"] and s["status"] == "preparing" and s["percentComplete"] < 100 for s in statuses)
    assert storage.result(job_id).status_code == 400
    emulator.stall_restores = False
    assert storage.status(job_id)["done"] is True


def test_cancel(emulator: Emulator) -> None:
    device = posix(emulator)
    storage = open_storage(emulator, device)
    path = emulator.archive_files(device.guid)[0][0]
    job_id = storage.restore((path, "FILE"))
    canceled = storage.send("DELETE", "/api/v1/WebRestoreJob", json={"jobId": job_id})
    assert canceled.status_code == 204 and canceled.content == b""
    status = storage.status(job_id)
    assert (status["status"], status["canceled"], status["done"]) == ("canceled", True, True)
    assert storage.result(job_id).status_code == 400
    finished = storage.restore((path, "FILE"))
    storage.wait(finished)
    assert storage.send("DELETE", "/api/v1/WebRestoreJob", json={"jobId": finished}).status_code == 400
    assert storage.send("DELETE", "/api/v1/WebRestoreJob", json={"jobId": "42"}).status_code == 404
    assert storage.send("GET", "/api/v1/WebRestoreJob/42").status_code == 404


@pytest.mark.parametrize("change", ["unknown path", "unknown set", "nothing selected", "no groups", "other device"])
def test_restore_request_errors(emulator: Emulator, change: str) -> None:
    device = posix(emulator)
    storage = open_storage(emulator, device)
    path = emulator.archive_files(device.guid)[0][0]
    body: dict[str, Any] = {"sourceComputerGuid": device.guid, "webRestoreSessionId": storage.session_id,
                            "restoreGroups": [{"backupSetId": "1", "files": [{"fileType": "FILE", "path": path,
                                                                              "selected": True}]}]}
    if change == "unknown path":
        body["restoreGroups"][0]["files"][0]["path"] = "/no/such/file"
    elif change == "unknown set":
        body["restoreGroups"][0]["backupSetId"] = "77"
    elif change == "nothing selected":
        body["restoreGroups"][0]["files"][0]["selected"] = False
    elif change == "no groups":
        body["restoreGroups"] = None
    else:
        body["sourceComputerGuid"] = windows(emulator).guid
    assert storage.send("POST", "/api/v9/restore/web", json=body).status_code == 400


def test_old_clients_any_backup_set(emulator: Emulator) -> None:
    device = posix(emulator)
    storage = open_storage(emulator, device)
    storage.backup_set_id = "-1"
    path = emulator.archive_files(device.guid)[0][0]
    assert storage.download((path, "FILE")).content == content(emulator, device, path)


def test_jobs_belong_to_their_node(emulator: Emulator) -> None:
    device = device_where(emulator, lambda d: len(d.backup_usage) == 2 and d.active and plain(emulator, d))
    storage = open_storage(emulator, device)
    job_id = storage.restore((emulator.archive_files(device.guid)[0][0], "FILE"))
    other = Storage(f"{emulator.url}/storage/{device.backup_usage[1].destination.server_guid}", storage.token,
                    device, storage.session_id)
    assert other.send("GET", f"/api/v1/WebRestoreJob/{job_id}").status_code == 404
