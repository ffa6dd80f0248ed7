"""Property: whatever the mix of rows and the concurrency, one result per row, in input order, as predicted.

Dry runs only (they read and never write), so one emulator serves every example.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pycpg.bulk
from pycpg.bulk import ACTIONS
from pycpg.emulator import Emulator
from pycpg.sdk import SDKClient
from tests.bulk.helpers import writes

#: Kinds of row, and the status and outcome/error start each must produce.
KINDS = {
    "active": ("dry-run", "would deactivate device"),
    "inactive": ("dry-run", "device"),  # "... is already deactivated; nothing to do"
    "unknown": ("failed", "no device has GUID"),
    "malformed": ("invalid", "guid: a device GUID is a number"),
    "empty": ("invalid", "guid: missing value"),
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from(sorted(KINDS)), max_size=14), concurrency=st.integers(1, 6))
def test_dry_runs_keep_order_and_one_result_per_row(
    sdk: SDKClient, emulator: Emulator, kinds: list[str], concurrency: int
) -> None:
    active = [d for d in emulator.tenant.devices if d.active]
    inactive = [d for d in emulator.tenant.devices if not d.active]
    rows: list[dict[str, object]] = []
    for index, kind in enumerate(kinds):
        guid = {
            "active": active[index % len(active)].guid,
            "inactive": inactive[index % len(inactive)].guid,
            "unknown": str(10**17 + index),
            "malformed": f"guid-{index}",
            "empty": "  ",
        }[kind]
        rows.append({"guid": guid, "position": index})
    emulator.clear_journal()
    summary = pycpg.bulk.run(sdk, ACTIONS["devices.deactivate"], rows, dry_run=True, concurrency=concurrency)
    results = summary.results or []
    assert [r.number for r in results] == list(range(1, len(kinds) + 1))
    assert [r.cells["position"] for r in results] == list(range(len(kinds)))
    for result, kind in zip(results, kinds, strict=True):
        status, start = KINDS[kind]
        assert result.status == status
        assert (result.outcome if status == "dry-run" else result.error).startswith(start), result
        if kind == "inactive":
            assert result.outcome.endswith("is already deactivated; nothing to do")
    assert summary.max_in_flight <= concurrency
    assert writes(emulator) == []
