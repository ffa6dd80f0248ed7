"""``sdk.users``: CrashPlan users (``/api/v1/User``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pycpg._http import SERVER_ERRORS, ErrorRule
from pycpg._http.paths import api_path, id_text
from pycpg.exceptions import (
    PycpgActiveLegalHoldError,
    PycpgError,
    PycpgHTTPError,
    PycpgInvalidEmailError,
    PycpgInvalidPasswordError,
    PycpgInvalidUsernameError,
    PycpgNotFoundError,
    PycpgOrgNotFoundError,
    PycpgRoleNotAssignedError,
    PycpgUserAlreadyExistsError,
    PycpgUsernameMustBeEmailError,
)
from pycpg.paging import ModelItems, iter_items
from pycpg.response import PycpgResponse
from pycpg.services import _lazy as lazy
from pycpg.services._base import BaseService, WireKeys, wire_params
from pycpg.services._ids import TakesId

if TYPE_CHECKING:
    from pycpg.models import Role, ScimUser, User, UserPage, UserRole

__all__ = ["UserService"]

_USER = "/api/v1/User"
#: iter_all counts a page's users on its model (parsed anyway), not on a second JSON parse.
_USERS = ModelItems(lambda page: page.users, lambda page: page.total_count)

#: ``get_page``'s parameters and their query keys, in the order sent.
_USER_PAGE: WireKeys = {
    "active": "active",
    "email": "email",
    "org_uid": "orgUid",
    "role_id": "roleId",
    "page_num": "pgNum",
    "page_size": "pgSize",
    "q": "q",
}

_USER_EXISTS = ErrorRule(SERVER_ERRORS, PycpgUserAlreadyExistsError, "USER_DUPLICATE")


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


def _roles_path(user_uid: str) -> str:
    return api_path("/api/v3/users/{user_uid}/roles", user_uid=user_uid)


def _update_rules(email: str | None) -> tuple[ErrorRule, ...]:
    # Checked in pycpg 1.0's order: the first code found in the body wins.
    return (
        ErrorRule(SERVER_ERRORS, PycpgUsernameMustBeEmailError, "USERNAME_NOT_AN_EMAIL"),
        ErrorRule(SERVER_ERRORS, lambda error: PycpgInvalidEmailError(email or "", error), "EMAIL_INVALID"),
        ErrorRule(SERVER_ERRORS, PycpgInvalidPasswordError, "NEW_PASSWORD_INVALID"),
        ErrorRule(SERVER_ERRORS, PycpgInvalidUsernameError, "INVALID_USERNAME"),
    )


class UserService(BaseService):
    """Look up, list, create and manage the users of the tenant."""

    _id_area = "users"
    # Methods taking an id: their errors about it name the kind of id (pycpg.services._ids).
    # The actions look the user up by id first: only that lookup is about the user_id.
    _ids = {
        "get_by_id": "user_id",
        "get_by_uid": "user_uid",
        "get_scim_data_by_uid": "user_uid",
        "update_user": "user_uid",
        **{
            name: TakesId("user_id", lookup=True)
            for name in (
                "block", "unblock", "deactivate", "reactivate", "change_org_assignment",
                "get_roles", "add_role", "remove_role",
            )
        },
    }

    def create_user(
        self,
        org_uid: str,
        username: str,
        email: str,
        password: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        notes: str | None = None,
    ) -> PycpgResponse[User]:
        """Create a user in an org.

        Args:
            org_uid: The ``orgUid`` of the user's org.
            username: The new username (an email address when the org requires it).
            email: The user's email address.
            password: The initial password (local accounts).
            first_name: The user's first name.
            last_name: The user's last name.
            notes: Free-text notes.

        Returns:
            The created user.

        Raises:
            PycpgUserAlreadyExistsError: the username is taken.
            PycpgOrgNotFoundError: ``org_uid`` names no org.
        """
        body = {
            "orgUid": org_uid,
            "username": username,
            "email": email,
            "password": password,
            "firstName": first_name,
            "lastName": last_name,
            "notes": notes,
        }
        errors = (_USER_EXISTS, _org_not_found(org_uid))
        return self._call("POST", _USER, lazy.User, json=body, errors=errors)

    def get_by_id(self, user_id: int | str, **kwargs: Any) -> PycpgResponse[User]:
        """Get a user by numeric user ID.

        Args:
            user_id: The ``userId``.
            **kwargs: Extra query parameters (e.g. ``incRoles=True``).

        Returns:
            The user; ``.model()`` is a :class:`~pycpg.models.User`.
        """
        return self._call("GET", api_path("/api/v1/User/{user_id}", user_id=user_id), lazy.User, params=kwargs)

    def get_by_uid(self, user_uid: str, **kwargs: Any) -> PycpgResponse[User]:
        """Get a user by ``userUid``.

        Args:
            user_uid: The ``userUid``.
            **kwargs: Extra query parameters.

        Returns:
            The user; ``.model()`` is a :class:`~pycpg.models.User`.
        """
        path = api_path("/api/v1/User/{user_uid}", user_uid=user_uid)
        return self._call("GET", path, lazy.User, params={"idType": "uid", **kwargs})

    def get_by_username(self, username: str, **kwargs: Any) -> PycpgResponse[UserPage]:
        """Find users by exact username.

        Args:
            username: The username (usually an email address).
            **kwargs: Extra query parameters.

        Returns:
            A page whose ``users`` list holds the match, if any.
        """
        return self._call("GET", _USER, lazy.UserPage, params={"username": username, **kwargs})

    def get_current(self, **kwargs: Any) -> PycpgResponse[User]:
        """Get the signed-in user.

        Raises:
            PycpgNotFoundError: no user is signed in (API-client authentication).
        """
        rule = ErrorRule((404,), _current_user_not_found)
        return self._call("GET", f"{_USER}/my", lazy.User, params=kwargs, errors=(rule,))

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
        params = wire_params(
            _USER_PAGE, kwargs, active=active, email=email, org_uid=org_uid, role_id=role_id,
            page_num=page_num, page_size=self._page_size(page_size), q=q,
        )
        return self._call("GET", _USER, lazy.UserPage, params=params, errors=(_org_not_found(org_uid),))

    def get_all(
        self,
        active: bool | None = None,
        email: str | None = None,
        org_uid: str | None = None,
        role_id: str | int | None = None,
        q: str | None = None,
        *,
        page_size: int | None = None,
        page_concurrency: int | None = None,
        **kwargs: Any,
    ) -> Iterator[PycpgResponse[UserPage]]:
        """Yield every page of users matching the filters (see :meth:`get_page`).

        Pages are read as the loop goes (several fetched ahead): do not change the
        list inside the loop (deactivating the users of an ``active=True`` listing
        shifts the pages not yet read, and users are skipped). Use
        ``iter_all(..., snapshot=True)`` or collect the ids first; a ``totalCount``
        that changes during the run issues :class:`~pycpg.exceptions.PycpgListChangedWarning`.

        Args:
            page_size: Users per page; defaults to the client's ``items_per_page``.
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
            **kwargs: Extra query parameters.
        """
        return self._paged(self.get_page, "users", page_size, page_concurrency, active=active, email=email,
                           org_uid=org_uid, role_id=role_id, q=q, **kwargs)

    def iter_all(
        self,
        active: bool | None = None,
        email: str | None = None,
        org_uid: str | None = None,
        role_id: str | int | None = None,
        q: str | None = None,
        *,
        page_size: int | None = None,
        page_concurrency: int | None = None,
        snapshot: bool = False,
        **kwargs: Any,
    ) -> Iterator[User]:
        """Yield every matching user as a :class:`~pycpg.models.User` (arguments as :meth:`get_all`).

        Without ``snapshot``, users are read page by page as the loop goes: a loop
        that deactivates, moves or otherwise takes out of the listing the users it is
        given skips others, because the later pages shift.

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first user is yielded, so the loop body may change the list freely.
                Every user is held in memory until the loop reaches it; for a large
                tenant collect only what the loop needs instead, e.g.
                ``[u.user_id for u in sdk.users.iter_all(active=True) if ...]``.
        """
        pages = self._paged(self.get_page, _USERS, page_size, page_concurrency, active=active, email=email,
                            org_uid=org_uid, role_id=role_id, q=q, **kwargs)
        return iter_items(pages, lambda page: page.users, snapshot=snapshot)

    def get_scim_data_by_uid(self, user_uid: str) -> PycpgResponse[ScimUser]:
        """Get the SCIM (identity-provider) attributes of a user.

        Args:
            user_uid: The ``userUid``.
        """
        return self._call(
            "GET", "/api/v38/scim-user-data/collated-view", lazy.ScimUser, params={"userId": user_uid}
        )

    def block(self, user_id: int | str) -> PycpgResponse[None]:
        """Block a user: they can no longer sign in or restore, backups continue.

        Args:
            user_id: The numeric ``userId``.
        """
        return self._user_action(user_id, "block")

    def unblock(self, user_id: int | str) -> PycpgResponse[None]:
        """Unblock a blocked user.

        Args:
            user_id: The numeric ``userId``.
        """
        return self._user_action(user_id, "unblock")

    def deactivate(self, user_id: int | str, block_user: bool | None = None) -> PycpgResponse[None]:
        """Deactivate a user (their devices stop backing up).

        Args:
            user_id: The numeric ``userId``.
            block_user: Also block the user.

        Raises:
            PycpgActiveLegalHoldError: the user is a legal-hold custodian.
        """
        rule = ErrorRule(
            (400,), lambda error: PycpgActiveLegalHoldError(error, "user", user_id), "ACTIVE_LEGAL_HOLD"
        )
        return self._user_action(user_id, "deactivate", {"block": block_user}, (rule,))

    def reactivate(self, user_id: int | str, unblock_user: bool | None = None) -> PycpgResponse[None]:
        """Reactivate a deactivated user.

        Args:
            user_id: The numeric ``userId``.
            unblock_user: Also unblock the user.
        """
        return self._user_action(user_id, "activate", {"unblock": unblock_user})

    def change_org_assignment(self, user_id: int | str, org_id: int | str) -> PycpgResponse[None]:
        """Move a user (and their devices) to another org.

        Args:
            user_id: The numeric ``userId``.
            org_id: The numeric ``orgId`` of the destination org.
        """
        return self._user_action(user_id, "move", {"orgId": org_id})

    def get_available_roles(self) -> PycpgResponse[list[Role]]:
        """List every role that can be assigned."""
        return self._call("GET", "/api/v1/role", lazy.Roles)

    def get_roles(self, user_id: int | str) -> PycpgResponse[list[UserRole]]:
        """List the roles of a user.

        Args:
            user_id: The numeric ``userId``.
        """
        return self._call("GET", _roles_path(self._user_uid(user_id)), lazy.UserRoles)

    def add_role(self, user_id: int | str, role_name: str) -> PycpgResponse[list[UserRole]]:
        """Give a user a role (a role they already have is kept once).

        Args:
            user_id: The numeric ``userId``.
            role_name: The role's ``roleName`` or ``roleId``.

        Raises:
            PycpgError: no role has that name or id.
        """
        user_uid = self._user_uid(user_id)
        role_ids = self._role_ids(user_uid)
        role_id = self._role_id(role_name)
        if role_id not in role_ids:
            role_ids.append(role_id)
        return self._put_roles(user_uid, role_ids)

    def remove_role(self, user_id: int | str, role_name: str) -> PycpgResponse[list[UserRole]]:
        """Take a role away from a user.

        Args:
            user_id: The numeric ``userId``.
            role_name: The role's ``roleName`` or ``roleId``.

        Raises:
            PycpgError: no role has that name or id.
            PycpgRoleNotAssignedError: the user does not have the role (also a
                ``ValueError``, as in pycpg 1.0).
        """
        user_uid = self._user_uid(user_id)
        role_ids = self._role_ids(user_uid)
        role_id = self._role_id(role_name)
        if role_id not in role_ids:
            raise PycpgRoleNotAssignedError(user_id, role_name)
        role_ids.remove(role_id)
        return self._put_roles(user_uid, role_ids)

    def update_user(
        self,
        user_uid: str,
        username: str | None = None,
        email: str | None = None,
        password: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        notes: str | None = None,
        archive_size_quota_bytes: int | None = None,
    ) -> PycpgResponse[User]:
        """Change a user's details; only the arguments given are sent.

        Args:
            user_uid: The ``userUid``.
            username: The new username.
            email: The new email address.
            password: The new password.
            first_name: The new first name.
            last_name: The new last name.
            notes: The new notes.
            archive_size_quota_bytes: The new backup quota in bytes (``-1``: unlimited).

        Raises:
            PycpgUsernameMustBeEmailError: the org requires email usernames.
            PycpgInvalidEmailError: ``email`` is not a valid address.
            PycpgInvalidPasswordError: ``password`` does not meet the rules.
            PycpgInvalidUsernameError: ``username`` is not allowed.
        """
        fields = {
            "username": username,
            "email": email,
            "password": password,
            "firstName": first_name,
            "lastName": last_name,
            "notes": notes,
            "quotaInBytes": archive_size_quota_bytes,
        }
        body = {key: value for key, value in fields.items() if value is not None}
        path = api_path("/api/v1/User/{user_uid}", user_uid=user_uid)
        return self._call("PUT", path, lazy.User, params={"idType": "uid"}, json=body, errors=_update_rules(email))

    # -- shared steps ---------------------------------------------------------

    def _user_uid(self, user_id: int | str) -> str:
        """The ``userUid`` of a numeric ``userId`` (one lookup, as pycpg 1.0).

        The server's answer goes into later paths, so it is checked like a caller's id.
        """
        return id_text(self.get_by_id(user_id).model().user_uid, "the userUid the server returned")

    def _user_action(
        self,
        user_id: int | str,
        action: str,
        body: dict[str, object] | None = None,
        errors: tuple[ErrorRule, ...] = (),
    ) -> PycpgResponse[None]:
        path = api_path("/api/v3/users/{user_uid}/{action}", user_uid=self._user_uid(user_id), action=action)
        return self._call("POST", path, type(None), json=body, errors=errors)

    def _role_ids(self, user_uid: str) -> list[str]:
        roles = self._call("GET", _roles_path(user_uid), lazy.UserRoles).model()
        return [str(role.role_id) for role in roles]

    def _role_id(self, role_name: str) -> str:
        available = self.get_available_roles().model()
        for role in available:
            if role_name in (role.role_name, str(role.role_id)):
                return str(role.role_id)
        names = ", ".join(sorted(role.role_name for role in available))
        raise PycpgError(f"No role is named {role_name!r}. Available roles: {names}.")

    def _put_roles(self, user_uid: str, role_ids: list[str]) -> PycpgResponse[list[UserRole]]:
        return self._call(
            "PUT", _roles_path(user_uid), lazy.UserRoles, json={"roleIds": role_ids}
        )
