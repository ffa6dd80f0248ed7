"""Device actions: ``devices.deactivate``, ``devices.reactivate``, ``devices.rename``.

Rows name a device by its GUID (CrashPlan CLI column ``guid``). The numeric
``computerId`` is a different number, so ``computer_id`` is not accepted as a GUID.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, field_validator

from pycpg.bulk import _lookup as lookup
from pycpg.bulk.actions import Action, RowModel
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


class DeactivateDevices(Action[DeviceRow]):
    """Deactivate each device (skipped when already deactivated)."""

    name = "devices.deactivate"
    row_model = DeviceRow
    summary = "deactivate devices (a device already deactivated is left as is)"

    def plan(self, sdk: SDKClient, row: DeviceRow) -> str:
        device = lookup.device(sdk, row.guid)
        if not device.active:
            return f"{lookup.describe_device(device)} is already deactivated; nothing to do"
        return f"would deactivate {lookup.describe_device(device)} (currently {device.status})"

    def apply(self, sdk: SDKClient, row: DeviceRow) -> str:
        device = lookup.device(sdk, row.guid)
        if not device.active:
            return f"{lookup.describe_device(device)} was already deactivated"
        sdk.devices.deactivate(device.computer_id)
        return f"deactivated {lookup.describe_device(device)}"


class ReactivateDevices(Action[DeviceRow]):
    """Reactivate each device (skipped when already active)."""

    name = "devices.reactivate"
    row_model = DeviceRow
    summary = "reactivate devices (a device already active is left as is)"

    def plan(self, sdk: SDKClient, row: DeviceRow) -> str:
        device = lookup.device(sdk, row.guid)
        if device.active:
            return f"{lookup.describe_device(device)} is already active; nothing to do"
        return f"would reactivate {lookup.describe_device(device)} (currently {device.status})"

    def apply(self, sdk: SDKClient, row: DeviceRow) -> str:
        device = lookup.device(sdk, row.guid)
        if device.active:
            return f"{lookup.describe_device(device)} was already active"
        sdk.devices.reactivate(device.computer_id)
        return f"reactivated {lookup.describe_device(device)}"


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
