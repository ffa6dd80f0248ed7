"""Legal-hold date parameters: every accepted form reaches the wire as the same UTC instant."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.util import to_posix

moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
aware = st.builds(lambda moment, tz: moment.replace(tzinfo=tz), moments, offsets)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1))
numbers = st.one_of(
    st.integers(min_value=631152000, max_value=3786825600),
    st.floats(min_value=631152000, max_value=3786825600, allow_nan=False, allow_infinity=False),
)
strings = st.one_of(
    aware.map(lambda d: d.isoformat()),
    moments.map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    dates.map(lambda d: d.isoformat()),
)
any_time = st.one_of(aware, moments, dates, numbers, strings)


@pytest.fixture(scope="module")
def client() -> Iterator[tuple[Emulator, pycpg.sdk.SDKClient]]:
    with Emulator(seed=1, users=6, devices=4) as emulator:
        account = emulator.plain_admin
        yield emulator, pycpg.sdk.from_local_account(emulator.url, account.username, account.password)


def _wire_instant(text: str) -> float:
    assert text.endswith("Z") and len(text) == len("2020-01-01T00:00:00.000Z"), text
    return datetime.fromisoformat(text).timestamp()


@settings(max_examples=120, deadline=None)
@given(low=any_time, high=any_time)
def test_emulator_receives_the_instant_to_posix_computes(
    client: tuple[Emulator, pycpg.sdk.SDKClient], low: Any, high: Any
) -> None:
    emulator, sdk = client
    emulator.clear_journal()
    sdk.legalhold.get_events_page(min_event_date=low, max_event_date=high)
    (entry,) = emulator.journal
    for name, value in (("minEventDate", low), ("maxEventDate", high)):
        sent = _wire_instant(entry.params[name])
        expected = to_posix(value)
        assert sent - 2e-6 <= expected < sent + 0.001 + 2e-6  # the same instant, to the millisecond


def test_an_aware_datetime_west_of_utc_is_sent_as_its_utc_instant(client: tuple[Emulator, pycpg.sdk.SDKClient]) -> None:
    emulator, sdk = client
    emulator.clear_journal()
    five_west = timezone(timedelta(hours=-5))
    sdk.legalhold.get_events_page(min_event_date=datetime(2024, 3, 1, 19, 30, 0, 123456, tzinfo=five_west))
    assert emulator.journal[0].params["minEventDate"] == "2024-03-02T00:30:00.123Z"


def test_the_guides_last_14_days_example(client: tuple[Emulator, pycpg.sdk.SDKClient], capsys: pytest.CaptureFixture[str]) -> None:
    emulator, sdk = client
    # The guide's own lines, less its typos (datetime.UTC on the class; aware minus naive).
    event_date = datetime.now(UTC) - timedelta(days=14)
    event_epoch = (event_date - datetime.fromtimestamp(0, UTC)).total_seconds()
    hold_events = sdk.legalhold.get_all_events(min_event_date=event_epoch)
    for event in hold_events:
        print(["eventType"])
    sent = emulator.journal[-1].params["minEventDate"]
    assert abs(_wire_instant(sent) - event_epoch) < 0.001
    assert capsys.readouterr().out.count("['eventType']") >= 1
