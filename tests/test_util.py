"""pycpg.util: pycpg 1.0 helpers and the timestamp conversions."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycpg import util
from pycpg.util import (
    DATE_STR_FORMAT,
    MICROSECOND_FORMAT,
    convert_datetime_to_epoch,
    convert_datetime_to_timestamp_str,
    convert_timestamp_to_str,
    format_dict,
    format_json,
    get_attribute_values_from_class,
    parse_timestamp_to_microseconds_precision,
    parse_timestamp_to_milliseconds_precision,
    print_response,
    to_list,
    to_posix,
)

EPOCH = datetime(1970, 1, 1)

fixed_offsets = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59, seconds=-59), max_value=timedelta(hours=23, minutes=59, seconds=59)
).map(timezone)
any_timezone = fixed_offsets | st.timezones()
aware_datetimes = st.datetimes(timezones=any_timezone)
naive_datetimes = st.datetimes()
# strftime's %Y is not zero-padded below year 1000, so keep formatted values 4-digit;
# and stay a day away from the ends so that any offset still converts to UTC.
formattable = st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30))


def naive_as_utc_seconds(value: datetime) -> float:
    """Independent computation of POSIX seconds for a naive UTC wall-clock value."""
    return (value - EPOCH) / timedelta(seconds=1)


# --- constants and pycpg 1.0 helpers ------------------------------------------------

def test_format_constants() -> None:
    assert MICROSECOND_FORMAT == "%Y-%m-%dT%H:%M:%S.%fZ"
    assert DATE_STR_FORMAT == "%Y-%m-%d %H:%M:%S"


def test_convert_timestamp_to_str_spec_example() -> None:
    assert convert_timestamp_to_str(235123656) == "1977-06-14T08:07:36.000Z"


def test_convert_timestamp_to_str_truncates_to_milliseconds() -> None:
    assert convert_timestamp_to_str(1.9996) == "1970-01-01T00:00:01.999Z"
    assert convert_timestamp_to_str(-1) == "1969-12-31T23:59:59.000Z"


def test_convert_datetime_to_timestamp_str_keeps_wall_clock() -> None:
    # pycpg 1.0 behaviour: no UTC conversion here (the parse_* helpers convert)
    value = datetime(2021, 5, 6, 7, 8, 9, 123999, tzinfo=timezone(timedelta(hours=2)))
    assert convert_datetime_to_timestamp_str(value) == "2021-05-06T07:08:09.123Z"
    assert convert_datetime_to_timestamp_str(datetime(2021, 5, 6)) == "2021-05-06T00:00:00.000Z"


def test_convert_datetime_to_epoch_is_timestamp() -> None:
    value = datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=-5)))
    assert convert_datetime_to_epoch(value) == 946702800.0


def test_format_json_reindents() -> None:
    assert format_json('{"a":[1,2],"b":null}') == '{\n    "a": [\n        1,\n        2\n    ],\n    "b": null\n}'
    with pytest.raises(ValueError):
        format_json("not json")


def test_format_dict_with_and_without_label() -> None:
    assert format_dict({"a": 1}) == '{\n    "a": 1\n}'
    assert format_dict({"a": 1}, label="Org:") == 'Org: {\n    "a": 1\n}'
    assert format_dict({"a": 1}, label="") == '{\n    "a": 1\n}'


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return f"<raw {self.text}>"


def test_print_response_pretty_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    print_response(_Text('{"x":1}'), label="Result")
    assert capsys.readouterr().out == 'Result {\n    "x": 1\n}\n'


def test_print_response_falls_back_to_str(capsys: pytest.CaptureFixture[str]) -> None:
    print_response(_Text("plain"))
    assert capsys.readouterr().out == "<raw plain>\n"


def test_get_attribute_values_from_class() -> None:
    class Sample:
        zeta = "Z"
        alpha = "A"
        _hidden = "H"

        def __init__(self) -> None:
            self.middle = "M"

        def method(self) -> str:
            return "no"

        @property
        def computed(self) -> str:
            return "C"

    assert get_attribute_values_from_class(Sample) == ["A", "C", "M", "Z"]


@pytest.mark.parametrize("falsy", [None, "", 0, [], (), {}])
def test_to_list_falsy_gives_empty_list(falsy: Any) -> None:
    assert to_list(falsy) == []


def test_to_list_returns_sequences_unchanged_and_wraps_scalars() -> None:
    items = [1, 2]
    pair = (1, 2)
    assert to_list(items) is items
    assert to_list(pair) is pair
    assert to_list("guid") == ["guid"]
    assert to_list(5) == [5]
    assert to_list({"a": 1}) == [{"a": 1}]


# --- to_posix -----------------------------------------------------------------------

@given(aware_datetimes)
def test_to_posix_aware_is_exact(value: datetime) -> None:
    assert to_posix(value) == value.timestamp()


@given(naive_datetimes)
def test_to_posix_naive_is_utc(value: datetime) -> None:
    assert to_posix(value) == value.replace(tzinfo=UTC).timestamp()
    assert to_posix(value) == naive_as_utc_seconds(value)


@given(st.integers(min_value=-(2**53), max_value=2**53) | st.floats(allow_nan=False, allow_infinity=False))
def test_to_posix_numbers_unchanged(value: float) -> None:
    result = to_posix(value)
    assert type(result) is float
    assert result == value


# CPython 3.11's fromisoformat reads "+00:00:00.000001" as a zero offset (a microsecond
# offset with no whole seconds is dropped), so the text round trip keeps offsets to whole
# seconds; no server writes a sub-second UTC offset.
whole_second_offsets = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59, seconds=-59), max_value=timedelta(hours=23, minutes=59, seconds=59)
).map(lambda offset: timezone(offset - timedelta(microseconds=offset.microseconds)))
iso_round_trip_datetimes = st.datetimes(timezones=whole_second_offsets | st.timezones())


@given(iso_round_trip_datetimes)
def test_to_posix_iso_string_round_trips(value: datetime) -> None:
    assert to_posix(value.isoformat()) == value.timestamp()


@given(naive_datetimes)
def test_to_posix_iso_string_without_offset_is_utc(value: datetime) -> None:
    assert to_posix(value.isoformat()) == naive_as_utc_seconds(value)
    assert to_posix(value.isoformat() + "Z") == naive_as_utc_seconds(value)


@given(formattable)
def test_to_posix_date_str_format_is_utc(value: datetime) -> None:
    text = value.strftime(DATE_STR_FORMAT)
    assert to_posix(text) == naive_as_utc_seconds(value.replace(microsecond=0))


@given(st.dates())
def test_to_posix_date_is_midnight_utc(value: date) -> None:
    expected = (value - date(1970, 1, 1)).days * 86400.0
    assert to_posix(value) == expected
    assert to_posix(value.isoformat()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-31T13:45:00Z", 1706708700.0),
        ("2024-01-31T13:45:00z", 1706708700.0),
        ("2024-01-31T14:45:00+01:00", 1706708700.0),
        ("2024-01-31 13:45:00", 1706708700.0),
        ("  2024-01-31 13:45:00  ", 1706708700.0),
        ("2024-1-31 13:45:0", 1706708700.0),  # pycpg's strptime accepted unpadded fields
        ("2024-01-31", 1706659200.0),
        ("1970-01-01T00:00:00.5Z", 0.5),
    ],
)
def test_to_posix_string_examples(text: str, expected: float) -> None:
    assert to_posix(text) == expected


@pytest.mark.parametrize("text", ["not a date", "", "2024-13-01", "31/01/2024", "1706708700"])
def test_to_posix_bad_string_names_the_value(text: str) -> None:
    with pytest.raises(ValueError) as info:
        to_posix(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("value", [True, False, math.nan, math.inf, -math.inf, 10**400])
def test_to_posix_rejects_bools_and_non_finite_numbers(value: Any) -> None:
    with pytest.raises(ValueError) as info:
        to_posix(value)
    assert str(value)[:10] in str(info.value)


@pytest.mark.parametrize("value", [None, [2024], Decimal("1.5"), object(), b"2024-01-01"])
def test_to_posix_rejects_other_types_naming_them(value: Any) -> None:
    with pytest.raises(TypeError) as info:
        to_posix(value)
    assert type(value).__name__ in str(info.value)


# --- parse_timestamp_* ------------------------------------------------------------

MS = parse_timestamp_to_milliseconds_precision
US = parse_timestamp_to_microseconds_precision


@pytest.mark.parametrize(
    ("value", "ms", "us"),
    [
        (235123656, "1977-06-14T08:07:36.000Z", "1977-06-14T08:07:36.000000Z"),
        (1.5, "1970-01-01T00:00:01.500Z", "1970-01-01T00:00:01.500000Z"),
        (datetime(2020, 1, 2, 3, 4, 5, 678901), "2020-01-02T03:04:05.678Z", "2020-01-02T03:04:05.678901Z"),
        # aware, non-UTC: converted to UTC before formatting (pycpg 1.0 did not convert)
        (
            datetime(2020, 1, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "2020-01-01T21:34:05.000Z",
            "2020-01-01T21:34:05.000006Z",
        ),
        (datetime(2021, 7, 1, 12, tzinfo=ZoneInfo("America/New_York")), "2021-07-01T16:00:00.000Z",
         "2021-07-01T16:00:00.000000Z"),
        (date(2021, 3, 4), "2021-03-04T00:00:00.000Z", "2021-03-04T00:00:00.000000Z"),
        ("2021-03-04 05:06:07", "2021-03-04T05:06:07.000Z", "2021-03-04T05:06:07.000000Z"),
        ("2021-03-04T05:06:07+02:00", "2021-03-04T03:06:07.000Z", "2021-03-04T03:06:07.000000Z"),
        ("2021-03-04T05:06:07.25Z", "2021-03-04T05:06:07.250Z", "2021-03-04T05:06:07.250000Z"),
        ("2021-03-04", "2021-03-04T00:00:00.000Z", "2021-03-04T00:00:00.000000Z"),
        (datetime(1, 1, 1), "0001-01-01T00:00:00.000Z", "0001-01-01T00:00:00.000000Z"),
    ],
)
def test_parse_timestamp_examples(value: Any, ms: str, us: str) -> None:
    assert MS(value) == ms
    assert US(value) == us


@pytest.mark.parametrize("value", [None, [1], {"a": 1}, Decimal("1")])
def test_parse_timestamp_returns_none_for_other_types(value: Any) -> None:
    # pycpg 1.0 contract: callers pass None for "no filter"
    assert MS(value) is None
    assert US(value) is None


@pytest.mark.parametrize(
    "value", ["yesterday", True, math.nan, 1e20, datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))]
)
def test_parse_timestamp_bad_values_raise_value_error(value: Any) -> None:
    with pytest.raises(ValueError):
        MS(value)
    with pytest.raises(ValueError):
        US(value)


@given(formattable, fixed_offsets | st.timezones())
def test_parse_timestamp_formats_aware_datetimes_in_utc(wall: datetime, zone: Any) -> None:
    value = wall.replace(tzinfo=zone)
    utc = value.astimezone(UTC)
    assert US(value) == utc.strftime(MICROSECOND_FORMAT)
    assert MS(value) == utc.strftime(MICROSECOND_FORMAT)[:-4] + "Z"
    assert US(value.isoformat()) == US(value)
    assert to_posix(US(value)) == value.timestamp()


@given(formattable)
def test_parse_timestamp_reads_naive_values_as_utc(value: datetime) -> None:
    expected = value.strftime(MICROSECOND_FORMAT)
    assert US(value) == expected
    assert US(value.isoformat()) == expected
    assert MS(value) == expected[:-4] + "Z"
    assert US(value.strftime(DATE_STR_FORMAT)) == value.replace(microsecond=0).strftime(MICROSECOND_FORMAT)


@given(st.integers(min_value=-(10**10), max_value=10**11))
def test_parse_timestamp_integers_are_utc_seconds(seconds: int) -> None:
    expected = (EPOCH + timedelta(seconds=seconds)).strftime(MICROSECOND_FORMAT)
    if (EPOCH + timedelta(seconds=seconds)).year >= 1000:
        assert US(seconds) == expected
        assert MS(seconds) == expected[:-4] + "Z"
    assert to_posix(US(seconds)) == seconds


def test_public_names() -> None:
    assert set(util.__all__) >= {
        "MICROSECOND_FORMAT", "DATE_STR_FORMAT", "format_json", "print_response", "convert_timestamp_to_str",
        "convert_datetime_to_timestamp_str", "convert_datetime_to_epoch", "format_dict",
        "get_attribute_values_from_class", "to_list", "parse_timestamp_to_milliseconds_precision",
        "parse_timestamp_to_microseconds_precision", "to_posix",
    }
    assert all(hasattr(util, name) for name in util.__all__)


def test_parse_retry_after_is_re_exported_from_its_transport_home() -> None:
    from pycpg._http import retry
    from pycpg._http.errors import parse_retry_after

    assert util.parse_retry_after is parse_retry_after
    assert retry.parse_retry_after is parse_retry_after
    namespace: dict[str, Any] = {}
    exec("from pycpg.util import *", namespace)
    assert namespace["parse_retry_after"] is parse_retry_after
    assert util.parse_retry_after("12") == 12.0
    with pytest.raises(AttributeError):
        _ = util.no_such_helper
