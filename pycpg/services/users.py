"""``sdk.users``: CrashPlan users (``/api/v1/User``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pycpg._http import ErrorRule
from pycpg.exceptions import PycpgHTTPError, PycpgNotFoundError, PycpgOrgNotFoundError
from pycpg.models import User, UserPage
from pycpg.paging import iter_items, iter_pages
from pycpg.response import PycpgResponse
from pycpg.services._base import BaseService

__all__ = ["UserService"]

_USER = "/api/v1/User"


def _current_user_not_found(error: PycpgHTTPError) -> PycpgNotFoundError:
    return PycpgNotFoundError(
        error,
        "The current user could not be found. GET /api/v1/User/my needs a user "
        "login; it does not work with API-client authentication.",
    )


def _org_not_found(org_uid: str | None) -> ErrorRule:
    return ErrorRule(
        (400,), lambda error: PycpgOrgNotFoundError(error, org_uid or ""), "Organization was not found"
    )


class UserService(BaseService):
    """Look up and list the users of the tenant."""

    def get_by_id(self, user_id: int | str, **kwargs: Any) -> PycpgResponse[User]:
        """Get a user by numeric user ID.

        Args:
            user_id: The ``userId``.
            **kwargs: Extra query parameters (e.g. ``incRoles=True``).

        Returns:
            The user; ``.model()`` is a :class:`~pycpg.models.User`.
        """
        return self._call("GET", f"{_USER}/{user_id}", User, params=kwargs)

    def get_by_uid(self, user_uid: str, **kwargs: Any) -> PycpgResponse[User]:
        """Get a user by ``userUid``.

        Args:
            user_uid: The ``userUid``.
            **kwargs: Extra query parameters.

        Returns:
            The user; ``.model()`` is a :class:`~pycpg.models.User`.
        """
        return self._call("GET", f"{_USER}/{user_uid}", User, params={"idType": "uid", **kwargs})

    def get_by_username(self, username: str, **kwargs: Any) -> PycpgResponse[UserPage]:
        """Find users by exact username.

        Args:
            username: The username (usually an email address).
            **kwargs: Extra query parameters.

        Returns:
            A page whose ``users`` list holds the match, if any.
        """
        return self._call("GET", _USER, UserPage, params={"username": username, **kwargs})

    def get_current(self, **kwargs: Any) -> PycpgResponse[User]:
        """Get the signed-in user.

        Raises:
            PycpgNotFoundError: no user is signed in (API-client authentication).
        """
        rule = ErrorRule((404,), _current_user_not_found)
        return self._call("GET", f"{_USER}/my", User, params=kwargs, errors=(rule,))

    def get_page(
        self,
        page_num: int,
        active: bool | None = None,
        email: str | None = None,
        org_uid: str | None = None,
        role_id: str | int | None = None,
        page_size: int | None = None,
        q: str | None = None,
        **kwargs: Any,
    ) -> PycpgResponse[UserPage]:
        """Get one page of users.

        Args:
            page_num: The 1-based page number.
            active: Only active (``True``) or deactivated (``False``) users.
            email: Only the user with this email.
            org_uid: Only users of this org.
            role_id: Only users with this role.
            page_size: Users per page; defaults to the client's ``items_per_page``.
            q: Free-text search on username, email and names.
            **kwargs: Extra query parameters.

        Raises:
            PycpgOrgNotFoundError: ``org_uid`` names no org.
        """
        params = {
            "active": active,
            "email": email,
            "orgUid": org_uid,
            "roleId": role_id,
            "pgNum": page_num,
            "pgSize": self._page_size(page_size),
            "q": q,
            **kwargs,
        }
        return self._call("GET", _USER, UserPage, params=params, errors=(_org_not_found(org_uid),))

    def get_all(
        self,
        active: bool | None = None,
        email: str | None = None,
        org_uid: str | None = None,
        role_id: str | int | None = None,
        q: str | None = None,
        **kwargs: Any,
    ) -> Iterator[PycpgResponse[UserPage]]:
        """Yield every page of users matching the filters (see :meth:`get_page`).

        ``page_size=`` may be passed as a keyword, as in pycpg 1.0.
        """
        page_size = self._page_size(kwargs.pop("page_size", None))

        def fetch(page_num: int, size: int) -> PycpgResponse[UserPage]:
            return self.get_page(page_num, active, email, org_uid, role_id, size, q, **kwargs)

        return iter_pages(fetch, "users", page_size)

    def iter_all(
        self,
        active: bool | None = None,
        email: str | None = None,
        org_uid: str | None = None,
        role_id: str | int | None = None,
        q: str | None = None,
        **kwargs: Any,
    ) -> Iterator[User]:
        """Yield every matching user as a :class:`~pycpg.models.User` (filters as :meth:`get_all`)."""
        pages = self.get_all(active, email, org_uid, role_id, q, **kwargs)
        return iter_items(pages, lambda page: page.users)
