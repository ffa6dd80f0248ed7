"""Deactivate the devices listed in a CSV file (column ``guid``), dry run first.

    python examples/bulk_deactivate_devices.py devices.csv                  # dry run: what would change
    python examples/bulk_deactivate_devices.py devices.csv --apply -o results.csv
    python examples/bulk_deactivate_devices.py devices.csv --apply -o results.csv --resume

The CSV is CrashPlan CLI's ``devices bulk deactivate`` file: a ``guid`` column
(``device_guid``, ``deviceGuid`` and ``computer_guid`` work too), other columns are
kept and echoed into the results. Without ``--apply`` nothing is written to the
console (a dry run). ``-o`` writes one result row per input row (input columns plus
``row``, ``status``, ``outcome``, ``error``); ``--resume`` re-runs only the rows that
file does not hold as done. Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and
CRASHPLAN_PASSWORD for a real console, where the CSV is required. Against the
embedded emulator it may be left out: the script then makes a CSV of three active
devices, a malformed GUID and an unknown one, and runs it twice (dry run, then for real).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pycpg.bulk
from _connect import connect
from pycpg.bulk import BulkResult, HeaderError
from pycpg.sdk import SDKClient

ACTION = pycpg.bulk.ACTIONS["devices.deactivate"]


def show(done: int, total: int | None, result: BulkResult) -> None:
    """Print one result as it is written (the engine calls this in input order)."""
    detail = result.error if result.error else result.outcome
    print(f"  [{done}/{total if total is not None else '?'}] row {result.number}: {result.status}: {detail}")


def main(sdk: SDKClient, csv_path: Path, apply: bool, results: Path | None, resume: bool, concurrency: int) -> int:
    """Run the deactivation over ``csv_path``; returns the exit status (1 when a row failed)."""
    print(f"{ACTION.name} from {csv_path.name}{'' if apply else ' (dry run)'}")
    try:
        summary = pycpg.bulk.run(sdk, ACTION, csv_path, dry_run=not apply, concurrency=concurrency,
                                 results=results, resume=resume, progress=show)
    except HeaderError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Summary: {summary}")
    if summary.results_path is not None:
        print(f"Results: {summary.results_path}")
    return 0 if summary.succeeded else 1


def demo_csv(sdk: SDKClient, folder: Path) -> Path:
    """Three active devices (GUIDs from the console), a malformed GUID and one no device has."""
    guids = [device.guid for device in sdk.devices.iter_all(active=True)][:3]
    rows = [f"{guid},demo device {index}" for index, guid in enumerate(guids, start=1)]
    path = folder / "devices.csv"
    path.write_text("\n".join(["guid,note", *rows, "not-a-guid,typo", "1,unknown device"]) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv_file", nargs="?", type=Path, help="a CSV file with a 'guid' column")
    parser.add_argument("--apply", action="store_true", help="deactivate for real (default: dry run)")
    parser.add_argument("-o", "--results", type=Path, help="write the result rows to this CSV or .jsonl file")
    parser.add_argument("--resume", action="store_true", help="skip the rows the results file holds as done")
    parser.add_argument("--concurrency", type=int, default=4, help="rows in flight at most (default 4)")
    args = parser.parse_args()
    with connect() as console:
        if args.csv_file:
            raise SystemExit(main(console.sdk, args.csv_file, args.apply, args.results, args.resume,
                                  args.concurrency))
        if console.emulator is None:
            parser.error("give the CSV file")
        with tempfile.TemporaryDirectory() as work:
            demo = demo_csv(console.sdk, Path(work))
            main(console.sdk, demo, False, None, False, args.concurrency)
            status = main(console.sdk, demo, True, Path(work) / "results.csv", False, args.concurrency)
        raise SystemExit(0 if status in (0, 1) else status)
