"""Pydantic models of CrashPlan API payloads (pure data, no I/O)."""

from pycpg.models._base import PycpgModel, Timestamp
from pycpg.models.agent import AgentState
from pycpg.models.auditlogs import AuditLogEvent, AuditLogPage
from pycpg.models.devices import BackupActivity, BackupUsage, Device, DevicePage
from pycpg.models.legalhold import (
    BackupPaths,
    BackupRunWindow,
    ExcludePatterns,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    LegalHoldPolicy,
    LegalHoldRef,
    LegalHoldUser,
    MatterList,
    MembershipList,
    PreservationPolicy,
    Principal,
    PrincipalUser,
    RetentionPolicy,
)
from pycpg.models.orgs import Org, OrgPage, OrgReporting, OrgSettingsSummary
from pycpg.models.roles import Permission, Role, UserRole
from pycpg.models.scim import ScimUser
from pycpg.models.tenant import LoginConfig, MasterServicesAgreement, Tenant
from pycpg.models.users import User, UserPage

__all__ = [
    "AgentState",
    "AuditLogEvent",
    "AuditLogPage",
    "BackupActivity",
    "BackupPaths",
    "BackupRunWindow",
    "BackupUsage",
    "Device",
    "DevicePage",
    "ExcludePatterns",
    "LegalHoldEvent",
    "LegalHoldMatter",
    "LegalHoldMembership",
    "LegalHoldPolicy",
    "LegalHoldRef",
    "LegalHoldUser",
    "LoginConfig",
    "MasterServicesAgreement",
    "MatterList",
    "MembershipList",
    "Org",
    "OrgPage",
    "OrgReporting",
    "OrgSettingsSummary",
    "Permission",
    "PreservationPolicy",
    "Principal",
    "PrincipalUser",
    "PycpgModel",
    "RetentionPolicy",
    "Role",
    "ScimUser",
    "Tenant",
    "Timestamp",
    "User",
    "UserPage",
    "UserRole",
]
