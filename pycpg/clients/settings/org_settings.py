"""pycpg 1.0's import path for org settings; the class lives in :mod:`pycpg.documents.org_settings`."""

from __future__ import annotations

from pycpg.documents.org_settings import OrgSettings

__all__ = ["OrgSettings"]
