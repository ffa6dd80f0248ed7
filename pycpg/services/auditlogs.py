"""The audit-log search service (``POST /rpc/search/search-audit-log`` on its own host)."""

from __future__ import annotations

from collections.abc import Iterator, Sized
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast, overload

from pycpg.paging import ItemsOf, iter_pages
from pycpg.response import PycpgResponse, PycpgTextResponse
from pycpg.services import _lazy as lazy
from pycpg.services._base import BaseService, WireKeys, wire_params
from pycpg.services._times import utc_text
from pycpg.util import TimestampLike, to_list

if TYPE_CHECKING:
    from pycpg.models import AuditLogPage

__all__ = ["AuditLogsService", "HEADER_MAP", "JsonFormat", "TextFormat"]

_SEARCH = "/rpc/search/search-audit-log"

HEADER_MAP = {"CSV": {"Accept": "text/csv"}, "CEF": {"Accept": "text/x-cef"}}

#: ``format=`` values that ask for text pages (:class:`~pycpg.response.PycpgTextResponse`);
#: the server is asked case-insensitively, as pycpg 1.0 did.
TextFormat: TypeAlias = Literal["CSV", "CEF", "csv", "cef"]
#: ``format=`` values that keep JSON pages, as omitting ``format`` does (pycpg 1.0
#: asked for JSON for every value other than CSV and CEF).
JsonFormat: TypeAlias = Literal["JSON", "json"]

#: ``get_page``'s parameters and their body keys, in the order sent; ``date_range``
#: is ``begin_time`` and ``end_time`` together.
_AUDIT_LOG_PAGE: WireKeys = {
    "page_num": "page",
    "page_size": "pageSize",
    "date_range": "dateRange",
    "event_types": "eventTypes",
    "user_ids": "actorIds",
    "usernames": "actorNames",
    "user_ip_addresses": "actorIpAddresses",
    "affected_user_ids": "affectedUserIds",
    "affected_usernames": "affectedUserNames",
}


def _lines(text: Any) -> list[str]:
    return [line for line in str(text).splitlines() if line.strip()]


def _events(data: Any) -> Sized:
    """A JSON page's events; a page past the end comes without ``events`` (none, not an error)."""
    events = data.get("events") if isinstance(data, dict) else None
    return events if isinstance(events, list) else []


def _csv_rows(data: Any) -> Sized:
    return _lines(data)[1:]  # the first line is the header


def _date_range(begin_time: TimestampLike | None, end_time: TimestampLike | None) -> dict[str, str]:
    """The body's ``dateRange``: only the ends that were given, in UTC with microseconds."""
    ends = (("startTime", utc_text(begin_time, "us")), ("endTime", utc_text(end_time, "us")))
    return {key: value for key, value in ends if value is not None}


def _text_format(format: str | None) -> Literal["CSV", "CEF"] | None:  # noqa: A002 - pycpg 1.0's name
    """``"CSV"`` or ``"CEF"`` when ``format`` asks for text pages, else ``None`` (JSON)."""
    kind = (format or "").upper()
    if kind == "CSV":
        return "CSV"
    if kind == "CEF":
        return "CEF"
    return None


def _items_of(format: Literal["CSV", "CEF"]) -> ItemsOf:  # noqa: A002 - pycpg 1.0's name
    """Where a text page's items are: its lines, less the CSV header line."""
    return _csv_rows if format == "CSV" else _lines


class AuditLogsService(BaseService):
    """Searches the tenant's audit log.

    ``format=`` chooses the page type: JSON (omitted, or ``"JSON"``) gives
    ``PycpgResponse[AuditLogPage]`` pages with a typed ``.model()``;
    ``"CSV"``/``"CEF"`` gives :class:`~pycpg.response.PycpgTextResponse` text pages,
    which have no model.
    """

    @overload
    def get_page(
        self,
        page_num: int = 1,
        page_size: int | None = None,
        begin_time: TimestampLike | None = None,
        end_time: TimestampLike | None = None,
        event_types: str | list[str] | None = None,
        user_ids: str | list[str] | None = None,
        usernames: str | list[str] | None = None,
        user_ip_addresses: str | list[str] | None = None,
        affected_user_ids: str | list[str] | None = None,
        affected_usernames: str | list[str] | None = None,
        *,
        format: JsonFormat | None = None,  # noqa: A002 - pycpg 1.0's name
        **kwargs: Any,
    ) -> PycpgResponse[AuditLogPage]: ...

    @overload
    def get_page(
        self,
        page_num: int = 1,
        page_size: int | None = None,
        begin_time: TimestampLike | None = None,
        end_time: TimestampLike | None = None,
        event_types: str | list[str] | None = None,
        user_ids: str | list[str] | None = None,
        usernames: str | list[str] | None = None,
        user_ip_addresses: str | list[str] | None = None,
        affected_user_ids: str | list[str] | None = None,
        affected_usernames: str | list[str] | None = None,
        *,
        format: TextFormat,  # noqa: A002 - pycpg 1.0's name
        **kwargs: Any,
    ) -> PycpgTextResponse: ...

    @overload
    def get_page(
        self,
        page_num: int = 1,
        page_size: int | None = None,
        begin_time: TimestampLike | None = None,
        end_time: TimestampLike | None = None,
        event_types: str | list[str] | None = None,
        user_ids: str | list[str] | None = None,
        usernames: str | list[str] | None = None,
        user_ip_addresses: str | list[str] | None = None,
        affected_user_ids: str | list[str] | None = None,
        affected_usernames: str | list[str] | None = None,
        format: str | None = None,  # noqa: A002 - pycpg 1.0's name
        **kwargs: Any,
    ) -> PycpgResponse[AuditLogPage] | PycpgTextResponse: ...

    def get_page(
        self,
        page_num: int = 1,
        page_size: int | None = None,
        begin_time: TimestampLike | None = None,
        end_time: TimestampLike | None = None,
        event_types: str | list[str] | None = None,
        user_ids: str | list[str] | None = None,
        usernames: str | list[str] | None = None,
        user_ip_addresses: str | list[str] | None = None,
        affected_user_ids: str | list[str] | None = None,
        affected_usernames: str | list[str] | None = None,
        format: str | None = None,  # noqa: A002 - pycpg 1.0's name
        **kwargs: Any,
    ) -> PycpgResponse[AuditLogPage] | PycpgTextResponse:
        """Search one page of audit-log events (see :class:`pycpg.clients.auditlogs.AuditLogsClient`).

        Args:
            format: ``"CSV"`` or ``"CEF"`` (any case) for a text page
                (:class:`~pycpg.response.PycpgTextResponse`, no ``.model()``);
                omitted (or any other value, e.g. ``"JSON"``) for a JSON page.
            **kwargs: Added to the request body.
        """
        body = wire_params(
            _AUDIT_LOG_PAGE,
            kwargs,
            page_num=page_num - 1,  # the search counts pages from 0
            page_size=self._page_size(page_size),
            date_range=_date_range(begin_time, end_time),
            event_types=to_list(event_types),
            user_ids=to_list(user_ids),
            usernames=to_list(usernames),
            user_ip_addresses=to_list(user_ip_addresses),
            affected_user_ids=to_list(affected_user_ids),
            affected_usernames=to_list(affected_usernames),
        )
        text = _text_format(format)
        # A read sent as POST: safe to send again on 502/503/504 or a broken connection.
        if text is None:
            return self._call("POST", _SEARCH, lazy.AuditLogPage, json=body, idempotent=True)
        response = self._connection.request("POST", _SEARCH, json=body, headers=HEADER_MAP[text], idempotent=True)
        return PycpgTextResponse(response)

    @overload
    def get_all(
        self,
        begin_time: TimestampLike | None = None,
        end_time: TimestampLike | None = None,
        event_types: str | list[str] | None = None,
        user_ids: str | list[str] | None = None,
        usernames: str | list[str] | None = None,
        user_ip_addresses: str | list[str] | None = None,
        affected_user_ids: str | list[str] | None = None,
        affected_usernames: str | list[str] | None = None,
        *,
        page_size: int | None = None,
        format: JsonFormat | None = None,  # noqa: A002 - pycpg 1.0's name
        page_concurrency: int | None = None,
        **kwargs: Any,
    ) -> Iterator[PycpgResponse[AuditLogPage]]: ...

    @overload
    def get_all(
        self,
        begin_time: TimestampLike | None = None,
        end_time: TimestampLike | None = None,
        event_types: str | list[str] | None = None,
        user_ids: str | list[str] | None = None,
        usernames: str | list[str] | None = None,
        user_ip_addresses: str | list[str] | None = None,
        affected_user_ids: str | list[str] | None = None,
        affected_usernames: str | list[str] | None = None,
        *,
        page_size: int | None = None,
        format: TextFormat,  # noqa: A002 - pycpg 1.0's name
        page_concurrency: int | None = None,
        **kwargs: Any,
    ) -> Iterator[PycpgTextResponse]: ...

    @overload
    def get_all(
        self,
        begin_time: TimestampLike | None = None,
        end_time: TimestampLike | None = None,
        event_types: str | list[str] | None = None,
        user_ids: str | list[str] | None = None,
        usernames: str | list[str] | None = None,
        user_ip_addresses: str | list[str] | None = None,
        affected_user_ids: str | list[str] | None = None,
        affected_usernames: str | list[str] | None = None,
        *,
        page_size: int | None = None,
        format: str | None = None,  # noqa: A002 - pycpg 1.0's name
        page_concurrency: int | None = None,
        **kwargs: Any,
    ) -> Iterator[PycpgResponse[AuditLogPage] | PycpgTextResponse]: ...

    def get_all(
        self,
        begin_time: TimestampLike | None = None,
        end_time: TimestampLike | None = None,
        event_types: str | list[str] | None = None,
        user_ids: str | list[str] | None = None,
        usernames: str | list[str] | None = None,
        user_ip_addresses: str | list[str] | None = None,
        affected_user_ids: str | list[str] | None = None,
        affected_usernames: str | list[str] | None = None,
        *,
        page_size: int | None = None,
        format: str | None = None,  # noqa: A002 - pycpg 1.0's name
        page_concurrency: int | None = None,
        **kwargs: Any,
    ) -> Iterator[PycpgResponse[AuditLogPage] | PycpgTextResponse]:
        """Yield every page of matching events: JSON pages, or CSV/CEF text pages with ``format=``.

        Args:
            page_size: Events per page; defaults to the client's ``items_per_page``.
            format: As :meth:`get_page`.
            page_concurrency: Accepted as by every ``get_all``; the audit-log search
                sends no total, so its pages are fetched one after another.
            **kwargs: Added to every request body.
        """
        size = self._page_size(page_size)
        concurrency = self._page_concurrency(page_concurrency)
        _date_range(begin_time, end_time)  # bad times fail at the call, not when the first page is fetched
        text = _text_format(format)

        if text is None:

            def fetch(page_num: int, size: int) -> PycpgResponse[AuditLogPage]:
                return self.get_page(
                    page_num=page_num, page_size=size, begin_time=begin_time, end_time=end_time,
                    event_types=event_types, user_ids=user_ids, usernames=usernames,
                    user_ip_addresses=user_ip_addresses, affected_user_ids=affected_user_ids,
                    affected_usernames=affected_usernames, format=None, **kwargs,
                )

            return iter_pages(fetch, _events, size, concurrency=concurrency)

        def fetch_text(page_num: int, size: int) -> PycpgTextResponse:
            return self.get_page(
                page_num=page_num, page_size=size, begin_time=begin_time, end_time=end_time,
                event_types=event_types, user_ids=user_ids, usernames=usernames,
                user_ip_addresses=user_ip_addresses, affected_user_ids=affected_user_ids,
                affected_usernames=affected_usernames, format=text, **kwargs,
            )

        # Every page comes from fetch_text, so every page is a PycpgTextResponse.
        return cast("Iterator[PycpgTextResponse]", iter_pages(fetch_text, _items_of(text), size, concurrency=concurrency))
