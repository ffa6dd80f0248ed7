"""Masking of secrets in JSON values, free text and URLs.

Everything that may end up in an exception message or a log line (response bodies,
request bodies, URLs, ``str()`` of transport errors) goes through these helpers, so
that passwords, tokens, TOTP codes, data-key tokens, archive passwords and
encryption keys are never shown.

A key is sensitive when, compared case-insensitively and ignoring ``-`` and ``_``,
it is one of :data:`SENSITIVE_KEYS` or ends with one of the suffixes in
:data:`SENSITIVE_SUFFIXES` (so ``archivePassword`` and ``X-Auth-Token`` are caught
too). Paging cursors such as ``pageToken`` are not secrets and are left alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

__all__ = [
    "CIRCULAR",
    "JSONTooDeepError",
    "MASK",
    "MAX_JSON_DEPTH",
    "SENSITIVE_KEYS",
    "SENSITIVE_SUFFIXES",
    "TOO_DEEP",
    "is_sensitive_key",
    "json_too_deep",
    "load_json",
    "mask_sensitive_keys",
    "redact_json",
    "redact_text",
    "redact_url",
]

MASK: Final = "***"

#: Key names whose values are always masked (matched case-insensitively).
SENSITIVE_KEYS: Final[frozenset[str]] = frozenset(
    {
        "password",
        "newpassword",
        "oldpassword",
        "currentpassword",
        "privatepassword",
        "archivepassword",
        "passwd",
        "passphrase",
        "encryptionkey",
        "customkey",
        "privatekey",
        "apikey",
        "datakeytoken",
        "v3_user_token",
        "access_token",
        "refresh_token",
        "id_token",
        "token",
        "secret",
        "client_secret",
        "totp",
        "totp-auth",
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
    }
)

#: Any key whose normalised name ends with one of these is sensitive too.
SENSITIVE_SUFFIXES: Final[tuple[str, ...]] = (
    "password",
    "passwd",
    "passwordhash",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "encryptionkey",
)

# Cursors and descriptors that merely look like secrets by name.
_NOT_SENSITIVE: Final = frozenset({"pagetoken", "nextpagetoken", "tokentype"})


def _normalise(key: str) -> str:
    return key.lower().replace("-", "").replace("_", "")


_SENSITIVE_NORMALISED: Final = frozenset(_normalise(k) for k in SENSITIVE_KEYS)


def is_sensitive_key(key: object) -> bool:
    """Tell whether values stored under ``key`` must be masked."""
    if not isinstance(key, str):
        return False
    name = _normalise(key.strip())
    if not name or name in _NOT_SENSITIVE:
        return False
    return name in _SENSITIVE_NORMALISED or name.endswith(SENSITIVE_SUFFIXES)


@lru_cache(maxsize=1024)
def _is_sensitive_short_key(key: str) -> bool:
    # The free-text rules ask about every key-like word of a text, usually the
    # same few again and again; their keys are at most 100 characters.
    return is_sensitive_key(key)


def redact_json(value: Any) -> Any:
    """Return a deep copy of a JSON-like value with sensitive values masked.

    Values (of any type, including nested objects) stored under a sensitive key
    become ``"***"``; ``None`` stays ``None`` because it reveals nothing and shows
    that no secret was sent. Strings under other keys are passed through
    :func:`redact_text`'s free-text rules, which leave ordinary strings untouched.

    The copy is built without recursion, so any depth is accepted: an object or
    array nested more than :data:`MAX_JSON_DEPTH` levels deep is replaced by the
    string :data:`TOO_DEEP` (and a container that contains itself by
    :data:`CIRCULAR`), so that the result can always be printed or dumped.
    """
    return _redact_tree(value)[0]


def mask_sensitive_keys(value: Any) -> Any:
    """Like :func:`redact_json`, but strings under other keys are kept as they are.

    Only values stored under a sensitive key (at any depth) are masked, so the
    result is the same data minus its secrets; used where data is handed back
    to the caller (model dumps) rather than shown in a log line. Returns
    ``value`` itself when there is nothing to mask.
    """
    masked, changed = _redact_tree(value, strings=False)
    return masked if changed else value


def redact_text(text: str) -> str:
    """Mask secrets in a body or message.

    A JSON object or array is parsed, redacted with :func:`redact_json` and dumped
    again (the original text is returned untouched when nothing needed masking).
    Anything else (including JSON too deep to parse, and JSON cut short) is scanned for ``"key": "value"``, ``key=value``,
    ``key: value``, ``Bearer …``/``Basic …`` credentials and ``user:password@`` in
    URLs. A value after a sensitive key is masked up to its delimiter, its closing
    quote or bracket, or the end of the text when it is not closed.

    Every rule runs in time linear in the length of ``text``.
    """
    if not text:
        return text
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            parsed = load_json(text)
        except ValueError:  # not JSON, or JSON nested too deeply
            pass
        else:
            redacted, changed = _redact_tree(parsed)
            return json.dumps(redacted) if changed else text
    return _redact_free_text(text)


def redact_url(url: str) -> str:
    """Mask the password of ``user:password@`` and sensitive query values in a URL."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, hostport = netloc.rpartition("@")
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}:{MASK}@{hostport}" if ":" in userinfo else f"{MASK}@{hostport}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(is_sensitive_key(key) for key, _ in pairs):
                query = "&".join(
                    f"{quote(key, safe='')}="
                    + (MASK if is_sensitive_key(key) else quote(val, safe=""))
                    for key, val in pairs
                )
        fragment = _redact_free_text(parts.fragment)
        return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))
    except ValueError:
        return _redact_free_text(url)


# --- JSON depth ------------------------------------------------------------------

#: Objects and arrays nested deeper than this many levels are cut short by
#: :func:`redact_json` (and refused in sign-in and discovery bodies). Real
#: CrashPlan bodies are a dozen levels deep at most; 200 is also the depth
#: pydantic refuses when it parses JSON for ``PycpgResponse.model()``.
MAX_JSON_DEPTH: Final = 200

#: What :func:`redact_json` puts in place of a value nested too deeply.
TOO_DEEP: Final = "<nested too deeply>"

#: What :func:`redact_json` puts in place of a container that contains itself.
CIRCULAR: Final = "<circular reference>"


class JSONTooDeepError(ValueError):
    """JSON text is nested too deeply for Python's parser."""


def load_json(text: str | bytes) -> Any:
    """``json.loads`` that never raises ``RecursionError``.

    Python's parser refuses JSON nested about as deep as the recursion limit
    (some 1,000 levels); that refusal becomes :class:`JSONTooDeepError`. No
    extra walk over the result is made, so parsing costs what ``json.loads``
    costs; code that recurses over the result itself (``str``, ``json.dumps``,
    :func:`redact_json` is iterative) must handle depth on its own.

    Raises:
        JSONTooDeepError: the JSON is nested too deeply to be parsed.
        ValueError: the text is not JSON (``json.JSONDecodeError``, or a
            ``UnicodeDecodeError`` for bytes).
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise JSONTooDeepError("JSON nested too deeply to be parsed") from None


def json_too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether objects/arrays in ``value`` are nested more than ``limit`` levels (no recursion)."""
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return False


def _is_container(value: Any) -> bool:
    return isinstance(value, Mapping | list | tuple)


def _redact_tree(value: Any, strings: bool = True) -> tuple[Any, bool]:
    """:func:`redact_json`'s copy, and whether it differs from ``value``.

    ``strings=False`` leaves strings alone (only values under sensitive keys,
    and containers nested too deeply or in a cycle, are replaced).

    Iterative: a work stack holds (source, copy, depth) for every container still
    to be filled, plus markers that take a container off the current path (for
    cycle detection) once all of its children are done.
    """
    changed = False

    def leaf(item: Any) -> Any:
        nonlocal changed
        if strings and isinstance(item, str):
            masked = _redact_free_text(item)
            if masked is not item and masked != item:
                changed = True
            return masked
        return item

    if not _is_container(value):
        masked = leaf(value)
        return masked, changed

    def empty(source: Any) -> dict[Any, Any] | list[Any]:
        return {} if isinstance(source, Mapping) else []

    root = empty(value)
    on_path: set[int] = set()
    stack: list[tuple[Any, Any, int] | int] = [(value, root, 1)]

    def child(item: Any, depth: int) -> Any:
        nonlocal changed
        if not _is_container(item):
            return leaf(item)
        if id(item) in on_path:
            changed = True
            return CIRCULAR
        if depth > MAX_JSON_DEPTH:
            changed = True
            return TOO_DEEP
        copy = empty(item)
        stack.append((item, copy, depth))
        return copy

    while stack:
        task = stack.pop()
        if isinstance(task, int):
            on_path.discard(task)
            continue
        source, target, depth = task
        on_path.add(id(source))
        stack.append(id(source))  # leave the path once the children are done
        if isinstance(source, Mapping):
            for key, item in source.items():
                if item is not None and is_sensitive_key(key):
                    target[key] = MASK
                    changed = True
                else:
                    target[key] = child(item, depth + 1)
        else:
            for item in source:
                target.append(child(item, depth + 1))
    return root, changed


# --- free-text rules -------------------------------------------------------------
#
# Every pattern below is tried at (up to) every position of a text that may be a
# megabyte of hostile server output, so none may scan an unbounded run from each
# of many start positions: runs are either bounded ({0,99}), or reachable from
# one start only (a run right after a literal such as "Bearer" or "://"), or
# the pattern is only matched at one known position (_VALUE_RE).

# Characters that end a bare (unquoted) value.
_BARE_VALUE = r"""[^\s&;,'"<>(){}\[\]]+"""

# A value after a sensitive key: a (possibly unterminated) quoted string or a bare
# run of characters up to a delimiter. Matched only at the end of a key match.
_VALUE_RE: Final = re.compile(
    r""""[^"\\]*(?:\\.[^"\\]*)*"?|'[^'\\]*(?:\\.[^'\\]*)*'?|""" + _BARE_VALUE
)

# Tokens of a bracketed value ({...} or [...]): runs without brackets or quotes,
# runs of opening or of closing brackets, or a (possibly unterminated) quoted string.
_BRACKET_TOKEN_RE: Final = re.compile(
    r"""[^\[\]{}"']+|[\[{]+|[\]}]+|"[^"\\]*(?:\\.[^"\\]*)*"?|'[^'\\]*(?:\\.[^'\\]*)*'?"""
)

# "key":   or   'key':   (JSON fragments, Python reprs)
_QUOTED_KEY_RE: Final = re.compile(
    r"""(?P<q>["'])(?P<key>[A-Za-z0-9_.-]{1,100})(?P=q)\s*:\s*"""
)

# key=   key:   (query strings, form bodies, headers, log lines)
_BARE_KEY_RE: Final = re.compile(r"""(?<![\w-])(?P<key>[A-Za-z][\w-]{0,99})\s*[=:]\s*""")

# The start of a bare credential that is really "key=value"/"key: value".
_KEYISH_RE: Final = re.compile(r"""(?P<key>[A-Za-z][\w-]{0,99})\s*[=:]""")

# Authorization-scheme credentials.
_SCHEME_RE: Final = re.compile(
    r"""\b(?P<scheme>[Bb]earer|BEARER|[Bb]asic|BASIC)(?P<sep>\s+)(?P<val>""" + _BARE_VALUE + ")"
)
# Words that follow "Bearer"/"Basic" in prose rather than a credential.
_SCHEME_PROSE: Final = frozenset(
    {"auth", "authentication", "authorization", "token", "tokens", "credentials",
     "realm", "scheme", "header", "is", "or", "and", "the", "a", "an", "for", "with"}
)

# scheme://user:password@host. The scheme is at most 32 characters (real ones
# are short), so that a long run of letters is not rescanned from each of its
# positions; a longer run before "://" still matches on its last 32 characters,
# and the userinfo is masked all the same.
_URL_USERINFO_RE: Final = re.compile(
    r"(?P<prefix>[A-Za-z][A-Za-z0-9+.-]{0,31}://[^/\s:@]*:)[^/\s@]+@"
)


def _mask_value(val: str) -> str:
    if val[:1] in ('"', "'"):
        return f"{val[0]}{MASK}{val[0]}"
    return MASK


def _bracketed_end(text: str, start: int) -> int:
    """End of the bracketed value opening at ``start``: after its closing bracket,
    or the end of ``text`` when it is not closed (a body cut short)."""
    depth = 0
    for token in _BRACKET_TOKEN_RE.finditer(text, start):
        first = text[token.start()]
        if first in "[{":
            depth += token.end() - token.start()
        elif first in "]}":
            if token.end() - token.start() >= depth:
                return token.start() + depth
            depth -= token.end() - token.start()
    return len(text)


def _mask_after_keys(text: str, key_re: re.Pattern[str]) -> str:
    """Mask the value following every sensitive key that ``key_re`` finds.

    ``key_re`` consumes only the key and its separator, so the value of a
    non-sensitive key (a URL, say) is still scanned for sensitive keys. A key
    inside a value that was just masked still has the value after it masked
    when that value lies beyond the masked one.
    """
    pieces: list[str] = []
    done = 0
    for match in key_re.finditer(text):
        if match.end() < done or not _is_sensitive_short_key(match.group("key")):
            continue
        at = match.end()
        if text[at : at + 1] in ("{", "["):
            end = _bracketed_end(text, at)
            masked = MASK
        else:
            value = _VALUE_RE.match(text, at)
            if value is None:
                continue
            end = value.end()
            masked = _mask_value(value.group())
        pieces += [text[done:at], masked]
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _mask_scheme(match: re.Match[str]) -> str:
    val = match.group("val")
    if val.lower().rstrip(".:!?") in _SCHEME_PROSE:
        return match.group(0)
    keyish = _KEYISH_RE.match(val)
    if keyish is not None and _is_sensitive_short_key(keyish.group("key")):
        # "Bearer password=…": the key rules mask the value after the key.
        return match.group(0)
    return f"{match.group('scheme')}{match.group('sep')}{MASK}"


def _redact_free_text(text: str) -> str:
    if not text:
        return text
    text = _URL_USERINFO_RE.sub(lambda m: f"{m.group('prefix')}{MASK}@", text)
    text = _SCHEME_RE.sub(_mask_scheme, text)
    text = _mask_after_keys(text, _QUOTED_KEY_RE)
    return _mask_after_keys(text, _BARE_KEY_RE)
