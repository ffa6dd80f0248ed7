"""429 back-off with Retry-After, token lifetimes and renewal under concurrency (issue 7)."""

from __future__ import annotations

import dataclasses
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import pycpg.sdk
from pycpg._http.retry import http_date, parse_retry_after
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.exceptions import PycpgReadTimeoutError, PycpgTooManyRequestsError, PycpgUnauthorizedError


def _admin(emulator: Emulator, **options: object) -> pycpg.sdk.SDKClient:
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, **options)  # type: ignore[arg-type]
    emulator.clear_journal()
    return client


def _fake_sleep(client: pycpg.sdk.SDKClient) -> list[float]:
    """Replace the client's sleep with one that records the waits (a fake clock)."""
    slept: list[float] = []
    transport = client._main_connection.transport
    transport.config = transport.config.with_retry(dataclasses.replace(transport.config.retry, sleep=slept.append))
    return slept


def test_retry_after_on_a_paging_run_is_honoured_for_real(emulator: Emulator) -> None:
    client = _admin(emulator, items_per_page=10, page_concurrency=1)  # journal order = page order
    emulator.faults.add(Fault(path="/api/v1/Computer", status=429, retry_after="2", calls={2}))
    began = time.monotonic()
    devices = list(client.devices.iter_all())
    elapsed = time.monotonic() - began
    assert len(devices) == len(emulator.tenant.devices)
    assert elapsed >= 2.0
    assert [e.status for e in emulator.journal][:3] == [200, 429, 200]


@pytest.mark.parametrize("header", ["7", "http-date"])
def test_retry_after_with_a_fake_clock(emulator: Emulator, header: str) -> None:
    # Sequential paging: with pages fetched ahead, workers would also wait at the 429 gate.
    client = _admin(emulator, items_per_page=10, page_concurrency=1)
    slept = _fake_sleep(client)
    value = http_date(7) if header == "http-date" else header
    emulator.faults.add(Fault(path="/api/v1/Computer", status=429, retry_after=value, calls={1, 3}))
    assert len(list(client.devices.iter_all())) == len(emulator.tenant.devices)
    # An HTTP date has one-second resolution and is fixed when the fault is made.
    lowest = 5.0 if header == "http-date" else 7.0
    assert len(slept) == 2 and all(lowest <= wait <= 7 for wait in slept)


def test_a_retry_after_beyond_the_cap_fails_at_once_with_the_wait(emulator: Emulator) -> None:
    client = _admin(emulator, max_retry_after=30)
    slept = _fake_sleep(client)
    emulator.faults.add(Fault(path="/api/v1/User/my", status=429, retry_after="600"))
    with pytest.raises(PycpgTooManyRequestsError, match="600 seconds") as caught:
        client.users.get_current()
    assert caught.value.retry_after == pytest.approx(600)
    assert slept == [] and len(emulator.journal) == 1


def test_backoff_grows_and_is_capped(emulator: Emulator) -> None:
    client = _admin(emulator, max_retries=4, backoff_base=1.0, backoff_cap=3.0, retry_budget=100)
    slept = _fake_sleep(client)
    emulator.faults.add(Fault(path="/api/v1/User/my", status=503, times=4))
    client.users.get_current()
    assert len(slept) == 4
    assert all(0 <= wait <= limit for wait, limit in zip(slept, [1.0, 2.0, 3.0, 3.0], strict=True))


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("  ") is None and parse_retry_after("soon") is None
    assert parse_retry_after(http_date(30, now=lambda: 1000.0), now=lambda: 1000.0) == pytest.approx(30, abs=1)


def test_api_client_token_is_refreshed_before_it_expires(emulator: Emulator) -> None:
    with Emulator(seed=2, api_token_lifetime=1.0) as short:
        client = pycpg.sdk.from_api_client(short.url, short.api_client_id, short.api_client_secret)
        client.devices.get_page(1)
        time.sleep(1.0)
        short.clear_journal()
        client.devices.get_page(1)
        assert [(e.path, e.status) for e in short.journal] == [
            ("/api/v3/oauth/token", 200), ("/api/v1/Computer", 200),
        ]  # renewed ahead of expiry: no 401 round trip


def test_a_used_fixed_totp_gives_a_clear_error_on_renewal(emulator: Emulator) -> None:
    admin = emulator.admin
    code = emulator.totp()
    client = pycpg.sdk.from_local_account(emulator.url, admin.username, admin.password, totp=code)
    emulator.expire_tokens()
    emulator.faults.add(Fault(path="/api/v3/auth/jwt", status=401))
    with pytest.raises(PycpgUnauthorizedError, match="callable"):
        client.users.get_current()


def test_ten_threads_one_client_with_503s_and_an_expired_token(emulator: Emulator) -> None:
    client = _admin(emulator, max_retries=5, backoff_base=0.001, backoff_cap=0.01, pool_maxsize=10)
    ids = [d.computer_id for d in emulator.tenant.devices]
    unlucky = set(random.Random(7).sample(range(1, 1001), 120)) - {500}  # about one in eight
    emulator.faults.add(Fault(path="^/api/v1/Computer/", calls=unlucky, status=503))
    emulator.faults.add(Fault(path="^/api/v1/Computer/", calls={500}, expire_tokens=True))
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work(worker: int) -> int:
        done = 0
        for n in range(100):
            try:
                client.devices.get_by_id(ids[(worker * 100 + n) % len(ids)])
                done += 1
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                with lock:
                    failures.append(error)
        return done

    with ThreadPoolExecutor(max_workers=10) as pool:
        completed = sum(pool.map(work, range(10)))
    assert failures == [] and completed == 1000
    assert sum(1 for e in emulator.journal if e.status == 503) >= 100
    token_requests = [e for e in emulator.journal if e.path == "/api/v3/auth/jwt"]
    assert len(token_requests) == 1  # one renewal for the one expiry, whatever the thread count


def test_per_call_timeout_overrides_the_client_timeout(emulator: Emulator) -> None:
    client = _admin(emulator, timeout=(2.0, 5.0), max_retries=0)
    path = "/api/v1/User/my"
    emulator.faults.add(Fault(path=path, latency=1.0))
    with client.timeout((2.0, 0.3)):
        began = time.monotonic()
        with pytest.raises(PycpgReadTimeoutError):
            client.users.get_current()
        assert time.monotonic() - began < 1.0
    assert client.users.get_current()["username"] == emulator.plain_admin.username  # 1 s < 5 s
    with pytest.raises(ValueError, match="timeout"):
        with client.timeout(0):
            pass
