"""``sdk.serveradmin``: the tenant (``/api/v3/customer/my``)."""

from __future__ import annotations

from pycpg.models import Tenant
from pycpg.response import PycpgResponse
from pycpg.services._base import BaseService

__all__ = ["AdministrationService"]


class AdministrationService(BaseService):
    """Tenant-level information."""

    def get_current_tenant(self) -> PycpgResponse[Tenant]:
        """Get the signed-in tenant (name, ``tenantUid``, registration key, ...)."""
        return self._call("GET", "/api/v3/customer/my", Tenant)
