"""``sdk.auditlogs``: search the tenant's audit log."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pycpg.exceptions import PycpgError
from pycpg.response import PycpgResponse
from pycpg.services.auditlogs import AuditLogsService
from pycpg.util import TimestampLike, to_posix

if TYPE_CHECKING:
    from pycpg.models import AuditLogEvent, AuditLogPage

__all__ = ["AuditLogsClient", "SEARCH_RESULT_CAP"]

#: The most results one audit-log search serves (CrashPlan's documented cap).
SEARCH_RESULT_CAP = 10_000
_MICROSECOND = timedelta(microseconds=1)


class AuditLogsClient(AuditLogsService):
    """Search the audit log: ``get_page``, ``get_all`` (pages) and ``iter_all`` (typed events).

    Filters (all optional):

    - ``begin_time`` / ``end_time``: the time window (start inclusive, end
      exclusive), as a datetime (naive = UTC), date, POSIX **seconds** (int or
      float; pycpg 1.0's docs wrongly said milliseconds) or date string; sent as
      UTC with microseconds.
    - ``event_types``: event names such as ``"logged_in"``.
    - ``user_ids``, ``usernames``, ``user_ip_addresses``: the acting user.
    - ``affected_user_ids``, ``affected_usernames``: the user acted upon.

    Each filter takes one value or a list. ``page_size=`` sets the page size
    (``get_page``'s second parameter; keyword-only for ``get_all`` and
    ``iter_all``). ``format=`` chooses the page type: omitted (or ``"JSON"``)
    gives ``PycpgResponse[AuditLogPage]`` pages with a typed ``.model()``;
    ``"CSV"`` or ``"CEF"`` gives :class:`~pycpg.response.PycpgTextResponse` text
    pages, which have no ``.model()`` (a type error, and a
    :class:`~pycpg.exceptions.PycpgError` if called anyway). Other keyword
    arguments are added to the request body. The audit-log host is discovered
    on the first call.
    """

    def __init__(self, audit_log_service: AuditLogsService) -> None:
        super().__init__(audit_log_service._connection)

    def iter_all(
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
        page_concurrency: int | None = None,
        **kwargs: Any,
    ) -> Iterator[AuditLogEvent]:
        """Yield every matching event as an :class:`~pycpg.models.AuditLogEvent`, newest first.

        Complete, unlike one search: CrashPlan serves at most
        :attr:`search_result_cap` (10,000) results per search. When a search
        reaches the cap, the run searches again with its end moved to the oldest
        timestamp received, and so on until a search comes back short; the events
        at that oldest timestamp are held back until the next search has them all,
        so nothing is skipped or repeated across searches. Within a run, an event
        newer than one already yielded is dropped: it is either a repeat (an event
        recorded during the run shifts the later pages by one) or recorded after the
        run passed its time; events sharing one timestamp are told apart by their
        content, so two identical events recorded in the same microsecond count as
        one. Order: newest first (by ``timestamp``; the server's order among equal
        timestamps). The pages of each search are fetched one after another (the
        search sends no total); ``page_concurrency`` is accepted and unused.

        Raises:
            ValueError: ``format=`` was given; CSV/CEF pages are text (use :meth:`get_all`).
            PycpgError: :attr:`search_result_cap` or more events share one timestamp
                (no time range can then split them).
        """
        if kwargs.get("format") is not None:
            raise ValueError("iter_all yields typed events; use get_all(format=...) for CSV or CEF text.")
        kwargs.pop("format", None)  # format=None: JSON, as without it
        self._page_concurrency(page_concurrency)  # a bad value fails at the call, as elsewhere

        def search(end: TimestampLike | None) -> Generator[PycpgResponse[AuditLogPage]]:
            yield from self.get_all(
                begin_time=begin_time, end_time=end, event_types=event_types, user_ids=user_ids,
                usernames=usernames, user_ip_addresses=user_ip_addresses, affected_user_ids=affected_user_ids,
                affected_usernames=affected_usernames, page_size=page_size, format=None,
                page_concurrency=1, **kwargs,
            )

        self.get_all(begin_time=begin_time, end_time=end_time)  # bad times fail at the call, not on the first page
        return _complete(search, end_time, self.search_result_cap)

    #: The most results one search serves: CrashPlan's documented cap. :meth:`iter_all`
    #: searches again past it (and reads no more of one search than this); a server
    #: with another cap needs this set to match.
    search_result_cap: int = SEARCH_RESULT_CAP


def _moment(value: TimestampLike) -> datetime:
    """A time filter as an aware datetime (naive = UTC), exact for datetimes."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.fromtimestamp(to_posix(value), UTC)


def _complete(
    search: Callable[[TimestampLike | None], Generator[PycpgResponse[AuditLogPage]]],
    end_time: TimestampLike | None,
    cap: int,
) -> Iterator[AuditLogEvent]:
    """Every event of the searches ``search(end)``, newest first, moving ``end`` back while a search is capped."""
    end = end_time
    floor: datetime | None = None  # the oldest timestamp seen; events there are held in ``group``
    group: dict[str, AuditLogEvent] = {}
    while True:
        received = 0
        pages = search(end)
        for page in pages:
            events = page.model().events
            received += len(events)
            for event in events:
                moment = event.timestamp
                if floor is not None and moment > floor:
                    continue  # already yielded, or recorded after the run passed its time
                if floor is None or moment < floor:
                    yield from group.values()
                    group, floor = {}, moment
                group.setdefault(event.to_wire_json(), event)
            if received >= cap:
                # A server that serves more than the cap (or never ends a search) is
                # searched again anyway: this bounds what one search holds in memory.
                pages.close()
                break
        if received < cap or floor is None:
            yield from group.values()
            return
        # Capped: everything newer than ``floor`` was yielded; search again up to and
        # including ``floor`` (the end is exclusive), where the held events are all found again.
        next_end = floor + _MICROSECOND
        if end is not None and next_end >= _moment(end):
            raise PycpgError(
                f"{cap} or more audit-log events share the timestamp {floor.isoformat()}; "
                "one search cannot return them all and no time range can split them."
            )
        end, group = next_end, {}
