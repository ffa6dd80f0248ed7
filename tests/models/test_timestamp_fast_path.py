"""The JSON fast path of Timestamp gives exactly what the Python validator gives.

For JSON input, pydantic-core recognises the usual date forms itself (see
``pycpg.models._base._json_timestamp_schema``); every other input goes to the
Python validator. These tests hold the fast path to the validator run alone on
the same JSON: same value, type, zone (object, name), kept wire value, and the
same errors (type, context, location, input).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

from pycpg.models import Timestamp
from pycpg.models._base import _lenient_timestamp, _strict_json_timestamp

FAST = TypeAdapter(Timestamp)
REFERENCE = {
    False: SchemaValidator(cs.no_info_plain_validator_function(_lenient_timestamp)),
    True: SchemaValidator(cs.no_info_plain_validator_function(_strict_json_timestamp)),
}

SAMPLES: list[Any] = [
    "2025-12-24T23:58:18.492+00:00",
    "2025-12-24T23:58:18.492Z",
    "2025-12-24T23:58:18.492-05:00",
    "2025-12-24T23:58:18.492+05:30",
    "2025-12-24T23:58:18.492+00:01",
    "2025-12-24T23:58:18.492-00:00",
    "2025-12-24T23:58:18.492+23:59",
    "2025-12-24T23:58:18.492+24:00",
    "2025-12-24T23:58:18.492+05:60",
    "2025-12-24T23:58:18.492123+00:00",
    "2025-12-24T23:58:18.492000+00:00",
    "2025-12-24T23:58:18.492123Z",
    "2025-12-24T23:58:18.492000Z",
    "2025-12-24T23:58:18+00:00",
    "2025-12-24T23:58:18Z",
    "2025-12-24T23:58:18.4Z",
    "2025-12-24 23:58:18.492+00:00",
    "2025-12-24T23:58:18,492+00:00",
    "2025-02-30T23:58:18.492+00:00",
    "2025-02-30T23:58:18.492Z",
    "2025-12-24T24:00:00.000Z",
    "2025-12-24T23:58:60.000+00:00",
    "0001-01-01T00:00:00.000+00:00",
    "9999-12-31T23:59:59.999+00:00",
    "9999-12-31T23:59:59.999-05:00",
    "2025-12-24T23:58:18.492+00:00\n",
    "\u0662025-12-24T23:58:18.492+00:00",
    "2025-12-24T23:58:18.492",
    "2025-12-24",
    "",
    "yesterday",
    1555091815023,
    1555091815,
    1555091815.5,
    -1,
    10**30,
    True,
    None,
    [],
    {},
]


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        value = call()
    except ValidationError as error:
        return "error", error.errors(include_url=False)
    assert isinstance(value, datetime)
    zone = value.tzinfo
    return "value", (
        value,
        type(value),
        type(zone),
        repr(zone),
        value.tzname(),
        zone is not None and zone is getattr(type(zone), "utc", None),
        getattr(value, "_wire", None),
    )


def _check(raw: Any, strict: bool) -> None:
    text = json.dumps(raw)
    got = _outcome(lambda: FAST.validate_json(text, strict=strict))
    expected = _outcome(lambda: REFERENCE[strict].validate_json(text))
    assert got == expected


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("raw", SAMPLES, ids=repr)
def test_fast_path_matches_the_validator(raw: Any, strict: bool) -> None:
    _check(raw, strict)


_DIGITS = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02}")
_OFFSETS = st.one_of(
    st.just("Z"),
    st.just("+00:00"),
    st.just("-00:00"),
    st.builds(lambda sign, hours, minutes: f"{sign}{hours}:{minutes}", st.sampled_from("+-"), _DIGITS, _DIGITS),
)


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    digits=st.sampled_from([0, 1, 3, 6]),
    separator=st.sampled_from(["T", "T", "T", " "]),
    offset=_OFFSETS,
    strict=st.booleans(),
)
def test_any_date_text_matches_the_validator(
    moment: datetime, digits: int, separator: str, offset: str, strict: bool
) -> None:
    text = moment.isoformat(sep=separator, timespec="seconds")
    if digits:
        text += "." + f"{moment.microsecond:06}"[:digits]
    _check(text + offset, strict)
