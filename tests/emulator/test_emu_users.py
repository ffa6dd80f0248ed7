"""``/api/v1/User`` endpoints: filters, lookups, envelopes, permissions."""

from __future__ import annotations

from typing import Any

import pytest

from pycpg.emulator import Emulator
from tests.emulator.emu_support import admin_token, call, data, restricted_token

PERMISSION_DENIED = [{"name": "SYSTEM", "description": "Permission denied"}]


def users_page(emu: Emulator, **params: Any) -> dict[str, Any]:
    response = call(emu, "/api/v1/User", admin_token(emu), params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = data(response)
    return page


def uids(page: dict[str, Any]) -> list[str]:
    return [user["userUid"] for user in page["users"]]


def test_list_uses_the_v1_envelope_and_echoes_params_as_strings(emulator: Emulator) -> None:
    response = call(emulator, "/api/v1/User", admin_token(emulator),
                    params={"active": True, "pgNum": 1, "pgSize": 5, "q": "a"})
    body = response.json()
    assert set(body) == {"metadata", "data"}
    assert body["metadata"]["params"] == {"active": "True", "pgNum": "1", "pgSize": "5", "q": "a"}
    assert set(body["data"]) == {"totalCount", "users"}


def test_list_without_filters_returns_every_user_in_id_order(emulator: Emulator) -> None:
    page = users_page(emulator)
    assert page["totalCount"] == len(emulator.tenant.users) == 20
    ids = [user["userId"] for user in page["users"]]
    assert ids == sorted(ids) and len(ids) == 20


@pytest.mark.parametrize("value", ["true", "True", "TRUE", "false", "False"])
def test_active_filter_accepts_any_case(emulator: Emulator, value: str) -> None:
    wanted = value.lower() == "true"
    page = users_page(emulator, active=value)
    expected = [u.user_uid for u in emulator.tenant.users if u.active == wanted]
    assert uids(page) == expected and page["totalCount"] == len(expected)
    assert expected


def test_invalid_boolean_is_a_bad_request(emulator: Emulator) -> None:
    response = call(emulator, "/api/v1/User", admin_token(emulator), params={"active": "maybe"})
    assert response.status_code == 400
    assert response.json()[0]["name"] == "SYSTEM"


def test_email_filter_is_exact_and_case_insensitive(emulator: Emulator) -> None:
    target = next(u for u in emulator.tenant.users if u.email and "." in u.email.split("@")[0])
    assert uids(users_page(emulator, email=(target.email or "").upper())) == [target.user_uid]
    assert users_page(emulator, email=(target.email or "")[1:])["users"] == []


def test_username_filter_finds_one_user(emulator: Emulator) -> None:
    target = emulator.tenant.users[7]
    page = users_page(emulator, username=target.username)
    assert uids(page) == [target.user_uid] and page["totalCount"] == 1
    assert users_page(emulator, username="nobody@nowhere.example")["totalCount"] == 0


def test_org_filter_keeps_users_of_that_org(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[1]
    page = users_page(emulator, orgUid=org.org_uid)
    assert uids(page) == [u.user_uid for u in emulator.tenant.users if u.org is org]
    assert {user["orgName"] for user in page["users"]} == {org.org_name}


def test_unknown_org_is_a_400_that_pycpg_recognises(emulator: Emulator) -> None:
    response = call(emulator, "/api/v1/User", admin_token(emulator), params={"orgUid": "123"})
    assert response.status_code == 400
    assert response.json() == [{"name": "SYSTEM", "description": "Organization was not found"}]


def test_role_filter_matches_role_ids(emulator: Emulator) -> None:
    page = users_page(emulator, roleId="customer-cloud-admin", incRoles="true")
    assert set(uids(page)) == {emulator.admin.user_uid, emulator.plain_admin.user_uid}
    assert all("Customer Cloud Admin" in user["roles"] for user in page["users"])
    assert users_page(emulator, roleId="no-such-role")["totalCount"] == 0


def test_q_searches_names_and_emails_case_insensitively(emulator: Emulator) -> None:
    target = next(u for u in emulator.tenant.users if u.last_name and u.email is not None and u.first_name)
    needle = (target.last_name or "")[1:4].upper()
    page = users_page(emulator, q=needle)
    expected = [u.user_uid for u in emulator.tenant.users
                if any(needle.lower() in text.lower() for text in u.searchable())]
    assert target.user_uid in uids(page)
    assert uids(page) == expected


def test_filters_combine(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[0]
    page = users_page(emulator, orgUid=org.org_uid, active="false")
    assert uids(page) == [u.user_uid for u in emulator.tenant.users if u.org is org and not u.active]


def test_roles_only_with_inc_roles(emulator: Emulator) -> None:
    assert all("roles" not in user for user in users_page(emulator)["users"])
    with_roles = users_page(emulator, incRoles="True")["users"]
    assert all(isinstance(user["roles"], list) and user["roles"] for user in with_roles)
    assert users_page(emulator, incRoles="false")["users"][0].get("roles") is None


@pytest.mark.parametrize("param", ["pgNum", "pgSize"])
@pytest.mark.parametrize("value", ["abc", "1.5", "0", "-2"])
def test_invalid_paging_values_are_bad_requests(emulator: Emulator, param: str, value: str) -> None:
    response = call(emulator, "/api/v1/User", admin_token(emulator), params={param: value})
    assert response.status_code == 400
    assert param in response.json()[0]["description"]


# -- single user -------------------------------------------------------------------------


def test_get_by_id_and_by_uid(emulator: Emulator) -> None:
    target = emulator.tenant.users[5]
    token = admin_token(emulator)
    by_id = call(emulator, f"/api/v1/User/{target.user_id}", token)
    by_uid = call(emulator, f"/api/v1/User/{target.user_uid}", token, params={"idType": "uid"})
    assert data(by_id) == data(by_uid) == target.to_wire()
    assert by_uid.json()["metadata"]["params"] == {"idType": "uid"}


@pytest.mark.parametrize(("key", "params"), [("1", {}), ("abc", {}), ("123456789012345678", {"idType": "uid"})])
def test_unknown_user_is_404(emulator: Emulator, key: str, params: dict[str, str]) -> None:
    response = call(emulator, f"/api/v1/User/{key}", admin_token(emulator), params=params)
    assert response.status_code == 404
    assert response.json() == [{"name": "SYSTEM", "description": "User not found"}]


def test_uid_without_id_type_is_not_found(emulator: Emulator) -> None:
    response = call(emulator, f"/api/v1/User/{emulator.tenant.users[3].user_uid}", admin_token(emulator))
    assert response.status_code == 404


def test_single_user_roles_with_inc_roles(emulator: Emulator) -> None:
    path = f"/api/v1/User/{emulator.admin.user_uid}"
    user = data(call(emulator, path, admin_token(emulator), params={"idType": "uid", "incRoles": "true"}))
    assert user["roles"] == ["Customer Cloud Admin", "Desktop User"]


def test_my_user_is_the_callers_record(emulator: Emulator) -> None:
    body = call(emulator, "/api/v1/User/my", restricted_token(emulator)).json()
    assert body["data"]["userUid"] == emulator.restricted.user_uid
    assert body["data"]["username"] == emulator.restricted.username
    assert "timestamp" in body["metadata"]


# -- restricted role ---------------------------------------------------------------------


def test_restricted_user_cannot_list_users(emulator: Emulator) -> None:
    response = call(emulator, "/api/v1/User", restricted_token(emulator))
    assert response.status_code == 403
    assert response.json() == PERMISSION_DENIED


def test_restricted_user_cannot_read_someone_else(emulator: Emulator) -> None:
    other = emulator.tenant.user_by_uid(emulator.admin.user_uid)
    assert other is not None
    response = call(emulator, f"/api/v1/User/{other.user_id}", restricted_token(emulator))
    assert response.status_code == 403
    assert response.json() == PERMISSION_DENIED


def test_restricted_user_can_read_itself_by_id_and_uid(emulator: Emulator) -> None:
    me = emulator.tenant.user_by_uid(emulator.restricted.user_uid)
    assert me is not None
    token = restricted_token(emulator)
    assert data(call(emulator, f"/api/v1/User/{me.user_id}", token))["userUid"] == me.user_uid
    by_uid = call(emulator, f"/api/v1/User/{me.user_uid}", token, params={"idType": "uid"})
    assert by_uid.status_code == 200
