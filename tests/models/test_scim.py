"""ScimUser on ``GET /api/v38/scim-user-data/collated-view`` payloads."""

from __future__ import annotations

from typing import Any

from pycpg.models import ScimUser

# Keys of CrashPlan's own CLI's collated-view fixture.
SCIM_USER_WIRE_KEYS = {
    "tenantId", "userId", "userName", "displayName", "notes", "managerUid", "managerUsername",
    "managerDisplayName", "title", "division", "department", "employmentType", "city", "state",
    "country",
}  # fmt: skip


def _scim(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "tenantId": "ExampleTenant",
        "userId": 24680,
        "userName": "jo.doe@example.com",
        "displayName": "Jo Doe",
        "notes": "Notes about Jo.",
        "managerUid": 13579,
        "managerUsername": "boss@example.com",
        "managerDisplayName": "The Boss",
        "title": "Engineer",
        "division": "Engineering",
        "department": "R&D",
        "employmentType": "Full-time",
        "city": "Springfield",
        "state": "MN",
        "country": "US",
    }
    payload.update(overrides)
    return payload


def test_model_aliases_are_exactly_the_spec_wire_keys() -> None:
    assert {f.alias for f in ScimUser.model_fields.values()} == SCIM_USER_WIRE_KEYS
    assert ScimUser.model_fields["user_name"].alias == "userName"
    assert ScimUser.model_fields["manager_username"].alias == "managerUsername"


def test_collated_view_sample() -> None:
    payload = _scim()

    user = ScimUser.model_validate(payload)

    assert user.tenant_id == "ExampleTenant"
    assert user.user_id == 24680
    assert user.user_name == "jo.doe@example.com"
    assert user.display_name == "Jo Doe"
    assert user.manager_uid == 13579 and type(user.manager_uid) is int
    assert user.manager_username == "boss@example.com"
    assert user.manager_display_name == "The Boss"
    assert (user.title, user.division, user.department) == ("Engineer", "Engineering", "R&D")
    assert user.employment_type == "Full-time"
    assert (user.city, user.state, user.country) == ("Springfield", "MN", "US")
    assert user.model_dump(by_alias=True) == payload


def test_lower_case_username_key_does_not_bind_to_user_name() -> None:
    user = ScimUser.model_validate({"username": "jo@example.com"})

    assert user.user_name is None
    assert user.model_extra == {"username": "jo@example.com"}


def test_string_manager_uid_and_extra_sample_keys_are_kept() -> None:
    user = ScimUser.model_validate(
        _scim(managerUid="917654321098765432", cloudAliases=["jo@example.com"], riskFactors=["FLIGHT_RISK"])
    )

    assert user.manager_uid == "917654321098765432"
    assert user.model_extra == {"cloudAliases": ["jo@example.com"], "riskFactors": ["FLIGHT_RISK"]}
    assert user.model_dump(by_alias=True)["riskFactors"] == ["FLIGHT_RISK"]


def test_nulls_are_accepted() -> None:
    user = ScimUser.model_validate(_scim(notes=None, managerUid=None, title=None))

    assert user.notes is None and user.manager_uid is None and user.title is None
    assert user.model_fields_set == set(ScimUser.model_fields)
    assert user.model_dump(by_alias=True, exclude_unset=True)["managerUid"] is None
