"""Legal-hold events: seeded history, order, actors, date windows, paging; deterministic seeding."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycpg.emulator import Emulator
from tests.emulator.emu_support import PINNED_NOW, api_client_token, clock, parse_iso
from tests.emulator.test_emu_legal_hold import add, free_user, lh_get, lh_post, new_matter, ok

BASE = datetime(2026, 1, 1, tzinfo=timezone.utc)
EVENT_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")
HOLD_KEYS = {"eventUid", "eventType", "eventDate", "legalHoldUid", "actorPrincipal"}
MEMBERSHIP_KEYS = HOLD_KEYS | {"legalHoldMembershipUid", "custodianPrincipal"}
MODULE_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def events(emu: Emulator, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ok(lh_get(emu, "/legal-hold-event/list", pageSize=1000, **params))
    return found


@pytest.fixture(scope="module")
def history() -> Iterator[Emulator]:
    """Seed 11 plus a short live history (never changed by the tests using it)."""
    with Emulator(seed=11, now=PINNED_NOW) as emu:
        matter_uid = new_matter(emu, "Live")["legalHoldUid"]
        for _ in range(3):
            ok(add(emu, matter_uid, free_user(emu).user_uid))
        yield emu


@pytest.fixture(scope="module")
def history_events(history: Emulator) -> list[dict[str, Any]]:
    return events(history)


# -- seeded history and shapes -------------------------------------------------------------


@pytest.mark.parametrize("seed", [7, 11])
def test_seeded_events_lie_before_the_clock_and_cover_the_lifecycle(seed: int) -> None:
    emu = Emulator(seed=seed, now=PINNED_NOW)
    seeded = [event.to_wire() for event in emu.tenant.legal_hold.events]
    assert seeded and all(parse_iso(e["eventDate"]) < BASE for e in seeded)
    assert {e["eventType"] for e in seeded} >= {"HOLD_CREATED", "HOLD_DEACTIVATED", "HOLD_REACTIVATED",
                                                "MEMBERSHIP_CREATED", "MEMBERSHIP_DEACTIVATED"}
    records = [*emu.tenant.legal_hold.matters, *emu.tenant.legal_hold.memberships, *emu.tenant.legal_hold.policies]
    dates = [d for r in records for key, d in vars(r).items() if key.endswith("date") and isinstance(d, datetime)]
    assert dates and max(dates) < BASE
    assert sum(not m.active for m in emu.tenant.legal_hold.matters) == 1


def test_events_are_sorted_and_shaped(history_events: list[dict[str, Any]]) -> None:
    assert history_events == sorted(history_events, key=lambda e: (parse_iso(e["eventDate"]), e["eventUid"]))
    for event in history_events:
        assert EVENT_DATE.match(event["eventDate"]), event
        membership_event = event["eventType"].startswith("MEMBERSHIP_")
        assert set(event) == (MEMBERSHIP_KEYS if membership_event else HOLD_KEYS)
    assert len({e["eventUid"] for e in history_events}) == len(history_events)


def test_live_events_follow_the_clock_in_write_order(history_events: list[dict[str, Any]]) -> None:
    live = [e for e in history_events if parse_iso(e["eventDate"]) > BASE]
    assert [(e["eventType"], e["eventDate"]) for e in live] == [
        ("HOLD_CREATED", clock(1)), ("MEMBERSHIP_CREATED", clock(2)), ("MEMBERSHIP_CREATED", clock(3)),
        ("MEMBERSHIP_CREATED", clock(4))]


def test_an_api_client_acts_as_an_api_key_principal(emulator: Emulator) -> None:
    token = api_client_token(emulator)
    matter = new_matter(emulator, "Scripted", token)
    lh_post(emulator, "/legal-hold-matter/deactivate", {"legalHoldUid": matter["legalHoldUid"]}, token)
    principal = {"type": "API_KEY", "principalId": emulator.api_client_id,
                 "displayName": f"{emulator.api_client_id} (Emulator API client)"}
    assert matter["creator"] == principal
    found = events(emulator, legalHoldUid=matter["legalHoldUid"])
    assert [(e["eventType"], e["actorPrincipal"]) for e in found] == [
        ("HOLD_CREATED", principal), ("HOLD_DEACTIVATED", principal)]
    # The token request itself was one tick of the clock (an audited sign-in).
    assert [e["eventDate"] for e in found] == [clock(2), clock(3)]


def test_the_matter_filter_keeps_its_events(history: Emulator, history_events: list[dict[str, Any]]) -> None:
    for matter in history.tenant.legal_hold.matters:
        expected = [e for e in history_events if e["legalHoldUid"] == matter.legal_hold_uid]
        assert expected and events(history, legalHoldUid=matter.legal_hold_uid) == expected
    assert events(history, legalHoldUid="123456789012345678") == []


@pytest.mark.parametrize("text", ["yesterday", "2025-13-01T00:00:00.000Z", "2025-06-01T25:00"])
@pytest.mark.parametrize("param", ["minEventDate", "maxEventDate"])
def test_an_unparsable_date_is_400(history: Emulator, param: str, text: str) -> None:
    assert lh_get(history, "/legal-hold-event/list", **{param: text}).status_code == 400


def test_a_date_without_offset_counts_as_utc(history: Emulator, history_events: list[dict[str, Any]]) -> None:
    first = history_events[3]["eventDate"]
    naive = first.removesuffix("+00:00")
    assert events(history, minEventDate=naive, maxEventDate=naive) == [history_events[3]]


# -- windows and pages ----------------------------------------------------------------------

FORMATS = {
    "millis_z": lambda moment: moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    .replace("+00:00", "Z"),
    "offset_utc": lambda moment: moment.astimezone(timezone.utc).isoformat(timespec="milliseconds"),
    "offset_east": lambda moment: moment.astimezone(timezone(timedelta(hours=-5))).isoformat(timespec="milliseconds"),
}


@st.composite
def bounds(draw: st.DrawFn, dates: list[datetime]) -> datetime | None:
    """No bound, an event's own date, or a date near one (whole milliseconds)."""
    if draw(st.integers(0, 5)) == 0:
        return None
    anchor = draw(st.sampled_from(dates))
    return anchor + timedelta(milliseconds=draw(st.sampled_from([0, 0, 1, -1, 250, -86_400_000, 3_600_000])))


@MODULE_SETTINGS
@given(data=st.data())
def test_date_windows_keep_exactly_the_events_inside(history: Emulator, history_events: list[dict[str, Any]],
                                                     data: st.DataObject) -> None:
    dates = [parse_iso(e["eventDate"]) for e in history_events]
    low, high = data.draw(bounds(dates), "low"), data.draw(bounds(dates), "high")
    style = data.draw(st.sampled_from(sorted(FORMATS)), "style")
    params = {name: FORMATS[style](bound) for name, bound in (("minEventDate", low), ("maxEventDate", high))
              if bound is not None}
    expected = [e for e, d in zip(history_events, dates)
                if (low is None or d >= low) and (high is None or d <= high)]
    assert events(history, **params) == expected


@MODULE_SETTINGS
@given(size=st.integers(1, 9), filtered=st.booleans())
def test_pages_cover_the_filtered_events(history: Emulator, history_events: list[dict[str, Any]], size: int,
                                         filtered: bool) -> None:
    matter_uid = history.tenant.legal_hold.matters[0].legal_hold_uid
    params = {"legalHoldUid": matter_uid} if filtered else {}
    expected = [e for e in history_events if not filtered or e["legalHoldUid"] == matter_uid]
    pages: list[list[dict[str, Any]]] = []
    while not pages or len(pages[-1]) == size:
        pages.append(ok(lh_get(history, "/legal-hold-event/list", page=len(pages) + 1, pageSize=size, **params)))
    assert [e for page in pages for e in page] == expected
    assert len(pages) == len(expected) // size + 1


# -- determinism ----------------------------------------------------------------------------


def snapshot(emu: Emulator) -> str:
    store = emu.tenant.legal_hold
    bodies = [policy.to_wire() for policy in store.policies] + [matter.to_wire() for matter in store.matters]
    bodies += [member.to_wire() for member in store.memberships] + [event.to_wire() for event in store.events]
    bodies += [event.to_wire() for event in emu.tenant.audit_log.events]
    return json.dumps(bodies)


def test_seeded_histories_depend_on_the_seed_only() -> None:
    assert snapshot(Emulator(seed=5, now=PINNED_NOW)) == snapshot(Emulator(seed=5, now=PINNED_NOW))
    assert snapshot(Emulator(seed=5, now=PINNED_NOW)) != snapshot(Emulator(seed=6, now=PINNED_NOW))

