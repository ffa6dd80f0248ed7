"""examples/export_devices.py writes what it says (tests/examples also runs it without arguments)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from pycpg.emulator import Emulator
from pycpg.export import EXTRA_COLUMN, columns_of
from pycpg.models import Device

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "export_devices.py"
NOW = "2026-01-01T00:00:00+00:00"


def test_export_devices_writes_the_three_files(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRASHPLAN_")}
    env["PYCPG_EMULATOR_NOW"] = NOW
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(SCRIPT), "--folder", str(out)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr
    devices = Emulator(seed=7, now=NOW).tenant.devices  # the tenant the script saw (same seed and "now")
    destinations = sum(len(device.backup_usage) for device in devices)
    assert done.stdout.splitlines() == [
        f"Wrote {len(devices)} devices to {out / 'devices.jsonl'}",
        f"Wrote {len(devices)} devices to {out / 'devices.csv'}",
        f"Wrote {destinations} device destinations to {out / 'backup_usage.csv'}",
    ]
    lines = [json.loads(line) for line in (out / "devices.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(line["guid"] for line in lines) == sorted(device.guid for device in devices)
    assert all(line["backupUsage"] for line in lines)
    with open(out / "devices.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == [*columns_of(Device), EXTRA_COLUMN] and len(rows) == 1 + len(devices)
    with open(out / "backup_usage.csv", encoding="utf-8", newline="") as stream:
        usage = list(csv.DictReader(stream))
    assert len(usage) == destinations
    assert {"computerId", "deviceName", "destination.targetComputerGuid", "destination.lastCompletedBackup",
            "destination.activity.connected", EXTRA_COLUMN} <= set(usage[0])
    assert all(row["destination.targetComputerGuid"] for row in usage)
    assert sorted(os.listdir(out)) == ["backup_usage.csv", "devices.csv", "devices.jsonl"]
