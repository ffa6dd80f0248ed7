"""The key-value store microservice (where other services' URLs are published)."""

from __future__ import annotations

from pycpg._http.paths import api_path
from pycpg.response import PycpgResponse
from pycpg.services._base import BaseService

__all__ = ["KeyValueStoreService"]


class KeyValueStoreService(BaseService):
    """Reads published values; needs no credentials."""

    def get_stored_value(self, key: str) -> PycpgResponse[str]:
        """Get the value stored under ``key`` (e.g. ``AUDIT-LOG_API-URL``)."""
        return self._call("GET", api_path("/v1/{key}", key=key), str, headers={"Accept": "*/*"})
