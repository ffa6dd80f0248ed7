"""Tenant and login-configuration models (``/api/v3`` endpoints)."""

from __future__ import annotations

from pycpg.models._base import PycpgModel
from pycpg.models._values import LoginTypeValue

__all__ = ["LoginConfig", "MasterServicesAgreement", "Tenant"]


class MasterServicesAgreement(PycpgModel):
    """MSA state of the tenant: ``masterServicesAgreement`` of ``GET /api/v3/customer/my``."""

    accepted: bool | None = None
    acceptance_required: bool | None = None


class Tenant(PycpgModel):
    """The caller's tenant: ``GET /api/v3/customer/my``.

    The v3 envelope siblings ``error``/``warnings`` (seen next to these keys in
    a fixture without a ``data`` wrapper) are not fields; if present they are
    kept as extra keys. ``registration_key`` is a plain string, not a hidden
    secret: it only enrolls new agents, see :class:`~pycpg.models.Org`.
    """

    name: str | None = None
    registration_key: str | None = None
    deployment_model: str | None = None
    maintenance_mode: bool | None = None
    tenant_uid: str
    master_services_agreement: MasterServicesAgreement | None = None


class LoginConfig(PycpgModel):
    """Login type for a username: ``GET /api/v3/LoginConfiguration?username=``.

    ``login_type`` is a :class:`~pycpg.constants.LoginType` (``"LOCAL"``,
    ``"LOCAL_2FA"`` or ``"CLOUD_SSO"``); another value stays a plain string
    (an error in strict mode).
    """

    login_type: LoginTypeValue
