"""sdk.orgs.get_settings / update_settings and OrgSettings / DeviceSettingsDefaults, against the emulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import pycpg.sdk
from pycpg.clients.settings.device_settings import DeviceSettingsDefaults
from pycpg.clients.settings.org_settings import OrgSettings
from pycpg.emulator import Emulator
from pycpg.emulator.records import OrgRecord
from pycpg.exceptions import PycpgError, PycpgForbiddenError
from pycpg.models import Org
from pycpg.response import PycpgResponse
from pycpg.sdk import SDKClient
from pycpg.services.orgs import OrgSettingsResponse
from tests.journal import requests_to
from tests.settings.support import change, org_settings_state, wire_of

_GB = 1000**3


def _own_values_org(emulator: Emulator) -> OrgRecord:
    """A child org that inherits neither quota nor reporting settings (pinned by the emulator)."""
    return emulator.tenant.orgs[1]


def _inheriting_org(emulator: Emulator) -> OrgRecord:
    """A child org that inherits quota and reporting settings and has locked default backup sets."""
    return emulator.tenant.orgs[2]


def _settings(emulator: Emulator, sdk: SDKClient, org: OrgRecord) -> OrgSettings:
    sdk.orgs.org_id_map  # fill the id index, so the journal shows only the settings calls
    emulator.clear_journal()
    return sdk.orgs.get_settings(org.org_id)


def _own(emulator: Emulator, org: OrgRecord) -> dict[str, Any]:
    settings: dict[str, Any] = org_settings_state(emulator, org).settings
    return settings


# property, new value from the old one, the stored value for the new one (None: look at the org record)
ORG_PROPERTIES: list[tuple[str, Callable[[Any], Any], Callable[[Emulator, OrgRecord], Any], Callable[[Any], Any]]] = [
    ("org_name", lambda old: f"{old} (renamed)", lambda e, o: o.org_name, lambda new: new),
    ("external_reference", lambda old: "ORG-777", lambda e, o: o.org_ext_ref, lambda new: new),
    ("notes", lambda old: "Merged with Sales", lambda e, o: o.notes, lambda new: new),
    ("quota_settings_inherited", lambda old: not old, lambda e, o: _own(e, o)["isUsingQuotaDefaults"],
     lambda new: new),
    ("archive_hold_days", lambda old: old + 5, lambda e, o: _own(e, o)["archiveHoldDays"], lambda new: new),
    ("maximum_user_subscriptions", lambda old: 1234, lambda e, o: _own(e, o)["maxSeats"], lambda new: new),
    ("org_backup_quota", lambda old: 2.5, lambda e, o: _own(e, o)["maxBytes"], lambda new: int(new * _GB)),
    ("user_backup_quota", lambda old: 75, lambda e, o: _own(e, o)["defaultUserMaxBytes"], lambda new: new * _GB),
    ("web_restore_admin_limit", lambda old: old + 100, lambda e, o: _own(e, o)["webRestoreAdminLimitMb"],
     lambda new: new),
    ("web_restore_user_limit", lambda old: old + 50, lambda e, o: _own(e, o)["webRestoreUserLimitMb"],
     lambda new: new),
    ("reporting_settings_inherited", lambda old: not old, lambda e, o: _own(e, o)["isUsingReportingDefaults"],
     lambda new: new),
    ("backup_warning_email_days", lambda old: old + 1, lambda e, o: _own(e, o)["warnInDays"], lambda new: new),
    ("backup_critical_email_days", lambda old: old + 3, lambda e, o: _own(e, o)["alertInDays"], lambda new: new),
    ("backup_alert_recipient_emails", lambda old: [*old, "ops@example.com"], lambda e, o: _own(e, o)["recipients"],
     lambda new: new),
    ("web_restore_enabled", lambda old: not old,
     lambda e, o: org_settings_state(e, o).t_settings["device_webRestore_enabled"]["value"],
     lambda new: str(new).lower()),
]


@pytest.mark.parametrize(("prop", "new_value", "stored", "stored_value"), ORG_PROPERTIES,
                         ids=[spec[0] for spec in ORG_PROPERTIES])
def test_every_org_property_round_trips(
    emulator: Emulator, sdk: SDKClient, prop: str, new_value: Callable[[Any], Any],
    stored: Callable[[Emulator, OrgRecord], Any], stored_value: Callable[[Any], Any],
) -> None:
    org = _own_values_org(emulator)
    settings = sdk.orgs.get_settings(org.org_id)
    old = getattr(settings, prop)
    old_wire = wire_of(settings, prop)
    new = new_value(old)
    setattr(settings, prop, new)
    assert getattr(settings, prop) == new
    assert settings.changes == {prop: change(old_wire, wire_of(settings, prop))}  # wire values, as pycpg 1.0
    result = sdk.orgs.update_settings(settings)
    assert result.error is False
    assert stored(emulator, org) == stored_value(new)
    again = sdk.orgs.get_settings(org.org_id)
    assert getattr(again, prop) == new
    assert again.changes == {} and again.packets == []


DEFAULTS_PROPERTIES: list[tuple[str, Callable[[Any], Any], str, Callable[[Any], str]]] = [
    ("warning_email_enabled", lambda old: not old, "warningEmailEnabled", lambda new: str(new).lower()),
    ("critical_email_enabled", lambda old: not old, "severeEmailEnabled", lambda new: str(new).lower()),
    ("backup_status_email_enabled", lambda old: not old, "backupStatusEmailEnabled", lambda new: str(new).lower()),
    ("warning_alert_days", lambda old: old + 1, "minutesUntilWarning", lambda new: str(new * 1440)),
    ("critical_alert_days", lambda old: old + 0.5, "minutesUntilSevere", lambda new: str(round(new * 1440))),
    ("backup_status_email_frequency_days", lambda old: 3, "backupStatusEmailFreqInMinutes",
     lambda new: str(new * 1440)),
]


@pytest.mark.parametrize(("prop", "new_value", "key", "wire_value"), DEFAULTS_PROPERTIES,
                         ids=[spec[0] for spec in DEFAULTS_PROPERTIES])
def test_every_device_default_round_trips(
    emulator: Emulator, sdk: SDKClient, prop: str, new_value: Callable[[Any], Any], key: str,
    wire_value: Callable[[Any], str],
) -> None:
    org = _own_values_org(emulator)
    settings = sdk.orgs.get_settings(org.org_id)
    defaults = settings.device_defaults
    assert defaults is not None
    old = getattr(defaults, prop)
    old_wire = wire_of(defaults, prop)
    new = new_value(old)
    setattr(defaults, prop, new)
    assert settings.changes == {prop: change(old_wire, wire_value(new))}  # wire values, as pycpg 1.0
    assert sdk.orgs.update_settings(settings).error is False
    assert org_settings_state(emulator, org).device_defaults["serviceBackupConfig"][key] == wire_value(new)
    again = sdk.orgs.get_settings(org.org_id).device_defaults
    assert again is not None and getattr(again, prop) == new


def test_default_backup_set_round_trips(emulator: Emulator, sdk: SDKClient) -> None:
    org = _own_values_org(emulator)
    settings = sdk.orgs.get_settings(org.org_id)
    assert settings.device_defaults is not None
    [backup_set] = settings.device_defaults.backup_sets
    assert settings.device_defaults.available_destinations == {d.guid: d.name for d in emulator.tenant.destinations}
    old_files = list(backup_set.included_files)
    backup_set.included_files.append("~/Projects/")
    spare = next(g for g in settings.device_defaults.available_destinations if g not in backup_set.destinations)
    old_destinations = backup_set.destinations
    backup_set.add_destination(spare)
    assert settings.changes == {
        "included_files": change(old_files, [*old_files, "~/Projects/"]),
        "destinations": change(old_destinations, backup_set.destinations),
    }
    assert sdk.orgs.update_settings(settings).error is False
    again = sdk.orgs.get_settings(org.org_id)
    assert again.device_defaults is not None
    [stored] = again.device_defaults.backup_sets
    assert list(stored.included_files) == [*old_files, "~/Projects/"]
    assert spare in stored.destinations


def test_locked_default_sets_refuse_edits(emulator: Emulator, sdk: SDKClient) -> None:
    settings = sdk.orgs.get_settings(_inheriting_org(emulator).org_id)
    assert settings.device_defaults is not None
    [backup_set] = settings.device_defaults.backup_sets
    assert backup_set.locked
    with pytest.raises(AttributeError, match="locked backup set"):
        backup_set.excluded_files.pop(index=0)


def test_setting_an_inherited_value_turns_inheritance_off(emulator: Emulator, sdk: SDKClient) -> None:
    org = _inheriting_org(emulator)
    parent = org.parent
    assert parent is not None
    settings = sdk.orgs.get_settings(org.org_id)
    parent_settings = sdk.orgs.get_settings(parent.org_id)
    assert settings.quota_settings_inherited is True and settings.reporting_settings_inherited is True
    assert settings.archive_hold_days == parent_settings.archive_hold_days
    assert settings.backup_alert_recipient_emails == parent_settings.backup_alert_recipient_emails
    new_days = settings.archive_hold_days + 11
    settings.archive_hold_days = new_days
    settings.backup_alert_recipient_emails = "solo@example.com"
    assert settings.changes == {
        "quota_settings_inherited": "True -> False",
        "archive_hold_days": change(parent_settings.archive_hold_days, new_days),
        "reporting_settings_inherited": "True -> False",
        "backup_alert_recipient_emails": change(parent_settings.backup_alert_recipient_emails, ["solo@example.com"]),
    }
    assert sdk.orgs.update_settings(settings).error is False
    again = sdk.orgs.get_settings(org.org_id)
    assert (again.quota_settings_inherited, again.reporting_settings_inherited) == (False, False)
    assert (again.archive_hold_days, again.backup_alert_recipient_emails) == (new_days, ["solo@example.com"])
    assert sdk.orgs.get_settings(parent.org_id).archive_hold_days == parent_settings.archive_hold_days


def test_get_settings_wire(emulator: Emulator, sdk: SDKClient) -> None:
    org = _own_values_org(emulator)
    settings = _settings(emulator, sdk, org)
    journal = emulator.journal
    assert [(e.method, e.path, e.query) for e in journal] == [
        ("GET", f"/api/v3/orgs/{org.org_guid}",
         [("incSettings", "True"), ("incDeviceDefaults", "True"), ("incInheritedOrgInfo", "True")]),
        ("GET", f"/api/v1/OrgSetting/{org.org_id}", []),
    ]
    assert isinstance(settings, OrgSettings)
    assert (settings.org_id, settings.org_name, settings.registration_key) == (
        org.org_id, org.org_name, org.registration_key)
    assert settings.data["settings"]["destinations"]
    assert isinstance(settings.device_defaults, DeviceSettingsDefaults)
    assert repr(settings) == f"<OrgSettings: org_id: {org.org_id}, name: '{org.org_name}'>"
    assert str(settings) == str(settings.data)
    assert repr(settings.device_defaults) == f"<DeviceSettingsDefaults: org_id: {org.org_id}>"


def test_update_sends_only_what_changed(emulator: Emulator, sdk: SDKClient) -> None:
    org = _own_values_org(emulator)
    settings = _settings(emulator, sdk, org)
    emulator.clear_journal()
    assert sdk.orgs.update_settings(settings) == OrgSettingsResponse(False, None, None)
    assert emulator.journal == []

    settings.web_restore_enabled = not settings.web_restore_enabled
    packets = [{"key": "device_webRestore_enabled", "value": str(settings.web_restore_enabled).lower(),
                "locked": False}]
    assert settings.packets == packets
    result = sdk.orgs.update_settings(settings)
    # As pycpg 1.0: a t-setting change is in ``changes`` too, so the org is PUT as well.
    assert [(e.method, e.path) for e in emulator.journal] == [
        ("PUT", f"/api/v1/OrgSetting/{org.org_id}"), ("PUT", f"/api/v1/Org/{org.org_id}")]
    assert emulator.journal[0].json == {"packets": packets}
    assert isinstance(result.org_settings_response, PycpgResponse)
    assert result.org_settings_response.data["device_webRestore_enabled"]["value"] == packets[0]["value"]
    assert isinstance(result.org_response, PycpgResponse)
    assert isinstance(result.org_response.model(), Org)


def test_org_put_leaves_out_the_synthetic_device_defaults_key(emulator: Emulator, sdk: SDKClient) -> None:
    org = _own_values_org(emulator)
    settings = _settings(emulator, sdk, org)
    local_defaults = settings.data["deviceDefaults"]
    assert local_defaults["settings"]["serviceBackupConfig"] is local_defaults["serviceBackupConfig"]
    settings.archive_hold_days = settings.archive_hold_days + 1
    assert settings.device_defaults is not None
    settings.device_defaults.warning_alert_days = 6
    emulator.clear_journal()
    result = sdk.orgs.update_settings(settings)
    [entry] = requests_to(emulator, f"/api/v1/Org/{org.org_id}")
    assert entry.method == "PUT"
    assert "settings" not in entry.json["deviceDefaults"]
    assert entry.json["deviceDefaults"]["serviceBackupConfig"]["minutesUntilWarning"] == str(6 * 1440)
    assert {key: value for key, value in entry.json.items() if key != "deviceDefaults"} == {
        key: value for key, value in settings.data.items() if key != "deviceDefaults"}
    assert org_settings_state(emulator, org).synthetic_key_puts == 0
    assert result.error is False
    # The local object keeps working after the update.
    assert settings.data["deviceDefaults"]["settings"] is settings.device_defaults.injected_settings
    settings.device_defaults.warning_alert_days = 8
    assert settings.device_defaults.warning_alert_days == 8
    assert settings.model().device_defaults is not None
    assert "settings" not in settings.model().device_defaults  # type: ignore[operator]


def test_errors_are_returned_not_raised(emulator: Emulator, sdk: SDKClient) -> None:
    org = _own_values_org(emulator)
    settings = sdk.orgs.get_settings(org.org_id)
    settings.notes = "from a restricted user"
    settings.web_restore_enabled = True
    restricted = pycpg.sdk.from_local_account(emulator.url, emulator.restricted.username,
                                              emulator.restricted.password)
    try:
        result = restricted.orgs.update_settings(settings)
    finally:
        restricted.close()
    assert result.error is True
    assert isinstance(result.org_response, PycpgForbiddenError)
    assert isinstance(result.org_settings_response, PycpgForbiddenError)
    assert org.notes != "from a restricted user"


def test_unknown_org_id_raises(sdk: SDKClient) -> None:
    with pytest.raises(PycpgError, match="Couldn't find an Org with ID '424242'"):
        sdk.orgs.get_settings(424242)


def test_two_orgs_report_only_their_own_changes(emulator: Emulator, sdk: SDKClient) -> None:
    first = sdk.orgs.get_settings(emulator.tenant.orgs[0].org_id)
    second = next(
        candidate for candidate in (sdk.orgs.get_settings(org.org_id) for org in emulator.tenant.orgs[1:])
        if candidate.web_restore_admin_limit != first.web_restore_admin_limit
        and candidate.web_restore_enabled != first.web_restore_enabled
    )
    first_limit, second_limit = first.web_restore_admin_limit, second.web_restore_admin_limit
    first_web, second_web = first.web_restore_enabled, second.web_restore_enabled
    assert first_web is not None and second_web is not None
    first.web_restore_admin_limit = 9999
    second.web_restore_admin_limit = first_limit  # a real change, whatever the first object did
    first.web_restore_enabled = second_web
    second.web_restore_enabled = first_web
    # t-settings show their wire values ("true"/"false"), as pycpg 1.0 does
    first_wire, second_wire = f'"{str(first_web).lower()}"', f'"{str(second_web).lower()}"'
    assert first.changes == {"web_restore_admin_limit": f"{first_limit} -> 9999",
                             "web_restore_enabled": f"{first_wire} -> {second_wire}"}
    assert second.changes == {"web_restore_admin_limit": f"{second_limit} -> {first_limit}",
                              "web_restore_enabled": f"{second_wire} -> {first_wire}"}


def test_model_is_a_typed_detached_copy(emulator: Emulator, sdk: SDKClient) -> None:
    org = _own_values_org(emulator)
    settings = sdk.orgs.get_settings(org.org_id)
    model = settings.model()
    assert isinstance(model, Org)
    assert (model.org_id, model.org_guid, model.org_name) == (org.org_id, org.org_guid, org.org_name)
    assert model.settings is not None and model.settings["archiveHoldDays"] == settings.archive_hold_days
    settings.archive_hold_days = 1
    assert model.settings["archiveHoldDays"] != 1


def test_org_without_device_defaults() -> None:
    settings = OrgSettings({"orgId": 1, "orgName": "x", "settings": {}}, {})
    assert settings.device_defaults is None
    assert settings.web_restore_enabled is None
    assert settings.wire_data() == settings.data
