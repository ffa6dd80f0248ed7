"""The frozen per-client configuration and host normalisation."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypedDict, TypeGuard

from typing_extensions import Unpack
from urllib.parse import urlsplit

from pycpg import settings
from pycpg._http.retry import RetryPolicy
from pycpg._version import __version__

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES", "ClientConfig", "ClientOptions", "Timeout", "check_timeout", "join_url",
    "normalize_host",
]

Timeout = float | tuple[float, float]

#: The largest body (decompressed) read into memory unless the client sets
#: ``max_response_bytes``: far above any page CrashPlan sends, far below what a
#: hostile server could make a script allocate. Streamed restores are not limited.
DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024


class ClientOptions(TypedDict, total=False):
    """Keyword overrides accepted by the SDK factories; defaults come from ``pycpg.settings``."""

    verify_ssl_certs: bool | str
    proxies: Mapping[str, str] | None
    items_per_page: int
    timeout: Timeout
    user_agent_prefix: str
    user_agent_suffix: str
    pool_maxsize: int
    max_response_bytes: int
    poll_interval: float
    restore_timeout: float
    max_retries: int
    backoff_base: float
    backoff_cap: float
    retry_budget: float
    max_retry_after: float


def normalize_host(host_address: str) -> str:
    """Return ``scheme://netloc[/prefix]`` without a trailing slash.

    ``https://`` is added when no http(s) scheme is given; the scheme check is
    case-insensitive (pycpg 1.0 turned ``HTTPS://x`` into ``https://HTTPS://x``).

    Raises:
        ValueError: the address is empty or has no host name.
    """
    address = host_address.strip() if isinstance(host_address, str) else ""
    if not address:
        raise ValueError(f"host_address must be a non-empty string, got {host_address!r}")
    scheme, sep, rest = address.partition("://")
    if sep and scheme.lower() in ("http", "https"):
        address = f"{scheme.lower()}://{rest}"
    else:
        address = f"https://{address}"
    parts = urlsplit(address)
    if not parts.hostname:
        raise ValueError(f"host_address {host_address!r} has no host name")
    prefix = parts.path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{prefix}"


def _user_agent(prefix: str, suffix: str) -> str:
    python = f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
    head = f"{prefix} " if prefix else ""
    tail = f" {suffix}" if suffix else ""
    return f"{head}pycpg/{__version__} python/{python}{tail}"


@dataclass(frozen=True)
class ClientConfig:
    """Everything one SDK client's transport needs, fixed when the client is built."""

    host: str
    verify: bool | str = True
    proxies: Mapping[str, str] | None = field(default=None, repr=False)  # may hold credentials
    items_per_page: int = 500
    timeout: Timeout = (30.0, 180.0)
    user_agent: str = field(default_factory=lambda: _user_agent("", ""))
    pool_maxsize: int = 10
    #: Bodies larger than this (decompressed) raise PycpgResponseTooLargeError; streams are not limited.
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    #: Seconds between two polls of a restore or file-size job (pycpg 1.0: 1).
    poll_interval: float = 1.0
    #: Seconds a restore job may take before PycpgRestoreTimeoutError (pycpg 1.0: no limit).
    restore_timeout: float = 3600.0
    #: When and how failed requests are re-sent (see pycpg._http.retry).
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @classmethod
    def from_settings(cls, host_address: str, **options: Unpack[ClientOptions]) -> ClientConfig:
        """Build a config from ``pycpg.settings``, overridden by ``options``.

        Raises:
            TypeError: an unknown option name was given.
            ValueError: the host or an option value is invalid.
        """
        unknown = set(options) - set(ClientOptions.__annotations__)
        if unknown:
            raise TypeError(f"Unknown SDK option(s): {', '.join(sorted(unknown))}")
        proxies = options.get("proxies", settings.proxies)
        page_size = options.get("items_per_page", settings.items_per_page)
        pool = options.get("pool_maxsize", 10)
        _require_positive_int("items_per_page", page_size)
        _require_positive_int("pool_maxsize", pool)
        max_body = options.get("max_response_bytes", DEFAULT_MAX_RESPONSE_BYTES)
        _require_positive_int("max_response_bytes", max_body)
        poll_interval = options.get("poll_interval", 1.0)
        restore_timeout = options.get("restore_timeout", 3600.0)
        for name, value in (("poll_interval", poll_interval), ("restore_timeout", restore_timeout)):
            if not _positive_number(value):
                raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
        retry = _retry_policy(options)
        prefix = options.get("user_agent_prefix", settings._custom_user_agent_prefix.strip())
        suffix = options.get("user_agent_suffix", settings._custom_user_agent_suffix.strip())
        return cls(
            host=normalize_host(host_address),
            verify=options.get("verify_ssl_certs", settings.verify_ssl_certs),
            proxies=MappingProxyType(dict(proxies)) if proxies else None,
            items_per_page=page_size,
            timeout=check_timeout(options.get("timeout", settings.timeout)),
            user_agent=_user_agent(prefix, suffix),
            pool_maxsize=pool,
            max_response_bytes=max_body,
            poll_interval=float(poll_interval),
            restore_timeout=float(restore_timeout),
            retry=retry,
        )

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this client's console host."""
        return join_url(self.host, path)


def join_url(host: str, path: str) -> str:
    """``host`` (with any path prefix) followed by ``path``; absolute ``path`` URLs are kept."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{host.rstrip('/')}/{path.lstrip('/')}"


def _retry_policy(options: ClientOptions) -> RetryPolicy:
    default = RetryPolicy()
    max_retries = options.get("max_retries", default.max_retries)
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an integer >= 0, got {max_retries!r}")
    return RetryPolicy(
        max_retries=max_retries,
        backoff_base=_seconds("backoff_base", options.get("backoff_base", default.backoff_base)),
        backoff_cap=_seconds("backoff_cap", options.get("backoff_cap", default.backoff_cap)),
        retry_budget=_seconds("retry_budget", options.get("retry_budget", default.retry_budget)),
        max_retry_after=_seconds("max_retry_after", options.get("max_retry_after", default.max_retry_after)),
    )


def _seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(f"{name} must be a number of seconds >= 0, got {value!r}")
    return float(value)


def _require_positive_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


def check_timeout(value: object) -> Timeout:
    """``value`` as a validated timeout.

    Raises:
        ValueError: not a positive number or a pair of them.
    """
    if isinstance(value, tuple) and len(value) == 2:
        connect, read = value
        if _positive_number(connect) and _positive_number(read):
            return (float(connect), float(read))
    elif _positive_number(value):
        return float(value)
    raise ValueError(f"timeout must be a positive number or a (connect, read) pair, got {value!r}")


def _positive_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
