"""Cold storage: archives of deactivated devices, kept until their purge date.

``GET /api/v1/ColdStorage`` (upper-case ``C``) lists them for an org; ``PUT
/api/v1/coldStorage/{archiveGuid}`` (lower-case ``c``) changes the purge date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from werkzeug.wrappers import Response

from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.archives import COLD_STORAGE_SORT_KEYS, ArchiveRef
from pycpg.emulator.endpoints.archive_common import bind
from pycpg.emulator.endpoints.common import body_text, require_admin
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import OrgRecord
from pycpg.emulator.routing import ApiRequest, Route, get, put
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import bad_request, not_found

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIRECTIONS = ("asc", "desc")


def _org(req: ApiRequest, tenant: Tenant) -> OrgRecord:
    if req.text("orgId") is None:
        raise bad_request("orgId is required")
    org = tenant.org_by_id(req.integer("orgId", 0))
    if org is None:
        raise bad_request("Unable to find org")
    return org


def _org_ids(tenant: Tenant, org: OrgRecord, descendants: bool) -> set[int]:
    """``org``'s id, and with ``descendants`` those of every org below it."""
    ids, pending = set(), [org]
    while pending:
        current = pending.pop()
        ids.add(current.org_id)
        if descendants:
            pending.extend(tenant.children_of(current))
    return ids


def _sorted(store: ArchiveStore, refs: list[ArchiveRef], key: str, direction: str) -> list[ArchiveRef]:
    """By ``key`` (ties by archive guid, ascending); null purge dates after every date."""
    by_guid = sorted(refs, key=lambda ref: ref.guid)
    return sorted(by_guid, key=lambda ref: ref.sort_value(key, store.hold_dates.get(ref.guid)),
                  reverse=direction == "desc")


def list_cold_storage(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/ColdStorage?orgId&incChildOrgs&srtKey&srtDir&pgNum&pgSize`` (admins only)."""
    require_admin(principal)
    org_ids = _org_ids(tenant, _org(req, tenant), req.flag("incChildOrgs") is True)
    key = req.text("srtKey") or COLD_STORAGE_SORT_KEYS[0]
    direction = (req.text("srtDir") or "asc").lower()
    if key not in COLD_STORAGE_SORT_KEYS or direction not in _DIRECTIONS:
        raise bad_request(f"Invalid sort: {key} {direction}")
    page = req.page()
    refs = [ref for ref in store.archives() if ref.in_cold_storage and ref.device.user.org.org_id in org_ids]
    chosen = page.slice(_sorted(store, refs, key, direction))
    rows = [ref.cold_storage_row(store.hold_dates.get(ref.guid)) for ref in chosen]
    return req.v1({"totalCount": len(refs), "coldStorageRows": rows})


def _purge_date(text: str | None, zone: tzinfo) -> datetime:
    """``YYYY-MM-DD`` as midnight in the tenant's zone; 400 otherwise."""
    try:
        day = date.fromisoformat(text) if text is not None and _DATE.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise bad_request(f"Invalid archiveHoldExpireDate: {text!r}; expected YYYY-MM-DD")
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def update_purge_date(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``PUT /api/v1/coldStorage/{archiveGuid}?idType=guid`` body ``{archiveHoldExpireDate}``: the updated row."""
    require_admin(principal)
    if (req.text("idType") or "guid") != "guid":
        raise bad_request(f"Unsupported idType: {req.text('idType')}")
    ref = store.archive(str(req.path_args["archive_guid"]))
    if ref is None:
        raise not_found("Archive not found")
    if not ref.in_cold_storage:
        raise bad_request("The archive is not in cold storage")
    store.hold_dates[ref.guid] = _purge_date(body_text(req.json_object(), "archiveHoldExpireDate"), tenant.mint.zone)
    return req.v1(ref.cold_storage_row(store.hold_dates[ref.guid]))


def routes(store: ArchiveStore) -> list[Route]:
    """The cold-storage endpoints."""
    return [
        get("/api/v1/ColdStorage", bind(store, list_cold_storage)),
        put("/api/v1/coldStorage/<archive_guid>", bind(store, update_purge_date)),
    ]
