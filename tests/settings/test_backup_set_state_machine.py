"""A BackupSet under random edits stays equal to a plain-list model (hypothesis.stateful).

Lists are edited with every list operation (keyword arguments included),
destinations are added, removed, locked and unlocked, and the set's own lock is
toggled. After every step the set's document must equal the model serialised
by hand, ``changes`` must log exactly the differences from the start, and a
locked set must have refused its edits without touching the document.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pycpg.clients.settings.device_settings import BackupSet, DeviceSettings, TrackedFileSelectionList
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgError
from tests.settings.support import change, has_locked_sets, set_count


def _device_documents() -> list[tuple[dict[str, Any], int]]:
    """(device document, backup-set index): a plain set, a Windows set, a second set, a locked set."""
    tenant = Emulator(seed=11).tenant
    documents: list[tuple[dict[str, Any], int]] = []
    wanted: dict[str, Callable[[str, dict[str, Any]], bool]] = {
        "plain": lambda os, s: os != "win" and not has_locked_sets(s) and set_count(s) == 1,
        "windows": lambda os, s: os == "win" and not has_locked_sets(s) and set_count(s) == 1,
        "second": lambda os, s: not has_locked_sets(s) and set_count(s) == 2,
        "locked": lambda os, s: has_locked_sets(s),
    }
    for kind, accept in wanted.items():
        for device in tenant.devices:
            extras = tenant.settings_docs.device_extras(tenant, device)
            if accept(device.os_name, extras["settings"]):
                documents.append(({**device.to_wire(), **extras}, 1 if kind == "second" else 0))
                break
    return documents


DOCUMENTS = _device_documents()
LISTS = ("included_files", "excluded_files", "filename_exclusions")
ITEMS = st.sampled_from(["/a/", "/b/", "/c/", r".*\.tmp$"]) | st.text(alphabet="xyz/", min_size=1, max_size=3)
INDEXES = st.integers(min_value=-4, max_value=4)
BAD_GUID = "999"

ListOp = Callable[[Any], Any]


def _os_patterns(backup_paths: dict[str, Any]) -> dict[str, Any]:
    exclude_user = backup_paths["excludeUser"]
    group = exclude_user["patternList"] if isinstance(exclude_user, dict) else exclude_user[0]
    return {key: {"pattern": list(group[key]["pattern"])} for key in ("windows", "macintosh", "linux")}


def _os_name(backup_paths: dict[str, Any]) -> str:
    pathset = backup_paths["pathset"]
    group = pathset["paths"] if isinstance(pathset, dict) else pathset[0]
    name: str = group["@os"]
    return name


class BackupSetMachine(RuleBasedStateMachine):
    settings_object: DeviceSettings
    backup_set: BackupSet

    @initialize(source=st.sampled_from(DOCUMENTS))
    def start(self, source: tuple[dict[str, Any], int]) -> None:
        document, index = source
        self.settings_object = DeviceSettings(copy.deepcopy(document))
        self.backup_set = self.settings_object.backup_sets[index]
        self.lists = {name: list(getattr(self.backup_set, name)) for name in LISTS}
        self.original_lists = copy.deepcopy(self.lists)
        self.original_paths = copy.deepcopy(self.backup_set.data["backupPaths"])
        self.os_name = _os_name(self.original_paths)
        self.os_patterns = _os_patterns(self.original_paths)
        self.available = self.settings_object.available_destinations
        self.destinations: list[list[Any]] = [[guid, False] for guid in self.backup_set.destinations]
        self.original_destinations = self._shown_destinations()
        self.rebuilt = False

    # -- the model -----------------------------------------------------------------

    def _shown_destinations(self) -> dict[str, str]:
        return {guid: self.available[guid] + (" <LOCKED>" if locked else "") for guid, locked in self.destinations}

    def _expected_changes(self) -> dict[str, str]:
        expected = {
            name: change(self.original_lists[name], self.lists[name])
            for name in LISTS if set(self.lists[name]) != set(self.original_lists[name])
        }
        if self._shown_destinations() != self.original_destinations:
            expected["destinations"] = change(self.original_destinations, self._shown_destinations())
        return expected

    def _expected_paths(self) -> dict[str, Any]:
        includes = self.lists["included_files"]
        entries = [{"@include": path, "@und": "false"} for path in includes]
        entries += [{"@exclude": path, "@und": "false"} for path in self.lists["excluded_files"]]
        paths = self.original_paths.get("lastModified")
        return {
            "lastModified": paths,
            "pathset": {"paths": {"@os": self.os_name, "path": entries if includes else [],
                                  "@cleared": "false" if includes else "true"}},
            "excludeUser": {"patternList": {
                "pattern": [{"@regex": regex} for regex in self.lists["filename_exclusions"]],
                **copy.deepcopy(self.os_patterns),
            }},
        }

    def _expected_destinations(self) -> Any:
        if not self.destinations:
            return {"@cleared": "true"}
        return [{"@id": guid, "@locked": "true"} if locked else {"@id": guid} for guid, locked in self.destinations]

    @invariant()
    def document_matches_model(self) -> None:
        data = self.backup_set.data
        assert data["backupPaths"] == (self._expected_paths() if self.rebuilt else self.original_paths)
        assert {name: list(getattr(self.backup_set, name)) for name in LISTS} == self.lists
        assert data["destinations"] == self._expected_destinations()
        assert self.backup_set.destinations == self._shown_destinations()
        assert self.settings_object.changes == self._expected_changes()

    # -- list edits ------------------------------------------------------------------

    def _edit(self, name: str, on_model: ListOp, on_tracked: Callable[[TrackedFileSelectionList], Any]) -> None:
        tracked: TrackedFileSelectionList = getattr(self.backup_set, name)
        before = copy.deepcopy(self.settings_object.data)
        if self.backup_set.locked:
            with pytest.raises(AttributeError, match="Unable to modify locked backup set."):
                on_tracked(tracked)
            assert self.settings_object.data == before
            return
        expected = list(self.lists[name])
        try:
            model_result = on_model(expected)
        except (IndexError, ValueError) as error:
            with pytest.raises(type(error)):
                on_tracked(tracked)
            assert self.settings_object.data == before
            return
        result = on_tracked(tracked)
        if model_result is not None and not isinstance(model_result, list):
            assert result == model_result
        self.lists[name] = expected
        self.rebuilt = True

    @rule(name=st.sampled_from(LISTS), item=ITEMS)
    def append(self, name: str, item: str) -> None:
        self._edit(name, lambda lst: lst.append(item), lambda t: t.append(item))

    @rule(name=st.sampled_from(LISTS), items=st.lists(ITEMS, max_size=3))
    def extend(self, name: str, items: list[str]) -> None:
        self._edit(name, lambda lst: lst.extend(items), lambda t: t.extend(items))

    @rule(name=st.sampled_from(LISTS), index=INDEXES, item=ITEMS)
    def insert(self, name: str, index: int, item: str) -> None:
        self._edit(name, lambda lst: lst.insert(index, item), lambda t: t.insert(index=index, object=item))

    @rule(name=st.sampled_from(LISTS), index=INDEXES)
    def pop(self, name: str, index: int) -> None:
        self._edit(name, lambda lst: lst.pop(index), lambda t: t.pop(index=index))

    @rule(name=st.sampled_from(LISTS), item=ITEMS)
    def remove(self, name: str, item: str) -> None:
        self._edit(name, lambda lst: lst.remove(item), lambda t: t.remove(item))

    @rule(name=st.sampled_from(LISTS))
    def clear(self, name: str) -> None:
        self._edit(name, lambda lst: lst.clear(), lambda t: t.clear())

    @rule(name=st.sampled_from(LISTS), index=INDEXES, item=ITEMS)
    def set_item(self, name: str, index: int, item: str) -> None:
        def assign(lst: Any) -> None:
            lst[index] = item

        self._edit(name, assign, assign)

    @rule(name=st.sampled_from(LISTS), start=INDEXES, stop=INDEXES, items=st.lists(ITEMS, max_size=3))
    def set_slice(self, name: str, start: int, stop: int, items: list[str]) -> None:
        def assign(lst: Any) -> None:
            lst[start:stop] = items

        self._edit(name, assign, assign)

    @rule(name=st.sampled_from(LISTS), index=INDEXES)
    def delete_item(self, name: str, index: int) -> None:
        def delete(lst: Any) -> None:
            del lst[index]

        self._edit(name, delete, delete)

    @rule(name=st.sampled_from(LISTS), start=INDEXES, stop=INDEXES)
    def delete_slice(self, name: str, start: int, stop: int) -> None:
        def delete(lst: Any) -> None:
            del lst[start:stop]

        self._edit(name, delete, delete)

    @rule(name=st.sampled_from(LISTS), reverse=st.booleans())
    def sort(self, name: str, reverse: bool) -> None:
        self._edit(name, lambda lst: lst.sort(reverse=reverse), lambda t: t.sort(reverse=reverse))

    @rule(name=st.sampled_from(LISTS))
    def reverse(self, name: str) -> None:
        self._edit(name, lambda lst: lst.reverse(), lambda t: t.reverse())

    @rule(name=st.sampled_from(LISTS), items=st.lists(ITEMS, max_size=3))
    def add_in_place_through_the_property(self, name: str, items: list[str]) -> None:
        def through_property(tracked: TrackedFileSelectionList) -> None:
            value = getattr(self.backup_set, name)
            value += items
            setattr(self.backup_set, name, value)

        self._edit(name, lambda lst: lst.extend(items), through_property)

    @rule(name=st.sampled_from(LISTS), n=st.integers(min_value=0, max_value=2))
    def multiply_in_place(self, name: str, n: int) -> None:
        def multiply(lst: Any) -> None:
            lst *= n

        self._edit(name, multiply, multiply)

    @rule(name=st.sampled_from(LISTS), items=st.lists(ITEMS, max_size=3), as_tuple=st.booleans())
    def assign_through_the_property(self, name: str, items: list[str], as_tuple: bool) -> None:
        value = tuple(items) if as_tuple else items
        self._edit(name, lambda lst: lst.__setitem__(slice(None), items),
                   lambda t: setattr(self.backup_set, name, value))

    # -- destinations and locks -----------------------------------------------------------

    def _destination(self, guid: str, action: Callable[[str], None], model: Callable[[], None],
                     needs_member: bool) -> None:
        before = copy.deepcopy(self.settings_object.data)
        if guid not in self.available:
            with pytest.raises(PycpgError, match="Invalid destination guid"):
                action(guid)
        elif needs_member and all(entry[0] != guid for entry in self.destinations):
            with pytest.raises(PycpgError, match="Destination is not added to device"):
                action(guid)
        else:
            action(guid)
            model()
            return
        assert self.settings_object.data == before

    def _guids(self) -> st.SearchStrategy[str]:
        return st.sampled_from([*self.available, BAD_GUID])

    @rule(data=st.data())
    def add_destination(self, data: st.DataObject) -> None:
        guid = data.draw(self._guids())

        def model() -> None:
            if all(entry[0] != guid for entry in self.destinations):
                self.destinations.append([guid, False])

        self._destination(guid, self.backup_set.add_destination, model, needs_member=False)

    @rule(data=st.data())
    def remove_destination(self, data: st.DataObject) -> None:
        guid = data.draw(self._guids())

        def model() -> None:
            self.destinations = [entry for entry in self.destinations if entry[0] != guid]

        self._destination(guid, self.backup_set.remove_destination, model, needs_member=False)

    @rule(data=st.data(), lock=st.booleans())
    def lock_or_unlock_destination(self, data: st.DataObject, lock: bool) -> None:
        guid = data.draw(self._guids())

        def model() -> None:
            for entry in self.destinations:
                if entry[0] == guid:
                    entry[1] = lock

        action = self.backup_set.lock_destination if lock else self.backup_set.unlock_destination
        self._destination(guid, action, model, needs_member=True)

    @rule()
    def toggle_set_lock(self) -> None:
        if self.backup_set.locked:
            del self.backup_set.data["@locked"]
        else:
            self.backup_set.data["@locked"] = "true"


TestBackupSetMachine = BackupSetMachine.TestCase
TestBackupSetMachine.settings = settings(
    max_examples=100, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_the_machine_starts_from_each_kind_of_set() -> None:
    assert len(DOCUMENTS) == 4
    sets = [DeviceSettings(copy.deepcopy(doc)).backup_sets[index] for doc, index in DOCUMENTS]
    assert [backup_set.locked for backup_set in sets] == [False, False, False, True]
    assert _os_patterns(sets[1].data["backupPaths"])["windows"]["pattern"], "a Windows set has OS patterns"
    assert isinstance(sets[2].data["backupPaths"]["pathset"][0].get("path", {}), dict), "one path: a bare dict"
