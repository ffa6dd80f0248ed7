"""One item as JSON: json_record, jsonl_line, the timestamp format, secrets, bad input."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from enum import Enum, IntEnum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from pycpg._redact import is_sensitive_key
from pycpg.constants import DeviceStatus
from pycpg.export import format_timestamp, json_record, jsonl_line
from pycpg.models import AuditLogEvent, BackupUsage, DataKeyToken, Device, PycpgModel, User

from ..models.strategies import audit_log_event_wire, device_wire, user_wire

STAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"

DEVICE = {
    "computerId": 42, "name": "laptop", "guid": "884752366200861697", "status": "Active", "active": True,
    "userId": 7, "userUid": "u-7", "orgId": 3, "lastConnected": "2026-01-01T10:00:00.123-05:00",
    "backupUsage": [{"targetComputerGuid": "t1", "archiveBytes": 5, "archiveFormat": "ARCHIVE_V2",
                     "lastCompletedBackup": "2025-12-31T23:00:00+00:00"}],
    "futureField": {"nested": [1, 2]},
}


# -- the timestamp format -------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 1, 1, tzinfo=timezone.utc), "2026-01-01T00:00:00.000000Z"),
        (datetime(2026, 1, 1, 5, 30, 0, 123000, tzinfo=timezone(timedelta(hours=5, minutes=30))),
         "2026-01-01T00:00:00.123000Z"),
        (datetime(2025, 12, 31, 19, 0, 0, 1, tzinfo=timezone(timedelta(hours=-5))), "2026-01-01T00:00:00.000001Z"),
        (datetime(2026, 1, 1, 12), "2026-01-01T12:00:00.000000Z"),  # naive is UTC
        (datetime(5, 1, 1, tzinfo=timezone.utc), "0005-01-01T00:00:00.000000Z"),  # four-digit year
    ],
)
def test_format_timestamp_is_utc_with_microseconds_and_z(moment: datetime, text: str) -> None:
    assert format_timestamp(moment) == text


@settings(deadline=None)
@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 31),
                    timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-7)),
                                               timezone(timedelta(hours=9, minutes=45))])))
def test_format_timestamp_round_trips_and_sorts_like_the_instants(moment: datetime) -> None:
    text = format_timestamp(moment)
    assert datetime.fromisoformat(text) == moment
    later = moment + timedelta(microseconds=1)
    assert format_timestamp(later) > text


def test_model_dates_of_every_spelling_come_out_in_the_one_format() -> None:
    record = json_record(Device.model_validate(DEVICE))
    assert record["lastConnected"] == "2026-01-01T15:00:00.123000Z"  # -05:00 moved to UTC
    assert record["backupUsage"][0]["lastCompletedBackup"] == "2025-12-31T23:00:00.000000Z"  # +00:00, no fraction
    assert record["creationDate"] is None


def _check_dates(model: PycpgModel, record: dict[str, Any]) -> int:
    """Assert every date attribute of ``model`` is written in the one format; how many there were."""
    checked = 0
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, datetime):
            assert re.match(STAMP, record[field.alias or name])
            assert record[field.alias or name] == format_timestamp(value)
            checked += 1
    return checked


@settings(max_examples=60, deadline=None)
@given(device_wire())
def test_every_date_of_a_device_uses_the_one_format(wire: dict[str, Any]) -> None:
    device = Device.model_validate(wire)
    record = json_record(device)
    _check_dates(device, record)
    for usage, written in zip(device.backup_usage or [], record["backupUsage"] or [], strict=True):
        _check_dates(usage, written)


def test_the_date_check_sees_dates() -> None:
    device = Device.model_validate(DEVICE)
    assert _check_dates(device, json_record(device)) == 1


# -- shape of the record ------------------------------------------------------------------


def test_record_has_wire_names_in_field_order_then_extras() -> None:
    record = json_record(Device.model_validate(DEVICE))
    wire_names = [field.alias for field in Device.model_fields.values()]
    assert list(record) == [*wire_names, "futureField"]
    assert record["futureField"] == {"nested": [1, 2]}
    assert record["status"] == "Active" and type(record["status"]) is str  # the enum's plain value
    usage = record["backupUsage"][0]
    assert list(usage)[:3] == ["targetComputerParentId", "targetComputerParentGuid", "targetComputerGuid"]
    assert usage["activity"] is None


def test_audit_event_keeps_type_dollar_and_event_specific_keys() -> None:
    event = AuditLogEvent.model_validate({"type$": "audit_log::logged_in/1", "timestamp": "2026-01-01T00:00:00.5Z",
                                          "federationId": "f-1", "metadataUrl": "https://idp.example/x"})
    record = json_record(event)
    assert record["type$"] == "audit_log::logged_in/1"
    assert record["timestamp"] == "2026-01-01T00:00:00.500000Z"
    assert record["federationId"] == "f-1" and record["metadataUrl"] == "https://idp.example/x"


@settings(max_examples=60, deadline=None)
@given(device_wire())
def test_a_dict_with_model_gives_the_same_line_as_the_model(wire: dict[str, Any]) -> None:
    assert jsonl_line(wire, model=Device) == jsonl_line(Device.model_validate(wire))


@settings(max_examples=60, deadline=None)
@given(audit_log_event_wire())
def test_audit_event_dict_and_model_agree(wire: dict[str, Any]) -> None:
    line = jsonl_line(wire, model=AuditLogEvent)
    assert line == jsonl_line(AuditLogEvent.model_validate(wire))
    assert set(wire) <= set(json.loads(line))  # no key the server sent is lost


@settings(max_examples=60, deadline=None)
@given(user_wire())
def test_a_line_is_one_line_of_the_record(wire: dict[str, Any]) -> None:
    line = jsonl_line(wire, model=User)
    assert line.endswith("\n") and line.count("\n") == 1
    assert json.loads(line) == json_record(wire, model=User)


def _safe_keys() -> st.SearchStrategy[str]:
    return st.text(max_size=8).filter(lambda key: not is_sensitive_key(key))


def _json_data() -> st.SearchStrategy[Any]:
    scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
               | st.text(alphabet=st.characters(exclude_categories=["Cs"])))
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(_safe_keys(), inner, max_size=4), max_leaves=12)


@settings(deadline=None)
@given(st.dictionaries(_safe_keys(), _json_data(), max_size=6))
def test_plain_dicts_round_trip_through_a_line(item: dict[str, Any]) -> None:
    line = jsonl_line(item)
    assert line.count("\n") == 1 and line.endswith("\n")
    assert json.loads(line) == item
    assert json_record(item) == item


def test_non_ascii_is_written_as_is() -> None:
    assert jsonl_line({"name": "Zoë's ☃ \u2028"}) == '{"name":"Zoë\'s ☃ \u2028"}\n'


def test_python_values_become_json() -> None:
    class Colour(Enum):
        RED = "red"

    class Level(IntEnum):
        HIGH = 3

    moment = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=1)))
    record = json_record({"when": moment, "status": DeviceStatus.ACTIVE, "colour": Colour.RED,
                          "level": Level.HIGH, "pair": (1, "a"), "model": BackupUsage(
                              target_computer_guid="g", archive_bytes=1, archive_format="ARCHIVE_V1")})
    assert record["when"] == "2025-12-31T23:00:00.000000Z"
    assert record["status"] == "Active" and type(record["status"]) is str
    assert record["colour"] == "red" and record["level"] == 3 and type(record["level"]) is int
    assert record["pair"] == [1, "a"]
    assert record["model"]["targetComputerGuid"] == "g" and record["model"]["lastBackup"] is None


# -- secrets ----------------------------------------------------------------------------------


def test_secret_fields_are_masked() -> None:
    token = DataKeyToken.model_validate({"dataKeyToken": "SeNtInEl-secret"})
    line = jsonl_line(token)
    assert "SeNtInEl" not in line
    assert json.loads(line) == {"dataKeyToken": "***"}


def test_secret_keys_are_masked_in_extras_dicts_and_plain_mappings() -> None:
    device = Device.model_validate({**DEVICE, "archivePassword": "SeNtInEl-1",
                                    "settings": {"encryptionKey": "SeNtInEl-2", "ok": 1}})
    plain = {"user": "x", "password": "SeNtInEl-3", "nested": [{"apiKey": "SeNtInEl-4"}], "token": None}
    for text in (jsonl_line(device), jsonl_line(plain)):
        assert "SeNtInEl" not in text
    assert json_record(device)["archivePassword"] == "***"
    assert json_record(device)["settings"] == {"encryptionKey": "***", "ok": 1}
    assert json_record(plain) == {"user": "x", "password": "***", "nested": [{"apiKey": "***"}], "token": None}


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "error", "words"),
    [
        ("a string", TypeError, "strings are not items"),
        (42, TypeError, "expected a pydantic model or a mapping"),
        ({"a": {1, 2}}, TypeError, "type builtins.set"),
        ({1: "x"}, TypeError, "keys must be strings"),
        ({"a": float("nan")}, ValueError, "NaN"),
        ({"a": float("inf")}, ValueError, "infinity"),
        ({"a": object()}, TypeError, "cannot export a value"),
    ],
)
def test_bad_items_are_refused_clearly(item: Any, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        json_record(item)


def test_a_response_gets_a_hint() -> None:
    class PycpgResponse:  # stands in for a page passed by mistake
        pass

    with pytest.raises(TypeError, match=r"pass its items instead, e\.g\. page\['computers'\]"):
        jsonl_line(PycpgResponse())  # type: ignore[arg-type]


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(5000):
        node["a"] = {}
        node = node["a"]
    with pytest.raises(ValueError, match="nested more than 200 levels"):
        json_record(deep)


def test_wrong_model_and_invalid_dict() -> None:
    user = User(user_id=1, user_uid="u", status="Active", username="x", active=True)
    with pytest.raises(TypeError, match="got a User model where Device was expected"):
        json_record(user, model=Device)
    with pytest.raises(ValidationError, match="guid"):
        json_record({"computerId": 1}, model=Device)


def test_subclass_instances_are_accepted_for_their_base_model() -> None:
    class MyDevice(Device):
        pass

    device = MyDevice.model_validate(DEVICE)
    assert json_record(device, model=Device) == json_record(Device.model_validate(DEVICE))
    assert isinstance(device, PycpgModel)
