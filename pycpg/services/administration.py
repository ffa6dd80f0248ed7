"""``sdk.serveradmin``: the tenant (``/api/v3/customer/my``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pycpg.response import PycpgResponse
from pycpg.services import _lazy as lazy
from pycpg.services._base import BaseService

if TYPE_CHECKING:
    from pycpg.models import Tenant

__all__ = ["AdministrationService"]


class AdministrationService(BaseService):
    """Tenant-level information."""

    def get_current_tenant(self) -> PycpgResponse[Tenant]:
        """Get the signed-in tenant (name, ``tenantUid``, registration key, ...)."""
        return self._call("GET", "/api/v3/customer/my", lazy.Tenant)
