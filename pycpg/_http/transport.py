"""One requests.Session per SDK client: sending, limits, logging and transport-error wrapping.

Every attempt is bounded three ways, whatever the server does:

- in time: connecting, waiting for the headers and reading the whole body of one
  attempt end within the read timeout (a :class:`~pycpg._http.deadline.Deadline`
  cuts a server that trickles bytes); a streamed body then reads at its own pace,
  each read bounded by the read timeout;
- in memory: a body that is not streamed is refused once it passes the client's
  ``max_response_bytes`` (decompressed size);
- in reach: redirects are followed only within one origin (see
  :mod:`pycpg._http.redirects`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase

from pycpg._http.body import ACCEPT_ENCODING, BodyTooLarge, read_body
from pycpg._http.config import ClientConfig, Timeout, check_timeout
from pycpg._http.deadline import POOL_CLASSES, Deadline, current_deadline
from pycpg._http.errors import wrap_transport_error
from pycpg._http.redirects import MAX_REDIRECTS, next_request, redirect_target, same_origin
from pycpg._http.retry import RetryGate
from pycpg._redact import redact_json, redact_text, redact_url
from pycpg.response import StreamReadTimeout
from pycpg.exceptions import (
    PycpgError,
    PycpgRedirectError,
    PycpgResponseTooLargeError,
)

__all__ = ["Transport"]

logger = logging.getLogger("pycpg")


class _Adapter(HTTPAdapter):
    """An adapter whose connection pools attach their sockets to the call's deadline."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = POOL_CLASSES

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = POOL_CLASSES
        return manager


class Transport:
    """Sends requests for one SDK client with its own session, pool and config."""

    def __init__(self, config: ClientConfig) -> None:
        self.config = config
        self.session = requests.Session()
        adapter = _Adapter(pool_connections=4, pool_maxsize=config.pool_maxsize)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers["Accept"] = "application/json"
        self.session.headers["Accept-Encoding"] = ACCEPT_ENCODING
        # A timeout for the calls of this client made in the current thread or
        # task, set with ``with sdk.timeout(...)``; None uses the configured one.
        self._call_timeout: ContextVar[Timeout | None] = ContextVar(f"pycpg_timeout_{id(self)}", default=None)
        # Closed by a 429 for every request of this client, whatever its thread
        # (see pycpg._http.retry.RetryGate).
        self.gate = RetryGate()

    @property
    def timeout(self) -> Timeout:
        """The ``(connect, read)`` timeout (or one number for both) of a call made now."""
        return self._call_timeout.get() or self.config.timeout

    @contextmanager
    def timeout_override(self, seconds: object) -> Iterator[None]:
        """Use ``seconds`` as this client's timeout in the current thread or task inside the block.

        Raises:
            ValueError: ``seconds`` is not a positive number or a pair of them.
        """
        token = self._call_timeout.set(check_timeout(seconds))
        try:
            yield
        finally:
            self._call_timeout.reset(token)

    def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: AuthBase | None = None,
        stream: bool = False,
        time_left: float | None = None,
    ) -> requests.Response:
        """Send one request to the absolute ``url``; return the response, whatever its status.

        Args:
            stream: Leave the body unread (it is then read at its own pace and
                is not limited by ``max_response_bytes``).
            time_left: Cap this attempt's deadline (the caller's remaining retry budget).

        Raises:
            PycpgTransportError: the request could not be sent or answered in
                time (connection refused, TLS failure, timeout, a broken body, ...).
            PycpgRedirectError: the server redirected to another origin.
            PycpgResponseTooLargeError: the body is larger than ``max_response_bytes``.
        """
        verb = method.upper()
        # The User-Agent follows pycpg.settings unless the client fixed its own.
        request_headers = {"User-Agent": self.config.user_agent, **(headers or {})}
        request = requests.Request(
            verb, url, params=dict(params) if params else None,
            json=json_body, data=data, headers=request_headers, auth=auth,
        )
        try:
            prepared = self.session.prepare_request(request)
        except PycpgError:
            raise  # e.g. a token request made by the auth object failed
        except requests.RequestException as exc:
            raise wrap_transport_error(exc, verb, url) from exc
        self._log_request(prepared, params, json_body)
        connect, read = _pair(self.timeout)
        deadline = Deadline(min(read, time_left) if time_left is not None else read)
        deadline.start()
        token = current_deadline.set(deadline)
        try:
            response = self._send_following_redirects(prepared, connect, read, deadline)
            if not stream:
                self._read_whole_body(response)
            if deadline.expired:
                response.close()
                raise StreamReadTimeout(_late(deadline), request=prepared, response=response)
        except PycpgError:
            raise
        except requests.RequestException as exc:
            if deadline.expired and not isinstance(exc, requests.exceptions.ReadTimeout):
                exc = StreamReadTimeout(_late(deadline), request=exc.request, response=exc.response)
            raise wrap_transport_error(exc, verb, url) from exc
        finally:
            current_deadline.reset(token)
            deadline.finish()
        if not stream:
            response.encoding = "utf-8"
        self._log_response(response, stream)
        return response

    def _send_following_redirects(
        self, prepared: requests.PreparedRequest, connect: float, read: float, deadline: Deadline
    ) -> requests.Response:
        history: list[requests.Response] = []
        while True:
            settings = self.session.merge_environment_settings(
                prepared.url, dict(self.config.proxies or {}), True, self.config.verify, None
            )
            settings["stream"] = True
            # The read timeout stays per socket read (a stream read later keeps it
            # whole); the deadline bounds the attempt as a whole.
            response = self.session.send(
                prepared, timeout=(min(connect, deadline.remaining()), read), allow_redirects=False, **settings,
            )
            target = redirect_target(self.session, response)
            if target is None:
                response.history = history
                return response
            source = prepared.url or ""
            response.close()
            if not same_origin(source, target):
                raise PycpgRedirectError(response, redact_url(source), redact_url(target))
            if len(history) >= MAX_REDIRECTS:
                raise requests.exceptions.TooManyRedirects(
                    f"Exceeded {MAX_REDIRECTS} redirects.", request=prepared, response=response
                )
            history.append(response)
            prepared = next_request(self.session, prepared, response, target)

    def _read_whole_body(self, response: requests.Response) -> None:
        limit = self.config.max_response_bytes
        try:
            content = read_body(response, limit)
        except BodyTooLarge:
            raise PycpgResponseTooLargeError(response, limit, redact_url(response.url)) from None
        response._content = content
        setattr(response, "_content_consumed", True)  # what requests sets once it has read the body

    def close(self) -> None:
        """Release the pooled connections."""
        self.session.close()

    @staticmethod
    def _log_request(prepared: requests.PreparedRequest, params: Mapping[str, Any] | None, body: Any) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        logger.info("%-8s%s", prepared.method, redact_url(prepared.url or ""))
        if params and logger.isEnabledFor(logging.DEBUG):
            logger.debug("  params %s", _pretty(redact_json(dict(params))))
        if body is not None and logger.isEnabledFor(logging.DEBUG):
            logger.debug("  json %s", _pretty(redact_json(body)))

    @staticmethod
    def _log_response(response: requests.Response, stream: bool) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        logger.info("Response status: %s", response.status_code)
        if logger.isEnabledFor(logging.DEBUG):
            shown = "<streamed>" if stream else redact_text(response.text)
            logger.debug("Response data: %s", shown)


def _late(deadline: Deadline) -> str:
    return f"the server did not send the whole response within {deadline.seconds:g} s"


def _pair(timeout: Timeout) -> tuple[float, float]:
    return timeout if isinstance(timeout, tuple) else (timeout, timeout)


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=4, default=str)
