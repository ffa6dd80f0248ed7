"""mypy contract for the required fields: run with `mypy --strict tests/typing`.

Every field that the API always sends is typed without ``None`` (docs/models.md
lists the evidence), so a script reads it without ``assert x is not None``.
``assert_type`` fails the check if one drifts back to ``Optional`` or changes type.
Closed value sets are ``<StrEnum> | str``: the known values are the enum's
members, a value from a newer server is a plain ``str``.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import SecretStr
from typing_extensions import assert_type

from pycpg.constants import (
    AlertState,
    ArchiveFormat,
    AuditActorType,
    DeviceStatus,
    FileSizeJobStatus,
    LegalHoldEventType,
    LoginType,
    OrgStatus,
    OrgType,
    OsName,
    PrincipalType,
    RestoreJobStatus,
    TreeNodeType,
    UserStatus,
    Weekday,
)
from pycpg.models import (
    AgentState,
    Archive,
    ArchivePage,
    AuditLogEvent,
    BackupRunWindow,
    BackupSetList,
    BackupSetSummary,
    BackupUsage,
    ColdStorageArchive,
    ColdStoragePage,
    ConnectedServer,
    DataKeyToken,
    Device,
    DevicePage,
    FileSizeJob,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    LegalHoldPolicy,
    LegalHoldRef,
    LegalHoldUser,
    LoginConfig,
    Org,
    OrgPage,
    Principal,
    RestoreEvent,
    RestoreHistoryPage,
    RestoreJob,
    Role,
    Tenant,
    User,
    UserPage,
    UserRole,
    WebRestoreInfo,
    WebRestoreSession,
    WebRestoreTreeNode,
)


def check_devices(page: DevicePage, device: Device, usage: BackupUsage) -> None:
    assert_type(page.computers, list[Device])
    assert_type(device.computer_id, int)
    assert_type(device.guid, str)
    assert_type(device.name, str)
    assert_type(device.status, DeviceStatus | str)
    assert_type(device.active, bool)
    assert_type(device.user_id, int)
    assert_type(device.user_uid, str)
    assert_type(device.org_id, int)
    assert_type(usage.target_computer_guid, str)
    assert_type(usage.archive_bytes, int)
    assert_type(usage.archive_format, ArchiveFormat | str)


def check_users_and_orgs(page: UserPage, user: User, orgs: OrgPage, org: Org) -> None:
    assert_type(page.users, list[User])
    assert_type(user.user_id, int)
    assert_type(user.user_uid, str)
    assert_type(user.username, str)
    assert_type(user.status, UserStatus | str)
    assert_type(user.active, bool)
    assert_type(orgs.orgs, list[Org])
    assert_type(org.org_id, int)
    assert_type(org.org_uid, str)
    assert_type(org.org_name, str)


def check_agent_state(state: AgentState) -> None:
    assert_type(state.value, str | bool)


def check_roles_tenant_login(role: Role, user_role: UserRole, tenant: Tenant, login: LoginConfig) -> None:
    assert_type(role.role_id, str | int)
    assert_type(role.role_name, str)
    assert_type(user_role.role_id, str | int)
    assert_type(user_role.role_name, str)
    assert_type(tenant.tenant_uid, str)
    assert_type(login.login_type, LoginType | str)


def check_legal_hold(
    policy: LegalHoldPolicy,
    matter: LegalHoldMatter,
    membership: LegalHoldMembership,
    ref: LegalHoldRef,
    person: LegalHoldUser,
    event: LegalHoldEvent,
) -> None:
    assert_type(policy.legal_hold_policy_uid, str)
    assert_type(policy.name, str)
    assert_type(matter.legal_hold_uid, str)
    assert_type(matter.name, str)
    assert_type(matter.active, bool)
    assert_type(membership.legal_hold_membership_uid, str)
    assert_type(membership.active, bool)
    assert_type(membership.legal_hold, LegalHoldRef)
    assert_type(membership.user, LegalHoldUser)
    assert_type(ref.legal_hold_uid, str)
    assert_type(ref.name, str)
    assert_type(person.user_uid, str)
    assert_type(person.username, str)
    assert_type(event.event_uid, str)
    assert_type(event.event_type, LegalHoldEventType | str)
    assert_type(event.event_date, datetime)
    assert_type(event.legal_hold_uid, str)
    # A script reads through the relations without a None check.
    assert_type(membership.user.username, str)
    assert_type(membership.legal_hold.name, str)


def check_audit_log(event: AuditLogEvent) -> None:
    assert_type(event.event_type, str)
    assert_type(event.timestamp, datetime)
    assert_type(event.event_name, str)


def check_archives(
    page: ArchivePage,
    archive: Archive,
    sets: BackupSetList,
    backup_set: BackupSetSummary,
    history: RestoreHistoryPage,
    cold: ColdStoragePage,
    row: ColdStorageArchive,
) -> None:
    assert_type(page.archives, list[Archive])
    assert_type(archive.archive_guid, str)
    assert_type(archive.format, ArchiveFormat | str)
    assert_type(sets.backup_sets, list[BackupSetSummary])
    assert_type(backup_set.backup_set_id, str)
    assert_type(history.restore_events, list[RestoreEvent])
    assert_type(cold.cold_storage_rows, list[ColdStorageArchive])
    assert_type(row.archive_guid, str)


def check_restore_flow(
    info: WebRestoreInfo,
    token: DataKeyToken,
    session: WebRestoreSession,
    node: WebRestoreTreeNode,
    job: RestoreJob,
    server: ConnectedServer,
) -> None:
    assert_type(info.server_url, str)
    assert_type(info.node_guid, str)
    assert_type(token.data_key_token, SecretStr)
    assert_type(session.web_restore_session_id, str)
    assert_type(node.id, str | None)  # always sent, null for a Windows root
    assert_type(node.path, str)
    assert_type(node.type, TreeNodeType | str)
    assert_type(job.job_id, str)
    assert_type(server.server_url, str | None)  # always sent, null when not connected


def check_known_values_of_optional_fields(
    device: Device,
    usage: BackupUsage,
    user: User,
    org: Org,
    principal: Principal,
    event: AuditLogEvent,
    window: BackupRunWindow,
    job: RestoreJob,
    size: FileSizeJob,
) -> None:
    assert_type(device.alert_states, list[AlertState | str] | None)
    assert_type(device.os_name, OsName | str | None)
    assert_type(usage.alert_states, list[AlertState | str] | None)
    assert_type(user.org_type, OrgType | str | None)
    assert_type(org.status, OrgStatus | str | None)
    assert_type(org.type, OrgType | str | None)
    assert_type(principal.type, PrincipalType | str | None)
    assert_type(event.actor_type, AuditActorType | str | None)
    assert_type(window.days, list[Weekday | str] | None)
    assert_type(job.status, RestoreJobStatus | str | None)
    assert_type(size.status, FileSizeJobStatus | str | None)


def check_members_compare_with_strings(device: Device) -> None:
    # A member is a str: comparisons with plain strings and with members both type-check.
    assert_type(device.status == "Active", bool)
    assert_type(device.status == DeviceStatus.DEACTIVATED, bool)
    status: str = DeviceStatus.ACTIVE  # and a member is usable wherever a str is
    assert_type(status, str)
