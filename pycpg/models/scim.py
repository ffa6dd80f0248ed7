"""SCIM user-data models: ``/api/v38/scim-user-data`` payloads."""

from __future__ import annotations

from pycpg.models._base import PycpgModel

__all__ = ["ScimUser"]


class ScimUser(PycpgModel):
    """Directory (SCIM) attributes of a user: ``GET /api/v38/scim-user-data/collated-view``.

    Note the wire spellings: ``userName`` (capital N, unlike the v1 user's
    ``username``) and ``managerUsername``. ``user_id`` is an int in the only
    known sample; ``manager_uid`` is an int there and a uid string elsewhere,
    so either is kept as sent.
    """

    tenant_id: str | None = None
    user_id: int | None = None
    user_name: str | None = None
    display_name: str | None = None
    notes: str | None = None
    manager_uid: int | str | None = None
    manager_username: str | None = None
    manager_display_name: str | None = None
    title: str | None = None
    division: str | None = None
    department: str | None = None
    employment_type: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
