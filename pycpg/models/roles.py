"""Role models: ``/api/v1/role`` and ``/api/v3/users/{uid}/roles`` payloads."""

from __future__ import annotations

from typing import Any

from pycpg.models._base import PycpgModel, Timestamp

__all__ = ["Permission", "Role", "UserRole"]


class Permission(PycpgModel):
    """One permission granted by a role: an item of ``permissions`` in ``GET /api/v1/role``."""

    permission: str | None = None
    description: str | None = None


class Role(PycpgModel):
    """A role that can be assigned: an item of ``GET /api/v1/role``.

    ``role_id`` is a string in the cloud (``"alert-emails"``) and an int on
    2014 on-prem servers; either is kept as sent. ``locked`` is on-prem only.
    """

    role_id: str | int
    role_name: str
    locked: bool | None = None
    number_of_users: int | None = None
    creation_date: Timestamp | None = None
    modification_date: Timestamp | None = None
    permissions: list[Permission] | None = None


class UserRole(PycpgModel):
    """A role held by a user: an item of ``GET``/``PUT /api/v3/users/{uid}/roles``.

    ``permission_ids`` has only been seen empty; its item type is unknown.
    """

    role_id: str | int
    role_name: str
    creation_date: Timestamp | None = None
    modification_date: Timestamp | None = None
    permission_ids: list[Any] | None = None
