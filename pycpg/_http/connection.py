"""A host plus an auth method: status -> exception mapping and 401 renewal."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests
from requests.auth import AuthBase

from pycpg._http.auth import CPGRenewableAuth
from pycpg._http.config import ClientConfig, join_url, normalize_host
from pycpg._http.transport import Transport
from pycpg.exceptions import PycpgHTTPError, raise_pycpg_error

__all__ = ["Connection", "ErrorRule", "SERVER_ERRORS"]

SERVER_ERRORS: Collection[int] = range(500, 600)


@dataclass(frozen=True)
class ErrorRule:
    """Turns a matching HTTP error into a more specific exception.

    ``statuses`` are the statuses the rule applies to; ``contains``, when set,
    must appear in the response body; ``build`` receives the mapped
    ``PycpgHTTPError`` and returns the exception to raise instead.
    """

    statuses: Collection[int]
    build: Callable[[PycpgHTTPError], Exception]
    contains: str | None = None

    def matches(self, error: PycpgHTTPError) -> bool:
        response = error.response
        if response is None or response.status_code not in self.statuses:
            return False
        return self.contains is None or self.contains in response.text


class Connection:
    """Requests to one host through one auth method, errors mapped to pycpg's.

    The host is the client's console unless given, either as an address or as a
    resolver called on first use (e.g. a discovered microservice host). A failed
    resolution is not cached: the next request tries again.
    """

    def __init__(
        self,
        transport: Transport,
        auth: AuthBase | None = None,
        host: str | None = None,
        resolve_host: Callable[[], str] | None = None,
    ) -> None:
        self.transport = transport
        self.auth = auth
        self._host = host
        self._resolve_host = resolve_host
        self._lock = threading.Lock()

    @property
    def config(self) -> ClientConfig:
        return self.transport.config

    @property
    def host_address(self) -> str:
        """The base URL requests go to (resolved on first use)."""
        if self._host is None:
            if self._resolve_host is None:
                return self.transport.config.host
            with self._lock:
                if self._host is None:
                    self._host = normalize_host(self._resolve_host())
        return self._host

    def clone(self, host: str) -> Connection:
        """A connection to another host with the same transport and auth."""
        return Connection(self.transport, self.auth, host=normalize_host(host))

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        stream: bool = False,
        errors: Sequence[ErrorRule] = (),
    ) -> requests.Response:
        """Send a request; return the response if it succeeded, else raise.

        A 401 with a renewable token clears the token and sends the request once
        more with a new one. Nothing else is re-sent (pycpg 1.0 re-sent every
        failed request once; spec §9.1).

        Raises:
            PycpgHTTPError: (a subclass for) the error status, or the exception
                built by the first matching rule in ``errors``.
            PycpgTransportError: the request could not be sent or answered.
        """
        url = join_url(self.host_address, path)

        def send() -> requests.Response:
            return self.transport.send(
                method, url, params=params, json_body=json, headers=headers,
                auth=self.auth, stream=stream,
            )

        response = send()
        if response.status_code == 401 and _renew(self.auth):
            response = send()
        if response.status_code < 400:
            return response
        try:
            _raise_for_status(response)
        except PycpgHTTPError as error:
            for rule in errors:
                if rule.matches(error):
                    raise rule.build(error) from error
            raise
        raise AssertionError("unreachable")  # pragma: no cover


def _renew(auth: AuthBase | None) -> bool:
    if not isinstance(auth, CPGRenewableAuth):
        return False
    auth.clear_credentials()
    return True


def _raise_for_status(response: requests.Response) -> None:
    try:
        response.raise_for_status()
    except requests.HTTPError as http_error:
        raise_pycpg_error(http_error)
    # Statuses requests does not flag (>= 600) are errors too (spec §9.2).
    raise_pycpg_error(
        requests.HTTPError(f"{response.status_code} Error for url: {response.url}", response=response)
    )
