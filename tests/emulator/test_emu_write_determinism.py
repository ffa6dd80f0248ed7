"""Creations and changes after start are reproducible: same seed + same requests → same tenant."""

from __future__ import annotations

import json
from typing import Any

from pycpg.emulator import Emulator
from tests.emulator.emu_support import PINNED_NOW, admin_token, call, data, parse_iso


def run_script(emu: Emulator) -> list[Any]:
    """A fixed sequence of writes; returns every response body without envelope timestamps."""
    token = admin_token(emu)
    tenant = emu.tenant
    org = data(call(emu, "/api/v3/orgs", token, "POST",
                    json={"orgName": "Labs", "orgExtRef": None, "notes": None,
                          "parentOrgGuid": tenant.orgs[1].org_guid}))
    user = data(call(emu, "/api/v1/User", token, "POST",
                     json={"orgUid": org["orgUid"], "username": "lab@example.com", "email": "lab@example.com",
                           "password": "labpassword", "firstName": "Lab", "lastName": None, "notes": None}))
    writes = [
        ("PUT", f"/api/v1/User/{user['userUid']}?idType=uid", {"notes": "first hire"}),
        ("PUT", f"/api/v3/users/{user['userUid']}/roles", {"roleIds": ["org-admin", "desktop-user"]}),
        ("POST", f"/api/v3/users/{tenant.users[6].user_uid}/move", {"orgId": org["orgId"]}),
        ("PUT", f"/api/v1/ComputerBlock/{tenant.devices[3].computer_id}", None),
        ("POST", "/api/v38/computer-deactivation/update", {"id": tenant.devices[4].computer_id}),
        ("POST", f"/api/v3/orgs/{org['orgGuid']}/deactivate", None),
    ]
    for method, path, body in writes:
        assert call(emu, path, token, method, json=body).status_code in (200, 204)
    bodies: list[Any] = [org, user]
    for path in ("/api/v1/User", "/api/v1/Computer", "/api/v1/Org", "/api/v1/role"):
        bodies.append(data(call(emu, path, token, params={"pgSize": 1000, "incRoles": "true"})))
    bodies.append(data(call(emu, f"/api/v3/orgs/{org['orgGuid']}", token)))
    return bodies


def test_same_seed_and_requests_give_identical_state() -> None:
    with Emulator(seed=40, now=PINNED_NOW) as first, Emulator(seed=40, now=PINNED_NOW) as second:
        assert json.dumps(run_script(first)) == json.dumps(run_script(second))


def test_a_different_seed_mints_different_ids() -> None:
    with Emulator(seed=40, now=PINNED_NOW) as first, Emulator(seed=41, now=PINNED_NOW) as second:
        one, two = run_script(first), run_script(second)
        assert one[0]["orgGuid"] != two[0]["orgGuid"] and one[1]["userUid"] != two[1]["userUid"]


def test_minted_dates_come_from_the_logical_clock_after_the_generated_ones() -> None:
    with Emulator(seed=40, now=PINNED_NOW) as emu:
        generated = max(user.creation_date for user in emu.tenant.users)
        org, user = run_script(emu)[:2]
        assert org["creationDate"] == "2026-01-01T00:00:01.000+00:00"
        assert user["creationDate"] == "2026-01-01T00:00:02.000+00:00"
        assert generated < parse_iso(org["creationDate"])
