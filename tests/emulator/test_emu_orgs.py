"""Orgs: ``/api/v1/Org`` reads and ``/api/v3/orgs`` create/read/update/actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg.emulator import Emulator
from pycpg.emulator.records import OrgRecord
from tests.emulator.emu_support import (
    PERMISSION_DENIED,
    admin_token,
    assert_no_content,
    call,
    data,
    parse_iso,
    restricted_token,
    v3_error_key,
)

V1_FIELDS = {"orgId", "orgUid", "orgGuid", "orgName", "orgExtRef", "notes", "status", "active", "blocked",
             "parentOrgId", "parentOrgUid", "parentOrgGuid", "type", "classification", "externalId",
             "hierarchyCounts", "configInheritanceCounts", "creationDate", "modificationDate", "deactivationDate",
             "registrationKey", "reporting", "customConfig"}
V3_FIELDS = {"orgId", "orgUid", "orgGuid", "orgName", "orgExtRef", "notes", "parentOrgId", "parentOrgUid",
             "parentOrgGuid", "status", "active", "blocked", "type", "classification", "registrationKey",
             "creationDate", "modificationDate", "deactivationDate", "userCount", "computerCount", "orgCount"}
ACTIONS = ("block", "unblock", "deactivate", "activate")


def api_client_token(emu: Emulator) -> str:
    response = call(emu, "/api/v3/oauth/token", method="POST", params={"grant_type": "client_credentials"},
                    auth=(emu.api_client_id, emu.api_client_secret))
    token: str = response.json()["access_token"]
    return token


def org_page(emu: Emulator, token: str | None = None, **params: Any) -> requests.Response:
    return call(emu, "/api/v1/Org", token or admin_token(emu), params=params)


def create_org(emu: Emulator, name: str | None = "Skunkworks", parent: str | None = None,
               token: str | None = None, **extra: Any) -> requests.Response:
    body = {"orgName": name, "orgExtRef": None, "notes": None, "parentOrgGuid": parent, **extra}
    return call(emu, "/api/v3/orgs", token or admin_token(emu), "POST", json=body)


def v3_org(emu: Emulator, guid: str, token: str | None = None) -> requests.Response:
    return call(emu, f"/api/v3/orgs/{guid}", token or admin_token(emu))


def org_action(emu: Emulator, guid: str, action: str, token: str | None = None) -> requests.Response:
    return call(emu, f"/api/v3/orgs/{guid}/{action}", token or admin_token(emu), "POST")


def restricted_org(emu: Emulator) -> OrgRecord:
    user = emu.tenant.user_by_uid(emu.restricted.user_uid)
    assert user is not None
    return user.org


# -- GET /api/v1/Org ----------------------------------------------------------------------------


def test_org_list_is_a_v1_page_of_v1_orgs(emulator: Emulator) -> None:
    body = org_page(emulator).json()
    assert set(body) == {"metadata", "data"} and set(body["data"]) == {"totalCount", "orgs"}
    orgs = body["data"]["orgs"]
    assert body["data"]["totalCount"] == 3
    assert [org["orgGuid"] for org in orgs] == [org.org_guid for org in emulator.tenant.orgs]
    assert all(set(org) == V1_FIELDS for org in orgs)
    root, child, _ = orgs
    assert root["parentOrgId"] is None and child["parentOrgGuid"] == root["orgGuid"]


def test_org_list_pages(emulator: Emulator) -> None:
    pages = [data(org_page(emulator, pgNum=number, pgSize=2)) for number in (1, 2, 3)]
    assert [len(page["orgs"]) for page in pages] == [2, 1, 0]
    assert all(page["totalCount"] == 3 for page in pages)
    assert [org["orgId"] for page in pages for org in page["orgs"]] == [o.org_id for o in emulator.tenant.orgs]
    assert org_page(emulator, pgSize=0).status_code == 400


def test_q_searches_org_names_case_insensitively(emulator: Emulator) -> None:
    target = emulator.tenant.orgs[2]
    found = data(org_page(emulator, q=target.org_name[1:4].upper()))
    assert target.org_guid in [org["orgGuid"] for org in found["orgs"]]
    assert found["totalCount"] == len(found["orgs"])
    assert data(org_page(emulator, q="no such org"))["orgs"] == []


def test_get_org_by_id(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[2]
    response = call(emulator, f"/api/v1/Org/{org.org_id}", admin_token(emulator))
    assert response.status_code == 200 and data(response) == org.to_wire()


@pytest.mark.parametrize("key", ["1", "abc"])
def test_unknown_org_id_is_404(emulator: Emulator, key: str) -> None:
    response = call(emulator, f"/api/v1/Org/{key}", admin_token(emulator))
    assert response.status_code == 404 and response.json()[0]["name"] == "SYSTEM"


def test_my_org_is_the_callers_org(emulator: Emulator) -> None:
    assert data(call(emulator, "/api/v1/Org/my", admin_token(emulator)))["orgGuid"] == (
        emulator.tenant.root_org.org_guid)
    mine = data(call(emulator, "/api/v1/Org/my", restricted_token(emulator)))
    assert mine == restricted_org(emulator).to_wire()


def test_my_org_with_an_api_client_is_a_500(emulator: Emulator) -> None:
    response = call(emulator, "/api/v1/Org/my", api_client_token(emulator))
    assert response.status_code == 500 and response.json()[0]["name"] == "SYSTEM"


def test_restricted_user_reads_only_its_own_org(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    own = restricted_org(emulator)
    other = next(org for org in emulator.tenant.orgs if org is not own)
    assert call(emulator, f"/api/v1/Org/{own.org_id}", token).status_code == 200
    assert v3_org(emulator, own.org_guid, token).status_code == 200
    for response in (org_page(emulator, token), call(emulator, f"/api/v1/Org/{other.org_id}", token),
                     v3_org(emulator, other.org_guid, token)):
        assert response.status_code == 403 and response.json() == PERMISSION_DENIED


# -- POST /api/v3/orgs --------------------------------------------------------------------------


def test_create_under_a_parent_returns_a_v3_org(emulator: Emulator) -> None:
    parent = emulator.tenant.orgs[1]
    highest = max(org.org_id for org in emulator.tenant.orgs)
    response = create_org(emulator, "Skunkworks", parent.org_guid, orgExtRef="SK-1", notes="secret")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["error"] is None and body["warnings"] is None
    org = body["data"]
    assert set(org) == V3_FIELDS
    assert (org["orgId"], org["orgName"], org["orgExtRef"], org["notes"]) == (highest + 1, "Skunkworks", "SK-1",
                                                                              "secret")
    assert (org["parentOrgId"], org["parentOrgUid"], org["parentOrgGuid"]) == (parent.org_id, parent.org_uid,
                                                                               parent.org_guid)
    assert (org["status"], org["active"], org["blocked"], org["deactivationDate"]) == ("Active", True, False, None)
    assert (org["userCount"], org["computerCount"], org["orgCount"]) == (0, 0, 0)
    assert parse_iso(org["creationDate"]) == parse_iso(org["modificationDate"])
    assert data(v3_org(emulator, org["orgGuid"])) == org
    assert data(v3_org(emulator, parent.org_guid))["orgCount"] == 1
    listed = data(org_page(emulator))
    assert listed["totalCount"] == 4 and listed["orgs"][-1]["orgGuid"] == org["orgGuid"]


def test_create_without_a_parent_makes_a_child_of_the_root(emulator: Emulator) -> None:
    root = emulator.tenant.root_org
    before = data(v3_org(emulator, root.org_guid))["orgCount"]
    org = data(create_org(emulator, "Top level"))
    assert org["parentOrgGuid"] == root.org_guid
    assert data(v3_org(emulator, root.org_guid))["orgCount"] == before + 1


def test_create_under_an_unknown_parent_is_404(emulator: Emulator) -> None:
    response = create_org(emulator, "Orphan", "00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404 and v3_error_key(response) == "ORG_NOT_FOUND"
    assert len(emulator.tenant.orgs) == 3


@pytest.mark.parametrize("name", [None, "", "   "])
def test_create_with_a_blank_name_is_400(emulator: Emulator, name: str | None) -> None:
    response = create_org(emulator, name)
    assert response.status_code == 400 and v3_error_key(response) == "INVALID_ORG_NAME"
    assert len(emulator.tenant.orgs) == 3


def test_counts_follow_users_and_devices(emulator: Emulator) -> None:
    org = data(create_org(emulator, "Movers"))
    mover = next(u for u in emulator.tenant.users[4:] if emulator.tenant.devices_of(u))
    response = call(emulator, f"/api/v3/users/{mover.user_uid}/move", admin_token(emulator), "POST",
                    json={"orgId": org["orgId"]})
    assert response.status_code == 204
    user_body = {"orgUid": org["orgUid"], "username": "fresh@example.com", "email": None, "password": None,
                 "firstName": None, "lastName": None, "notes": None}
    assert call(emulator, "/api/v1/User", admin_token(emulator), "POST", json=user_body).status_code == 200
    counted = data(v3_org(emulator, org["orgGuid"]))
    assert (counted["userCount"], counted["computerCount"]) == (2, len(emulator.tenant.devices_of(mover)))


# -- GET / PUT /api/v3/orgs/{guid} ----------------------------------------------------------------


def test_get_v3_org_matches_the_v1_ids(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[1]
    body = data(v3_org(emulator, org.org_guid, admin_token(emulator)))
    v1 = org.to_wire()
    assert set(body) == V3_FIELDS
    assert {key: body[key] for key in ("orgId", "orgUid", "orgName", "registrationKey")} == {
        key: v1[key] for key in ("orgId", "orgUid", "orgName", "registrationKey")}


def test_update_changes_given_keys_and_keeps_null_ones(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[2]
    before = data(v3_org(emulator, org.org_guid))
    body = {"orgName": "Renamed", "orgExtRef": None, "notes": "new notes"}
    response = call(emulator, f"/api/v3/orgs/{org.org_guid}", admin_token(emulator), "PUT", json=body)
    assert response.status_code == 200
    after = data(response)
    assert (after["orgName"], after["notes"], after["orgExtRef"]) == ("Renamed", "new notes", before["orgExtRef"])
    assert parse_iso(after["modificationDate"]) > parse_iso(before["modificationDate"])
    assert data(v3_org(emulator, org.org_guid)) == after
    assert data(call(emulator, f"/api/v1/Org/{org.org_id}", admin_token(emulator)))["orgName"] == "Renamed"
    partial = call(emulator, f"/api/v3/orgs/{org.org_guid}", admin_token(emulator), "PUT", json={"orgExtRef": "X"})
    assert (data(partial)["orgName"], data(partial)["orgExtRef"]) == ("Renamed", "X")


def test_update_with_a_blank_name_is_400(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[2]
    response = call(emulator, f"/api/v3/orgs/{org.org_guid}", admin_token(emulator), "PUT",
                    json={"orgName": " ", "notes": "ignored"})
    assert response.status_code == 400 and v3_error_key(response) == "INVALID_ORG_NAME"
    assert org.notes is None and org.org_name.strip()


@pytest.mark.parametrize(("method", "suffix"), [("GET", ""), ("PUT", ""), *(("POST", f"/{a}") for a in ACTIONS)])
def test_unknown_guid_is_404(emulator: Emulator, method: str, suffix: str) -> None:
    response = call(emulator, f"/api/v3/orgs/00000000-0000-4000-8000-000000000000{suffix}", admin_token(emulator),
                    method, json={"orgName": "x"})
    assert response.status_code == 404 and v3_error_key(response) == "ORG_NOT_FOUND"


# -- actions ----------------------------------------------------------------------------------


def test_block_unblock_deactivate_activate(emulator: Emulator) -> None:
    org = emulator.tenant.orgs[1]
    expected = {"block": ("Active, Blocked", None), "unblock": ("Active", None),
                "deactivate": ("Deactivated", str), "activate": ("Active", None)}
    for action, (status, deactivated) in expected.items():
        assert_no_content(org_action(emulator, org.org_guid, action))
        body = data(v3_org(emulator, org.org_guid))
        assert body["status"] == status, action
        assert (body["deactivationDate"] is None) == (deactivated is None), action
        assert data(call(emulator, f"/api/v1/Org/{org.org_id}", admin_token(emulator)))["status"] == status


# -- restricted role and journal ----------------------------------------------------------------


def test_restricted_user_cannot_write_orgs(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    own = restricted_org(emulator)
    responses = [create_org(emulator, "Mine", own.org_guid, token),
                 call(emulator, f"/api/v3/orgs/{own.org_guid}", token, "PUT", json={"orgName": "Mine"}),
                 *(org_action(emulator, own.org_guid, action, token) for action in ACTIONS)]
    for response in responses:
        assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    assert len(emulator.tenant.orgs) == 3 and own.status == "Active" and own.org_name != "Mine"


def test_api_client_is_an_admin(emulator: Emulator) -> None:
    token = api_client_token(emulator)
    assert data(org_page(emulator, token))["totalCount"] == 3
    assert create_org(emulator, "By client", token=token).status_code == 200


def test_org_writes_are_journaled(emulator: Emulator) -> None:
    emulator.clear_journal()
    created = data(create_org(emulator, "Journaled"))
    org_action(emulator, created["orgGuid"], "block")
    first, second = emulator.journal
    assert (first.method, first.path, first.json["orgName"], first.status) == (
        "POST", "/api/v3/orgs", "Journaled", 200)
    assert (second.method, second.path, second.status) == ("POST", f"/api/v3/orgs/{created['orgGuid']}/block", 204)


# -- random org trees -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(seed=34, orgs=2, users=12, devices=20) as emu:
        yield emu


STEPS = st.lists(st.one_of(
    st.tuples(st.just("create"), st.integers(min_value=-1, max_value=50)),
    st.tuples(st.just("move"), st.tuples(st.integers(min_value=0, max_value=11), st.integers(0, 50))),
), min_size=1, max_size=6)


def all_v3_orgs(emu: Emulator) -> list[dict[str, Any]]:
    guids = [org["orgGuid"] for org in data(org_page(emu, pgSize=1000))["orgs"]]
    return [data(v3_org(emu, guid)) for guid in guids]


def assert_tree_invariants(emu: Emulator, orgs: list[dict[str, Any]]) -> None:
    by_guid = {org["orgGuid"]: org for org in orgs}
    [root] = [org for org in orgs if org["parentOrgGuid"] is None]
    for org in orgs:
        seen, node = set(), org
        while node["parentOrgGuid"] is not None:
            assert node["orgGuid"] not in seen
            seen.add(node["orgGuid"])
            node = by_guid[node["parentOrgGuid"]]
        assert node is root
        assert org["orgCount"] == sum(other["parentOrgGuid"] == org["orgGuid"] for other in orgs)
    assert sum(org["orgCount"] for org in orgs) == len(orgs) - 1
    assert sum(org["userCount"] for org in orgs) == len(emu.tenant.users)
    assert sum(org["computerCount"] for org in orgs) == len(emu.tenant.devices)


@settings(max_examples=25, deadline=None)
@given(steps=STEPS)
def test_random_creates_and_moves_keep_the_tree_consistent(shared: Emulator, steps: list[tuple[str, Any]]) -> None:
    for kind, argument in steps:
        orgs = shared.tenant.orgs
        if kind == "create":
            parent = None if argument < 0 else orgs[argument % len(orgs)].org_guid
            assert create_org(shared, f"Org {len(orgs)}", parent).status_code == 200
        else:
            user, org = shared.tenant.users[argument[0]], orgs[argument[1] % len(orgs)]
            response = call(shared, f"/api/v3/users/{user.user_uid}/move", admin_token(shared), "POST",
                            json={"orgId": org.org_id})
            assert response.status_code == 204
    assert_tree_invariants(shared, all_v3_orgs(shared))


@settings(max_examples=25, deadline=None)
@given(steps=st.lists(st.sampled_from(ACTIONS), max_size=10))
def test_random_org_actions_match_the_model(shared: Emulator, steps: list[str]) -> None:
    org = shared.tenant.orgs[1]
    start = data(v3_org(shared, org.org_guid))
    active, blocked = start["active"], start["blocked"]
    for action in steps:
        assert_no_content(org_action(shared, org.org_guid, action))
        if action in ("block", "unblock"):
            blocked = action == "block"
        else:
            active = action == "activate"
    final = data(v3_org(shared, org.org_guid))
    status = "Deactivated" if not active else ("Active, Blocked" if blocked else "Active")
    assert (final["active"], final["blocked"], final["status"]) == (active, blocked, status)
    assert (final["deactivationDate"] is None) == active
