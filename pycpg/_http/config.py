"""Per-client configuration: options given to a factory are fixed, the rest follow ``pycpg.settings``.

Every option is declared once, in :data:`OPTIONS`: its live source in
``pycpg.settings`` (if it has one), or its default, and how it is checked. As in
pycpg 1.0, an option the factory was not given is read from ``pycpg.settings``
when a request is made, so ``pycpg.settings.items_per_page = 200`` set after the
client was built changes its paging; an option given to the factory is fixed
for that client and nothing else changes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypedDict, TypeGuard
from urllib.parse import urlsplit

from pycpg import settings
from pycpg._http.retry import RetryPolicy

if TYPE_CHECKING:  # not imported at run time, where it is only import time
    from typing_extensions import Unpack

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES", "OPTIONS", "ClientConfig", "ClientOptions", "Timeout", "check_timeout",
    "join_url", "normalize_host",
]

Timeout = float | tuple[float, float]

#: The largest body (decompressed) read into memory unless the client sets
#: ``max_response_bytes``: far above any page CrashPlan sends, far below what a
#: hostile server could make a script allocate. Streamed restores are not limited.
DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024


class ClientOptions(TypedDict, total=False):
    """Keyword overrides accepted by the SDK factories (see :data:`OPTIONS` for their defaults)."""

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
    page_concurrency: int


@dataclass(frozen=True)
class Option:
    """One client option: where its value comes from when not given, and how it is checked.

    ``live`` reads the current ``pycpg.settings`` value (at call time); options
    without one use ``default``. ``check(name, value)`` validates a value and
    returns it normalised, or raises ``ValueError``.
    """

    check: Callable[[str, Any], Any]
    live: Callable[[], Any] | None = None
    default: Any = None


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



def _verify(name: str, value: Any) -> bool | str:
    if isinstance(value, bool) or (isinstance(value, str) and value):
        return value
    raise ValueError(f"{name} must be True, False or the path of a CA bundle, got {value!r}")


def _proxies(name: str, value: Any) -> Mapping[str, str] | None:
    if not value:
        return None
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be a mapping such as {{'https': 'http://proxy:3128'}}, got {type(value).__name__}")
    return MappingProxyType(dict(value))


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {value!r}")
    return value.strip()


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return value


def _seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(f"{name} must be a number of seconds >= 0, got {value!r}")
    return float(value)


def _positive_seconds(name: str, value: Any) -> float:
    if not _positive_number(value):
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


def _timeout(name: str, value: Any) -> Timeout:
    return check_timeout(value)


# Retry options have no live setting; their defaults are RetryPolicy's own.
_RETRY_OPTIONS: Final = ("max_retries", "backoff_base", "backoff_cap", "retry_budget", "max_retry_after")
_RETRY_DEFAULTS: Final = {f.name: f.default for f in fields(RetryPolicy) if f.name in _RETRY_OPTIONS}

#: Every client option, declared once (see :class:`Option`).
OPTIONS: Final[Mapping[str, Option]] = MappingProxyType({
    "verify_ssl_certs": Option(_verify, live=lambda: settings.verify_ssl_certs),
    "proxies": Option(_proxies, live=lambda: settings.proxies),
    "items_per_page": Option(_positive_int, live=lambda: settings.items_per_page),
    "timeout": Option(_timeout, live=lambda: settings.timeout),
    "user_agent_prefix": Option(_text, live=settings.get_user_agent_prefix),
    "user_agent_suffix": Option(_text, live=settings.get_user_agent_suffix),
    "pool_maxsize": Option(_positive_int, default=10),
    "max_response_bytes": Option(_positive_int, default=DEFAULT_MAX_RESPONSE_BYTES),
    #: Seconds between two polls of a restore or file-size job (pycpg 1.0: 1).
    "poll_interval": Option(_positive_seconds, default=1.0),
    #: Seconds a restore job may take before PycpgRestoreTimeoutError (pycpg 1.0: no limit).
    "restore_timeout": Option(_positive_seconds, default=3600.0),
    "max_retries": Option(_count, default=_RETRY_DEFAULTS["max_retries"]),
    "backoff_base": Option(_seconds, default=_RETRY_DEFAULTS["backoff_base"]),
    "backoff_cap": Option(_seconds, default=_RETRY_DEFAULTS["backoff_cap"]),
    "retry_budget": Option(_seconds, default=_RETRY_DEFAULTS["retry_budget"]),
    "max_retry_after": Option(_seconds, default=_RETRY_DEFAULTS["max_retry_after"]),
    #: Page requests a ``get_all``/``iter_all`` run keeps in flight (pycpg 1.0: 1, sequential).
    "page_concurrency": Option(_positive_int, default=4),
})


class ClientConfig:
    """One SDK client's options: the ones given to its factory, fixed; the others, live.

    Read an option as an attribute (``config.timeout``, ``config.items_per_page``,
    ...); ``retry`` is the client's :class:`~pycpg._http.retry.RetryPolicy`.
    """

    def __init__(self, host: str, fixed: Mapping[str, Any], retry: RetryPolicy) -> None:
        self.host = host
        self._fixed = MappingProxyType(dict(fixed))
        self.retry = retry

    @classmethod
    def from_settings(cls, host_address: str, **options: Unpack[ClientOptions]) -> ClientConfig:
        """A config for ``host_address`` with ``options`` fixed; every other option follows ``pycpg.settings``.

        Raises:
            TypeError: an unknown option name was given.
            ValueError: the host or an option value is invalid.
        """
        unknown = set(options) - set(OPTIONS)
        if unknown:
            raise TypeError(f"Unknown SDK option(s): {', '.join(sorted(unknown))}")
        fixed = {name: OPTIONS[name].check(name, value) for name, value in options.items()}
        retry = RetryPolicy(**{name: fixed.get(name, OPTIONS[name].default) for name in _RETRY_OPTIONS})
        return cls(normalize_host(host_address), fixed, retry)

    def get(self, name: str) -> Any:
        """The value of option ``name`` now: the fixed one, else the live setting, else the default.

        Raises:
            ValueError: the current ``pycpg.settings`` value is invalid.
        """
        if name in self._fixed:
            return self._fixed[name]
        option = OPTIONS[name]
        if option.live is None:
            return option.default
        return option.check(name, option.live())

    def with_retry(self, retry: RetryPolicy) -> ClientConfig:
        """The same config with another retry policy (e.g. a fake clock in tests)."""
        return ClientConfig(self.host, self._fixed, retry)

    def is_fixed(self, name: str) -> bool:
        """Whether option ``name`` was given to the factory (and so does not follow ``pycpg.settings``)."""
        return name in self._fixed

    @property
    def verify(self) -> bool | str:
        return self.get("verify_ssl_certs")  # type: ignore[no-any-return]

    @property
    def proxies(self) -> Mapping[str, str] | None:
        return self.get("proxies")  # type: ignore[no-any-return]

    @property
    def items_per_page(self) -> int:
        return self.get("items_per_page")  # type: ignore[no-any-return]

    @property
    def timeout(self) -> Timeout:
        return self.get("timeout")  # type: ignore[no-any-return]

    @property
    def user_agent(self) -> str:
        return settings.user_agent(self.get("user_agent_prefix"), self.get("user_agent_suffix"))

    @property
    def pool_maxsize(self) -> int:
        return self.get("pool_maxsize")  # type: ignore[no-any-return]

    @property
    def max_response_bytes(self) -> int:
        return self.get("max_response_bytes")  # type: ignore[no-any-return]

    @property
    def poll_interval(self) -> float:
        return self.get("poll_interval")  # type: ignore[no-any-return]

    @property
    def restore_timeout(self) -> float:
        return self.get("restore_timeout")  # type: ignore[no-any-return]

    @property
    def page_concurrency(self) -> int:
        return self.get("page_concurrency")  # type: ignore[no-any-return]

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this client's console host."""
        return join_url(self.host, path)

    def __repr__(self) -> str:  # proxies may hold credentials: only names are shown
        return f"<ClientConfig {self.host} fixed={sorted(self._fixed)}>"


def join_url(host: str, path: str) -> str:
    """``host`` (with any path prefix) followed by ``path``; absolute ``path`` URLs are kept."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{host.rstrip('/')}/{path.lstrip('/')}"


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
