"""The engine against the emulator: order, progress, concurrency, resume, 429 and failed writes."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import pycpg.bulk
import pycpg.sdk
from pycpg.bulk import ACTIONS, BulkResult, HeaderError
from pycpg.bulk.devices import DeactivateDevices, DeviceRow
from pycpg.emulator import Emulator, Fault
from pycpg.sdk import SDKClient
from tests.bulk.helpers import DEACTIVATE_DEVICE, device, free_devices, free_users, write_csv, writes

DEACTIVATE = ACTIONS["devices.deactivate"]


def _read_results(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _deactivated_ids(emulator: Emulator) -> list[int]:
    return [entry.json["id"] for entry in emulator.journal if entry.path == DEACTIVATE_DEVICE and entry.applied]


class _Counting(DeactivateDevices):
    """``devices.deactivate`` that records how many rows are in ``apply`` at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0

    def apply(self, sdk: SDKClient, row: DeviceRow) -> str:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            time.sleep(0.02)
            return super().apply(sdk, row)
        finally:
            with self.lock:
                self.now -= 1


@pytest.mark.parametrize("concurrency", [1, 3])
def test_concurrency_is_bounded_and_used(sdk: SDKClient, emulator: Emulator, concurrency: int) -> None:
    chosen = free_devices(emulator)[:12]
    action = _Counting()
    summary = pycpg.bulk.run(sdk, action, [{"guid": d.guid} for d in chosen], concurrency=concurrency)
    assert summary.counts["ok"] == 12
    assert action.most == concurrency == summary.max_in_flight  # never more, and the slots were used
    assert all(not device(emulator, d.guid).active for d in chosen)


def test_results_come_in_input_order_with_progress_in_the_calling_thread(
    sdk: SDKClient, emulator: Emulator, tmp_path: Path
) -> None:
    chosen = free_devices(emulator)[:6]
    # The first device's lookup is slow: rows 2 to 6 finish before it.
    emulator.faults.add(Fault(path=f"/api/v1/Computer/{chosen[0].guid}", calls={1}, latency=0.4))
    path = write_csv(tmp_path / "in.csv", "guid,label", [f"{d.guid},label {i}" for i, d in enumerate(chosen, 1)]
                     + ["bad,label 7"])
    seen: list[tuple[int, int | None, int, str]] = []

    def progress(done: int, total: int | None, result: BulkResult) -> None:
        seen.append((done, total, result.number, threading.current_thread().name))

    summary = pycpg.bulk.run(sdk, DEACTIVATE, path, concurrency=4, results=tmp_path / "out.csv", progress=progress)
    assert [s[:3] for s in seen] == [(n, 7, n) for n in range(1, 8)]
    assert {s[3] for s in seen} == {threading.current_thread().name}
    rows = _read_results(tmp_path / "out.csv")
    assert [row["row"] for row in rows] == [str(n) for n in range(1, 8)]
    assert [row["label"] for row in rows] == [f"label {n}" for n in range(1, 8)]  # extra column echoed
    assert [row["status"] for row in rows] == ["ok"] * 6 + ["invalid"]
    assert list(rows[0]) == ["guid", "label", "row", "status", "outcome", "error"]
    assert summary.results is None and summary.results_path == tmp_path / "out.csv"
    # Completion order differed from input order (so the buffering was needed):
    assert _deactivated_ids(emulator)[0] != chosen[0].computer_id


def test_a_header_without_the_column_fails_before_anything_is_sent(
    sdk: SDKClient, emulator: Emulator, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "in.csv", "name", ["laptop"])
    with pytest.raises(HeaderError, match="'guid'"):
        pycpg.bulk.run(sdk, DEACTIVATE, path, results=tmp_path / "out.csv")
    assert emulator.journal == [] and not (tmp_path / "out.csv").exists()


def test_a_failed_write_is_recorded_and_never_sent_again(sdk: SDKClient, emulator: Emulator) -> None:
    chosen = free_devices(emulator)[:3]
    # A 500 and a connection dropped after the server acted: neither may be re-sent.
    emulator.faults.add(Fault(path=DEACTIVATE_DEVICE, method="POST", calls={1}, status=500))
    emulator.faults.add(Fault(path=DEACTIVATE_DEVICE, method="POST", calls={2}, drop="after"))
    summary = pycpg.bulk.run(sdk, DEACTIVATE, [{"guid": d.guid} for d in chosen], concurrency=1)
    statuses = [r.status for r in summary.results or []]
    assert statuses == ["failed", "failed", "ok"]
    assert len([e for e in writes(emulator) if e.path == DEACTIVATE_DEVICE]) == 3  # one POST per row
    assert summary.requeued == 0
    assert device(emulator, chosen[0].guid).active and not device(emulator, chosen[1].guid).active


def _client(emulator: Emulator) -> SDKClient:
    account = emulator.plain_admin
    # A Retry-After above max_retry_after makes the client give up at once: the 429 reaches the engine.
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, max_retry_after=1)
    emulator.clear_journal()
    return client


def test_a_429_halves_the_concurrency_and_sends_the_row_again(emulator: Emulator) -> None:
    sdk = _client(emulator)
    chosen = free_devices(emulator)[:8]
    emulator.faults.add(Fault(path=DEACTIVATE_DEVICE, method="POST", calls={1}, status=429, retry_after="600"))
    summary = pycpg.bulk.run(sdk, DEACTIVATE, [{"guid": d.guid} for d in chosen], concurrency=4,
                             requeue_delay=0.01, max_requeue_wait=0.05)
    assert [r.status for r in summary.results or []] == ["ok"] * 8
    assert summary.requeued == 1 and summary.lowest_concurrency == 2
    assert sorted(r.attempts for r in summary.results or []) == [1] * 7 + [2]
    posts = [e for e in emulator.journal if e.path == DEACTIVATE_DEVICE]
    assert [e.status for e in posts].count(429) == 1 and len(posts) == 9
    assert sorted(_deactivated_ids(emulator)) == sorted(d.computer_id for d in chosen)  # each exactly once


def test_a_429_that_persists_ends_as_failed_after_max_requeues(emulator: Emulator) -> None:
    sdk = _client(emulator)
    chosen = free_devices(emulator)[0]
    emulator.faults.add(Fault(path=DEACTIVATE_DEVICE, method="POST", status=429, retry_after="600"))
    summary = pycpg.bulk.run(sdk, DEACTIVATE, [{"guid": chosen.guid}], max_requeues=2,
                             requeue_delay=0.01, max_requeue_wait=0.02)
    (result,) = summary.results or []
    assert result.status == "failed" and "PycpgTooManyRequestsError" in result.error and result.attempts == 3
    assert summary.lowest_concurrency == 1
    assert len([e for e in emulator.journal if e.path == DEACTIVATE_DEVICE]) == 3


class _NoRequeue(DeactivateDevices):
    requeue_on_429 = False


def test_an_action_that_forbids_requeueing_fails_on_429(emulator: Emulator) -> None:
    sdk = _client(emulator)
    chosen = free_devices(emulator)[0]
    emulator.faults.add(Fault(path=DEACTIVATE_DEVICE, method="POST", status=429, retry_after="600"))
    summary = pycpg.bulk.run(sdk, _NoRequeue(), [{"guid": chosen.guid}], requeue_delay=0.01)
    assert [r.status for r in summary.results or []] == ["failed"] and summary.requeued == 0
    assert len([e for e in emulator.journal if e.path == DEACTIVATE_DEVICE]) == 1


def test_resume_skips_done_rows_and_retries_the_others(sdk: SDKClient, emulator: Emulator, tmp_path: Path) -> None:
    chosen = free_devices(emulator)[:4]
    path = write_csv(tmp_path / "in.csv", "guid,note", [f"{d.guid},n{i}" for i, d in enumerate(chosen, 1)])
    out = tmp_path / "out.csv"
    emulator.faults.add(Fault(path=DEACTIVATE_DEVICE, method="POST", calls={2}, status=500))
    first = pycpg.bulk.run(sdk, DEACTIVATE, path, results=out, concurrency=1)
    assert [row["status"] for row in _read_results(out)] == ["ok", "failed", "ok", "ok"]
    assert first.counts["failed"] == 1

    # Row 3 changes (a different note): its old result no longer applies to it.
    write_csv(path, "guid,note", [f"{d.guid},n{i}" for i, d in enumerate(chosen, 1)][:2]
              + [f"{chosen[2].guid},changed", f"{chosen[3].guid},n4"])
    emulator.clear_journal()
    second = pycpg.bulk.run(sdk, DEACTIVATE, path, results=out, resume=True, concurrency=1)
    rows = _read_results(out)
    assert [row["status"] for row in rows] == ["skipped", "ok", "ok", "skipped"]
    assert "already deactivated" in rows[2]["outcome"]  # row 3 ran again (and found nothing to do)
    assert rows[0]["outcome"].startswith("deactivated device")  # the earlier outcome is kept
    assert _deactivated_ids(emulator) == [chosen[1].computer_id]  # the only write: the failed row
    assert not any(e.path == f"/api/v1/Computer/{chosen[0].guid}" for e in emulator.journal)  # not even read
    assert second.counts == {"ok": 2, "failed": 0, "invalid": 0, "skipped": 2, "dry-run": 0}
    assert not (tmp_path / "out.csv.partial").exists()


def test_a_killed_run_leaves_a_results_file_that_resume_continues(
    sdk: SDKClient, emulator: Emulator, tmp_path: Path
) -> None:
    chosen = free_devices(emulator)[:5]
    path = write_csv(tmp_path / "in.csv", "guid", [d.guid for d in chosen])
    out = tmp_path / "out.jsonl"

    def stop_after_two(done: int, total: int | None, result: BulkResult) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pycpg.bulk.run(sdk, DEACTIVATE, path, results=out, concurrency=1, progress=stop_after_two)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["row"], r["status"]) for r in written] == [(1, "ok"), (2, "ok")]

    # A resumed run killed too: its partial file is kept and merged by the next resume.
    with pytest.raises(KeyboardInterrupt):
        pycpg.bulk.run(sdk, DEACTIVATE, path, results=out, resume=True, concurrency=1,
                       progress=lambda done, total, result: (_ for _ in ()).throw(KeyboardInterrupt)
                       if result.number == 4 else None)
    assert (tmp_path / "out.jsonl.partial").exists()

    emulator.clear_journal()
    final = pycpg.bulk.run(sdk, DEACTIVATE, path, results=out, resume=True, concurrency=1)
    assert final.counts["skipped"] == 4 and final.counts["ok"] == 1
    assert _deactivated_ids(emulator) == [chosen[4].computer_id]
    assert all(not device(emulator, d.guid).active for d in chosen)
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_resume_needs_a_results_file(sdk: SDKClient) -> None:
    with pytest.raises(ValueError, match="resume"):
        pycpg.bulk.run(sdk, DEACTIVATE, [], resume=True)
    with pytest.raises(ValueError, match="concurrency"):
        pycpg.bulk.run(sdk, DEACTIVATE, [], concurrency=0)


def test_input_columns_named_like_engine_columns_are_kept(sdk: SDKClient, emulator: Emulator, tmp_path: Path) -> None:
    chosen = free_devices(emulator)[0]
    path = write_csv(tmp_path / "in.csv", "guid,status,row", [f"{chosen.guid},retired,7"])
    out = tmp_path / "out.csv"
    pycpg.bulk.run(sdk, DEACTIVATE, path, results=out, dry_run=True)
    (row,) = _read_results(out)
    assert (row["status"], row["row"], row["bulk_status"], row["bulk_row"]) == ("retired", "7", "dry-run", "1")
    assert writes(emulator) == []


def test_a_dry_run_resumed_from_its_own_results_runs_every_row_again(
    sdk: SDKClient, emulator: Emulator, tmp_path: Path
) -> None:
    chosen = free_devices(emulator)[:2]
    path = write_csv(tmp_path / "in.csv", "guid", [d.guid for d in chosen])
    out = tmp_path / "out.csv"
    pycpg.bulk.run(sdk, DEACTIVATE, path, results=out, dry_run=True)
    summary = pycpg.bulk.run(sdk, DEACTIVATE, path, results=out, resume=True)
    assert summary.counts["ok"] == 2 and summary.counts["skipped"] == 0  # "dry-run" is not "done"
    assert all(not device(emulator, d.guid).active for d in chosen)


def test_plain_dicts_and_a_generator_of_unknown_length(sdk: SDKClient, emulator: Emulator) -> None:
    chosen = free_devices(emulator)[:2]
    totals: list[int | None] = []
    summary = pycpg.bulk.run(sdk, DEACTIVATE, ({"guid": d.guid} for d in chosen),
                             progress=lambda done, total, result: totals.append(total))
    assert totals == [None, None] and summary.counts["ok"] == 2
    assert str(summary) == "devices.deactivate: ok 2"


def test_a_masked_password_does_not_stop_resume_from_skipping(
    sdk: SDKClient, emulator: Emulator, tmp_path: Path
) -> None:
    chosen = free_users(emulator)[0]
    path = write_csv(tmp_path / "update.csv", "user_uid,password,notes", [f"{chosen.user_uid},N3w-Passw0rd!,x"])
    out = tmp_path / "out.csv"
    assert pycpg.bulk.run(sdk, ACTIONS["users.update"], path, results=out).counts["ok"] == 1
    assert "N3w-Passw0rd" not in out.read_text(encoding="utf-8")
    emulator.clear_journal()
    again = pycpg.bulk.run(sdk, ACTIONS["users.update"], path, results=out, resume=True)
    assert again.counts["skipped"] == 1 and writes(emulator) == []


def test_python_m_pycpg_bulk_lists_every_action() -> None:
    listed = subprocess.run([sys.executable, "-m", "pycpg.bulk"], capture_output=True, text=True, check=True,
                            timeout=60).stdout
    for name, action in ACTIONS.items():
        assert f"{name}\n" in listed
        assert all(column.name in listed for column in action.columns)


def test_the_custom_action_of_docs_bulk_md_runs(sdk: SDKClient, emulator: Emulator) -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "bulk.md").read_text(encoding="utf-8")
    section = text.split("## Writing an action", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code is not None
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "docs/bulk.md", "exec"), namespace)
    action = namespace["BlockUsers"]
    assert isinstance(action, type) and issubclass(action, pycpg.bulk.Action)
    chosen = free_users(emulator)[0]
    summary = pycpg.bulk.run(sdk, action(), [{"User": chosen.username}])
    assert [r.outcome for r in summary.results or []] == [f"blocked {chosen.username}"]
    assert next(u for u in emulator.tenant.users if u.user_uid == chosen.user_uid).blocked
