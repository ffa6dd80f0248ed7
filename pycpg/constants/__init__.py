"""Constant value groups shared across the SDK.

``SortDirection`` is pycpg 1.0's. The ``enum.StrEnum`` classes below are the
known values of the API's closed string sets (a device's ``status``, a legal-hold
event's ``eventType``, …). The models type such a field ``<Enum> | str``: a known
value parses to its member (which is also a ``str``, so ``device.status ==
"Active"`` keeps working), a value a newer server invents stays a plain ``str``.
With ``strict=True`` (``response.model(strict=True)``,
``Model.model_validate(..., strict=True)``) an unknown value is an error.
docs/models.md lists where each field takes them from.
"""

from __future__ import annotations

from enum import StrEnum

from pycpg.choices import Choices

__all__ = [
    "AlertState",
    "ArchiveFormat",
    "AuditActorType",
    "DeviceStatus",
    "FileSizeJobStatus",
    "LegalHoldEventType",
    "LoginType",
    "OrgStatus",
    "OrgType",
    "OsName",
    "PrincipalType",
    "RestoreJobStatus",
    "SortDirection",
    "TreeNodeType",
    "UserStatus",
    "Weekday",
]


class SortDirection(Choices):
    """Sort directions ``DESC`` and ``ASC``.

    Kept for compatibility: no pycpg 1.0 method takes it; the cold
    storage listing, for instance, expects lowercase ``"asc"``/``"desc"``.
    """

    DESC = "DESC"
    ASC = "ASC"


class DeviceStatus(StrEnum):
    """A device's ``status`` (``Device.status``): activity and block state in one text."""

    ACTIVE = "Active"
    ACTIVE_BLOCKED = "Active, Blocked"
    ACTIVE_DEAUTHORIZED = "Active, Deauthorized"
    DEACTIVATED = "Deactivated"


class UserStatus(StrEnum):
    """A user's ``status`` (``User.status``)."""

    ACTIVE = "Active"
    ACTIVE_BLOCKED = "Active, Blocked"
    DEACTIVATED = "Deactivated"


class OrgStatus(StrEnum):
    """An org's ``status`` (``Org.status``); the same wording as users'."""

    ACTIVE = "Active"
    ACTIVE_BLOCKED = "Active, Blocked"
    DEACTIVATED = "Deactivated"


class OrgType(StrEnum):
    """An org's ``type`` (``Org.type``, ``User.org_type``)."""

    ENTERPRISE = "ENTERPRISE"
    BUSINESS = "BUSINESS"


class AlertState(StrEnum):
    """An item of ``alertStates`` (``Device.alert_states``, ``BackupUsage.alert_states``).

    The integer ``alertState`` pairs 0 with ``OK``, 2 with a critical connection
    alert and 16 with a critical backup alert.
    """

    OK = "OK"
    CRITICAL_CONNECTION_ALERT = "CriticalConnectionAlert"
    CRITICAL_BACKUP_ALERT = "CriticalBackupAlert"


class OsName(StrEnum):
    """A device's ``osName`` (``Device.os_name``)."""

    WINDOWS = "win"
    LINUX = "linux"
    MAC = "mac"


class ArchiveFormat(StrEnum):
    """An archive's format (``Archive.format``, ``BackupUsage.archive_format``)."""

    ARCHIVE_V1 = "ARCHIVE_V1"
    ARCHIVE_V2 = "ARCHIVE_V2"


class LegalHoldEventType(StrEnum):
    """A legal-hold event's ``eventType`` (``LegalHoldEvent.event_type``).

    The v38 API spells them in capitals; the older v1 event report in CamelCase
    (the ``LEGACY_*`` members).
    """

    HOLD_CREATED = "HOLD_CREATED"
    HOLD_DEACTIVATED = "HOLD_DEACTIVATED"
    HOLD_REACTIVATED = "HOLD_REACTIVATED"
    MEMBERSHIP_CREATED = "MEMBERSHIP_CREATED"
    MEMBERSHIP_DEACTIVATED = "MEMBERSHIP_DEACTIVATED"
    MEMBERSHIP_REACTIVATED = "MEMBERSHIP_REACTIVATED"
    RESTORE = "RESTORE"
    LEGACY_HOLD_CREATED = "HoldCreated"
    LEGACY_HOLD_DEACTIVATED = "HoldDeactivated"
    LEGACY_HOLD_REACTIVATED = "HoldReactivated"
    LEGACY_MEMBERSHIP_CREATED = "MembershipCreated"
    LEGACY_MEMBERSHIP_DEACTIVATED = "MembershipDeactivated"
    LEGACY_MEMBERSHIP_REACTIVATED = "MembershipReactivated"
    LEGACY_RESTORE = "Restore"


class PrincipalType(StrEnum):
    """Who acted in the v38 legal-hold API (``Principal.type``)."""

    USER = "USER"
    API_KEY = "API_KEY"
    DEVICE = "DEVICE"
    SERVICE = "SERVICE"
    EMPLOYEE = "EMPLOYEE"


class AuditActorType(StrEnum):
    """Who acted, in an audit-log event (``AuditLogEvent.actor_type``)."""

    USER = "USER"
    SUPPORT_USER = "SUPPORT_USER"
    API_CLIENT = "API_CLIENT"
    SYSTEM = "SYSTEM"
    UNKNOWN = "UNKNOWN"


class LoginType(StrEnum):
    """How a username signs in (``LoginConfig.login_type``)."""

    LOCAL = "LOCAL"
    LOCAL_2FA = "LOCAL_2FA"
    CLOUD_SSO = "CLOUD_SSO"


class RestoreJobStatus(StrEnum):
    """A web restore job's ``status`` (``RestoreJob.status``).

    ``CANCELED`` is what the bundled emulator reports for a cancelled job; no
    CrashPlan sample shows one.
    """

    PREPARING = "preparing"
    DONE = "done"
    CANCELED = "canceled"


class FileSizeJobStatus(StrEnum):
    """A file-size calculation's ``status`` (``FileSizeJob.status``)."""

    WORKING = "WORKING"
    DONE = "DONE"


class TreeNodeType(StrEnum):
    """What a backed-up node is (``WebRestoreTreeNode.type``)."""

    DIRECTORY = "directory"
    FILE = "file"


class Weekday(StrEnum):
    """A day of a legal-hold policy's backup run window (``BackupRunWindow.days``)."""

    SUNDAY = "SUNDAY"
    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
