"""Hypothesis strategies that generate CrashPlan payloads as they arrive on the wire.

Every ``*_wire()`` strategy yields a JSON-compatible dict with camelCase keys: the
model's required fields always (the API always sends them), a random subset of
the other known fields (real payloads omit those), ``null`` values where a field
may be null, ISO-8601 dates with mixed offsets and 3 or 6 fraction digits, and a
few unknown keys whose values are arbitrary JSON. Reuse them wherever a realistic payload is
needed (services, paging, emulator contract tests).
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Annotated, Any, Union, get_args, get_origin

from hypothesis import strategies as st

from pycpg.models import (
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

__all__ = [
    "OFFSETS",
    "agent_state_wire",
    "archive_page_wire",
    "archive_wire",
    "audit_log_event_wire",
    "audit_log_page_wire",
    "backup_activity_wire",
    "backup_paths_wire",
    "backup_run_window_wire",
    "backup_set_list_wire",
    "backup_set_summary_wire",
    "backup_usage_wire",
    "cold_storage_archive_wire",
    "cold_storage_page_wire",
    "connected_server_wire",
    "data_key_token_wire",
    "device_page_wire",
    "device_wire",
    "epoch_millis",
    "exclude_patterns_wire",
    "file_size_job_wire",
    "iso_timestamps",
    "json_values",
    "known_keys",
    "legal_hold_event_wire",
    "legal_hold_matter_wire",
    "legal_hold_membership_wire",
    "legal_hold_policy_wire",
    "legal_hold_ref_wire",
    "legal_hold_user_wire",
    "login_config_wire",
    "master_services_agreement_wire",
    "matter_list_wire",
    "membership_list_wire",
    "numeric_ids",
    "required_keys",
    "org_page_wire",
    "org_reporting_wire",
    "org_settings_summary_wire",
    "org_wire",
    "permission_wire",
    "preservation_policy_wire",
    "principal_user_wire",
    "principal_wire",
    "push_restore_result_wire",
    "restore_event_wire",
    "restore_history_page_wire",
    "restore_job_wire",
    "retention_policy_wire",
    "role_wire",
    "scim_user_wire",
    "tenant_wire",
    "unknown_fields",
    "user_page_wire",
    "user_role_wire",
    "user_wire",
    "web_restore_info_wire",
    "web_restore_session_wire",
    "web_restore_tree_node_wire",
    "wire_object",
]

Wire = dict[str, Any]

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

#: Offsets seen on the wire (``Z``, ``+00:00``, on-prem ``-05:00``/``-06:00``), plus a couple of non-hour ones.
OFFSETS = ("Z", "+00:00", "-05:00", "-06:00", "+05:30", "+10:00", "-03:30")


def _format_iso(moment: datetime, fraction_digits: int, offset: str) -> str:
    fraction = f"{moment.microsecond:06d}"[:fraction_digits]
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{fraction}{offset}"


def iso_timestamps(offsets: Iterable[str] = OFFSETS) -> st.SearchStrategy[str]:
    """ISO-8601 strings with an explicit offset and 3 or 6 fraction digits."""
    return st.builds(
        _format_iso,
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)),
        st.sampled_from((3, 6)),
        st.sampled_from(tuple(offsets)),
    )


def json_values() -> st.SearchStrategy[Any]:
    """Arbitrary JSON values (finite floats only, so that equality is exact)."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**53), max_value=2**53)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=8)
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6), inner, max_size=3),
        max_leaves=6,
    )


def known_keys(model: type[PycpgModel]) -> frozenset[str]:
    """Every key that would bind to a field of ``model`` (aliases and names)."""
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        if field.alias is not None:
            keys.add(field.alias)
    return frozenset(keys)


def required_keys(model: type[PycpgModel]) -> frozenset[str]:
    """The wire keys of ``model``'s required fields (the ones the API always sends)."""
    return frozenset(field.alias or name for name, field in model.model_fields.items() if field.is_required())


def _admits_null(model: type[PycpgModel], key: str) -> bool:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            annotation = field.annotation
            if get_origin(annotation) is Annotated:
                annotation = get_args(annotation)[0]
            return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)
    return True


def unknown_fields(model: type[PycpgModel]) -> st.SearchStrategy[Wire]:
    """Up to three keys the model does not know, with JSON values."""
    taken = known_keys(model)
    key = st.text(_ALNUM, min_size=1, max_size=10).map("x{}".format).filter(lambda k: k not in taken)
    return st.dictionaries(key, json_values(), max_size=3)


def wire_object(
    model: type[PycpgModel],
    fields: Mapping[str, st.SearchStrategy[Any]],
    nullable: bool = True,
) -> st.SearchStrategy[Wire]:
    """A dict holding the required ``fields``, any subset of the others (values maybe
    null, where the field admits it) plus unknown keys."""
    missing = set(fields) - known_keys(model)
    assert not missing, f"strategy keys unknown to {model.__name__}: {sorted(missing)}"
    required = required_keys(model)
    absent = required - set(fields)
    assert not absent, f"strategy of {model.__name__} lacks required keys: {sorted(absent)}"

    def maybe_null(key: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        allowed = nullable and (key not in required or _admits_null(model, key))
        return (st.none() | values) if allowed else values

    always = {k: maybe_null(k, v) for k, v in fields.items() if k in required}
    optional = {k: maybe_null(k, v) for k, v in fields.items() if k not in required}
    return st.builds(
        lambda known, extra: {**known, **extra},
        st.fixed_dictionaries(always, optional=optional),
        unknown_fields(model),
    )


def numeric_ids() -> st.SearchStrategy[int]:
    """Integer ids as the API sends them (positive, JSON-safe)."""
    return st.integers(min_value=1, max_value=2**53)


def _numeric_strings(max_digits: int = 18) -> st.SearchStrategy[str]:
    return st.integers(min_value=1, max_value=10**max_digits - 1).map(str)


def _guids() -> st.SearchStrategy[str | int]:
    # The live API sends numeric strings; pycpg's settings fixture sends ints.
    return _numeric_strings() | st.integers(min_value=1, max_value=10**18)


def _org_uids() -> st.SearchStrategy[str]:
    return _numeric_strings() | st.sampled_from(("ADMIN", "DEFAULT_CUSTOMER_ORG_ID", "proserverdemo"))


def _host_labels() -> st.SearchStrategy[str]:
    return st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


def _ipv4() -> st.SearchStrategy[str]:
    octet = st.integers(min_value=0, max_value=255)
    return st.tuples(octet, octet, octet, octet).map(lambda parts: ".".join(map(str, parts)))


def _text() -> st.SearchStrategy[str]:
    return st.text(max_size=12)


def _enumish(*seen: str) -> st.SearchStrategy[str]:
    # Known values mostly, and now and then one nobody has seen yet.
    return st.sampled_from(seen) | _text()


def _counts() -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=2**50)


def _alert_states() -> st.SearchStrategy[list[str]]:
    return st.lists(
        _enumish("OK", "CriticalConnectionAlert", "CriticalBackupAlert"), max_size=2
    )


def backup_activity_wire() -> st.SearchStrategy[Wire]:
    """``backupUsage[].activity`` objects."""

    return wire_object(
        BackupActivity,
        {
            "connected": st.booleans(),
            "backingUp": st.booleans(),
            "restoring": st.booleans(),
            "timeRemainingInMs": _counts(),
            "remainingFiles": _counts(),
            "remainingBytes": _counts(),
        },
    )


def backup_usage_wire() -> st.SearchStrategy[Wire]:
    """``backupUsage[]`` items of a device."""

    return wire_object(
        BackupUsage,
        {
            "targetComputerParentId": numeric_ids(),
            "targetComputerParentGuid": _numeric_strings(),
            "targetComputerGuid": _guids(),
            "targetComputerName": _text(),
            "targetComputerOsName": _enumish("win", "linux", "mac"),
            "targetComputerType": _enumish("SERVER"),
            "selectedFiles": _counts(),
            "selectedBytes": _counts(),
            "todoFiles": _counts(),
            "todoBytes": _counts(),
            "archiveBytes": _counts(),
            "billableBytes": _counts(),
            "sendRateAverage": _counts(),
            "completionRateAverage": _counts(),
            "lastBackup": iso_timestamps(),
            "lastCompletedBackup": iso_timestamps(),
            "lastConnected": iso_timestamps(),
            "lastMaintenanceDate": iso_timestamps(),
            "lastCompactDate": iso_timestamps(),
            "modificationDate": iso_timestamps(),
            "creationDate": iso_timestamps(),
            "using": st.booleans(),
            "alertState": st.sampled_from((0, 2, 16)),
            "alertStates": _alert_states(),
            "percentComplete": st.floats(min_value=0.0, max_value=100.0) | st.integers(0, 100),
            "storePointId": numeric_ids(),
            "storePointName": _text(),
            "serverId": numeric_ids(),
            "serverGuid": _guids(),
            "serverName": _text(),
            "serverHostName": _host_labels().map("https://{}.crashplan.com".format),
            "isProvider": st.booleans(),
            "archiveGuid": _guids(),
            "archiveFormat": _enumish("ARCHIVE_V1", "ARCHIVE_V2"),
            "activity": backup_activity_wire(),
        },
    )


def _settings_leaf() -> st.SearchStrategy[Any]:
    # XML-derived leaves: plain strings, locked values, nil markers.
    return (
        _text()
        | st.fixed_dictionaries({"#text": _text(), "@locked": st.just("true")})
        | st.just({"@nil": "true"})
    )


def _device_settings() -> st.SearchStrategy[Wire]:
    return st.dictionaries(
        st.sampled_from(("configDateMs", "@id", "helpNovice", "javaMemoryHeapMax", "userHome")),
        _settings_leaf(),
        max_size=4,
    )


def _available_destinations() -> st.SearchStrategy[list[Wire]]:
    destination = st.fixed_dictionaries(
        {
            "destinationId": numeric_ids(),
            "destinationName": _text(),
            "guid": _numeric_strings(),
            "type": _enumish("CLUSTER", "PROVIDER"),
        }
    )
    return st.lists(destination, max_size=2)


def device_wire() -> st.SearchStrategy[Wire]:
    """Computer objects of ``/api/v1/Computer`` (list items and single)."""

    return wire_object(
        Device,
        {
            "computerId": numeric_ids(),
            "name": _text(),
            "osHostname": _text() | st.just("UNKNOWN"),
            "guid": _guids(),
            "type": _enumish("COMPUTER"),
            "status": _enumish("Active", "Active, Deauthorized", "Deactivated"),
            "active": st.booleans(),
            "blocked": st.booleans(),
            "alertState": st.sampled_from((0, 2, 16)),
            "alertStates": _alert_states(),
            "userId": numeric_ids(),
            "userUid": _numeric_strings(),
            "orgId": numeric_ids(),
            "orgUid": _org_uids(),
            "computerExtRef": _text(),
            "notes": _text(),
            "parentComputerId": numeric_ids(),
            "parentComputerGuid": _numeric_strings(),
            "lastConnected": iso_timestamps(),
            "osName": _enumish("win", "linux", "mac"),
            "osVersion": _text(),
            "osArch": _enumish("amd64", "x86_64", "aarch64"),
            "address": _ipv4().map("{}:4242".format),
            "remoteAddress": _ipv4(),
            "javaVersion": _text(),
            "modelInfo": st.dictionaries(st.text(max_size=6), json_values(), max_size=2),
            "timeZone": _enumish("America/Chicago", "Europe/Paris", "UTC"),
            "version": st.integers(min_value=10**12, max_value=2 * 10**12),
            "productVersion": _enumish("8.2.2", "11.4.1"),
            "buildVersion": st.integers(min_value=0, max_value=1000),
            "creationDate": iso_timestamps(),
            "modificationDate": iso_timestamps(),
            "loginDate": iso_timestamps(),
            "service": _enumish("CrashPlan"),
            "backupUsage": st.lists(backup_usage_wire(), max_size=2),
            "settings": _device_settings(),
            "availableDestinations": _available_destinations(),
            "orgSettings": st.fixed_dictionaries({"securityKeyLocked": st.booleans()}),
        },
    )


def device_page_wire() -> st.SearchStrategy[Wire]:
    """``data`` of ``GET /api/v1/Computer``: ``{"totalCount", "computers"}``."""

    return wire_object(
        DevicePage,
        {"totalCount": st.none() | _counts(), "computers": st.lists(device_wire(), max_size=3)},
        nullable=False,
    )


def user_wire() -> st.SearchStrategy[Wire]:
    """User objects of ``/api/v1/User`` (list items and single)."""

    return wire_object(
        User,
        {
            "userId": numeric_ids(),
            "userUid": _numeric_strings() | st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=16, max_size=27),
            "status": _enumish("Active", "Active, Blocked", "Deactivated"),
            "username": _text(),
            "email": _host_labels().map("{}@example.com".format) | _text(),
            "firstName": _text(),
            "lastName": _text(),
            "quotaInBytes": st.just(-1) | _counts(),
            "orgId": numeric_ids(),
            "orgUid": _org_uids(),
            "orgName": _text(),
            "orgType": _enumish("ENTERPRISE", "BUSINESS"),
            "userExtRef": _text(),
            "notes": _text(),
            "active": st.booleans(),
            "blocked": st.booleans(),
            "emailPromo": st.booleans(),
            "invited": st.booleans(),
            "passwordReset": st.booleans(),
            "localAuthenticationOnly": st.booleans(),
            "usernameIsAnEmail": st.booleans(),
            "creationDate": iso_timestamps(),
            "modificationDate": iso_timestamps(),
            "licenses": st.lists(_enumish("admin.securityTools"), max_size=2),
            "roles": st.lists(_enumish("Desktop User", "Customer Cloud Admin"), max_size=2),
        },
    )


def user_page_wire() -> st.SearchStrategy[Wire]:
    """``data`` of ``GET /api/v1/User``: ``{"totalCount", "users"}``."""

    return wire_object(
        UserPage,
        {"totalCount": st.none() | _counts(), "users": st.lists(user_wire(), max_size=3)},
        nullable=False,
    )


def master_services_agreement_wire() -> st.SearchStrategy[Wire]:
    """``masterServicesAgreement`` of ``GET /api/v3/customer/my``."""

    return wire_object(
        MasterServicesAgreement,
        {"accepted": st.booleans(), "acceptanceRequired": st.booleans()},
    )


def tenant_wire() -> st.SearchStrategy[Wire]:
    """``GET /api/v3/customer/my`` bodies (unwrapped)."""

    return wire_object(
        Tenant,
        {
            "name": _text(),
            "registrationKey": st.integers(min_value=10**15, max_value=10**16 - 1).map(str),
            "deploymentModel": _enumish("PUBLIC"),
            "maintenanceMode": st.booleans(),
            "tenantUid": st.uuids().map(str),
            "masterServicesAgreement": master_services_agreement_wire(),
        },
    )


def login_config_wire() -> st.SearchStrategy[Wire]:
    """``GET /api/v3/LoginConfiguration`` bodies."""

    return wire_object(
        LoginConfig, {"loginType": _enumish("LOCAL", "LOCAL_2FA", "CLOUD_SSO")}
    )


def _org_guids() -> st.SearchStrategy[str]:
    # UUIDs mostly; a parent org's guid was also seen as a 16-char alnum.
    return st.uuids().map(str) | st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=16, max_size=16)


def _org_status() -> st.SearchStrategy[str]:
    return _enumish("Active", "Active, Blocked", "Deactivated")


def _limit_or_null() -> st.SearchStrategy[int | None]:
    return st.none() | st.just(-1) | _counts()


def org_settings_summary_wire() -> st.SearchStrategy[Wire]:
    """``settingsSummary`` of an org: ``maxSeats``/``maxBytes`` are int (``-1``) or ``""``."""

    limit = st.just(-1) | _counts() | st.just("")
    return wire_object(OrgSettingsSummary, {"maxSeats": limit, "maxBytes": limit})


def org_reporting_wire() -> st.SearchStrategy[Wire]:
    """``reporting`` of an org: ``{"orgManagers": [...]}`` or ``{}``."""

    return wire_object(OrgReporting, {"orgManagers": st.lists(json_values(), max_size=2)})


def _org_settings() -> st.SearchStrategy[Wire]:
    # The org settings tree (loosely modelled): limits are int or null, plus a few others.
    return st.fixed_dictionaries(
        {},
        optional={
            "maxSeats": _limit_or_null(),
            "maxBytes": _limit_or_null(),
            "archiveHoldDays": st.none() | _counts(),
            "recipients": st.lists(_host_labels().map("{}@example.com".format), max_size=2),
            "reportSchedule": _enumish("SM_WHF_"),
            "usernameIsAnEmail": st.booleans(),
            "ldapServerIds": st.none() | st.lists(numeric_ids(), max_size=2),
            "destinations": _available_destinations(),
        },
    )


def _org_settings_inherited() -> st.SearchStrategy[Wire]:
    # Inherited limits arrive as strings, usually "".
    value = st.just("") | _numeric_strings(6) | st.just("-1")
    return st.fixed_dictionaries({}, optional={"maxSeats": value, "maxBytes": value})


def _org_inherit_dto() -> st.SearchStrategy[Wire]:
    keys: dict[str, st.SearchStrategy[Any]] = {}
    for what in ("Org", "Destinations", "DeviceDefaults"):
        keys[f"orgIdProviding{what}"] = numeric_ids()
        keys[f"orgUidProviding{what}"] = _org_uids()
        keys[f"orgNameProviding{what}"] = _text()
    return st.fixed_dictionaries({}, optional={"orgId": numeric_ids(), "orgUid": _org_uids(), **keys})


def _count_map() -> st.SearchStrategy[Wire]:
    # ``{}`` in every sample; allow a few named counts.
    return st.dictionaries(st.text(_ALNUM, min_size=1, max_size=8), _counts(), max_size=2)


def org_wire() -> st.SearchStrategy[Wire]:
    """Org objects of ``/api/v1/Org`` (list items and single, with or without the
    ``inc*`` extras) and of ``/api/v3/orgs`` (a subset of the same keys)."""

    return wire_object(
        Org,
        {
            "orgId": numeric_ids(),
            "orgUid": _org_uids(),
            "orgGuid": _org_guids(),
            "orgName": _text(),
            "orgExtRef": _text(),
            "notes": _text(),
            "status": _org_status(),
            "active": st.booleans(),
            "blocked": st.booleans(),
            "customConfig": st.booleans(),
            "parentOrgId": numeric_ids(),
            "parentOrgUid": _org_uids(),
            "parentOrgGuid": _org_guids(),
            "type": _enumish("ENTERPRISE", "BUSINESS"),
            "classification": _enumish("BASIC"),
            "externalId": _org_uids(),
            "hierarchyCounts": _count_map(),
            "configInheritanceCounts": _count_map(),
            "creationDate": iso_timestamps(),
            "modificationDate": iso_timestamps(),
            "deactivationDate": iso_timestamps(),
            "registrationKey": st.lists(
                st.text("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=4, max_size=4), min_size=4, max_size=4
            ).map("-".join),
            "reporting": org_reporting_wire(),
            "settings": _org_settings(),
            "settingsInherited": _org_settings_inherited(),
            "settingsSummary": org_settings_summary_wire(),
            "deviceDefaults": _device_settings(),
            "orgInheritDto": _org_inherit_dto(),
            "windowsUsmtFiles": st.fixed_dictionaries(
                {}, optional={k: st.fixed_dictionaries({"filename": _text()}) for k in ("USER", "APP", "DOCS")}
            ),
            "computerCount": _counts(),
            "shareDeviceCount": _counts(),
            "backupDeviceCount": _counts(),
            "backupComputerCount": _counts(),
            "userCount": _counts(),
            "licensedUserCount": _counts(),
            "orgCount": _counts(),
            "planCount": _counts(),
        },
    )


def org_page_wire() -> st.SearchStrategy[Wire]:
    """``data`` of ``GET /api/v1/Org``: ``{"totalCount", "orgs"}``."""

    return wire_object(
        OrgPage,
        {"totalCount": st.none() | _counts(), "orgs": st.lists(org_wire(), max_size=3)},
        nullable=False,
    )


def _role_ids() -> st.SearchStrategy[str | int]:
    # Cloud: slugs (and numeric strings); 2014 on-prem: ints.
    return (
        st.sampled_from(("desktop-user", "proe-user", "customer-cloud-admin", "alert-emails"))
        | _numeric_strings(7)
        | st.integers(min_value=1, max_value=10**6)
    )


def _role_names() -> st.SearchStrategy[str]:
    return _enumish("Desktop User", "PROe User", "Customer Cloud Admin", "Alert Emails")


def permission_wire() -> st.SearchStrategy[Wire]:
    """``permissions[]`` items of ``GET /api/v1/role``."""

    return wire_object(
        Permission,
        {"permission": _enumish("admin.receives_alert.email", "computer.read"), "description": _text()},
    )


def role_wire() -> st.SearchStrategy[Wire]:
    """Items of ``GET /api/v1/role`` (all roles)."""

    return wire_object(
        Role,
        {
            "roleId": _role_ids(),
            "roleName": _role_names(),
            "locked": st.booleans(),
            "numberOfUsers": _counts(),
            "creationDate": iso_timestamps(),
            "modificationDate": iso_timestamps(),
            "permissions": st.lists(permission_wire(), max_size=2),
        },
    )


def user_role_wire() -> st.SearchStrategy[Wire]:
    """Items of ``GET /api/v3/users/{uid}/roles`` (a user's roles)."""

    return wire_object(
        UserRole,
        {
            "roleId": _role_ids(),
            "roleName": _role_names(),
            "creationDate": iso_timestamps(),
            "modificationDate": iso_timestamps(),
            # Only [] has been seen; the item type is unknown.
            "permissionIds": st.lists(st.text(max_size=8) | st.integers(0, 10**6), max_size=2),
        },
    )


def agent_state_wire() -> st.SearchStrategy[Wire]:
    """Items of ``GET /api/v38/agent-state/view-by-*`` lists."""

    return wire_object(
        AgentState,
        {
            "deviceGuid": _guids(),
            "orgId": numeric_ids(),
            "propertyName": _enumish("fullDiskAccess"),
            "value": _enumish("true", "false", "unknown"),
            "lastUpdatedDate": iso_timestamps(),
        },
    )


def scim_user_wire() -> st.SearchStrategy[Wire]:
    """``GET /api/v38/scim-user-data/collated-view`` bodies."""

    return wire_object(
        ScimUser,
        {
            "tenantId": _text() | st.uuids().map(str),
            "userId": numeric_ids(),
            "userName": _host_labels().map("{}@example.com".format) | _text(),
            "displayName": _text(),
            "notes": _text(),
            "managerUid": numeric_ids() | _numeric_strings(),
            "managerUsername": _host_labels().map("{}@example.com".format),
            "managerDisplayName": _text(),
            "title": _text(),
            "division": _text(),
            "department": _text(),
            "employmentType": _enumish("Full-time", "Contractor"),
            "city": _text(),
            "state": _text(),
            "country": _enumish("US", "GB"),
        },
    )


# Legal hold ---------------------------------------------------------------------------


def _emails() -> st.SearchStrategy[str]:
    return _host_labels().map("{}@example.com".format)


def _principal_ids() -> st.SearchStrategy[str]:
    # A user uid, or ``key-<uuid>`` for an API client.
    return _numeric_strings() | st.uuids().map("key-{}".format)


def principal_user_wire() -> st.SearchStrategy[Wire]:
    """``user`` of a ``USER`` principal: ``{email, firstName?, lastName?}``."""

    return wire_object(PrincipalUser, {"email": _emails(), "firstName": _text(), "lastName": _text()})


def principal_wire() -> st.SearchStrategy[Wire]:
    """Principal objects: users with an optional ``user``, API keys without."""

    user = wire_object(
        Principal,
        {
            "type": st.just("USER"),
            "principalId": _numeric_strings(),
            "displayName": _emails(),
            "user": principal_user_wire(),
        },
    )
    api_key = wire_object(
        Principal,
        {
            "type": st.just("API_KEY"),
            "principalId": st.uuids().map("key-{}".format),
            "displayName": _text().map("{} (client)".format) | _text(),
        },
    )
    other = wire_object(
        Principal,
        {
            "type": _enumish("DEVICE", "SERVICE", "EMPLOYEE"),
            "principalId": _principal_ids(),
            "displayName": _text(),
            "user": principal_user_wire(),
        },
    )
    return user | api_key | other


def legal_hold_user_wire() -> st.SearchStrategy[Wire]:
    """v1-style user objects: membership ``user``, policy ``creatorUser``, old matter ``creator``."""

    return wire_object(
        LegalHoldUser,
        {
            "userUid": _numeric_strings(),
            "userId": numeric_ids(),
            "username": _emails() | _text(),
            "email": _emails(),
            "firstName": _text(),
            "lastName": _text(),
            "userExtRef": _text(),
        },
    )


def _hh_mm() -> st.SearchStrategy[str]:
    return st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59))


_DAYS = ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")


def backup_run_window_wire() -> st.SearchStrategy[Wire]:
    """``policy.backupRunWindow`` of a preservation policy."""

    return wire_object(
        BackupRunWindow,
        {
            "alwaysRun": st.booleans(),
            "startTimeOfDay": _hh_mm(),
            "endTimeOfDay": _hh_mm(),
            "days": st.lists(_enumish(*_DAYS), max_size=7, unique=True),
        },
    )


def exclude_patterns_wire() -> st.SearchStrategy[Wire]:
    """``policy.backupPaths.excludePatterns``: one list per OS (items unknown)."""

    patterns = st.lists(_text() | json_values(), max_size=2)
    return wire_object(
        ExcludePatterns, {"windows": patterns, "linux": patterns, "macintosh": patterns, "all": patterns}
    )


def backup_paths_wire() -> st.SearchStrategy[Wire]:
    """``policy.backupPaths``."""

    return wire_object(
        BackupPaths,
        {"paths": st.lists(_text() | json_values(), max_size=2), "excludePatterns": exclude_patterns_wire()},
    )


def retention_policy_wire() -> st.SearchStrategy[Wire]:
    """``policy.retentionPolicy``: a frequency in ms and intervals in minutes."""

    return wire_object(
        RetentionPolicy,
        {
            "backupFrequencyMillis": _counts(),
            "keepDeleted": st.booleans(),
            "keepDeletedMinutes": _counts(),
            "versionLastWeekIntervalMinutes": _counts(),
            "versionLastNinetyDaysIntervalMinutes": _counts(),
            "versionLastYearIntervalMinutes": _counts(),
            "versionPrevYearsIntervalMinutes": _counts(),
        },
    )


def preservation_policy_wire() -> st.SearchStrategy[Wire]:
    """``policy`` of a legal hold policy (its preservation settings)."""

    return wire_object(
        PreservationPolicy,
        {
            "backupOpenFiles": st.booleans(),
            "compression": _enumish("ON", "OFF"),
            "dataDeDupAutoMaxFileSizeForLan": _counts(),
            "dataDeDupAutoMaxFileSizeForWan": _counts(),
            "dataDeDuplication": _enumish("FULL", "MINIMAL"),
            "encryptionEnabled": st.booleans(),
            "scanIntervalMillis": st.just(86400000) | _counts(),
            "scanTime": _hh_mm(),
            "watchFiles": st.booleans(),
            "destinations": st.lists(json_values(), max_size=2),
            "backupRunWindow": backup_run_window_wire(),
            "backupPaths": backup_paths_wire(),
            "retentionPolicy": retention_policy_wire(),
        },
    )


def legal_hold_policy_wire() -> st.SearchStrategy[Wire]:
    """Legal hold policies: ``legal-hold-policy/create``, ``/view`` and ``/list`` items."""

    return wire_object(
        LegalHoldPolicy,
        {
            "legalHoldPolicyUid": _numeric_strings(),
            "name": _text(),
            "creatorUser": legal_hold_user_wire(),
            "creatorPrincipal": principal_wire(),
            "policy": preservation_policy_wire(),
            "creationDate": iso_timestamps(("Z",)),
            "modificationDate": iso_timestamps(("Z",)),
        },
    )


def _with(extra: Mapping[str, st.SearchStrategy[Any]], base: st.SearchStrategy[Wire]) -> st.SearchStrategy[Wire]:
    """``base`` objects that always carry the ``extra`` keys (non-null)."""
    return st.builds(lambda obj, more: {**obj, **more}, base, st.fixed_dictionaries(dict(extra)))


def _matter_creators() -> st.SearchStrategy[Wire]:
    # Real creators always carry their id, which is also what tells the two shapes apart.
    principal = _with({"principalId": _principal_ids()}, principal_wire())
    user = _with({"userUid": _numeric_strings()}, legal_hold_user_wire())
    return principal | user


def legal_hold_matter_wire() -> st.SearchStrategy[Wire]:
    """Matters: v38 (principal creator, ``policyId``) and older (user creator,
    ``holdPolicyUid``), with ``lastModified`` or ``lastModifiedDate``."""

    common: dict[str, st.SearchStrategy[Any]] = {
        "legalHoldUid": st.integers(min_value=10**8, max_value=10**19 - 1).map(str),
        "name": _text(),
        "description": st.just("") | _text(),
        "notes": _text(),
        "holdExtRef": _text(),
        "externalReference": _text(),
        "active": st.booleans(),
        "creationDate": iso_timestamps(("-05:00", "-06:00", "+00:00")),
        "creator": _matter_creators(),
        "policyId": _numeric_strings(),
        "holdPolicyUid": _numeric_strings(),
    }
    dates = iso_timestamps(("-05:00", "-06:00", "+00:00"))
    return wire_object(LegalHoldMatter, {**common, "lastModified": dates}) | wire_object(
        LegalHoldMatter, {**common, "lastModifiedDate": dates}
    )


def legal_hold_ref_wire() -> st.SearchStrategy[Wire]:
    """``legalHold`` of a membership: ``{legalHoldUid, name}``."""

    return wire_object(LegalHoldRef, {"legalHoldUid": _numeric_strings(), "name": _text()})


def legal_hold_membership_wire() -> st.SearchStrategy[Wire]:
    """Memberships: ``legal-hold-membership/create`` and ``/list`` items."""

    return wire_object(
        LegalHoldMembership,
        {
            "legalHoldMembershipUid": _numeric_strings(),
            "active": st.booleans(),
            "creationDate": iso_timestamps(("Z",)),
            "legalHold": legal_hold_ref_wire(),
            "user": legal_hold_user_wire(),
        },
    )


def _flattened_people(*roles: str) -> dict[str, st.SearchStrategy[Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for role in roles:
        fields[f"{role}UserUid"] = _numeric_strings()
        fields[f"{role}Username"] = _emails()
        fields[f"{role}FirstName"] = _text()
        fields[f"{role}LastName"] = _text()
        fields[f"{role}UserExtRef"] = _text()
        fields[f"{role}Email"] = _emails()
    return fields


def legal_hold_event_wire() -> st.SearchStrategy[Wire]:
    """Events: v38 hold events (no membership keys), v38 membership events,
    and v1 events with flattened ``actor*``/``custodian*`` fields."""

    base: dict[str, st.SearchStrategy[Any]] = {
        "eventUid": _numeric_strings(),
        "eventDate": iso_timestamps(("Z",)),
        "legalHoldUid": _numeric_strings(),
    }
    hold = wire_object(
        LegalHoldEvent,
        {
            **base,
            "eventType": _enumish("HOLD_CREATED", "HOLD_DEACTIVATED", "HOLD_REACTIVATED", "RESTORE"),
            "actorPrincipal": principal_wire(),
        },
    )
    membership = wire_object(
        LegalHoldEvent,
        {
            **base,
            "eventType": _enumish("MEMBERSHIP_CREATED", "MEMBERSHIP_DEACTIVATED", "MEMBERSHIP_REACTIVATED"),
            "legalHoldMembershipUid": _numeric_strings(),
            "actorPrincipal": principal_wire(),
            "custodianPrincipal": principal_wire(),
        },
    )
    v1 = wire_object(
        LegalHoldEvent,
        {
            **base,
            "eventType": _enumish("HoldCreated", "HoldDeactivated", "MembershipCreated", "Restore"),
            "legalHoldMembershipUid": _numeric_strings(),
            **_flattened_people("actor", "custodian"),
        },
    )
    return hold | membership | v1


def _enveloped(key: str, items: st.SearchStrategy[Wire]) -> st.SearchStrategy[Any]:
    pages = st.lists(items, max_size=3)
    return pages | pages.map(lambda page: {key: page})


def matter_list_wire() -> st.SearchStrategy[Any]:
    """A page of ``legal-hold-matter/list``: a bare array or ``{"matters": [...]}`` (both are seen)."""
    return _enveloped("matters", legal_hold_matter_wire())


def membership_list_wire() -> st.SearchStrategy[Any]:
    """A page of ``legal-hold-membership/list``: a bare array or ``{"memberships": [...]}``."""
    return _enveloped("memberships", legal_hold_membership_wire())


# Audit log ----------------------------------------------------------------------------


def _audit_event_types() -> st.SearchStrategy[str]:
    names = st.sampled_from(
        ("logged_in", "federation_metadata_updated", "user_registered", "support_user_access_disabled")
    )
    return st.builds("audit_log::{}/{}".format, names, st.integers(1, 3)) | _text()


def _ip_addresses() -> st.SearchStrategy[str]:
    # One address, or several joined by comma+space as the API sends them.
    return _ipv4() | st.lists(_ipv4(), min_size=2, max_size=3).map(", ".join)


def _audit_event_specific() -> st.SearchStrategy[Wire]:
    return st.fixed_dictionaries(
        {},
        optional={
            "federationId": _text(),
            "metadataUrl": _host_labels().map("https://{}.example.com/metadata".format),
            "displayName": _text(),
            "metadataMd5sum": st.text("0123456789abcdef", min_size=32, max_size=32),
        },
    )


def audit_log_event_wire() -> st.SearchStrategy[Wire]:
    """Items of ``events``: ``type$``, actor fields, a ``Z`` timestamp with 3 or 6
    fraction digits, and a few event-specific keys."""

    known = wire_object(
        AuditLogEvent,
        {
            "type$": _audit_event_types(),
            "actorId": _numeric_strings() | _text(),
            "actorName": _emails() | st.just("SYSTEM"),
            "actorAgent": _text().map("py42 {}".format) | _text(),
            "actorIpAddress": _ip_addresses(),
            "actorType": _enumish("USER", "SYSTEM", "UNKNOWN"),
            "timestamp": iso_timestamps(("Z",)),
            "affectedUserId": _numeric_strings(),
            "affectedUserName": _emails(),
        },
    )
    return st.builds(lambda event, specific: {**event, **specific}, known, _audit_event_specific())


def audit_log_page_wire() -> st.SearchStrategy[Wire]:
    """Bodies of ``search-audit-log``: ``{"events", "paginationRangeStartIndex", ...End...}``."""

    return wire_object(
        AuditLogPage,
        {
            "events": st.lists(audit_log_event_wire(), max_size=3),
            "paginationRangeStartIndex": st.none() | _counts(),
            "paginationRangeEndIndex": st.none() | _counts(),
        },
        nullable=False,
    )


# Archive, cold storage, restore history, web restore ----------------------------------


def epoch_millis() -> st.SearchStrategy[int]:
    """Milliseconds since the epoch (2000 to 2035), as tree nodes and restore jobs send them."""
    return st.integers(min_value=946_684_800_000, max_value=2_082_758_399_999)


def _server_urls() -> st.SearchStrategy[str]:
    return _host_labels().map("https://{}.crashplan.com".format) | _host_labels().map(
        "https://{}.example.com:4285".format
    )


def _job_ids() -> st.SearchStrategy[str]:
    return _numeric_strings() | st.uuids().map(str)


def _hex(length: int) -> st.SearchStrategy[str]:
    return st.text("0123456789abcdef", min_size=length, max_size=length)


def archive_wire() -> st.SearchStrategy[Wire]:
    """Items of ``archives`` of ``GET /api/v1/Archive`` (``userId``/``userUid`` often null)."""

    return wire_object(
        Archive,
        {
            "archiveGuid": _guids(),
            "userId": numeric_ids(),
            "userUid": _numeric_strings(),
            "archiveBytes": _counts(),
            "targetGuid": _guids(),
            "lastCompletedBackup": iso_timestamps(),
            "isColdStorage": st.booleans(),
            "lastMaintained": iso_timestamps(),
            "maintenanceDuration": _counts(),
            "compactBytesRemoved": _counts(),
            "storePointId": numeric_ids(),
            "selectedBytes": _counts(),
            "selectedFiles": _counts(),
            "todoBytes": _counts(),
            "format": _enumish("ARCHIVE_V1", "ARCHIVE_V2"),
        },
    )


def archive_page_wire() -> st.SearchStrategy[Wire]:
    """``data`` of ``GET /api/v1/Archive``: ``{"totalCount"?, "archives"}``."""

    return wire_object(
        ArchivePage,
        {"totalCount": st.none() | _counts(), "archives": st.lists(archive_wire(), max_size=3)},
        nullable=False,
    )


def backup_set_summary_wire() -> st.SearchStrategy[Wire]:
    """Items of ``backupSets`` of ``GET /api/v3/BackupSets/{device}/{destination}``.

    ``backupSetId`` is always there (a string, now and then a number).
    """

    ids = _numeric_strings(3) | st.integers(min_value=1, max_value=999) | _text()
    return wire_object(BackupSetSummary, {"backupSetId": ids, "name": _text()})


def backup_set_list_wire() -> st.SearchStrategy[Wire]:
    """Bodies of ``GET /api/v3/BackupSets/{device}/{destination}``: ``{"backupSets": [...]}``."""

    return wire_object(
        BackupSetList, {"backupSets": st.lists(backup_set_summary_wire(), max_size=3)}, nullable=False
    )


def restore_event_wire() -> st.SearchStrategy[Wire]:
    """Items of ``restoreEvents`` of ``GET /api/v1/RestoreHistory``."""

    return wire_object(
        RestoreEvent,
        {
            "eventUid": _numeric_strings(),
            "eventName": _text(),
            "restoreId": numeric_ids(),
            "sourceComputerGuid": _guids(),
            "sourceComputerName": _text(),
            "acceptingComputerGuid": _guids(),
            "userUid": _numeric_strings(),
            "requestingUsername": _emails(),
            "fileCount": _counts(),
            "byteCount": _counts(),
            "type": _enumish("WEB", "PUSH"),
            "startDate": iso_timestamps(),
            "completedDate": iso_timestamps(),
        },
    )


def restore_history_page_wire() -> st.SearchStrategy[Wire]:
    """``data`` of ``GET /api/v1/RestoreHistory``: ``{"totalCount", "restoreEvents"}``."""

    return wire_object(
        RestoreHistoryPage,
        {"totalCount": st.none() | _counts(), "restoreEvents": st.lists(restore_event_wire(), max_size=3)},
        nullable=False,
    )


def cold_storage_archive_wire() -> st.SearchStrategy[Wire]:
    """Items of ``coldStorageRows`` of ``GET /api/v1/ColdStorage`` (hold date often null)."""

    return wire_object(
        ColdStorageArchive,
        {
            "archiveGuid": _guids(),
            "archiveBytes": _counts(),
            "archiveHoldExpireDate": st.none() | iso_timestamps(),
            "sourceComputerId": numeric_ids(),
            "sourceComputerName": _text(),
            "sourceUserId": numeric_ids(),
            "sourceUserEmail": _emails(),
            "sourceUserFirstName": _text(),
            "sourceUserLastName": _text(),
            "orgId": numeric_ids(),
            "orgName": _text(),
            "mountPointName": _text(),
            "archiveType": _enumish("BACKUP", "ARCHIVE"),
        },
    )


def cold_storage_page_wire() -> st.SearchStrategy[Wire]:
    """``data`` of ``GET /api/v1/ColdStorage``: ``{"totalCount", "coldStorageRows"}``."""

    return wire_object(
        ColdStoragePage,
        {
            "totalCount": st.none() | _counts(),
            "coldStorageRows": st.lists(cold_storage_archive_wire(), max_size=3),
        },
        nullable=False,
    )


def web_restore_info_wire() -> st.SearchStrategy[Wire]:
    """``GET /api/v1/WebRestoreInfo``: ``{"serverUrl", "nodeGuid"}``."""

    return wire_object(WebRestoreInfo, {"serverUrl": _server_urls(), "nodeGuid": _guids()})


def data_key_token_wire() -> st.SearchStrategy[Wire]:
    """``POST /api/v1/DataKeyToken``: ``{"dataKeyToken"}``."""

    token = st.text(_ALNUM + "-_", min_size=1, max_size=40)
    return wire_object(DataKeyToken, {"dataKeyToken": token})


def web_restore_session_wire() -> st.SearchStrategy[Wire]:
    """``POST /api/v1/WebRestoreSession``: ``{"webRestoreSessionId"}``."""

    return wire_object(WebRestoreSession, {"webRestoreSessionId": _hex(32) | _text()})


def _tree_paths() -> st.SearchStrategy[str]:
    segment = st.text(_ALNUM + " ._-", min_size=1, max_size=8)
    segments = st.lists(segment, min_size=1, max_size=3).map("/".join)
    return st.sampled_from(("/", "C:/")) | st.builds("{}{}".format, st.sampled_from(("/", "C:/")), segments)


def _locale_dates() -> st.SearchStrategy[str]:
    # The server's display format, e.g. "04/12/19 12:56 PM"; kept verbatim.
    return st.builds(
        "{:02d}/{:02d}/{:02d} {}:{:02d} {}".format,
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 99),
        st.integers(1, 12),
        st.integers(0, 59),
        st.sampled_from(("AM", "PM")),
    )


def web_restore_tree_node_wire() -> st.SearchStrategy[Wire]:
    """Items of ``GET /api/v1/WebRestoreTreeNode``: ``id`` null or 32-hex, ms-epoch ints
    next to ISO dates, and a locale-formatted ``date``."""

    return wire_object(
        WebRestoreTreeNode,
        {
            "id": _hex(32),
            "path": _tree_paths(),
            "filename": _text(),
            "type": _enumish("directory", "file"),
            "deleted": st.booleans(),
            "hidden": st.booleans(),
            "lastModified": iso_timestamps(),
            "lastModifiedMs": epoch_millis(),
            "lastBackup": iso_timestamps(),
            "lastBackupMs": epoch_millis(),
            "date": _locale_dates(),
        },
    )


def file_size_job_wire() -> st.SearchStrategy[Wire]:
    """``POST``/``GET /api/v1/WebRestoreFileSizePolling``: ``jobId``, counts and ``status``."""

    return wire_object(
        FileSizeJob,
        {
            "jobId": _job_ids(),
            "numFiles": _counts(),
            "numDirs": _counts(),
            "size": _counts(),
            "status": _enumish("WORKING", "DONE"),
        },
    )


def restore_job_wire() -> st.SearchStrategy[Wire]:
    """``POST /api/v9/restore/web`` and ``GET /api/v1/WebRestoreJob/{jobId}``: ms-epoch
    dates; ``status`` and ``percentComplete`` (int or float) may be absent."""

    return wire_object(
        RestoreJob,
        {
            "jobId": _job_ids(),
            "status": _enumish("preparing", "done"),
            "done": st.booleans(),
            "canceled": st.booleans(),
            "zipResult": st.booleans(),
            "name": st.integers(0, 10**6).map("WebRestore_{}".format) | _text(),
            "sourceId": _numeric_strings(),
            "userId": numeric_ids(),
            "bytesZipped": _counts(),
            "percentComplete": st.integers(0, 100) | st.floats(min_value=0.0, max_value=100.0),
            "creationDate": epoch_millis(),
            "expirationDate": epoch_millis(),
        },
    )


def connected_server_wire() -> st.SearchStrategy[Wire]:
    """``GET /api/v1/connectedServerUrl``: ``{"serverUrl"}`` (null when not connected)."""

    return wire_object(ConnectedServer, {"serverUrl": _server_urls()})


def push_restore_result_wire() -> st.SearchStrategy[Wire]:
    """``POST /api/v38/restore/push`` answers (not sampled): ``jobId``, ``status``."""

    return wire_object(
        PushRestoreResult, {"jobId": _job_ids(), "status": _enumish("QUEUED", "STARTED", "DONE")}
    )
