"""The device defaults of an org: the settings new devices of the org start with.

:class:`DeviceSettingsDefaults` is reached through ``OrgSettings.device_defaults``
and sent back with the org (``sdk.orgs.update_settings``). It has the same
backup-alert properties and backup sets as a device's settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pycpg.documents.device_settings import _BackupSettings

__all__ = ["DeviceSettingsDefaults", "OwningOrg"]


class OwningOrg(Protocol):
    """What the device defaults need from the org settings object they belong to."""

    @property
    def data(self) -> Mapping[str, Any]:
        """The org document (its ``settings.destinations`` and ``orgId`` are read)."""
        ...

    @property
    def changes(self) -> dict[str, str]:
        """The org's change log, which the defaults' changes are added to."""
        ...


class DeviceSettingsDefaults(_BackupSettings):
    """The device defaults of an org (``OrgSettings.device_defaults``); shares the org's ``changes``.

    As in pycpg 1.0, the org's ``deviceDefaults`` gains a ``settings`` key aliasing
    its ``serviceBackupConfig`` (so the device paths resolve); ``orgs.update_settings``
    leaves that key out of the request (see ``OrgSettings.wire_data``).
    """

    def __init__(self, device_dict: dict[str, Any], org_settings: OwningOrg) -> None:
        self._org_settings = org_settings
        self.injected_settings: dict[str, Any] = {"serviceBackupConfig": device_dict.get("serviceBackupConfig")}
        device_dict["settings"] = self.injected_settings
        super().__init__(device_dict, org_settings.changes)

    @property
    def available_destinations(self) -> dict[str, str]:
        """``guid -> destinationName`` of the org's destinations (``settings.destinations``)."""
        settings = self._org_settings.data.get("settings") or {}
        return {
            str(item["guid"]): item.get("destinationName", "")
            for item in settings.get("destinations") or []
            if isinstance(item, dict) and "guid" in item
        }

    def __repr__(self) -> str:
        return f"<DeviceSettingsDefaults: org_id: {self._org_settings.data.get('orgId')}>"
