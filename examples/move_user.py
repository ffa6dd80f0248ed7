"""Move a user (and their devices) to another org, printing the old and the new org.

    python examples/move_user.py ann@example.com Finance               # org by name
    python examples/move_user.py ann@example.com 351576434011120384    # or by orgUid

Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console,
where both arguments are required. Against the embedded emulator they may be
left out: the script then moves the last active user it lists to the last org
that user is not in.
"""

from __future__ import annotations

import argparse
import sys

from _connect import connect
from pycpg.models import Org
from pycpg.sdk import SDKClient


def find_org(sdk: SDKClient, wanted: str) -> Org | None:
    """The org whose uid is ``wanted``, else the only one with that name (any case)."""
    orgs = list(sdk.orgs.iter_all())
    by_uid = [org for org in orgs if org.org_uid == wanted]
    by_name = [org for org in orgs if org.org_name.casefold() == wanted.casefold()]
    matches = by_uid or by_name
    return matches[0] if len(matches) == 1 else None


def main(sdk: SDKClient, username: str, org_name_or_uid: str) -> int:
    users = sdk.users.get_by_username(username).model().users
    if not users:
        print(f"No user is named {username!r}.", file=sys.stderr)
        return 1
    org = find_org(sdk, org_name_or_uid)
    if org is None:
        print(f"No org has the uid {org_name_or_uid!r}, and not exactly one has that name.", file=sys.stderr)
        return 1
    user = users[0]
    print(f"{user.username}: in {user.org_name} [{user.org_uid}]")
    sdk.users.change_org_assignment(user.user_id, org.org_id)
    moved = sdk.users.get_by_uid(user.user_uid).model()
    print(f"{moved.username}: now in {moved.org_name} [{moved.org_uid}]")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("username", nargs="?")
    parser.add_argument("org", nargs="?", help="the destination org's name or orgUid")
    args = parser.parse_args()
    with connect() as console:
        if args.org:
            raise SystemExit(main(console.sdk, args.username, args.org))
        if console.emulator is None:
            parser.error("give the username and the destination org")
        user = list(console.sdk.users.iter_all(active=True))[-1]
        org = [org for org in console.sdk.orgs.iter_all() if org.org_uid != user.org_uid][-1]
        raise SystemExit(main(console.sdk, user.username, org.org_uid))
