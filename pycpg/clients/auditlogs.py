"""``sdk.auditlogs``: search the tenant's audit log."""

from __future__ import annotations

from pycpg.services.auditlogs import AuditLogsService

__all__ = ["AuditLogsClient"]


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
