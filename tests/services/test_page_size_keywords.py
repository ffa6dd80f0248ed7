"""``page_size=`` and ``format=`` are real keyword parameters: they reach the wire unchanged, on every page.

pycpg 1.0 hid them in ``**kwargs``; here they are declared (keyword-only after
pycpg 1.0's parameters), and the remaining ``**kwargs`` still travel as extra
query parameters (or, for the audit log, body keys).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from pycpg.emulator import Emulator, JournalEntry
from pycpg.sdk import SDKClient

AUDIT_SEARCH = "/audit-log/rpc/search/search-audit-log"
RESTORE_HISTORY = "/api/v1/RestoreHistory"

#: (name, call, path, what each page must carry: query pairs, or body keys for the audit log)
CASES: list[tuple[str, Callable[[SDKClient], Iterable[Any]], str, dict[str, Any]]] = [
    ("users.get_all", lambda sdk: sdk.users.get_all(page_size=2, incRoles=True), "/api/v1/User",
     {"pgSize": "2", "incRoles": "True"}),
    ("users.iter_all", lambda sdk: sdk.users.iter_all(active=True, page_size=2), "/api/v1/User",
     {"active": "True", "pgSize": "2"}),
    ("devices.get_all", lambda sdk: sdk.devices.get_all(page_size=3, srtKey="name"), "/api/v1/Computer",
     {"pgSize": "3", "srtKey": "name"}),
    ("devices.iter_all", lambda sdk: sdk.devices.iter_all(include_counts=False, page_size=3), "/api/v1/Computer",
     {"incCounts": "False", "pgSize": "3"}),
    ("orgs.get_all", lambda sdk: sdk.orgs.get_all(page_size=2), "/api/v1/Org", {"pgSize": "2"}),
    ("orgs.iter_all", lambda sdk: sdk.orgs.iter_all(page_size=2), "/api/v1/Org", {"pgSize": "2"}),
    ("archive restore history",
     lambda sdk: sdk.archive._archive_service.get_all_restore_history(
         30, "orgId", 1, page_size=2, extra="v-extra"),
     RESTORE_HISTORY, {"days": "30", "pgSize": "2", "extra": "v-extra", "orgId": "1"}),
    ("auditlogs.get_all", lambda sdk: sdk.auditlogs.get_all(page_size=25, customParam="x"), AUDIT_SEARCH,
     {"pageSize": 25, "customParam": "x"}),
    ("auditlogs.iter_all", lambda sdk: sdk.auditlogs.iter_all(page_size=25, customParam="x"), AUDIT_SEARCH,
     {"pageSize": 25, "customParam": "x"}),
]


def _carried(entry: JournalEntry, path: str) -> dict[str, Any]:
    return dict(entry.json) if path == AUDIT_SEARCH else entry.params


@pytest.mark.parametrize(("call", "path", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_page_size_and_extras_reach_every_page(
    emulator: Emulator, sdk: SDKClient, call: Callable[[SDKClient], Iterable[Any]], path: str,
    expected: dict[str, Any],
) -> None:
    results = list(call(sdk))
    pages = [entry for entry in emulator.journal if entry.path == path]
    assert pages
    for entry in pages:
        carried = _carried(entry, path)
        assert {key: carried.get(key) for key in expected} == expected
        assert "page_size" not in carried and "format" not in carried
    if path != RESTORE_HISTORY:  # the tenant has no restores yet
        assert results and len(pages) > 1  # small pages: the keyword really paged


@pytest.mark.parametrize(("fmt", "accept"), [("CSV", "text/csv"), ("cef", "text/x-cef"), ("JSON", None)])
def test_audit_log_format_and_page_size_reach_every_page(
    emulator: Emulator, sdk: SDKClient, fmt: str, accept: str | None
) -> None:
    pages = list(sdk.auditlogs.get_all(page_size=40, format=fmt, customParam="x"))
    searches = [entry for entry in emulator.journal if entry.path == AUDIT_SEARCH]
    assert len(pages) == len(searches) > 1
    for number, entry in enumerate(searches):
        assert (entry.json["page"], entry.json["pageSize"], entry.json["customParam"]) == (number, 40, "x")
        assert "format" not in entry.json
        if accept is None:
            assert "text/" not in entry.headers["accept"]
        else:
            assert entry.headers["accept"] == accept
