"""pycpg.constants and pycpg.choices."""

from __future__ import annotations

from pycpg.choices import Choices
from pycpg.constants import SortDirection


def test_sort_direction_values() -> None:
    assert SortDirection.DESC == "DESC"
    assert SortDirection.ASC == "ASC"


def test_sort_direction_is_choices() -> None:
    assert issubclass(SortDirection, Choices)
    assert SortDirection.choices() == ["ASC", "DESC"]


def test_choices_lists_public_non_callable_values_in_name_order() -> None:
    class Colour(Choices):
        RED = "red"
        BLUE = "blue"
        _PRIVATE = "hidden"

        @staticmethod
        def helper() -> str:
            return "not a choice"

    assert Colour.choices() == ["blue", "red"]


def test_bare_choices_has_no_values() -> None:
    assert Choices.choices() == []
