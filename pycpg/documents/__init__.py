"""Settings documents: dict-like views of device and org JSON documents, with no I/O.

The services read a document (``sdk.devices.get_settings``,
``sdk.orgs.get_settings``), wrap it in one of these classes, and send it back
(``update_settings``); everything in between happens here, in memory. Each
module holds one class family:

- :mod:`~pycpg.documents.descriptors`: ``SettingProperty``, ``TSettingProperty``,
  ``check_lock`` and the key-path helpers ``get_val``, ``set_val``, ``show_change``.
- :mod:`~pycpg.documents.converters`: value converters (``"true"`` <-> ``True``,
  minutes <-> days, bytes <-> gigabytes).
- :mod:`~pycpg.documents.backup_sets`: ``BackupSet`` and ``TrackedFileSelectionList``.
- :mod:`~pycpg.documents.device_settings`: ``DeviceSettings``.
- :mod:`~pycpg.documents.device_defaults`: ``DeviceSettingsDefaults``.
- :mod:`~pycpg.documents.org_settings`: ``OrgSettings``.

pycpg 1.0 import paths (``pycpg.clients.settings`` and its modules) re-export
these same objects.
"""

from __future__ import annotations

from pycpg.documents.backup_sets import BackupSet, TrackedFileSelectionList
from pycpg.documents.descriptors import SettingProperty, TSettingProperty, check_lock, get_val, set_val, show_change
from pycpg.documents.device_defaults import DeviceSettingsDefaults
from pycpg.documents.device_settings import DeviceSettings
from pycpg.documents.org_settings import OrgSettings

__all__ = [
    "BackupSet",
    "DeviceSettings",
    "DeviceSettingsDefaults",
    "OrgSettings",
    "SettingProperty",
    "TSettingProperty",
    "TrackedFileSelectionList",
    "check_lock",
    "get_val",
    "set_val",
    "show_change",
]
