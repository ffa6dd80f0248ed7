"""Shared fixtures: every SDK test talks HTTP to a fresh emulator on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator

pytest_plugins = ["pycpg.emulator.pytest_plugin"]


@pytest.fixture
def sdk(emulator: Emulator) -> Iterator[pycpg.sdk.SDKClient]:
    """An admin client (no TOTP) signed in to the emulator; journal cleared after sign-in."""
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
    emulator.clear_journal()
    yield client
    client.close()

