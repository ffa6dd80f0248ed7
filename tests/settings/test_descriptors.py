"""pycpg.clients.settings: path helpers, SettingProperty / TSettingProperty semantics, check_lock."""

from __future__ import annotations

from collections import UserDict
from typing import Any

import pytest

from pycpg.clients.settings import SettingProperty, TSettingProperty, check_lock, get_val, set_val, show_change
from pycpg.clients.settings._converters import bool_to_str, days_to_minutes, minutes_to_days, str_to_bool


class Sample(UserDict[str, Any]):
    """A minimal settings object: ``data``, ``changes`` and t-settings."""

    flag: SettingProperty[bool, bool | str] = SettingProperty("flag", ["a", "flag"], str_to_bool, bool_to_str)
    days: SettingProperty[float | int, float | int | str] = SettingProperty(
        "_days", ["a", "minutes"], minutes_to_days, days_to_minutes, inheritance_attr="inherited")
    inherited: SettingProperty[bool] = SettingProperty("inherited", ["inherits"])
    raw: SettingProperty[Any] = SettingProperty("raw", ["a", "raw"])
    toggle: TSettingProperty[bool, bool | str] = TSettingProperty("toggle", "t_toggle", str_to_bool, bool_to_str)

    def __init__(self, data: dict[str, Any], t_settings: dict[str, Any] | None = None) -> None:
        self.data = data
        self.changes: dict[str, str] = {}
        self._t_settings = t_settings or {}
        self._packets: dict[str, dict[str, Any]] = {}


def sample(minutes: str = "1440", inherits: bool = False) -> Sample:
    return Sample({"a": {"flag": "true", "minutes": minutes, "raw": {"@nil": "true"}}, "inherits": inherits},
                  {"t_toggle": {"value": "false", "locked": True}})


def test_path_helpers() -> None:
    doc: dict[str, Any] = {"a": {"b": 1}}
    assert get_val(doc, ["a", "b"]) == 1
    set_val(doc, ["a", "c", "d"], 2)
    assert doc == {"a": {"b": 1, "c": {"d": 2}}}
    with pytest.raises(KeyError):
        get_val(doc, ["x"])


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("a", "b", '"a" -> "b"'),
    (1, 2.5, "1 -> 2.5"),
    (True, False, "True -> False"),
    (None, "x", 'None -> "x"'),
    (["a"], ["a", "b"], "['a'] -> ['a', 'b']"),
])
def test_show_change(old: Any, new: Any, shown: str) -> None:
    assert show_change(old, new) == shown


def test_read_converts_and_write_stores_wire_values() -> None:
    item = sample()
    assert item.flag is True and item.days == 1
    item.flag = False
    item.days = 2.5
    assert item.data["a"] == {"flag": "false", "minutes": "3600", "raw": {"@nil": "true"}}
    assert item.changes == {"flag": '"true" -> "false"', "days": '"1440" -> "3600"'}  # wire values


def test_setting_back_to_the_initial_value_drops_the_change() -> None:
    item = sample()
    item.days = 3
    item.days = "1"
    assert item.changes == {}
    assert item.data["a"]["minutes"] == "1440"


def test_locked_value_is_read_from_text_and_written_into_it() -> None:
    item = sample()
    item.data["a"]["flag"] = {"#text": "true", "@locked": "true"}
    assert item.flag is True
    item.flag = False
    assert item.data["a"]["flag"] == {"#text": "false", "@locked": "true"}
    assert item.changes == {"flag": '"true" -> "false"'}


def test_nil_dicts_are_returned_whole() -> None:
    item = sample()
    assert item.raw == {"@nil": "true"}
    item.raw = "2048m"
    assert item.changes == {"raw": "{'@nil': 'true'} -> \"2048m\""}


def test_writing_a_value_turns_inheritance_off_first() -> None:
    item = sample(inherits=True)
    item.days = 4
    assert item.data["inherits"] is False
    assert item.changes == {"inherited": "True -> False", "days": '"1440" -> "5760"'}


def test_a_failed_conversion_changes_nothing() -> None:
    item = sample(inherits=True)
    with pytest.raises(ValueError, match="'soon'"):
        item.days = "soon"
    with pytest.raises(ValueError, match="'maybe'"):
        item.flag = "maybe"
    assert item.changes == {} and item.data["inherits"] is True and item.data["a"]["minutes"] == "1440"


def test_missing_location_is_created_on_write() -> None:
    item = Sample({})
    item.flag = True
    assert item.data == {"a": {"flag": "true"}}
    assert item.changes == {"flag": 'None -> "true"'}


def test_change_tracking_is_per_instance() -> None:
    # pycpg 1.0 kept the initial value on the class descriptor.
    first, second = sample("1440"), sample("4320")
    first.days = 5
    second.days = 5
    assert first.changes == {"days": '"1440" -> "7200"'}
    assert second.changes == {"days": '"4320" -> "7200"'}
    third = sample("4320")
    third.days = 1  # the *first* object's initial value: still a real change here
    assert third.changes == {"days": '"4320" -> "1440"'}


def toggle(item: Sample) -> bool | None:
    return item.toggle


def test_t_setting_reads_pending_packet_then_server_value() -> None:
    item = sample()
    assert toggle(item) is False
    item.toggle = True
    assert toggle(item) is True
    assert item._packets == {"t_toggle": {"key": "t_toggle", "value": "true", "locked": False}}
    assert item.changes == {"toggle": '"false" -> "true"'}
    item.toggle = "FALSE"
    assert item.changes == {}


def test_t_setting_absent_is_none() -> None:
    item = Sample({}, {})
    assert item.toggle is None
    item.toggle = False
    assert item.changes == {"toggle": 'None -> "false"'}


def test_t_setting_tracking_is_per_instance() -> None:
    first = Sample({}, {"t_toggle": {"value": "false"}})
    second = Sample({}, {"t_toggle": {"value": "true"}})
    first.toggle = True
    second.toggle = True
    assert first.changes == {"toggle": '"false" -> "true"'}
    assert second.changes == {}


class Guarded:
    def __init__(self, locked: bool) -> None:
        self.owner = type("Owner", (), {"locked": locked})()
        self.calls: list[tuple[Any, ...]] = []

    @check_lock("owner")
    def act(self, first: int, second: int = 0, *, third: int = 0) -> int:
        self.calls.append((first, second, third))
        return first + second + third


def test_check_lock_passes_keyword_arguments() -> None:
    guarded = Guarded(locked=False)
    assert guarded.act(1, second=2, third=3) == 6
    assert guarded.calls == [(1, 2, 3)]
    assert Guarded.act.__name__ == "act"


def test_check_lock_refuses_a_locked_owner() -> None:
    guarded = Guarded(locked=True)
    with pytest.raises(AttributeError, match="Unable to modify locked backup set."):
        guarded.act(1)
    assert guarded.calls == []


def test_descriptors_are_reachable_on_the_class() -> None:
    assert isinstance(Sample.flag, SettingProperty) and Sample.flag.location == ["a", "flag"]
    assert isinstance(Sample.toggle, TSettingProperty) and Sample.toggle.key == "t_toggle"


def test_a_missing_inheritance_flag_counts_as_off() -> None:
    item = Sample({"a": {"minutes": "1440"}})
    item.days = 2
    assert item.changes == {"days": '"1440" -> "2880"'} and "inherits" not in item.data
