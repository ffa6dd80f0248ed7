"""``sdk.devices``: backup devices (``/api/v1/Computer``)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from pycpg._http import ErrorRule
from pycpg._http.paths import api_path
from pycpg.documents import DeviceSettings
from pycpg.exceptions import PycpgActiveLegalHoldError, PycpgOrgNotFoundError
from pycpg.paging import ModelItems, iter_items
from pycpg.response import PycpgResponse
from pycpg.services import _lazy as lazy
from pycpg.services._base import BaseService, WireKeys, wire_params
from pycpg.services._ids import TakesId

if TYPE_CHECKING:
    from pycpg.models import AgentState, Device, DevicePage

__all__ = ["DeviceService", "DeviceSettingsResponse"]

_COMPUTER = "/api/v1/Computer"
#: iter_all counts a page's devices on its model (parsed anyway), not on a second JSON parse.
_DEVICES = ModelItems(lambda page: page.computers, lambda page: page.total_count)
_AGENT_STATE = "/api/v38/agent-state/view-by-device-guid"

#: ``get_page``'s parameters and their query keys, in the order sent.
_DEVICE_PAGE: WireKeys = {
    "active": "active",
    "blocked": "blocked",
    "org_uid": "orgUid",
    "user_uid": "userUid",
    "destination_guid": "targetComputerGuid",
    "include_backup_usage": "incBackupUsage",
    "include_counts": "incCounts",
    "page_num": "pgNum",
    "page_size": "pgSize",
    "q": "q",
}


class DeviceSettingsResponse(NamedTuple):
    """Kept for pycpg 1.0 compatibility (defined there, never returned)."""

    error: bool
    settings_response: Any
    device_settings_response: Any


class DeviceService(BaseService):
    """Look up, list and manage the devices (computers) of the tenant."""

    _id_area = "devices"
    # Methods taking an id: a 404 names the kind of id they take (pycpg.services._ids).
    _ids = {
        "get_by_id": "device_id",
        "get_by_guid": TakesId("device_guid", "guid"),
        "block": "device_id",
        "unblock": "device_id",
        "deactivate": "device_id",
        "reactivate": "device_id",
        "deauthorize": "device_id",
        "upgrade": TakesId("device_guid", "guid"),
        "get_settings": TakesId("device_guid", "guid"),
        # Not the agent-state reads: their 404 (AGENT_STATE_NOT_FOUND) also means "not a Mac".
    }

    def get_page(
        self,
        page_num: int,
        active: bool | None = None,
        blocked: bool | None = None,
        org_uid: str | None = None,
        user_uid: str | None = None,
        destination_guid: str | int | None = None,
        include_backup_usage: bool | None = None,
        include_counts: bool = True,
        page_size: int | None = None,
        q: str | None = None,
        **kwargs: Any,
    ) -> PycpgResponse[DevicePage]:
        """Get one page of devices.

        Args:
            page_num: The 1-based page number.
            active: Only active (``True``) or deactivated (``False``) devices.
            blocked: Only blocked (``True``) or unblocked (``False``) devices.
            org_uid: Only devices of this org.
            user_uid: Only devices of this user.
            destination_guid: Only devices backing up to this destination.
            include_backup_usage: Include each device's ``backupUsage``.
            include_counts: Ask for ``totalCount``.
            page_size: Devices per page; defaults to the client's ``items_per_page``.
            q: Free-text search on name, host name and GUID.
            **kwargs: Extra query parameters, e.g. ``srtKey``/``srtDir``.

        Raises:
            PycpgOrgNotFoundError: ``org_uid`` names no org.
        """
        params = wire_params(
            _DEVICE_PAGE, kwargs, active=active, blocked=blocked, org_uid=org_uid, user_uid=user_uid,
            destination_guid=destination_guid, include_backup_usage=include_backup_usage,
            include_counts=include_counts, page_num=page_num, page_size=self._page_size(page_size), q=q,
        )
        rule = ErrorRule(
            (400,), lambda error: PycpgOrgNotFoundError(error, org_uid or ""), "Unable to find org"
        )
        return self._call("GET", _COMPUTER, lazy.DevicePage, params=params, errors=(rule,))

    def get_all(
        self,
        active: bool | None = None,
        blocked: bool | None = None,
        org_uid: str | None = None,
        user_uid: str | None = None,
        destination_guid: str | int | None = None,
        include_backup_usage: bool | None = None,
        include_counts: bool = True,
        q: str | None = None,
        *,
        page_size: int | None = None,
        page_concurrency: int | None = None,
        **kwargs: Any,
    ) -> Iterator[PycpgResponse[DevicePage]]:
        """Yield every page of devices matching the filters (see :meth:`get_page`).

        Pages are read as the loop goes (several fetched ahead): do not change the
        list inside the loop (deactivating the devices of an ``active=True`` listing
        shifts the pages not yet read, and devices are skipped). Use
        ``iter_all(..., snapshot=True)`` or collect the ids first; a ``totalCount``
        that changes during the run issues :class:`~pycpg.exceptions.PycpgListChangedWarning`.

        Args:
            page_size: Devices per page; defaults to the client's ``items_per_page``.
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
            **kwargs: Extra query parameters (pycpg 1.0 raised ``TypeError`` for them).
        """
        return self._paged(
            self.get_page, "computers", page_size, page_concurrency, active=active, blocked=blocked,
            org_uid=org_uid, user_uid=user_uid, destination_guid=destination_guid,
            include_backup_usage=include_backup_usage, include_counts=include_counts, q=q, **kwargs,
        )

    def iter_all(
        self,
        active: bool | None = None,
        blocked: bool | None = None,
        org_uid: str | None = None,
        user_uid: str | None = None,
        destination_guid: str | int | None = None,
        include_backup_usage: bool | None = None,
        include_counts: bool = True,
        q: str | None = None,
        *,
        page_size: int | None = None,
        page_concurrency: int | None = None,
        snapshot: bool = False,
        **kwargs: Any,
    ) -> Iterator[Device]:
        """Yield every matching device as a :class:`~pycpg.models.Device` (arguments as :meth:`get_all`).

        Without ``snapshot``, devices are read page by page as the loop goes: a loop
        that deactivates (or otherwise removes from the listing) the devices it is
        given skips others, because the later pages shift. Pass ``snapshot=True``::

            for device in sdk.devices.iter_all(active=True, snapshot=True):
                if device.last_connected is not None and device.last_connected < cutoff:
                    sdk.devices.deactivate(device.computer_id)

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first device is yielded, so the loop body may change the list freely.
                Every device is held in memory until the loop reaches it; for a large
                tenant collect only what the loop needs instead, e.g.
                ``[d.computer_id for d in sdk.devices.iter_all(active=True) if ...]``.
        """
        pages = self._paged(
            self.get_page, _DEVICES, page_size, page_concurrency, active=active, blocked=blocked,
            org_uid=org_uid, user_uid=user_uid, destination_guid=destination_guid,
            include_backup_usage=include_backup_usage, include_counts=include_counts, q=q, **kwargs,
        )
        return iter_items(pages, lambda page: page.computers, snapshot=snapshot)

    def get_by_id(
        self, device_id: int | str, include_backup_usage: bool | None = None, **kwargs: Any
    ) -> PycpgResponse[Device]:
        """Get a device by ``computerId``.

        Args:
            device_id: The ``computerId``.
            include_backup_usage: Include the device's ``backupUsage``.
            **kwargs: Extra query parameters (e.g. ``incSettings=True``).
        """
        params = {"incBackupUsage": include_backup_usage, **kwargs}
        path = api_path("/api/v1/Computer/{device_id}", device_id=device_id)
        return self._call("GET", path, lazy.Device, params=params)

    def get_by_guid(
        self, guid: str | int, include_backup_usage: bool | None = None, **kwargs: Any
    ) -> PycpgResponse[Device]:
        """Get a device by GUID.

        Args:
            guid: The device GUID.
            include_backup_usage: Include the device's ``backupUsage``.
            **kwargs: Extra query parameters.
        """
        params = {"idType": "guid", "incBackupUsage": include_backup_usage, **kwargs}
        return self._call("GET", api_path("/api/v1/Computer/{guid}", guid=guid), lazy.Device, params=params)

    def block(self, device_id: int | str) -> PycpgResponse[None]:
        """Block a device: it keeps backing up but cannot restore or be signed in to.

        Args:
            device_id: The ``computerId``.
        """
        return self._call("PUT", api_path("/api/v1/ComputerBlock/{device_id}", device_id=device_id), type(None))

    def unblock(self, device_id: int | str) -> PycpgResponse[None]:
        """Unblock a blocked device.

        Args:
            device_id: The ``computerId``.
        """
        return self._call("DELETE", api_path("/api/v1/ComputerBlock/{device_id}", device_id=device_id), type(None))

    def deactivate(self, device_id: int | str) -> PycpgResponse[None]:
        """Deactivate a device (it stops backing up; its archives are kept for a while).

        Args:
            device_id: The ``computerId``.

        Raises:
            PycpgActiveLegalHoldError: the device's user is a legal-hold custodian.
        """
        rule = ErrorRule(
            (400,), lambda error: PycpgActiveLegalHoldError(error, "device", device_id), "ACTIVE_LEGAL_HOLD"
        )
        return self._call(
            "POST", "/api/v38/computer-deactivation/update", type(None), json={"id": device_id}, errors=(rule,)
        )

    def reactivate(self, device_id: int | str) -> PycpgResponse[None]:
        """Reactivate a deactivated device.

        Args:
            device_id: The ``computerId``.
        """
        return self._call("POST", "/api/v38/computer-deactivation/remove", type(None), json={"id": device_id})

    def deauthorize(self, device_id: int | str) -> PycpgResponse[None]:
        """Sign the device out; it needs to sign in again before it backs up.

        Args:
            device_id: The ``computerId``.
        """
        path = api_path("/api/v1/ComputerDeauthorization/{device_id}", device_id=device_id)
        return self._call("PUT", path, type(None))

    def get_agent_state(self, guid: str | int, property_name: str) -> PycpgResponse[list[AgentState]]:
        """Get an agent property (e.g. ``fullDiskAccess``) reported by a device.

        The server answers one object (``response["value"]``) and 404 for a
        device whose agent reports no state (anything but a Mac); ``.model()``
        is a list either way (one-item lists are accepted too).

        Args:
            guid: The device GUID.
            property_name: The property to read.
        """
        params = {"deviceGuid": guid, "propertyName": property_name}
        return self._call("GET", _AGENT_STATE, lazy.AgentStates, params=params, parse_as=lazy.AgentStateList)

    def get_agent_full_disk_access_state(self, guid: str | int) -> PycpgResponse[list[AgentState]]:
        """Get whether the agent on a device has full disk access (macOS).

        Args:
            guid: The device GUID.
        """
        return self.get_agent_state(guid, "fullDiskAccess")

    def upgrade(self, guid: str | int) -> PycpgResponse[None]:
        """Ask for the device's agent to be upgraded to the latest version.

        Args:
            guid: The device GUID.
        """
        return self._call(
            "POST", "/api/v38/device-upgrade/upgrade-device", type(None), json={"deviceGuid": guid}
        )

    def get_settings(self, guid: str | int) -> DeviceSettings:
        """Get a device's settings as an editable :class:`DeviceSettings`.

        Args:
            guid: The device GUID.
        """
        params = {"idType": "guid", "incSettings": True}
        response = self._call("GET", api_path("/api/v1/Computer/{guid}", guid=guid), lazy.Device, params=params)
        # Parsed on the first identity read (a dict-style script never imports pydantic); a
        # document that breaks the Device model fails there, naming this call.
        return DeviceSettings(response.data, model=response.model)

    def update_settings(self, device_settings: DeviceSettings | Mapping[str, Any]) -> PycpgResponse[Device]:
        """Send a device's settings (name, notes, external reference, settings tree) back.

        A :class:`DeviceSettings` gets ``settings.configDateMs`` set to now (epoch
        milliseconds, as a string) first, so the device picks the change up
        (pycpg 1.0 meant to but never did). A plain mapping is sent
        as is.

        Args:
            device_settings: The object from :meth:`get_settings` (or a dict of
                the same shape).

        Returns:
            The updated device.
        """
        if isinstance(device_settings, DeviceSettings):
            settings = device_settings.data.get("settings")
            if isinstance(settings, dict):
                settings["configDateMs"] = str(int(time.time() * 1000))
        body = dict(device_settings)
        # computerId comes from the settings document (the server's answer) or the caller.
        path = api_path("/api/v1/Computer/{computerId}", computerId=body["computerId"])
        return self._call("PUT", path, lazy.Device, json=body)
