"""``sdk.orgs``: organizations (``/api/v1/Org`` to list, ``/api/v3/orgs`` to manage)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from pycpg._http import SERVER_ERRORS, Connection, ErrorRule
from pycpg._http.paths import api_path, id_text
from pycpg.documents import OrgSettings
from pycpg.exceptions import PycpgError, PycpgHTTPError, PycpgInternalServerError, PycpgModelError
from pycpg.paging import ModelItems, iter_items
from pycpg.response import PycpgResponse
from pycpg.services import _lazy as lazy
from pycpg.services._base import BaseService, WireKeys, wire_params
from pycpg.services._ids import TakesId, id_miss

if TYPE_CHECKING:
    from pycpg.models import AgentState, Org, OrgPage

__all__ = ["OrgService", "OrgSettingsResponse"]

#: iter_all counts a page's orgs on its model (parsed anyway), not on a second JSON parse.
_ORGS = ModelItems(lambda page: page.orgs, lambda page: page.total_count)

_ORG_V1 = "/api/v1/Org"
_ORGS_V3 = "/api/v3/orgs"
_AGENT_STATE = "/api/v38/agent-state/view-by-organization-id"

#: ``get_page``'s parameters and their query keys, in the order sent (filters go in ``**kwargs``).
_ORG_PAGE: WireKeys = {"page_num": "pgNum", "page_size": "pgSize"}


class OrgSettingsResponse(NamedTuple):
    """What ``orgs.update_settings`` did: each field is the response, the caught error, or ``None`` if not sent."""

    error: bool
    org_response: PycpgResponse[Org] | PycpgError | None
    org_settings_response: PycpgResponse[dict[str, Any]] | PycpgError | None


def _current_org_unavailable(error: PycpgHTTPError) -> PycpgInternalServerError:
    return PycpgInternalServerError(
        error,
        "The current org could not be read. GET /api/v1/Org/my needs a user login; "
        "it does not work with API-client authentication.",
    )


def _not_found(kind: str, value: object) -> PycpgError:
    # pycpg 1.0's message; the method's id table adds which kind of id it takes.
    return id_miss(f"Couldn't find an Org with {kind} '{value}'.")


class _OrgIndex:
    """orgId/orgUid -> orgGuid, read from every page and refreshed on a miss.

    pycpg 1.0 read only the first page and compared ids by JSON type, so org 7
    was not found as ``"7"`` and orgs past the first page were never found.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.by_id: dict[int, str] = {}
        self.by_uid: dict[str, str] = {}

    def refresh(self, pages: Iterator[PycpgResponse[OrgPage]]) -> None:
        by_id: dict[int, str] = {}
        by_uid: dict[str, str] = {}
        for page in pages:
            for org in page.model().orgs:
                if org.org_guid is not None:
                    by_id[org.org_id] = by_uid[org.org_uid] = org.org_guid
        with self._lock:
            self.by_id, self.by_uid = by_id, by_uid

    def add(self, org: Org) -> None:
        if org.org_guid is not None:
            with self._lock:
                self.by_id[org.org_id] = self.by_uid[org.org_uid] = org.org_guid

    def guid_for_id(self, org_id: int | str) -> str | None:
        wanted = str(org_id).strip()  # 7, "7" and " 7" are the same org
        return next((guid for known, guid in self.by_id.items() if str(known) == wanted), None)


def _server_guid(guid: object) -> str:
    """An ``orgGuid`` from the org list or a created org: the server's value, checked before use in a path."""
    return id_text(guid, "the orgGuid the server returned")


def _org_path(org_guid: str) -> str:
    return api_path("/api/v3/orgs/{orgGuid}", orgGuid=org_guid)


class OrgService(BaseService):
    """List, create and manage organizations."""

    _id_area = "orgs"
    # Methods taking an id: a miss in the org list names the kind of id they take
    # (pycpg.services._ids); what is sent after the lookup is the org's guid.
    _ids = {
        "get_by_uid": TakesId("org_uid", lookup=True),
        **{
            name: TakesId("org_id", lookup=True)
            for name in (
                "get_by_id", "block", "unblock", "deactivate", "reactivate", "get_agent_state",
                "get_agent_full_disk_access_states", "update_org", "get_settings",
            )
        },
    }

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        self._index = _OrgIndex()

    @property
    def org_id_map(self) -> dict[int | str, str]:
        """``orgId`` -> ``orgGuid`` for every org (read on first use, then cached)."""
        if not self._index.by_id:
            self._index.refresh(self.get_all())
        return {org_id: guid for org_id, guid in self._index.by_id.items()}

    def create_org(
        self,
        org_name: str,
        org_ext_ref: str | None = None,
        notes: str | None = None,
        parent_org_uid: str | None = None,
    ) -> PycpgResponse[Org]:
        """Create an org.

        Args:
            org_name: The new org's name.
            org_ext_ref: An external reference.
            notes: Free-text notes.
            parent_org_uid: The ``orgUid`` of the parent; ``None``: the tenant's
                top-level org (pycpg 1.0 always failed without a parent).

        Raises:
            PycpgError: ``parent_org_uid`` names no org.
        """
        parent_guid = None if parent_org_uid is None else self._guid_for_uid(parent_org_uid)
        body = {"orgName": org_name, "orgExtRef": org_ext_ref, "notes": notes, "parentOrgGuid": parent_guid}
        response = self._call("POST", _ORGS_V3, lazy.Org, json=body)
        try:
            self._index.add(response.model())
        except PycpgModelError:
            pass  # the index is only a shortcut: an odd answer is the caller's to read
        return response

    def get_by_id(self, org_id: int | str, **kwargs: Any) -> PycpgResponse[Org]:
        """Get an org by numeric ``orgId`` (``7`` and ``"7"`` both work).

        Raises:
            PycpgError: no org has that id.
        """
        return self._call("GET", _org_path(self._guid_for_id(org_id)), lazy.Org, params=kwargs)

    def get_by_uid(self, org_uid: str, **kwargs: Any) -> PycpgResponse[Org]:
        """Get an org by ``orgUid``.

        Raises:
            PycpgError: no org has that uid.
        """
        return self._call("GET", _org_path(self._guid_for_uid(org_uid)), lazy.Org, params=kwargs)

    def get_page(self, page_num: int = 1, page_size: int | None = None, **kwargs: Any) -> PycpgResponse[OrgPage]:
        """Get one page of orgs.

        Args:
            page_num: The 1-based page number.
            page_size: Orgs per page; defaults to the client's ``items_per_page``.
            **kwargs: Extra query parameters (e.g. ``q``).
        """
        params = wire_params(_ORG_PAGE, kwargs, page_num=page_num, page_size=self._page_size(page_size))
        return self._call("GET", _ORG_V1, lazy.OrgPage, params=params)

    def get_all(
        self, *, page_size: int | None = None, page_concurrency: int | None = None, **kwargs: Any
    ) -> Iterator[PycpgResponse[OrgPage]]:
        """Yield every page of orgs.

        Pages are read as the loop goes (several fetched ahead): do not create or
        deactivate orgs of the listing inside the loop, the pages not yet read would
        shift. Use ``iter_all(snapshot=True)`` or collect the ids first; a
        ``totalCount`` that changes during the run issues
        :class:`~pycpg.exceptions.PycpgListChangedWarning`.

        Args:
            page_size: Orgs per page; defaults to the client's ``items_per_page``.
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
            **kwargs: Extra query parameters (e.g. ``q``).
        """
        return self._paged(self.get_page, "orgs", page_size, page_concurrency, **kwargs)

    def iter_all(
        self,
        *,
        page_size: int | None = None,
        page_concurrency: int | None = None,
        snapshot: bool = False,
        **kwargs: Any,
    ) -> Iterator[Org]:
        """Yield every org as an :class:`~pycpg.models.Org` (arguments as :meth:`get_all`).

        Without ``snapshot``, orgs are read page by page as the loop goes: a loop that
        changes the listing (creating or deactivating orgs) skips or repeats orgs.

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first org is yielded, so the loop body may change the list freely;
                every org is held in memory until the loop reaches it.
        """
        pages = self._paged(self.get_page, _ORGS, page_size, page_concurrency, **kwargs)
        return iter_items(pages, lambda page: page.orgs, snapshot=snapshot)

    def block(self, org_id: int | str) -> PycpgResponse[None]:
        """Block an org and its users."""
        return self._org_action(org_id, "block")

    def unblock(self, org_id: int | str) -> PycpgResponse[None]:
        """Unblock an org."""
        return self._org_action(org_id, "unblock")

    def deactivate(self, org_id: int | str) -> PycpgResponse[None]:
        """Deactivate an org (its users' devices stop backing up)."""
        return self._org_action(org_id, "deactivate")

    def reactivate(self, org_id: int | str) -> PycpgResponse[None]:
        """Reactivate a deactivated org."""
        return self._org_action(org_id, "activate")

    def get_current(self, **kwargs: Any) -> PycpgResponse[Org]:
        """Get the signed-in user's org.

        Raises:
            PycpgInternalServerError: no user is signed in (API-client authentication).
        """
        rule = ErrorRule(SERVER_ERRORS, _current_org_unavailable)
        return self._call("GET", f"{_ORG_V1}/my", lazy.Org, params=kwargs, errors=(rule,))

    def get_agent_state(self, org_id: int | str, property_name: str) -> PycpgResponse[list[AgentState]]:
        """Get an agent property (e.g. ``fullDiskAccess``) for every device of an org.

        Args:
            org_id: The numeric ``orgId`` (sent as is).
            property_name: The property to read.
        """
        params = {"orgId": org_id, "propertyName": property_name}
        return self._call("GET", _AGENT_STATE, lazy.AgentStates, params=params)

    def get_agent_full_disk_access_states(self, org_id: int | str) -> PycpgResponse[list[AgentState]]:
        """Get whether each device of an org has granted full disk access (macOS)."""
        return self.get_agent_state(org_id, "fullDiskAccess")

    def update_org(
        self, org_id: int | str, name: str | None = None, notes: str | None = None, ext_ref: str | None = None
    ) -> PycpgResponse[Org]:
        """Change an org's name, notes or external reference.

        Returns:
            The updated org (pycpg 1.0 returned ``None``).
        """
        body = {"orgName": name, "orgExtRef": ext_ref, "notes": notes}
        return self._call("PUT", _org_path(self._guid_for_id(org_id)), lazy.Org, json=body)

    def get_settings(self, org_id: int | str) -> OrgSettings:
        """Get an org's settings, device defaults and t-settings as an editable :class:`OrgSettings`.

        Reads ``GET /api/v3/orgs/{orgGuid}`` (with settings, device defaults and
        inherited-org info) and ``GET /api/v1/OrgSetting/{org_id}``.

        Raises:
            PycpgError: no org has that id.
        """
        params = {"incSettings": True, "incDeviceDefaults": True, "incInheritedOrgInfo": True}
        org = self._call("GET", _org_path(self._guid_for_id(org_id)), lazy.Org, params=params)
        typed = org.model()  # a document that breaks the Org model fails now, naming the call
        t_settings = self._call("GET", api_path("/api/v1/OrgSetting/{org_id}", org_id=org_id), dict[str, Any])
        return OrgSettings(org.data, t_settings.data, model=typed)

    def update_settings(self, org_settings: OrgSettings) -> OrgSettingsResponse:
        """Send an org's changed settings back; errors are returned, not raised (as pycpg 1.0).

        Pending t-setting packets go to ``PUT /api/v1/OrgSetting/{orgId}``; if
        anything changed, the org document goes to ``PUT /api/v1/Org/{orgId}``,
        without the ``deviceDefaults.settings`` key that the settings object adds
        locally (pycpg 1.0 sent it back).

        Returns:
            ``OrgSettingsResponse(error, org_response, org_settings_response)``:
            ``error`` is true when a request failed, and that field then holds
            the :class:`~pycpg.exceptions.PycpgError`.

        Raises:
            PycpgInvalidIdError: the document's ``orgId`` cannot be put into a
                URL path; nothing is sent.
        """
        org_id = org_settings.org_id
        if org_settings.packets or org_settings.changes:
            id_text(org_id, "orgId")  # the server's org document names the org: checked before anything is sent
        error = False
        org_settings_response: PycpgResponse[dict[str, Any]] | PycpgError | None = None
        org_response: PycpgResponse[Org] | PycpgError | None = None
        if org_settings.packets:
            try:
                org_settings_response = self._call(
                    "PUT", api_path("/api/v1/OrgSetting/{orgId}", orgId=org_id), dict[str, Any],
                    json={"packets": org_settings.packets},
                )
            except PycpgError as caught:
                error, org_settings_response = True, caught
        if org_settings.changes:
            try:
                path = api_path("/api/v1/Org/{orgId}", orgId=org_id)
                org_response = self._call("PUT", path, lazy.Org, json=org_settings.wire_data())
            except PycpgError as caught:
                error, org_response = True, caught
        return OrgSettingsResponse(error, org_response, org_settings_response)

    # -- id translation -------------------------------------------------------

    def _org_action(self, org_id: int | str, action: str) -> PycpgResponse[None]:
        path = api_path("/api/v3/orgs/{orgGuid}/{action}", orgGuid=self._guid_for_id(org_id), action=action)
        return self._call("POST", path, type(None))

    def _guid_for_id(self, org_id: int | str) -> str:
        id_text(org_id, "org_id")  # a bad id fails here, before the org list is read
        guid = self._index.guid_for_id(org_id)
        if guid is None:
            self._index.refresh(self.get_all())
            guid = self._index.guid_for_id(org_id)
        if guid is None:
            raise _not_found("ID", org_id)
        return _server_guid(guid)

    def _guid_for_uid(self, org_uid: str) -> str:
        guid = self._index.by_uid.get(str(org_uid))
        if guid is None:
            self._index.refresh(self.get_all())
            guid = self._index.by_uid.get(str(org_uid))
        if guid is None:
            raise _not_found("UID", org_uid)
        return _server_guid(guid)
