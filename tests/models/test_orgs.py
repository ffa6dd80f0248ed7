"""Org, OrgPage and their parts on ``/api/v1/Org`` and ``/api/v3/orgs`` payloads."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from pycpg.models import Org, OrgPage, OrgReporting, OrgSettingsSummary

from ._wire import assert_wire_equal

# Keys of a documented v1 org, those pycpg 1.0 reads and the v3 org of docs/wire-shapes.md.
ORG_WIRE_KEYS = {
    "orgId", "orgUid", "orgGuid", "orgName", "orgExtRef", "notes", "status", "active",
    "blocked", "customConfig", "parentOrgId", "parentOrgUid", "parentOrgGuid", "type",
    "classification", "externalId", "hierarchyCounts", "configInheritanceCounts",
    "creationDate", "modificationDate", "deactivationDate", "registrationKey", "reporting",
    "settings", "settingsInherited", "settingsSummary", "deviceDefaults", "orgInheritDto",
    "windowsUsmtFiles", "computerCount", "shareDeviceCount", "backupDeviceCount",
    "backupComputerCount", "userCount", "licensedUserCount", "orgCount", "planCount",
}  # fmt: skip
# The v3 org body chosen in docs/wire-shapes.md.
V3_ORG_WIRE_KEYS = {
    "orgId", "orgUid", "orgGuid", "orgName", "orgExtRef", "notes", "parentOrgId",
    "parentOrgUid", "parentOrgGuid", "status", "active", "blocked", "type", "classification",
    "registrationKey", "creationDate", "modificationDate", "deactivationDate", "userCount",
    "computerCount", "orgCount",
}  # fmt: skip


# The keys every org carries (its required fields).
MINIMAL_ORG: dict[str, Any] = {"orgId": 1, "orgUid": "915555555555555555", "orgName": "Org"}


def _cloud_org(**overrides: Any) -> dict[str, Any]:
    """The shape of crashplancli's ``TEST_GET_ORG_RESPONSE`` (a 2021 cloud sample), own values."""
    payload: dict[str, Any] = {
        "orgId": 4410,
        "orgUid": "1004410000000000001",
        "orgGuid": "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f",
        "orgName": "Research",
        "orgExtRef": None,
        "notes": None,
        "status": "Active",
        "active": True,
        "blocked": False,
        "parentOrgId": 1200,
        "parentOrgUid": "800000000000001200",
        "parentOrgGuid": "a1b2c3d4e5f6g7h8",
        "type": "ENTERPRISE",
        "classification": "BASIC",
        "externalId": "1004410000000000001",
        "hierarchyCounts": {},
        "configInheritanceCounts": {},
        "creationDate": "2021-05-19T10:10:43.459Z",
        "modificationDate": "2021-05-20T14:43:42.276Z",
        "deactivationDate": None,
        "settings": {"maxSeats": None, "maxBytes": None},
        "settingsInherited": {"maxSeats": "", "maxBytes": ""},
        "settingsSummary": {"maxSeats": "", "maxBytes": ""},
        "registrationKey": "ABCD-EFGH-JKLM-NPQR",
        "reporting": {"orgManagers": []},
        "customConfig": False,
    }
    payload.update(overrides)
    return payload


def _v3_org(**overrides: Any) -> dict[str, Any]:
    """A ``/api/v3/orgs`` body as docs/wire-shapes.md fixes it."""
    payload: dict[str, Any] = {
        "orgId": 4411,
        "orgUid": "1004411000000000002",
        "orgGuid": "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
        "orgName": "Child org",
        "orgExtRef": "ext-42",
        "notes": None,
        "parentOrgId": 4410,
        "parentOrgUid": "1004410000000000001",
        "parentOrgGuid": "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f",
        "status": "Active, Blocked",
        "active": True,
        "blocked": True,
        "type": "ENTERPRISE",
        "classification": "BASIC",
        "registrationKey": "WXYZ-2345-6789-ABCD",
        "creationDate": "2025-06-13T14:31:58.069+00:00",
        "modificationDate": "2025-06-14T09:00:00.000+00:00",
        "deactivationDate": None,
        "userCount": 3,
        "computerCount": 5,
        "orgCount": 0,
    }
    payload.update(overrides)
    return payload


def test_model_aliases_are_exactly_the_spec_wire_keys() -> None:
    assert {f.alias for f in Org.model_fields.values()} == ORG_WIRE_KEYS
    assert V3_ORG_WIRE_KEYS <= ORG_WIRE_KEYS
    assert {f.alias for f in OrgSettingsSummary.model_fields.values()} == {"maxSeats", "maxBytes"}
    assert {f.alias for f in OrgReporting.model_fields.values()} == {"orgManagers"}
    assert {f.alias for f in OrgPage.model_fields.values()} == {"totalCount", "orgs"}


def test_cloud_v1_org_sample() -> None:
    payload = _cloud_org()

    org = Org.model_validate(payload)

    assert org.org_id == 4410
    assert org.org_uid == org.external_id == "1004410000000000001"
    assert org.org_guid == "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f"
    assert org.parent_org_guid == "a1b2c3d4e5f6g7h8"
    assert org.org_ext_ref is None and org.notes is None and org.deactivation_date is None
    assert org.custom_config is False
    assert org.hierarchy_counts == {} and org.config_inheritance_counts == {}
    assert org.creation_date is not None and org.creation_date.utcoffset() == timedelta(0)
    assert org.registration_key == "ABCD-EFGH-JKLM-NPQR"
    assert org.reporting == OrgReporting(org_managers=[])
    # settings: inner nulls; settingsInherited: strings; settingsSummary: "".
    assert org.settings == {"maxSeats": None, "maxBytes": None}
    assert org.settings_inherited == {"maxSeats": "", "maxBytes": ""}
    assert org.settings_summary == OrgSettingsSummary(max_seats="", max_bytes="")
    assert org.computer_count is None and org.device_defaults is None
    assert org.model_extra == {}
    assert_wire_equal(org.model_dump(by_alias=True, mode="json", exclude_unset=True), payload)
    assert Org.model_validate(org.model_dump(by_alias=True, mode="json")) == org


def test_settings_summary_keeps_int_and_empty_string_apart() -> None:
    unlimited = OrgSettingsSummary.model_validate({"maxSeats": -1, "maxBytes": -1})
    unset = OrgSettingsSummary.model_validate({"maxSeats": "", "maxBytes": ""})
    mixed = OrgSettingsSummary.model_validate({"maxSeats": 250, "maxBytes": ""})

    assert type(unlimited.max_seats) is int and unlimited.max_seats == -1
    assert unlimited.max_bytes == -1
    assert unset.max_seats == "" and unset.max_bytes == ""
    assert (mixed.max_seats, mixed.max_bytes) == (250, "")
    assert mixed.model_dump(by_alias=True, mode="json") == {"maxSeats": 250, "maxBytes": ""}


def test_on_prem_root_org_with_word_uid_and_no_parent() -> None:
    org = Org.model_validate(
        {
            "orgId": 1,
            "orgUid": "ADMIN",
            "orgName": "Admin Org",
            "status": "Active",
            "active": True,
            "blocked": False,
            "parentOrgId": None,
            "parentOrgUid": None,
            "type": "ENTERPRISE",
            "creationDate": "2013-10-21T13:51:02.126-05:00",
            "settingsSummary": {"maxSeats": -1, "maxBytes": -1},
            "reporting": {},
        }
    )

    assert org.org_uid == "ADMIN"
    assert org.parent_org_id is None and org.parent_org_uid is None
    assert org.org_guid is None and org.classification is None
    assert org.creation_date is not None
    assert org.creation_date.utcoffset() == timedelta(hours=-5)
    assert org.settings_summary is not None and org.settings_summary.max_seats == -1
    assert org.reporting == OrgReporting()
    assert org.reporting.org_managers is None


def test_v3_org_body() -> None:
    payload = _v3_org()

    org = Org.model_validate(payload)

    assert payload.keys() == V3_ORG_WIRE_KEYS
    assert org.org_id == 4411
    assert org.org_guid == "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b"
    assert org.status == "Active, Blocked" and org.blocked is True
    assert org.org_ext_ref == "ext-42"
    assert (org.user_count, org.computer_count, org.org_count) == (3, 5, 0)
    assert org.modification_date is not None
    assert org.modification_date.utcoffset() == timedelta(0)
    assert org.settings is None and org.settings_summary is None
    assert_wire_equal(org.model_dump(by_alias=True, mode="json", exclude_unset=True), payload)


V3_ORG: dict[str, Any] = {
    "orgGuid": "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
    "orgName": "Child org",
    "active": True,
    "deactivationDate": "2024-01-02T03:04:05.678Z",
    "userCount": 0,
}


def test_v3_org_with_the_v1_ids() -> None:
    # pycpg 1.0 reads orgId (and orgGuid) from the v3 create answer.
    org = Org.model_validate({**V3_ORG, "orgId": 7, "orgUid": "917"})

    assert org.org_id == 7 and org.org_uid == "917"
    assert org.org_guid == "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b"
    assert org.deactivation_date is not None and org.deactivation_date.year == 2024


def test_incydr_twin_body_without_the_v1_ids_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        Org.model_validate(V3_ORG)

    assert {(e["loc"], e["type"]) for e in caught.value.errors()} == {
        (("orgId",), "missing"), (("orgUid",), "missing")
    }


def test_org_with_inc_settings_device_defaults_and_inherited_info() -> None:
    settings = {
        "maxSeats": 100,
        "maxBytes": None,
        "archiveHoldDays": 90,
        "recipients": ["ops@example.com"],
        "ldapServerIds": None,
        "destinations": [{"destinationId": 3, "guid": "632540230984925185", "destinationName": "Cloud", "type": "CLUSTER"}],
    }
    device_defaults = {"serviceBackupConfig": {"backupConfig": {"backupSets": []}}, "userHome": {"@nil": "true"}}
    inherit = {"orgId": 4410, "orgUid": "1004410000000000001", "orgIdProvidingOrg": 1200, "orgNameProvidingOrg": "Top"}
    counts = {
        "computerCount": 12, "shareDeviceCount": 0, "backupDeviceCount": 11, "backupComputerCount": 11,
        "userCount": 9, "licensedUserCount": 8, "orgCount": 2, "planCount": 0,
    }  # fmt: skip
    payload = _cloud_org(
        settings=settings,
        deviceDefaults=device_defaults,
        orgInheritDto=inherit,
        windowsUsmtFiles={"USER": {"filename": "MigUser.xml"}},
        settingsSummary={"maxSeats": 100, "maxBytes": -1},
        **counts,
    )

    org = Org.model_validate(payload)

    assert org.settings == settings
    assert org.device_defaults == device_defaults
    assert org.org_inherit_dto == inherit
    assert org.windows_usmt_files == {"USER": {"filename": "MigUser.xml"}}
    assert org.settings_summary == OrgSettingsSummary(max_seats=100, max_bytes=-1)
    assert (org.computer_count, org.backup_device_count, org.licensed_user_count, org.plan_count) == (12, 11, 8, 0)
    assert_wire_equal(org.model_dump(by_alias=True, mode="json", exclude_unset=True), payload)


def test_integer_org_uid_becomes_a_string_unless_strict() -> None:
    assert Org.model_validate({**MINIMAL_ORG, "orgUid": 915555555555555555}).org_uid == "915555555555555555"
    with pytest.raises(ValidationError):
        Org.model_validate_json(json.dumps({**MINIMAL_ORG, "orgUid": 915555555555555555}), strict=True)
    assert Org.model_validate_json(b'{"orgUid": "ADMIN", "orgId": 1, "orgName": "Root"}', strict=True).org_id == 1


def test_string_org_id_becomes_an_int_unless_strict() -> None:
    assert Org.model_validate({**MINIMAL_ORG, "orgId": "123"}).org_id == 123
    with pytest.raises(ValidationError):
        Org.model_validate({**MINIMAL_ORG, "orgId": "123"}, strict=True)


def test_wrongly_typed_field_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        Org.model_validate({**MINIMAL_ORG, "orgId": "not a number"})

    assert caught.value.errors()[0]["loc"] == ("orgId",)


def test_unknown_keys_are_kept() -> None:
    org = Org.model_validate(_cloud_org(futureFlag=True))

    assert org.model_extra == {"futureFlag": True}
    assert org.model_dump(by_alias=True)["futureFlag"] is True


def test_org_page() -> None:
    page = OrgPage.model_validate(
        {"totalCount": 2, "orgs": [_cloud_org(), _cloud_org(orgId=4412, orgUid="ADMIN")]}
    )

    assert page.total_count == 2
    assert [o.org_id for o in page.orgs] == [4410, 4412]
    assert isinstance(page.orgs[1], Org) and page.orgs[1].org_uid == "ADMIN"


def test_empty_org_page() -> None:
    page = OrgPage.model_validate({"totalCount": 0, "orgs": []})

    assert page.orgs == [] and page.total_count == 0
    assert OrgPage.model_validate({"orgs": []}).model_dump(by_alias=True, exclude_unset=True) == {"orgs": []}
    with pytest.raises(ValidationError) as caught:
        OrgPage.model_validate({"totalCount": 0})  # pycpg 1.0 indexes page["orgs"]
    assert [e["loc"] for e in caught.value.errors()] == [("orgs",)]
