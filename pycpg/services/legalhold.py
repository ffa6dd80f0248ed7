"""``sdk.legalhold``: legal-hold policies, matters, custodians and events (``/api/v38``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from pycpg._http import ErrorRule
from pycpg._http.paths import api_path
from pycpg.exceptions import (
    PycpgError,
    PycpgHTTPError,
    PycpgLegalHoldAlreadyActiveError,
    PycpgLegalHoldAlreadyDeactivatedError,
    PycpgLegalHoldCriteriaMissingError,
    PycpgLegalHoldNotFoundOrPermissionDeniedError,
    PycpgUserAlreadyAddedError,
)
from pycpg.paging import iter_items, iter_pages, list_or_key
from pycpg.response import PycpgResponse
from pycpg.services import _lazy as lazy
from pycpg.services._base import BaseService, WireKeys, wire_params
from pycpg.services._ids import TakesId
from pycpg.services._times import utc_text
from pycpg.util import TimestampLike

if TYPE_CHECKING:
    from pycpg.models import LegalHoldEvent, LegalHoldMatter, LegalHoldMembership, LegalHoldPolicy

__all__ = ["LegalHoldService"]

_PREFIX = "/api/v38"
_CUSTODIAN_STATES = {True: "ACTIVE", False: "INACTIVE", None: "ALL"}

# Each ``get_*_page``'s parameters and their query keys, in the order sent.
_MATTER_PAGE: WireKeys = {
    "creator_user_uid": "creatorPrincipalId",
    "active": "active",
    "name": "name",
    "externalReference": "externalReference",
    "page_num": "page",
    "page_size": "pageSize",
}
_CUSTODIAN_PAGE: WireKeys = {
    "user_uid": "userUid",
    "legal_hold_matter_uid": "legalHoldUid",
    "user": "user",
    "active": "active",
    "page_num": "page",
    "page_size": "pageSize",
}
_EVENT_PAGE: WireKeys = {
    "legal_hold_uid": "legalHoldUid",
    "min_event_date": "minEventDate",
    "max_event_date": "maxEventDate",
    "page_num": "page",
    "page_size": "pageSize",
}


def _denied(uid: str, resource: str) -> ErrorRule:
    """403: the resource does not exist or the caller may not see it."""
    return ErrorRule(
        (403,), lambda error: PycpgLegalHoldNotFoundOrPermissionDeniedError(error, uid, resource)
    )


def _event_time(value: TimestampLike | None) -> str | None:
    return utc_text(value, "ms")


class LegalHoldService(BaseService):
    """Preservation policies, matters, their custodians and the hold's audit events."""

    # Matters, policies and memberships not found raise the legal-hold error pycpg 1.0
    # raises, which names the uid; a wrong user id is refused with a bare 400.
    _id_area = "legalhold"
    _ids = {"add_to_matter": TakesId("user_uid", refused="USER_NOT_FOUND")}

    _uri_prefix = _PREFIX
    _membership_string = "membership"
    _policy_string = "policy"
    _matter_string = "matter"

    # -- policies -------------------------------------------------------------

    def create_policy(self, name: str) -> PycpgResponse[LegalHoldPolicy]:
        """Create a preservation policy.

        Returns:
            The policy; ``legalHoldPolicyUid`` is its uid.
        """
        return self._call("POST", f"{_PREFIX}/legal-hold-policy/create", lazy.LegalHoldPolicy, json={"name": name})

    def get_policy_by_uid(self, legal_hold_policy_uid: str) -> PycpgResponse[LegalHoldPolicy]:
        """Get a preservation policy.

        Raises:
            PycpgLegalHoldNotFoundOrPermissionDeniedError: no such policy, or no permission.
        """
        return self._call(
            "GET", f"{_PREFIX}/legal-hold-policy/view", lazy.LegalHoldPolicy,
            params={"legalHoldPolicyUid": legal_hold_policy_uid},
            errors=(_denied(legal_hold_policy_uid, self._policy_string),),
        )

    def get_policy_list(self) -> PycpgResponse[list[LegalHoldPolicy]]:
        """List every preservation policy."""
        return self._call("GET", f"{_PREFIX}/legal-hold-policy/list", lazy.LegalHoldPolicies)

    # -- matters --------------------------------------------------------------

    def create_matter(
        self,
        name: str,
        legal_hold_policy_uid: str,
        description: str | None = None,
        notes: str | None = None,
        externalReference: str | None = None,  # noqa: N803 - pycpg 1.0's name
    ) -> PycpgResponse[LegalHoldMatter]:
        """Create a legal-hold matter under a preservation policy.

        Returns:
            The matter; ``legalHoldUid`` is its uid.
        """
        body = {
            "policyId": legal_hold_policy_uid,
            "name": name,
            "description": description,
            "notes": notes,
            "externalReference": externalReference,
        }
        return self._call("POST", f"{_PREFIX}/legal-hold-matter/create", lazy.LegalHoldMatter, json=body)

    def get_matter_by_uid(self, legal_hold_matter_uid: str) -> PycpgResponse[LegalHoldMatter]:
        """Get a matter.

        Raises:
            PycpgLegalHoldNotFoundOrPermissionDeniedError: no such matter, or no permission.
        """
        return self._call(
            "GET", f"{_PREFIX}/legal-hold-matter/view", lazy.LegalHoldMatter,
            params={"legalHoldUid": legal_hold_matter_uid},
            errors=(_denied(legal_hold_matter_uid, self._matter_string),),
        )

    def get_matters_page(
        self,
        page_num: int,
        creator_user_uid: str | None = None,
        active: bool | None = True,
        name: str | None = None,
        externalReference: str | None = None,  # noqa: N803 - pycpg 1.0's name
        page_size: int | None = None,
    ) -> PycpgResponse[list[LegalHoldMatter]]:
        """Get one page of matters.

        Args:
            page_num: The 1-based page number.
            creator_user_uid: Only matters created by this user (principal id).
            active: ``True`` active matters, ``False`` inactive ones, ``None`` all.
            name: Only matters whose name matches.
            externalReference: Only matters with this external reference.
            page_size: Matters per page; defaults to the client's ``items_per_page``.
        """
        params = wire_params(
            _MATTER_PAGE,
            creator_user_uid=creator_user_uid,
            # None leaves the filter out (pycpg 1.0 sent "none").
            active=None if active is None else str(active).lower(),
            name=name,
            externalReference=externalReference,
            page_num=page_num,
            page_size=self._page_size(page_size),
        )
        return self._call(
            "GET", f"{_PREFIX}/legal-hold-matter/list", lazy.LegalHoldMatters, params=params, parse_as=lazy.MatterList
        )

    def get_all_matters(
        self,
        creator_user_uid: str | None = None,
        active: bool | None = True,
        name: str | None = None,
        externalReference: str | None = None,  # noqa: N803 - pycpg 1.0's name
        *,
        page_concurrency: int | None = None,
    ) -> Iterator[PycpgResponse[list[LegalHoldMatter]]]:
        """Yield every page of matters matching the filters (see :meth:`get_matters_page`).

        Pages are read as the loop goes: do not change the list inside the loop
        (deactivating the matters of an ``active=True`` listing, say), the pages not
        yet read would shift and matters be skipped. Use
        ``iter_all_matters(..., snapshot=True)`` or collect the uids first. This list
        carries no ``totalCount``, so no
        :class:`~pycpg.exceptions.PycpgListChangedWarning` can tell it happened.

        Args:
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
                Legal-hold lists carry no ``totalCount``, so their pages are fetched
                one after another unless the server sends one.
        """
        concurrency = self._page_concurrency(page_concurrency)

        def fetch(page_num: int, size: int) -> PycpgResponse[list[LegalHoldMatter]]:
            return self.get_matters_page(
                page_num=page_num, page_size=size, creator_user_uid=creator_user_uid, active=active,
                name=name, externalReference=externalReference,
            )

        return iter_pages(fetch, list_or_key("matters"), self._page_size(None), concurrency=concurrency)

    def iter_all_matters(
        self,
        creator_user_uid: str | None = None,
        active: bool | None = True,
        name: str | None = None,
        externalReference: str | None = None,  # noqa: N803 - pycpg 1.0's name
        *,
        page_concurrency: int | None = None,
        snapshot: bool = False,
    ) -> Iterator[LegalHoldMatter]:
        """Yield every matching matter as a :class:`~pycpg.models.LegalHoldMatter`.

        Without ``snapshot``, matters are read page by page as the loop goes: a loop
        that deactivates the active matters it is given skips others, because the
        later pages shift (and, this list carrying no ``totalCount``, nothing warns).

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first matter is yielded, so the loop body may change the list freely;
                every matter is held in memory until the loop reaches it (collect only
                the uids instead for a very long list).
        """
        pages = self.get_all_matters(
            creator_user_uid=creator_user_uid, active=active, name=name, externalReference=externalReference,
            page_concurrency=page_concurrency,
        )
        return iter_items(pages, _same, snapshot=snapshot)

    def deactivate_matter(self, legal_hold_matter_uid: str) -> PycpgResponse[None]:
        """Deactivate a matter (its custodians are released from this hold).

        Raises:
            PycpgLegalHoldAlreadyDeactivatedError: the matter is already inactive.
            PycpgLegalHoldNotFoundOrPermissionDeniedError: no such matter, or no permission.
        """
        rule = ErrorRule(
            (400,), lambda error: PycpgLegalHoldAlreadyDeactivatedError(error, legal_hold_matter_uid),
            "ALREADY_DEACTIVATED",
        )
        return self._matter_action(legal_hold_matter_uid, "deactivate", rule)

    def reactivate_matter(self, legal_hold_matter_uid: str) -> PycpgResponse[None]:
        """Reactivate a deactivated matter.

        Raises:
            PycpgLegalHoldAlreadyActiveError: the matter is already active.
            PycpgLegalHoldNotFoundOrPermissionDeniedError: no such matter, or no permission.
        """
        rule = ErrorRule(
            (400,), lambda error: PycpgLegalHoldAlreadyActiveError(error, legal_hold_matter_uid),
            "ALREADY_ACTIVE",
        )
        return self._matter_action(legal_hold_matter_uid, "activate", rule)

    # -- custodians -----------------------------------------------------------

    def get_custodians_page(
        self,
        page_num: int,
        legal_hold_matter_uid: str | None = None,
        user_uid: str | None = None,
        user: str | None = None,
        active: bool | None = True,
        page_size: int | None = None,
    ) -> PycpgResponse[list[LegalHoldMembership]]:
        """Get one page of custodians (memberships); give at least one filter.

        Args:
            page_num: The 1-based page number.
            legal_hold_matter_uid: Custodians of this matter.
            user_uid: Memberships of this user.
            user: Memberships of users whose username or email matches.
            active: ``True`` active, ``False`` released, ``None`` all memberships.
            page_size: Memberships per page; defaults to the client's ``items_per_page``.

        Raises:
            PycpgError: ``active`` is not ``True``, ``False`` or ``None``.
            PycpgLegalHoldCriteriaMissingError: no matter, user uid or user was given.
        """
        params = wire_params(
            _CUSTODIAN_PAGE,
            legal_hold_matter_uid=legal_hold_matter_uid,
            user_uid=user_uid,
            user=user,
            active=_custodian_state(active),
            page_num=page_num,
            page_size=self._page_size(page_size),
        )
        rule = ErrorRule((400,), PycpgLegalHoldCriteriaMissingError, "At least one criteria must be specified")
        return self._call(
            "GET", f"{_PREFIX}/legal-hold-membership/list", lazy.LegalHoldMemberships,
            params=params, errors=(rule,), parse_as=lazy.MembershipList,
        )

    def get_all_matter_custodians(
        self,
        legal_hold_matter_uid: str | None = None,
        user_uid: str | None = None,
        user: str | None = None,
        active: bool | None = True,
        *,
        page_concurrency: int | None = None,
    ) -> Iterator[PycpgResponse[list[LegalHoldMembership]]]:
        """Yield every page of custodians matching the filters (see :meth:`get_custodians_page`).

        Pages are read as the loop goes: do not change the list inside the loop
        (releasing the active custodians being listed, say), the pages not yet read
        would shift and custodians be skipped. Use
        ``iter_all_matter_custodians(..., snapshot=True)`` or collect the uids first.
        This list carries no ``totalCount``, so no
        :class:`~pycpg.exceptions.PycpgListChangedWarning` can tell it happened.

        Args:
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
                Legal-hold lists carry no ``totalCount``, so their pages are fetched
                one after another unless the server sends one.
        """
        concurrency = self._page_concurrency(page_concurrency)
        _custodian_state(active)  # fail before the first request, as pycpg 1.0

        def fetch(page_num: int, size: int) -> PycpgResponse[list[LegalHoldMembership]]:
            return self.get_custodians_page(
                page_num=page_num, page_size=size, legal_hold_matter_uid=legal_hold_matter_uid,
                user_uid=user_uid, user=user, active=active,
            )

        return iter_pages(fetch, list_or_key("memberships"), self._page_size(None), concurrency=concurrency)

    def iter_all_matter_custodians(
        self,
        legal_hold_matter_uid: str | None = None,
        user_uid: str | None = None,
        user: str | None = None,
        active: bool | None = True,
        *,
        page_concurrency: int | None = None,
        snapshot: bool = False,
    ) -> Iterator[LegalHoldMembership]:
        """Yield every matching membership as a :class:`~pycpg.models.LegalHoldMembership`.

        Without ``snapshot``, memberships are read page by page as the loop goes: a
        loop that releases the active custodians it is given skips others, because the
        later pages shift (and, this list carrying no ``totalCount``, nothing warns).

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first membership is yielded, so the loop body may change the list freely;
                every membership is held in memory until the loop reaches it (collect only
                the uids instead for a very long list).
        """
        pages = self.get_all_matter_custodians(
            legal_hold_matter_uid=legal_hold_matter_uid, user_uid=user_uid, user=user, active=active,
            page_concurrency=page_concurrency,
        )
        return iter_items(pages, _same, snapshot=snapshot)

    def add_to_matter(self, user_uid: str, legal_hold_matter_uid: str) -> PycpgResponse[LegalHoldMembership]:
        """Place a user on a matter's hold.

        Returns:
            The membership; ``legalHoldMembershipUid`` is its uid.

        Raises:
            PycpgUserAlreadyAddedError: the user is already an active custodian of the matter.
            PycpgLegalHoldNotFoundOrPermissionDeniedError: no such matter, or no permission.
        """

        def already_added(error: PycpgHTTPError) -> Exception:
            matter = self.get_matter_by_uid(legal_hold_matter_uid)
            list_name = f"legal hold matter id={legal_hold_matter_uid}, name={matter['name']}"
            return PycpgUserAlreadyAddedError(error, user_uid, list_name)

        errors = (
            ErrorRule((400,), already_added, "USER_ALREADY_IN_HOLD"),
            _denied(legal_hold_matter_uid, self._matter_string),
        )
        body = {"legalHoldUid": legal_hold_matter_uid, "userUid": user_uid}
        return self._call(
            "POST", f"{_PREFIX}/legal-hold-membership/create", lazy.LegalHoldMembership, json=body, errors=errors
        )

    def remove_from_matter(self, legal_hold_membership_uid: str) -> PycpgResponse[None]:
        """Release a custodian (deactivate the membership).

        Raises:
            PycpgLegalHoldNotFoundOrPermissionDeniedError: no such membership, or no permission.
        """
        return self._call(
            "POST", f"{_PREFIX}/legal-hold-membership/deactivate", type(None),
            json={"legalHoldMembershipUid": legal_hold_membership_uid},
            errors=(_denied(legal_hold_membership_uid, self._membership_string),),
        )

    # -- events ---------------------------------------------------------------

    def get_events_page(
        self,
        legal_hold_uid: str | None = None,
        min_event_date: TimestampLike | None = None,
        max_event_date: TimestampLike | None = None,
        page_num: int = 1,
        page_size: int | None = None,
    ) -> PycpgResponse[list[LegalHoldEvent]]:
        """Get one page of legal-hold events (note pycpg 1.0's argument order).

        Args:
            legal_hold_uid: Only events of this matter.
            min_event_date: Earliest event time (inclusive): a datetime (naive =
                UTC), date, POSIX seconds or date string; sent in UTC.
            max_event_date: Latest event time (inclusive), same forms.
            page_num: The 1-based page number.
            page_size: Events per page; defaults to the client's ``items_per_page``.

        Raises:
            TypeError, ValueError: a date parameter cannot be read as a time.
        """
        params = wire_params(
            _EVENT_PAGE,
            legal_hold_uid=legal_hold_uid,
            min_event_date=_event_time(min_event_date),
            max_event_date=_event_time(max_event_date),
            page_num=page_num,
            page_size=self._page_size(page_size),
        )
        return self._call("GET", f"{_PREFIX}/legal-hold-event/list", lazy.LegalHoldEvents, params=params)

    def get_all_events(
        self,
        legal_hold_uid: str | None = None,
        min_event_date: TimestampLike | None = None,
        max_event_date: TimestampLike | None = None,
        *,
        page_concurrency: int | None = None,
    ) -> Iterator[PycpgResponse[list[LegalHoldEvent]]]:
        """Yield every page of legal-hold events (see :meth:`get_events_page`).

        Pages are read as the loop goes: a loop that adds or releases custodians adds
        events to the list it reads, which may then show up in the same loop. Use
        ``iter_all_events(..., snapshot=True)`` to read only the events that existed
        when the loop started. This list carries no ``totalCount``, so no
        :class:`~pycpg.exceptions.PycpgListChangedWarning` can tell it happened.

        Args:
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
                Legal-hold lists carry no ``totalCount``, so their pages are fetched
                one after another unless the server sends one.
        """
        concurrency = self._page_concurrency(page_concurrency)
        # Bad dates fail at the call, not when the first page is fetched.
        _event_time(min_event_date)
        _event_time(max_event_date)

        def fetch(page_num: int, size: int) -> PycpgResponse[list[LegalHoldEvent]]:
            return self.get_events_page(
                page_num=page_num, page_size=size, legal_hold_uid=legal_hold_uid,
                min_event_date=min_event_date, max_event_date=max_event_date,
            )

        return iter_pages(fetch, None, self._page_size(None), concurrency=concurrency)

    def iter_all_events(
        self,
        legal_hold_uid: str | None = None,
        min_event_date: TimestampLike | None = None,
        max_event_date: TimestampLike | None = None,
        *,
        page_concurrency: int | None = None,
        snapshot: bool = False,
    ) -> Iterator[LegalHoldEvent]:
        """Yield every matching event as a :class:`~pycpg.models.LegalHoldEvent`, oldest first.

        Without ``snapshot``, events are read page by page as the loop goes: a loop
        that adds or releases custodians (each adds an event) may meet the events it
        caused later in the same loop.

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first event is yielded, so the loop body may change the list freely;
                every event is held in memory until the loop reaches it (collect only
                the uids instead for a very long list).
        """
        pages = self.get_all_events(
            legal_hold_uid=legal_hold_uid, min_event_date=min_event_date, max_event_date=max_event_date,
            page_concurrency=page_concurrency,
        )
        return iter_items(pages, _same, snapshot=snapshot)

    # -- shared steps ---------------------------------------------------------

    def _matter_action(self, uid: str, action: str, already: ErrorRule) -> PycpgResponse[None]:
        path = api_path("/api/v38/legal-hold-matter/{action}", action=action)
        return self._call(
            "POST", path, type(None), json={"legalHoldUid": uid},
            errors=(already, _denied(uid, self._matter_string)),
        )


def _custodian_state(active: bool | None) -> str:
    try:
        return _CUSTODIAN_STATES[active]
    except (KeyError, TypeError):
        raise PycpgError(
            f"Invalid value for active: {active!r}. Use True (active), False (inactive) or None (all)."
        ) from None


def _same(items: list[Any]) -> list[Any]:
    return items
