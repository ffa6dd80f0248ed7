"""Constant value groups shared across the SDK."""

from __future__ import annotations

from pycpg.choices import Choices

__all__ = ["SortDirection"]


class SortDirection(Choices):
    """Sort directions ``DESC`` and ``ASC``.

    Kept for compatibility: no pycpg 1.0 method takes it; the cold
    storage listing, for instance, expects lowercase ``"asc"``/``"desc"``.
    """

    DESC = "DESC"
    ASC = "ASC"
