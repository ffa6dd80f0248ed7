"""``.model()`` pauses the garbage collector while it validates, and never leaves it changed."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
import requests

from pycpg.exceptions import PycpgModelError
from pycpg.models import DevicePage
from pycpg.response import PycpgResponse, _collector_paused


def _response(body: bytes) -> requests.Response:
    response = requests.Response()
    response._content = body
    response.status_code = 200
    response.encoding = "utf-8"
    return response


@pytest.fixture
def gc_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


@pytest.mark.usefixtures("gc_enabled")
def test_collector_is_off_inside_and_on_after() -> None:
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_enabled")
def test_collector_is_on_again_after_a_failed_validation() -> None:
    with pytest.raises(PycpgModelError):
        PycpgResponse(_response(b'{"data": {"computers": [{"computerId": "x"}]}}'), DevicePage).model()
    assert gc.isenabled()
    page = PycpgResponse(_response(b'{"data": {"totalCount": 0, "computers": []}}'), DevicePage).model()
    assert page.computers == [] and gc.isenabled()


def test_a_collector_switched_off_by_the_program_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with _collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


@pytest.mark.usefixtures("gc_enabled")
def test_overlapping_pauses_in_threads_turn_it_on_once_all_end() -> None:
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with _collector_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    assert inside.wait(10)
    with _collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the thread's validation is still running
    release.set()
    thread.join(10)
    assert gc.isenabled()
