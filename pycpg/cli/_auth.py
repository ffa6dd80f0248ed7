"""Where the command line's credentials come from: crashplancli profiles, or environment variables.

Never from the command line itself (arguments show in ``ps`` and shell history).

- ``--profile NAME`` (or crashplancli's default profile when no variable below is
  set): the profile's console, username and flags from crashplancli's
  ``~/.crashplancli/config.cfg`` and its password from the keyring entry
  ``crashplancli::NAME`` that ``crashplan profile create`` stored. A profile made
  with ``--api-client-auth`` holds an API client's id and secret instead.
  ``CRASHPLAN_TOTP_SECRET`` also applies to a profile's two-factor account.
- Environment variables, for cron jobs: ``CRASHPLAN_HOST`` and either
  ``CRASHPLAN_USERNAME`` + ``CRASHPLAN_PASSWORD`` (plus ``CRASHPLAN_TOTP_SECRET``,
  the base32 secret of a two-factor account, to compute codes) or
  ``CRASHPLAN_API_CLIENT_ID`` + ``CRASHPLAN_API_CLIENT_SECRET``.

A two-factor account without ``CRASHPLAN_TOTP_SECRET`` is asked for its code when
a terminal is there to answer.
"""

from __future__ import annotations

import base64
import configparser
import hashlib
import hmac
import os
import struct
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = ["Credentials", "CredentialsError", "from_environment", "from_profile", "resolve", "totp_code"]

PROFILE_FOLDER = ".crashplancli"
KEYRING_PRODUCT = "crashplancli"
_INTERNAL = "Internal"
_NO_DEFAULT = "__DEFAULT__"


class CredentialsError(Exception):
    """No usable credentials: the message says what to set."""


@dataclass(frozen=True)
class Credentials:
    """How to sign in: a local account (password, optional TOTP) or an API client."""

    host: str
    username: str
    secret: str
    api_client: bool = False
    totp_secret: str | None = None
    verify_ssl: bool = True
    source: str = ""

    def __repr__(self) -> str:  # never print the secrets
        kind = "api client" if self.api_client else "account"
        return f"Credentials({kind} {self.username!r} at {self.host!r}, from {self.source})"


def totp_code(secret: str, at: float | None = None, digits: int = 6, period: int = 30) -> str:
    """The RFC 6238 code (HMAC-SHA1) of a base32 ``secret`` at POSIX time ``at`` (default: now).

    Raises:
        CredentialsError: the secret is not base32.
    """
    text = secret.replace(" ", "").upper()
    try:
        key = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError as error:
        raise CredentialsError("CRASHPLAN_TOTP_SECRET is not a base32 secret.") from error
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def from_environment(environ: Mapping[str, str]) -> Credentials | None:
    """Credentials from ``CRASHPLAN_*`` variables; ``None`` when ``CRASHPLAN_HOST`` is unset.

    Raises:
        CredentialsError: the host is set but the rest is incomplete.
    """
    host = environ.get("CRASHPLAN_HOST", "").strip()
    if not host:
        return None
    client_id, client_secret = environ.get("CRASHPLAN_API_CLIENT_ID"), environ.get("CRASHPLAN_API_CLIENT_SECRET")
    if client_id and client_secret:
        return Credentials(host, client_id, client_secret, api_client=True, source="environment")
    username, password = environ.get("CRASHPLAN_USERNAME"), environ.get("CRASHPLAN_PASSWORD")
    if username and password:
        return Credentials(host, username, password, totp_secret=environ.get("CRASHPLAN_TOTP_SECRET") or None,
                           source="environment")
    raise CredentialsError(
        "CRASHPLAN_HOST is set, but neither CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD nor "
        "CRASHPLAN_API_CLIENT_ID and CRASHPLAN_API_CLIENT_SECRET are."
    )


def config_path(home: Path | None = None) -> Path:
    """crashplancli's configuration file."""
    return (home or Path.home()) / PROFILE_FOLDER / "config.cfg"


def from_profile(name: str | None, home: Path | None = None,
                 password_of: Callable[[str, str], str | None] | None = None,
                 ask: Callable[[str], str] | None = None) -> Credentials:
    """Credentials from crashplancli's profile ``name`` (``None``: its default profile).

    Args:
        name: The profile's name.
        home: The home folder holding ``.crashplancli`` (default: the user's).
        password_of: ``(service, username) -> password`` (default: the keyring).
        ask: Asks for the password (given a prompt) when none is stored, as
            crashplancli does; without it a missing password is an error.

    Raises:
        CredentialsError: no such profile, no default, or no stored password.
    """
    path = config_path(home)
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(path, encoding="utf-8"):
        raise CredentialsError(f"No crashplancli profiles ({path} not found); create one with "
                               "`crashplan profile create`, or set CRASHPLAN_HOST and its companions.")
    if name is None:
        name = parser.get(_INTERNAL, "default_profile", fallback=_NO_DEFAULT)
        if name == _NO_DEFAULT:
            raise CredentialsError("No default crashplancli profile; pass --profile NAME.")
    if name == _INTERNAL or not parser.has_section(name):
        raise CredentialsError(f"Profile {name!r} does not exist in {path}.")
    section = parser[name]
    host, username = section.get("cpg_authority_url", "").strip(), section.get("cpg_username", "").strip()
    if not host or not username:
        raise CredentialsError(f"Profile {name!r} in {path} has no console address or username.")
    lookup = password_of or _keyring_password
    secret = lookup(f"{KEYRING_PRODUCT}::{name}", username)
    if not secret and ask is not None:
        secret = ask(f"Password for {username} (profile {name})")
    if not secret:
        raise CredentialsError(f"Profile {name!r} has no stored password; store one with "
                               f"`crashplan profile update -n {name} --password`.")
    return Credentials(host, username, secret, api_client=section.get("api-client-auth", "False") == "True",
                       verify_ssl=section.get("ignore-ssl-errors", "False") != "True", source=f"profile {name}")


def _keyring_password(service: str, username: str) -> str | None:
    try:
        import keyring
        import keyring.errors
    except ImportError as error:  # pragma: no cover - keyring comes with the cli extra
        raise CredentialsError("Reading crashplancli profiles needs keyring: pip install 'pycpg[cli]'.") from error
    try:
        found: str | None = keyring.get_password(service, username)
    except keyring.errors.KeyringError as error:
        raise CredentialsError(f"The keyring could not be read: {error}") from error
    return found


def resolve(profile: str | None, environ: Mapping[str, str] | None = None, home: Path | None = None,
            ask: Callable[[str], str] | None = None) -> Credentials:
    """``--profile`` if given, else the environment, else crashplancli's default profile.

    ``ask`` asks for a profile's password when the keyring holds none.

    Raises:
        CredentialsError: nothing usable was found.
    """
    environment = os.environ if environ is None else environ
    if profile is None:
        found = from_environment(environment)
        if found is not None:
            return found
    chosen = from_profile(profile, home, ask=ask)
    secret = environment.get("CRASHPLAN_TOTP_SECRET")
    return replace(chosen, totp_secret=secret) if secret and not chosen.api_client else chosen


def totp_source(credentials: Credentials) -> Callable[[], str] | None:
    """The two-factor codes of ``CRASHPLAN_TOTP_SECRET``, or ``None`` (prompting is the caller's, on refusal)."""
    secret = credentials.totp_secret
    if secret is None:
        return None
    totp_code(secret)  # a bad secret fails now, with its own message
    return lambda: totp_code(secret)
