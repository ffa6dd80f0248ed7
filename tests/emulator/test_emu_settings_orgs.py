"""Emulator: org settings trees, ``/api/v1/OrgSetting/{orgId}`` and ``PUT /api/v1/Org/{orgId}`` (plain HTTP)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.emulator.records import OrgRecord
from tests.emulator.emu_support import PINNED_NOW, PERMISSION_DENIED, admin_token, call, data, restricted_token

ALL_FLAGS = {"incSettings": "True", "incDeviceDefaults": "True", "incInheritedOrgInfo": "True"}
SETTINGS_KEYS = {
    "maxSeats", "maxBytes", "archiveHoldDays", "defaultUserMaxBytes", "defaultUserMobileQuota",
    "webRestoreUserLimitMb", "webRestoreAdminLimitMb", "warnInDays", "alertInDays", "recipients", "reportLastSent",
    "reportSchedule", "sendReports", "usernameIsAnEmail", "ldapServerIds", "radiusServerIds",
    "ssoIdentityProviderUids", "securityKeyType", "securityKeyLocked", "autoOfferSelf", "allowLocalFolders",
    "defaultRoles", "isSimpleOrg", "isDefaultRolesInherited", "destinations", "allDestinations",
    "isUsingDestinationDefaults", "isUsingQuotaDefaults", "isUsingReportingDefaults", "isNativeClientsEnabled",
    "securityKeyInherit",
}


def _v3(emu: Emulator, org: OrgRecord, token: str, **params: str) -> dict[str, Any]:
    response = call(emu, f"/api/v3/orgs/{org.org_guid}", token, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = data(response)
    return body


def _put_org(emu: Emulator, org: OrgRecord, token: str, body: Any) -> Any:
    return call(emu, f"/api/v1/Org/{org.org_id}", token, method="PUT", json=body)


def _t_settings(emu: Emulator, org: OrgRecord, token: str) -> Any:
    return call(emu, f"/api/v1/OrgSetting/{org.org_id}", token)


@pytest.mark.parametrize(("flag", "keys"), [
    ("incSettings", {"settings", "settingsInherited", "settingsSummary", "customConfig"}),
    ("incDeviceDefaults", {"deviceDefaults"}),
    ("incInheritedOrgInfo", {"orgInheritDto"}),
])
def test_each_flag_adds_its_tree(emulator: Emulator, flag: str, keys: set[str]) -> None:
    token = admin_token(emulator)
    org = emulator.tenant.orgs[1]
    plain = _v3(emulator, org, token)
    assert not {"settings", "deviceDefaults", "orgInheritDto"} & set(plain)
    flagged = _v3(emulator, org, token, **{flag: "true"})
    assert set(flagged) - set(plain) == keys
    v1 = call(emulator, f"/api/v1/Org/{org.org_id}", token, params={flag: "true"})
    assert keys <= set(data(v1))


def test_v3_body_carries_what_org_settings_needs(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[1]
    body = _v3(emulator, org, admin_token(emulator), **ALL_FLAGS)
    assert (body["orgId"], body["orgName"], body["registrationKey"]) == (
        org.org_id, org.org_name, org.registration_key)
    assert set(body["settings"]) == SETTINGS_KEYS
    assert body["settings"]["allDestinations"] == body["settings"]["destinations"]
    assert {"serviceBackupConfig", "servicePeerConfig", "serviceUIConfig"} <= set(body["deviceDefaults"])
    assert isinstance(body["deviceDefaults"]["serviceBackupConfig"]["backupConfig"]["backupSets"], list)
    assert body["orgInheritDto"]["orgIdProvidingOrg"] == org.parent.org_id  # type: ignore[union-attr]


def test_inherited_groups_show_the_parents_values(emulator: Emulator) -> None:
    token = admin_token(emulator)
    child = emulator.tenant.orgs[2]
    assert child.parent is not None
    body = _v3(emulator, child, token, **ALL_FLAGS)
    parent = _v3(emulator, child.parent, token, incSettings="true")
    assert body["settings"]["isUsingQuotaDefaults"] is True and body["settings"]["isUsingReportingDefaults"] is True
    for key in ("archiveHoldDays", "maxSeats", "maxBytes", "warnInDays", "alertInDays", "recipients"):
        assert body["settings"][key] == parent["settings"][key], key
    assert body["settingsInherited"] == {"maxSeats": str(parent["settings"]["maxSeats"]),
                                         "maxBytes": str(parent["settings"]["maxBytes"])}
    assert body["orgInheritDto"]["orgIdProvidingDestinations"] == child.parent.org_id
    root = _v3(emulator, emulator.tenant.root_org, token, incSettings="true")["settings"]
    assert not (root["isUsingQuotaDefaults"] or root["isUsingReportingDefaults"] or
                root["isUsingDestinationDefaults"])


def test_t_settings_shape(emulator: Emulator) -> None:
    response = _t_settings(emulator, emulator.tenant.orgs[0], admin_token(emulator))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"metadata", "data"}
    settings = body["data"]
    assert {"device_upgrade_delay", "device_webRestore_enabled", "device_network_utilization_schedule"} <= set(settings)
    for value in settings.values():
        assert set(value) == {"scope", "value", "locked", "id"}
        assert value["scope"] == "ORG" and isinstance(value["value"], str) and isinstance(value["locked"], bool)
    assert len({value["id"] for value in settings.values()}) == len(settings)


def test_t_settings_put(emulator: Emulator) -> None:
    token = admin_token(emulator)
    org = emulator.tenant.orgs[1]
    before = _t_settings(emulator, org, token).json()["data"]
    packets = [{"key": "device_webRestore_enabled", "value": "false", "locked": True},
               {"key": "device_brand_new", "value": "42", "locked": False}]
    response = call(emulator, f"/api/v1/OrgSetting/{org.org_id}", token, method="PUT", json={"packets": packets})
    assert response.status_code == 200
    after = data(response)
    assert after["device_webRestore_enabled"] == {**before["device_webRestore_enabled"], "value": "false",
                                                  "locked": True}
    assert after["device_brand_new"]["value"] == "42" and after["device_brand_new"]["id"] not in {
        value["id"] for value in before.values()}
    assert _t_settings(emulator, org, token).json()["data"] == after


@pytest.mark.parametrize("body", [
    {}, {"packets": {}}, {"packets": [1]}, {"packets": [{"key": "", "value": "x"}]},
    {"packets": [{"key": "k", "value": True}]}, {"packets": [{"key": "k", "value": "v", "locked": "no"}]},
])
def test_t_settings_put_rejects_malformed_packets(emulator: Emulator, body: Any) -> None:
    org = emulator.tenant.orgs[1]
    token = admin_token(emulator)
    before = _t_settings(emulator, org, token).json()["data"]
    response = call(emulator, f"/api/v1/OrgSetting/{org.org_id}", token, method="PUT", json=body)
    assert response.status_code == 400
    assert _t_settings(emulator, org, token).json()["data"] == before


def test_t_settings_permissions_and_unknown_orgs(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    own = emulator.tenant.user_by_username(emulator.restricted.username).org  # type: ignore[union-attr]
    other = next(org for org in emulator.tenant.orgs if org is not own)
    assert _t_settings(emulator, own, token).status_code == 200
    assert _t_settings(emulator, other, token).status_code == 403
    put = call(emulator, f"/api/v1/OrgSetting/{own.org_id}", token, method="PUT", json={"packets": []})
    assert put.status_code == 403 and put.json() == PERMISSION_DENIED
    assert call(emulator, "/api/v1/OrgSetting/1", admin_token(emulator)).status_code == 404


def test_org_put_stores_names_settings_and_device_defaults(emulator: Emulator) -> None:
    token = admin_token(emulator)
    org = emulator.tenant.orgs[1]
    body = _v3(emulator, org, token, **ALL_FLAGS)
    body.update(orgName="Legal & Compliance", notes=None, orgExtRef="LC-1")
    body["settings"].update(archiveHoldDays=45, maxBytes=2_500_000_000, recipients=["a@b.example"])
    body["deviceDefaults"]["serviceBackupConfig"]["minutesUntilWarning"] = "1440"
    response = _put_org(emulator, org, token, body)
    assert response.status_code == 200, response.text
    answered = data(response)
    assert (answered["orgName"], answered["notes"], answered["orgExtRef"]) == ("Legal & Compliance", None, "LC-1")
    again = _v3(emulator, org, token, **ALL_FLAGS)
    assert (again["settings"]["archiveHoldDays"], again["settings"]["maxBytes"]) == (45, 2_500_000_000)
    assert again["settings"]["recipients"] == ["a@b.example"]
    assert again["deviceDefaults"]["serviceBackupConfig"]["minutesUntilWarning"] == "1440"
    assert (org.org_name, org.notes, org.org_ext_ref) == ("Legal & Compliance", None, "LC-1")


def test_org_put_drops_and_counts_the_synthetic_defaults_key(emulator: Emulator) -> None:
    token = admin_token(emulator)
    org = emulator.tenant.orgs[1]
    body = _v3(emulator, org, token, **ALL_FLAGS)
    defaults = body["deviceDefaults"]
    defaults["settings"] = {"serviceBackupConfig": defaults["serviceBackupConfig"]}
    assert _put_org(emulator, org, token, body).status_code == 200
    tenant = emulator.tenant
    assert tenant.settings_docs.org(tenant, org).synthetic_key_puts == 1
    assert "settings" not in _v3(emulator, org, token, incDeviceDefaults="true")["deviceDefaults"]


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda b: b["settings"].update(archiveHoldDays="90"), "settings.archiveHoldDays"),
    (lambda b: b["settings"].update(maxBytes=1.5), "settings.maxBytes"),
    (lambda b: b["settings"].update(isUsingQuotaDefaults="false"), "settings.isUsingQuotaDefaults"),
    (lambda b: b["settings"].update(recipients="a@b.example"), "settings.recipients"),
    (lambda b: b["settings"].update(destinations=[{"guid": "nope"}]), "unknown destination"),
    (lambda b: b.update(settings=[]), "Invalid value for settings"),
    (lambda b: b.update(orgName=""), "Invalid value for orgName"),
    (lambda b: b["deviceDefaults"]["serviceBackupConfig"].update(minutesUntilWarning=5),
     "deviceDefaults.serviceBackupConfig.minutesUntilWarning"),
])
def test_org_put_rejects_bad_values(emulator: Emulator, mutate: Any, message: str) -> None:
    token = admin_token(emulator)
    org = emulator.tenant.orgs[1]
    body = _v3(emulator, org, token, **ALL_FLAGS)
    changed = copy.deepcopy(body)
    changed["notes"] = "should not stick"
    mutate(changed)
    response = _put_org(emulator, org, token, changed)
    assert response.status_code == 400 and message in response.json()[0]["description"]
    assert _v3(emulator, org, token, **ALL_FLAGS) == body


def test_org_put_permissions_and_unknown_orgs(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[1]
    response = _put_org(emulator, org, restricted_token(emulator), {"notes": "x"})
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    token = admin_token(emulator)
    assert call(emulator, "/api/v1/Org/1", token, method="PUT", json={}).status_code == 404
    assert _put_org(emulator, org, token, ["x"]).status_code == 400


def test_org_documents_are_deterministic() -> None:
    first, second = Emulator(seed=5, now=PINNED_NOW), Emulator(seed=5, now=PINNED_NOW)
    for org in reversed(first.tenant.orgs):  # built in the opposite order to the second emulator's
        first.tenant.settings_docs.org(first.tenant, org)
    states = [[emu.tenant.settings_docs.org_extras(emu.tenant, org, settings=True, device_defaults=True,
                                                   inherited_info=True) for org in emu.tenant.orgs]
              for emu in (first, second)]
    assert states[0] == states[1]
    assert first.tenant.settings_docs.org(first.tenant, first.tenant.orgs[0]).t_settings == \
        second.tenant.settings_docs.org(second.tenant, second.tenant.orgs[0]).t_settings


def test_values_of_inherited_groups_are_not_stored(emulator: Emulator) -> None:
    token = admin_token(emulator)
    child = emulator.tenant.orgs[2]
    tenant = emulator.tenant
    own_days = tenant.settings_docs.org(tenant, child).settings["archiveHoldDays"]
    body = _v3(emulator, child, token, **ALL_FLAGS)
    body["settings"]["archiveHoldDays"] = own_days + 1000  # still inherited: ignored
    assert _put_org(emulator, child, token, body).status_code == 200
    assert tenant.settings_docs.org(tenant, child).settings["archiveHoldDays"] == own_days
    body["settings"].update(isUsingQuotaDefaults=False, archiveHoldDays=own_days + 7)
    assert _put_org(emulator, child, token, body).status_code == 200
    assert _v3(emulator, child, token, incSettings="true")["settings"]["archiveHoldDays"] == own_days + 7
