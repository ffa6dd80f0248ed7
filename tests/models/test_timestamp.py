"""Timestamp: every parsed date is timezone-aware and keeps its offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from pydantic import TypeAdapter, ValidationError

from pycpg.models import Device, Timestamp

from .strategies import iso_timestamps
from .test_devices import MINIMAL_DEVICE

TIMESTAMP = TypeAdapter(Timestamp)
CST = timezone(timedelta(hours=-6))


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2019-12-02T09:34:28.364-06:00", timedelta(hours=-6)),
        ("2014-08-07T15:31:21.466-05:00", timedelta(hours=-5)),
        ("2025-06-13T14:31:58.069+00:00", timedelta(0)),
        ("2020-10-12T16:55:40.632Z", timedelta(0)),
        ("2020-03-01T02:00:00.123456Z", timedelta(0)),
        ("2021-01-01T08:00:00.5+05:30", timedelta(hours=5, minutes=30)),
    ],
)
def test_iso_string_keeps_its_offset(text: str, offset: timedelta) -> None:
    parsed = TIMESTAMP.validate_python(text)

    assert parsed.utcoffset() == offset
    assert parsed == datetime.fromisoformat(text)


@settings(max_examples=60, deadline=None)
@given(iso_timestamps())
def test_any_wire_date_parses_to_same_instant_and_offset(text: str) -> None:
    parsed = TIMESTAMP.validate_python(text)
    expected = datetime.fromisoformat(text)

    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_z_suffix_is_utc() -> None:
    parsed = TIMESTAMP.validate_python("2019-05-17T15:07:44.820Z")

    assert parsed.utcoffset() == timedelta(0)
    assert parsed == datetime(2019, 5, 17, 15, 7, 44, 820000, tzinfo=UTC)


def test_aware_datetime_is_kept_with_its_offset() -> None:
    value = datetime(2019, 12, 2, 9, 34, 28, 364000, tzinfo=CST)

    parsed = TIMESTAMP.validate_python(value)

    assert parsed == value
    assert parsed.utcoffset() == timedelta(hours=-6)
    assert parsed.hour == 9  # not converted to UTC


@pytest.mark.parametrize(
    "naive", [datetime(2020, 3, 1, 2, 0, 0), "2020-03-01T02:00:00", "2020-03-01T02:00:00.123"]
)
def test_naive_input_is_taken_as_utc(naive: datetime | str) -> None:
    parsed = TIMESTAMP.validate_python(naive)

    assert parsed.utcoffset() == timedelta(0)
    assert parsed.replace(microsecond=0) == datetime(2020, 3, 1, 2, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("epoch", [1555091815023, 1555091815, "1555091815023"])
def test_epoch_numbers_are_utc_instants(epoch: int | str) -> None:
    parsed = TIMESTAMP.validate_python(epoch)

    assert parsed.utcoffset() == timedelta(0)
    assert parsed.replace(microsecond=0) == datetime(2019, 4, 12, 17, 56, 55, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["not a date", "2020-13-01T00:00:00Z", "04/12/19 12:56 PM", ""])
def test_invalid_string_is_rejected(bad: str) -> None:
    with pytest.raises(ValidationError):
        TIMESTAMP.validate_python(bad)


def test_invalid_date_in_a_model_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Device.model_validate({**MINIMAL_DEVICE, "lastConnected": "yesterday"})

    assert caught.value.errors()[0]["loc"] == ("lastConnected",)


def test_json_dump_keeps_the_offset() -> None:
    device = Device.model_validate({**MINIMAL_DEVICE, "creationDate": "2019-12-02T09:34:28.364-06:00"})

    dumped = device.model_dump(mode="json", by_alias=True, exclude_unset=True)

    assert datetime.fromisoformat(dumped["creationDate"]).utcoffset() == timedelta(hours=-6)
