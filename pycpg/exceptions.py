"""Exceptions raised by pycpg.

Every failure the SDK reports is a :class:`PycpgError`. HTTP failures are
:class:`PycpgHTTPError` subclasses chosen by status code; transport failures (DNS,
refused connections, TLS, proxies, timeouts) are :class:`PycpgTransportError`
subclasses that also derive from the matching ``requests`` exception, so
``except requests.ConnectionError`` keeps working. Messages never contain
passwords, tokens or keys: response bodies and URLs are redacted first.

This module holds the classes only. Choosing the class for a status or a
``requests`` exception happens at the transport edge (:mod:`pycpg._http.errors`);
:func:`error_class_for_status`, :func:`raise_pycpg_error` and
:func:`wrap_transport_error` stay importable from here, as in pycpg 1.0.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import requests
import requests.exceptions as rex

from pycpg._messages import HTTP_ERROR_BODY_CHARS, http_error_message, model_error_message, safe_str
from pycpg._redact import redact_text

if TYPE_CHECKING:
    from pycpg._http.errors import error_class_for_status as error_class_for_status
    from pycpg._http.errors import raise_pycpg_error as raise_pycpg_error
    from pycpg._http.errors import wrap_transport_error as wrap_transport_error

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
    "PycpgRoleNotAssignedError",
    "PycpgRedirectError",
    "PycpgResponseTooLargeError",
    "PycpgResponseTooDeepError",
    "PycpgStreamConsumedError",
    "PycpgListChangedWarning",
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


# --- compatibility names ------------------------------------------------------------

# error_class_for_status, raise_pycpg_error and wrap_transport_error live in
# pycpg._http.errors, which imports this module for the classes it raises. Importing
# them at the top of this module would be circular (importing any pycpg._http module
# runs that package's __init__, which reaches this module before its classes exist),
# so they are looked up on first access instead (PEP 562) and then cached in this
# module's namespace. Type checkers see the real signatures through the
# TYPE_CHECKING import above, and ``from pycpg.exceptions import *`` still exports
# them because they are in __all__.
_FROM_HTTP_ERRORS = frozenset({"error_class_for_status", "raise_pycpg_error", "wrap_transport_error"})


def __getattr__(name: str) -> Any:
    if name in _FROM_HTTP_ERRORS:
        from pycpg._http.errors import error_class_for_status, raise_pycpg_error, wrap_transport_error

        found: dict[str, Any] = {
            "error_class_for_status": error_class_for_status,
            "raise_pycpg_error": raise_pycpg_error,
            "wrap_transport_error": wrap_transport_error,
        }
        globals().update(found)
        return found[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- base classes -----------------------------------------------------------------


class PycpgError(Exception):
    """Base class of every exception pycpg raises."""


class PycpgResponseError(PycpgError):
    """An error caused by (or detected in) an HTTP response.

    Attributes:
        response: the response that caused the error.
    """

    def __init__(self, response: Any, message: str, *args: Any) -> None:
        super().__init__(message, *args)
        self.response: Any = response


class PycpgArchiveFileNotFoundError(PycpgResponseError):
    """A file path could not be found in a device's backup archive.

    Attributes:
        device_guid: GUID of the device whose archive was searched.
        file_path: the path that was not found.
    """

    def __init__(self, response: Any, device_guid: str, file_path: str) -> None:
        message = f"File not found in archive for device {device_guid} at path {file_path}"
        super().__init__(response, message, device_guid, file_path)
        self.device_guid = device_guid
        self.file_path = file_path


class PycpgChecksumNotFoundError(PycpgResponseError):
    """No file matched a given checksum.

    Attributes:
        checksum_name: the kind of checksum (e.g. ``MD5``).
        checksum_value: the checksum that matched nothing (pycpg 1.0's property of
            that name recursed forever instead of returning it).
    """

    def __init__(self, response: Any, checksum_name: str, checksum_value: str) -> None:
        message = f"No files found with {checksum_name} checksum {checksum_value}."
        super().__init__(response, message, checksum_name, checksum_value)
        self.checksum_name = checksum_name
        self.checksum_value = checksum_value


class PycpgFeatureUnavailableError(PycpgResponseError):
    """The server does not offer the feature that was requested."""

    def __init__(self, response: Any) -> None:
        super().__init__(
            response,
            "You may be trying to use a feature that is unavailable in your environment.",
        )


class PycpgDeviceNotConnectedError(PycpgResponseError):
    """A push restore targeted a device that is not connected to its server.

    Attributes:
        device_guid: GUID of the device that is not connected.
    """

    def __init__(self, response: Any, device_guid: str) -> None:
        message = (
            f"Device with GUID '{device_guid}' is not currently connected to the "
            "Authority server."
        )
        super().__init__(response, message, device_guid)
        self.device_guid = device_guid


class PycpgModelError(PycpgResponseError):
    """A response could not be parsed into the requested pydantic model.

    The message summarises the first few errors by location and reason only, never
    by the offending input value, which could be a secret.

    Attributes:
        errors: pydantic's error list (``ValidationError.errors()``); its entries
            include the raw ``input``, so handle them with care.
    """

    def __init__(self, response: Any, errors: list[Any], message: str | None = None) -> None:
        super().__init__(response, model_error_message(errors, message))
        self.errors = errors


# --- errors about a response's data and the calls' arguments --------------------------


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


class PycpgRoleNotAssignedError(PycpgError, ValueError):
    """``users.remove_role`` was asked to remove a role the user does not have.

    Also a ``ValueError``, which is what pycpg 1.0 raised there (from
    ``list.remove``), so existing ``except ValueError`` handlers keep working.

    Attributes:
        user_id: the user's ``userId`` as given.
        role_name: the role's name or id as given.
    """

    def __init__(self, user_id: int | str, role_name: str) -> None:
        super().__init__(f"User {user_id} does not have the role {role_name!r}; nothing to remove.")
        self.user_id = user_id
        self.role_name = role_name


class PycpgRedirectError(PycpgResponseError):
    """The server redirected a request to another origin, which is not followed.

    Attributes:
        response: the redirect response.
        source: the URL that was redirected (secrets masked).
        location: where the redirect pointed (query values that look like secrets
            are masked).
    """

    def __init__(self, response: Any, source: str, location: str) -> None:
        message = (
            f"The server redirected {source} to {location}, another origin (scheme, host "
            "or port). pycpg follows redirects only within one origin, so that credentials, "
            "two-factor codes and archive secrets never reach another server. If the new "
            "address is right, use it as the host address."
        )
        super().__init__(response, message)
        self.source = source
        self.location = location


class PycpgResponseTooLargeError(PycpgResponseError):
    """A response body is larger than the client's ``max_response_bytes``.

    The body is refused while it is read (a ``Content-Length`` over the limit is
    refused before reading); compressed bodies count their decompressed size.

    Attributes:
        limit: the client's ``max_response_bytes``.
    """

    def __init__(self, response: Any, limit: int, url: str) -> None:
        super().__init__(
            response,
            f"The response from {url} is larger than max_response_bytes ({limit} bytes) "
            "and was not read. Ask for less (smaller pages, narrower filters) or raise "
            "max_response_bytes.",
        )
        self.limit = limit


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
    """A restore or file-size job did not finish within its time limit.

    Attributes:
        job_id: the job that did not finish.
        timeout: the limit, in seconds.
    """

    def __init__(self, job_id: str, timeout: float) -> None:
        super().__init__(
            f"Restore job {job_id} did not finish within {timeout:g} seconds. Raise "
            "restore_timeout (an SDK option or a keyword of the restore method) for "
            "large restores, or check the job on the console."
        )
        self.job_id = job_id
        self.timeout = timeout


# --- HTTP errors ------------------------------------------------------------------


def _response_of(exception: Any) -> Any:
    """``exception.response``, or ``None`` when it has none or reading it fails.

    Building an exception must never raise, whatever object a caller (or a test
    double such as ``Mock(spec=requests.Response)``) passes in.
    """
    try:
        return getattr(exception, "response", None)
    except Exception:
        return None


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

    Attributes:
        response: the failed ``requests.Response``.
    """

    response: requests.Response

    def __init__(
        self,
        exception: requests.HTTPError | PycpgHTTPError,
        message: str | None = None,
        *args: Any,
    ) -> None:
        response = _response_of(exception)
        if not message:
            message = http_error_message(exception, response)
            _logger.debug(message)
        super().__init__(response, message, *args)


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
    """HTTP 429 Too Many Requests.

    Attributes:
        retry_after: seconds the server asked to wait (its ``Retry-After`` header,
            an HTTP date measured from when this error was created), or ``None`` if
            it did not say.
    """

    def __init__(
        self,
        exception: requests.HTTPError | PycpgHTTPError,
        message: str | None = None,
        *args: Any,
    ) -> None:
        # Imported here, not at the top, for the reason given for the compatibility
        # names above.
        from pycpg._http.errors import parse_retry_after

        super().__init__(exception, message, *args)
        try:
            headers = getattr(self.response, "headers", None) or {}
            value = headers.get("Retry-After")
            retry_after = parse_retry_after(value) if isinstance(value, str) else None
        except Exception:  # an odd response object (a test double, a broken property)
            retry_after = None
        self.retry_after: float | None = retry_after


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
    """A connection could not be set up (e.g. server environment lookup failed).

    ``args`` is ``(message, exception)``: the message comes first (pycpg 1.0 put the
    exception first), and names the cause with secrets masked.
    """

    def __init__(self, exception: BaseException) -> None:
        message = (
            "An error occurred while requesting server environment information, caused by "
            f"{redact_text(safe_str(exception))}"
        )
        super().__init__(message, exception)

    def __str__(self) -> str:
        return str(self.args[0])


class PycpgOrgNotFoundError(PycpgBadRequestError):
    """An organization UID given as a filter does not exist.

    Attributes:
        org_uid: the organization UID that was not found.
    """

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError, org_uid: str) -> None:
        super().__init__(exception, f"The organization with UID '{org_uid}' was not found.", org_uid)
        self.org_uid = org_uid


class PycpgActiveLegalHoldError(PycpgBadRequestError):
    """A user or device cannot be deactivated while it is on legal hold.

    Attributes:
        resource: the kind of resource (``user`` or ``device``).
        resource_id: ID of the resource that is on hold.
    """

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
        super().__init__(exception, message, resource, resource_id)
        self.resource = resource
        self.resource_id = resource_id


class PycpgUserAlreadyAddedError(PycpgBadRequestError):
    """The user is already on the list or matter it was being added to.

    Attributes:
        user_id: ID of the user that was already added.
        list_name: name of the list or matter.
    """

    def __init__(
        self,
        exception: requests.HTTPError | PycpgHTTPError,
        user_id: int | str,
        list_name: str,
    ) -> None:
        super().__init__(
            exception, f"User with ID {user_id} is already on the {list_name}.", user_id, list_name
        )
        self.user_id = user_id
        self.list_name = list_name


class PycpgLegalHoldNotFoundOrPermissionDeniedError(PycpgForbiddenError):
    """A legal-hold matter or policy does not exist or is not visible to the caller.

    Attributes:
        uid: UID of the matter or policy (the ``resource_uid`` argument).
        legal_hold_resource: the kind of legal-hold resource (``matter`` or
            ``policy``).
    """

    def __init__(
        self,
        exception: requests.HTTPError | PycpgHTTPError,
        resource_uid: str,
        legal_hold_resource: str = "matter",
    ) -> None:
        kind = str(legal_hold_resource)
        message = (
            f"{kind.capitalize()} with UID '{resource_uid}' can not be "
            f"found. Your account may not have permission to view the "
            f"{kind.lower()}."
        )
        super().__init__(exception, message, resource_uid)
        self.uid = resource_uid
        self.legal_hold_resource = legal_hold_resource


class PycpgLegalHoldCriteriaMissingError(PycpgBadRequestError):
    """A legal-hold custodian query was made without any filter."""

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError) -> None:
        # Names only parameters that exist (pycpg 1.0 also named a
        # legal_hold_membership_uid parameter that no method has).
        message = (
            "At least one criteria must be specified: legal_hold_matter_uid, user_uid, "
            "or user."
        )
        super().__init__(exception, message)


class PycpgLegalHoldAlreadyDeactivatedError(PycpgBadRequestError):
    """The legal-hold matter is already inactive.

    Attributes:
        legal_hold_matter_uid: UID of the matter.
    """

    def __init__(
        self, exception: requests.HTTPError | PycpgHTTPError, legal_hold_matter_uid: str
    ) -> None:
        message = (
            f"Legal Hold Matter with UID '{legal_hold_matter_uid}' has already been "
            "deactivated."
        )
        super().__init__(exception, message, legal_hold_matter_uid)
        self.legal_hold_matter_uid = legal_hold_matter_uid


class PycpgLegalHoldAlreadyActiveError(PycpgBadRequestError):
    """The legal-hold matter is already active.

    Attributes:
        legal_hold_matter_uid: UID of the matter.
    """

    def __init__(
        self, exception: requests.HTTPError | PycpgHTTPError, legal_hold_matter_uid: str
    ) -> None:
        message = f"Legal Hold Matter with UID '{legal_hold_matter_uid}' is already active."
        super().__init__(exception, message, legal_hold_matter_uid)
        self.legal_hold_matter_uid = legal_hold_matter_uid


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
    """The email address given for a user is invalid.

    Attributes:
        email: the rejected email address.
    """

    # Argument order (email first) kept from pycpg 1.0 for compatibility.
    def __init__(self, email: str, exception: requests.HTTPError | PycpgHTTPError) -> None:
        super().__init__(exception, f"'{email}' is not a valid email.", email)
        self.email = email


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
    """A page token was rejected by the server (unused by pycpg 1.0).

    Attributes:
        page_token: the rejected page token.
    """

    def __init__(self, exception: requests.HTTPError | PycpgHTTPError, page_token: str) -> None:
        message = (
            f'Invalid page token: "{page_token}".\n'
            "Page tokens match the last event ID received in a previous query.  "
            "Your page token may be invalid if the original query has changed "
            "such that the corresponding event is being filtered out of the results, "
            "or if the event has expired according to your data retention policy."
        )
        super().__init__(exception, message, page_token)
        self.page_token = page_token


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


# --- warnings -------------------------------------------------------------------


class PycpgListChangedWarning(UserWarning):
    """A paged list changed while it was read: items may have been skipped or repeated.

    Issued (once per run) by every ``get_all``/``iter_all`` when the server's
    ``totalCount`` differs between two pages of the same run: lists are paged by
    offset, so an item added or removed before the pages not yet read shifts them.
    The usual cause is a loop that changes what it iterates (deactivating devices
    while listing the active ones); pass ``snapshot=True`` to ``iter_all`` (every
    page is read before the first item) or collect the ids first. Lists without
    ``totalCount`` (the legal-hold lists, the audit-log search) cannot tell.

    A warning, not a :class:`PycpgError`: the run goes on. Turn it into an error
    with ``warnings.simplefilter("error", PycpgListChangedWarning)``.
    """
