"""Transport layer: per-client session, config, auth flows and error mapping."""

from pycpg._http.auth import ApiClientAuth, BearerAuth, CPGRenewableAuth, CustomJWTAuth, TotpSource
from pycpg._http.config import ClientConfig, ClientOptions, normalize_host
from pycpg._http.connection import SERVER_ERRORS, Connection, ErrorRule
from pycpg._http.transport import Transport

__all__ = [
    "ApiClientAuth",
    "BearerAuth",
    "CPGRenewableAuth",
    "ClientConfig",
    "ClientOptions",
    "Connection",
    "CustomJWTAuth",
    "ErrorRule",
    "SERVER_ERRORS",
    "TotpSource",
    "Transport",
    "normalize_host",
]
