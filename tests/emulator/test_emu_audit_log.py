"""Audit logs: discovery chain, seeded history, search filters, zero-based pages, CSV/CEF, live events."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycpg.emulator import Emulator
from tests.emulator.emu_support import (
    PINNED_NOW,
    PERMISSION_DENIED,
    admin_token,
    api_client_token,
    call,
    clock,
    data,
    parse_iso,
    restricted_token,
)

SEARCH = "/audit-log/rpc/search/search-audit-log"
BASE = datetime(2026, 1, 1, tzinfo=timezone.utc)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{3}|\d{6})Z$")
COMMON_KEYS = {"type$", "actorId", "actorName", "actorAgent", "actorIpAddress", "actorType", "timestamp"}
CSV_HEADER = "type$,actorId,actorName,actorAgent,actorIpAddress,actorType,timestamp,affectedUserId,affectedUserName"
LIST_KEYS = ("eventTypes", "actorIds", "actorNames", "actorIpAddresses", "affectedUserIds", "affectedUserNames")


def search_body(page: int = 0, page_size: int = 1000, **fields: Any) -> dict[str, Any]:
    """A body as pycpg sends it: every list key present, ``dateRange`` an object."""
    return {"page": page, "pageSize": page_size, "dateRange": fields.pop("dateRange", {}),
            **{key: fields.pop(key, []) for key in LIST_KEYS}, **fields}


def search(emu: Emulator, body: dict[str, Any], token: str | None = None, accept: str | None = None
           ) -> requests.Response:
    headers = {} if accept is None else {"Accept": accept}
    return call(emu, SEARCH, token or admin_token(emu), "POST", json=body, headers=headers)


def found(emu: Emulator, **fields: Any) -> list[dict[str, Any]]:
    response = search(emu, search_body(**fields))
    assert response.status_code == 200, response.text
    body = response.json()
    # A page past the end (here: an empty result) comes without ``events``, as CrashPlan's does.
    assert ("events" in body) == (body["totalResultCount"] > 0)
    events: list[dict[str, Any]] = body.get("events", [])
    return events


@pytest.fixture(scope="module")
def audited() -> Iterator[Emulator]:
    with Emulator(seed=13, now=PINNED_NOW) as emu:
        yield emu


@pytest.fixture(scope="module")
def everything(audited: Emulator) -> list[dict[str, Any]]:
    return found(audited)


# -- discovery ------------------------------------------------------------------------------


def test_the_discovery_chain_leads_to_the_search(audited: Emulator) -> None:
    env = call(audited, "/api/v1/ServerEnv", admin_token(audited))
    store_origin = audited.service_url("/simple-key-value-store")
    assert store_origin != audited.url and urlsplit(store_origin).path == ""
    assert env.status_code == 200 and env.json() == {"stsBaseUrl": f"{store_origin}/sts"}
    store_url = env.json()["stsBaseUrl"].replace("sts", "simple-key-value-store", 1)
    stored = requests.get(f"{store_url}/v1/AUDIT-LOG_API-URL", headers={"Accept": "*/*"}, timeout=10)
    assert stored.status_code == 200 and stored.headers["Content-Type"].startswith("text/plain")
    assert stored.text == audited.service_url("/audit-log") != audited.url
    assert urlsplit(stored.text).path == ""  # an origin: a client that drops path prefixes still reaches it
    # pycpg 1.0 joins the absolute path onto the store's URL, dropping its path.
    at_root = requests.get(f"{store_origin}/v1/AUDIT-LOG_API-URL", headers={"Accept": "*/*"}, timeout=10)
    assert at_root.status_code == 200 and at_root.text == stored.text
    response = requests.post(f"{stored.text}/rpc/search/search-audit-log", json=search_body(page_size=2),
                             headers={"Authorization": f"Bearer {admin_token(audited)}"}, timeout=10)
    assert response.status_code == 200 and len(response.json()["events"]) == 2


def test_discovery_rules(audited: Emulator) -> None:
    assert call(audited, "/api/v1/ServerEnv").status_code == 401
    assert call(audited, "/api/v1/ServerEnv", restricted_token(audited)).status_code == 200
    assert call(audited, "/simple-key-value-store/v1/OTHER-KEY").status_code == 404


def test_discovery_without_a_server_names_the_request_host() -> None:
    from werkzeug.test import Client

    emu = Emulator(seed=1, now=PINNED_NOW, users=4, devices=0)
    token = emu.issue_token(emu.plain_admin.username)
    env = Client(emu.app).get("/api/v1/ServerEnv", headers={"Authorization": f"Bearer {token}"})
    assert env.get_json() == {"stsBaseUrl": "http://localhost/sts"}


# -- the seeded history ---------------------------------------------------------------------


def test_the_seeded_history(audited: Emulator, everything: list[dict[str, Any]]) -> None:
    assert len(everything) == 300
    stamps = [parse_iso(e["timestamp"]) for e in everything]
    assert stamps == sorted(stamps, reverse=True)
    assert all(BASE - timedelta(days=30) <= stamp < BASE for stamp in stamps)
    assert {len(e["timestamp"]) for e in everything} == {24, 27}
    assert all(TIMESTAMP.match(e["timestamp"]) and COMMON_KEYS <= set(e) for e in everything)
    assert all(re.match(r"^audit_log::[a-z_]+/1$", e["type$"]) for e in everything)
    names = {e["type$"].split("::")[1].removesuffix("/1") for e in everything}
    assert {"logged_in", "user_created", "user_deactivated", "role_assigned"} <= names
    system = [e for e in everything if e["actorType"] == "SYSTEM"]
    assert system and all(e["actorAgent"] is None and e["actorIpAddress"] is None for e in system)
    assert any(", " in (e["actorIpAddress"] or "") for e in everything)
    user_events = [e for e in everything if e["type$"].startswith("audit_log::user_")]
    assert user_events and all(audited.tenant.user_by_uid(e["affectedUserId"]) is not None for e in user_events)
    assert {e["actorType"] for e in everything} == {"USER", "API_CLIENT", "SYSTEM"}


# -- filters --------------------------------------------------------------------------------


def matches(event: dict[str, Any], filters: dict[str, list[str]], start: datetime | None,
            end: datetime | None) -> bool:
    name = event["type$"].split("::")[1].removesuffix("/1")
    addresses = [part.strip() for part in (event["actorIpAddress"] or "").split(",")]
    checks: dict[str, Callable[[list[str]], bool]] = {
        "eventTypes": lambda wanted: name in wanted or event["type$"] in wanted,
        "actorIds": lambda wanted: event["actorId"] in wanted,
        "actorNames": lambda wanted: event["actorName"].lower() in {w.lower() for w in wanted},
        "actorIpAddresses": lambda wanted: any(a in wanted for a in addresses),
        "affectedUserIds": lambda wanted: event.get("affectedUserId") in wanted,
        "affectedUserNames": lambda wanted: (event.get("affectedUserName") or "").lower() in
        {w.lower() for w in wanted},
    }
    stamp = parse_iso(event["timestamp"])
    if (start is not None and stamp < start) or (end is not None and stamp >= end):
        return False
    return all(checks[key](values) for key, values in filters.items() if values)


@st.composite
def filters(draw: st.DrawFn, events: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Up to two list filters whose values come from the events (or are unknown)."""
    pools = {
        "eventTypes": [e["type$"] for e in events] + [e["type$"][11:-2] for e in events],
        "actorIds": [e["actorId"] for e in events],
        "actorNames": [e["actorName"].upper() for e in events],
        "actorIpAddresses": [a.strip() for e in events for a in (e["actorIpAddress"] or "x").split(",")],
        "affectedUserIds": [e.get("affectedUserId") or "0" for e in events],
        "affectedUserNames": [e.get("affectedUserName") or "nobody" for e in events],
    }
    keys = draw(st.lists(st.sampled_from(LIST_KEYS), max_size=2, unique=True))
    return {key: draw(st.lists(st.sampled_from(pools[key] + ["unknown"]), min_size=1, max_size=3)) for key in keys}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_filters_and_date_ranges_match_a_reference(audited: Emulator, everything: list[dict[str, Any]],
                                                   data: st.DataObject) -> None:
    chosen = data.draw(filters(everything), "filters")
    stamps = [parse_iso(e["timestamp"]) for e in everything]
    start = data.draw(st.none() | st.sampled_from(stamps), "start")
    end = data.draw(st.none() | st.sampled_from(stamps), "end")
    date_range = {key: f"{moment.astimezone(timezone.utc):%Y-%m-%dT%H:%M:%S.%f}Z"
                  for key, moment in (("startTime", start), ("endTime", end)) if moment is not None}
    expected = [e for e in everything if matches(e, chosen, start, end)]
    assert found(audited, dateRange=date_range, **chosen) == expected


@pytest.mark.parametrize("key", LIST_KEYS)
def test_each_filter_alone_keeps_some_and_drops_some(audited: Emulator, everything: list[dict[str, Any]],
                                                     key: str) -> None:
    sample = next(e for e in everything if e.get("affectedUserId") and e["actorIpAddress"])
    value = {"eventTypes": "user_created", "actorIds": sample["actorId"], "actorNames": sample["actorName"],
             "actorIpAddresses": sample["actorIpAddress"].split(",")[0], "affectedUserIds": sample["affectedUserId"],
             "affectedUserNames": sample["affectedUserName"]}[key]
    kept = found(audited, **{key: [value]})
    assert 0 < len(kept) < len(everything)
    assert kept == [e for e in everything if matches(e, {key: [value]}, None, None)]


def test_date_range_start_is_inclusive_and_end_exclusive(audited: Emulator, everything: list[dict[str, Any]]) -> None:
    middle = everything[100]["timestamp"]
    assert found(audited, dateRange={"startTime": middle})[-1] == everything[100]
    assert found(audited, dateRange={"endTime": middle})[0] == everything[101]
    assert found(audited, dateRange={"startTime": middle, "endTime": middle}) == []
    assert found(audited, dateRange={"startTime": None, "endTime": None}) == everything


# -- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 7, 100, 300, 301])
def test_pages_are_zero_based_and_cover_the_result(audited: Emulator, everything: list[dict[str, Any]],
                                                   size: int) -> None:
    subset = [e for e in everything if e["type$"] != "audit_log::logged_in/1"]
    pages: list[dict[str, Any]] = []
    while not pages or len(pages[-1].get("events", [])) == size:
        body = search_body(len(pages), size, eventTypes=sorted({e["type$"] for e in subset}))
        pages.append(search(audited, body).json())
    assert [e for page in pages for e in page.get("events", [])] == subset
    for number, page in enumerate(pages):
        start = number * size
        assert (page["paginationRangeStartIndex"], page["paginationRangeEndIndex"]) == (
            start, start + len(page.get("events", [])))
        assert page["totalResultCount"] == len(subset)
    # The page after the last full one: present only when the total is a multiple of the size.
    assert ("events" in pages[-1]) == (len(subset) % size != 0)


def test_page_size_is_capped_and_defaults_apply() -> None:
    with Emulator(seed=13, now=PINNED_NOW, users=8, devices=2, max_page_size=5) as emu:
        assert len(found(emu, page_size=50)) == 5
        body: dict[str, Any] = {"dateRange": {}}
        assert len(search(emu, body).json()["events"]) == 5
    with Emulator(seed=13, now=PINNED_NOW, users=8, devices=2) as emu:
        assert len(search(emu, {}).json()["events"]) == 100


@pytest.mark.parametrize("body", [
    {"page": -1}, {"page": "0"}, {"pageSize": 0}, {"pageSize": True}, {"dateRange": "today"},
    {"dateRange": {"startTime": "soon"}}, {"eventTypes": 3}, {"actorIds": [["nested"]]},
])
def test_malformed_bodies_are_400(audited: Emulator, body: dict[str, Any]) -> None:
    assert search(audited, body).status_code == 400


def test_other_time_forms_are_accepted(audited: Emulator, everything: list[dict[str, Any]]) -> None:
    moment = parse_iso(everything[50]["timestamp"])
    for start in (moment.isoformat(), moment.astimezone(timezone(timedelta(hours=-6))).isoformat(),
                  moment.replace(tzinfo=None).isoformat(), moment.timestamp()):
        assert found(audited, dateRange={"startTime": start})[-1] == everything[50], start


def test_unknown_body_keys_are_ignored_but_journaled(audited: Emulator, everything: list[dict[str, Any]]) -> None:
    audited.clear_journal()
    assert found(audited, page_size=3, customParam="x", format="CSV") == everything[:3]
    [entry] = audited.journal
    assert entry.json["customParam"] == "x" and entry.json["format"] == "CSV"


# -- CSV and CEF ----------------------------------------------------------------------------


def test_csv_has_a_header_and_one_line_per_event(audited: Emulator, everything: list[dict[str, Any]]) -> None:
    response = search(audited, search_body(page_size=40), accept="text/csv")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == CSV_HEADER and len(lines) == 41
    rows = list(csv.DictReader(io.StringIO(response.text)))
    for row, event in zip(rows, everything[:40], strict=True):
        assert row == {column: "" if event.get(column) is None else str(event[column])
                       for column in CSV_HEADER.split(",")}


def test_cef_has_one_line_per_event(audited: Emulator, everything: list[dict[str, Any]]) -> None:
    response = search(audited, search_body(page_size=25, eventTypes=["logged_in"]), accept="text/x-cef")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/x-cef")
    lines = response.text.splitlines()
    logins = [e for e in everything if e["type$"] == "audit_log::logged_in/1"][:25]
    assert len(lines) == len(logins) == 25
    for line, event in zip(lines, logins, strict=True):
        assert line.startswith("CEF:0|CrashPlan|CrashPlan Cloud|1|audit_log::logged_in/1|logged in|3|")
        assert f"suid={event['actorId']}" in line and f"suser={event['actorName']}" in line
        rt = int(re.search(r"\brt=(\d+)", line).group(1))  # type: ignore[union-attr]
        assert rt == (parse_iso(event["timestamp"]) - EPOCH) // timedelta(milliseconds=1)


def test_an_empty_result_in_every_format(audited: Emulator) -> None:
    body = search_body(eventTypes=["no_such_event"])
    assert search(audited, body).json() == {"paginationRangeStartIndex": 0, "paginationRangeEndIndex": 0,
                                            "totalResultCount": 0}
    assert search(audited, body, accept="text/csv").text == CSV_HEADER + "\n"
    assert search(audited, body, accept="text/x-cef").text == ""
    assert search(audited, body, accept="*/*").headers["Content-Type"].startswith("application/json")


# -- permissions ----------------------------------------------------------------------------


def test_a_restricted_user_cannot_search(audited: Emulator) -> None:
    response = search(audited, search_body(), restricted_token(audited))
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    assert call(audited, SEARCH, None, "POST", json=search_body()).status_code == 401


def test_an_api_client_can_search(emulator: Emulator) -> None:
    assert search(emulator, search_body(page_size=1), api_client_token(emulator)).status_code == 200


# -- live events ----------------------------------------------------------------------------


def newest(emu: Emulator, count: int) -> list[dict[str, Any]]:
    return found(emu, page_size=count)


def test_served_sign_ins_are_logged_in_events(emulator: Emulator) -> None:
    account = emulator.plain_admin
    response = call(emulator, "/api/v3/auth/jwt", auth=(account.username, account.password),
                    headers={"User-Agent": "audit-test/1.0"})
    assert response.status_code == 200
    api_client_token(emulator)
    call(emulator, "/api/v3/auth/jwt", auth=(account.username, "wrong"))  # refused: not logged
    client, user = newest(emulator, 2)
    assert user == {"type$": "audit_log::logged_in/1", "actorId": account.user_uid, "actorName": account.username,
                    "actorAgent": "audit-test/1.0", "actorIpAddress": "127.0.0.1", "actorType": "USER",
                    "timestamp": clock(1, "Z")}
    assert (client["actorId"], client["actorName"], client["actorType"], client["timestamp"]) == (
        emulator.api_client_id, emulator.api_client_id, "API_CLIENT", clock(2, "Z"))
    assert client["actorAgent"].startswith("python-requests/")


def test_user_writes_are_logged_with_the_affected_user(emulator: Emulator) -> None:
    token = admin_token(emulator)
    org_uid = emulator.tenant.orgs[1].org_uid
    created = data(call(emulator, "/api/v1/User", token, "POST", json={
        "orgUid": org_uid, "username": "audit@example.com", "email": "audit@example.com", "password": "longenough"}))
    uid = created["userUid"]
    call(emulator, f"/api/v1/User/{uid}?idType=uid", token, "PUT", json={"notes": "hi"})
    call(emulator, f"/api/v3/users/{uid}/roles", token, "PUT", json={"roleIds": ["org-admin"]})
    call(emulator, f"/api/v3/users/{uid}/block", token, "POST")
    call(emulator, f"/api/v1/User/{uid}?idType=uid", token, "PUT", json={"email": "not-an-email"})  # refused
    events = newest(emulator, 5)[::-1]
    assert [(e["type$"], e["timestamp"]) for e in events] == [
        ("audit_log::user_created/1", clock(1, "Z")), ("audit_log::user_updated/1", clock(2, "Z")),
        ("audit_log::role_assigned/1", clock(3, "Z")), ("audit_log::role_unassigned/1", clock(3, "Z")),
        ("audit_log::user_blocked/1", clock(4, "Z"))]
    assert all((e["affectedUserId"], e["affectedUserName"], e["actorId"]) ==
               (uid, "audit@example.com", emulator.plain_admin.user_uid) for e in events)
    assert (events[2]["roleId"], events[3]["roleId"]) == ("org-admin", "desktop-user")
    assert found(emulator, affectedUserIds=[uid]) == events[::-1]


# -- the result cap -------------------------------------------------------------------------


@pytest.mark.parametrize(("cap", "size"), [(10, 3), (10, 5), (10, 10), (10, 25), (300, 1000)])
def test_one_search_serves_at_most_the_cap(cap: int, size: int) -> None:
    with Emulator(seed=13, now=PINNED_NOW, users=8, devices=2, audit_events=40, audit_log_cap=cap) as emu:
        total = len(emu.tenant.audit_log.events)
        pages = [search(emu, search_body(number, size)).json() for number in range(cap // size + 2)]
    served = [e for page in pages for e in page.get("events", [])]
    assert len(served) == min(cap, total)
    assert all(page["totalResultCount"] == total for page in pages)
    for number, page in enumerate(pages):
        start = number * size
        # A page starting at or past the cap has no ``events``; one reaching past it is cut at the cap.
        assert ("events" in page) == (start < min(cap, total))
        assert page["paginationRangeEndIndex"] == max(start, min(start + size, cap, total))


def test_the_default_cap_is_crashplans_ten_thousand() -> None:
    with Emulator(seed=13, now=PINNED_NOW, users=8, devices=2, audit_events=10_050) as emu:
        total = len(emu.tenant.audit_log.events)
        last = search(emu, search_body(9, 1000)).json()
        past = search(emu, search_body(10, 1000)).json()
    assert total >= 10_050
    assert len(last["events"]) == 1000 and last["paginationRangeEndIndex"] == 10_000
    assert "events" not in past and past["totalResultCount"] == total
