"""Audit-log discovery and search: the key-value store and the search service are origins of their own.

``GET /api/v1/ServerEnv`` names ``<store>/sts``, where ``<store>`` is the key-value
store's origin; a client swaps the first ``sts`` for ``simple-key-value-store``, which
leaves the origin as it is (pycpg 1.0 then drops the path; a client that keeps it is
served too), and reads ``<store>/v1/AUDIT-LOG_API-URL`` (no auth). That names the
search service's origin ``<search>``; searches go to
``POST <search>/rpc/search/search-audit-log``.

Inside, the store's routes live under :data:`KEY_VALUE_PREFIX` and the search under
:data:`AUDIT_LOG_PREFIX` (see :mod:`pycpg.emulator.serving`); without a server (plain
WSGI use) the URLs handed out are those prefixes of the request's own host.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.audit_log import AuditEvent, to_cef, to_csv
from pycpg.emulator.endpoints.common import require_admin
from pycpg.emulator.principal import Principal
from pycpg.emulator.routing import ApiRequest, Route, get, post
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import UTC, bad_request, json_response, not_found

AUDIT_LOG_KEY = "AUDIT-LOG_API-URL"
#: Path prefixes of the key-value store and of the audit-log search service.
KEY_VALUE_PREFIX = "/simple-key-value-store"
AUDIT_LOG_PREFIX = "/audit-log"
CSV = "text/csv"
CEF = "text/x-cef"
JSON = "application/json"

#: The base URL of the service served under a path prefix, as one request sees it.
ServiceUrl = Callable[[ApiRequest, str], str]
Match = Callable[[AuditEvent, set[str]], bool]


def _affected(key: str) -> Callable[[AuditEvent], str]:
    return lambda event: str(event.extra.get(key) or "")


#: Body list key → whether an event matches one of the wanted values; names compare case-insensitively.
_MATCHES: dict[str, Match] = {
    "eventTypes": lambda event, wanted: event.name in wanted or event.type_tag in wanted,
    "actorIds": lambda event, wanted: event.actor.actor_id in wanted,
    "actorNames": lambda event, wanted: event.actor.name.lower() in wanted,
    "actorIpAddresses": lambda event, wanted: any(address in wanted for address in event.ip_addresses),
    "affectedUserIds": lambda event, wanted: _affected("affectedUserId")(event) in wanted,
    "affectedUserNames": lambda event, wanted: _affected("affectedUserName")(event).lower() in wanted,
}
_FOLDED = ("actorNames", "affectedUserNames")


@dataclass(frozen=True)
class _Search:
    """A parsed search body: zero-based page, page size, ``[start, end)`` and the list filters."""

    page: int
    size: int
    start: datetime | None
    end: datetime | None
    wanted: Mapping[str, set[str]]

    def matches(self, event: AuditEvent) -> bool:
        if self.start is not None and event.timestamp < self.start:
            return False
        if self.end is not None and event.timestamp >= self.end:
            return False
        return all(_MATCHES[key](event, values) for key, values in self.wanted.items())


def _count(body: Mapping[str, Any], key: str, default: int, minimum: int) -> int:
    value = body.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise bad_request(f"Invalid value for {key}: {value!r}")
    return value


def _moment(value: Any, key: str) -> datetime | None:
    """An ISO-8601 string (no offset: UTC) or POSIX seconds; 400 for anything else."""
    if value is None:
        return None
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, UTC)
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except (ValueError, OverflowError, OSError):
        moment = None
    if moment is None:
        raise bad_request(f"Invalid value for dateRange.{key}: {value!r}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _texts(body: Mapping[str, Any], key: str) -> set[str]:
    """A list filter as a set (a lone string counts as a list of one); 400 for other types."""
    value = body.get(key)
    items = [] if value is None else [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, (str, int)) for item in items):
        raise bad_request(f"Invalid value for {key}: {value!r}")
    return {str(item).lower() if key in _FOLDED else str(item) for item in items}


def _search(req: ApiRequest) -> _Search:
    body = req.json_object()
    date_range = body.get("dateRange") or {}
    if not isinstance(date_range, dict):
        raise bad_request("dateRange must be an object")
    wanted = {key: values for key in _MATCHES if (values := _texts(body, key))}
    size = req.limits.capped(_count(body, "pageSize", req.limits.default_page_size, 1))
    return _Search(_count(body, "page", 0, 0), size, _moment(date_range.get("startTime"), "startTime"),
                   _moment(date_range.get("endTime"), "endTime"), wanted)


def _answer(req: ApiRequest, events: list[AuditEvent] | None, start: int, total: int) -> Response:
    """JSON, or CSV / CEF text when the ``Accept`` header asks for it; ``None``: a page past the end."""
    kind = req.http.accept_mimetypes.best_match([JSON, CSV, CEF], default=JSON)
    if kind == CSV:
        return Response(to_csv(events or []), content_type=f"{CSV};charset=UTF-8")
    if kind == CEF:
        return Response(to_cef(events or []), content_type=f"{CEF};charset=UTF-8")
    body: dict[str, Any] = {} if events is None else {"events": [event.to_wire() for event in events]}
    body.update(paginationRangeStartIndex=start, paginationRangeEndIndex=start + len(events or []),
                totalResultCount=total)
    return req.v38(body)


def search_audit_log(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """Matching events newest first, one zero-based page; unknown body keys are ignored (admins only).

    At most ``audit_log_cap`` results are served: a page reaching past the cap is cut
    at it, and a page starting at or past the end of what is served (the cap, or the
    last match) comes back without ``events``, as CrashPlan's does (only the
    pagination indexes and ``totalResultCount``, the number of matches).
    """
    require_admin(principal)
    search = _search(req)
    matching = [event for event in tenant.audit_log.newest_first() if search.matches(event)]
    served = min(len(matching), req.limits.audit_log_cap)
    start = search.page * search.size
    if start >= served:
        return _answer(req, None, start, len(matching))
    return _answer(req, matching[start : min(start + search.size, served)], start, len(matching))


def routes(service_url: ServiceUrl) -> list[Route]:
    """Discovery (naming origins from ``service_url``) and search."""

    def server_env(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        """``GET /api/v1/ServerEnv``: bare ``{"stsBaseUrl": "<store's origin>/sts"}`` (any signed-in caller)."""
        store = service_url(req, KEY_VALUE_PREFIX)
        return json_response({"stsBaseUrl": f"{store.removesuffix(KEY_VALUE_PREFIX)}/sts"})

    def stored_value(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        """``GET /simple-key-value-store/v1/<key>``: the audit-log URL as plain text; 404 for other keys."""
        key = str(req.path_args["key"])
        if key != AUDIT_LOG_KEY:
            raise not_found(f"No value stored for {key}")
        return Response(service_url(req, AUDIT_LOG_PREFIX), content_type="text/plain;charset=UTF-8")

    return [
        get("/api/v1/ServerEnv", server_env),
        get(f"{KEY_VALUE_PREFIX}/v1/<key>", stored_value, auth=False),
        post(f"{AUDIT_LOG_PREFIX}/rpc/search/search-audit-log", search_audit_log),
    ]
