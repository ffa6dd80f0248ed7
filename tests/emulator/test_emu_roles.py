"""``GET /api/v1/role`` and ``GET``/``PUT /api/v3/users/{uid}/roles``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg.emulator import Emulator
from tests.emulator.emu_support import (
    PERMISSION_DENIED,
    admin_token,
    call,
    data,
    parse_iso,
    restricted_token,
    v3_error_key,
)

ROLE_IDS = ("desktop-user", "proe-user", "customer-cloud-admin", "org-admin", "security-administrator",
            "legal-hold-administrator", "alert-emails")


def all_roles(emu: Emulator, token: str | None = None) -> requests.Response:
    return call(emu, "/api/v1/role", token or admin_token(emu))


def user_roles(emu: Emulator, user_uid: str, token: str | None = None) -> requests.Response:
    return call(emu, f"/api/v3/users/{user_uid}/roles", token or admin_token(emu))


def set_roles(emu: Emulator, user_uid: str, body: Any, token: str | None = None) -> requests.Response:
    return call(emu, f"/api/v3/users/{user_uid}/roles", token or admin_token(emu), "PUT", json=body)


def holders(emu: Emulator) -> dict[str, int]:
    return {role["roleId"]: role["numberOfUsers"] for role in data(all_roles(emu))}


def role_ids(response: requests.Response) -> list[str]:
    return [role["roleId"] for role in data(response)]


# -- GET /api/v1/role ------------------------------------------------------------------------


def test_role_list_is_a_bare_list_in_the_v1_envelope(emulator: Emulator) -> None:
    body = all_roles(emulator).json()
    assert set(body) == {"metadata", "data"} and isinstance(body["data"], list)
    assert [role["roleId"] for role in body["data"]] == list(ROLE_IDS)
    names = {role["roleId"]: role["roleName"] for role in body["data"]}
    assert names["desktop-user"] == "Desktop User" and names["proe-user"] == "PROe User"
    assert names["customer-cloud-admin"] == "Customer Cloud Admin" and names["org-admin"] == "Org Admin"
    assert names["security-administrator"] == "Security Administrator"
    for role in body["data"]:
        assert set(role) == {"roleId", "roleName", "locked", "numberOfUsers", "creationDate", "modificationDate",
                             "permissions"}
        assert isinstance(role["locked"], bool) and role["permissions"]
        assert all(set(item) == {"permission", "description"} for item in role["permissions"])
        parse_iso(role["creationDate"])


def test_number_of_users_counts_the_holders(emulator: Emulator) -> None:
    expected = {role_id: sum(role_id in [r.role_id for r in u.roles] for u in emulator.tenant.users)
                for role_id in ROLE_IDS}
    assert holders(emulator) == expected
    assert expected["customer-cloud-admin"] == 2 and expected["desktop-user"] == 20


# -- GET /api/v3/users/{uid}/roles -----------------------------------------------------------


def test_user_roles_use_the_v3_envelope(emulator: Emulator) -> None:
    body = user_roles(emulator, emulator.admin.user_uid).json()
    assert body["error"] is None and body["warnings"] is None
    assert [role["roleId"] for role in body["data"]] == ["customer-cloud-admin", "desktop-user"]
    for role in body["data"]:
        assert set(role) == {"roleId", "roleName", "creationDate", "modificationDate", "permissionIds"}
        assert role["permissionIds"] == [] and role["creationDate"].endswith("+00:00")


# -- PUT /api/v3/users/{uid}/roles -----------------------------------------------------------


def test_put_replaces_the_roles_and_collapses_duplicates(emulator: Emulator) -> None:
    target = emulator.tenant.users[6]
    before = holders(emulator)
    ids = ["org-admin", "desktop-user", "org-admin", "alert-emails"]
    response = set_roles(emulator, target.user_uid, {"roleIds": ids})
    assert response.status_code == 200 and response.json()["error"] is None
    assert role_ids(response) == ["org-admin", "desktop-user", "alert-emails"]
    assert role_ids(user_roles(emulator, target.user_uid)) == ["org-admin", "desktop-user", "alert-emails"]
    after = holders(emulator)
    assert after["org-admin"] == before["org-admin"] + 1 and after["alert-emails"] == before["alert-emails"] + 1
    user = data(call(emulator, f"/api/v1/User/{target.user_id}", admin_token(emulator), params={"incRoles": "true"}))
    assert user["roles"] == ["Org Admin", "Desktop User", "Alert Emails"]
    page = data(call(emulator, "/api/v1/User", admin_token(emulator), params={"roleId": "org-admin"}))
    assert [u["userUid"] for u in page["users"]] == [target.user_uid]


def test_put_an_empty_list_removes_every_role(emulator: Emulator) -> None:
    target = emulator.tenant.users[6]
    assert data(set_roles(emulator, target.user_uid, {"roleIds": []})) == []
    assert data(user_roles(emulator, target.user_uid)) == []


@pytest.mark.parametrize("ids", [["no-such-role"], ["desktop-user", "nope"], [7]])
def test_unknown_role_is_a_400_and_changes_nothing(emulator: Emulator, ids: list[Any]) -> None:
    target = emulator.tenant.users[6]
    before = data(user_roles(emulator, target.user_uid))
    response = set_roles(emulator, target.user_uid, {"roleIds": ids})
    assert response.status_code == 400 and v3_error_key(response) == "ROLE_NOT_FOUND"
    assert data(user_roles(emulator, target.user_uid)) == before


@pytest.mark.parametrize("body", [{}, {"roleIds": "desktop-user"}, {"roleIds": None}])
def test_role_ids_must_be_a_list(emulator: Emulator, body: dict[str, Any]) -> None:
    response = set_roles(emulator, emulator.tenant.users[6].user_uid, body)
    assert response.status_code == 400 and response.json()[0]["name"] == "SYSTEM"


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_unknown_user_is_404(emulator: Emulator, method: str) -> None:
    response = call(emulator, "/api/v3/users/123456789012345678/roles", admin_token(emulator), method,
                    json={"roleIds": ["desktop-user"]})
    assert response.status_code == 404 and v3_error_key(response) == "USER_NOT_FOUND"


# -- restricted role and journal ---------------------------------------------------------------


def test_restricted_user_reads_only_its_own_roles(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    assert role_ids(user_roles(emulator, emulator.restricted.user_uid, token)) == ["desktop-user"]
    for response in (all_roles(emulator, token), user_roles(emulator, emulator.admin.user_uid, token),
                     set_roles(emulator, emulator.restricted.user_uid, {"roleIds": ["customer-cloud-admin"]}, token)):
        assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    assert role_ids(user_roles(emulator, emulator.restricted.user_uid)) == ["desktop-user"]


def test_role_changes_are_journaled(emulator: Emulator) -> None:
    target = emulator.tenant.users[6]
    emulator.clear_journal()
    set_roles(emulator, target.user_uid, {"roleIds": ["proe-user"]})
    [entry] = emulator.journal
    assert (entry.method, entry.path, entry.json, entry.status) == (
        "PUT", f"/api/v3/users/{target.user_uid}/roles", {"roleIds": ["proe-user"]}, 200)


# -- random assignments --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(seed=32) as emu:
        yield emu


@settings(max_examples=30, deadline=None)
@given(index=st.integers(min_value=0, max_value=19), ids=st.lists(st.sampled_from(ROLE_IDS), max_size=8))
def test_random_assignments_keep_the_counts_consistent(shared: Emulator, index: int, ids: list[str]) -> None:
    target = shared.tenant.users[index]
    assert role_ids(set_roles(shared, target.user_uid, {"roleIds": ids})) == list(dict.fromkeys(ids))
    everyone = data(call(shared, "/api/v1/User", admin_token(shared), params={"incRoles": "true", "pgSize": 100}))
    names = {role["roleName"]: role["roleId"] for role in data(all_roles(shared))}
    expected = {role_id: 0 for role_id in ROLE_IDS}
    for user in everyone["users"]:
        for name in user["roles"]:
            expected[names[name]] += 1
    assert holders(shared) == expected
