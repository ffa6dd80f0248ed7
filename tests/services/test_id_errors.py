"""Not-found and bad-request errors of id-taking methods name the method, the kind of id and the value sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.exceptions import (
    PycpgActiveLegalHoldError,
    PycpgBadRequestError,
    PycpgError,
    PycpgHTTPError,
    PycpgNotFoundError,
)
from pycpg.services._ids import ID_KINDS

Call = Callable[[pycpg.sdk.SDKClient, Any], Any]


def _user(emulator: Emulator) -> Any:
    return next(u for u in emulator.tenant.users if u.active)


def _device(emulator: Emulator) -> Any:
    return next(d for d in emulator.tenant.devices if d.active)


def _org(emulator: Emulator) -> Any:
    return emulator.tenant.orgs[1]


# (method, how to call it with the wrong kind of id, the wrong id, the kind taken)
SWAPPED: list[tuple[str, Call, Callable[[Emulator], Any], str]] = [
    ("users.block", lambda s, v: s.users.block(v), lambda e: _user(e).user_uid, "user_id"),
    ("users.unblock", lambda s, v: s.users.unblock(v), lambda e: _user(e).user_uid, "user_id"),
    ("users.deactivate", lambda s, v: s.users.deactivate(v), lambda e: _user(e).user_uid, "user_id"),
    ("users.reactivate", lambda s, v: s.users.reactivate(v), lambda e: _user(e).user_uid, "user_id"),
    ("users.get_by_id", lambda s, v: s.users.get_by_id(v), lambda e: _user(e).user_uid, "user_id"),
    ("users.get_by_uid", lambda s, v: s.users.get_by_uid(v), lambda e: _user(e).user_id, "user_uid"),
    ("users.change_org_assignment", lambda s, v: s.users.change_org_assignment(v, 1),
     lambda e: _user(e).user_uid, "user_id"),
    ("users.get_roles", lambda s, v: s.users.get_roles(v), lambda e: _user(e).user_uid, "user_id"),
    ("devices.get_by_id", lambda s, v: s.devices.get_by_id(v), lambda e: _device(e).guid, "device_id"),
    ("devices.get_by_guid", lambda s, v: s.devices.get_by_guid(v), lambda e: _device(e).computer_id, "device_guid"),
    ("devices.block", lambda s, v: s.devices.block(v), lambda e: _device(e).guid, "device_id"),
    ("devices.unblock", lambda s, v: s.devices.unblock(v), lambda e: _device(e).guid, "device_id"),
    ("devices.deactivate", lambda s, v: s.devices.deactivate(v), lambda e: _device(e).guid, "device_id"),
    ("devices.deauthorize", lambda s, v: s.devices.deauthorize(v), lambda e: _device(e).guid, "device_id"),
    ("devices.get_settings", lambda s, v: s.devices.get_settings(v), lambda e: _device(e).computer_id,
     "device_guid"),
    ("archive.get_by_archive_guid", lambda s, v: s.archive.get_by_archive_guid(v), lambda e: _device(e).guid,
     "archive_guid"),
]

MESSAGES = {
    "user_id": "takes a user_id (the numeric userId), not a user_uid: no user has userId {}.",
    "user_uid": "takes a user_uid (the userUid), not a user_id: no user has userUid {}.",
    "device_id": "takes a device_id (the numeric computerId), not a device_guid: no device has computerId {}.",
    "device_guid": "takes a device_guid (the device's guid), not a device_id: no device has guid {}.",
    "archive_guid": "takes an archive_guid (the archiveGuid), not a device_guid: no archive has archiveGuid {}.",
}


@pytest.mark.parametrize(("method", "call", "wrong", "kind"), SWAPPED, ids=[s[0] for s in SWAPPED])
def test_a_swapped_id_is_named_in_the_not_found_error(
    emulator: Emulator, sdk: pycpg.sdk.SDKClient, method: str, call: Call, wrong: Callable[[Emulator], Any],
    kind: str,
) -> None:
    value = wrong(emulator)
    with pytest.raises(PycpgNotFoundError) as caught:  # the class pycpg 1.0 raises
        call(sdk, value)
    error = caught.value
    assert type(error) is PycpgNotFoundError
    assert str(error).startswith(f"{method} {MESSAGES[kind].format(value)} Failure in HTTP call 404")
    assert error.args == (str(error),)
    assert error.response is not None and error.response.status_code == 404  # still there
    assert isinstance(error.__cause__, PycpgNotFoundError)


def test_the_example_of_a_made_up_user_id(sdk: pycpg.sdk.SDKClient) -> None:
    with pytest.raises(PycpgNotFoundError, match=(
        r"^users\.block takes a user_id \(the numeric userId\), not a user_uid: "
        r"no user has userId 123456789012345678\. "
    )):
        sdk.users.block(123456789012345678)


@pytest.mark.parametrize(("method", "kind"), [("block", "org_id"), ("get_by_id", "org_id"), ("get_by_uid", "org_uid")])
def test_an_org_lookup_miss_names_the_kind_of_id(
    emulator: Emulator, sdk: pycpg.sdk.SDKClient, method: str, kind: str
) -> None:
    org = _org(emulator)
    wrong = org.org_uid if kind == "org_id" else org.org_id
    with pytest.raises(PycpgError) as caught:
        getattr(sdk.orgs, method)(wrong)
    other = ID_KINDS[kind].confused_with
    wire = ID_KINDS[kind].wire
    label = "ID" if kind == "org_id" else "UID"
    assert type(caught.value) is PycpgError  # as pycpg 1.0
    assert str(caught.value) == (
        f"orgs.{method} takes an {kind} ({ID_KINDS[kind].description}), not an {other}: "
        f"no org has {wire} {wrong}. Couldn't find an Org with {label} '{wrong}'."  # pycpg 1.0's sentence kept
    )


def test_specific_errors_are_left_alone(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    user = _user(emulator)
    emulator.place_on_legal_hold(user.user_uid)
    with pytest.raises(PycpgActiveLegalHoldError) as caught:
        sdk.users.deactivate(user.user_id)
    assert caught.value.args == (
        f"Cannot deactivate the user with ID {user.user_id} as the user is involved in a legal hold matter.",
        "user",
        user.user_id,
    )


def test_an_inner_lookup_is_named_after_the_method_called(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    user = _user(emulator)
    with pytest.raises(PycpgHTTPError) as caught:
        sdk.users.add_role(user.user_uid, "Desktop User")  # add_role looks the user up by id first
    assert str(caught.value).startswith("users.add_role takes a user_id")
    assert str(caught.value).count("takes a") == 1


def test_a_user_id_given_to_add_to_matter_is_named(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    user = _user(emulator)
    matter = next(iter(sdk.legalhold.iter_all_matters()))
    with pytest.raises(PycpgBadRequestError) as caught:  # the class pycpg 1.0 raises
        sdk.legalhold.add_to_matter(str(user.user_id), matter.legal_hold_uid)
    assert type(caught.value) is PycpgBadRequestError
    assert str(caught.value).startswith(
        "legalhold.add_to_matter takes a user_uid (the userUid), not a user_id: "
        f"the server refused userUid {user.user_id}. Failure in HTTP call 400"
    )
    assert caught.value.response.status_code == 400


def test_a_404_about_another_argument_is_not_blamed_on_the_id(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    user = _user(emulator)
    with pytest.raises(PycpgNotFoundError) as caught:
        sdk.users.change_org_assignment(user.user_id, 999999999)  # the user exists; the org does not
    assert "takes a" not in str(caught.value)
    assert str(caught.value).startswith("Failure in HTTP call 404")  # pycpg 1.0's message, unchanged


def test_an_agent_state_404_of_a_non_mac_is_not_blamed_on_the_id(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    windows = next(d for d in emulator.tenant.devices if d.active and "mac" not in (d.os_name or "").lower())
    with pytest.raises(PycpgNotFoundError) as caught:
        sdk.devices.get_agent_full_disk_access_state(windows.guid)
    assert "takes a" not in str(caught.value)  # the guid is right: the device is just not a Mac
