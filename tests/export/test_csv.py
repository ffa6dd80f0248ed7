"""CSV: columns from the model, dotted flattening, the extra column, cells, quoting round trips."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg._redact import is_sensitive_key
from pycpg.export import EXTRA_COLUMN, columns_of, json_record, write_csv
from pycpg.models import AuditLogEvent, BackupUsage, Device, LegalHoldMembership, PycpgModel

from ..models.strategies import audit_log_event_wire, device_wire, legal_hold_membership_wire
from .test_records import DEVICE


def _csv(items: Any, **options: Any) -> list[list[str]]:
    out = io.StringIO()
    count = write_csv(items, out, **options)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert count == max(len(rows) - (options.get("header", True) and bool(rows)), 0)
    return rows


def _by_name(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# -- columns ---------------------------------------------------------------------------------


def test_columns_of_device_are_its_wire_fields_in_order() -> None:
    assert columns_of(Device) == [field.alias for field in Device.model_fields.values()]
    assert "backupUsage" in columns_of(Device)  # a list of models is one column
    assert not any(name.startswith("backupUsage.") for name in columns_of(Device))


def test_nested_models_become_dotted_columns_recursively() -> None:
    usage = columns_of(BackupUsage)
    assert usage[-6:] == ["activity.connected", "activity.backingUp", "activity.restoring",
                          "activity.timeRemainingInMs", "activity.remainingFiles", "activity.remainingBytes"]
    membership = columns_of(LegalHoldMembership)
    assert "legalHold.legalHoldUid" in membership and "user.username" in membership
    assert "legalHold" not in membership


def test_a_model_that_holds_itself_stops_at_one_json_cell() -> None:
    class Node(PycpgModel):
        name: str
        child: Node | None = None

    assert columns_of(Node) == ["name", "child"]
    rows = _csv([Node(name="a", child=Node(name="b"))])
    assert rows[1][:2] == ["a", '{"name":"b","child":null}']


def test_header_is_the_columns_then_extra() -> None:
    rows = _csv([Device.model_validate(DEVICE)])
    assert rows[0] == [*columns_of(Device), EXTRA_COLUMN]
    assert len(rows[1]) == len(rows[0])


# -- cells ------------------------------------------------------------------------------------


def test_cells_of_a_device() -> None:
    row = _by_name(_csv([Device.model_validate(DEVICE)]))[0]
    assert row["computerId"] == "42"
    assert row["active"] == "true" and row["blocked"] == ""  # booleans; None is empty
    assert row["lastConnected"] == "2026-01-01T15:00:00.123000Z"
    usage = json.loads(row["backupUsage"])  # a list: one cell of compact JSON, dates in the one format
    assert usage[0]["targetComputerGuid"] == "t1" and usage[0]["lastCompletedBackup"] == "2025-12-31T23:00:00.000000Z"
    assert json.loads(row[EXTRA_COLUMN]) == {"futureField": {"nested": [1, 2]}}


def test_false_zero_and_floats() -> None:
    row = _by_name(_csv([{"a": False, "b": 0, "c": 0.1, "d": 1e-7, "e": -3}]))[0]
    assert row == {"a": "false", "b": "0", "c": "0.1", "d": "1e-07", "e": "-3", "extra": ""}


def test_extra_is_empty_when_nothing_is_left_over() -> None:
    device = Device.model_validate({k: v for k, v in DEVICE.items() if k != "futureField"})
    assert _by_name(_csv([device]))[0][EXTRA_COLUMN] == ""


@settings(max_examples=60, deadline=None)
@given(st.lists(audit_log_event_wire(), min_size=1, max_size=4))
def test_no_audit_event_key_is_lost(events: list[dict[str, Any]]) -> None:
    """Each event type has its own keys: they land in extra, and the row gives the record back."""
    rows = _by_name(_csv(events, model=AuditLogEvent))
    for event, row in zip(events, rows, strict=True):
        record = json_record(event, model=AuditLogEvent)
        extra = json.loads(row[EXTRA_COLUMN]) if row[EXTRA_COLUMN] else {}
        declared = set(columns_of(AuditLogEvent))
        assert set(extra) == set(record) - declared
        for key in set(record) - declared:
            assert extra[key] == record[key]
        for key in declared:
            value = record[key]
            assert row[key] == ("" if value is None else value)


@settings(max_examples=40, deadline=None)
@given(st.lists(legal_hold_membership_wire(), min_size=1, max_size=3))
def test_flattened_nested_models_give_the_record_back(items: list[dict[str, Any]]) -> None:
    rows = _by_name(_csv(items, model=LegalHoldMembership))
    for item, row in zip(items, rows, strict=True):
        record = json_record(item, model=LegalHoldMembership)
        for name in columns_of(LegalHoldMembership):
            value: Any = record
            for part in name.split("."):
                value = value[part] if isinstance(value, dict) else None
            if isinstance(value, list | dict):
                assert json.loads(row[name]) == value
            elif isinstance(value, bool):
                assert row[name] == str(value).lower()
            elif value is None:
                assert row[name] == ""
            else:
                assert row[name] == str(value)


@settings(max_examples=40, deadline=None)
@given(st.lists(device_wire(), min_size=1, max_size=3))
def test_dict_input_with_model_equals_model_input(items: list[dict[str, Any]]) -> None:
    assert _csv(items, model=Device) == _csv([Device.model_validate(item) for item in items])


# -- choosing columns ------------------------------------------------------------------------------


def test_columns_choose_and_order() -> None:
    rows = _csv([Device.model_validate(DEVICE)], columns=["name", "computerId", "lastConnected"])
    assert rows == [["name", "computerId", "lastConnected"], ["laptop", "42", "2026-01-01T15:00:00.123000Z"]]


def test_columns_with_extra_keep_what_was_left_out() -> None:
    rows = _by_name(_csv([Device.model_validate(DEVICE)], columns=["name"], extra=True))
    extra = json.loads(rows[0][EXTRA_COLUMN])
    assert extra["computerId"] == 42 and extra["futureField"] == {"nested": [1, 2]}
    assert "name" not in extra


def test_nested_columns_can_be_chosen() -> None:
    membership = {"legalHoldMembershipUid": "m1", "active": True,
                  "legalHold": {"legalHoldUid": "h1", "name": "Hold, \"one\""},
                  "user": {"userUid": "u1", "username": "a@example.com"}}
    rows = _csv([membership], model=LegalHoldMembership, columns=["user.username", "legalHold.name"])
    assert rows == [["user.username", "legalHold.name"], ["a@example.com", 'Hold, "one"']]


def test_unknown_column_names_list_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown column\(s\) 'nmae'.*the columns are: computerId, name, "):
        write_csv([], io.StringIO(), model=Device, columns=["nmae"])
    with pytest.raises(ValueError, match="more than once"):
        write_csv([], io.StringIO(), model=Device, columns=["name", "name"])
    with pytest.raises(TypeError, match="not one string"):
        write_csv([], io.StringIO(), model=Device, columns="name")


def test_no_header() -> None:
    assert _csv([{"a": 1}], header=False) == [["1", ""]]


# -- plain dicts ----------------------------------------------------------------------------------------


def test_dict_columns_come_from_the_first_row_and_new_keys_go_to_extra() -> None:
    rows = _csv([{"id": 1, "owner": {"name": "a", "org": {"id": 9}}, "tags": ["x"]},
                 {"id": 2, "owner": {"name": "b", "age": 3}, "late": True},
                 {"id": 3, "owner": "not an object"},
                 {"id": 4, "owner": None}])
    assert rows[0] == ["id", "owner.name", "owner.org.id", "tags", "extra"]
    assert rows[1] == ["1", "a", "9", '["x"]', ""]
    assert rows[2] == ["2", "b", "", "", '{"owner.age":3,"late":true}']
    assert rows[3] == ["3", "", "", "", '{"owner":"not an object"}']
    assert rows[4] == ["4", "", "", "", ""]


def test_a_nested_model_in_a_dict_gets_the_models_columns() -> None:
    usage = BackupUsage(target_computer_guid="g", archive_bytes=1, archive_format="ARCHIVE_V1")
    rows = _csv([{"device": 1, "usage": usage}])
    assert rows[0][:2] == ["device", "usage.targetComputerParentId"]
    assert "usage.activity.connected" in rows[0]  # although the first row has no activity


def test_dict_columns_given_explicitly() -> None:
    rows = _csv([{"a": {"b": 1, "c": 2}, "d": 3}], columns=["a.b", "d", "missing"])
    assert rows == [["a.b", "d", "missing"], ["1", "3", ""]]
    rows = _csv([{"a": {"b": 1}}], columns=["a"])
    assert rows == [["a"], ['{"b":1}']]
    with pytest.raises(ValueError, match="overlap"):
        write_csv([], io.StringIO(), columns=["a", "a.b"])


def test_a_key_with_a_dot_that_clashes_is_refused() -> None:
    with pytest.raises(ValueError, match="'a.b' twice"):
        write_csv([{"a.b": 1, "a": {"b": 2}}], io.StringIO())


def test_a_data_column_named_extra_moves_the_extra_column() -> None:
    rows = _csv([{"extra": 1}, {"extra": 2, "new": 3}])
    assert rows == [["extra", "_extra"], ["1", ""], ["2", '{"new":3}']]


def test_rows_without_columns_still_get_a_header() -> None:
    assert _csv([{}, {"a": 1}]) == [["extra"], [""], ['{"a":1}']]


def test_no_items_and_no_columns_write_nothing() -> None:
    out = io.StringIO()
    assert write_csv([], out) == 0 and out.getvalue() == ""
    out = io.StringIO()
    assert write_csv([], out, model=BackupUsage) == 0
    assert out.getvalue().splitlines() == [",".join([*columns_of(BackupUsage), "extra"])]


# -- CSV injection ---------------------------------------------------------------------------------------


def test_formulas_are_kept_by_default_and_escaped_on_request() -> None:
    values = {"a": "=HYPERLINK(\"x\")", "b": "+1", "c": "-2", "d": "@SUM(A1)", "e": "\tx", "f": "plain", "g": -5}
    assert _by_name(_csv([values]))[0]["a"] == '=HYPERLINK("x")'
    escaped = _by_name(_csv([values], escape_formulas=True))[0]
    assert escaped == {"a": "'=HYPERLINK(\"x\")", "b": "'+1", "c": "'-2", "d": "'@SUM(A1)", "e": "'\tx",
                       "f": "plain", "g": "-5", "extra": ""}  # numbers are not strings: left alone


def test_escape_applies_to_header_names_too() -> None:
    assert _csv([{"=x": 1}], escape_formulas=True)[0] == ["'=x", "extra"]


# -- round trips through csv.reader ---------------------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)
_KEYS = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="."), min_size=1,
                max_size=6).filter(lambda key: not is_sensitive_key(key))
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _TEXT
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_KEYS, inner, max_size=3), max_leaves=8)


def _expected(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    assert isinstance(value, str)
    return value


def _flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict) and value:
            out.update(_flat(value, prefix + key + "."))
        else:
            out[prefix + key] = value
    return out


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=6), st.integers(min_value=1, max_value=3))
def test_any_values_round_trip_through_csv_reader(row: dict[str, Any], copies: int) -> None:
    """Unicode, quotes, commas, newlines, carriage returns, empty strings, None, nested values."""
    rows = _csv([row] * copies)
    flat = _flat(row)
    assert rows[0] == [*flat, "extra"]
    for written in rows[1:]:
        assert len(written) == len(flat) + 1 and written[-1] == ""
        for cell, value in zip(written, flat.values()):
            if isinstance(value, list | dict):
                assert json.loads(cell) == value  # compact JSON text of the value
            else:
                assert cell == _expected(value)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5))
def test_strings_in_a_model_round_trip(names: list[str]) -> None:
    devices = [Device.model_validate({**DEVICE, "name": name, "notes": name + "\r\n\"x\",y"}) for name in names]
    rows = _by_name(_csv(devices))
    assert [row["name"] for row in rows] == names
    assert [row["notes"] for row in rows] == [name + "\r\n\"x\",y" for name in names]
