"""mypy contract for the settings documents: device settings, org settings, device defaults, backup sets.

Every public member is pinned: methods by a direct call inside ``assert_type``,
properties and settings by a read; the writes show which values a setting takes.
Checked by ``mypy --strict tests/typing``; the ``check_*`` functions are never called.
"""

from __future__ import annotations

from typing import Any, assert_type

from pycpg.clients.settings import SettingProperty, TSettingProperty
from pycpg.clients.settings.device_settings import (
    BackupSet,
    DeviceSettings,
    DeviceSettingsDefaults,
    TrackedFileSelectionList,
)
from pycpg.clients.settings.org_settings import OrgSettings
from pycpg.models import Device, Org


def check_device_settings(device: DeviceSettings) -> None:
    assert_type(device.data, dict[str, Any])
    assert_type(device.changes, dict[str, str])
    assert_type(device.name, str)
    assert_type(device.external_reference, str | None)
    assert_type(device.notes, str | None)
    assert_type(device.computer_id, int)
    assert_type(device.device_id, int)
    assert_type(device.guid, str)
    assert_type(device.org_id, int)
    assert_type(device.user_id, int)
    assert_type(device.version, int)
    assert_type(device.java_memory_heap_max, str | dict[str, str])
    assert_type(device.available_destinations, dict[str, str])
    assert_type(device.model(), Device)
    assert_type(device.warning_email_enabled, bool)
    assert_type(device.critical_email_enabled, bool)
    assert_type(device.warning_alert_days, float | int)
    assert_type(device.critical_alert_days, float | int)
    assert_type(device.backup_status_email_enabled, bool)
    assert_type(device.backup_status_email_frequency_days, float | int)
    assert_type(device.backup_sets, list[BackupSet])
    device.name = "laptop"
    device.external_reference = None
    device.notes = "n"
    device.warning_email_enabled = "false"
    device.critical_alert_days = 3
    device.backup_status_email_frequency_days = "7"


def check_device_settings_descriptors() -> None:
    # Read on the class, a setting is its descriptor: [read type, accepted write type].
    assert_type(DeviceSettings.name, SettingProperty[str, str])
    assert_type(DeviceSettings.notes, SettingProperty[str | None, str | None])
    assert_type(DeviceSettings.warning_alert_days, SettingProperty[float | int, float | int | str])
    assert_type(OrgSettings.web_restore_enabled, TSettingProperty[bool, bool | str])
    assert_type(
        OrgSettings.backup_alert_recipient_emails,
        SettingProperty[list[str], list[str] | tuple[str, ...] | str | None],
    )


def check_device_defaults(defaults: DeviceSettingsDefaults) -> None:
    assert_type(defaults.data, dict[str, Any])
    assert_type(defaults.changes, dict[str, str])
    assert_type(defaults.injected_settings, dict[str, Any])
    assert_type(defaults.available_destinations, dict[str, str])
    assert_type(defaults.warning_email_enabled, bool)
    assert_type(defaults.critical_email_enabled, bool)
    assert_type(defaults.warning_alert_days, float | int)
    assert_type(defaults.critical_alert_days, float | int)
    assert_type(defaults.backup_status_email_enabled, bool)
    assert_type(defaults.backup_status_email_frequency_days, float | int)
    assert_type(defaults.backup_sets, list[BackupSet])
    defaults.warning_alert_days = 1.5
    defaults.critical_email_enabled = True


def check_org_settings(org: OrgSettings) -> None:
    assert_type(org.data, dict[str, Any])
    assert_type(org.changes, dict[str, str])
    assert_type(org.org_name, str)
    assert_type(org.external_reference, str | None)
    assert_type(org.notes, str | None)
    assert_type(org.quota_settings_inherited, bool)
    assert_type(org.archive_hold_days, int)
    assert_type(org.maximum_user_subscriptions, int)
    assert_type(org.org_backup_quota, float | int)
    assert_type(org.user_backup_quota, float | int)
    assert_type(org.web_restore_admin_limit, int)
    assert_type(org.web_restore_user_limit, int)
    assert_type(org.reporting_settings_inherited, bool)
    assert_type(org.backup_warning_email_days, int)
    assert_type(org.backup_critical_email_days, int)
    assert_type(org.backup_alert_recipient_emails, list[str])
    assert_type(org.web_restore_enabled, bool | None)
    assert_type(org.packets, list[dict[str, Any]])
    assert_type(org.org_id, int)
    assert_type(org.registration_key, str)
    assert_type(org.device_defaults, DeviceSettingsDefaults | None)
    assert_type(org.wire_data(), dict[str, Any])
    assert_type(org.model(), Org)
    org.org_name = "n"
    org.maximum_user_subscriptions = 10
    org.backup_alert_recipient_emails = ("a@b.c", "d@e.f")
    org.backup_alert_recipient_emails = None
    org.web_restore_enabled = "true"


def check_backup_set(backup_set: BackupSet) -> None:
    assert_type(backup_set.data, dict[str, Any])
    assert_type(backup_set.id, str)
    assert_type(backup_set.name, str)
    assert_type(backup_set.locked, bool)
    assert_type(backup_set.included_files, TrackedFileSelectionList)
    assert_type(backup_set.excluded_files, TrackedFileSelectionList)
    assert_type(backup_set.filename_exclusions, TrackedFileSelectionList)
    assert_type(backup_set.destinations, dict[str, str])
    assert_type(backup_set.add_destination("t"), None)
    assert_type(backup_set.remove_destination(42), None)
    assert_type(backup_set.lock_destination("t"), None)
    assert_type(backup_set.unlock_destination("t"), None)
    backup_set.included_files = ["/home/"]
    backup_set.excluded_files = ("/tmp/",)
    backup_set.filename_exclusions = [r".*\.tmp"]


def check_tracked_file_selection_list(files: TrackedFileSelectionList) -> None:
    assert_type(files.data, list[str])
    assert_type(files.orig, list[str])
    assert_type(files.name, str)
    assert_type(files.backup_set, BackupSet)
    assert_type(files.register_change(), None)
    assert_type(files.append("/a"), None)
    assert_type(files.extend(["/b", "/c"]), None)
    assert_type(files.insert(0, "/d"), None)
    assert_type(files.pop(), str)
    assert_type(files.pop(0), str)
    assert_type(files.remove("/a"), None)
    assert_type(files.clear(), None)
    assert_type(files.sort(), None)
    assert_type(files.sort(reverse=True), None)
    assert_type(files.reverse(), None)
    assert_type(files.copy(), list[str])
    assert_type(files[0], str)
    assert_type(files[1:], list[str])
