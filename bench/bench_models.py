"""Parsing cost of typed pages, as ratios against baselines run in the same process.

Run: .venv/bin/python bench/bench_models.py [--devices 500] [--repeat 7]

Measures, on one realistic device page served by the emulator (fetched once):
  - pycpg 1.0 view:   PycpgResponse(...).data        vs  json.loads(body)
  - typed model:      PycpgResponse(...).model()     vs  DevicePage.model_validate(json.loads(body)["data"])
  - typed iteration:  DeviceService.iter_all over HTTP vs get_all + DevicePage.model_validate(page.data)
Ratios < 1 mean faster than the baseline. Timings use the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from collections.abc import Callable

import requests

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.models import DevicePage
from pycpg.response import PycpgResponse


def best(func: Callable[[], object], repeat: int, number: int) -> float:
    return min(timeit.repeat(func, repeat=repeat, number=number)) / number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    with Emulator(seed=1, devices=args.devices, users=max(20, args.devices // 3)) as emulator:
        account = emulator.plain_admin
        sdk = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
        raw: requests.Response = sdk.devices.get_page(1, include_backup_usage=True)._response
        body = raw.content
        print(f"page: {args.devices} devices, {len(body) / 1e6:.2f} MB")

        def fresh() -> PycpgResponse[DevicePage]:
            return PycpgResponse(raw, DevicePage)

        rows = [
            ("data (pycpg view)", lambda: fresh().data, lambda: json.loads(body)),
            (
                ".model() from bytes",
                lambda: fresh().model(),
                lambda: DevicePage.model_validate(json.loads(body)["data"]),
            ),
            (
                "iter_all over HTTP",
                lambda: sum(1 for _ in sdk.devices.iter_all(include_backup_usage=True)),
                lambda: sum(
                    len(DevicePage.model_validate(p.data).computers)
                    for p in sdk.devices.get_all(include_backup_usage=True)
                ),
            ),
        ]
        print(f"{'measure':<22}{'ours ms':>10}{'baseline ms':>13}{'ratio':>8}")
        for name, ours, baseline in rows:
            number = 3 if "HTTP" in name else 10
            base_t = best(baseline, args.repeat, number)
            ours_t = best(ours, args.repeat, number)
            print(f"{name:<22}{ours_t * 1e3:>10.2f}{base_t * 1e3:>13.2f}{ours_t / base_t:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
