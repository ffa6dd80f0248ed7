"""sdk.orgs: exact requests, id translation across pages, state changes."""

from __future__ import annotations

from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgError, PycpgInternalServerError
from pycpg.models import AgentState, Org, OrgPage
from pycpg.sdk import SDKClient
from tests.journal import only_request, requests_to


@pytest.fixture
def many_orgs() -> Any:
    with Emulator(seed=5, orgs=7, users=12, devices=10) as emulator:
        yield emulator


def _client(emulator: Emulator, **options: Any) -> SDKClient:
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, **options)
    emulator.clear_journal()
    return client


def test_get_page_and_get_all(emulator: Emulator, sdk: SDKClient) -> None:
    page = sdk.orgs.get_page()
    assert only_request(emulator).query == [("pgNum", "1"), ("pgSize", "500")]
    assert isinstance(page.model(), OrgPage)
    emulator.clear_journal()
    sdk.orgs.get_page(2, 3, q="a")
    assert only_request(emulator).query == [("pgNum", "2"), ("pgSize", "3"), ("q", "a")]
    emulator.clear_journal()
    pages = list(sdk.orgs.get_all(page_size=2))
    assert sorted(int(e.params["pgNum"]) for e in emulator.journal) == list(range(1, len(pages) + 1))  # any order
    assert sorted(o["orgUid"] for p in pages for o in p["orgs"]) == sorted(o.org_uid for o in emulator.tenant.orgs)


def test_iter_all_is_typed(emulator: Emulator, sdk: SDKClient) -> None:
    orgs = list(sdk.orgs.iter_all(page_size=2))
    assert all(isinstance(o, Org) for o in orgs)
    assert [o.org_guid for o in orgs] == [o.org_guid for o in emulator.tenant.orgs]


def test_id_lookups_reach_orgs_past_the_first_page_and_accept_text_ids(many_orgs: Emulator) -> None:
    client = _client(many_orgs, items_per_page=2)
    last = many_orgs.tenant.orgs[-1]
    by_int = client.orgs.get_by_id(last.org_id).model()
    by_text = client.orgs.get_by_id(str(last.org_id)).model()
    assert by_int.org_guid == by_text.org_guid == last.org_guid
    assert requests_to(many_orgs, f"/api/v3/orgs/{last.org_guid}")[0].method == "GET"
    assert len(requests_to(many_orgs, "/api/v1/Org")) == len(many_orgs.tenant.orgs) // 2 + 1  # indexed once
    assert client.orgs.org_id_map == {o.org_id: o.org_guid for o in many_orgs.tenant.orgs}


def test_get_by_uid(many_orgs: Emulator) -> None:
    client = _client(many_orgs, items_per_page=3)
    org = many_orgs.tenant.orgs[-2]
    response = client.orgs.get_by_uid(org.org_uid, incCounts=True)
    assert response.model().org_uid == org.org_uid
    (entry,) = requests_to(many_orgs, f"/api/v3/orgs/{org.org_guid}")
    assert entry.query == [("incCounts", "True")]


def test_unknown_ids_raise_pycpg_error(sdk: SDKClient) -> None:
    with pytest.raises(PycpgError, match="Couldn't find an Org with ID '987654'"):
        sdk.orgs.get_by_id(987654)
    with pytest.raises(PycpgError, match="Couldn't find an Org with UID 'nope'"):
        sdk.orgs.get_by_uid("nope")


def test_create_org_under_a_parent(emulator: Emulator, sdk: SDKClient) -> None:
    parent = emulator.tenant.orgs[1]
    response = sdk.orgs.create_org("Research", "ext-1", "lab", parent_org_uid=parent.org_uid)
    (post,) = [e for e in emulator.journal if e.method == "POST"]
    assert (post.path, post.json) == (
        "/api/v3/orgs", {"orgName": "Research", "orgExtRef": "ext-1", "notes": "lab", "parentOrgGuid": parent.org_guid},
    )
    created = response.model()
    assert isinstance(created, Org)
    assert (created.org_name, created.parent_org_guid) == ("Research", parent.org_guid)
    emulator.clear_journal()
    assert sdk.orgs.get_by_id(created.org_id or 0).model().org_guid == created.org_guid
    assert [e.path for e in emulator.journal] == [f"/api/v3/orgs/{created.org_guid}"]  # no re-scan


def test_create_org_without_parent_works(emulator: Emulator, sdk: SDKClient) -> None:
    response = sdk.orgs.create_org("Top level")
    entry = only_request(emulator)
    assert entry.json == {"orgName": "Top level", "orgExtRef": None, "notes": None, "parentOrgGuid": None}
    assert response.model().parent_org_guid == emulator.tenant.orgs[0].org_guid


@pytest.mark.parametrize(
    ("method", "action", "flags"),
    [("block", "block", (True, True)), ("deactivate", "deactivate", (False, False))],
)
def test_org_actions_and_their_reversal(
    emulator: Emulator, sdk: SDKClient, method: str, action: str, flags: tuple[bool, bool]
) -> None:
    org = emulator.tenant.orgs[1]
    response = getattr(sdk.orgs, method)(org.org_id)
    assert response.model() is None
    assert emulator.journal[-1].method == "POST"
    assert emulator.journal[-1].path == f"/api/v3/orgs/{org.org_guid}/{action}"
    model = sdk.orgs.get_by_id(org.org_id).model()
    expected_blocked, expected_active = flags[0], flags[1]
    if method == "block":
        assert model.blocked is expected_blocked
        sdk.orgs.unblock(org.org_id)
        assert emulator.journal[-1].path == f"/api/v3/orgs/{org.org_guid}/unblock"
        assert sdk.orgs.get_by_id(org.org_id).model().blocked is False
    else:
        assert model.active is expected_active
        sdk.orgs.reactivate(org.org_id)
        assert emulator.journal[-1].path == f"/api/v3/orgs/{org.org_guid}/activate"
        assert sdk.orgs.get_by_id(org.org_id).model().active is True


def test_get_current(emulator: Emulator, sdk: SDKClient) -> None:
    org = sdk.orgs.get_current().model()
    entry = only_request(emulator)
    assert (entry.method, entry.path) == ("GET", "/api/v1/Org/my")
    me = emulator.tenant.user_by_uid(emulator.plain_admin.user_uid)
    assert me is not None and org.org_uid == me.org.org_uid


def test_get_current_with_api_client_explains(emulator: Emulator) -> None:
    client = pycpg.sdk.from_api_client(emulator.url, emulator.api_client_id, emulator.api_client_secret)
    with pytest.raises(PycpgInternalServerError, match="API-client"):
        client.orgs.get_current()


def test_agent_states(emulator: Emulator, sdk: SDKClient) -> None:
    org = next(o for o in emulator.tenant.orgs if any(d.user.org is o for d in emulator.tenant.devices))
    states = sdk.orgs.get_agent_full_disk_access_states(org.org_id)
    entry = only_request(emulator)
    assert (entry.path, entry.query) == (
        "/api/v38/agent-state/view-by-organization-id", [("orgId", str(org.org_id)), ("propertyName", "fullDiskAccess")],
    )
    models = states.model()
    assert models and all(isinstance(s, AgentState) for s in models)
    assert {s.device_guid for s in models} == {d.guid for d in emulator.tenant.devices if d.user.org is org}
    emulator.clear_journal()
    sdk.orgs.get_agent_state(org.org_id, "x")
    assert only_request(emulator).query == [("orgId", str(org.org_id)), ("propertyName", "x")]


def test_update_org_returns_the_updated_org(emulator: Emulator, sdk: SDKClient) -> None:
    org = emulator.tenant.orgs[1]
    notes = org.notes
    response = sdk.orgs.update_org(org.org_id, name="Renamed")
    put = emulator.journal[-1]
    assert (put.method, put.path, put.json) == (
        "PUT", f"/api/v3/orgs/{org.org_guid}", {"orgName": "Renamed", "orgExtRef": None, "notes": None},
    )
    assert response is not None
    model = response.model()
    assert (model.org_name, model.notes) == ("Renamed", notes)
