"""sdk.devices.get_settings / update_settings and DeviceSettings, against the emulator."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

import pycpg.sdk
from pycpg.clients.settings.device_settings import DeviceSettings
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgBadRequestError, PycpgError, PycpgForbiddenError
from pycpg.models import Device
from pycpg.sdk import SDKClient
from pycpg.services.devices import DeviceSettingsResponse
from tests.journal import only_request
from tests.settings.support import (
    backup_config,
    change,
    device_where,
    has_locked_alerts,
    plain_device,
    stored_settings,
    wire_of,
)

Wire = Callable[[dict[str, Any]], Any]


def _sbc(key: str) -> Wire:
    return lambda device: backup_config(device["settings"])[key]


# property, new value from the old one, where it lands on the wire, the wire value for the new one
DEVICE_PROPERTIES: list[tuple[str, Callable[[Any], Any], Wire, Callable[[Any], Any]]] = [
    ("name", lambda old: f"{old} (renamed)", lambda d: d["name"], lambda new: new),
    ("external_reference", lambda old: "ASSET-0042", lambda d: d["computerExtRef"], lambda new: new),
    ("notes", lambda old: "Reimaged in March", lambda d: d["notes"], lambda new: new),
    ("warning_email_enabled", lambda old: not old, _sbc("warningEmailEnabled"), lambda new: str(new).lower()),
    ("critical_email_enabled", lambda old: not old, _sbc("severeEmailEnabled"), lambda new: str(new).lower()),
    ("backup_status_email_enabled", lambda old: not old, _sbc("backupStatusEmailEnabled"),
     lambda new: str(new).lower()),
    ("warning_alert_days", lambda old: old + 1.5, _sbc("minutesUntilWarning"), lambda new: str(round(new * 1440))),
    ("critical_alert_days", lambda old: old + 2, _sbc("minutesUntilSevere"), lambda new: str(new * 1440)),
    ("backup_status_email_frequency_days", lambda old: 0.5 if old != 0.5 else 2,
     _sbc("backupStatusEmailFreqInMinutes"), lambda new: str(round(new * 1440))),
]


@pytest.mark.parametrize(("prop", "new_value", "wire", "wire_value"), DEVICE_PROPERTIES,
                         ids=[spec[0] for spec in DEVICE_PROPERTIES])
def test_every_device_property_round_trips(
    emulator: Emulator, sdk: SDKClient, prop: str, new_value: Callable[[Any], Any], wire: Wire,
    wire_value: Callable[[Any], Any],
) -> None:
    device = plain_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    old = getattr(settings, prop)
    old_wire = wire(settings.data)
    new = new_value(old)
    setattr(settings, prop, new)
    assert getattr(settings, prop) == new
    assert settings.changes == {prop: change(old_wire, wire_value(new))}  # wire values, as pycpg 1.0
    emulator.clear_journal()
    response = sdk.devices.update_settings(settings)
    assert response.status_code == 200
    assert wire(only_request(emulator).json) == wire_value(new)
    again = sdk.devices.get_settings(device.guid)
    assert getattr(again, prop) == new
    assert again.changes == {}
    assert wire(again.data) == wire_value(new)


def test_read_only_properties(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    assert (settings.computer_id, settings.device_id, settings.guid) == (
        device.computer_id, device.computer_id, device.guid)
    assert (settings.org_id, settings.user_id, settings.version) == (
        device.user.org.org_id, device.user.user_id, device.version)
    assert settings.java_memory_heap_max == stored_settings(emulator, device)["javaMemoryHeapMax"]
    assert settings.available_destinations == {d.guid: d.name for d in emulator.tenant.destinations}
    assert repr(settings) == f"<DeviceSettings: guid: {device.guid}, name: {device.name}>"


def test_get_settings_wire(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == (
        "GET", f"/api/v1/Computer/{device.guid}", [("idType", "guid"), ("incSettings", "True")])
    assert isinstance(settings, DeviceSettings)
    assert settings.data["settings"] == stored_settings(emulator, device)


def test_update_settings_wire_and_config_date(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    old_stamp = settings.data["settings"]["configDateMs"]
    settings.notes = "checked"
    emulator.clear_journal()
    before = int(time.time() * 1000)
    response = sdk.devices.update_settings(settings)
    after = int(time.time() * 1000)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("PUT", f"/api/v1/Computer/{device.computer_id}", [])
    assert entry.json == settings.data
    stamp = entry.json["settings"]["configDateMs"]
    assert isinstance(stamp, str) and stamp != old_stamp and before <= int(stamp) <= after
    assert settings.data["settings"]["configDateMs"] == stamp
    assert stored_settings(emulator, device)["configDateMs"] == stamp
    model = response.model()
    assert isinstance(model, Device) and model.notes == "checked" and model.settings is not None


def test_update_settings_sends_a_plain_dict_as_given(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    body = dict(sdk.devices.get_settings(device.guid))
    stamp = body["settings"]["configDateMs"]
    emulator.clear_journal()
    sdk.devices.update_settings(body)
    assert only_request(emulator).json["settings"]["configDateMs"] == stamp


def test_locked_leaf_cannot_be_changed(emulator: Emulator, sdk: SDKClient) -> None:
    device = device_where(emulator, has_locked_alerts)
    settings = sdk.devices.get_settings(device.guid)
    severe = backup_config(settings.data["settings"])["severeEmailEnabled"]
    assert severe["@locked"] == "true"
    old = settings.critical_email_enabled
    settings.critical_email_enabled = not old
    assert backup_config(settings.data["settings"])["severeEmailEnabled"] == {
        "#text": str(not old).lower(), "@locked": "true"}
    with pytest.raises(PycpgBadRequestError) as caught:
        sdk.devices.update_settings(settings)
    assert "Locked setting: settings.serviceBackupConfig.severeEmailEnabled" in caught.value.response.text
    assert sdk.devices.get_settings(device.guid).critical_email_enabled is old


def test_unlocked_settings_of_a_locked_device_still_change(emulator: Emulator, sdk: SDKClient) -> None:
    device = device_where(emulator, has_locked_alerts)
    settings = sdk.devices.get_settings(device.guid)
    settings.warning_alert_days = 9
    sdk.devices.update_settings(settings)
    assert sdk.devices.get_settings(device.guid).warning_alert_days == 9


def test_restricted_user_cannot_update(emulator: Emulator, sdk: SDKClient) -> None:
    own = next(d for d in emulator.tenant.devices if d.user.username == emulator.restricted.username)
    restricted = pycpg.sdk.from_local_account(emulator.url, emulator.restricted.username,
                                              emulator.restricted.password)
    try:
        settings = restricted.devices.get_settings(own.guid)
        settings.name = "mine now"
        with pytest.raises(PycpgForbiddenError):
            restricted.devices.update_settings(settings)
    finally:
        restricted.close()
    assert sdk.devices.get_by_id(own.computer_id).model().name == own.name


def test_two_devices_report_only_their_own_changes(emulator: Emulator, sdk: SDKClient) -> None:
    first_device = plain_device(emulator)
    first = sdk.devices.get_settings(first_device.guid)
    second_device = next(
        d for d in emulator.tenant.devices
        if d.active and d is not first_device
        and sdk.devices.get_settings(d.guid).warning_alert_days != first.warning_alert_days
    )
    second = sdk.devices.get_settings(second_device.guid)
    first_days = first.warning_alert_days
    first_wire, second_wire = wire_of(first, "warning_alert_days"), wire_of(second, "warning_alert_days")
    first.warning_alert_days = 12
    second.warning_alert_days = 12
    assert first.changes == {"warning_alert_days": change(first_wire, "17280")}
    assert second.changes == {"warning_alert_days": change(second_wire, "17280")}
    third = sdk.devices.get_settings(second_device.guid)
    third.warning_alert_days = first_days  # pycpg 1.0 dropped this change: it matched the first object
    assert third.changes == {"warning_alert_days": change(second_wire, str(round(first_days * 1440)))}
    first.name = "first"
    assert "name" not in second.changes and "name" not in third.changes


def test_model_is_a_typed_detached_copy(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    model = settings.model()
    assert isinstance(model, Device)
    assert (model.computer_id, model.guid, model.name) == (device.computer_id, device.guid, device.name)
    assert model.available_destinations is not None and len(model.available_destinations) == 3
    settings.name = "changed later"
    backup_config(settings.data["settings"])["warningEmailEnabled"] = "changed"
    assert model.name == device.name
    assert model.settings is not None and backup_config(model.settings)["warningEmailEnabled"] != "changed"


def test_settings_without_backup_sets_raise_a_clear_error() -> None:
    with pytest.raises(PycpgError, match="Unable to extract backup sets"):
        DeviceSettings({"computerId": 1, "guid": "1", "name": "x"})
    with pytest.raises(PycpgError, match="Unable to extract backup sets"):
        DeviceSettings({"settings": {"serviceBackupConfig": {"backupConfig": {"backupSets": "nope"}}}})


def test_device_settings_response_name_is_kept() -> None:
    response = DeviceSettingsResponse(error=False, settings_response=None, device_settings_response=None)
    assert response._fields == ("error", "settings_response", "device_settings_response")


def test_identity_fields_are_read_through_the_device_model(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    document = sdk.devices.get_settings(device.guid)
    # The identities come typed from the Device model, whatever JSON type the wire used.
    raw = dict(document.data, computerId=str(device.computer_id), orgId=str(document.data["orgId"]))
    settings = DeviceSettings(raw)
    assert settings.computer_id == device.computer_id and isinstance(settings.computer_id, int)
    assert isinstance(settings.org_id, int) and settings.org_id == document.org_id
    assert settings.guid == device.guid and settings.user_id == document.user_id
    broken = DeviceSettings(dict(document.data, computerId="not-a-number"))
    with pytest.raises(ValueError, match="computerId"):
        broken.computer_id
