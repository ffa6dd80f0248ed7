"""Route table and the request wrapper handlers receive.

A handler is ``handler(request, principal, tenant) -> Response``. Endpoint modules
export a ``ROUTES`` list (or a ``routes()`` method for handlers bound to state), and
the app builds one :class:`Router` from all of them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, MapAdapter, RequestRedirect, Rule
from werkzeug.wrappers import Request, Response

from pycpg.emulator.principal import Principal
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, bad_request, json_response, v1_body, v1_error_body, v3_body

T = TypeVar("T")

_TRUE = "true"
_FALSE = "false"


@dataclass(frozen=True)
class Limits:
    """Server-wide paging limits.

    ``audit_log_cap`` is the most results one audit-log search serves (CrashPlan's
    documented 10,000): a page reaching past it holds only the events up to it,
    and a page starting at or past it comes back without ``events``.
    """

    max_page_size: int | None = None
    default_page_size: int = 100
    audit_log_cap: int = 10_000

    def capped(self, size: int) -> int:
        """``size``, or the server's maximum when that is smaller."""
        return size if self.max_page_size is None else min(size, self.max_page_size)


@dataclass(frozen=True)
class PageSpec:
    """A 1-based page number and a page size."""

    number: int
    size: int

    def slice(self, items: Sequence[T]) -> list[T]:
        """The items of this page (empty beyond the end)."""
        start = (self.number - 1) * self.size
        return list(items[start : start + self.size])


@dataclass(frozen=True)
class ApiRequest:
    """A matched request: the werkzeug request, the path variables and the limits."""

    http: Request
    path_args: Mapping[str, Any]
    limits: Limits

    def params(self) -> dict[str, str]:
        """The query as the v1 envelope echoes it (last value wins)."""
        return {key: values[-1] for key, values in self.http.args.lists()}

    def text(self, name: str) -> str | None:
        """The last value of a query parameter; blank counts as absent."""
        values = self.http.args.getlist(name)
        return values[-1] if values and values[-1] != "" else None

    def flag(self, name: str) -> bool | None:
        """A boolean query parameter, any letter case (Python sends ``True``)."""
        value = self.text(name)
        if value is None:
            return None
        lowered = value.lower()
        if lowered not in (_TRUE, _FALSE):
            raise bad_request(f"Invalid boolean value for {name}: {value}")
        return lowered == _TRUE

    def integer(self, name: str, default: int, minimum: int | None = None) -> int:
        """An integer query parameter; 400 when not an integer or below ``minimum``."""
        value = self.text(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise bad_request(f"Invalid integer value for {name}: {value}") from None
        if minimum is not None and number < minimum:
            raise bad_request(f"Invalid value for {name}: {value}")
        return number

    def page(self) -> PageSpec:
        """``pgNum`` (1-based) and ``pgSize``, capped at the server's maximum."""
        return self.page_of("pgNum", "pgSize")

    def page_of(self, number_param: str, size_param: str) -> PageSpec:
        """A 1-based page number and a page size from these parameters, capped at the server's maximum."""
        number = self.integer(number_param, 1, minimum=1)
        return PageSpec(number, self.limits.capped(self.integer(size_param, self.limits.default_page_size, minimum=1)))

    def body_json(self) -> Any:
        """The JSON request body (``None`` when empty); 400 when it is not JSON."""
        raw = self.http.get_data(cache=True)
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise bad_request("Request body is not valid JSON") from None

    def json_object(self) -> dict[str, Any]:
        """The JSON body as an object (``{}`` when empty); 400 when it is anything else."""
        body = self.body_json()
        if body is None:
            return {}
        if not isinstance(body, dict):
            raise bad_request("Request body must be a JSON object")
        return body

    def v1(self, data: Any, status: int = 200) -> Response:
        """A ``/api/v1`` success response."""
        return json_response(v1_body(self.params(), data), status)

    def v3(self, data: Any, status: int = 200) -> Response:
        """A ``/api/v3`` success response."""
        return json_response(v3_body(data), status)

    def v38(self, data: Any, status: int = 200) -> Response:
        """A ``/api/v38`` success response: bare JSON, no envelope."""
        return json_response(data, status)

    @staticmethod
    def no_content() -> Response:
        """``204 No Content`` with an empty body (state-change actions)."""
        response = Response(status=204)
        del response.headers["Content-Type"]
        return response


Handler = Callable[[ApiRequest, Principal, Tenant], Response]


@dataclass(frozen=True)
class Route:
    """One endpoint: werkzeug rule string, methods, handler and whether it needs a token."""

    rule: str
    handler: Handler
    methods: tuple[str, ...] = ("GET",)
    auth: bool = True


def get(rule: str, handler: Handler, *, auth: bool = True) -> Route:
    """A GET route."""
    return Route(rule, handler, ("GET",), auth)


def post(rule: str, handler: Handler, *, auth: bool = True) -> Route:
    """A POST route."""
    return Route(rule, handler, ("POST",), auth)


def put(rule: str, handler: Handler, *, auth: bool = True) -> Route:
    """A PUT route."""
    return Route(rule, handler, ("PUT",), auth)


def delete(rule: str, handler: Handler, *, auth: bool = True) -> Route:
    """A DELETE route."""
    return Route(rule, handler, ("DELETE",), auth)


RuleSignature = tuple[tuple[str, tuple[str, ...]], ...]


@functools.lru_cache(maxsize=16)
def _compiled(signature: RuleSignature) -> MapAdapter:
    """A matcher for these (rule, methods) pairs; endpoints are their indexes.

    Compiling a werkzeug map is the slowest part of building an emulator, and every
    emulator has the same rules (only the handlers differ), so the matcher is shared.
    Matching does not change it, so sharing across threads is safe.
    """
    rules = [Rule(rule, methods=methods, endpoint=index) for index, (rule, methods) in enumerate(signature)]
    return Map(rules, merge_slashes=False, strict_slashes=False).bind("emulator")


class Router:
    """Matches a path and method to a route with werkzeug's rule engine."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self._routes = list(routes)
        self._adapter = _compiled(tuple((route.rule, route.methods) for route in self._routes))

    def match(self, path: str, method: str) -> tuple[Route, Mapping[str, Any]]:
        """The route and path variables; 404/405 as :class:`ApiError`."""
        try:
            index, args = self._adapter.match(re.sub("/{2,}", "/", path), method)
        except (NotFound, RequestRedirect):
            raise ApiError(json_response(v1_error_body(f"Resource not found: {path}"), 404)) from None
        except MethodNotAllowed as exc:
            allow = ", ".join(exc.valid_methods or ())
            body = v1_error_body(f"Method {method} not allowed")
            raise ApiError(json_response(body, 405, {"Allow": allow})) from None
        return self._routes[index], args
