"""Pydantic models of CrashPlan API payloads (pure data, no I/O).

The package is lazy: ``import pycpg.models`` (and so ``import pycpg.sdk``) loads
neither pydantic nor a model. A name is imported from its submodule on first
access (``from pycpg.models import Device``, ``pycpg.models.Device``), so scripts
that only read responses as dicts never pay for building the models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Public name -> the submodule that defines it (imported on first access).
_SUBMODULE: dict[str, str] = {
    "REVEAL_SECRETS": "pycpg.models._base",
    "PycpgModel": "pycpg.models._base",
    "Timestamp": "pycpg.models._base",
    "AgentState": "pycpg.models.agent",
    "AgentStateList": "pycpg.models.agent",
    "Archive": "pycpg.models.archives",
    "ArchivePage": "pycpg.models.archives",
    "BackupSetList": "pycpg.models.archives",
    "BackupSetSummary": "pycpg.models.archives",
    "ColdStorageArchive": "pycpg.models.archives",
    "ColdStoragePage": "pycpg.models.archives",
    "ConnectedServer": "pycpg.models.archives",
    "DataKeyToken": "pycpg.models.archives",
    "FileSizeJob": "pycpg.models.archives",
    "PushRestoreResult": "pycpg.models.archives",
    "RestoreEvent": "pycpg.models.archives",
    "RestoreHistoryPage": "pycpg.models.archives",
    "RestoreJob": "pycpg.models.archives",
    "WebRestoreInfo": "pycpg.models.archives",
    "WebRestoreSession": "pycpg.models.archives",
    "WebRestoreTreeNode": "pycpg.models.archives",
    "AuditLogEvent": "pycpg.models.auditlogs",
    "AuditLogPage": "pycpg.models.auditlogs",
    "BackupActivity": "pycpg.models.devices",
    "BackupUsage": "pycpg.models.devices",
    "Device": "pycpg.models.devices",
    "DevicePage": "pycpg.models.devices",
    "BackupPaths": "pycpg.models.legalhold",
    "BackupRunWindow": "pycpg.models.legalhold",
    "ExcludePatterns": "pycpg.models.legalhold",
    "LegalHoldEvent": "pycpg.models.legalhold",
    "LegalHoldMatter": "pycpg.models.legalhold",
    "LegalHoldMembership": "pycpg.models.legalhold",
    "LegalHoldPolicy": "pycpg.models.legalhold",
    "LegalHoldRef": "pycpg.models.legalhold",
    "LegalHoldUser": "pycpg.models.legalhold",
    "MatterList": "pycpg.models.legalhold",
    "MembershipList": "pycpg.models.legalhold",
    "PreservationPolicy": "pycpg.models.legalhold",
    "Principal": "pycpg.models.legalhold",
    "PrincipalUser": "pycpg.models.legalhold",
    "RetentionPolicy": "pycpg.models.legalhold",
    "Org": "pycpg.models.orgs",
    "OrgPage": "pycpg.models.orgs",
    "OrgReporting": "pycpg.models.orgs",
    "OrgSettingsSummary": "pycpg.models.orgs",
    "Permission": "pycpg.models.roles",
    "Role": "pycpg.models.roles",
    "UserRole": "pycpg.models.roles",
    "ScimUser": "pycpg.models.scim",
    "LoginConfig": "pycpg.models.tenant",
    "MasterServicesAgreement": "pycpg.models.tenant",
    "Tenant": "pycpg.models.tenant",
    "User": "pycpg.models.users",
    "UserPage": "pycpg.models.users",
    "json_schema": "pycpg.models._schema",
    "schema_names": "pycpg.models._schema",
}

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


if not TYPE_CHECKING:  # hidden from mypy, which sees the imports above (and flags unknown names)

    def __getattr__(name: str) -> Any:
        """Import a public name from its submodule on first access (PEP 562)."""
        try:
            module = _SUBMODULE[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
