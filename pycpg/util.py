"""Formatting and conversion helpers (pycpg 1.0 ``pycpg.util`` plus :func:`to_posix`).

Timestamps: every date parameter in the SDK accepts a :data:`TimestampLike`
(``datetime``, ``date``, POSIX seconds as ``int``/``float``, or a string) and goes
through :func:`to_posix` / the ``parse_timestamp_*`` helpers, which read naive
values as UTC and always format in UTC.
"""

from __future__ import annotations

import json
import math
import reprlib
from datetime import UTC, datetime
from datetime import date as _Date
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeAlias, TypeVar, overload

if TYPE_CHECKING:
    from pycpg._http.errors import parse_retry_after as parse_retry_after

__all__ = [
    "parse_retry_after",
    "DATE_STR_FORMAT",
    "MICROSECOND_FORMAT",
    "TimestampLike",
    "convert_datetime_to_epoch",
    "convert_datetime_to_timestamp_str",
    "convert_timestamp_to_str",
    "format_dict",
    "format_json",
    "get_attribute_values_from_class",
    "parse_timestamp_to_microseconds_precision",
    "parse_timestamp_to_milliseconds_precision",
    "print_response",
    "to_list",
    "to_posix",
]

MICROSECOND_FORMAT: Final = "%Y-%m-%dT%H:%M:%S.%fZ"
DATE_STR_FORMAT: Final = "%Y-%m-%d %H:%M:%S"

#: Anything :func:`to_posix` accepts.
TimestampLike: TypeAlias = datetime | _Date | int | float | str

_T = TypeVar("_T")


def __getattr__(name: str) -> Any:
    # ``parse_retry_after`` reads a ``Retry-After`` header, which is transport logic:
    # it lives in pycpg._http.errors and is re-exported here for code that imported
    # it from pycpg.util. It is looked up on first use rather than imported above
    # because importing any pycpg._http module loads the whole transport package
    # (requests, the response and exception classes), which this module of plain
    # helpers must not depend on when it is imported.
    if name == "parse_retry_after":
        from pycpg._http.errors import parse_retry_after

        globals()[name] = parse_retry_after
        return parse_retry_after
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


# --- pycpg 1.0 helpers ------------------------------------------------------------


def format_json(json_string: str | bytes | bytearray) -> str:
    """Re-dump a JSON document with an indent of 4.

    Raises:
        ValueError: ``json_string`` is not JSON.
    """
    return json.dumps(json.loads(json_string), indent=4)


def print_response(response: _HasText, label: str | None = None) -> None:
    """Print a response's JSON text, pretty-printed, after an optional label.

    Non-JSON text is printed as ``str(response)`` instead.
    """
    if label:
        print(label, end=" ")
    try:
        print(format_json(response.text))
    except ValueError:
        print(response)


def convert_timestamp_to_str(timestamp: float) -> str:
    """Format POSIX seconds as ``YYYY-MM-DDTHH:MM:SS.mmmZ`` (UTC).

    >>> convert_timestamp_to_str(235123656)
    '1977-06-14T08:07:36.000Z'
    """
    return convert_datetime_to_timestamp_str(datetime.fromtimestamp(timestamp, UTC))


def convert_datetime_to_timestamp_str(date: datetime) -> str:
    """Format a datetime's wall-clock fields as ``YYYY-MM-DDTHH:MM:SS.mmmZ``.

    Microseconds are truncated to milliseconds. The value is **not** converted to
    UTC (pycpg 1.0 behaviour); use :func:`parse_timestamp_to_milliseconds_precision`
    for a UTC-correct result.
    """
    return _format_wall_clock(date, "milliseconds")


def convert_datetime_to_epoch(date: datetime) -> float:
    """Return ``date.timestamp()`` (POSIX seconds; naive values use local time)."""
    return date.timestamp()


def format_dict(dict_: Any, label: str | None = None) -> str:
    """Dump a mapping as JSON with an indent of 4, prefixed by ``"<label> "`` if given."""
    prefix = f"{label} " if label else ""
    return f"{prefix}{json.dumps(dict_, indent=4)}"


def get_attribute_values_from_class(cls: type[Any]) -> list[Any]:
    """Values of the public, non-callable attributes of an instance of ``cls``.

    Ordered by attribute name (as :func:`dir` lists them).
    """
    instance = cls()
    values = (getattr(instance, name) for name in dir(instance) if not name.startswith("_"))
    return [value for value in values if not callable(value)]


@overload
def to_list(value: None) -> list[Any]: ...
@overload
def to_list(value: list[_T]) -> list[_T]: ...
@overload
def to_list(value: tuple[_T, ...]) -> tuple[_T, ...]: ...  # type: ignore[overload-overlap]
@overload
def to_list(value: _T) -> list[_T]: ...
def to_list(value: Any) -> Any:
    """Return ``[]`` for a falsy value, a list or tuple unchanged, else ``[value]``."""
    if not value:
        return []
    if isinstance(value, list | tuple):
        return value
    return [value]


# --- timestamps -----------------------------------------------------------------


def to_posix(value: TimestampLike) -> float:
    """Convert a date/time value to POSIX seconds.

    Args:
        value: an aware ``datetime`` (exact), a naive ``datetime`` (read as UTC), a
            ``date`` (midnight UTC), POSIX seconds (``int``/``float``, returned as a
            float), or a string: ISO 8601 (``Z`` or an offset allowed; no offset
            means UTC), ``YYYY-MM-DD HH:MM:SS`` (UTC) or ``YYYY-MM-DD`` (midnight
            UTC).

    Returns:
        Seconds since 1970-01-01T00:00:00Z.

    Raises:
        TypeError: ``value`` is of another type.
        ValueError: a bool, NaN or infinite number, or a string that is not a date.
    """
    return _posix(value)


def _posix(value: object) -> float:
    number = _number(value)
    if number is not None:
        return number
    if isinstance(value, str):
        return _posix(_parse_str(value))
    if isinstance(value, datetime):
        if _is_aware(value):
            return value.timestamp()
        return value.replace(tzinfo=UTC).timestamp()
    if isinstance(value, _Date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()
    raise TypeError(
        f"Expected a datetime, date, POSIX timestamp (int or float) or date string, got "
        f"{type(value).__name__}: {reprlib.repr(value)}."
    )


def _number(value: object) -> float | None:
    """``value`` as a float if it is a usable number, ``None`` if it is not a number."""
    if isinstance(value, bool):
        raise ValueError(
            f"Expected a timestamp, got the bool {value!r}; pass a datetime, date, "
            "POSIX seconds or a date string."
        )
    if not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"Timestamp {reprlib.repr(value)} is not a finite number of seconds.")
    return number


def _parse_str(value: str) -> datetime:
    text = value.strip()
    if text.endswith("z"):
        text = text[:-1] + "Z"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:  # pycpg 1.0 also accepted unpadded fields here, e.g. "2024-1-2 3:04:05"
        return datetime.strptime(text, DATE_STR_FORMAT)
    except ValueError:
        raise ValueError(
            f"Could not read {reprlib.repr(value)} as a date/time. Use ISO 8601 (e.g. "
            "'2024-01-31T13:45:00Z'), 'YYYY-MM-DD HH:MM:SS' (UTC) or 'YYYY-MM-DD'."
        ) from None


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _to_utc_datetime(value: object) -> datetime:
    """Exact UTC datetime for a TimestampLike (no float round trip for datetimes)."""
    number = _number(value)
    if isinstance(value, str):
        value = _parse_str(value)
    try:
        if number is not None:
            return datetime.fromtimestamp(number, UTC)
        if isinstance(value, datetime):
            # fix: pycpg 1.0 formatted aware datetimes without converting
            # them to UTC, yet appended "Z"
            return value.astimezone(UTC) if _is_aware(value) else value.replace(tzinfo=UTC)
        if isinstance(value, _Date):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(
            f"Timestamp {reprlib.repr(value)} is outside the range of dates that can be "
            "represented (years 1-9999 UTC)."
        ) from exc
    raise TypeError(f"Unsupported timestamp type {type(value).__name__}.")


def _format_wall_clock(value: datetime | _Date, timespec: str) -> str:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return f"{value.replace(tzinfo=None).isoformat(timespec=timespec)}Z"


def _accepted(value: object) -> bool:
    return isinstance(value, datetime | _Date | int | float | str)


@overload
def parse_timestamp_to_milliseconds_precision(timestamp: TimestampLike) -> str: ...
@overload
def parse_timestamp_to_milliseconds_precision(timestamp: None) -> None: ...
@overload
def parse_timestamp_to_milliseconds_precision(timestamp: TimestampLike | None) -> str | None: ...
def parse_timestamp_to_milliseconds_precision(timestamp: object) -> str | None:
    """Format a timestamp as ``YYYY-MM-DDTHH:MM:SS.mmmZ`` in UTC.

    Accepts everything :func:`to_posix` accepts (numbers are POSIX seconds; naive
    datetimes and offset-less strings are UTC; aware values are converted to UTC).
    Returns ``None`` for ``None`` or any other type, like pycpg 1.0.

    Raises:
        ValueError: a bool, non-finite or out-of-range number, or an unreadable string.
    """
    if not _accepted(timestamp):
        return None
    return _format_wall_clock(_to_utc_datetime(timestamp), "milliseconds")


@overload
def parse_timestamp_to_microseconds_precision(timestamp: TimestampLike) -> str: ...
@overload
def parse_timestamp_to_microseconds_precision(timestamp: None) -> None: ...
@overload
def parse_timestamp_to_microseconds_precision(timestamp: TimestampLike | None) -> str | None: ...
def parse_timestamp_to_microseconds_precision(timestamp: object) -> str | None:
    """Format a timestamp as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC.

    Same inputs and rules as :func:`parse_timestamp_to_milliseconds_precision`.
    """
    if not _accepted(timestamp):
        return None
    return _format_wall_clock(_to_utc_datetime(timestamp), "microseconds")
