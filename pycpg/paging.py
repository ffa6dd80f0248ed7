"""Page generators with pycpg 1.0's contract, and typed item iterators."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any, TypeVar

from pycpg.response import PycpgResponse

__all__ = ["ItemsOf", "get_all_pages", "iter_items", "iter_pages", "list_or_key"]

P = TypeVar("P")
T = TypeVar("T")

#: Fetches one page: ``(page_num, page_size) -> response``.
PageFetcher = Callable[[int, int], PycpgResponse[P]]
#: Where a page's items are: a key of ``data``, ``None`` for ``data`` itself, or a
#: function of ``data``.
ItemsOf = str | None | Callable[[Any], Sized]


def iter_pages(
    fetch: PageFetcher[P], items: ItemsOf, page_size: int, first_page: int = 1
) -> Iterator[PycpgResponse[P]]:
    """Yield page responses until a page holds fewer than ``page_size`` items.

    ``items`` says where each page's items are (see :data:`ItemsOf`). As in
    pycpg 1.0 every page is yielded, including an empty last
    page when the total is a multiple of ``page_size``. Unlike pycpg 1.0, a page
    shorter than asked does not end the run while the server's ``totalCount``
    says more items remain (pycpg 1.0 lost data from a server that caps page sizes).
    """
    page_num = first_page
    seen = 0
    while True:
        page = fetch(page_num, page_size)
        yield page
        count = len(_items(page, items))
        seen += count
        if count < page_size and not (count and _more_remain(page, seen)):
            return
        page_num += 1


def _items(page: PycpgResponse[Any], items: ItemsOf) -> Sized:
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


def _more_remain(page: PycpgResponse[Any], seen: int) -> bool:
    data = page.data
    total = data.get("totalCount") if isinstance(data, dict) else None
    return isinstance(total, int) and not isinstance(total, bool) and seen < total


def iter_items(pages: Iterable[PycpgResponse[P]], items: Callable[[P], Iterable[T]]) -> Iterator[T]:
    """Yield the typed items of every page, parsing each page's model once."""
    for page in pages:
        yield from items(page.model())


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
