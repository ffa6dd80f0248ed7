"""Wire formats: ISO dates, JSON responses, envelopes and error bodies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from werkzeug.wrappers import Response

JSON_CONTENT_TYPE = "application/json;charset=UTF-8"

#: The zones the emulator writes dates in. ``ZULU`` prints as ``Z``; ``UTC`` as ``+00:00``.
ZULU = timezone(timedelta(0), "Z")
UTC = timezone.utc
CENTRAL = timezone(timedelta(hours=-6), "-06:00")
EASTERN = timezone(timedelta(hours=-5), "-05:00")
ZONES = (ZULU, UTC, CENTRAL, EASTERN)


def iso(moment: datetime) -> str:
    """Format an aware datetime as the API does: 3 fraction digits and an offset."""
    text = moment.isoformat(timespec="milliseconds")
    if moment.tzname() == "Z":
        return text.removesuffix("+00:00") + "Z"
    return text


def iso_or_none(moment: datetime | None) -> str | None:
    """Format an optional datetime; ``None`` stays ``None`` (JSON null)."""
    return None if moment is None else iso(moment)


def now_iso() -> str:
    """The current instant in wire format (UTC, ``Z``)."""
    return iso(datetime.now(ZULU))


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None, *,
                  compact: bool = False) -> Response:
    """Serialise ``body`` as a JSON response with the API's content type (``compact``: no spaces)."""
    return Response(
        json.dumps(body, separators=(",", ":")) if compact else json.dumps(body),
        status=status,
        headers=dict(headers or {}),
        content_type=JSON_CONTENT_TYPE,
    )


def v1_body(params: Mapping[str, str], data: Any) -> dict[str, Any]:
    """The ``/api/v1`` envelope: metadata (timestamp, echoed query) around ``data``."""
    return {"metadata": {"timestamp": now_iso(), "params": dict(params)}, "data": data}


def v3_body(data: Any) -> dict[str, Any]:
    """The ``/api/v3`` success envelope."""
    return {"data": data, "error": None, "warnings": None}


def v1_error_body(description: str, name: str = "SYSTEM") -> list[dict[str, str]]:
    """The v1 error body: a list of ``{name, description}`` objects."""
    return [{"name": name, "description": description}]


def v1_validation_body(code: str) -> list[dict[str, Any]]:
    """The v1 body of a rejected create/update: one ``BuilderException`` naming ``code``."""
    return [{"name": code, "description": "com.code42.core.BuilderException", "objects": []}]


def v38_error_body(problem: str, description: str | None = None) -> dict[str, Any]:
    """The v38 (microservice) error body."""
    return {"problem": problem, "description": description}


def v3_error_body(key: str) -> dict[str, Any]:
    """The v3 error envelope carrying one ``primaryErrorKey``."""
    return {"data": None, "error": [{"primaryErrorKey": key, "otherErrors": None}], "warnings": None}


class ApiError(Exception):
    """Raised by handlers and helpers to answer with an error response."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response

    @classmethod
    def v1(cls, status: int, description: str, name: str = "SYSTEM") -> ApiError:
        """An error with the v1 body shape."""
        return cls(json_response(v1_error_body(description, name), status))

    @classmethod
    def v3(cls, status: int, key: str) -> ApiError:
        """An error with the v3 envelope shape."""
        return cls(json_response(v3_error_body(key), status))

    @classmethod
    def v38(cls, status: int, problem: str) -> ApiError:
        """An error with the v38 ``{"problem", "description"}`` shape, compact (``"problem":"CODE"``)."""
        return cls(json_response(v38_error_body(problem), status, compact=True))

    @classmethod
    def v38_described(cls, status: int, problem: str, description: str) -> ApiError:
        """A v38 error whose ``description`` carries a message."""
        return cls(json_response(v38_error_body(problem, description), status, compact=True))

    @classmethod
    def validation(cls, code: str) -> ApiError:
        """A v1 validation failure: ``500`` with a ``BuilderException`` body."""
        return cls(json_response(v1_validation_body(code), 500))


def bad_request(description: str) -> ApiError:
    """400 with a v1 SYSTEM body."""
    return ApiError.v1(400, description)


def unauthorized() -> ApiError:
    """401 for a missing, unknown or expired bearer token."""
    return ApiError.v1(401, "Invalid or missing credentials")


def forbidden() -> ApiError:
    """403 for a principal lacking the permission."""
    return ApiError.v1(403, "Permission denied")


def not_found(description: str) -> ApiError:
    """404 with a v1 SYSTEM body."""
    return ApiError.v1(404, description)
