"""Device settings documents (``GET /api/v1/Computer/{id}?incSettings=true``), built from a seed.

The API renders a device's XML configuration as JSON, so every leaf is a string;
a setting the org locks is ``{"#text": value, "@locked": "true"}`` and an unset
one ``{"@nil": "true"}``, as pycpg 1.0's settings objects expect. The builders
here draw from a random stream of their own, keyed by the tenant and the device,
so adding settings changes no other generated value, and documents can be built
lazily in any order.

Device profiles (drawn, with fixed ones at tenant positions 2-4 so that small
tenants show each): ``plain``; ``locked_alerts`` (``severeEmailEnabled`` and
``minutesUntilSevere`` locked); ``locked_sets`` (``backupSets`` is the locked
``{"@locked": "true", "backupSet": {...}}`` form, the set itself locked);
``two_sets`` (a second, unlocked set).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pycpg.emulator.mint import REFERENCE_NOW
from pycpg.emulator.records import DestinationRecord, DeviceRecord

TRUE = "true"
FALSE = "false"
NIL: dict[str, str] = {"@nil": TRUE}
PROFILES = ("plain", "locked_alerts", "locked_sets", "two_sets")
#: Device position in the tenant -> profile, so that every tenant of five or more devices shows each.
PINNED_PROFILES = {2: "locked_sets", 3: "locked_alerts", 4: "two_sets"}
LEGAL_HOLD_SET_NAME = "Legal Hold"

_DAY_MS = 86_400_000
_OS_LABELS = {"win": "Windows", "mac": "Macintosh", "linux": "Linux"}
_COMMON_PATTERNS = (r".*\.tmp$", r"(?i).*/\.Trash/.*", r".*\.part$", r"(?i).*/node_modules/.*")
_WINDOWS_PATTERNS = (r"(?i).*\\Temporary Internet Files\\.*", r"(?i)^C:/hiberfil\.sys$")
_SECOND_SETS = ("Projects", "Photos", "Source code")


def locked(value: str) -> dict[str, str]:
    """A leaf the org locks: ``{"#text": value, "@locked": "true"}``."""
    return {"#text": value, "@locked": TRUE}


def one_or_many(items: list[Any]) -> Any:
    """An XML repeated element as the API renders it: one item alone, several as a list."""
    return items[0] if len(items) == 1 else items


def os_lists() -> list[dict[str, list[Any]]]:
    """The per-OS list objects of ``serviceBackupConfig`` (``lanNetworks``, ...)."""
    return [{"linux": [], "macintosh": [], "windows": []}]


class SettingsRandom(random.Random):
    """The random stream of one settings document, which also knows the tenant's ``now``."""

    def __init__(self, seed: str, now: datetime = REFERENCE_NOW) -> None:
        super().__init__(seed)
        self.now_ms = int(now.timestamp() * 1000)


def settings_rng(tenant_uid: str, kind: str, key: str, now: datetime = REFERENCE_NOW) -> SettingsRandom:
    """The random stream of one settings document; its dates lie before ``now``."""
    return SettingsRandom(f"pycpg-emulator-settings:{tenant_uid}:{kind}:{key}", now)


def ms_before_base(rng: SettingsRandom, min_days: int, max_days: int) -> str:
    """An epoch-milliseconds string between ``max_days`` and ``min_days`` before the tenant's ``now``."""
    return str(rng.now_ms - rng.randrange(min_days * _DAY_MS, max_days * _DAY_MS + 1))


def destination_entry(position: int, destination: DestinationRecord) -> dict[str, Any]:
    """A destination as ``availableDestinations`` and org ``settings.destinations`` list it."""
    return {
        "destinationId": 2 + position,
        "guid": destination.guid,
        "destinationName": destination.name,
        "type": "CLUSTER",
    }


def home_directory(os_name: str, account: str) -> str:
    """The user's home folder, with forward slashes as the API writes paths."""
    if os_name == "win":
        return f"C:/Users/{account}/"
    if os_name == "mac":
        return f"/Users/{account}/"
    return f"/home/{account}/"


@dataclass(frozen=True)
class Selection:
    """The files of one backup set."""

    includes: tuple[str, ...]
    excludes: tuple[str, ...]
    patterns: tuple[str, ...]
    windows_patterns: tuple[str, ...] = ()


def _pathset(os_label: str, selection: Selection, locked_form: bool) -> Any:
    entries = [{"@include": path, "@und": FALSE} for path in selection.includes]
    entries += [{"@exclude": path, "@und": FALSE} for path in selection.excludes]
    if locked_form:
        group = {"@os": os_label, "path": entries, "@cleared": FALSE if entries else TRUE}
        return {"@locked": TRUE, "paths": group}
    if not selection.includes:
        return [{"@cleared": TRUE, "@os": os_label}]
    return [{"@os": os_label, "path": one_or_many(entries)}]


def _exclude_user(selection: Selection, locked_form: bool) -> Any:
    patterns = [{"@regex": regex} for regex in selection.patterns]
    group: dict[str, Any] = {
        "pattern": patterns if locked_form else one_or_many(patterns) if patterns else [],
        "windows": {"pattern": [{"@regex": regex} for regex in selection.windows_patterns]},
        "macintosh": {"pattern": []},
        "linux": {"pattern": []},
    }
    return {"@locked": TRUE, "patternList": group} if locked_form else [group]


def _run_window(locked_form: bool) -> Any:
    window = {"@always": TRUE, "@days": "SMTWHFS", "@endTimeOfDay": "00:00", "@startTimeOfDay": "00:00"}
    return {"@locked": TRUE, "runWindow": window} if locked_form else [window]


def _retention(rng: SettingsRandom) -> dict[str, str]:
    return {
        "backupFrequency": rng.choice(("900000", "3600000")),
        "keepDeleted": TRUE,
        "keepDeletedMinutes": rng.choice(("43200", "525600")),
        "lastModified": ms_before_base(rng, 30, 600),
        "versionLastNinetyDaysInterval": "1440",
        "versionLastWeekInterval": "60",
        "versionLastYearInterval": "10080",
        "versionPrevYearsInterval": "43200",
    }


def backup_set(rng: SettingsRandom, set_id: str, name: str | dict[str, str], os_label: str,
               selection: Selection, destinations: list[str], *, locked_set: bool = False) -> dict[str, Any]:
    """One backup set (an item of ``backupSets``); ``locked_set`` uses the locked shapes throughout."""
    body: dict[str, Any] = {
        "@id": set_id,
        "name": name,
        "priority": "5",
        "backupOpenFiles": TRUE,
        "compression": "ON",
        "dataDeDupAutoMaxFileSize": "1073741824",
        "dataDeDupAutoMaxFileSizeForWan": "0",
        "dataDeDuplication": rng.choice(("AUTOMATIC", "FULL")),
        "encryptionEnabled": TRUE,
        "scanInterval": "86400000",
        "scanTime": rng.choice(("03:00", "01:30", "22:00")),
        "visible": TRUE,
        "watchFiles": TRUE,
        "backupPaths": {
            "lastModified": ms_before_base(rng, 1, 400),
            "pathset": _pathset(os_label, selection, locked_set),
            "excludeUser": _exclude_user(selection, locked_set),
        },
        "destinations": [{"@id": guid} for guid in destinations] or {"@cleared": TRUE},
        "backupRunWindow": _run_window(locked_set),
        "retentionPolicy": _retention(rng),
    }
    if locked_set:
        body = {"@locked": TRUE, **body}
    return body


def default_selection(rng: SettingsRandom, home: str, os_name: str) -> Selection:
    """The main set's files: the home folder minus caches, and a few name patterns."""
    cache = "AppData/Local/Temp/" if os_name == "win" else "Library/Caches/" if os_name == "mac" else ".cache/"
    excludes = (f"{home}{cache}",) + ((f"{home}Downloads/",) if rng.random() < 0.4 else ())
    patterns = tuple(rng.sample(_COMMON_PATTERNS, k=rng.randrange(1, 4)))
    windows = _WINDOWS_PATTERNS if os_name == "win" else ()
    return Selection((home,), excludes, patterns, windows)


def service_backup_config(rng: SettingsRandom, backup_sets: Any, *, locked_alerts: bool = False) -> dict[str, Any]:
    """``settings.serviceBackupConfig`` around ``backup_sets`` (a list, or the locked dict form)."""
    severe_days = rng.choice((5, 7, 10))
    severe_minutes = str(severe_days * 1440)
    severe_email = rng.choice((TRUE, FALSE))
    return {
        "backupConfig": backup_config(rng, backup_sets),
        "backupFilesLog": [{"@append": TRUE, "@count": "2", "@level": "ALL", "@limit": "10485760",
                            "@pattern": "backup_files.log"}],
        "backupStatus": "RUNNING",
        "backupStatusEmailEnabled": rng.choice((TRUE, FALSE)),
        "backupStatusEmailFreqInMinutes": str(rng.choice((1, 7, 14)) * 1440),
        "hiddenFiles": FALSE,
        "highBandwidthRate": "0",
        "inboundRunWindow": [{"@always": TRUE, "@days": "SMTWHFS", "@endTimeOfDay": "00:00",
                              "@startTimeOfDay": "00:00"}],
        "lanHighBandwidthRate": "0",
        "lanLowBandwidthRate": "0",
        "lanNetworks": os_lists(),
        "lanTcpTrafficClass": "0",
        "lowBandwidthRate": "0",
        "minimumBatteryPercent": "20",
        "minutesUntilSevere": locked(severe_minutes) if locked_alerts else severe_minutes,
        "minutesUntilWarning": str(rng.choice((2, 3, 4)) * 1440),
        "networkInterfacesExcluded": os_lists(),
        "notifyDeliveryTime": "08:00",
        "restoreFilesLog": [{"@append": TRUE, "@count": "2", "@level": "ALL", "@limit": "10485760",
                             "@pattern": "restore_files.log"}],
        "severeEmailEnabled": locked(severe_email) if locked_alerts else severe_email,
        "tcpNoDelay": TRUE,
        "wanNetworks": os_lists(),
        "warningEmailEnabled": rng.choice((TRUE, FALSE)),
        "wirelessNetworksExcluded": os_lists(),
    }


def backup_config(rng: SettingsRandom, backup_sets: Any) -> dict[str, Any]:
    """``serviceBackupConfig.backupConfig`` of a device settings document."""
    return {
        "activeThrottleRate": "0",
        "backupSets": backup_sets,
        "blockArchiveDataFileSize": "104857600",
        "blockSize": "32768",
        "cachePath": NIL,
        "checksumBlocksEnabled": TRUE,
        "checksumIncomingBackupData": FALSE,
        "checksumIncomingRestoreData": FALSE,
        "excludeSystem": TRUE,
        "forceFileChannelDuringClose": FALSE,
        "hostSystemExcludes": TRUE,
        "idleThrottleRate": "0",
        "largeBlockSize": "131072",
        "largeFileBytes": "1073741824",
        "maintenanceInterval": "604800000",
        "maintenanceLoadWorkerDelay": "0",
        "maintenanceLoadWorkerStartupDelay": "300000",
        "manifestPath": NIL,
        "noCompressBlockSize": "1048576",
        "noCompressionPatterns": r".*\.(zip|gz|jpg|png|mp4)$",
        "numBackupWorkers": str(rng.choice((2, 4))),
        "numCloseWorkers": "2",
        "numMaintenanceWorkers": "1",
        "numReplaceWorkers": "2",
        "numValidateWorkers": "2",
        "reduceEnabled": TRUE,
        "scrapPercentAllowed": "50",
        "smallBlockSize": "4096",
        "softDeleteOfFiles": TRUE,
        "strongBlockCacheLoadFactor": "0.75",
        "strongBlockCacheMaxSize": "65536",
        "verifyBlocksEnabled": TRUE,
        "verifyBlocksInterval": "604800000",
        "verifyBlocksLoadFactor": "0.5",
        "verifyRestoreEnabled": TRUE,
        "veryLargeBlockSize": "1048576",
        "veryLargeFileBytes": "10737418240",
        "weakBlockCacheLoadFactor": "0.75",
    }


def peer_config(rng: SettingsRandom) -> dict[str, Any]:
    """``settings.servicePeerConfig``."""
    return {
        "authority": {"@address": "cpc-auth.crashplan.com:443", "@hideAddress": TRUE, "@lockAddress": TRUE,
                      "@secondaryAddress": "", "@transportPublicKey": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"},
        "centralConfig": {"hideDestinationUsageSetting": FALSE, "websiteHost": "https://console.us2.crashplan.com"},
        "inboundMessageBufferSize": "1048576",
        "inboundWorkers": "2",
        "lastKnownBuildNumber": str(rng.randrange(5, 60)),
        "lastKnownVersion": rng.choice(("11.4.1", "11.5.0", "11.6.2")),
        "listenForBackup": FALSE,
        "maxConnectAttempts": "5",
        "maxMessageSize": "20971520",
        "outboundMessageBufferSize": "1048576",
        "portMappingEnabled": FALSE,
        "remotePACFileUrl": "",
        "securityProviderCipherId": "2",
        "securityProviderWorkers": "2",
        "siteLocalInboundMessageBufferSize": "1048576",
        "siteLocalOutboundMessageBufferSize": "1048576",
        "socketReceiveBufferSize": "262144",
        "socketSendBufferSize": "262144",
        "upgradeBuildNumber": NIL,
        "upgradeDelay": "3600000",
        "upgradePath": "upgrade",
        "upgradeVersion": NIL,
        "useProxy": FALSE,
    }


def ui_config(rng: SettingsRandom) -> dict[str, Any]:
    """``settings.serviceUIConfig``."""
    return {
        "autoLogin": TRUE,
        "autoLoginPasswordHash": NIL,
        "locale": rng.choice(("en_US", "de_DE", "ja_JP")),
        "serviceHost": "127.0.0.1",
        "servicePort": "4243",
        "showFullFilePath": FALSE,
    }


def migration_config() -> dict[str, Any]:
    """``settings.migrationConfig``."""
    return {
        "migrationCmdLineArgsLoadState": [],
        "migrationCmdLineArgsScanState": [],
        "migrationEnabled": FALSE,
        "migrationFrequency": "0",
        "migrationToolType": "NONE",
    }


def social_config(device_guid: str, user_id: str, home: str) -> dict[str, Any]:
    """``settings.socialNetworkConfig``."""
    return {
        "computerConfigs": [{"@id": "1", "allocatedCapacity": "-1", "guid": device_guid,
                             "manifestPath": f"{home}.crashplan/backupArchives/", "manifestPathDefault": TRUE}],
        "userConfigs": [{"@id": "1", "manifestPath": NIL, "manifestPathDefault": TRUE, "userId": user_id}],
    }


@dataclass
class DeviceSettingsState:
    """A device's stored settings document and its legal-hold set (shown while its user is held)."""

    settings: dict[str, Any]
    legal_hold_set: dict[str, Any]


def profile_of(rng: SettingsRandom, position: int) -> str:
    """The device's profile: pinned for tenant positions 2-4, drawn otherwise."""
    drawn = rng.choices(PROFILES, weights=(55, 15, 12, 18))[0]
    return PINNED_PROFILES.get(position, drawn)


def build_device_settings(rng: SettingsRandom, device: DeviceRecord, position: int) -> DeviceSettingsState:
    """A device's settings document: deterministic for the stream ``rng``."""
    profile = profile_of(rng, position)
    os_label = _OS_LABELS.get(device.os_name, "Linux")
    account = device.user.username.split("@")[0]
    home = home_directory(device.os_name, account)
    in_use = [usage.destination.guid for usage in device.backup_usage]
    main = backup_set(rng, "1", "BackupSet", os_label, default_selection(rng, home, device.os_name), in_use,
                      locked_set=profile == "locked_sets")
    sets: Any
    if profile == "locked_sets":
        sets = {"@locked": TRUE, "backupSet": main}
    else:
        sets = [main]
    if profile == "two_sets":
        name = rng.choice(_SECOND_SETS)
        folder = name.replace(" ", "")
        empty = rng.random() < 0.25
        selection = Selection(() if empty else (f"{home}{folder}/",), (), (r".*\.bak$",))
        sets.append(backup_set(rng, str(rng.randrange(10**17, 10**18)), name, os_label, selection, in_use[:1]))
    held = backup_set(rng, str(rng.randrange(10**17, 10**18)), LEGAL_HOLD_SET_NAME, os_label,
                      Selection((home,), (), ()), [])
    held["destinations"] = {"@locked": TRUE, "destination": [{"@id": guid} for guid in in_use]}
    settings = {
        "@id": str(device.computer_id),
        "@modified": TRUE,
        "@version": "1",
        "configDateMs": ms_before_base(rng, 1, 200),
        "helpNovice": FALSE,
        "installVersion": str(device.version),
        "javaMemoryHeapMax": NIL if rng.random() < 0.8 else rng.choice(("1024m", "2048m")),
        "location": "",
        "macIOPriority": "NORMAL",
        "migrationConfig": migration_config(),
        "orgType": device.user.org.org_type,
        "securityKeyType": "AccountPassword",
        "serviceBackupConfig": service_backup_config(rng, sets, locked_alerts=profile == "locked_alerts"),
        "serviceErrorInterval": "3600000",
        "servicePeerConfig": peer_config(rng),
        "serviceUIConfig": ui_config(rng),
        "socialNetworkConfig": social_config(device.guid, str(device.user.user_id), home),
        "systrayOnStartup": TRUE,
        "userHome": home,
        "userIdleDelay": "900000",
        "windowsPriorityBoost": FALSE,
        "windowsPriorityClass": "BELOW_NORMAL",
    }
    return DeviceSettingsState(settings, held)


def backup_sets_of(settings: Any) -> Any:
    """``serviceBackupConfig.backupConfig.backupSets`` of a settings tree (``None`` when missing)."""
    try:
        return settings["serviceBackupConfig"]["backupConfig"]["backupSets"]
    except (KeyError, TypeError):
        return None


def with_legal_hold_set(settings: dict[str, Any], held: dict[str, Any]) -> None:
    """Add the legal-hold set to a rendered tree (list form: appended; locked form: into ``backupSet``)."""
    sets = backup_sets_of(settings)
    if isinstance(sets, list):
        sets.append(held)
    elif isinstance(sets, dict):
        current = sets.get("backupSet")
        sets["backupSet"] = [*(current if isinstance(current, list) else [current]), held]


def is_legal_hold_set(node: Any) -> bool:
    """A legal-hold set: its ``destinations`` is a dict carrying ``@locked`` (as the SDK tells them apart)."""
    return isinstance(node, dict) and isinstance(node.get("destinations"), dict) and (
        "@locked" in node["destinations"]
    )
