"""The JSON Schema of every public model, checked against a committed snapshot.

``tests/models/schemas/<Name>.json`` holds what ``python -m pycpg.models --schema
<Name>`` prints (``pycpg.models._schema.json_schema_text``). Any change to a model
that shows in its schema (a field added, removed, retyped or made required, a value
set, a docstring) fails ``test_schema_matches_its_snapshot`` until the snapshots are
rewritten. When the change is meant, rewrite them and review their diff like code::

    PYCPG_UPDATE_SCHEMAS=1 .venv/bin/python -m pytest -q tests/models/test_schemas.py

With ``PYCPG_UPDATE_SCHEMAS=1`` the tests write every snapshot (and delete those of
models that no longer exist) instead of comparing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pycpg.models
from pycpg.models import Device, PycpgModel, json_schema, schema_names
from pycpg.models.__main__ import main
from pycpg.models._schema import json_schema_text

SNAPSHOTS = Path(__file__).resolve().parent / "schemas"
UPDATE = os.environ.get("PYCPG_UPDATE_SCHEMAS") == "1"
HOW_TO_UPDATE = (
    "the JSON Schema of {name} differs from tests/models/schemas/{name}.json; if the model "
    "change is meant, rewrite the snapshots with `PYCPG_UPDATE_SCHEMAS=1 .venv/bin/python -m pytest "
    "-q tests/models/test_schemas.py` and review their diff"
)

MODELS = {
    name: value
    for name in pycpg.models.__all__
    if isinstance(value := getattr(pycpg.models, name), type)
    and issubclass(value, PycpgModel)
    and value is not PycpgModel
}


@pytest.mark.parametrize("name", schema_names())
def test_schema_matches_its_snapshot(name: str) -> None:
    path = SNAPSHOTS / f"{name}.json"
    text = json_schema_text(name)
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), HOW_TO_UPDATE.format(name=name)
    assert path.read_text(encoding="utf-8") == text, HOW_TO_UPDATE.format(name=name)


def test_every_snapshot_belongs_to_a_model() -> None:
    stale = sorted({path.stem for path in SNAPSHOTS.glob("*.json")} - set(schema_names()))
    if UPDATE:
        for name in stale:
            (SNAPSHOTS / f"{name}.json").unlink()
        return
    assert not stale, f"snapshots of no model: {stale}; delete them (PYCPG_UPDATE_SCHEMAS=1 does)"


def test_schema_names_are_the_public_models() -> None:
    assert schema_names() == sorted(MODELS)
    assert "Device" in schema_names() and "PycpgModel" not in schema_names()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_schema_describes_the_wire_keys(name: str) -> None:
    model = MODELS[name]
    schema = json_schema(name)

    assert schema == json_schema(model) == model.model_json_schema(by_alias=True)
    assert schema["title"] == name and schema["type"] == "object"
    wire = {field.alias or field_name: field for field_name, field in model.model_fields.items()}
    assert set(schema["properties"]) == set(wire)
    assert set(schema.get("required", [])) == {key for key, field in wire.items() if field.is_required()}
    assert schema.get("additionalProperties") is True  # unknown keys are kept


def test_a_date_field_is_a_date_time_string() -> None:
    last_connected = json_schema(Device)["properties"]["lastConnected"]

    assert {"format": "date-time", "type": "string"} in last_connected.get("anyOf", [last_connected])


def test_unknown_name_and_wrong_type_are_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown model 'Devise' \(did you mean Device"):
        json_schema("Devise")
    with pytest.raises(TypeError):
        json_schema(PycpgModel)
    with pytest.raises(TypeError):
        json_schema(dict)  # type: ignore[arg-type]


def test_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--schema", "Device"]) == 0

    out = capsys.readouterr().out
    assert out == json_schema_text("Device")
    assert json.loads(out) == json_schema("Device")
    assert out.startswith('{\n  "')


def test_command_lists_the_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0

    assert capsys.readouterr().out.splitlines() == schema_names()


def test_command_refuses_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--schema", "NoSuchModel"])

    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown model 'NoSuchModel'" in captured.err and "--list" in captured.err


def test_command_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([])

    assert caught.value.code == 2
    assert "--schema" in capsys.readouterr().err


def test_module_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pycpg.models", "--schema", "LoginConfig"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "LoginConfig"

    done = subprocess.run(
        [sys.executable, "-m", "pycpg.models", "--schema", "Nope"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 2 and done.stdout == "" and "unknown model 'Nope'" in done.stderr
