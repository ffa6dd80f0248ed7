"""PycpgResponse: pycpg 1.0's response view, plus typed ``.model()`` parsing."""

from __future__ import annotations

import json
import reprlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated, Any, Generic, overload

import requests
from pydantic import BeforeValidator, TypeAdapter, ValidationError
from typing_extensions import TypeVar

from pycpg.exceptions import PycpgError, PycpgModelError

__all__ = ["PycpgResponse"]

M = TypeVar("M", default=Any)
T = TypeVar("T")

_UNSET: Any = object()


def _unwrap_data(value: Any) -> Any:
    """Drop one ``{"data": ...}`` envelope, exactly as pycpg's ``data`` does."""
    if isinstance(value, dict) and "data" in value:
        return value["data"]
    return value


@lru_cache(maxsize=None)
def _adapter(target: Any) -> TypeAdapter[Any]:
    # Building a TypeAdapter is costly; one per target type, reused by every response.
    return TypeAdapter(Annotated[target, BeforeValidator(_unwrap_data)])


class PycpgResponse(Generic[M]):
    """A CrashPlan API response.

    Behaves like pycpg 1.0's response: ``data`` is the JSON body with one ``data``
    envelope removed, the object is subscriptable, and ``text``/``raw_text``/
    ``status_code`` and friends mirror ``requests.Response``. ``model()`` parses
    the body into the endpoint's pydantic model.
    """

    def __init__(self, requests_response: requests.Response, model_type: Any = Any) -> None:
        self._response = requests_response
        self._model_type = model_type
        self._root: Any = _UNSET
        self._models: dict[Any, Any] = {}

    # -- pycpg 1.0 view -------------------------------------------------------

    @property
    def _data_root(self) -> Any:
        # Parsed once and cached, falsy values included (pycpg re-parsed those on
        # every access; spec §9.10).
        if self._root is _UNSET:
            text = self._response.text
            try:
                self._root = _unwrap_data(json.loads(text))
            except ValueError:
                self._root = text or ""
        return self._root

    @property
    def data(self) -> Any:
        """The JSON body, with one top-level ``data`` envelope removed."""
        return self._data_root

    @property
    def text(self) -> str:
        """``data`` serialised as JSON (or the string itself when it is a string)."""
        root = self._data_root
        return root if isinstance(root, str) else json.dumps(root)

    @property
    def raw_text(self) -> str:
        """The body text exactly as received."""
        return self._response.text

    @property
    def content(self) -> bytes:
        """The body bytes exactly as received."""
        return self._response.content

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def url(self) -> str:
        return self._response.url

    @property
    def headers(self) -> requests.structures.CaseInsensitiveDict[str]:
        return self._response.headers

    @property
    def encoding(self) -> str | None:
        return self._response.encoding

    def iter_content(self, chunk_size: int | None = 1, decode_unicode: bool = False) -> Iterator[Any]:
        """Iterate over the body, as ``requests.Response.iter_content``."""
        return self._response.iter_content(chunk_size=chunk_size, decode_unicode=decode_unicode)

    def __getitem__(self, key: Any) -> Any:
        try:
            return self._data_root[key]
        except TypeError as err:
            raise PycpgError(self._type_message("__getitem__", key)) from err

    def __setitem__(self, key: Any, value: Any) -> None:
        try:
            self._data_root[key] = value
        except TypeError as err:
            raise PycpgError(self._type_message("__setitem__", key)) from err

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data_root)

    def __str__(self) -> str:
        return str(self._data_root)

    def __repr__(self) -> str:
        if self._is_unread_stream():
            data = "'<streamed>'"
        else:
            data = reprlib.repr(self._data_root)
        return f"<PycpgResponse [status={self.status_code}, data={data}]>"

    def _is_unread_stream(self) -> bool:
        # requests keeps ``_content`` False until a body is read into memory; a
        # stream consumed with iter_content stays that way, so repr never forces
        # a read (pycpg raised RuntimeError there; spec §9.11).
        return getattr(self._response, "_content", b"") is False

    def _type_message(self, method: str, key: Any) -> str:
        root_type = type(self._data_root).__name__
        return (
            f"The PycpgResponse root is of type {root_type}, but {method} got a key "
            f"of {key!r}, which is incompatible."
        )

    # -- typed models ---------------------------------------------------------

    @overload
    def model(self) -> M: ...

    @overload
    def model(self, model_type: type[T]) -> T: ...

    def model(self, model_type: Any = _UNSET) -> Any:
        """Parse the body into this endpoint's model, or into ``model_type``.

        The body bytes are validated once per target type and the result is
        cached. A ``{"data": ...}`` envelope is removed first, as for ``data``.

        Raises:
            PycpgModelError: the body is not JSON or does not fit the model.
        """
        target = self._model_type if model_type is _UNSET else model_type
        if target not in self._models:
            self._models[target] = self._validate(target)
        return self._models[target]

    def _validate(self, target: Any) -> Any:
        try:
            return _adapter(target).validate_json(self._response.content)
        except ValidationError as err:
            name = getattr(target, "__name__", repr(target))
            raise PycpgModelError(
                self._response,
                err.errors(include_url=False, include_input=False, include_context=False),
                f"The {self.status_code} response from {self._response.url} "
                f"does not fit {name}",
            ) from None

