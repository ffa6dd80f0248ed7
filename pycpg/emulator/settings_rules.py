"""What a settings write may change: string leaves, locks, typed org settings.

Device settings (``PUT /api/v1/Computer/{id}``):

* every leaf of ``settings`` is a string (the document is XML underneath);
* a locked node, a dict carrying ``"@locked": "true"`` and anything besides
  ``@id`` (a ``#text`` leaf, a locked backup set or structure), must come back
  unchanged: else ``400`` ``[{"name": "SYSTEM", "description": "Locked setting: <path>"}]``.
  Lock markers on destination entries (``{"@id", "@locked"}``) may be toggled;
* legal-hold backup sets are managed by the server: they may be sent back or
  left out, and are never stored.

Org settings (``PUT /api/v1/Org/{id}``): ``settings`` members are checked by type
(``allDestinations`` is read-only and ignored); ``deviceDefaults`` leaves are
strings, and its locks are the admin's to set.
"""

from __future__ import annotations

import copy
from typing import Any

from pycpg.emulator.records import DestinationRecord
from pycpg.emulator.settings_docs import TRUE, backup_sets_of, is_legal_hold_set
from pycpg.emulator.wire import ApiError, bad_request

INT_SETTINGS = frozenset({
    "maxSeats", "maxBytes", "archiveHoldDays", "defaultUserMaxBytes", "defaultUserMobileQuota",
    "webRestoreUserLimitMb", "webRestoreAdminLimitMb", "warnInDays", "alertInDays",
})
BOOL_SETTINGS = frozenset({
    "sendReports", "usernameIsAnEmail", "securityKeyLocked", "autoOfferSelf", "allowLocalFolders", "isSimpleOrg",
    "isDefaultRolesInherited", "isUsingDestinationDefaults", "isUsingQuotaDefaults", "isUsingReportingDefaults",
    "isNativeClientsEnabled", "securityKeyInherit",
})
STRING_LIST_SETTINGS = frozenset({"recipients", "ssoIdentityProviderUids", "defaultRoles"})
READ_ONLY_SETTINGS = frozenset({"allDestinations"})

_MISSING: Any = object()
_LOCK_MARKER_KEYS = frozenset({"@id", "@locked"})


def locked_setting(path: str) -> ApiError:
    """``400`` for a change to a locked setting."""
    return ApiError.v1(400, f"Locked setting: {path}")


def check_string_leaves(node: Any, path: str) -> None:
    """``400`` unless every leaf under ``node`` is a string."""
    if isinstance(node, dict):
        for key, child in node.items():
            check_string_leaves(child, f"{path}.{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            check_string_leaves(child, f"{path}[{index}]")
    elif not isinstance(node, str):
        raise bad_request(f"Invalid setting {path}: {node!r} (setting values are strings)")


def _is_locked_node(node: dict[str, Any]) -> bool:
    return node.get("@locked") == TRUE and not set(node) <= _LOCK_MARKER_KEYS


def check_locks(current: Any, submitted: Any, path: str) -> None:
    """``400`` when ``submitted`` changes (or drops) a locked node of ``current``."""
    if isinstance(current, dict):
        if is_legal_hold_set(current):
            return
        if _is_locked_node(current):
            if submitted != current:
                raise locked_setting(path)
            return
        for key, child in current.items():
            if isinstance(child, (dict, list)):
                other = submitted.get(key, _MISSING) if isinstance(submitted, dict) else _MISSING
                check_locks(child, other, f"{path}.{key}")
    elif isinstance(current, list):
        for label, child, other in _paired_items(current, submitted):
            check_locks(child, other, f"{path}[{label}]")


def _paired_items(current: list[Any], submitted: Any) -> list[tuple[str, Any, Any]]:
    """Items of ``current`` with their counterparts: by ``@id`` when every item has one, else by position."""
    others = submitted if isinstance(submitted, list) else []
    if current and all(isinstance(item, dict) and "@id" in item for item in current):
        by_id = {str(item["@id"]): item for item in others if isinstance(item, dict) and "@id" in item}
        return [(f"@id={item['@id']}", item, by_id.get(str(item["@id"]), _MISSING)) for item in current]
    return [(str(index), item, others[index] if index < len(others) else _MISSING)
            for index, item in enumerate(current)]


def device_settings_to_store(stored: dict[str, Any], submitted: dict[str, Any]) -> dict[str, Any]:
    """The tree to keep after a valid write: legal-hold sets removed, a locked ``backupSets`` kept as stored."""
    new = copy.deepcopy(submitted)
    old_sets = backup_sets_of(stored)
    new_sets = backup_sets_of(new)
    if isinstance(old_sets, dict) and old_sets.get("@locked") == TRUE and new_sets is not None:
        new["serviceBackupConfig"]["backupConfig"]["backupSets"] = copy.deepcopy(old_sets)
    elif isinstance(new_sets, list):
        new_sets[:] = [item for item in new_sets if not is_legal_hold_set(item)]
    return new


def _whole_number(key: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        raise bad_request(f"Invalid value for settings.{key}: {value!r} (a whole number)")
    return int(value)


def _destinations(value: Any, destinations: list[DestinationRecord]) -> list[dict[str, Any]]:
    known = {destination.guid for destination in destinations}
    if not isinstance(value, list):
        raise bad_request(f"Invalid value for settings.destinations: {value!r} (a list)")
    chosen: list[dict[str, Any]] = []
    for item in value:
        guid = str(item.get("guid")) if isinstance(item, dict) else None
        if guid not in known:
            raise bad_request(f"Invalid value for settings.destinations: unknown destination {item!r}")
        chosen.append(item)
    return copy.deepcopy(chosen)


def org_settings_update(submitted: Any, destinations: list[DestinationRecord]) -> dict[str, Any]:
    """The members of an org ``settings`` object to store; ``400`` for a wrong type."""
    if not isinstance(submitted, dict):
        raise bad_request("Invalid value for settings: an object is expected")
    update: dict[str, Any] = {}
    for key, value in submitted.items():
        if key in READ_ONLY_SETTINGS:
            continue
        if key in INT_SETTINGS:
            update[key] = _whole_number(key, value)
        elif key in BOOL_SETTINGS:
            if not isinstance(value, bool):
                raise bad_request(f"Invalid value for settings.{key}: {value!r} (true or false)")
            update[key] = value
        elif key in STRING_LIST_SETTINGS:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise bad_request(f"Invalid value for settings.{key}: {value!r} (a list of strings)")
            update[key] = list(value)
        elif key == "destinations":
            update[key] = _destinations(value, destinations)
        else:
            update[key] = copy.deepcopy(value)
    return update


def t_setting_packets(body: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """``(key, value, locked)`` of each packet of ``{"packets": [...]}``; ``400`` when malformed."""
    packets = body.get("packets")
    if not isinstance(packets, list):
        raise bad_request("packets must be a list")
    parsed: list[tuple[str, str, bool]] = []
    for packet in packets:
        if not isinstance(packet, dict):
            raise bad_request(f"Invalid packet: {packet!r}")
        key, value, is_locked = packet.get("key"), packet.get("value"), packet.get("locked", False)
        if not isinstance(key, str) or not key.strip():
            raise bad_request(f"Invalid packet key: {key!r}")
        if not isinstance(value, str):
            raise bad_request(f"Invalid value for {key}: {value!r} (a string)")
        if not isinstance(is_locked, bool):
            raise bad_request(f"Invalid locked flag for {key}: {is_locked!r}")
        parsed.append((key, value, is_locked))
    return parsed
