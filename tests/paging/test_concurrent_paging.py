"""Concurrent paging: pages fetched ahead, the same requests, the same items, in order.

Every test talks HTTP to the emulator; concurrency is observed by counting (requests
in the journal, threads alive, 429s answered), never by timing.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.emulator.pytest_plugin import PINNED_NOW
from pycpg.exceptions import PycpgInternalServerError, PycpgReadTimeoutError
from pycpg.response import PycpgResponse

COMPUTER = "/api/v1/Computer"
PAGER_THREAD = "pycpg-pages"

Request = tuple[str, str, tuple[tuple[str, str], ...], bytes]


def _client(emulator: Emulator, **options: Any) -> pycpg.sdk.SDKClient:
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, **options)
    emulator.clear_journal()
    return client


def _requests(emulator: Emulator) -> list[Request]:
    return [(e.method, e.path, tuple(sorted(e.query)), e.body) for e in emulator.journal]


@pytest.fixture(autouse=True)
def _no_pools_left_by_other_tests() -> None:
    """A run another test abandoned inside a reference cycle ends (and joins its threads) when collected."""
    gc.collect()


def _pager_threads() -> int:
    return sum(1 for thread in threading.enumerate() if thread.name.startswith(PAGER_THREAD))


def _close(pages: Iterator[Any]) -> None:
    assert isinstance(pages, Generator)
    pages.close()


def _record(emulator: Emulator, run: Callable[[], list[Any]]) -> tuple[list[Any], list[Request]]:
    emulator.clear_journal()
    result = run()
    return result, _requests(emulator)


# -- the same requests as a sequential run (pycpg 1.0's wire contract) -----------

TENANTS: dict[str, dict[str, Any]] = {"small": {"orgs": 1, "users": 5, "devices": 6}, "medium": {"users": 20, "devices": 40},
           "large": {"orgs": 4, "users": 37, "devices": 90}}


@pytest.fixture(scope="module", params=sorted(TENANTS))
def tenant(request: pytest.FixtureRequest) -> Iterator[tuple[Emulator, pycpg.sdk.SDKClient]]:
    with Emulator(seed=11, now=PINNED_NOW, **TENANTS[request.param]) as emulator:
        client = _client(emulator)
        yield emulator, client
        client.close()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    page_size=st.integers(min_value=1, max_value=25),
    concurrency=st.sampled_from([2, 3, 4, 8]),
    area=st.sampled_from(["devices", "users", "orgs"]),
)
def test_a_run_sends_the_same_requests_and_yields_the_same_items_as_a_sequential_one(
    tenant: tuple[Emulator, pycpg.sdk.SDKClient], page_size: int, concurrency: int, area: str
) -> None:
    emulator, client = tenant
    service = getattr(client, area)

    def pages(n: int) -> Callable[[], list[Any]]:
        return lambda: [page.data for page in service.get_all(page_size=page_size, page_concurrency=n)]

    sequential, sequential_requests = _record(emulator, pages(1))
    concurrent, concurrent_requests = _record(emulator, pages(concurrency))
    assert concurrent == sequential  # the same pages, in the same order
    assert set(concurrent_requests) == set(sequential_requests)
    assert len(concurrent_requests) == len(sequential_requests)  # no page twice
    total = sequential[0]["totalCount"]
    assert len(sequential) == total // page_size + 1  # the trailing short (or empty) page included
    assert _pager_threads() == 0


def _org_id(client: pycpg.sdk.SDKClient) -> int:
    return int(client.orgs.get_page(1).data["orgs"][0]["orgId"])


def _every_list(client: pycpg.sdk.SDKClient, emulator: Emulator) -> dict[str, Callable[[int], Iterator[Any]]]:
    """Every paged list of the SDK, as ``concurrency -> pages``."""
    org_id = _org_id(client)
    device = emulator.tenant.devices[0]
    me = client.users.get_current().data["userId"]
    matter = next(iter(client.legalhold.iter_all_matters(active=None, page_concurrency=1)))
    lh = client.legalhold
    archive = client.archive
    return {
        "users": lambda n: client.users.get_all(page_concurrency=n),
        "users.iter": lambda n: client.users.iter_all(page_concurrency=n),
        "devices": lambda n: client.devices.get_all(page_concurrency=n),
        "devices.iter": lambda n: client.devices.iter_all(page_concurrency=n),
        "devices.no_counts": lambda n: client.devices.get_all(include_counts=False, page_concurrency=n),
        "orgs": lambda n: client.orgs.get_all(page_concurrency=n),
        "orgs.iter": lambda n: client.orgs.iter_all(page_concurrency=n),
        "matters": lambda n: lh.get_all_matters(active=None, page_concurrency=n),
        "matters.iter": lambda n: lh.iter_all_matters(active=None, page_concurrency=n),
        "custodians": lambda n: lh.get_all_matter_custodians(matter.legal_hold_uid, page_concurrency=n),
        "custodians.iter": lambda n: lh.iter_all_matter_custodians(matter.legal_hold_uid, page_concurrency=n),
        "events": lambda n: lh.get_all_events(page_concurrency=n),
        "events.iter": lambda n: lh.iter_all_events(page_concurrency=n),
        "auditlogs": lambda n: client.auditlogs.get_all(page_concurrency=n),
        "auditlogs.csv": lambda n: client.auditlogs.get_all(format="CSV", page_concurrency=n),
        "auditlogs.iter": lambda n: client.auditlogs.iter_all(page_concurrency=n),
        "archives": lambda n: archive.get_all_by_device_guid(device.guid, page_concurrency=n),
        "archives.iter": lambda n: archive.iter_all_by_device_guid(device.guid, page_concurrency=n),
        "restores.org": lambda n: archive.get_all_org_restore_history(3650, org_id, page_concurrency=n),
        "restores.org.iter": lambda n: archive.iter_all_org_restore_history(3650, org_id, page_concurrency=n),
        "restores.user": lambda n: archive.get_all_user_restore_history(3650, me, page_concurrency=n),
        "restores.user.iter": lambda n: archive.iter_all_user_restore_history(3650, me, page_concurrency=n),
        "restores.device": lambda n: archive.get_all_device_restore_history(
            3650, device.computer_id, page_concurrency=n
        ),
        "restores.device.iter": lambda n: archive.iter_all_device_restore_history(
            3650, device.computer_id, page_concurrency=n
        ),
        "cold_storage": lambda n: archive.get_all_org_cold_storage_archives(org_id, page_concurrency=n),
        "cold_storage.iter": lambda n: archive.iter_all_org_cold_storage_archives(org_id, page_concurrency=n),
    }


def _plain(item: Any) -> Any:
    if isinstance(item, PycpgResponse):
        return item.text
    return item.to_wire() if hasattr(item, "to_wire") else str(item)


def test_every_paged_list_sends_the_same_requests_with_4_in_flight_as_with_1(emulator: Emulator) -> None:
    client = _client(emulator, items_per_page=2)  # small pages: most lists span several
    lists = _every_list(client, emulator)
    for run in lists.values():
        list(run(1))  # discovery requests (the audit-log host) happen once, on the first run
    multi_page = 0
    for name, run in lists.items():
        sequential, sequential_requests = _record(emulator, lambda: [_plain(x) for x in run(1)])
        concurrent, concurrent_requests = _record(emulator, lambda: [_plain(x) for x in run(4)])
        assert concurrent == sequential, name
        assert set(concurrent_requests) == set(sequential_requests), name
        assert len(concurrent_requests) == len(sequential_requests), name
        multi_page += len(sequential_requests) > 2
    assert multi_page >= len(lists) // 2  # the comparison is not vacuous
    assert _pager_threads() == 0


def test_a_server_that_caps_page_sizes_gets_the_same_requests() -> None:
    with Emulator(seed=3, devices=23, max_page_size=5, now=PINNED_NOW) as emulator:
        client = _client(emulator)
        sequential, sequential_requests = _record(
            emulator, lambda: [d.guid for d in client.devices.iter_all(page_size=10, page_concurrency=1)]
        )
        concurrent, concurrent_requests = _record(
            emulator, lambda: [d.guid for d in client.devices.iter_all(page_size=10, page_concurrency=4)]
        )
    assert len(concurrent) == 23 and concurrent == sequential
    assert sorted(concurrent_requests) == sorted(sequential_requests)


# -- order, errors, leaving early ----------------------------------------------


def test_pages_come_out_in_order_when_an_earlier_page_is_slower(emulator_factory: Callable[..., Emulator]) -> None:
    emulator = emulator_factory(devices=60)
    client = _client(emulator)
    expected = [d.computer_id for d in client.devices.iter_all(page_size=5, page_concurrency=1)]
    emulator.faults.add(Fault(path=COMPUTER, calls={2}, latency=0.3))  # page 2 answers after pages 3 to 5
    emulator.clear_journal()
    assert [d.computer_id for d in client.devices.iter_all(page_size=5, page_concurrency=4)] == expected


def test_an_error_surfaces_at_its_page_after_the_pages_before_it(emulator_factory: Callable[..., Emulator]) -> None:
    emulator = emulator_factory(devices=60)
    client = _client(emulator, max_retries=0)
    emulator.faults.add(Fault(path=COMPUTER, calls={3}, status=500))
    seen: list[int] = []
    with pytest.raises(PycpgInternalServerError):
        for page in client.devices.get_all(page_size=5, page_concurrency=4):
            seen.append(len(page["computers"]))
    failed = next(int(e.params["pgNum"]) for e in emulator.journal if e.status == 500)
    assert len(seen) == failed - 1  # every page before the failed one, none after
    assert len(emulator.journal) <= failed + 3  # at most concurrency - 1 pages past it
    assert _pager_threads() == 0


@pytest.mark.parametrize("how", ["break", "close", "garbage"])
@pytest.mark.parametrize("concurrency", [1, 2, 4])
def test_leaving_early_cancels_the_pages_ahead_and_leaks_no_thread(
    emulator_factory: Callable[..., Emulator], how: str, concurrency: int
) -> None:
    emulator = emulator_factory(devices=100)
    client = _client(emulator)
    emulator.faults.add(Fault(path=COMPUTER, latency=0.02))
    taken = 0
    if how == "break":  # the loop holds the only reference: leaving it drops (and closes) the run
        for _ in client.devices.get_all(page_size=5, page_concurrency=concurrency):  # 21 pages
            taken += 1
            if taken == 3:
                break
    else:
        pages = client.devices.get_all(page_size=5, page_concurrency=concurrency)
        for _ in range(3):
            next(pages)
            taken += 1
        if how == "close":
            _close(pages)
        else:
            del pages
            gc.collect()
    assert _pager_threads() == 0
    sent = len(emulator.journal)
    assert taken <= sent <= taken + concurrency - 1
    time.sleep(0.1)  # nothing is sent once the run was left (a count, not a timing assertion)
    assert len(emulator.journal) == sent


def test_one_page_in_flight_is_strictly_sequential_and_uses_no_thread(emulator: Emulator) -> None:
    client = _client(emulator)
    pages = client.devices.get_all(page_size=5, page_concurrency=1)
    next(pages)
    assert len(emulator.journal) == 1 and _pager_threads() == 0
    next(pages)
    assert len(emulator.journal) == 2
    _close(pages)


def test_a_run_whose_total_is_unknown_is_fetched_sequentially_in_the_callers_thread(emulator: Emulator) -> None:
    client = _client(emulator, items_per_page=2)
    pages = client.legalhold.get_all_matters(active=None, page_concurrency=4)
    next(pages)
    next(pages)
    assert len(emulator.journal) == 2 and _pager_threads() == 0
    _close(pages)


# -- a 429 slows the whole pool ----------------------------------------------------


@dataclass(eq=False)
class RateLimitWindow(Fault):
    """Answers 429 to the ``first_call``-th matching request and every one in the ``window`` seconds after it."""

    first_call: int = 1
    window: float = 1.0
    opened: float | None = field(default=None, init=False)

    def _selects(self, index: int) -> bool:
        now = time.monotonic()
        if self.opened is None:
            if index != self.first_call:
                return False
            self.opened = now
            return True
        return now < self.opened + self.window


def test_a_429_holds_every_worker_so_retry_after_is_honoured_once(emulator_factory: Callable[..., Emulator]) -> None:
    emulator = emulator_factory(devices=60)
    client = _client(emulator)
    expected = [d.computer_id for d in client.devices.iter_all(page_size=5, page_concurrency=1)]
    # Pages 2 to 5 go out together; pages 2 to 4 answer slowly, page 5 gets a 429 and
    # the server refuses everything for the next second. Pages 6 to 8, scheduled when
    # 2 to 4 come back inside that second, must wait for the gate instead of asking.
    emulator.faults.add(RateLimitWindow(path=COMPUTER, status=429, retry_after="1", first_call=5, window=1.0))
    emulator.faults.add(Fault(path=COMPUTER, calls={2, 3, 4}, latency=0.3))
    emulator.clear_journal()
    assert [d.computer_id for d in client.devices.iter_all(page_size=5, page_concurrency=4)] == expected
    statuses = [e.status for e in emulator.journal]
    assert statuses.count(429) == 1
    assert len(statuses) == len(expected) // 5 + 1 + 1  # every page once, plus the one retry


# -- the caller's context and the shared session -----------------------------------


def test_workers_honour_the_callers_timeout(emulator_factory: Callable[..., Emulator]) -> None:
    emulator = emulator_factory(devices=60)
    client = _client(emulator, timeout=(5.0, 30.0), max_retries=0)
    emulator.faults.add(Fault(path=COMPUTER, calls={3}, latency=2.0))
    seen = 0
    with client.timeout((5.0, 0.5)):
        with pytest.raises(PycpgReadTimeoutError):
            for _ in client.devices.get_all(page_size=5, page_concurrency=4):
                seen += 1
    slow = next(e for e in emulator.journal if e.faulted)
    assert seen == int(slow.params["pgNum"]) - 1


def test_a_token_that_expires_mid_run_is_renewed_once(emulator_factory: Callable[..., Emulator]) -> None:
    emulator = emulator_factory(devices=100)
    client = _client(emulator)
    expected = [d.computer_id for d in client.devices.iter_all(page_size=5, page_concurrency=1)]
    emulator.faults.add(Fault(path=COMPUTER, calls={4}, expire_tokens=True))
    emulator.clear_journal()
    assert [d.computer_id for d in client.devices.iter_all(page_size=5, page_concurrency=4)] == expected
    assert sum(1 for e in emulator.journal if e.path == "/api/v3/auth/jwt") == 1


# -- the option and the keyword ------------------------------------------------------


def test_the_client_option_sets_the_default_and_the_keyword_overrides_it(emulator: Emulator) -> None:
    assert _client(emulator).devices._connection.config.page_concurrency == 4
    client = _client(emulator, page_concurrency=1)
    gc.collect()  # pools of runs other tests left suspended end with their generators
    before = _pager_threads()
    pages = client.devices.get_all(page_size=5)
    next(pages)
    next(pages)
    assert len(emulator.journal) == 2 and _pager_threads() <= before  # sequential: nothing fetched ahead
    _close(pages)
    emulator.clear_journal()
    pages = client.devices.get_all(page_size=5, page_concurrency=3)
    next(pages)
    next(pages)  # pages 2 to 4 were asked together
    _close(pages)  # waits for pages 3 and 4, already sent
    assert len(emulator.journal) == 4


@pytest.mark.parametrize("bad", [0, -1, True, 2.0, "4"])
def test_a_bad_page_concurrency_fails_at_the_call(emulator: Emulator, bad: Any) -> None:
    client = _client(emulator)
    with pytest.raises(ValueError, match="page_concurrency"):
        client.devices.get_all(page_concurrency=bad)
    with pytest.raises(ValueError, match="page_concurrency"):
        client.archive.iter_all_org_restore_history(7, 1, page_concurrency=bad)
    with pytest.raises(ValueError, match="page_concurrency"):
        _client(emulator, page_concurrency=bad)
    assert len(emulator.journal) == 0
