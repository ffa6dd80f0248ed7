"""Device actions: ``devices.deactivate``, ``devices.reactivate``, ``devices.rename``.

Rows name a device by its GUID (CrashPlan CLI column ``guid``). The numeric
``computerId`` is a different number, so ``computer_id`` is not accepted as a GUID.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, field_validator

from pycpg.bulk import _lookup as lookup
from pycpg.bulk.actions import Action, RowModel, StateChange
from pycpg.models import Device
from pycpg.sdk import SDKClient

__all__ = ["DeviceRow", "DeviceRenameRow", "DeactivateDevices", "ReactivateDevices", "RenameDevices"]

_GUID = AliasChoices("guid", "device_guid", "computer_guid")


def _digits(value: str) -> str:
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"a device GUID is a number, not {value!r}")
    return value


class DeviceRow(RowModel):
    """A device, by GUID."""

    bulk_template = ("guid",)

    guid: str = Field(validation_alias=_GUID, min_length=1, description="the device GUID")

    _check_guid = field_validator("guid")(_digits)


class DeviceRenameRow(RowModel):
    """A device, by GUID, and its new name."""

    bulk_template = ("guid", "name")

    guid: str = Field(validation_alias=_GUID, min_length=1, description="the device GUID")
    name: str = Field(
        validation_alias=AliasChoices("name", "new_name", "device_name", "new_device_name"),
        min_length=1, description="the new device name",
    )

    _check_guid = field_validator("guid")(_digits)


class _DeviceState(StateChange[DeviceRow, Device]):
    row_model = DeviceRow

    def target(self, sdk: SDKClient, row: DeviceRow) -> Device:
        return lookup.device(sdk, row.guid)

    def describe(self, target: Device) -> str:
        return lookup.describe_device(target)

    def current(self, target: Device) -> str:
        return str(target.status)


class DeactivateDevices(_DeviceState):
    """Deactivate each device (skipped when already deactivated)."""

    name = "devices.deactivate"
    summary = "deactivate devices (a device already deactivated is left as is)"
    verb, state = "deactivate", "deactivated"

    def reached(self, target: Device) -> bool:
        return not target.active

    def change(self, sdk: SDKClient, target: Device) -> None:
        sdk.devices.deactivate(target.computer_id)


class ReactivateDevices(_DeviceState):
    """Reactivate each device (skipped when already active)."""

    name = "devices.reactivate"
    summary = "reactivate devices (a device already active is left as is)"
    verb, state = "reactivate", "active"

    def reached(self, target: Device) -> bool:
        return target.active

    def change(self, sdk: SDKClient, target: Device) -> None:
        sdk.devices.reactivate(target.computer_id)


class RenameDevices(Action[DeviceRenameRow]):
    """Rename each device through its settings document (as CrashPlan's CLI does)."""

    name = "devices.rename"
    row_model = DeviceRenameRow
    summary = "rename devices (column name: the new name)"

    def plan(self, sdk: SDKClient, row: DeviceRenameRow) -> str:
        device = lookup.device(sdk, row.guid)
        if device.name == row.name:
            return f"{lookup.describe_device(device)} already has that name; nothing to do"
        return f"would rename {lookup.describe_device(device)} to {row.name!r}"

    def apply(self, sdk: SDKClient, row: DeviceRenameRow) -> str:
        lookup.device(sdk, row.guid)  # a clear "no device" error instead of a bare 404
        settings = sdk.devices.get_settings(row.guid)
        old = settings.name
        if old == row.name:
            return f"device {row.guid} already named {old!r}"
        settings.name = row.name
        sdk.devices.update_settings(settings)
        return f"renamed device {row.guid} from {old!r} to {row.name!r}"
