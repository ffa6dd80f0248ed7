"""The WSGI application: route, authenticate, run the handler, journal the exchange."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from pycpg.emulator.auth import AuthService
from pycpg.emulator.faults import DROP_AFTER, DROP_BEFORE, Fault, FaultPlan, drop_connection, truncated_body
from pycpg.emulator.journal import Journal, JournalEntry
from pycpg.emulator.principal import ANONYMOUS
from pycpg.emulator.routing import ApiRequest, Limits, Route, Router
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import JSON_CONTENT_TYPE, ApiError, json_response, v1_error_body

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

_log = logging.getLogger(__name__)


class EmulatorApp:
    """A WSGI callable serving the emulated CrashPlan API from one tenant."""

    def __init__(self, tenant: Tenant, auth: AuthService, routes: Iterable[Route], limits: Limits,
                 journal: Journal, faults: FaultPlan | None = None) -> None:
        self.tenant = tenant
        self.auth = auth
        self.limits = limits
        self.journal = journal
        self.faults = faults if faults is not None else FaultPlan()
        self.router = Router(routes)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        body = request.get_data(cache=True)
        fault = self.faults.select(request.method, request.path)
        if fault is not None:
            return self._faulted(fault, request, body, environ, start_response)
        response, reached = self._respond(request)
        # Journal before replying, so a client that has its answer also sees the entry.
        self.journal.record(JournalEntry.of(request, body, response.status_code,
                                            applied=reached and response.status_code < 400))
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        """The response to one request; errors become their JSON error responses."""
        return self._respond(request)[0]

    def _respond(self, request: Request) -> tuple[Response, bool]:
        """The response, and whether the request reached its handler."""
        reached = False
        try:
            route, args = self.router.match(request.path, request.method)
            principal = self.auth.authenticate(request) if route.auth else ANONYMOUS
            api_request = ApiRequest(request, args, self.limits)
            with self.tenant.lock:
                reached = True
                return route.handler(api_request, principal, self.tenant), reached
        except ApiError as error:
            return error.response, reached
        except Exception:
            _log.exception("emulator handler failed for %s %s", request.method, request.path)
            return json_response(v1_error_body("Internal server error"), 500), reached

    def _faulted(self, fault: Fault, request: Request, body: bytes, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        """Serve a request an injected fault fired for (the steps are in :mod:`pycpg.emulator.faults`)."""
        if fault.expire_tokens:
            self.auth.tokens.expire_all()
        if fault.drop == DROP_BEFORE:
            self.journal.record(JournalEntry.of(request, body, 0, faulted=True))
            time.sleep(fault.latency)
            raise drop_connection(environ)
        if fault.status is not None or fault.body is not None:
            response, reached = _canned(fault), False
        else:
            response, reached = self._respond(request)
        if fault.retry_after is not None:
            response.headers["Retry-After"] = fault.retry_after
        self.journal.record(JournalEntry.of(request, body, response.status_code,
                                            applied=reached and response.status_code < 400, faulted=True))
        time.sleep(fault.latency)
        if fault.drop == DROP_AFTER:
            raise drop_connection(environ)
        if fault.truncate is not None:
            chunks, status, headers = response.get_wsgi_response(environ)
            start_response(status, headers)
            return truncated_body(chunks, fault.truncate, environ)
        return response(environ, start_response)


def _canned(fault: Fault) -> Response:
    """The response a ``status``/``body`` fault answers instead of running the handler."""
    status = 200 if fault.status is None else fault.status
    if fault.body is not None:
        return Response(fault.body, status=status, content_type=JSON_CONTENT_TYPE)
    try:
        description = HTTPStatus(status).phrase
    except ValueError:
        description = "Injected fault"
    return json_response(v1_error_body(description), status)
