"""``POST /api/v3/users/{uid}/{block,unblock,deactivate,activate,move}`` and legal-hold refusals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg.emulator import Emulator
from pycpg.emulator.records import UserRecord
from tests.emulator.emu_support import (
    PERMISSION_DENIED,
    admin_token,
    assert_no_content,
    call,
    data,
    restricted_token,
    v3_error_key,
)

ACTIONS = ("block", "unblock", "deactivate", "activate", "move")


def act(emu: Emulator, user_uid: str, action: str, body: Any = None, token: str | None = None) -> requests.Response:
    kwargs: dict[str, Any] = {} if body is None else {"json": body}
    return call(emu, f"/api/v3/users/{user_uid}/{action}", token or admin_token(emu), "POST", **kwargs)


def read_user(emu: Emulator, user_uid: str) -> dict[str, Any]:
    user: dict[str, Any] = data(call(emu, f"/api/v1/User/{user_uid}", admin_token(emu), params={"idType": "uid"}))
    return user


def device_states(emu: Emulator, user_uid: str) -> list[dict[str, Any]]:
    page = data(call(emu, "/api/v1/Computer", admin_token(emu), params={"userUid": user_uid, "pgSize": 1000}))
    computers: list[dict[str, Any]] = page["computers"]
    return computers


def active_user_with_devices(emu: Emulator) -> UserRecord:
    return next(u for u in emu.tenant.users[4:] if u.active and not u.blocked
                and any(d.active for d in emu.tenant.devices_of(u)))


# -- block / unblock ---------------------------------------------------------------------------


def test_block_and_unblock_answer_204_and_change_the_status(emulator: Emulator) -> None:
    target = active_user_with_devices(emulator)
    assert_no_content(act(emulator, target.user_uid, "block"))
    assert (read_user(emulator, target.user_uid)["status"], target.blocked) == ("Active, Blocked", True)
    assert_no_content(act(emulator, target.user_uid, "unblock"))
    user = read_user(emulator, target.user_uid)
    assert (user["status"], user["blocked"]) == ("Active", False)


# -- deactivate / activate ---------------------------------------------------------------------


def test_deactivate_with_block_deactivates_blocks_and_stops_the_devices(emulator: Emulator) -> None:
    target = active_user_with_devices(emulator)
    assert_no_content(act(emulator, target.user_uid, "deactivate", {"block": True}))
    user = read_user(emulator, target.user_uid)
    assert (user["status"], user["active"], user["blocked"]) == ("Deactivated", False, True)
    assert all(not device["active"] and device["status"] == "Deactivated"
               for device in device_states(emulator, target.user_uid))


@pytest.mark.parametrize("body", [{"block": None}, {"block": False}, None])
def test_deactivate_without_block_leaves_the_block_flag(emulator: Emulator, body: Any) -> None:
    target = active_user_with_devices(emulator)
    assert_no_content(act(emulator, target.user_uid, "deactivate", body))
    user = read_user(emulator, target.user_uid)
    assert (user["active"], user["blocked"]) == (False, False)


def test_activate_with_unblock_clears_both_flags_but_not_the_devices(emulator: Emulator) -> None:
    target = active_user_with_devices(emulator)
    act(emulator, target.user_uid, "deactivate", {"block": True})
    assert_no_content(act(emulator, target.user_uid, "activate", {"unblock": True}))
    user = read_user(emulator, target.user_uid)
    assert (user["status"], user["active"], user["blocked"]) == ("Active", True, False)
    assert not any(device["active"] for device in device_states(emulator, target.user_uid))


@pytest.mark.parametrize("body", [{"unblock": None}, {"unblock": False}, None])
def test_activate_without_unblock_keeps_the_block(emulator: Emulator, body: Any) -> None:
    target = active_user_with_devices(emulator)
    act(emulator, target.user_uid, "deactivate", {"block": True})
    assert_no_content(act(emulator, target.user_uid, "activate", body))
    assert read_user(emulator, target.user_uid)["status"] == "Active, Blocked"


def test_a_legal_hold_custodian_cannot_be_deactivated(emulator: Emulator) -> None:
    target = active_user_with_devices(emulator)
    emulator.place_on_legal_hold(target.user_uid)
    response = act(emulator, target.user_uid, "deactivate", {"block": True})
    assert response.status_code == 400
    assert v3_error_key(response) == "ACTIVE_LEGAL_HOLD" and "ACTIVE_LEGAL_HOLD" in response.text
    user = read_user(emulator, target.user_uid)
    assert (user["active"], user["blocked"]) == (True, False)
    assert any(device["active"] for device in device_states(emulator, target.user_uid))
    assert_no_content(act(emulator, target.user_uid, "block"))
    emulator.release_from_legal_hold(target.user_uid)
    assert_no_content(act(emulator, target.user_uid, "deactivate"))


def test_legal_hold_hooks_reject_unknown_users(emulator: Emulator) -> None:
    with pytest.raises(KeyError):
        emulator.place_on_legal_hold("123456789012345678")
    with pytest.raises(KeyError):
        emulator.release_from_legal_hold("123456789012345678")
    emulator.release_from_legal_hold(emulator.tenant.users[5].user_uid)  # not held: a no-op


# -- move --------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_text", [False, True])
def test_move_takes_the_user_and_their_devices_to_the_org(emulator: Emulator, as_text: bool) -> None:
    target = active_user_with_devices(emulator)
    org = next(o for o in emulator.tenant.orgs if o is not target.org)
    assert_no_content(act(emulator, target.user_uid, "move", {"orgId": str(org.org_id) if as_text else org.org_id}))
    user = read_user(emulator, target.user_uid)
    assert (user["orgId"], user["orgUid"], user["orgName"]) == (org.org_id, org.org_uid, org.org_name)
    devices = device_states(emulator, target.user_uid)
    assert devices and {device["orgUid"] for device in devices} == {org.org_uid}
    in_org = data(call(emulator, "/api/v1/Computer", admin_token(emulator), params={"orgUid": org.org_uid}))
    assert {d["guid"] for d in devices} <= {d["guid"] for d in in_org["computers"]}


@pytest.mark.parametrize("body", [{"orgId": 1}, {"orgId": "abc"}, {"orgId": None}, {}])
def test_move_to_an_unknown_org_is_404(emulator: Emulator, body: dict[str, Any]) -> None:
    target = emulator.tenant.users[5]
    org = target.org
    response = act(emulator, target.user_uid, "move", body)
    assert response.status_code == 404 and v3_error_key(response) == "ORG_NOT_FOUND"
    assert target.org is org


# -- errors common to every action ---------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_unknown_user_is_404(emulator: Emulator, action: str) -> None:
    org_id = emulator.tenant.orgs[0].org_id
    response = act(emulator, "123456789012345678", action, {"orgId": org_id})
    assert response.status_code == 404 and v3_error_key(response) == "USER_NOT_FOUND"


@pytest.mark.parametrize("action", ACTIONS)
def test_restricted_user_cannot_act_even_on_itself(emulator: Emulator, action: str) -> None:
    own = emulator.restricted.user_uid
    before = read_user(emulator, own)
    response = act(emulator, own, action, {"orgId": emulator.tenant.orgs[0].org_id}, restricted_token(emulator))
    assert response.status_code == 403 and response.json() == PERMISSION_DENIED
    assert read_user(emulator, own) == before


def test_actions_only_accept_post(emulator: Emulator) -> None:
    response = call(emulator, f"/api/v3/users/{emulator.tenant.users[5].user_uid}/block", admin_token(emulator))
    assert response.status_code == 405 and response.headers["Allow"] == "POST"


def test_actions_are_journaled(emulator: Emulator) -> None:
    target = emulator.tenant.users[5]
    emulator.clear_journal()
    act(emulator, target.user_uid, "deactivate", {"block": True})
    [entry] = emulator.journal
    assert (entry.method, entry.path, entry.json, entry.status) == (
        "POST", f"/api/v3/users/{target.user_uid}/deactivate", {"block": True}, 204)


# -- state machine -----------------------------------------------------------------------------


@dataclass
class UserModel:
    """What a user's flags should be after a sequence of actions."""

    active: bool
    blocked: bool
    held: bool = False
    devices_active: list[bool] = field(default_factory=list)

    def apply(self, action: str, flag: bool | None) -> int:
        """Update the model; the status code the emulator should answer."""
        if action == "deactivate":
            if self.held:
                return 400
            self.active, self.blocked = False, self.blocked or flag is True
            self.devices_active = [False] * len(self.devices_active)
        elif action == "activate":
            self.active, self.blocked = True, self.blocked and flag is not True
        else:
            self.blocked = action == "block"
        return 204

    @property
    def status(self) -> str:
        if not self.active:
            return "Deactivated"
        return "Active, Blocked" if self.blocked else "Active"


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(seed=31) as emu:
        yield emu


STEPS = st.lists(st.one_of(
    st.tuples(st.sampled_from(("block", "unblock", "deactivate", "activate")), st.sampled_from((True, False, None))),
    st.tuples(st.sampled_from(("hold", "release")), st.none()),
), max_size=12)


@settings(max_examples=40, deadline=None)
@given(index=st.integers(min_value=0, max_value=19), steps=STEPS)
def test_random_action_sequences_match_the_model(shared: Emulator, index: int, steps: list[tuple[str, Any]]) -> None:
    user = shared.tenant.users[index]
    start = read_user(shared, user.user_uid)
    model = UserModel(start["active"], start["blocked"], shared.tenant.is_on_legal_hold(user),
                      [d["active"] for d in device_states(shared, user.user_uid)])
    for action, flag in steps:
        if action in ("hold", "release"):
            (shared.place_on_legal_hold if action == "hold" else shared.release_from_legal_hold)(user.user_uid)
            model.held = action == "hold"
            continue
        key = "block" if action == "deactivate" else "unblock"
        response = act(shared, user.user_uid, action, {key: flag})
        assert response.status_code == model.apply(action, flag), (action, flag, response.text)
    final = read_user(shared, user.user_uid)
    assert (final["active"], final["blocked"], final["status"]) == (model.active, model.blocked, model.status)
    assert [d["active"] for d in device_states(shared, user.user_uid)] == model.devices_active
