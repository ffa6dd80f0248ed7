"""Archive records: one per device and destination (a ``backupUsage`` item), plus what
the storage side knows about each device (secrets, backup sets, agent connection, file tree).

Both archives of a device that backs up to two destinations hold the same file tree:
the tree belongs to the device's backup selection, not to a destination.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pycpg.emulator.archive_tree import ArchiveTree
from pycpg.emulator.records import BackupUsageRecord, DeviceRecord
from pycpg.emulator.wire import iso_or_none

#: The default backup set's id on every device that has one.
DEFAULT_BACKUP_SET_ID = "1"


@dataclass(frozen=True)
class BackupSet:
    """One backup set of a device (ids are numeric strings; the default one is ``"1"``)."""

    backup_set_id: str
    name: str

    def to_wire(self) -> dict[str, str]:
        """The ``backupSets`` item of ``/api/v3/BackupSets``."""
        return {"backupSetId": self.backup_set_id, "name": self.name}


@dataclass
class ArchiveProfile:
    """Storage-side state of one device; ``tree`` is built on first use."""

    password: str | None
    encryption_key: str | None
    backup_sets: tuple[BackupSet, ...]
    connected: bool
    tree: ArchiveTree | None = None

    def has_backup_set(self, backup_set_id: str) -> bool:
        """Whether the device has a backup set with this id."""
        return any(backup_set.backup_set_id == backup_set_id for backup_set in self.backup_sets)


@dataclass(frozen=True)
class ArchiveRef:
    """A device's archive at one destination."""

    device: DeviceRecord
    usage: BackupUsageRecord

    @property
    def guid(self) -> str:
        """The ``archiveGuid``."""
        return self.usage.archive_guid

    @property
    def node_guid(self) -> str:
        """The guid of the storage server holding the archive."""
        return self.usage.destination.server_guid

    @property
    def in_cold_storage(self) -> bool:
        """Archives of deactivated devices are kept in cold storage."""
        return not self.device.active

    def to_wire(self) -> dict[str, Any]:
        """The ``/api/v1/Archive`` item."""
        usage, number = self.usage, int(self.guid)
        return {
            "archiveGuid": self.guid,
            "userId": self.device.user.user_id,
            "userUid": self.device.user.user_uid,
            "archiveBytes": usage.archive_bytes,
            "targetGuid": usage.destination.guid,
            "lastCompletedBackup": iso_or_none(usage.last_completed_backup),
            "isColdStorage": self.in_cold_storage,
            "lastMaintained": iso_or_none(usage.last_maintenance_date),
            "maintenanceDuration": 60_000 + number % 3_540_000,
            "compactBytesRemoved": (number % 997) * 1_048_576 if usage.archive_bytes else 0,
            "storePointId": usage.destination.store_point_id,
            "selectedBytes": usage.selected_bytes,
            "selectedFiles": usage.selected_files,
            "todoBytes": usage.todo_bytes,
            "format": usage.archive_format,
        }

    def cold_storage_row(self, hold_expire: datetime | None) -> dict[str, Any]:
        """The ``/api/v1/ColdStorage`` row."""
        device, user, destination = self.device, self.device.user, self.usage.destination
        return {
            "archiveGuid": self.guid,
            "archiveBytes": self.usage.archive_bytes,
            "archiveHoldExpireDate": iso_or_none(hold_expire),
            "archiveType": self.usage.archive_format,
            "sourceComputerId": device.computer_id,
            "sourceComputerGuid": device.guid,
            "sourceComputerName": device.name,
            "sourceUserId": user.user_id,
            "sourceUserUid": user.user_uid,
            "sourceUserEmail": user.email,
            "sourceUserFirstName": user.first_name,
            "sourceUserLastName": user.last_name,
            "orgId": user.org.org_id,
            "orgName": user.org.org_name,
            "destinationGuid": destination.guid,
            "destinationName": destination.name,
            "mountPointName": destination.store_point_name,
        }

    def sort_value(self, key: str, hold_expire: datetime | None) -> tuple[bool, Any]:
        """The value a cold-storage ``srtKey`` orders by; null dates order after every date."""
        if key == "archiveHoldExpireDate":
            return (hold_expire is None, hold_expire.timestamp() if hold_expire else 0.0)
        if key == "archiveBytes":
            return (False, self.usage.archive_bytes)
        texts = {"orgName": self.device.user.org.org_name, "mountPointName": self.usage.destination.store_point_name,
                 "archiveType": self.usage.archive_format}
        return (False, texts[key].casefold())


#: The cold-storage ``srtKey`` values.
COLD_STORAGE_SORT_KEYS = ("archiveHoldExpireDate", "orgName", "mountPointName", "archiveBytes", "archiveType")
