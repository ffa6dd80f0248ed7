"""auditlogs.iter_all gets every event past the search cap; get_all survives a page without ``events``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.audit_log import AuditActor
from pycpg.emulator.faults import Fault
from pycpg.emulator.pytest_plugin import PINNED_NOW
from pycpg.exceptions import PycpgError
from pycpg.sdk import SDKClient

SEARCH = "/audit-log/rpc/search/search-audit-log"
BASE = datetime(2025, 12, 1, tzinfo=timezone.utc)


def client(emu: Emulator, **options: Any) -> SDKClient:
    account = emu.plain_admin
    return pycpg.sdk.from_local_account(emu.url, account.username, account.password, **options)


def wire(events: Any) -> list[str]:
    """Events as canonical JSON text: the server's, or the SDK's models turned back into wire form."""
    return [json.dumps(event if isinstance(event, dict) else event.to_wire(), sort_keys=True) for event in events]


def expected(emu: Emulator, start: datetime | None = None, end: datetime | None = None) -> list[str]:
    return wire(event.to_wire() for event in emu.tenant.audit_log.newest_first()
                if (start is None or event.timestamp >= start) and (end is None or event.timestamp < end))


def test_more_than_ten_thousand_events_come_back_complete_and_once(emulator_factory: Any) -> None:
    emu: Emulator = emulator_factory(users=8, devices=2, audit_events=12_345)
    sdk = client(emu)
    want = expected(emu)
    assert len(want) > 12_345 - 1  # the seeded history, plus the sign-in of this client
    # One search stops at CrashPlan's cap; the last page past it comes without ``events``.
    single = [event for page in sdk.auditlogs.get_all(page_size=1000) for event in page.data.get("events", [])]
    assert len(single) == 10_000
    emu.clear_journal()
    got = wire(sdk.auditlogs.iter_all(page_size=1000))
    assert got == want  # every event, newest first, none twice
    searches = [entry.json for entry in emu.journal if entry.path == SEARCH]
    ends = [body["dateRange"].get("endTime") for body in searches if body["page"] == 0]
    assert ends[0] is None and len(ends) == 2  # a second search, ending where the first was cut
    assert ends[1].endswith("Z") and len(want) - 10_000 < 10_000


def test_a_page_without_events_ends_get_all_quietly(emulator_factory: Any) -> None:
    emu: Emulator = emulator_factory(users=8, devices=2, audit_events=0)
    sdk = client(emu, items_per_page=5)
    log = emu.tenant.audit_log
    log.events.clear()
    actor = AuditActor("1", "someone@example.com", "USER")
    for second in range(10):  # a multiple of the page size: the third page is past the end
        log.record("logged_in", actor, BASE + timedelta(seconds=second))
    pages = list(sdk.auditlogs.get_all())
    assert [len(page.data.get("events", [])) for page in pages] == [5, 5, 0]
    assert "events" not in pages[-1].data and pages[-1].model().events == []
    assert len(list(sdk.auditlogs.iter_all())) == 10


@pytest.fixture(scope="module")
def capped() -> Iterator[Emulator]:
    with Emulator(seed=3, users=8, devices=2, audit_events=0, audit_log_cap=7, now=PINNED_NOW) as emu:
        yield emu


#: Seconds after BASE: few distinct values, so that timestamps repeat.
moments = st.integers(min_value=0, max_value=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seconds=st.lists(moments, max_size=60), page_size=st.integers(1, 9),
       window=st.tuples(st.none() | moments, st.none() | moments))
def test_iter_all_equals_the_whole_newest_first_list_under_any_cap(
    capped: Emulator, seconds: list[int], page_size: int, window: tuple[int | None, int | None]
) -> None:
    log = capped.tenant.audit_log
    log.events.clear()
    for number, second in enumerate(seconds):  # every event distinct (its actor), many sharing a timestamp
        log.record("logged_in", AuditActor(str(number), f"u{number}@example.com", "USER"),
                   BASE + timedelta(seconds=second))
    start, end = (None if value is None else BASE + timedelta(seconds=value) for value in window)
    sdk = client(capped, items_per_page=page_size)
    sdk.auditlogs.search_result_cap = 7
    want = expected(capped, start, end)
    # The sign-in above added an event now, outside every window of BASE + 40 s or an open one.
    times = [json.loads(text)["timestamp"] for text in want]
    if times and max(times.count(moment) for moment in times) >= 7:
        with pytest.raises(PycpgError, match="share the timestamp"):
            list(sdk.auditlogs.iter_all(begin_time=start, end_time=end))
        return
    assert wire(sdk.auditlogs.iter_all(begin_time=start, end_time=end)) == want


@pytest.mark.parametrize("cap", [7, 10_000])
def test_events_recorded_during_the_run_cause_no_repeats(emulator_factory: Any, cap: int) -> None:
    capped: Emulator = emulator_factory(users=8, devices=2, audit_events=0, audit_log_cap=cap)
    log = capped.tenant.audit_log
    log.events.clear()
    for second in range(20):
        log.record("logged_in", AuditActor(str(second), f"u{second}@example.com", "USER"),
                   BASE + timedelta(seconds=second))
    sdk = client(capped, items_per_page=3)
    sdk.auditlogs.search_result_cap = cap
    end = BASE + timedelta(seconds=30)
    want = expected(capped, end=end)
    got: list[str] = []
    for number, event in enumerate(sdk.auditlogs.iter_all(end_time=end)):
        got.append(wire([event])[0])
        for _ in range(2):  # newer than everything read: shifts the later pages by two per event read
            log.record("logged_in", AuditActor("late", "late@example.com", "USER"), BASE + timedelta(seconds=25))
    assert got[: len(want)] == want[: len(got)]
    assert sorted(set(got)) == sorted(got)  # nothing twice
    assert set(want) <= set(got)  # nothing the run started with was lost


def test_the_cap_check_reads_the_time_filters_it_was_given(capped: Emulator) -> None:
    sdk = client(capped)
    with pytest.raises(ValueError):
        sdk.auditlogs.iter_all(end_time="not a time")
    with pytest.raises(ValueError, match="page_concurrency"):
        sdk.auditlogs.iter_all(page_concurrency=0)


def test_a_server_that_never_ends_a_search_is_read_only_up_to_the_cap(capped: Emulator) -> None:
    """A hostile search answer (always the same full page) is neither read forever nor held whole."""
    page = {"events": [{"type$": "audit_log::logged_in/1", "actorId": str(number),
                        "timestamp": f"2025-12-01T00:00:{59 - number:02d}.000Z"} for number in range(3)]}
    capped.faults.add(Fault(path=SEARCH, body=json.dumps(page).encode(), times=60))
    sdk = client(capped, items_per_page=3)
    sdk.auditlogs.search_result_cap = 7
    capped.clear_journal()
    with pytest.raises(PycpgError, match="share the timestamp"):
        list(sdk.auditlogs.iter_all())
    searches = [entry for entry in capped.journal if entry.path == SEARCH]
    # Each search stops after 3 pages (9 >= 7 events); the second finds the same oldest time and gives up.
    assert len(searches) == 6
    capped.faults.clear()
