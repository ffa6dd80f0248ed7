"""pycpg 1.0's ``pycpg.services.util`` (the paging helper)."""

from pycpg.paging import get_all_pages

__all__ = ["get_all_pages"]
