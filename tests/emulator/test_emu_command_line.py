"""``python -m pycpg.emulator``: every option documented, the banner's codes and secrets, and the fixtures."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import requests

from pycpg.emulator import Emulator
from pycpg.emulator.__main__ import _banner, _parser
from pycpg.emulator.pytest_plugin import PINNED_NOW
from pycpg.emulator.server import DEFAULT_TOTP_SECRET
from pycpg.emulator.totp import totp_code


def test_help_documents_every_option() -> None:
    undocumented = [
        action.option_strings for action in _parser()._actions
        if action.option_strings and not (action.help or "").strip()
    ]
    assert undocumented == []
    shown = subprocess.run([sys.executable, "-m", "pycpg.emulator", "--help"], capture_output=True, text=True,
                           check=True).stdout
    for option in ("--now", "--time-zone", "--tls", "--legal-hold-lists", "--totp-code", "--max-page-size"):
        assert option in shown


def test_totp_code_prints_the_current_code_and_exits() -> None:
    before = totp_code(DEFAULT_TOTP_SECRET)
    printed = subprocess.run([sys.executable, "-m", "pycpg.emulator", "--totp-code"], capture_output=True,
                             text=True, check=True, timeout=30).stdout.strip()
    assert printed in {before, totp_code(DEFAULT_TOTP_SECRET)}  # the 30 s step may turn during the run


def test_banner_shows_a_working_two_factor_code_and_every_archive_secret() -> None:
    with Emulator(seed=7, now=PINNED_NOW) as emu:
        before = emu.totp()
        banner = _banner(emu)
        code = banner.split("two-factor code now: ", 1)[1].split()[0]
        assert code in {before, emu.totp()}  # the 30 s step may turn in between
        needing = [(d.guid, *emu.archive_secret(d.guid)) for d in emu.tenant.devices]
        needing = [item for item in needing if item[1] is not None or item[2] is not None]
        assert needing, "seed 7 has devices with archive secrets"
        for guid, password, key in needing:
            secret = f"archive_password={password}" if password is not None else f"encryption_key={key}"
            assert f"{guid} " in banner and secret in banner
        assert "(pinned)" in banner and "2026-01-01T00:00:00+00:00" in banner


def test_the_command_line_pins_the_clock_and_zone() -> None:
    args = _parser().parse_args(["--now", "2025-06-01T12:00:00Z", "--time-zone", "+02:00"])
    assert (args.now, args.time_zone) == ("2025-06-01T12:00:00Z", "+02:00")
    process = subprocess.Popen(
        [sys.executable, "-m", "pycpg.emulator", "--port", "0", "--seed", "3", "--users", "6", "--devices", "4",
         "--now", "2025-06-01T12:00:00Z", "--time-zone", "+02:00"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().rsplit(" ", 1)[1].strip()
        lines = [process.stdout.readline() for _ in range(9)]
        assert any("clock: 2025-06-01T14:00:00+02:00 (pinned)" in line for line in lines), lines
        answer = requests.get(url + "/api/v3/LoginConfiguration", params={"username": "x@example.com"}, timeout=10)
        assert answer.status_code == 200
    finally:
        process.kill()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def test_the_factory_builds_tenants_of_any_size_and_seed(emulator_factory: Callable[..., Emulator]) -> None:
    small = emulator_factory(seed=3, orgs=1, users=5, devices=2)
    large = emulator_factory(seed=4, users=120, devices=300)
    assert small.url != large.url
    assert len(large.tenant.devices) >= 300 and len(small.tenant.devices) < len(large.tenant.devices)
    assert small.now.isoformat() == "2026-01-01T00:00:00+00:00"  # pinned by default
    again = Emulator(seed=4, users=120, devices=300, now=PINNED_NOW)
    assert [d.guid for d in again.tenant.devices] == [d.guid for d in large.tenant.devices]
