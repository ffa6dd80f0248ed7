"""sdk.users write paths: exact requests, state changes, error mappings."""

from __future__ import annotations

from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.exceptions import (
    PycpgActiveLegalHoldError,
    PycpgError,
    PycpgForbiddenError,
    PycpgInvalidEmailError,
    PycpgInvalidPasswordError,
    PycpgInvalidUsernameError,
    PycpgOrgNotFoundError,
    PycpgUserAlreadyExistsError,
    PycpgUsernameMustBeEmailError,
)
from pycpg.models import Role, ScimUser, User, UserRole
from pycpg.sdk import SDKClient
from tests.journal import only_request


def _user(emulator: Emulator) -> Any:
    """An ordinary active user (not one of the sign-in accounts)."""
    accounts = {a.user_uid for a in (emulator.admin, emulator.plain_admin, emulator.restricted, emulator.sso_user)}
    return next(u for u in emulator.tenant.users if u.active and not u.blocked and u.user_uid not in accounts)


def _lookup_then(emulator: Emulator, user: Any) -> Any:
    """Assert the journal is [uid lookup, one action] and return the action."""
    lookup, action = emulator.journal
    assert (lookup.method, lookup.path, lookup.query) == ("GET", f"/api/v1/User/{user.user_id}", [])
    return action


def test_create_user_sends_every_key_and_the_user_appears(emulator: Emulator, sdk: SDKClient) -> None:
    org = emulator.tenant.orgs[1]
    response = sdk.users.create_user(org.org_uid, "new.person@example.com", "new.person@example.com", "Passw0rd!x", "New", "Person", "hired")
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("POST", "/api/v1/User", [])
    assert entry.json == {
        "orgUid": org.org_uid, "username": "new.person@example.com", "email": "new.person@example.com",
        "password": "Passw0rd!x", "firstName": "New", "lastName": "Person", "notes": "hired",
    }
    created = response.model()
    assert isinstance(created, User)
    assert (created.username, created.org_uid, created.first_name) == ("new.person@example.com", org.org_uid, "New")
    assert "password" not in response.data
    listed = sdk.users.get_by_username("new.person@example.com").model().users
    assert [u.user_uid for u in listed] == [created.user_uid]


def test_create_user_keeps_nulls_for_missing_arguments(emulator: Emulator, sdk: SDKClient) -> None:
    org = emulator.tenant.orgs[0]
    sdk.users.create_user(org.org_uid, "bare@example.com", "bare@example.com")
    assert only_request(emulator).json == {
        "orgUid": org.org_uid, "username": "bare@example.com", "email": "bare@example.com",
        "password": None, "firstName": None, "lastName": None, "notes": None,
    }


def test_create_duplicate_user_raises_already_exists_and_is_sent_once(emulator: Emulator, sdk: SDKClient) -> None:
    existing = _user(emulator)
    with pytest.raises(PycpgUserAlreadyExistsError) as caught:
        sdk.users.create_user(existing.org.org_uid, existing.username, "x@example.com")
    assert caught.value.response.status_code >= 500
    assert "USER_DUPLICATE" in caught.value.response.text
    only_request(emulator)  # pycpg 1.0 sent the failing POST twice


def test_create_user_in_unknown_org(sdk: SDKClient) -> None:
    with pytest.raises(PycpgOrgNotFoundError) as caught:
        sdk.users.create_user("no-such-org", "a@example.com", "a@example.com")
    assert caught.value.org_uid == "no-such-org"


def test_get_scim_data(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    response = sdk.users.get_scim_data_by_uid(user.user_uid)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == (
        "GET", "/api/v38/scim-user-data/collated-view", [("userId", user.user_uid)],
    )
    assert isinstance(response.model(), ScimUser)


def test_block_and_unblock(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    response = sdk.users.block(user.user_id)
    entry = _lookup_then(emulator, user)
    assert (entry.method, entry.path, entry.body) == ("POST", f"/api/v3/users/{user.user_uid}/block", b"")
    assert response.model() is None
    assert sdk.users.get_by_uid(user.user_uid).model().blocked is True
    emulator.clear_journal()
    sdk.users.unblock(user.user_id)
    entry = _lookup_then(emulator, user)
    assert (entry.method, entry.path) == ("POST", f"/api/v3/users/{user.user_uid}/unblock")
    assert sdk.users.get_by_uid(user.user_uid).model().blocked is False


def test_deactivate_and_reactivate_with_flags(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    sdk.users.deactivate(user.user_id)
    entry = _lookup_then(emulator, user)
    assert (entry.method, entry.path, entry.json) == ("POST", f"/api/v3/users/{user.user_uid}/deactivate", {"block": None})
    model = sdk.users.get_by_uid(user.user_uid).model()
    assert (model.active, model.blocked) == (False, False)

    emulator.clear_journal()
    sdk.users.reactivate(user.user_id)
    entry = _lookup_then(emulator, user)
    assert (entry.path, entry.json) == (f"/api/v3/users/{user.user_uid}/activate", {"unblock": None})
    assert sdk.users.get_by_uid(user.user_uid).model().active is True

    emulator.clear_journal()
    sdk.users.deactivate(user.user_id, block_user=True)
    assert _lookup_then(emulator, user).json == {"block": True}
    model = sdk.users.get_by_uid(user.user_uid).model()
    assert (model.active, model.blocked) == (False, True)

    emulator.clear_journal()
    sdk.users.reactivate(user.user_id, unblock_user=True)
    assert _lookup_then(emulator, user).json == {"unblock": True}
    model = sdk.users.get_by_uid(user.user_uid).model()
    assert (model.active, model.blocked) == (True, False)


def test_deactivate_user_on_legal_hold(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    emulator.place_on_legal_hold(user.user_uid)
    with pytest.raises(PycpgActiveLegalHoldError) as caught:
        sdk.users.deactivate(user.user_id)
    assert (caught.value.resource, caught.value.resource_id) == ("user", user.user_id)
    assert caught.value.response.status_code == 400
    assert sdk.users.get_by_uid(user.user_uid).model().active is True


def test_change_org_assignment(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    target = next(o for o in emulator.tenant.orgs if o is not user.org)
    sdk.users.change_org_assignment(user.user_id, target.org_id)
    entry = _lookup_then(emulator, user)
    assert (entry.method, entry.path, entry.json) == ("POST", f"/api/v3/users/{user.user_uid}/move", {"orgId": target.org_id})
    assert sdk.users.get_by_uid(user.user_uid).model().org_uid == target.org_uid


def test_roles_are_listed_typed(emulator: Emulator, sdk: SDKClient) -> None:
    available = sdk.users.get_available_roles()
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("GET", "/api/v1/role", [])
    roles = available.model()
    assert roles and all(isinstance(r, Role) for r in roles)
    user = _user(emulator)
    emulator.clear_journal()
    assigned = sdk.users.get_roles(user.user_id)
    entry = _lookup_then(emulator, user)
    assert (entry.method, entry.path) == ("GET", f"/api/v3/users/{user.user_uid}/roles")
    assert [r.role_id for r in assigned.model()] == [r.role_id for r in user.roles]
    assert all(isinstance(r, UserRole) for r in assigned.model())


def _role_ids(sdk: SDKClient, user: Any) -> list[str]:
    return [str(r.role_id) for r in sdk.users.get_roles(user.user_id).model()]


def test_add_role_by_name_or_id(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    before = _role_ids(sdk, user)
    new = next(r for r in sdk.users.get_available_roles().model() if str(r.role_id) not in before)
    emulator.clear_journal()
    response = sdk.users.add_role(user.user_id, str(new.role_name))
    assert [(e.method, e.path) for e in emulator.journal] == [
        ("GET", f"/api/v1/User/{user.user_id}"),
        ("GET", f"/api/v3/users/{user.user_uid}/roles"),
        ("GET", "/api/v1/role"),
        ("PUT", f"/api/v3/users/{user.user_uid}/roles"),
    ]
    assert emulator.journal[-1].json == {"roleIds": [*before, str(new.role_id)]}
    assert [str(r.role_id) for r in response.model()] == [*before, str(new.role_id)]
    emulator.clear_journal()
    sdk.users.add_role(user.user_id, str(new.role_id))  # already assigned: not duplicated
    assert emulator.journal[-1].json == {"roleIds": [*before, str(new.role_id)]}


def test_add_unknown_role_raises_without_changing_roles(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    with pytest.raises(PycpgError, match="No role is named 'Galactic Overlord'"):
        sdk.users.add_role(user.user_id, "Galactic Overlord")
    assert all(e.method == "GET" for e in emulator.journal)


def test_remove_role(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    before = _role_ids(sdk, user)
    assert before
    emulator.clear_journal()
    sdk.users.remove_role(user.user_id, before[0])
    assert emulator.journal[-1].json == {"roleIds": before[1:]}
    assert _role_ids(sdk, user) == before[1:]


def test_remove_role_the_user_lacks_raises_clear_error(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    before = _role_ids(sdk, user)
    missing = next(r for r in sdk.users.get_available_roles().model() if str(r.role_id) not in before)
    emulator.clear_journal()
    with pytest.raises(PycpgError, match="does not have the role"):
        sdk.users.remove_role(user.user_id, str(missing.role_name))
    assert all(e.method == "GET" for e in emulator.journal)


def test_update_user_sends_only_given_fields(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    response = sdk.users.update_user(user.user_uid, email="changed@example.com", archive_size_quota_bytes=10**9)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("PUT", f"/api/v1/User/{user.user_uid}", [("idType", "uid")])
    assert entry.json == {"email": "changed@example.com", "quotaInBytes": 10**9}
    model = response.model()
    assert (model.email, model.quota_in_bytes, model.username) == ("changed@example.com", 10**9, user.username)


def test_update_user_sends_every_field_under_its_wire_name(emulator: Emulator, sdk: SDKClient) -> None:
    user = _user(emulator)
    sdk.users.update_user(user.user_uid, "renamed@example.com", "r@example.com", "Longenough1", "F", "L", "N", -1)
    assert only_request(emulator).json == {
        "username": "renamed@example.com", "email": "r@example.com", "password": "Longenough1",
        "firstName": "F", "lastName": "L", "notes": "N", "quotaInBytes": -1,
    }


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"username": "not-an-email"}, PycpgUsernameMustBeEmailError),
        ({"email": "broken"}, PycpgInvalidEmailError),
        ({"password": "short"}, PycpgInvalidPasswordError),
        ({"username": "has space@example.com"}, PycpgInvalidUsernameError),
    ],
)
def test_update_user_error_mappings(
    emulator: Emulator, sdk: SDKClient, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    user = next(u for u in emulator.tenant.users if u.username_is_an_email)
    with pytest.raises(error) as caught:
        sdk.users.update_user(user.user_uid, **kwargs)
    if isinstance(caught.value, PycpgInvalidEmailError):
        assert caught.value.email == "broken"
    only_request(emulator)


def test_restricted_user_cannot_block_users(emulator: Emulator) -> None:
    import pycpg.sdk

    account = emulator.restricted
    restricted = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
    me = restricted.users.get_current().model()
    assert me.user_id is not None
    with pytest.raises(PycpgForbiddenError):
        restricted.users.block(me.user_id)
