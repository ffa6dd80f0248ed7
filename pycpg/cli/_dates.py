"""``--since`` / ``--until`` values: ISO 8601 dates and times, or ages like ``7d``."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

__all__ = ["parse_age", "parse_moment"]

_AGE = re.compile(r"(?P<count>\d{1,7})\s*(?P<unit>[smhdw])", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_moment(text: str, now: datetime | None = None) -> datetime:
    """An aware UTC datetime from ``text``.

    Accepts ``now``; an age before ``now`` (``30s``, ``15m``, ``12h``, ``7d``, ``2w``);
    an ISO 8601 date (``2026-01-31``, midnight UTC) or date and time
    (``2026-01-31T08:00``, ``2026-01-31 08:00:00+02:00``; without an offset: UTC).

    Raises:
        ValueError: anything else, with the accepted forms in the message.
    """
    value = text.strip()
    moment = now or datetime.now(UTC)
    if value.lower() == "now":
        return moment
    age = _AGE.fullmatch(value)
    if age:
        try:
            return moment - timedelta(**{_UNITS[age["unit"].lower()]: int(age["count"])})
        except OverflowError:
            raise ValueError(f"{text!r} reaches back before the year 1.") from None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a time: use an ISO 8601 date or date-time (2026-01-31, 2026-01-31T08:00Z) "
            "or an age such as 30m, 12h, 7d, 2w."
        ) from None
    return parsed.astimezone(UTC) if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def parse_age(text: str) -> timedelta:
    """A duration such as ``0s``, ``10m``, ``12h``, ``7d`` or ``2w``.

    Raises:
        ValueError: anything else.
    """
    age = _AGE.fullmatch(text.strip())
    if not age:
        raise ValueError(f"{text!r} is not a duration: use a number and a unit, such as 30s, 10m, 12h, 7d, 2w.")
    return timedelta(**{_UNITS[age["unit"].lower()]: int(age["count"])})
