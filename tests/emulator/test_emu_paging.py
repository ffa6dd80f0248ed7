"""Paging: pgNum/pgSize arithmetic, caps, partial and empty pages."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycpg.emulator import Emulator


class Pager:
    """Reads pages from one emulator over a keep-alive session."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {emu.issue_token(emu.plain_admin.username)}"

    def page(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.session.get(self.emu.url + path, params=params, timeout=10)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()["data"]
        return body


@pytest.fixture(scope="module")
def pager() -> Iterator[Pager]:
    with Emulator(seed=21, orgs=4, users=45, devices=90) as emu:
        pager = Pager(emu)
        yield pager
        pager.session.close()


@pytest.fixture(scope="module")
def all_users(pager: Pager) -> list[dict[str, Any]]:
    users: list[dict[str, Any]] = pager.page("/api/v1/User", pgSize=1000)["users"]
    return users


@pytest.fixture(scope="module")
def all_devices(pager: Pager) -> list[dict[str, Any]]:
    devices: list[dict[str, Any]] = pager.page("/api/v1/Computer", pgSize=1000)["computers"]
    return devices


def user_filter_matches(user: dict[str, Any], active: str | None, org_uid: str | None, q: str | None) -> bool:
    if active is not None and user["active"] != (active.lower() == "true"):
        return False
    if org_uid is not None and user["orgUid"] != org_uid:
        return False
    texts = [user[key] for key in ("username", "email", "firstName", "lastName") if user[key]]
    return q is None or any(q.lower() in text.lower() for text in texts)


def drop_none(**params: Any) -> dict[str, Any]:
    return {key: value for key, value in params.items() if value is not None}


SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
actives = st.sampled_from([None, "true", "false", "True", "FALSE"])
queries = st.sampled_from([None, "a", "e", "SON", "example", "zzz"])
sizes = st.integers(min_value=1, max_value=30)


@SLOW
@given(active=actives, org_index=st.integers(min_value=-1, max_value=3), q=queries, size=sizes)
def test_user_pages_partition_the_filtered_set(pager: Pager, all_users: list[dict[str, Any]], active: str | None,
                                               org_index: int, q: str | None, size: int) -> None:
    org_uid = None if org_index < 0 else pager.emu.tenant.orgs[org_index].org_uid
    expected = [u["userUid"] for u in all_users if user_filter_matches(u, active, org_uid, q)]
    last = max(math.ceil(len(expected) / size), 1)
    seen: list[str] = []
    for number in range(1, last + 2):
        page = pager.page("/api/v1/User", **drop_none(active=active, orgUid=org_uid, q=q, pgNum=number,
                                                      pgSize=size))
        assert page["totalCount"] == len(expected)
        assert len(page["users"]) <= size
        if number > last:
            assert page["users"] == []
        seen += [user["userUid"] for user in page["users"]]
    assert seen == expected
    assert len(set(seen)) == len(seen)


@SLOW
@given(number=st.integers(min_value=1, max_value=120), size=st.integers(min_value=1, max_value=120),
       blocked=st.sampled_from([None, "true", "false"]))
def test_any_device_page_is_the_matching_slice(pager: Pager, all_devices: list[dict[str, Any]], number: int,
                                               size: int, blocked: str | None) -> None:
    matching = [d for d in all_devices if blocked is None or d["blocked"] == (blocked == "true")]
    page = pager.page("/api/v1/Computer", **drop_none(pgNum=number, pgSize=size, blocked=blocked, incCounts="true"))
    assert page["totalCount"] == len(matching)
    assert page["computers"] == matching[(number - 1) * size : number * size]


def test_default_page_size_is_100() -> None:
    with Emulator(seed=1, users=130, devices=0) as emu:
        pager = Pager(emu)
        first, second = pager.page("/api/v1/User"), pager.page("/api/v1/User", pgNum=2)
        assert len(first["users"]) == 100 and len(second["users"]) == 30
        assert first["totalCount"] == second["totalCount"] == 130


def test_last_partial_page_and_empty_page_beyond_the_end(pager: Pager, all_users: list[dict[str, Any]]) -> None:
    assert len(all_users) == 45
    last = pager.page("/api/v1/User", pgNum=5, pgSize=10)
    assert [u["userUid"] for u in last["users"]] == [u["userUid"] for u in all_users[40:]]
    beyond = pager.page("/api/v1/User", pgNum=6, pgSize=10)
    assert beyond == {"totalCount": 45, "users": []}


def test_max_page_size_caps_the_requested_size() -> None:
    with Emulator(seed=2, users=30, devices=25, max_page_size=7) as emu:
        pager = Pager(emu)
        capped = pager.page("/api/v1/User", pgSize=500)
        assert len(capped["users"]) == 7 and capped["totalCount"] == 30
        assert len(pager.page("/api/v1/User", pgSize=3)["users"]) == 3
        assert len(pager.page("/api/v1/Computer")["computers"]) == 7
        second = pager.page("/api/v1/User", pgNum=2, pgSize=500)
        whole = pager.page("/api/v1/User", pgSize=7, pgNum=2)
        assert second["users"] == whole["users"]
