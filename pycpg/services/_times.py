"""Date parameters: every form ``pycpg.util.to_posix`` reads, sent as UTC text."""

from __future__ import annotations

from typing import Literal

from pycpg.util import (
    TimestampLike,
    parse_timestamp_to_microseconds_precision,
    parse_timestamp_to_milliseconds_precision,
    to_posix,
)

__all__ = ["utc_text"]


def utc_text(value: TimestampLike | None, precision: Literal["ms", "us"]) -> str | None:
    """``YYYY-MM-DDTHH:MM:SS.mmmZ`` (``ms``) or ``....ffffffZ`` (``us``), or ``None``.

    Raises:
        TypeError: the value is not a datetime, date, number or string (pycpg 1.0
            silently sent no date at all).
        ValueError: the value cannot be read as a time.
    """
    if value is None:
        return None
    to_posix(value)  # validates the type and the text
    if precision == "ms":
        return parse_timestamp_to_milliseconds_precision(value)
    return parse_timestamp_to_microseconds_precision(value)
