"""examples/bulk_deactivate_devices.py, run as a user would: its own process and embedded emulator."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pycpg.emulator import Emulator

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "bulk_deactivate_devices.py"
NOW = "2026-01-01T00:00:00+00:00"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRASHPLAN_")}
    env["PYCPG_EMULATOR_NOW"] = NOW
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=90, check=False)


@pytest.fixture(scope="module")
def tenant() -> Emulator:
    """The scripts' tenant (seed 7, pinned now), never started: what the script will see."""
    return Emulator(seed=7, now=NOW)


def test_the_demo_dry_runs_then_deactivates(tmp_path: Path, tenant: Emulator) -> None:
    result = _run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "devices.deactivate from devices.csv (dry run)"
    assert "Summary: devices.deactivate (dry run): failed 1, invalid 1, dry-run 3" in lines
    assert "Summary: devices.deactivate: ok 3, failed 1, invalid 1" in lines
    first = next(d for d in tenant.tenant.devices if d.active)
    assert f"  [1/5] row 1: dry-run: would deactivate device {first.computer_id} {first.name!r} (currently Active)" \
        in lines
    assert f"  [1/5] row 1: ok: deactivated device {first.computer_id} {first.name!r}" in lines
    assert "  [4/5] row 4: invalid: guid: a device GUID is a number, not 'not-a-guid'" in lines
    assert "  [5/5] row 5: failed: no device has GUID 1" in lines


def test_a_csv_file_applied_with_results_then_resumed(tmp_path: Path, tenant: Emulator) -> None:
    guids = [d.guid for d in tenant.tenant.devices if d.active][:2]
    source = tmp_path / "devices.csv"
    source.write_text("Device GUID,ticket\n" + "".join(f"{g},T-{i}\n" for i, g in enumerate(guids)), encoding="utf-8")
    results = tmp_path / "results.csv"

    applied = _run(str(source), "--apply", "-o", str(results), cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    with open(results, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["Device GUID"], r["ticket"], r["status"]) for r in rows] == [(guids[0], "T-0", "ok"),
                                                                             (guids[1], "T-1", "ok")]

    resumed = _run(str(source), "--apply", "-o", str(results), "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "Summary: devices.deactivate: skipped 2" in resumed.stdout.splitlines()


def test_a_file_without_the_guid_column_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "devices.csv"
    source.write_text("hostname,owner\nlaptop,alice\n", encoding="utf-8")
    result = _run(str(source), cwd=tmp_path)
    assert result.returncode == 2
    assert "lacks column 'guid'" in result.stderr and "Traceback" not in result.stderr
