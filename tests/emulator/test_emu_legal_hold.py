"""Legal hold (v38): policies, matters, memberships, their errors, list shapes and the test hooks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from pycpg.emulator import Emulator
from pycpg.emulator.__main__ import _parser
from pycpg.emulator.records import UserRecord
from tests.emulator.emu_support import (
    PINNED_NOW,
    PERMISSION_DENIED,
    admin_token,
    api_client_token,
    assert_no_content,
    call,
    clock,
    restricted_token,
    v3_error_key,
)

PREFIX = "/api/v38"
POLICY_KEYS = {"legalHoldPolicyUid", "name", "creatorUser", "policy", "creationDate", "modificationDate"}
POLICY_SETTING_KEYS = {"backupOpenFiles", "compression", "dataDeDupAutoMaxFileSizeForLan",
                       "dataDeDupAutoMaxFileSizeForWan", "dataDeDuplication", "encryptionEnabled",
                       "scanIntervalMillis", "scanTime", "watchFiles", "destinations", "backupRunWindow",
                       "backupPaths", "retentionPolicy"}
MATTER_KEYS = {"legalHoldUid", "name", "description", "notes", "holdExtRef", "active", "creationDate",
               "lastModifiedDate", "creator", "policyId"}
MEMBERSHIP_KEYS = {"legalHoldMembershipUid", "active", "creationDate", "legalHold", "user"}
UID = re.compile(r"^[1-9]\d{17}$")
CRITERIA = "At least one criteria must be specified; holdMembershipUid, holdUid, userUid, or userSearch"


def lh_get(emu: Emulator, path: str, token: str | None = None, **params: Any) -> requests.Response:
    return call(emu, PREFIX + path, token or admin_token(emu), params=params)


def lh_post(emu: Emulator, path: str, body: Any, token: str | None = None) -> requests.Response:
    return call(emu, PREFIX + path, token or admin_token(emu), "POST", json=body)


def ok(response: requests.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def items(response: requests.Response) -> Any:
    """The items of a matter or membership list, which the emulator wraps by default."""
    body = ok(response)
    assert isinstance(body, dict) and set(body) <= {"matters", "memberships"} and len(body) == 1, body
    return next(iter(body.values()))


def new_matter(emu: Emulator, name: str = "Matter", token: str | None = None, **fields: Any) -> dict[str, Any]:
    body = {"policyId": emu.tenant.legal_hold.policies[0].policy_uid, "name": name, "description": None,
            "notes": None, "externalReference": None, **fields}
    matter: dict[str, Any] = ok(lh_post(emu, "/legal-hold-matter/create", body, token))
    return matter


def add(emu: Emulator, matter_uid: str, user_uid: str, token: str | None = None) -> requests.Response:
    return lh_post(emu, "/legal-hold-membership/create", {"legalHoldUid": matter_uid, "userUid": user_uid}, token)


def events_of(emu: Emulator, matter_uid: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = ok(lh_get(emu, "/legal-hold-event/list", legalHoldUid=matter_uid))
    return events


def free_user(emu: Emulator) -> UserRecord:
    """An active ordinary user who has never been a custodian."""
    free = [u for u in emu.tenant.users[4:] if u.active and not any(emu.tenant.legal_hold.memberships_of(u))]
    return free[0]


def problem_text(code: str) -> str:
    return f'"problem":"{code}"'


# -- policies -------------------------------------------------------------------------------


def test_seeded_policies_are_listed_and_viewable(emulator: Emulator) -> None:
    policies = ok(lh_get(emulator, "/legal-hold-policy/list"))
    assert [p["name"] for p in policies] == ["Standard preservation", "Executive preservation"]
    for policy in policies:
        assert set(policy) == POLICY_KEYS and UID.match(policy["legalHoldPolicyUid"])
        assert set(policy["policy"]) == POLICY_SETTING_KEYS
        assert set(policy["creatorUser"]) == {"userUid", "userId", "username", "email", "firstName", "lastName"}
        assert policy["creationDate"].endswith("+00:00") and policy["creationDate"] < "2026-01-01"
        assert ok(lh_get(emulator, "/legal-hold-policy/view", legalHoldPolicyUid=policy["legalHoldPolicyUid"])) \
            == policy


def test_create_policy_by_a_user_names_the_creator_and_uses_the_clock(emulator: Emulator) -> None:
    policy = ok(lh_post(emulator, "/legal-hold-policy/create", {"name": "Quick hold"}))
    assert (policy["name"], policy["creationDate"], policy["modificationDate"]) == ("Quick hold", clock(1), clock(1))
    assert policy["creatorUser"]["userUid"] == emulator.plain_admin.user_uid
    assert policy["policy"]["retentionPolicy"]["keepDeleted"] is True
    assert ok(lh_get(emulator, "/legal-hold-policy/list"))[-1] == policy
    assert ok(lh_get(emulator, "/legal-hold-policy/view", legalHoldPolicyUid=policy["legalHoldPolicyUid"])) == policy


def test_a_policy_created_by_an_api_client_has_no_creator_user(emulator: Emulator) -> None:
    policy = ok(lh_post(emulator, "/legal-hold-policy/create", {"name": "Scripted"}, api_client_token(emulator)))
    assert policy["creatorUser"] is None


@pytest.mark.parametrize("body", [{}, {"name": None}, {"name": ""}, {"name": "   "}])
@pytest.mark.parametrize("path", ["/legal-hold-policy/create", "/legal-hold-matter/create"])
def test_a_blank_name_is_400(emulator: Emulator, path: str, body: dict[str, Any]) -> None:
    policy_uid = emulator.tenant.legal_hold.policies[0].policy_uid
    response = lh_post(emulator, path, {"policyId": policy_uid, **body})
    assert response.status_code == 400 and response.json() == {"problem": "INVALID_NAME", "description": None}
    assert len(emulator.tenant.legal_hold.policies) == 2 and len(emulator.tenant.legal_hold.matters) == 4


@pytest.mark.parametrize(("path", "param"), [("/legal-hold-policy/view", "legalHoldPolicyUid"),
                                             ("/legal-hold-matter/view", "legalHoldUid")])
@pytest.mark.parametrize("uid", ["123456789012345678", None])
def test_viewing_an_unknown_uid_is_403(emulator: Emulator, path: str, param: str, uid: str | None) -> None:
    response = lh_get(emulator, path, **({} if uid is None else {param: uid}))
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED


# -- matters --------------------------------------------------------------------------------


def test_create_matter_returns_it_and_records_hold_created(emulator: Emulator) -> None:
    policy = emulator.tenant.legal_hold.policies[1]
    matter = new_matter(emulator, "Acme v. Emu", policyId=policy.policy_uid, description="Contract",
                        notes="Call counsel", externalReference="EXT-9")
    assert set(matter) == MATTER_KEYS and UID.match(matter["legalHoldUid"])
    assert (matter["name"], matter["description"], matter["notes"], matter["holdExtRef"], matter["active"],
            matter["policyId"]) == ("Acme v. Emu", "Contract", "Call counsel", "EXT-9", True, policy.policy_uid)
    assert matter["creationDate"] == matter["lastModifiedDate"] == "2026-01-01T00:00:01.000+00:00"
    admin = emulator.tenant.user_by_uid(emulator.plain_admin.user_uid)
    assert admin is not None
    assert matter["creator"] == {"type": "USER", "principalId": admin.user_uid, "displayName": admin.email,
                                 "user": {"email": admin.email, "firstName": "Piet", "lastName": "Plain"}}
    assert ok(lh_get(emulator, "/legal-hold-matter/view", legalHoldUid=matter["legalHoldUid"])) == matter
    [event] = events_of(emulator, matter["legalHoldUid"])
    assert set(event) == {"eventUid", "eventType", "eventDate", "legalHoldUid", "actorPrincipal"}
    assert (event["eventType"], event["eventDate"], event["actorPrincipal"]) == (
        "HOLD_CREATED", clock(1), matter["creator"])


def test_null_description_is_empty_text(emulator: Emulator) -> None:
    matter = new_matter(emulator)
    assert (matter["description"], matter["notes"], matter["holdExtRef"]) == ("", None, None)


@pytest.mark.parametrize("policy_id", ["123456789012345678", None, 12])
def test_create_matter_with_an_unknown_policy_is_400(emulator: Emulator, policy_id: Any) -> None:
    response = lh_post(emulator, "/legal-hold-matter/create", {"policyId": policy_id, "name": "X"})
    assert response.status_code == 400 and problem_text("POLICY_NOT_FOUND") in response.text
    assert len(emulator.tenant.legal_hold.matters) == 4


def test_matter_deactivate_and_activate_answer_204_and_record_events(emulator: Emulator) -> None:
    uid = new_matter(emulator)["legalHoldUid"]
    assert_no_content(lh_post(emulator, "/legal-hold-matter/deactivate", {"legalHoldUid": uid}))
    view = ok(lh_get(emulator, "/legal-hold-matter/view", legalHoldUid=uid))
    assert (view["active"], view["lastModifiedDate"]) == (False, "2026-01-01T00:00:02.000+00:00")
    again = lh_post(emulator, "/legal-hold-matter/deactivate", {"legalHoldUid": uid})
    assert again.status_code == 400 and problem_text("ALREADY_DEACTIVATED") in again.text
    assert_no_content(lh_post(emulator, "/legal-hold-matter/activate", {"legalHoldUid": uid}))
    assert ok(lh_get(emulator, "/legal-hold-matter/view", legalHoldUid=uid))["active"] is True
    again = lh_post(emulator, "/legal-hold-matter/activate", {"legalHoldUid": uid})
    assert again.status_code == 400 and problem_text("ALREADY_ACTIVE") in again.text
    assert [(e["eventType"], e["eventDate"]) for e in events_of(emulator, uid)] == [
        ("HOLD_CREATED", clock(1)), ("HOLD_DEACTIVATED", clock(2)), ("HOLD_REACTIVATED", clock(3))]


@pytest.mark.parametrize("path", ["/legal-hold-matter/deactivate", "/legal-hold-matter/activate",
                                  "/legal-hold-membership/create", "/legal-hold-membership/deactivate"])
def test_writes_naming_unknown_records_are_403(emulator: Emulator, path: str) -> None:
    body = {"legalHoldUid": "123456789012345678", "legalHoldMembershipUid": "123456789012345678",
            "userUid": emulator.tenant.users[5].user_uid}
    response = lh_post(emulator, path, body)
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED


# -- matter list ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def listing() -> Iterator[Emulator]:
    """Seed 7 plus matters by the admin and by the API client (one of them closed)."""
    with Emulator(seed=7, now=PINNED_NOW) as emu:
        client = api_client_token(emu)
        for index in range(5):
            new_matter(emu, f"Listing case {index}", client if index % 2 else None, externalReference=f"L-{index}")
        lh_post(emu, "/legal-hold-matter/deactivate", {"legalHoldUid": emu.tenant.legal_hold.matters[-1]
                                                       .legal_hold_uid})
        yield emu


def all_matters(emu: Emulator) -> list[dict[str, Any]]:
    matters: list[dict[str, Any]] = items(lh_get(emu, "/legal-hold-matter/list"))
    return matters


def matter_matches(matter: dict[str, Any], params: dict[str, str]) -> bool:
    checks: dict[str, Callable[[str], bool]] = {
        "active": lambda value: value.lower() == "none" or matter["active"] == (value.lower() == "true"),
        "creatorPrincipalId": lambda value: matter["creator"]["principalId"] == value,
        "name": lambda value: value.lower() in matter["name"].lower(),
        "externalReference": lambda value: matter["holdExtRef"] == value,
    }
    return all(checks[key](value) for key, value in params.items())


def test_the_unfiltered_matter_list_is_every_matter_in_creation_order(listing: Emulator) -> None:
    matters = all_matters(listing)
    assert [m["legalHoldUid"] for m in matters] == [m.legal_hold_uid for m in listing.tenant.legal_hold.matters]
    assert len(matters) == 9 and sum(not m["active"] for m in matters) == 2
    assert {m["creator"]["type"] for m in matters} == {"USER", "API_KEY"}


@pytest.mark.parametrize("params", [
    {"active": "true"}, {"active": "True"}, {"active": "false"}, {"active": "none"},
    {"name": "CASE"}, {"name": "sec inquiry"}, {"externalReference": "L-3"}, {"externalReference": "l-3"},
    {"active": "true", "name": "listing"},
])
def test_matter_list_filters(listing: Emulator, params: dict[str, str]) -> None:
    expected = [m for m in all_matters(listing) if matter_matches(m, params)]
    assert items(lh_get(listing, "/legal-hold-matter/list", **params)) == expected
    assert expected or params == {"externalReference": "l-3"}


def test_matter_list_filters_by_creator(listing: Emulator) -> None:
    creators = {m["creator"]["principalId"] for m in all_matters(listing)}
    assert listing.api_client_id in creators and len(creators) >= 2
    for creator in creators:
        expected = [m for m in all_matters(listing) if m["creator"]["principalId"] == creator]
        assert items(lh_get(listing, "/legal-hold-matter/list", creatorPrincipalId=creator)) == expected


def test_matter_list_pages_are_one_based_and_cover_the_list(listing: Emulator) -> None:
    matters = all_matters(listing)
    pages = [items(lh_get(listing, "/legal-hold-matter/list", page=n, pageSize=4)) for n in (1, 2, 3, 4)]
    assert [len(page) for page in pages] == [4, 4, 1, 0]
    assert [m for page in pages for m in page] == matters


def test_matter_list_rejects_bad_parameters(listing: Emulator) -> None:
    for params in ({"active": "maybe"}, {"page": "0"}, {"pageSize": "x"}):
        assert lh_get(listing, "/legal-hold-matter/list", **params).status_code == 400


def test_page_size_is_capped_by_the_server_maximum() -> None:
    with Emulator(seed=7, now=PINNED_NOW, users=12, devices=4, max_page_size=2) as emu:
        assert len(items(lh_get(emu, "/legal-hold-matter/list", pageSize=50))) == 2
        assert len(ok(lh_get(emu, "/legal-hold-event/list", pageSize=50))) == 2


# -- memberships ----------------------------------------------------------------------------


def test_add_a_custodian_returns_the_membership_and_holds_the_user(emulator: Emulator) -> None:
    matter = new_matter(emulator, "Custody")
    user = free_user(emulator)
    member = ok(add(emulator, matter["legalHoldUid"], user.user_uid))
    assert set(member) == MEMBERSHIP_KEYS and UID.match(member["legalHoldMembershipUid"])
    assert (member["active"], member["creationDate"]) == (True, clock(2))
    assert member["legalHold"] == {"legalHoldUid": matter["legalHoldUid"], "name": "Custody"}
    assert member["user"] == {"userUid": user.user_uid, "username": user.username, "email": user.email,
                              "userExtRef": user.user_ext_ref}
    assert emulator.tenant.is_on_legal_hold(user)
    assert items(lh_get(emulator, "/legal-hold-membership/list", legalHoldUid=matter["legalHoldUid"])) == [member]
    event = events_of(emulator, matter["legalHoldUid"])[-1]
    assert (event["eventType"], event["eventDate"], event["legalHoldMembershipUid"]) == (
        "MEMBERSHIP_CREATED", clock(2), member["legalHoldMembershipUid"])
    assert event["custodianPrincipal"] == {
        "type": "USER", "principalId": user.user_uid, "displayName": user.email or user.username,
        "user": {"email": user.email, "firstName": user.first_name, "lastName": user.last_name}}


def test_membership_create_errors(emulator: Emulator) -> None:
    matter_uid = new_matter(emulator)["legalHoldUid"]
    user = free_user(emulator)
    ok(add(emulator, matter_uid, user.user_uid))
    twice = add(emulator, matter_uid, user.user_uid)
    assert twice.status_code == 400 and "USER_ALREADY_IN_HOLD" in twice.text
    for user_uid in ("123456789012345678", None):
        unknown = add(emulator, matter_uid, user_uid)  # type: ignore[arg-type]
        assert unknown.status_code == 400 and unknown.json() == {"problem": "USER_NOT_FOUND", "description": None}
    lh_post(emulator, "/legal-hold-matter/deactivate", {"legalHoldUid": matter_uid})
    closed = add(emulator, matter_uid, free_user(emulator).user_uid)
    assert closed.status_code == 400 and problem_text("HOLD_NOT_ACTIVE") in closed.text


def test_remove_and_re_add_a_custodian_reuses_the_membership(emulator: Emulator) -> None:
    matter_uid = new_matter(emulator)["legalHoldUid"]
    user = free_user(emulator)
    member_uid = ok(add(emulator, matter_uid, user.user_uid))["legalHoldMembershipUid"]
    assert_no_content(lh_post(emulator, "/legal-hold-membership/deactivate", {"legalHoldMembershipUid": member_uid}))
    assert not emulator.tenant.is_on_legal_hold(user)
    [listed] = items(lh_get(emulator, "/legal-hold-membership/list", userUid=user.user_uid, active="INACTIVE"))
    assert (listed["legalHoldMembershipUid"], listed["active"]) == (member_uid, False)
    twice = lh_post(emulator, "/legal-hold-membership/deactivate", {"legalHoldMembershipUid": member_uid})
    assert twice.status_code == 400 and problem_text("ALREADY_DEACTIVATED") in twice.text
    again = ok(add(emulator, matter_uid, user.user_uid))
    assert (again["legalHoldMembershipUid"], again["active"], again["creationDate"]) == (member_uid, True, clock(2))
    assert [e["eventType"] for e in events_of(emulator, matter_uid)] == [
        "HOLD_CREATED", "MEMBERSHIP_CREATED", "MEMBERSHIP_DEACTIVATED", "MEMBERSHIP_REACTIVATED"]


def membership_matches(member: dict[str, Any], params: dict[str, str]) -> bool:
    user = member["user"]
    checks: dict[str, Callable[[str], bool]] = {
        "active": lambda value: value == "ALL" or member["active"] == (value == "ACTIVE"),
        "legalHoldUid": lambda value: member["legalHold"]["legalHoldUid"] == value,
        "userUid": lambda value: user["userUid"] == value,
        "user": lambda value: any(value.lower() in (text or "").lower() for text in (user["username"], user["email"])),
    }
    return all(checks[key](value) for key, value in params.items())


def test_membership_list_filters(listing: Emulator) -> None:
    store = listing.tenant.legal_hold
    everyone = [m.to_wire() for m in store.memberships]
    matter_uid, member = store.matters[0].legal_hold_uid, store.memberships[0]
    cases: list[dict[str, str]] = [
        {"legalHoldUid": matter_uid}, {"legalHoldUid": matter_uid, "active": "ACTIVE"},
        {"legalHoldUid": matter_uid, "active": "INACTIVE"}, {"legalHoldUid": matter_uid, "active": "ALL"},
        {"userUid": member.user.user_uid}, {"user": member.user.username[:3].upper()},
        {"user": "northwind", "active": "active"}, {"legalHoldUid": "123456789012345678"},
    ]
    for params in cases:
        expected = [m for m in everyone if membership_matches(m, {**params, "active": params.get("active", "ALL")
                                                                  .upper()})]
        assert items(lh_get(listing, "/legal-hold-membership/list", **params)) == expected, params
    assert items(lh_get(listing, "/legal-hold-membership/list", user="e", pageSize=2, page=2)) == \
        [m for m in everyone if membership_matches(m, {"user": "e"})][2:4]


@pytest.mark.parametrize("params", [{}, {"active": "ACTIVE"}, {"legalHoldUid": ""}])
def test_membership_list_without_criteria_is_400(listing: Emulator, params: dict[str, str]) -> None:
    response = lh_get(listing, "/legal-hold-membership/list", **params)
    assert response.status_code == 400 and CRITERIA in response.text
    assert response.json() == {"problem": "INVALID_CRITERIA", "description": CRITERIA}


def test_membership_list_rejects_an_unknown_state(listing: Emulator) -> None:
    uid = listing.tenant.legal_hold.matters[0].legal_hold_uid
    assert lh_get(listing, "/legal-hold-membership/list", legalHoldUid=uid, active="SOME").status_code == 400


# -- permissions ----------------------------------------------------------------------------


ENDPOINTS = [
    ("POST", "/legal-hold-policy/create"), ("GET", "/legal-hold-policy/view"), ("GET", "/legal-hold-policy/list"),
    ("POST", "/legal-hold-matter/create"), ("GET", "/legal-hold-matter/view"), ("GET", "/legal-hold-matter/list"),
    ("POST", "/legal-hold-matter/deactivate"), ("POST", "/legal-hold-matter/activate"),
    ("POST", "/legal-hold-membership/create"), ("POST", "/legal-hold-membership/deactivate"),
    ("GET", "/legal-hold-membership/list"), ("GET", "/legal-hold-event/list"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_a_restricted_user_gets_403_everywhere(listing: Emulator, method: str, path: str) -> None:
    store = listing.tenant.legal_hold
    names = {"legalHoldPolicyUid": store.policies[0].policy_uid, "policyId": store.policies[0].policy_uid,
             "legalHoldUid": store.matters[0].legal_hold_uid, "name": "Mine",
             "legalHoldMembershipUid": store.memberships[0].membership_uid,
             "userUid": listing.restricted.user_uid}
    before = len(store.events)
    kwargs: dict[str, Any] = {"params": names} if method == "GET" else {"json": names}
    response = call(listing, PREFIX + path, restricted_token(listing), method, **kwargs)
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    assert len(store.events) == before
    assert call(listing, PREFIX + path, None, method, **kwargs).status_code == 401


# -- list shapes ----------------------------------------------------------------------------


def test_wrapped_lists_are_the_default_and_hold_matters_and_memberships_in_objects(emulator: Emulator) -> None:
    emu = emulator
    assert emu.legal_hold_lists == "wrapped"
    matter_uid = emu.tenant.legal_hold.matters[0].legal_hold_uid
    matters = ok(lh_get(emu, "/legal-hold-matter/list", pageSize=2))
    members = ok(lh_get(emu, "/legal-hold-membership/list", legalHoldUid=matter_uid))
    assert set(matters) == {"matters"} and [m["legalHoldUid"] for m in matters["matters"]] == [
        m.legal_hold_uid for m in emu.tenant.legal_hold.matters[:2]]
    assert members == {"memberships": [m.to_wire() for m in emu.tenant.legal_hold.memberships
                                       if m.matter.legal_hold_uid == matter_uid]}
    assert ok(lh_get(emu, "/legal-hold-matter/list", page=99)) == {"matters": []}
    assert isinstance(ok(lh_get(emu, "/legal-hold-event/list")), list)
    assert isinstance(ok(lh_get(emu, "/legal-hold-policy/list")), list)


def test_bare_lists_are_an_option_and_other_shapes_are_refused() -> None:
    with Emulator(seed=7, now=PINNED_NOW, users=12, devices=4, legal_hold_lists="bare") as emu:
        matter_uid = emu.tenant.legal_hold.matters[0].legal_hold_uid
        matters = ok(lh_get(emu, "/legal-hold-matter/list", pageSize=2))
        members = ok(lh_get(emu, "/legal-hold-membership/list", legalHoldUid=matter_uid))
        assert [m["legalHoldUid"] for m in matters] == [m.legal_hold_uid for m in emu.tenant.legal_hold.matters[:2]]
        assert members == [m.to_wire() for m in emu.tenant.legal_hold.memberships
                           if m.matter.legal_hold_uid == matter_uid]
    with pytest.raises(ValueError, match="legal_hold_lists"):
        Emulator(seed=1, now=PINNED_NOW, users=4, devices=0, legal_hold_lists="nested")


def test_command_line_flag_chooses_the_list_shape() -> None:
    assert _parser().parse_args([]).legal_hold_lists == "wrapped"
    assert _parser().parse_args(["--legal-hold-lists", "bare"]).legal_hold_lists == "bare"
    with pytest.raises(SystemExit):
        _parser().parse_args(["--legal-hold-lists", "nested"])


# -- the test hooks and deactivation refusals ----------------------------------------------


def test_the_hook_holds_through_a_visible_membership(emulator: Emulator) -> None:
    user = free_user(emulator)
    emulator.place_on_legal_hold(user.user_uid)
    [member] = items(lh_get(emulator, "/legal-hold-membership/list", userUid=user.user_uid))
    assert member["active"] and member["legalHold"]["name"] == "Emulator legal hold"
    matter_uid = member["legalHold"]["legalHoldUid"]
    assert [e["eventType"] for e in events_of(emulator, matter_uid)] == ["HOLD_CREATED", "MEMBERSHIP_CREATED"]
    assert events_of(emulator, matter_uid)[0]["actorPrincipal"]["principalId"] == emulator.api_client_id
    emulator.place_on_legal_hold(user.user_uid)  # already held: nothing changes
    assert len(events_of(emulator, matter_uid)) == 2
    other = free_user(emulator)
    emulator.place_on_legal_hold(other.user_uid)  # same hook matter
    assert items(lh_get(emulator, "/legal-hold-membership/list", userUid=other.user_uid))[0]["legalHold"] == \
        member["legalHold"]


def test_releasing_through_the_api_lifts_the_deactivation_refusal(emulator: Emulator) -> None:
    user = free_user(emulator)
    emulator.place_on_legal_hold(user.user_uid)
    deactivate = f"/api/v3/users/{user.user_uid}/deactivate"
    refused = call(emulator, deactivate, admin_token(emulator), "POST")
    assert refused.status_code == 400 and v3_error_key(refused) == "ACTIVE_LEGAL_HOLD"
    [member] = items(lh_get(emulator, "/legal-hold-membership/list", userUid=user.user_uid))
    lh_post(emulator, "/legal-hold-membership/deactivate", {"legalHoldMembershipUid": member["legalHoldMembershipUid"]})
    assert_no_content(call(emulator, deactivate, admin_token(emulator), "POST"))


def test_deactivating_the_matter_lifts_the_hold_and_the_hook_then_opens_a_new_matter(emulator: Emulator) -> None:
    user = free_user(emulator)
    emulator.place_on_legal_hold(user.user_uid)
    [member] = items(lh_get(emulator, "/legal-hold-membership/list", userUid=user.user_uid))
    lh_post(emulator, "/legal-hold-matter/deactivate", {"legalHoldUid": member["legalHold"]["legalHoldUid"]})
    assert not emulator.tenant.is_on_legal_hold(user)
    device = next((d for d in emulator.tenant.devices_of(user) if d.active), None)
    if device is not None:
        assert_no_content(lh_post(emulator, "/computer-deactivation/update", {"id": device.computer_id}))
    emulator.place_on_legal_hold(user.user_uid)
    memberships = items(lh_get(emulator, "/legal-hold-membership/list", userUid=user.user_uid, active="ACTIVE"))
    assert len(memberships) == 2 and memberships[1]["legalHold"]["legalHoldUid"] != member["legalHold"][
        "legalHoldUid"]
    assert emulator.tenant.is_on_legal_hold(user)


def test_the_release_hook_deactivates_every_membership_of_the_user(emulator: Emulator) -> None:
    user = free_user(emulator)
    first, second = new_matter(emulator, "One")["legalHoldUid"], new_matter(emulator, "Two")["legalHoldUid"]
    ok(add(emulator, first, user.user_uid))
    ok(add(emulator, second, user.user_uid))
    emulator.release_from_legal_hold(user.user_uid)
    members = items(lh_get(emulator, "/legal-hold-membership/list", userUid=user.user_uid))
    assert [m["active"] for m in members] == [False, False]
    assert events_of(emulator, second)[-1]["eventType"] == "MEMBERSHIP_DEACTIVATED"
    assert not emulator.tenant.is_on_legal_hold(user)


def test_seeded_custodians_still_held_are_departed_users_and_stay_refused(emulator: Emulator) -> None:
    held = [u for u in emulator.tenant.users if emulator.tenant.is_on_legal_hold(u)]
    assert held and all(not u.active for u in held)
    assert all(u.user_uid not in (emulator.admin.user_uid, emulator.restricted.user_uid) for u in held)
    response = call(emulator, f"/api/v3/users/{held[0].user_uid}/deactivate", admin_token(emulator), "POST")
    assert response.status_code == 400 and v3_error_key(response) == "ACTIVE_LEGAL_HOLD"
    members = items(lh_get(emulator, "/legal-hold-membership/list", userUid=held[0].user_uid, active="ACTIVE"))
    active_matters = {m["legalHoldUid"] for m in items(lh_get(emulator, "/legal-hold-matter/list", active="true"))}
    assert any(member["legalHold"]["legalHoldUid"] in active_matters for member in members)
