"""pycpg 1.0's auth classes, kept at their old import path."""

from pycpg._http.auth import ApiClientAuth, BearerAuth, CPGRenewableAuth, CustomJWTAuth

__all__ = ["ApiClientAuth", "BearerAuth", "CPGRenewableAuth", "CustomJWTAuth"]
