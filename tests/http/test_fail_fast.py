"""A refused connection or an unresolvable host fails at once; transient failures still retry."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import pytest
import requests
import urllib3.util.connection

import pycpg.sdk
import pycpg.settings
from pycpg._http import ClientConfig, Connection, Transport
from pycpg._http.retry import RetryPolicy
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.exceptions import PycpgConnectionError, PycpgInternalServerError, PycpgProxyError


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def connect_attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every TCP connection urllib3 tries to open (the real call still runs)."""
    attempts: list[object] = []
    real = urllib3.util.connection.create_connection

    def counting(address: object, *args: object, **kwargs: object) -> socket.socket:
        attempts.append(address)
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(urllib3.util.connection, "create_connection", counting)
    yield attempts


def _connection(host: str, waits: list[float]) -> Connection:
    # Back-off waits are recorded instead of slept: a retry would show up here.
    policy = RetryPolicy(sleep=waits.append)
    return Connection(Transport(ClientConfig.from_settings(host, timeout=5).with_retry(policy)))


@pytest.mark.parametrize("host", [f"http://127.0.0.1:{_closed_port()}", "http://nonexistent.invalid"])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT"])
def test_refused_or_unresolvable_host_is_tried_once(
    host: str, method: str, connect_attempts: list[object], caplog: pytest.LogCaptureFixture
) -> None:
    waits: list[float] = []
    caplog.set_level(logging.INFO, logger="pycpg")
    started = time.monotonic()
    with pytest.raises(PycpgConnectionError) as caught:
        _connection(host, waits).request(method, "/api/v1/User/my")
    assert waits == []  # pycpg 1.0 fails at once; retrying only delays the same answer
    assert "Retrying" not in caplog.text
    assert isinstance(caught.value, requests.ConnectionError)
    if "127.0.0.1" in host:
        assert len(connect_attempts) == 1
    assert time.monotonic() - started < 5  # generous: the old back-off alone took 6.5-10 s


def test_sdk_on_a_closed_port_fails_without_retrying(
    connect_attempts: list[object], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pycpg")
    with pytest.raises(PycpgConnectionError):
        sdk = pycpg.sdk.from_local_account(f"http://127.0.0.1:{_closed_port()}", "user@example.com", "pw")
        sdk.users.get_current()
    assert "Retrying" not in caplog.text
    assert len(connect_attempts) == 1


def test_unavailable_get_is_still_retried(emulator: Emulator) -> None:
    account = emulator.plain_admin
    sdk = pycpg.sdk.from_local_account(
        emulator.url, account.username, account.password, max_retries=2, backoff_base=0.01
    )
    device = emulator.tenant.devices[0]
    emulator.clear_journal()
    emulator.faults.add(Fault(path=f"/api/v1/Computer/{device.computer_id}", status=503))
    with pytest.raises(PycpgInternalServerError):
        sdk.devices.get_by_id(device.computer_id)
    assert len(emulator.journal) == 3  # a 503 is transient: the first try and two retries


def test_a_refused_proxy_is_tried_once(connect_attempts: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(pycpg.settings, "proxies", {"http": f"http://127.0.0.1:{_closed_port()}"})
    with pytest.raises(PycpgProxyError):
        _connection("http://console.example.com", waits).request("GET", "/api/v1/User/my")
    assert waits == []
    assert len(connect_attempts) == 1
