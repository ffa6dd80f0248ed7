"""Page generators with pycpg 1.0's contract, and typed item iterators."""

from __future__ import annotations

import contextvars
import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import FrameType
from typing import Any, TypeVar

from pycpg.exceptions import PycpgListChangedWarning
from pycpg.response import PycpgResponse

__all__ = ["ItemsOf", "ModelItems", "get_all_pages", "iter_items", "iter_pages", "list_or_key"]

P = TypeVar("P")
T = TypeVar("T")

#: Fetches one page: ``(page_num, page_size) -> response``.
PageFetcher = Callable[[int, int], PycpgResponse[P]]


@dataclass(frozen=True)
class ModelItems:
    """A page's items and ``totalCount``, read from the page's model.

    For the typed iterators: they parse every page into its model anyway, so
    counting the items there spares parsing each body a second time as plain JSON
    (the pycpg 1.0 view, ``page.data``) just to decide where paging stops. A page
    that does not fit its model then fails at that page, as the typed item
    iterator would a moment later.
    """

    items: Callable[[Any], Sized]
    total: Callable[[Any], Any]


#: Where a page's items are: a key of ``data``, ``None`` for ``data`` itself, a
#: function of ``data``, or :class:`ModelItems` (from the page's model).
ItemsOf = str | None | Callable[[Any], Sized] | ModelItems


def iter_pages(
    fetch: PageFetcher[P], items: ItemsOf, page_size: int, first_page: int = 1, *, concurrency: int = 1
) -> Iterator[PycpgResponse[P]]:
    """Yield page responses until a page holds fewer than ``page_size`` items.

    ``items`` says where each page's items are (see :data:`ItemsOf`). As in
    pycpg 1.0 every page is yielded, including an empty last
    page when the total is a multiple of ``page_size``. Unlike pycpg 1.0, a page
    shorter than asked does not end the run while the server's ``totalCount``
    says more items remain (pycpg 1.0 lost data from a server that caps page sizes).

    With ``concurrency`` above 1, pages are fetched ahead, at most ``concurrency``
    requests in flight, by a small thread pool of the run's own:

    - which pages: the first page is fetched alone; when it is full and carries
      ``totalCount``, the pages up to the one the stop rule above would end on
      (``totalCount // page_size`` more) are known, and only those are fetched
      ahead (re-planned from each later page's ``totalCount``). Pages of a run
      whose total is unknown (no ``totalCount``: legal-hold lists, the audit-log
      search, CSV/CEF pages, devices without ``include_counts``), and pages past
      the plan (a server that caps page sizes), are fetched one after another, in
      the caller's thread. A completed run thus sends exactly the requests of a
      sequential one; only a collection that shrinks during the run may see up to
      ``concurrency - 1`` pages requested past its new end;
    - order: pages are yielded in page order, each once;
    - errors: a page that failed raises where it would have in a sequential run,
      after every page before it was yielded;
    - leaving early (``break``, ``close()``, the generator collected, an error):
      pages not yet sent are cancelled, those already sent (at most
      ``concurrency - 1`` beyond the last page yielded) are awaited and dropped,
      and the pool is shut down before control returns: no thread or connection
      outlives the run;
    - context: each page is fetched in a copy of the caller's
      :mod:`contextvars` context taken when it is scheduled, so
      ``with sdk.timeout(...)`` around the loop applies to every page.

    ``concurrency`` 1 is strictly sequential, with no thread.

    A run reads the list page by page while the server may change it: an item
    added or removed before the pages not yet read shifts them, so items are
    skipped or repeated (offset paging). When a page's ``totalCount`` differs from
    the previous page's, :class:`~pycpg.exceptions.PycpgListChangedWarning` is
    issued once per run, pointing at the code that iterates; a run whose total
    did not change (or that carries none) never warns.

    Raises:
        ValueError: ``concurrency`` is not a positive integer (raised at the call).
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"page_concurrency must be a positive integer, got {concurrency!r}")
    return _pages(fetch, items, page_size, first_page, concurrency)


def _pages(
    fetch: PageFetcher[P], items: ItemsOf, page_size: int, first_page: int, concurrency: int
) -> Iterator[PycpgResponse[P]]:
    pending: deque[Future[PycpgResponse[P]]] = deque()  # pages page_num, page_num + 1, ... in flight
    pool: ThreadPoolExecutor | None = None
    page_num = first_page
    planned = first_page  # the last page known to be needed: nothing past it is fetched ahead
    scheduled = first_page - 1  # the last page sent (or being sent)
    seen = 0
    total: int | None = None  # the last totalCount seen
    warned = False
    try:
        while True:
            if pending or (concurrency > 1 and planned > page_num):
                if pool is None:
                    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="pycpg-pages")
                while scheduled < planned and len(pending) < concurrency:
                    scheduled += 1
                    pending.append(pool.submit(contextvars.copy_context().run, fetch, scheduled, page_size))
                page = pending.popleft().result()
            else:
                page = fetch(page_num, page_size)
                scheduled = page_num
            count, page_total = _measure(page, items)
            seen += count
            if page_total is not None:
                if total is not None and page_total != total and not warned:
                    warned = True
                    warnings.warn(_LIST_CHANGED, PycpgListChangedWarning, stacklevel=_caller_level())
                total = page_total
            last = count < page_size and not (count and page_total is not None and seen < page_total)
            if not last:
                planned = max(page_num + 1, _planned_last(page_total, page_num, count, page_size, seen))
            yield page
            if last:
                return
            page_num += 1
    finally:
        for future in pending:
            future.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_LIST_CHANGED = (
    "The list changed while it was read (its totalCount changed between pages), so items may have "
    "been skipped or repeated. To change a list while iterating it, pass snapshot=True to iter_all "
    "(every page is read before the first item) or collect the ids first, then change them."
)


def _caller_level() -> int:
    """The ``stacklevel`` of the first frame outside pycpg, seen from the function calling this one.

    A page generator runs in the frame that resumes it, so the warning points at the
    ``for`` loop (or ``list(...)``) of the user's code however many pycpg generators
    (``iter_items``, an export pipeline) sit in between.
    """
    frame: FrameType | None = sys._getframe(1)  # the function that warns: stacklevel 1
    level = 1
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not (isinstance(name, str) and (name == "pycpg" or name.startswith("pycpg."))):
            return level
        frame = frame.f_back
        level += 1
    return 1


def _planned_last(total: int | None, page_num: int, count: int, page_size: int, seen: int) -> int:
    """The page a sequential run would stop on, as far as a page (its ``total``) tells; ``page_num`` when it cannot.

    Only a full page with ``totalCount`` tells: the server then serves whole pages,
    and the run ends on the first page holding fewer than ``page_size`` items,
    ``(total - seen) // page_size + 1`` pages further (an empty one when the total
    is a multiple of ``page_size``).
    """
    if total is None or count != page_size:
        return page_num
    return page_num + max(total - seen, 0) // page_size + 1


def _measure(page: PycpgResponse[Any], items: ItemsOf) -> tuple[int, int | None]:
    """How many items ``page`` holds, and its ``totalCount`` (``None`` without an integer one)."""
    if isinstance(items, ModelItems):
        model = page.model()
        return len(items.items(model)), _integer(items.total(model))
    return len(_items(page, items)), _total(page)


def _items(page: PycpgResponse[Any], items: str | None | Callable[[Any], Sized]) -> Sized:
    if items is None:
        return page.data  # type: ignore[no-any-return]
    if isinstance(items, str):
        return page[items]  # type: ignore[no-any-return]
    return items(page.data)


def list_or_key(key: str) -> Callable[[Any], Sized]:
    """Items of a page that is either a bare list or an object holding ``key``.

    For the legal-hold lists, which may come bare or wrapped in an object: counting
    an object's keys (pycpg 1.0) would end paging after the first page.
    """

    def items(data: Any) -> Sized:
        if isinstance(data, list):
            return data
        if isinstance(data, dict):
            return data.get(key) or []
        return []

    return items


def _total(page: PycpgResponse[Any]) -> int | None:
    """The page's ``totalCount``, when it has an integer one."""
    data = page.data
    return _integer(data.get("totalCount") if isinstance(data, dict) else None)


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def iter_items(
    pages: Iterable[PycpgResponse[P]], items: Callable[[P], Iterable[T]], *, snapshot: bool = False
) -> Iterator[T]:
    """Yield the typed items of every page, parsing each page's model once.

    Plain (``snapshot=False``), pages are read as the loop goes (and fetched ahead
    by :func:`iter_pages`): a loop body that changes the list being read (deactivating
    the devices of an ``active=True`` listing, say) shifts the pages not yet read, so
    items are skipped or repeated.

    With ``snapshot=True`` every page is read (with the run's usual concurrency), and
    each page's items parsed, when the first item is asked for, before it is yielded:
    the loop then walks a snapshot and its body may change the list freely. The cost
    is memory: every item is held until the loop reaches it (a page's raw response is
    dropped once its items are parsed). The first item waits for the last page, and
    a failed page raises before any item is yielded.

    Raises:
        TypeError: ``snapshot`` is not a bool (raised at the call).
    """
    if not isinstance(snapshot, bool):
        raise TypeError(f"snapshot must be True or False, got {snapshot!r}")
    return _snapshot_items(pages, items) if snapshot else _page_items(pages, items)


def _page_items(pages: Iterable[PycpgResponse[P]], items: Callable[[P], Iterable[T]]) -> Iterator[T]:
    for page in pages:
        yield from items(page.model())


def _snapshot_items(pages: Iterable[PycpgResponse[P]], items: Callable[[P], Iterable[T]]) -> Iterator[T]:
    held: deque[T] = deque()
    for page in pages:
        held.extend(items(page.model()))
    del pages  # the run is over (its threads joined): nothing but the items is kept
    while held:
        yield held.popleft()  # an item handed out is no longer held here


def get_all_pages(
    func: Callable[..., PycpgResponse[P]], key: str | None, *args: Any, **kwargs: Any
) -> Iterator[PycpgResponse[P]]:
    """pycpg 1.0's helper: call ``func(*args, page_num=n, page_size=s, **kwargs)`` per page.

    ``page_size`` comes from ``kwargs`` or, when absent or ``None``,
    ``pycpg.settings.items_per_page``.
    """
    from pycpg import settings

    page_size = kwargs.pop("page_size", None) or settings.items_per_page

    def fetch(page_num: int, size: int) -> PycpgResponse[P]:
        return func(*args, page_num=page_num, page_size=size, **kwargs)

    return iter_pages(fetch, key, page_size)
