"""PycpgResponse: pycpg 1.0's response view, plus typed ``.model()`` parsing."""

from __future__ import annotations

import gc
import json
import reprlib
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, Literal, NoReturn, overload

import requests
import urllib3.exceptions

from pycpg._redact import JSONTooDeepError, load_json, redact_json, redact_text, redact_url
from pycpg.exceptions import (
    PycpgConnectionError,
    PycpgError,
    PycpgIndexError,
    PycpgKeyError,
    PycpgModelError,
    PycpgResponseTooDeepError,
    PycpgStreamConsumedError,
    PycpgTimeoutError,
    PycpgTransportError,
)

if TYPE_CHECKING:  # pydantic is imported by the first .model(), never by ``import pycpg``
    from pydantic import TypeAdapter, ValidationError
    from typing_extensions import TypeVar  # not at run time either: only import time there
else:
    from typing import TypeVar

__all__ = ["LazyType", "PycpgResponse"]

if TYPE_CHECKING:  # a default (PEP 696) is for type checkers; 3.11's typing.TypeVar takes none
    M = TypeVar("M", default=Any)
else:
    M = TypeVar("M")
T = TypeVar("T")
R = TypeVar("R")

_UNSET: Any = object()


class StreamReadTimeout(requests.ReadTimeout, requests.ConnectionError):
    """The server stopped sending a body for longer than the read timeout.

    ``requests`` reports this as a ``requests.ConnectionError`` (wrapping urllib3's
    ``ReadTimeoutError``); this class is both that and a ``requests.ReadTimeout``,
    so that it becomes a :class:`~pycpg.exceptions.PycpgReadTimeoutError` without
    losing the base class callers may already catch.
    """


class StreamCut(requests.exceptions.ChunkedEncodingError, requests.ConnectionError):
    """The connection broke (or the framing was invalid) before the whole body arrived.

    ``requests`` reports this as a ``ChunkedEncodingError`` (for a chunked body and
    for a body shorter than its ``Content-Length`` alike); this class is also a
    ``requests.ConnectionError``, so that it becomes a
    :class:`~pycpg.exceptions.PycpgConnectionError` (a dropped connection).
    """


def _read_failure(exc: BaseException, method: str, url: str) -> PycpgTransportError:
    """The pycpg transport error for ``exc``, raised while a body was being read."""
    if isinstance(exc, PycpgTransportError):
        return exc
    translated: requests.RequestException
    if isinstance(exc, requests.RequestException):
        cause = exc.args[0] if exc.args else None
        kwargs: dict[str, Any] = {"request": exc.request, "response": exc.response}
        if isinstance(exc, requests.ConnectionError) and isinstance(cause, urllib3.exceptions.ReadTimeoutError):
            translated = exc if isinstance(exc, requests.Timeout) else StreamReadTimeout(*exc.args, **kwargs)
        elif isinstance(exc, requests.exceptions.ChunkedEncodingError) and not isinstance(
            exc, requests.ConnectionError
        ):
            translated = StreamCut(*exc.args, **kwargs)
        else:
            translated = exc
    elif isinstance(exc, urllib3.exceptions.ReadTimeoutError | TimeoutError):
        translated = StreamReadTimeout(exc)
    else:  # another urllib3 or socket failure that requests did not translate
        translated = StreamCut(exc)
    # Imported here, not at the top: importing pycpg._http loads modules that import this one.
    from pycpg._http.errors import wrap_transport_error

    error = wrap_transport_error(translated, method, url)
    call = f"{method.upper()} {error.url or redact_url(url)}"
    reason = redact_text(str(exc))[:500].rstrip(".") or type(exc).__name__
    if isinstance(error, PycpgTimeoutError):
        message = (
            f"The server stopped sending the body of {call} for longer than the read "
            f"timeout: {reason}. Try again later or raise the timeout."
        )
    elif isinstance(error, PycpgConnectionError):
        message = (
            f"The body of {call} could not be read to its end: {reason}. The connection "
            "broke or the server sent malformed data; try again."
        )
    else:  # e.g. a body that does not decompress, or a stream read twice
        message = f"Reading the body of {call} failed: {reason}."
    error.args = (message,)
    return error


def _unwrap_data(value: Any) -> Any:
    """Drop one ``{"data": ...}`` envelope, exactly as pycpg's ``data`` does."""
    if isinstance(value, dict) and "data" in value:
        return value["data"]
    return value


class LazyType(Generic[T]):
    """A model type that is imported only when a response is parsed into it.

    Services name each endpoint's model as ``LazyType(lambda: models.Device)``:
    the response is typed ``PycpgResponse[Device]`` for mypy, but neither pydantic
    nor the model is imported until the first ``.model()``, so code that reads
    responses as dicts never pays for building the models.
    """

    __slots__ = ("_load",)

    def __init__(self, load: Callable[[], type[T]]) -> None:
        self._load = load

    def resolve(self) -> type[T]:
        """The model type (imported on the first call)."""
        return self._load()

    def __repr__(self) -> str:
        return f"<LazyType {self._load!r}>"

    def __reduce__(self) -> tuple[Callable[[type[T]], type[T]], tuple[type[T]]]:
        # A pickled (or deep-copied) response keeps working: the lambda cannot be
        # pickled, so the copy holds the model type itself.
        return _loaded, (self.resolve(),)


def _loaded(model_type: type[T]) -> type[T]:
    """What an unpickled :class:`LazyType` becomes: the model type it named."""
    return model_type


@lru_cache(maxsize=None)
def _envelope() -> Any:
    """``{"data": X, ...siblings}``: the envelope ``model()`` removes (built on first use)."""
    from pydantic import BaseModel, ConfigDict

    class _Envelope(BaseModel, Generic[T]):
        model_config = ConfigDict(extra="ignore")
        data: T

    return _Envelope


@lru_cache(maxsize=None)
def _adapters(target: Any) -> tuple[TypeAdapter[Any], TypeAdapter[Any]]:
    # Building a TypeAdapter is costly: one pair per target type, shared by all responses.
    from pydantic import TypeAdapter

    return TypeAdapter(_envelope()[target]), TypeAdapter(target)


_gc_lock = threading.Lock()
_gc_pauses = 0  # validations running with the cyclic garbage collector paused
_gc_resume = False  # whether the collector was on when the first of them began


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one body is validated.

    A page becomes tens of thousands of new container objects (models, their
    ``__dict__``, sets, lists); with the collector on, each 700 of them start a
    young-generation pass, and every tenth of those an older-generation pass over
    everything the program keeps. Paused, the new objects are looked at once, by
    the first collection after the validation. Measured on a 500-device page
    (shared machine, medians): 46-63 ms -> 30-34 ms per page when the pages are
    kept (``list(iter_all())``, ``get_all``), no change when each page is dropped
    before the next. The collector is never left off: the last of overlapping
    validations (threads) turns it back on, and only if it was on before the
    first began; a program that switches it off meanwhile sees it on again.
    """
    global _gc_pauses, _gc_resume
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_resume = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_resume:
                gc.enable()


def _validate_json(content: bytes, target: Any, strict: bool) -> Any:
    """Validate ``content`` as ``target``, inside a ``data`` envelope if it has one.

    The envelope is tried first (most CrashPlan responses have one) so that the
    whole body is validated in one pass in JSON mode; only a body that has no
    ``data`` key is validated again as the bare payload. The garbage collector
    is paused meanwhile (see :func:`_collector_paused`).
    """
    from pydantic import ValidationError

    envelope, bare = _adapters(target)
    if not content.strip():
        # An empty body (a 204) is JSON null for the model: fine for None, an
        # error for anything that expects data.
        return bare.validate_python(None, strict=strict)
    with _collector_paused():
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


def _located(target: Any, loc: tuple[int | str, ...]) -> tuple[str, str] | None:
    """``(subject, field)`` of an error location in model terms (see ``describe_location``)."""
    from pycpg.models._locations import describe_location

    try:
        return describe_location(target, loc)
    except Exception:  # a message detail must never hide the validation error itself
        return None


def _target_name(target: Any) -> str:
    from pycpg.models._locations import type_name

    try:
        return type_name(target)
    except Exception:  # same reason
        return repr(target)


class PycpgResponse(Generic[M]):
    """A CrashPlan API response.

    Behaves like pycpg 1.0's response: ``data`` is the JSON body with one ``data``
    envelope removed, the object is subscriptable, and ``text``/``raw_text``/
    ``status_code`` and friends mirror ``requests.Response``. ``model()`` parses
    the body into the endpoint's pydantic model.
    """

    def __init__(self, requests_response: requests.Response, model_type: Any = Any) -> None:
        # ``model_type`` may be a :class:`LazyType`, resolved by the first ``model()``.
        self._response = requests_response
        self._model_type = model_type
        self._root: Any = _UNSET
        self._too_deep = False
        self._read_error: PycpgTransportError | None = None
        self._models: dict[Any, Any] = {}

    # -- pycpg 1.0 view -------------------------------------------------------

    @property
    def _data_root(self) -> Any:
        # Parsed once and cached, falsy values included (pycpg re-parsed those on
        # every access).
        if self._root is _UNSET:
            if self._too_deep:
                raise PycpgResponseTooDeepError(self._response, redact_url(self.url or ""))
            text = self._read(lambda: self._response.text)
            try:
                self._root = _unwrap_data(load_json(text))
            except JSONTooDeepError:
                self._too_deep = True
                raise PycpgResponseTooDeepError(self._response, redact_url(self.url or "")) from None
            except ValueError:
                self._root = text or ""
        return self._root

    def _read(self, read: Callable[[], R]) -> R:
        """Run ``read`` (which reads the body), turning read failures into pycpg errors.

        A streamed body can fail part way (connection cut, server stalled); the
        ``requests``/urllib3 error becomes the matching
        :class:`~pycpg.exceptions.PycpgTransportError` (still an instance of the
        ``requests`` class). A broken connection or a timeout is remembered:
        reading again raises it again rather than returning a truncated body.
        """
        if self._read_error is not None:
            raise self._read_error
        try:
            return read()
        except PycpgError:
            raise
        except (requests.exceptions.StreamConsumedError, RuntimeError) as exc:
            if not isinstance(exc, requests.exceptions.StreamConsumedError) and "already consumed" not in str(exc):
                raise
            raise PycpgStreamConsumedError(redact_url(self.url or "")) from exc
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            error = self._wrap_read_error(exc)
            if isinstance(error, PycpgConnectionError | PycpgTimeoutError):
                self._read_error = error  # the stream is broken: never hand out part of it
            raise error from exc

    def _wrap_read_error(self, exc: BaseException) -> PycpgTransportError:
        request = getattr(self._response, "request", None)
        method = getattr(request, "method", None) or "GET"
        return _read_failure(exc, method, self.url or "")

    @property
    def data(self) -> Any:
        """The JSON body, with one top-level ``data`` envelope removed.

        Raises:
            PycpgResponseTooDeepError: the body is JSON nested too deeply to
                be parsed (about 1,000 levels, Python's recursion limit).
            PycpgTransportError: a streamed body could not be read to its end.
        """
        return self._data_root

    @property
    def text(self) -> str:
        """``data`` serialised as JSON (or the string itself when it is a string)."""
        root = self._data_root
        if isinstance(root, str):
            return root
        try:
            return json.dumps(root)
        except RecursionError:  # parsed, but too deep to serialise again
            raise PycpgResponseTooDeepError(self._response, redact_url(self.url or "")) from None

    @property
    def raw_text(self) -> str:
        """The body text exactly as received."""
        return self._read(lambda: self._response.text)

    @property
    def content(self) -> bytes:
        """The body bytes exactly as received."""
        return self._read(lambda: self._response.content)

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

    @overload
    def iter_content(self, chunk_size: int | None = 1, decode_unicode: Literal[False] = False) -> Iterator[bytes]: ...

    @overload
    def iter_content(self, chunk_size: int | None = 1, decode_unicode: bool = False) -> Iterator[bytes | str]: ...

    def iter_content(self, chunk_size: int | None = 1, decode_unicode: bool = False) -> Iterator[Any]:
        """Iterate over the body, as ``requests.Response.iter_content``: ``bytes`` chunks
        (``str`` only with ``decode_unicode`` and a known encoding).

        Raises (when called, or from any step of the iteration):
            PycpgTransportError: the body could not be read to its end: a
                ``PycpgConnectionError`` that is also a
                ``requests.exceptions.ChunkedEncodingError`` for a connection cut
                mid-body, a ``PycpgReadTimeoutError`` (also a
                ``requests.ConnectionError``, as requests raises today) for a
                server that stopped sending.
        """
        chunks = self._read(
            lambda: self._response.iter_content(chunk_size=chunk_size, decode_unicode=decode_unicode)
        )
        return self._guarded(chunks)

    def _guarded(self, chunks: Iterator[Any]) -> Iterator[Any]:
        while True:
            chunk = self._read(lambda: next(chunks, _UNSET))
            if chunk is _UNSET:
                return
            yield chunk

    def __getitem__(self, key: Any) -> Any:
        try:
            return self._data_root[key]
        except TypeError as err:
            raise PycpgError(self._type_message("__getitem__", key)) from err
        except KeyError as err:
            # Still a KeyError for pycpg 1.0 code; also a PycpgError so one except catches all.
            raise PycpgKeyError(
                f"{key!r} is not in the {self.status_code} response from {redact_url(self.url or '')}"
            ) from err
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
        try:
            return str(self._data_root)
        except RecursionError:  # parsed, but too deep to print
            raise PycpgResponseTooDeepError(self._response, redact_url(self.url or "")) from None

    def __repr__(self) -> str:
        # Never raises: a body that cannot be shown gets a placeholder.
        if self._is_unread_stream():
            data = "'<streamed>'"
        else:
            try:
                data = reprlib.repr(redact_json(self._data_root))
            except PycpgResponseTooDeepError:
                data = "'<nested too deeply>'"
            except PycpgError:
                data = "'<unreadable>'"
        return f"<PycpgResponse [status={self.status_code}, data={data}]>"

    def _is_unread_stream(self) -> bool:
        # requests keeps ``_content`` False until a body is read into memory; a
        # stream consumed with iter_content stays that way, so repr never forces
        # a read (pycpg 1.0 raised RuntimeError there).
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
            PycpgModelError: the body is not JSON, is nested too deeply (pydantic
                refuses JSON nested more than 200 levels), or does not fit the model.
            PycpgTransportError: a streamed body could not be read to its end.
        """
        if isinstance(self._model_type, LazyType) and model_type is _UNSET:
            self._model_type = self._model_type.resolve()
        target = self._model_type if model_type is _UNSET else model_type
        key = (target, strict)
        if key not in self._models:
            self._models[key] = self._validate(target, strict)
        return self._models[key]

    def _validate(self, target: Any, strict: bool) -> Any:
        """Validate the body as ``target``; a failure is a :class:`PycpgModelError`.

        The error's message names the call (method and path), the target, and for
        each error the model and item that hold the failing field:
        ``GET /api/v1/Computer (200 response, parsed as DevicePage): Device at
        computers[3] is missing required field 'guid' (1 validation error)``. Its
        ``errors`` are pydantic's, located relative to the payload (without the
        ``data`` envelope), plus ``subject``/``field`` keys where the location
        runs through a model.
        """
        from pydantic import ValidationError

        content = self.content
        try:
            return _validate_json(content, target, strict)
        except ValidationError as err:
            errors: list[dict[str, Any]] = []
            for detail in err.errors(include_url=False, include_input=False, include_context=False):
                error: dict[str, Any] = dict(detail)
                error["loc"] = _error_location(detail["loc"])
                located = _located(target, error["loc"])
                if located is not None:
                    error["subject"], error["field"] = located
                errors.append(error)
            raise PycpgModelError(
                self._response,
                errors,
                f"{self._call()} ({self.status_code} response, parsed as {_target_name(target)})",
            ) from None

    def _call(self) -> str:
        """``"GET /api/v1/Computer"``: the request's method and (redacted) path."""
        request = getattr(self._response, "request", None)
        method = str(getattr(request, "method", None) or "GET").upper()
        path = urllib.parse.urlsplit(redact_url(self.url or "")).path
        return f"{method} {path}" if path else method


# -- bodies that are not JSON ---------------------------------------------------

__all__ += ["NoModel", "PycpgStreamResponse", "PycpgTextResponse"]


class NoModel:
    """What ``.model`` is on a :class:`PycpgTextResponse` (CSV/CEF text, not JSON).

    For mypy it cannot be called, so ``page.model()`` on a text page fails the
    type check (``"NoModel" not callable``). Called anyway (untyped code), it
    raises :class:`~pycpg.exceptions.PycpgError` saying how to read the page instead.
    """

    __slots__ = ("_message",)

    def __init__(self, message: str) -> None:
        self._message = message

    def __repr__(self) -> str:
        return f"<NoModel: {self._message}>"

    if not TYPE_CHECKING:  # hidden from mypy: calling it is the type error

        def __call__(self, *args: Any, **kwargs: Any) -> NoReturn:
            raise PycpgError(self._message)


class PycpgTextResponse(PycpgResponse[NoModel]):
    """A page of CSV or CEF text (``sdk.auditlogs.get_page(format="CSV")``).

    Reads like any :class:`PycpgResponse` (``text``, ``data``, ``content``,
    ``iter_content``) but has no ``.model()``: for typed events ask for JSON
    (the default format) or use ``sdk.auditlogs.iter_all``.
    """

    def __init__(self, requests_response: requests.Response) -> None:
        super().__init__(requests_response, NoModel)

    @property
    def model(self) -> NoModel:  # type: ignore[override]  # deliberately not callable
        """Not available: the page is text. Calling it raises :class:`~pycpg.exceptions.PycpgError`."""
        return NoModel(
            f"The {self.status_code} response from {redact_url(self.url or '')} is CSV or CEF text, "
            "not JSON: it has no model. Read the text with .text, or ask for JSON (the default "
            "format) to get a typed page."
        )


class PycpgStreamResponse(PycpgResponse[None]):
    """A streamed restore result: one file's bytes, or a zip of several files.

    Read it with ``iter_content(chunk_size)``, which yields ``bytes``;
    ``content`` loads it all into memory. The body is not JSON: ``.model()``
    is ``None`` for an empty body and raises
    :class:`~pycpg.exceptions.PycpgModelError` otherwise.
    """

    def __init__(self, requests_response: requests.Response) -> None:
        super().__init__(requests_response, type(None))
