"""Base class for groups of allowed string constants."""

from __future__ import annotations

from typing import Any

from pycpg.util import get_attribute_values_from_class

__all__ = ["Choices"]


class Choices:
    """A class whose public, non-callable attributes are the allowed values."""

    @classmethod
    def choices(cls) -> list[Any]:
        """Return the allowed values, ordered by attribute name."""
        return get_attribute_values_from_class(cls)
