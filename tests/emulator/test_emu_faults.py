"""Fault injection: status/Retry-After, call selection, latency, drops, truncation, journal ``applied``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import pytest
import requests
from werkzeug.test import Client

from pycpg.emulator import Emulator, Fault
from pycpg.emulator.faults import DroppedConnection, FaultPlan
from tests.emulator.emu_support import admin_token, call

COMPUTERS = "/api/v1/Computer"
USERS = "/api/v1/User"


@pytest.fixture
def quiet_server(capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail the test when the server logged an error or printed a traceback."""
    caplog.set_level(logging.ERROR)
    yield
    time.sleep(0.05)  # let server threads that outlive their client finish
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR], caplog.text
    assert "Traceback" not in capfd.readouterr().err


def get_computers(emu: Emulator, token: str | None, **kwargs: Any) -> requests.Response:
    return call(emu, COMPUTERS, token, params={"pgSize": 1}, **kwargs)


def block(emu: Emulator, token: str, computer_id: int) -> requests.Response:
    return call(emu, f"/api/v1/ComputerBlock/{computer_id}", token, "PUT")


def new_user(emu: Emulator, token: str, username: str) -> requests.Response:
    body = {"orgUid": emu.tenant.orgs[1].org_uid, "username": username, "email": username,
            "password": "correct horse battery"}
    return call(emu, USERS, token, "POST", json=body)


def assert_healthy(emu: Emulator, token: str) -> None:
    for _ in range(3):
        assert get_computers(emu, token).status_code == 200


# -- the Fault rule itself --------------------------------------------------------------------


@pytest.mark.parametrize("kwargs", [
    {"drop": "middle"}, {"drop": "before", "truncate": 3}, {"drop": "after", "status": 503},
    {"drop": "before", "body": b"x"}, {"status": 42}, {"status": 600}, {"calls": {0, 1}},
    {"truncate": -1}, {"times": -1}, {"latency": -0.5},
])
def test_invalid_faults_are_rejected(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Fault(**kwargs)


def test_plan_counts_matches_per_fault_and_fires_the_first_selected() -> None:
    plan = FaultPlan()
    first = plan.add(Fault(path=COMPUTERS, calls={1}))
    second = plan.add(Fault(path=COMPUTERS, method="get", calls={2}))
    regex = plan.add(Fault(path="^/api/v1/(User|Computer)$", method="POST"))
    fired = [plan.select("GET", COMPUTERS), plan.select("GET", COMPUTERS), plan.select("GET", COMPUTERS),
             plan.select("POST", USERS), plan.select("POST", USERS + "/1"), plan.select("GET", USERS)]
    assert fired == [first, second, None, regex, None, None]
    assert (first.matched, first.hits) == (3, 1)
    assert (second.matched, second.hits) == (3, 1)
    assert (regex.matched, regex.hits) == (1, 1)
    assert len(plan) == 3
    plan.remove(first)
    assert plan.snapshot() == [second, regex]
    plan.clear()
    assert plan.select("GET", COMPUTERS) is None


# -- status, Retry-After, body ----------------------------------------------------------------


def test_status_fault_answers_a_v1_error_with_retry_after_seconds(emulator: Emulator) -> None:
    token = admin_token(emulator)
    fault = emulator.faults.add(Fault(path=COMPUTERS, status=503, retry_after="2"))
    response = get_computers(emulator, token)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert response.json() == [{"name": "SYSTEM", "description": "Service Unavailable"}]
    assert fault.hits == 1
    assert call(emulator, USERS, token).status_code == 200  # another path is untouched


def test_status_fault_with_an_http_date_retry_after(emulator: Emulator) -> None:
    when = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=3)
    emulator.faults.add(Fault(path=COMPUTERS, status=429, retry_after=format_datetime(when, usegmt=True)))
    response = get_computers(emulator, admin_token(emulator))
    assert response.status_code == 429
    assert parsedate_to_datetime(response.headers["Retry-After"]) == when


def test_status_with_a_custom_body(emulator: Emulator) -> None:
    emulator.faults.add(Fault(path=COMPUTERS, status=502, body=b"<html>Bad Gateway</html>"))
    response = get_computers(emulator, admin_token(emulator))
    assert (response.status_code, response.content) == (502, b"<html>Bad Gateway</html>")


def test_body_alone_is_a_200_with_a_malformed_body(emulator: Emulator) -> None:
    emulator.faults.add(Fault(path=COMPUTERS, body=b'{"data": [1, 2'))
    response = get_computers(emulator, admin_token(emulator))
    assert response.status_code == 200
    assert response.content == b'{"data": [1, 2'
    with pytest.raises(requests.JSONDecodeError):
        response.json()
    [entry] = emulator.journal
    assert (entry.status, entry.applied, entry.faulted) == (200, False, True)


def test_a_status_fault_on_a_write_does_not_act(emulator: Emulator) -> None:
    device = emulator.tenant.devices[0]
    emulator.faults.add(Fault(path=f"/api/v1/ComputerBlock/{device.computer_id}", method="PUT", status=500))
    assert block(emulator, admin_token(emulator), device.computer_id).status_code == 500
    assert device.blocked is False
    assert emulator.applied("PUT", f"/api/v1/ComputerBlock/{device.computer_id}") == 0


# -- calls / times selection ------------------------------------------------------------------


def test_calls_select_matching_requests_by_index(emulator: Emulator) -> None:
    token = admin_token(emulator)
    fault = emulator.faults.add(Fault(path=COMPUTERS, method="GET", calls={2, 4}, status=503))
    statuses = []
    for _ in range(5):
        statuses.append(get_computers(emulator, token).status_code)
        call(emulator, USERS, token)  # not matching: does not move the index
    assert statuses == [200, 503, 200, 503, 200]
    assert (fault.hits, fault.matched) == (2, 5)


def test_times_caps_the_hits(emulator: Emulator) -> None:
    token = admin_token(emulator)
    fault = emulator.faults.add(Fault(path=COMPUTERS, times=2, status=429, retry_after="0"))
    assert [get_computers(emulator, token).status_code for _ in range(4)] == [429, 429, 200, 200]
    assert fault.hits == 2


def test_method_filter_and_insertion_order(emulator: Emulator) -> None:
    token = admin_token(emulator)
    emulator.faults.add(Fault(path=COMPUTERS, method="POST", status=500))
    first = emulator.faults.add(Fault(path="^/api/v1/Comp", calls={1}, status=503))
    second = emulator.faults.add(Fault(path=COMPUTERS, calls={1, 2}, status=429))
    assert [get_computers(emulator, token).status_code for _ in range(3)] == [503, 429, 200]
    assert (first.hits, second.hits) == (1, 1)
    emulator.faults.clear()
    assert get_computers(emulator, token).status_code == 200


def test_no_fault_without_a_match(emulator: Emulator) -> None:
    fault = emulator.faults.add(Fault(path=USERS, status=500))
    assert get_computers(emulator, admin_token(emulator)).status_code == 200
    assert (fault.hits, fault.matched) == (0, 0)


# -- latency ----------------------------------------------------------------------------------


def test_latency_delays_the_answer(emulator: Emulator) -> None:
    emulator.faults.add(Fault(path=COMPUTERS, latency=0.3))
    began = time.perf_counter()
    response = get_computers(emulator, admin_token(emulator))
    assert response.status_code == 200
    assert time.perf_counter() - began >= 0.3


def test_latency_beyond_the_client_timeout(emulator: Emulator, quiet_server: None) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]
    path = f"/api/v1/ComputerBlock/{device.computer_id}"
    emulator.faults.add(Fault(path=path, latency=0.4))
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.put(emulator.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=0.1)
    # The handler ran before the delay: the write is applied and journaled, the client never heard.
    assert device.blocked is True
    assert emulator.applied("PUT", path) == 1
    # Other requests are not held up by the sleeping server thread.
    began = time.perf_counter()
    assert get_computers(emulator, token).status_code == 200
    assert time.perf_counter() - began < 0.3
    time.sleep(0.5)  # the server answers into the closed socket
    assert_healthy(emulator, token)


# -- drops ------------------------------------------------------------------------------------


def test_drop_before_does_not_act(emulator: Emulator, quiet_server: None) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]
    path = f"/api/v1/ComputerBlock/{device.computer_id}"
    fault = emulator.faults.add(Fault(path=path, method="PUT", drop="before"))
    with pytest.raises(requests.ConnectionError):
        block(emulator, token, device.computer_id)
    assert device.blocked is False
    [entry] = emulator.journal
    assert (entry.method, entry.path, entry.status, entry.applied, entry.faulted) == ("PUT", path, 0, False, True)
    assert emulator.applied("PUT", path) == 0
    assert fault.hits == 1
    assert_healthy(emulator, token)


def test_drop_after_acts_but_never_answers(emulator: Emulator, quiet_server: None) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]
    path = f"/api/v1/ComputerBlock/{device.computer_id}"
    emulator.faults.add(Fault(path=path, drop="after", calls={1}))
    with pytest.raises(requests.ConnectionError):
        block(emulator, token, device.computer_id)
    assert device.blocked is True
    [entry] = emulator.journal
    assert (entry.status, entry.applied, entry.faulted) == (204, True, True)
    assert block(emulator, token, device.computer_id).status_code == 204  # a retry goes through
    assert emulator.applied("PUT", path) == 2
    assert emulator.applied("PUT", "^/api/v1/ComputerBlock/") == 2
    assert emulator.applied("DELETE", path) == 0


def test_drop_after_on_a_create_shows_a_double_write(emulator: Emulator, quiet_server: None) -> None:
    token = admin_token(emulator)
    fault = emulator.faults.add(Fault(path=USERS, method="POST", drop="after", times=1))
    with pytest.raises(requests.ConnectionError):
        new_user(emulator, token, "dropped.hire@example.com")
    assert emulator.tenant.user_by_username("dropped.hire@example.com") is not None
    assert emulator.applied("POST", USERS) == 1
    assert new_user(emulator, token, "second.hire@example.com").status_code == 200
    assert emulator.applied("POST", USERS) == 2
    assert fault.hits == 1


def test_drop_with_latency_stalls_then_disconnects(emulator: Emulator, quiet_server: None) -> None:
    emulator.faults.add(Fault(path=COMPUTERS, drop="before", latency=0.2))
    began = time.perf_counter()
    with pytest.raises(requests.ConnectionError):
        get_computers(emulator, admin_token(emulator))
    assert time.perf_counter() - began >= 0.2


def test_server_stays_healthy_after_many_drops(emulator: Emulator, quiet_server: None) -> None:
    token = admin_token(emulator)
    before = emulator.faults.add(Fault(path=COMPUTERS, drop="before", calls=range(1, 20, 2)))
    after = emulator.faults.add(Fault(path=COMPUTERS, drop="after", calls=range(2, 21, 2)))
    for _ in range(20):
        with pytest.raises(requests.ConnectionError):
            get_computers(emulator, token)
    assert (before.hits, after.hits) == (10, 10)
    assert_healthy(emulator, token)
    with requests.Session() as session:  # pooled connections are fine too
        for _ in range(3):
            response = session.get(emulator.url + USERS, headers={"Authorization": f"Bearer {token}"}, timeout=5)
            assert response.status_code == 200


# -- truncation -------------------------------------------------------------------------------


def test_truncate_sends_the_full_length_but_part_of_the_body(emulator: Emulator, quiet_server: None) -> None:
    token = admin_token(emulator)
    full = get_computers(emulator, token)
    emulator.faults.add(Fault(path=COMPUTERS, truncate=10, times=2))
    with pytest.raises(requests.exceptions.ChunkedEncodingError, match="IncompleteRead"):
        get_computers(emulator, token)
    with requests.get(emulator.url + COMPUTERS, params={"pgSize": 1}, stream=True, timeout=5,
                      headers={"Authorization": f"Bearer {token}"}) as response:
        assert response.status_code == 200
        assert int(response.headers["Content-Length"]) >= len(full.content) - 2  # timestamps vary little
        assert response.raw.read(10) == full.content[:10]
    entry = emulator.journal[-1]
    assert (entry.status, entry.applied, entry.faulted) == (200, True, True)
    assert_healthy(emulator, token)


def test_truncate_to_nothing(emulator: Emulator, quiet_server: None) -> None:
    emulator.faults.add(Fault(path=COMPUTERS, truncate=0))
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        get_computers(emulator, admin_token(emulator))


# -- expiring tokens --------------------------------------------------------------------------


def test_expire_tokens_makes_the_request_401(emulator: Emulator) -> None:
    token = admin_token(emulator)
    emulator.faults.add(Fault(path=COMPUTERS, expire_tokens=True, calls={2}))
    assert get_computers(emulator, token).status_code == 200
    response = get_computers(emulator, token)
    assert response.status_code == 401
    assert call(emulator, USERS, token).status_code == 401  # every token is gone, not only for this path
    assert get_computers(emulator, admin_token(emulator)).status_code == 200
    assert [entry.applied for entry in emulator.journal] == [True, False, False, True]


# -- the journal's applied flag ---------------------------------------------------------------


def test_applied_flags(emulator: Emulator) -> None:
    token = admin_token(emulator)
    device = emulator.tenant.devices[0]
    get_computers(emulator, token)                                   # 200: applied
    get_computers(emulator, None)                                    # 401: no
    call(emulator, "/api/v1/Nothing", token)                         # 404 route: no
    call(emulator, "/api/v1/ComputerBlock/999999999", token, "PUT")  # handler 404: no
    new_user(emulator, token, "bad name@")                           # validation failure: no
    block(emulator, token, device.computer_id)                       # 204: applied
    flags = [(entry.status, entry.applied, entry.faulted) for entry in emulator.journal]
    assert [applied for _, applied, _ in flags] == [True, False, False, False, False, True]
    assert flags[-1] == (204, True, False)
    assert emulator.applied("get", COMPUTERS) == 1
    assert emulator.applied("PUT", f"/api/v1/ComputerBlock/{device.computer_id}") == 1
    assert emulator.applied("POST", USERS) == 0


# -- concurrency ------------------------------------------------------------------------------


def test_every_third_of_50_concurrent_requests_is_faulted(emulator: Emulator, quiet_server: None) -> None:
    token = admin_token(emulator)
    fault = emulator.faults.add(Fault(path=COMPUTERS, calls=range(3, 51, 3), status=503))

    def computers(n: int) -> tuple[int, int]:
        return n, call(emulator, COMPUTERS, token, params={"pgSize": 1, "n": n}).status_code

    def users(n: int) -> int:
        return call(emulator, USERS, token, params={"pgSize": 1, "n": n}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        user_statuses = pool.map(users, range(30))
        results = dict(pool.map(computers, range(50)))
        assert set(user_statuses) == {200}
    faulted = {n for n, status in results.items() if status == 503}
    assert len(faulted) == 16 and set(results.values()) == {200, 503}
    assert (fault.hits, fault.matched) == (16, 50)
    entries = [entry for entry in emulator.journal if entry.path == COMPUTERS]
    assert {int(entry.params["n"]) for entry in entries if entry.faulted} == faulted
    assert {int(entry.params["n"]) for entry in entries if entry.applied} == set(range(50)) - faulted
    assert emulator.applied("GET", COMPUTERS) == 34 and emulator.applied("GET", USERS) == 30


def test_latency_on_one_path_does_not_hold_up_another(emulator: Emulator) -> None:
    token = admin_token(emulator)
    emulator.faults.add(Fault(path=COMPUTERS, latency=0.5))
    slow = threading.Thread(target=get_computers, args=(emulator, token))
    slow.start()
    time.sleep(0.05)
    began = time.perf_counter()
    assert all(call(emulator, USERS, token).status_code == 200 for _ in range(5))
    assert time.perf_counter() - began < 0.4
    slow.join()


# -- without a server -------------------------------------------------------------------------


def test_bare_wsgi_app_drop_raises_and_truncate_cuts_the_body() -> None:
    emu = Emulator(seed=1, users=4, devices=2)
    client = Client(emu.app)
    headers = {"Authorization": f"Bearer {admin_token(emu)}"}
    emu.faults.add(Fault(path=COMPUTERS, calls={1}, drop="before"))
    emu.faults.add(Fault(path=COMPUTERS, calls={2}, truncate=4))
    with pytest.raises(DroppedConnection):
        client.get(COMPUTERS, headers=headers)
    response = client.get(COMPUTERS, headers=headers)
    assert response.status_code == 200
    assert response.get_data() == b'{"me'
    assert int(response.headers["Content-Length"]) > 4
