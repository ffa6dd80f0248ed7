"""The ``pycpg`` console script, run as a process against the emulator: formats, filters, errors, exit codes.

Golden files (tests/cli/golden/) hold the exact output of the seeded, pinned tenant;
``PYCPG_UPDATE_GOLDEN=1`` rewrites them after a deliberate change.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.emulator.pytest_plugin import PINNED_NOW
from tests.cli.terminal import on_terminal

GOLDEN = Path(__file__).resolve().parent / "golden"
SCRIPT = Path(sys.executable).parent / "pycpg"
TIMEOUT = 120


@pytest.fixture(scope="module")
def console() -> Iterator[Emulator]:
    with Emulator(seed=7, now=PINNED_NOW) as emu:
        yield emu


def environment(emu: Emulator, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRASHPLAN_")}
    env.update({"CRASHPLAN_HOST": emu.url, "CRASHPLAN_USERNAME": emu.plain_admin.username,
                "CRASHPLAN_PASSWORD": emu.plain_admin.password})
    env.update(extra)
    return env


def run(emu: Emulator | None, *args: str, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.exists(), f"the console script is not installed at {SCRIPT} (make installs it)"
    environ = env if env is not None else environment(emu) if emu is not None else dict(os.environ)
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=environ, input=stdin,
                          timeout=TIMEOUT, check=False)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PYCPG_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with PYCPG_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if name.endswith(".table"):  # the cells, row by row: the border drawing is rich's to change
        assert cells(text) == cells(expected), f"{name} differs from its golden file"
        assert cells(text)
        return
    assert text == expected, f"{name} differs from its golden file"


def cells(table: str) -> list[list[str]]:
    """The text cells of a rich table, row by row (rules and borders dropped)."""
    rows = []
    for line in table.splitlines():
        parts = [part.strip() for part in line.replace("┃", "│").split("│")]
        if len(parts) > 2:
            rows.append(parts[1:-1])
    return rows


WINDOW = ("--since", "2025-12-20", "--until", "2025-12-22")


@pytest.mark.parametrize(("name", "args"), [
    ("users.csv", ("users", "list", "-f", "csv")),
    ("users.jsonl", ("users", "list", "-f", "jsonl")),
    ("users.json", ("users", "list", "-f", "json")),
    ("users.table", ("users", "list", "-f", "table")),
    ("devices-usage.csv", ("devices", "list", "--include-backup-usage", "-f", "csv")),
    ("devices-columns.jsonl", ("devices", "list", "--active", "-f", "jsonl", "--columns",
                               "computerId,name,backupUsage")),
    ("orgs.table", ("orgs", "list", "-f", "table")),
    ("matters.csv", ("legal-hold", "matters", "list", "--all", "-f", "csv")),
    ("legal-hold-events.jsonl", ("legal-hold", "events", "list", "-f", "jsonl", *WINDOW)),
    ("audit-logs.json", ("audit-logs", "list", "-f", "json", *WINDOW)),
    ("audit-logs.csv", ("audit-logs", "list", "-f", "csv", "--event-type", "logged_in", *WINDOW)),
])
def test_every_format_matches_its_golden_output(console: Emulator, name: str, args: tuple[str, ...]) -> None:
    result = run(console, *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress or chatter when stderr is not a terminal
    golden(name, result.stdout)


def test_machine_formats_are_valid_and_agree(console: Emulator) -> None:
    jsonl = [json.loads(line) for line in run(console, "users", "list", "-f", "jsonl").stdout.splitlines()]
    array = json.loads(run(console, "users", "list", "-f", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run(console, "users", "list", "-f", "csv").stdout)))
    assert jsonl == array and len(rows) == len(array) == len(console.tenant.users)
    assert [row["userUid"] for row in rows] == [item["userUid"] for item in array]
    # Without --format, a pipe gets JSON Lines.
    assert run(console, "users", "list").stdout == run(console, "users", "list", "-f", "jsonl").stdout


def test_filters_reach_the_sdk(console: Emulator) -> None:
    active = run(console, "devices", "list", "--active", "-f", "jsonl", "--columns", "computerId,active")
    ids = [json.loads(line) for line in active.stdout.splitlines()]
    assert ids and all(item["active"] for item in ids)
    assert len(ids) == sum(device.active for device in console.tenant.devices)
    org = console.tenant.orgs[1]
    members = run(console, "users", "list", "--org-uid", org.org_uid, "-f", "csv", "--columns", "username")
    assert sorted(members.stdout.splitlines()[1:]) == sorted(u.username for u in console.tenant.users if u.org is org)


def test_relative_times_and_bad_times(console: Emulator) -> None:
    assert run(console, "audit-logs", "list", "--since", "1d", "-f", "jsonl").returncode == 0
    bad = run(console, "audit-logs", "list", "--since", "yesterday-ish")
    assert bad.returncode == 2 and "age such as" in bad.stderr and bad.stdout == ""


def test_usage_errors_exit_2_with_one_clear_message(console: Emulator) -> None:
    unknown = run(console, "devices", "list", "--columns", "nope")
    assert unknown.returncode == 2 and "Unknown column(s) nope" in unknown.stderr
    assert run(console, "devices", "list", "--format", "xml").returncode == 2
    assert run(console, "no-such-command").returncode == 2


def test_missing_or_refused_credentials(console: Emulator, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRASHPLAN_")}
    env["HOME"] = str(tmp_path)
    nothing = run(None, "users", "list", env=env)
    assert nothing.returncode == 2 and "crashplancli profiles" in nothing.stderr
    half = run(None, "users", "list", env={**env, "CRASHPLAN_HOST": console.url})
    assert half.returncode == 2 and "CRASHPLAN_PASSWORD" in half.stderr
    refused = run(console, "users", "list", env=environment(console, CRASHPLAN_PASSWORD="wrong"))
    assert refused.returncode == 1
    assert refused.stderr.startswith("Error: ") and len(refused.stderr.strip().splitlines()) == 1
    assert "wrong" not in refused.stderr


def test_a_two_factor_account_uses_the_totp_secret(console: Emulator) -> None:
    admin = console.admin
    env = environment(console, CRASHPLAN_USERNAME=admin.username, CRASHPLAN_PASSWORD=admin.password)
    without = run(console, "orgs", "list", "-f", "csv", env=env)
    assert without.returncode == 1 and "LOCAL_2FA" in without.stderr  # no secret, no terminal: no prompt
    assert admin.totp_secret is not None
    with_secret = run(console, "orgs", "list", "-f", "csv", env={**env, "CRASHPLAN_TOTP_SECRET": admin.totp_secret})
    assert with_secret.returncode == 0 and with_secret.stdout.count("\n") == len(console.tenant.orgs) + 1


def test_an_api_client_signs_in(console: Emulator) -> None:
    env = environment(console, CRASHPLAN_API_CLIENT_ID=console.api_client_id,
                      CRASHPLAN_API_CLIENT_SECRET=console.api_client_secret)
    result = run(console, "orgs", "list", "-f", "jsonl", env=env)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == len(console.tenant.orgs)


def test_debug_logs_requests_without_secrets(console: Emulator) -> None:
    result = run(console, "--debug", "orgs", "list", "-f", "jsonl")
    assert result.returncode == 0
    assert "/api/v1/Org" in result.stderr
    assert console.plain_admin.password not in result.stderr


def test_schema_and_model_list() -> None:
    listing = run(None, "schema", "--list")
    assert listing.returncode == 0 and "Device" in listing.stdout.split()
    device = json.loads(run(None, "schema", "Device").stdout)
    assert "computerId" in device["properties"]
    assert run(None, "schema", "NoSuchModel").returncode == 2


def test_the_emulator_command_starts_the_emulator() -> None:
    result = run(None, "emulator", "--help")
    assert result.returncode == 0 and "--audit-log-cap" in result.stdout
    server = subprocess.Popen([str(SCRIPT), "emulator", "--port", "0", "--seed", "3"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        banner = [server.stdout.readline() for _ in range(3)]
        url = next(word for line in banner for word in line.split() if word.startswith("http://"))
        import requests

        assert requests.get(f"{url}/api/v3/LoginConfiguration?username=x", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- exports --------------------------------------------------------------------------------


def test_audit_log_export_appends_only_new_events(console: Emulator, tmp_path: Path) -> None:
    out, state = tmp_path / "audit.jsonl", tmp_path / "state"
    args = ("audit-logs", "export", "--checkpoint", "feed", "--state", str(state), "-o", str(out),
            "--since", "2025-12-20")
    first = run(console, *args)
    assert first.returncode == 0, first.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    since = datetime(2025, 12, 20, tzinfo=UTC)
    assert len(lines) == sum(event.timestamp >= since for event in console.tenant.audit_log.events)
    assert f"{len(lines)} new audit-log events appended" in first.stderr
    second = run(console, *args)
    assert second.returncode == 0 and "0 new audit-log events" in second.stderr
    assert out.read_text(encoding="utf-8").splitlines() == lines
    assert (state / "feed.json").exists()


def test_legal_hold_events_export_to_stdout_resumes(console: Emulator, tmp_path: Path) -> None:
    args = ("legal-hold", "events", "export", "--checkpoint", "holds", "--state", str(tmp_path))
    first = run(console, *args)
    uids = [json.loads(line)["eventUid"] for line in first.stdout.splitlines()]
    assert first.returncode == 0 and len(uids) == len(set(uids)) == len(console.tenant.legal_hold.events)
    assert run(console, *args).stdout == ""
    bad = run(console, *args, "--overlap", "soon")
    assert bad.returncode == 2 and "not a duration" in bad.stderr


def test_ctrl_c_stops_an_export_cleanly_and_the_next_run_completes(emulator_factory: Any, tmp_path: Path) -> None:
    emu: Emulator = emulator_factory(users=8, devices=2, audit_events=1_200)
    emu.faults.add(Fault(path="/audit-log/rpc/search/search-audit-log", latency=0.4))
    out, state = tmp_path / "audit.jsonl", tmp_path / "state"
    args = [str(SCRIPT), "audit-logs", "export", "--checkpoint", "feed", "--state", str(state), "-o", str(out),
            "--since", "2025-11-01"]
    env = environment(emu)
    worker = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker.poll() is None and not any(
            entry.path.endswith("search-audit-log") for entry in emu.journal):
        time.sleep(0.02)
    worker.send_signal(signal.SIGINT)  # in the middle of the search (each page takes 0.4 s)
    _, stderr = worker.communicate(timeout=60)
    assert worker.returncode == 130, stderr
    assert "Interrupted" in stderr and "Traceback" not in stderr
    emu.faults.clear()
    finished = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert finished.returncode == 0, finished.stderr
    since = datetime(2025, 11, 1, tzinfo=UTC)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len({json.dumps(line, sort_keys=True) for line in lines})
    assert len(lines) == sum(event.timestamp >= since for event in emu.tenant.audit_log.events)


# -- bulk -----------------------------------------------------------------------------------


def test_bulk_dry_run_then_run_then_resume(emulator_factory: Any, tmp_path: Path) -> None:
    emu: Emulator = emulator_factory()
    active = [device for device in emu.tenant.devices if device.active][:3]
    source = tmp_path / "devices.csv"
    source.write_text("Device_GUID,note\n" + "".join(f"{d.guid},n{i}\n" for i, d in enumerate(active))
                      + "not-a-guid,x\n", encoding="utf-8")
    results = tmp_path / "results.csv"
    dry = run(emu, "bulk", "devices.deactivate", str(source), "--dry-run", "--results", str(results))
    assert dry.returncode == 1  # the invalid row
    assert "dry-run 3" in dry.stdout and "invalid 1" in dry.stdout
    assert all(device.active for device in active)
    real = run(emu, "bulk", "devices.deactivate", str(source), "--results", str(results), "--concurrency", "2")
    assert real.returncode == 1 and "ok 3" in real.stdout
    assert not any(device.active for device in active)
    rows = list(csv.DictReader(results.open(encoding="utf-8")))
    assert [row["status"] for row in rows] == ["ok", "ok", "ok", "invalid"]
    assert [row["note"] for row in rows] == ["n0", "n1", "n2", "x"]  # input columns kept
    emu.clear_journal()
    again = run(emu, "bulk", "devices.deactivate", str(source), "--results", str(results), "--resume")
    assert "skipped 3" in again.stdout
    assert not [entry for entry in emu.journal if entry.method == "POST" and "Deactivation" in entry.path]


def test_bulk_usage_errors(console: Emulator, tmp_path: Path) -> None:
    source = tmp_path / "users.csv"
    source.write_text("foo,bar\nx,y\n", encoding="utf-8")
    missing = run(console, "bulk", "users.deactivate", str(source))
    assert missing.returncode == 2 and "the header of this users.deactivate file" in missing.stderr
    assert run(console, "bulk", "no.such.action", str(source)).returncode == 2
    listing = run(None, "bulk", "--list")
    assert listing.returncode == 0 and "legal-hold.add" in listing.stdout


def test_progress_shows_on_a_terminal_only(emulator_factory: Any, tmp_path: Path) -> None:
    emu: Emulator = emulator_factory()
    source = tmp_path / "devices.csv"
    source.write_text("guid\n" + "".join(f"{d.guid}\n" for d in emu.tenant.devices[:20]), encoding="utf-8")
    shown = on_terminal([str(SCRIPT), "bulk", "devices.reactivate", str(source), "--dry-run",
                         "--results", str(tmp_path / "r.csv")], environment(emu))
    assert shown.returncode == 0
    assert b"rows" in shown.shown  # the progress line, on the terminal


def test_a_two_factor_code_is_asked_for_on_a_terminal(console: Emulator) -> None:
    admin = console.admin
    env = environment(console, CRASHPLAN_USERNAME=admin.username, CRASHPLAN_PASSWORD=admin.password)
    done = on_terminal([str(SCRIPT), "orgs", "list", "-f", "csv", "--columns", "orgName"], env,
                       prompt=b"Two-factor code", answer=console.totp())
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["orgName", *(org.org_name for org in console.tenant.orgs)]


def test_ctrl_c_stops_a_bulk_run_and_resume_finishes_it(emulator_factory: Any, tmp_path: Path) -> None:
    emu: Emulator = emulator_factory(devices=60)
    active = [device for device in emu.tenant.devices if device.active][:30]
    source, results = tmp_path / "devices.csv", tmp_path / "results.csv"
    source.write_text("guid\n" + "".join(f"{device.guid}\n" for device in active), encoding="utf-8")
    emu.faults.add(Fault(path="^/api/v38/computer-deactivation", latency=0.3))
    worker = subprocess.Popen([str(SCRIPT), "bulk", "devices.deactivate", str(source), "--results", str(results),
                               "--concurrency", "2"], env=environment(emu), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker.poll() is None and (
            not results.exists() or len(results.read_text(encoding="utf-8").splitlines()) < 4):
        time.sleep(0.02)
    worker.send_signal(signal.SIGINT)
    _, stderr = worker.communicate(timeout=60)
    assert worker.returncode == 130 and "Interrupted" in stderr and "Traceback" not in stderr
    recorded = len(results.read_text(encoding="utf-8").splitlines()) - 1
    assert 3 <= recorded < len(active)
    emu.faults.clear()
    emu.clear_journal()
    resumed = run(emu, "bulk", "devices.deactivate", str(source), "--results", str(results), "--resume")
    assert resumed.returncode == 0 and f"skipped {recorded}" in resumed.stdout
    assert not any(device.active for device in active)
    writes = [entry for entry in emu.journal if entry.path.startswith("/api/v38/computer-deactivation")]
    assert len(writes) <= len(active) - recorded  # rows already done were not sent again
