"""Caller-visible behaviour kept from pycpg 1.0: role removal errors, restore secrets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgError, PycpgRoleNotAssignedError


@pytest.fixture
def sdk(emulator: Emulator) -> Iterator[pycpg.sdk.SDKClient]:
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, poll_interval=0.01)
    emulator.clear_journal()
    yield client
    client.close()


def test_removing_a_role_the_user_lacks_is_a_value_error(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    user = next(u for u in emulator.tenant.users if u.active)
    held = {str(r.role_id) for r in sdk.users.get_roles(user.user_id).model()}
    missing = next(r for r in sdk.users.get_available_roles().model() if str(r.role_id) not in held)
    emulator.clear_journal()
    with pytest.raises(ValueError) as caught:  # what pycpg 1.0 raised (list.remove)
        sdk.users.remove_role(user.user_id, str(missing.role_name))
    error: BaseException = caught.value
    assert isinstance(error, PycpgRoleNotAssignedError)
    assert isinstance(error, PycpgError)
    assert error.role_name == str(missing.role_name)
    assert all(e.method == "GET" for e in emulator.journal)  # nothing changed


def test_a_custom_key_restore_sends_only_the_key(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    device = next(
        d for d in emulator.tenant.devices if d.backup_usage and emulator.archive_secret(d.guid)[1]
    )
    _, key = emulator.archive_secret(device.guid)
    path = next(p for p, size in emulator.archive_files(device.guid) if size > 0)
    emulator.clear_journal()
    sdk.archive.stream_from_backup(path, device.guid, archive_password="also-given", encryption_key=key)
    sessions: list[Any] = [e.json for e in emulator.journal if e.path.endswith("/api/v1/WebRestoreSession")]
    assert sessions
    for body in sessions:
        assert body["encryptionKey"] == key
        assert body["privatePassword"] is None  # pycpg 1.0 sends the key alone
        assert body["dataKeyToken"] is None


def test_settings_changes_show_wire_values_as_pycpg_1_0() -> None:
    from pycpg.clients.settings.device_settings import DeviceSettings

    document = {
        "computerId": 1, "guid": "g", "name": "n", "orgId": 2, "userId": 3, "version": 1,
        "computerExtRef": None, "notes": None, "availableDestinations": [],
        "settings": {"configDateMs": "1", "serviceBackupConfig": {
            "warningEmailEnabled": "false", "severeEmailEnabled": "true", "minutesUntilWarning": 10080,
            "minutesUntilSevere": "20160", "backupStatusEmailEnabled": "false",
            "backupStatusEmailFreqInMinutes": "10080", "backupConfig": {"backupSets": []},
        }},
    }
    settings = DeviceSettings(document)
    settings.warning_email_enabled = True
    settings.warning_alert_days = 3
    settings.critical_alert_days = 10
    # What pycpg 1.0 shows for the same document and writes (not "False -> True", "7 -> 3").
    assert settings.changes == {
        "warning_email_enabled": '"false" -> "true"',
        "warning_alert_days": '10080 -> "4320"',
        "critical_alert_days": '"20160" -> "14400"',
    }
