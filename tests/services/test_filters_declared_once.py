"""Each list endpoint forwards its filters by keyword, and builds its query from one table.

``test_get_all_params`` sets one filter at a time and checks the query's order.
Here every filter of an endpoint is set at once, each to its own value, so a
filter forwarded into another parameter's place (as positional forwarding does
when a parameter is added or moved) shows up as a value under the wrong key.
The ``ast`` check keeps the internal calls keyword-based.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import pycpg
from pycpg.emulator import Emulator, JournalEntry
from pycpg.exceptions import PycpgError
from pycpg.sdk import SDKClient
from pycpg.services._base import wire_params

AUDIT_SEARCH = "/audit-log/rpc/search/search-audit-log"
BEGIN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
END = datetime(2024, 6, 7, 8, 9, 10, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Endpoint:
    """A list endpoint: how to call its page generator, where the first page goes, what it must carry."""

    name: str
    call: Callable[[SDKClient, str], Iterable[Any]]  # (sdk, "get_all" or "iter_all") -> pages or items
    path: str
    #: The query (or, for audit logs, the JSON body) of the first page, exactly.
    first_page: dict[str, Any]


def _users(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.users, method)(  # type: ignore[no-any-return]
        active="v-active", email="v-email", org_uid="v-org", role_id="v-role", q="v-q",
        page_size=7, extra="v-extra",
    )


def _devices(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.devices, method)(  # type: ignore[no-any-return]
        active="v-active", blocked="v-blocked", org_uid="v-org", user_uid="v-user",
        destination_guid="v-destination", include_backup_usage="v-usage", include_counts="v-counts",
        q="v-q", page_size=7, extra="v-extra",
    )


def _orgs(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.orgs, method)(q="v-q", page_size=7)  # type: ignore[no-any-return]


def _matters(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.legalhold, f"{method}_matters")(  # type: ignore[no-any-return]
        creator_user_uid="v-creator", active=False, name="v-name", externalReference="v-reference",
    )


def _custodians(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.legalhold, f"{method}_matter_custodians")(  # type: ignore[no-any-return]
        legal_hold_matter_uid="v-matter", user_uid="v-user", user="v-username", active=False,
    )


def _events(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.legalhold, f"{method}_events")(  # type: ignore[no-any-return]
        legal_hold_uid="v-hold", min_event_date=BEGIN, max_event_date=END,
    )


def _audit_logs(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.auditlogs, method)(  # type: ignore[no-any-return]
        begin_time=BEGIN, end_time=END, event_types="v-event", user_ids="v-actor-id",
        usernames="v-actor-name", user_ip_addresses="v-ip", affected_user_ids="v-affected-id",
        affected_usernames="v-affected-name", page_size=7, extra="v-extra",
    )


def _archives(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.archive, f"{method}_by_device_guid")("v-device")  # type: ignore[no-any-return]


def _restore_history(kind: str) -> Callable[[SDKClient, str], Iterable[Any]]:
    def call(sdk: SDKClient, method: str) -> Iterable[Any]:
        return getattr(sdk.archive, f"{method}_{kind}_restore_history")(  # type: ignore[no-any-return]
            days=30, **{f"{kind}_id": f"v-{kind}"}
        )

    return call


def _cold_storage(sdk: SDKClient, method: str) -> Iterable[Any]:
    return getattr(sdk.archive, f"{method}_org_cold_storage_archives")(  # type: ignore[no-any-return]
        org_id="v-org", include_child_orgs=False, sort_key="v-sort-key", sort_dir="v-sort-dir",
    )


ENDPOINTS = [
    Endpoint("users", _users, "/api/v1/User", {
        "active": "v-active", "email": "v-email", "orgUid": "v-org", "roleId": "v-role",
        "pgNum": "1", "pgSize": "7", "q": "v-q", "extra": "v-extra",
    }),
    Endpoint("devices", _devices, "/api/v1/Computer", {
        "active": "v-active", "blocked": "v-blocked", "orgUid": "v-org", "userUid": "v-user",
        "targetComputerGuid": "v-destination", "incBackupUsage": "v-usage", "incCounts": "v-counts",
        "pgNum": "1", "pgSize": "7", "q": "v-q", "extra": "v-extra",
    }),
    Endpoint("orgs", _orgs, "/api/v1/Org", {"pgNum": "1", "pgSize": "7", "q": "v-q"}),
    Endpoint("legal-hold matters", _matters, "/api/v38/legal-hold-matter/list", {
        "creatorPrincipalId": "v-creator", "active": "false", "name": "v-name",
        "externalReference": "v-reference", "page": "1", "pageSize": "500",
    }),
    Endpoint("legal-hold custodians", _custodians, "/api/v38/legal-hold-membership/list", {
        "userUid": "v-user", "legalHoldUid": "v-matter", "user": "v-username", "active": "INACTIVE",
        "page": "1", "pageSize": "500",
    }),
    Endpoint("legal-hold events", _events, "/api/v38/legal-hold-event/list", {
        "legalHoldUid": "v-hold", "minEventDate": "2024-01-02T03:04:05.000Z",
        "maxEventDate": "2024-06-07T08:09:10.000Z", "page": "1", "pageSize": "500",
    }),
    Endpoint("audit logs", _audit_logs, AUDIT_SEARCH, {
        "page": 0,
        "pageSize": 7,
        "dateRange": {"startTime": "2024-01-02T03:04:05.000000Z", "endTime": "2024-06-07T08:09:10.000000Z"},
        "eventTypes": ["v-event"],
        "actorIds": ["v-actor-id"],
        "actorNames": ["v-actor-name"],
        "actorIpAddresses": ["v-ip"],
        "affectedUserIds": ["v-affected-id"],
        "affectedUserNames": ["v-affected-name"],
        "extra": "v-extra",
    }),
    Endpoint("archives", _archives, "/api/v1/Archive", {
        "pgNum": "1", "pgSize": "500", "backupSourceGuid": "v-device",
    }),
    Endpoint("org restore history", _restore_history("org"), "/api/v1/RestoreHistory", {
        "days": "30", "pgNum": "1", "pgSize": "500", "orgId": "v-org",
    }),
    Endpoint("user restore history", _restore_history("user"), "/api/v1/RestoreHistory", {
        "days": "30", "pgNum": "1", "pgSize": "500", "userId": "v-user",
    }),
    Endpoint("device restore history", _restore_history("device"), "/api/v1/RestoreHistory", {
        "days": "30", "pgNum": "1", "pgSize": "500", "computerId": "v-device",
    }),
    Endpoint("cold storage", _cold_storage, "/api/v1/ColdStorage", {
        "orgId": "v-org", "incChildOrgs": "False", "srtKey": "v-sort-key", "srtDir": "v-sort-dir",
        "pgSize": "500", "pgNum": "1",
    }),
]


def _first_page(emulator: Emulator, path: str) -> JournalEntry:
    sent = [entry for entry in emulator.journal if entry.path == path]
    assert sent, [(entry.method, entry.path) for entry in emulator.journal]
    return sent[0]


@pytest.mark.parametrize("method", ["get_all", "iter_all"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[endpoint.name for endpoint in ENDPOINTS])
def test_every_filter_reaches_its_own_key(emulator: Emulator, sdk: SDKClient, endpoint: Endpoint, method: str) -> None:
    try:
        next(iter(endpoint.call(sdk, method)))
    except (StopIteration, PycpgError):
        pass  # nothing matched, or the server refused made-up values: the request under test was sent
    first = _first_page(emulator, endpoint.path)
    if endpoint.path == AUDIT_SEARCH:
        assert first.json == endpoint.first_page
    else:
        assert first.params == endpoint.first_page


# -- the table helper ---------------------------------------------------------


def test_wire_params_follows_the_table_order_and_adds_extras_last() -> None:
    keys = {"org_uid": "orgUid", "page_num": "pgNum", "q": "q"}
    params = wire_params(keys, {"srtKey": "name", "pgNum": 9}, q="ann", page_num=1, org_uid="o1")
    assert list(params.items()) == [("orgUid", "o1"), ("pgNum", 9), ("q", "ann"), ("srtKey", "name")]


@pytest.mark.parametrize(
    "values", [{"org_uid": "o1"}, {"org_uid": "o1", "q": "ann", "user_uid": "u1"}], ids=["missing", "unknown"]
)
def test_wire_params_refuses_a_table_and_caller_out_of_step(values: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        wire_params({"org_uid": "orgUid", "q": "q"}, **values)


# -- internal calls pass arguments by keyword ---------------------------------

PACKAGE = Path(pycpg.__file__).parent
SOURCES = sorted([*(PACKAGE / "services").rglob("*.py"), *(PACKAGE / "clients").rglob("*.py")])
MAX_POSITIONAL = 2


def _is_paging_call(name: str) -> bool:
    """``get_page``, ``get_all``, ``get_*_page``, ``get_all_*`` and the ``iter_all`` family, private or not."""
    name = name.lstrip("_")
    return (
        name in ("get_page", "get_all", "iter_all")
        or name.startswith(("get_all_", "iter_all_"))
        or (name.startswith("get_") and name.endswith("_page"))
    )


def _positional_paging_calls(tree: ast.AST) -> Iterator[tuple[int, str, int]]:
    """(line, name, positional count) of each paging call with too many positional arguments.

    A ``*args`` forwards an unknown number, so it always counts as too many.
    """
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if not _is_paging_call(name):
            continue
        starred = any(isinstance(arg, ast.Starred) for arg in node.args)
        if starred or len(node.args) > MAX_POSITIONAL:
            yield node.lineno, name, len(node.args)


def test_the_check_finds_positional_forwarding() -> None:
    source = "self.get_page(page_num, active, email, size)\nself.get_all_matters(*args)\nself.get_all(active=a)\n"
    assert [name for _, name, _ in _positional_paging_calls(ast.parse(source))] == ["get_page", "get_all_matters"]


@pytest.mark.parametrize("source", SOURCES, ids=[str(path.relative_to(PACKAGE)) for path in SOURCES])
def test_internal_paging_calls_pass_arguments_by_keyword(source: Path) -> None:
    found = list(_positional_paging_calls(ast.parse(source.read_text(encoding="utf-8"), str(source))))
    assert found == [], f"{source.name}: pass these arguments by keyword: {found}"
