"""Org models: ``/api/v1/Org`` and ``/api/v3/orgs`` payloads."""

from __future__ import annotations

from typing import Any

from pycpg.models._base import PycpgModel, Timestamp
from pycpg.models._values import OrgStatusValue, OrgTypeValue

__all__ = ["Org", "OrgPage", "OrgReporting", "OrgSettingsSummary"]


class OrgSettingsSummary(PycpgModel):
    """Seat and storage limits in effect: ``settingsSummary`` of ``GET /api/v1/Org/{id}``.

    Each value is an int (``-1`` = unlimited) or the empty string ``""`` (no
    limit set); other strings are kept as sent.
    """

    max_seats: int | str | None = None
    max_bytes: int | str | None = None


class OrgReporting(PycpgModel):
    """Report recipients of an org: ``reporting`` of ``GET /api/v1/Org/{id}``.

    Sent as ``{"orgManagers": []}`` or ``{}``; the item shape of
    ``org_managers`` is unknown, so items are kept as plain JSON.
    """

    org_managers: list[Any] | None = None


class Org(PycpgModel):
    """An organization.

    One model serves both API families: ``GET /api/v1/Org`` (items of
    ``orgs``), ``GET /api/v1/Org/my``, ``GET``/``PUT /api/v1/Org/{id}``, and the
    v3 ``POST /api/v3/orgs``, ``GET``/``PUT /api/v3/orgs/{orgGuid}`` bodies.
    ``settings`` (full tree), ``device_defaults``, ``org_inherit_dto`` and the
    ``*_count`` fields come with ``incSettings``/``incDeviceDefaults``/
    ``incInheritedOrgInfo``. ``org_id``, ``org_uid`` and ``org_name`` are
    required (pycpg 1.0 reads ``orgId`` from the v3 create answer too; the
    Incydr twin of the v3 API, which lacks it, is not a CrashPlan server).
    ``org_uid`` is usually a numeric string but is a word (``"ADMIN"``) for an
    on-prem root org. ``status`` and ``type`` take the known values of
    :class:`~pycpg.constants.OrgStatus` and :class:`~pycpg.constants.OrgType`.

    ``registration_key`` is kept as a plain string, not hidden like a secret: it
    is the code that ties a newly installed agent to this org, shown to every
    administrator in the console and handed out inside deployment packages and
    install scripts on end users' machines. It grants no access to existing
    users, devices or archives (signing in still needs the user's own
    credentials or SSO), so it is treated as an enrollment identifier, like
    the org's uid; pycpg's log redaction does not mask it either
    (``pycpg._redact.is_sensitive_key("registrationKey")`` is false). The same
    holds for ``Tenant.registration_key``.
    """

    org_id: int
    org_uid: str
    org_guid: str | None = None
    org_name: str
    org_ext_ref: str | None = None
    notes: str | None = None
    status: OrgStatusValue | None = None
    active: bool | None = None
    blocked: bool | None = None
    custom_config: bool | None = None
    parent_org_id: int | None = None
    parent_org_uid: str | None = None
    parent_org_guid: str | None = None
    type: OrgTypeValue | None = None
    classification: str | None = None
    external_id: str | None = None
    hierarchy_counts: dict[str, Any] | None = None
    config_inheritance_counts: dict[str, Any] | None = None
    creation_date: Timestamp | None = None
    modification_date: Timestamp | None = None
    deactivation_date: Timestamp | None = None
    registration_key: str | None = None
    reporting: OrgReporting | None = None
    # The settings trees are irregular (ints, nulls, strings); typed models come later.
    settings: dict[str, Any] | None = None
    settings_inherited: dict[str, Any] | None = None
    settings_summary: OrgSettingsSummary | None = None
    device_defaults: dict[str, Any] | None = None
    org_inherit_dto: dict[str, Any] | None = None
    windows_usmt_files: dict[str, Any] | None = None
    computer_count: int | None = None
    share_device_count: int | None = None
    backup_device_count: int | None = None
    backup_computer_count: int | None = None
    user_count: int | None = None
    licensed_user_count: int | None = None
    org_count: int | None = None
    plan_count: int | None = None


class OrgPage(PycpgModel):
    """One page of orgs: the ``data`` of ``GET /api/v1/Org``."""

    total_count: int | None = None
    orgs: list[Org]
