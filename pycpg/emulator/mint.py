"""The tenant's time frame, and deterministic values for records created while the emulator runs.

The generator fills the tenant once, with a history that ends at the frame's ``now``;
endpoints that create records (users, orgs) draw their uids, guids and keys from the
tenant's :class:`Mint`, and stamp their dates from its clock. Every date the tenant
holds is in the frame's zone, so every list renders one UTC offset, as a console does.

The frame's ``now`` is the real current time unless it is pinned. A pinned clock is
logical (one second per reading), so the same seed, the same pinned ``now`` and the
same request sequence give the same JSON. A live clock follows the wall clock.
"""

from __future__ import annotations

import random
import re
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pycpg.emulator.wire import UTC, ZULU

#: A fixed "now" for reproducible runs: the pytest fixture pins the clock here.
REFERENCE_NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)

_TICK = timedelta(seconds=1)
_LIVE_TICK = timedelta(milliseconds=1)
_KEY_ALPHABET = string.ascii_uppercase + string.digits
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def parse_zone(spec: str | tzinfo) -> tzinfo:
    """A rendering zone: a ``tzinfo``; ``"Z"`` (UTC written ``Z``); ``"UTC"`` or ``"+00:00"``
    (UTC written ``+00:00``); an offset ``"±HH:MM"`` / ``"±HHMM"``; or an IANA name
    (``"America/Chicago"``, whose offset follows daylight saving time). ``ValueError`` otherwise."""
    if isinstance(spec, tzinfo):
        return spec
    if spec in ("Z", "z"):
        return ZULU
    if spec.upper() == "UTC":
        return UTC
    match = _OFFSET.match(spec)
    if match:
        sign, hours, minutes = match.groups()
        offset = timedelta(hours=int(hours), minutes=int(minutes))
        if offset >= timedelta(hours=24):
            raise ValueError(f"time zone offset out of range: {spec!r}")
        return timezone(-offset if sign == "-" else offset)
    try:
        return ZoneInfo(spec)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {spec!r}: give 'Z', 'UTC', an offset like '-05:00' "
                         "or an IANA name like 'America/Chicago'") from err


def parse_now(value: datetime | str) -> datetime:
    """A pinned "now" (in UTC): an aware datetime, or an ISO 8601 string; naive means UTC."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(timezone.utc) if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _wall_clock() -> datetime:
    """The real current time, truncated to whole milliseconds (what the wire shows)."""
    moment = datetime.now(timezone.utc)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


@dataclass(frozen=True)
class TimeFrame:
    """When the tenant's generated history ends, the zone its dates are written in,
    and whether its clock then follows the wall clock (``live``) or is logical (pinned)."""

    now: datetime = REFERENCE_NOW
    zone: tzinfo = UTC
    live: bool = False

    @classmethod
    def create(cls, now: datetime | str | None = None, zone: str | tzinfo = UTC) -> TimeFrame:
        """Pinned at ``now`` when given, else live from the real current time."""
        if now is None:
            return cls(_wall_clock(), parse_zone(zone), live=True)
        return cls(parse_now(now), parse_zone(zone), live=False)

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the frame's zone."""
        return moment.astimezone(self.zone)

    def ago(self, delta: timedelta) -> datetime:
        """The instant ``delta`` before the frame's ``now``, in the frame's zone."""
        return self.local(self.now - delta)


class Mint:
    """A seeded source of fresh identifiers and the tenant's clock."""

    def __init__(self, rng: random.Random, frame: TimeFrame | None = None) -> None:
        self.rng = rng
        self.frame = frame or TimeFrame()
        self._start = self.frame.now
        self._last = self.frame.now
        self._ticks = 0

    @classmethod
    def seeded(cls, seed: int, frame: TimeFrame | None = None) -> Mint:
        """A mint whose draws depend on ``seed`` only (not on the generator's draws)."""
        return cls(random.Random(f"pycpg-emulator-mint:{seed}"), frame)

    @property
    def zone(self) -> tzinfo:
        """The zone every date of the tenant is written in."""
        return self.frame.zone

    def now(self) -> datetime:
        """The next instant, in the tenant's zone, later than every earlier reading.

        Pinned: one second after the previous reading. Live: the wall clock (at least
        one millisecond after the previous reading, so stamps stay distinct and ordered).
        """
        if self.frame.live:
            self._last = max(_wall_clock(), self._last + _LIVE_TICK)
        else:
            self._ticks += 1
            self._last = self._start + self._ticks * _TICK
        return self.frame.local(self._last)

    def current(self) -> datetime:
        """The present without advancing the clock: the latest reading (the start before any),
        or for a live clock the wall clock when that is later."""
        moment = max(_wall_clock(), self._last) if self.frame.live else self._last
        return self.frame.local(moment)

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
