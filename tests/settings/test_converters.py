"""pycpg.clients.settings._converters: round trips, and clear ValueErrors on bad input."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycpg.clients.settings._converters import (
    bool_to_str,
    bytes_to_gb,
    days_to_minutes,
    gb_to_bytes,
    minutes_to_days,
    str_to_bool,
    to_list,
)

_CASED_BOOL_WORDS = st.sampled_from(["true", "false"]).flatmap(
    lambda word: st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(word, upper))
    )
)


@given(st.booleans())
def test_bools_round_trip_through_strings(value: bool) -> None:
    assert bool_to_str(value) == ("true" if value else "false")
    assert str_to_bool(bool_to_str(value)) is value


@given(_CASED_BOOL_WORDS)
def test_bool_words_are_read_in_any_case(word: str) -> None:
    assert str_to_bool(word) is (word.lower() == "true")
    assert bool_to_str(word) == word.lower()


@pytest.mark.parametrize("value", [True, False])
def test_str_to_bool_returns_a_real_bool_unchanged(value: bool) -> None:
    assert str_to_bool(value) is value


@pytest.mark.parametrize("bad", ["yes", "", "1", 1, None, [], {"@nil": "true"}])
def test_bool_converters_name_the_bad_value(bad: Any) -> None:
    with pytest.raises(ValueError, match=repr(bad).replace("[", r"\[").replace("{", r"\{")):
        str_to_bool(bad)
    with pytest.raises(ValueError, match="Expected a bool"):
        bool_to_str(bad)


@given(st.integers(min_value=-(2**40), max_value=2**40))
def test_minutes_round_trip_through_days(minutes: int) -> None:
    days = minutes_to_days(str(minutes))
    assert days_to_minutes(days) == str(minutes)
    assert minutes_to_days(minutes) == days


@given(st.integers(min_value=0, max_value=10**6))
def test_whole_days_are_ints(days: int) -> None:
    minutes = days_to_minutes(days)
    assert minutes == str(days * 1440)
    back = minutes_to_days(minutes)
    assert back == days and isinstance(back, int)


@given(st.integers(min_value=0, max_value=10**5).map(lambda n: n / 100))
def test_decimal_days_round_to_the_nearest_minute(days: float) -> None:
    # pycpg truncated (2.3 days -> "3311"); the nearest minute is exact for 2-digit decimals.
    assert days_to_minutes(days) == str(round(days * 1440))
    assert days_to_minutes(str(days)) == days_to_minutes(days)


def test_days_known_values() -> None:
    assert days_to_minutes(2.3) == "3312"
    assert days_to_minutes("7") == "10080"
    assert minutes_to_days("2160") == 1.5
    assert minutes_to_days("10080") == 7


@pytest.mark.parametrize("bad", ["abc", "", float("nan"), float("inf"), True, None, [1]])
def test_days_to_minutes_names_the_bad_value(bad: Any) -> None:
    with pytest.raises(ValueError) as caught:
        days_to_minutes(bad)
    assert repr(bad) in str(caught.value)


@pytest.mark.parametrize("bad", ["1.5", "ten", 1.5, True, None, {"@nil": "true"}])
def test_minutes_to_days_names_the_bad_value(bad: Any) -> None:
    with pytest.raises(ValueError) as caught:
        minutes_to_days(bad)
    assert repr(bad) in str(caught.value)


@given(st.integers(min_value=0, max_value=10**15))
def test_bytes_round_trip_through_gb(value: int) -> None:
    assert gb_to_bytes(bytes_to_gb(value)) == value


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_gb_are_ints_both_ways(gb: int) -> None:
    value = gb_to_bytes(gb)
    assert value == gb * 1000**3 and isinstance(value, int)
    back = bytes_to_gb(value)
    assert back == gb and isinstance(back, int)


@given(st.floats(min_value=0, max_value=10**6, allow_nan=False))
def test_gb_to_bytes_gives_whole_bytes(gb: float) -> None:
    value = gb_to_bytes(gb)
    assert isinstance(value, int)
    assert abs(value - gb * 1000**3) <= 0.5 + gb * 1e-6


def test_unlimited_is_passed_through() -> None:
    assert gb_to_bytes(-1) == -1
    assert bytes_to_gb(-1) == -1
    assert bytes_to_gb(1_500_000_000) == 1.5


@pytest.mark.parametrize("bad", ["5", "5.0", True, None, float("nan"), [5]])
def test_gb_to_bytes_refuses_non_numbers_quickly(bad: Any) -> None:
    started = time.perf_counter()
    with pytest.raises(ValueError) as caught:
        gb_to_bytes(bad)
    assert time.perf_counter() - started < 0.5
    assert repr(bad) in str(caught.value)


@pytest.mark.parametrize("bad", ["1000", None, False])
def test_bytes_to_gb_names_the_bad_value(bad: Any) -> None:
    with pytest.raises(ValueError) as caught:
        bytes_to_gb(bad)
    assert repr(bad) in str(caught.value)


@given(st.lists(st.text()))
def test_to_list_keeps_lists(items: list[str]) -> None:
    assert to_list(items) == items
    assert to_list(tuple(items)) == items


def test_to_list_wraps_and_clears() -> None:
    assert to_list("a@b.c") == ["a@b.c"]
    assert to_list(None) == []
