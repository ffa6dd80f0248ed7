"""Required fields: what the API always sends must be there, and docs/models.md says why.

A minimal payload (only the required keys) is built for every model from its own
annotations, so a field made required or optional later is covered without
editing this file; docs/models.md must list exactly the required fields.
"""

from __future__ import annotations

import json
import re
import types
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import SecretStr, ValidationError

import pycpg.models
from pycpg.models import PycpgModel

DOC = Path(__file__).resolve().parents[2] / "docs" / "models.md"

MODELS: list[type[PycpgModel]] = sorted(
    (
        model
        for name in pycpg.models.__all__
        if isinstance(model := getattr(pycpg.models, name), type) and issubclass(model, PycpgModel)
        and model is not PycpgModel
    ),
    key=lambda model: model.__name__,
)


def _required(model: type[PycpgModel]) -> dict[str, str]:
    """Field name -> wire key of the required fields."""
    return {name: field.alias or name for name, field in model.model_fields.items() if field.is_required()}


def _sample(annotation: Any) -> Any:
    """A JSON value that fits ``annotation`` (``None`` where it may be null)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _sample(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        members = get_args(annotation)
        return None if type(None) in members else _sample(members[0])
    if origin is list:
        return []
    if isinstance(annotation, type):
        if issubclass(annotation, StrEnum):
            return next(iter(annotation)).value
        if issubclass(annotation, PycpgModel):
            return minimal(annotation)
        if issubclass(annotation, bool):
            return True
        if issubclass(annotation, int):
            return 7
        if issubclass(annotation, datetime):
            return "2020-10-12T16:55:40.632Z"
        if issubclass(annotation, str | SecretStr):
            return "x"
    raise AssertionError(f"no sample for {annotation!r}")


def minimal(model: type[PycpgModel]) -> dict[str, Any]:
    """A payload holding only ``model``'s required keys."""
    return {key: _sample(model.model_fields[name].annotation) for name, key in _required(model).items()}


WITH_REQUIRED = [model for model in MODELS if _required(model)]
REQUIRED_KEYS = [
    (model, key) for model in WITH_REQUIRED for key in _required(model).values()
]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_required_keys_alone_make_a_valid_payload(model: type[PycpgModel]) -> None:
    payload = minimal(model)

    parsed = model.model_validate(payload)
    assert parsed.model_fields_set == set(_required(model))
    assert model.model_validate_json(json.dumps(payload), strict=True) == parsed


@pytest.mark.parametrize(
    ("model", "key"), REQUIRED_KEYS, ids=[f"{model.__name__}.{key}" for model, key in REQUIRED_KEYS]
)
def test_a_payload_without_a_required_key_is_rejected_at_that_key(model: type[PycpgModel], key: str) -> None:
    payload = {k: v for k, v in minimal(model).items() if k != key}

    with pytest.raises(ValidationError) as caught:
        model.model_validate(payload)

    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [((key,), "missing")]


@pytest.mark.parametrize(
    ("model", "key"), REQUIRED_KEYS, ids=[f"{model.__name__}.{key}" for model, key in REQUIRED_KEYS]
)
def test_null_is_refused_unless_the_field_is_nullable(model: type[PycpgModel], key: str) -> None:
    name = next(name for name, wire in _required(model).items() if wire == key)
    nullable = _sample(model.model_fields[name].annotation) is None

    payload = {**minimal(model), key: None}
    if nullable:  # always sent, but may be null (a Windows root's id, an offline device's server)
        assert getattr(model.model_validate(payload), name) is None
    else:
        with pytest.raises(ValidationError) as caught:
            model.model_validate(payload)
        assert {e["loc"][0] for e in caught.value.errors()} == {key}  # a union reports once per member


def test_the_identities_named_by_the_brief_are_required() -> None:
    expected = {
        "Device": {"computer_id", "guid", "name", "status", "active"},
        "User": {"user_id", "user_uid", "username", "active"},
        "Org": {"org_id", "org_uid", "org_name"},
        "LegalHoldMatter": {"legal_hold_uid", "name"},
        "LegalHoldPolicy": {"legal_hold_policy_uid", "name"},
        "LegalHoldMembership": {"legal_hold_membership_uid"},
        "LegalHoldRef": {"legal_hold_uid", "name"},
        "LegalHoldEvent": {"event_uid", "event_type", "event_date"},
        "AuditLogEvent": {"event_type", "timestamp"},
        "DevicePage": {"computers"},
        "UserPage": {"users"},
        "OrgPage": {"orgs"},
    }
    for name, fields in expected.items():
        assert fields <= set(_required(getattr(pycpg.models, name))), name


def test_integer_ids_are_ints_that_lenient_parsing_coerces() -> None:
    ids: list[tuple[type[PycpgModel], str]] = [
        (pycpg.models.Device, "computer_id"), (pycpg.models.Device, "user_id"), (pycpg.models.Device, "org_id"),
        (pycpg.models.User, "user_id"), (pycpg.models.Org, "org_id"),
    ]  # fmt: skip
    for model, name in ids:
        key = _required(model)[name]
        assert getattr(model.model_validate({**minimal(model), key: "123"}), name) == 123
        with pytest.raises(ValidationError):
            model.model_validate({**minimal(model), key: "123"}, strict=True)


# --- docs/models.md ----------------------------------------------------------------------

_DOC_LINE = re.compile(r"^- `(?P<model>\w+)\.(?P<field>\w+): (?P<type>[^`]+)`(?P<rest>.*)$")


def _documented() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = _DOC_LINE.match(line)
        if match:
            key = (match["model"], match["field"])
            assert key not in found, f"{key} listed twice"
            found[key] = match["rest"]
    return found


def test_docs_list_exactly_the_required_fields() -> None:
    documented = _documented()
    actual = {(model.__name__, name) for model in MODELS for name in _required(model)}

    assert set(documented) == actual


def test_every_documented_field_gives_its_evidence() -> None:
    for (model, field), rest in _documented().items():
        assert re.match(r"( \([^)]*\))? — ", rest) and "emulator" in rest, f"{model}.{field}: {rest}"
