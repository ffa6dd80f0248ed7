"""Emulator: device settings documents (``incSettings``) and ``PUT /api/v1/Computer/{id}`` (plain HTTP)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.emulator.records import DeviceRecord
from tests.emulator.emu_support import PINNED_NOW, PERMISSION_DENIED, admin_token, call, data, restricted_token


def _get(emu: Emulator, device: DeviceRecord, token: str, **params: Any) -> dict[str, Any]:
    response = call(emu, f"/api/v1/Computer/{device.guid}", token, params={"idType": "guid", **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = data(response)
    return body


def _put(emu: Emulator, device: DeviceRecord, token: str, body: Any) -> Any:
    return call(emu, f"/api/v1/Computer/{device.computer_id}", token, method="PUT", json=body)


def _sets(settings: dict[str, Any]) -> Any:
    return settings["serviceBackupConfig"]["backupConfig"]["backupSets"]


def _leaves(node: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        if "#text" in node or "@nil" in node:
            return [(path, node)]
        return [leaf for key, child in node.items() for leaf in _leaves(child, f"{path}.{key}")]
    if isinstance(node, list):
        return [leaf for index, child in enumerate(node) for leaf in _leaves(child, f"{path}[{index}]")]
    return [(path, node)]


def _plain(emu: Emulator, token: str) -> tuple[DeviceRecord, dict[str, Any]]:
    for device in emu.tenant.devices[5:]:
        body = _get(emu, device, token, incSettings="true")
        sets = _sets(body["settings"])
        severe = body["settings"]["serviceBackupConfig"]["severeEmailEnabled"]
        if isinstance(sets, list) and len(sets) == 1 and isinstance(severe, str):
            return device, body
    raise AssertionError("no plain device")


def test_settings_only_with_inc_settings(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]
    assert not {"settings", "availableDestinations", "orgSettings"} & set(_get(emulator, device, token))
    body = _get(emulator, device, token, incSettings="True")
    assert {"settings", "availableDestinations", "orgSettings"} <= set(body)
    assert body["computerId"] == device.computer_id
    assert body["availableDestinations"] == [
        {"destinationId": 2 + index, "guid": d.guid, "destinationName": d.name, "type": "CLUSTER"}
        for index, d in enumerate(emulator.tenant.destinations)
    ]
    assert set(body["orgSettings"]) == {"securityKeyLocked", "securityKeyType"}


def test_every_leaf_is_a_string_a_lock_or_nil(emulator: Emulator) -> None:
    token = admin_token(emulator)
    shapes = set()
    for device in emulator.tenant.devices[:8]:
        for path, leaf in _leaves(_get(emulator, device, token, incSettings="true")["settings"]):
            if isinstance(leaf, dict):
                assert leaf in ({"@nil": "true"},) or (set(leaf) == {"#text", "@locked"} and
                                                       isinstance(leaf["#text"], str)), (path, leaf)
                shapes.add("nil" if "@nil" in leaf else "locked")
            else:
                assert isinstance(leaf, str), (path, leaf)
    assert shapes == {"nil", "locked"}


def test_document_keys_are_those_pycpg_settings_read(emulator: Emulator) -> None:
    settings = _get(emulator, emulator.tenant.devices[0], admin_token(emulator), incSettings="true")["settings"]
    assert {"@id", "configDateMs", "javaMemoryHeapMax", "serviceBackupConfig", "servicePeerConfig",
            "serviceUIConfig", "socialNetworkConfig", "migrationConfig", "userHome"} <= set(settings)
    backup = settings["serviceBackupConfig"]
    assert {"backupConfig", "warningEmailEnabled", "severeEmailEnabled", "minutesUntilWarning",
            "minutesUntilSevere", "backupStatusEmailEnabled", "backupStatusEmailFreqInMinutes"} <= set(backup)
    assert backup["lanNetworks"] == [{"linux": [], "macintosh": [], "windows": []}]
    assert settings["configDateMs"].isdigit()


def test_pinned_profiles(emulator: Emulator) -> None:
    token = admin_token(emulator)
    devices = emulator.tenant.devices
    locked_sets = _sets(_get(emulator, devices[2], token, incSettings="true")["settings"])
    assert locked_sets["@locked"] == "true" and locked_sets["backupSet"]["@locked"] == "true"
    assert set(locked_sets["backupSet"]["backupPaths"]["pathset"]) == {"@locked", "paths"}
    severe = _get(emulator, devices[3], token, incSettings="true")["settings"]["serviceBackupConfig"]
    assert severe["severeEmailEnabled"]["@locked"] == "true" and severe["minutesUntilSevere"]["@locked"] == "true"
    assert len(_sets(_get(emulator, devices[4], token, incSettings="true")["settings"])) == 2


def test_set_destinations_are_the_devices_backup_destinations(emulator: Emulator) -> None:
    token = admin_token(emulator)
    for device in emulator.tenant.devices[5:10]:
        sets = _sets(_get(emulator, device, token, incSettings="true")["settings"])
        first = sets[0] if isinstance(sets, list) else sets["backupSet"]
        assert [d["@id"] for d in first["destinations"]] == [u.destination.guid for u in device.backup_usage]


def test_documents_are_deterministic_and_order_independent() -> None:
    first, second, other = Emulator(seed=5, now=PINNED_NOW), Emulator(seed=5, now=PINNED_NOW), Emulator(seed=6, now=PINNED_NOW)
    devices = first.tenant.devices
    forward = [first.tenant.settings_docs.device_extras(first.tenant, d) for d in devices[:6]]
    backward = [second.tenant.settings_docs.device_extras(second.tenant, d)
                for d in reversed(second.tenant.devices[:6])]
    assert forward == list(reversed(backward))
    assert other.tenant.settings_docs.device_extras(other.tenant, other.tenant.devices[0]) != forward[0]


def test_put_stores_name_notes_reference_and_settings(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device, body = _plain(emulator, token)
    changed = copy.deepcopy(body)
    changed.update(name="Renamed", notes=None, computerExtRef="ASSET-1")
    changed["settings"]["serviceBackupConfig"]["minutesUntilWarning"] = "2880"
    before = device.modification_date
    response = _put(emulator, device, token, changed)
    assert response.status_code == 200, response.text
    answered = data(response)
    assert (answered["name"], answered["notes"], answered["computerExtRef"]) == ("Renamed", None, "ASSET-1")
    assert answered["settings"]["serviceBackupConfig"]["minutesUntilWarning"] == "2880"
    again = _get(emulator, device, token, incSettings="true")
    assert again["settings"] == answered["settings"]
    assert device.modification_date > before


def test_put_without_settings_keeps_them(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device, body = _plain(emulator, token)
    assert _put(emulator, device, token, {"name": "Only the name"}).status_code == 200
    again = _get(emulator, device, token, incSettings="true")
    assert again["name"] == "Only the name" and again["settings"] == body["settings"]


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda b: b["settings"]["serviceBackupConfig"].update(minutesUntilWarning=2880),
     "Invalid setting settings.serviceBackupConfig.minutesUntilWarning: 2880"),
    (lambda b: b["settings"]["serviceBackupConfig"].update(warningEmailEnabled=True),
     "settings.serviceBackupConfig.warningEmailEnabled"),
    (lambda b: b["settings"]["serviceUIConfig"].update(locale=None), "settings.serviceUIConfig.locale"),
    (lambda b: b.update(settings=["not", "an", "object"]), "Invalid value for settings"),
    (lambda b: b.update(name="  "), "Invalid value for name"),
    (lambda b: b.update(notes=5), "Invalid value for notes"),
])
def test_put_rejects_malformed_documents(emulator: Emulator, mutate: Any, message: str) -> None:
    token = admin_token(emulator)
    device, body = _plain(emulator, token)
    changed = copy.deepcopy(body)
    changed["name"] = "should not stick"
    mutate(changed)
    response = _put(emulator, device, token, changed)
    assert response.status_code == 400
    assert response.json()[0]["name"] == "SYSTEM" and message in response.json()[0]["description"]
    again = _get(emulator, device, token, incSettings="true")
    assert again["settings"] == body["settings"] and again["name"] == body["name"]


def test_put_rejects_non_objects_and_unknown_devices(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]
    assert _put(emulator, device, token, [1, 2]).status_code == 400
    assert call(emulator, "/api/v1/Computer/1", token, method="PUT", json={}).status_code == 404
    assert call(emulator, "/api/v1/Computer/abc", token, method="PUT", json={}).status_code == 404


def test_locked_leaf_values_cannot_change(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[3]
    body = _get(emulator, device, token, incSettings="true")
    for new in ({"#text": "1", "@locked": "true"}, "1", {"#text": body["settings"]["serviceBackupConfig"][
            "minutesUntilSevere"]["#text"]}):
        changed = copy.deepcopy(body)
        changed["settings"]["serviceBackupConfig"]["minutesUntilSevere"] = new
        response = _put(emulator, device, token, changed)
        assert response.status_code == 400
        assert response.json() == [{"name": "SYSTEM",
                                    "description": "Locked setting: settings.serviceBackupConfig.minutesUntilSevere"}]
    assert _put(emulator, device, token, body).status_code == 200


def test_locked_backup_sets_cannot_change(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[2]
    body = _get(emulator, device, token, incSettings="true")
    changed = copy.deepcopy(body)
    _sets(changed["settings"])["backupSet"]["name"] = "Mine"
    response = _put(emulator, device, token, changed)
    assert response.status_code == 400
    assert response.json()[0]["description"] == (
        "Locked setting: settings.serviceBackupConfig.backupConfig.backupSets")
    dropped = copy.deepcopy(body)
    del dropped["settings"]["serviceBackupConfig"]["backupConfig"]
    assert _put(emulator, device, token, dropped).status_code == 400


def test_destination_lock_markers_may_be_toggled(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device, body = _plain(emulator, token)
    changed = copy.deepcopy(body)
    _sets(changed["settings"])[0]["destinations"][0]["@locked"] = "true"
    assert _put(emulator, device, token, changed).status_code == 200
    unlocked = _get(emulator, device, token, incSettings="true")
    del _sets(unlocked["settings"])[0]["destinations"][0]["@locked"]
    assert _put(emulator, device, token, unlocked).status_code == 200
    assert "@locked" not in _sets(_get(emulator, device, token, incSettings="true")["settings"])[0][
        "destinations"][0]


def test_legal_hold_set_shows_while_held_and_is_never_stored(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device, body = _plain(emulator, token)
    emulator.place_on_legal_hold(device.user.user_uid)
    held = _get(emulator, device, token, incSettings="true")
    sets = _sets(held["settings"])
    assert len(sets) == 2 and sets[1]["name"] == "Legal Hold"
    assert sets[1]["destinations"] == {
        "@locked": "true", "destination": [{"@id": u.destination.guid} for u in device.backup_usage]}
    assert _put(emulator, device, token, held).status_code == 200
    without = copy.deepcopy(held)
    _sets(without["settings"]).pop()
    assert _put(emulator, device, token, without).status_code == 200
    assert len(_sets(_get(emulator, device, token, incSettings="true")["settings"])) == 2
    emulator.release_from_legal_hold(device.user.user_uid)
    assert _get(emulator, device, token, incSettings="true")["settings"] == body["settings"]


def test_legal_hold_set_joins_a_locked_set_list(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[2]
    emulator.place_on_legal_hold(device.user.user_uid)
    body = _get(emulator, device, token, incSettings="true")
    inner = _sets(body["settings"])["backupSet"]
    assert isinstance(inner, list) and len(inner) == 2 and inner[1]["destinations"]["@locked"] == "true"
    assert _put(emulator, device, token, body).status_code == 200


def test_restricted_user_reads_own_device_but_cannot_put(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    own = next(d for d in emulator.tenant.devices if d.user.username == emulator.restricted.username)
    body = _get(emulator, own, token, incSettings="true")
    response = _put(emulator, own, token, body)
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
