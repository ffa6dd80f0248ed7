"""Property tests: every model parses wire payloads and dumps them back losslessly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg._redact import is_sensitive_key
from pycpg.models import (
    REVEAL_SECRETS,
    AgentState,
    Archive,
    ArchivePage,
    AuditLogEvent,
    AuditLogPage,
    BackupActivity,
    BackupPaths,
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
    ExcludePatterns,
    FileSizeJob,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    LegalHoldPolicy,
    LegalHoldRef,
    LegalHoldUser,
    LoginConfig,
    MasterServicesAgreement,
    Org,
    OrgPage,
    OrgReporting,
    OrgSettingsSummary,
    Permission,
    PreservationPolicy,
    Principal,
    PrincipalUser,
    PushRestoreResult,
    PycpgModel,
    RestoreEvent,
    RestoreHistoryPage,
    RestoreJob,
    RetentionPolicy,
    Role,
    ScimUser,
    Tenant,
    User,
    UserPage,
    UserRole,
    WebRestoreInfo,
    WebRestoreSession,
    WebRestoreTreeNode,
)

from . import strategies as wire
from ._wire import assert_wire_equal, key_shape

CASES: list[tuple[type[PycpgModel], st.SearchStrategy[dict[str, Any]]]] = [
    (BackupUsage, wire.backup_usage_wire()),
    (Device, wire.device_wire()),
    (DevicePage, wire.device_page_wire()),
    (User, wire.user_wire()),
    (UserPage, wire.user_page_wire()),
    (Tenant, wire.tenant_wire()),
    (LoginConfig, wire.login_config_wire()),
    (Org, wire.org_wire()),
    (OrgPage, wire.org_page_wire()),
    (Role, wire.role_wire()),
    (UserRole, wire.user_role_wire()),
    (AgentState, wire.agent_state_wire()),
    (ScimUser, wire.scim_user_wire()),
    (LegalHoldPolicy, wire.legal_hold_policy_wire()),
    (LegalHoldMatter, wire.legal_hold_matter_wire()),
    (LegalHoldMembership, wire.legal_hold_membership_wire()),
    (LegalHoldEvent, wire.legal_hold_event_wire()),
    (AuditLogEvent, wire.audit_log_event_wire()),
    (AuditLogPage, wire.audit_log_page_wire()),
    (Archive, wire.archive_wire()),
    (ArchivePage, wire.archive_page_wire()),
    (BackupSetList, wire.backup_set_list_wire()),
    (RestoreHistoryPage, wire.restore_history_page_wire()),
    (ColdStoragePage, wire.cold_storage_page_wire()),
    (WebRestoreTreeNode, wire.web_restore_tree_node_wire()),
    (RestoreJob, wire.restore_job_wire()),
]
# Objects that only occur inside others. Their parents' strategies draw them too (often
# several per payload), so fewer examples of their own keep the suite fast. The tiny
# one- or two-key restore-flow answers (WebRestoreInfo, DataKeyToken, …) need no more.
PARTS: list[tuple[type[PycpgModel], st.SearchStrategy[dict[str, Any]]]] = [
    (BackupActivity, wire.backup_activity_wire()),
    (MasterServicesAgreement, wire.master_services_agreement_wire()),
    (OrgSettingsSummary, wire.org_settings_summary_wire()),
    (OrgReporting, wire.org_reporting_wire()),
    (Permission, wire.permission_wire()),
    (PrincipalUser, wire.principal_user_wire()),
    (Principal, wire.principal_wire()),
    (LegalHoldUser, wire.legal_hold_user_wire()),
    (BackupRunWindow, wire.backup_run_window_wire()),
    (ExcludePatterns, wire.exclude_patterns_wire()),
    (BackupPaths, wire.backup_paths_wire()),
    (RetentionPolicy, wire.retention_policy_wire()),
    (PreservationPolicy, wire.preservation_policy_wire()),
    (LegalHoldRef, wire.legal_hold_ref_wire()),
    (BackupSetSummary, wire.backup_set_summary_wire()),
    (RestoreEvent, wire.restore_event_wire()),
    (ColdStorageArchive, wire.cold_storage_archive_wire()),
    (WebRestoreInfo, wire.web_restore_info_wire()),
    (DataKeyToken, wire.data_key_token_wire()),
    (WebRestoreSession, wire.web_restore_session_wire()),
    (FileSizeJob, wire.file_size_job_wire()),
    (ConnectedServer, wire.connected_server_wire()),
    (PushRestoreResult, wire.push_restore_result_wire()),
]


def _datetimes(value: Any) -> list[datetime]:
    if isinstance(value, datetime):
        return [value]
    if isinstance(value, dict):
        return [d for v in value.values() for d in _datetimes(v)]
    if isinstance(value, list):
        return [d for v in value for d in _datetimes(v)]
    return []


# Dumps that go back on the wire must carry secrets (data-key tokens, any extra key
# named like a password or token), so the wire round trip reveals them.
WIRE = {REVEAL_SECRETS: True}


def _assert_round_trips(model: type[PycpgModel], payload: dict[str, Any]) -> None:
    parsed = model.model_validate(payload)

    # Python-mode dump under wire names validates back to the same model.
    assert model.model_validate(parsed.model_dump(by_alias=True, context=WIRE)) == parsed
    # So does a JSON-mode dump (dates as ISO strings, offsets kept).
    assert model.model_validate(parsed.model_dump(by_alias=True, mode="json", context=WIRE)) == parsed
    assert model.model_validate_json(parsed.model_dump_json(by_alias=True, context=WIRE)) == parsed
    # Only the keys that came in go out, unknown ones included, with the same data.
    dumped = parsed.model_dump(by_alias=True, mode="json", exclude_unset=True, context=WIRE)
    assert key_shape(dumped) == key_shape(payload)
    assert_wire_equal(dumped, payload)
    # Without the context, the same keys go out, secrets hidden.
    assert key_shape(parsed.model_dump(by_alias=True, mode="json", exclude_unset=True)) == key_shape(
        _masked_shape(payload)
    )
    # Every date, at any depth, is timezone-aware.
    assert all(d.utcoffset() is not None for d in _datetimes(parsed.model_dump()))


def _masked_shape(value: Any) -> Any:
    """``value`` with what a dump hides (values under secret keys) made a leaf."""
    if isinstance(value, dict):
        return {k: "***" if v is not None and is_sensitive_key(k) else _masked_shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked_shape(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("model", "payload_strategy"), CASES, ids=[model.__name__ for model, _ in CASES]
)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_wire_payload_round_trips(
    model: type[PycpgModel],
    payload_strategy: st.SearchStrategy[dict[str, Any]],
    data: st.DataObject,
) -> None:
    _assert_round_trips(model, data.draw(payload_strategy))


@pytest.mark.parametrize(
    ("model", "payload_strategy"), PARTS, ids=[model.__name__ for model, _ in PARTS]
)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_nested_part_round_trips(
    model: type[PycpgModel],
    payload_strategy: st.SearchStrategy[dict[str, Any]],
    data: st.DataObject,
) -> None:
    _assert_round_trips(model, data.draw(payload_strategy))
