"""Incremental exports of the audit log and of legal-hold events.

Each run resumes where the previous one stopped, loses nothing and delivers
nothing twice:

- **Cursor and overlap.** A run reads from ``cursor - overlap`` up to the time it
  started (the first run, which has no checkpoint, from ``since``). CrashPlan
  records audit-log events up to about five minutes late, so the window before the
  cursor is read again; :data:`DEFAULT_OVERLAP` is 10 minutes.
- **Nothing twice.** The checkpoint keeps the keys of the events delivered in the
  overlap window (audit-log events: a digest of the whole event, as they carry no
  id; legal-hold events: ``eventUid``), and those are dropped when read again.
  Two audit-log events identical in every field count as one.
- **Batches, oldest first.** Events come in batches, oldest first. A batch is
  committed (its checkpoint saved) when the loop asks for the next one, when
  :meth:`Batch.commit` is called, or, for the last one, when the loop ends; a batch
  whose processing raised or was killed is not committed and comes again on the
  next run. Delivery to your own sink is thus at-least-once across crashes
  (exactly once when the sink is idempotent); :func:`export_audit_logs` and
  :func:`export_legal_hold_events`, which append JSON Lines to a file, are exactly
  once: the checkpoint records the file's length, and the next run cuts off
  whatever a killed run appended after its last checkpoint.
- **Audit-log searches past the cap.** One search serves at most 10,000 results;
  a time range that reaches the cap is split (at the oldest event received, or in
  half) and each part is read oldest part first, so at most one search's results
  are held in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar, Unpack

from pycpg.exceptions import PycpgError
from pycpg.export.checkpoint import Checkpoint, CheckpointStore, FileCheckpointStore
from pycpg.util import TimestampLike, to_posix

if TYPE_CHECKING:
    from pycpg.models import AuditLogEvent, LegalHoldEvent
    from pycpg.sdk import SDKClient

__all__ = [
    "AUDIT_LOG_RETENTION", "DEFAULT_OVERLAP", "AuditLogFilters", "Batch", "ExportResult", "audit_log_batches",
    "export_audit_logs", "export_legal_hold_events", "legal_hold_event_batches",
]

E = TypeVar("E")

#: How much of the time before the cursor each run reads again.
DEFAULT_OVERLAP = timedelta(minutes=10)
#: How long CrashPlan keeps audit-log events: the first run's default start.
AUDIT_LOG_RETENTION = timedelta(days=90)
_MICROSECOND = timedelta(microseconds=1)

class AuditLogFilters(TypedDict, total=False):
    """The audit-log search filters an export takes (each one value or a list)."""

    event_types: str | list[str] | None
    user_ids: str | list[str] | None
    usernames: str | list[str] | None
    user_ip_addresses: str | list[str] | None
    affected_user_ids: str | list[str] | None
    affected_usernames: str | list[str] | None


#: Where checkpoints go: a store, or a folder for a :class:`FileCheckpointStore`.
Checkpoints = CheckpointStore | str | os.PathLike[str]


@dataclass
class Batch(Generic[E]):
    """New events, oldest first, and the checkpoint that delivering them reaches.

    Attributes:
        events: The events not delivered before, oldest first (may be empty on
            the last batch of a run).
        cursor: The time the export has read up to once this batch is delivered.
    """

    events: list[E]
    cursor: datetime
    _save: Callable[[Mapping[str, Any] | None], None] = field(repr=False)
    committed: bool = False

    def commit(self, state: Mapping[str, Any] | None = None) -> None:
        """Save the checkpoint past this batch (``state``: JSON-ready values to keep with it).

        Called for you when the loop asks for the next batch; call it yourself
        to record ``state`` or to commit before doing something slow.
        """
        if not self.committed:
            self._save(state)
            self.committed = True


@dataclass(frozen=True)
class ExportResult:
    """What one run of a file export did."""

    path: Path
    delivered: int
    cursor: datetime


def _store(checkpoints: Checkpoints) -> CheckpointStore:
    if isinstance(checkpoints, (str, os.PathLike)):
        return FileCheckpointStore(checkpoints)
    return checkpoints


def _utc(value: TimestampLike) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.fromtimestamp(to_posix(value), UTC)


def _check_overlap(overlap: timedelta) -> None:
    if not isinstance(overlap, timedelta) or overlap < timedelta(0):
        raise ValueError(f"overlap must be a timedelta of zero or more, got {overlap!r}")


class _Run(Generic[E]):
    """The checkpoint bookkeeping of one run: what is new, and what to save after each batch."""

    def __init__(self, store: CheckpointStore, name: str, query: Mapping[str, Any], overlap: timedelta,
                 since: TimestampLike | None, key: Callable[[E], str], moment: Callable[[E], datetime]) -> None:
        self.store, self.name, self.query, self.overlap = store, name, dict(query), overlap
        self.key, self.moment = key, moment
        self.until = datetime.now(UTC)
        previous = store.load(name)
        if previous is not None and dict(previous.query) != self.query:
            raise PycpgError(
                f"Checkpoint {name!r} belongs to another export ({previous.query}), not {self.query}; "
                "use another checkpoint name for this one."
            )
        self.seen: dict[str, datetime] = dict(previous.seen) if previous else {}
        self.state: Mapping[str, Any] = dict(previous.state) if previous else {}
        self.previous = previous
        if previous is not None:
            self.start: datetime | None = previous.cursor - overlap
        else:
            self.start = None if since is None else _utc(since)

    def batch(self, events: list[E], cursor: datetime) -> Batch[E]:
        """The events of ``events`` not delivered yet, as a batch reaching ``cursor``."""
        new = []
        for event in events:
            key = self.key(event)
            if key not in self.seen:
                self.seen[key] = self.moment(event)
                new.append(event)
        floor = cursor - self.overlap
        kept = {key: moment for key, moment in self.seen.items() if moment >= floor}
        self.seen = dict(kept)

        def save(state: Mapping[str, Any] | None) -> None:
            if state is not None:
                self.state = dict(state)
            self.store.save(self.name, Checkpoint(cursor, kept, self.query, self.state))

        return Batch(new, cursor, save)

    def batches(self, chunks: Iterator[tuple[list[E], datetime]]) -> Iterator[Batch[E]]:
        """Batches of ``chunks`` (events, cursor), each committed before the next is read; the last at the end."""
        pending: Batch[E] | None = None
        for events, cursor in chunks:
            if pending is not None:
                pending.commit()
            pending = self.batch(events, cursor)
            yield pending
        if pending is None or pending.cursor < self.until:
            if pending is not None:
                pending.commit()
            pending = self.batch([], self.until)
            yield pending
        pending.commit()


# -- audit log -------------------------------------------------------------------------


def _audit_key(event: AuditLogEvent) -> str:
    wire = json.dumps(event.to_wire(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(wire.encode("utf-8")).hexdigest()[:32]


def _audit_moment(event: AuditLogEvent) -> datetime:
    return event.timestamp.astimezone(UTC)


def audit_log_batches(
    sdk: SDKClient,
    checkpoints: Checkpoints,
    name: str,
    *,
    since: TimestampLike | None = None,
    overlap: timedelta = DEFAULT_OVERLAP,
    page_size: int | None = None,
    **filters: Unpack[AuditLogFilters],
) -> Iterator[Batch[AuditLogEvent]]:
    """Batches of the audit-log events not delivered by earlier runs of checkpoint ``name``, oldest first.

    Args:
        sdk: A signed-in client.
        checkpoints: A :class:`~pycpg.export.checkpoint.CheckpointStore`, or a folder
            for a :class:`~pycpg.export.checkpoint.FileCheckpointStore`.
        name: The checkpoint's name: one per export (a different filter needs a
            different name; a mismatch raises :class:`~pycpg.exceptions.PycpgError`).
        since: Where the first run starts (default: 90 days ago, all that
            CrashPlan keeps); ignored once the checkpoint exists.
        overlap: How much before the cursor each run reads again (default 10 minutes).
        page_size: Events per page of each search.
        **filters: The filters of :meth:`AuditLogsClient.get_page` (:class:`AuditLogFilters`):
            ``event_types``, ``user_ids``, ``usernames``, ``user_ip_addresses``,
            ``affected_user_ids``, ``affected_usernames``.

    Raises:
        PycpgError: the checkpoint belongs to another export, or one search's cap
            of events share a single timestamp.
        ValueError: ``overlap`` is negative, or a filter cannot be read.
    """
    _check_overlap(overlap)
    unknown = set(filters) - set(AuditLogFilters.__annotations__)
    if unknown:
        raise TypeError(f"audit_log_batches got unknown filters: {', '.join(sorted(unknown))}")
    query = {"kind": "audit-log", **{key: value for key, value in filters.items() if value not in (None, "", [])}}
    run: _Run[AuditLogEvent] = _Run(_store(checkpoints), name, query, overlap, since, _audit_key, _audit_moment)
    start = run.start if run.start is not None else run.until - AUDIT_LOG_RETENTION
    auditlogs = sdk.auditlogs
    cap = auditlogs.search_result_cap

    def search(low: datetime, high: datetime) -> list[AuditLogEvent]:
        """The events of one search of ``[low, high)``; no more than ``cap`` are read (the range is split then)."""
        events: list[AuditLogEvent] = []
        for page in auditlogs.get_all(begin_time=low, end_time=high, page_size=page_size, format=None, **filters):
            events.extend(page.model().events)
            if len(events) >= cap:  # a server serving past the cap, or never ending a search, cannot grow this
                break
        return events

    def chunks() -> Iterator[tuple[list[AuditLogEvent], datetime]]:
        ranges = [(start, run.until)]  # a stack: the oldest range on top
        while ranges:
            low, high = ranges.pop()
            if low >= high:
                continue
            events = search(low, high)
            if len(events) >= cap:
                ranges.extend(reversed(_split(low, high, min(_audit_moment(event) for event in events), cap)))
                continue
            events.reverse()  # the search answers newest first (ties: the later recorded first)
            events.sort(key=_audit_moment)  # stable: only a server that does not sort moves anything
            yield events, high

    return run.batches(chunks())


def _split(low: datetime, high: datetime, oldest: datetime, cap: int) -> list[tuple[datetime, datetime]]:
    """Two ranges covering ``[low, high)``, split at ``oldest`` when it is inside, else in the middle."""
    middle = oldest if low < oldest < high else low + (high - low) // 2
    if middle <= low:
        raise PycpgError(
            f"{cap} or more audit-log events share the timestamp {low.isoformat()}; "
            "one search cannot return them all and no time range can split them."
        )
    return [(low, middle), (middle, high)]


# -- legal-hold events -----------------------------------------------------------------


def _legal_hold_moment(event: LegalHoldEvent) -> datetime:
    return event.event_date.astimezone(UTC)


def legal_hold_event_batches(
    sdk: SDKClient,
    checkpoints: Checkpoints,
    name: str,
    *,
    legal_hold_uid: str | None = None,
    since: TimestampLike | None = None,
    overlap: timedelta = DEFAULT_OVERLAP,
) -> Iterator[Batch[LegalHoldEvent]]:
    """Batches (one per page) of the legal-hold events not delivered by earlier runs of ``name``, oldest first.

    As :func:`audit_log_batches`; events are told apart by ``eventUid``. The first
    run starts at ``since`` (default: the first event). ``legal_hold_uid`` limits
    the export to one matter.
    """
    _check_overlap(overlap)
    query = {"kind": "legal-hold-events", **({"legal_hold_uid": legal_hold_uid} if legal_hold_uid else {})}
    run: _Run[LegalHoldEvent] = _Run(_store(checkpoints), name, query, overlap, since,
                                     lambda event: event.event_uid, _legal_hold_moment)

    def chunks() -> Iterator[tuple[list[LegalHoldEvent], datetime]]:
        reached = run.start or datetime.min.replace(tzinfo=UTC)
        pages = sdk.legalhold.get_all_events(legal_hold_uid=legal_hold_uid, min_event_date=run.start,
                                             max_event_date=run.until)
        for page in pages:
            events = sorted(page.model(), key=_legal_hold_moment)
            if events:
                reached = max(reached, _legal_hold_moment(events[-1]))
                yield events, reached

    return run.batches(chunks())


# -- JSON Lines files ------------------------------------------------------------------


def export_audit_logs(
    sdk: SDKClient,
    path: str | os.PathLike[str],
    checkpoints: Checkpoints,
    name: str,
    *,
    since: TimestampLike | None = None,
    overlap: timedelta = DEFAULT_OVERLAP,
    page_size: int | None = None,
    **filters: Unpack[AuditLogFilters],
) -> ExportResult:
    """Append the new audit-log events to the JSON Lines file ``path``, exactly once.

    One line per event, as :func:`pycpg.export.write_jsonl` writes it, oldest first.
    Arguments as :func:`audit_log_batches`.
    """
    state = _checked_state(_store(checkpoints), name, path)
    batches = audit_log_batches(sdk, checkpoints, name, since=since, overlap=overlap, page_size=page_size, **filters)
    return _append(path, batches, state)


def export_legal_hold_events(
    sdk: SDKClient,
    path: str | os.PathLike[str],
    checkpoints: Checkpoints,
    name: str,
    *,
    legal_hold_uid: str | None = None,
    since: TimestampLike | None = None,
    overlap: timedelta = DEFAULT_OVERLAP,
) -> ExportResult:
    """Append the new legal-hold events to the JSON Lines file ``path``, exactly once (see :func:`export_audit_logs`)."""
    state = _checked_state(_store(checkpoints), name, path)
    batches = legal_hold_event_batches(sdk, checkpoints, name, legal_hold_uid=legal_hold_uid, since=since,
                                       overlap=overlap)
    return _append(path, batches, state)


def _checked_state(store: CheckpointStore, name: str, path: str | os.PathLike[str]) -> int | None:
    """The file length the checkpoint recorded for ``path`` (``None``: no checkpoint, or another file)."""
    previous = store.load(name)
    if previous is None or previous.state.get("output") != str(Path(path).resolve()):
        return None
    length = previous.state.get("output_bytes")
    return length if isinstance(length, int) and not isinstance(length, bool) else None


def _append(path: str | os.PathLike[str], batches: Iterator[Batch[Any]], committed_length: int | None) -> ExportResult:
    from pycpg.export import jsonl_line

    target = Path(path)
    delivered = 0
    cursor: datetime | None = None
    with open(target, "ab") as out:
        # A run killed after writing but before its checkpoint left lines the next
        # batch will bring again: cut them off. A shorter file was rotated: append.
        if committed_length is not None and out.tell() > committed_length:
            out.truncate(committed_length)
        for batch in batches:
            if batch.events:
                out.write("".join(jsonl_line(event) for event in batch.events).encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            batch.commit({"output": str(target.resolve()), "output_bytes": out.tell()})
            delivered += len(batch.events)
            cursor = batch.cursor
    return ExportResult(target, delivered, cursor or datetime.now(UTC))
