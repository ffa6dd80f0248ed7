"""Endpoint modules. Each exports ``ROUTES``; add new modules to :data:`ROUTES` below.

Modules whose handlers depend on server options export ``routes(...)`` instead:
legal hold (list envelope) and audit log (public URL); the server adds those.
"""

from __future__ import annotations

from pycpg.emulator.endpoints import (
    agent_state,
    audit_log,
    customer,
    device_actions,
    devices,
    legal_hold,
    legal_hold_members,
    orgs,
    orgs_v3,
    roles,
    scim,
    settings,
    user_actions,
    users,
)
from pycpg.emulator.routing import Route

ROUTES: list[Route] = [
    *customer.ROUTES,
    *users.ROUTES,
    *user_actions.ROUTES,
    *roles.ROUTES,
    *scim.ROUTES,
    *devices.ROUTES,
    *device_actions.ROUTES,
    *agent_state.ROUTES,
    *orgs.ROUTES,
    *orgs_v3.ROUTES,
    *settings.ROUTES,
]


def legal_hold_routes(wrapped: bool) -> list[Route]:
    """Every ``/api/v38/legal-hold-*`` endpoint; ``wrapped`` lists matters/memberships inside objects."""
    return [*legal_hold.routes(wrapped), *legal_hold_members.routes(wrapped)]


__all__ = ["ROUTES", "audit_log", "legal_hold_routes"]
