"""Each endpoint's model, named now and imported by the first ``.model()``.

A service passes ``lazy.Device`` (a :class:`~pycpg.response.LazyType`) where it
would pass ``Device``: the response is still typed ``PycpgResponse[Device]``,
but ``import pycpg.sdk`` and requests whose body is only read as a dict never
import pydantic or build a model. The list types are named in the plural
(``lazy.Roles`` is ``list[Role]``).
"""

from __future__ import annotations

from pycpg import models
from pycpg.response import LazyType

# pycpg.services.administration, pycpg.clients.loginconfig
Tenant = LazyType(lambda: models.Tenant)
LoginConfig = LazyType(lambda: models.LoginConfig)

# pycpg.services.archive, pycpg.services.storage
Archive = LazyType(lambda: models.Archive)
ArchivePage = LazyType(lambda: models.ArchivePage)
BackupSetList = LazyType(lambda: models.BackupSetList)
ColdStorageArchive = LazyType(lambda: models.ColdStorageArchive)
ColdStoragePage = LazyType(lambda: models.ColdStoragePage)
ConnectedServer = LazyType(lambda: models.ConnectedServer)
DataKeyToken = LazyType(lambda: models.DataKeyToken)
FileSizeJob = LazyType(lambda: models.FileSizeJob)
PushRestoreResult = LazyType(lambda: models.PushRestoreResult)
RestoreHistoryPage = LazyType(lambda: models.RestoreHistoryPage)
RestoreJob = LazyType(lambda: models.RestoreJob)
WebRestoreInfo = LazyType(lambda: models.WebRestoreInfo)
WebRestoreSession = LazyType(lambda: models.WebRestoreSession)
WebRestoreTreeNodes = LazyType(lambda: list[models.WebRestoreTreeNode])

# pycpg.services.auditlogs
AuditLogPage = LazyType(lambda: models.AuditLogPage)

# pycpg.services.devices, pycpg.services.orgs
Device = LazyType(lambda: models.Device)
DevicePage = LazyType(lambda: models.DevicePage)
AgentStates = LazyType(lambda: list[models.AgentState])
AgentStateList = LazyType(lambda: models.AgentStateList)  # parses as AgentStates, also from one object
Org = LazyType(lambda: models.Org)
OrgPage = LazyType(lambda: models.OrgPage)

# pycpg.services.legalhold
LegalHoldPolicy = LazyType(lambda: models.LegalHoldPolicy)
LegalHoldPolicies = LazyType(lambda: list[models.LegalHoldPolicy])
LegalHoldMatter = LazyType(lambda: models.LegalHoldMatter)
LegalHoldMatters = LazyType(lambda: list[models.LegalHoldMatter])
MatterList = LazyType(lambda: models.MatterList)  # parses as LegalHoldMatters, also from a wrapper
LegalHoldMembership = LazyType(lambda: models.LegalHoldMembership)
LegalHoldMemberships = LazyType(lambda: list[models.LegalHoldMembership])
MembershipList = LazyType(lambda: models.MembershipList)  # parses as LegalHoldMemberships, also from a wrapper
LegalHoldEvents = LazyType(lambda: list[models.LegalHoldEvent])

# pycpg.services.users
User = LazyType(lambda: models.User)
UserPage = LazyType(lambda: models.UserPage)
ScimUser = LazyType(lambda: models.ScimUser)
Roles = LazyType(lambda: list[models.Role])
UserRoles = LazyType(lambda: list[models.UserRole])
