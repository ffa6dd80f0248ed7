"""sdk.legalhold: exact requests, state, error mappings, typed iterators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.exceptions import (
    PycpgError,
    PycpgForbiddenError,
    PycpgLegalHoldAlreadyActiveError,
    PycpgLegalHoldAlreadyDeactivatedError,
    PycpgLegalHoldCriteriaMissingError,
    PycpgLegalHoldNotFoundOrPermissionDeniedError,
    PycpgUserAlreadyAddedError,
)
from pycpg.models import LegalHoldEvent, LegalHoldMatter, LegalHoldMembership, LegalHoldPolicy
from pycpg.sdk import SDKClient
from tests.journal import only_request

LH = "/api/v38"


@pytest.fixture
def matter(sdk: SDKClient, emulator: Emulator) -> LegalHoldMatter:
    policy = sdk.legalhold.create_policy("Preserve everything").model()
    assert policy.legal_hold_policy_uid
    created = sdk.legalhold.create_matter("Case 42", policy.legal_hold_policy_uid).model()
    emulator.clear_journal()
    return created


def _users(emulator: Emulator, count: int) -> list[Any]:
    return [u for u in emulator.tenant.users if u.active][:count]


def test_create_and_view_policy(emulator: Emulator, sdk: SDKClient) -> None:
    created = sdk.legalhold.create_policy("Keep mail")
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.json) == ("POST", f"{LH}/legal-hold-policy/create", {"name": "Keep mail"})
    policy = created.model()
    assert isinstance(policy, LegalHoldPolicy) and policy.name == "Keep mail"
    uid = created["legalHoldPolicyUid"]
    emulator.clear_journal()
    viewed = sdk.legalhold.get_policy_by_uid(uid)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("GET", f"{LH}/legal-hold-policy/view", [("legalHoldPolicyUid", uid)])
    assert viewed.model().legal_hold_policy_uid == uid
    emulator.clear_journal()
    listed = sdk.legalhold.get_policy_list()
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("GET", f"{LH}/legal-hold-policy/list", [])
    assert uid in [p.legal_hold_policy_uid for p in listed.model()]


def test_unknown_policy_is_not_found_or_denied(sdk: SDKClient) -> None:
    with pytest.raises(PycpgLegalHoldNotFoundOrPermissionDeniedError) as caught:
        sdk.legalhold.get_policy_by_uid("123")
    assert isinstance(caught.value, PycpgForbiddenError)
    assert caught.value.uid == "123"
    assert "Policy" in str(caught.value)


def test_create_matter_sends_every_key(emulator: Emulator, sdk: SDKClient) -> None:
    policy_uid = sdk.legalhold.create_policy("p").model().legal_hold_policy_uid
    assert policy_uid
    emulator.clear_journal()
    response = sdk.legalhold.create_matter("M", policy_uid, "desc", "notes", externalReference="EXT-1")
    entry = only_request(emulator)
    assert (entry.method, entry.path) == ("POST", f"{LH}/legal-hold-matter/create")
    assert entry.json == {"policyId": policy_uid, "name": "M", "description": "desc", "notes": "notes", "externalReference": "EXT-1"}
    model = response.model()
    assert (model.name, model.policy_id, model.active) == ("M", policy_uid, True)
    emulator.clear_journal()
    sdk.legalhold.create_matter("N", policy_uid)
    assert only_request(emulator).json == {"policyId": policy_uid, "name": "N", "description": None, "notes": None, "externalReference": None}


def test_get_matter_by_uid(emulator: Emulator, sdk: SDKClient, matter: LegalHoldMatter) -> None:
    assert matter.legal_hold_uid
    viewed = sdk.legalhold.get_matter_by_uid(matter.legal_hold_uid)
    entry = only_request(emulator)
    assert (entry.path, entry.query) == (f"{LH}/legal-hold-matter/view", [("legalHoldUid", matter.legal_hold_uid)])
    assert viewed.model().name == "Case 42"
    with pytest.raises(PycpgLegalHoldNotFoundOrPermissionDeniedError, match="Matter"):
        sdk.legalhold.get_matter_by_uid("999")


@pytest.mark.parametrize(
    ("args", "kwargs", "query"),
    [
        ((1,), {}, [("active", "true"), ("page", "1"), ("pageSize", "500")]),
        ((2,), {"active": False}, [("active", "false"), ("page", "2"), ("pageSize", "500")]),
        ((1,), {"active": None}, [("page", "1"), ("pageSize", "500")]),
        ((1,), {"creator_user_uid": "u1"}, [("creatorPrincipalId", "u1"), ("active", "true"), ("page", "1"), ("pageSize", "500")]),
        ((1,), {"name": "Case"}, [("active", "true"), ("name", "Case"), ("page", "1"), ("pageSize", "500")]),
        ((1,), {"externalReference": "E"}, [("active", "true"), ("externalReference", "E"), ("page", "1"), ("pageSize", "500")]),
        ((3,), {"page_size": 7}, [("active", "true"), ("page", "3"), ("pageSize", "7")]),
    ],
)
def test_get_matters_page_query(
    emulator: Emulator, sdk: SDKClient, args: tuple[Any, ...], kwargs: dict[str, Any], query: list[tuple[str, str]]
) -> None:
    sdk.legalhold.get_matters_page(*args, **kwargs)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("GET", f"{LH}/legal-hold-matter/list", query)


@pytest.mark.parametrize("lists", ["bare", "wrapped"])
def test_all_matters_are_paged_in_either_envelope(lists: str) -> None:
    with Emulator(seed=9, legal_hold_lists=lists) as emulator:
        account = emulator.plain_admin
        sdk = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, items_per_page=2)
        policy = sdk.legalhold.create_policy("p").model().legal_hold_policy_uid
        assert policy
        for n in range(5):
            sdk.legalhold.create_matter(f"Matter {n}", policy)
        emulator.clear_journal()
        pages = list(sdk.legalhold.get_all_matters(active=None))
        typed = list(sdk.legalhold.iter_all_matters(active=None))
    assert len(pages) > 3
    assert [e.params["page"] for e in emulator.journal][: len(pages)] == [str(n) for n in range(1, len(pages) + 1)]
    names = [m.name for m in typed]
    assert {f"Matter {n}" for n in range(5)} <= set(names)
    assert len(names) == len(set(m.legal_hold_uid for m in typed))


@pytest.mark.parametrize("lists", ["bare", "wrapped"])
def test_all_custodians_are_paged_in_either_envelope(lists: str) -> None:
    with Emulator(seed=9, legal_hold_lists=lists) as emulator:
        account = emulator.plain_admin
        sdk = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, items_per_page=2)
        policy = sdk.legalhold.create_policy("p").model().legal_hold_policy_uid
        matter = sdk.legalhold.create_matter("Paged custodians", policy).model().legal_hold_uid
        users = [u for u in emulator.tenant.users if u.active][:5]
        for user in users:
            sdk.legalhold.add_to_matter(user.user_uid, matter)
        emulator.clear_journal()
        pages = list(sdk.legalhold.get_all_matter_custodians(matter))
        typed = list(sdk.legalhold.iter_all_matter_custodians(matter))
    assert len(pages) == 3 and len(emulator.journal) == 6
    assert isinstance(pages[0].data, dict if lists == "wrapped" else list)
    assert sorted(m.user.user_uid for m in typed) == sorted(u.user_uid for u in users)


def test_custodians_add_list_remove(emulator: Emulator, sdk: SDKClient, matter: LegalHoldMatter) -> None:
    uid = matter.legal_hold_uid
    assert uid
    user = _users(emulator, 1)[0]
    added = sdk.legalhold.add_to_matter(user.user_uid, uid)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.json) == (
        "POST", f"{LH}/legal-hold-membership/create", {"legalHoldUid": uid, "userUid": user.user_uid},
    )
    membership = added.model()
    assert isinstance(membership, LegalHoldMembership)
    assert membership.user is not None and membership.user.user_uid == user.user_uid
    emulator.clear_journal()
    page = sdk.legalhold.get_custodians_page(1, uid)
    entry = only_request(emulator)
    assert (entry.path, entry.query) == (
        f"{LH}/legal-hold-membership/list", [("legalHoldUid", uid), ("active", "ACTIVE"), ("page", "1"), ("pageSize", "500")],
    )
    assert [m.legal_hold_membership_uid for m in page.model()] == [membership.legal_hold_membership_uid]
    assert membership.legal_hold_membership_uid
    emulator.clear_journal()
    sdk.legalhold.remove_from_matter(membership.legal_hold_membership_uid)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.json) == (
        "POST", f"{LH}/legal-hold-membership/deactivate",
        {"legalHoldMembershipUid": membership.legal_hold_membership_uid},
    )
    assert list(sdk.legalhold.iter_all_matter_custodians(uid)) == []
    inactive = list(sdk.legalhold.iter_all_matter_custodians(uid, active=False))
    assert [m.active for m in inactive] == [False]


@pytest.mark.parametrize(
    ("kwargs", "query"),
    [
        ({"user_uid": "u"}, [("userUid", "u"), ("active", "ACTIVE"), ("page", "1"), ("pageSize", "500")]),
        ({"user": "ann", "active": None}, [("user", "ann"), ("active", "ALL"), ("page", "1"), ("pageSize", "500")]),
        ({"legal_hold_matter_uid": "m", "active": False, "page_size": 3}, [("legalHoldUid", "m"), ("active", "INACTIVE"), ("page", "1"), ("pageSize", "3")]),
    ],
)
def test_get_custodians_page_query(
    emulator: Emulator, sdk: SDKClient, kwargs: dict[str, Any], query: list[tuple[str, str]]
) -> None:
    try:
        sdk.legalhold.get_custodians_page(1, **kwargs)
    except PycpgLegalHoldNotFoundOrPermissionDeniedError:
        pass
    assert only_request(emulator).query == query


def test_invalid_active_value_fails_before_any_request(emulator: Emulator, sdk: SDKClient) -> None:
    with pytest.raises(PycpgError, match="Invalid value for active"):
        sdk.legalhold.get_custodians_page(1, "m", active="yes")  # type: ignore[arg-type]
    with pytest.raises(PycpgError, match="Invalid value for active"):
        sdk.legalhold.get_all_matter_custodians("m", active="yes")  # type: ignore[arg-type]
    assert emulator.journal == []


def test_custodian_list_without_criteria(sdk: SDKClient) -> None:
    with pytest.raises(PycpgLegalHoldCriteriaMissingError) as caught:
        sdk.legalhold.get_custodians_page(1)
    assert caught.value.response.status_code == 400
    assert "legal_hold_matter_uid" in str(caught.value)


def test_adding_a_custodian_twice(emulator: Emulator, sdk: SDKClient, matter: LegalHoldMatter) -> None:
    assert matter.legal_hold_uid
    user = _users(emulator, 1)[0]
    sdk.legalhold.add_to_matter(user.user_uid, matter.legal_hold_uid)
    with pytest.raises(PycpgUserAlreadyAddedError) as caught:
        sdk.legalhold.add_to_matter(user.user_uid, matter.legal_hold_uid)
    assert caught.value.user_id == user.user_uid
    assert f"legal hold matter id={matter.legal_hold_uid}, name=Case 42" in str(caught.value)


def test_adding_to_unknown_matter_and_removing_unknown_membership(emulator: Emulator, sdk: SDKClient) -> None:
    user = _users(emulator, 1)[0]
    with pytest.raises(PycpgLegalHoldNotFoundOrPermissionDeniedError, match="Matter"):
        sdk.legalhold.add_to_matter(user.user_uid, "424242")
    with pytest.raises(PycpgLegalHoldNotFoundOrPermissionDeniedError, match="Membership") as caught:
        sdk.legalhold.remove_from_matter("777")
    assert caught.value.uid == "777"


def test_deactivate_and_reactivate_matter(emulator: Emulator, sdk: SDKClient, matter: LegalHoldMatter) -> None:
    uid = matter.legal_hold_uid
    assert uid
    assert sdk.legalhold.deactivate_matter(uid).model() is None
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.json) == ("POST", f"{LH}/legal-hold-matter/deactivate", {"legalHoldUid": uid})
    assert sdk.legalhold.get_matter_by_uid(uid).model().active is False
    with pytest.raises(PycpgLegalHoldAlreadyDeactivatedError) as deactivated:
        sdk.legalhold.deactivate_matter(uid)
    assert deactivated.value.legal_hold_matter_uid == uid
    emulator.clear_journal()
    sdk.legalhold.reactivate_matter(uid)
    entry = only_request(emulator)
    assert (entry.path, entry.json) == (f"{LH}/legal-hold-matter/activate", {"legalHoldUid": uid})
    with pytest.raises(PycpgLegalHoldAlreadyActiveError) as active:
        sdk.legalhold.reactivate_matter(uid)
    assert active.value.legal_hold_matter_uid == uid
    with pytest.raises(PycpgLegalHoldNotFoundOrPermissionDeniedError):
        sdk.legalhold.deactivate_matter("31337")


def test_get_events_page_query(emulator: Emulator, sdk: SDKClient) -> None:
    sdk.legalhold.get_events_page("m1", "2020-01-01 00:00:00", 1599653541.5, 2, 10)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == (
        "GET", f"{LH}/legal-hold-event/list",
        [("legalHoldUid", "m1"), ("minEventDate", "2020-01-01T00:00:00.000Z"),
         ("maxEventDate", "2020-09-09T12:12:21.500Z"), ("page", "2"), ("pageSize", "10")],
    )
    emulator.clear_journal()
    sdk.legalhold.get_events_page()
    assert only_request(emulator).query == [("page", "1"), ("pageSize", "500")]


def test_bad_event_dates_raise_before_any_request(emulator: Emulator, sdk: SDKClient) -> None:
    with pytest.raises(TypeError):
        sdk.legalhold.get_all_events(min_event_date=[2020])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="yesterday"):
        sdk.legalhold.get_events_page(max_event_date="yesterday")
    assert emulator.journal == []


def test_restricted_user_is_denied(emulator: Emulator) -> None:
    account = emulator.restricted
    restricted = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
    with pytest.raises(PycpgForbiddenError):
        restricted.legalhold.create_policy("nope")


def test_iter_all_events_is_typed_and_ordered(emulator: Emulator, sdk: SDKClient) -> None:
    events: Iterator[LegalHoldEvent] = sdk.legalhold.iter_all_events()
    listed = list(events)
    assert listed and all(isinstance(e, LegalHoldEvent) for e in listed)
    dates = [e.event_date for e in listed]
    assert all(d is not None and d.tzinfo is not None for d in dates)
    assert dates == sorted(dates)
