"""CrashPlan's own command line, crashplancli 1.0.4, run unchanged over this checkout's SDK.

crashplancli imports ``pycpg`` (it requires pycpg>=1.0.5). Its virtualenv (outside the
repository, reused across runs; see ``tests.peers.venvs``) has crashplancli installed from
the package index and this checkout installed editable in place of CrashPlan's SDK, so
``import pycpg`` there is this repository's code. Each command runs as its own process
(``crashplan ...``) against an https emulator in this process, with a throw-away home:
the profile lives in ``~/.crashplancli/config.cfg`` and its password in a plain-text
keyring file (``keyrings.alt``, which crashplancli depends on). The admin signs in with
a TOTP code on every command (``--totp``), and the profile is made with
``--disable-ssl-errors`` because crashplancli 1.0.4 has no way to name a CA file for
the official SDK either; one test checks that, without it, the self-signed certificate
is refused with crashplancli's own SSL message.

The assertions hold what crashplancli prints (mostly ``-f raw-json``, one JSON object a
line, and ``-f CSV``) against the emulator's records. The last two tests run the same
commands with crashplancli over CrashPlan's own SDK, pycpg 1.0.5 (a second virtualenv),
and require the very same output, refusals included: crashplancli prints ``str(error)``
of the SDK's exceptions, so their messages are part of the drop-in contract.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.emulator.legal_hold import MatterRecord
from pycpg.emulator.records import UserRecord
from tests.peers.venvs import peer_venv

REPO = Path(__file__).resolve().parents[2]
CRASHPLANCLI = "crashplancli==1.0.4"
#: How long one crashplancli command may take.
COMMAND_TIMEOUT = 120.0
#: The emulator's clock starts here (then follows the wall clock): the same tenant on every run.
NOW = "2026-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def crashplan() -> Path:
    """The ``crashplan`` command of a virtualenv with crashplancli 1.0.4 over this checkout's SDK."""
    # With the cli extra: our own `pycpg` command is tested with crashplancli's profiles too.
    python = peer_venv("crashplancli-ours", [CRASHPLANCLI, "-e", f"{REPO}[cli]"])
    found = subprocess.run([str(python), "-I", "-c", "import pycpg; print(pycpg.__file__)"],
                           capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False)
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).resolve() == REPO / "pycpg" / "__init__.py", found.stdout
    return python.parent / "crashplan"


@dataclass
class Result:
    """What one crashplancli command did."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def ok(self) -> Result:
        assert self.returncode == 0, f"crashplan {' '.join(self.args)} exited {self.returncode}:\n{self.stderr}"
        return self

    def json_lines(self) -> list[dict[str, Any]]:
        """The records of ``-f raw-json`` output (one JSON object a line)."""
        records: list[dict[str, Any]] = [json.loads(line) for line in self.ok().stdout.splitlines() if line.strip()]
        return records

    def csv_rows(self, column: str | None = None) -> list[dict[str, str]]:
        """The rows of ``-f CSV`` output; with ``column``, from the first header line that names it.

        (The bulk commands print a progress label before their table.)
        """
        lines = self.ok().stdout.splitlines(keepends=True)
        if column is not None:  # the header's order varies: crashplancli builds it from a set
            lines = lines[next(i for i, line in enumerate(lines) if column in line.rstrip("\r\n").split(",")):]
        return list(csv.DictReader(io.StringIO("".join(lines))))


class Cli:
    """crashplancli signed in to one emulator: a home of its own, one profile, TOTP on every command."""

    def __init__(self, crashplan: Path, emu: Emulator, home: Path) -> None:
        self.crashplan, self.emu, self.home = crashplan, emu, home
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("PYTHON") and key.lower() not in ("https_proxy", "http_proxy", "all_proxy")}
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local" / "share"),
                   PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring", NO_PROXY="127.0.0.1,localhost",
                   PAGER="cat", COLUMNS="400", PYTHONHASHSEED="0")  # crashplancli orders CSV columns by a set
        self.env = env

    def run(self, *args: str) -> Result:
        # A fresh code each time; the emulator also takes the codes of the steps either side.
        done = subprocess.run([str(self.crashplan), *args, "--totp", self.emu.totp()], env=self.env, cwd=self.home, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False)
        return Result(list(args), done.returncode, done.stdout, done.stderr)

    def create_profile(self, name: str, *extra: str) -> Result:
        return self.run("profile", "create", "-n", name, "-s", self.emu.url, "-u", self.emu.admin.username,
                        "--password", self.emu.admin.password, "-y", *extra)

    def write(self, name: str, rows: Sequence[Sequence[str]]) -> str:
        """A CSV file in the home (for the bulk commands); its path."""
        path = self.home / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        return str(path)


def _signed_in(crashplan: Path, emu: Emulator, home: Path) -> Cli:
    cli = Cli(crashplan, emu, home)
    created = cli.create_profile("emulator", "--disable-ssl-errors", "true").ok()
    assert "Successfully created profile 'emulator'." in created.stdout
    return cli


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    """The emulator the read-only commands query."""
    with Emulator(seed=7, tls=True, now=NOW) as running:
        yield running


@pytest.fixture(scope="module")
def cli(crashplan: Path, emu: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return _signed_in(crashplan, emu, tmp_path_factory.mktemp("crashplancli-home"))


def test_our_command_line_signs_in_with_a_crashplancli_profile(crashplan: Path, cli: Cli, emu: Emulator) -> None:
    """`pycpg --profile` reads the profile crashplancli made: its config file and its keyring entry."""
    pycpg = crashplan.parent / "pycpg"
    totp = emu.admin.totp_secret
    assert totp is not None
    # The profile's account has two factors; the profile was made with --disable-ssl-errors.
    env = {**cli.env, "CRASHPLAN_TOTP_SECRET": totp}
    done = subprocess.run([str(pycpg), "--profile", "emulator", "orgs", "list", "-f", "csv", "--columns", "orgName"],
                          env=env, cwd=cli.home, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=COMMAND_TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["orgName", *(org.org_name for org in emu.tenant.orgs)]
    assert emu.admin.password not in done.stdout + done.stderr


def _active_matter_with_both(emu: Emulator) -> MatterRecord:
    """An active matter with active and released custodians (seed 7 has one)."""
    memberships = emu.tenant.legal_hold.memberships
    for matter in emu.tenant.legal_hold.matters:
        states = {m.active for m in memberships if m.matter is matter}
        if matter.active and states == {True, False}:
            return matter
    raise AssertionError("seed 7 has no active matter with both active and released custodians")


def read_only_commands(emu: Emulator) -> dict[str, list[str]]:
    """The commands that change nothing, by name; the tests below read their output."""
    matter = _active_matter_with_both(emu).legal_hold_uid
    device = next(d for d in emu.tenant.devices if d.active and d.backup_usage).guid
    return {
        "users": ["users", "list", "-f", "raw-json"],
        "users table": ["users", "list", "--include-legal-hold-membership", "--include-roles"],
        "inactive users": ["users", "list", "--inactive", "-f", "CSV"],
        "devices": ["devices", "list", "--include-backup-usage", "-f", "raw-json"],
        "device storage": ["devices", "list", "--active", "--include-usernames", "--include-total-storage",
                           "-f", "CSV"],
        "device": ["devices", "show", device],
        "orgs": ["users", "orgs", "list", "-f", "raw-json"],
        "matters": ["legal-hold", "list", "-f", "raw-json"],
        "matter": ["legal-hold", "show", matter, "--include-inactive", "--include-policy"],
        "matter events": ["legal-hold", "search-events", "-m", matter, "--begin", "2000-01-01", "-f", "CSV"],
        "no such user": ["users", "show", "nobody@nowhere.example"],
        "no such device": ["devices", "show", "123"],
    }


def _run_all(cli: Cli, commands: dict[str, list[str]]) -> dict[str, Result]:
    """Run ``commands`` side by side (each process spends most of its time importing)."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {key: pool.submit(cli.run, *args) for key, args in commands.items()}
        return {key: future.result() for key, future in futures.items()}


@pytest.fixture(scope="module")
def read_only(cli: Cli, emu: Emulator) -> dict[str, Result]:
    return _run_all(cli, read_only_commands(emu))


def test_users_list_names_every_user_with_its_org_and_state(read_only: dict[str, Result], emu: Emulator) -> None:
    listed = {u["userUid"]: (u["username"], u["orgUid"], u["active"]) for u in read_only["users"].json_lines()}
    assert listed == {u.user_uid: (u.username, u.org.org_uid, u.active) for u in emu.tenant.users}


def test_users_list_inactive_filters_on_the_server(read_only: dict[str, Result], emu: Emulator) -> None:
    inactive = {row["username"] for row in read_only["inactive users"].csv_rows()}
    assert inactive == {u.username for u in emu.tenant.users if not u.active}
    assert inactive  # seed 7 has a deactivated user, so the filter is seen to work


def test_devices_list_with_backup_usage(read_only: dict[str, Result], emu: Emulator) -> None:
    listed = {d["guid"]: [(b["archiveGuid"], b["archiveBytes"]) for b in d["backupUsage"]]
              for d in read_only["devices"].json_lines()}
    assert listed == {d.guid: [(b.archive_guid, b.archive_bytes) for b in d.backup_usage] for d in emu.tenant.devices}
    assert any(listed.values())


def test_devices_list_usernames_and_storage_totals(read_only: dict[str, Result], emu: Emulator) -> None:
    rows = {row["guid"]: (row["username"], int(row["archiveCount"]), int(row["totalStorageBytes"]))
            for row in read_only["device storage"].csv_rows()}
    expected = {}
    for device in emu.tenant.devices:
        if device.active:
            archives = [b for b in device.backup_usage if b.archive_format != "ARCHIVE_V2"]
            expected[device.guid] = (device.user.username, len(archives), sum(b.archive_bytes for b in archives))
    assert rows == expected
    assert len(rows) < len(emu.tenant.devices)  # seed 7 has deactivated devices: --active is applied


def test_orgs_list(read_only: dict[str, Result], emu: Emulator) -> None:
    listed = {o["orgUid"]: o["orgName"] for o in read_only["orgs"].json_lines()}
    assert listed == {o.org_uid: o.org_name for o in emu.tenant.orgs}


def test_legal_hold_list_shows_the_active_matters_and_their_creators(read_only: dict[str, Result],
                                                                     emu: Emulator) -> None:
    listed = {m["legalHoldUid"]: (m["name"], m["creator_username"]) for m in read_only["matters"].json_lines()}
    expected = {m.legal_hold_uid: (m.name, m.creator.user.email if m.creator.user else m.creator.principal_id)
                for m in emu.tenant.legal_hold.matters if m.active}
    assert listed == expected
    assert len(listed) < len(emu.tenant.legal_hold.matters)  # the closed matter is left out


def _members(output: str, heading: str) -> set[str]:
    """The usernames ``legal-hold show`` prints in columns under ``heading`` (up to the next blank line)."""
    lines = output.splitlines()
    start = lines.index(heading) + 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    names: set[str] = set()
    for line in lines[start:]:
        if not line.strip():
            break
        names.update(line.split())
    return names


def test_legal_hold_show_lists_active_and_released_custodians(read_only: dict[str, Result], emu: Emulator) -> None:
    matter = _active_matter_with_both(emu)
    output = read_only["matter"].ok().stdout
    assert matter.legal_hold_uid in output and matter.name in output
    memberships = [m for m in emu.tenant.legal_hold.memberships if m.matter is matter]
    assert _members(output, "Active matter members:") == {m.user.username for m in memberships if m.active}
    assert _members(output, "Inactive matter members:") == {m.user.username for m in memberships if not m.active}
    assert "Preservation Policy:" in output and matter.policy.policy_uid in output  # --include-policy


def test_lookups_of_what_does_not_exist(read_only: dict[str, Result]) -> None:
    user, device = read_only["no such user"], read_only["no such device"]
    assert (user.returncode, user.stdout) == (0, "No results found.\n"), user
    assert device.returncode == 1 and "404 Client Error" in device.stderr, device.stderr


def _canonical(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True)


def test_audit_logs_search_returns_every_event(read_only: dict[str, Result], cli: Cli, emu: Emulator) -> None:
    # Run after the side-by-side commands: each sign-in adds an event, and this search sees its own.
    events = cli.run("audit-logs", "search", "--begin", "2000-01-01", "-f", "raw-json").json_lines()
    expected = [event.to_wire() for event in emu.tenant.audit_log.newest_first()]
    assert sorted(events, key=_canonical) == sorted(expected, key=_canonical)
    assert any(e["type$"] == "audit_log::logged_in/1" and e["actorName"] == emu.admin.username for e in events)


def test_an_untrusted_certificate_gives_crashplanclis_ssl_message(crashplan: Path, emu: Emulator,
                                                                   tmp_path: Path) -> None:
    # crashplancli catches requests' SSLError: the SDK must let it through as such.
    result = Cli(crashplan, emu, tmp_path).create_profile("strict")
    assert result.returncode == 1
    assert "SSL certificate verification failed" in result.stderr, result.stderr


# -- bulk commands: an emulator of their own, since they change it ----------------------------


@pytest.fixture(scope="module")
def mutable(crashplan: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    with Emulator(seed=7, tls=True, now=NOW) as running:
        yield _signed_in(crashplan, running, tmp_path_factory.mktemp("crashplancli-bulk"))


def _plain_users(emu: Emulator, count: int) -> list[UserRecord]:
    """Active users that are neither emulator accounts nor legal-hold custodians."""
    accounts = {emu.admin.username, emu.plain_admin.username, emu.restricted.username, emu.sso_user.username}
    found = [u for u in emu.tenant.users
             if u.active and u.username not in accounts and not emu.tenant.is_on_legal_hold(u)]
    assert len(found) >= count
    return found[:count]


def test_users_bulk_deactivate_reports_each_row(mutable: Cli) -> None:
    emu = mutable.emu
    *chosen, held = _plain_users(emu, 3)
    emu.place_on_legal_hold(held.user_uid)
    path = mutable.write("deactivate.csv", [["username"], *[[u.username] for u in chosen], [held.username],
                                            ["nobody@nowhere.example"]])
    rows = {row["username"]: row["deactivated"] for row in mutable.run("users", "bulk", "deactivate", path,
                                                                       "-f", "CSV").csv_rows("username")}
    assert rows.keys() == {*(u.username for u in chosen), held.username, "nobody@nowhere.example"}
    assert all(rows[u.username] == "True" for u in chosen)
    assert not any(u.active for u in chosen)
    assert rows[held.username].startswith("False: ") and "legal hold" in rows[held.username]
    assert held.active
    assert rows["nobody@nowhere.example"].startswith("False: ") and "does not exist" in rows["nobody@nowhere.example"]


def test_legal_hold_bulk_add_makes_custodians(mutable: Cli) -> None:
    emu = mutable.emu
    matter = next(m for m in emu.tenant.legal_hold.matters if m.active)
    members = {m.user.user_uid for m in emu.tenant.legal_hold.memberships if m.matter is matter and m.active}
    chosen = [u for u in _plain_users(emu, 6) if u.user_uid not in members][:2]
    path = mutable.write("hold.csv", [["matter_id", "username"], *[[matter.legal_hold_uid, u.username] for u in chosen]])
    mutable.run("legal-hold", "bulk", "add", path).ok()
    now_held = {m.user.user_uid for m in emu.tenant.legal_hold.memberships if m.matter is matter and m.active}
    assert now_held == members | {u.user_uid for u in chosen}


def test_devices_bulk_rename(mutable: Cli) -> None:
    devices = [d for d in mutable.emu.tenant.devices if d.active][:3]
    renames = {d.guid: f"renamed-by-crashplancli-{i}" for i, d in enumerate(devices)}
    path = mutable.write("rename.csv", [["guid", "name"], *renames.items()])
    rows = mutable.run("devices", "bulk", "rename", path, "-f", "CSV").csv_rows("guid")
    assert {row["guid"]: (row["name"], row["renamed"]) for row in rows} == {g: (n, "True") for g, n in renames.items()}
    assert {d.guid: d.name for d in devices} == renames


# -- the same commands over CrashPlan's own SDK (pycpg 1.0.5): the same output -----------------


@pytest.fixture(scope="module")
def official_crashplan() -> Path:
    """The ``crashplan`` command of a virtualenv with crashplancli 1.0.4 over pycpg 1.0.5."""
    python = peer_venv("crashplancli-official", [CRASHPLANCLI, "pycpg==1.0.5"])
    found = subprocess.run([str(python), "-I", "-c", "from importlib.metadata import version; print(version('pycpg'))"],
                           capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False)
    assert found.stdout.strip() == "1.0.5", found.stderr
    return python.parent / "crashplan"


def _shown(result: Result, home: Path, url: str = "") -> tuple[int, str, str]:
    """A result with its home folder and the emulator's address (named in error messages) replaced."""
    def plain(text: str) -> str:
        text = text.replace(str(home), "<home>")
        return text.replace(url, "<url>") if url else text
    return result.returncode, plain(result.stdout), plain(result.stderr)


def _difference(what: str, mine: tuple[int, str, str], reference: tuple[int, str, str]) -> str:
    return f"{what}:\n  ours:     {mine!r}\n  official: {reference!r}"


# The one documented difference (docs/compatibility.md, "Errors of methods that take an id"):
# an error about an id starts with what the method takes and the value sent, then pycpg 1.0's message.
ID_HINT = re.compile(r"[a-z_]+\.[a-z_]+ takes an? [a-z_]+ \([^)]*\), not an? [a-z_]+: no [a-z]+ has [A-Za-z]+ \S+?\. ")


def _without_id_hint(shown: tuple[int, str, str]) -> tuple[int, str, str]:
    code, out, err = shown
    return code, ID_HINT.sub("", out), ID_HINT.sub("", err)


def test_reads_print_what_they_print_over_the_official_sdk(read_only: dict[str, Result], cli: Cli,
                                                          official_crashplan: Path, emu: Emulator,
                                                          tmp_path: Path) -> None:
    official = _signed_in(official_crashplan, emu, tmp_path)
    reference = _run_all(official, read_only_commands(emu))
    # The swapped id of "devices show 123" is named (a documented fix); the rest of the line is pycpg 1.0's.
    assert "devices.get_by_guid takes a device_guid" in read_only["no such device"].stdout + read_only["no such device"].stderr
    differ = []
    for key, result in read_only.items():
        mine, theirs = _without_id_hint(_shown(result, cli.home)), _shown(reference[key], official.home)
        if mine != theirs:
            differ.append(_difference(f"{key} (crashplan {' '.join(result.args)})", mine, theirs))
    assert differ == [], "\n\n".join(differ)


def _refusals(crashplan: Path, home: Path) -> list[tuple[str, tuple[int, str, str]]]:
    """Commands that a fresh emulator refuses (some rows of a bulk command, single commands): what each printed."""
    with Emulator(seed=7, tls=True, now=NOW) as emu:
        cli = _signed_in(crashplan, emu, home)
        plain = _plain_users(emu, 8)
        held = next(u for u in plain[2:] if any(d.active for d in emu.tenant.devices_of(u)))
        emu.place_on_legal_hold(held.user_uid)
        matter = next(h.matter for h in emu.tenant.legal_hold.memberships if h.user is held and h.active)
        device = next(d for d in emu.tenant.devices_of(held) if d.active)
        path = cli.write("deactivate.csv", [["username"], [plain[0].username], [plain[1].username], [held.username],
                                            ["nobody@nowhere.example"]])
        results = [cli.run("users", "bulk", "deactivate", path, "-f", "CSV"),
                   cli.run("legal-hold", "add-user", "-m", matter.legal_hold_uid, "-u", held.username),
                   cli.run("devices", "deactivate", device.guid),
                   cli.run("users", "move", "--username", plain[0].username, "--org-id", "999999999")]
        url = emu.url
    shown = [(" ".join(result.args).replace(str(home), "<home>"), _shown(result, home, url)) for result in results]
    # The bulk table's rows come in the order its worker threads finish.
    code, out, err = shown[0][1]
    shown[0] = (shown[0][0], (code, "".join(sorted(out.splitlines(keepends=True))), err))
    return shown


def test_refusals_read_the_same_over_the_official_sdk(crashplan: Path, official_crashplan: Path,
                                                      tmp_path: Path) -> None:
    # The SDK's exceptions reach the user through str(error): their messages and args must be pycpg 1.0's.
    (tmp_path / "ours").mkdir()
    (tmp_path / "official").mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        ours = pool.submit(_refusals, crashplan, tmp_path / "ours")
        theirs = pool.submit(_refusals, official_crashplan, tmp_path / "official")
        mine, reference = ours.result(), theirs.result()
    assert [what for what, _ in mine] == [what for what, _ in reference]
    differ = [_difference(what, a, b) for (what, a), (_, b) in zip(mine, reference) if a != b]
    assert differ == [], "\n\n".join(differ)
    bulk = mine[0][1][1]
    assert "legal hold" in bulk and "does not exist" in bulk
    assert sum("True" in line.split(",") for line in bulk.splitlines()) == 2  # the two plain users
    assert all(code == 1 for _, (code, _, _) in mine[1:])
