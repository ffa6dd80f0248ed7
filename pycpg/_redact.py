"""Masking of secrets in JSON values, free text and URLs.

Everything that may end up in an exception message or a log line (response bodies,
request bodies, URLs, ``str()`` of transport errors) goes through these helpers, so
that passwords, tokens, TOTP codes, data-key tokens, archive passwords and
encryption keys are never shown (DESIGN principle 6).

A key is sensitive when, compared case-insensitively and ignoring ``-`` and ``_``,
it is one of :data:`SENSITIVE_KEYS` or ends with one of the suffixes in
:data:`SENSITIVE_SUFFIXES` (so ``archivePassword`` and ``X-Auth-Token`` are caught
too). Paging cursors such as ``pageToken`` are not secrets and are left alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

__all__ = [
    "MASK",
    "SENSITIVE_KEYS",
    "SENSITIVE_SUFFIXES",
    "is_sensitive_key",
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


def redact_json(value: Any) -> Any:
    """Return a deep copy of a JSON-like value with sensitive values masked.

    Values (of any type, including nested objects) stored under a sensitive key
    become ``"***"``; ``None`` stays ``None`` because it reveals nothing and shows
    that no secret was sent. Strings under other keys are passed through
    :func:`redact_text`'s free-text rules, which leave ordinary strings untouched.
    """
    if isinstance(value, Mapping):
        return {
            key: (
                MASK
                if is_sensitive_key(key) and item is not None
                else redact_json(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_json(item) for item in value]
    if isinstance(value, str):
        return _redact_free_text(value)
    return value


def redact_text(text: str) -> str:
    """Mask secrets in a body or message.

    A JSON object or array is parsed, redacted with :func:`redact_json` and dumped
    again (the original text is returned untouched when nothing needed masking).
    Anything else is scanned for ``"key": "value"``, ``key=value``, ``key: value``,
    ``Bearer …``/``Basic …`` credentials and ``user:password@`` in URLs.
    """
    if not text:
        return text
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            parsed = json.loads(text)
        except ValueError:
            pass
        else:
            redacted = redact_json(parsed)
            return text if redacted == parsed else json.dumps(redacted)
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


# --- free-text rules -------------------------------------------------------------

# A value after a sensitive key: a (possibly unterminated) quoted string or a bare
# run of characters up to a delimiter.
_VALUE_RE: Final = re.compile(
    r""""(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[^\s&;,'"<>(){}\[\]]+"""
)

# "key":   or   'key':   (JSON fragments, Python reprs)
_QUOTED_KEY_RE: Final = re.compile(
    r"""(?P<q>["'])(?P<key>[A-Za-z0-9_.-]{1,100})(?P=q)\s*:\s*"""
)

# key=   key:   (query strings, form bodies, headers, log lines)
_BARE_KEY_RE: Final = re.compile(r"""(?<![\w-])(?P<key>[A-Za-z][\w-]{0,99})\s*[=:]\s*""")

# Authorization-scheme credentials.
_SCHEME_RE: Final = re.compile(
    r"""\b(?P<scheme>[Bb]earer|BEARER|[Bb]asic|BASIC)(?P<sep>\s+)(?P<val>[A-Za-z0-9\-._~+/]+=*)"""
)
# Words that follow "Bearer"/"Basic" in prose rather than a credential.
_SCHEME_PROSE: Final = frozenset(
    {"auth", "authentication", "authorization", "token", "tokens", "credentials",
     "realm", "scheme", "header", "is", "or", "and", "the", "a", "an", "for", "with"}
)

# scheme://user:password@host
_URL_USERINFO_RE: Final = re.compile(
    r"(?P<prefix>[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)[^/\s@]+@"
)


def _mask_value(val: str) -> str:
    if val[:1] in ('"', "'"):
        return f"{val[0]}{MASK}{val[0]}"
    return MASK


def _mask_after_keys(text: str, key_re: re.Pattern[str]) -> str:
    """Mask the value following every sensitive key that ``key_re`` finds.

    ``key_re`` consumes only the key and its separator, so the value of a
    non-sensitive key (a URL, say) is still scanned for sensitive keys.
    """
    pieces: list[str] = []
    done = 0
    for match in key_re.finditer(text):
        if match.start() < done or not is_sensitive_key(match.group("key")):
            continue
        value = _VALUE_RE.match(text, match.end())
        if value is None:
            continue
        pieces += [text[done : match.end()], _mask_value(value.group())]
        done = value.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _mask_scheme(match: re.Match[str]) -> str:
    if match.group("val").lower() in _SCHEME_PROSE:
        return match.group(0)
    return f"{match.group('scheme')}{match.group('sep')}{MASK}"


def _redact_free_text(text: str) -> str:
    if not text:
        return text
    text = _URL_USERINFO_RE.sub(lambda m: f"{m.group('prefix')}{MASK}@", text)
    text = _SCHEME_RE.sub(_mask_scheme, text)
    text = _mask_after_keys(text, _QUOTED_KEY_RE)
    return _mask_after_keys(text, _BARE_KEY_RE)
