"""User models: ``/api/v1/User`` payloads."""

from __future__ import annotations

from pycpg.models._base import PycpgModel, Timestamp
from pycpg.models._values import OrgTypeValue, UserStatusValue

__all__ = ["User", "UserPage"]


class User(PycpgModel):
    """A user.

    From ``GET /api/v1/User`` (items of ``users``), ``GET /api/v1/User/my``,
    ``GET /api/v1/User/{id}``, ``GET /api/v1/User/{uid}?idType=uid`` and the
    ``POST /api/v1/User`` response. ``roles`` (role names) is present only with
    ``incRoles=true``. Required: ``user_id``, ``user_uid``, ``status`` (a
    :class:`~pycpg.constants.UserStatus` or a plain string), ``username``,
    ``active``.
    """

    user_id: int
    user_uid: str
    status: UserStatusValue
    username: str
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    quota_in_bytes: int | None = None
    org_id: int | None = None
    org_uid: str | None = None
    org_name: str | None = None
    org_type: OrgTypeValue | None = None
    user_ext_ref: str | None = None
    notes: str | None = None
    active: bool
    blocked: bool | None = None
    email_promo: bool | None = None
    invited: bool | None = None
    password_reset: bool | None = None
    local_authentication_only: bool | None = None
    username_is_an_email: bool | None = None
    creation_date: Timestamp | None = None
    modification_date: Timestamp | None = None
    licenses: list[str] | None = None
    roles: list[str] | None = None


class UserPage(PycpgModel):
    """One page of users: the ``data`` of ``GET /api/v1/User``."""

    total_count: int | None = None
    users: list[User]
