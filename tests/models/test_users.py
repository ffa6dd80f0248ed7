"""User and UserPage on realistic ``/api/v1/User`` payloads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from pycpg.models import User, UserPage

# Keys of a documented ``/api/v1/User`` item and those pycpg 1.0 reads.
USER_WIRE_KEYS = {
    "userId", "userUid", "status", "username", "email", "firstName", "lastName",
    "quotaInBytes", "orgId", "orgUid", "orgName", "orgType", "userExtRef", "notes",
    "active", "blocked", "emailPromo", "invited", "passwordReset",
    "localAuthenticationOnly", "usernameIsAnEmail", "creationDate", "modificationDate",
    "licenses", "roles",
}  # fmt: skip


def _user(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "userId": 77,
        "userUid": "917654321098765432",
        "status": "Active",
        "username": "pat@example.com",
        "email": None,
        "firstName": "Pat",
        "lastName": None,
        "quotaInBytes": -1,
        "orgId": 5,
        "orgUid": "915555555555555555",
        "orgName": "Engineering",
        "orgType": "ENTERPRISE",
        "userExtRef": None,
        "notes": None,
        "active": True,
        "blocked": False,
        "emailPromo": True,
        "invited": False,
        "passwordReset": False,
        "localAuthenticationOnly": False,
        "usernameIsAnEmail": True,
        "creationDate": "2014-08-07T15:31:21.466-05:00",
        "modificationDate": "2020-10-12T16:55:40.632Z",
        "licenses": [],
    }
    payload.update(overrides)
    return payload


def test_model_aliases_are_exactly_the_spec_wire_keys() -> None:
    assert {f.alias for f in User.model_fields.values()} == USER_WIRE_KEYS


def test_user_with_null_email() -> None:
    user = User.model_validate(_user())

    assert user.email is None
    assert user.username == "pat@example.com"
    assert user.user_uid == "917654321098765432"
    assert user.quota_in_bytes == -1
    assert user.licenses == []
    assert user.roles is None
    assert user.creation_date is not None
    assert user.creation_date.utcoffset() == timedelta(hours=-5)
    assert user.model_dump(by_alias=True, exclude_unset=True)["email"] is None


def test_user_roles_are_role_names() -> None:
    user = User.model_validate(_user(roles=["Desktop User"], licenses=["admin.securityTools"]))

    assert user.roles == ["Desktop User"]
    assert user.licenses == ["admin.securityTools"]


def test_on_prem_alphanumeric_uid_and_word_org_uid() -> None:
    user = User.model_validate(_user(userUid="a1b2c3d4e5f6g7h8", orgUid="DEFAULT_CUSTOMER_ORG_ID"))

    assert user.user_uid == "a1b2c3d4e5f6g7h8"
    assert user.org_uid == "DEFAULT_CUSTOMER_ORG_ID"


def test_minimal_user_from_get_by_id() -> None:
    # pycpg 1.0's get_by_id mock (trimmed), plus ``active``, which every real user carries.
    user = User.model_validate(
        {"userId": 1, "userUid": "1", "status": "Active", "username": "u", "email": "u@x", "firstName": "U",
         "lastName": "X", "active": True}
    )

    assert user.model_fields_set == {
        "user_id", "user_uid", "status", "username", "email", "first_name", "last_name", "active",
    }  # fmt: skip
    assert user.org_id is None


@pytest.mark.parametrize("key", ["userId", "userUid", "status", "username", "active"])
def test_a_user_without_a_required_key_is_rejected(key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        User.model_validate({k: v for k, v in _user().items() if k != key})

    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [((key,), "missing")]


def test_string_user_id_becomes_an_int_unless_strict() -> None:
    assert User.model_validate(_user(userId="78")).user_id == 78
    with pytest.raises(ValidationError):
        User.model_validate(_user(userId="78"), strict=True)


def test_user_page() -> None:
    page = UserPage.model_validate(
        {"totalCount": 3, "users": [_user(), _user(userId=78, email="sam@example.com")]}
    )

    assert page.total_count == 3
    assert [u.user_id for u in page.users] == [77, 78]
    assert page.users[1].email == "sam@example.com"
    assert page.model_dump(by_alias=True, exclude_unset=True)["users"][1]["email"] == "sam@example.com"


def test_user_page_requires_its_users() -> None:
    assert UserPage.model_validate({"users": []}).users == []
    with pytest.raises(ValidationError) as caught:
        UserPage.model_validate({"totalCount": 0})  # pycpg 1.0 pages on page["users"]
    assert [e["loc"] for e in caught.value.errors()] == [("users",)]
