"""Exports of real answers: devices, users and audit-log events read from the emulator over HTTP."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.export import EXTRA_COLUMN, columns_of, json_record, write_csv, write_json, write_jsonl
from pycpg.models import AuditLogEvent, Device


def _device_dicts(sdk: pycpg.sdk.SDKClient) -> Iterator[dict[str, Any]]:
    """The devices as pycpg 1.0 scripts see them: the items of each page's ``computers``."""
    for page in sdk.devices.get_all(include_backup_usage=True):
        yield from page["computers"]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_devices_as_models_and_as_pycpg_1_dicts_give_the_same_files(sdk: pycpg.sdk.SDKClient,
                                                                     tmp_path: Path) -> None:
    devices = list(sdk.devices.iter_all(include_backup_usage=True))
    assert devices and any(device.backup_usage for device in devices)
    for write, name in ((write_jsonl, "d.jsonl"), (write_json, "d.json"), (write_csv, "d.csv")):
        assert write(devices, tmp_path / ("models-" + name)) == len(devices)
        assert write(_device_dicts(sdk), tmp_path / ("dicts-" + name), model=Device) == len(devices)
        assert (tmp_path / ("models-" + name)).read_bytes() == (tmp_path / ("dicts-" + name)).read_bytes()
    lines = (tmp_path / "models-d.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["guid"] for line in lines] == [device.guid for device in devices]
    assert json.loads((tmp_path / "models-d.json").read_text(encoding="utf-8")) == [json.loads(x) for x in lines]


def test_device_csv_holds_every_device_and_its_backup_usage(sdk: pycpg.sdk.SDKClient, tmp_path: Path) -> None:
    devices = list(sdk.devices.iter_all(include_backup_usage=True))
    write_csv(devices, tmp_path / "devices.csv")
    rows = _read_csv(tmp_path / "devices.csv")
    assert list(rows[0]) == [*columns_of(Device), EXTRA_COLUMN]
    assert [int(row["computerId"]) for row in rows] == [device.computer_id for device in devices]
    for device, row in zip(devices, rows, strict=True):
        record = json_record(device)
        assert json.loads(row["backupUsage"]) == record["backupUsage"]
        assert row["active"] == ("true" if device.active else "false")
        if device.last_connected is not None:
            assert datetime.fromisoformat(row["lastConnected"]) == device.last_connected


def test_dates_sent_in_another_zone_come_out_in_utc(emulator_factory: Callable[..., Emulator]) -> None:
    emulator = emulator_factory(seed=3, time_zone="-05:00")
    account = emulator.plain_admin
    with pycpg.sdk.from_local_account(emulator.url, account.username, account.password) as sdk:
        raw = next(_device_dicts(sdk))
        device = Device.model_validate(raw)
    assert raw["creationDate"].endswith("-05:00")
    written = json_record(raw, model=Device)["creationDate"]
    assert written.endswith("Z") and datetime.fromisoformat(written) == device.creation_date


def test_audit_events_lose_no_key_in_csv(sdk: pycpg.sdk.SDKClient, tmp_path: Path) -> None:
    events = list(sdk.auditlogs.iter_all())
    assert len(events) > 10
    assert write_csv(events, tmp_path / "audit.csv") == len(events)
    rows = _read_csv(tmp_path / "audit.csv")
    specific = 0
    for event, row in zip(events, rows, strict=True):
        extra = json.loads(row.pop(EXTRA_COLUMN) or "{}")
        specific += bool(extra)
        rebuilt: dict[str, Any] = {key: value or None for key, value in row.items()}
        rebuilt.update(extra)
        assert rebuilt == json_record(event)  # every field is a string or null here
        assert set(event.to_wire()) <= set(rebuilt)
    assert specific  # some event types carry their own keys, and they are there


def test_users_to_json(sdk: pycpg.sdk.SDKClient, tmp_path: Path) -> None:
    users = list(sdk.users.iter_all())
    assert write_json(sdk.users.iter_all(), tmp_path / "users.json") == len(users)
    written = json.loads((tmp_path / "users.json").read_text(encoding="utf-8"))
    assert [item["userUid"] for item in written] == [user.user_uid for user in users]
    assert all(item["creationDate"] is None or item["creationDate"].endswith("Z") for item in written)


def test_audit_event_lines_match_the_events(sdk: pycpg.sdk.SDKClient, tmp_path: Path) -> None:
    events = list(sdk.auditlogs.iter_all())
    write_jsonl(events, tmp_path / "audit.jsonl", model=AuditLogEvent)
    lines = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    for event, line in zip(events, lines, strict=True):
        record = json.loads(line)
        assert record["type$"] == event.event_type
        assert datetime.fromisoformat(record["timestamp"]) == event.timestamp
        assert {k: v for k, v in event.to_wire().items() if k != "timestamp"}.items() <= record.items()
