"""List the custodians of a legal-hold matter, or of every active matter.

    python examples/custodians.py                      # every active matter
    python examples/custodians.py MATTER_UID           # one matter
    python examples/custodians.py --released           # include released custodians

Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console;
without them the script lists the embedded emulator's matters.
"""

from __future__ import annotations

import argparse

from _connect import connect
from pycpg.models import LegalHoldMatter
from pycpg.sdk import SDKClient


def print_custodians(sdk: SDKClient, matter: LegalHoldMatter, released: bool) -> None:
    # active=None lists released memberships too; True only the custodians still held.
    members = list(sdk.legalhold.iter_all_matter_custodians(matter.legal_hold_uid, active=None if released else True))
    state = "" if matter.active else " (inactive matter)"
    print(f"{matter.name} [{matter.legal_hold_uid}]{state}: {len(members)} custodian{'' if len(members) == 1 else 's'}")
    for member in sorted(members, key=lambda member: member.user.username):
        since = member.creation_date.strftime("%Y-%m-%d") if member.creation_date else "?"
        note = "" if member.active else "  (released)"
        print(f"  {member.user.username:<40} since {since}{note}")


def main(sdk: SDKClient, matter_uid: str | None = None, released: bool = False) -> None:
    if matter_uid is not None:
        matters = [sdk.legalhold.get_matter_by_uid(matter_uid).model()]
    else:
        matters = list(sdk.legalhold.iter_all_matters(active=True))
    for matter in matters:
        print_custodians(sdk, matter, released)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("matter_uid", nargs="?", help="the legalHoldUid of one matter (default: every active one)")
    parser.add_argument("--released", action="store_true", help="also list released custodians")
    args = parser.parse_args()
    with connect() as console:
        main(console.sdk, args.matter_uid, args.released)
