"""Finding emulator devices and orgs of a given settings profile, and reading their stored trees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pycpg.emulator import Emulator
from pycpg.emulator.records import DeviceRecord, OrgRecord


def stored_settings(emulator: Emulator, device: DeviceRecord) -> dict[str, Any]:
    """The device's settings tree as the emulator stores it."""
    tenant = emulator.tenant
    with tenant.lock:
        return tenant.settings_docs.device(tenant, device).settings


def backup_config(settings: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = settings["serviceBackupConfig"]
    return config


def has_locked_sets(settings: dict[str, Any]) -> bool:
    return isinstance(backup_config(settings)["backupConfig"]["backupSets"], dict)


def has_locked_alerts(settings: dict[str, Any]) -> bool:
    return isinstance(backup_config(settings)["severeEmailEnabled"], dict)


def set_count(settings: dict[str, Any]) -> int:
    sets = backup_config(settings)["backupConfig"]["backupSets"]
    return len(sets) if isinstance(sets, list) else 1


def device_where(emulator: Emulator, accept: Callable[[dict[str, Any]], bool], skip: int = 0) -> DeviceRecord:
    """The first active device (after ``skip`` matches) whose stored settings ``accept``."""
    matches = (
        device for device in emulator.tenant.devices
        if device.active and accept(stored_settings(emulator, device))
    )
    for _ in range(skip):
        next(matches)
    return next(matches)


def plain_device(emulator: Emulator, skip: int = 0) -> DeviceRecord:
    """An active device with one unlocked backup set and no locked alert settings."""
    return device_where(
        emulator,
        lambda s: not has_locked_sets(s) and not has_locked_alerts(s) and set_count(s) == 1,
        skip,
    )


def held_device(emulator: Emulator) -> DeviceRecord:
    """A plain device whose user is placed on legal hold by this call."""
    device = plain_device(emulator)
    emulator.place_on_legal_hold(device.user.user_uid)
    return device


def org_settings_state(emulator: Emulator, org: OrgRecord) -> Any:
    tenant = emulator.tenant
    with tenant.lock:
        return tenant.settings_docs.org(tenant, org)


def quoted(value: Any) -> str:
    """How a change log shows one value: strings in double quotes."""
    return f'"{value}"' if isinstance(value, str) else str(value)


def change(old: Any, new: Any) -> str:
    """The expected ``changes`` entry for ``old`` -> ``new``."""
    return f"{quoted(old)} -> {quoted(new)}"


def wire_of(document: Any, prop: str) -> Any:
    """The wire value behind ``document.prop`` (a locked value's ``#text``; ``None`` when absent).

    pycpg 1.0's change log shows these, not the converted values the property reads.
    """
    descriptor = getattr(type(document), prop)
    key = getattr(descriptor, "key", None)
    if key is not None:  # a t-setting: the pending packet, else the server's
        packet = document._packets.get(key) or document._t_settings.get(key)
        return packet.get("value") if isinstance(packet, dict) else None
    value: Any = document.data
    for part in descriptor.location:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    if isinstance(value, dict) and "#text" in value:
        return value["#text"]
    return value
