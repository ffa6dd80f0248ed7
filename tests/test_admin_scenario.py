"""An administrator's script, end to end against the emulator (issue 3 acceptance)."""

from __future__ import annotations

from pycpg.emulator import Emulator
from pycpg.sdk import SDKClient


def test_onboard_move_and_offboard_a_user(emulator: Emulator, sdk: SDKClient) -> None:
    root = sdk.orgs.get_current().model()
    assert root.org_uid is not None
    engineering = sdk.orgs.create_org("Engineering", notes="new team", parent_org_uid=root.org_uid).model()
    support = sdk.orgs.create_org("Support").model()
    assert engineering.org_uid and support.org_id is not None

    user = sdk.users.create_user(
        engineering.org_uid, "grace@example.com", "grace@example.com", "Sup3r-secret!", "Grace", "Hopper"
    ).model()
    assert user.user_id is not None and user.user_uid is not None
    sdk.users.add_role(user.user_id, "Desktop User")
    sdk.users.change_org_assignment(user.user_id, support.org_id)

    device = next(d for d in sdk.devices.iter_all(active=True, blocked=False))
    assert device.computer_id is not None
    sdk.devices.block(device.computer_id)
    assert sdk.devices.get_by_id(device.computer_id).model().blocked is True
    sdk.devices.unblock(device.computer_id)

    sdk.users.deactivate(user.user_id)
    assert sdk.users.get_by_uid(user.user_uid).model().active is False
    sdk.users.reactivate(user.user_id)

    final = sdk.users.get_by_uid(user.user_uid, incRoles=True).model()
    assert (final.active, final.blocked, final.org_uid) == (True, False, support.org_uid)
    assert final.roles is not None and "Desktop User" in final.roles
    in_support = [u.username for u in sdk.users.iter_all(org_uid=support.org_uid)]
    assert in_support == ["grace@example.com"]
    assert sdk.devices.get_by_id(device.computer_id).model().blocked is False
    assert support.org_guid in sdk.orgs.org_id_map.values()
