"""List active devices that have not connected for N days; optionally deactivate them.

    python examples/stale_devices.py                       # devices silent for 30 days
    python examples/stale_devices.py --days 60 --deactivate

Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console;
without them the script runs against the embedded emulator, where the default is
14 days (its devices all connected in the 20 days before its clock). A device
whose user is on legal hold cannot be deactivated: it is reported and skipped.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

from _connect import connect
from pycpg.exceptions import PycpgActiveLegalHoldError
from pycpg.models import Device
from pycpg.sdk import SDKClient


def is_stale(device: Device, cutoff: datetime) -> bool:
    """Last connected before ``cutoff``, or never."""
    return device.last_connected is None or device.last_connected < cutoff


def find_stale(sdk: SDKClient, cutoff: datetime) -> list[Device]:
    """Every active device last connected before ``cutoff``, or never (a read-only loop: no snapshot needed)."""
    return [device for device in sdk.devices.iter_all(active=True) if is_stale(device, cutoff)]


def main(sdk: SDKClient, days: int, now: datetime, deactivate: bool = False) -> None:
    cutoff = now - timedelta(days=days)
    stale = find_stale(sdk, cutoff)
    print(f"{len(stale)} active devices have not connected since {cutoff:%Y-%m-%d} ({days} days):")
    for device in stale:
        seen = device.last_connected.strftime("%Y-%m-%d") if device.last_connected else "never"
        print(f"  {device.computer_id}  {device.name:<28} last connected {seen}")
    if not deactivate:
        return
    print("Deactivating:")
    # This loop changes the list it reads: each deactivated device leaves the active
    # listing. Paged plainly, the later pages would shift and devices be skipped;
    # snapshot=True reads every page before the first device is handed out.
    for device in sdk.devices.iter_all(active=True, snapshot=True):
        if not is_stale(device, cutoff):
            continue
        try:
            sdk.devices.deactivate(device.computer_id)
        except PycpgActiveLegalHoldError:
            print(f"  {device.computer_id}  skipped: its user is on legal hold")
            continue
        print(f"  {device.computer_id}  {sdk.devices.get_by_id(device.computer_id).model().status}")
    print(f"Active devices still not connected since {cutoff:%Y-%m-%d}: {len(find_stale(sdk, cutoff))}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, help="days without a connection (default 30; emulator 14)")
    parser.add_argument("--deactivate", action="store_true", help="deactivate the devices found")
    args = parser.parse_args()
    with connect() as console:
        days: int = args.days or (30 if console.emulator is None else 14)
        main(console.sdk, days, console.now, deactivate=args.deactivate)
