"""Write every user (uid, username, email, org, active, creation date) to a CSV file.

    python examples/users_to_csv.py users.csv     # to a file
    python examples/users_to_csv.py               # to stdout

Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console;
without them the script exports the embedded emulator's users.
"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TextIO

from _connect import connect
from pycpg.sdk import SDKClient

COLUMNS = ("uid", "username", "email", "org", "active", "created")


def write_users(sdk: SDKClient, out: TextIO) -> int:
    """Write the header and one row per user; returns the number of users."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for user in sdk.users.iter_all():
        created = user.creation_date.isoformat() if user.creation_date else ""
        writer.writerow([user.user_uid, user.username, user.email or "", user.org_name or "", user.active, created])
        count += 1
    return count


def main(sdk: SDKClient, path: str | None) -> None:
    if path is None:
        write_users(sdk, sys.stdout)
        return
    with open(path, "w", newline="", encoding="utf-8") as out:
        count = write_users(sdk, out)
    print(f"Wrote {count} users to {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="the CSV file to write (default: stdout)")
    args = parser.parse_args()
    with connect() as console:
        main(console.sdk, args.path)
