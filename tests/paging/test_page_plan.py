"""The pager's plan against simulated servers, and the client-wide 429 gate.

The page generator is given a page function (its own input, not the SDK's
transport): a list of ``total`` items served in pages, optionally capped at a
server maximum. Whatever the total, page size, cap and concurrency, the pages
asked for are those of a sequential run, and the items come out in order.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg._http.retry import RetryGate
from pycpg.paging import iter_pages
from pycpg.response import PycpgResponse


def _response(body: Any) -> PycpgResponse[Any]:
    raw = requests.Response()
    raw.status_code = 200
    raw._content = json.dumps(body).encode()
    raw.encoding = "utf-8"
    return PycpgResponse(raw)


class Server:
    """``total`` items; a page of ``size`` capped at ``cap``, numbered by the size served."""

    def __init__(self, total: int, cap: int | None, with_total: bool) -> None:
        self.total, self.cap, self.with_total = total, cap, with_total
        self.asked: list[tuple[int, int]] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self._lock = threading.Lock()

    def page(self, number: int, size: int) -> PycpgResponse[Any]:
        with self._lock:
            self.asked.append((number, size))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        served = min(size, self.cap) if self.cap else size
        start = (number - 1) * served
        body: dict[str, Any] = {"items": list(range(start, min(start + served, self.total)))}
        if self.with_total:
            body["totalCount"] = self.total
        with self._lock:
            self.in_flight -= 1
        return _response(body)


@settings(max_examples=60, deadline=None)
@given(
    total=st.integers(min_value=0, max_value=120),
    size=st.integers(min_value=1, max_value=30),
    cap=st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
    with_total=st.booleans(),
    concurrency=st.integers(min_value=2, max_value=8),
)
def test_the_pages_asked_for_are_those_of_a_sequential_run(
    total: int, size: int, cap: int | None, with_total: bool, concurrency: int
) -> None:
    sequential, concurrent = Server(total, cap, with_total), Server(total, cap, with_total)
    expected = [page["items"] for page in iter_pages(sequential.page, "items", size)]
    got = [page["items"] for page in iter_pages(concurrent.page, "items", size, concurrency=concurrency)]
    assert got == expected
    assert sorted(concurrent.asked) == sorted(sequential.asked)
    assert concurrent.most_in_flight <= concurrency
    if with_total and (cap is None or cap >= size):
        assert [item for page in got for item in page] == list(range(total))
        assert len(got) == total // size + 1  # the trailing short or empty page included


def test_the_gate_holds_other_requests_once_and_opens_with_its_holder() -> None:
    clock = [100.0]

    def now() -> float:
        return clock[0]

    gate = RetryGate()
    assert gate.pause(now) == 0.0
    first = gate.hold(2.0, now)
    second = gate.hold(1.0, now)  # a shorter overlapping wait does not extend the gate
    assert gate.pause(now) == 2.0
    clock[0] += 0.5
    assert gate.pause(now) == 1.5
    gate.release(second)  # not the moment the gate is held until: still closed
    assert gate.pause(now) == 1.5
    gate.release(first)
    assert gate.pause(now) == 0.0
    gate.hold(1.0, now)
    clock[0] += 5.0
    assert gate.pause(now) == 0.0  # the moment passed
