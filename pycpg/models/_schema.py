"""The JSON Schema of each public model, by name (also ``python -m pycpg.models``)."""

from __future__ import annotations

import difflib
import json
from typing import Any

from pycpg.models._base import PycpgModel

__all__ = ["json_schema", "json_schema_text", "schema_names"]


def _public_models() -> dict[str, type[PycpgModel]]:
    # Imported here: this module is imported by the package's __init__ itself.
    import pycpg.models

    found: dict[str, type[PycpgModel]] = {}
    for name in pycpg.models.__all__:
        value = getattr(pycpg.models, name)
        if isinstance(value, type) and issubclass(value, PycpgModel) and value is not PycpgModel:
            found[name] = value
    return found


def schema_names() -> list[str]:
    """The names of the public models (``Device``, ``DevicePage``, …), sorted."""
    return sorted(_public_models())


def _model(model: str | type[PycpgModel]) -> type[PycpgModel]:
    if isinstance(model, str):
        models = _public_models()
        if model not in models:
            close = difflib.get_close_matches(model, models, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ValueError(f"unknown model {model!r}{hint}")
        return models[model]
    if isinstance(model, type) and issubclass(model, PycpgModel) and model is not PycpgModel:
        return model
    raise TypeError(f"expected a model name or a PycpgModel subclass, got {model!r}")


def json_schema(model: str | type[PycpgModel]) -> dict[str, Any]:
    """The JSON Schema of a model, given by name (``"Device"``) or class.

    It is pydantic's ``model_json_schema(by_alias=True)``: what the model
    accepts, with the properties under their wire (camelCase) names, ``$defs``
    for nested models and value sets, the model docstrings as descriptions.

    Raises:
        ValueError: ``model`` is a name that is not in :func:`schema_names`.
        TypeError: ``model`` is neither a name nor a model class.
    """
    return _model(model).model_json_schema(by_alias=True)


def json_schema_text(model: str | type[PycpgModel]) -> str:
    """:func:`json_schema` as JSON text: indented by 2, keys sorted, ending in a newline
    (the form of ``python -m pycpg.models --schema NAME``)."""
    return json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
