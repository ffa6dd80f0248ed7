"""RFC 6238 time-based one-time passwords (HMAC-SHA1), as CrashPlan's 2FA uses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def _decode_secret(secret: str) -> bytes:
    """Decode a base32 secret; case, spaces and missing padding are tolerated."""
    cleaned = secret.replace(" ", "").upper().rstrip("=")
    padding = "=" * (-len(cleaned) % 8)
    return base64.b32decode(cleaned + padding)


def hotp_code(key: bytes, counter: int, digits: int = 6) -> str:
    """Compute the RFC 4226 HOTP value of ``counter`` under ``key``."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    (value,) = struct.unpack(">I", mac[offset : offset + 4])
    return str((value & 0x7FFFFFFF) % (10**digits)).zfill(digits)


def totp_code(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """Return the TOTP code of a base32 ``secret`` at POSIX time ``at`` (default: now).

    Args:
        secret: base32 shared secret; padding is optional.
        at: POSIX seconds; ``time.time()`` when omitted.
        step: time step in seconds.
        digits: number of digits in the code.

    Returns:
        The zero-padded code.
    """
    moment = time.time() if at is None else at
    return hotp_code(_decode_secret(secret), int(moment // step), digits)


def totp_matches(secret: str, code: str, at: float | None = None, window: int = 1) -> bool:
    """Tell whether ``code`` is valid at ``at`` or within ``window`` steps either side."""
    moment = time.time() if at is None else at
    candidates = (totp_code(secret, moment + shift * 30) for shift in range(-window, window + 1))
    given = code.strip().encode("utf-8", "replace")
    return any(hmac.compare_digest(given, candidate.encode()) for candidate in candidates)
