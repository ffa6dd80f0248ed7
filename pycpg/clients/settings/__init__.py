"""pycpg 1.0's import path for the settings descriptors and helpers.

The settings documents live in :mod:`pycpg.documents`; this package and its
modules (``device_settings``, ``org_settings``, ``_converters``) re-export the
same objects so scripts written for pycpg 1.0 keep working.
"""

from __future__ import annotations

from pycpg.documents.descriptors import SettingProperty, TSettingProperty, check_lock, get_val, set_val, show_change

__all__ = [
    "SettingProperty",
    "TSettingProperty",
    "check_lock",
    "get_val",
    "set_val",
    "show_change",
]
