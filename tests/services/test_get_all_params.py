"""get_all / iter_all: every optional parameter reaches the query of every page."""

from __future__ import annotations

from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgOrgNotFoundError
from pycpg.sdk import SDKClient

# (area, keyword arguments, query pairs the first page must carry, in pycpg's order)
CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("users", {}, [("pgNum", "1"), ("pgSize", "500")]),
    ("users", {"active": True}, [("active", "True"), ("pgNum", "1"), ("pgSize", "500")]),
    ("users", {"email": "a@b.c"}, [("email", "a@b.c"), ("pgNum", "1"), ("pgSize", "500")]),
    ("users", {"org_uid": "o1"}, [("orgUid", "o1"), ("pgNum", "1"), ("pgSize", "500")]),
    ("users", {"role_id": "desktop-user"}, [("roleId", "desktop-user"), ("pgNum", "1"), ("pgSize", "500")]),
    ("users", {"q": "ann"}, [("pgNum", "1"), ("pgSize", "500"), ("q", "ann")]),
    ("users", {"page_size": 3}, [("pgNum", "1"), ("pgSize", "3")]),
    ("users", {"incRoles": True}, [("pgNum", "1"), ("pgSize", "500"), ("incRoles", "True")]),
    ("devices", {}, [("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500")]),
    ("devices", {"active": False}, [("active", "False"), ("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500")]),
    ("devices", {"blocked": True}, [("blocked", "True"), ("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500")]),
    ("devices", {"org_uid": "o1"}, [("orgUid", "o1"), ("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500")]),
    ("devices", {"user_uid": "u1"}, [("userUid", "u1"), ("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500")]),
    (
        "devices",
        {"destination_guid": "42"},
        [("targetComputerGuid", "42"), ("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500")],
    ),
    (
        "devices",
        {"include_backup_usage": True},
        [("incBackupUsage", "True"), ("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500")],
    ),
    ("devices", {"include_counts": False}, [("incCounts", "False"), ("pgNum", "1"), ("pgSize", "500")]),
    ("devices", {"q": "mac"}, [("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500"), ("q", "mac")]),
    ("devices", {"page_size": 4}, [("incCounts", "True"), ("pgNum", "1"), ("pgSize", "4")]),
    ("devices", {"srtKey": "name"}, [("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500"), ("srtKey", "name")]),
]
PATHS = {"users": "/api/v1/User", "devices": "/api/v1/Computer"}


def _ids() -> list[str]:
    return [f"{area}-{','.join(kwargs) or 'defaults'}" for area, kwargs, _ in CASES]


@pytest.mark.parametrize("method", ["get_all", "iter_all"])
@pytest.mark.parametrize(("area", "kwargs", "query"), CASES, ids=_ids())
def test_first_page_query(
    emulator: Emulator, sdk: SDKClient, method: str, area: str, kwargs: dict[str, Any], query: list[tuple[str, str]]
) -> None:
    generator = getattr(getattr(sdk, area), method)(**kwargs)
    try:
        next(iter(generator))
    except (StopIteration, PycpgOrgNotFoundError):
        pass  # an empty result or a made-up org still sent the request under test
    first = emulator.journal[0]
    assert (first.method, first.path, first.query) == ("GET", PATHS[area], query)


def test_every_page_repeats_the_filters(emulator: Emulator, sdk: SDKClient) -> None:
    list(sdk.devices.get_all(active=True, include_backup_usage=True, page_size=5))
    pages = sorted(emulator.journal, key=lambda entry: int(entry.params["pgNum"]))  # fetched ahead: any arrival order
    assert len(pages) > 2
    for number, entry in enumerate(pages, start=1):
        assert entry.query == [
            ("active", "True"), ("incBackupUsage", "True"), ("incCounts", "True"),
            ("pgNum", str(number)), ("pgSize", "5"),
        ]
