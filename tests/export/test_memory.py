"""Streaming: the writers' memory does not grow with the number of rows.

Two measurements. In this process, tracemalloc's peak while writing 2,000 and then
20,000 rows: every byte Python allocates is counted, so one row kept per item would
show at once (20,000 small rows are megabytes). tracemalloc slows allocation several
times, too much for a million rows within seconds, so the million-row run is made in
child processes (one per writer, in parallel) that report their peak resident memory
(``ru_maxrss``) after 10,000 rows and after 1,000,000 more: keeping the rows would
add hundreds of megabytes, streaming adds nothing measurable.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pycpg.export import write_csv, write_json, write_jsonl
from pycpg.models import Device

from .test_records import DEVICE

Writer = Callable[..., int]
WRITERS: list[Writer] = [write_csv, write_jsonl, write_json]
ROW = {"id": 123456, "name": "a device", "org": {"id": 7, "name": "Org, \"quoted\""}}


def _peak(write: Writer, rows: int, path: Path) -> int:
    tracemalloc.start()
    try:
        written = write(itertools.repeat(ROW, rows), path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert written == rows


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_traced_peak_does_not_grow_with_rows(write: Writer, tmp_path: Path) -> None:
    small = _peak(write, 2_000, tmp_path / "small")
    large = _peak(write, 20_000, tmp_path / "large")
    assert large < small + 32 * 1024, (small, large)
    assert large < 512 * 1024, large
    assert (tmp_path / "large").stat().st_size > 9 * (tmp_path / "small").stat().st_size


def test_traced_peak_of_models_does_not_grow(tmp_path: Path) -> None:
    device = Device.model_validate(DEVICE)  # one instance, many rows: a model's path, quickly
    peaks = []
    for rows in (200, 2_000):
        tracemalloc.start()
        write_csv(itertools.repeat(device, rows), tmp_path / "devices.csv")
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] + 32 * 1024, peaks


_CHILD = textwrap.dedent("""
    import itertools, resource, sys
    import pycpg.export

    path, names = sys.argv[1], sys.argv[2:]
    row = {"id": 123456, "name": "a device", "org": {"id": 7, "name": 'Org, "quoted"'}}
    for name in names:  # warm up: every code path has run once
        assert getattr(pycpg.export, name)(itertools.repeat(row, 10_000), path) == 10_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for name in names:
        assert getattr(pycpg.export, name)(itertools.repeat(row, 1_000_000), path + "." + name) == 1_000_000
    print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_a_million_rows_in_bounded_memory(tmp_path: Path) -> None:
    def run(names: list[str]) -> tuple[list[str], int, int]:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path / "out"), *names], capture_output=True,
                              text=True, timeout=120, check=True)
        before, after = map(int, done.stdout.split())
        return names, before, after

    # Two children, about the same work each (CSV costs about twice JSON per row), side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, [["write_csv"], ["write_jsonl", "write_json"]]))
    for names, before, after in results:
        assert after - before < 8 * 1024, (names, before, after)  # KiB: under 8 MiB of growth
        for name in names:
            size = (tmp_path / f"out.{name}").stat().st_size
            assert size > 30_000_000, (name, size)  # the million rows are in the file
