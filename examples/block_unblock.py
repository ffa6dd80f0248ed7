"""Block or unblock a user by username, printing the user's state before and after.

    python examples/block_unblock.py block ann@example.com
    python examples/block_unblock.py unblock ann@example.com

A blocked user cannot sign in or restore; their devices keep backing up. Set
CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console,
where both arguments are required. Against the embedded emulator they may be
left out: the script then blocks the last active, unblocked user it lists (or,
for ``unblock``, unblocks the last blocked one).
"""

from __future__ import annotations

import argparse
import sys

from _connect import connect
from pycpg.constants import UserStatus
from pycpg.models import User
from pycpg.sdk import SDKClient


def state(user: User) -> str:
    return f"{user.username}: {user.status}"


def main(sdk: SDKClient, action: str, username: str) -> int:
    users = sdk.users.get_by_username(username).model().users
    if not users:
        print(f"No user is named {username!r}.", file=sys.stderr)
        return 1
    user = users[0]
    print(f"before: {state(user)}")
    if action == "block":
        sdk.users.block(user.user_id)
    else:
        sdk.users.unblock(user.user_id)
    print(f"after:  {state(sdk.users.get_by_uid(user.user_uid).model())}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", choices=("block", "unblock"))
    parser.add_argument("username", nargs="?")
    args = parser.parse_args()
    with connect() as console:
        if args.username:
            raise SystemExit(main(console.sdk, args.action, args.username))
        if console.emulator is None:
            parser.error("give the action (block or unblock) and the username")
        action = args.action or "block"
        # "Active" is neither blocked nor deactivated; "Active, Blocked" is blocked.
        wanted = UserStatus.ACTIVE if action == "block" else UserStatus.ACTIVE_BLOCKED
        found = [user.username for user in console.sdk.users.iter_all() if user.status == wanted]
        raise SystemExit(main(console.sdk, action, found[-1]))
