"""Hypothesis strategies that generate CrashPlan payloads as they arrive on the wire.

Every ``*_wire()`` strategy yields a JSON-compatible dict with camelCase keys, a
random subset of the known fields (real payloads omit fields), ``null`` values,
ISO-8601 dates with mixed offsets and 3 or 6 fraction digits, and a few unknown
keys whose values are arbitrary JSON. Reuse them wherever a realistic payload is
needed (services, paging, emulator contract tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from pycpg.models import (
    BackupActivity,
    BackupUsage,
    Device,
    DevicePage,
    LoginConfig,
    MasterServicesAgreement,
    PycpgModel,
    Tenant,
    User,
    UserPage,
)

__all__ = [
    "OFFSETS",
    "backup_activity_wire",
    "backup_usage_wire",
    "device_page_wire",
    "device_wire",
    "iso_timestamps",
    "json_values",
    "known_keys",
    "login_config_wire",
    "master_services_agreement_wire",
    "numeric_ids",
    "tenant_wire",
    "unknown_fields",
    "user_page_wire",
    "user_wire",
    "wire_object",
]

Wire = dict[str, Any]

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

#: Offsets seen on the wire (§8), plus a couple of non-hour ones.
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
    """A dict holding any subset of ``fields`` (values maybe null) plus unknown keys."""
    missing = set(fields) - known_keys(model)
    assert not missing, f"strategy keys unknown to {model.__name__}: {sorted(missing)}"
    optional = {k: (st.none() | v) if nullable else v for k, v in fields.items()}
    return st.builds(
        lambda known, extra: {**known, **extra},
        st.fixed_dictionaries({}, optional=optional),
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
