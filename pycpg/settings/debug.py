"""Logging switch: ``pycpg.settings.debug.level = pycpg.settings.debug.DEBUG``.

INFO logs each request line and response status; DEBUG adds query parameters,
JSON bodies and response bodies, with secrets masked.
"""

from __future__ import annotations

import logging
import sys
import types

INFO = logging.INFO
DEBUG = logging.DEBUG
TRACE = logging.DEBUG
NONE = logging.NOTSET

logger: logging.Logger = logging.getLogger("pycpg")
if not any(getattr(h, "_pycpg_default", False) for h in logger.handlers):
    _handler = logging.StreamHandler(sys.stderr)
    _handler._pycpg_default = True  # type: ignore[attr-defined]
    logger.addHandler(_handler)

#: The ``pycpg`` logger's level; assigning it calls ``logger.setLevel``.
level: int = logger.level


class _DebugModule(types.ModuleType):
    """Makes ``level`` a live view of the logger's level, as in pycpg 1.0."""

    @property
    def level(self) -> int:
        return self.logger.level  # type: ignore[no-any-return]

    @level.setter
    def level(self, value: int) -> None:
        self.logger.setLevel(value)


del level
sys.modules[__name__].__class__ = _DebugModule
