"""Tenant records. Each knows how to render itself with the API's camelCase names.

Records are mutable so that endpoints can change state (block, move, deactivate).
Relations are object references (a user holds its org, a device its user), so a
change to one record shows up everywhere it is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pycpg.emulator.wire import iso, iso_or_none

#: Bits behind ``alertState``; the API pairs 0 with OK, 2 with a critical connection
#: alert and 16 with a critical backup alert.
ALERT_BITS = {"OK": 0, "CriticalConnectionAlert": 2, "CriticalBackupAlert": 16}


def alert_state(states: list[str]) -> int:
    """The integer ``alertState`` matching a list of ``alertStates`` names."""
    code = 0
    for name in states:
        code |= ALERT_BITS.get(name, 0)
    return code


@dataclass(frozen=True)
class Permission:
    """One permission a role grants."""

    permission: str
    description: str

    def to_wire(self) -> dict[str, str]:
        """The ``permissions`` item of ``/api/v1/role``."""
        return {"permission": self.permission, "description": self.description}


@dataclass
class RoleRecord:
    """A role a user can hold (cloud roles have string ids)."""

    role_id: str
    role_name: str
    creation_date: datetime
    modification_date: datetime
    permissions: tuple[Permission, ...] = ()
    locked: bool = False

    def to_v1_wire(self, number_of_users: int) -> dict[str, Any]:
        """The role as ``/api/v1/role`` lists it."""
        return {
            "roleId": self.role_id,
            "roleName": self.role_name,
            "locked": self.locked,
            "numberOfUsers": number_of_users,
            "creationDate": iso(self.creation_date),
            "modificationDate": iso(self.modification_date),
            "permissions": [permission.to_wire() for permission in self.permissions],
        }

    def to_wire(self) -> dict[str, Any]:
        """The role as ``/api/v3/users/{uid}/roles`` lists it."""
        return {
            "roleId": self.role_id,
            "roleName": self.role_name,
            "creationDate": iso(self.creation_date),
            "modificationDate": iso(self.modification_date),
            "permissionIds": [],
        }


@dataclass(frozen=True)
class OrgCounts:
    """Live counts of an org's direct members: users, their devices, child orgs."""

    users: int
    computers: int
    orgs: int


@dataclass
class OrgRecord:
    """An organisation; ``parent`` is ``None`` for the root org."""

    org_id: int
    org_uid: str
    org_guid: str
    org_name: str
    parent: OrgRecord | None
    registration_key: str
    creation_date: datetime
    modification_date: datetime
    org_type: str = "ENTERPRISE"
    classification: str = "BASIC"
    org_ext_ref: str | None = None
    notes: str | None = None
    active: bool = True
    blocked: bool = False
    deactivation_date: datetime | None = None

    @property
    def status(self) -> str:
        """The ``status`` text derived from the flags."""
        if not self.active:
            return "Deactivated"
        return "Active, Blocked" if self.blocked else "Active"

    def to_wire(self) -> dict[str, Any]:
        """The org as ``/api/v1/Org`` renders it (without settings)."""
        parent = self.parent
        return {
            "orgId": self.org_id,
            "orgUid": self.org_uid,
            "orgGuid": self.org_guid,
            "orgName": self.org_name,
            "orgExtRef": self.org_ext_ref,
            "notes": self.notes,
            "status": self.status,
            "active": self.active,
            "blocked": self.blocked,
            "parentOrgId": parent.org_id if parent else None,
            "parentOrgUid": parent.org_uid if parent else None,
            "parentOrgGuid": parent.org_guid if parent else None,
            "type": self.org_type,
            "classification": self.classification,
            "externalId": self.org_uid,
            "hierarchyCounts": {},
            "configInheritanceCounts": {},
            "creationDate": iso(self.creation_date),
            "modificationDate": iso(self.modification_date),
            "deactivationDate": iso_or_none(self.deactivation_date),
            "registrationKey": self.registration_key,
            "reporting": {"orgManagers": []},
            "customConfig": False,
        }

    def to_v3_wire(self, counts: OrgCounts) -> dict[str, Any]:
        """The org as ``/api/v3/orgs`` renders it (docs/wire-shapes.md)."""
        parent = self.parent
        return {
            "orgId": self.org_id,
            "orgUid": self.org_uid,
            "orgGuid": self.org_guid,
            "orgName": self.org_name,
            "orgExtRef": self.org_ext_ref,
            "notes": self.notes,
            "parentOrgId": parent.org_id if parent else None,
            "parentOrgUid": parent.org_uid if parent else None,
            "parentOrgGuid": parent.org_guid if parent else None,
            "status": self.status,
            "active": self.active,
            "blocked": self.blocked,
            "type": self.org_type,
            "classification": self.classification,
            "registrationKey": self.registration_key,
            "creationDate": iso(self.creation_date),
            "modificationDate": iso(self.modification_date),
            "deactivationDate": iso_or_none(self.deactivation_date),
            "userCount": counts.users,
            "computerCount": counts.computers,
            "orgCount": counts.orgs,
        }


@dataclass
class UserRecord:
    """A user of the tenant."""

    user_id: int
    user_uid: str
    username: str
    email: str | None
    first_name: str | None
    last_name: str | None
    org: OrgRecord
    roles: list[RoleRecord]
    creation_date: datetime
    modification_date: datetime
    quota_in_bytes: int = -1
    user_ext_ref: str | None = None
    notes: str | None = None
    active: bool = True
    blocked: bool = False
    email_promo: bool = False
    invited: bool = False
    password_reset: bool = False
    local_authentication_only: bool = False
    username_is_an_email: bool | None = True
    licenses: list[str] = field(default_factory=list)
    #: Never rendered; login accounts sign in with it (``None``: no password set).
    password: str | None = field(default=None, repr=False)

    @property
    def status(self) -> str:
        """The ``status`` text derived from the flags."""
        if not self.active:
            return "Deactivated"
        return "Active, Blocked" if self.blocked else "Active"

    def searchable(self) -> tuple[str, ...]:
        """The texts a ``q`` search looks into."""
        values = (self.username, self.email, self.first_name, self.last_name)
        return tuple(value for value in values if value)

    def to_wire(self, inc_roles: bool = False) -> dict[str, Any]:
        """The user as ``/api/v1/User`` renders it; ``roles`` only with ``inc_roles``."""
        body: dict[str, Any] = {
            "userId": self.user_id,
            "userUid": self.user_uid,
            "status": self.status,
            "username": self.username,
            "email": self.email,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "quotaInBytes": self.quota_in_bytes,
            "orgId": self.org.org_id,
            "orgUid": self.org.org_uid,
            "orgName": self.org.org_name,
            "orgType": self.org.org_type,
            "userExtRef": self.user_ext_ref,
            "notes": self.notes,
            "active": self.active,
            "blocked": self.blocked,
            "emailPromo": self.email_promo,
            "invited": self.invited,
            "passwordReset": self.password_reset,
            "localAuthenticationOnly": self.local_authentication_only,
            "usernameIsAnEmail": self.username_is_an_email,
            "licenses": list(self.licenses),
            "creationDate": iso(self.creation_date),
            "modificationDate": iso(self.modification_date),
        }
        if inc_roles:
            body["roles"] = [role.role_name for role in self.roles]
        return body


@dataclass
class DestinationRecord:
    """A cloud destination (storage server) that devices back up to."""

    guid: str
    name: str
    server_id: int
    server_guid: str
    server_name: str
    server_host_name: str
    store_point_id: int
    store_point_name: str
    is_provider: bool = False


@dataclass
class ActivityRecord:
    """The live backup activity of one device/destination pair."""

    connected: bool
    backing_up: bool
    restoring: bool
    time_remaining_in_ms: int
    remaining_files: int
    remaining_bytes: int

    def to_wire(self) -> dict[str, Any]:
        """The ``activity`` object of a backupUsage item."""
        return {
            "connected": self.connected,
            "backingUp": self.backing_up,
            "restoring": self.restoring,
            "timeRemainingInMs": self.time_remaining_in_ms,
            "remainingFiles": self.remaining_files,
            "remainingBytes": self.remaining_bytes,
        }


@dataclass
class BackupUsageRecord:
    """One device's archive at one destination."""

    destination: DestinationRecord
    archive_guid: str
    selected_files: int
    selected_bytes: int
    todo_files: int
    todo_bytes: int
    archive_bytes: int
    billable_bytes: int
    send_rate_average: int
    completion_rate_average: int
    percent_complete: float
    last_backup: datetime | None
    last_completed_backup: datetime | None
    last_connected: datetime
    last_maintenance_date: datetime
    last_compact_date: datetime
    creation_date: datetime
    modification_date: datetime
    alert_states: list[str]
    activity: ActivityRecord
    using: bool = True
    archive_format: str = "ARCHIVE_V1"

    def to_wire(self) -> dict[str, Any]:
        """The ``backupUsage`` item."""
        dest = self.destination
        return {
            "targetComputerParentId": None,
            "targetComputerParentGuid": None,
            "targetComputerGuid": dest.guid,
            "targetComputerName": dest.name,
            "targetComputerOsName": None,
            "targetComputerType": "SERVER",
            "selectedFiles": self.selected_files,
            "selectedBytes": self.selected_bytes,
            "todoFiles": self.todo_files,
            "todoBytes": self.todo_bytes,
            "archiveBytes": self.archive_bytes,
            "billableBytes": self.billable_bytes,
            "sendRateAverage": self.send_rate_average,
            "completionRateAverage": self.completion_rate_average,
            "lastBackup": iso_or_none(self.last_backup),
            "lastCompletedBackup": iso_or_none(self.last_completed_backup),
            "lastConnected": iso(self.last_connected),
            "lastMaintenanceDate": iso(self.last_maintenance_date),
            "lastCompactDate": iso(self.last_compact_date),
            "modificationDate": iso(self.modification_date),
            "creationDate": iso(self.creation_date),
            "using": self.using,
            "alertState": alert_state(self.alert_states),
            "alertStates": list(self.alert_states),
            "percentComplete": self.percent_complete,
            "storePointId": dest.store_point_id,
            "storePointName": dest.store_point_name,
            "serverId": dest.server_id,
            "serverGuid": dest.server_guid,
            "serverName": dest.server_name,
            "serverHostName": dest.server_host_name,
            "isProvider": dest.is_provider,
            "archiveGuid": self.archive_guid,
            "archiveFormat": self.archive_format,
            "activity": self.activity.to_wire(),
        }


@dataclass
class DeviceRecord:
    """A computer; its org is its user's org."""

    computer_id: int
    guid: str
    name: str
    os_hostname: str
    user: UserRecord
    os_name: str
    os_version: str
    os_arch: str
    address: str
    remote_address: str
    java_version: str
    time_zone: str
    product_version: str
    build_version: int
    version: int
    creation_date: datetime
    modification_date: datetime
    login_date: datetime
    last_connected: datetime
    alert_states: list[str]
    backup_usage: list[BackupUsageRecord]
    active: bool = True
    blocked: bool = False
    deauthorized: bool = False
    computer_ext_ref: str | None = None
    notes: str | None = None
    device_type: str = "COMPUTER"
    service: str = "CrashPlan"
    #: Whether ``/api/v38/device-upgrade/upgrade-device`` was called for this device.
    upgrade_requested: bool = False
    #: The agent's ``fullDiskAccess`` state: ``"true"``, ``"false"`` or ``"unknown"``.
    full_disk_access: str = "unknown"

    @property
    def status(self) -> str:
        """The ``status`` text derived from the flags."""
        if not self.active:
            return "Deactivated"
        if self.deauthorized:
            return "Active, Deauthorized"
        return "Active, Blocked" if self.blocked else "Active"

    def searchable(self) -> tuple[str, ...]:
        """The texts a ``q`` search looks into."""
        return (self.name, self.os_hostname, self.guid)

    def to_wire(self, inc_backup_usage: bool = False) -> dict[str, Any]:
        """The computer as ``/api/v1/Computer`` renders it."""
        body: dict[str, Any] = {
            "computerId": self.computer_id,
            "name": self.name,
            "osHostname": self.os_hostname,
            "guid": self.guid,
            "type": self.device_type,
            "status": self.status,
            "active": self.active,
            "blocked": self.blocked,
            "alertState": alert_state(self.alert_states),
            "alertStates": list(self.alert_states),
            "userId": self.user.user_id,
            "userUid": self.user.user_uid,
            "orgId": self.user.org.org_id,
            "orgUid": self.user.org.org_uid,
            "computerExtRef": self.computer_ext_ref,
            "notes": self.notes,
            "parentComputerId": None,
            "parentComputerGuid": None,
            "lastConnected": iso(self.last_connected),
            "osName": self.os_name,
            "osVersion": self.os_version,
            "osArch": self.os_arch,
            "address": self.address,
            "remoteAddress": self.remote_address,
            "javaVersion": self.java_version,
            "modelInfo": None,
            "timeZone": self.time_zone,
            "version": self.version,
            "productVersion": self.product_version,
            "buildVersion": self.build_version,
            "creationDate": iso(self.creation_date),
            "modificationDate": iso(self.modification_date),
            "loginDate": iso(self.login_date),
            "service": self.service,
        }
        if inc_backup_usage:
            body["backupUsage"] = [usage.to_wire() for usage in self.backup_usage]
        return body

    def agent_property(self, name: str) -> str:
        """The agent's value for ``name``; properties the emulator does not model are ``"unknown"``."""
        known = {"fullDiskAccess": self.full_disk_access}
        return known.get(name, "unknown")

    @property
    def reports_agent_state(self) -> bool:
        """Whether the agent reports its state (only the macOS agent does)."""
        return self.os_name == "mac"

    def agent_state_to_wire(self, property_name: str) -> dict[str, Any]:
        """One ``/api/v38/agent-state/*`` item for this device."""
        return {
            "deviceGuid": self.guid,
            "orgId": self.user.org.org_id,
            "propertyName": property_name,
            "value": self.agent_property(property_name),
            "lastUpdatedDate": iso(self.last_connected),
        }
