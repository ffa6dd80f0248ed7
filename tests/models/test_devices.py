"""Device, BackupUsage and DevicePage on realistic ``/api/v1/Computer`` payloads."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from pycpg.models import BackupActivity, BackupUsage, Device, DevicePage

# Keys of a documented ``/api/v1/Computer`` item and the top-level keys pycpg 1.0 reads.
DEVICE_WIRE_KEYS = {
    "computerId", "name", "osHostname", "guid", "type", "status", "active", "blocked",
    "alertState", "alertStates", "userId", "userUid", "orgId", "orgUid", "computerExtRef",
    "notes", "parentComputerId", "parentComputerGuid", "lastConnected", "osName",
    "osVersion", "osArch", "address", "remoteAddress", "javaVersion", "modelInfo",
    "timeZone", "version", "productVersion", "buildVersion", "creationDate",
    "modificationDate", "loginDate", "service", "backupUsage", "settings",
    "availableDestinations", "orgSettings",
}  # fmt: skip
# Keys of a documented ``backupUsage[]`` item.
BACKUP_USAGE_WIRE_KEYS = {
    "targetComputerParentId", "targetComputerParentGuid", "targetComputerGuid",
    "targetComputerName", "targetComputerOsName", "targetComputerType", "selectedFiles",
    "selectedBytes", "todoFiles", "todoBytes", "archiveBytes", "billableBytes",
    "sendRateAverage", "completionRateAverage", "lastBackup", "lastCompletedBackup",
    "lastConnected", "lastMaintenanceDate", "lastCompactDate", "modificationDate",
    "creationDate", "using", "alertState", "alertStates", "percentComplete", "storePointId",
    "storePointName", "serverId", "serverGuid", "serverName", "serverHostName", "isProvider",
    "archiveGuid", "archiveFormat", "activity",
}  # fmt: skip
ACTIVITY_WIRE_KEYS = {
    "connected", "backingUp", "restoring", "timeRemainingInMs", "remainingFiles", "remainingBytes",
}  # fmt: skip


def _usage(guid: str, offset: str, last_backup: str | None) -> dict[str, Any]:
    return {
        "targetComputerParentId": None,
        "targetComputerParentGuid": None,
        "targetComputerGuid": guid,
        "targetComputerName": f"Destination {guid}",
        "targetComputerOsName": None,
        "targetComputerType": "SERVER",
        "selectedFiles": 1200,
        "selectedBytes": 987654321,
        "todoFiles": 0,
        "todoBytes": 0,
        "archiveBytes": 123456789,
        "billableBytes": 987654321,
        "sendRateAverage": 0,
        "completionRateAverage": 0,
        "lastBackup": last_backup,
        "lastCompletedBackup": last_backup,
        "lastConnected": f"2020-10-12T16:55:40.632{offset}",
        "lastMaintenanceDate": f"2020-10-01T03:10:00.000{offset}",
        "lastCompactDate": f"2020-10-01T03:10:00.000{offset}",
        "modificationDate": f"2020-10-12T16:55:40.632{offset}",
        "creationDate": f"2019-12-02T09:34:28.364{offset}",
        "using": True,
        "alertState": 16,
        "alertStates": ["CriticalBackupAlert"],
        "percentComplete": 100.0,
        "storePointId": 1001,
        "storePointName": "store-point-1",
        "serverId": 2002,
        "serverGuid": "880000000000000001",
        "serverName": "server-1",
        "serverHostName": "https://example.crashplan.com",
        "isProvider": False,
        "archiveGuid": "900000000000000002",
        "archiveFormat": "ARCHIVE_V1",
        "activity": {
            "connected": False,
            "backingUp": False,
            "restoring": False,
            "timeRemainingInMs": 0,
            "remainingFiles": 0,
            "remainingBytes": 0,
        },
    }


def _device(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "computerId": 4321,
        "name": "LAPTOP-01",
        "osHostname": "UNKNOWN",
        "guid": "941234567890123456",
        "type": "COMPUTER",
        "status": "Active",
        "active": True,
        "blocked": False,
        "alertState": 2,
        "alertStates": ["CriticalConnectionAlert"],
        "userId": 77,
        "userUid": "917654321098765432",
        "orgId": 5,
        "orgUid": "915555555555555555",
        "computerExtRef": None,
        "notes": None,
        "parentComputerId": None,
        "parentComputerGuid": None,
        "lastConnected": "2020-10-12T16:55:40.632Z",
        "osName": "win",
        "osVersion": "10.0.18362",
        "osArch": "amd64",
        "address": "192.168.1.20:4242",
        "remoteAddress": "203.0.113.9",
        "javaVersion": "11.0.4",
        "modelInfo": None,
        "timeZone": "America/Chicago",
        "version": 1525200006800,
        "productVersion": "8.2.2",
        "buildVersion": 26,
        "creationDate": "2019-12-02T09:34:28.364-06:00",
        "modificationDate": "2020-10-12T16:55:40.632Z",
        "loginDate": "2020-10-12T16:50:00.000Z",
        "service": "CrashPlan",
        "backupUsage": [
            _usage("42", "-06:00", "2020-10-12T16:55:40.632-06:00"),
            _usage("880000000000000001", "Z", None),
        ],
    }
    payload.update(overrides)
    return payload


# The keys every device carries (the model's required fields), with made-up values.
MINIMAL_DEVICE: dict[str, Any] = {
    "computerId": 1, "name": "d", "guid": "9", "status": "Active", "active": True,
    "userId": 2, "userUid": "8", "orgId": 3,
}  # fmt: skip
MINIMAL_USAGE: dict[str, Any] = {"targetComputerGuid": "42", "archiveBytes": 0, "archiveFormat": "ARCHIVE_V1"}


def test_model_aliases_are_exactly_the_spec_wire_keys() -> None:
    assert {f.alias for f in Device.model_fields.values()} == DEVICE_WIRE_KEYS
    assert {f.alias for f in BackupUsage.model_fields.values()} == BACKUP_USAGE_WIRE_KEYS
    assert {f.alias for f in BackupActivity.model_fields.values()} == ACTIVITY_WIRE_KEYS


def test_device_with_two_backup_usages_and_different_offsets() -> None:
    device = Device.model_validate(_device())

    assert device.computer_id == 4321
    assert device.guid == "941234567890123456"
    assert device.alert_states == ["CriticalConnectionAlert"]
    assert device.creation_date is not None
    assert device.creation_date.utcoffset() == timedelta(hours=-6)
    assert device.computer_ext_ref is None and device.model_info is None
    assert device.backup_usage is not None and len(device.backup_usage) == 2
    first, second = device.backup_usage
    assert first.target_computer_guid == "42"
    assert first.last_backup is not None and first.last_backup.utcoffset() == timedelta(hours=-6)
    assert second.last_backup is None and second.last_completed_backup is None
    assert second.last_connected is not None
    assert second.last_connected.utcoffset() == timedelta(0)
    assert isinstance(first.percent_complete, float) and first.percent_complete == 100.0
    assert first.activity == BackupActivity(
        connected=False,
        backing_up=False,
        restoring=False,
        time_remaining_in_ms=0,
        remaining_files=0,
        remaining_bytes=0,
    )


def test_device_dump_by_alias_reproduces_the_payload_keys() -> None:
    payload = _device()

    dumped = Device.model_validate(payload).model_dump(by_alias=True, exclude_unset=True)

    assert dumped.keys() == payload.keys()
    assert dumped["backupUsage"][0].keys() == payload["backupUsage"][0].keys()
    assert dumped["backupUsage"][0]["activity"].keys() == ACTIVITY_WIRE_KEYS


def test_empty_backup_usage_stays_an_empty_list() -> None:
    assert Device.model_validate(_device(backupUsage=[])).backup_usage == []


def test_optional_fields_missing_from_the_payload_are_none() -> None:
    device = Device.model_validate(MINIMAL_DEVICE)

    assert device.backup_usage is None
    assert device.settings is None
    assert device.os_name is None
    assert device.model_fields_set == {
        "computer_id", "name", "guid", "status", "active", "user_id", "user_uid", "org_id"
    }


@pytest.mark.parametrize("key", sorted(MINIMAL_DEVICE))
def test_a_device_without_a_required_key_is_rejected(key: str) -> None:
    payload = {k: v for k, v in MINIMAL_DEVICE.items() if k != key}

    with pytest.raises(ValidationError) as caught:
        Device.model_validate(payload)

    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [((key,), "missing")]


def test_required_keys_may_not_be_null() -> None:
    with pytest.raises(ValidationError) as caught:
        Device.model_validate({**MINIMAL_DEVICE, "guid": None, "computerId": None})

    assert {e["loc"] for e in caught.value.errors()} == {("guid",), ("computerId",)}


def test_integer_guid_becomes_a_string() -> None:
    device = Device.model_validate({**MINIMAL_DEVICE, "guid": 941234567890123456})

    assert device.guid == "941234567890123456"


def test_string_computer_id_becomes_an_int_unless_strict() -> None:
    assert Device.model_validate({**MINIMAL_DEVICE, "computerId": "123"}).computer_id == 123
    with pytest.raises(ValidationError) as caught:
        Device.model_validate({**MINIMAL_DEVICE, "computerId": "123"}, strict=True)
    assert caught.value.errors()[0]["loc"] == ("computerId",)


def test_integer_ids_in_backup_usage_become_strings() -> None:
    usage = BackupUsage.model_validate(
        {**MINIMAL_USAGE, "targetComputerGuid": 42, "serverGuid": 7, "archiveGuid": 9}
    )

    assert (usage.target_computer_guid, usage.server_guid, usage.archive_guid) == ("42", "7", "9")


def test_unknown_enum_values_and_unknown_keys_are_kept() -> None:
    device = Device.model_validate(
        _device(status="Active, Something New", futureField={"nested": [1, 2]})
    )

    assert device.status == "Active, Something New"
    assert device.model_extra == {"futureField": {"nested": [1, 2]}}
    assert device.model_dump(by_alias=True)["futureField"] == {"nested": [1, 2]}


def test_settings_trees_are_kept_as_plain_json() -> None:
    settings = {
        "configDateMs": "1577858400000",
        "javaMemoryHeapMax": {"@nil": "true"},
        "serviceBackupConfig": {"backupConfig": {"backupSets": []}},
    }
    destinations = [
        {"destinationId": 3, "destinationName": "Cloud", "guid": "632540230984925185", "type": "CLUSTER"}
    ]

    device = Device.model_validate(
        _device(settings=settings, availableDestinations=destinations, orgSettings={"securityKeyLocked": True})
    )

    assert device.settings == settings
    assert device.available_destinations == destinations
    assert device.org_settings == {"securityKeyLocked": True}
    assert device.model_dump(by_alias=True)["settings"]["javaMemoryHeapMax"] == {"@nil": "true"}


def test_populate_by_field_name_and_by_alias() -> None:
    by_name = Device(
        computer_id=1, name="d", guid="9", status="Active", active=True, user_id=2, user_uid="8", org_id=3,
        os_hostname="host",
    )
    by_alias = Device.model_validate({**MINIMAL_DEVICE, "osHostname": "host"})

    assert by_name.computer_id == by_alias.computer_id == 1
    assert by_name == by_alias
    assert by_name.model_dump(by_alias=True, exclude_unset=True) == {**MINIMAL_DEVICE, "osHostname": "host"}


def test_strict_validation_is_opt_in() -> None:
    body = json.dumps({**MINIMAL_DEVICE, "guid": 941234567890123456})

    assert Device.model_validate_json(body).guid == "941234567890123456"
    with pytest.raises(ValidationError):
        Device.model_validate_json(body, strict=True)
    strict_ok = Device.model_validate_json(
        json.dumps({**MINIMAL_DEVICE, "creationDate": "2020-10-12T16:55:40.632Z"}), strict=True
    )
    assert strict_ok.creation_date is not None


def test_wrongly_typed_field_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        Device.model_validate({**MINIMAL_DEVICE, "computerId": "not a number"})

    assert caught.value.errors()[0]["loc"] == ("computerId",)


def test_device_page() -> None:
    page = DevicePage.model_validate(
        {"totalCount": 2, "computers": [_device(), _device(computerId=4322, backupUsage=[])]}
    )

    assert page.total_count == 2
    assert [d.computer_id for d in page.computers] == [4321, 4322]
    assert isinstance(page.computers[0], Device)


def test_device_page_requires_its_computers() -> None:
    page = DevicePage.model_validate({"computers": []})
    assert page.computers == [] and page.total_count is None
    assert page.model_dump(by_alias=True, exclude_unset=True) == {"computers": []}

    with pytest.raises(ValidationError) as caught:
        DevicePage.model_validate({"totalCount": 0})
    assert [e["loc"] for e in caught.value.errors()] == [("computers",)]


def test_device_page_error_names_the_item() -> None:
    broken = {k: v for k, v in _device().items() if k != "guid"}

    with pytest.raises(ValidationError) as caught:
        DevicePage.model_validate({"computers": [_device(), _device(), _device(), broken]})

    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [(("computers", 3, "guid"), "missing")]


def test_integer_percent_complete_becomes_a_float() -> None:
    usage = BackupUsage.model_validate({**MINIMAL_USAGE, "percentComplete": 100})

    assert type(usage.percent_complete) is float
    assert usage.percent_complete == 100.0
