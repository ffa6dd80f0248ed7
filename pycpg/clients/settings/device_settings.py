"""Device settings (``GET /api/v1/Computer/{guid}?incSettings=True``) and their backup sets.

:class:`DeviceSettings` wraps one device's document, :class:`DeviceSettingsDefaults`
the device defaults of an org; both expose the backup-alert settings and the
backup sets (:class:`BackupSet`) as typed properties. Change a property, then
send the object back with ``sdk.devices.update_settings`` (or the org with
``sdk.orgs.update_settings``).
"""

from __future__ import annotations

import copy
from collections import UserDict, UserList
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, SupportsIndex, TypeAlias, overload

from pycpg.clients.settings import SettingProperty, check_lock, show_change
from pycpg.clients.settings._converters import bool_to_str, days_to_minutes, minutes_to_days, str_to_bool
from pycpg.exceptions import PycpgError
from pycpg.models import Device

if TYPE_CHECKING:
    from pycpg.clients.settings.org_settings import OrgSettings

__all__ = ["BackupSet", "DeviceSettings", "DeviceSettingsDefaults", "TrackedFileSelectionList"]

_BACKUP_CONFIG = ["settings", "serviceBackupConfig"]
_INVALID_DESTINATION = "Invalid destination guid or destination not offered to device's Org."
_DESTINATION_NOT_ADDED = "Destination is not added to device, unable to lock."
_OS_PATTERN_KEYS = ("windows", "macintosh", "linux")

Days = float | int
DaysIn = float | int | str
#: What the file-list setters accept (the tracked list itself comes back from ``+=``).
FileList: TypeAlias = "list[str] | tuple[str, ...] | TrackedFileSelectionList"


def _backup_setting(name: str, key: str, to_python: Callable[[Any], Any], to_wire: Callable[[Any], str]) -> Any:
    return SettingProperty(name, [*_BACKUP_CONFIG, key], to_python, to_wire)


def _as_list(value: Any) -> list[Any]:
    """An XML-derived repeated element: a list, one dict, or nothing."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _is_true(value: Any) -> bool:
    return str(value).strip().lower() == "true"


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
        "warning_email_enabled", "warningEmailEnabled", str_to_bool, bool_to_str)
    critical_email_enabled: SettingProperty[bool, bool | str] = _backup_setting(
        "critical_email_enabled", "severeEmailEnabled", str_to_bool, bool_to_str)
    warning_alert_days: SettingProperty[Days, DaysIn] = _backup_setting(
        "warning_alert_days", "minutesUntilWarning", minutes_to_days, days_to_minutes)
    critical_alert_days: SettingProperty[Days, DaysIn] = _backup_setting(
        "critical_alert_days", "minutesUntilSevere", minutes_to_days, days_to_minutes)
    backup_status_email_enabled: SettingProperty[bool, bool | str] = _backup_setting(
        "backup_status_email_enabled", "backupStatusEmailEnabled", str_to_bool, bool_to_str)
    backup_status_email_frequency_days: SettingProperty[Days, DaysIn] = _backup_setting(
        "backup_status_email_frequency_days", "backupStatusEmailFreqInMinutes", minutes_to_days, days_to_minutes)

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

    name: SettingProperty[str] = SettingProperty("name", ["name"])
    external_reference: SettingProperty[str | None] = SettingProperty("external_reference", ["computerExtRef"])
    notes: SettingProperty[str | None] = SettingProperty("notes", ["notes"])

    def __init__(self, device_dict: dict[str, Any]) -> None:
        super().__init__(device_dict, {})

    @property
    def computer_id(self) -> int:
        """The device's ``computerId``."""
        value: int = self.data["computerId"]
        return value

    @property
    def device_id(self) -> int:
        """Alias of :attr:`computer_id`."""
        return self.computer_id

    @property
    def guid(self) -> str:
        """The device GUID (as a string)."""
        return str(self.data["guid"])

    @property
    def org_id(self) -> int:
        """The ``orgId`` of the device's org."""
        value: int = self.data["orgId"]
        return value

    @property
    def user_id(self) -> int:
        """The ``userId`` of the device's owner."""
        value: int = self.data["userId"]
        return value

    @property
    def version(self) -> int:
        """The device's ``version``."""
        value: int = self.data["version"]
        return value

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
        return Device.model_validate(copy.deepcopy(self.data))

    def __repr__(self) -> str:
        return f"<DeviceSettings: guid: {self.data.get('guid')}, name: {self.data.get('name')}>"


class DeviceSettingsDefaults(_BackupSettings):
    """The device defaults of an org (``OrgSettings.device_defaults``); shares the org's ``changes``.

    As in pycpg 1.0, the org's ``deviceDefaults`` gains a ``settings`` key aliasing
    its ``serviceBackupConfig`` (so the device paths resolve); ``orgs.update_settings``
    leaves that key out of the request (spec §9.21).
    """

    def __init__(self, device_dict: dict[str, Any], org_settings: OrgSettings) -> None:
        self._org_settings = org_settings
        self.injected_settings: dict[str, Any] = {"serviceBackupConfig": device_dict.get("serviceBackupConfig")}
        device_dict["settings"] = self.injected_settings
        super().__init__(device_dict, org_settings.changes)

    @property
    def available_destinations(self) -> dict[str, str]:
        """``guid -> destinationName`` of the org's destinations (``settings.destinations``)."""
        settings = self._org_settings.data.get("settings") or {}
        return {
            str(item["guid"]): item.get("destinationName", "")
            for item in settings.get("destinations") or []
            if isinstance(item, dict) and "guid" in item
        }

    def __repr__(self) -> str:
        return f"<DeviceSettingsDefaults: org_id: {self._org_settings.data.get('orgId')}>"


# -- backup sets ---------------------------------------------------------------


def _file_selection(backup_set: dict[str, Any]) -> tuple[list[str], list[str], str]:
    """Included paths, excluded paths and the ``@os`` of ``backupPaths.pathset``."""
    pathset = (backup_set.get("backupPaths") or {}).get("pathset")
    if isinstance(pathset, dict):
        groups = _as_list(pathset.get("paths"))
    else:
        groups = _as_list(pathset)
    includes: list[str] = []
    excludes: list[str] = []
    os_name = "Linux"
    for group in groups:
        if not isinstance(group, dict):
            continue
        os_name = group.get("@os", os_name)
        if _is_true(group.get("@cleared")):
            continue
        for entry in _as_list(group.get("path")):
            if not isinstance(entry, dict):
                continue
            if "@include" in entry:
                includes.append(entry["@include"])
            elif "@exclude" in entry:
                excludes.append(entry["@exclude"])
    return includes, excludes, os_name


def _regex_exclusions(backup_set: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The ``@regex`` values of ``backupPaths.excludeUser`` and its per-OS pattern lists."""
    exclude_user = (backup_set.get("backupPaths") or {}).get("excludeUser")
    if isinstance(exclude_user, dict):
        groups = _as_list(exclude_user.get("patternList"))
    else:
        groups = _as_list(exclude_user)
    regexes: list[str] = []
    per_os: dict[str, Any] = {key: {"pattern": []} for key in _OS_PATTERN_KEYS}
    for group in groups:
        if not isinstance(group, dict):
            continue
        for entry in _as_list(group.get("pattern")):
            if isinstance(entry, dict) and "@regex" in entry:
                regexes.append(entry["@regex"])
        for key in _OS_PATTERN_KEYS:
            if isinstance(group.get(key), dict):
                per_os[key] = {"pattern": _as_list(group[key].get("pattern"))}
    return regexes, per_os


class BackupSet(UserDict[str, Any]):
    """One backup set of a device or of an org's device defaults (UserDict over the set's dict).

    ``included_files``, ``excluded_files`` and ``filename_exclusions`` are tracked
    lists: every change rewrites the set's ``backupPaths`` and is logged in the
    owner's ``changes``. A locked set refuses those changes (``AttributeError``).
    """

    def __init__(self, settings_manager: _BackupSettings, backup_set_dict: dict[str, Any]) -> None:
        self._manager = settings_manager
        self._changes = settings_manager.changes
        self.data = backup_set_dict
        includes, excludes, self._os_name = _file_selection(backup_set_dict)
        regexes, self._os_patterns = _regex_exclusions(backup_set_dict)
        self._included_files = TrackedFileSelectionList(self, "included_files", includes, self._changes)
        self._excluded_files = TrackedFileSelectionList(self, "excluded_files", excludes, self._changes)
        self._filename_exclusions = TrackedFileSelectionList(self, "filename_exclusions", regexes, self._changes)
        self._orig_destinations = self.destinations

    @property
    def locked(self) -> bool:
        """Whether the set carries ``@locked: "true"`` (its files cannot be changed)."""
        return _is_true(self.data.get("@locked"))

    @property
    def included_files(self) -> TrackedFileSelectionList:
        """Paths backed up (``@include`` entries)."""
        return self._included_files

    @included_files.setter
    def included_files(self, value: FileList) -> None:
        self._replace(self._included_files, value)

    @property
    def excluded_files(self) -> TrackedFileSelectionList:
        """Paths left out (``@exclude`` entries)."""
        return self._excluded_files

    @excluded_files.setter
    def excluded_files(self, value: FileList) -> None:
        self._replace(self._excluded_files, value)

    @property
    def filename_exclusions(self) -> TrackedFileSelectionList:
        """File-name patterns left out (``@regex`` entries of ``excludeUser``)."""
        return self._filename_exclusions

    @filename_exclusions.setter
    def filename_exclusions(self, value: FileList) -> None:
        self._replace(self._filename_exclusions, value)

    def _replace(self, tracked: TrackedFileSelectionList, value: FileList) -> None:
        if value is tracked:
            return  # ``backup_set.included_files += [...]`` assigns the list changed in place
        if not isinstance(value, (list, tuple)):
            raise AttributeError(f"{tracked.name} must be a list or tuple, not {type(value).__name__}.")
        tracked[:] = value

    # -- destinations ---------------------------------------------------------

    @property
    def destinations(self) -> dict[str, str]:
        """``guid -> destination name`` (``" <LOCKED>"`` appended for a locked destination)."""
        names = self._manager.available_destinations
        shown: dict[str, str] = {}
        for entry in self._destination_entries():
            guid = str(entry["@id"])
            name = names.get(guid, guid)
            shown[guid] = f"{name} <LOCKED>" if "@locked" in entry else name
        return shown

    def add_destination(self, destination_guid: str | int) -> None:
        """Back this set up to a destination offered to the org.

        Raises:
            PycpgError: the destination is not offered to the device's org.
        """
        guid = self._valid_destination(destination_guid)
        entries = self._editable_destinations()
        if all(str(entry["@id"]) != guid for entry in entries):
            entries.append({"@id": guid})
        self._record_destinations()

    def remove_destination(self, destination_guid: str | int) -> None:
        """Stop backing this set up to a destination.

        Raises:
            PycpgError: the destination is not offered to the device's org.
        """
        guid = self._valid_destination(destination_guid)
        entries = [entry for entry in self._editable_destinations() if str(entry["@id"]) != guid]
        self.data["destinations"] = entries if entries else {"@cleared": "true"}
        self._record_destinations()

    def lock_destination(self, destination_guid: str | int) -> None:
        """Lock a destination of this set (users cannot remove it).

        Raises:
            PycpgError: the destination is not offered, or not in this set.
        """
        self._destination_entry(destination_guid)["@locked"] = "true"
        self._record_destinations()

    def unlock_destination(self, destination_guid: str | int) -> None:
        """Unlock a destination of this set.

        Raises:
            PycpgError: the destination is not offered, or not in this set.
        """
        self._destination_entry(destination_guid).pop("@locked", None)
        self._record_destinations()

    def _destination_entries(self) -> list[dict[str, Any]]:
        value = self.data.get("destinations")
        if isinstance(value, dict) and "destination" in value:
            value = value["destination"]
        if isinstance(value, dict):
            return [value] if "@id" in value else []
        return [entry for entry in _as_list(value) if isinstance(entry, dict) and "@id" in entry]

    def _editable_destinations(self) -> list[dict[str, Any]]:
        """The destination entries as a list stored in the set (a cleared set becomes ``[]``)."""
        entries = self._destination_entries()
        holder = self.data.get("destinations")
        if isinstance(holder, dict) and "destination" in holder:
            holder["destination"] = entries
        else:
            self.data["destinations"] = entries
        return entries

    def _valid_destination(self, destination_guid: str | int) -> str:
        guid = str(destination_guid)
        if guid not in self._manager.available_destinations:
            raise PycpgError(_INVALID_DESTINATION)
        return guid

    def _destination_entry(self, destination_guid: str | int) -> dict[str, Any]:
        guid = self._valid_destination(destination_guid)
        for entry in self._destination_entries():
            if str(entry["@id"]) == guid:
                return entry
        raise PycpgError(_DESTINATION_NOT_ADDED)

    def _record_destinations(self) -> None:
        current = self.destinations
        if current == self._orig_destinations:
            self._changes.pop("destinations", None)
        else:
            self._changes["destinations"] = show_change(self._orig_destinations, current)

    # -- serialisation of the tracked lists ------------------------------------

    def _build_file_selection(self) -> None:
        includes = list(self._included_files.data)
        paths = [{"@include": path, "@und": "false"} for path in includes]
        paths += [{"@exclude": path, "@und": "false"} for path in self._excluded_files.data]
        group = {"@os": self._os_name, "path": paths if includes else [], "@cleared": "false" if includes else "true"}
        self.data.setdefault("backupPaths", {})["pathset"] = {"paths": group}

    def _build_regex_exclusions(self) -> None:
        pattern_list: dict[str, Any] = {"pattern": [{"@regex": regex} for regex in self._filename_exclusions.data]}
        pattern_list.update(copy.deepcopy(self._os_patterns))
        self.data.setdefault("backupPaths", {})["excludeUser"] = {"patternList": pattern_list}

    def __repr__(self) -> str:
        name = self.data.get("name")
        if isinstance(name, dict):
            name = name.get("#text")
        return f"<BackupSet: id: {self.data.get('@id')}, name: '{name}'>"

    def __str__(self) -> str:
        return str(dict(self))


class TrackedFileSelectionList(UserList[str]):
    """A list of paths or patterns of a :class:`BackupSet` that rewrites the set on every change.

    Every mutation (``append``, ``extend``, ``insert``, ``pop``, ``remove``,
    ``clear``, item and slice assignment, ``del``, ``sort``, ``reverse``, ``+=``,
    ``*=``) is applied, written back into the set's ``backupPaths`` and logged in
    ``changes`` (compared as sets with the original). All of them raise
    ``AttributeError`` on a locked set, leaving list and document unchanged.
    Slices and copies are plain lists.
    """

    def __init__(
        self, backup_set: BackupSet, name: str, _list: Iterable[str], changes_dict: dict[str, str]
    ) -> None:
        self.backup_set = backup_set
        self.name = name
        self.data = list(_list)
        self.orig = list(self.data)
        self._changes = changes_dict

    def register_change(self) -> None:
        """Write the set's selections back and log (or clear) this list's change."""
        self.backup_set._build_file_selection()
        self.backup_set._build_regex_exclusions()
        if set(self.orig) != set(self.data):
            self._changes[self.name] = show_change(self.orig, list(self.data))
        else:
            self._changes.pop(self.name, None)

    @check_lock("backup_set")
    def append(self, item: str) -> None:
        self.data.append(item)
        self.register_change()

    @check_lock("backup_set")
    def extend(self, other: Iterable[str]) -> None:
        self.data.extend(other)
        self.register_change()

    @check_lock("backup_set")
    def insert(self, index: int, object: str) -> None:  # noqa: A002 - pycpg's keyword name
        self.data.insert(index, object)
        self.register_change()

    @check_lock("backup_set")
    def pop(self, index: int = -1) -> str:
        item = self.data.pop(index)
        self.register_change()
        return item

    @check_lock("backup_set")
    def remove(self, value: str) -> None:
        self.data.remove(value)
        self.register_change()

    @check_lock("backup_set")
    def clear(self) -> None:
        self.data.clear()
        self.register_change()

    @check_lock("backup_set")
    def sort(self, *args: Any, **kwargs: Any) -> None:
        self.data.sort(*args, **kwargs)
        self.register_change()

    @check_lock("backup_set")
    def reverse(self) -> None:
        self.data.reverse()
        self.register_change()

    @overload
    def __setitem__(self, i: SupportsIndex, item: str) -> None: ...

    @overload
    def __setitem__(self, i: slice, item: Iterable[str]) -> None: ...

    @check_lock("backup_set")
    def __setitem__(self, i: Any, item: Any) -> None:
        if isinstance(i, slice):
            self.data[i] = list(item)
        else:
            self.data[i] = item
        self.register_change()

    @check_lock("backup_set")
    def __delitem__(self, i: SupportsIndex | slice) -> None:
        del self.data[i]
        self.register_change()

    @check_lock("backup_set")
    def __iadd__(self, other: Iterable[str]) -> TrackedFileSelectionList:
        self.data.extend(other)
        self.register_change()
        return self

    @check_lock("backup_set")
    def __imul__(self, n: int) -> TrackedFileSelectionList:
        self.data *= n
        self.register_change()
        return self

    # Operations that build a new list return plain lists: a detached tracked list
    # would write into the set behind the caller's back.

    @overload  # type: ignore[override]
    def __getitem__(self, i: SupportsIndex) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: SupportsIndex | slice) -> str | list[str]:
        return self.data[i]

    def copy(self) -> list[str]:  # type: ignore[override]
        return list(self.data)

    def __add__(self, other: Iterable[str]) -> list[str]:  # type: ignore[override]
        return self.data + list(other)

    def __radd__(self, other: Iterable[str]) -> list[str]:  # type: ignore[override]
        return list(other) + self.data

    def __mul__(self, n: int) -> list[str]:  # type: ignore[override]
        return self.data * n

    __rmul__ = __mul__  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.data)
