"""``GET /api/v1/RestoreHistory``: seeded history, scopes, age filter, paging, permissions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from pycpg.emulator import Emulator
from tests.emulator.emu_support import admin_token, call, data, restricted_token

EVENT_KEYS = {"eventUid", "eventName", "restoreId", "type", "sourceComputerId", "sourceComputerGuid",
              "sourceComputerName", "acceptingComputerGuid", "userId", "userUid", "orgId", "requestingUsername",
              "fileCount", "byteCount", "startDate", "completedDate"}
CLOCK_START = datetime.fromisoformat("2026-01-01T00:00:00+00:00")


def history(emu: Emulator, *, token: str | None = None, **params: Any) -> dict[str, Any]:
    query = {"pgNum": 1, "pgSize": 500, **params}
    response = call(emu, "/api/v1/RestoreHistory", token or admin_token(emu), params=query)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = data(response)
    return page


def test_seeded_history(emulator: Emulator) -> None:
    events = history(emulator, days=365)["restoreEvents"]
    assert len(events) == 30 and all(set(event) == EVENT_KEYS for event in events)
    starts = [datetime.fromisoformat(event["startDate"]) for event in events]
    assert starts == sorted(starts, reverse=True) and all(start < CLOCK_START for start in starts)
    assert {event["type"] for event in events} == {"WEB", "PUSH"}
    assert all((event["acceptingComputerGuid"] is None) == (event["type"] == "WEB") for event in events)
    assert all(datetime.fromisoformat(e["completedDate"]) >= datetime.fromisoformat(e["startDate"]) for e in events)
    assert len({event["eventUid"] for event in events}) == 30
    assert sorted(event["restoreId"] for event in events) == [event["restoreId"] for event in reversed(events)]


@pytest.mark.parametrize("days", [0, 1, 7, 30, 90, 200])
def test_days_counts_back_from_the_clock(emulator: Emulator, days: int) -> None:
    everything = history(emulator)["restoreEvents"]
    cutoff = CLOCK_START - timedelta(days=days)
    expected = [e["eventUid"] for e in everything if datetime.fromisoformat(e["startDate"]) >= cutoff]
    assert [e["eventUid"] for e in history(emulator, days=days)["restoreEvents"]] == expected


@pytest.mark.parametrize(("param", "key"), [("orgId", "orgId"), ("userId", "userId"),
                                            ("computerId", "sourceComputerId")])
def test_scopes(emulator: Emulator, param: str, key: str) -> None:
    everything = history(emulator)["restoreEvents"]
    wanted = everything[0][key]
    scoped = history(emulator, **{param: wanted})
    assert scoped["restoreEvents"] == [event for event in everything if event[key] == wanted]
    assert scoped["totalCount"] == len(scoped["restoreEvents"]) >= 1
    assert history(emulator, **{param: "1"}) == {"totalCount": 0, "restoreEvents": []}


def test_paging(emulator: Emulator) -> None:
    everything = history(emulator, days=365)["restoreEvents"]
    pages = [history(emulator, days=365, pgNum=number, pgSize=4) for number in range(1, 10)]
    assert [event for page in pages for event in page["restoreEvents"]] == everything
    assert {page["totalCount"] for page in pages} == {30} and pages[-1]["restoreEvents"] == []


def test_restricted_sees_only_own_history(emulator: Emulator) -> None:
    token = restricted_token(emulator)
    own = emulator.tenant.devices[0]
    mine = history(emulator, token=token, userId=own.user.user_id)
    assert mine["totalCount"] >= 1 and {e["userUid"] for e in mine["restoreEvents"]} == {own.user.user_uid}
    assert history(emulator, token=token, computerId=own.computer_id)["totalCount"] >= 1
    other = next(d for d in emulator.tenant.devices if d.user is not own.user)
    scopes: tuple[dict[str, int], ...] = ({"orgId": own.user.org.org_id}, {"userId": other.user.user_id},
                                          {"computerId": other.computer_id}, {})
    for params in scopes:
        assert call(emulator, "/api/v1/RestoreHistory", token, params=params).status_code == 403


@pytest.mark.parametrize("params", [{"days": "x"}, {"days": "-1"}, {"orgId": "x"}, {"pgSize": "0"}])
def test_bad_parameters(emulator: Emulator, params: dict[str, str]) -> None:
    assert call(emulator, "/api/v1/RestoreHistory", admin_token(emulator), params=params).status_code == 400
