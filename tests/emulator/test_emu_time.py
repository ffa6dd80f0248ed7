"""The emulator's clock and time zone: history ends at the real now unless pinned; one zone per tenant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pycpg.emulator import Emulator
from pycpg.emulator.audit_log import audit_timestamp
from tests.emulator.emu_support import admin_token, call, parse_iso

PINNED = datetime(2026, 3, 14, 15, 9, 26, tzinfo=timezone.utc)
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def small(**options: Any) -> Emulator:
    return Emulator(seed=11, orgs=3, users=10, devices=12, **options)


def iso_strings(node: Any) -> Iterator[str]:
    """Every ISO date-time string anywhere in a JSON value."""
    if isinstance(node, dict):
        for value in node.values():
            yield from iso_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from iso_strings(value)
    elif isinstance(node, str) and ISO_DATE.match(node):
        yield node


def tenant_dates(emu: Emulator) -> list[datetime]:
    """The generated dates of every kind of record, parsed from their wire form."""
    tenant = emu.tenant
    bodies: list[Any] = [*(u.to_wire() for u in tenant.users), *(d.to_wire() for d in tenant.devices),
                         *(m.to_wire() for m in tenant.legal_hold.matters),
                         *(m.to_wire() for m in tenant.legal_hold.memberships),
                         *(e.to_wire() for e in tenant.legal_hold.events),
                         *(e.to_wire() for e in emu.archive_store.history)]
    return [parse_iso(text) for text in iso_strings(bodies)]


def snapshot(emu: Emulator) -> list[Any]:
    tenant = emu.tenant
    return [[u.to_wire() for u in tenant.users], [d.to_wire() for d in tenant.devices],
            [o.to_wire() for o in tenant.orgs], [m.to_wire() for m in tenant.legal_hold.matters],
            [e.to_wire() for e in tenant.legal_hold.events], [e.to_wire() for e in tenant.audit_log.newest_first()],
            [e.to_wire() for e in emu.archive_store.history]]


# -- the clock ----------------------------------------------------------------------------


def test_by_default_the_history_ends_at_the_real_current_time() -> None:
    before = datetime.now(timezone.utc)
    emu = small()
    after = datetime.now(timezone.utc)
    assert before - timedelta(milliseconds=1) <= emu.now <= datetime.now(timezone.utc)
    dates = tenant_dates(emu)
    assert max(dates) <= after
    # Recent activity: devices connected within the last 20 days, restores within 150.
    assert max(parse_iso(d.to_wire()["lastConnected"]) for d in emu.tenant.devices) >= before - timedelta(days=20)
    events = [event.timestamp for event in emu.tenant.audit_log.newest_first()]
    assert min(events) >= before - timedelta(days=30, seconds=1) and max(events) <= after


def test_a_live_clock_follows_the_wall_clock_and_stamps_writes_with_it() -> None:
    with small() as emu:
        before = datetime.now(timezone.utc)
        response = call(emu, "/api/v1/User", admin_token(emu), "POST",
                        json={"orgUid": emu.tenant.root_org.org_uid, "username": "new.hire@example.com"})
        assert response.status_code == 200, response.text
        created = parse_iso(response.json()["data"]["creationDate"])
        assert before - timedelta(milliseconds=1) <= created <= datetime.now(timezone.utc)
        assert emu.now >= created


def test_a_pinned_now_ends_the_history_there_and_ticks_one_second_per_write() -> None:
    emu = small(now=PINNED)
    assert emu.now == PINNED
    assert max(tenant_dates(emu)) <= PINNED
    first = emu.tenant.mint.now()
    assert (first, emu.now) == (PINNED + timedelta(seconds=1), PINNED + timedelta(seconds=1))


def test_the_same_seed_and_pinned_now_give_the_same_tenant() -> None:
    assert snapshot(small(now=PINNED)) == snapshot(small(now=PINNED.isoformat()))


def test_another_now_shifts_every_date_and_changes_nothing_else() -> None:
    shift = timedelta(days=40, hours=3)
    first, second = small(now=PINNED), small(now=PINNED + shift)
    assert [u.username for u in first.tenant.users] == [u.username for u in second.tenant.users]
    assert [d.guid for d in first.tenant.devices] == [d.guid for d in second.tenant.devices]
    assert [m.legal_hold_uid for m in first.tenant.legal_hold.matters] == \
        [m.legal_hold_uid for m in second.tenant.legal_hold.matters]
    assert [date + shift for date in tenant_dates(first)] == tenant_dates(second)


def test_a_naive_pinned_now_means_utc() -> None:
    assert small(now="2026-03-14T15:09:26").now == PINNED
    assert small(now=PINNED.replace(tzinfo=None)).now == PINNED


# -- the zone -----------------------------------------------------------------------------


def test_every_date_a_tenant_renders_is_in_its_one_zone() -> None:
    with small(now=PINNED, time_zone="-05:00") as emu:
        token = admin_token(emu)
        device = next(d for d in emu.tenant.devices if d.os_name == "mac")
        org = emu.tenant.root_org
        paths = [("/api/v1/User", {"incRoles": "true"}), ("/api/v1/Computer", {"incBackupUsage": "true"}),
                 ("/api/v1/Org", {}), ("/api/v1/role", {}), ("/api/v38/legal-hold-matter/list", {}),
                 ("/api/v38/legal-hold-policy/list", {}), ("/api/v38/legal-hold-event/list", {}),
                 ("/api/v38/legal-hold-membership/list",
                  {"legalHoldUid": emu.tenant.legal_hold.matters[0].legal_hold_uid}),
                 ("/api/v1/RestoreHistory", {"orgId": str(org.org_id), "pgSize": "100"}),
                 ("/api/v1/ColdStorage", {"orgId": str(org.org_id)}),
                 ("/api/v38/agent-state/view-by-device-guid",
                  {"deviceGuid": device.guid, "propertyName": "fullDiskAccess"})]
        created = call(emu, "/api/v1/User", token, "POST",
                       json={"orgUid": org.org_uid, "username": "zone.test@example.com"}).json()["data"]
        texts = list(iso_strings(created))
        for path, params in paths:
            response = call(emu, path, token, params=params)
            assert response.status_code == 200, (path, response.text)
            found = list(iso_strings(response.json().get("data", response.json())
                                     if isinstance(response.json(), dict) else response.json()))
            assert found, path
            texts += found
        assert {text[-6:] for text in texts} == {"-05:00"}, sorted({text[-6:] for text in texts})


def test_the_audit_log_service_keeps_writing_utc() -> None:
    emu = small(now=PINNED, time_zone="-05:00")
    stamps = [event.to_wire()["timestamp"] for event in emu.tenant.audit_log.newest_first()]
    assert stamps and all(stamp.endswith("Z") for stamp in stamps)
    assert audit_timestamp(emu.now) == "2026-03-14T15:09:26.000Z"


@pytest.mark.parametrize(("spec", "suffix"), [("UTC", "+00:00"), ("Z", "Z"), ("+0530", "+05:30"),
                                              (timezone(timedelta(hours=-6)), "-06:00")])
def test_zones_are_given_by_name_offset_or_tzinfo(spec: Any, suffix: str) -> None:
    emu = small(now=PINNED, time_zone=spec)
    texts = list(iso_strings([u.to_wire() for u in emu.tenant.users]))
    assert texts and all(text.endswith(suffix) for text in texts)


def test_utc_written_plus_zero_is_the_default() -> None:
    emu = small(now=PINNED)
    assert emu.now.isoformat().endswith("+00:00")
    assert all(text.endswith("+00:00") for text in iso_strings([d.to_wire() for d in emu.tenant.devices]))


def test_an_iana_zone_follows_daylight_saving_time() -> None:
    emu = small(now=PINNED, time_zone="America/Chicago")
    assert emu.now.tzinfo == ZoneInfo("America/Chicago") and emu.now.isoformat().endswith("-05:00")
    offsets = {text[-6:] for text in iso_strings([u.to_wire() for u in emu.tenant.users])}
    assert offsets <= {"-05:00", "-06:00"} and offsets


@pytest.mark.parametrize("spec", ["Mars/Olympus_Mons", "+25:00", "five hours west"])
def test_unknown_zones_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="zone"):
        small(time_zone=spec)


def test_a_purge_date_is_stored_as_midnight_in_the_tenant_zone() -> None:
    with small(now=PINNED, time_zone="-06:00") as emu:
        token, org = admin_token(emu), emu.tenant.root_org
        listed = call(emu, "/api/v1/ColdStorage", token, params={"orgId": str(org.org_id)}).json()["data"]
        guid = listed["coldStorageRows"][0]["archiveGuid"]
        response = call(emu, f"/api/v1/coldStorage/{guid}", token, "PUT", params={"idType": "guid"},
                        json={"archiveHoldExpireDate": "2027-03-04"})
        assert response.json()["data"]["archiveHoldExpireDate"] == "2027-03-04T00:00:00.000-06:00"


def test_dates_in_a_zone_with_daylight_saving_time_never_pass_now() -> None:
    # A pinned "now" just after the US spring-forward: wall-clock arithmetic would misplace dates by an hour.
    now = datetime(2026, 3, 8, 8, 30, tzinfo=timezone.utc)
    emu = small(now=now.astimezone(ZoneInfo("America/Chicago")), time_zone="America/Chicago")
    assert emu.now == now and emu.now.utcoffset() == timedelta(hours=-5)
    dates = tenant_dates(emu)
    assert max(dates) <= now
    assert [date + timedelta(days=1) for date in tenant_dates(small(now=now))] == \
        tenant_dates(small(now=now + timedelta(days=1)))
