"""Org settings: the ``settings`` tree, device defaults and "t-settings" of each org.

``settings`` (the org's ``settings`` key, returned with ``incSettings=true``)
holds JSON-typed values (ints, bools, lists). Three groups can be inherited from
the parent org: quota (``isUsingQuotaDefaults``), reporting
(``isUsingReportingDefaults``) and destinations (``isUsingDestinationDefaults``);
a rendered org shows its effective values. The root org inherits nothing.
``deviceDefaults`` is a device-settings-like tree (string leaves). The t-settings
(``/api/v1/OrgSetting/{orgId}``) are ``name -> {scope, value, locked, id}``.

Pinned by tenant position: org 0 (root) and org 1 inherit nothing; org 2
inherits quota and reporting and has locked default backup sets. Others draw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pycpg.emulator.records import DestinationRecord, OrgRecord
from pycpg.emulator.settings_docs import (
    TRUE,
    Selection,
    SettingsRandom,
    backup_set,
    destination_entry,
    migration_config,
    ms_before_base,
    peer_config,
    service_backup_config,
    ui_config,
)

_GB = 1000**3
_TB = 1000**4

QUOTA_KEYS = ("archiveHoldDays", "maxSeats", "maxBytes", "defaultUserMaxBytes", "defaultUserMobileQuota")
REPORTING_KEYS = ("warnInDays", "alertInDays", "recipients")
DESTINATION_KEYS = ("destinations",)
#: inheritance flag -> the keys it covers
INHERITED_GROUPS = {
    "isUsingQuotaDefaults": QUOTA_KEYS,
    "isUsingReportingDefaults": REPORTING_KEYS,
    "isUsingDestinationDefaults": DESTINATION_KEYS,
}
#: position -> (inherit quota, inherit reporting, locked default sets)
_PINNED = {1: (False, False, False), 2: (True, True, True)}
_DEFAULTS_HOME = "~/"


@dataclass
class OrgSettingsState:
    """An org's own settings, device defaults and t-settings.

    ``synthetic_key_puts`` counts ``PUT /api/v1/Org/{id}`` bodies whose
    ``deviceDefaults`` carried a ``settings`` key (pycpg 1.0 sent one; it is
    dropped, and counted so that tests can check the SDK no longer sends it).
    """

    settings: dict[str, Any]
    device_defaults: dict[str, Any]
    t_settings: dict[str, dict[str, Any]]
    next_setting_id: int
    synthetic_key_puts: int = 0
    t_setting_history: list[dict[str, Any]] = field(default_factory=list)

    def put_t_setting(self, key: str, value: str, locked: bool) -> None:
        """Store a t-setting packet (a new key gets the next id, scope ``ORG``)."""
        current = self.t_settings.get(key)
        if current is None:
            current = self.t_settings[key] = {"scope": "ORG", "value": value, "locked": locked,
                                              "id": self.next_setting_id}
            self.next_setting_id += 1
        current["value"], current["locked"] = value, locked
        self.t_setting_history.append({"key": key, "value": value, "locked": locked})


def destination_entries(destinations: list[DestinationRecord]) -> list[dict[str, Any]]:
    """Every tenant destination as an org ``settings.destinations`` item."""
    return [destination_entry(position, destination) for position, destination in enumerate(destinations)]


def _org_tree(rng: SettingsRandom, org: OrgRecord, destinations: list[DestinationRecord], domain: str,
              inherit_quota: bool, inherit_reporting: bool) -> dict[str, Any]:
    is_child = org.parent is not None
    entries = destination_entries(destinations)
    return {
        "maxSeats": rng.choice((-1, -1, 50, 250)),
        "maxBytes": rng.choice((-1, 5 * _TB, 20 * _TB)),
        "archiveHoldDays": rng.choice((30, 90, 365)),
        "defaultUserMaxBytes": rng.choice((-1, 100 * _GB, 500 * _GB)),
        "defaultUserMobileQuota": -1,
        "webRestoreUserLimitMb": rng.choice((250, 500)),
        "webRestoreAdminLimitMb": rng.choice((1000, 2000)),
        "warnInDays": rng.choice((3, 5, 7)),
        "alertInDays": rng.choice((10, 14)),
        "recipients": rng.choice(([], [f"it-alerts@{domain}"], [f"backup@{domain}", f"helpdesk@{domain}"])),
        "reportLastSent": None,
        "reportSchedule": "SM_WHF_",
        "sendReports": rng.random() < 0.5,
        "usernameIsAnEmail": True,
        "ldapServerIds": [],
        "radiusServerIds": [],
        "ssoIdentityProviderUids": [],
        "securityKeyType": "AccountPassword",
        "securityKeyLocked": rng.random() < 0.3,
        "autoOfferSelf": False,
        "allowLocalFolders": True,
        "defaultRoles": ["desktop-user"],
        "isSimpleOrg": False,
        "isDefaultRolesInherited": is_child,
        "destinations": entries,
        "allDestinations": [dict(entry) for entry in entries],
        "isUsingDestinationDefaults": is_child,
        "isUsingQuotaDefaults": is_child and inherit_quota,
        "isUsingReportingDefaults": is_child and inherit_reporting,
        "isNativeClientsEnabled": True,
        "securityKeyInherit": is_child,
    }


def _device_defaults(rng: SettingsRandom, destinations: list[DestinationRecord], locked_sets: bool) -> dict[str, Any]:
    selection = Selection((_DEFAULTS_HOME,), (f"{_DEFAULTS_HOME}.cache/",), (r".*\.tmp$",))
    main = backup_set(rng, "1", "BackupSet", "Linux", selection, [destinations[0].guid] if destinations else [],
                      locked_set=locked_sets)
    sets: Any = {"@locked": TRUE, "backupSet": main} if locked_sets else [main]
    return {
        "configDateMs": ms_before_base(rng, 1, 400),
        "javaMemoryHeapMax": {"@nil": TRUE},
        "migrationConfig": migration_config(),
        "serviceBackupConfig": service_backup_config(rng, sets),
        "servicePeerConfig": peer_config(rng),
        "serviceUIConfig": ui_config(rng),
        "socialNetworkConfig": {"computerConfigs": [], "userConfigs": []},
    }


def _t_settings(rng: SettingsRandom) -> tuple[dict[str, dict[str, Any]], int]:
    rate = {"wan": {"active": "0", "idle": "0"}, "lan": {"active": "0", "idle": "0"}}
    schedule = {"enabled": False, "days": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
                "startTime": "09:00", "endTime": "17:00"}
    values = {
        "device_upgrade_delay": (str(rng.choice((0, 60, 1440))), False),
        "device_network_dscp_preferIP4": ("false", False),
        "c42.msa.acceptance": ("true", True),
        "device_webRestore_enabled": (rng.choice(("true", "false")), False),
        "device_network_utilization_schedule_enabled": ("false", False),
        "device_network_utilization_schedule_rate": (json.dumps(rate), False),
        "device_network_utilization_schedule": (json.dumps(schedule), False),
    }
    first = rng.randrange(1000, 9000)
    settings = {
        name: {"scope": "ORG", "value": value, "locked": is_locked, "id": first + index}
        for index, (name, (value, is_locked)) in enumerate(values.items())
    }
    return settings, first + len(values)


def build_org_settings(rng: SettingsRandom, org: OrgRecord, position: int, destinations: list[DestinationRecord],
                       domain: str) -> OrgSettingsState:
    """An org's settings state: deterministic for the stream ``rng``."""
    drawn = (rng.random() < 0.5, rng.random() < 0.5, rng.random() < 0.2)
    inherit_quota, inherit_reporting, locked_sets = _PINNED.get(position, drawn)
    tree = _org_tree(rng, org, destinations, domain, inherit_quota, inherit_reporting)
    defaults = _device_defaults(rng, destinations, locked_sets)
    t_settings, next_id = _t_settings(rng)
    return OrgSettingsState(tree, defaults, t_settings, next_id)
