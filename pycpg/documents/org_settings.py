"""Org settings: the org document of ``GET /api/v3/orgs/{guid}`` plus its "t-settings".

Built by ``sdk.orgs.get_settings(org_id)``; change properties, then send the
object back with ``sdk.orgs.update_settings``.
"""

from __future__ import annotations

import copy
from collections import UserDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pycpg.documents.converters import bool_to_str, bytes_to_gb, gb_to_bytes, str_to_bool, to_list
from pycpg.documents.descriptors import SettingProperty, TSettingProperty
from pycpg.documents.device_defaults import DeviceSettingsDefaults
from pycpg.exceptions import PycpgError

if TYPE_CHECKING:
    from pycpg.models import Org

__all__ = ["OrgSettings"]

_QUOTA = "quota_settings_inherited"
_REPORTING = "reporting_settings_inherited"

T = TypeVar("T")
S = TypeVar("S")

GB = float | int


def _org_setting(
    key: str,
    inheritance_attr: str | None = None,
    *,
    get_converter: Callable[[Any], T] | None = None,
    set_converter: Callable[[S], Any] | None = None,
) -> SettingProperty[T, S]:
    """A property at ``settings.<key>`` of the org document."""
    return SettingProperty.at(["settings", key], get_converter, set_converter, inheritance_attr)


class OrgSettings(UserDict[str, Any]):
    """An org's settings document (UserDict: ``data`` is what ``update_settings`` PUTs).

    ``org_settings`` is the org body read with ``incSettings``,
    ``incDeviceDefaults`` and ``incInheritedOrgInfo``; ``t_settings`` the
    ``/api/v1/OrgSetting/{orgId}`` object (setting name -> ``{value, locked, ...}``).
    Setting a quota value turns off quota inheritance, setting a reporting value
    turns off reporting inheritance (both show in ``changes``).
    """

    org_name: SettingProperty[str] = SettingProperty.at(["orgName"])
    external_reference: SettingProperty[str | None] = SettingProperty.at(["orgExtRef"])
    notes: SettingProperty[str | None] = SettingProperty.at(["notes"])

    quota_settings_inherited: SettingProperty[bool] = _org_setting("isUsingQuotaDefaults")
    archive_hold_days: SettingProperty[int] = _org_setting("archiveHoldDays", _QUOTA)
    maximum_user_subscriptions: SettingProperty[int] = _org_setting("maxSeats", _QUOTA)
    org_backup_quota: SettingProperty[GB] = _org_setting(
        "maxBytes", _QUOTA, get_converter=bytes_to_gb, set_converter=gb_to_bytes)
    user_backup_quota: SettingProperty[GB] = _org_setting(
        "defaultUserMaxBytes", _QUOTA, get_converter=bytes_to_gb, set_converter=gb_to_bytes)
    web_restore_admin_limit: SettingProperty[int] = _org_setting("webRestoreAdminLimitMb")
    web_restore_user_limit: SettingProperty[int] = _org_setting("webRestoreUserLimitMb")

    reporting_settings_inherited: SettingProperty[bool] = _org_setting("isUsingReportingDefaults")
    backup_warning_email_days: SettingProperty[int] = _org_setting("warnInDays", _REPORTING)
    backup_critical_email_days: SettingProperty[int] = _org_setting("alertInDays", _REPORTING)
    backup_alert_recipient_emails: SettingProperty[list[str], list[str] | tuple[str, ...] | str | None] = (
        _org_setting("recipients", _REPORTING, set_converter=to_list))

    web_restore_enabled: TSettingProperty[bool, bool | str] = TSettingProperty.at(
        "device_webRestore_enabled", str_to_bool, bool_to_str)

    def __init__(
        self, org_settings: dict[str, Any], t_settings: dict[str, Any], *, model: Org | None = None
    ) -> None:
        """Wrap the org document and its t-settings (both edited in place).

        Args:
            org_settings: The org document (``GET /api/v3/orgs/{guid}?incSettings=true``).
            t_settings: The t-settings (``GET /api/v1/OrgSetting/{orgId}``).
            model: The org document already parsed (``sdk.orgs.get_settings``
                passes it); otherwise it is parsed on the first identity read.
        """
        # No UserDict.__init__: it would copy, and the object must edit the document it was given.
        self.data = org_settings
        self._identity = model
        self._t_settings = t_settings
        self._packets: dict[str, dict[str, Any]] = {}
        self.changes: dict[str, str] = {}
        defaults = org_settings.get("deviceDefaults")
        self._device_defaults = None if defaults is None else DeviceSettingsDefaults(defaults, self)

    @property
    def packets(self) -> list[dict[str, Any]]:
        """The t-setting packets waiting to be sent (``{"key", "value", "locked"}``)."""
        return list(self._packets.values())

    def _org(self) -> Org:
        """The identity fields are read through the :class:`~pycpg.models.Org` model (parsed once)."""
        if self._identity is None:
            self._identity = self.model()
        return self._identity

    @property
    def org_id(self) -> int:
        """The org's ``orgId``."""
        return self._org().org_id

    @property
    def registration_key(self) -> str:
        """The org's ``registrationKey``.

        Raises:
            PycpgError: the org document has none.
        """
        key = self._org().registration_key
        if key is None:
            raise PycpgError("The org document has no 'registrationKey'.")
        return key

    @property
    def device_defaults(self) -> DeviceSettingsDefaults | None:
        """The settings new devices of the org start with (``None`` when not read)."""
        return self._device_defaults

    def wire_data(self) -> dict[str, Any]:
        """The document as ``update_settings`` sends it: ``data`` without the synthetic ``deviceDefaults.settings``.

        A shallow copy; nested values are shared with ``data``.
        """
        body = dict(self.data)
        defaults = body.get("deviceDefaults")
        if self._device_defaults is not None and isinstance(defaults, dict):
            if defaults.get("settings") is self._device_defaults.injected_settings:
                body["deviceDefaults"] = {key: value for key, value in defaults.items() if key != "settings"}
        return body

    def model(self) -> Org:
        """A typed, parsed copy of the current org document (later edits do not change it)."""
        from pycpg.models import Org  # imported on first use: reading settings needs no pydantic

        return Org.model_validate(copy.deepcopy(self.wire_data()))

    def __repr__(self) -> str:
        return f"<OrgSettings: org_id: {self.data.get('orgId')}, name: '{self.data.get('orgName')}'>"

    def __str__(self) -> str:
        return str(self.data)
