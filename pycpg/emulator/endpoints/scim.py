"""``GET /api/v38/scim-user-data/collated-view?userId=<userUid>``: a user's directory data.

The emulator keeps no directory of its own: every field is derived from the user
record and the tenant (manager: the first other user of the same org), so the
view is deterministic and follows changes to names, notes and org.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import require_owner_or_admin
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import UserRecord
from pycpg.emulator.routing import ApiRequest, Route, get
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError

_TITLES = ("Engineer", "Analyst", "Account Executive", "Paralegal", "Designer", "Team Lead", "Technician")
_PLACES = (("Minneapolis", "MN", "US"), ("Austin", "TX", "US"), ("Denver", "CO", "US"),
           ("Toronto", "ON", "CA"), ("Dublin", "Leinster", "IE"))


def _number(uid: str) -> int | str:
    """A numeric uid as a JSON number (the API's type); anything else unchanged."""
    return int(uid) if uid.isdigit() else uid


def display_name(user: UserRecord) -> str:
    """First and last name, or the username when neither is set."""
    names = [name for name in (user.first_name, user.last_name) if name]
    return " ".join(names) or user.username


def _manager(user: UserRecord, tenant: Tenant) -> UserRecord | None:
    return next((other for other in tenant.users if other.org is user.org and other is not user), None)


def scim_view(user: UserRecord, tenant: Tenant) -> dict[str, Any]:
    """The collated view of ``user`` (CrashPlan's SCIM fields; ``userId`` is the userUid as a number)."""
    manager = _manager(user, tenant)
    city, state, country = _PLACES[user.user_id % len(_PLACES)]
    return {
        "tenantId": tenant.tenant_uid,
        "userId": _number(user.user_uid),
        "userName": user.username,
        "displayName": display_name(user),
        "notes": user.notes,
        "managerUid": _number(manager.user_uid) if manager else None,
        "managerUsername": manager.username if manager else None,
        "managerDisplayName": display_name(manager) if manager else None,
        "title": _TITLES[user.user_id % len(_TITLES)],
        "division": tenant.root_org.org_name,
        "department": user.org.org_name,
        "employmentType": "Contractor" if user.notes == "Contractor" else "Full-time",
        "city": city,
        "state": state,
        "country": country,
    }


def collated_view(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """A bare object; 404 ``USER_NOT_FOUND`` for an unknown ``userId`` (admins, or the user itself)."""
    user = tenant.user_by_uid(req.text("userId") or "")
    if user is None:
        raise ApiError.v38(404, "USER_NOT_FOUND")
    require_owner_or_admin(principal, user.user_uid)
    return req.v38(scim_view(user, tenant))


ROUTES: list[Route] = [get("/api/v38/scim-user-data/collated-view", collated_view)]
