"""``GET /api/v1/ColdStorage`` and ``PUT /api/v1/coldStorage/{archiveGuid}``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.emulator.records import OrgRecord
from tests.emulator.emu_support import admin_token, call, data, restricted_token

SORT_KEYS = ("archiveHoldExpireDate", "orgName", "mountPointName", "archiveBytes", "archiveType")


def rows(emu: Emulator, org: OrgRecord, **params: Any) -> dict[str, Any]:
    query = {"orgId": org.org_id, "incChildOrgs": "True", "srtKey": "archiveHoldExpireDate", "srtDir": "asc",
             "pgSize": 500, "pgNum": 1, **params}
    response = call(emu, "/api/v1/ColdStorage", admin_token(emu), params=query)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = data(response)
    return page


def cold_archives(emu: Emulator, org_ids: set[int]) -> set[str]:
    return {u.archive_guid for d in emu.tenant.devices if not d.active and d.user.org.org_id in org_ids
            for u in d.backup_usage}


def descendants(emu: Emulator, org: OrgRecord) -> set[int]:
    found = {org.org_id}
    for child in emu.tenant.children_of(org):
        found |= descendants(emu, child)
    return found


def test_rows_are_archives_of_deactivated_devices(emulator: Emulator) -> None:
    root = emulator.tenant.root_org
    page = rows(emulator, root)
    expected = cold_archives(emulator, descendants(emulator, root))
    assert {row["archiveGuid"] for row in page["coldStorageRows"]} == expected
    assert page["totalCount"] == len(page["coldStorageRows"]) > 2
    dates = [row["archiveHoldExpireDate"] for row in page["coldStorageRows"]]
    assert None in dates and any(dates)
    row = page["coldStorageRows"][0]
    device = emulator.tenant.device_by_id(row["sourceComputerId"])
    assert device is not None and not device.active
    assert (row["sourceComputerName"], row["sourceUserEmail"], row["orgName"]) == (
        device.name, device.user.email, device.user.org.org_name)


def test_child_orgs_only_when_asked(emulator: Emulator) -> None:
    root = emulator.tenant.root_org
    only_root = rows(emulator, root, incChildOrgs="False")["coldStorageRows"]
    assert {row["archiveGuid"] for row in only_root} == cold_archives(emulator, {root.org_id})
    assert len(only_root) < rows(emulator, root)["totalCount"]


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorting(emulator: Emulator, key: str, direction: str) -> None:
    found = rows(emulator, emulator.tenant.root_org, srtKey=key, srtDir=direction)["coldStorageRows"]

    def value(row: dict[str, Any]) -> tuple[bool, Any]:
        raw = row[key]
        if key == "archiveHoldExpireDate":
            return (raw is None, datetime.fromisoformat(raw).timestamp() if raw else 0.0)
        return (False, raw.casefold() if isinstance(raw, str) else raw)

    assert [value(row) for row in found] == sorted((value(row) for row in found), reverse=direction == "desc")
    nulls = [row["archiveHoldExpireDate"] is None for row in found]
    if key == "archiveHoldExpireDate":
        assert nulls == sorted(nulls, reverse=direction == "desc")  # null dates after every date (ascending)


def test_paging(emulator: Emulator) -> None:
    root = emulator.tenant.root_org
    everything = rows(emulator, root, srtKey="archiveBytes", srtDir="DESC")["coldStorageRows"]
    pages = [rows(emulator, root, srtKey="archiveBytes", srtDir="desc", pgSize=2, pgNum=n)
             for n in range(1, len(everything) // 2 + 3)]
    assert [row for page in pages for row in page["coldStorageRows"]] == everything
    assert pages[-1]["coldStorageRows"] == [] and {p["totalCount"] for p in pages} == {len(everything)}


@pytest.mark.parametrize(("params", "status"), [({"orgId": None}, 400), ({"orgId": "1"}, 400), ({"orgId": "x"}, 400),
                                                ({"srtKey": "name"}, 400), ({"srtDir": "up"}, 400)])
def test_list_errors(emulator: Emulator, params: dict[str, Any], status: int) -> None:
    query = {"orgId": emulator.tenant.root_org.org_id, **params}
    assert call(emulator, "/api/v1/ColdStorage", admin_token(emulator), params=query).status_code == status
    assert call(emulator, "/api/v1/ColdStorage", restricted_token(emulator), params=query).status_code == 403


def test_update_purge_date(emulator: Emulator) -> None:
    root = emulator.tenant.root_org
    target = rows(emulator, root)["coldStorageRows"][-1]
    assert target["archiveHoldExpireDate"] is None
    response = call(emulator, f"/api/v1/coldStorage/{target['archiveGuid']}", admin_token(emulator), "PUT",
                    params={"idType": "guid"}, json={"archiveHoldExpireDate": "2027-03-04"})
    assert response.status_code == 200, response.text
    assert data(response) == {**target, "archiveHoldExpireDate": "2027-03-04T00:00:00.000+00:00"}
    listed = {row["archiveGuid"]: row for row in rows(emulator, root)["coldStorageRows"]}
    assert listed[target["archiveGuid"]]["archiveHoldExpireDate"] == "2027-03-04T00:00:00.000+00:00"


@pytest.mark.parametrize("value", ["2027-13-01", "04/03/2027", "2027-3-4", "", None, 20270304, "2027-03-04T00:00:00"])
def test_bad_purge_dates(emulator: Emulator, value: Any) -> None:
    guid = rows(emulator, emulator.tenant.root_org)["coldStorageRows"][0]["archiveGuid"]
    response = call(emulator, f"/api/v1/coldStorage/{guid}", admin_token(emulator), "PUT", params={"idType": "guid"},
                    json={"archiveHoldExpireDate": value})
    assert response.status_code == 400


def test_update_errors(emulator: Emulator) -> None:
    token = admin_token(emulator)
    active = next(d for d in emulator.tenant.devices if d.active).backup_usage[0].archive_guid
    body = {"archiveHoldExpireDate": "2027-01-01"}
    assert call(emulator, f"/api/v1/coldStorage/{active}", token, "PUT", json=body).status_code == 400
    assert call(emulator, "/api/v1/coldStorage/42", token, "PUT", json=body).status_code == 404
    cold = rows(emulator, emulator.tenant.root_org)["coldStorageRows"][0]["archiveGuid"]
    path = f"/api/v1/coldStorage/{cold}"
    assert call(emulator, path, token, "PUT", params={"idType": "id"}, json=body).status_code == 400
    assert call(emulator, path, restricted_token(emulator), "PUT", json=body).status_code == 403


def test_device_deactivated_later_enters_cold_storage(emulator: Emulator) -> None:
    device = next(d for d in emulator.tenant.devices if d.active and d.user.org is emulator.tenant.root_org)
    response = call(emulator, "/api/v38/computer-deactivation/update", admin_token(emulator), "POST",
                    json={"id": device.computer_id})
    assert response.status_code == 204
    listed = {row["archiveGuid"]: row for row in rows(emulator, emulator.tenant.root_org)["coldStorageRows"]}
    assert all(listed[u.archive_guid]["archiveHoldExpireDate"] is None for u in device.backup_usage)
