"""``pycpg.bulk``: run a change over many rows of a CSV or JSON Lines file.

>>> import pycpg.bulk
>>> summary = pycpg.bulk.run(sdk, pycpg.bulk.ACTIONS["devices.deactivate"], "devices.csv",
...                          dry_run=True, results="devices-results.csv")

:data:`ACTIONS` holds the actions CrashPlan's CLI offers in bulk (devices, users,
legal-hold custodians), by name. :func:`read_rows` reads and validates an input
file; :func:`run` carries the rows out with bounded concurrency, writes one result
per input row in input order, resumes from a results file and backs off on HTTP 429.
docs/bulk.md documents every action's columns and the engine's guarantees.
"""

from __future__ import annotations

from typing import Any

from pycpg.bulk.actions import Action, BulkRowError, Column, RowModel, columns_of, normalize_header
from pycpg.bulk.devices import DeactivateDevices, ReactivateDevices, RenameDevices
from pycpg.bulk.engine import STATUSES, BulkResult, BulkSummary, Progress, actions_table, run
from pycpg.bulk.legalhold import AddCustodians, RemoveCustodians
from pycpg.bulk.reading import HeaderError, InputRow, read_rows, rows_from_mappings
from pycpg.bulk.users import AddRoles, DeactivateUsers, MoveUsers, ReactivateUsers, RemoveRoles, UpdateUsers

__all__ = [
    "ACTIONS",
    "Action",
    "BulkResult",
    "BulkRowError",
    "BulkSummary",
    "Column",
    "HeaderError",
    "InputRow",
    "Progress",
    "RowModel",
    "STATUSES",
    "actions_table",
    "columns_of",
    "normalize_header",
    "read_rows",
    "rows_from_mappings",
    "run",
]

#: Every built-in action by name, in the order of CrashPlan CLI's bulk commands.
ACTIONS: dict[str, Action[Any]] = {
    action.name: action
    for action in (
        DeactivateDevices(), ReactivateDevices(), RenameDevices(),
        DeactivateUsers(), ReactivateUsers(), MoveUsers(), AddRoles(), RemoveRoles(), UpdateUsers(),
        AddCustodians(), RemoveCustodians(),
    )
}
