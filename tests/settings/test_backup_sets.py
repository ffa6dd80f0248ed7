"""BackupSet and TrackedFileSelectionList: round trips through the emulator, locks, legal hold."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from pycpg.clients.settings.device_settings import BackupSet, DeviceSettings, TrackedFileSelectionList
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgBadRequestError, PycpgError
from pycpg.sdk import SDKClient
from tests.settings.support import (
    backup_config,
    change,
    device_where,
    has_locked_sets,
    held_device,
    plain_device,
    set_count,
    stored_settings,
)


def _first_set(settings: DeviceSettings) -> BackupSet:
    return settings.backup_sets[0]


def _stored_first_set(emulator: Emulator, device: Any) -> dict[str, Any]:
    sets = backup_config(stored_settings(emulator, device))["backupConfig"]["backupSets"]
    first: dict[str, Any] = sets[0] if isinstance(sets, list) else sets["backupSet"]
    return first


FILE_LISTS: list[tuple[str, Callable[[str], str], str]] = [
    ("included_files", lambda home: f"{home}Music/", "@include"),
    ("excluded_files", lambda home: f"{home}Videos/", "@exclude"),
    ("filename_exclusions", lambda home: r".*\.iso$", "@regex"),
]


@pytest.mark.parametrize(("attribute", "new_item", "wire_key"), FILE_LISTS, ids=[f[0] for f in FILE_LISTS])
def test_file_lists_round_trip(emulator: Emulator, sdk: SDKClient, attribute: str,
                               new_item: Callable[[str], str], wire_key: str) -> None:
    device = plain_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    tracked: TrackedFileSelectionList = getattr(_first_set(settings), attribute)
    old = list(tracked)
    item = new_item(settings.data["settings"]["userHome"])
    tracked.append(item)
    assert settings.changes == {attribute: change(old, [*old, item])}
    sdk.devices.update_settings(settings)

    again = sdk.devices.get_settings(device.guid)
    assert list(getattr(_first_set(again), attribute)) == [*old, item]
    stored = _stored_first_set(emulator, device)["backupPaths"]
    if wire_key == "@regex":
        assert stored["excludeUser"]["patternList"]["pattern"] == [{"@regex": value} for value in [*old, item]]
    else:
        entries = [entry[wire_key] for entry in stored["pathset"]["paths"]["path"] if wire_key in entry]
        assert entries == [*old, item]

    getattr(_first_set(again), attribute).remove(item)
    assert again.changes == {attribute: change([*old, item], old)}
    sdk.devices.update_settings(again)
    assert list(getattr(_first_set(sdk.devices.get_settings(device.guid)), attribute)) == old


def test_serialised_selection_shape(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    backup_set = _first_set(settings)
    os_name = backup_set.data["backupPaths"]["pathset"][0]["@os"]
    windows = copy.deepcopy(backup_set.data["backupPaths"]["excludeUser"][0]["windows"])
    backup_set.included_files = ["/a/", "/b/"]
    backup_set.excluded_files = ("/a/tmp/",)
    backup_set.filename_exclusions = [r".*\.x$"]
    assert backup_set.data["backupPaths"]["pathset"] == {"paths": {
        "@os": os_name,
        "path": [{"@include": "/a/", "@und": "false"}, {"@include": "/b/", "@und": "false"},
                 {"@exclude": "/a/tmp/", "@und": "false"}],
        "@cleared": "false",
    }}
    assert backup_set.data["backupPaths"]["excludeUser"] == {"patternList": {
        "pattern": [{"@regex": r".*\.x$"}], "windows": windows,
        "macintosh": {"pattern": []}, "linux": {"pattern": []},
    }}
    backup_set.included_files.clear()
    assert backup_set.data["backupPaths"]["pathset"] == {"paths": {"@os": os_name, "path": [], "@cleared": "true"}}
    sdk.devices.update_settings(settings)
    again = _first_set(sdk.devices.get_settings(device.guid))
    assert (list(again.included_files), list(again.excluded_files)) == ([], [])


def test_setters_accept_only_lists_and_tuples(emulator: Emulator, sdk: SDKClient) -> None:
    backup_set = _first_set(sdk.devices.get_settings(plain_device(emulator).guid))
    before = copy.deepcopy(backup_set.data)
    with pytest.raises(AttributeError, match="must be a list or tuple"):
        backup_set.included_files = "/a/"  # type: ignore[assignment]
    assert backup_set.data == before


def test_destinations_add_lock_unlock_remove_round_trip(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    names = {d.guid: d.name for d in emulator.tenant.destinations}
    settings = sdk.devices.get_settings(device.guid)
    original = _first_set(settings).destinations
    assert original == {usage.destination.guid: usage.destination.name for usage in device.backup_usage}
    spare = next(guid for guid in names if guid not in original)

    _first_set(settings).add_destination(spare)
    added = {**original, spare: names[spare]}
    assert settings.changes == {"destinations": change(original, added)}
    sdk.devices.update_settings(settings)
    settings = sdk.devices.get_settings(device.guid)
    assert _first_set(settings).destinations == added

    _first_set(settings).lock_destination(int(spare) if spare.isdigit() else spare)
    locked = {**original, spare: f"{names[spare]} <LOCKED>"}
    assert settings.changes == {"destinations": change(added, locked)}
    sdk.devices.update_settings(settings)
    settings = sdk.devices.get_settings(device.guid)
    assert _first_set(settings).destinations == locked
    assert {"@id": spare, "@locked": "true"} in _stored_first_set(emulator, device)["destinations"]

    _first_set(settings).unlock_destination(spare)
    sdk.devices.update_settings(settings)
    settings = sdk.devices.get_settings(device.guid)
    assert _first_set(settings).destinations == added

    _first_set(settings).remove_destination(spare)
    assert settings.changes == {"destinations": change(added, original)}
    sdk.devices.update_settings(settings)
    assert _first_set(sdk.devices.get_settings(device.guid)).destinations == original


def test_removing_every_destination_clears_the_set(emulator: Emulator, sdk: SDKClient) -> None:
    device = plain_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    backup_set = _first_set(settings)
    for guid in list(backup_set.destinations):
        backup_set.remove_destination(guid)
    assert backup_set.data["destinations"] == {"@cleared": "true"} and backup_set.destinations == {}
    sdk.devices.update_settings(settings)
    assert _stored_first_set(emulator, device)["destinations"] == {"@cleared": "true"}
    again = sdk.devices.get_settings(device.guid)
    guid = emulator.tenant.destinations[0].guid
    _first_set(again).add_destination(guid)
    assert _first_set(again).data["destinations"] == [{"@id": guid}]


def test_destination_errors(emulator: Emulator, sdk: SDKClient) -> None:
    settings = sdk.devices.get_settings(plain_device(emulator).guid)
    backup_set = _first_set(settings)
    not_added = next(guid for guid in settings.available_destinations if guid not in backup_set.destinations)
    before = copy.deepcopy(backup_set.data)
    for method in (backup_set.add_destination, backup_set.remove_destination, backup_set.lock_destination):
        with pytest.raises(PycpgError, match="Invalid destination guid or destination not offered"):
            method("123")
    for method in (backup_set.lock_destination, backup_set.unlock_destination):
        with pytest.raises(PycpgError, match="Destination is not added to device, unable to lock."):
            method(not_added)
    assert backup_set.data == before and settings.changes == {}


def test_locked_set_refuses_file_changes(emulator: Emulator, sdk: SDKClient) -> None:
    device = device_where(emulator, has_locked_sets)
    settings = sdk.devices.get_settings(device.guid)
    [backup_set] = settings.backup_sets
    assert backup_set.locked
    before = copy.deepcopy(settings.data)
    tracked = backup_set.included_files
    edits: list[Callable[[], Any]] = [
        lambda: tracked.append("/x/"), lambda: tracked.extend(["/x/"]), lambda: tracked.insert(0, "/x/"),
        lambda: tracked.pop(), lambda: tracked.remove(tracked[0]), tracked.clear, tracked.sort, tracked.reverse,
        lambda: tracked.__setitem__(0, "/x/"), lambda: tracked.__delitem__(0),
        lambda: tracked.__setitem__(slice(0, 1), ["/x/"]), lambda: tracked.__iadd__(["/x/"]),
        lambda: setattr(backup_set, "excluded_files", ["/x/"]),
        lambda: backup_set.filename_exclusions.append("x"),
    ]
    for edit in edits:
        with pytest.raises(AttributeError, match="Unable to modify locked backup set."):
            edit()
    assert settings.data == before and settings.changes == {}


def test_locked_backup_sets_are_rejected_by_the_server_when_changed(emulator: Emulator, sdk: SDKClient) -> None:
    device = device_where(emulator, has_locked_sets)
    settings = sdk.devices.get_settings(device.guid)
    backup_set = settings.backup_sets[0]
    spare = next(guid for guid in settings.available_destinations if guid not in backup_set.destinations)
    backup_set.add_destination(spare)  # allowed locally, as in pycpg 1.0
    with pytest.raises(PycpgBadRequestError) as caught:
        sdk.devices.update_settings(settings)
    assert "Locked setting: settings.serviceBackupConfig.backupConfig.backupSets" in caught.value.response.text


def test_legal_hold_sets_are_hidden_and_kept(emulator: Emulator, sdk: SDKClient) -> None:
    device = held_device(emulator)
    settings = sdk.devices.get_settings(device.guid)
    raw_sets = backup_config(settings.data["settings"])["backupConfig"]["backupSets"]
    assert len(raw_sets) == 2 and raw_sets[1]["destinations"]["@locked"] == "true"
    assert len(settings.backup_sets) == 1
    settings.backup_sets[0].included_files.append("/held/")
    sdk.devices.update_settings(settings)
    assert set_count(stored_settings(emulator, device)) == 1
    again = sdk.devices.get_settings(device.guid)
    assert "/held/" in again.backup_sets[0].included_files
    assert len(backup_config(again.data["settings"])["backupConfig"]["backupSets"]) == 2


def test_tracked_list_operations_write_through(emulator: Emulator, sdk: SDKClient) -> None:
    settings = sdk.devices.get_settings(plain_device(emulator).guid)
    backup_set = _first_set(settings)
    tracked = backup_set.filename_exclusions
    tracked[:] = ["b", "a", "c"]
    tracked[0] = "d"
    del tracked[1]
    tracked += ["e"]
    tracked.insert(index=0, object="f")
    assert tracked.pop(index=0) == "f"
    tracked.sort()
    tracked.reverse()
    assert list(tracked) == ["e", "d", "c"]
    assert [p["@regex"] for p in backup_set.data["backupPaths"]["excludeUser"]["patternList"]["pattern"]] == [
        "e", "d", "c"]
    assert tracked[1:] == ["d", "c"] and type(tracked[1:]) is list
    assert tracked.copy() == ["e", "d", "c"] and tracked + ["z"] == ["e", "d", "c", "z"]
    assert tracked == ["e", "d", "c"] and repr(tracked) == "['e', 'd', 'c']"


def test_backup_set_repr_and_str(emulator: Emulator, sdk: SDKClient) -> None:
    backup_set = _first_set(sdk.devices.get_settings(plain_device(emulator).guid))
    assert repr(backup_set) == "<BackupSet: id: 1, name: 'BackupSet'>"
    assert str(backup_set) == str(backup_set.data)
    backup_set.data["name"] = {"#text": "Locked name", "@locked": "true"}
    assert repr(backup_set) == "<BackupSet: id: 1, name: 'Locked name'>"


def test_backup_set_name_and_id_read_the_wire_strings(emulator: Emulator, sdk: SDKClient) -> None:
    two = device_where(emulator, lambda s: set_count(s) == 2)
    locked = device_where(emulator, has_locked_sets)
    for device in (plain_device(emulator), two, locked):
        sets = sdk.devices.get_settings(device.guid).backup_sets
        assert sets
        for backup_set in sets:
            assert backup_set.id == backup_set["@id"] and isinstance(backup_set.id, str)
            assert backup_set.name == backup_set["name"] and isinstance(backup_set.name, str)
        assert sets[0].id == "1" and sets[0].name == "BackupSet"
    second = sdk.devices.get_settings(two.guid).backup_sets[1]
    assert second.id.isdigit() and len(second.id) == 18
    assert second.name in ("Projects", "Photos", "Source code")


def test_backup_set_name_reads_through_a_lock(emulator: Emulator, sdk: SDKClient) -> None:
    backup_set = _first_set(sdk.devices.get_settings(plain_device(emulator).guid))
    backup_set.data["name"] = {"#text": "Locked name", "@locked": "true"}
    assert backup_set.name == "Locked name"
    assert backup_set["name"] == {"#text": "Locked name", "@locked": "true"}  # pycpg 1.0's subscripting


@pytest.mark.parametrize("position", [1, 2], ids=["plain-defaults", "locked-defaults"])
def test_org_default_backup_set_name_and_id(emulator: Emulator, sdk: SDKClient, position: int) -> None:
    defaults = sdk.orgs.get_settings(emulator.tenant.orgs[position].org_id).device_defaults
    assert defaults is not None
    (backup_set,) = defaults.backup_sets
    assert (backup_set.id, backup_set.name) == ("1", "BackupSet")
