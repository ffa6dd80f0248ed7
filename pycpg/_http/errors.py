"""Turning failed calls into pycpg exceptions, at the transport edge.

- HTTP failures: :func:`raise_pycpg_error` raises the
  :class:`~pycpg.exceptions.PycpgHTTPError` subclass chosen by status code
  (:func:`error_class_for_status`).
- Rate limits: :func:`parse_retry_after` reads how long a ``429`` (or ``503``)
  response asks the caller to wait; it gives
  :attr:`~pycpg.exceptions.PycpgTooManyRequestsError.retry_after` and the waits
  of the retry policy (:mod:`pycpg._http.retry`).
- Transport failures (DNS, refused connections, TLS, proxies, timeouts):
  :func:`wrap_transport_error` returns a
  :class:`~pycpg.exceptions.PycpgTransportError` subclass that is also an instance
  of the ``requests`` exception it wraps, so ``except requests.ConnectionError``
  keeps working. Its message names the call and what to check; the URL and the
  low-level reason are redacted first.

:func:`error_class_for_status`, :func:`raise_pycpg_error` and
:func:`wrap_transport_error` are also importable from :mod:`pycpg.exceptions`,
where pycpg 1.0 scripts look for them; :func:`parse_retry_after` also from
:mod:`pycpg.util`.

This module imports only the layers below it: the exception classes and
redaction.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from datetime import UTC
from typing import Any, NoReturn, cast
from urllib.parse import urlsplit

import requests
import requests.exceptions as rex

from pycpg._redact import redact_text, redact_url
from pycpg.exceptions import (
    PycpgBadRequestError,
    PycpgConflictError,
    PycpgConnectionError,
    PycpgConnectTimeoutError,
    PycpgForbiddenError,
    PycpgHTTPError,
    PycpgInternalServerError,
    PycpgNotFoundError,
    PycpgProxyError,
    PycpgReadTimeoutError,
    PycpgSSLError,
    PycpgTimeoutError,
    PycpgTooManyRequestsError,
    PycpgTransportError,
    PycpgUnauthorizedError,
)

__all__ = ["error_class_for_status", "parse_retry_after", "raise_pycpg_error", "wrap_transport_error"]


# --- status mapping -------------------------------------------------------------

_STATUS_CLASSES: dict[int, type[PycpgHTTPError]] = {
    400: PycpgBadRequestError,
    401: PycpgUnauthorizedError,
    403: PycpgForbiddenError,
    404: PycpgNotFoundError,
    409: PycpgConflictError,
    429: PycpgTooManyRequestsError,
}


def error_class_for_status(status: int) -> type[PycpgHTTPError]:
    """Return the :class:`~pycpg.exceptions.PycpgHTTPError` subclass used for an HTTP status code.

    Args:
        status: the HTTP status code.

    Returns:
        The specific class for 400, 401, 403, 404, 409, 429 and 500-599, otherwise
        :class:`~pycpg.exceptions.PycpgHTTPError` itself.
    """
    if 500 <= status <= 599:
        return PycpgInternalServerError
    return _STATUS_CLASSES.get(status, PycpgHTTPError)


def raise_pycpg_error(http_error: requests.HTTPError) -> NoReturn:
    """Raise the :class:`~pycpg.exceptions.PycpgHTTPError` subclass matching an HTTP error's status.

    Args:
        http_error: a ``requests.HTTPError`` carrying the failed response.

    Raises:
        PycpgHTTPError: always; a subclass chosen by :func:`error_class_for_status`.
            Statuses without a specific class (other 4xx, or >= 600, which
            ``raise_for_status`` does not flag) raise a plain ``PycpgHTTPError``
            (pycpg 1.0 returned ``None`` for them instead of raising).
    """
    response = http_error.response
    status = response.status_code if response is not None else None
    cls = error_class_for_status(status) if isinstance(status, int) else PycpgHTTPError
    raise cls(http_error) from http_error


# --- rate limits ----------------------------------------------------------------


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a ``Retry-After`` header value, or ``None`` if it says nothing usable.

    Args:
        value: the header's value: delta-seconds (``"120"``) or an HTTP date
            (``"Wed, 21 Oct 2015 07:28:00 GMT"``; a date without a zone is read as UTC).
        now: the clock an HTTP date is measured from (POSIX seconds).

    Returns:
        The wait in seconds, never negative (a date in the past gives ``0.0``);
        ``None`` for a missing, blank or unreadable value.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, moment.timestamp() - now())


# --- transport errors -----------------------------------------------------------

# Most specific first: ConnectTimeout is both a ConnectionError and a Timeout, and
# SSLError/ProxyError are ConnectionErrors.
_TRANSPORT_CLASSES: tuple[tuple[type[requests.RequestException], type[PycpgTransportError]], ...] = (
    (rex.SSLError, PycpgSSLError),
    (rex.ProxyError, PycpgProxyError),
    (rex.ConnectTimeout, PycpgConnectTimeoutError),
    (rex.ReadTimeout, PycpgReadTimeoutError),
    (rex.ConnectionError, PycpgConnectionError),
    (rex.Timeout, PycpgTimeoutError),
)


def _transport_message(
    cls: type[PycpgTransportError], method: str, url: str, reason: str
) -> str:
    call = f"{method.upper()} {url}"
    origin = _origin(url)
    if issubclass(cls, PycpgSSLError):
        return (
            f"TLS/SSL error talking to {origin} ({call}): {reason}. Check that the "
            "server certificate is valid for this host, or point verify_ssl_certs at "
            "the CA bundle that signed it."
        )
    if issubclass(cls, PycpgProxyError):
        return (
            f"Could not reach {origin} through the proxy ({call}): {reason}. Check the "
            "proxy address and credentials in your proxy settings."
        )
    if issubclass(cls, PycpgConnectTimeoutError):
        return (
            f"Timed out connecting to {origin} ({call}): {reason}. Check the host "
            "address and your network or proxy settings, or raise the timeout."
        )
    if issubclass(cls, PycpgReadTimeoutError):
        return (
            f"{origin} did not answer in time ({call}): {reason}. Try again later or "
            "raise the timeout."
        )
    if issubclass(cls, PycpgConnectionError):
        return (
            f"Could not connect to {origin} ({call}): {reason}. Check the host address "
            "and your network or proxy settings."
        )
    if issubclass(cls, PycpgTimeoutError):
        return f"Request timed out ({call}): {reason}. Try again later or raise the timeout."
    return (
        f"The request {call} failed before a response was received: {reason}. Check "
        "the URL and your network settings."
    )


def _origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` as written (``url`` itself if it has none)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme and parts.hostname:
        port = f":{parts.port}" if parts.port is not None else ""
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        return f"{parts.scheme}://{host}{port}"
    return url


_COMBINED: dict[tuple[type[Any], type[Any]], type[PycpgTransportError]] = {}


def _combined_class(
    base: type[PycpgTransportError], original: type[requests.RequestException]
) -> type[PycpgTransportError]:
    """A subclass of ``base`` that is also ``original`` (for other requests errors).

    Built once per pair and cached. It reports the module of the public hierarchy
    (:mod:`pycpg.exceptions`), where its base classes live.
    """
    key = (base, original)
    if key not in _COMBINED:
        namespace = {"__module__": base.__module__, "__doc__": base.__doc__}
        try:
            combined = type(f"Pycpg{original.__name__}", (base, original), namespace)
        except TypeError:  # incompatible layout or MRO: fall back to the base class
            combined = base
        _COMBINED[key] = cast(type[PycpgTransportError], combined)
    return _COMBINED[key]


def wrap_transport_error(
    exc: requests.RequestException, method: str, url: str
) -> PycpgTransportError:
    """Wrap a ``requests`` transport exception in the matching pycpg class.

    The result is an instance of both the most specific
    :class:`~pycpg.exceptions.PycpgTransportError` subclass and ``type(exc)``; it
    keeps ``exc.request`` and ``exc.response``. The caller raises it with
    ``raise wrap_transport_error(exc, ...) from exc``.

    Args:
        exc: the exception raised by ``requests``.
        method: the HTTP method of the failed call.
        url: the URL of the failed call (sensitive query values are masked in the
            message).

    Returns:
        The new exception (or ``exc`` itself if it already is a PycpgTransportError).
    """
    if isinstance(exc, PycpgTransportError):
        return exc
    base = next(
        (ours for theirs, ours in _TRANSPORT_CLASSES if isinstance(exc, theirs)),
        PycpgTransportError,
    )
    cls = base if issubclass(base, type(exc)) else _combined_class(base, type(exc))
    safe_url = redact_url(url)
    reason = redact_text(str(exc)) or type(exc).__name__
    message = _transport_message(base, method, safe_url, reason)
    kwargs: dict[str, Any] = {
        "request": exc.request,
        "response": exc.response,
        "method": method.upper(),
        "url": safe_url,
    }
    try:
        return cls(message, **kwargs)
    except Exception:  # an exotic requests subclass whose __init__ we cannot satisfy
        return base(message, **kwargs)
