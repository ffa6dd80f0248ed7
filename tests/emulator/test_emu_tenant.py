"""The generated tenant: determinism, realistic shapes, variety, dates."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from werkzeug.test import Client

from pycpg.emulator import Emulator
from tests.emulator.emu_support import PINNED_NOW, admin_token, call, data, parse_iso

DIGITS_18 = re.compile(r"^[1-9]\d{17}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# field -> allowed JSON types (None stands for null)
COMPUTER_FIELDS: dict[str, tuple[type | None, ...]] = {
    "computerId": (int,), "name": (str,), "osHostname": (str,), "guid": (str,), "type": (str,),
    "status": (str,), "active": (bool,), "blocked": (bool,), "alertState": (int,), "alertStates": (list,),
    "userId": (int,), "userUid": (str,), "orgId": (int,), "orgUid": (str,), "computerExtRef": (str, None),
    "notes": (str, None), "parentComputerId": (int, None), "parentComputerGuid": (str, None),
    "lastConnected": (str,), "osName": (str,), "osVersion": (str,), "osArch": (str,), "address": (str,),
    "remoteAddress": (str,), "javaVersion": (str,), "modelInfo": (dict, None), "timeZone": (str,),
    "version": (int,), "productVersion": (str,), "buildVersion": (int,), "creationDate": (str,),
    "modificationDate": (str,), "loginDate": (str,), "service": (str,),
}
USAGE_FIELDS: dict[str, tuple[type | None, ...]] = {
    "targetComputerParentId": (int, None), "targetComputerParentGuid": (str, None),
    "targetComputerGuid": (str,), "targetComputerName": (str,), "targetComputerOsName": (str, None),
    "targetComputerType": (str,), "selectedFiles": (int,), "selectedBytes": (int,), "todoFiles": (int,),
    "todoBytes": (int,), "archiveBytes": (int,), "billableBytes": (int,), "sendRateAverage": (int,),
    "completionRateAverage": (int,), "lastBackup": (str, None), "lastCompletedBackup": (str, None),
    "lastConnected": (str,), "lastMaintenanceDate": (str,), "lastCompactDate": (str,),
    "modificationDate": (str,), "creationDate": (str,), "using": (bool,), "alertState": (int,),
    "alertStates": (list,), "percentComplete": (float,), "storePointId": (int,), "storePointName": (str,),
    "serverId": (int,), "serverGuid": (str,), "serverName": (str,), "serverHostName": (str,),
    "isProvider": (bool,), "archiveGuid": (str,), "archiveFormat": (str,), "activity": (dict,),
}
ACTIVITY_FIELDS: dict[str, tuple[type | None, ...]] = {
    "connected": (bool,), "backingUp": (bool,), "restoring": (bool,), "timeRemainingInMs": (int,),
    "remainingFiles": (int,), "remainingBytes": (int,),
}
USER_FIELDS: dict[str, tuple[type | None, ...]] = {
    "userId": (int,), "userUid": (str,), "status": (str,), "username": (str,), "email": (str, None),
    "firstName": (str, None), "lastName": (str, None), "quotaInBytes": (int,), "orgId": (int,),
    "orgUid": (str,), "orgName": (str,), "orgType": (str,), "userExtRef": (str, None), "notes": (str, None),
    "active": (bool,), "blocked": (bool,), "emailPromo": (bool,), "invited": (bool,), "passwordReset": (bool,),
    "localAuthenticationOnly": (bool,), "usernameIsAnEmail": (bool, None), "licenses": (list,),
    "creationDate": (str,), "modificationDate": (str,),
}
COMPUTER_DATES = ("lastConnected", "creationDate", "modificationDate", "loginDate")
USAGE_DATES = ("lastBackup", "lastCompletedBackup", "lastConnected", "lastMaintenanceDate", "lastCompactDate",
               "modificationDate", "creationDate")


def json_type_ok(value: Any, allowed: tuple[type | None, ...]) -> bool:
    if value is None:
        return None in allowed
    if isinstance(value, bool):
        return bool in allowed
    return any(kind is not None and kind is not bool and isinstance(value, kind) for kind in allowed)


def assert_shape(item: dict[str, Any], fields: dict[str, tuple[type | None, ...]]) -> None:
    missing = set(fields) - set(item)
    assert not missing, missing
    for name, allowed in fields.items():
        assert json_type_ok(item[name], allowed), (name, item[name])


def list_json(emu: Emulator, path: str, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = call(emu, path, admin_token(emu), params={"pgSize": 1000, **params}).json()
    del body["metadata"]["timestamp"]
    return body


@pytest.fixture
def devices(emulator: Emulator) -> list[dict[str, Any]]:
    response = call(emulator, "/api/v1/Computer", admin_token(emulator),
                    params={"incBackupUsage": "true", "pgSize": 1000})
    computers: list[dict[str, Any]] = data(response)["computers"]
    return computers


@pytest.fixture
def users(emulator: Emulator) -> list[dict[str, Any]]:
    response = call(emulator, "/api/v1/User", admin_token(emulator), params={"pgSize": 1000})
    found: list[dict[str, Any]] = data(response)["users"]
    return found


# -- determinism ------------------------------------------------------------------


def test_same_seed_gives_identical_lists() -> None:
    with Emulator(seed=11, now=PINNED_NOW) as first, Emulator(seed=11, now=PINNED_NOW) as second:
        for path in ("/api/v1/User", "/api/v1/Computer"):
            params = {"incBackupUsage": "true", "incCounts": "true", "incRoles": "true"}
            one, two = list_json(first, path, **params), list_json(second, path, **params)
            assert json.dumps(one) == json.dumps(two)
        assert first.tenant_uid == second.tenant_uid


def test_different_seeds_give_different_tenants() -> None:
    with Emulator(seed=11, now=PINNED_NOW) as first, Emulator(seed=12, now=PINNED_NOW) as second:
        assert list_json(first, "/api/v1/Computer") != list_json(second, "/api/v1/Computer")
        assert list_json(first, "/api/v1/User") != list_json(second, "/api/v1/User")
        assert first.tenant_uid != second.tenant_uid


def test_generation_ignores_the_global_random_state() -> None:
    import random

    random.seed(1)
    first = [device.to_wire(True) for device in Emulator(seed=4, now=PINNED_NOW).tenant.devices]
    random.seed(2)
    second = [device.to_wire(True) for device in Emulator(seed=4, now=PINNED_NOW).tenant.devices]
    assert first == second


@pytest.mark.parametrize(("orgs", "users", "devices"),
                         [(1, 4, 0), (3, 20, 40), (6, 60, 150), (2, 1, 3), (5, 400, 10)])
def test_sizes_are_respected(orgs: int, users: int, devices: int) -> None:
    tenant = Emulator(seed=9, now=PINNED_NOW, orgs=orgs, users=users, devices=devices).tenant
    assert len(tenant.orgs) == orgs
    assert len(tenant.users) == max(users, 4)
    assert len(tenant.devices) == devices
    assert sum(org.parent is None for org in tenant.orgs) == 1
    assert len({user.user_id for user in tenant.users}) == len(tenant.users)
    assert len({user.username.lower() for user in tenant.users}) == len(tenant.users)
    assert len({device.guid for device in tenant.devices}) == devices


def test_the_wsgi_app_works_without_starting_a_server() -> None:
    emu = Emulator(seed=7, now=PINNED_NOW)
    client = Client(emu.app)
    token = emu.issue_token(emu.plain_admin.username)
    response = client.get("/api/v1/User", query_string={"pgSize": "2"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert len(response.get_json()["data"]["users"]) == 2
    assert emu.journal[-1].path == "/api/v1/User"


# -- shapes -------------------------------------------------------------------------


def test_every_computer_field_is_present_with_its_type(devices: list[dict[str, Any]]) -> None:
    for device in devices:
        assert_shape(device, COMPUTER_FIELDS)
        assert DIGITS_18.match(device["guid"]) and DIGITS_18.match(device["userUid"])
        assert device["orgUid"].isdigit()
        assert device["type"] == "COMPUTER" and device["service"] == "CrashPlan"
        assert device["address"].endswith(":4242")
        assert len(str(device["version"])) == 13


def test_every_backup_usage_field_is_present_with_its_type(devices: list[dict[str, Any]]) -> None:
    for device in devices:
        assert 1 <= len(device["backupUsage"]) <= 2
        for usage in device["backupUsage"]:
            assert_shape(usage, USAGE_FIELDS)
            assert_shape(usage["activity"], ACTIVITY_FIELDS)
            assert DIGITS_18.match(usage["archiveGuid"])
            assert usage["targetComputerGuid"].isdigit()
            assert usage["serverHostName"].startswith("https://")
            assert 0.0 <= usage["percentComplete"] <= 100.0


def test_every_user_field_is_present_with_its_type(users: list[dict[str, Any]]) -> None:
    for user in users:
        assert_shape(user, USER_FIELDS)
        assert "roles" not in user
        assert DIGITS_18.match(user["userUid"])


def test_alert_state_integer_matches_the_names(devices: list[dict[str, Any]]) -> None:
    bits = {"OK": 0, "CriticalConnectionAlert": 2, "CriticalBackupAlert": 16}
    for item in [*devices, *(usage for device in devices for usage in device["backupUsage"])]:
        assert item["alertState"] == sum(bits[name] for name in item["alertStates"])


def test_device_org_follows_its_user(emulator: Emulator, devices: list[dict[str, Any]],
                                     users: list[dict[str, Any]]) -> None:
    by_uid = {user["userUid"]: user for user in users}
    for device in devices:
        owner = by_uid[device["userUid"]]
        assert (device["userId"], device["orgId"], device["orgUid"]) == (owner["userId"], owner["orgId"],
                                                                        owner["orgUid"])


def test_tenant_records_render_what_the_api_sends(emulator: Emulator, users: list[dict[str, Any]],
                                                  devices: list[dict[str, Any]]) -> None:
    assert [user.to_wire() for user in emulator.tenant.users] == users
    assert [device.to_wire(inc_backup_usage=True) for device in emulator.tenant.devices] == devices
    org_uids = {org.to_wire()["orgUid"] for org in emulator.tenant.orgs}
    assert {user["orgUid"] for user in users} <= org_uids
    assert all(UUID.match(org.to_wire()["orgGuid"]) for org in emulator.tenant.orgs)


def test_account_users_exist_in_the_tenant(emulator: Emulator) -> None:
    for account in (emulator.admin, emulator.plain_admin, emulator.restricted, emulator.sso_user):
        user = emulator.tenant.user_by_uid(account.user_uid)
        assert user is not None and user.username == account.username
    assert emulator.admin.role == emulator.plain_admin.role == "admin"
    assert emulator.restricted.role == "restricted"
    assert emulator.admin.login_type == "LOCAL_2FA" and emulator.admin.totp_secret


def test_tenant_uid_is_a_deterministic_uuid(emulator: Emulator) -> None:
    assert UUID.match(emulator.tenant_uid)
    assert Emulator(seed=7, now=PINNED_NOW).tenant_uid == emulator.tenant_uid


# -- variety ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 7, 99])
def test_tenant_shows_the_notable_variations(seed: int) -> None:
    tenant = Emulator(seed=seed, now=PINNED_NOW).tenant
    devices = [device.to_wire(True) for device in tenant.devices]
    users = [user.to_wire() for user in tenant.users]
    assert any(not d["active"] and d["status"] == "Deactivated" for d in devices)
    assert any(d["blocked"] for d in devices)
    assert {tuple(d["alertStates"]) for d in devices} >= {("OK",), ("CriticalConnectionAlert",),
                                                         ("CriticalBackupAlert",)}
    usages = [usage for d in devices for usage in d["backupUsage"]]
    assert any(u["lastBackup"] is None and u["lastCompletedBackup"] is None for u in usages)
    assert any(len(d["backupUsage"]) == 2 for d in devices)
    assert any(u["email"] is None for u in users)
    assert any(u["firstName"] is None for u in users)
    assert any(not u["active"] for u in users)
    assert any(u["status"] == "Active, Blocked" for u in users)


# -- dates -----------------------------------------------------------------------------


def test_dates_have_three_fraction_digits_and_the_tenant_offset(devices: list[dict[str, Any]],
                                                                users: list[dict[str, Any]]) -> None:
    texts = [device[name] for device in devices for name in COMPUTER_DATES]
    texts += [usage[name] for device in devices for usage in device["backupUsage"] for name in USAGE_DATES
              if usage[name] is not None]
    texts += [user[name] for user in users for name in ("creationDate", "modificationDate")]
    shape = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$")
    for text in texts:
        assert shape.match(text), text
        parse_iso(text)
    suffixes = {text[23:] for text in texts}
    assert suffixes == {"+00:00"}  # one zone per tenant: UTC written +00:00 unless time_zone says otherwise


def test_dates_are_before_the_base_instant_and_ordered(devices: list[dict[str, Any]]) -> None:
    base = parse_iso("2026-01-01T00:00:00.000Z")
    for device in devices:
        assert parse_iso(device["creationDate"]) <= parse_iso(device["lastConnected"]) <= base
        for usage in device["backupUsage"]:
            if usage["lastBackup"] is not None:
                assert parse_iso(usage["lastCompletedBackup"]) <= parse_iso(usage["lastBackup"]) <= base


def test_metadata_timestamp_is_iso_with_offset(emulator: Emulator) -> None:
    body = call(emulator, "/api/v1/User/my", admin_token(emulator)).json()
    stamp = body["metadata"]["timestamp"]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", stamp)
    parse_iso(stamp)
