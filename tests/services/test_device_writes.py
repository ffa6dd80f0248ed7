"""sdk.devices write paths and agent state: exact requests and state changes."""

from __future__ import annotations

from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgActiveLegalHoldError, PycpgForbiddenError, PycpgNotFoundError
from pycpg.models import AgentState
from pycpg.sdk import SDKClient
from tests.journal import only_request


def _device(emulator: Emulator) -> Any:
    return next(d for d in emulator.tenant.devices if d.active and not d.blocked and not d.deauthorized)


def test_block_and_unblock(emulator: Emulator, sdk: SDKClient) -> None:
    device = _device(emulator)
    response = sdk.devices.block(device.computer_id)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.body) == ("PUT", f"/api/v1/ComputerBlock/{device.computer_id}", b"")
    assert response.status_code == 204 and response.model() is None
    assert sdk.devices.get_by_id(device.computer_id).model().blocked is True
    emulator.clear_journal()
    sdk.devices.unblock(device.computer_id)
    entry = only_request(emulator)
    assert (entry.method, entry.path) == ("DELETE", f"/api/v1/ComputerBlock/{device.computer_id}")
    assert sdk.devices.get_by_id(device.computer_id).model().blocked is False


def test_deactivate_and_reactivate(emulator: Emulator, sdk: SDKClient) -> None:
    device = _device(emulator)
    sdk.devices.deactivate(device.computer_id)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.json) == (
        "POST", "/api/v38/computer-deactivation/update", {"id": device.computer_id},
    )
    model = sdk.devices.get_by_guid(device.guid).model()
    assert (model.active, model.status) == (False, "Deactivated")
    emulator.clear_journal()
    sdk.devices.reactivate(device.computer_id)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.json) == (
        "POST", "/api/v38/computer-deactivation/remove", {"id": device.computer_id},
    )
    assert sdk.devices.get_by_guid(device.guid).model().active is True


def test_deactivate_device_on_legal_hold(emulator: Emulator, sdk: SDKClient) -> None:
    device = _device(emulator)
    emulator.place_on_legal_hold(device.user.user_uid)
    with pytest.raises(PycpgActiveLegalHoldError) as caught:
        sdk.devices.deactivate(device.computer_id)
    assert (caught.value.resource, caught.value.resource_id) == ("device", device.computer_id)
    assert "ACTIVE_LEGAL_HOLD" in caught.value.response.text
    assert sdk.devices.get_by_guid(device.guid).model().active is True


def test_deauthorize(emulator: Emulator, sdk: SDKClient) -> None:
    device = _device(emulator)
    sdk.devices.deauthorize(device.computer_id)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.body) == (
        "PUT", f"/api/v1/ComputerDeauthorization/{device.computer_id}", b"",
    )
    assert sdk.devices.get_by_id(device.computer_id).model().status == "Active, Deauthorized"


def _mac(emulator: Emulator) -> Any:
    return next(d for d in emulator.tenant.devices if d.os_name == "mac")


@pytest.mark.parametrize("property_name", ["fullDiskAccess", "someOtherProperty"])
def test_get_agent_state(emulator: Emulator, sdk: SDKClient, property_name: str) -> None:
    device = _mac(emulator)
    response = sdk.devices.get_agent_state(device.guid, property_name)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == (
        "GET", "/api/v38/agent-state/view-by-device-guid", [("deviceGuid", device.guid), ("propertyName", property_name)],
    )
    (state,) = response.model()
    assert isinstance(state, AgentState)
    assert (state.device_guid, state.property_name) == (device.guid, property_name)
    assert response["propertyName"] == property_name  # one object, as CrashPlan's own CLI reads it


def test_get_agent_full_disk_access_state(emulator: Emulator, sdk: SDKClient) -> None:
    device = _mac(emulator)
    response = sdk.devices.get_agent_full_disk_access_state(device.guid)
    assert only_request(emulator).query == [("deviceGuid", device.guid), ("propertyName", "fullDiskAccess")]
    assert response.data["value"] == response.model()[0].value == device.full_disk_access


def test_agent_state_of_a_device_that_is_not_a_mac_is_not_found(emulator: Emulator, sdk: SDKClient) -> None:
    device = next(d for d in emulator.tenant.devices if d.os_name != "mac")
    with pytest.raises(PycpgNotFoundError):
        sdk.devices.get_agent_full_disk_access_state(device.guid)


def test_upgrade(emulator: Emulator, sdk: SDKClient) -> None:
    device = _device(emulator)
    response = sdk.devices.upgrade(device.guid)
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.json) == (
        "POST", "/api/v38/device-upgrade/upgrade-device", {"deviceGuid": device.guid},
    )
    assert response.model() is None
    assert emulator.tenant.device_by_guid(device.guid).upgrade_requested is True  # type: ignore[union-attr]


def test_restricted_user_cannot_block_own_device(emulator: Emulator) -> None:
    account = emulator.restricted
    restricted = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
    own = next(d for d in emulator.tenant.devices if d.user.user_uid == account.user_uid)
    with pytest.raises(PycpgForbiddenError):
        restricted.devices.block(own.computer_id)
    assert own.blocked is False
