"""sdk.archive lookups: archives, backup sets, restore history, cold storage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.models import Archive, BackupSetList, ColdStorageArchive, RestoreEvent
from tests.journal import only_request, requests_to


@pytest.fixture
def small_pages(emulator: Emulator) -> pycpg.sdk.SDKClient:
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(
        emulator.url, account.username, account.password, items_per_page=2, poll_interval=0.01
    )
    emulator.clear_journal()
    return client


def _device_with_archives(emulator: Emulator) -> Any:
    return max(emulator.tenant.devices, key=lambda d: len(d.backup_usage))


def test_archives_of_a_device_are_paged(emulator: Emulator, small_pages: pycpg.sdk.SDKClient) -> None:
    device = _device_with_archives(emulator)
    pages = list(small_pages.archive.get_all_by_device_guid(device.guid))
    sent = sorted(requests_to(emulator, "/api/v1/Archive"), key=lambda e: int(e.params["pgNum"]))  # fetched ahead
    assert [e.query for e in sent] == [
        [("pgNum", str(n)), ("pgSize", "2"), ("backupSourceGuid", device.guid)] for n in range(1, len(pages) + 1)
    ]
    guids = [a["archiveGuid"] for p in pages for a in p["archives"]]
    assert sorted(guids) == sorted(u.archive_guid for u in device.backup_usage)
    typed = list(small_pages.archive.iter_all_by_device_guid(device.guid))
    assert all(isinstance(a, Archive) for a in typed) and [a.archive_guid for a in typed] == guids


def test_get_by_archive_guid_and_backup_sets(emulator: Emulator, small_pages: pycpg.sdk.SDKClient) -> None:
    device = _device_with_archives(emulator)
    usage = device.backup_usage[0]
    archive = small_pages.archive.get_by_archive_guid(usage.archive_guid)
    assert only_request(emulator).path == f"/api/v1/Archive/{usage.archive_guid}"
    assert archive.model().archive_guid == usage.archive_guid
    emulator.clear_journal()
    sets = small_pages.archive.get_backup_sets(device.guid, usage.destination.guid)
    entry = only_request(emulator)
    assert (entry.method, entry.path) == ("GET", f"/api/v3/BackupSets/{device.guid}/{usage.destination.guid}")
    model = sets.model()
    assert isinstance(model, BackupSetList) and model.backup_sets
    assert [s.backup_set_id for s in model.backup_sets] == [s["backupSetId"] for s in sets["backupSets"]]


@pytest.mark.parametrize(
    ("method", "key", "target"),
    [
        ("org", "orgId", lambda e: e.tenant.orgs[0].org_id),
        ("user", "userId", lambda e: max(e.tenant.users, key=lambda u: len(e.tenant.devices_of(u))).user_id),
        ("device", "computerId", lambda e: e.tenant.devices[0].computer_id),
    ],
)
def test_restore_history_is_paged_by_id_type(
    emulator: Emulator, small_pages: pycpg.sdk.SDKClient, method: str, key: str, target: Any
) -> None:
    value = target(emulator)
    pages = list(getattr(small_pages.archive, f"get_all_{method}_restore_history")(365, value))
    sent = sorted(requests_to(emulator, "/api/v1/RestoreHistory"), key=lambda e: int(e.params["pgNum"]))  # fetched ahead
    assert [e.query for e in sent] == [
        [("days", "365"), ("pgNum", str(n)), ("pgSize", "2"), (key, str(value))] for n in range(1, len(pages) + 1)
    ]
    events = list(getattr(small_pages.archive, f"iter_all_{method}_restore_history")(365, value))
    assert all(isinstance(e, RestoreEvent) for e in events)
    assert len(events) == sum(len(p["restoreEvents"]) for p in pages)


def test_cold_storage_is_paged_with_sorting(emulator: Emulator, small_pages: pycpg.sdk.SDKClient) -> None:
    org = emulator.tenant.orgs[0]
    pages = list(small_pages.archive.get_all_org_cold_storage_archives(org.org_id, sort_key="archiveBytes", sort_dir="desc"))
    sent = sorted(requests_to(emulator, "/api/v1/ColdStorage"), key=lambda e: int(e.params["pgNum"]))  # fetched ahead
    assert [e.query for e in sent] == [
        [("orgId", str(org.org_id)), ("incChildOrgs", "True"), ("srtKey", "archiveBytes"), ("srtDir", "desc"),
         ("pgSize", "2"), ("pgNum", str(n))]
        for n in range(1, len(pages) + 1)
    ]
    rows = list(small_pages.archive.iter_all_org_cold_storage_archives(org.org_id, sort_key="archiveBytes", sort_dir="desc"))
    assert rows and all(isinstance(r, ColdStorageArchive) for r in rows)
    sizes = [r.archive_bytes or 0 for r in rows]
    assert sizes == sorted(sizes, reverse=True)


def test_update_cold_storage_purge_date(emulator: Emulator, small_pages: pycpg.sdk.SDKClient) -> None:
    org = emulator.tenant.orgs[0]
    row = next(small_pages.archive.iter_all_org_cold_storage_archives(org.org_id))
    assert row.archive_guid
    emulator.clear_journal()
    response = small_pages.archive.update_cold_storage_purge_date(row.archive_guid, date(2027, 1, 31))
    entry = only_request(emulator)
    assert (entry.method, entry.path, entry.query, entry.json) == (
        "PUT", f"/api/v1/coldStorage/{row.archive_guid}", [("idType", "guid")], {"archiveHoldExpireDate": "2027-01-31"},
    )
    assert response.status_code == 200
    again = next(r for r in small_pages.archive.iter_all_org_cold_storage_archives(org.org_id) if r.archive_guid == row.archive_guid)
    assert again.archive_hold_expire_date is not None and again.archive_hold_expire_date.date() == date(2027, 1, 31)
    with pytest.raises(ValueError):
        small_pages.archive.update_cold_storage_purge_date(row.archive_guid, "31/01/2027")
