"""sdk.devices read paths: exact requests on the wire and typed results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgNotFoundError, PycpgOrgNotFoundError
from pycpg.models import Device, DevicePage
from pycpg.response import PycpgResponse
from pycpg.sdk import SDKClient
from tests.journal import only_request, requests_to

Call = Callable[[SDKClient, Any], PycpgResponse[Any]]
PAGE_TAIL = [("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500")]

# (description, call(sdk, device), expected path(device), expected query(device))
WIRE_CASES: list[tuple[str, Call, Callable[[Any], str], Callable[[Any], list[tuple[str, str]]]]] = [
    ("get_page", lambda s, d: s.devices.get_page(1), lambda d: "/api/v1/Computer", lambda d: PAGE_TAIL),
    (
        "get_page active",
        lambda s, d: s.devices.get_page(1, active=True),
        lambda d: "/api/v1/Computer",
        lambda d: [("active", "True"), *PAGE_TAIL],
    ),
    (
        "get_page blocked",
        lambda s, d: s.devices.get_page(1, blocked=False),
        lambda d: "/api/v1/Computer",
        lambda d: [("blocked", "False"), *PAGE_TAIL],
    ),
    (
        "get_page org_uid",
        lambda s, d: s.devices.get_page(1, org_uid=d.user.org.org_uid),
        lambda d: "/api/v1/Computer",
        lambda d: [("orgUid", d.user.org.org_uid), *PAGE_TAIL],
    ),
    (
        "get_page user_uid",
        lambda s, d: s.devices.get_page(1, user_uid=d.user.user_uid),
        lambda d: "/api/v1/Computer",
        lambda d: [("userUid", d.user.user_uid), *PAGE_TAIL],
    ),
    (
        "get_page destination_guid",
        lambda s, d: s.devices.get_page(1, destination_guid=d.backup_usage[0].destination.guid),
        lambda d: "/api/v1/Computer",
        lambda d: [("targetComputerGuid", d.backup_usage[0].destination.guid), *PAGE_TAIL],
    ),
    (
        "get_page include_backup_usage",
        lambda s, d: s.devices.get_page(1, include_backup_usage=True),
        lambda d: "/api/v1/Computer",
        lambda d: [("incBackupUsage", "True"), *PAGE_TAIL],
    ),
    (
        "get_page include_counts",
        lambda s, d: s.devices.get_page(2, include_counts=False),
        lambda d: "/api/v1/Computer",
        lambda d: [("incCounts", "False"), ("pgNum", "2"), ("pgSize", "500")],
    ),
    (
        "get_page page_size",
        lambda s, d: s.devices.get_page(1, page_size=7),
        lambda d: "/api/v1/Computer",
        lambda d: [("incCounts", "True"), ("pgNum", "1"), ("pgSize", "7")],
    ),
    (
        "get_page q",
        lambda s, d: s.devices.get_page(1, q="lap"),
        lambda d: "/api/v1/Computer",
        lambda d: [*PAGE_TAIL, ("q", "lap")],
    ),
    (
        "get_page all positional",
        lambda s, d: s.devices.get_page(1, True, False, "o", "u", "g", True, True, 9, "z"),
        lambda d: "/api/v1/Computer",
        lambda d: [
            ("active", "True"), ("blocked", "False"), ("orgUid", "o"), ("userUid", "u"),
            ("targetComputerGuid", "g"), ("incBackupUsage", "True"), ("incCounts", "True"),
            ("pgNum", "1"), ("pgSize", "9"), ("q", "z"),
        ],
    ),
    (
        "get_by_id",
        lambda s, d: s.devices.get_by_id(d.computer_id),
        lambda d: f"/api/v1/Computer/{d.computer_id}",
        lambda d: [],
    ),
    (
        "get_by_id include_backup_usage",
        lambda s, d: s.devices.get_by_id(d.computer_id, include_backup_usage=True),
        lambda d: f"/api/v1/Computer/{d.computer_id}",
        lambda d: [("incBackupUsage", "True")],
    ),
    (
        "get_by_id kwargs",
        lambda s, d: s.devices.get_by_id(d.computer_id, incAll=False),
        lambda d: f"/api/v1/Computer/{d.computer_id}",
        lambda d: [("incAll", "False")],
    ),
    (
        "get_by_guid",
        lambda s, d: s.devices.get_by_guid(d.guid),
        lambda d: f"/api/v1/Computer/{d.guid}",
        lambda d: [("idType", "guid")],
    ),
    (
        "get_by_guid include_backup_usage",
        lambda s, d: s.devices.get_by_guid(d.guid, include_backup_usage=True),
        lambda d: f"/api/v1/Computer/{d.guid}",
        lambda d: [("idType", "guid"), ("incBackupUsage", "True")],
    ),
    (
        "get_by_guid kwargs",
        lambda s, d: s.devices.get_by_guid(d.guid, False, incAll=False),
        lambda d: f"/api/v1/Computer/{d.guid}",
        lambda d: [("idType", "guid"), ("incBackupUsage", "False"), ("incAll", "False")],
    ),
]


def _some_device(emulator: Emulator) -> Any:
    return next(d for d in emulator.tenant.devices if d.backup_usage)


@pytest.mark.parametrize("case", WIRE_CASES, ids=[c[0] for c in WIRE_CASES])
def test_read_methods_send_exact_verb_path_and_query(emulator: Emulator, sdk: SDKClient, case: Any) -> None:
    _, call, path, query = case
    device = _some_device(emulator)
    emulator.clear_journal()
    try:
        call(sdk, device)
    except PycpgOrgNotFoundError:
        pass  # made-up filter values are fine: only the request matters here
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query) == ("GET", path(device), query(device))


def test_get_by_guid_returns_the_device_with_backup_usage(emulator: Emulator, sdk: SDKClient) -> None:
    record = _some_device(emulator)
    response = sdk.devices.get_by_guid(record.guid, include_backup_usage=True)
    device = response.model()
    assert isinstance(device, Device)
    assert (device.guid, device.computer_id, device.user_uid) == (record.guid, record.computer_id, record.user.user_uid)
    assert device.backup_usage is not None
    assert [u.target_computer_guid for u in device.backup_usage] == [u.destination.guid for u in record.backup_usage]
    assert response["guid"] == record.guid


def test_get_by_id_without_backup_usage_leaves_it_out(emulator: Emulator, sdk: SDKClient) -> None:
    record = _some_device(emulator)
    device = sdk.devices.get_by_id(record.computer_id).model()
    assert device.guid == record.guid
    assert device.backup_usage is None


def test_get_all_pages_by_computers_key(emulator: Emulator, sdk: SDKClient) -> None:
    total = len(emulator.tenant.devices)
    size = 7
    pages = list(sdk.devices.get_all(page_size=size))
    assert len(pages) == total // size + 1
    sent = requests_to(emulator, "/api/v1/Computer")
    assert sorted(int(e.params["pgNum"]) for e in sent) == list(range(1, len(pages) + 1))  # fetched ahead: any order
    assert {e.params["pgSize"] for e in sent} == {str(size)}
    assert sorted(c["guid"] for p in pages for c in p["computers"]) == sorted(d.guid for d in emulator.tenant.devices)


def test_get_all_forwards_filters_and_extra_query_keys(emulator: Emulator, sdk: SDKClient) -> None:
    record = _some_device(emulator)
    pages = list(sdk.devices.get_all(active=True, user_uid=record.user.user_uid, include_backup_usage=True, srtDir="asc"))
    (entry,) = requests_to(emulator, "/api/v1/Computer")
    assert entry.query == [
        ("active", "True"), ("userUid", record.user.user_uid), ("incBackupUsage", "True"),
        ("incCounts", "True"), ("pgNum", "1"), ("pgSize", "500"), ("srtDir", "asc"),
    ]
    expected = {d.guid for d in emulator.tenant.devices if d.user is record.user and d.active}
    assert {c["guid"] for c in pages[0]["computers"]} == expected


def test_iter_all_yields_typed_devices(emulator: Emulator, sdk: SDKClient) -> None:
    devices = list(sdk.devices.iter_all(blocked=False, include_backup_usage=True, page_size=5))
    assert all(isinstance(d, Device) for d in devices)
    assert sorted(d.guid for d in devices if d.guid) == sorted(r.guid for r in emulator.tenant.devices if not r.blocked)
    assert all(d.backup_usage is not None for d in devices)


def test_page_model_is_a_device_page(emulator: Emulator, sdk: SDKClient) -> None:
    page = next(iter(sdk.devices.get_all()))
    model = page.model()
    assert isinstance(model, DevicePage)
    assert model.total_count == len(emulator.tenant.devices)
    assert [d.guid for d in model.computers] == [c["guid"] for c in page["computers"]]


def test_get_page_with_unknown_org_raises_org_not_found(sdk: SDKClient) -> None:
    with pytest.raises(PycpgOrgNotFoundError) as caught:
        sdk.devices.get_page(1, org_uid="missing-org")
    assert caught.value.org_uid == "missing-org"


def test_unknown_guid_raises_not_found(sdk: SDKClient) -> None:
    with pytest.raises(PycpgNotFoundError):
        sdk.devices.get_by_guid("000000000000000000")


def test_paging_continues_when_server_caps_page_size() -> None:
    import pycpg.sdk

    with Emulator(seed=3, devices=23, max_page_size=5) as emulator:
        account = emulator.plain_admin
        client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
        guids = [d.guid for d in client.devices.iter_all(page_size=10)]
    assert sorted(str(g) for g in guids) == sorted(d.guid for d in emulator.tenant.devices)
    assert len(guids) == 23
