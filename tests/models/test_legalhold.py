"""Legal hold models on realistic ``/api/v38/legal-hold-*`` payloads (and older v1 shapes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import TypeAdapter, ValidationError

from pycpg.constants import LegalHoldEventType
from pycpg.models import (
    BackupPaths,
    BackupRunWindow,
    ExcludePatterns,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    LegalHoldPolicy,
    LegalHoldRef,
    LegalHoldUser,
    MatterList,
    MembershipList,
    PreservationPolicy,
    Principal,
    PrincipalUser,
    PycpgModel,
    RetentionPolicy,
)

from ._wire import assert_wire_equal, key_shape
from .strategies import legal_hold_matter_wire, matter_list_wire, membership_list_wire

MATTERS: TypeAdapter[list[LegalHoldMatter]] = TypeAdapter(MatterList)
MEMBERSHIPS: TypeAdapter[list[LegalHoldMembership]] = TypeAdapter(MembershipList)

# Keys of matters (v38 and v1 names), memberships, events (v38 and flattened v1), principals, policies.
MATTER_WIRE_KEYS = {
    "legalHoldUid", "name", "description", "notes", "holdExtRef", "externalReference", "active",
    "creationDate", "lastModified", "lastModifiedDate", "creator", "policyId", "holdPolicyUid",
}  # fmt: skip
MEMBERSHIP_WIRE_KEYS = {"legalHoldMembershipUid", "active", "creationDate", "legalHold", "user"}
EVENT_WIRE_KEYS = {
    "eventUid", "eventType", "eventDate", "legalHoldUid", "legalHoldMembershipUid",
    "actorPrincipal", "custodianPrincipal",
    "actorUserUid", "actorUsername", "actorFirstName", "actorLastName", "actorUserExtRef", "actorEmail",
    "custodianUserUid", "custodianUsername", "custodianFirstName", "custodianLastName",
    "custodianUserExtRef", "custodianEmail",
}  # fmt: skip
PRINCIPAL_WIRE_KEYS = {"type", "principalId", "displayName", "user"}
PRINCIPAL_USER_WIRE_KEYS = {"email", "firstName", "lastName"}
LEGAL_HOLD_USER_WIRE_KEYS = {"userUid", "userId", "username", "email", "firstName", "lastName", "userExtRef"}
POLICY_WIRE_KEYS = {
    "legalHoldPolicyUid", "name", "creatorUser", "creatorPrincipal", "policy", "creationDate",
    "modificationDate",
}  # fmt: skip
PRESERVATION_POLICY_WIRE_KEYS = {
    "backupOpenFiles", "compression", "dataDeDupAutoMaxFileSizeForLan",
    "dataDeDupAutoMaxFileSizeForWan", "dataDeDuplication", "encryptionEnabled",
    "scanIntervalMillis", "scanTime", "watchFiles", "destinations", "backupRunWindow",
    "backupPaths", "retentionPolicy",
}  # fmt: skip
RUN_WINDOW_WIRE_KEYS = {"alwaysRun", "startTimeOfDay", "endTimeOfDay", "days"}
BACKUP_PATHS_WIRE_KEYS = {"paths", "excludePatterns"}
EXCLUDE_PATTERNS_WIRE_KEYS = {"windows", "linux", "macintosh", "all"}
RETENTION_WIRE_KEYS = {
    "backupFrequencyMillis", "keepDeleted", "keepDeletedMinutes", "versionLastWeekIntervalMinutes",
    "versionLastNinetyDaysIntervalMinutes", "versionLastYearIntervalMinutes",
    "versionPrevYearsIntervalMinutes",
}  # fmt: skip


def _aliases(model: type[Any]) -> set[str]:
    return {f.alias for f in model.model_fields.values()}


@pytest.mark.parametrize(
    ("model", "keys"),
    [
        (LegalHoldMatter, MATTER_WIRE_KEYS),
        (LegalHoldMembership, MEMBERSHIP_WIRE_KEYS),
        (LegalHoldRef, {"legalHoldUid", "name"}),
        (LegalHoldEvent, EVENT_WIRE_KEYS),
        (Principal, PRINCIPAL_WIRE_KEYS),
        (PrincipalUser, PRINCIPAL_USER_WIRE_KEYS),
        (LegalHoldUser, LEGAL_HOLD_USER_WIRE_KEYS),
        (LegalHoldPolicy, POLICY_WIRE_KEYS),
        (PreservationPolicy, PRESERVATION_POLICY_WIRE_KEYS),
        (BackupRunWindow, RUN_WINDOW_WIRE_KEYS),
        (BackupPaths, BACKUP_PATHS_WIRE_KEYS),
        (ExcludePatterns, EXCLUDE_PATTERNS_WIRE_KEYS),
        (RetentionPolicy, RETENTION_WIRE_KEYS),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else "",
)
def test_model_aliases_are_exactly_the_spec_wire_keys(model: type[Any], keys: set[str]) -> None:
    assert _aliases(model) == keys


# Shapes of CrashPlan's own CLI's legal-hold fixtures (and older v1 shapes); every value is made up.


def _user_principal() -> dict[str, Any]:
    return {
        "type": "USER",
        "principalId": "1000000000000000011",
        "displayName": "legal@example.com",
        "user": {"email": "legal@example.com", "firstName": "Lee", "lastName": "Gall"},
    }


def _api_key_principal() -> dict[str, Any]:
    return {
        "type": "API_KEY",
        "principalId": "key-0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
        "displayName": "key-0b1c2d3e (Hold automation)",
    }


def _older_matter() -> dict[str, Any]:
    """A list item created by a user (crashplancli ``MATTER_RESPONSE``, first items)."""
    return {
        "legalHoldUid": "123456789",
        "name": "Matter one",
        "description": "",
        "notes": None,
        "active": True,
        "creationDate": "2019-05-17T15:07:44.820-05:00",
        "lastModified": "2019-05-20T09:00:00.000-05:00",
        "creator": _user_principal(),
        "policyId": "987654321098765432",
    }


def _api_key_matter() -> dict[str, Any]:
    """The 2025 list item created by an API key: ``lastModifiedDate`` and ``+00:00``."""
    return {
        "legalHoldUid": "1110000000000000001",
        "name": "Matter by key",
        "description": "",
        "notes": "made by automation",
        "active": True,
        "creationDate": "2025-06-13T14:31:58.069+00:00",
        "lastModifiedDate": "2025-06-13T14:31:58.069+00:00",
        "creator": _api_key_principal(),
        "policyId": "1110000000000000002",
    }


def _single_view_matter() -> dict[str, Any]:
    """crashplancli's single-view ``MATTER_RESPONSE``: ``holdExtRef`` and a v1-style user creator."""
    return {
        "legalHoldUid": "884488448844884488",
        "name": "Single matter",
        "description": "Investigation",
        "notes": "notes",
        "holdExtRef": None,
        "active": True,
        "creationDate": "2019-12-02T09:34:28.364-06:00",
        "lastModified": "2019-12-02T09:34:28.364-06:00",
        "creator": {
            "userUid": "912345678901234567",
            "username": "admin@example.com",
            "email": "admin@example.com",
            "userExtRef": None,
        },
        "holdPolicyUid": "966666666666666666",
    }


def _policy() -> dict[str, Any]:
    """crashplancli ``POLICY_RESPONSE`` shape."""
    return {
        "legalHoldPolicyUid": "966666666666666666",
        "name": "Preserve all",
        "creatorUser": {
            "userUid": "912345678901234567",
            "userId": 42,
            "username": "admin@example.com",
            "email": "admin@example.com",
            "firstName": "Ada",
            "lastName": "Min",
        },
        "policy": {
            "backupOpenFiles": True,
            "compression": "ON",
            "dataDeDupAutoMaxFileSizeForLan": 1000000000,
            "dataDeDupAutoMaxFileSizeForWan": 1000000000,
            "dataDeDuplication": "FULL",
            "destinations": [],
            "encryptionEnabled": True,
            "scanIntervalMillis": 86400000,
            "scanTime": "03:00",
            "watchFiles": True,
            "backupRunWindow": {
                "alwaysRun": True,
                "startTimeOfDay": "09:00",
                "endTimeOfDay": "17:00",
                "days": ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"],
            },
            "backupPaths": {
                "paths": [],
                "excludePatterns": {"windows": [], "linux": [], "macintosh": [], "all": []},
            },
            "retentionPolicy": {
                "backupFrequencyMillis": 900000,
                "keepDeleted": True,
                "keepDeletedMinutes": 0,
                "versionLastWeekIntervalMinutes": 15,
                "versionLastNinetyDaysIntervalMinutes": 1440,
                "versionLastYearIntervalMinutes": 10080,
                "versionPrevYearsIntervalMinutes": 43200,
            },
        },
        "creationDate": "2020-01-10T18:00:00.000Z",
        "modificationDate": "2020-01-11T18:00:00.000Z",
    }


def _membership(uid: str = "955555555555555555", active: bool = True) -> dict[str, Any]:
    return {
        "legalHoldMembershipUid": uid,
        "active": active,
        "creationDate": "2019-05-17T15:07:44.820Z",
        "legalHold": {"legalHoldUid": "884488448844884488", "name": "Single matter"},
        "user": {
            "userUid": "912345678901234568",
            "username": "custodian@example.com",
            "email": "custodian@example.com",
            "userExtRef": None,
        },
    }


def _event_page() -> list[dict[str, Any]]:
    """crashplancli ``TEST_EVENT_PAGE`` shape: a bare list, one hold event and two membership events."""
    return [
        {
            "eventUid": "701",
            "eventType": "HOLD_CREATED",
            "eventDate": "2019-05-17T15:07:44.820Z",
            "legalHoldUid": "884488448844884488",
            "actorPrincipal": _user_principal(),
        },
        {
            "eventUid": "702",
            "eventType": "MEMBERSHIP_CREATED",
            "eventDate": "2019-05-17T15:08:00.001Z",
            "legalHoldUid": "884488448844884488",
            "legalHoldMembershipUid": "955555555555555555",
            "actorPrincipal": _api_key_principal(),
            "custodianPrincipal": {
                "type": "USER",
                "principalId": "912345678901234568",
                "displayName": "custodian@example.com",
                "user": {"email": "custodian@example.com"},
            },
        },
        {
            "eventUid": "703",
            "eventType": "MEMBERSHIP_DEACTIVATED",
            "eventDate": "2019-06-01T00:00:00.000Z",
            "legalHoldUid": "884488448844884488",
            "legalHoldMembershipUid": "955555555555555555",
            "actorPrincipal": _user_principal(),
            "custodianPrincipal": _user_principal(),
        },
    ]


# The keys every matter carries (its required fields).
MATTER_BASE: dict[str, Any] = {"legalHoldUid": "1", "name": "Matter", "active": True}


def _round_trips(model: PycpgModel, payload: dict[str, Any]) -> None:
    dumped = model.model_dump(by_alias=True, mode="json", exclude_unset=True)
    assert key_shape(dumped) == key_shape(payload)
    assert_wire_equal(dumped, payload)
    assert type(model).model_validate(model.model_dump(by_alias=True, mode="json")) == model


# Principals --------------------------------------------------------------------------


def test_user_principal() -> None:
    principal = Principal.model_validate(_user_principal())

    assert principal.type == "USER"
    assert principal.principal_id == "1000000000000000011"
    assert principal.display_name == "legal@example.com"
    assert principal.user == PrincipalUser(email="legal@example.com", first_name="Lee", last_name="Gall")


def test_api_key_principal_has_no_user() -> None:
    principal = Principal.model_validate(_api_key_principal())

    assert principal.type == "API_KEY"
    assert principal.principal_id is not None and principal.principal_id.startswith("key-")
    assert principal.user is None
    assert "user" not in principal.model_dump(by_alias=True, exclude_unset=True)


def test_principal_type_is_open() -> None:
    assert Principal.model_validate({"type": "EMPLOYEE", "principalId": "e-1"}).type == "EMPLOYEE"


# Matters -----------------------------------------------------------------------------


def test_older_matter_with_last_modified_and_user_principal() -> None:
    payload = _older_matter()

    matter = LegalHoldMatter.model_validate(payload)

    assert matter.legal_hold_uid == "123456789"
    assert matter.description == "" and matter.notes is None
    assert isinstance(matter.creator, Principal)
    assert matter.creator.user is not None and matter.creator.user.first_name == "Lee"
    assert matter.last_modified_date is None
    assert matter.modified == matter.last_modified
    assert matter.modified is not None and matter.modified.utcoffset() == timedelta(hours=-5)
    assert matter.policy_id == "987654321098765432" and matter.hold_policy_uid is None
    assert matter.model_extra == {}
    _round_trips(matter, payload)


def test_2025_matter_with_last_modified_date_and_api_key_creator() -> None:
    payload = _api_key_matter()

    matter = LegalHoldMatter.model_validate(payload)

    assert isinstance(matter.creator, Principal)
    assert matter.creator.type == "API_KEY" and matter.creator.user is None
    assert matter.last_modified is None
    assert matter.modified == matter.last_modified_date == datetime(2025, 6, 13, 14, 31, 58, 69000, tzinfo=UTC)
    assert matter.creation_date is not None and matter.creation_date.utcoffset() == timedelta(0)
    _round_trips(matter, payload)


def test_single_view_matter_with_v1_user_creator_and_hold_ext_ref() -> None:
    payload = _single_view_matter()

    matter = LegalHoldMatter.model_validate(payload)

    assert isinstance(matter.creator, LegalHoldUser)
    assert matter.creator.user_uid == "912345678901234567"
    assert matter.creator.username == "admin@example.com"
    assert matter.creator.user_ext_ref is None
    assert matter.hold_ext_ref is None and "hold_ext_ref" in matter.model_fields_set
    assert matter.hold_policy_uid == "966666666666666666" and matter.policy_id is None
    assert matter.modified is not None and matter.modified.utcoffset() == timedelta(hours=-6)
    _round_trips(matter, payload)


def test_modified_prefers_last_modified_date() -> None:
    matter = LegalHoldMatter.model_validate(
        {**MATTER_BASE, "lastModified": "2020-01-01T00:00:00.000Z", "lastModifiedDate": "2021-01-01T00:00:00.000Z"}
    )

    assert matter.modified == datetime(2021, 1, 1, tzinfo=UTC)
    assert LegalHoldMatter(legal_hold_uid="1", name="m", active=True).modified is None


@pytest.mark.parametrize(
    ("creator", "kind"),
    [
        ({"type": "USER", "principalId": "1"}, Principal),
        ({"principalId": "key-1"}, Principal),
        ({"type": "API_KEY"}, Principal),
        ({"principal_id": "1", "display_name": "by name"}, Principal),
        ({"userUid": "9", "username": "u@example.com"}, LegalHoldUser),
        ({"username": "u@example.com", "email": "u@example.com", "userExtRef": None, "userUid": "9"}, LegalHoldUser),
        ({"user_uid": "9", "username": "u"}, LegalHoldUser),
        ({}, Principal),
        ({"xNew": 1}, Principal),
    ],
)
def test_creator_shape_is_told_apart_by_its_keys(creator: dict[str, Any], kind: type[Any]) -> None:
    from_python = LegalHoldMatter.model_validate({**MATTER_BASE, "creator": creator}).creator
    from_json = LegalHoldMatter.model_validate_json(json.dumps({**MATTER_BASE, "creator": creator})).creator

    assert type(from_python) is kind
    assert type(from_json) is kind
    assert from_python == from_json


@pytest.mark.parametrize(
    ("creator", "missing"),
    [
        ({"username": "u@example.com", "email": "u@example.com", "userExtRef": None}, {"userUid"}),
        ({"user_uid": "9"}, {"username"}),
        ({"email": "u@example.com"}, {"userUid", "username"}),
    ],
)
def test_a_user_creator_without_its_uid_or_username_is_rejected_as_a_user(
    creator: dict[str, Any], missing: set[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        LegalHoldMatter.model_validate({**MATTER_BASE, "creator": creator})

    assert {e["loc"] for e in caught.value.errors()} == {("creator", "user", key) for key in missing}


def test_creator_kind_survives_a_round_trip_and_construction_by_name() -> None:
    user = LegalHoldMatter(
        legal_hold_uid="1", name="m", active=True,
        creator=LegalHoldUser(user_uid="9", username="u", email="u@example.com"),
    )
    principal = LegalHoldMatter(
        legal_hold_uid="2", name="n", active=False, creator=Principal(type="USER", principal_id="1")
    )

    for matter in (user, principal):
        again = LegalHoldMatter.model_validate(matter.model_dump(by_alias=True, exclude_unset=True))
        assert type(again.creator) is type(matter.creator)
        assert again == matter
    assert user.model_dump(by_alias=True, exclude_unset=True) == {
        "legalHoldUid": "1", "name": "m", "active": True,
        "creator": {"userUid": "9", "username": "u", "email": "u@example.com"},
    }


def test_creator_that_is_not_an_object_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        LegalHoldMatter.model_validate({**MATTER_BASE, "creator": "admin@example.com"})

    assert caught.value.errors()[0]["loc"] == ("creator",)
    assert LegalHoldMatter.model_validate({**MATTER_BASE, "creator": None}).creator is None


@pytest.mark.parametrize("key", sorted(MATTER_BASE))
def test_a_matter_without_its_uid_name_or_state_is_rejected(key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        LegalHoldMatter.model_validate({k: v for k, v in _api_key_matter().items() if k != key})

    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [((key,), "missing")]


def test_matter_strict_json() -> None:
    matter = LegalHoldMatter.model_validate_json(json.dumps(_single_view_matter()), strict=True)

    assert isinstance(matter.creator, LegalHoldUser)
    with pytest.raises(ValidationError):
        LegalHoldMatter.model_validate_json(json.dumps({**MATTER_BASE, "legalHoldUid": 123456789}), strict=True)
    assert LegalHoldMatter.model_validate({**MATTER_BASE, "legalHoldUid": 123456789}).legal_hold_uid == "123456789"


@settings(max_examples=15, deadline=None)
@given(legal_hold_matter_wire())
def test_generated_matter_creator_kind_follows_its_id_key(payload: dict[str, Any]) -> None:
    creator = LegalHoldMatter.model_validate(payload).creator

    if payload.get("creator") is None:
        assert creator is None
    elif "principalId" in payload["creator"]:
        assert isinstance(creator, Principal)
    else:
        assert isinstance(creator, LegalHoldUser)


# Matter and membership list envelopes --------------------------------------------------


def test_matter_list_accepts_a_bare_array() -> None:
    matters = MATTERS.validate_python([_older_matter(), _api_key_matter()])

    assert [m.legal_hold_uid for m in matters] == ["123456789", "1110000000000000001"]
    assert all(isinstance(m, LegalHoldMatter) for m in matters)


def test_matter_list_accepts_the_wrapped_object() -> None:
    body = json.dumps({"matters": [_older_matter(), _single_view_matter()]})

    matters = MATTERS.validate_json(body)

    assert [type(m.creator) for m in matters] == [Principal, LegalHoldUser]
    assert MATTERS.validate_python({"matters": []}) == []
    assert MATTERS.validate_json("[]") == []


def test_membership_list_accepts_both_envelopes() -> None:
    items = [_membership(), _membership("955555555555555556", active=False)]

    bare = MEMBERSHIPS.validate_python(items)
    wrapped = MEMBERSHIPS.validate_json(json.dumps({"memberships": items}))

    assert bare == wrapped
    assert [m.active for m in bare] == [True, False]
    assert MEMBERSHIPS.validate_python({"memberships": []}) == []


@pytest.mark.parametrize(
    ("adapter", "body"),
    [
        (MATTERS, {"memberships": []}),
        (MATTERS, {}),
        (MATTERS, {"totalCount": 0}),
        (MEMBERSHIPS, {"matters": []}),
        (MEMBERSHIPS, {"legalHoldMemberships": []}),
        (MATTERS, {"matters": None}),
        (MATTERS, "matters"),
    ],
)
def test_list_envelope_without_the_items_key_is_rejected(
    adapter: TypeAdapter[list[Any]], body: Any
) -> None:
    with pytest.raises(ValidationError):
        adapter.validate_python(body)
    with pytest.raises(ValidationError):
        adapter.validate_json(json.dumps(body))


@settings(max_examples=15, deadline=None)
@given(matter_list_wire(), membership_list_wire())
def test_generated_list_pages_parse_to_their_items(matters: Any, memberships: Any) -> None:
    matter_items = matters["matters"] if isinstance(matters, dict) else matters
    membership_items = memberships["memberships"] if isinstance(memberships, dict) else memberships

    parsed_matters = MATTERS.validate_json(json.dumps(matters))
    parsed_memberships = MEMBERSHIPS.validate_python(memberships)

    assert parsed_matters == [LegalHoldMatter.model_validate(m) for m in matter_items]
    assert parsed_memberships == [LegalHoldMembership.model_validate(m) for m in membership_items]


# Policy -------------------------------------------------------------------------------


def test_policy_sample() -> None:
    payload = _policy()

    policy = LegalHoldPolicy.model_validate(payload)

    assert policy.legal_hold_policy_uid == "966666666666666666"
    assert policy.creator_user is not None and policy.creator_user.user_id == 42
    assert policy.creator_principal is None
    assert policy.creation_date == datetime(2020, 1, 10, 18, tzinfo=UTC)
    rules = policy.policy
    assert rules is not None
    assert (rules.compression, rules.data_de_duplication, rules.scan_time) == ("ON", "FULL", "03:00")
    assert rules.data_de_dup_auto_max_file_size_for_lan == rules.data_de_dup_auto_max_file_size_for_wan == 1000000000
    assert rules.scan_interval_millis == 86400000 and rules.destinations == []
    assert rules.backup_run_window is not None and rules.backup_run_window.always_run is True
    assert rules.backup_run_window.days is not None and rules.backup_run_window.days[0] == "SUNDAY"
    assert rules.backup_paths is not None
    assert rules.backup_paths.exclude_patterns == ExcludePatterns(windows=[], linux=[], macintosh=[], all=[])
    assert rules.retention_policy is not None
    assert rules.retention_policy.version_last_ninety_days_interval_minutes == 1440
    assert rules.retention_policy.version_prev_years_interval_minutes == 43200
    _round_trips(policy, payload)


def test_incydr_style_policy_with_creator_principal() -> None:
    policy = LegalHoldPolicy.model_validate(
        {"legalHoldPolicyUid": "1", "name": "p", "creatorPrincipal": _api_key_principal()}
    )

    assert policy.creator_user is None
    assert policy.creator_principal is not None and policy.creator_principal.type == "API_KEY"


# Membership ---------------------------------------------------------------------------


def test_membership_sample() -> None:
    payload = _membership(active=False)

    membership = LegalHoldMembership.model_validate(payload)

    assert membership.legal_hold_membership_uid == "955555555555555555"
    assert membership.active is False
    assert membership.legal_hold == LegalHoldRef(legal_hold_uid="884488448844884488", name="Single matter")
    assert membership.user is not None
    assert membership.user.username == "custodian@example.com" and membership.user.user_ext_ref is None
    assert membership.creation_date is not None and membership.creation_date.utcoffset() == timedelta(0)
    _round_trips(membership, payload)


def test_membership_without_its_state_matter_or_user_is_rejected() -> None:
    # CrashPlan's own CLI reads active, legalHold.legalHoldUid, legalHold.name and
    # user.userUid/username of every membership it lists.
    with pytest.raises(ValidationError) as caught:
        LegalHoldMembership.model_validate({"legalHoldMembershipUid": "955555555555555557"})

    assert {e["loc"] for e in caught.value.errors()} == {("active",), ("legalHold",), ("user",)}
    with pytest.raises(ValidationError) as nested:
        LegalHoldMembership.model_validate({**_membership(), "legalHold": {"legalHoldUid": "1"}, "user": {}})
    assert {e["loc"] for e in nested.value.errors()} == {
        ("legalHold", "name"), ("user", "userUid"), ("user", "username")
    }


# Events -------------------------------------------------------------------------------


def test_v38_event_page() -> None:
    page = _event_page()

    events = TypeAdapter(list[LegalHoldEvent]).validate_json(json.dumps(page))

    hold, created, released = events
    assert hold.event_type == "HOLD_CREATED"
    assert hold.legal_hold_membership_uid is None and hold.custodian_principal is None
    assert hold.actor_principal is not None and hold.actor_principal.type == "USER"
    assert hold.event_date == datetime(2019, 5, 17, 15, 7, 44, 820000, tzinfo=UTC)
    assert created.actor_principal is not None and created.actor_principal.type == "API_KEY"
    assert created.custodian_principal is not None
    assert created.custodian_principal.user == PrincipalUser(email="custodian@example.com")
    assert created.legal_hold_membership_uid == released.legal_hold_membership_uid == "955555555555555555"
    assert released.event_type == "MEMBERSHIP_DEACTIVATED"
    assert all(e.actor_username is None and e.custodian_user_uid is None for e in events)
    for event, payload in zip(events, page):
        _round_trips(event, payload)


def test_v1_event_with_flattened_actor_and_custodian() -> None:
    payload = {
        "eventUid": "801",
        "eventType": "MembershipCreated",
        "eventDate": "2019-05-17T15:07:44.820-05:00",
        "legalHoldUid": "884488448844884488",
        "legalHoldMembershipUid": "955555555555555555",
        "custodianUserUid": "912345678901234568",
        "custodianUsername": "custodian@example.com",
        "custodianFirstName": "Cus",
        "custodianLastName": "Todian",
        "custodianUserExtRef": None,
        "custodianEmail": "custodian@example.com",
        "actorUserUid": "912345678901234567",
        "actorUsername": "admin@example.com",
        "actorFirstName": "Ada",
        "actorLastName": "Min",
        "actorUserExtRef": None,
        "actorEmail": "admin@example.com",
    }

    event = LegalHoldEvent.model_validate(payload)

    assert event.event_type == "MembershipCreated"
    assert event.actor_principal is None and event.custodian_principal is None
    assert (event.actor_user_uid, event.actor_username, event.actor_first_name) == (
        "912345678901234567", "admin@example.com", "Ada",
    )  # fmt: skip
    assert (event.custodian_last_name, event.custodian_email) == ("Todian", "custodian@example.com")
    assert event.actor_user_ext_ref is None and event.custodian_user_ext_ref is None
    assert event.model_extra == {}
    _round_trips(event, payload)


def test_event_type_is_open_and_unknown_keys_are_kept() -> None:
    base = {"eventUid": "1", "eventDate": "2019-05-17T15:07:44.820Z", "legalHoldUid": "2"}
    event = LegalHoldEvent.model_validate({**base, "eventType": "RESTORE", "restoreUid": "5"})
    newer = LegalHoldEvent.model_validate({**base, "eventType": "HOLD_RENAMED"})

    assert event.event_type == "RESTORE" and isinstance(event.event_type, LegalHoldEventType)
    assert newer.event_type == "HOLD_RENAMED" and type(newer.event_type) is str
    assert event.model_extra == {"restoreUid": "5"}
    dumped = event.model_dump(by_alias=True, exclude_unset=True, mode="json")
    assert dumped == {**base, "eventDate": "2019-05-17T15:07:44.820000Z", "eventType": "RESTORE", "restoreUid": "5"}
    with pytest.raises(ValidationError) as caught:
        LegalHoldEvent.model_validate({**base, "eventType": "HOLD_RENAMED"}, strict=True)
    assert caught.value.errors()[0]["loc"] == ("eventType",)


@pytest.mark.parametrize("key", ["eventUid", "eventType", "eventDate", "legalHoldUid"])
def test_an_event_without_a_required_key_is_rejected(key: str) -> None:
    payload = {k: v for k, v in _event_page()[0].items() if k != key}

    with pytest.raises(ValidationError) as caught:
        LegalHoldEvent.model_validate(payload)

    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [((key,), "missing")]


def test_wrongly_typed_event_date_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        LegalHoldEvent.model_validate({**_event_page()[0], "eventDate": "last week"})

    assert caught.value.errors()[0]["loc"] == ("eventDate",)
