"""Ids and names in URL paths: checked, then percent-encoded as one path segment.

Ids reach the SDK from callers (often read from CSV files or other systems) and
from server responses. Formatted straight into a path, ``"../ComputerBlock/7"``
would reach another endpoint (dot segments are removed before sending), ``""``
would turn a single-item read into a list read, and a CR/LF would reach the
request line. So every value that goes into a path goes through
:func:`path_segment` (or :func:`api_path`, which fills a path template), and a
value that cannot be one path segment raises
:class:`~pycpg.exceptions.PycpgInvalidIdError` before anything is sent.
"""

from __future__ import annotations

import re
from typing import NoReturn
from urllib.parse import quote

from pycpg.exceptions import PycpgInvalidIdError

__all__ = ["api_path", "id_text", "path_segment"]

# Characters an id may never contain: path separators, control characters (Unicode
# category Cc: U+0000-U+001F, U+007F-U+009F, which include every ASCII line break
# and NEL), the line and paragraph separators, and lone surrogates (no UTF-8 form).
_FORBIDDEN = re.compile("[/\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_DOT_SEGMENTS = frozenset({".", ".."})
_MAX_INT_BITS = 128  # far above any CrashPlan id; keeps int -> text cheap
_SHOWN_CHARS = 100
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_RULE = "an id must be an int or a non-blank string without '/', '\\', control characters or line breaks"


def id_text(value: object, name: str) -> str:
    """``value`` as the text of one path segment, checked but not encoded.

    Use it for an id read from a server response that is kept and passed on
    (``str(value)`` would turn ``None`` into ``"None"``).

    Args:
        value: A ``str`` or an ``int`` (not a ``bool``).
        name: What the value is (a parameter name), for the error message.

    Raises:
        PycpgInvalidIdError: ``value`` is another type, is empty or blank, is
            ``.`` or ``..``, or contains ``/``, ``\\``, a control character,
            a line break or a lone surrogate.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        _reject(name, value, f"is a {type(value).__name__}, not a str or int")
    if isinstance(value, int):
        if value.bit_length() > _MAX_INT_BITS:
            _reject(name, value, "is too large for an id")
        return int.__repr__(value)  # the digits, also for int subclasses such as IntEnum
    text = str.__str__(value)  # the characters, also for str subclasses with their own __str__
    if not text.strip():
        _reject(name, value, "is empty or blank")
    if text in _DOT_SEGMENTS:
        _reject(name, value, "is a relative path step")
    found = _FORBIDDEN.search(text)
    if found is not None:
        _reject(name, value, f"contains {found.group()!r} at index {found.start()}")
    return text


def path_segment(value: object, name: str) -> str:
    """``value`` checked by :func:`id_text` and percent-encoded as one URL path segment.

    Everything but ASCII letters, digits and ``-._~`` is encoded (``?``, ``#``,
    ``%``, spaces, non-ASCII as UTF-8), so the result can neither leave its
    segment nor start a query or fragment; integers become their digits.

    Raises:
        PycpgInvalidIdError: as :func:`id_text`.
    """
    return quote(id_text(value, name), safe="")


def api_path(template: str, /, **ids: object) -> str:
    """Fill a path template such as ``"/api/v1/Computer/{device_id}"``.

    Each ``{name}`` is replaced by ``path_segment(ids[name], name)``; the
    template itself is the SDK's own text and is not changed otherwise.

    Raises:
        PycpgInvalidIdError: an id cannot be one path segment.
        KeyError: the template names an id that was not given (a bug in the caller).
        TypeError: an id was given that the template does not use (a bug in the caller).
    """
    used = _PLACEHOLDER.findall(template)
    unused = set(ids).difference(used)
    if unused:
        raise TypeError(f"api_path: {sorted(unused)} not used by the template {template!r}")
    segments = {name: path_segment(ids[name], name) for name in used}
    return _PLACEHOLDER.sub(lambda match: segments[match.group(1)], template)


def _reject(name: str, value: object, reason: str) -> NoReturn:
    raise PycpgInvalidIdError(f"Invalid {name}: {_shown(value)} {reason}; {_RULE}.")


def _shown(value: object) -> str:
    """A ``repr`` of ``value`` of at most about ``_SHOWN_CHARS`` characters."""
    if isinstance(value, (str, bytes, bytearray)) and len(value) > _SHOWN_CHARS:
        return f"{value[:_SHOWN_CHARS]!r}... ({len(value)} long)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _MAX_INT_BITS:
        return f"an int of {value.bit_length()} bits"
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= _SHOWN_CHARS else f"{text[:_SHOWN_CHARS]}..."
