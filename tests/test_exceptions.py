"""pycpg.exceptions: hierarchy, signatures, messages, status mapping, transport wrapping."""

from __future__ import annotations

import inspect
import logging
import socket
from collections.abc import Callable
from typing import Any

import pydantic
import pytest
import requests
import requests.exceptions as rex

import pycpg.exceptions as ex
from pycpg.exceptions import (
    PycpgActiveLegalHoldError,
    PycpgArchiveFileNotFoundError,
    PycpgBadRequestError,
    PycpgBadRestoreRequestError,
    PycpgChecksumNotFoundError,
    PycpgConflictError,
    PycpgConnectionError,
    PycpgConnectTimeoutError,
    PycpgDeviceNotConnectedError,
    PycpgError,
    PycpgFeatureUnavailableError,
    PycpgForbiddenError,
    PycpgHTTPError,
    PycpgInternalServerError,
    PycpgInvalidArchiveEncryptionKey,
    PycpgInvalidArchivePassword,
    PycpgInvalidEmailError,
    PycpgInvalidPageTokenError,
    PycpgInvalidPasswordError,
    PycpgInvalidUsernameError,
    PycpgLegalHoldAlreadyActiveError,
    PycpgLegalHoldAlreadyDeactivatedError,
    PycpgLegalHoldCriteriaMissingError,
    PycpgLegalHoldNotFoundOrPermissionDeniedError,
    PycpgMFARequiredError,
    PycpgIndexError,
    PycpgInvalidIdError,
    PycpgRoleNotAssignedError,
    PycpgKeyError,
    PycpgModelError,
    PycpgRestoreTimeoutError,
    PycpgNotFoundError,
    PycpgOrgNotFoundError,
    PycpgProxyError,
    PycpgReadTimeoutError,
    PycpgRedirectError,
    PycpgResponseError,
    PycpgResponseTooDeepError,
    PycpgResponseTooLargeError,
    PycpgSessionInitializationError,
    PycpgSSLError,
    PycpgStreamConsumedError,
    PycpgStorageSessionInitializationError,
    PycpgTimeoutError,
    PycpgTooManyRequestsError,
    PycpgTransportError,
    PycpgUnauthorizedError,
    PycpgUserAlreadyAddedError,
    PycpgUserAlreadyExistsError,
    PycpgUsernameMustBeEmailError,
    error_class_for_status,
    raise_pycpg_error,
    wrap_transport_error,
)

URL = "https://console.example.com/api/v1/Computer?pgNum=1"


def make_response(status: int, body: bytes = b'{"error": "nope"}', url: str = URL) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.url = url
    response.encoding = "utf-8"
    return response


def make_http_error(status: int, body: bytes = b'{"error": "nope"}', url: str = URL) -> requests.HTTPError:
    """A real HTTPError from raise_for_status (or built by hand where it raises nothing)."""
    response = make_response(status, body, url)
    try:
        response.raise_for_status()
    except requests.HTTPError as err:
        return err
    return requests.HTTPError(f"{status} Unknown Error for url: {url}", response=response)


@pytest.fixture
def http_error() -> requests.HTTPError:
    return make_http_error(400)


# --- hierarchy, signatures, attributes, messages ---------------------------------

Factory = Callable[[requests.HTTPError], BaseException]
RESP = object()  # stand-in response for the PycpgResponseError family

# (class, direct parent, constructor parameter names, factory, attributes, message fragments)
TABLE: list[tuple[type[BaseException], type[BaseException], list[str], Factory, dict[str, Any], list[str]]] = [
    (PycpgError, Exception, [], lambda e: PycpgError("boom", 2), {"args": ("boom", 2)}, ["boom"]),
    (PycpgResponseError, PycpgError, ["response", "message", "args"],
     lambda e: PycpgResponseError(RESP, "went wrong", "extra"), {"response": RESP}, ["went wrong"]),
    (PycpgArchiveFileNotFoundError, PycpgResponseError, ["response", "device_guid", "file_path"],
     lambda e: PycpgArchiveFileNotFoundError(RESP, "guid-42", "/home/a.txt"),
     {"response": RESP, "device_guid": "guid-42", "file_path": "/home/a.txt"}, ["guid-42", "/home/a.txt"]),
    (PycpgChecksumNotFoundError, PycpgResponseError, ["response", "checksum_name", "checksum_value"],
     lambda e: PycpgChecksumNotFoundError(RESP, "MD5", "d41d8cd9"),
     {"checksum_name": "MD5", "checksum_value": "d41d8cd9"}, ["MD5", "d41d8cd9"]),
    (PycpgFeatureUnavailableError, PycpgResponseError, ["response"],
     lambda e: PycpgFeatureUnavailableError(RESP), {"response": RESP}, ["unavailable"]),
    (PycpgDeviceNotConnectedError, PycpgResponseError, ["response", "device_guid"],
     lambda e: PycpgDeviceNotConnectedError(RESP, "guid-7"), {"device_guid": "guid-7"},
     ["'guid-7'", "not currently connected"]),
    (PycpgHTTPError, PycpgResponseError, ["exception", "message", "args"],
     lambda e: PycpgHTTPError(e), {}, ["Failure in HTTP call", "400", "nope"]),
    (PycpgInvalidArchivePassword, PycpgHTTPError, ["exception"],
     lambda e: PycpgInvalidArchivePassword(e), {}, ["Invalid archive password."]),
    (PycpgInvalidArchiveEncryptionKey, PycpgHTTPError, ["exception"],
     lambda e: PycpgInvalidArchiveEncryptionKey(e), {}, ["Invalid archive encryption key."]),
    (PycpgStorageSessionInitializationError, PycpgHTTPError, ["exception", "message"],
     lambda e: PycpgStorageSessionInitializationError(e, "storage says no"), {}, ["storage says no"]),
    (PycpgSessionInitializationError, PycpgError, ["exception"],
     lambda e: PycpgSessionInitializationError(ValueError("env lookup broke")), {},
     ["server environment", "env lookup broke"]),
    (PycpgBadRequestError, PycpgHTTPError, ["exception", "message", "args"],
     lambda e: PycpgBadRequestError(e), {}, ["400"]),
    (PycpgUnauthorizedError, PycpgHTTPError, ["exception", "message", "args"],
     lambda e: PycpgUnauthorizedError(e, "custom 401"), {}, ["custom 401"]),
    (PycpgForbiddenError, PycpgHTTPError, ["exception", "message", "args"],
     lambda e: PycpgForbiddenError(e, "custom 403"), {}, ["custom 403"]),
    (PycpgNotFoundError, PycpgHTTPError, ["exception", "message", "args"],
     lambda e: PycpgNotFoundError(e, "custom 404"), {}, ["custom 404"]),
    (PycpgConflictError, PycpgHTTPError, ["exception", "message", "args"],
     lambda e: PycpgConflictError(e, "custom 409"), {}, ["custom 409"]),
    (PycpgInternalServerError, PycpgHTTPError, ["exception", "message", "args"],
     lambda e: PycpgInternalServerError(e, "custom 500"), {}, ["custom 500"]),
    (PycpgTooManyRequestsError, PycpgHTTPError, ["exception", "message", "args"],
     lambda e: PycpgTooManyRequestsError(e, "custom 429"), {}, ["custom 429"]),
    (PycpgOrgNotFoundError, PycpgBadRequestError, ["exception", "org_uid"],
     lambda e: PycpgOrgNotFoundError(e, "org-uid-3"), {"org_uid": "org-uid-3"}, ["'org-uid-3'", "not found"]),
    (PycpgActiveLegalHoldError, PycpgBadRequestError, ["exception", "resource", "resource_id"],
     lambda e: PycpgActiveLegalHoldError(e, "device", 1234),
     {"resource": "device", "resource_id": 1234}, ["device with ID 1234", "legal hold"]),
    (PycpgUserAlreadyAddedError, PycpgBadRequestError, ["exception", "user_id", "list_name"],
     lambda e: PycpgUserAlreadyAddedError(e, "u-99", "matter M"),
     {"user_id": "u-99", "list_name": "matter M"}, ["u-99", "matter M"]),
    (PycpgLegalHoldNotFoundOrPermissionDeniedError, PycpgForbiddenError,
     ["exception", "resource_uid", "legal_hold_resource"],
     lambda e: PycpgLegalHoldNotFoundOrPermissionDeniedError(e, "matter-5"),
     {"uid": "matter-5", "legal_hold_resource": "matter"}, ["Matter with UID 'matter-5'", "the matter."]),
    (PycpgLegalHoldCriteriaMissingError, PycpgBadRequestError, ["exception"],
     lambda e: PycpgLegalHoldCriteriaMissingError(e), {}, ["legal_hold_matter_uid, user_uid, or user"]),
    (PycpgLegalHoldAlreadyDeactivatedError, PycpgBadRequestError, ["exception", "legal_hold_matter_uid"],
     lambda e: PycpgLegalHoldAlreadyDeactivatedError(e, "lh-1"), {"legal_hold_matter_uid": "lh-1"},
     ["'lh-1'", "already been deactivated"]),
    (PycpgLegalHoldAlreadyActiveError, PycpgBadRequestError, ["exception", "legal_hold_matter_uid"],
     lambda e: PycpgLegalHoldAlreadyActiveError(e, "lh-2"), {"legal_hold_matter_uid": "lh-2"},
     ["'lh-2'", "already active"]),
    (PycpgMFARequiredError, PycpgUnauthorizedError, ["exception", "message"],
     lambda e: PycpgMFARequiredError(e), {}, ["multi-factor"]),
    (PycpgUserAlreadyExistsError, PycpgInternalServerError, ["exception", "message"],
     lambda e: PycpgUserAlreadyExistsError(e), {}, ["User already exists."]),
    (PycpgUsernameMustBeEmailError, PycpgInternalServerError, ["exception"],
     lambda e: PycpgUsernameMustBeEmailError(e), {}, ["Username must be an email address."]),
    (PycpgInvalidEmailError, PycpgInternalServerError, ["email", "exception"],
     lambda e: PycpgInvalidEmailError("not-an-email", e), {"email": "not-an-email"},
     ["'not-an-email' is not a valid email."]),
    (PycpgInvalidPasswordError, PycpgInternalServerError, ["exception"],
     lambda e: PycpgInvalidPasswordError(e), {}, ["Invalid password."]),
    (PycpgInvalidUsernameError, PycpgInternalServerError, ["exception"],
     lambda e: PycpgInvalidUsernameError(e), {}, ["Invalid username."]),
    (PycpgBadRestoreRequestError, PycpgBadRequestError, ["exception"],
     lambda e: PycpgBadRestoreRequestError(e), {}, ["Unable to create restore session."]),
    (PycpgInvalidPageTokenError, PycpgBadRequestError, ["exception", "page_token"],
     lambda e: PycpgInvalidPageTokenError(e, "cursor-8"), {"page_token": "cursor-8"}, ["cursor-8"]),
    (PycpgModelError, PycpgResponseError, ["response", "errors", "message"],
     lambda e: PycpgModelError(RESP, [], "Could not parse Device"), {"errors": [], "response": RESP},
     ["Device"]),
    (PycpgRestoreTimeoutError, PycpgError, ["job_id", "timeout"],
     lambda e: PycpgRestoreTimeoutError("job-9", 2.5), {"job_id": "job-9", "timeout": 2.5}, ["job-9", "2.5"]),
    (PycpgKeyError, PycpgError, ["message"], lambda e: PycpgKeyError("'x' is missing"), {}, ["'x' is missing"]),
    (PycpgIndexError, PycpgError, ["message"], lambda e: PycpgIndexError("out of range"), {}, ["out of range"]),
    (PycpgStreamConsumedError, PycpgError, ["url"], lambda e: PycpgStreamConsumedError("https://a.example/r"), {},
     ["https://a.example/r", "already read"]),
    (PycpgInvalidIdError, PycpgError, ["message"], lambda e: PycpgInvalidIdError("Invalid device_id: '..'"), {},
     ["device_id"]),
    (PycpgRoleNotAssignedError, PycpgError, ["user_id", "role_name"],
     lambda e: PycpgRoleNotAssignedError(7, "Desktop User"), {"user_id": 7, "role_name": "Desktop User"},
     ["7", "'Desktop User'", "nothing to remove"]),
    (PycpgRedirectError, PycpgResponseError, ["response", "source", "location"],
     lambda e: PycpgRedirectError(RESP, "https://a.example/x", "http://b.example/x"),
     {"response": RESP, "source": "https://a.example/x", "location": "http://b.example/x"},
     ["https://a.example/x", "http://b.example/x", "another origin"]),
    (PycpgResponseTooLargeError, PycpgResponseError, ["response", "limit", "url"],
     lambda e: PycpgResponseTooLargeError(RESP, 1000, "https://a.example/x"), {"response": RESP, "limit": 1000},
     ["https://a.example/x", "max_response_bytes", "1000"]),
    (PycpgResponseTooDeepError, PycpgResponseError, ["response", "url"],
     lambda e: PycpgResponseTooDeepError(RESP, "https://a.example/x"), {"response": RESP},
     ["https://a.example/x", "nested too deeply"]),
]

IDS = [row[0].__name__ for row in TABLE]


@pytest.mark.parametrize(("cls", "parent"), [row[:2] for row in TABLE], ids=IDS)
def test_direct_parent(cls: type, parent: type) -> None:
    assert cls.__bases__ == (parent, *SECOND_PARENTS.get(cls, ()))
    assert issubclass(cls, PycpgError) or cls is PycpgError


# New errors that also keep the built-in type old code catches.
SECOND_PARENTS: dict[type, tuple[type, ...]] = {
    PycpgRestoreTimeoutError: (TimeoutError,),
    PycpgKeyError: (KeyError,),
    PycpgIndexError: (IndexError,),
    PycpgInvalidIdError: (ValueError, TypeError),
    PycpgRoleNotAssignedError: (ValueError,),
    PycpgStreamConsumedError: (rex.StreamConsumedError, RuntimeError),
}


@pytest.mark.parametrize(("cls", "params"), [(row[0], row[2]) for row in TABLE], ids=IDS)
def test_constructor_signature(cls: type, params: list[str]) -> None:
    if cls is PycpgError:  # Exception's own (*args) constructor
        assert cls.__init__ is Exception.__init__
        return
    assert list(inspect.signature(cls).parameters) == params


@pytest.mark.parametrize(("factory", "attrs", "fragments"), [row[3:] for row in TABLE], ids=IDS)
def test_attributes_and_message(
    factory: Factory, attrs: dict[str, Any], fragments: list[str], http_error: requests.HTTPError
) -> None:
    error = factory(http_error)
    for name, value in attrs.items():
        assert getattr(error, name) == value
    for fragment in fragments:
        assert fragment in str(error)


@pytest.mark.parametrize(
    ("factory", "attrs"),
    [row[3:5] for row in TABLE if row[4] and row[0] is not PycpgError],
    ids=[r[0].__name__ for r in TABLE if r[4] and r[0] is not PycpgError],
)
def test_attributes_are_plain_instance_attributes(
    factory: Factory, attrs: dict[str, Any], http_error: requests.HTTPError
) -> None:
    error = factory(http_error)
    for name, value in attrs.items():
        assert name in vars(error), name  # set in __init__, not computed by the class
        assert vars(error)[name] == value
        assert not isinstance(inspect.getattr_static(type(error), name, None), property), name


@pytest.mark.parametrize("cls", [row[0] for row in TABLE if issubclass(row[0], PycpgHTTPError)])
def test_http_errors_carry_the_failed_response(cls: type, http_error: requests.HTTPError) -> None:
    factory = next(row[3] for row in TABLE if row[0] is cls)
    error = factory(http_error)
    assert isinstance(error, PycpgHTTPError)
    assert error.response is http_error.response
    assert error.response.status_code == 400


def test_every_public_error_is_in_the_table_and_in_all() -> None:
    defined = {
        name for name, obj in vars(ex).items()
        if isinstance(obj, type) and issubclass(obj, PycpgError) and obj.__module__ == ex.__name__
    }
    transport = {name for name in defined if issubclass(getattr(ex, name), PycpgTransportError)}
    assert defined - transport == {row[0].__name__ for row in TABLE}
    assert defined <= set(ex.__all__)
    assert all(hasattr(ex, name) for name in ex.__all__)


def test_response_error_keeps_message_first_in_args() -> None:
    error = PycpgResponseError(RESP, "msg", 1, 2)
    assert error.args == ("msg", 1, 2)


def test_http_error_accepts_another_pycpg_http_error(http_error: requests.HTTPError) -> None:
    inner = PycpgBadRequestError(http_error)
    outer = PycpgOrgNotFoundError(inner, "org-1")
    assert outer.response is http_error.response
    assert "org-1" in str(outer)


def test_http_error_extra_args_follow_the_message(http_error: requests.HTTPError) -> None:
    error = PycpgForbiddenError(http_error, "denied", "extra")
    assert error.args == ("denied", "extra")


def test_checksum_value_returns_the_value_not_itself() -> None:
    # pycpg 1.0's property recursed forever
    assert PycpgChecksumNotFoundError(RESP, "SHA256", "abc").checksum_value == "abc"


def test_legal_hold_criteria_message_names_only_real_parameters(http_error: requests.HTTPError) -> None:
    message = str(PycpgLegalHoldCriteriaMissingError(http_error))
    assert "legal_hold_membership_uid" not in message  # pycpg 1.0 named this non-existent parameter


def test_legal_hold_not_found_names_the_resource_kind(http_error: requests.HTTPError) -> None:
    error = PycpgLegalHoldNotFoundOrPermissionDeniedError(http_error, "pol-9", legal_hold_resource="policy")
    assert error.args[0].startswith("Policy with UID 'pol-9' can not be found.")
    assert error.args[0].endswith("permission to view the policy.")
    assert error.uid == "pol-9"
    assert isinstance(error, PycpgForbiddenError)


def test_session_initialization_error_puts_message_first() -> None:
    cause = ConnectionError("dns failure")
    error = PycpgSessionInitializationError(cause)
    assert isinstance(error.args[0], str)  # pycpg 1.0 put the exception first
    assert "dns failure" in error.args[0]
    assert error.args[1] is cause
    assert str(error) == error.args[0]


def test_invalid_email_keeps_reversed_argument_order(http_error: requests.HTTPError) -> None:
    error = PycpgInvalidEmailError(email="bad@", exception=http_error)
    assert error.email == "bad@"
    assert error.response is http_error.response


def test_http_error_without_response_still_has_a_message() -> None:
    error = PycpgHTTPError(requests.HTTPError("broken"))
    assert "Failure in HTTP call broken" in str(error)


# --- status mapping ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, PycpgBadRequestError),
        (401, PycpgUnauthorizedError),
        (403, PycpgForbiddenError),
        (404, PycpgNotFoundError),
        (409, PycpgConflictError),
        (429, PycpgTooManyRequestsError),
        (500, PycpgInternalServerError),
        (503, PycpgInternalServerError),
        (599, PycpgInternalServerError),
        (405, PycpgHTTPError),
        (418, PycpgHTTPError),
        (600, PycpgHTTPError),
        (799, PycpgHTTPError),
    ],
)
def test_raise_pycpg_error_maps_status(status: int, expected: type[PycpgHTTPError]) -> None:
    http_error = make_http_error(status, b"teapot body")
    with pytest.raises(PycpgHTTPError) as info:
        raise_pycpg_error(http_error)
    assert type(info.value) is expected
    assert info.value.response is http_error.response
    assert info.value.__cause__ is http_error
    assert str(status) in str(info.value)
    assert "teapot body" in str(info.value)
    assert error_class_for_status(status) is expected


def test_status_600_is_not_flagged_by_requests_but_still_raises() -> None:
    response = make_response(600)
    response.raise_for_status()  # requests ignores it ...
    with pytest.raises(PycpgHTTPError):  # ... we do not (pycpg 1.0 returned None)
        raise_pycpg_error(requests.HTTPError("600", response=response))


def test_too_many_requests_keeps_the_retry_after_as_a_plain_attribute() -> None:
    response = make_response(429)
    response.headers["Retry-After"] = "7"
    error = PycpgTooManyRequestsError(requests.HTTPError("429", response=response))
    assert vars(error)["retry_after"] == 7.0
    assert PycpgTooManyRequestsError(make_http_error(429)).retry_after is None


def test_moved_functions_are_still_importable_from_pycpg_exceptions() -> None:
    from pycpg._http import errors

    for name in ("error_class_for_status", "raise_pycpg_error", "wrap_transport_error"):
        assert getattr(ex, name) is getattr(errors, name)
    assert (error_class_for_status, raise_pycpg_error, wrap_transport_error) == (
        errors.error_class_for_status, errors.raise_pycpg_error, errors.wrap_transport_error
    )
    with pytest.raises(AttributeError):
        _ = ex.no_such_name


def test_sdk_exceptions_exports_the_same_names() -> None:
    import pycpg.sdk.exceptions as sdk_exceptions

    namespace: dict[str, Any] = {}
    exec("from pycpg.sdk.exceptions import *", namespace)
    assert sdk_exceptions.__all__ == ex.__all__
    assert all(namespace[name] is getattr(ex, name) for name in ex.__all__)


def test_default_message_format() -> None:
    http_error = make_http_error(404, b"missing thing")
    error = PycpgNotFoundError(http_error)
    assert str(error) == f"Failure in HTTP call {http_error}. Response content: missing thing"


def test_default_message_is_debug_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="pycpg"):
        PycpgHTTPError(make_http_error(500, b"server fell over"))
    assert any("server fell over" in record.getMessage() for record in caplog.records)


# --- secrets never shown -----------------------------------------------------------

SECRET_BODIES = [
    b'{"password": "SeNtInEl-1", "error": "bad request"}',
    b'{"data": {"user": {"newPassword": "SeNtInEl-2"}}, "error": "bad request"}',
    b'[{"dataKeyToken": "SeNtInEl-3", "error": "bad request"}]',
    b'{"access_token": "SeNtInEl-4", "token_type": "bearer", "error": "bad request"}',
    b"error=bad request&password=SeNtInEl-5",
    b"<html>bad request: totp-auth: SeNtInEl-6</html>",
    b'{"error": "bad request", "privatePassword": "SeNtInEl-7"',  # truncated JSON
    b"bad request, header was Authorization: Bearer SeNtInEl-8.abc",
]


@pytest.mark.parametrize("body", SECRET_BODIES)
def test_http_error_message_hides_secrets_in_body(body: bytes, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="pycpg"):
        error = raise_and_catch(make_http_error(400, body))
    shown = " ".join([str(error), repr(error), *map(str, error.args), caplog.text])
    assert "SeNtInEl" not in shown
    assert "bad request" in str(error)
    assert "***" in str(error)


def test_http_error_message_hides_secrets_in_url() -> None:
    error = raise_and_catch(make_http_error(401, b"no", url="https://h.example/api/v3/oauth/token?token=SeNtInEl"))
    assert "SeNtInEl" not in str(error)
    assert "https://h.example/api/v3/oauth/token?token=***" in str(error)


def raise_and_catch(http_error: requests.HTTPError) -> PycpgHTTPError:
    try:
        raise_pycpg_error(http_error)
    except PycpgHTTPError as error:
        return error


# --- model errors -----------------------------------------------------------------

class _Device(pydantic.BaseModel):
    guid: str
    count: int

    @pydantic.field_validator("guid")
    @classmethod
    def _echo(cls, value: str) -> str:
        if value.startswith("SeNtInEl"):
            raise ValueError(f"guid {value} is not allowed")  # echoes the input
        return value


def _validation_errors(payload: Any) -> list[Any]:
    with pytest.raises(pydantic.ValidationError) as info:
        _Device.model_validate(payload)
    return list(info.value.errors())


def test_model_error_names_the_target_and_locations_but_not_inputs() -> None:
    errors = _validation_errors({"guid": "SeNtInEl-guid", "count": "SeNtInEl-count"})
    assert any("SeNtInEl" in str(e.get("input")) for e in errors)  # pydantic does carry them
    error = PycpgModelError(RESP, errors, "Could not parse the response into _Device")
    assert "_Device" in str(error)
    assert "guid" in str(error) and "count" in str(error)
    assert "2 validation errors" in str(error)
    assert "SeNtInEl" not in str(error)
    assert error.errors is errors
    assert error.response is RESP


def test_model_error_summarises_only_the_first_few() -> None:
    errors = [{"loc": ("items", i, "guid"), "msg": "Field required", "type": "missing"} for i in range(7)]
    message = str(PycpgModelError(RESP, errors))
    assert "items.0.guid: Field required" in message
    assert "items.2.guid" in message
    assert "items.3.guid" not in message
    assert "and 4 more" in message
    assert "7 validation errors" in message


def test_model_error_hides_a_scalar_input_even_if_short() -> None:
    errors = [{"loc": ("pin",), "msg": "value 42 rejected", "type": "value_error", "input": 42}]
    message = str(PycpgModelError(RESP, errors, "Bad"))
    assert "42" not in message
    assert "pin: invalid value (value_error)" in message


def test_model_error_tolerates_odd_error_entries() -> None:
    message = str(PycpgModelError(RESP, ["weird", {"msg": "Field required"}, {"loc": "guid", "msg": "bad"}]))
    assert "invalid value" in message and "<root>: Field required" in message
    assert "guid: bad" in message


# --- transport errors -----------------------------------------------------------

TRANSPORT_CASES = [
    (rex.SSLError, PycpgSSLError, "certificate"),
    (rex.ProxyError, PycpgProxyError, "proxy"),
    (rex.ConnectTimeout, PycpgConnectTimeoutError, "Timed out connecting"),
    (rex.ReadTimeout, PycpgReadTimeoutError, "did not answer in time"),
    (rex.ConnectionError, PycpgConnectionError, "Could not connect to https://h.example:8443"),
    (rex.Timeout, PycpgTimeoutError, "timed out"),
    (rex.ChunkedEncodingError, PycpgTransportError, "failed before a response"),
    (rex.TooManyRedirects, PycpgTransportError, "failed before a response"),
    (rex.InvalidURL, PycpgTransportError, "failed before a response"),
    (rex.RequestException, PycpgTransportError, "failed before a response"),
]


@pytest.mark.parametrize(("original_type", "expected", "fragment"), TRANSPORT_CASES)
def test_wrap_transport_error_is_both_kinds(
    original_type: type[requests.RequestException], expected: type[PycpgTransportError], fragment: str
) -> None:
    request = requests.Request("GET", "https://h.example:8443/api/v1/User").prepare()
    original = original_type("low level reason", request=request)
    wrapped = wrap_transport_error(original, "get", "https://h.example:8443/api/v1/User?password=SeNtInEl")
    assert isinstance(wrapped, expected)
    assert isinstance(wrapped, original_type)
    assert isinstance(wrapped, PycpgError)
    assert isinstance(wrapped, requests.RequestException)
    assert wrapped.request is request
    assert wrapped.response is None
    assert wrapped.method == "GET"
    assert wrapped.url == "https://h.example:8443/api/v1/User?password=***"
    message = str(wrapped)
    assert fragment.lower() in message.lower()
    assert "low level reason" in message
    assert "GET https://h.example:8443/api/v1/User" in message
    assert "SeNtInEl" not in message
    # old code that catches the requests class keeps working
    with pytest.raises(original_type):
        raise wrapped from original


@pytest.mark.parametrize(
    ("original_type", "not_expected"),
    [
        (rex.SSLError, (PycpgTimeoutError, PycpgProxyError)),
        (rex.ProxyError, (PycpgTimeoutError, PycpgSSLError)),
        (rex.ReadTimeout, (PycpgConnectionError,)),
        (rex.Timeout, (PycpgConnectionError,)),
        (rex.ConnectionError, (PycpgTimeoutError, PycpgSSLError)),
    ],
)
def test_wrap_transport_error_is_not_more_than_it_should_be(
    original_type: type[requests.RequestException], not_expected: tuple[type, ...]
) -> None:
    assert not isinstance(wrap_transport_error(original_type("x"), "GET", "https://h"), not_expected)


def test_connect_timeout_is_both_connection_error_and_timeout() -> None:
    wrapped = wrap_transport_error(rex.ConnectTimeout("slow"), "POST", "https://h")
    assert isinstance(wrapped, PycpgConnectionError)
    assert isinstance(wrapped, PycpgTimeoutError)
    assert isinstance(wrapped, requests.ConnectionError)
    assert isinstance(wrapped, requests.Timeout)


def test_wrap_keeps_the_response() -> None:
    response = make_response(200)
    wrapped = wrap_transport_error(rex.ChunkedEncodingError("cut", response=response), "GET", URL)
    assert wrapped.response is response


def test_wrap_masks_secrets_in_the_reason() -> None:
    reason = "Max retries exceeded with url: /x?access_token=SeNtInEl (proxy http://u:SeNtInEl@p:3128)"
    wrapped = wrap_transport_error(rex.ProxyError(reason), "GET", "https://h")
    assert "SeNtInEl" not in str(wrapped)
    assert "access_token=***" in str(wrapped)


def test_wrapping_a_wrapped_error_returns_it() -> None:
    wrapped = wrap_transport_error(rex.ConnectionError("x"), "GET", "https://h")
    assert wrap_transport_error(wrapped, "GET", "https://h") is wrapped


def test_real_refused_connection_is_wrapped() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api/v1/User"
    with pytest.raises(requests.ConnectionError) as info:
        requests.get(url, timeout=5)
    wrapped = wrap_transport_error(info.value, "GET", url)
    assert type(wrapped) is PycpgConnectionError
    assert str(wrapped).startswith(f"Could not connect to http://127.0.0.1:{port} (GET {url})")
    assert "Check the host address" in str(wrapped)
