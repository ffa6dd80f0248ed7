"""What every service shares: one request shape and the client's page size."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from pycpg._http import Connection, ErrorRule
from pycpg.services._ids import IdTable, apply_ids
from pycpg.paging import ItemsOf, iter_pages
from pycpg.response import LazyType, PycpgResponse

M = TypeVar("M")
P = TypeVar("P")

#: A list endpoint's wire keys: ``get_page`` parameter name -> query (or body) key,
#: in the order they are sent. Each endpoint declares one such table.
WireKeys = Mapping[str, str]


def wire_params(keys: WireKeys, extra: Mapping[str, Any] | None = None, /, **values: Any) -> dict[str, Any]:
    """The request parameters of one page: ``{keys[name]: value}`` in ``keys``' order, then ``extra``.

    ``values`` must name exactly the parameters of ``keys`` (by keyword), so a
    table and the method that fills it cannot drift apart silently. ``extra``
    (the caller's additional keyword arguments) is added last and wins on a
    clash, keeping the clashing key's place.

    Raises:
        TypeError: ``values`` does not name exactly the parameters of ``keys``.
    """
    if values.keys() != keys.keys():
        missing = sorted(set(keys) - set(values))
        unknown = sorted(set(values) - set(keys))
        raise TypeError(f"wire_params: missing {missing}, not in the table {unknown}")
    params = {wire: values[name] for name, wire in keys.items()}
    if extra:
        params.update(extra)
    return params


class BaseService:
    """A CrashPlan API area reached through one connection.

    A subclass declares ``_id_area`` (its name on the SDK client, e.g. ``"users"``)
    and ``_ids``, the table of its methods that take an id (method name -> kind of
    id, see :mod:`pycpg.services._ids`): their not-found and bad-request errors
    then name the method, the kind of id it takes and the value sent.
    """

    _id_area: ClassVar[str] = ""
    _ids: ClassVar[IdTable] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        apply_ids(cls)

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _call(
        self,
        method: str,
        path: str,
        model: type[M] | LazyType[M],
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        errors: Sequence[ErrorRule] = (),
        stream: bool = False,
        idempotent: bool | None = None,
        parse_as: Any = None,
    ) -> PycpgResponse[M]:
        """Send one request and wrap its response, typed by ``model``.

        ``model`` is usually a :class:`~pycpg.response.LazyType`, so the model is
        imported by the first ``.model()``, not by the request.

        ``parse_as`` is what ``.model()`` validates with when it differs from the
        static ``model`` (e.g. an ``Annotated`` list that also accepts a wrapped
        envelope); ``stream`` leaves the body unread; ``idempotent`` marks reads
        sent as POST so they may be retried.
        """
        response = self._connection.request(
            method, path, params=params, json=json, headers=headers, errors=errors,
            stream=stream, idempotent=idempotent,
        )
        return PycpgResponse(response, model if parse_as is None else parse_as)

    def _paged(
        self,
        get_page: Callable[..., PycpgResponse[P]],
        items: ItemsOf,
        page_size: int | None,
        page_concurrency: int | None,
        **filters: Any,
    ) -> Iterator[PycpgResponse[P]]:
        """Every page of ``get_page(page_num=n, page_size=s, **filters)``, counted as ``items`` says.

        ``get_all`` counts on the JSON view (``"computers"``); ``iter_all`` passes a
        :class:`~pycpg.paging.ModelItems`, so each page is parsed once, into its model.
        """
        size = self._page_size(page_size)
        concurrency = self._page_concurrency(page_concurrency)

        def fetch(page_num: int, page_size: int) -> PycpgResponse[P]:
            return get_page(page_num=page_num, page_size=page_size, **filters)

        return iter_pages(fetch, items, size, concurrency=concurrency)

    def _page_size(self, page_size: int | None) -> int:
        """``page_size`` if given, else this client's configured default."""
        return page_size or self._connection.config.items_per_page

    def _page_concurrency(self, page_concurrency: int | None) -> int:
        """``page_concurrency`` if given, else this client's ``page_concurrency`` option.

        Raises:
            ValueError: not a positive integer.
        """
        if page_concurrency is None:
            return self._connection.config.page_concurrency
        if isinstance(page_concurrency, bool) or not isinstance(page_concurrency, int) or page_concurrency < 1:
            raise ValueError(f"page_concurrency must be a positive integer, got {page_concurrency!r}")
        return page_concurrency
