"""Settings writes and t-settings.

``PUT /api/v1/Computer/{id}``, ``GET``/``PUT /api/v1/OrgSetting/{orgId}`` and ``PUT /api/v1/Org/{id}``.

Reads of the settings trees ride on the device and org ``GET`` handlers
(``incSettings`` and friends), which call :func:`device_settings_extras` and
:func:`org_settings_extras`. Writes are admin-only (``403`` otherwise) and are
validated in full before anything is stored (rules: ``settings_rules``).
"""

from __future__ import annotations

import copy
from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import body_text, id_type, int_or_none, require_admin, require_own_org_or_admin
from pycpg.emulator.org_settings_docs import INHERITED_GROUPS
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import DeviceRecord, OrgRecord
from pycpg.emulator.routing import ApiRequest, Route, get, put
from pycpg.emulator.settings_rules import (
    check_locks,
    check_string_leaves,
    device_settings_to_store,
    org_settings_update,
    t_setting_packets,
)
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import bad_request, not_found

#: The ``deviceDefaults`` key pycpg 1.0's settings object adds locally (and then PUT back).
SYNTHETIC_DEFAULTS_KEY = "settings"


def device_settings_extras(req: ApiRequest, tenant: Tenant, device: DeviceRecord) -> dict[str, Any]:
    """``settings``, ``availableDestinations``, ``orgSettings`` when ``incSettings`` is true, else nothing."""
    if req.flag("incSettings") is not True:
        return {}
    return tenant.settings_docs.device_extras(tenant, device)


def org_settings_extras(req: ApiRequest, tenant: Tenant, org: OrgRecord) -> dict[str, Any]:
    """The trees ``incSettings``, ``incDeviceDefaults`` and ``incInheritedOrgInfo`` ask for."""
    return tenant.settings_docs.org_extras(
        tenant, org,
        settings=req.flag("incSettings") is True,
        device_defaults=req.flag("incDeviceDefaults") is True,
        inherited_info=req.flag("incInheritedOrgInfo") is True,
    )


def _all_org_extras(tenant: Tenant, org: OrgRecord) -> dict[str, Any]:
    return tenant.settings_docs.org_extras(tenant, org, settings=True, device_defaults=True, inherited_info=True)


def _path_device(req: ApiRequest, tenant: Tenant) -> DeviceRecord:
    key = str(req.path_args["key"])
    if id_type(req, ("guid",)) == "guid":
        device = tenant.device_by_guid(key)
    else:
        computer_id = int_or_none(key)
        device = None if computer_id is None else tenant.device_by_id(computer_id)
    if device is None:
        raise not_found("Computer not found")
    return device


def _path_org(req: ApiRequest, tenant: Tenant) -> OrgRecord:
    org_id = int_or_none(str(req.path_args["key"]))
    org = None if org_id is None else tenant.org_by_id(org_id)
    if org is None:
        raise not_found("Organization was not found")
    return org


def _name(body: dict[str, Any], key: str) -> str | None:
    """A name member: absent -> ``None`` (unchanged); present -> a non-blank string, else ``400``."""
    if key not in body:
        return None
    value = body[key]
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"Invalid value for {key}: {value!r}")
    return value


def _optional_texts(body: dict[str, Any], keys: dict[str, str]) -> dict[str, str | None]:
    """Present text members (``null`` clears) as ``attribute -> value``; ``400`` for other types."""
    return {attribute: body_text(body, key) for key, attribute in keys.items() if key in body}


def update_device(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``PUT /api/v1/Computer/{computerId}``: name, notes, external reference and the settings tree.

    Answers the updated device with its settings, as ``GET ...?incSettings=true``.
    """
    require_admin(principal)
    device = _path_device(req, tenant)
    body = req.json_object()
    name = _name(body, "name")
    texts = _optional_texts(body, {"notes": "notes", "computerExtRef": "computer_ext_ref"})
    settings = body.get("settings")
    store = tenant.settings_docs
    if settings is not None:
        if not isinstance(settings, dict):
            raise bad_request("Invalid value for settings: an object is expected")
        check_string_leaves(settings, "settings")
        check_locks(store.device_extras(tenant, device)["settings"], settings, "settings")
        state = store.device(tenant, device)
        state.settings = device_settings_to_store(state.settings, settings)
    if name is not None:
        device.name = name
    for attribute, value in texts.items():
        setattr(device, attribute, value)
    device.modification_date = tenant.mint.now()
    return req.v1({**device.to_wire(), **store.device_extras(tenant, device)})


def get_t_settings(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/OrgSetting/{orgId}``: ``name -> {scope, value, locked, id}`` (admins, or users of the org)."""
    org = _path_org(req, tenant)
    require_own_org_or_admin(principal, tenant, org)
    return req.v1(copy.deepcopy(tenant.settings_docs.org(tenant, org).t_settings))


def put_t_settings(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``PUT /api/v1/OrgSetting/{orgId}`` with ``{"packets": [{key, value, locked}]}``; answers the t-settings."""
    require_admin(principal)
    org = _path_org(req, tenant)
    packets = t_setting_packets(req.json_object())
    state = tenant.settings_docs.org(tenant, org)
    for key, value, is_locked in packets:
        state.put_t_setting(key, value, is_locked)
    return req.v1(copy.deepcopy(state.t_settings))


def _without_inherited_groups(update: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """``update`` minus the values of groups that stay inherited (they show the parent's values)."""
    inherited = {key for flag, keys in INHERITED_GROUPS.items() if update.get(flag, own.get(flag)) is True
                 for key in keys}
    return {key: value for key, value in update.items() if key not in inherited}


def update_org_settings(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``PUT /api/v1/Org/{orgId}``: name, external reference, notes, settings and device defaults.

    Values of a settings group that stays inherited (its ``isUsing*Defaults`` flag
    true) are ignored: the body carries the parent's values there. A
    ``deviceDefaults.settings`` member (what pycpg 1.0 sent back) is dropped and
    counted in the org's ``synthetic_key_puts``. Answers the v1 org with every tree.
    """
    require_admin(principal)
    org = _path_org(req, tenant)
    body = req.json_object()
    name = _name(body, "orgName")
    texts = _optional_texts(body, {"orgExtRef": "org_ext_ref", "notes": "notes"})
    state = tenant.settings_docs.org(tenant, org)
    settings = body.get("settings")
    update = None if settings is None else org_settings_update(settings, tenant.destinations)
    defaults = body.get("deviceDefaults")
    synthetic = False
    if defaults is not None:
        if not isinstance(defaults, dict):
            raise bad_request("Invalid value for deviceDefaults: an object is expected")
        synthetic = SYNTHETIC_DEFAULTS_KEY in defaults
        defaults = {key: value for key, value in defaults.items() if key != SYNTHETIC_DEFAULTS_KEY}
        check_string_leaves(defaults, "deviceDefaults")
    if synthetic:
        state.synthetic_key_puts += 1
    if update is not None:
        state.settings.update(_without_inherited_groups(update, state.settings))
    if defaults is not None:
        state.device_defaults = copy.deepcopy(defaults)
    if name is not None:
        org.org_name = name
    for attribute, value in texts.items():
        setattr(org, attribute, value)
    org.modification_date = tenant.mint.now()
    return req.v1({**org.to_wire(), **_all_org_extras(tenant, org)})


ROUTES: list[Route] = [
    put("/api/v1/Computer/<key>", update_device),
    get("/api/v1/OrgSetting/<key>", get_t_settings),
    put("/api/v1/OrgSetting/<key>", put_t_settings),
    put("/api/v1/Org/<key>", update_org_settings),
]
