"""Pydantic models of CrashPlan API payloads (pure data, no I/O)."""

from pycpg.models._base import PycpgModel, Timestamp
from pycpg.models.agent import AgentState
from pycpg.models.devices import BackupActivity, BackupUsage, Device, DevicePage
from pycpg.models.orgs import Org, OrgPage, OrgReporting, OrgSettingsSummary
from pycpg.models.roles import Permission, Role, UserRole
from pycpg.models.scim import ScimUser
from pycpg.models.tenant import LoginConfig, MasterServicesAgreement, Tenant
from pycpg.models.users import User, UserPage

__all__ = [
    "AgentState",
    "BackupActivity",
    "BackupUsage",
    "Device",
    "DevicePage",
    "LoginConfig",
    "MasterServicesAgreement",
    "Org",
    "OrgPage",
    "OrgReporting",
    "OrgSettingsSummary",
    "Permission",
    "PycpgModel",
    "Role",
    "ScimUser",
    "Tenant",
    "Timestamp",
    "User",
    "UserPage",
    "UserRole",
]
