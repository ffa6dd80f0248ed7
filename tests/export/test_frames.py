"""Data frames: the CSV's columns and values, typed; a clear error without the extra.

pandas and polars are both in the dev extra, so every test here runs (none is skipped).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import pytest

import pycpg.sdk
from pycpg.export import EXTRA_COLUMN, columns_of, to_pandas, to_polars, write_csv
from pycpg.models import Device

from .test_records import DEVICE

ROWS: list[dict[str, Any]] = [
    {"id": 1, "ok": True, "ratio": 0.5, "name": "a", "when": datetime(2026, 1, 1, 5, tzinfo=timezone.utc),
     "tags": ["x"], "owner": {"uid": "u1"}},
    {"id": None, "ok": None, "ratio": None, "name": None, "when": None, "tags": None, "owner": {"uid": None},
     "late": 3},
]


def _csv_rows(items: Any, **options: Any) -> list[list[str]]:
    out = io.StringIO()
    write_csv(items, out, **options)
    return list(csv.reader(io.StringIO(out.getvalue(), newline="")))


def test_pandas_frame_has_the_csv_columns_and_typed_values() -> None:
    frame = to_pandas(ROWS)
    assert list(frame.columns) == _csv_rows(ROWS)[0] == ["id", "ok", "ratio", "name", "when", "tags", "owner.uid",
                                                          "extra"]
    assert str(frame["id"].dtype) == "Int64" and str(frame["ok"].dtype) == "boolean"
    assert str(frame["ratio"].dtype) == "Float64"
    assert str(frame["when"].dtype).startswith("datetime64[") and str(frame["when"].dt.tz) == "UTC"
    assert frame["when"][0] == pd.Timestamp("2026-01-01T05:00:00Z")
    assert frame["tags"][0] == '["x"]' and frame["owner.uid"][0] == "u1"
    assert frame["id"][0] == 1 and bool(frame["ok"][0]) is True
    assert pd.isna(frame["id"][1]) and pd.isna(frame["when"][1]) and pd.isna(frame["name"][1])
    assert pd.isna(frame[EXTRA_COLUMN][0]) and json.loads(frame[EXTRA_COLUMN][1]) == {"late": 3}


def test_pandas_frame_of_devices_matches_the_csv(sdk: pycpg.sdk.SDKClient) -> None:
    devices = list(sdk.devices.iter_all(include_backup_usage=True))
    frame = to_pandas(devices)
    rows = _csv_rows(devices)
    assert list(frame.columns) == rows[0] == [*columns_of(Device), EXTRA_COLUMN]
    assert len(frame) == len(devices)
    assert list(frame["computerId"]) == [int(row[0]) for row in rows[1:]]
    usage = rows[0].index("backupUsage")
    assert [json.loads(text) for text in frame["backupUsage"]] == [json.loads(row[usage]) for row in rows[1:]]
    created = [device.creation_date for device in devices]
    assert all(stamp.to_pydatetime() == moment for stamp, moment in zip(frame["creationDate"], created, strict=True))


def test_pandas_with_model_and_chosen_columns() -> None:
    frame = to_pandas([DEVICE], model=Device, columns=["name", "lastConnected"])
    assert list(frame.columns) == ["name", "lastConnected"]
    assert frame["lastConnected"][0] == pd.Timestamp("2026-01-01T15:00:00.123Z")
    with pytest.raises(ValueError, match="unknown column"):
        to_pandas([DEVICE], model=Device, columns=["nope"])


def test_empty_frames() -> None:
    assert to_pandas([]).empty
    assert list(to_pandas([], model=Device).columns) == [*columns_of(Device), EXTRA_COLUMN]


@pytest.mark.parametrize(("function", "module"), [(to_pandas, "pandas"), (to_polars, "polars")])
def test_a_missing_library_names_the_extra(function: Any, module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes "import pandas" fail as if not installed
    with pytest.raises(ImportError, match=rf"pip install 'pycpg\[{module}\]'"):
        function(ROWS)


def test_polars_frame_has_the_csv_columns_and_typed_values() -> None:
    import polars as pl

    frame = to_polars(ROWS)
    assert frame.columns == _csv_rows(ROWS)[0]
    schema = dict(frame.schema)
    assert schema["id"] == pl.Int64 and schema["ok"] == pl.Boolean and schema["ratio"] == pl.Float64
    assert schema["when"] == pl.Datetime(time_unit="us", time_zone="UTC")
    assert frame["when"][0] == datetime(2026, 1, 1, 5, tzinfo=timezone.utc)
    assert frame["tags"][0] == '["x"]' and frame["owner.uid"][0] == "u1"
    assert frame["id"][1] is None and frame[EXTRA_COLUMN][0] is None
    assert json.loads(frame[EXTRA_COLUMN][1]) == {"late": 3}


def test_polars_frame_of_devices(sdk: pycpg.sdk.SDKClient) -> None:
    devices = list(sdk.devices.iter_all(include_backup_usage=True))
    frame = to_polars(devices)
    assert frame.columns == [*columns_of(Device), EXTRA_COLUMN]
    assert frame["computerId"].to_list() == [device.computer_id for device in devices]
    assert frame["lastConnected"].to_list() == [device.last_connected for device in devices]
