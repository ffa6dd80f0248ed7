"""Deterministic values for records created while the emulator runs.

The generator fills the tenant once; endpoints that create records (users, orgs)
draw their uids, guids and keys from the tenant's :class:`Mint`, and stamp their
dates from its logical clock. Neither reads the wall clock, so the same seed and
the same request sequence give the same JSON.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from pycpg.emulator.wire import ZULU

#: The generated tenant's "now": every generated date lies before it, and the
#: logical clock starts ticking from it.
BASE_INSTANT = datetime(2026, 1, 1, tzinfo=timezone.utc)

_TICK = timedelta(seconds=1)
_KEY_ALPHABET = string.ascii_uppercase + string.digits


class Mint:
    """A seeded source of fresh identifiers and a clock that advances per reading."""

    def __init__(self, rng: random.Random, start: datetime = BASE_INSTANT) -> None:
        self.rng = rng
        self._start = start.astimezone(ZULU)
        self._ticks = 0

    @classmethod
    def seeded(cls, seed: int) -> Mint:
        """A mint whose draws depend on ``seed`` only (not on the generator's draws)."""
        return cls(random.Random(f"pycpg-emulator-mint:{seed}"))

    def now(self) -> datetime:
        """The next instant: one second after the previous reading (``Z`` zone)."""
        self._ticks += 1
        return self._start + self._ticks * _TICK

    def current(self) -> datetime:
        """The latest reading (the start before any), without advancing the clock."""
        return self._start + self._ticks * _TICK

    def digits(self, count: int, taken: Callable[[str], bool] = lambda value: False) -> str:
        """A numeric string of ``count`` digits (no leading zero) for which ``taken`` is false."""
        while True:
            value = str(self.rng.randrange(10 ** (count - 1), 10**count))
            if not taken(value):
                return value

    def uuid(self) -> str:
        """A version-4 UUID string."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def registration_key(self) -> str:
        """An org registration key, ``XXXX-XXXX-XXXX-XXXX``."""
        return "-".join("".join(self.rng.choice(_KEY_ALPHABET) for _ in range(4)) for _ in range(4))
