"""Every exception class of pycpg 1.0: same arguments, same ``args``, ``str()`` and attributes.

The expected values are written out as literals (derived from pycpg 1.0's
exceptions module); the documented differences (docs/compatibility.md) are
marked where they apply. A second part builds every class from odd response
objects (test doubles, broken properties, bytes bodies) and checks that building
the exception never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg import exceptions as ex

URL = "https://console.example.com/api/v1/User/42"
CALL = f"404 Client Error: Not Found for url: {URL}"


def _http_error(status: int = 404, body: bytes = b"no such user") -> requests.HTTPError:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.url = URL
    response.reason = "Not Found"
    response.encoding = "utf-8"
    try:
        response.raise_for_status()
    except requests.HTTPError as error:
        return error
    raise AssertionError("raise_for_status did not raise")


E = _http_error()
RESP = E.response
DEFAULT = f"Failure in HTTP call {CALL}. Response content: no such user"
PAGE_TOKEN_MESSAGE = (
    'Invalid page token: "tok-1".\n'
    "Page tokens match the last event ID received in a previous query.  "
    "Your page token may be invalid if the original query has changed "
    "such that the corresponding event is being filtered out of the results, "
    "or if the event has expired according to your data retention policy."
)

# (name, constructor call, expected args, expected attributes, expected bases)
CASES: list[tuple[str, Callable[[], BaseException], tuple[Any, ...], dict[str, Any], tuple[type, ...]]] = [
    ("PycpgError", lambda: ex.PycpgError("boom"), ("boom",), {}, (Exception,)),
    ("PycpgResponseError", lambda: ex.PycpgResponseError(RESP, "m", 1), ("m", 1), {"response": RESP},
     (ex.PycpgError,)),
    ("PycpgArchiveFileNotFoundError", lambda: ex.PycpgArchiveFileNotFoundError(RESP, "g-1", "/a/b.txt"),
     ("File not found in archive for device g-1 at path /a/b.txt", "g-1", "/a/b.txt"),
     {"response": RESP, "device_guid": "g-1", "file_path": "/a/b.txt"}, (ex.PycpgResponseError,)),
    # checksum_value: pycpg 1.0's property recursed for ever (documented fix).
    ("PycpgChecksumNotFoundError", lambda: ex.PycpgChecksumNotFoundError(RESP, "MD5", "abc"),
     ("No files found with MD5 checksum abc.", "MD5", "abc"),
     {"response": RESP, "checksum_name": "MD5", "checksum_value": "abc"}, (ex.PycpgResponseError,)),
    ("PycpgFeatureUnavailableError", lambda: ex.PycpgFeatureUnavailableError(RESP),
     ("You may be trying to use a feature that is unavailable in your environment.",), {"response": RESP},
     (ex.PycpgResponseError,)),
    ("PycpgHTTPError", lambda: ex.PycpgHTTPError(E), (DEFAULT,), {"response": RESP}, (ex.PycpgResponseError,)),
    ("PycpgHTTPError message", lambda: ex.PycpgHTTPError(E, "m", "x"), ("m", "x"), {"response": RESP},
     (ex.PycpgResponseError,)),
    ("PycpgDeviceNotConnectedError", lambda: ex.PycpgDeviceNotConnectedError(RESP, "g-2"),
     ("Device with GUID 'g-2' is not currently connected to the Authority server.", "g-2"),
     {"response": RESP, "device_guid": "g-2"}, (ex.PycpgResponseError,)),
    ("PycpgInvalidArchivePassword", lambda: ex.PycpgInvalidArchivePassword(E), ("Invalid archive password.",),
     {"response": RESP}, (ex.PycpgHTTPError,)),
    ("PycpgInvalidArchiveEncryptionKey", lambda: ex.PycpgInvalidArchiveEncryptionKey(E),
     ("Invalid archive encryption key.",), {"response": RESP}, (ex.PycpgHTTPError,)),
    ("PycpgStorageSessionInitializationError", lambda: ex.PycpgStorageSessionInitializationError(E, "no"),
     ("no",), {"response": RESP}, (ex.PycpgHTTPError,)),
    ("PycpgBadRequestError", lambda: ex.PycpgBadRequestError(E), (DEFAULT,), {"response": RESP},
     (ex.PycpgHTTPError,)),
    ("PycpgUnauthorizedError", lambda: ex.PycpgUnauthorizedError(E), (DEFAULT,), {"response": RESP},
     (ex.PycpgHTTPError,)),
    ("PycpgForbiddenError", lambda: ex.PycpgForbiddenError(E), (DEFAULT,), {"response": RESP},
     (ex.PycpgHTTPError,)),
    ("PycpgNotFoundError", lambda: ex.PycpgNotFoundError(E), (DEFAULT,), {"response": RESP}, (ex.PycpgHTTPError,)),
    ("PycpgConflictError", lambda: ex.PycpgConflictError(E), (DEFAULT,), {"response": RESP}, (ex.PycpgHTTPError,)),
    ("PycpgInternalServerError", lambda: ex.PycpgInternalServerError(E), (DEFAULT,), {"response": RESP},
     (ex.PycpgHTTPError,)),
    ("PycpgTooManyRequestsError", lambda: ex.PycpgTooManyRequestsError(E), (DEFAULT,), {"response": RESP},
     (ex.PycpgHTTPError,)),
    ("PycpgOrgNotFoundError", lambda: ex.PycpgOrgNotFoundError(E, "org-1"),
     ("The organization with UID 'org-1' was not found.", "org-1"), {"response": RESP, "org_uid": "org-1"},
     (ex.PycpgBadRequestError,)),
    ("PycpgActiveLegalHoldError", lambda: ex.PycpgActiveLegalHoldError(E, "user", 5),
     ("Cannot deactivate the user with ID 5 as the user is involved in a legal hold matter.", "user", 5),
     {"response": RESP, "resource": "user", "resource_id": 5}, (ex.PycpgBadRequestError,)),
    ("PycpgUserAlreadyAddedError", lambda: ex.PycpgUserAlreadyAddedError(E, 7, "Departing Employee list"),
     ("User with ID 7 is already on the Departing Employee list.", 7, "Departing Employee list"),
     {"response": RESP, "user_id": 7}, (ex.PycpgBadRequestError,)),
    ("PycpgLegalHoldNotFoundOrPermissionDeniedError",
     lambda: ex.PycpgLegalHoldNotFoundOrPermissionDeniedError(E, "m-1"),
     ("Matter with UID 'm-1' can not be found. Your account may not have permission to view the matter.", "m-1"),
     {"response": RESP, "uid": "m-1"}, (ex.PycpgForbiddenError,)),
    ("PycpgLegalHoldNotFoundOrPermissionDeniedError POLICY",
     lambda: ex.PycpgLegalHoldNotFoundOrPermissionDeniedError(E, "p-1", "POLICY"),
     ("Policy with UID 'p-1' can not be found. Your account may not have permission to view the policy.", "p-1"),
     {"response": RESP, "uid": "p-1"}, (ex.PycpgForbiddenError,)),
    # The message names only parameters that exist (documented fix).
    ("PycpgLegalHoldCriteriaMissingError", lambda: ex.PycpgLegalHoldCriteriaMissingError(E),
     ("At least one criteria must be specified: legal_hold_matter_uid, user_uid, or user.",), {"response": RESP},
     (ex.PycpgBadRequestError,)),
    ("PycpgLegalHoldAlreadyDeactivatedError", lambda: ex.PycpgLegalHoldAlreadyDeactivatedError(E, "m-2"),
     ("Legal Hold Matter with UID 'm-2' has already been deactivated.", "m-2"),
     {"response": RESP, "legal_hold_matter_uid": "m-2"}, (ex.PycpgBadRequestError,)),
    ("PycpgLegalHoldAlreadyActiveError", lambda: ex.PycpgLegalHoldAlreadyActiveError(E, "m-3"),
     ("Legal Hold Matter with UID 'm-3' is already active.", "m-3"),
     {"response": RESP, "legal_hold_matter_uid": "m-3"}, (ex.PycpgBadRequestError,)),
    ("PycpgMFARequiredError", lambda: ex.PycpgMFARequiredError(E), ("User requires multi-factor authentication.",),
     {"response": RESP}, (ex.PycpgUnauthorizedError,)),
    ("PycpgMFARequiredError message", lambda: ex.PycpgMFARequiredError(E, "otp"), ("otp",), {"response": RESP},
     (ex.PycpgUnauthorizedError,)),
    ("PycpgUserAlreadyExistsError", lambda: ex.PycpgUserAlreadyExistsError(E), ("User already exists.",),
     {"response": RESP}, (ex.PycpgInternalServerError,)),
    ("PycpgUsernameMustBeEmailError", lambda: ex.PycpgUsernameMustBeEmailError(E),
     ("Username must be an email address.",), {"response": RESP}, (ex.PycpgInternalServerError,)),
    ("PycpgInvalidEmailError", lambda: ex.PycpgInvalidEmailError("bad@", E),
     ("'bad@' is not a valid email.", "bad@"), {"response": RESP, "email": "bad@"}, (ex.PycpgInternalServerError,)),
    ("PycpgInvalidPasswordError", lambda: ex.PycpgInvalidPasswordError(E), ("Invalid password.",),
     {"response": RESP}, (ex.PycpgInternalServerError,)),
    ("PycpgInvalidUsernameError", lambda: ex.PycpgInvalidUsernameError(E), ("Invalid username.",),
     {"response": RESP}, (ex.PycpgInternalServerError,)),
    ("PycpgBadRestoreRequestError", lambda: ex.PycpgBadRestoreRequestError(E),
     ("Unable to create restore session.",), {"response": RESP}, (ex.PycpgBadRequestError,)),
    ("PycpgInvalidPageTokenError", lambda: ex.PycpgInvalidPageTokenError(E, "tok-1"),
     (PAGE_TOKEN_MESSAGE, "tok-1"), {"response": RESP, "page_token": "tok-1"}, (ex.PycpgBadRequestError,)),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_args_str_and_attributes_match_pycpg_1_0(
    case: tuple[str, Callable[[], BaseException], tuple[Any, ...], dict[str, Any], tuple[type, ...]],
) -> None:
    _, build, args, attributes, bases = case
    error = build()
    assert error.args == args
    # Exception's own str(): the message alone, or the whole args tuple when there
    # are several (what CrashPlan's CLI prints in its bulk output).
    assert str(error) == (args[0] if len(args) == 1 else str(args))
    for name, value in attributes.items():
        assert getattr(error, name) is value or getattr(error, name) == value, name
    for base in bases:
        assert base in type(error).__mro__[1:]


def test_invalid_email_second_arg_is_the_email() -> None:
    error = ex.PycpgInvalidEmailError("x@y", E)
    assert error.args[1] == "x@y"
    assert str(error) == "(\"'x@y' is not a valid email.\", 'x@y')"


def test_session_initialization_error_keeps_its_documented_order() -> None:
    cause = requests.ConnectionError("dns failure")
    error = ex.PycpgSessionInitializationError(cause)
    message = "An error occurred while requesting server environment information, caused by dns failure"
    assert error.args == (message, cause)  # documented: pycpg 1.0 put the exception first
    assert str(error) == message


def test_every_pycpg_1_0_class_is_covered() -> None:
    names_1_0 = {
        "PycpgError", "PycpgResponseError", "PycpgArchiveFileNotFoundError", "PycpgChecksumNotFoundError",
        "PycpgFeatureUnavailableError", "PycpgHTTPError", "PycpgDeviceNotConnectedError",
        "PycpgInvalidArchivePassword", "PycpgInvalidArchiveEncryptionKey", "PycpgStorageSessionInitializationError",
        "PycpgSessionInitializationError", "PycpgBadRequestError", "PycpgUnauthorizedError", "PycpgForbiddenError",
        "PycpgNotFoundError", "PycpgConflictError", "PycpgInternalServerError", "PycpgTooManyRequestsError",
        "PycpgOrgNotFoundError", "PycpgActiveLegalHoldError", "PycpgUserAlreadyAddedError",
        "PycpgLegalHoldNotFoundOrPermissionDeniedError", "PycpgLegalHoldCriteriaMissingError",
        "PycpgLegalHoldAlreadyDeactivatedError", "PycpgLegalHoldAlreadyActiveError", "PycpgMFARequiredError",
        "PycpgUserAlreadyExistsError", "PycpgUsernameMustBeEmailError", "PycpgInvalidEmailError",
        "PycpgInvalidPasswordError", "PycpgInvalidUsernameError", "PycpgBadRestoreRequestError",
        "PycpgInvalidPageTokenError",
    }
    covered = {c[0].split(" ")[0] for c in CASES} | {"PycpgSessionInitializationError"}
    assert names_1_0 <= covered
    assert all(hasattr(ex, name) for name in names_1_0)


# --- building from odd response objects never raises -------------------------------


class _Raising:
    """A response whose every property raises."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"no {name}")

    def __str__(self) -> str:
        raise RuntimeError("no str")

    def __repr__(self) -> str:  # hypothesis shows drawn values with repr()
        return "<_Raising>"


class _TextRaises:
    status_code = 404
    headers: dict[str, str] = {"Retry-After": "5"}

    @property
    def text(self) -> str:
        raise ValueError("cannot decode")


def _with_text(text: object, headers: object = None) -> Any:
    response = mock.Mock(spec=requests.Response)
    response.text = text
    response.status_code = 429
    response.headers = headers
    return response


texts = st.one_of(
    st.text(max_size=50), st.binary(max_size=50), st.none(), st.integers(), st.just(mock.Mock()),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
no_headers: dict[str, str] = {}
headers = st.one_of(
    st.none(), st.just(no_headers),
    st.dictionaries(st.sampled_from(["Retry-After", "X"]), st.one_of(st.text(max_size=10), st.integers())),
    st.just(mock.Mock()), st.just(_Raising()),
)
responses = st.one_of(
    st.none(), st.just(object()), st.just(_Raising()), st.just(_TextRaises()), st.just(b"raw bytes"),
    st.just("a string"), st.just(mock.Mock(spec=requests.Response)), st.just(mock.Mock()),
    st.builds(_with_text, texts, headers),
)


def _exception_around(response: Any, kind: str) -> Any:
    if kind == "HTTPError":
        error = requests.HTTPError("boom")
        error.response = response  # set after: requests' own __init__ probes the response
        return error
    if kind == "Mock HTTPError":
        error = mock.Mock(spec=requests.HTTPError)
        error.response = response
        return error
    if kind == "no response attribute":
        return object()
    if kind == "raising":
        return _Raising()
    return response  # a response passed where the exception was expected


BUILDERS: list[tuple[str, Callable[[Any, Any], BaseException]]] = [
    ("PycpgResponseError", lambda r, e: ex.PycpgResponseError(r, "m")),
    ("PycpgArchiveFileNotFoundError", lambda r, e: ex.PycpgArchiveFileNotFoundError(r, "g", "/p")),
    ("PycpgChecksumNotFoundError", lambda r, e: ex.PycpgChecksumNotFoundError(r, "MD5", "x")),
    ("PycpgFeatureUnavailableError", lambda r, e: ex.PycpgFeatureUnavailableError(r)),
    ("PycpgDeviceNotConnectedError", lambda r, e: ex.PycpgDeviceNotConnectedError(r, "g")),
    ("PycpgHTTPError", lambda r, e: ex.PycpgHTTPError(e)),
    ("PycpgInvalidArchivePassword", lambda r, e: ex.PycpgInvalidArchivePassword(e)),
    ("PycpgInvalidArchiveEncryptionKey", lambda r, e: ex.PycpgInvalidArchiveEncryptionKey(e)),
    ("PycpgStorageSessionInitializationError", lambda r, e: ex.PycpgStorageSessionInitializationError(e, "m")),
    ("PycpgSessionInitializationError", lambda r, e: ex.PycpgSessionInitializationError(e)),
    ("PycpgBadRequestError", lambda r, e: ex.PycpgBadRequestError(e)),
    ("PycpgUnauthorizedError", lambda r, e: ex.PycpgUnauthorizedError(e)),
    ("PycpgForbiddenError", lambda r, e: ex.PycpgForbiddenError(e)),
    ("PycpgNotFoundError", lambda r, e: ex.PycpgNotFoundError(e)),
    ("PycpgConflictError", lambda r, e: ex.PycpgConflictError(e)),
    ("PycpgInternalServerError", lambda r, e: ex.PycpgInternalServerError(e)),
    ("PycpgTooManyRequestsError", lambda r, e: ex.PycpgTooManyRequestsError(e)),
    ("PycpgOrgNotFoundError", lambda r, e: ex.PycpgOrgNotFoundError(e, "o")),
    ("PycpgActiveLegalHoldError", lambda r, e: ex.PycpgActiveLegalHoldError(e, "user", 1)),
    ("PycpgUserAlreadyAddedError", lambda r, e: ex.PycpgUserAlreadyAddedError(e, 1, "list")),
    ("PycpgLegalHoldNotFoundOrPermissionDeniedError",
     lambda r, e: ex.PycpgLegalHoldNotFoundOrPermissionDeniedError(e, "m")),
    ("PycpgLegalHoldCriteriaMissingError", lambda r, e: ex.PycpgLegalHoldCriteriaMissingError(e)),
    ("PycpgLegalHoldAlreadyDeactivatedError", lambda r, e: ex.PycpgLegalHoldAlreadyDeactivatedError(e, "m")),
    ("PycpgLegalHoldAlreadyActiveError", lambda r, e: ex.PycpgLegalHoldAlreadyActiveError(e, "m")),
    ("PycpgMFARequiredError", lambda r, e: ex.PycpgMFARequiredError(e)),
    ("PycpgUserAlreadyExistsError", lambda r, e: ex.PycpgUserAlreadyExistsError(e)),
    ("PycpgUsernameMustBeEmailError", lambda r, e: ex.PycpgUsernameMustBeEmailError(e)),
    ("PycpgInvalidEmailError", lambda r, e: ex.PycpgInvalidEmailError("a@", e)),
    ("PycpgInvalidPasswordError", lambda r, e: ex.PycpgInvalidPasswordError(e)),
    ("PycpgInvalidUsernameError", lambda r, e: ex.PycpgInvalidUsernameError(e)),
    ("PycpgBadRestoreRequestError", lambda r, e: ex.PycpgBadRestoreRequestError(e)),
    ("PycpgInvalidPageTokenError", lambda r, e: ex.PycpgInvalidPageTokenError(e, "t")),
]


@pytest.mark.parametrize("build", [b[1] for b in BUILDERS], ids=[b[0] for b in BUILDERS])
@settings(max_examples=60, deadline=None)
@given(
    response=responses,
    kind=st.sampled_from(["HTTPError", "Mock HTTPError", "no response attribute", "raising", "bare"]),
)
def test_building_from_any_response_never_raises(
    build: Callable[[Any, Any], BaseException], response: Any, kind: str
) -> None:
    error = build(response, _exception_around(response, kind))
    assert isinstance(error, ex.PycpgError)
    assert isinstance(error.args[0], str) and error.args[0]
    str(error)
    if isinstance(error, ex.PycpgTooManyRequestsError):
        assert error.retry_after is None or error.retry_after >= 0


def test_http_error_of_a_mock_response_shows_its_text() -> None:
    response = mock.Mock(spec=requests.Response)
    response.text = b"bytes body"
    error = ex.PycpgNotFoundError(requests.HTTPError("404 Not Found", response=response))
    assert error.response is response
    assert error.args == ("Failure in HTTP call 404 Not Found. Response content: bytes body",)


def test_http_error_of_an_object_without_response_has_none() -> None:
    error = ex.PycpgHTTPError(_Raising())  # type: ignore[arg-type]
    response: object = error.response
    assert response is None
    assert error.args[0].startswith("Failure in HTTP call <_Raising that cannot be shown")
