"""``/api/v38/agent-state/view-by-device-guid`` and ``.../view-by-organization-id``."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from pycpg.emulator import Emulator
from tests.emulator.emu_support import (
    PERMISSION_DENIED,
    admin_token,
    call,
    parse_iso,
    restricted_token,
    v38_problem,
)

ITEM_FIELDS = {"deviceGuid", "orgId", "propertyName", "value", "lastUpdatedDate"}


def by_device(emu: Emulator, guid: str | None, prop: str | None = "fullDiskAccess",
              token: str | None = None) -> requests.Response:
    params = {key: value for key, value in (("deviceGuid", guid), ("propertyName", prop)) if value is not None}
    return call(emu, "/api/v38/agent-state/view-by-device-guid", token or admin_token(emu), params=params)


def by_org(emu: Emulator, org_id: int | str | None, prop: str | None = "fullDiskAccess",
           token: str | None = None) -> requests.Response:
    params = {key: value for key, value in (("orgId", org_id), ("propertyName", prop)) if value is not None}
    return call(emu, "/api/v38/agent-state/view-by-organization-id", token or admin_token(emu), params=params)


def items(response: requests.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    assert isinstance(body, list)
    return body


def one(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert isinstance(body, dict)
    return body


def macs(emu: Emulator) -> list[Any]:
    return [device for device in emu.tenant.devices if device.os_name == "mac"]


def test_device_state_is_one_object(emulator: Emulator) -> None:
    device = macs(emulator)[1]
    item = one(by_device(emulator, device.guid))
    assert set(item) == ITEM_FIELDS
    assert (item["deviceGuid"], item["orgId"], item["propertyName"]) == (
        device.guid, device.user.org.org_id, "fullDiskAccess")
    assert item["value"] == device.full_disk_access
    parse_iso(item["lastUpdatedDate"])


def test_full_disk_access_values_are_varied_on_macs(emulator: Emulator) -> None:
    values = {one(by_device(emulator, device.guid))["value"] for device in macs(emulator)}
    assert values == {"true", "false", "unknown"}


def test_devices_other_than_macs_have_no_agent_state(emulator: Emulator) -> None:
    others = [device for device in emulator.tenant.devices if device.os_name != "mac"]
    assert others
    for device in others:
        response = by_device(emulator, device.guid)
        assert response.status_code == 404 and v38_problem(response) == "AGENT_STATE_NOT_FOUND"


def test_full_disk_access_is_deterministic() -> None:
    first, second = Emulator(seed=5).tenant, Emulator(seed=5).tenant
    assert [d.full_disk_access for d in first.devices] == [d.full_disk_access for d in second.devices]


def test_other_properties_are_unknown(emulator: Emulator) -> None:
    device = macs(emulator)[0]
    item = one(by_device(emulator, device.guid, "screenRecording"))
    assert (item["propertyName"], item["value"]) == ("screenRecording", "unknown")


def test_org_state_lists_every_device_directly_in_the_org(emulator: Emulator) -> None:
    for org in emulator.tenant.orgs:
        found = items(by_org(emulator, org.org_id))
        expected = [d for d in emulator.tenant.devices if d.user.org is org]
        assert [item["deviceGuid"] for item in found] == [d.guid for d in expected]
        assert all(item["orgId"] == org.org_id and set(item) == ITEM_FIELDS for item in found)
        assert [item["value"] for item in found] == [d.full_disk_access for d in expected]


def test_org_state_follows_a_user_move(emulator: Emulator) -> None:
    device = macs(emulator)[2]
    target = next(org for org in emulator.tenant.orgs if org is not device.user.org)
    response = call(emulator, f"/api/v3/users/{device.user.user_uid}/move", admin_token(emulator), "POST",
                    json={"orgId": target.org_id})
    assert response.status_code == 204
    assert device.guid in [item["deviceGuid"] for item in items(by_org(emulator, target.org_id))]
    assert one(by_device(emulator, device.guid))["orgId"] == target.org_id


@pytest.mark.parametrize("guid", ["123456789012345678", None])
def test_unknown_device_is_404(emulator: Emulator, guid: str | None) -> None:
    response = by_device(emulator, guid)
    assert response.status_code == 404 and v38_problem(response) == "DEVICE_NOT_FOUND"


@pytest.mark.parametrize("org_id", [1, "abc", None])
def test_unknown_org_is_404(emulator: Emulator, org_id: int | str | None) -> None:
    response = by_org(emulator, org_id)
    assert response.status_code == 404 and v38_problem(response) == "ORG_NOT_FOUND"


def test_property_name_is_required(emulator: Emulator) -> None:
    assert by_device(emulator, emulator.tenant.devices[0].guid, None).status_code == 400
    assert by_org(emulator, emulator.tenant.orgs[0].org_id, None).status_code == 400


def test_restricted_user_reads_only_its_own_devices(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    mine = next(d for d in emulator.tenant.devices if d.user.user_uid == emulator.restricted.user_uid)
    theirs = next(d for d in emulator.tenant.devices if d.user.user_uid != emulator.restricted.user_uid)
    response = by_device(emulator, mine.guid, token=token)
    assert response.status_code == (200 if mine.os_name == "mac" else 404)
    for response in (by_device(emulator, theirs.guid, token=token),
                     by_org(emulator, mine.user.org.org_id, token=token)):
        assert response.status_code == 403 and response.json() == PERMISSION_DENIED


def test_reads_are_journaled(emulator: Emulator) -> None:
    device = macs(emulator)[0]
    emulator.clear_journal()
    by_device(emulator, device.guid)
    [entry] = emulator.journal
    assert (entry.method, entry.path, entry.params, entry.status) == (
        "GET", "/api/v38/agent-state/view-by-device-guid",
        {"deviceGuid": device.guid, "propertyName": "fullDiskAccess"}, 200)
