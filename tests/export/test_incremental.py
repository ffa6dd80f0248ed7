"""Incremental exports: checkpoints, overlap, nothing lost or repeated across runs, a killed run included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.audit_log import AuditActor
from pycpg.emulator.faults import Fault
from pycpg.exceptions import PycpgError
from pycpg.export.checkpoint import Checkpoint, FileCheckpointStore, MemoryCheckpointStore
from pycpg.export.incremental import (
    audit_log_batches,
    export_audit_logs,
    export_legal_hold_events,
    legal_hold_event_batches,
)
from pycpg.sdk import SDKClient

SEARCH = "/audit-log/rpc/search/search-audit-log"
CAP = 40


def client(emu: Emulator, **options: Any) -> SDKClient:
    account = emu.plain_admin
    sdk = pycpg.sdk.from_local_account(emu.url, account.username, account.password, **options)
    sdk.auditlogs.search_result_cap = CAP
    sdk.users.get_current()  # sign in now: its audit event is part of the history from here on
    return sdk


def history(emu: Emulator, count: int, start: datetime, step: timedelta) -> None:
    """``count`` distinct sign-in events from ``start``, ``step`` apart, some sharing a timestamp."""
    for number in range(count):
        emu.tenant.audit_log.record("logged_in", AuditActor(str(number), f"u{number}@example.com", "USER"),
                                    start + step * (number // 3))


def wire_lines(emu: Emulator, since: datetime) -> list[dict[str, Any]]:
    """The emulator's events from ``since`` on, oldest first, as the export writes them (key set compared)."""
    return [event.to_wire() for event in sorted(emu.tenant.audit_log.events, key=lambda event: event.timestamp)
            if event.timestamp >= since]


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def same_events(lines: list[dict[str, Any]], events: list[dict[str, Any]]) -> bool:
    """Lines and wire events name the same events in the same order (actor id and time identify them here)."""
    def ident(item: dict[str, Any]) -> tuple[str, str]:
        return item["actorId"], item["timestamp"][:23]
    return [ident(line) for line in lines] == [ident(event) for event in events]


@pytest.fixture
def capped(emulator_factory: Any) -> Emulator:
    emu: Emulator = emulator_factory(users=8, devices=2, audit_events=0, audit_log_cap=CAP)
    emu.tenant.audit_log.events.clear()
    return emu


# -- checkpoints -------------------------------------------------------------------------

times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                           max_leaves=8)


@given(cursor=times, seen=st.dictionaries(st.text(min_size=1), times, max_size=5),
       state=st.dictionaries(st.text(), json_values, max_size=4))
def test_a_checkpoint_survives_its_json(cursor: datetime, seen: dict[str, datetime], state: dict[str, Any]) -> None:
    checkpoint = Checkpoint(cursor, seen, {"kind": "audit-log"}, state)
    assert Checkpoint.from_json(checkpoint.to_json()) == checkpoint


@given(name=st.text(max_size=30))
def test_file_store_names_cannot_leave_the_folder(tmp_path_factory: Any, name: str) -> None:
    store = FileCheckpointStore(tmp_path_factory.getbasetemp() / "checkpoints")
    try:
        path = store.path(name)
    except ValueError:
        assert "/" in name or "\\" in name or not name or not name[0].isalnum() or not name.isascii() \
            or any(not (char.isalnum() or char in "._-") for char in name)
        return
    assert path.parent == store.folder and path.name == f"{name}.json"


def test_file_store_saves_atomically_and_refuses_a_damaged_file(tmp_path: Path) -> None:
    store = FileCheckpointStore(tmp_path / "state")
    assert store.load("audit") is None
    checkpoint = Checkpoint(datetime(2026, 1, 1, tzinfo=UTC), {"k": datetime(2026, 1, 1, tzinfo=UTC)})
    store.save("audit", checkpoint)
    assert store.load("audit") == checkpoint
    assert sorted(path.name for path in (tmp_path / "state").iterdir()) == ["audit.json"]  # no temporary left
    (tmp_path / "state" / "audit.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PycpgError, match="damaged"):
        store.load("audit")


# -- audit log ---------------------------------------------------------------------------


def test_runs_deliver_every_event_once_oldest_first_across_the_cap(capped: Emulator, tmp_path: Path) -> None:
    sdk = client(capped, items_per_page=7)
    since = datetime.now(UTC) - timedelta(days=2)
    history(capped, 150, since, timedelta(minutes=5))  # 150 events: several searches of at most 40
    want = wire_lines(capped, since)
    store = MemoryCheckpointStore()
    got: list[Any] = []
    for batch in audit_log_batches(sdk, store, "siem", since=since):
        got.extend(batch.events)
        assert len(batch.events) < CAP
    assert same_events([event.to_wire() for event in got], want)
    assert not any(request.json["page"] * 7 >= CAP for request in capped.journal if request.path == SEARCH)
    # A second run finds nothing new; late events inside the overlap come once.
    assert [event for batch in audit_log_batches(sdk, store, "siem") for event in batch.events] == []
    late_moment = datetime.now(UTC) - timedelta(minutes=4)
    capped.tenant.audit_log.record("user_created", AuditActor("late", "late@example.com", "USER"), late_moment)
    late = [event for batch in audit_log_batches(sdk, store, "siem") for event in batch.events]
    assert [event.actor_id for event in late] == ["late"]
    assert [event for batch in audit_log_batches(sdk, store, "siem") for event in batch.events] == []


def test_a_checkpoint_refuses_another_query(capped: Emulator) -> None:
    sdk = client(capped)
    store = MemoryCheckpointStore()
    list(audit_log_batches(sdk, store, "logins", event_types="logged_in"))
    with pytest.raises(PycpgError, match="another export"):
        audit_log_batches(sdk, store, "logins", event_types="user_created")
    with pytest.raises(ValueError, match="overlap"):
        audit_log_batches(sdk, store, "x", overlap=timedelta(minutes=-1))


def test_a_batch_that_failed_comes_again(capped: Emulator) -> None:
    sdk = client(capped, items_per_page=10)
    since = datetime.now(UTC) - timedelta(hours=3)
    history(capped, 90, since, timedelta(minutes=2))
    store = MemoryCheckpointStore()
    delivered: list[str] = []
    with pytest.raises(RuntimeError):
        for number, batch in enumerate(audit_log_batches(sdk, store, "sink", since=since)):
            if number == 1:
                raise RuntimeError("the sink failed")  # batch 1 is never committed
            delivered.extend(event.to_wire_json() for event in batch.events)
    for batch in audit_log_batches(sdk, store, "sink"):
        delivered.extend(event.to_wire_json() for event in batch.events)
    want = wire_lines(capped, since)
    assert len(delivered) == len(set(delivered)) == len(want)


def test_lines_written_after_the_last_checkpoint_are_cut_off(capped: Emulator, tmp_path: Path) -> None:
    sdk = client(capped, items_per_page=10)
    since = datetime.now(UTC) - timedelta(hours=3)
    history(capped, 90, since, timedelta(minutes=2))
    out, folder = tmp_path / "audit.jsonl", tmp_path / "checkpoints"
    first = export_audit_logs(sdk, out, folder, "audit", since=since)
    assert first.delivered == len(wire_lines(capped, since))
    committed = out.read_bytes()
    with out.open("ab") as damaged:  # as a run killed between writing and its checkpoint leaves it
        damaged.write(b'{"type$":"half a line')
    history(capped, 6, datetime.now(UTC) - timedelta(minutes=3), timedelta(seconds=1))
    second = export_audit_logs(sdk, out, folder, "audit")
    assert second.delivered == 6
    assert out.read_bytes().startswith(committed)
    assert same_events(read_lines(out), wire_lines(capped, since))


KILLED_RUN = """
import sys
from datetime import datetime
import pycpg.sdk
from pycpg.export.incremental import export_audit_logs
url, username, password, out, folder, since = sys.argv[1:]
sdk = pycpg.sdk.from_local_account(url, username, password, items_per_page=5)
sdk.auditlogs.search_result_cap = 40
export_audit_logs(sdk, out, folder, "audit", since=datetime.fromisoformat(since))
"""


def test_a_killed_run_loses_and_repeats_nothing(capped: Emulator, tmp_path: Path) -> None:
    sdk = client(capped, items_per_page=5)
    since = datetime.now(UTC) - timedelta(days=1)
    history(capped, 400, since, timedelta(minutes=2))
    capped.faults.add(Fault(path=SEARCH, latency=0.03))  # a slow search, so the kill lands mid-run
    out, folder = tmp_path / "audit.jsonl", tmp_path / "checkpoints"
    account = capped.plain_admin
    worker = subprocess.Popen([sys.executable, "-c", KILLED_RUN, capped.url, account.username, account.password,
                               str(out), str(folder), since.isoformat()])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            if (folder / "audit.json").exists() and out.exists() and out.stat().st_size > 0:
                break
            time.sleep(0.02)
        time.sleep(0.15)  # a little further: in the middle of a batch, or between one and its checkpoint
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    assert worker.returncode == -signal.SIGKILL, "the worker finished before it could be killed"
    partial = len(read_lines(out)) if out.read_bytes().endswith(b"\n") else None
    capped.faults.clear()
    export_audit_logs(sdk, out, folder, "audit")
    lines = read_lines(out)
    assert same_events(lines, wire_lines(capped, since))
    assert partial is None or partial < len(lines)


# -- legal-hold events -------------------------------------------------------------------


def test_legal_hold_events_are_exported_once_across_runs(emulator_factory: Any, tmp_path: Path) -> None:
    emu: Emulator = emulator_factory(now=None)  # the real clock: new events are dated now
    sdk = client(emu, items_per_page=4)
    out, folder = tmp_path / "holds.jsonl", tmp_path / "checkpoints"
    first = export_legal_hold_events(sdk, out, folder, "holds")
    every = [event.event_uid for event in sdk.legalhold.iter_all_events()]
    assert first.delivered == len(every) > 4
    assert [line["eventUid"] for line in read_lines(out)] == every  # oldest first, as listed
    # A new custodian now: its event is newer than the cursor minus the overlap, and comes once.
    matter = next(sdk.legalhold.iter_all_matters(active=True))
    custodians = {member.user.user_uid for member in sdk.legalhold.iter_all_matter_custodians(
        legal_hold_matter_uid=matter.legal_hold_uid)}
    newcomer = next(user for user in sdk.users.iter_all(active=True) if user.user_uid not in custodians)
    sdk.legalhold.add_to_matter(newcomer.user_uid, matter.legal_hold_uid)
    second = export_legal_hold_events(sdk, out, folder, "holds")
    uids = [line["eventUid"] for line in read_lines(out)]
    assert len(uids) == len(set(uids)) == len(every) + second.delivered
    assert second.delivered >= 1
    assert export_legal_hold_events(sdk, out, folder, "holds").delivered == 0


def test_legal_hold_batches_come_per_page_oldest_first(emulator_factory: Any) -> None:
    emu: Emulator = emulator_factory()
    sdk = client(emu, items_per_page=3)
    batches = list(legal_hold_event_batches(sdk, MemoryCheckpointStore(), "holds"))
    dates = [event.event_date for batch in batches for event in batch.events]
    assert dates == sorted(dates) and len(dates) > 3
    assert all(len(batch.events) <= 3 for batch in batches)
    assert [batch.cursor for batch in batches] == sorted(batch.cursor for batch in batches)


def test_an_unknown_filter_is_refused_at_the_call(capped: Emulator) -> None:
    sdk = client(capped)
    with pytest.raises(TypeError, match="event_type"):
        audit_log_batches(sdk, MemoryCheckpointStore(), "x", event_type="logged_in")  # type: ignore[call-arg]
