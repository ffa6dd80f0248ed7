"""``sdk.usercontext``: facts about the signed-in session."""

from __future__ import annotations

from pycpg.services.administration import AdministrationService

__all__ = ["UserContext"]


class UserContext:
    """Caches the tenant ID of the signed-in session."""

    def __init__(self, administration_service: AdministrationService) -> None:
        self._administration_service = administration_service
        self._tenant_id: str | None = None

    def get_current_tenant_id(self) -> str:
        """Return the ``tenantUid``, fetched on first use and cached."""
        if self._tenant_id is None:
            response = self._administration_service.get_current_tenant()
            self._tenant_id = response.model().tenant_uid
        return self._tenant_id
