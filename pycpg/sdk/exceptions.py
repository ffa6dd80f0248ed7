"""pycpg 1.0's ``pycpg.sdk.exceptions``: the same classes as :mod:`pycpg.exceptions`."""

from pycpg.exceptions import *  # noqa: F403
from pycpg.exceptions import __all__ as __all__  # noqa: F401
