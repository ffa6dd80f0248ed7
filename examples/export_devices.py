"""Export every device, with its backup usage, to CSV and JSON Lines files.

    python examples/export_devices.py                       # devices.csv, devices.jsonl, backup_usage.csv here
    python examples/export_devices.py --folder out --active # only active devices, into out/

Three files, each written atomically (a failed run leaves no half-written file):

- ``devices.jsonl``: one device per line, nested as the API sends it (backup usage
  included), timestamps as UTC ``2026-01-01T00:00:00.000000Z``;
- ``devices.csv``: one row per device, one column per field (``backupUsage`` as a
  JSON cell), and an ``extra`` column for any field this SDK does not know;
- ``backup_usage.csv``: one row per device and destination, the destination's
  fields flattened (``destination.lastCompletedBackup``, ``destination.activity.connected``).

Each file streams the devices page by page, so memory does not grow with the tenant.
Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console;
without them the script exports the embedded emulator's devices.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from _connect import connect
from pycpg.export import write_csv, write_jsonl
from pycpg.models import BackupUsage, Device
from pycpg.sdk import SDKClient


def devices(sdk: SDKClient, active: bool | None) -> Iterator[Device]:
    """The devices, with their backup usage, fetched page by page."""
    return sdk.devices.iter_all(active=active, include_backup_usage=True)


def usage_rows(sdk: SDKClient, active: bool | None) -> Iterator[dict[str, int | str | BackupUsage]]:
    """One row per device and destination: the device's id and name, and the destination's usage."""
    for device in devices(sdk, active):
        for usage in device.backup_usage or []:
            yield {"computerId": device.computer_id, "deviceName": device.name, "destination": usage}


def main(sdk: SDKClient, folder: Path, active: bool | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    count = write_jsonl(devices(sdk, active), folder / "devices.jsonl")
    print(f"Wrote {count} devices to {folder / 'devices.jsonl'}")
    count = write_csv(devices(sdk, active), folder / "devices.csv", model=Device)
    print(f"Wrote {count} devices to {folder / 'devices.csv'}")
    count = write_csv(usage_rows(sdk, active), folder / "backup_usage.csv")
    print(f"Wrote {count} device destinations to {folder / 'backup_usage.csv'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path("."), help="where to write the files (default: here)")
    parser.add_argument("--active", action="store_true", default=None, help="only active devices")
    args = parser.parse_args()
    with connect() as console:
        main(console.sdk, args.folder, args.active)
