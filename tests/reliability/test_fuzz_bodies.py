"""Random bodies on model-bearing endpoints fail only as PycpgError (issue 7)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.exceptions import PycpgError
from pycpg.response import PycpgResponse

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=15,
)
shaped = st.one_of(
    json_values,
    st.dictionaries(st.sampled_from(["data", "computers", "users", "orgs", "guid", "events"]), json_values, max_size=3),
)
bodies = st.one_of(st.binary(max_size=200), shaped.map(lambda v: json.dumps(v).encode()))


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Emulator, pycpg.sdk.SDKClient]]:
    with Emulator(seed=4, users=6, devices=6) as emulator:
        account = emulator.plain_admin
        sdk = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, max_retries=0)
        yield emulator, sdk


ENDPOINTS: list[tuple[str, Callable[[pycpg.sdk.SDKClient, Emulator], PycpgResponse[Any]]]] = [
    ("^/api/v1/Computer/", lambda s, e: s.devices.get_by_id(e.tenant.devices[0].computer_id)),
    ("/api/v1/Computer", lambda s, e: s.devices.get_page(1)),
    ("/api/v1/User/my", lambda s, e: s.users.get_current()),
    ("/api/v1/User", lambda s, e: s.users.get_page(1)),
    ("/api/v1/Org", lambda s, e: s.orgs.get_page()),
    ("/api/v1/role", lambda s, e: s.users.get_available_roles()),
    ("/api/v38/legal-hold-matter/list", lambda s, e: s.legalhold.get_matters_page(1)),
    ("/api/v38/legal-hold-event/list", lambda s, e: s.legalhold.get_events_page()),
    ("/api/v3/customer/my", lambda s, e: s.serveradmin.get_current_tenant()),
]


@pytest.mark.parametrize(("path", "call"), ENDPOINTS, ids=[p for p, _ in ENDPOINTS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, key=st.one_of(st.text(max_size=8), st.integers(-3, 3)))
def test_random_bodies_raise_only_pycpg_errors(
    world: tuple[Emulator, pycpg.sdk.SDKClient],
    path: str,
    call: Callable[[pycpg.sdk.SDKClient, Emulator], PycpgResponse[Any]],
    body: bytes,
    key: Any,
) -> None:
    emulator, sdk = world
    emulator.faults.clear()
    emulator.faults.add(Fault(path=path, body=body, times=1))
    response = call(sdk, emulator)
    attempts: list[Callable[[], Any]] = [
        lambda: response.model(), lambda: response[key], lambda: response.model(strict=True),
    ]
    for attempt in attempts:
        try:
            attempt()
        except PycpgError:
            pass
