"""Token acquisition and renewal are explicit steps of the request flow.

A token request is an ordinary request of its own, sent before the request it
authorises is built, never from inside that request's preparation; under
concurrency one expiry still costs exactly one token request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault


def _count_nested_sends(client: pycpg.sdk.SDKClient, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Wrap the client's transport so that the deepest nesting of ``send`` calls per thread is recorded."""
    transport = client._main_connection.transport
    original: Callable[..., Any] = transport.send
    local = threading.local()
    deepest = [0]

    def send(*args: Any, **kwargs: Any) -> Any:
        depth = getattr(local, "depth", 0) + 1
        local.depth = depth
        deepest[0] = max(deepest[0], depth)
        try:
            return original(*args, **kwargs)
        finally:
            local.depth = depth - 1

    monkeypatch.setattr(transport, "send", send)
    return deepest


def test_the_token_request_is_its_own_request_before_the_one_it_authorises(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = emulator.plain_admin
    client = pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password)
    deepest = _count_nested_sends(client, monkeypatch)
    emulator.clear_journal()
    client.users.get_current()
    emulator.faults.add(Fault(path="/api/v1/User/my", calls={1}, expire_tokens=True))
    client.users.get_current()  # the token expires: 401, renewal, one resend
    assert [(e.method, e.path, e.status) for e in emulator.journal] == [
        ("GET", "/api/v3/auth/jwt", 200),
        ("GET", "/api/v1/User/my", 200),
        ("GET", "/api/v1/User/my", 401),
        ("GET", "/api/v3/auth/jwt", 200),
        ("GET", "/api/v1/User/my", 200),
    ]
    assert deepest == [1]  # no request was ever sent from inside another's send


def test_one_expiry_with_many_requests_in_flight_costs_one_token_request(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(
        emulator.url, account.username, account.password, pool_maxsize=8, max_retries=0
    )
    deepest = _count_nested_sends(client, monkeypatch)
    ids = [d.computer_id for d in emulator.tenant.devices][:8]
    emulator.clear_journal()
    emulator.faults.add(Fault(path="^/api/v1/Computer/", calls={1}, expire_tokens=True, latency=0.3))
    barrier = threading.Barrier(8)

    def work(device_id: int) -> int:
        barrier.wait()  # eight requests in flight together, all with the token that expires
        return int(client.devices.get_by_id(device_id)["computerId"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(work, ids)) == sorted(ids)
    assert len([e for e in emulator.journal if e.path == "/api/v3/auth/jwt"]) == 1
    assert deepest == [1]
