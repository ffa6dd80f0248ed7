"""Exceptions raised by pycpg.

Every failure the SDK reports is a :class:`PycpgError`. HTTP failures are
:class:`PycpgHTTPError` subclasses chosen by status code
(:func:`raise_pycpg_error`); transport failures (DNS, refused connections, TLS,
proxies, timeouts) are :class:`PycpgTransportError` subclasses that also derive from
the matching ``requests`` exception, so ``except requests.ConnectionError`` keeps
working. Messages never contain passwords, tokens or keys: response bodies and URLs
are passed through :mod:`pycpg._redact` first.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn, cast
from urllib.parse import urlsplit

import requests
import requests.exceptions as rex

from pycpg._redact import redact_text, redact_url
from pycpg.util import parse_retry_after

__all__ = [
    "PycpgError",
    "PycpgResponseError",
    "PycpgArchiveFileNotFoundError",
    "PycpgChecksumNotFoundError",
    "PycpgFeatureUnavailableError",
    "PycpgDeviceNotConnectedError",
    "PycpgModelError",
    "PycpgHTTPError",
    "PycpgInvalidArchivePassword",
    "PycpgInvalidArchiveEncryptionKey",
    "PycpgStorageSessionInitializationError",
    "PycpgSessionInitializationError",
    "PycpgBadRequestError",
    "PycpgUnauthorizedError",
    "PycpgForbiddenError",
    "PycpgNotFoundError",
    "PycpgConflictError",
    "PycpgInternalServerError",
    "PycpgTooManyRequestsError",
    "PycpgOrgNotFoundError",
    "PycpgActiveLegalHoldError",
    "PycpgUserAlreadyAddedError",
    "PycpgLegalHoldNotFoundOrPermissionDeniedError",
    "PycpgLegalHoldCriteriaMissingError",
    "PycpgLegalHoldAlreadyDeactivatedError",
    "PycpgLegalHoldAlreadyActiveError",
    "PycpgMFARequiredError",
    "PycpgUserAlreadyExistsError",
    "PycpgUsernameMustBeEmailError",
    "PycpgInvalidEmailError",
    "PycpgInvalidPasswordError",
    "PycpgInvalidUsernameError",
    "PycpgBadRestoreRequestError",
    "PycpgInvalidPageTokenError",
    "PycpgRestoreTimeoutError",
    "PycpgInvalidIdError",
    "PycpgRedirectError",
    "PycpgResponseTooLargeError",
    "PycpgResponseTooDeepError",
    "PycpgStreamConsumedError",
    "HTTP_ERROR_BODY_CHARS",
    "PycpgKeyError",
    "PycpgIndexError",
    "PycpgTransportError",
    "PycpgConnectionError",
    "PycpgSSLError",
    "PycpgProxyError",
    "PycpgTimeoutError",
    "PycpgConnectTimeoutError",
    "PycpgReadTimeoutError",
    "error_class_for_status",
    "raise_pycpg_error",
    "wrap_transport_error",
]

_logger = logging.getLogger("pycpg")


# --- base classes -----------------------------------------------------------------


class PycpgError(Exception):
    """Base class of every exception pycpg raises."""


class PycpgResponseError(PycpgError):
    """An error caused by (or detected in) an HTTP response."""

    def __init__(self, response: Any, message: str, *args: Any) -> None:
        super().__init__(message, *args)
        self._response = response

    @property
    def response(self) -> Any:
        """The response that caused the error."""
        return self._response


class PycpgArchiveFileNotFoundError(PycpgResponseError):
    """A file path could not be found in a device's backup archive."""

    def __init__(self, response: Any, device_guid: str, file_path: str) -> None:
        message = f"File not found in archive for device {device_guid} at path {file_path}"
        super().__init__(response, message)
        self._device_guid = device_guid
        self._file_path = file_path

    @property
    def device_guid(self) -> str:
        """GUID of the device whose archive was searched."""
        return self._device_guid

    @property
    def file_path(self) -> str:
        """The path that was not found."""
        return self._file_path


class PycpgChecksumNotFoundError(PycpgResponseError):
    """No file matched a given checksum."""

    def __init__(self, response: Any, checksum_name: str, checksum_value: str) -> None:
        message = f"No files found with {checksum_name} checksum {checksum_value}."
        super().__init__(response, message)
        self._checksum_name = checksum_name
        self._checksum_value = checksum_value

    @property
    def checksum_name(self) -> str:
        """The kind of checksum (e.g. ``MD5``)."""
        return self._checksum_name

    @property
    def checksum_value(self) -> str:
        """The checksum that matched nothing."""
        return self._checksum_value  # fix (spec §9.12): pycpg's property returned itself


class PycpgFeatureUnavailableError(PycpgResponseError):
    """The server does not offer the feature that was requested."""

    def __init__(self, response: Any) -> None:
        super().__init__(
            response,
            "You may be trying to use a feature that is unavailable in your environment.",
        )


class PycpgDeviceNotConnectedError(PycpgResponseError):
    """A push restore targeted a device that is not connected to its server."""

    def __init__(self, response: Any, device_guid: str) -> None:
        message = (
            f"Device with GUID '{device_guid}' is not currently connected to the "
            "Authority server."
        )
        super().__init__(response, message)
        self._device_guid = device_guid

    @property
    def device_guid(self) -> str:
        """GUID of the device that is not connected."""
        return self._device_guid


class PycpgModelError(PycpgResponseError):
    """A response could not be parsed into the requested pydantic model.

    ``errors`` is pydantic's error list (``ValidationError.errors()``); the message
    summarises the first few entries by location and reason only, never by the
    offending input value, which could be a secret.
    """

    _SHOWN = 3

    def __init__(self, response: Any, errors: list[Any], message: str | None = None) -> None:
        super().__init__(response, _model_error_message(errors, message, self._SHOWN))
        self._errors = errors

    @property
    def errors(self) -> list[Any]:
        """pydantic's error list (entries include the raw ``input``; handle with care)."""
        return self._errors


def _model_error_message(errors: Sequence[Any], message: str | None, shown: int) -> str:
    head = message or "The response did not match the expected model"
    count = len(errors)
    plural = "error" if count == 1 else "errors"
    parts = [_describe_model_error(error) for error in errors[:shown]]
    summary = "; ".join(parts)
    if count > shown:
        summary += f"; and {count - shown} more"
    return (
        f"{head}: {count} validation {plural}: {summary}. The raw payload is still "
        "available as the PycpgResponse's `.data`; this error's `errors` lists every problem."
    )


def _describe_model_error(error: Any) -> str:
    if not isinstance(error, Mapping):
        return "invalid value"
    loc = error.get("loc") or ()
    where = ".".join(str(part) for part in loc) if isinstance(loc, list | tuple) else str(loc)
    kind = str(error.get("type") or "invalid")
    reason = str(error.get("msg") or kind)
    if _echoes_input(reason, error.get("input")):
        reason = f"invalid value ({kind})"
    return f"{where or '<root>'}: {reason}"


def _echoes_input(text: str, value: Any, depth: int = 0) -> bool:
    """Whether ``text`` repeats ``value`` (or a longer string inside it)."""
    if depth == 0 and isinstance(value, str | int | float | bytes) and not isinstance(value, bool):
        shown = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
        return bool(shown) and shown in text
    if depth > 20:
        return False
    if isinstance(value, str):
        return len(value) >= 4 and value in text
    if isinstance(value, Mapping):
        return any(_echoes_input(text, item, depth + 1) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_echoes_input(text, item, depth + 1) for item in value)
    return False


# --- HTTP errors ------------------------------------------------------------------


class PycpgKeyError(PycpgError, KeyError):
    """A key is missing from a response's data (also a ``KeyError``, as in pycpg 1.0)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class PycpgIndexError(PycpgError, IndexError):
    """An index is out of range of a response's data (also an ``IndexError``, as in pycpg 1.0)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class PycpgInvalidIdError(PycpgError, ValueError, TypeError):
    """An id or name cannot be put into a URL path (``None``, blank, a ``/``, ...).

    Raised before anything is sent. It is also a ``ValueError`` and a
    ``TypeError``, so code that checks its arguments either way catches it.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)


class PycpgRedirectError(PycpgResponseError):
    """The server redirected a request to another origin, which is not followed.

    ``response`` is the redirect response; ``location`` is where it pointed
    (query values that look like secrets are masked).
    """

    def __init__(self, response: Any, source: str, location: str) -> None:
        message = (
            f"The server redirected {source} to {location}, another origin (scheme, host "
            "or port). pycpg follows redirects only within one origin, so that credentials, "
            "two-factor codes and archive secrets never reach another server. If the new "
            "address is right, use it as the host address."
        )
        super().__init__(response, message)
        self._source = source
        self._location = location

    @property
    def source(self) -> str:
        """The URL that was redirected (secrets masked)."""
        return self._source

    @property
    def location(self) -> str:
        """Where the redirect pointed (secrets masked)."""
        return self._location


class PycpgResponseTooLargeError(PycpgResponseError):
    """A response body is larger than the client's ``max_response_bytes``.

    The body is refused while it is read (a ``Content-Length`` over the limit is
    refused before reading); compressed bodies count their decompressed size.
    """

    def __init__(self, response: Any, limit: int, url: str) -> None:
        super().__init__(
            response,
            f"The response from {url} is larger than max_response_bytes ({limit} bytes) "
            "and was not read. Ask for less (smaller pages, narrower filters) or raise "
            "max_response_bytes.",
        )
        self._limit = limit

    @property
    def limit(self) -> int:
        """The client's ``max_response_bytes``."""
        return self._limit


class PycpgResponseTooDeepError(PycpgResponseError):
    """A JSON body is nested too deeply to be parsed safely.

    Raised by ``PycpgResponse.data`` (and subscripting, iteration, ``text`` and
    ``str()``) when the body is too deep for Python's parser or printer (about
    1,000 levels), and by the sign-in and discovery requests when their body nests
    objects/arrays more than 200 levels, instead of the ``RecursionError`` Python
    would raise. The raw body is still available as ``response.content``.
    """

    def __init__(self, response: Any, url: str) -> None:
        super().__init__(response, f"The response from {url} is JSON nested too deeply to be read.")


class PycpgStreamConsumedError(PycpgError, rex.StreamConsumedError, RuntimeError):
    """A streamed body was read again after ``iter_content`` consumed it.

    Also what pycpg 1.0 (that is, ``requests``) raised there: a
    ``requests.exceptions.StreamConsumedError`` from ``iter_content`` and a
    ``RuntimeError`` from ``content``/``text``.
    """

    def __init__(self, url: str) -> None:
        super().__init__(
            f"The streamed body of {url} was already read with iter_content(); a stream "
            "can be read once. Keep the chunks you need while iterating."
        )


class PycpgRestoreTimeoutError(PycpgError, TimeoutError):
    """A restore or file-size job did not finish within its time limit."""

    def __init__(self, job_id: str, timeout: float) -> None:
        super().__init__(
            f"Restore job {job_id} did not finish within {timeout:g} seconds. Raise "
            "restore_timeout (an SDK option or a keyword of the restore method) for "
            "large restores, or check the job on the console."
        )
        self._job_id = job_id
        self._timeout = timeout

    @property
    def job_id(self) -> str:
        """The job that did not finish."""
        return self._job_id

    @property
    def timeout(self) -> float:
        """The limit, in seconds."""
        return self._timeout


#: At most this many characters of a response body (and of the failed call's
#: description) go into a :class:`PycpgHTTPError`'s default message.
HTTP_ERROR_BODY_CHARS = 2000


def _shown_text(text: str) -> str:
    """``text`` cut to :data:`HTTP_ERROR_BODY_CHARS` characters, then redacted.

    Cutting first bounds the cost of redaction whatever the server sent; a secret
    cut in half is still masked (the free-text rules mask an unterminated quoted
    value, or an unclosed object or array, up to the end of the text).
    """
    if len(text) <= HTTP_ERROR_BODY_CHARS:
        return redact_text(text)
    more = len(text) - HTTP_ERROR_BODY_CHARS
    return f"{redact_text(text[:HTTP_ERROR_BODY_CHARS])}… [truncated, {more} more characters]"


def _body_text(response: Any) -> str:
    if response is None:
        return ""
    try:
        body = response.text
    except Exception as error:  # e.g. a streamed body cut short while it was read
        return f"<the body could not be read: {type(error).__name__}>"
    return body if isinstance(body, str) else str(body)


class PycpgHTTPError(PycpgResponseError):
    """An HTTP request failed with an error status.

    ``exception`` is the ``requests.HTTPError`` (or another :class:`PycpgHTTPError`)
    whose ``response`` this error carries.

    The default message shows at most :data:`HTTP_ERROR_BODY_CHARS` (2,000)
    characters of the response body, followed by ``… [truncated, N more
    characters]`` when the body is longer, with secrets masked; the whole body
    is still available as ``error.response.text`` / ``error.response.content``.
    Building the message takes time linear in the body's size, and a body that
    is JSON nested too deeply is shown as (cut) text.
    """

    def __init__(
        self,
        exception: requests.HTTPError | PycpgHTTPError,
        message: str | None = None,
        *args: Any,
    ) -> None:
        response = exception.response
        if not message:
            message = (
                f"Failure in HTTP call {_shown_text(str(exception))}. "
                f"Response content: {_shown_text(_body_text(response))}"
            )
            _logger.debug(message)
        super().__init__(response, message, *args)

    @property
    def response(self) -> requests.Response:
        """The failed ``requests.Response``."""
        return cast(requests.Response, self._response)


class PycpgBadRequestError(PycpgHTTPError):
    """HTTP 400 Bad Request."""


class PycpgUnauthorizedError(PycpgHTTPError):
    """HTTP 401 Unauthorized."""


class PycpgForbiddenError(PycpgHTTPError):
    """HTTP 403 Forbidden."""


class PycpgNotFoundError(PycpgHTTPError):
    """HTTP 404 Not Found."""


class PycpgConflictError(PycpgHTTPError):
    """HTTP 409 Conflict."""


class PycpgTooManyRequestsError(PycpgHTTPError):
    """HTTP 429 Too Many Requests."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (its ``Retry-After`` header), if it said."""
        headers = getattr(self.response, "headers", None) or {}
        return parse_retry_after(headers.get("Retry-After"))


class PycpgInternalServerError(PycpgHTTPError):
    """HTTP 5xx server error."""


class PycpgInvalidArchivePassword(PycpgHTTPError):
    """The archive password used to open a restore session is wrong."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError) -> None:
        super().__init__(exception, "Invalid archive password.")


class PycpgInvalidArchiveEncryptionKey(PycpgHTTPError):
    """The custom encryption key used to open a restore session is wrong."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError) -> None:
        super().__init__(exception, "Invalid archive encryption key.")


class PycpgStorageSessionInitializationError(PycpgHTTPError):
    """A storage-node session could not be initialised."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError, message: str) -> None:
        super().__init__(exception, message)


class PycpgSessionInitializationError(PycpgError):
    """A connection could not be set up (e.g. server environment lookup failed)."""

    def __init__(self, exception: BaseException) -> None:
        message = (
            "An error occurred while requesting server environment information, caused by "
            f"{redact_text(str(exception))}"
        )
        super().__init__(message, exception)  # fix (spec §9.45): message first in args

    def __str__(self) -> str:
        return str(self.args[0])


class PycpgOrgNotFoundError(PycpgBadRequestError):
    """An organization UID given as a filter does not exist."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError, org_uid: str) -> None:
        super().__init__(exception, f"The organization with UID '{org_uid}' was not found.")
        self._org_uid = org_uid

    @property
    def org_uid(self) -> str:
        """The organization UID that was not found."""
        return self._org_uid


class PycpgActiveLegalHoldError(PycpgBadRequestError):
    """A user or device cannot be deactivated while it is on legal hold."""

    def __init__(
        self,
        exception: requests.HTTPError | PycpgHTTPError,
        resource: str,
        resource_id: int | str,
    ) -> None:
        message = (
            f"Cannot deactivate the {resource} with ID {resource_id} as the {resource} "
            "is involved in a legal hold matter."
        )
        super().__init__(exception, message)
        self._resource = resource
        self._resource_id = resource_id

    @property
    def resource(self) -> str:
        """The kind of resource (``user`` or ``device``)."""
        return self._resource

    @property
    def resource_id(self) -> int | str:
        """ID of the resource that is on hold."""
        return self._resource_id


class PycpgUserAlreadyAddedError(PycpgBadRequestError):
    """The user is already on the list or matter it was being added to."""

    def __init__(
        self,
        exception: requests.HTTPError | PycpgHTTPError,
        user_id: int | str,
        list_name: str,
    ) -> None:
        super().__init__(exception, f"User with ID {user_id} is already on the {list_name}.")
        self._user_id = user_id
        self._list_name = list_name

    @property
    def user_id(self) -> int | str:
        """ID of the user that was already added."""
        return self._user_id

    @property
    def list_name(self) -> str:
        """Name of the list or matter."""
        return self._list_name


class PycpgLegalHoldNotFoundOrPermissionDeniedError(PycpgForbiddenError):
    """A legal-hold matter or policy does not exist or is not visible to the caller."""

    def __init__(
        self,
        exception: requests.HTTPError | PycpgHTTPError,
        resource_uid: str,
        legal_hold_resource: str = "matter",
    ) -> None:
        message = (
            f"{legal_hold_resource.capitalize()} with UID '{resource_uid}' can not be "
            f"found. Your account may not have permission to view the "
            f"{legal_hold_resource}."
        )
        super().__init__(exception, message)
        self._uid = resource_uid
        self._legal_hold_resource = legal_hold_resource

    @property
    def uid(self) -> str:
        """UID of the matter or policy."""
        return self._uid

    @property
    def legal_hold_resource(self) -> str:
        """The kind of legal-hold resource (``matter`` or ``policy``)."""
        return self._legal_hold_resource


class PycpgLegalHoldCriteriaMissingError(PycpgBadRequestError):
    """A legal-hold custodian query was made without any filter."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError) -> None:
        # fix (spec §9.14): name the parameters that exist (no legal_hold_membership_uid)
        message = (
            "At least one criteria must be specified: legal_hold_matter_uid, user_uid, "
            "or user."
        )
        super().__init__(exception, message)


class PycpgLegalHoldAlreadyDeactivatedError(PycpgBadRequestError):
    """The legal-hold matter is already inactive."""

    def __init__(
        self, exception: requests.HTTPError | PycpgHTTPError, legal_hold_matter_uid: str
    ) -> None:
        message = (
            f"Legal Hold Matter with UID '{legal_hold_matter_uid}' has already been "
            "deactivated."
        )
        super().__init__(exception, message)
        self._legal_hold_matter_uid = legal_hold_matter_uid

    @property
    def legal_hold_matter_uid(self) -> str:
        """UID of the matter."""
        return self._legal_hold_matter_uid


class PycpgLegalHoldAlreadyActiveError(PycpgBadRequestError):
    """The legal-hold matter is already active."""

    def __init__(
        self, exception: requests.HTTPError | PycpgHTTPError, legal_hold_matter_uid: str
    ) -> None:
        message = f"Legal Hold Matter with UID '{legal_hold_matter_uid}' is already active."
        super().__init__(exception, message)
        self._legal_hold_matter_uid = legal_hold_matter_uid

    @property
    def legal_hold_matter_uid(self) -> str:
        """UID of the matter."""
        return self._legal_hold_matter_uid


class PycpgMFARequiredError(PycpgUnauthorizedError):
    """The account requires multi-factor authentication (deprecated; never raised)."""

    def __init__(
        self, exception: requests.HTTPError | PycpgHTTPError, message: str | None = None
    ) -> None:
        super().__init__(exception, message or "User requires multi-factor authentication.")


class PycpgUserAlreadyExistsError(PycpgInternalServerError):
    """A user with that username already exists."""

    def __init__(
        self, exception: requests.HTTPError | PycpgHTTPError, message: str | None = None
    ) -> None:
        super().__init__(exception, message or "User already exists.")


class PycpgUsernameMustBeEmailError(PycpgInternalServerError):
    """The organization requires usernames to be email addresses."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError) -> None:
        super().__init__(exception, "Username must be an email address.")


class PycpgInvalidEmailError(PycpgInternalServerError):
    """The email address given for a user is invalid."""

    # Argument order (email first) kept from pycpg for compatibility (spec §9.13).
    def __init__(self, email: str, exception: requests.HTTPError | PycpgHTTPError) -> None:
        super().__init__(exception, f"'{email}' is not a valid email.")
        self._email = email

    @property
    def email(self) -> str:
        """The rejected email address."""
        return self._email


class PycpgInvalidPasswordError(PycpgInternalServerError):
    """The new password was rejected by the server."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError) -> None:
        super().__init__(exception, "Invalid password.")


class PycpgInvalidUsernameError(PycpgInternalServerError):
    """The username was rejected by the server."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError) -> None:
        super().__init__(exception, "Invalid username.")


class PycpgBadRestoreRequestError(PycpgBadRequestError):
    """The restore arguments were rejected by the server."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError) -> None:
        super().__init__(exception, "Unable to create restore session.")


class PycpgInvalidPageTokenError(PycpgBadRequestError):
    """A page token was rejected by the server (unused by pycpg 1.0)."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError, page_token: str) -> None:
        super().__init__(exception, f"Invalid page token: {page_token}")
        self._page_token = page_token

    @property
    def page_token(self) -> str:
        """The rejected page token."""
        return self._page_token


# --- status mapping -------------------------------------------------------------

_STATUS_CLASSES: dict[int, type[PycpgHTTPError]] = {
    400: PycpgBadRequestError,
    401: PycpgUnauthorizedError,
    403: PycpgForbiddenError,
    404: PycpgNotFoundError,
    409: PycpgConflictError,
    429: PycpgTooManyRequestsError,
}


def error_class_for_status(status: int) -> type[PycpgHTTPError]:
    """Return the :class:`PycpgHTTPError` subclass used for an HTTP status code.

    Args:
        status: the HTTP status code.

    Returns:
        The specific class for 400, 401, 403, 404, 409, 429 and 500-599, otherwise
        :class:`PycpgHTTPError` itself.
    """
    if 500 <= status <= 599:
        return PycpgInternalServerError
    return _STATUS_CLASSES.get(status, PycpgHTTPError)


def raise_pycpg_error(http_error: requests.HTTPError) -> NoReturn:
    """Raise the :class:`PycpgHTTPError` subclass matching an HTTP error's status.

    Args:
        http_error: a ``requests.HTTPError`` carrying the failed response.

    Raises:
        PycpgHTTPError: always; a subclass chosen by :func:`error_class_for_status`.
            Statuses without a specific class (other 4xx, or >= 600, which
            ``raise_for_status`` does not flag) raise a plain :class:`PycpgHTTPError`
            (fix, spec §9.2: pycpg returned ``None`` for them).
    """
    response = http_error.response
    status = response.status_code if response is not None else None
    cls = error_class_for_status(status) if isinstance(status, int) else PycpgHTTPError
    raise cls(http_error) from http_error


# --- transport errors -----------------------------------------------------------


class PycpgTransportError(PycpgError, requests.RequestException):
    """A request failed before an HTTP response was received.

    Also a ``requests.RequestException``; ``request`` and ``response`` are those of
    the wrapped exception, ``method`` and ``url`` (secrets masked) name the call.
    """

    def __init__(
        self,
        message: str,
        *args: Any,
        request: Any = None,
        response: Any = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        requests.RequestException.__init__(
            self, message, *args, request=request, response=response
        )
        self.method = method
        self.url = url


class PycpgConnectionError(PycpgTransportError, requests.ConnectionError):
    """The server could not be reached (DNS failure, refused or dropped connection)."""


class PycpgSSLError(PycpgConnectionError, rex.SSLError):
    """The TLS handshake or certificate verification failed."""


class PycpgProxyError(PycpgConnectionError, rex.ProxyError):
    """The configured proxy could not be used."""


class PycpgTimeoutError(PycpgTransportError, requests.Timeout):
    """The request timed out."""


class PycpgConnectTimeoutError(PycpgConnectionError, PycpgTimeoutError, requests.ConnectTimeout):
    """Connecting to the server timed out."""


class PycpgReadTimeoutError(PycpgTimeoutError, requests.ReadTimeout):
    """The server accepted the connection but did not answer in time."""


# Most specific first: ConnectTimeout is both a ConnectionError and a Timeout, and
# SSLError/ProxyError are ConnectionErrors.
_TRANSPORT_CLASSES: tuple[tuple[type[requests.RequestException], type[PycpgTransportError]], ...] = (
    (rex.SSLError, PycpgSSLError),
    (rex.ProxyError, PycpgProxyError),
    (rex.ConnectTimeout, PycpgConnectTimeoutError),
    (rex.ReadTimeout, PycpgReadTimeoutError),
    (rex.ConnectionError, PycpgConnectionError),
    (rex.Timeout, PycpgTimeoutError),
)


def _transport_message(
    cls: type[PycpgTransportError], method: str, url: str, reason: str
) -> str:
    call = f"{method.upper()} {url}"
    origin = _origin(url)
    if issubclass(cls, PycpgSSLError):
        return (
            f"TLS/SSL error talking to {origin} ({call}): {reason}. Check that the "
            "server certificate is valid for this host, or point verify_ssl_certs at "
            "the CA bundle that signed it."
        )
    if issubclass(cls, PycpgProxyError):
        return (
            f"Could not reach {origin} through the proxy ({call}): {reason}. Check the "
            "proxy address and credentials in your proxy settings."
        )
    if issubclass(cls, PycpgConnectTimeoutError):
        return (
            f"Timed out connecting to {origin} ({call}): {reason}. Check the host "
            "address and your network or proxy settings, or raise the timeout."
        )
    if issubclass(cls, PycpgReadTimeoutError):
        return (
            f"{origin} did not answer in time ({call}): {reason}. Try again later or "
            "raise the timeout."
        )
    if issubclass(cls, PycpgConnectionError):
        return (
            f"Could not connect to {origin} ({call}): {reason}. Check the host address "
            "and your network or proxy settings."
        )
    if issubclass(cls, PycpgTimeoutError):
        return f"Request timed out ({call}): {reason}. Try again later or raise the timeout."
    return (
        f"The request {call} failed before a response was received: {reason}. Check "
        "the URL and your network settings."
    )


def _origin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme and parts.hostname:
        port = f":{parts.port}" if parts.port is not None else ""
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        return f"{parts.scheme}://{host}{port}"
    return url


_COMBINED: dict[tuple[type[Any], type[Any]], type[PycpgTransportError]] = {}


def _combined_class(
    base: type[PycpgTransportError], original: type[requests.RequestException]
) -> type[PycpgTransportError]:
    """A subclass of ``base`` that is also ``original`` (for other requests errors)."""
    key = (base, original)
    if key not in _COMBINED:
        namespace = {"__module__": __name__, "__doc__": base.__doc__}
        try:
            combined = type(f"Pycpg{original.__name__}", (base, original), namespace)
        except TypeError:  # incompatible layout or MRO: fall back to the base class
            combined = base
        _COMBINED[key] = cast(type[PycpgTransportError], combined)
    return _COMBINED[key]


def wrap_transport_error(
    exc: requests.RequestException, method: str, url: str
) -> PycpgTransportError:
    """Wrap a ``requests`` transport exception in the matching pycpg class.

    The result is an instance of both the most specific :class:`PycpgTransportError`
    subclass and ``type(exc)``; it keeps ``exc.request`` and ``exc.response``. The
    caller raises it with ``raise wrap_transport_error(exc, ...) from exc``.

    Args:
        exc: the exception raised by ``requests``.
        method: the HTTP method of the failed call.
        url: the URL of the failed call (sensitive query values are masked in the
            message).

    Returns:
        The new exception (or ``exc`` itself if it already is a PycpgTransportError).
    """
    if isinstance(exc, PycpgTransportError):
        return exc
    base = next(
        (ours for theirs, ours in _TRANSPORT_CLASSES if isinstance(exc, theirs)),
        PycpgTransportError,
    )
    cls = base if issubclass(base, type(exc)) else _combined_class(base, type(exc))
    safe_url = redact_url(url)
    reason = redact_text(str(exc)) or type(exc).__name__
    message = _transport_message(base, method, safe_url, reason)
    kwargs: dict[str, Any] = {
        "request": exc.request,
        "response": exc.response,
        "method": method.upper(),
        "url": safe_url,
    }
    try:
        return cls(message, **kwargs)
    except Exception:  # an exotic requests subclass whose __init__ we cannot satisfy
        return base(message, **kwargs)
