"""``/api/v1/Computer`` endpoints: filters, backup usage, lookups, permissions."""

from __future__ import annotations

from typing import Any

import pytest

from pycpg.emulator import Emulator
from tests.emulator.emu_support import admin_token, call, data, restricted_token


def devices_page(emu: Emulator, token: str | None = None, **params: Any) -> dict[str, Any]:
    params.setdefault("incCounts", "true")
    response = call(emu, "/api/v1/Computer", token or admin_token(emu), params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = data(response)
    return page


def guids(page: dict[str, Any]) -> list[str]:
    return [device["guid"] for device in page["computers"]]


def test_total_count_only_with_inc_counts(emulator: Emulator) -> None:
    assert devices_page(emulator)["totalCount"] == 40
    without = data(call(emulator, "/api/v1/Computer", admin_token(emulator)))
    assert set(without) == {"computers"}
    assert "totalCount" not in devices_page(emulator, incCounts="False")


def test_default_page_holds_every_device_in_id_order(emulator: Emulator) -> None:
    ids = [device["computerId"] for device in devices_page(emulator)["computers"]]
    assert len(ids) == 40 and ids == sorted(ids)


def test_backup_usage_only_with_inc_backup_usage(emulator: Emulator) -> None:
    assert all("backupUsage" not in device for device in devices_page(emulator)["computers"])
    assert all("backupUsage" not in d for d in devices_page(emulator, incBackupUsage="false")["computers"])
    with_usage = devices_page(emulator, incBackupUsage="True")["computers"]
    assert all(isinstance(device["backupUsage"], list) and device["backupUsage"] for device in with_usage)


@pytest.mark.parametrize(("param", "attribute"), [("active", "active"), ("blocked", "blocked")])
@pytest.mark.parametrize("value", ["true", "False"])
def test_boolean_filters(emulator: Emulator, param: str, attribute: str, value: str) -> None:
    wanted = value.lower() == "true"
    page = devices_page(emulator, **{param: value})
    expected = [d.guid for d in emulator.tenant.devices if getattr(d, attribute) == wanted]
    assert guids(page) == expected and page["totalCount"] == len(expected) and expected


def test_org_filter(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[2]
    page = devices_page(emulator, orgUid=org.org_uid)
    expected = [d.guid for d in emulator.tenant.devices if d.user.org is org]
    assert guids(page) == expected and expected
    assert {device["orgUid"] for device in page["computers"]} == {org.org_uid}


def test_unknown_org_is_a_400_that_pycpg_recognises(emulator: Emulator) -> None:
    response = call(emulator, "/api/v1/Computer", admin_token(emulator), params={"orgUid": "42"})
    assert response.status_code == 400
    assert response.json() == [{"name": "SYSTEM", "description": "Unable to find org"}]


def test_user_filter(emulator: Emulator) -> None:
    owner = emulator.tenant.devices[10].user
    page = devices_page(emulator, userUid=owner.user_uid)
    assert guids(page) == [d.guid for d in emulator.tenant.devices_of(owner)]
    assert devices_page(emulator, userUid="000")["computers"] == []


def test_destination_filter_matches_backup_usage_targets(emulator: Emulator) -> None:
    for destination in emulator.tenant.destinations:
        page = devices_page(emulator, targetComputerGuid=destination.guid, incBackupUsage="true")
        expected = [d.guid for d in emulator.tenant.devices
                    if destination.guid in [u.destination.guid for u in d.backup_usage]]
        assert guids(page) == expected and expected
        assert all(destination.guid in [u["targetComputerGuid"] for u in device["backupUsage"]]
                   for device in page["computers"])


def test_q_searches_name_hostname_and_guid(emulator: Emulator) -> None:
    target = emulator.tenant.devices[3]
    assert target.guid in guids(devices_page(emulator, q=target.guid[4:12]))
    assert target.guid in guids(devices_page(emulator, q=target.name.upper()))
    page = devices_page(emulator, q="workstation")
    expected = [d.guid for d in emulator.tenant.devices
                if any("workstation" in text.lower() for text in d.searchable())]
    assert guids(page) == expected


def test_filters_combine(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[0]
    page = devices_page(emulator, orgUid=org.org_uid, active="true", blocked="false")
    expected = [d.guid for d in emulator.tenant.devices if d.user.org is org and d.active and not d.blocked]
    assert guids(page) == expected


# -- single device ---------------------------------------------------------------------


def test_get_by_id_and_by_guid(emulator: Emulator) -> None:
    device = emulator.tenant.devices[4]
    token = admin_token(emulator)
    by_id = call(emulator, f"/api/v1/Computer/{device.computer_id}", token)
    by_guid = call(emulator, f"/api/v1/Computer/{device.guid}", token,
                   params={"idType": "guid", "incBackupUsage": "True"})
    assert data(by_id) == device.to_wire()
    assert data(by_guid) == device.to_wire(inc_backup_usage=True)
    assert by_guid.json()["metadata"]["params"] == {"idType": "guid", "incBackupUsage": "True"}


@pytest.mark.parametrize(("key", "params"), [("1", {}), ("nope", {}), ("111111111111111111", {"idType": "guid"})])
def test_unknown_device_is_404(emulator: Emulator, key: str, params: dict[str, str]) -> None:
    response = call(emulator, f"/api/v1/Computer/{key}", admin_token(emulator), params=params)
    assert response.status_code == 404
    assert response.json()[0]["name"] == "SYSTEM"


def test_unsupported_id_type_is_a_bad_request(emulator: Emulator) -> None:
    device = emulator.tenant.devices[0]
    response = call(emulator, f"/api/v1/Computer/{device.guid}", admin_token(emulator), params={"idType": "uid"})
    assert response.status_code == 400


# -- restricted role ---------------------------------------------------------------------


def test_restricted_user_lists_only_own_devices(emulator: Emulator) -> None:
    page = devices_page(emulator, restricted_token(emulator))
    own = [d.guid for d in emulator.tenant.devices if d.user.user_uid == emulator.restricted.user_uid]
    assert guids(page) == own and len(own) >= 2
    assert page["totalCount"] == len(own)


def test_restricted_user_cannot_widen_the_list_with_filters(emulator: Emulator) -> None:
    other = emulator.tenant.user_by_uid(emulator.admin.user_uid)
    assert other is not None
    page = devices_page(emulator, restricted_token(emulator), userUid=other.user_uid)
    assert page["computers"] == []


def test_restricted_user_reads_own_device_but_not_others(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    mine = next(d for d in emulator.tenant.devices if d.user.user_uid == emulator.restricted.user_uid)
    theirs = next(d for d in emulator.tenant.devices if d.user.user_uid != emulator.restricted.user_uid)
    assert call(emulator, f"/api/v1/Computer/{mine.computer_id}", token).status_code == 200
    response = call(emulator, f"/api/v1/Computer/{theirs.guid}", token, params={"idType": "guid"})
    assert response.status_code == 403
    assert response.json() == [{"name": "SYSTEM", "description": "Permission denied"}]
