"""Feed the audit log to a JSON Lines file incrementally: each run appends only the new events.

    python examples/audit_log_feed.py audit.jsonl --state ./checkpoints
    python examples/audit_log_feed.py audit.jsonl --state ./checkpoints --since 2025-12-01

Run it from cron: the checkpoint (``<state>/audit-feed.json``) remembers how far the
last run read and which events it already wrote, every run re-reads the 10 minutes
before that (CrashPlan records events up to five minutes late), and a run that was
killed midway is repaired by the next one, so every event lands in the file exactly
once. ``--since`` sets where the first run starts (default: 90 days back, all that
CrashPlan keeps). Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for
a real console; without them the script feeds the embedded emulator's audit log,
twice, to show that the second run finds nothing new.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from _connect import connect, utc_time
from pycpg.export.incremental import export_audit_logs
from pycpg.sdk import SDKClient

CHECKPOINT = "audit-feed"


def feed(sdk: SDKClient, output: Path, state: Path, since: datetime | None) -> int:
    """Append the events not written yet; returns how many were new."""
    result = export_audit_logs(sdk, output, state, CHECKPOINT, since=since)
    print(f"{result.delivered} new events appended to {output.name}; "
          f"read up to {result.cursor:%Y-%m-%d %H:%M:%S} UTC")
    return result.delivered


def main(sdk: SDKClient, output: Path, state: Path, since: datetime | None, runs: int = 1) -> None:
    for _ in range(runs):
        feed(sdk, output, state, since)
    with output.open(encoding="utf-8") as lines:
        print(f"{output.name} holds {sum(1 for _ in lines)} events")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", help="the JSON Lines file to append to (default: a temporary folder)")
    parser.add_argument("--state", help="the checkpoint folder (default: next to the output)")
    parser.add_argument("--since", type=utc_time, help="where the first run starts (default: 90 days back)")
    args = parser.parse_args()
    with connect() as console, tempfile.TemporaryDirectory() as scratch:
        output = Path(args.output or Path(scratch, "audit.jsonl"))
        state = Path(args.state or output.parent / "checkpoints")
        since: datetime | None = args.since
        if console.emulator is not None and since is None:
            since = console.now - timedelta(days=31)  # the emulator's history: the 30 days before its clock
        main(console.sdk, output, state, since, runs=1 if console.emulator is None else 2)
