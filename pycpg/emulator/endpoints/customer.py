"""``/api/v3/customer/my``: the tenant itself."""

from __future__ import annotations

from werkzeug.wrappers import Response

from pycpg.emulator.principal import Principal
from pycpg.emulator.routing import ApiRequest, Route, get
from pycpg.emulator.tenant import Tenant


def get_customer(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """The tenant's name, registration key, UUID and agreement state."""
    return req.v3(tenant.customer.to_wire())


ROUTES: list[Route] = [get("/api/v3/customer/my", get_customer)]
