"""Default messages of the exceptions in :mod:`pycpg.exceptions` that show server data.

Two messages quote what a server sent, and both must stay bounded and free of
secrets whatever it sent:

- :func:`http_error_message`, the default message of a ``PycpgHTTPError``: the
  failed call and the response body, each cut to :data:`HTTP_ERROR_BODY_CHARS`
  characters and redacted;
- :func:`model_error_message`, the message of a ``PycpgModelError``: a summary of
  pydantic's validation errors by location and reason, never by the offending
  input value, which could be a secret. An error that ``PycpgResponse.model``
  located in model terms (the ``subject`` and ``field`` keys it adds to
  pydantic's entries) reads ``Device at computers[3] is missing required field
  'guid'``.

This module sits below :mod:`pycpg.exceptions` (which imports it) and imports only
:mod:`pycpg._redact`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pycpg._redact import redact_text

__all__ = [
    "HTTP_ERROR_BODY_CHARS",
    "MODEL_ERRORS_SHOWN",
    "http_error_message",
    "model_error_message",
    "safe_str",
]

#: At most this many characters of a response body (and of the failed call's
#: description) go into a ``PycpgHTTPError``'s default message.
HTTP_ERROR_BODY_CHARS = 2000

#: How many of pydantic's errors a ``PycpgModelError`` message describes.
MODEL_ERRORS_SHOWN = 3


# --- HTTP errors ------------------------------------------------------------------


def http_error_message(exception: BaseException, response: Any) -> str:
    """The default message of a ``PycpgHTTPError`` built from ``exception``.

    Args:
        exception: the ``requests.HTTPError`` (or pycpg HTTP error) that failed;
            its ``str()`` describes the call.
        response: its response (``None`` when it has none).

    Returns:
        ``"Failure in HTTP call <call>. Response content: <body>"``, both parts cut
        to :data:`HTTP_ERROR_BODY_CHARS` characters and redacted. Takes time linear
        in the body's size; a body that is JSON nested too deeply is shown as text.
    """
    return (
        f"Failure in HTTP call {_shown_text(safe_str(exception))}. "
        f"Response content: {_shown_text(_body_text(response))}"
    )


def _shown_text(text: str) -> str:
    """``text`` cut to :data:`HTTP_ERROR_BODY_CHARS` characters, then redacted.

    Cutting first bounds the cost of redaction whatever the server sent; a secret
    cut in half is still masked (the free-text rules mask an unterminated quoted
    value, or an unclosed object or array, up to the end of the text).
    """
    if len(text) <= HTTP_ERROR_BODY_CHARS:
        return redact_text(text)
    more = len(text) - HTTP_ERROR_BODY_CHARS
    return f"{redact_text(text[:HTTP_ERROR_BODY_CHARS])}… [truncated, {more} more characters]"


def safe_str(value: Any) -> str:
    """``str(value)``, or a placeholder naming its type when ``str()`` fails.

    Exception messages are built from objects callers pass in (test doubles,
    broken responses); building a message must never raise.
    """
    if isinstance(value, str):
        return value
    try:
        text = str(value)
    except Exception as error:
        return f"<{type(value).__name__} that cannot be shown: {type(error).__name__}>"
    return text if isinstance(text, str) else f"<{type(value).__name__}>"


def _body_text(response: Any) -> str:
    if response is None:
        return ""
    try:
        body = response.text
    except Exception as error:  # e.g. a streamed body cut short while it was read
        return f"<the body could not be read: {type(error).__name__}>"
    if isinstance(body, (bytes, bytearray)):
        return bytes(body).decode("utf-8", errors="replace")
    return safe_str(body)


# --- model errors -----------------------------------------------------------------


def model_error_message(
    errors: Sequence[Any], message: str | None = None, shown: int = MODEL_ERRORS_SHOWN
) -> str:
    """The message of a ``PycpgModelError``.

    Args:
        errors: pydantic's error list (``ValidationError.errors()``); entries that
            are not mappings are described as ``invalid value``.
        message: what failed (default: "The response did not match the expected
            model").
        shown: how many errors to describe; the rest are only counted.

    Returns:
        ``message``, the location and reason of the first ``shown`` errors, and
        their number: ``"<message>: <loc>: <reason>; … (N validation errors)"``.
        An entry carrying ``subject`` and ``field`` (strings, added by
        ``PycpgResponse.model``) is told as ``"<subject> is missing required field
        '<field>'"`` for a missing field, ``"<subject>, field '<field>': <reason>"``
        otherwise. A reason that repeats the rejected input is replaced by
        ``invalid value (<error type>)``.
    """
    head = message or "The response did not match the expected model"
    count = len(errors)
    plural = "error" if count == 1 else "errors"
    parts = [_describe_model_error(error) for error in errors[:shown]]
    summary = "; ".join(parts)
    if count > shown:
        summary += f"; and {count - shown} more"
    return (
        f"{head}: {summary} ({count} validation {plural}). The raw payload is still "
        "available as the PycpgResponse's `.data`; this error's `errors` lists every problem."
    )


def _describe_model_error(error: Any) -> str:
    if not isinstance(error, Mapping):
        return "invalid value"
    loc = error.get("loc") or ()
    where = ".".join(str(part) for part in loc) if isinstance(loc, list | tuple) else str(loc)
    kind = str(error.get("type") or "invalid")
    reason = str(error.get("msg") or kind)
    if _echoes_input(reason, error.get("input")):
        reason = f"invalid value ({kind})"
    subject, field = error.get("subject"), error.get("field")
    if isinstance(subject, str) and isinstance(field, str):
        if kind == "missing":
            return f"{subject} is missing required field {field!r}"
        return f"{subject}, field {field!r}: {reason}"
    return f"{where or '<root>'}: {reason}"


def _echoes_input(text: str, value: Any, depth: int = 0) -> bool:
    """Whether ``text`` repeats ``value`` (or a longer string inside it)."""
    if depth == 0 and isinstance(value, str | int | float | bytes) and not isinstance(value, bool):
        shown = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
        return bool(shown) and shown in text
    if depth > 20:
        return False
    if isinstance(value, str):
        return len(value) >= 4 and value in text
    if isinstance(value, Mapping):
        return any(_echoes_input(text, item, depth + 1) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_echoes_input(text, item, depth + 1) for item in value)
    return False
