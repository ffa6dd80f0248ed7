"""One requests.Session per SDK client: sending, logging and transport-error wrapping."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase

from pycpg._http.config import ClientConfig
from pycpg._redact import redact_json, redact_text, redact_url
from pycpg.exceptions import PycpgError, wrap_transport_error

__all__ = ["Transport", "call_timeout"]

#: A timeout for the requests made in the current context (thread or task),
#: set with ``SDKClient.timeout(...)``; ``None`` uses the client's own.
call_timeout: ContextVar[float | tuple[float, float] | None] = ContextVar("pycpg_call_timeout", default=None)

logger = logging.getLogger("pycpg")


class Transport:
    """Sends requests for one SDK client with its own session, pool and config."""

    def __init__(self, config: ClientConfig) -> None:
        self.config = config
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=config.pool_maxsize)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers["User-Agent"] = config.user_agent
        self.session.headers["Accept"] = "application/json"

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
    ) -> requests.Response:
        """Send one request to the absolute ``url``; return the response, whatever its status.

        Raises:
            PycpgTransportError: the request could not be sent or answered
                (connection refused, TLS failure, timeout, ...).
        """
        request = requests.Request(
            method.upper(), url, params=dict(params) if params else None,
            json=json_body, data=data, headers=dict(headers) if headers else None, auth=auth,
        )
        try:
            prepared = self.session.prepare_request(request)
            self._log_request(prepared, params, json_body)
            settings = self.session.merge_environment_settings(
                prepared.url, dict(self.config.proxies or {}), stream, self.config.verify, None
            )
            timeout = call_timeout.get() or self.config.timeout
            response = self.session.send(prepared, timeout=timeout, **settings)
        except PycpgError:
            raise  # e.g. a token request made by the auth object failed
        except requests.RequestException as exc:
            raise wrap_transport_error(exc, method.upper(), url) from exc
        if not stream:
            response.encoding = "utf-8"
        self._log_response(response, stream)
        return response

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


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=4, default=str)
