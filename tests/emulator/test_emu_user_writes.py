"""``POST /api/v1/User``, ``PUT /api/v1/User/{uid}`` and the SCIM collated view."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from pycpg.emulator import Emulator
from pycpg.emulator.records import UserRecord
from tests.emulator.emu_support import (
    PERMISSION_DENIED,
    admin_token,
    call,
    data,
    parse_iso,
    restricted_token,
    v38_problem,
    validation_code,
)

DIGITS_18 = re.compile(r"^[1-9]\d{17}$")


def new_user_body(emu: Emulator, **overrides: Any) -> dict[str, Any]:
    """What ``users.create_user`` sends: every key, nulls kept."""
    body: dict[str, Any] = {"orgUid": emu.tenant.orgs[1].org_uid, "username": "new.hire@example.com",
                            "email": "new.hire@example.com", "password": "correct horse",
                            "firstName": "Nia", "lastName": "Hire", "notes": None}
    body.update(overrides)
    return body


def update_body(**changes: Any) -> dict[str, Any]:
    """What ``users.update_user`` sends: all keys always, nulls for the unchanged ones."""
    keys = ("username", "email", "password", "firstName", "lastName", "notes", "quotaInBytes")
    return {key: changes.get(key) for key in keys}


def create(emu: Emulator, body: dict[str, Any], token: str | None = None) -> requests.Response:
    return call(emu, "/api/v1/User", token or admin_token(emu), "POST", json=body)


def update(emu: Emulator, user_uid: str, body: Any, token: str | None = None) -> requests.Response:
    return call(emu, f"/api/v1/User/{user_uid}?idType=uid", token or admin_token(emu), "PUT", json=body)


def read_user(emu: Emulator, user_uid: str) -> dict[str, Any]:
    response = call(emu, f"/api/v1/User/{user_uid}", admin_token(emu), params={"idType": "uid", "incRoles": "true"})
    assert response.status_code == 200, response.text
    user: dict[str, Any] = data(response)
    return user


def email_user(emu: Emulator) -> UserRecord:
    """An ordinary user whose username is an email."""
    return next(u for u in emu.tenant.users[4:] if u.username_is_an_email and u.email)


# -- create ---------------------------------------------------------------------------------


def test_create_returns_the_new_user_in_the_v1_envelope(emulator: Emulator) -> None:
    highest = max(user.user_id for user in emulator.tenant.users)
    response = create(emulator, new_user_body(emulator))
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"metadata", "data"} and body["metadata"]["params"] == {}
    user = body["data"]
    org = emulator.tenant.orgs[1]
    assert user["userId"] == highest + 1 and DIGITS_18.match(user["userUid"])
    assert (user["username"], user["email"], user["firstName"], user["lastName"], user["notes"]) == (
        "new.hire@example.com", "new.hire@example.com", "Nia", "Hire", None)
    assert (user["orgUid"], user["orgId"], user["orgName"]) == (org.org_uid, org.org_id, org.org_name)
    assert user["status"] == "Active" and user["active"] and not user["blocked"]
    assert user["quotaInBytes"] == -1 and user["usernameIsAnEmail"] is True
    assert parse_iso(user["creationDate"]) == parse_iso(user["modificationDate"])
    assert "password" not in user and "correct horse" not in response.text


def test_created_user_is_visible_in_later_reads(emulator: Emulator) -> None:
    created = data(create(emulator, new_user_body(emulator)))
    assert read_user(emulator, created["userUid"]) == {**created, "roles": ["Desktop User"]}
    page = data(call(emulator, "/api/v1/User", admin_token(emulator), params={"username": "NEW.HIRE@example.com"}))
    assert page["totalCount"] == 1 and page["users"][0]["userUid"] == created["userUid"]
    assert len(emulator.tenant.users) == 21


def test_create_keeps_nulls_and_a_plain_username(emulator: Emulator) -> None:
    body = new_user_body(emulator, username="jdoe", email=None, password=None, firstName=None, lastName=None)
    user = data(create(emulator, body))
    assert (user["username"], user["email"], user["firstName"], user["lastName"]) == ("jdoe", None, None, None)
    assert user["usernameIsAnEmail"] is False


@pytest.mark.parametrize("org_uid", ["123", None, ""])
def test_create_in_an_unknown_org_is_a_400_pycpg_recognises(emulator: Emulator, org_uid: str | None) -> None:
    response = create(emulator, new_user_body(emulator, orgUid=org_uid))
    assert response.status_code == 400
    assert response.json() == [{"name": "SYSTEM", "description": "Organization was not found"}]
    assert len(emulator.tenant.users) == 20


@pytest.mark.parametrize(("overrides", "code"), [
    ({"username": None}, "INVALID_USERNAME"),
    ({"username": "   "}, "INVALID_USERNAME"),
    ({"username": "two words@example.com"}, "INVALID_USERNAME"),
    ({"email": "not-an-email"}, "EMAIL_INVALID"),
    ({"email": ""}, "EMAIL_INVALID"),
    ({"password": "short"}, "NEW_PASSWORD_INVALID"),
    ({"password": ""}, "NEW_PASSWORD_INVALID"),
    ({"username": "ADMIN@example.com"}, "USER_DUPLICATE"),
])
def test_create_validation_codes(emulator: Emulator, overrides: dict[str, Any], code: str) -> None:
    response = create(emulator, new_user_body(emulator, **overrides))
    assert validation_code(response) == code
    assert code in response.text
    assert len(emulator.tenant.users) == 20


def test_create_reports_the_first_broken_rule(emulator: Emulator) -> None:
    response = create(emulator, new_user_body(emulator, username="a b", email="x", password="y"))
    assert validation_code(response) == "INVALID_USERNAME"


@pytest.mark.parametrize("body", [[1, 2], "text", {"orgUid": 5}])
def test_create_with_a_malformed_body_is_a_400(emulator: Emulator, body: Any) -> None:
    response = create(emulator, body)
    assert response.status_code == 400
    assert response.json()[0]["name"] == "SYSTEM"


# -- update ---------------------------------------------------------------------------------


def test_update_changes_the_given_fields_and_keeps_null_ones(emulator: Emulator) -> None:
    target = email_user(emulator)
    before = read_user(emulator, target.user_uid)
    response = update(emulator, target.user_uid, update_body(firstName="Renée", notes="On leave",
                                                             quotaInBytes=5 * 1024**3))
    assert response.status_code == 200, response.text
    assert response.json()["metadata"]["params"] == {"idType": "uid"}
    after = data(response)
    assert (after["firstName"], after["notes"], after["quotaInBytes"]) == ("Renée", "On leave", 5 * 1024**3)
    unchanged = ("username", "email", "lastName", "userId", "orgUid", "status", "creationDate")
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    assert parse_iso(after["modificationDate"]) > parse_iso(before["modificationDate"])
    assert read_user(emulator, target.user_uid) == {**after, "roles": before["roles"]}


def test_update_with_absent_keys_changes_nothing_else(emulator: Emulator) -> None:
    target = email_user(emulator)
    before = read_user(emulator, target.user_uid)
    after = data(update(emulator, target.user_uid, {"lastName": "Okoye"}))
    assert after["lastName"] == "Okoye" and after["firstName"] == before["firstName"]


def test_rename_moves_the_username_lookup(emulator: Emulator) -> None:
    target = email_user(emulator)
    old = target.username
    assert data(update(emulator, target.user_uid, update_body(username="renamed@example.com")))["username"] == (
        "renamed@example.com")
    token = admin_token(emulator)
    assert data(call(emulator, "/api/v1/User", token, params={"username": old}))["totalCount"] == 0
    found = data(call(emulator, "/api/v1/User", token, params={"username": "Renamed@Example.com"}))["users"]
    assert [user["userUid"] for user in found] == [target.user_uid]


def test_renaming_to_the_own_name_in_another_case_is_allowed(emulator: Emulator) -> None:
    target = email_user(emulator)
    response = update(emulator, target.user_uid, update_body(username=target.username.upper()))
    assert response.status_code == 200 and data(response)["username"] == target.username.upper()


def test_quota_accepts_a_numeric_string_and_minus_one(emulator: Emulator) -> None:
    target = email_user(emulator)
    assert data(update(emulator, target.user_uid, update_body(quotaInBytes="1024")))["quotaInBytes"] == 1024
    assert data(update(emulator, target.user_uid, update_body(quotaInBytes=-1)))["quotaInBytes"] == -1


@pytest.mark.parametrize("quota", [-2, "lots", 1.5, True])
def test_invalid_quota_is_a_400(emulator: Emulator, quota: Any) -> None:
    response = update(emulator, email_user(emulator).user_uid, update_body(quotaInBytes=quota))
    assert response.status_code == 400 and "quotaInBytes" in response.json()[0]["description"]


@pytest.mark.parametrize(("changes", "code"), [
    ({"username": "plainname"}, "USERNAME_NOT_AN_EMAIL"),
    ({"email": "nope"}, "EMAIL_INVALID"),
    ({"password": "1234567"}, "NEW_PASSWORD_INVALID"),
    ({"username": "has space@example.com"}, "INVALID_USERNAME"),
    ({"username": ""}, "INVALID_USERNAME"),
    ({"username": "Restricted.User@example.com"}, "USER_DUPLICATE"),
])
def test_update_validation_codes_leave_the_user_unchanged(emulator: Emulator, changes: dict[str, Any],
                                                          code: str) -> None:
    target = email_user(emulator)
    before = read_user(emulator, target.user_uid)
    response = update(emulator, target.user_uid, update_body(**changes, notes="should not stick"))
    assert validation_code(response) == code
    assert read_user(emulator, target.user_uid) == before


def test_a_plain_username_stays_allowed_for_a_non_email_user(emulator: Emulator) -> None:
    target = next(u for u in emulator.tenant.users if u.username_is_an_email is False)
    response = update(emulator, target.user_uid, update_body(username="plainer"))
    assert response.status_code == 200 and data(response)["username"] == "plainer"


@pytest.mark.parametrize(("key", "params"), [("123456789012345678", "?idType=uid"), ("nope", "")])
def test_update_of_an_unknown_user_is_404(emulator: Emulator, key: str, params: str) -> None:
    response = call(emulator, f"/api/v1/User/{key}{params}", admin_token(emulator), "PUT", json=update_body())
    assert response.status_code == 404
    assert response.json() == [{"name": "SYSTEM", "description": "User not found"}]


# -- passwords ---------------------------------------------------------------------------------


def jwt_status(emu: Emulator, username: str, password: str) -> int:
    return call(emu, "/api/v3/auth/jwt", params={"useBody": "true"}, auth=(username, password)).status_code


def test_updated_password_signs_a_login_account_in(emulator: Emulator) -> None:
    account = emulator.plain_admin
    response = update(emulator, account.user_uid, update_body(password="a brand new secret"))
    assert response.status_code == 200
    assert "password" not in data(response) and "a brand new secret" not in response.text
    assert jwt_status(emulator, account.username, "a brand new secret") == 200
    assert jwt_status(emulator, account.username, account.password) == 401


def test_renamed_login_account_signs_in_with_its_new_name(emulator: Emulator) -> None:
    account = emulator.plain_admin
    assert update(emulator, account.user_uid, update_body(username="boss@example.com")).status_code == 200
    assert jwt_status(emulator, "boss@example.com", account.password) == 200
    assert jwt_status(emulator, account.username, account.password) == 401


def test_passwords_never_appear_in_user_reads(emulator: Emulator) -> None:
    create(emulator, new_user_body(emulator, password="hunter2hunter2"))
    token = admin_token(emulator)
    text = call(emulator, "/api/v1/User", token, params={"pgSize": 1000, "incRoles": "true"}).text
    assert "hunter2hunter2" not in text and emulator.plain_admin.password not in text
    assert '"password"' not in text


# -- restricted role and journal ---------------------------------------------------------------


def test_restricted_user_cannot_create_or_update(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    response = create(emulator, new_user_body(emulator), token)
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    own = emulator.restricted.user_uid
    before = read_user(emulator, own)
    response = update(emulator, own, update_body(firstName="Me"), token)
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    assert read_user(emulator, own) == before and len(emulator.tenant.users) == 20


def test_writes_are_journaled(emulator: Emulator) -> None:
    emulator.clear_journal()
    body = new_user_body(emulator)
    created = data(create(emulator, body))
    update(emulator, created["userUid"], update_body(email="bad"))
    first, second = emulator.journal
    assert (first.method, first.path, first.json, first.status) == ("POST", "/api/v1/User", body, 200)
    assert (second.method, second.path, second.params, second.status) == (
        "PUT", f"/api/v1/User/{created['userUid']}", {"idType": "uid"}, 500)
    assert second.json == update_body(email="bad")


# -- SCIM collated view ------------------------------------------------------------------------

SCIM_FIELDS = {"tenantId", "userId", "userName", "displayName", "notes", "managerUid", "managerUsername",
               "managerDisplayName", "title", "division", "department", "employmentType", "city", "state",
               "country"}


def scim(emu: Emulator, user_uid: str | None, token: str | None = None) -> requests.Response:
    params = {} if user_uid is None else {"userId": user_uid}
    return call(emu, "/api/v38/scim-user-data/collated-view", token or admin_token(emu), params=params)


def test_scim_view_is_a_bare_object_about_the_user(emulator: Emulator) -> None:
    target = emulator.tenant.users[6]
    response = scim(emulator, target.user_uid)
    assert response.status_code == 200
    view = response.json()
    assert set(view) == SCIM_FIELDS
    assert view["userId"] == int(target.user_uid) and view["userName"] == target.username
    assert view["tenantId"] == emulator.tenant_uid and view["department"] == target.org.org_name
    manager = emulator.tenant.user_by_uid(str(view["managerUid"]))
    assert manager is not None and manager is not target and manager.org is target.org
    assert view["managerUsername"] == manager.username
    assert all(isinstance(view[key], str) for key in ("title", "division", "employmentType", "city", "country"))


def test_scim_view_follows_user_changes(emulator: Emulator) -> None:
    target = email_user(emulator)
    update(emulator, target.user_uid, update_body(firstName="Zoë", lastName="Quist", notes="Contractor"))
    view = scim(emulator, target.user_uid).json()
    assert (view["displayName"], view["notes"], view["employmentType"]) == ("Zoë Quist", "Contractor", "Contractor")


@pytest.mark.parametrize("user_uid", ["123456789012345678", None])
def test_scim_view_of_an_unknown_user_is_404(emulator: Emulator, user_uid: str | None) -> None:
    response = scim(emulator, user_uid)
    assert response.status_code == 404 and v38_problem(response) == "USER_NOT_FOUND"


def test_restricted_user_reads_only_its_own_scim_view(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    assert scim(emulator, emulator.restricted.user_uid, token).status_code == 200
    response = scim(emulator, emulator.admin.user_uid, token)
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
