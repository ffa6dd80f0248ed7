"""``python -m pycpg.cli``: the same as the ``pycpg`` console script."""

import sys

from pycpg.cli import main

sys.exit(main())
