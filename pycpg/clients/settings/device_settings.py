"""pycpg 1.0's import path for device settings; the classes live in :mod:`pycpg.documents`."""

from __future__ import annotations

from pycpg.documents.backup_sets import BackupSet, TrackedFileSelectionList
from pycpg.documents.device_defaults import DeviceSettingsDefaults
from pycpg.documents.device_settings import DeviceSettings

__all__ = ["BackupSet", "DeviceSettings", "DeviceSettingsDefaults", "TrackedFileSelectionList"]
