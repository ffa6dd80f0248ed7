"""Every bulk action against the emulator: the state read back after the run, and dry runs that write nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import pycpg.bulk
from pycpg.bulk import ACTIONS
from pycpg.emulator import Emulator
from pycpg.sdk import SDKClient
from tests.bulk.helpers import device, free_devices, free_users, user, write_csv, writes


def _statuses(summary: pycpg.bulk.BulkSummary) -> list[str]:
    return [result.status for result in summary.results or []]


# -- devices ------------------------------------------------------------------------------------


def test_devices_deactivate_then_reactivate(sdk: SDKClient, emulator: Emulator, tmp_path: Path) -> None:
    chosen = free_devices(emulator)[:3]
    path = write_csv(tmp_path / "devices.csv", "deviceGuid,owner",
                     [f"{d.guid},{d.user.username}" for d in chosen])
    summary = pycpg.bulk.run(sdk, ACTIONS["devices.deactivate"], path)
    assert _statuses(summary) == ["ok"] * 3
    assert all(not device(emulator, d.guid).active for d in chosen)
    assert "deactivated device" in (summary.results or [])[0].outcome

    emulator.clear_journal()  # a second run finds nothing left to do: no write
    again = pycpg.bulk.run(sdk, ACTIONS["devices.deactivate"], path)
    assert _statuses(again) == ["ok"] * 3 and writes(emulator) == []
    assert all("already deactivated" in result.outcome for result in again.results or [])

    back = pycpg.bulk.run(sdk, ACTIONS["devices.reactivate"], path)
    assert _statuses(back) == ["ok"] * 3
    assert all(device(emulator, d.guid).active for d in chosen)


def test_devices_rename(sdk: SDKClient, emulator: Emulator) -> None:
    first, second = free_devices(emulator)[:2]
    rows = [{"guid": first.guid, "name": "Ärzte-Laptop \u2603"}, {"GUID": second.guid, "New Name": "kiosk, lobby"}]
    summary = pycpg.bulk.run(sdk, ACTIONS["devices.rename"], rows)
    assert _statuses(summary) == ["ok", "ok"]
    assert device(emulator, first.guid).name == "Ärzte-Laptop \u2603"
    assert device(emulator, second.guid).name == "kiosk, lobby"


def test_a_device_on_legal_hold_fails_and_its_write_is_sent_once(sdk: SDKClient, emulator: Emulator) -> None:
    held = free_devices(emulator)[0]
    emulator.place_on_legal_hold(held.user.user_uid)
    emulator.clear_journal()
    summary = pycpg.bulk.run(sdk, ACTIONS["devices.deactivate"], [{"guid": held.guid}])
    (result,) = summary.results or []
    assert result.status == "failed" and "legal hold" in result.error.lower()
    assert len(writes(emulator)) == 1 and device(emulator, held.guid).active


# -- users --------------------------------------------------------------------------------------


def test_users_deactivate_and_reactivate_by_username_or_uid(sdk: SDKClient, emulator: Emulator) -> None:
    first, second = free_users(emulator)[:2]
    rows = [{"user": first.username}, {"userUid": second.user_uid}]
    assert _statuses(pycpg.bulk.run(sdk, ACTIONS["users.deactivate"], rows)) == ["ok", "ok"]
    assert not user(emulator, first.user_uid).active and not user(emulator, second.user_uid).active
    assert _statuses(pycpg.bulk.run(sdk, ACTIONS["users.reactivate"], rows)) == ["ok", "ok"]
    assert user(emulator, first.user_uid).active and user(emulator, second.user_uid).active


def test_users_move_by_org_uid_and_by_org_id(sdk: SDKClient, emulator: Emulator, tmp_path: Path) -> None:
    first, second = free_users(emulator)[:2]
    target = next(org for org in emulator.tenant.orgs if org is not first.org and org is not second.org)
    path = write_csv(tmp_path / "move.csv", "username,org_id",
                     [f"{first.username},{target.org_uid}", f"{second.username},{target.org_id}",
                      "nobody@example.invalid,1", f"{first.username},no-such-org"])
    summary = pycpg.bulk.run(sdk, ACTIONS["users.move"], path)
    assert _statuses(summary) == ["ok", "ok", "failed", "failed"]
    results = summary.results or []
    assert user(emulator, first.user_uid).org is target and user(emulator, second.user_uid).org is target
    assert "no user is named 'nobody@example.invalid'" in results[2].error
    assert "no org has uid or id 'no-such-org'" in results[3].error


def test_users_move_reports_an_unknown_org(sdk: SDKClient, emulator: Emulator) -> None:
    chosen = free_users(emulator)[0]
    summary = pycpg.bulk.run(sdk, ACTIONS["users.move"], [{"username": chosen.username, "org": "no-such-org"}])
    (result,) = summary.results or []
    assert result.status == "failed" and "no org has uid or id 'no-such-org'" in result.error
    assert writes(emulator) == []


def test_users_add_and_remove_roles(sdk: SDKClient, emulator: Emulator) -> None:
    chosen = free_users(emulator)[0]
    role = next(r for r in emulator.tenant.roles if r not in chosen.roles)
    rows = [{"username": chosen.username, "role_name": role.role_name}, {"username": chosen.username, "role": "Nope"}]
    added = pycpg.bulk.run(sdk, ACTIONS["users.add-roles"], rows)
    assert _statuses(added) == ["ok", "failed"]
    assert role.role_name in {r.role_name for r in user(emulator, chosen.user_uid).roles}
    assert "no role is named 'Nope'" in (added.results or [])[1].error
    removed = pycpg.bulk.run(sdk, ACTIONS["users.remove-roles"], rows[:1])
    assert _statuses(removed) == ["ok"]
    assert role.role_name not in {r.role_name for r in user(emulator, chosen.user_uid).roles}


def test_users_update_changes_only_the_given_details(sdk: SDKClient, emulator: Emulator, tmp_path: Path) -> None:
    chosen = free_users(emulator)[0]
    before_last, before_email = chosen.last_name, chosen.email
    path = write_csv(tmp_path / "update.csv",
                     "user_uid,username,email,password,first_name,last_name,notes,archive_size_quota",
                     [f"{chosen.user_uid},,,S3cret-Passw0rd!,Zoë,,\"notes, with comma\",1048576"])
    summary = pycpg.bulk.run(sdk, ACTIONS["users.update"], path, results=tmp_path / "results.csv")
    assert summary.counts["ok"] == 1
    after = user(emulator, chosen.user_uid)
    assert (after.first_name, after.notes, after.quota_in_bytes) == ("Zoë", "notes, with comma", 1048576)
    assert (after.last_name, after.email) == (before_last, before_email)
    written = (tmp_path / "results.csv").read_text(encoding="utf-8")
    assert "S3cret" not in written and "***" in written  # the password never reaches the results


# -- legal hold ---------------------------------------------------------------------------------


def test_legal_hold_add_and_remove(sdk: SDKClient, emulator: Emulator, tmp_path: Path) -> None:
    matter = next(m for m in emulator.tenant.legal_hold.matters if m.active)
    members = {m.user.user_uid for m in emulator.tenant.legal_hold.memberships if m.matter is matter and m.active}
    newcomers = [u for u in free_users(emulator) if u.user_uid not in members][:2]
    path = write_csv(tmp_path / "hold.csv", "matter_id,username",
                     [f"{matter.legal_hold_uid},{u.username}" for u in newcomers])

    added = pycpg.bulk.run(sdk, ACTIONS["legal-hold.add"], path)
    assert _statuses(added) == ["ok", "ok"]
    active = {m.user.user_uid for m in emulator.tenant.legal_hold.memberships if m.matter is matter and m.active}
    assert {u.user_uid for u in newcomers} <= active

    emulator.clear_journal()
    again = pycpg.bulk.run(sdk, ACTIONS["legal-hold.add"], path)
    assert all("already a custodian" in r.outcome for r in again.results or []) and writes(emulator) == []

    removed = pycpg.bulk.run(sdk, ACTIONS["legal-hold.remove"], path)
    assert _statuses(removed) == ["ok", "ok"]
    active = {m.user.user_uid for m in emulator.tenant.legal_hold.memberships if m.matter is matter and m.active}
    assert not {u.user_uid for u in newcomers} & active


def test_legal_hold_add_to_an_unknown_matter_fails(sdk: SDKClient, emulator: Emulator) -> None:
    chosen = free_users(emulator)[0]
    summary = pycpg.bulk.run(sdk, ACTIONS["legal-hold.add"], [{"matterId": "404404", "username": chosen.username}])
    (result,) = summary.results or []
    assert result.status == "failed" and "no legal-hold matter 404404" in result.error
    assert writes(emulator) == []


# -- dry runs -----------------------------------------------------------------------------------


def _dry_rows(emulator: Emulator) -> dict[str, list[dict[str, object]]]:
    free = free_users(emulator)[0]
    inactive_device = next(d for d in emulator.tenant.devices if not d.active)
    active_device = free_devices(emulator)[0]
    matter = next(m for m in emulator.tenant.legal_hold.matters if m.active)
    member = next(m for m in emulator.tenant.legal_hold.memberships if m.holds)
    other_org = next(o for o in emulator.tenant.orgs if o is not free.org)
    role = next(r for r in emulator.tenant.roles if r not in free.roles)
    return {
        "devices.deactivate": [{"guid": active_device.guid}],
        "devices.reactivate": [{"guid": inactive_device.guid}],
        "devices.rename": [{"guid": active_device.guid, "name": "renamed"}],
        "users.deactivate": [{"username": free.username}],
        "users.reactivate": [{"username": next(u for u in emulator.tenant.users if not u.active).username}],
        "users.move": [{"username": free.username, "org_id": other_org.org_uid}],
        "users.add-roles": [{"username": free.username, "role_name": role.role_name}],
        "users.remove-roles": [{"username": free.username, "role_name": free.roles[0].role_name}],
        "users.update": [{"user_uid": free.user_uid, "first_name": "Dry", "password": "Run-Passw0rd"}],
        "legal-hold.add": [{"matter_id": matter.legal_hold_uid, "username": free.username}],
        "legal-hold.remove": [{"matter_id": member.matter.legal_hold_uid, "user_uid": member.user.user_uid}],
    }


def test_every_action_has_a_dry_run_case() -> None:
    assert set(_dry_rows(Emulator(seed=7, now="2026-01-01T00:00:00+00:00"))) == set(ACTIONS)


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_a_dry_run_sends_no_write_and_says_what_would_change(sdk: SDKClient, emulator: Emulator, name: str) -> None:
    rows = _dry_rows(emulator)[name]
    snapshot: Callable[[], object] = lambda: (
        [(d.name, d.active) for d in emulator.tenant.devices],
        [(u.active, u.org.org_id, [r.role_id for r in u.roles], u.first_name) for u in emulator.tenant.users],
        [(m.active, m.user.user_uid) for m in emulator.tenant.legal_hold.memberships],
    )
    before = snapshot()
    summary = pycpg.bulk.run(sdk, ACTIONS[name], rows, dry_run=True)
    (result,) = summary.results or []
    assert result.status == "dry-run", result.error
    assert result.outcome.startswith("would "), result.outcome
    assert emulator.journal and writes(emulator) == []  # it read, and only read
    assert snapshot() == before
