"""What every service shares: one request shape and the client's page size."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pycpg._http import Connection, ErrorRule
from pycpg.response import PycpgResponse

M = TypeVar("M")


class BaseService:
    """A CrashPlan API area reached through one connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        errors: Sequence[ErrorRule] = (),
    ) -> PycpgResponse[M]:
        response = self._connection.request(method, path, params=params, json=json, errors=errors)
        return PycpgResponse(response, model)

    def _page_size(self, page_size: int | None) -> int:
        """``page_size`` if given, else this client's configured default."""
        return page_size or self._connection.config.items_per_page
