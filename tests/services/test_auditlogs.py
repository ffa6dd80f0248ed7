"""sdk.auditlogs: host discovery, exact bodies, paging, CSV/CEF, typed events."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgError, PycpgForbiddenError, PycpgModelError
from pycpg.models import AuditLogEvent, AuditLogPage
from pycpg.response import PycpgResponse, PycpgTextResponse
from pycpg.sdk import SDKClient

SEARCH = "/audit-log/rpc/search/search-audit-log"
EMPTY_FILTERS: dict[str, list[str]] = {
    "eventTypes": [], "actorIds": [], "actorNames": [], "actorIpAddresses": [],
    "affectedUserIds": [], "affectedUserNames": [],
}


def test_first_call_discovers_the_host_then_it_is_cached(emulator: Emulator, sdk: SDKClient) -> None:
    page = sdk.auditlogs.get_page()
    env, kv, search = emulator.journal
    assert (env.method, env.path) == ("GET", "/api/v1/ServerEnv")
    assert env.headers["authorization"].startswith("Bearer ")
    assert (kv.method, kv.path) == ("GET", "/simple-key-value-store/v1/AUDIT-LOG_API-URL")
    assert "authorization" not in kv.headers and kv.headers["accept"] == "*/*"
    assert (search.method, search.path) == ("POST", SEARCH)
    assert search.headers["authorization"].startswith("Bearer ")
    assert search.json == {"page": 0, "pageSize": 500, "dateRange": {}, **EMPTY_FILTERS}
    assert isinstance(page.model(), AuditLogPage)
    emulator.clear_journal()
    sdk.auditlogs.get_page(page_num=2, page_size=5)
    (again,) = emulator.journal
    assert again.path == SEARCH and again.json["page"] == 1 and again.json["pageSize"] == 5


def test_every_filter_reaches_the_body(emulator: Emulator, sdk: SDKClient) -> None:
    five_west = timezone(timedelta(hours=-5))
    sdk.auditlogs.get_page(
        page_num=1,
        page_size=10,
        begin_time=datetime(2025, 12, 1, 19, 0, tzinfo=five_west),
        end_time=1767225600,
        event_types="logged_in",
        user_ids=["1", "2"],
        usernames="a@example.com",
        user_ip_addresses=["10.0.0.1"],
        affected_user_ids="9",
        affected_usernames=["b@example.com"],
        customParam="x",
    )
    body = emulator.journal[-1].json
    assert body == {
        "page": 0,
        "pageSize": 10,
        "dateRange": {"startTime": "2025-12-02T00:00:00.000000Z", "endTime": "2026-01-01T00:00:00.000000Z"},
        "eventTypes": ["logged_in"],
        "actorIds": ["1", "2"],
        "actorNames": ["a@example.com"],
        "actorIpAddresses": ["10.0.0.1"],
        "affectedUserIds": ["9"],
        "affectedUserNames": ["b@example.com"],
        "customParam": "x",
    }


def test_get_all_pages_zero_based_until_a_short_page(emulator: Emulator, sdk: SDKClient) -> None:
    pages = list(sdk.auditlogs.get_all(page_size=40))
    searches = [e for e in emulator.journal if e.path == SEARCH]
    assert [e.json["page"] for e in searches] == list(range(len(pages)))
    assert all(e.json["pageSize"] == 40 for e in searches)
    counts = [len(p["events"]) for p in pages]
    assert all(c == 40 for c in counts[:-1]) and counts[-1] < 40
    assert sum(counts) > 40


def test_iter_all_is_typed_and_filtered(sdk: SDKClient) -> None:
    events = list(sdk.auditlogs.iter_all(event_types=["logged_in"], page_size=25))
    assert events and all(isinstance(e, AuditLogEvent) for e in events)
    assert {e.event_name for e in events} == {"logged_in"}
    assert all(e.timestamp is not None and e.timestamp.tzinfo is not None for e in events)


def test_time_window_is_applied(sdk: SDKClient) -> None:
    everything = list(sdk.auditlogs.iter_all())
    stamps = sorted(e.timestamp for e in everything if e.timestamp)
    begin, end = stamps[len(stamps) // 4], stamps[3 * len(stamps) // 4]
    window = list(sdk.auditlogs.iter_all(begin_time=begin, end_time=end))
    assert window
    assert all(e.timestamp is not None and begin <= e.timestamp < end for e in window)
    assert len(window) == sum(1 for s in stamps if begin <= s < end)


@pytest.mark.parametrize(("fmt", "accept", "header_lines"), [("CSV", "text/csv", 1), ("cef", "text/x-cef", 0)])
def test_text_formats_page_instead_of_crashing(
    emulator: Emulator, sdk: SDKClient, fmt: str, accept: str, header_lines: int
) -> None:
    total = sum(len(p["events"]) for p in sdk.auditlogs.get_all(page_size=60))
    emulator.clear_journal()
    pages = list(sdk.auditlogs.get_all(format=fmt, page_size=60))
    assert len(pages) > 1
    assert all(e.headers["accept"] == accept for e in emulator.journal if e.path == SEARCH)
    assert all("format" not in e.json for e in emulator.journal if e.path == SEARCH)
    lines = [len([x for x in p.text.splitlines() if x.strip()]) - header_lines for p in pages]
    assert sum(lines) == total
    with pytest.raises(ValueError, match="get_all"):
        sdk.auditlogs.iter_all(format=fmt)


def test_restricted_user_is_denied(emulator: Emulator) -> None:
    account = emulator.restricted
    restricted = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
    with pytest.raises(PycpgForbiddenError):
        restricted.auditlogs.get_page()


def test_a_csv_page_is_a_text_page_and_its_model_raises_a_clear_error(emulator: Emulator, sdk: SDKClient) -> None:
    page = sdk.auditlogs.get_page(2, 3, format="CSV", customParam="x")
    (search,) = [e for e in emulator.journal if e.path == SEARCH]
    assert search.headers["accept"] == "text/csv"
    assert search.json == {"page": 1, "pageSize": 3, "dateRange": {}, **EMPTY_FILTERS, "customParam": "x"}
    assert isinstance(page, PycpgTextResponse) and isinstance(page, PycpgResponse)
    lines = page.text.splitlines()
    assert len(lines) == 4 and lines[0].startswith("type$,")  # the header, then 3 events
    assert page.data == page.raw_text and page.content.decode() == page.raw_text
    assert all(isinstance(chunk, bytes) for chunk in page.iter_content(64))
    untyped: Any = page
    with pytest.raises(PycpgError, match="CSV or CEF text, not JSON: it has no model") as info:
        untyped.model()
    assert not isinstance(info.value, PycpgModelError)  # not a pydantic validation failure
    with pytest.raises(PycpgError, match="no model"):
        untyped.model(AuditLogPage)


@pytest.mark.parametrize("fmt", [None, "JSON", "json", "XML"])
def test_every_other_format_gives_a_typed_json_page(emulator: Emulator, sdk: SDKClient, fmt: str | None) -> None:
    page = sdk.auditlogs.get_page(format=fmt, page_size=2)
    assert not isinstance(page, PycpgTextResponse)
    assert isinstance(page.model(), AuditLogPage) and len(page.model().events) == 2
    (search,) = [e for e in emulator.journal if e.path == SEARCH]
    assert "csv" not in search.headers["accept"] and "cef" not in search.headers["accept"]
    assert "format" not in search.json


def test_get_all_yields_text_pages_for_cef_and_typed_pages_for_json(emulator: Emulator, sdk: SDKClient) -> None:
    text_pages = list(sdk.auditlogs.get_all(format="CEF", page_size=100, customParam="x"))
    assert text_pages and all(isinstance(page, PycpgTextResponse) for page in text_pages)
    searches = [e for e in emulator.journal if e.path == SEARCH]
    assert [e.json["page"] for e in searches] == list(range(len(text_pages)))
    assert all(e.json["pageSize"] == 100 and e.json["customParam"] == "x" for e in searches)
    assert all(line.startswith("CEF:0|") for page in text_pages for line in page.text.splitlines() if line)
    json_pages = list(sdk.auditlogs.get_all(format="JSON", page_size=100))
    assert [type(page) for page in json_pages] == [PycpgResponse] * len(json_pages)
    assert sum(len(page.model().events) for page in json_pages) == sum(
        len([line for line in page.text.splitlines() if line]) for page in text_pages
    )


def test_iter_all_takes_page_size_and_an_explicit_none_format(emulator: Emulator, sdk: SDKClient) -> None:
    events = list(sdk.auditlogs.iter_all(page_size=100, format=None))
    searches = [e for e in emulator.journal if e.path == SEARCH]
    assert events and len(searches) > 1
    assert all(e.json["pageSize"] == 100 and "format" not in e.json for e in searches)
