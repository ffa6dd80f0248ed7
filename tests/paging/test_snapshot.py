"""Changing a list while iterating it: ``snapshot=True``, and the warning of a plain loop.

Lists are paged by offset: a loop body that takes items out of the listing it reads
(deactivating the devices of an ``active=True`` listing) shifts the pages not yet
read, and items are skipped. ``snapshot=True`` reads every page before the first
item; a plain run whose ``totalCount`` changes between pages issues
``PycpgListChangedWarning`` once, pointing at the loop.
"""

from __future__ import annotations

import gc
import json
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.emulator.pytest_plugin import PINNED_NOW
from pycpg.exceptions import PycpgActiveLegalHoldError, PycpgInternalServerError, PycpgListChangedWarning
from pycpg.models import (
    Archive,
    ColdStorageArchive,
    Device,
    DevicePage,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    Org,
    RestoreEvent,
    User,
)
from pycpg.paging import iter_items, iter_pages
from pycpg.response import PycpgResponse

COMPUTER = "/api/v1/Computer"
PAGER_THREAD = "pycpg-pages"
#: The big tenant: 1,000 devices, about 860 of them active.
BIG = {"devices": 1000, "users": 200}
#: Stale: last connected more than 10 days before the emulator's clock. Active
#: devices connected in the 20 days before it, so about half of them are stale.
STALE_DAYS = 10


def _client(emulator: Emulator, **options: Any) -> pycpg.sdk.SDKClient:
    account = emulator.plain_admin
    client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, **options)
    emulator.clear_journal()
    return client


def _pager_threads() -> int:
    return sum(1 for thread in threading.enumerate() if thread.name.startswith(PAGER_THREAD))


@pytest.fixture(autouse=True)
def _no_pools_left_by_other_tests() -> None:
    gc.collect()


# -- the issue: deactivate every stale device ----------------------------------

CUTOFF = datetime.fromisoformat(PINNED_NOW) - timedelta(days=STALE_DAYS)


def _stale(device: Device) -> bool:
    return device.last_connected is None or device.last_connected < CUTOFF


def _stale_active_ids(client: pycpg.sdk.SDKClient) -> list[int]:
    """Read-only: a plain loop is fine (and must not warn)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PycpgListChangedWarning)
        return [device.computer_id for device in client.devices.iter_all(active=True) if _stale(device)]


def _big_tenant(emulator_factory: Callable[..., Emulator]) -> tuple[Emulator, pycpg.sdk.SDKClient, set[int]]:
    """The 1,000-device tenant, three owners of stale devices on legal hold; their devices' ids."""
    emulator = emulator_factory(**BIG)
    stale = [d for d in emulator.tenant.devices if d.active and d.last_connected < CUTOFF]
    owners = list(dict.fromkeys(d.user.user_uid for d in stale))[:3]
    for user_uid in owners:
        emulator.place_on_legal_hold(user_uid)
    on_hold = {d.computer_id for d in emulator.tenant.devices if d.active and d.user.user_uid in owners}
    return emulator, _client(emulator, items_per_page=100), on_hold


def _deactivate_stale(devices: Iterator[Device], client: pycpg.sdk.SDKClient) -> tuple[list[int], list[int]]:
    """The cleanup loop of the issue: (deactivated, refused because of a legal hold)."""
    deactivated: list[int] = []
    refused: list[int] = []
    for device in devices:
        if not _stale(device):
            continue
        try:
            client.devices.deactivate(device.computer_id)
        except PycpgActiveLegalHoldError:
            refused.append(device.computer_id)
            continue
        deactivated.append(device.computer_id)
    return deactivated, refused


def test_snapshot_deactivates_every_stale_device_of_a_1000_device_tenant(
    emulator_factory: Callable[..., Emulator],
) -> None:
    emulator, client, on_hold = _big_tenant(emulator_factory)
    stale_before = _stale_active_ids(client)
    assert len(stale_before) >= 300  # several hundred: the pages shift a lot
    held = set(stale_before) & on_hold
    assert held  # the legal-hold criterion is exercised

    with warnings.catch_warnings():
        warnings.simplefilter("error", PycpgListChangedWarning)  # a snapshot is read before any change
        deactivated, refused = _deactivate_stale(client.devices.iter_all(active=True, snapshot=True), client)

    assert set(refused) == held
    assert len(deactivated) == len(set(deactivated)) == len(stale_before) - len(held)
    assert sorted(deactivated + refused) == sorted(stale_before)  # every stale device met once
    assert set(_stale_active_ids(client)) == held  # none left but those on legal hold
    assert sum(1 for d in emulator.tenant.devices if d.active and d.computer_id in set(deactivated)) == 0


@pytest.mark.parametrize("concurrency", [None, 1], ids=["default-concurrency", "sequential"])
def test_the_same_plain_loop_misses_devices_and_warns_once(
    emulator_factory: Callable[..., Emulator], concurrency: int | None
) -> None:
    """The hazard is real: on an identical tenant the plain loop leaves stale devices active."""
    _, client, on_hold = _big_tenant(emulator_factory)
    stale_before = _stale_active_ids(client)
    with pytest.warns(PycpgListChangedWarning) as caught:
        deactivated, refused = _deactivate_stale(
            client.devices.iter_all(active=True, page_concurrency=concurrency), client
        )
    missed = set(_stale_active_ids(client)) - set(refused)
    assert missed  # devices the loop never saw
    assert len(deactivated) + len(refused) + len(missed) == len(stale_before)  # skipped, never repeated
    changed = [w for w in caught if issubclass(w.category, PycpgListChangedWarning)]
    assert len(changed) == 1  # once per run, however often the total changed
    assert changed[0].filename == __file__  # points at the loop (in _deactivate_stale), not at pycpg


# -- snapshot=True reads every page before the first item ------------------------


def test_snapshot_reads_every_page_before_the_first_item(emulator_factory: Callable[..., Emulator]) -> None:
    emulator = emulator_factory(**BIG)
    client = _client(emulator, items_per_page=100)
    active = sum(1 for d in emulator.tenant.devices if d.active)
    devices = client.devices.iter_all(active=True, snapshot=True)
    assert emulator.journal == []  # nothing is read before the loop starts
    first = next(devices)
    pages = [e for e in emulator.journal if e.path == COMPUTER]
    assert len(pages) == active // 100 + 1  # every page, the trailing short one included
    assert sorted(int(e.params["pgNum"]) for e in pages) == list(range(1, active // 100 + 2))
    assert _pager_threads() == 0  # the run is over: its threads are joined
    rest = list(devices)
    assert len(emulator.journal) == len(pages)  # nothing more is read
    assert isinstance(first, Device) and all(isinstance(d, Device) for d in rest)
    plain = list(client.devices.iter_all(active=True))
    assert [d.to_wire() for d in [first, *rest]] == [d.to_wire() for d in plain]


def test_snapshot_pages_at_the_usual_concurrency(
    emulator_factory: Callable[..., Emulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = emulator_factory(devices=60)
    client = _client(emulator)
    devices = client.devices
    assert client.devices is devices
    threads: set[str] = set()
    real_get_page = devices.get_page

    def get_page(*args: Any, **kwargs: Any) -> PycpgResponse[DevicePage]:
        threads.add(threading.current_thread().name)
        return real_get_page(*args, **kwargs)

    monkeypatch.setattr(devices, "get_page", get_page)
    ids = [d.computer_id for d in client.devices.iter_all(page_size=5, page_concurrency=4, snapshot=True)]
    assert ids == [d.computer_id for d in emulator.tenant.devices]
    assert any(name.startswith(PAGER_THREAD) for name in threads)  # pages after the first were fetched ahead


def test_a_failed_page_raises_before_any_item(emulator_factory: Callable[..., Emulator]) -> None:
    emulator = emulator_factory(devices=60)
    client = _client(emulator, max_retries=0)
    emulator.faults.add(Fault(path=COMPUTER, calls={3}, status=500))
    taken: list[Device] = []
    with pytest.raises(PycpgInternalServerError):
        for device in client.devices.iter_all(page_size=5, snapshot=True):
            taken.append(device)
    assert taken == []
    assert _pager_threads() == 0


def test_snapshot_must_be_a_bool(emulator: Emulator) -> None:
    client = _client(emulator)
    bad: Any = "yes"
    with pytest.raises(TypeError, match="snapshot"):
        client.devices.iter_all(snapshot=bad)
    assert emulator.journal == []


# -- snapshot=True on every typed iterator -------------------------------------

Lists = dict[str, tuple[Callable[[bool], Iterator[Any]], type]]


def _every_iterator(client: pycpg.sdk.SDKClient, emulator: Emulator) -> Lists:
    """Every typed offset-paged iterator: ``snapshot -> items``, and the item type."""
    org_id = int(client.orgs.get_page(1).data["orgs"][0]["orgId"])
    device = emulator.tenant.devices[0]
    me = client.users.get_current().data["userId"]
    matter = next(iter(client.legalhold.iter_all_matters(active=None, page_concurrency=1)))
    lh, archive = client.legalhold, client.archive
    return {
        "users": (lambda snap: client.users.iter_all(snapshot=snap), User),
        "devices": (lambda snap: client.devices.iter_all(snapshot=snap), Device),
        "orgs": (lambda snap: client.orgs.iter_all(snapshot=snap), Org),
        "matters": (lambda snap: lh.iter_all_matters(active=None, snapshot=snap), LegalHoldMatter),
        "custodians": (
            lambda snap: lh.iter_all_matter_custodians(matter.legal_hold_uid, active=None, snapshot=snap),
            LegalHoldMembership,
        ),
        "events": (lambda snap: lh.iter_all_events(snapshot=snap), LegalHoldEvent),
        "archives": (lambda snap: archive.iter_all_by_device_guid(device.guid, snapshot=snap), Archive),
        "restores.org": (lambda snap: archive.iter_all_org_restore_history(3650, org_id, snapshot=snap), RestoreEvent),
        "restores.user": (lambda snap: archive.iter_all_user_restore_history(3650, me, snapshot=snap), RestoreEvent),
        "restores.device": (
            lambda snap: archive.iter_all_device_restore_history(3650, device.computer_id, snapshot=snap),
            RestoreEvent,
        ),
        "cold_storage": (
            lambda snap: archive.iter_all_org_cold_storage_archives(org_id, snapshot=snap), ColdStorageArchive
        ),
    }


ITERATORS = ["users", "devices", "orgs", "matters", "custodians", "events", "archives", "restores.org",
             "restores.user", "restores.device", "cold_storage"]


@pytest.fixture(scope="module")
def small_pages() -> Iterator[tuple[Emulator, Lists]]:
    with Emulator(seed=7, now=PINNED_NOW) as emulator:
        client = _client(emulator, items_per_page=2)  # small pages: most lists span several
        yield emulator, _every_iterator(client, emulator)
        client.close()


def test_every_typed_iterator_is_listed(small_pages: tuple[Emulator, Lists]) -> None:
    assert sorted(small_pages[1]) == sorted(ITERATORS)


@pytest.mark.parametrize("name", ITERATORS)
def test_snapshot_on_every_typed_iterator(name: str, small_pages: tuple[Emulator, Lists]) -> None:
    emulator, lists = small_pages
    run, item_type = lists[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error", PycpgListChangedWarning)  # nothing changes: no warning
        plain = list(run(False))
        emulator.clear_journal()
        items = run(True)
        first = next(items, None)
        read = len(emulator.journal)
        rest = list(items)
    assert len(emulator.journal) == read  # every page was read before the first item
    got = [] if first is None else [first, *rest]
    assert all(isinstance(item, item_type) for item in got)
    assert [item.to_wire() for item in got] == [item.to_wire() for item in plain]
    assert got, f"{name}: an empty list proves little"


def test_most_of_the_lists_span_several_pages(small_pages: tuple[Emulator, Lists]) -> None:
    emulator, lists = small_pages
    several = 0
    for run, _ in lists.values():
        emulator.clear_journal()
        list(run(True))
        several += len(emulator.journal) > 2
    assert several >= len(lists) // 2  # the "read before the first item" checks are not vacuous


# -- the warning: once per run, only when totalCount changes ---------------------


def _response(body: Any) -> PycpgResponse[Any]:
    raw = requests.Response()
    raw.status_code = 200
    raw._content = json.dumps(body).encode()
    raw.encoding = "utf-8"
    return PycpgResponse(raw)


class Server:
    """A list of ``total`` items served by offset; ``changes`` maps a page number to the total from then on."""

    def __init__(self, total: int, changes: dict[int, int] | None = None, with_total: bool = True) -> None:
        self.total, self.changes, self.with_total = total, changes or {}, with_total
        self._lock = threading.Lock()

    def page(self, number: int, size: int) -> PycpgResponse[Any]:
        with self._lock:
            total = self.total
            for at, changed in sorted(self.changes.items()):
                if number >= at:
                    total = changed
        start = (number - 1) * size
        body: dict[str, Any] = {"items": list(range(start, min(start + size, total)))}
        if self.with_total:
            body["totalCount"] = total
        return _response(body)


def _changed(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if issubclass(w.category, PycpgListChangedWarning)]


@pytest.mark.parametrize("concurrency", [1, 2, 4])
def test_the_warning_fires_once_when_the_total_changes(concurrency: int) -> None:
    server = Server(95, changes={3: 90, 5: 85, 7: 99})  # three changes in one run
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pages = list(iter_pages(server.page, "items", 10, concurrency=concurrency))
    assert pages  # the run went on
    changed = _changed(caught)
    assert len(changed) == 1
    message = str(changed[0].message)
    assert "changed while it was read" in message and "skipped or repeated" in message
    assert "snapshot=True" in message and "collect the ids first" in message
    assert issubclass(PycpgListChangedWarning, UserWarning)


@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("total", [0, 7, 10, 55, 100])
def test_no_warning_when_the_total_does_not_change(total: int, concurrency: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(list(iter_pages(Server(total).page, "items", 10, concurrency=concurrency))) == total // 10 + 1


def test_no_warning_for_a_list_without_total() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(iter_pages(Server(45, changes={2: 30}, with_total=False).page, "items", 10))


def test_each_run_warns_on_its_own() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            list(iter_pages(Server(50, changes={2: 40}).page, "items", 10))
        list(iter_pages(Server(50).page, "items", 10))
    assert len(_changed(caught)) == 2


def test_the_warning_points_at_the_loop_of_get_all_and_iter_all(emulator: Emulator) -> None:
    client = _client(emulator, items_per_page=3)
    victims = [d.computer_id for d in emulator.tenant.devices if d.active][-6:]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pages_line = _line() + 1
        for _page in client.devices.get_all(active=True, page_concurrency=1):
            if len(victims) > 3:
                client.devices.deactivate(victims.pop())  # the list shrinks under the loop, pages 1 to 3
        for _device in client.devices.iter_all(active=True):
            pass  # unchanged: no warning
        items_line = _line() + 1
        for _device in client.devices.iter_all(active=True):  # pages fetched ahead, 4 in flight
            if victims:
                client.devices.deactivate(victims.pop())
    changed = _changed(caught)
    assert [(w.filename, w.lineno) for w in changed] == [(__file__, pages_line), (__file__, items_line)]


def test_a_change_during_a_snapshot_read_warns_at_the_loop(emulator: Emulator) -> None:
    """Someone else changing the list while a snapshot is read: the snapshot may be off, and says so."""
    client = _client(emulator, items_per_page=5)
    victim = [d.computer_id for d in emulator.tenant.devices if d.active][-1]

    def fetch(page_num: int, size: int) -> PycpgResponse[DevicePage]:
        if page_num == 2:
            client.devices.deactivate(victim)  # "another admin", between pages 1 and 2
        return client.devices.get_page(page_num, active=True, page_size=size)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = _line() + 1
        items = list(iter_items(iter_pages(fetch, "computers", 5), lambda page: page.computers, snapshot=True))
    assert items
    assert [(w.filename, w.lineno) for w in _changed(caught)] == [(__file__, line)]


def _line() -> int:
    """The caller's line number."""
    return sys._getframe(1).f_lineno
