"""Export the audit-log events between two dates to JSON Lines, one event per line.

    python examples/audit_log_export.py --begin 2025-12-01 --end 2025-12-08 -o audit.jsonl
    python examples/audit_log_export.py                     # the last 7 days, to stdout

Each line is the event exactly as the server sent it (``to_wire_json()``: the
``type$`` key, every event-specific key, timestamps as received), although the
script reads it as a typed ``AuditLogEvent``. The window includes ``--begin`` and
excludes ``--end``; dates are ISO-8601, UTC unless they carry an offset. Set
CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console;
without them the script exports the embedded emulator's audit log.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import datetime, timedelta
from typing import TextIO

from _connect import connect, utc_time
from pycpg.sdk import SDKClient


def export(sdk: SDKClient, begin: datetime, end: datetime, out: TextIO) -> Counter[str]:
    """Write the events of ``[begin, end)`` to ``out``; returns how many there were of each kind."""
    kinds: Counter[str] = Counter()
    for event in sdk.auditlogs.iter_all(begin_time=begin, end_time=end):
        out.write(event.to_wire_json() + "\n")
        kinds[event.event_name] += 1
    return kinds


def main(sdk: SDKClient, begin: datetime, end: datetime, path: str | None = None) -> None:
    if path is None:
        kinds = export(sdk, begin, end, sys.stdout)
    else:
        with open(path, "w", encoding="utf-8") as out:
            kinds = export(sdk, begin, end, out)
    summary = ", ".join(f"{name} {count}" for name, count in kinds.most_common())
    print(f"Exported {kinds.total()} events from {begin:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}: {summary or 'none'}",
          file=sys.stderr if path is None else sys.stdout)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--begin", type=utc_time, help="first instant (default: 7 days before --end)")
    parser.add_argument("--end", type=utc_time, help="end of the window, excluded (default: now)")
    parser.add_argument("-o", "--output", help="the JSON Lines file to write (default: stdout)")
    args = parser.parse_args()
    with connect() as console:
        end: datetime = args.end or console.now
        main(console.sdk, args.begin or end - timedelta(days=7), end, args.output)
