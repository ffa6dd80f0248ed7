"""A legal-hold administrator's script, end to end against the emulator (issue 4 acceptance)."""

from __future__ import annotations

from datetime import timedelta

from pycpg.emulator import Emulator
from pycpg.sdk import SDKClient


def test_hold_lifecycle_and_its_event_trail(emulator: Emulator, sdk: SDKClient) -> None:
    policy = sdk.legalhold.create_policy("Preserve all versions").model()
    assert policy.legal_hold_policy_uid
    matter = sdk.legalhold.create_matter("Smith v. Jones", policy.legal_hold_policy_uid, "discovery").model()
    uid = matter.legal_hold_uid
    assert uid and matter.creation_date is not None

    custodians = [u for u in emulator.tenant.users if u.active][:3]
    memberships = [sdk.legalhold.add_to_matter(u.user_uid, uid).model() for u in custodians]
    released = memberships[1]
    assert released.legal_hold_membership_uid
    sdk.legalhold.remove_from_matter(released.legal_hold_membership_uid)
    sdk.legalhold.deactivate_matter(uid)
    sdk.legalhold.reactivate_matter(uid)

    everything = list(sdk.legalhold.iter_all_events(legal_hold_uid=uid))
    start, end = everything[0].event_date, everything[-1].event_date
    assert start is not None and end is not None
    window = list(sdk.legalhold.iter_all_events(uid, min_event_date=start, max_event_date=end))

    assert [e.event_type for e in window] == [
        "HOLD_CREATED",
        "MEMBERSHIP_CREATED",
        "MEMBERSHIP_CREATED",
        "MEMBERSHIP_CREATED",
        "MEMBERSHIP_DEACTIVATED",
        "HOLD_DEACTIVATED",
        "HOLD_REACTIVATED",
    ]
    membership_events = [e for e in window if e.event_type.startswith("MEMBERSHIP")]
    assert [e.custodian_principal.principal_id for e in membership_events] == [  # type: ignore[union-attr]
        *(u.user_uid for u in custodians), custodians[1].user_uid,
    ]
    assert membership_events[-1].legal_hold_membership_uid == released.legal_hold_membership_uid
    assert all(e.legal_hold_uid == uid for e in window)
    assert all(e.actor_principal is not None and e.actor_principal.principal_id == emulator.plain_admin.user_uid for e in window)
    assert window[0].event_date == matter.creation_date

    later = list(sdk.legalhold.iter_all_events(uid, min_event_date=window[4].event_date))
    assert [e.event_type for e in later] == ["MEMBERSHIP_DEACTIVATED", "HOLD_DEACTIVATED", "HOLD_REACTIVATED"]
    assert window[1].event_date is not None
    before = list(sdk.legalhold.iter_all_events(uid, max_event_date=window[1].event_date - timedelta(milliseconds=1)))
    assert [e.event_type for e in before] == ["HOLD_CREATED"]

    active = {m.user.user_uid for m in sdk.legalhold.iter_all_matter_custodians(uid) if m.user}
    assert active == {custodians[0].user_uid, custodians[2].user_uid}
