"""Credentials of the command line: crashplancli profiles (config file + keyring), environment, TOTP."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycpg.cli._auth import CredentialsError, from_environment, from_profile, resolve, totp_code
from pycpg.cli._dates import parse_age, parse_moment
from pycpg.emulator import Emulator
from pycpg.emulator.pytest_plugin import PINNED_NOW
from tests.cli.terminal import on_terminal
from tests.cli.test_cli import SCRIPT, TIMEOUT

REPO = Path(__file__).resolve().parents[2]

#: RFC 6238, appendix B (SHA-1, the 20-byte ASCII secret "12345678901234567890"), last six digits.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_VECTORS = [(59, "287082"), (1111111109, "081804"), (1111111111, "050471"), (1234567890, "005924"),
               (2000000000, "279037"), (20000000000, "353130")]


@pytest.mark.parametrize(("at", "code"), RFC_VECTORS)
def test_totp_codes_follow_rfc_6238(at: int, code: str) -> None:
    assert totp_code(RFC_SECRET, at) == code
    assert totp_code(RFC_SECRET.lower(), at) == code  # base32 read case-insensitively


def test_a_bad_totp_secret_is_a_credentials_error() -> None:
    with pytest.raises(CredentialsError, match="base32"):
        totp_code("not base32 at all!")


def config(home: Path, text: str) -> None:
    folder = home / ".crashplancli"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.cfg").write_text(text, encoding="utf-8")


PROFILES = """[Internal]
default_profile = work

[work]
cpg_authority_url = https://console.example
cpg_username = admin@example.com
ignore-ssl-errors = False
api-client-auth = False

[robot]
cpg_authority_url = https://console.example
cpg_username = key-123
ignore-ssl-errors = True
api-client-auth = True
"""


def test_profiles_are_read_as_crashplancli_writes_them(tmp_path: Path) -> None:
    config(tmp_path, PROFILES)
    stored = {("crashplancli::work", "admin@example.com"): "pw", ("crashplancli::robot", "key-123"): "secret"}

    def lookup(service: str, username: str) -> str | None:
        return stored.get((service, username))

    default = from_profile(None, tmp_path, lookup)
    assert (default.host, default.username, default.secret, default.api_client, default.verify_ssl) == (
        "https://console.example", "admin@example.com", "pw", False, True)
    robot = from_profile("robot", tmp_path, lookup)
    assert robot.api_client and not robot.verify_ssl and robot.secret == "secret"
    assert "secret" not in repr(robot) and "pw" not in repr(default)
    with pytest.raises(CredentialsError, match="does not exist"):
        from_profile("nope", tmp_path, lookup)
    with pytest.raises(CredentialsError, match="no stored password"):
        from_profile("work", tmp_path, lambda service, username: None)


def test_no_default_profile_and_no_file(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="not found"):
        from_profile(None, tmp_path)
    config(tmp_path, "[Internal]\ndefault_profile = __DEFAULT__\n")
    with pytest.raises(CredentialsError, match="No default"):
        from_profile(None, tmp_path)


def test_environment_wins_unless_a_profile_is_named(tmp_path: Path) -> None:
    env = {"CRASHPLAN_HOST": "h", "CRASHPLAN_API_CLIENT_ID": "id", "CRASHPLAN_API_CLIENT_SECRET": "s"}
    found = resolve(None, env, tmp_path)
    assert found.api_client and found.username == "id" and found.source == "environment"
    assert from_environment({}) is None
    with pytest.raises(CredentialsError, match="CRASHPLAN_USERNAME"):
        from_environment({"CRASHPLAN_HOST": "h", "CRASHPLAN_USERNAME": "u"})


@given(count=st.integers(0, 9_999_999), unit=st.sampled_from("smhdwSMHDW"))
def test_ages_and_moments_agree(count: int, unit: str) -> None:
    age = parse_age(f"{count}{unit}")
    now = parse_moment("2026-01-01T00:00:00Z")
    try:
        expected = now - age
    except OverflowError:  # before the year 1
        with pytest.raises(ValueError, match="before the year 1"):
            parse_moment(f"{count}{unit}", now)
        return
    assert parse_moment(f"{count}{unit}", now) == expected
    assert age.total_seconds() == count * {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit.lower()]


@given(text=st.text(max_size=12))
def test_anything_else_is_refused_with_the_forms(text: str) -> None:
    try:
        parse_moment(text)
    except ValueError as error:
        assert "ISO 8601" in str(error)


@pytest.fixture(scope="module")
def console() -> Iterator[Emulator]:
    with Emulator(seed=7, now=PINNED_NOW) as emu:
        yield emu


def test_the_command_line_signs_in_with_a_profile_and_its_keyring_entry(console: Emulator, tmp_path: Path) -> None:
    admin = console.admin  # a two-factor account: the code comes from CRASHPLAN_TOTP_SECRET
    config(tmp_path, f"[Internal]\ndefault_profile = emu\n\n[emu]\ncpg_authority_url = {console.url}\n"
                     f"cpg_username = {admin.username}\nignore-ssl-errors = False\napi-client-auth = False\n")
    keyring = tmp_path / "keyring.json"
    keyring.write_text(json.dumps({"crashplancli::emu": {admin.username: admin.password}}), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRASHPLAN_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(REPO), PYCPG_TEST_KEYRING=str(keyring),
               PYTHON_KEYRING_BACKEND="tests.cli.keyring_file.FileKeyring",
               CRASHPLAN_TOTP_SECRET=admin.totp_secret or "")
    for args in (["--profile", "emu"], []):  # named, and crashplancli's default profile
        result = subprocess.run([str(SCRIPT), *args, "orgs", "list", "-f", "csv", "--columns", "orgName"],
                                capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[1:] == [org.org_name for org in console.tenant.orgs]
    missing = subprocess.run([str(SCRIPT), "--profile", "other", "orgs", "list"], capture_output=True, text=True,
                             env=env, timeout=TIMEOUT, check=False)
    assert missing.returncode == 2 and "'other' does not exist" in missing.stderr


def test_a_profile_without_a_stored_password_asks_on_a_terminal_only(console: Emulator, tmp_path: Path) -> None:
    account = console.plain_admin
    config(tmp_path, f"[Internal]\ndefault_profile = emu\n\n[emu]\ncpg_authority_url = {console.url}\n"
                     f"cpg_username = {account.username}\nignore-ssl-errors = False\napi-client-auth = False\n")
    keyring = tmp_path / "keyring.json"
    keyring.write_text("{}", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRASHPLAN_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(REPO), PYCPG_TEST_KEYRING=str(keyring),
               PYTHON_KEYRING_BACKEND="tests.cli.keyring_file.FileKeyring")
    command = [str(SCRIPT), "--profile", "emu", "orgs", "list", "-f", "csv", "--columns", "orgName"]
    piped = subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
                           timeout=TIMEOUT, check=False)
    assert piped.returncode == 2 and "no stored password" in piped.stderr
    done = on_terminal(command, env, prompt=b"Password for", answer=account.password)
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["orgName", *(org.org_name for org in console.tenant.orgs)]
    assert account.password.encode() not in done.shown  # typed without echo

