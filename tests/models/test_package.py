"""The public surface of ``pycpg.models``."""

from __future__ import annotations

import pycpg.models

EXPECTED = {
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
}
# Names that are not models: the base, the date type, the list-envelope adapters and
# the serialization-context key that reveals secrets.
NOT_MODELS = {"PycpgModel", "Timestamp", "MatterList", "MembershipList", "AgentStateList", "REVEAL_SECRETS",
              "json_schema", "schema_names"}


def test_all_lists_every_public_name_and_each_resolves() -> None:
    assert set(pycpg.models.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(pycpg.models, name) is not None


def test_every_model_derives_from_pycpg_model_and_documents_its_endpoint() -> None:
    for name in EXPECTED - NOT_MODELS:
        cls = getattr(pycpg.models, name)
        assert issubclass(cls, pycpg.models.PycpgModel)
        # The audit log lives on its own host, under /rpc/ rather than /api/.
        assert cls.__doc__ and ("/api/" in cls.__doc__ or "/rpc/" in cls.__doc__), name
