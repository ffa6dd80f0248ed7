"""Reads the built-in actions share: a device, user, org, matter or membership from a row's value."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pycpg.bulk.actions import BulkRowError
from pycpg.exceptions import (
    PycpgError,
    PycpgForbiddenError,
    PycpgHTTPError,
    PycpgNotFoundError,
    PycpgTransportError,
)
from pycpg.sdk import SDKClient

if TYPE_CHECKING:
    from pycpg.models import Device, LegalHoldMatter, LegalHoldMembership, Org, User


def device(sdk: SDKClient, guid: str) -> Device:
    """The device with GUID ``guid``."""
    try:
        return sdk.devices.get_by_guid(guid).model()
    except PycpgNotFoundError:
        raise BulkRowError(f"no device has GUID {guid}") from None


def describe_device(found: Device) -> str:
    """``device 12 'laptop'``."""
    return f"device {found.computer_id} {found.name!r}"


def user(sdk: SDKClient, username: str | None, user_uid: str | None) -> User:
    """The user named ``username``, or with uid ``user_uid`` (one of them is set)."""
    if user_uid:
        try:
            return sdk.users.get_by_uid(user_uid).model()
        except PycpgNotFoundError:
            raise BulkRowError(f"no user has uid {user_uid}") from None
    if not username:
        raise BulkRowError("no username or user uid")
    users = sdk.users.get_by_username(username).model().users
    exact = [found for found in users if found.username.casefold() == username.casefold()]
    if not exact:
        raise BulkRowError(f"no user is named {username!r}")
    return exact[0]


def describe_user(found: User) -> str:
    """``user 42 'alice@example.com'``."""
    return f"user {found.user_id} {found.username!r}"


def _lookup_missed(error: PycpgError) -> bool:
    """Whether ``error`` is a lookup that found nothing (not a failed request, which must surface)."""
    return isinstance(error, PycpgNotFoundError) or not isinstance(error, (PycpgHTTPError, PycpgTransportError))


def org(sdk: SDKClient, value: str) -> Org:
    """The org whose ``orgUid`` or numeric ``orgId`` is ``value`` (uid first, as CrashPlan's CLI)."""
    try:
        return sdk.orgs.get_by_uid(value).model()
    except PycpgError as error:
        if not _lookup_missed(error):
            raise
    if value.isascii() and value.isdigit():
        try:
            return sdk.orgs.get_by_id(value).model()
        except PycpgError as error:
            if not _lookup_missed(error):
                raise
    raise BulkRowError(f"no org has uid or id {value!r}")


def matter(sdk: SDKClient, matter_uid: str) -> LegalHoldMatter:
    """The legal-hold matter ``matter_uid``."""
    try:
        return sdk.legalhold.get_matter_by_uid(matter_uid).model()
    except (PycpgNotFoundError, PycpgForbiddenError):
        raise BulkRowError(f"no legal-hold matter {matter_uid} (or no permission to see it)") from None


def active_membership(sdk: SDKClient, matter_uid: str, user_uid: str) -> LegalHoldMembership | None:
    """The user's active membership of the matter, if any."""
    for member in sdk.legalhold.iter_all_matter_custodians(matter_uid, user_uid=user_uid, active=True):
        if member.user.user_uid == user_uid and member.legal_hold.legal_hold_uid == matter_uid:
            return member
    return None
