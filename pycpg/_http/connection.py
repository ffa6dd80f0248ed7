"""A host plus an auth method: status -> exception mapping and 401 renewal."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests
from requests.auth import AuthBase

from pycpg._http.auth import CPGRenewableAuth
from pycpg._http.config import ClientConfig, join_url, normalize_host
from pycpg._http.errors import raise_pycpg_error
from pycpg._http.transport import Transport
from pycpg._http.retry import RetryPolicy, failure_point
from pycpg._redact import redact_url
from pycpg.exceptions import PycpgError, PycpgHTTPError, PycpgTooManyRequestsError, PycpgTransportError

__all__ = ["Connection", "ErrorRule", "SERVER_ERRORS"]

SERVER_ERRORS: Collection[int] = range(500, 600)
_logger = logging.getLogger("pycpg")


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
                    self._host = self._server_named_host(self._resolve_host())
        return self._host

    def clone(self, host: str) -> Connection:
        """A connection to a host a server named (a storage node, a connected
        server), with the same transport and auth.

        Raises:
            PycpgError: the address is not a host, or it is plain http while the
                console uses https.
        """
        return Connection(self.transport, self.auth, host=self._server_named_host(host))

    def _server_named_host(self, address: object) -> str:
        """``address`` (from a server response) as a base URL that may receive this client's credentials.

        Service hosts come from the console's answers, so a hostile or broken
        console must not move the client's token from TLS to plain http.
        """
        try:
            host = normalize_host(address if isinstance(address, str) else "")
        except ValueError:
            raise PycpgError(
                f"The server named {str(address)[:100]!r} as a service address, which is not a host."
            ) from None
        console = self.transport.config.host
        if console.startswith("https://") and host.startswith("http://"):
            raise PycpgError(
                f"The server named {redact_url(host)} as a service address: plain http, while the "
                f"console {console} uses https. Credentials that TLS protects are never sent in clear."
            )
        return host

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
        idempotent: bool | None = None,
    ) -> requests.Response:
        """Send a request; return the response if it succeeded, else raise.

        A 401 with a renewable token renews the token and sends the request once
        more. Other failures are re-sent only as the client's retry policy allows
        (see :mod:`pycpg._http.retry`): never in a way that could apply a write
        twice (pycpg 1.0 re-sent every failed request once). The retry budget
        counts the attempts' own time as well as the waits, and caps the time a
        retried attempt may take.

        Args:
            idempotent: Whether sending the request twice is harmless; by default
                true for GET, HEAD, OPTIONS, PUT and DELETE. Reads sent as POST
                (e.g. the audit-log search) pass ``True``.

        Raises:
            PycpgHTTPError: (a subclass for) the error status, or the exception
                built by the first matching rule in ``errors``.
            PycpgTransportError: the request could not be sent or answered.
        """
        url = join_url(self.host_address, path)
        policy = self.config.retry
        verb = method.upper()

        retries = 0
        spent = 0.0  # attempts' own time plus the waits between them: the retry budget
        renewed = False
        gate = self.transport.gate
        hold: float | None = None  # the moment this request's own 429 closed the gate until
        while True:
            # A 429 seen by any other request of this client closes its gate: wait for it too.
            pause = gate.pause(policy.now)
            if pause > 0:
                _logger.info("Waiting %.2f s before %s %s: the server asked to slow down", pause, verb, redact_url(url))
                policy.sleep(pause)
                if retries:
                    spent += pause
            started = time.monotonic()
            credential, send_headers, basic_auth = self._authorise(headers)
            try:
                response = self.transport.send(
                    verb, url, params=params, json_body=json, headers=send_headers, auth=basic_auth, stream=stream,
                    time_left=max(policy.retry_budget - spent, 0.0) if retries else None,
                )
            except PycpgTransportError as failure:
                spent += time.monotonic() - started
                point = failure_point(failure)
                wait = policy.backoff(retries)
                if not policy.may_resend_failure(point, verb, idempotent) or not _within(
                    policy, retries, spent, wait
                ):
                    raise
                _log_retry(verb, url, retries, policy, wait, type(failure).__name__)
            else:
                spent += time.monotonic() - started
                if response.status_code == 401 and not renewed and credential is not None:
                    # Renewal is a step of this flow: forget the refused token (unless
                    # another request already replaced it) and send again once.
                    self._renewable_auth().renew(credential)
                    renewed = True
                    response.close()
                    continue
                if response.status_code < 400 or not policy.may_resend_status(
                    response.status_code, verb, idempotent
                ):
                    break
                wait = self._status_wait(policy, response, retries)
                if not _within(policy, retries, spent, wait):
                    break
                if response.status_code == 429:  # slow down every request of this client, not only this one
                    hold = gate.hold(wait, policy.now)
                _log_retry(verb, url, retries, policy, wait, str(response.status_code))
                response.close()
            policy.sleep(wait)
            if hold is not None:
                gate.release(hold)
                hold = None
            spent += wait
            retries += 1
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

    def _authorise(
        self, headers: Mapping[str, str] | None
    ) -> tuple[str | None, Mapping[str, str] | None, AuthBase | None]:
        """The first step of every attempt: the credential to send, and how.

        A token (user, API client or JWT) is fetched or renewed here, before the
        request is built, by its own request through the auth's own connection;
        under concurrency the auth's lock makes that one request per expiry.
        Anything else (Basic auth of a token request) goes to ``requests`` as is.
        Returns the token sent (``None`` when none), the headers and the plain auth.
        """
        auth = self.auth
        if isinstance(auth, CPGRenewableAuth):
            credential = auth.get_credentials()
            return credential, {**(headers or {}), "Authorization": credential}, None
        return None, headers, auth

    def _renewable_auth(self) -> CPGRenewableAuth:
        assert isinstance(self.auth, CPGRenewableAuth)  # only called when a token was sent
        return self.auth

    @staticmethod
    def _status_wait(policy: RetryPolicy, response: requests.Response, retries: int) -> float:
        asked = policy.retry_after(response)
        if asked is None:
            return policy.backoff(retries)
        if asked > policy.max_retry_after:
            raise PycpgTooManyRequestsError(
                requests.HTTPError(f"{response.status_code} for {response.url}", response=response),
                f"The server asked to wait {asked:.0f} seconds before retrying {response.request.method} "
                f"{redact_url(response.url)}, more than max_retry_after ({policy.max_retry_after:g} s). "
                "Try again later or raise max_retry_after.",
            )
        return asked


def _within(policy: RetryPolicy, retries: int, spent: float, wait: float) -> bool:
    """Whether one more retry fits: retries left, and the budget covers the time spent plus the wait."""
    return retries < policy.max_retries and spent + wait <= policy.retry_budget


def _log_retry(method: str, url: str, retries: int, policy: RetryPolicy, wait: float, reason: str) -> None:
    _logger.info(
        "Retrying %s %s in %.2f s (retry %d of %d) after %s",
        method, redact_url(url), wait, retries + 1, policy.max_retries, reason,
    )


def _raise_for_status(response: requests.Response) -> None:
    try:
        response.raise_for_status()
    except requests.HTTPError as http_error:
        raise_pycpg_error(http_error)
    # Statuses requests does not flag (>= 600) are errors too (pycpg 1.0 returned None for them).
    raise_pycpg_error(
        requests.HTTPError(f"{response.status_code} Error for url: {response.url}", response=response)
    )
