"""Which writes can be sent twice: PUT and DELETE after a broken connection, never a POST write.

A connection that breaks after the request was sent leaves the client unsure
whether the server acted. PUT and DELETE are idempotent by HTTP semantics, so they
are sent again: the emulator's journal then shows them applied twice, with the
same end state as once. A POST that writes is never sent again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.exceptions import PycpgConnectionError


@pytest.fixture
def client(emulator: Emulator) -> Iterator[pycpg.sdk.SDKClient]:
    account = emulator.plain_admin
    sdk = pycpg.sdk.from_local_account(
        emulator.url, account.username, account.password, max_retries=3, backoff_base=0.01
    )
    emulator.clear_journal()
    yield sdk
    sdk.close()


def _device_id(emulator: Emulator) -> int:
    return next(d for d in emulator.tenant.devices if d.active and not d.blocked).computer_id


def test_a_put_resent_after_a_broken_connection_is_applied_twice_with_the_same_end_state(
    emulator: Emulator, client: pycpg.sdk.SDKClient
) -> None:
    device_id = _device_id(emulator)
    path = f"/api/v1/ComputerBlock/{device_id}"
    emulator.faults.add(Fault(path=path, method="PUT", drop="after", calls={1}))
    client.devices.block(device_id)
    assert emulator.applied("PUT", path) == 2
    assert client.devices.get_by_id(device_id)["blocked"] is True


def test_a_delete_resent_after_a_broken_connection_is_applied_twice_with_the_same_end_state(
    emulator: Emulator, client: pycpg.sdk.SDKClient
) -> None:
    device_id = _device_id(emulator)
    path = f"/api/v1/ComputerBlock/{device_id}"
    client.devices.block(device_id)
    emulator.faults.add(Fault(path=path, method="DELETE", drop="after", calls={1}))
    client.devices.unblock(device_id)
    assert emulator.applied("DELETE", path) == 2
    assert client.devices.get_by_id(device_id)["blocked"] is False


def test_a_post_write_is_never_sent_twice(emulator: Emulator, client: pycpg.sdk.SDKClient) -> None:
    org_uid = emulator.tenant.orgs[0].org_uid
    emulator.faults.add(Fault(path="/api/v1/User", method="POST", drop="after", calls={1}))
    with pytest.raises(PycpgConnectionError):
        client.users.create_user(org_uid, "once@example.com", "once@example.com")
    assert emulator.applied("POST", "/api/v1/User") == 1
    assert len([e for e in emulator.journal if e.method == "POST" and e.path == "/api/v1/User"]) == 1
