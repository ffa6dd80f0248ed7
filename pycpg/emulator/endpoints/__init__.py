"""Endpoint modules. Each exports ``ROUTES``; add new modules to :data:`ROUTES` below."""

from __future__ import annotations

from pycpg.emulator.endpoints import (
    agent_state,
    customer,
    device_actions,
    devices,
    orgs,
    orgs_v3,
    roles,
    scim,
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
]
