"""When a failed request may be sent again, and how long to wait first.

pycpg 1.0 re-sent every failed request once, at once, so a failing write was
applied twice. Here a request is re-sent only when that cannot
duplicate an effect:

- the connection failed before the request left this machine (any method),
  except when the host (or the proxy) refused it or its name did not resolve: both are
  answers, not hiccups, and resending only delays the error (pycpg 1.0 failed
  at once there too);
- the server said "slow down" (429) (any method: the request was not acted on);
- a gateway or the server was unavailable (502, 503, 504), or the connection
  broke after sending, for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE)
  and for reads sent as POST (declared per endpoint).

Waits grow exponentially with full jitter, honour ``Retry-After`` (seconds or an
HTTP date) up to a cap, and stop when the call's total waiting budget is spent.

A 429 slows the whole client, not only the request that received it: its wait is
posted on the client's :class:`RetryGate`, and every request of that client (from
any thread, e.g. the workers of a prefetching page run) waits for the gate to
open before it is sent. The server's ``Retry-After`` is thus honoured once, by
everyone, instead of each worker discovering it with a 429 of its own.
"""

from __future__ import annotations

import email.utils
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

import requests
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from pycpg._http.errors import parse_retry_after

__all__ = ["FailurePoint", "RetryGate", "RetryPolicy", "failure_point", "parse_retry_after", "IDEMPOTENT_METHODS"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_UNAVAILABLE = frozenset({502, 503, 504})


class FailurePoint(Enum):
    """Where a transport failure happened relative to sending the request."""

    BEFORE_SEND = "before"  # nothing reached the server: always safe to resend
    AFTER_SEND = "after"  # the server may have acted: resend only what is idempotent
    UNREACHABLE = "unreachable"  # refused, or the name did not resolve: fail at once
    FATAL = "fatal"  # resending cannot help (e.g. a TLS certificate error)


def failure_point(error: BaseException) -> FailurePoint:
    """Classify a ``requests`` exception (or a pycpg wrapper whose cause is one)."""
    cause = error.__cause__ if not isinstance(error, requests.RequestException) or error.__cause__ else error
    exc = cause if isinstance(cause, requests.RequestException) else error
    if isinstance(exc, requests.exceptions.SSLError):
        return FailurePoint.FATAL
    if isinstance(exc, requests.exceptions.ProxyError):
        reason = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the reason
        reason = getattr(reason, "original_error", reason)  # urllib3's ProxyError wraps the cause
        return FailurePoint.UNREACHABLE if _is_unreachable(reason) else FailurePoint.BEFORE_SEND
    if isinstance(exc, requests.ConnectTimeout):
        return FailurePoint.BEFORE_SEND
    if isinstance(exc, requests.ConnectionError):
        reason = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the reason
        if _is_unreachable(reason):
            return FailurePoint.UNREACHABLE
        if isinstance(reason, (NewConnectionError, ConnectTimeoutError)):
            return FailurePoint.BEFORE_SEND
        return FailurePoint.AFTER_SEND
    if isinstance(exc, (requests.ReadTimeout, requests.exceptions.ChunkedEncodingError)):
        return FailurePoint.AFTER_SEND
    return FailurePoint.FATAL


def _is_unreachable(reason: object) -> bool:
    """Whether urllib3's ``reason`` says the host refused the connection or has no address."""
    if isinstance(reason, NameResolutionError):
        return True
    if not isinstance(reason, NewConnectionError):
        return False
    seen: set[int] = set()
    cause: BaseException | None = reason
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, (ConnectionRefusedError, socket.gaierror)):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


@dataclass(frozen=True)
class RetryPolicy:
    """How one SDK client retries; see the module docstring for what is retried."""

    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    retry_budget: float = 120.0
    max_retry_after: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)
    jitter: Callable[[float, float], float] = field(default=random.uniform, compare=False, repr=False)
    now: Callable[[], float] = field(default=time.time, compare=False, repr=False)

    def may_resend_status(self, status: int, method: str, idempotent: bool | None) -> bool:
        """Whether a response with ``status`` may be answered by sending the request again."""
        if status == 429:
            return True
        return status in _UNAVAILABLE and _is_idempotent(method, idempotent)

    def may_resend_failure(self, point: FailurePoint, method: str, idempotent: bool | None) -> bool:
        """Whether a transport failure at ``point`` may be answered by sending again."""
        if point is FailurePoint.BEFORE_SEND:
            return True
        return point is FailurePoint.AFTER_SEND and _is_idempotent(method, idempotent)

    def backoff(self, retry: int) -> float:
        """The wait before retry number ``retry`` (0-based): full jitter, capped."""
        return self.jitter(0.0, min(self.backoff_cap, self.backoff_base * 2**retry))

    def retry_after(self, response: requests.Response) -> float | None:
        """The server's requested wait, in seconds, if it sent one."""
        return parse_retry_after(response.headers.get("Retry-After"), self.now)


class RetryGate:
    """A client-wide "not before" moment, set by a 429, that every request waits for.

    The request that received the 429 holds the gate for its wait (:meth:`hold`; the
    moment only moves later: overlapping 429s close it once, for the longest wait
    asked), sleeps that wait, then releases it (:meth:`release`); meanwhile every other
    request of the client waits :meth:`pause` seconds before it is sent. Released
    early, as by a fake clock in tests, the gate opens with its holder. Thread-safe;
    ``now`` is the retry policy's clock (seconds).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until = 0.0

    def hold(self, seconds: float, now: Callable[[], float]) -> float:
        """Close the gate for ``seconds`` from now (unless it is closed longer); return the moment posted."""
        with self._lock:
            moment = now() + seconds
            self._until = max(self._until, moment)
            return moment

    def release(self, moment: float) -> None:
        """The holder that posted ``moment`` has waited: open the gate unless a later hold closed it since."""
        with self._lock:
            if self._until == moment:
                self._until = 0.0

    def pause(self, now: Callable[[], float]) -> float:
        """Seconds a request must wait before it is sent (0 when the gate is open)."""
        with self._lock:
            until = self._until
        return max(until - now(), 0.0) if until else 0.0


def _is_idempotent(method: str, idempotent: bool | None) -> bool:
    return idempotent if idempotent is not None else method.upper() in IDEMPOTENT_METHODS


def http_date(seconds_from_now: float, now: Callable[[], float] = time.time) -> str:
    """An HTTP date ``seconds_from_now`` in the future (for tests and the emulator's peers)."""
    return email.utils.format_datetime(datetime.fromtimestamp(now() + seconds_from_now, UTC), usegmt=True)
