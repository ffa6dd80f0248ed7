"""Hosts found at run time: microservices named after the console's STS host.

pycpg 1.0 resolves the audit-log host in three steps: the console's
``/api/v1/ServerEnv`` gives ``stsBaseUrl``; replacing its first ``sts`` with a
prefix gives a microservice host (the key-value store); the key-value store
maps a key to another service's base URL.
"""

from __future__ import annotations

from collections.abc import Callable

from pycpg._http._json import json_object
from pycpg._http.connection import Connection
from pycpg._http.paths import api_path
from pycpg.exceptions import PycpgFeatureUnavailableError

__all__ = ["microservice_prefix_host", "key_value_host"]


def microservice_prefix_host(console: Connection, prefix: str) -> Callable[[], str]:
    """A resolver for the host named ``prefix`` next to the console's STS host.

    Raises (when called):
        PycpgFeatureUnavailableError: the console reports no ``stsBaseUrl``.
    """

    def resolve() -> str:
        response = console.request("GET", "/api/v1/ServerEnv")
        sts = json_object(response).get("stsBaseUrl")
        if not isinstance(sts, str) or "sts" not in sts:
            raise PycpgFeatureUnavailableError(response)
        return sts.replace("sts", prefix, 1)

    return resolve


def key_value_host(key_value_store: Connection, key: str) -> Callable[[], str]:
    """A resolver for the base URL stored under ``key`` in the key-value store."""

    path = api_path("/v1/{key}", key=key)  # a bad key fails here, not at the first use

    def resolve() -> str:
        response = key_value_store.request("GET", path, headers={"Accept": "*/*"})
        text = response.text.strip()
        if text.startswith('"') and text.endswith('"'):
            text = text[1:-1]  # a JSON string
        return text

    return resolve
