"""Who is calling: the identity a bearer token stands for."""

from __future__ import annotations

from dataclasses import dataclass

ADMIN = "admin"
RESTRICTED = "restricted"


@dataclass(frozen=True)
class Principal:
    """The caller of an authenticated request.

    ``kind`` is ``"user"`` (a login account or tenant user), ``"api_client"`` (an
    admin-level client with no user record) or ``"anonymous"`` (routes without auth).
    """

    kind: str
    name: str
    role: str
    user_uid: str | None = None

    @property
    def is_admin(self) -> bool:
        """Whether the caller may read and change the whole tenant."""
        return self.role == ADMIN

    def owns(self, user_uid: str) -> bool:
        """Whether ``user_uid`` is the caller's own user record."""
        return self.user_uid is not None and self.user_uid == user_uid


ANONYMOUS = Principal(kind="anonymous", name="", role="none")
