"""Retries under injected faults: attempts, outcomes, and no write applied twice (issue 7)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.exceptions import PycpgError, PycpgInternalServerError, PycpgModelError


@dataclass(frozen=True)
class Call:
    """One kind of request: how to make it and which path it hits."""

    name: str
    method: str
    path: Callable[[Emulator], str]
    run: Callable[[pycpg.sdk.SDKClient, Emulator], Any]


def _device(emulator: Emulator) -> Any:
    return next(d for d in emulator.tenant.devices if d.active)


_created = iter(range(10_000))

CALLS = [
    Call("GET", "GET", lambda e: f"/api/v1/Computer/{_device(e).computer_id}",
         lambda s, e: s.devices.get_by_id(_device(e).computer_id)),
    Call("PUT", "PUT", lambda e: f"/api/v1/ComputerBlock/{_device(e).computer_id}",
         lambda s, e: s.devices.block(_device(e).computer_id)),
    Call("DELETE", "DELETE", lambda e: f"/api/v1/ComputerBlock/{_device(e).computer_id}",
         lambda s, e: s.devices.unblock(_device(e).computer_id)),
    Call("POST write", "POST", lambda e: "/api/v1/User",
         lambda s, e: s.users.create_user(e.tenant.orgs[0].org_uid, f"new{next(_created)}@example.com", "n@example.com")),
    Call("POST read", "POST", lambda e: "/audit-log/rpc/search/search-audit-log",
         lambda s, e: s.auditlogs.get_page(page_size=5)),
]


@pytest.fixture
def client(emulator: Emulator) -> Iterator[pycpg.sdk.SDKClient]:
    account = emulator.plain_admin
    sdk = pycpg.sdk.from_local_account(
        emulator.url, account.username, account.password,
        max_retries=3, backoff_base=0.01, backoff_cap=0.05, timeout=(2.0, 0.5),
    )
    sdk.auditlogs.get_page(page_size=1)  # discover the audit-log host before faults apply
    emulator.clear_journal()
    yield sdk
    sdk.close()


# fault kind -> (fault factory, {call name: (attempts, succeeds)})
ONCE = {"calls": {1}}
MATRIX: dict[str, tuple[Callable[[], dict[str, Any]], dict[str, tuple[int, bool]]]] = {
    "503": (lambda: {"status": 503, **ONCE},
            {"GET": (2, True), "PUT": (2, True), "DELETE": (2, True), "POST write": (1, False), "POST read": (2, True)}),
    "429 Retry-After": (lambda: {"status": 429, "retry_after": "0", **ONCE},
                        {"GET": (2, True), "PUT": (2, True), "DELETE": (2, True), "POST write": (2, True), "POST read": (2, True)}),
    "500": (lambda: {"status": 500, **ONCE},
            {"GET": (1, False), "PUT": (1, False), "DELETE": (1, False), "POST write": (1, False), "POST read": (1, False)}),
    "drop before acting": (lambda: {"drop": "before", **ONCE},
                           {"GET": (2, True), "PUT": (2, True), "DELETE": (2, True), "POST write": (1, False), "POST read": (2, True)}),
    "drop after acting": (lambda: {"drop": "after", **ONCE},
                          {"GET": (2, True), "PUT": (2, True), "DELETE": (2, True), "POST write": (1, False), "POST read": (2, True)}),
    "latency past read timeout": (lambda: {"latency": 1.0, **ONCE},
                                  {"GET": (2, True), "PUT": (2, True), "DELETE": (2, True), "POST write": (1, False), "POST read": (2, True)}),
    "truncated body": (lambda: {"truncate": 5, **ONCE},
                       {"GET": (2, True), "PUT": (1, True), "DELETE": (1, True), "POST write": (1, False), "POST read": (2, True)}),
}


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
@pytest.mark.parametrize("kind", list(MATRIX))
def test_fault_matrix(emulator: Emulator, client: pycpg.sdk.SDKClient, kind: str, call: Call) -> None:
    make_fault, expectations = MATRIX[kind]
    attempts, succeeds = expectations[call.name]
    path = call.path(emulator)
    emulator.faults.add(Fault(path=path, method=call.method, **make_fault()))
    if succeeds:
        call.run(client, emulator)
    else:
        with pytest.raises(PycpgError):
            call.run(client, emulator)
    if kind.startswith("latency"):
        time.sleep(0.8)  # the timed-out request finishes on the server later
    sent = [e for e in emulator.journal if e.path == path and e.method == call.method]
    assert len(sent) == attempts, [(e.status, e.applied) for e in sent]
    if call.name == "POST write":
        assert emulator.applied("POST", "/api/v1/User") <= 1  # a write is never applied twice


def test_no_retry_after_the_budget_is_spent(emulator: Emulator) -> None:
    account = emulator.plain_admin
    sdk = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, max_retries=2, backoff_base=0.01)
    device = _device(emulator)
    emulator.clear_journal()
    emulator.faults.add(Fault(path=f"/api/v1/Computer/{device.computer_id}", status=503))
    with pytest.raises(PycpgInternalServerError):
        sdk.devices.get_by_id(device.computer_id)
    assert len(emulator.journal) == 3  # the first try and two retries


def test_malformed_body_is_not_retried_and_fails_as_a_pycpg_error(emulator: Emulator, client: pycpg.sdk.SDKClient) -> None:
    device = _device(emulator)
    emulator.faults.add(Fault(path=f"/api/v1/Computer/{device.computer_id}", body=b'{"data": {"guid": [1, 2'))
    response = client.devices.get_by_id(device.computer_id)
    with pytest.raises(PycpgModelError):
        response.model()
    with pytest.raises(PycpgError):
        response["guid"]
    assert len(emulator.journal) == 1
