"""Device state changes (ComputerBlock, ComputerDeauthorization, computer-deactivation, upgrade)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg.emulator import Emulator
from pycpg.emulator.records import DeviceRecord
from tests.emulator.emu_support import (
    PERMISSION_DENIED,
    admin_token,
    assert_no_content,
    call,
    data,
    parse_iso,
    restricted_token,
    v38_problem,
)

#: action name -> (method, path template, body template); ``{id}``/``{guid}`` filled per device.
REQUESTS: dict[str, tuple[str, str, dict[str, str] | None]] = {
    "block": ("PUT", "/api/v1/ComputerBlock/{id}", None),
    "unblock": ("DELETE", "/api/v1/ComputerBlock/{id}", None),
    "deauthorize": ("PUT", "/api/v1/ComputerDeauthorization/{id}", None),
    "deactivate": ("POST", "/api/v38/computer-deactivation/update", {"id": "{id}"}),
    "reactivate": ("POST", "/api/v38/computer-deactivation/remove", {"id": "{id}"}),
    "upgrade": ("POST", "/api/v38/device-upgrade/upgrade-device", {"deviceGuid": "{guid}"}),
}
V1_ACTIONS = ("block", "unblock", "deauthorize")
V38_ACTIONS = ("deactivate", "reactivate", "upgrade")


def act(emu: Emulator, action: str, device_id: int | str, guid: str = "", token: str | None = None,
        body: Any = None) -> requests.Response:
    method, template, body_template = REQUESTS[action]
    if body is None and body_template is not None:
        body = {key: value.format(id=device_id, guid=guid) for key, value in body_template.items()}
    kwargs: dict[str, Any] = {} if body is None else {"json": body}
    return call(emu, template.format(id=device_id), token or admin_token(emu), method, **kwargs)


def act_on(emu: Emulator, action: str, device: DeviceRecord, token: str | None = None) -> requests.Response:
    return act(emu, action, device.computer_id, device.guid, token)


def read_device(emu: Emulator, device: DeviceRecord) -> dict[str, Any]:
    response = call(emu, f"/api/v1/Computer/{device.computer_id}", admin_token(emu))
    assert response.status_code == 200, response.text
    computer: dict[str, Any] = data(response)
    return computer


def plain_device(emu: Emulator) -> DeviceRecord:
    """An active, unblocked, authorised device of an ordinary user."""
    return next(d for d in emu.tenant.devices[2:] if d.active and not d.blocked and not d.deauthorized)


# -- success and later reads -------------------------------------------------------------------


def test_block_and_unblock(emulator: Emulator) -> None:
    device = plain_device(emulator)
    assert_no_content(act_on(emulator, "block", device))
    assert (read_device(emulator, device)["status"], read_device(emulator, device)["blocked"]) == (
        "Active, Blocked", True)
    blocked = data(call(emulator, "/api/v1/Computer", admin_token(emulator), params={"blocked": "true"}))
    assert device.guid in [d["guid"] for d in blocked["computers"]]
    assert_no_content(act_on(emulator, "unblock", device))
    assert (read_device(emulator, device)["status"], read_device(emulator, device)["blocked"]) == ("Active", False)


def test_deauthorize_shows_in_the_status(emulator: Emulator) -> None:
    device = plain_device(emulator)
    before = read_device(emulator, device)
    assert_no_content(act_on(emulator, "deauthorize", device))
    after = read_device(emulator, device)
    assert after["status"] == "Active, Deauthorized" and after["active"]
    assert parse_iso(after["modificationDate"]) > parse_iso(before["modificationDate"])


@pytest.mark.parametrize("as_text", [False, True])
def test_deactivate_and_reactivate_accept_int_or_text_ids(emulator: Emulator, as_text: bool) -> None:
    device = plain_device(emulator)
    body = {"id": str(device.computer_id) if as_text else device.computer_id}
    assert_no_content(act(emulator, "deactivate", device.computer_id, body=body))
    assert (read_device(emulator, device)["status"], read_device(emulator, device)["active"]) == ("Deactivated", False)
    inactive = data(call(emulator, "/api/v1/Computer", admin_token(emulator), params={"active": "false"}))
    assert device.guid in [d["guid"] for d in inactive["computers"]]
    assert_no_content(act(emulator, "reactivate", device.computer_id, body=body))
    assert read_device(emulator, device)["status"] == "Active"


def test_a_legal_hold_custodians_device_cannot_be_deactivated(emulator: Emulator) -> None:
    device = plain_device(emulator)
    emulator.place_on_legal_hold(device.user.user_uid)
    response = act_on(emulator, "deactivate", device)
    assert response.status_code == 400
    assert response.json() == {"problem": "ACTIVE_LEGAL_HOLD", "description": None}
    assert read_device(emulator, device)["active"] is True
    emulator.release_from_legal_hold(device.user.user_uid)
    assert_no_content(act_on(emulator, "deactivate", device))


@pytest.mark.parametrize("as_int", [False, True])
def test_upgrade_is_recorded_on_the_device(emulator: Emulator, as_int: bool) -> None:
    device = plain_device(emulator)
    assert not device.upgrade_requested
    body = {"deviceGuid": int(device.guid) if as_int else device.guid}
    assert_no_content(act(emulator, "upgrade", device.computer_id, body=body))
    assert device.upgrade_requested


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", V1_ACTIONS)
@pytest.mark.parametrize("key", ["1", "abc"])
def test_v1_actions_on_an_unknown_device_are_404(emulator: Emulator, action: str, key: str) -> None:
    response = act(emulator, action, key)
    assert response.status_code == 404
    assert response.json() == [{"name": "SYSTEM", "description": "Computer not found"}]


@pytest.mark.parametrize("action", V38_ACTIONS)
@pytest.mark.parametrize("body", [{"id": 1, "deviceGuid": "1"}, {"id": "x", "deviceGuid": None}, {}])
def test_v38_actions_on_an_unknown_device_are_404(emulator: Emulator, action: str, body: dict[str, Any]) -> None:
    response = act(emulator, action, 0, body=body)
    assert response.status_code == 404 and v38_problem(response) == "DEVICE_NOT_FOUND"


@pytest.mark.parametrize("action", REQUESTS)
def test_restricted_user_cannot_change_even_its_own_device(emulator: Emulator, action: str) -> None:
    device = next(d for d in emulator.tenant.devices if d.user.user_uid == emulator.restricted.user_uid)
    before = read_device(emulator, device)
    response = act_on(emulator, action, device, restricted_token(emulator))
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    assert read_device(emulator, device) == before and not device.upgrade_requested


def test_actions_are_journaled(emulator: Emulator) -> None:
    device = plain_device(emulator)
    emulator.clear_journal()
    act_on(emulator, "unblock", device)
    act_on(emulator, "deactivate", device)
    first, second = emulator.journal
    assert (first.method, first.path, first.body, first.status) == (
        "DELETE", f"/api/v1/ComputerBlock/{device.computer_id}", b"", 204)
    assert (second.method, second.path, second.json, second.status) == (
        "POST", "/api/v38/computer-deactivation/update", {"id": str(device.computer_id)}, 204)


# -- state machine -----------------------------------------------------------------------------


@dataclass
class DeviceModel:
    """What a device's flags should be after a sequence of actions."""

    active: bool
    blocked: bool
    deauthorized: bool
    held: bool = False

    def apply(self, action: str) -> int:
        """Update the model; the status code the emulator should answer."""
        if action == "deactivate" and self.held:
            return 400
        if action in ("deactivate", "reactivate"):
            self.active = action == "reactivate"
        elif action in ("block", "unblock"):
            self.blocked = action == "block"
        elif action == "deauthorize":
            self.deauthorized = True
        return 204

    @property
    def status(self) -> str:
        if not self.active:
            return "Deactivated"
        if self.deauthorized:
            return "Active, Deauthorized"
        return "Active, Blocked" if self.blocked else "Active"


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(seed=33) as emu:
        yield emu


@settings(max_examples=40, deadline=None)
@given(index=st.integers(min_value=0, max_value=39),
       steps=st.lists(st.sampled_from((*REQUESTS, "hold", "release")), max_size=12))
def test_random_action_sequences_match_the_model(shared: Emulator, index: int, steps: list[str]) -> None:
    device = shared.tenant.devices[index]
    start = read_device(shared, device)
    model = DeviceModel(start["active"], start["blocked"], device.deauthorized,
                        shared.tenant.is_on_legal_hold(device.user))
    for action in steps:
        if action in ("hold", "release"):
            (shared.place_on_legal_hold if action == "hold" else shared.release_from_legal_hold)(device.user.user_uid)
            model.held = action == "hold"
            continue
        response = act_on(shared, action, device)
        assert response.status_code == model.apply(action), (action, response.text)
    final = read_device(shared, device)
    assert (final["active"], final["blocked"], final["status"]) == (model.active, model.blocked, model.status)
