"""How settings descriptors get their names: from the attribute (``at``), or given first (pycpg 1.0)."""

from __future__ import annotations

from collections import UserDict
from typing import Any

import pytest

from pycpg.documents import DeviceSettings, DeviceSettingsDefaults, OrgSettings, SettingProperty, TSettingProperty
from pycpg.documents.converters import bool_to_str, str_to_bool


class Doc(UserDict[str, Any]):
    learned: SettingProperty[int] = SettingProperty.at(["a", "learned"])
    given: SettingProperty[int] = SettingProperty("_old_name", ["a", "given"])
    toggle: TSettingProperty[bool, bool | str] = TSettingProperty.at("t_toggle", str_to_bool, bool_to_str)

    def __init__(self) -> None:
        self.data = {"a": {"learned": 1, "given": 2}}
        self.changes: dict[str, str] = {}
        self._t_settings: dict[str, Any] = {"t_toggle": {"value": "false"}}
        self._packets: dict[str, dict[str, Any]] = {}


def test_at_learns_the_attribute_name() -> None:
    assert Doc.learned.name == "learned" and Doc.toggle.name == "toggle"
    doc = Doc()
    doc.learned = 5
    doc.toggle = True
    assert doc.changes == {"learned": "1 -> 5", "toggle": '"false" -> "true"'}  # wire values


def test_a_name_given_to_the_constructor_is_kept() -> None:
    assert Doc.given.name == "_old_name"
    doc = Doc()
    doc.given = 3
    assert doc.changes == {"old_name": "2 -> 3"}


def test_one_learning_descriptor_cannot_take_two_names() -> None:
    prop: SettingProperty[int] = SettingProperty.at(["x"])
    prop.__set_name__(Doc, "first")
    prop.__set_name__(Doc, "first")  # the same name again is harmless
    with pytest.raises(TypeError, match="cannot also be assigned"):
        prop.__set_name__(Doc, "second")


def test_a_descriptor_that_never_learned_its_name_refuses_writes() -> None:
    prop: SettingProperty[int] = SettingProperty.at(["a", "learned"])
    doc = Doc()
    assert prop.__get__(doc, Doc) == 1
    with pytest.raises(TypeError, match="has no name"):
        prop.__set__(doc, 2)
    assert doc.data["a"]["learned"] == 1 and doc.changes == {}


@pytest.mark.parametrize("owner", [DeviceSettings, DeviceSettingsDefaults, OrgSettings])
def test_every_declared_setting_is_named_after_its_attribute(owner: type[object]) -> None:
    declared = {
        attr: value
        for cls in owner.__mro__
        for attr, value in vars(cls).items()
        if isinstance(value, (SettingProperty, TSettingProperty))
    }
    assert declared
    assert {attr: prop.name for attr, prop in declared.items()} == {attr: attr for attr in declared}
