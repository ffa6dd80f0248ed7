"""pycpg 1.0's import path for the settings value converters; they live in :mod:`pycpg.documents.converters`."""

from __future__ import annotations

from pycpg.documents.converters import UNLIMITED as UNLIMITED
from pycpg.documents.converters import (
    bool_to_str,
    bytes_to_gb,
    days_to_minutes,
    gb_to_bytes,
    minutes_to_days,
    str_to_bool,
    to_list,
)

__all__ = [
    "bool_to_str",
    "bytes_to_gb",
    "days_to_minutes",
    "gb_to_bytes",
    "minutes_to_days",
    "str_to_bool",
    "to_list",
]
