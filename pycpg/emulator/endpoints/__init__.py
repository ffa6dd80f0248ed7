"""Endpoint modules. Each exports ``ROUTES``; add new modules to :data:`ROUTES` below."""

from __future__ import annotations

from pycpg.emulator.endpoints import customer, devices, users
from pycpg.emulator.routing import Route

ROUTES: list[Route] = [*customer.ROUTES, *users.ROUTES, *devices.ROUTES]
