"""The key-value store microservice (where other services' URLs are published)."""

from __future__ import annotations

from pycpg.response import PycpgResponse
from pycpg.services._base import BaseService

__all__ = ["KeyValueStoreService"]


class KeyValueStoreService(BaseService):
    """Reads published values; needs no credentials."""

    def get_stored_value(self, key: str) -> PycpgResponse[str]:
        """Get the value stored under ``key`` (e.g. ``AUDIT-LOG_API-URL``)."""
        return self._call("GET", f"/v1/{key}", str, headers={"Accept": "*/*"})
