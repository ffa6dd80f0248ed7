"""bench/run.py runs end to end (tiny sizes, no official SDK) and reports every row with ratios.

Only the report's shape is checked, never a timing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ROWS = {"get", "model", "iter_all", "get_all", "import", "memory"}
SUMMARY_LINE = re.compile(r"^  (\w+)\s+(.+?)\s+x(\d+\.\d+) \(min (\d+\.\d+) – max (\d+\.\d+)\)$")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="the bench serves https with a certificate made by openssl")
def test_quick_bench_reports_every_row_with_ratios(tmp_path: Path) -> None:
    command = [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--no-official",
               "--devices", "1000", "--memory-devices", "500,2000", "--runs", "1", "--calls", "5",
               "--model-devices", "100", "--model-loops", "1"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    report = result.stdout
    assert "official SDK: skipped" in report
    for row in ROWS:
        assert f"\n[{row}] " in report, row
    summary = report.split("\nSUMMARY", 1)[1].splitlines()[1:]
    found: dict[str, list[float]] = {}
    for line in summary:
        match = SUMMARY_LINE.match(line)
        assert match, line
        median, low, high = (float(match.group(index)) for index in (3, 4, 5))
        assert low <= median <= high
        assert median > 0
        found.setdefault(match.group(1), []).append(median)
    assert set(found) == ROWS
    if "page_concurrency" in (REPO / "pycpg" / "_http" / "config.py").read_text(encoding="utf-8"):
        assert "ours iter_all (page_concurrency=1)" in report
