"""Value converters between CrashPlan's settings documents and Python values.

Device settings come from XML, so their leaves are strings (``"true"``,
``"10080"``); org settings carry JSON numbers of bytes. These functions turn
them into what a script works with (``True``, days, decimal gigabytes) and
back. Every converter raises ``ValueError`` naming the value it cannot convert
(pycpg 1.0 raised ``AttributeError`` for a real bool in ``str_to_bool`` and
multiplied a string by 10**9 in ``gb_to_bytes``).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "bool_to_str",
    "bytes_to_gb",
    "days_to_minutes",
    "gb_to_bytes",
    "minutes_to_days",
    "str_to_bool",
    "to_list",
]

_MINUTES_PER_DAY = 1440
_BYTES_PER_GB = 1000**3
#: The API's "no limit" value for quotas; converted neither way.
UNLIMITED = -1
_BOOL_WORDS = {"true": True, "false": False}


def _whole(value: float) -> float | int:
    """``value`` as an int when it has no fraction, else unchanged."""
    return int(value) if float(value).is_integer() else value


def _finite_number(value: Any, what: str, *, allow_text: bool) -> float:
    """``value`` as a finite float; ``ValueError`` naming it otherwise (bools are not numbers)."""
    if isinstance(value, bool):
        raise ValueError(f"Expected {what}, got the bool {value!r}.")
    if isinstance(value, (int, float)):
        number = float(value)
    elif allow_text and isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError(f"Expected {what}, got {value!r}.") from None
    else:
        raise ValueError(f"Expected {what}, got {value!r} ({type(value).__name__}).")
    if not math.isfinite(number):
        raise ValueError(f"Expected {what}, got {value!r}.")
    return number


def bool_to_str(value: bool | str) -> str:
    """``True``/``False`` (or ``"true"``/``"false"``, any case) as the lowercase string the API stores.

    Raises:
        ValueError: ``value`` is neither a bool nor a true/false word.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
        return value.strip().lower()
    raise ValueError(f"Expected a bool or 'true'/'false', got {value!r}.")


def str_to_bool(value: str | bool) -> bool:
    """``"true"``/``"false"`` (any case) as a bool; a bool is returned as is.

    Raises:
        ValueError: ``value`` is not a true/false word.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
        return _BOOL_WORDS[value.strip().lower()]
    raise ValueError(f"Expected 'true' or 'false', got {value!r}.")


def to_list(value: Any) -> list[Any]:
    """A list or tuple as a list; ``None`` as an empty list; anything else as a one-item list."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if value is None:
        return []
    return [value]


def days_to_minutes(days: float | int | str) -> str:
    """A number of days (a number or numeric string) as the API's minutes string, rounded to a minute.

    Raises:
        ValueError: ``days`` is not a finite number.
    """
    number = _finite_number(days, "a number of days", allow_text=True)
    return str(round(number * _MINUTES_PER_DAY))


def minutes_to_days(minutes: str | int) -> float | int:
    """A minutes value (an integer or integer string) as days; an int when whole.

    Raises:
        ValueError: ``minutes`` is not an integer.
    """
    if isinstance(minutes, bool) or not isinstance(minutes, (int, str)):
        raise ValueError(f"Expected a whole number of minutes, got {minutes!r}.")
    try:
        whole = int(minutes)
    except ValueError:
        raise ValueError(f"Expected a whole number of minutes, got {minutes!r}.") from None
    return _whole(whole / _MINUTES_PER_DAY)


def bytes_to_gb(value: int | float) -> float | int:
    """Bytes as decimal gigabytes (10**9 bytes); an int when whole; ``-1`` (unlimited) unchanged.

    Raises:
        ValueError: ``value`` is not a number.
    """
    number = _finite_number(value, "a number of bytes", allow_text=False)
    if number == UNLIMITED:
        return UNLIMITED
    if isinstance(value, int) and value % _BYTES_PER_GB == 0:
        return value // _BYTES_PER_GB
    return _whole(number / _BYTES_PER_GB)


def gb_to_bytes(value: int | float) -> int:
    """Decimal gigabytes as whole bytes; ``-1`` (unlimited) unchanged.

    Raises:
        ValueError: ``value`` is not a number (strings are refused, not multiplied).
    """
    number = _finite_number(value, "a number of gigabytes", allow_text=False)
    if number == UNLIMITED:
        return UNLIMITED
    if isinstance(value, int):
        return value * _BYTES_PER_GB
    return round(number * _BYTES_PER_GB)
