"""Backup sets of a device or of an org's device defaults, and their tracked file lists.

A :class:`BackupSet` wraps one set of a settings document (reached through
``DeviceSettings.backup_sets`` or ``DeviceSettingsDefaults.backup_sets``). Its
``included_files``, ``excluded_files`` and ``filename_exclusions`` are
:class:`TrackedFileSelectionList` objects that rewrite the set's ``backupPaths``
on every change and log it in the owner's ``changes``.
"""

from __future__ import annotations

import copy
from collections import UserDict, UserList
from collections.abc import Iterable
from typing import Any, Protocol, SupportsIndex, TypeAlias, overload

from pycpg.documents.descriptors import check_lock, show_change
from pycpg.exceptions import PycpgError, PycpgKeyError

__all__ = ["BackupSet", "BackupSetOwner", "TrackedFileSelectionList"]

_INVALID_DESTINATION = "Invalid destination guid or destination not offered to device's Org."
_DESTINATION_NOT_ADDED = "Destination is not added to device, unable to lock."
_OS_PATTERN_KEYS = ("windows", "macintosh", "linux")

#: What the file-list setters accept (the tracked list itself comes back from ``+=``).
FileList: TypeAlias = "list[str] | tuple[str, ...] | TrackedFileSelectionList"


class BackupSetOwner(Protocol):
    """What a backup set needs from the settings object it belongs to."""

    @property
    def changes(self) -> dict[str, str]:
        """The owner's change log, which the set's changes are added to."""
        ...

    @property
    def available_destinations(self) -> dict[str, str]:
        """``guid -> destination name`` of the destinations the set may use."""
        ...


def _as_list(value: Any) -> list[Any]:
    """An XML-derived repeated element: a list, one dict, or nothing."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _is_true(value: Any) -> bool:
    return str(value).strip().lower() == "true"


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

    def __init__(self, settings_manager: BackupSetOwner, backup_set_dict: dict[str, Any]) -> None:
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
    def id(self) -> str:
        """The set's ``@id``: ``"1"`` for the default set, a long numeric string otherwise.

        Raises:
            PycpgKeyError: the set has no ``@id``.
        """
        if "@id" not in self.data:
            raise PycpgKeyError("This backup set has no '@id'.")
        return str(self.data["@id"])

    @property
    def name(self) -> str:
        """The set's ``name`` (the text of a locked ``{"#text": ..., "@locked": "true"}`` name).

        An unset name (missing, or ``{"@nil": "true"}``) reads as ``""``.
        """
        value = self.data.get("name")
        if isinstance(value, dict):
            value = value.get("#text")
        return "" if value is None else str(value)

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
