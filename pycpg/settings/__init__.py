"""Process-wide defaults, read when an SDK client is built.

Changing a value here affects SDK clients created afterwards; each client keeps
the values it was built with (see ``docs/compatibility.md``).
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
    return (
        f"{_custom_user_agent_prefix}pycpg/{__version__} "
        f"python/{_python_version}{_custom_user_agent_suffix}"
    )


def set_user_agent_prefix(prefix: str | None) -> None:
    """Put ``prefix`` (and a space) in front of the User-Agent."""
    global _custom_user_agent_prefix
    _custom_user_agent_prefix = f"{prefix} " if prefix else ""


def set_user_agent_suffix(suffix: str | None) -> None:
    """Append a space and ``suffix`` to the User-Agent."""
    global _custom_user_agent_suffix
    _custom_user_agent_suffix = f" {suffix}" if suffix else ""
