"""Process-wide settings, read at call time as in pycpg 1.0.

An SDK client follows these values for every option that was not given to its
factory: changing ``items_per_page``, ``timeout``, ``proxies``,
``verify_ssl_certs`` or the User-Agent prefix/suffix here changes the requests
that clients make from then on. An option given to a factory (e.g.
``from_local_account(..., timeout=(5, 60))``) is fixed for that client.
"""

from __future__ import annotations

import sys

from pycpg._version import __version__

from . import debug

__all__ = [
    "proxies",
    "verify_ssl_certs",
    "items_per_page",
    "timeout",
    "debug",
    "get_user_agent_string",
    "set_user_agent_prefix",
    "set_user_agent_suffix",
    "get_user_agent_prefix",
    "get_user_agent_suffix",
    "user_agent",
]

#: Proxies passed to requests, e.g. ``{"https": "http://proxy:3128"}``.
proxies: dict[str, str] | None = None
#: ``True``, ``False`` or the path of a CA bundle.
verify_ssl_certs: bool | str = True
#: Default page size of every ``get_page``/``get_all``.
items_per_page: int = 500
#: Seconds to wait for the server: a ``(connect, read)`` pair, or one number for
#: both. pycpg 1.0 used a fixed 180 seconds for both.
timeout: float | tuple[float, float] = (30.0, 180.0)

_python_version = (
    f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
)
_custom_user_agent_prefix = ""
_custom_user_agent_suffix = ""


def get_user_agent_string() -> str:
    """Return the User-Agent sent with every request."""
    return user_agent()


def get_user_agent_prefix() -> str:
    """The prefix set with :func:`set_user_agent_prefix` (``""`` when none)."""
    return _custom_user_agent_prefix.strip()


def get_user_agent_suffix() -> str:
    """The suffix set with :func:`set_user_agent_suffix` (``""`` when none)."""
    return _custom_user_agent_suffix.strip()


def user_agent(prefix: str | None = None, suffix: str | None = None) -> str:
    """The User-Agent ``[prefix ]pycpg/<version> python/<x.y.z>[ suffix]``.

    ``prefix``/``suffix`` default to the ones set here; an SDK client given its
    own (factory options ``user_agent_prefix``/``user_agent_suffix``) passes them.
    """
    head = get_user_agent_prefix() if prefix is None else prefix.strip()
    tail = get_user_agent_suffix() if suffix is None else suffix.strip()
    return f"{head + ' ' if head else ''}pycpg/{__version__} python/{_python_version}{' ' + tail if tail else ''}"


def set_user_agent_prefix(prefix: str | None) -> None:
    """Put ``prefix`` (and a space) in front of the User-Agent."""
    global _custom_user_agent_prefix
    _custom_user_agent_prefix = f"{prefix} " if prefix else ""


def set_user_agent_suffix(suffix: str | None) -> None:
    """Append a space and ``suffix`` to the User-Agent."""
    global _custom_user_agent_suffix
    _custom_user_agent_suffix = f" {suffix}" if suffix else ""
