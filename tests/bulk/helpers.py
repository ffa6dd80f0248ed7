"""What the bulk tests share: picking emulator records and reading the journal's writes."""

from __future__ import annotations

from pathlib import Path

from pycpg.emulator import Emulator, JournalEntry
from pycpg.emulator.records import DeviceRecord, UserRecord

#: The device-deactivation write.
DEACTIVATE_DEVICE = "/api/v38/computer-deactivation/update"


def writes(emulator: Emulator) -> list[JournalEntry]:
    """Every journaled request that is not a GET (none of the bulk actions reads with POST)."""
    return [entry for entry in emulator.journal if entry.method != "GET"]


def held_uids(emulator: Emulator) -> set[str]:
    """Users a legal hold protects (they cannot be deactivated, nor their devices)."""
    return {member.user.user_uid for member in emulator.tenant.legal_hold.memberships if member.holds}


def free_users(emulator: Emulator) -> list[UserRecord]:
    """Active users on no hold, newest first."""
    held = held_uids(emulator)
    return [user for user in reversed(emulator.tenant.users) if user.active and user.user_uid not in held]


def free_devices(emulator: Emulator) -> list[DeviceRecord]:
    """Active devices whose user is on no hold."""
    held = held_uids(emulator)
    return [device for device in emulator.tenant.devices if device.active and device.user.user_uid not in held]


def device(emulator: Emulator, guid: str) -> DeviceRecord:
    """The device record with ``guid``."""
    return next(found for found in emulator.tenant.devices if found.guid == guid)


def user(emulator: Emulator, user_uid: str) -> UserRecord:
    """The user record with ``user_uid``."""
    return next(found for found in emulator.tenant.users if found.user_uid == user_uid)


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    """A CSV file with ``header`` and ``rows`` (already joined by commas)."""
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
