"""Add the users listed in a CSV file (column ``username``) to a legal-hold matter.

    python examples/legal_hold_add_from_csv.py MATTER_UID custodians.csv

Each row is reported as added, already a custodian, user not found, or failed
(with the reason); one bad row never stops the others. Set CRASHPLAN_HOST,
CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console, where both
arguments are required. Against the embedded emulator they may be left out: the
script then uses the first active matter and a made-up CSV holding one of its
custodians, one other user and one unknown username.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from typing import TextIO

from _connect import connect
from pycpg.exceptions import PycpgError, PycpgLegalHoldNotFoundOrPermissionDeniedError, PycpgUserAlreadyAddedError
from pycpg.sdk import SDKClient


def add_one(sdk: SDKClient, username: str, matter_uid: str) -> str:
    """Add one user to the matter; returns what happened."""
    users = sdk.users.get_by_username(username).model().users
    if not users:
        return "user not found"
    try:
        sdk.legalhold.add_to_matter(users[0].user_uid, matter_uid)
    except PycpgUserAlreadyAddedError:
        return "already a custodian"
    return "added"


def main(sdk: SDKClient, matter_uid: str, rows: TextIO) -> int:
    try:
        matter = sdk.legalhold.get_matter_by_uid(matter_uid).model()
    except PycpgLegalHoldNotFoundOrPermissionDeniedError as error:
        print(error, file=sys.stderr)
        return 1
    reader = csv.DictReader(rows)
    if "username" not in (reader.fieldnames or []):
        print("The CSV file has no 'username' column.", file=sys.stderr)
        return 1
    print(f"Matter {matter.name} ({matter.legal_hold_uid})")
    outcomes: Counter[str] = Counter()
    for line, row in enumerate(reader, start=2):
        username = (row.get("username") or "").strip()
        try:
            outcome = add_one(sdk, username, matter_uid) if username else "failed: no username"
        except PycpgError as error:  # report the row and carry on with the next one
            outcome = f"failed: {error}"
        outcomes[outcome.split(":")[0]] += 1
        print(f"  row {line}: {username or '-'}: {outcome}")
    print("Summary: " + ", ".join(f"{outcome} {count}" for outcome, count in outcomes.items()))
    return 0


def demo_rows(sdk: SDKClient, matter_uid: str) -> TextIO:
    """A CSV with one custodian of the matter, the last active user listed who is not one, and a stranger."""
    held = sorted(member.user.username for member in sdk.legalhold.iter_all_matter_custodians(matter_uid))
    other = [user.username for user in sdk.users.iter_all(active=True) if user.username not in held][-1]
    return io.StringIO("\n".join(["username", *held[:1], other, "nobody@example.invalid"]) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("matter_uid", nargs="?", help="the legalHoldUid of the matter")
    parser.add_argument("csv_file", nargs="?", help="a CSV file with a 'username' column")
    args = parser.parse_args()
    with connect() as console:
        if args.csv_file:
            with open(args.csv_file, newline="", encoding="utf-8") as rows:
                raise SystemExit(main(console.sdk, args.matter_uid, rows))
        if console.emulator is None:
            parser.error("give the matter uid and the CSV file")
        matter_uid = args.matter_uid or next(console.sdk.legalhold.iter_all_matters()).legal_hold_uid
        raise SystemExit(main(console.sdk, matter_uid, demo_rows(console.sdk, matter_uid)))
