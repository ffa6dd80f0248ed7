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
        headers: Mapping[str, str] | None = None,
        errors: Sequence[ErrorRule] = (),
        stream: bool = False,
        idempotent: bool | None = None,
        parse_as: Any = None,
    ) -> PycpgResponse[M]:
        """Send one request and wrap its response, typed by ``model``.

        ``parse_as`` is what ``.model()`` validates with when it differs from the
        static ``model`` (e.g. an ``Annotated`` list that also accepts a wrapped
        envelope); ``stream`` leaves the body unread; ``idempotent`` marks reads
        sent as POST so they may be retried.
        """
        response = self._connection.request(
            method, path, params=params, json=json, headers=headers, errors=errors,
            stream=stream, idempotent=idempotent,
        )
        return PycpgResponse(response, model if parse_as is None else parse_as)

    def _page_size(self, page_size: int | None) -> int:
        """``page_size`` if given, else this client's configured default."""
        return page_size or self._connection.config.items_per_page
