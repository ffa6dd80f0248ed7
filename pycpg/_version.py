"""The distribution version, resolved once."""

from importlib import metadata

_FALLBACK = "1.1.0"


def _resolve() -> str:
    # pycpg 1.0 looked this up on every request and failed when run from an
    # uninstalled checkout; resolve once and fall back instead.
    try:
        return metadata.version("pycpg")
    except metadata.PackageNotFoundError:
        return _FALLBACK


__version__ = _resolve()
