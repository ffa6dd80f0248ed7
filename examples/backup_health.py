"""Backup health per active device: destinations without a completed backup for N days, and alerts.

    python examples/backup_health.py              # last completed backup older than 30 days
    python examples/backup_health.py --days 7

Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real console;
without them the script runs against the embedded emulator. Each device that
needs attention is printed with its alert states, then one line per destination
whose last completed backup is older than the cutoff (or that never completed one).
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import datetime, timedelta

from _connect import connect
from pycpg.constants import AlertState
from pycpg.models import BackupUsage
from pycpg.sdk import SDKClient


def behind(usage: BackupUsage, cutoff: datetime) -> bool:
    """Whether a destination has no completed backup since ``cutoff``."""
    return usage.last_completed_backup is None or usage.last_completed_backup < cutoff


def main(sdk: SDKClient, days: int, now: datetime) -> None:
    cutoff = now - timedelta(days=days)
    alerts: Counter[str] = Counter()
    checked = flagged = 0
    for device in sdk.devices.iter_all(active=True, include_backup_usage=True):
        checked += 1
        late = [usage for usage in device.backup_usage or [] if behind(usage, cutoff)]
        raised = [state for state in device.alert_states or [] if state != AlertState.OK]
        alerts.update(raised)
        if not late and not raised:
            continue
        flagged += 1
        print(f"{device.computer_id}  {device.name}  alerts: {', '.join(raised) or 'none'}")
        for usage in late:
            done = usage.last_completed_backup
            when = f"{done:%Y-%m-%d} ({(now - done).days} days ago)" if done else "never"
            print(f"    {usage.target_computer_name or usage.target_computer_guid}: last completed backup {when}")
    print(f"\n{flagged} of {checked} active devices need attention (cutoff {cutoff:%Y-%m-%d}, {days} days)")
    print("Alerts: " + (", ".join(f"{state} {count}" for state, count in alerts.most_common()) or "none"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30, help="days since the last completed backup (default 30)")
    args = parser.parse_args()
    with connect() as console:
        main(console.sdk, args.days, console.now)
