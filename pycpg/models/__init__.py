"""Pydantic models of CrashPlan API payloads (pure data, no I/O)."""

from pycpg.models._base import REVEAL_SECRETS, PycpgModel, Timestamp
from pycpg.models.agent import AgentState, AgentStateList
from pycpg.models.archives import (
    Archive,
    ArchivePage,
    BackupSetList,
    BackupSetSummary,
    ColdStorageArchive,
    ColdStoragePage,
    ConnectedServer,
    DataKeyToken,
    FileSizeJob,
    PushRestoreResult,
    RestoreEvent,
    RestoreHistoryPage,
    RestoreJob,
    WebRestoreInfo,
    WebRestoreSession,
    WebRestoreTreeNode,
)
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

# The JSON Schema of each model (also ``python -m pycpg.models --schema NAME``).
from pycpg.models._schema import json_schema, schema_names

__all__ = [
    "REVEAL_SECRETS",
    "json_schema",
    "schema_names",
    "AgentState",
    "AgentStateList",
    "Archive",
    "ArchivePage",
    "AuditLogEvent",
    "AuditLogPage",
    "BackupActivity",
    "BackupPaths",
    "BackupRunWindow",
    "BackupSetList",
    "BackupSetSummary",
    "BackupUsage",
    "ColdStorageArchive",
    "ColdStoragePage",
    "ConnectedServer",
    "DataKeyToken",
    "Device",
    "DevicePage",
    "ExcludePatterns",
    "FileSizeJob",
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
    "PushRestoreResult",
    "PycpgModel",
    "RestoreEvent",
    "RestoreHistoryPage",
    "RestoreJob",
    "RetentionPolicy",
    "Role",
    "ScimUser",
    "Tenant",
    "Timestamp",
    "User",
    "UserPage",
    "UserRole",
    "WebRestoreInfo",
    "WebRestoreSession",
    "WebRestoreTreeNode",
]
