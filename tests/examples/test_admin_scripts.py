"""Every script of examples/ runs against the embedded emulator and does what it says.

Each script runs as its own process (``sys.executable``, no CRASHPLAN_* variables,
so it starts the emulator itself): once without arguments, which must succeed
for every script the glob finds, and again with arguments where a feature needs
checking. The runs start together in a thread pool when the module's first test
asks for them. The expected values come from an emulator built in this process
with the scripts' seed and pinned "now": the same seed and "now" generate the same tenant.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pycpg.emulator import Emulator

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
#: Every runnable example; helper modules start with "_".
SCRIPTS = sorted(path.name for path in EXAMPLES.glob("*.py") if not path.name.startswith("_"))
#: The seed examples/_connect.py starts its emulator with.
SEED = 7
#: The "now" both the scripts' emulators and this module's pin (PYCPG_EMULATOR_NOW), so they see one tenant.
NOW = "2026-01-01T00:00:00+00:00"
TIMEOUT = 90

Result = subprocess.CompletedProcess[str]


def _run(args: tuple[str, ...], cwd: Path) -> Result:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRASHPLAN_")}
    env["PYCPG_EMULATOR_NOW"] = NOW
    return subprocess.run([sys.executable, str(EXAMPLES / args[0]), *args[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


# -- what the emulator's tenant holds -------------------------------------------------


@pytest.fixture(scope="module")
def tenant_emulator() -> Emulator:
    """An emulator with the scripts' seed, never started: its records say what the scripts should see."""
    return Emulator(seed=SEED, now=NOW)


def _now(emulator: Emulator) -> datetime:
    return emulator.now


def _active_matter_with_custodian(emulator: Emulator) -> tuple[str, str]:
    """(matter uid, username of an active custodian) of an active matter."""
    store = emulator.tenant.legal_hold
    member = next(m for m in store.memberships if m.active and m.matter.active)
    return member.matter.legal_hold_uid, member.user.username


def _free_user(emulator: Emulator, matter_uid: str) -> str:
    """An active user who has never been a custodian of the matter."""
    held = {m.user.username for m in emulator.tenant.legal_hold.memberships if m.matter.legal_hold_uid == matter_uid}
    return next(u.username for u in reversed(emulator.tenant.users) if u.active and u.username not in held)


# -- the runs ---------------------------------------------------------------------------


class Runs:
    """The script runs, started at once, each awaited by the test that reads it."""

    def __init__(self, work: Path, emulator: Emulator) -> None:
        self.work = work
        self.matter_uid, self.custodian = _active_matter_with_custodian(emulator)
        self.free_user = _free_user(emulator, self.matter_uid)
        (work / "custodians.csv").write_text(
            f"username,note\n{self.custodian},held\n{self.free_user},new\n{self.free_user},again\n,blank\n"
            "nobody@example.invalid,unknown\n", encoding="utf-8")
        users = emulator.tenant.users
        self.to_block = next(u.username for u in reversed(users) if u.active and not u.blocked)
        self.to_unblock = next(u.username for u in users if u.active and u.blocked)
        self.mover = next(u for u in reversed(users) if u.active)
        self.new_org = next(o for o in emulator.tenant.orgs if o is not self.mover.org)
        self.device = emulator.tenant.devices[0].guid
        self.file = max(emulator.archive_files(self.device), key=lambda item: item[1])[0]
        self.closed_matter = next(m.legal_hold_uid for m in emulator.tenant.legal_hold.matters if not m.active)
        invocations: dict[str, tuple[str, ...]] = {name: (name,) for name in SCRIPTS}
        invocations.update({
            "stale --deactivate": ("stale_devices.py", "--deactivate"),
            "users to a file": ("users_to_csv.py", str(work / "users.csv")),
            "legal hold from csv": ("legal_hold_add_from_csv.py", self.matter_uid, str(work / "custodians.csv")),
            "custodians of a closed matter": ("custodians.py", "--released", self.closed_matter),
            "audit export": ("audit_log_export.py", "--begin", "2025-12-01", "--end", "2025-12-08T12:00",
                             "-o", str(work / "audit.jsonl")),
            "unblock": ("block_unblock.py", "unblock", self.to_unblock),
            "block nobody": ("block_unblock.py", "block", "nobody@example.invalid"),
            "move": ("move_user.py", self.mover.username, self.new_org.org_name.upper()),
            "restore": ("restore_one_file.py", self.device, self.file, str(work / "restored.bin")),
        })
        self._pool = ThreadPoolExecutor(max_workers=max(4, 2 * (os.cpu_count() or 1)))
        self._futures: dict[str, Future[Result]] = {
            label: self._pool.submit(_run, args, self.cwd(label)) for label, args in invocations.items()}

    def cwd(self, label: str) -> Path:
        """The run's own working directory (a script may write there, e.g. a restored file)."""
        folder = self.work / re.sub(r"\W+", "-", label)
        folder.mkdir(exist_ok=True)
        return folder

    def __getitem__(self, label: str) -> Result:
        return self._futures[label].result()

    def ok(self, label: str) -> list[str]:
        """The lines of a run's stdout; the run must have succeeded."""
        result = self[label]
        assert result.returncode == 0, f"{label} exited with {result.returncode}:\n{result.stderr}"
        return result.stdout.splitlines()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, tenant_emulator: Emulator) -> Iterator[Runs]:
    started = Runs(tmp_path_factory.mktemp("examples"), tenant_emulator)
    yield started
    started.close()


# -- every script --------------------------------------------------------------------------


def test_the_glob_finds_the_scripts() -> None:
    assert {"quickstart.py", "stale_devices.py", "restore_one_file.py"} <= set(SCRIPTS)
    assert "_connect.py" not in SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS)
def test_runs_without_arguments(script: str, runs: Runs) -> None:
    lines = runs.ok(script)
    assert lines, f"{script} printed nothing"
    assert "Traceback" not in runs[script].stderr


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.py")), ids=lambda path: path.name)
def test_no_escape_hatches(path: Path) -> None:
    """Typed scripts need no assert, cast, type: ignore or Any: the models say what is there."""
    source = _source(path)
    tree = ast.parse(source)
    asserts = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    assert not asserts, f"assert at lines {asserts}"
    assert "cast(" not in source
    assert "type: ignore" not in source
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert "Any" not in imported and "cast" not in imported


def test_every_script_has_a_docstring_and_a_main() -> None:
    for script in SCRIPTS:
        tree = ast.parse(_source(EXAMPLES / script))
        assert ast.get_docstring(tree), script
        assert any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body), script


# -- what each script does -------------------------------------------------------------------


def test_quickstart_summarises_the_active_devices(runs: Runs, tenant_emulator: Emulator) -> None:
    active = sum(device.active for device in tenant_emulator.tenant.devices)
    lines = runs.ok("quickstart.py")
    assert f"Summary of {active} active devices" in lines
    assert lines[1].startswith("Signed in to http://127.0.0.1:")


def _listed_ids(lines: list[str]) -> list[int]:
    return [int(match[1]) for line in lines if (match := re.match(r"  (\d+)  .* last connected ", line))]


def _stale_ids(emulator: Emulator, days: int) -> set[int]:
    cutoff = _now(emulator) - timedelta(days=days)
    return {d.computer_id for d in emulator.tenant.devices if d.active and d.last_connected < cutoff}


def test_stale_devices_lists_without_changing(runs: Runs, tenant_emulator: Emulator) -> None:
    lines = runs.ok("stale_devices.py")
    expected = _stale_ids(tenant_emulator, 14)
    assert expected and set(_listed_ids(lines)) == expected
    assert lines[0].startswith(f"{len(expected)} active devices have not connected since")
    assert not any("Deactivat" in line for line in lines)


def test_stale_devices_deactivates_every_one(runs: Runs, tenant_emulator: Emulator) -> None:
    lines = runs.ok("stale --deactivate")
    expected = _stale_ids(tenant_emulator, 14)
    listed = _listed_ids(lines)
    assert set(listed) == expected
    after = lines[lines.index("Deactivating:") + 1:]
    assert after[:len(listed)] == [f"  {computer_id}  Deactivated" for computer_id in listed]
    assert after[-1].endswith(": 0")  # re-listing the active devices finds none of them


def test_backup_health_flags_late_and_alerting_devices(runs: Runs, tenant_emulator: Emulator) -> None:
    lines = runs.ok("backup_health.py")
    cutoff = _now(tenant_emulator) - timedelta(days=30)
    active = [d for d in tenant_emulator.tenant.devices if d.active]
    expected = {d.computer_id for d in active
                if d.alert_states != ["OK"] or any(u.last_completed_backup is None or u.last_completed_backup < cutoff
                                                   for u in d.backup_usage)}
    flagged = {int(match[1]) for line in lines if (match := re.match(r"(\d+)  .*  alerts: ", line))}
    assert flagged == expected
    assert f"{len(expected)} of {len(active)} active devices need attention" in "\n".join(lines)
    alerting = sum(1 for d in active if "CriticalBackupAlert" in d.alert_states)
    assert f"CriticalBackupAlert {alerting}" in lines[-1]


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_users_to_csv_writes_every_user(runs: Runs, tenant_emulator: Emulator) -> None:
    users = tenant_emulator.tenant.users
    assert runs.ok("users to a file") == [f"Wrote {len(users)} users to {runs.work / 'users.csv'}"]
    for text in (_source(runs.work / "users.csv"), runs["users_to_csv.py"].stdout):
        rows = _csv_rows(text)
        assert rows[0] == ["uid", "username", "email", "org", "active", "created"]
        assert len(rows) == 1 + len(users)
        by_uid = {row[0]: row for row in rows[1:]}
        for user in users:
            assert by_uid[user.user_uid][1:5] == [user.username, user.email or "", user.org.org_name, str(user.active)]


def test_legal_hold_add_reports_each_row(runs: Runs) -> None:
    lines = runs.ok("legal hold from csv")
    assert lines[1:6] == [
        f"  row 2: {runs.custodian}: already a custodian",
        f"  row 3: {runs.free_user}: added",
        f"  row 4: {runs.free_user}: already a custodian",  # the row before really added the user
        "  row 5: -: failed: no username",
        "  row 6: nobody@example.invalid: user not found",
    ]
    assert lines[-1] == "Summary: already a custodian 2, added 1, failed 1, user not found 1"


def test_legal_hold_add_demo(runs: Runs) -> None:
    outcomes = [line.rsplit(": ", 1)[1] for line in runs.ok("legal_hold_add_from_csv.py") if line.startswith("  row")]
    assert outcomes == ["already a custodian", "added", "user not found"]


def test_custodians_of_every_active_matter(runs: Runs, tenant_emulator: Emulator) -> None:
    text = "\n".join(runs.ok("custodians.py"))
    store = tenant_emulator.tenant.legal_hold
    for matter in store.matters:
        held = [m.user.username for m in store.memberships if m.matter is matter and m.active]
        header = f"{matter.name} [{matter.legal_hold_uid}]: {len(held)} custodian"
        assert (header in text) is matter.active
        for username in held if matter.active else []:
            assert f"  {username} " in text


def test_custodians_of_one_matter_with_released(runs: Runs, tenant_emulator: Emulator) -> None:
    lines = runs.ok("custodians of a closed matter")
    store = tenant_emulator.tenant.legal_hold
    members = [m for m in store.memberships if m.matter.legal_hold_uid == runs.closed_matter]
    assert lines[0].endswith(f"(inactive matter): {len(members)} custodians")
    assert sorted(line.split()[0] for line in lines[1:]) == sorted(m.user.username for m in members)
    assert sum(line.endswith("(released)") for line in lines) == sum(not m.active for m in members)


def test_legal_hold_events_of_the_last_90_days(runs: Runs, tenant_emulator: Emulator) -> None:
    lines = runs.ok("legal_hold_events_since.py")
    since = _now(tenant_emulator) - timedelta(days=90)
    events = sorted((e for e in tenant_emulator.tenant.legal_hold.events if e.event_date >= since),
                    key=lambda e: e.sort_key)
    assert events and [line.split()[2] for line in lines[:-1]] == [e.event_type for e in events]
    assert lines[-1] == f"{len(events)} legal-hold events since {since:%Y-%m-%d %H:%M} UTC"
    for line, event in zip(lines, events):
        if event.membership is not None:
            joined = event.event_type in ("MEMBERSHIP_CREATED", "MEMBERSHIP_REACTIVATED")
            assert ("  +" if joined else "  -") + event.membership.user.username in line


def test_audit_log_export_writes_the_wire_form(runs: Runs, tenant_emulator: Emulator) -> None:
    lines = runs.ok("audit export")
    begin, end = datetime(2025, 12, 1, tzinfo=timezone.utc), datetime(2025, 12, 8, 12, tzinfo=timezone.utc)
    expected = [e.to_wire() for e in tenant_emulator.tenant.audit_log.newest_first() if begin <= e.timestamp < end]
    exported = [json.loads(line) for line in _source(runs.work / "audit.jsonl").splitlines()]
    assert expected and exported == expected
    assert lines[0].startswith(f"Exported {len(expected)} events from 2025-12-01 00:00 to 2025-12-08 12:00: ")


def test_audit_log_export_to_stdout(runs: Runs) -> None:
    events = [json.loads(line) for line in runs.ok("audit_log_export.py")]
    assert events and all("type$" in event and event["timestamp"].endswith("Z") for event in events)
    assert "Exported" in runs["audit_log_export.py"].stderr


def test_block_and_unblock(runs: Runs) -> None:
    # Without arguments the script blocks the last active, unblocked user.
    assert runs.ok("block_unblock.py") == [f"before: {runs.to_block}: Active",
                                           f"after:  {runs.to_block}: Active, Blocked"]
    assert runs.ok("unblock") == [f"before: {runs.to_unblock}: Active, Blocked", f"after:  {runs.to_unblock}: Active"]


def test_block_an_unknown_user_fails_cleanly(runs: Runs) -> None:
    result = runs["block nobody"]
    assert result.returncode == 1
    assert result.stdout == ""
    assert "No user is named 'nobody@example.invalid'." in result.stderr


def test_move_user(runs: Runs, tenant_emulator: Emulator) -> None:
    user, org = runs.mover, runs.new_org
    assert runs.ok("move") == [
        f"{user.username}: in {user.org.org_name} [{user.org.org_uid}]",
        f"{user.username}: now in {org.org_name} [{org.org_uid}]",
    ]

    # Without arguments: the last active user, to the last org they are not in.
    last_org = [o for o in tenant_emulator.tenant.orgs if o is not user.org][-1]
    assert runs.ok("move_user.py")[1] == f"{user.username}: now in {last_org.org_name} [{last_org.org_uid}]"


def _stored(emulator: Emulator, guid: str, path: str) -> bytes:
    return b"".join(emulator.file_content(guid, path))


def test_restore_one_file_writes_the_stored_bytes(runs: Runs, tenant_emulator: Emulator) -> None:
    target = runs.work / "restored.bin"
    stored = _stored(tenant_emulator, runs.device, runs.file)
    assert runs.ok("restore") == [f"Restored {runs.file} from device {runs.device} to {target} ({len(stored)} bytes)"]
    assert target.read_bytes() == stored
    assert not list(runs.work.glob(".*.part"))  # the temporary file was renamed, not left behind


def test_restore_demo_writes_into_the_current_directory(runs: Runs, tenant_emulator: Emulator) -> None:
    line = runs.ok("restore_one_file.py")[0]
    match = re.fullmatch(r"Restored (\S+) from device (\d+) to (\S+) \((\d+) bytes\)", line)
    assert match is not None, line
    path, guid, target = match[1], match[2], runs.cwd("restore_one_file.py") / match[3]
    assert target.read_bytes() == _stored(tenant_emulator, guid, path)
    assert len(target.read_bytes()) == int(match[4])



def test_audit_log_feed_appends_once(runs: Runs, tenant_emulator: Emulator) -> None:
    lines = runs.ok("audit_log_feed.py")
    since = _now(tenant_emulator) - timedelta(days=31)
    history = sum(event.timestamp >= since for event in tenant_emulator.tenant.audit_log.events)
    # The script's own sign-in adds one event; the second run finds nothing new.
    assert lines[0].startswith(f"{history + 1} new events appended to audit.jsonl")
    assert lines[1].startswith("0 new events appended")
    assert lines[2] == f"audit.jsonl holds {history + 1} events"


def test_cli_demo_runs_the_console_script(runs: Runs, tenant_emulator: Emulator) -> None:
    lines = runs.ok("cli_demo.py")
    assert lines[0].startswith("$ pycpg devices list --active")
    assert lines[1] == "computerId,name,osName,lastConnected"
    active = sum(device.active for device in tenant_emulator.tenant.devices)
    assert sum(1 for line in lines if re.match(r"\d+,", line)) == active
    held = re.fullmatch(r"audit.jsonl holds (\d+) events, each once", lines[-1])
    assert held and int(held[1]) >= len(tenant_emulator.tenant.audit_log.events)
