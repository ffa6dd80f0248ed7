"""mypy contract: run with `mypy --strict tests/typing`; assert_type fails the check on drift."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, assert_type

import pycpg.sdk
from pydantic import SecretStr

from pycpg.models import (
    AgentState,
    Archive,
    ArchivePage,
    BackupSetList,
    ColdStorageArchive,
    ColdStoragePage,
    DataKeyToken,
    PushRestoreResult,
    RestoreEvent,
    RestoreHistoryPage,
    AuditLogEvent,
    AuditLogPage,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    LegalHoldPolicy,
    Device,
    DevicePage,
    LoginConfig,
    Org,
    OrgPage,
    Role,
    ScimUser,
    Tenant,
    User,
    UserPage,
    UserRole,
)
from pycpg.response import PycpgResponse, PycpgStreamResponse


def check_sdk(sdk: pycpg.sdk.SDKClient) -> None:
    assert_type(sdk.users.get_current(), PycpgResponse[User])
    assert_type(sdk.users.get_current().model(), User)
    assert_type(sdk.users.get_by_id(1).model(), User)
    assert_type(sdk.users.get_by_uid("u").model(), User)
    assert_type(sdk.users.get_by_username("a@b.c").model(), UserPage)
    assert_type(sdk.users.get_page(1).model(), UserPage)
    assert_type(sdk.users.get_all(), Iterator[PycpgResponse[UserPage]])
    assert_type(sdk.users.iter_all(active=True), Iterator[User])

    assert_type(sdk.devices.get_all(), Iterator[PycpgResponse[DevicePage]])
    for page in sdk.devices.get_all(active=True):
        assert_type(page.model(), DevicePage)
        assert_type(page.model().computers, list[Device])
        assert_type(page["computers"], Any)
    assert_type(sdk.devices.get_page(1).model(), DevicePage)
    assert_type(sdk.devices.get_by_id(1).model(), Device)
    assert_type(sdk.devices.get_by_guid("g").model(), Device)
    assert_type(sdk.devices.iter_all(), Iterator[Device])

    assert_type(sdk.serveradmin.get_current_tenant().model(), Tenant)
    assert_type(sdk.usercontext.get_current_tenant_id(), str)
    assert_type(sdk.loginconfig.get_for_user("a").model(), LoginConfig)
    assert_type(sdk.devices.get_by_guid("g").model(dict[str, Any]), dict[str, Any])


def check_writes(sdk: pycpg.sdk.SDKClient) -> None:
    assert_type(sdk.users.create_user("o", "u", "e").model(), User)
    assert_type(sdk.users.get_scim_data_by_uid("u").model(), ScimUser)
    assert_type(sdk.users.block(1).model(), None)
    assert_type(sdk.users.unblock(1), PycpgResponse[None])
    assert_type(sdk.users.deactivate(1, block_user=True).model(), None)
    assert_type(sdk.users.reactivate(1, unblock_user=True).model(), None)
    assert_type(sdk.users.change_org_assignment(1, 2).model(), None)
    assert_type(sdk.users.get_available_roles().model(), list[Role])
    assert_type(sdk.users.get_roles(1).model(), list[UserRole])
    assert_type(sdk.users.add_role(1, "Desktop User").model(), list[UserRole])
    assert_type(sdk.users.remove_role(1, "Desktop User").model(), list[UserRole])
    assert_type(sdk.users.update_user("u", email="e").model(), User)

    assert_type(sdk.devices.block(1).model(), None)
    assert_type(sdk.devices.unblock(1).model(), None)
    assert_type(sdk.devices.deactivate(1).model(), None)
    assert_type(sdk.devices.reactivate(1).model(), None)
    assert_type(sdk.devices.deauthorize(1).model(), None)
    assert_type(sdk.devices.get_agent_state("g", "fullDiskAccess").model(), list[AgentState])
    assert_type(sdk.devices.get_agent_full_disk_access_state("g").model(), list[AgentState])
    assert_type(sdk.devices.upgrade("g").model(), None)

    assert_type(sdk.orgs.org_id_map, dict[int | str, str])
    assert_type(sdk.orgs.create_org("n").model(), Org)
    assert_type(sdk.orgs.get_by_id(1).model(), Org)
    assert_type(sdk.orgs.get_by_uid("u").model(), Org)
    assert_type(sdk.orgs.get_page().model(), OrgPage)
    assert_type(sdk.orgs.get_all(), Iterator[PycpgResponse[OrgPage]])
    assert_type(sdk.orgs.iter_all(), Iterator[Org])
    assert_type(sdk.orgs.block(1).model(), None)
    assert_type(sdk.orgs.unblock(1).model(), None)
    assert_type(sdk.orgs.deactivate(1).model(), None)
    assert_type(sdk.orgs.reactivate(1).model(), None)
    assert_type(sdk.orgs.get_current().model(), Org)
    assert_type(sdk.orgs.get_agent_state(1, "p").model(), list[AgentState])
    assert_type(sdk.orgs.get_agent_full_disk_access_states(1).model(), list[AgentState])
    assert_type(sdk.orgs.update_org(1, name="n").model(), Org)


def check_legal_hold_and_audit(sdk: pycpg.sdk.SDKClient) -> None:
    lh = sdk.legalhold
    assert_type(lh.create_policy("p").model(), LegalHoldPolicy)
    assert_type(lh.get_policy_by_uid("u").model(), LegalHoldPolicy)
    assert_type(lh.get_policy_list().model(), list[LegalHoldPolicy])
    assert_type(lh.create_matter("m", "p").model(), LegalHoldMatter)
    assert_type(lh.get_matter_by_uid("m").model(), LegalHoldMatter)
    assert_type(lh.get_matters_page(1).model(), list[LegalHoldMatter])
    assert_type(lh.get_all_matters(), Iterator[PycpgResponse[list[LegalHoldMatter]]])
    assert_type(lh.iter_all_matters(active=None), Iterator[LegalHoldMatter])
    assert_type(lh.get_custodians_page(1, "m").model(), list[LegalHoldMembership])
    assert_type(lh.get_all_matter_custodians("m"), Iterator[PycpgResponse[list[LegalHoldMembership]]])
    assert_type(lh.iter_all_matter_custodians("m"), Iterator[LegalHoldMembership])
    assert_type(lh.add_to_matter("u", "m").model(), LegalHoldMembership)
    assert_type(lh.remove_from_matter("x").model(), None)
    assert_type(lh.deactivate_matter("m").model(), None)
    assert_type(lh.reactivate_matter("m").model(), None)
    assert_type(lh.get_events_page("m", 0.0, "2020-01-01").model(), list[LegalHoldEvent])
    assert_type(lh.get_all_events(min_event_date=datetime.now()), Iterator[PycpgResponse[list[LegalHoldEvent]]])
    assert_type(lh.iter_all_events(min_event_date=date.today()), Iterator[LegalHoldEvent])

    assert_type(sdk.auditlogs.get_page(begin_time=1.5).model(), AuditLogPage)
    assert_type(sdk.auditlogs.get_all(event_types="logged_in"), Iterator[PycpgResponse[AuditLogPage]])
    assert_type(sdk.auditlogs.iter_all(usernames=["a"]), Iterator[AuditLogEvent])
    assert_type(sdk.auditlogs.search_result_cap, int)


def check_archive(sdk: pycpg.sdk.SDKClient) -> None:
    archive = sdk.archive
    assert_type(archive.get_by_archive_guid("a").model(), Archive)
    assert_type(archive.get_all_by_device_guid("d"), Iterator[PycpgResponse[ArchivePage]])
    assert_type(archive.iter_all_by_device_guid("d"), Iterator[Archive])
    assert_type(archive.get_backup_sets("d", "t").model(), BackupSetList)
    assert_type(archive.get_all_org_restore_history(7, 1), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.get_all_user_restore_history(7, 1), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.get_all_device_restore_history(7, 1), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.iter_all_org_restore_history(7, 1), Iterator[RestoreEvent])
    assert_type(archive.iter_all_user_restore_history(7, 1), Iterator[RestoreEvent])
    assert_type(archive.iter_all_device_restore_history(7, 1), Iterator[RestoreEvent])
    assert_type(archive.update_cold_storage_purge_date("a", date.today()).model(), ColdStorageArchive)
    assert_type(archive.get_all_org_cold_storage_archives(1), Iterator[PycpgResponse[ColdStoragePage]])
    assert_type(archive.iter_all_org_cold_storage_archives(1), Iterator[ColdStorageArchive])
    assert_type(archive.stream_from_backup("/a", "d"), PycpgStreamResponse)
    assert_type(archive.stream_from_backup(["/a", "/b"], "d", backup_set_id=1, restore_timeout=60).iter_content(1024), Iterator[bytes])
    assert_type(archive.stream_to_device("/a", "d", "e", "ORIGINAL_LOCATION").model(), PushRestoreResult)


def check_factories() -> None:
    assert_type(pycpg.sdk.from_local_account("h", "u", "p", totp=lambda: "123456"), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_local_account("h", "u", "p", totp="123456", timeout=(3, 30)), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_api_client("h", "id", "secret", verify_ssl_certs=False), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_jwt_provider("h", lambda: "token"), pycpg.sdk.SDKClient)


def check_untyped_response(response: PycpgResponse) -> None:
    assert_type(response.model(), Any)
    assert_type(response.model(Device), Device)


def check_settings(sdk: pycpg.sdk.SDKClient) -> None:
    # Imports kept local so this contract stays one appended block.
    from pycpg.clients.settings import SettingProperty
    from pycpg.clients.settings.device_settings import (
        BackupSet,
        DeviceSettings,
        DeviceSettingsDefaults,
        TrackedFileSelectionList,
    )
    from pycpg.clients.settings.org_settings import OrgSettings
    from pycpg.exceptions import PycpgError
    from pycpg.services.orgs import OrgSettingsResponse

    device = sdk.devices.get_settings("g")
    assert_type(device, DeviceSettings)
    assert_type(sdk.devices.update_settings(device), PycpgResponse[Device])
    assert_type(sdk.devices.update_settings(device).model(), Device)
    assert_type(device.model(), Device)
    assert_type(device.warning_email_enabled, bool)
    assert_type(device.warning_alert_days, float | int)
    assert_type(device.backup_status_email_frequency_days, float | int)
    assert_type(device.name, str)
    assert_type(device.notes, str | None)
    assert_type(device.computer_id, int)
    assert_type(device.available_destinations, dict[str, str])
    assert_type(device.changes, dict[str, str])
    assert_type(device.backup_sets, list[BackupSet])
    assert_type(DeviceSettings.warning_email_enabled, SettingProperty[bool, bool | str])
    device.warning_alert_days = "2.5"
    device.critical_email_enabled = "true"

    backup_set = device.backup_sets[0]
    assert_type(backup_set.locked, bool)
    assert_type(backup_set.included_files, TrackedFileSelectionList)
    assert_type(backup_set.included_files.pop(index=0), str)
    assert_type(backup_set.included_files[1:], list[str])
    assert_type(backup_set.destinations, dict[str, str])
    backup_set.excluded_files = ("/tmp/",)

    org = sdk.orgs.get_settings(7)
    assert_type(org, OrgSettings)
    assert_type(org.model(), Org)
    assert_type(org.org_backup_quota, float | int)
    assert_type(org.archive_hold_days, int)
    assert_type(org.backup_alert_recipient_emails, list[str])
    assert_type(org.web_restore_enabled, bool | None)
    assert_type(org.quota_settings_inherited, bool)
    assert_type(org.device_defaults, DeviceSettingsDefaults | None)
    assert_type(org.packets, list[dict[str, Any]])
    org.backup_alert_recipient_emails = "a@b.c"
    org.user_backup_quota = 1.5
    result = sdk.orgs.update_settings(org)
    assert_type(result, OrgSettingsResponse)
    assert_type(result.error, bool)
    assert_type(result.org_response, PycpgResponse[Org] | PycpgError | None)
    assert_type(result.org_settings_response, PycpgResponse[dict[str, Any]] | PycpgError | None)


def check_secret_fields(token: DataKeyToken) -> None:
    # Secret fields are pydantic SecretStr: read them with .get_secret_value().
    assert_type(token.data_key_token, SecretStr)
    assert_type(token.data_key_token.get_secret_value(), str)
