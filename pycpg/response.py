"""PycpgResponse: pycpg 1.0's response view, plus typed ``.model()`` parsing."""

from __future__ import annotations

import json
import reprlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Generic, overload

import requests
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypeVar

from pycpg._redact import redact_json
from pycpg.exceptions import PycpgError, PycpgIndexError, PycpgKeyError, PycpgModelError

__all__ = ["PycpgResponse"]

M = TypeVar("M", default=Any)
T = TypeVar("T")

_UNSET: Any = object()


def _unwrap_data(value: Any) -> Any:
    """Drop one ``{"data": ...}`` envelope, exactly as pycpg's ``data`` does."""
    if isinstance(value, dict) and "data" in value:
        return value["data"]
    return value


class _Envelope(BaseModel, Generic[T]):
    """``{"data": X, ...siblings}``: the envelope ``model()`` removes."""

    model_config = ConfigDict(extra="ignore")
    data: T


@lru_cache(maxsize=None)
def _adapters(target: Any) -> tuple[TypeAdapter[_Envelope[Any]], TypeAdapter[Any]]:
    # Building a TypeAdapter is costly: one pair per target type, shared by all responses.
    return TypeAdapter(_Envelope[target]), TypeAdapter(target)


def _validate_json(content: bytes, target: Any, strict: bool) -> Any:
    """Validate ``content`` as ``target``, inside a ``data`` envelope if it has one.

    The envelope is tried first (most CrashPlan responses have one) so that the
    whole body is validated in one pass in JSON mode; only a body that has no
    ``data`` key is validated again as the bare payload.
    """
    envelope, bare = _adapters(target)
    if not content.strip():
        # An empty body (a 204) is JSON null for the model: fine for None, an
        # error for anything that expects data.
        return bare.validate_python(None, strict=strict)
    try:
        return envelope.validate_json(content, strict=strict).data
    except ValidationError as error:
        if not _lacks_envelope(error):
            raise
    return bare.validate_json(content, strict=strict)


def _lacks_envelope(error: ValidationError) -> bool:
    for detail in error.errors(include_url=False, include_input=False, include_context=False):
        if detail["loc"] == ("data",) and detail["type"] == "missing":
            return True
        if detail["loc"] == () and detail["type"] in ("model_type", "model_attributes_type"):
            return True
    return False


def _error_location(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Error locations relative to the payload, without the envelope's ``data`` step."""
    return loc[1:] if loc[:1] == ("data",) else loc


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
        except KeyError as err:
            # Still a KeyError for pycpg 1.0 code; also a PycpgError so one except catches all.
            raise PycpgKeyError(f"{key!r} is not in the {self.status_code} response from {self.url}") from err
        except IndexError as err:
            raise PycpgIndexError(f"Index {key!r} is out of range of the response data") from err

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
            data = reprlib.repr(redact_json(self._data_root))
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
    def model(self, *, strict: bool = False) -> M: ...

    @overload
    def model(self, model_type: type[T], *, strict: bool = False) -> T: ...

    def model(self, model_type: Any = _UNSET, *, strict: bool = False) -> Any:
        """Parse the body into this endpoint's model, or into ``model_type``.

        The body bytes are validated once per target type (and strictness) and
        the result is cached. A ``{"data": ...}`` envelope is removed first, as
        for ``data``.

        Args:
            model_type: Parse into this type instead of the endpoint's model.
            strict: Use pydantic's strict mode (no coercion, e.g. a number is
                not accepted where the API documents a string).

        Raises:
            PycpgModelError: the body is not JSON or does not fit the model.
        """
        target = self._model_type if model_type is _UNSET else model_type
        key = (target, strict)
        if key not in self._models:
            self._models[key] = self._validate(target, strict)
        return self._models[key]

    def _validate(self, target: Any, strict: bool) -> Any:
        try:
            return _validate_json(self._response.content, target, strict)
        except ValidationError as err:
            name = getattr(target, "__name__", repr(target))
            errors = err.errors(include_url=False, include_input=False, include_context=False)
            for error in errors:
                error["loc"] = _error_location(error["loc"])
            raise PycpgModelError(
                self._response,
                errors,
                f"The {self.status_code} response from {self._response.url} does not fit {name}",
            ) from None

