"""The connected server: a restore session and ``POST /api/v38/restore/push``."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from pycpg.emulator import Emulator
from pycpg.emulator.records import DeviceRecord
from tests.emulator.emu_support import admin_token, call, data, restricted_token
from tests.emulator.restore_support import device_where, home_of, plain, session_body


def connected_url(emu: Emulator, token: str, guid: str) -> str:
    url: str = data(call(emu, "/api/v1/connectedServerUrl", token, params={"guid": guid}))["serverUrl"]
    return url


def push_body(emu: Emulator, token: str, source: DeviceRecord, accepting: DeviceRecord,
              **changes: Any) -> dict[str, Any]:
    """A session on the accepting device's server, then the push body the SDK sends (restore to a folder)."""
    url = connected_url(emu, token, accepting.guid)
    session = requests.post(url + "/api/v1/WebRestoreSession", json=session_body(emu, token, source),
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert session.status_code == 200, session.text
    info = data(call(emu, "/api/v1/WebRestoreInfo", token,
                     params={"srcGuid": source.guid, "destGuid": source.backup_usage[0].destination.guid}))
    documents = home_of(emu, source) + "/Documents"
    body = {"sourceComputerGuid": source.guid, "acceptingComputerGuid": accepting.guid,
            "webRestoreSessionId": data(session)["webRestoreSessionId"], "targetNodeGuid": info["nodeGuid"],
            "restorePath": "/tmp/restored", "numFiles": 3, "numBytes": 300, "showDeleted": None,
            "restoreGroups": [{"backupSetId": "1", "files": [{"fileType": "DIRECTORY", "path": documents,
                                                              "selected": True}]}],
            "permitRestoreToDifferentOsVersion": False, "filePermissions": None, "restoreFullPath": None,
            "fileLocation": None, "existingFiles": "RENAME_ORIGINAL"}
    return {**body, **changes}


def push(emu: Emulator, token: str, accepting: DeviceRecord, body: dict[str, Any]) -> requests.Response:
    return requests.post(connected_url(emu, admin_token(emu), accepting.guid) + "/api/v38/restore/push", json=body,
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)


def pair(emu: Emulator) -> tuple[DeviceRecord, DeviceRecord]:
    source = device_where(emu, lambda d: d.active and plain(emu, d) and d.os_name != "win")
    accepting = device_where(emu, lambda d: d.active and d is not source and d.os_name == "win"
                             and emu.archive_store.profile(d).connected)
    return source, accepting


def test_push_restore_is_recorded(emulator: Emulator) -> None:
    token = admin_token(emulator)
    source, accepting = pair(emulator)
    body = push_body(emulator, token, source, accepting)
    response = push(emulator, token, accepting, body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == {"jobId", "status"} and answer["status"] == "QUEUED"
    [recorded] = emulator.push_restores
    assert (recorded.job_id, recorded.source_guid) == (answer["jobId"], source.guid)
    assert recorded.accepting_guid == accepting.guid
    assert recorded.restore_path == "/tmp/restored" and recorded.node_guid == body["targetNodeGuid"]
    assert [(f.path, f.file_type, f.selected, f.backup_set_id) for f in recorded.files] == [
        (home_of(emulator, source) + "/Documents", "DIRECTORY", True, "1")]
    assert recorded.options == {"showDeleted": None, "permitRestoreToDifferentOsVersion": False,
                                "filePermissions": None, "restoreFullPath": None, "fileLocation": None,
                                "existingFiles": "RENAME_ORIGINAL"}
    assert (recorded.num_files, recorded.num_bytes, recorded.session_id) == (3, 300, body["webRestoreSessionId"])
    query = {"days": 1, "computerId": source.computer_id}
    history = data(call(emulator, "/api/v1/RestoreHistory", token, params=query))
    event = history["restoreEvents"][0]
    documents = [size for path, size in emulator.archive_files(source.guid) if "/Documents/" in path]
    assert (event["type"], event["acceptingComputerGuid"], event["fileCount"], event["byteCount"]) == (
        "PUSH", accepting.guid, len(documents), sum(documents))


def test_original_location_needs_no_path(emulator: Emulator) -> None:
    token = admin_token(emulator)
    source, accepting = pair(emulator)
    body = push_body(emulator, token, source, accepting, restorePath="", fileLocation="ORIGINAL_LOCATION",
                     existingFiles="OVERWRITE_ORIGINAL", permitRestoreToDifferentOsVersion=True)
    assert push(emulator, token, accepting, body).status_code == 200
    assert emulator.push_restores[0].options["fileLocation"] == "ORIGINAL_LOCATION"


def _deactivate(emu: Emulator, device: DeviceRecord) -> None:
    body = {"id": device.computer_id}
    response = call(emu, "/api/v38/computer-deactivation/update", admin_token(emu), "POST", json=body)
    assert response.status_code == 204


@pytest.mark.parametrize("problem", ["deactivated", "empty path", "null path", "unknown file", "wrong node",
                                     "wrong accepting", "bad session", "other source"])
def test_create_failed(emulator: Emulator, problem: str) -> None:
    token = admin_token(emulator)
    source, accepting = pair(emulator)
    all_changes: dict[str, dict[str, Any]] = {
        "empty path": {"restorePath": ""},
        "null path": {"restorePath": None},
        "unknown file": {"restoreGroups": [{"backupSetId": "1", "files": [{"fileType": "FILE", "path": "/nope",
                                                                           "selected": True}]}]},
        "wrong node": {"targetNodeGuid": "42"},
        "wrong accepting": {"acceptingComputerGuid": source.guid},
        "bad session": {"webRestoreSessionId": "x"},
        "other source": {"sourceComputerGuid": accepting.guid},
    }
    changes = all_changes.get(problem, {})
    body = push_body(emulator, token, source, accepting, **changes)
    if problem == "deactivated":
        _deactivate(emulator, accepting)
    response = push(emulator, token, accepting, body)
    assert response.status_code == 400 and '"problem":"CREATE_FAILED"' in response.text
    assert isinstance(response.json()["description"], str) and emulator.push_restores == []


def test_not_connected_server_is_unavailable(emulator: Emulator) -> None:
    token = admin_token(emulator)
    source, accepting = pair(emulator)
    body = push_body(emulator, token, source, accepting)
    url = connected_url(emulator, token, accepting.guid)
    emulator.set_connected(accepting.guid, False)
    response = requests.post(url + "/api/v38/restore/push", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503
    assert requests.post(f"{emulator.url}/connected/42/api/v38/restore/push", json=body,
                         headers={"Authorization": f"Bearer {token}"}).status_code == 404


def test_connected_session_checks_secrets(emulator: Emulator) -> None:
    token = admin_token(emulator)
    locked = device_where(emulator, lambda d: emulator.archive_secret(d.guid)[0] is not None)
    accepting = pair(emulator)[1]
    body = {**session_body(emulator, token, locked), "privatePassword": "wrong"}
    url = connected_url(emulator, token, accepting.guid) + "/api/v1/WebRestoreSession"
    response = requests.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 500 and "PRIVATE_PASSWORD_INVALID" in response.text


def test_restricted_user_pushes_between_own_devices(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    own, second = emulator.tenant.devices[:2]
    assert own.user is second.user and own.active and second.active
    assert push(emulator, token, second, push_body(emulator, token, own, second)).status_code == 200
    other = device_where(emulator, lambda d: d.user is not own.user and emulator.archive_store.profile(d).connected)
    body = push_body(emulator, admin_token(emulator), own, other)
    assert push(emulator, token, other, body).status_code == 403
