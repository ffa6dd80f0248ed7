"""The ``pycpg`` command line (``pip install 'pycpg[cli]'``): lists, exports, bulk changes, schemas.

``pycpg --help`` lists the commands; docs/cli.md in the repository describes them.
"""

from __future__ import annotations

from pycpg.cli._app import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, main

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "main"]
