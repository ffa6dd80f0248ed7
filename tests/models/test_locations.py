"""describe_location: pydantic's error locations told in model terms (for PycpgModelError)."""

from __future__ import annotations

from typing import Any

import pytest

from pycpg.models import Device, DevicePage, LegalHoldEvent, LegalHoldMatter, MatterList, Role
from pycpg.models._locations import describe_location, type_name


@pytest.mark.parametrize(
    ("target", "loc", "expected"),
    [
        (DevicePage, ("computers", 3, "guid"), ("Device at computers[3]", "guid")),
        (DevicePage, ("computers",), ("DevicePage", "computers")),
        (DevicePage, ("computers", 0, "alertStates", 1), ("Device at computers[0]", "alertStates[1]")),
        (Device, ("guid",), ("Device", "guid")),
        (Device, ("backupUsage", 0, "activity", "connected"), ("BackupActivity at backupUsage[0].activity", "connected")),
        (Device, ("settings", "serviceBackupConfig", "x"), ("Device", "settings.serviceBackupConfig.x")),
        (list[LegalHoldEvent], (2, "eventType"), ("LegalHoldEvent at [2]", "eventType")),
        (MatterList, (1, "creator", "principal", "type"), ("Principal at [1].creator", "type")),
        (MatterList, (1, "creator", "user", "username"), ("LegalHoldUser at [1].creator", "username")),
        (LegalHoldMatter, ("creator",), ("LegalHoldMatter", "creator")),
        (Role, ("roleId", "int"), ("Role", "roleId")),
        (Device, ("futureKey", 7), ("Device", "futureKey[7]")),
    ],
)
def test_locations_name_the_model_the_item_and_the_field(
    target: Any, loc: tuple[int | str, ...], expected: tuple[str, str]
) -> None:
    assert describe_location(target, loc) == expected


@pytest.mark.parametrize(("target", "loc"), [(DevicePage, ()), (list[Device], (3,)), (Any, ("a",)), (int, ())])
def test_locations_outside_any_model_are_none(target: Any, loc: tuple[int | str, ...]) -> None:
    assert describe_location(target, loc) is None


def test_type_names_are_short() -> None:
    assert type_name(Device) == "Device"
    assert type_name(list[LegalHoldEvent]) == "list[LegalHoldEvent]"
    assert type_name(MatterList) == "list[LegalHoldMatter]"
    assert type_name(Device | None) == "Device | None"
    assert type_name(dict[str, Any]) == "dict[str, Any]"
