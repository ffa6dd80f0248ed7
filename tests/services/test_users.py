"""sdk.users read paths: exact requests on the wire and typed results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgNotFoundError, PycpgOrgNotFoundError
from pycpg.models import User, UserPage
from pycpg.response import PycpgResponse
from pycpg.sdk import SDKClient
from tests.journal import only_request, requests_to

Call = Callable[[SDKClient, Any], PycpgResponse[Any]]

# (description, call(sdk, user), expected path(user), expected query(user))
WIRE_CASES: list[tuple[str, Call, Callable[[Any], str], Callable[[Any], list[tuple[str, str]]]]] = [
    ("get_current", lambda s, u: s.users.get_current(), lambda u: "/api/v1/User/my", lambda u: []),
    (
        "get_current kwargs",
        lambda s, u: s.users.get_current(incRoles=True),
        lambda u: "/api/v1/User/my",
        lambda u: [("incRoles", "True")],
    ),
    ("get_by_id", lambda s, u: s.users.get_by_id(u.user_id), lambda u: f"/api/v1/User/{u.user_id}", lambda u: []),
    (
        "get_by_id kwargs",
        lambda s, u: s.users.get_by_id(u.user_id, incRoles=True),
        lambda u: f"/api/v1/User/{u.user_id}",
        lambda u: [("incRoles", "True")],
    ),
    (
        "get_by_uid",
        lambda s, u: s.users.get_by_uid(u.user_uid),
        lambda u: f"/api/v1/User/{u.user_uid}",
        lambda u: [("idType", "uid")],
    ),
    (
        "get_by_uid kwargs",
        lambda s, u: s.users.get_by_uid(u.user_uid, incRoles=False),
        lambda u: f"/api/v1/User/{u.user_uid}",
        lambda u: [("idType", "uid"), ("incRoles", "False")],
    ),
    (
        "get_by_username",
        lambda s, u: s.users.get_by_username(u.username),
        lambda u: "/api/v1/User",
        lambda u: [("username", u.username)],
    ),
    (
        "get_by_username kwargs",
        lambda s, u: s.users.get_by_username(u.username, incRoles=True),
        lambda u: "/api/v1/User",
        lambda u: [("username", u.username), ("incRoles", "True")],
    ),
    ("get_page", lambda s, u: s.users.get_page(1), lambda u: "/api/v1/User", lambda u: [("pgNum", "1"), ("pgSize", "500")]),
    (
        "get_page active",
        lambda s, u: s.users.get_page(2, active=False),
        lambda u: "/api/v1/User",
        lambda u: [("active", "False"), ("pgNum", "2"), ("pgSize", "500")],
    ),
    (
        "get_page email",
        lambda s, u: s.users.get_page(1, email=u.email),
        lambda u: "/api/v1/User",
        lambda u: [("email", u.email), ("pgNum", "1"), ("pgSize", "500")],
    ),
    (
        "get_page org_uid",
        lambda s, u: s.users.get_page(1, org_uid=u.org.org_uid),
        lambda u: "/api/v1/User",
        lambda u: [("orgUid", u.org.org_uid), ("pgNum", "1"), ("pgSize", "500")],
    ),
    (
        "get_page role_id",
        lambda s, u: s.users.get_page(1, role_id="desktop-user"),
        lambda u: "/api/v1/User",
        lambda u: [("roleId", "desktop-user"), ("pgNum", "1"), ("pgSize", "500")],
    ),
    (
        "get_page page_size",
        lambda s, u: s.users.get_page(3, page_size=4),
        lambda u: "/api/v1/User",
        lambda u: [("pgNum", "3"), ("pgSize", "4")],
    ),
    (
        "get_page q",
        lambda s, u: s.users.get_page(1, q="ann"),
        lambda u: "/api/v1/User",
        lambda u: [("pgNum", "1"), ("pgSize", "500"), ("q", "ann")],
    ),
    (
        "get_page kwargs",
        lambda s, u: s.users.get_page(1, incRoles=True),
        lambda u: "/api/v1/User",
        lambda u: [("pgNum", "1"), ("pgSize", "500"), ("incRoles", "True")],
    ),
    (
        "get_page all filters",
        lambda s, u: s.users.get_page(1, True, u.email, u.org.org_uid, "desktop-user", 10, "x"),
        lambda u: "/api/v1/User",
        lambda u: [
            ("active", "True"), ("email", u.email), ("orgUid", u.org.org_uid),
            ("roleId", "desktop-user"), ("pgNum", "1"), ("pgSize", "10"), ("q", "x"),
        ],
    ),
]


def _some_user(emulator: Emulator) -> Any:
    return next(u for u in emulator.tenant.users if u.email)


@pytest.mark.parametrize("case", WIRE_CASES, ids=[c[0] for c in WIRE_CASES])
def test_read_methods_send_exact_verb_path_and_query(emulator: Emulator, sdk: SDKClient, case: Any) -> None:
    _, call, path, query = case
    user = _some_user(emulator)
    emulator.clear_journal()
    call(sdk, user)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("GET", path(user), query(user))
    assert entry.body == b""


def test_get_current_returns_the_signed_in_user(emulator: Emulator, sdk: SDKClient) -> None:
    response = sdk.users.get_current()
    user = response.model()
    assert isinstance(user, User)
    assert user.username == emulator.plain_admin.username
    assert user.user_uid == emulator.plain_admin.user_uid
    assert response["username"] == emulator.plain_admin.username


def test_get_by_id_and_uid_return_the_same_user(emulator: Emulator, sdk: SDKClient) -> None:
    record = _some_user(emulator)
    by_id = sdk.users.get_by_id(record.user_id).model()
    by_uid = sdk.users.get_by_uid(record.user_uid).model()
    assert by_id == by_uid
    assert (by_id.user_id, by_id.email, by_id.org_uid) == (record.user_id, record.email, record.org.org_uid)
    assert by_id.creation_date is not None and by_id.creation_date.tzinfo is not None


def test_get_by_username_returns_a_page_with_the_user(emulator: Emulator, sdk: SDKClient) -> None:
    record = _some_user(emulator)
    page = sdk.users.get_by_username(record.username)
    assert isinstance(page.model(), UserPage)
    assert [u.user_uid for u in page.model().users] == [record.user_uid]
    assert page["users"][0]["username"] == record.username


def test_get_all_pages_with_pycpg_keys_and_stop_rule(emulator: Emulator, sdk: SDKClient) -> None:
    total = len(emulator.tenant.users)
    size = 6
    pages = list(sdk.users.get_all(page_size=size))
    expected_pages = total // size + 1  # pycpg yields a final short (or empty) page
    assert len(pages) == expected_pages
    sent = requests_to(emulator, "/api/v1/User")  # pages are fetched ahead: they may arrive out of order
    queries = sorted((e.query for e in sent), key=lambda query: int(dict(query)["pgNum"]))
    assert queries == [[("pgNum", str(n)), ("pgSize", str(size))] for n in range(1, expected_pages + 1)]
    uids = [u["userUid"] for page in pages for u in page["users"]]
    assert sorted(uids) == sorted(u.user_uid for u in emulator.tenant.users)


def test_get_all_forwards_every_filter_to_each_page(emulator: Emulator, sdk: SDKClient) -> None:
    record = _some_user(emulator)
    list(sdk.users.get_all(True, record.email, record.org.org_uid, "desktop-user", "a", incRoles=True))
    (entry,) = requests_to(emulator, "/api/v1/User")
    assert entry.query == [
        ("active", "True"), ("email", record.email), ("orgUid", record.org.org_uid),
        ("roleId", "desktop-user"), ("pgNum", "1"), ("pgSize", "500"), ("q", "a"), ("incRoles", "True"),
    ]


def test_get_all_uses_the_client_page_size(emulator: Emulator) -> None:
    import pycpg.sdk

    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, items_per_page=5)
    emulator.clear_journal()
    pages = list(client.users.get_all())
    assert all(e.params["pgSize"] == "5" for e in requests_to(emulator, "/api/v1/User"))
    assert sum(len(p["users"]) for p in pages) == len(emulator.tenant.users)


def test_iter_all_yields_typed_users_matching_filters(emulator: Emulator, sdk: SDKClient) -> None:
    users = list(sdk.users.iter_all(active=True, page_size=4))
    assert all(isinstance(u, User) for u in users)
    assert sorted(str(u.user_uid) for u in users) == sorted(r.user_uid for r in emulator.tenant.users if r.active)
    assert all(e.params["active"] == "True" for e in requests_to(emulator, "/api/v1/User"))


def test_get_page_with_unknown_org_raises_org_not_found(sdk: SDKClient) -> None:
    with pytest.raises(PycpgOrgNotFoundError) as caught:
        sdk.users.get_page(1, org_uid="no-such-org")
    assert caught.value.org_uid == "no-such-org"
    assert caught.value.response.status_code == 400


def test_get_current_with_api_client_raises_clear_not_found(emulator: Emulator) -> None:
    import pycpg.sdk

    client = pycpg.sdk.from_api_client(emulator.url, emulator.api_client_id, emulator.api_client_secret)
    with pytest.raises(PycpgNotFoundError) as caught:
        client.users.get_current()
    assert "API-client" in str(caught.value)
    assert caught.value.response.status_code == 404


def test_unknown_user_id_raises_not_found(sdk: SDKClient) -> None:
    with pytest.raises(PycpgNotFoundError):
        sdk.users.get_by_id(999999999)
