"""Quickstart: sign in with a TOTP code, show who you are, page through active devices.

Against a real console, set CRASHPLAN_HOST, CRASHPLAN_USERNAME and
CRASHPLAN_PASSWORD (you will be asked for the two-factor code). Without them the
script starts the embedded emulator and signs in to it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from datetime import datetime

import pycpg.sdk
from pycpg.models import Device


def main(host: str, username: str, password: str, totp: Callable[[], str]) -> None:
    sdk = pycpg.sdk.from_local_account(host, username, password, totp=totp)

    me = sdk.users.get_current().model()
    print(f"Signed in to {sdk.host_address} as {me.username} (org {me.org_name})")

    # The pycpg 1.0 way: pages are subscriptable responses.
    print("\nActive devices (userUid: name):")
    devices: list[Device] = []
    for page in sdk.devices.get_all(active=True, include_backup_usage=True):
        for device in page["computers"]:
            print(f"  {device['userUid']}: {device['name']}")
        # The typed way: the same page as pydantic models.
        devices.extend(page.model().computers)

    print_summary(devices)


def print_summary(devices: list[Device]) -> None:
    by_os = Counter(d.os_name or "unknown" for d in devices)
    alerting = [d for d in devices if d.alert_states and d.alert_states != ["OK"]]
    usage = [u for d in devices for u in d.backup_usage or []]
    stored = sum(u.archive_bytes or 0 for u in usage)
    never = [d.name for d in devices if not any(u.last_completed_backup for u in d.backup_usage or [])]
    completed = [u.last_completed_backup for u in usage if u.last_completed_backup]

    print(f"\nSummary of {len(devices)} active devices")
    print("  by OS:        " + ", ".join(f"{os_name} {n}" for os_name, n in by_os.most_common()))
    print(f"  with alerts:  {len(alerting)}")
    print(f"  archived:     {stored / 1e9:.1f} GB over {len(usage)} destinations")
    print(f"  never backed up completely: {len(never)}")
    if completed:
        print(f"  oldest completed backup:    {_when(min(completed))}")


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _run_against_emulator() -> None:
    from pycpg.emulator import Emulator

    with Emulator(seed=7) as emulator:
        admin = emulator.admin
        print(f"Embedded CrashPlan emulator at {emulator.url}")
        main(emulator.url, admin.username, admin.password, totp=emulator.totp)


if __name__ == "__main__":
    host = os.environ.get("CRASHPLAN_HOST")
    if host:
        main(
            host,
            os.environ["CRASHPLAN_USERNAME"],
            os.environ["CRASHPLAN_PASSWORD"],
            totp=lambda: input("Two-factor code: "),
        )
    else:
        _run_against_emulator()
