"""``sdk.loginconfig``: how a username signs in (``/api/v3/LoginConfiguration``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pycpg._http import Connection
from pycpg.response import PycpgResponse
from pycpg.services import _lazy as lazy

if TYPE_CHECKING:
    from pycpg.models import LoginConfig

__all__ = ["LoginConfigurationClient"]


class LoginConfigurationClient:
    """Looks up the login type of a username; needs no credentials."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get_for_user(self, username: str) -> PycpgResponse[LoginConfig]:
        """Get the login configuration of ``username``.

        ``loginType`` is ``LOCAL``, ``LOCAL_2FA`` or ``CLOUD_SSO``.

        Raises:
            PycpgHTTPError: the server answered with an error status.
        """
        response = self._connection.request(
            "GET", "/api/v3/LoginConfiguration", params={"username": username}
        )
        return PycpgResponse(response, lazy.LoginConfig)
