"""What the example scripts share: signing in, and the embedded emulator when there is no console.

``connect()`` signs in to the console named by CRASHPLAN_HOST, CRASHPLAN_USERNAME
and CRASHPLAN_PASSWORD (asking for the two-factor code). Without them it starts
the embedded emulator (seed 7, so every run sees the same tenant) and signs in
as its admin; the emulator's banner goes to stderr so a script's stdout stays
clean. Scripts read ``console.emulator`` only to pick demo inputs. The emulator's
history ends at the real current time, or at PYCPG_EMULATOR_NOW (an ISO date or
date-time; naive means UTC) when that is set, so that runs can be compared.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import pycpg.sdk
from pycpg.sdk import SDKClient

if TYPE_CHECKING:  # the emulator needs werkzeug, which a real console does not
    from pycpg.emulator import Emulator

#: The emulator's seed: the same seed (and the same pinned "now") always generates the same tenant.
SEED = 7
#: Pins the emulator's "now" (ISO 8601) when set; otherwise its clock is the real one.
NOW_VARIABLE = "PYCPG_EMULATOR_NOW"


@dataclass(frozen=True)
class Console:
    """A signed-in client, and the emulator behind it when there is no real console."""

    sdk: SDKClient
    emulator: Emulator | None = None

    @property
    def now(self) -> datetime:
        """The present: the wall clock, or the emulator's clock (its generated history ends there)."""
        if self.emulator is None:
            return datetime.now(timezone.utc)
        return self.emulator.now


@contextmanager
def connect() -> Iterator[Console]:
    """Sign in to the configured console, or to a fresh embedded emulator."""
    host = os.environ.get("CRASHPLAN_HOST")
    if host:
        username, password = os.environ["CRASHPLAN_USERNAME"], os.environ["CRASHPLAN_PASSWORD"]
        with pycpg.sdk.from_local_account(host, username, password, totp=_ask_for_code) as sdk:
            yield Console(sdk)
        return
    from pycpg.emulator import Emulator

    with Emulator(seed=SEED, now=os.environ.get(NOW_VARIABLE) or None) as emulator:
        admin = emulator.admin
        print(f"Embedded CrashPlan emulator at {emulator.url}", file=sys.stderr)
        with pycpg.sdk.from_local_account(emulator.url, admin.username, admin.password, totp=emulator.totp) as sdk:
            yield Console(sdk, emulator)


def _ask_for_code() -> str:
    # The prompt goes to stderr, so that a script writing CSV or JSON to stdout stays parseable.
    print("Two-factor code: ", end="", file=sys.stderr, flush=True)
    return input()


def utc_time(text: str) -> datetime:
    """An ISO date or date-time from the command line (``2025-12-01``, ``2025-12-01T08:00``); naive means UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
