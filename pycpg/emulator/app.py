"""The WSGI application: route, authenticate, run the handler, journal the exchange."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from pycpg.emulator.auth import AuthService
from pycpg.emulator.journal import Journal, JournalEntry
from pycpg.emulator.principal import ANONYMOUS
from pycpg.emulator.routing import ApiRequest, Limits, Route, Router
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, json_response, v1_error_body

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

_log = logging.getLogger(__name__)


class EmulatorApp:
    """A WSGI callable serving the emulated CrashPlan API from one tenant."""

    def __init__(self, tenant: Tenant, auth: AuthService, routes: Iterable[Route], limits: Limits,
                 journal: Journal) -> None:
        self.tenant = tenant
        self.auth = auth
        self.limits = limits
        self.journal = journal
        self.router = Router(routes)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        body = request.get_data(cache=True)
        response = self.respond(request)
        # Journal before replying, so a client that has its answer also sees the entry.
        self.journal.record(JournalEntry.of(request, body, response.status_code))
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        """The response to one request; errors become their JSON error responses."""
        try:
            return self._dispatch(request)
        except ApiError as error:
            return error.response
        except Exception:
            _log.exception("emulator handler failed for %s %s", request.method, request.path)
            return json_response(v1_error_body("Internal server error"), 500)

    def _dispatch(self, request: Request) -> Response:
        route, args = self.router.match(request.path, request.method)
        principal = self.auth.authenticate(request) if route.auth else ANONYMOUS
        api_request = ApiRequest(request, args, self.limits)
        with self.tenant.lock:
            return route.handler(api_request, principal, self.tenant)
