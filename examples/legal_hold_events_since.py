"""Print the legal-hold events since a date, one per line, oldest first.

    python examples/legal_hold_events_since.py 2025-10-01
    python examples/legal_hold_events_since.py 2025-10-01T12:00 --matter MATTER_UID
    python examples/legal_hold_events_since.py             # the last 90 days

Dates are ISO-8601 (UTC unless they carry an offset). Set CRASHPLAN_HOST,
CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console; without them the
script reads the embedded emulator's legal-hold history.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

from _connect import connect, utc_time
from pycpg.constants import LegalHoldEventType as Kind
from pycpg.models import LegalHoldEvent, Principal
from pycpg.sdk import SDKClient

#: How a custodian's membership changed, for the events that change one (v38 and v1 spellings).
JOINED = {Kind.MEMBERSHIP_CREATED, Kind.MEMBERSHIP_REACTIVATED, Kind.LEGACY_MEMBERSHIP_CREATED,
          Kind.LEGACY_MEMBERSHIP_REACTIVATED}
LEFT = {Kind.MEMBERSHIP_DEACTIVATED, Kind.LEGACY_MEMBERSHIP_DEACTIVATED}


def who(principal: Principal | None, username: str | None) -> str:
    """A v38 principal's name, else the v1 event's flat username."""
    if principal is not None:
        return principal.display_name or principal.principal_id or "?"
    return username or "?"


def describe(event: LegalHoldEvent, matters: dict[str, str]) -> str:
    when = event.event_date.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    line = f"{when}  {event.event_type:<22}  {matters.get(event.legal_hold_uid, event.legal_hold_uid)}"
    if event.legal_hold_membership_uid is not None:
        sign = "+" if event.event_type in JOINED else "-" if event.event_type in LEFT else " "
        line += f"  {sign}{who(event.custodian_principal, event.custodian_username)}"
    return f"{line}  (by {who(event.actor_principal, event.actor_username)})"


def main(sdk: SDKClient, since: datetime, matter_uid: str | None = None) -> None:
    matters = {matter.legal_hold_uid: matter.name for matter in sdk.legalhold.iter_all_matters(active=None)}
    count = 0
    for event in sdk.legalhold.iter_all_events(legal_hold_uid=matter_uid, min_event_date=since):
        print(describe(event, matters))
        count += 1
    print(f"{count} legal-hold events since {since.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("since", nargs="?", type=utc_time, help="ISO date or date-time (default: 90 days ago)")
    parser.add_argument("--matter", help="only the events of this matter (legalHoldUid)")
    args = parser.parse_args()
    with connect() as console:
        main(console.sdk, args.since or console.now - timedelta(days=90), args.matter)
