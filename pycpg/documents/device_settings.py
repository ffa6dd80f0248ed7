"""Device settings (``GET /api/v1/Computer/{guid}?incSettings=True``).

:class:`DeviceSettings` wraps one device's document. It shares with an org's
device defaults (:class:`~pycpg.documents.device_defaults.DeviceSettingsDefaults`)
the backup-alert settings and the backup sets (:class:`~pycpg.documents.backup_sets.BackupSet`),
exposed as typed properties. Change a property, then send the object back with
``sdk.devices.update_settings``.
"""

from __future__ import annotations

import copy
from collections import UserDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pycpg.documents.backup_sets import BackupSet
from pycpg.documents.converters import bool_to_str, days_to_minutes, minutes_to_days, str_to_bool
from pycpg.documents.descriptors import SettingProperty
from pycpg.exceptions import PycpgError

if TYPE_CHECKING:
    from pycpg.models import Device

__all__ = ["DeviceSettings"]

T = TypeVar("T")
S = TypeVar("S")

_BACKUP_CONFIG = ["settings", "serviceBackupConfig"]

Days = float | int
DaysIn = float | int | str


def _backup_setting(key: str, to_python: Callable[[Any], T], to_wire: Callable[[S], str]) -> SettingProperty[T, S]:
    """A property at ``settings.serviceBackupConfig.<key>``."""
    return SettingProperty.at([*_BACKUP_CONFIG, key], to_python, to_wire)


def _is_legal_hold(backup_set: Any) -> bool:
    """A legal-hold set: its ``destinations`` is a dict carrying ``@locked``."""
    return isinstance(backup_set, dict) and isinstance(backup_set.get("destinations"), dict) and (
        "@locked" in backup_set["destinations"]
    )


class _BackupSettings(UserDict[str, Any]):
    """The backup-alert properties and backup sets a device and an org's device defaults share.

    ``data["settings"]["serviceBackupConfig"]`` must exist; its
    ``backupConfig.backupSets`` is a list of sets or a locked
    ``{"@locked": ..., "backupSet": <set or list>}``.
    """

    changes: dict[str, str]

    warning_email_enabled: SettingProperty[bool, bool | str] = _backup_setting(
        "warningEmailEnabled", str_to_bool, bool_to_str)
    critical_email_enabled: SettingProperty[bool, bool | str] = _backup_setting(
        "severeEmailEnabled", str_to_bool, bool_to_str)
    warning_alert_days: SettingProperty[Days, DaysIn] = _backup_setting(
        "minutesUntilWarning", minutes_to_days, days_to_minutes)
    critical_alert_days: SettingProperty[Days, DaysIn] = _backup_setting(
        "minutesUntilSevere", minutes_to_days, days_to_minutes)
    backup_status_email_enabled: SettingProperty[bool, bool | str] = _backup_setting(
        "backupStatusEmailEnabled", str_to_bool, bool_to_str)
    backup_status_email_frequency_days: SettingProperty[Days, DaysIn] = _backup_setting(
        "backupStatusEmailFreqInMinutes", minutes_to_days, days_to_minutes)

    def __init__(self, data: dict[str, Any], changes: dict[str, str]) -> None:
        # No UserDict.__init__: it would copy, and the object must edit the document it was given.
        self.data = data
        self.changes = changes
        self._backup_sets = [BackupSet(self, backup_set) for backup_set in self._extract_backup_sets()]

    @property
    def available_destinations(self) -> dict[str, str]:
        """``guid -> destination name`` for the destinations a backup set may use."""
        return {}

    @property
    def backup_sets(self) -> list[BackupSet]:
        """The backup sets, legal-hold sets left out (they are managed by the server)."""
        return self._backup_sets

    def _extract_backup_sets(self) -> list[dict[str, Any]]:
        try:
            sets = self.data["settings"]["serviceBackupConfig"]["backupConfig"]["backupSets"]
        except (KeyError, TypeError):
            raise PycpgError(
                "Unable to extract backup sets: settings.serviceBackupConfig.backupConfig.backupSets is missing "
                "(read device settings with incSettings=True)."
            ) from None
        if isinstance(sets, dict):
            inner = sets.get("backupSet")
            if isinstance(inner, dict):
                return [inner]
            sets = inner
        if isinstance(sets, list):
            return [item for item in sets if isinstance(item, dict) and not _is_legal_hold(item)]
        raise PycpgError(f"Unable to extract backup sets: {sets!r}")


class DeviceSettings(_BackupSettings):
    """One device's settings document (UserDict: ``data`` is what ``update_settings`` PUTs).

    Built by ``sdk.devices.get_settings(guid)`` from
    ``GET /api/v1/Computer/{guid}?idType=guid&incSettings=True``.
    """

    name: SettingProperty[str] = SettingProperty.at(["name"])
    external_reference: SettingProperty[str | None] = SettingProperty.at(["computerExtRef"])
    notes: SettingProperty[str | None] = SettingProperty.at(["notes"])

    def __init__(
        self, device_dict: dict[str, Any], *, model: Device | Callable[[], Device] | None = None
    ) -> None:
        """Wrap ``device_dict`` (edited in place).

        Args:
            device_dict: The device document (``data`` of the settings read).
            model: The same document already parsed, or a function that parses
                it (``sdk.devices.get_settings`` passes the response's ``model``:
                the document as read is parsed on the first identity read, and a
                document that breaks the Device model fails there, naming the
                call); otherwise the current document is parsed on the first
                identity read.
        """
        super().__init__(device_dict, {})
        self._identity: Device | None = None if callable(model) else model
        self._parse_identity: Callable[[], Device] | None = model if callable(model) else None

    def _device(self) -> Device:
        """The identity fields are read through the :class:`~pycpg.models.Device` model (parsed once)."""
        if self._identity is None:
            self._identity = self.model() if self._parse_identity is None else self._parse_identity()
        return self._identity

    @property
    def computer_id(self) -> int:
        """The device's ``computerId``."""
        return self._device().computer_id

    @property
    def device_id(self) -> int:
        """Alias of :attr:`computer_id`."""
        return self.computer_id

    @property
    def guid(self) -> str:
        """The device GUID (as a string)."""
        return self._device().guid

    @property
    def org_id(self) -> int:
        """The ``orgId`` of the device's org."""
        return self._device().org_id

    @property
    def user_id(self) -> int:
        """The ``userId`` of the device's owner."""
        return self._device().user_id

    @property
    def version(self) -> int:
        """The device's ``version``.

        Raises:
            PycpgError: the document has no ``version`` (it was not read with settings).
        """
        version = self._device().version
        if version is None:
            raise PycpgError("The device document has no 'version': read it with sdk.devices.get_settings().")
        return version

    @property
    def java_memory_heap_max(self) -> str | dict[str, str]:
        """``settings.javaMemoryHeapMax`` as stored (``{"@nil": "true"}`` when unset)."""
        value: str | dict[str, str] = self.data["settings"]["javaMemoryHeapMax"]
        return value

    @property
    def available_destinations(self) -> dict[str, str]:
        """``guid -> destinationName`` of the destinations offered to the device's org."""
        return {
            str(item["guid"]): item.get("destinationName", "")
            for item in self.data.get("availableDestinations") or []
            if isinstance(item, dict) and "guid" in item
        }

    def model(self) -> Device:
        """A typed, parsed copy of the current document (later edits do not change it)."""
        from pycpg.models import Device  # imported on first use: reading settings needs no pydantic

        return Device.model_validate(copy.deepcopy(self.data))

    def __repr__(self) -> str:
        return f"<DeviceSettings: guid: {self.data.get('guid')}, name: {self.data.get('name')}>"
