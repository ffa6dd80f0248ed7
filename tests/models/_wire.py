"""Helpers that compare a model's dump with the payload it was parsed from."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def key_shape(value: Any) -> Any:
    """The nesting of dict keys in ``value``, with every leaf replaced by None."""
    if isinstance(value, dict):
        return {k: key_shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [key_shape(v) for v in value]
    return None


def _as_datetime(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def assert_wire_equal(dumped: Any, original: Any, path: str = "$") -> None:
    """Assert that a JSON-mode dump carries the same data as the original payload.

    Allowed differences are the ones the models are meant to make: a number
    sent for a string id comes back as a string, an int sent for a float comes
    back as a float, and a date comes back re-rendered with the same instant
    and the same UTC offset.
    """
    if isinstance(original, dict):
        assert isinstance(dumped, dict), path
        assert dumped.keys() == original.keys(), path
        for key in original:
            assert_wire_equal(dumped[key], original[key], f"{path}.{key}")
    elif isinstance(original, list):
        assert isinstance(dumped, list) and len(dumped) == len(original), path
        for i, (d, o) in enumerate(zip(dumped, original)):
            assert_wire_equal(d, o, f"{path}[{i}]")
    elif isinstance(original, int) and not isinstance(original, bool) and isinstance(dumped, str):
        assert dumped == str(original), path
    elif isinstance(original, str) and isinstance(dumped, str) and original != dumped:
        before, after = _as_datetime(original), _as_datetime(dumped)
        assert before is not None and after is not None, f"{path}: {original!r} != {dumped!r}"
        assert after == before, path
        assert after.utcoffset() == before.utcoffset(), path
    else:
        assert dumped == original and type(dumped) in (type(original), float), path
