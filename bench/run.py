"""pycpg's benchmark suite: ours against floors and against CrashPlan's own SDK (pycpg 1.0.5).

Run: make bench  (or .venv/bin/python bench/run.py [--quick] [--no-official] [options])

Servers (separate processes, https, one self-signed certificate made at start):
  - the emulator, ``python -m pycpg.emulator --port 0 --seed 1 --devices 500 --now …``:
    the 500-device page of the ``.model()`` row, and the recorded wire shapes
    (sign-in, ``/api/v1/User/my``, 500 devices) that the page server replays;
  - bench/pageserver.py twice, without and with ``--latency``: device pages made on
    the fly for any tenant size (the emulator takes ~35 s to generate 100,000
    devices and cannot hold a million; see that file).

Rows (each sample is a fresh process unless said; contenders are interleaved run by
run, and a row's ratio is the median over runs of (contender / floor), min–max after):
  get       one GET (``sdk.users.get_current()["username"]``), per call, after a
            warm-up; ours, official; floor: a bare ``requests.Session`` doing the
            same GET and ``.json()``.
  model     ``PycpgResponse(...).model()`` of the emulator's 500-device page (with
            backup usage), in this process; floors: ``json.loads`` of the same bytes
            and pydantic's own ``validate_json`` of the same model and bytes.
  iter_all  ``sum(1 for _ in sdk.devices.iter_all())`` (typed) over --devices devices
            with --latency per request; ours at the default page_concurrency and at
            1, official ``get_all`` (it has no ``iter_all``); floor: the latency
            alone, sequential (pages × latency).
  get_all   the same with ``get_all`` (counting ``page["computers"]``).
  import    ``python -I -c "import pycpg.sdk"``, whole process; floor: ``python -I
            -c "import requests"`` with the same interpreter.
  memory    peak RSS of a process paging --memory-devices (e.g. 100k and 1M) with
            ``iter_all`` and no latency; the ratio is largest / smallest N's (must
            stay near 1: paging must not hold the tenant).

The official SDK is installed from the package index into a virtualenv outside
the repository (tests/peers/venvs.py, reused across runs); its measurements run
in that virtualenv's python, in a script written to a temporary folder that prints
JSON. ``--no-official`` skips it (no package index needed).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import requests
from pydantic import BaseModel, ConfigDict

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # for tests.peers.venvs when run as a script

from pycpg.emulator.tls import certificate_names, self_signed  # noqa: E402
from pycpg.models import DevicePage  # noqa: E402
from pycpg.response import PycpgResponse  # noqa: E402

OFFICIAL = "pycpg==1.0.5"
NOW = "2026-01-01T00:00:00+00:00"
SEED = 1
#: Both SDKs page devices 500 at a time by default.
PAGE_SIZE = 500
START_TIMEOUT = 180.0
ROWS = ("get", "model", "iter_all", "get_all", "import", "memory")

# The script each SDK's python runs: ``python worker.py CONFIG_JSON``; prints one JSON line.
# It uses only the API both SDKs share (pycpg 1.0's), plus ``iter_all``, ours only.
WORKER = r'''
import json, resource, sys, time

config = json.loads(sys.argv[1])
clients = {}
warm = set()


def client(url):
    if url not in clients:
        if config["sdk"] == "raw":
            import requests
            session = requests.Session()
            session.verify = config["ca"]
            reply = session.get(url + "/api/v3/auth/jwt", params={"useBody": "true"},
                                auth=(config["username"], config["password"]), verify=config["ca"])
            reply.raise_for_status()
            session.headers["Authorization"] = "v3_user_token " + reply.json()["data"]["v3_user_token"]
            clients[url] = session
        else:
            import pycpg.sdk, pycpg.settings
            pycpg.settings.verify_ssl_certs = config["ca"]
            clients[url] = pycpg.sdk.from_local_account(url, config["username"], config["password"])
    return clients[url]


def get_current(url):
    if config["sdk"] == "raw":
        return client(url).get(url + "/api/v1/User/my", verify=config["ca"]).json()["data"]["username"]
    return client(url).users.get_current()["username"]


out = {}
for task in config["tasks"]:
    kind, url, name = task["kind"], task["url"], task["name"]
    if kind == "get":
        for _ in range(task["warmup"]):
            get_current(url)
        start = time.perf_counter()
        for _ in range(task["calls"]):
            get_current(url)
        out[name] = {"seconds": (time.perf_counter() - start) / task["calls"]}
        continue
    sdk = client(url)
    if config["sdk"] == "ours" and url not in warm:
        sdk.devices.get_page(1, page_size=1).model()  # builds the models' validators, once per process
        warm.add(url)
    start = time.perf_counter()
    if kind == "iter_all":
        count = sum(1 for _ in sdk.devices.iter_all(**task["kwargs"]))
    else:
        count = sum(len(page["computers"]) for page in sdk.devices.get_all(**task["kwargs"]))
    out[name] = {"seconds": time.perf_counter() - start, "count": count}
    if kind == "iter_all" and task.get("memory"):
        out[name]["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
'''


@dataclass
class Sample:
    """One contender's measurements of a row: seconds (or MB) and ratios to the floor, per run."""

    label: str
    values: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)


@dataclass
class Row:
    key: str
    title: str
    floor: str
    unit: str  # "ms", "s" or "MB"
    floors: list[float] = field(default_factory=list)
    contenders: dict[str, Sample] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, label: str, value: float, floor: float | None) -> None:
        sample = self.contenders.setdefault(label, Sample(label))
        sample.values.append(value)
        if floor:
            sample.ratios.append(value / floor)

    def add_ratio(self, label: str, ratio: float) -> None:
        """A ratio that is not to the floor (e.g. ours / official), one per run."""
        self.contenders.setdefault(label, Sample(label)).ratios.append(ratio)


# --- processes -------------------------------------------------------------------------


@contextmanager
def serve(command: list[str], ready: str, cwd: Path) -> Iterator[tuple[str, list[str]]]:
    """Start ``command``, wait for a stdout line containing ``ready``; yield (that line, the lines so far)."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str | None] = queue.Queue()
    # A thread reads the output (select() on the pipe would miss lines already buffered),
    # and keeps reading so that the server never blocks on a full pipe.
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                line = None
            if line is None:
                raise RuntimeError(f"{' '.join(command[:4])} did not start:\n" + "".join(seen[-20:]))
            seen.append(line)
            if ready in line:
                break
        yield line, seen
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _pump(stream: IO[str] | None, lines: queue.Queue[str | None]) -> None:
    if stream is not None:
        for line in stream:
            lines.put(line)
    lines.put(None)


def clean_env(ca: str) -> dict[str, str]:
    """The environment of SDK processes: no PYTHON* variables (no PYTHONPATH into this checkout),
    and ``ca`` as the CA bundle (requests lets REQUESTS_CA_BUNDLE override a session's ``verify``)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("CURL_CA_BUNDLE", None)
    env["REQUESTS_CA_BUNDLE"] = ca
    return env


def run_worker(python: Path, script: Path, config: dict[str, Any], cwd: Path) -> dict[str, Any]:
    result = subprocess.run([str(python), "-I", str(script), json.dumps(config)], cwd=cwd, env=clean_env(config["ca"]),
                            capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{python} worker failed:\n{result.stderr[-3000:]}")
    output: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return output


def process_seconds(python: Path, code: str, cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(python), "-I", "-c", code], cwd=cwd, env=env, check=True, timeout=120)
    return time.perf_counter() - start


def official_python(requirement: str) -> tuple[Path | None, str]:
    """The python of a virtualenv with the official SDK, or None and why not."""
    try:
        from tests.peers.venvs import peer_venv

        return peer_venv("official-pycpg", [requirement]), requirement
    except BaseException as exc:  # pytest.skip raises a BaseException when the index is unreachable
        if isinstance(exc, KeyboardInterrupt):
            raise
        return None, f"{requirement} unavailable: {str(exc).strip().splitlines()[-1] if str(exc).strip() else exc!r}"


def has_page_concurrency() -> bool:
    import inspect

    from pycpg.services.devices import DeviceService

    return "page_concurrency" in inspect.signature(DeviceService.iter_all).parameters


# --- the emulator's page and shapes ----------------------------------------------------


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore")
    data: DevicePage


def record(url: str, ca: str, username: str, password: str, devices: int) -> tuple[requests.Response, dict[str, Any]]:
    """The emulator's device page with backup usage, and the page server's fixture."""
    session = requests.Session()  # verify on each call: REQUESTS_CA_BUNDLE would override the session's
    jwt = session.get(f"{url}/api/v3/auth/jwt", params={"useBody": "true"}, auth=(username, password), verify=ca)
    jwt.raise_for_status()
    session.headers["Authorization"] = "v3_user_token " + jwt.json()["data"]["v3_user_token"]
    me = session.get(f"{url}/api/v1/User/my", verify=ca)
    me.raise_for_status()
    query = {"pgNum": "1", "pgSize": str(devices), "incCounts": "true"}
    page = session.get(f"{url}/api/v1/Computer", params={**query, "incBackupUsage": "true"}, verify=ca)
    page.raise_for_status()
    plain = session.get(f"{url}/api/v1/Computer", params={**query, "pgSize": str(PAGE_SIZE)}, verify=ca)
    plain.raise_for_status()
    fixture = {
        "bodies": {"/api/v3/auth/jwt": jwt.text, "/api/v1/User/my": me.text},
        "devices": plain.json()["data"]["computers"],
    }
    return page, fixture


def time_loop(func: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        func()
    return (time.perf_counter() - start) / number


# --- the rows ----------------------------------------------------------------------------


def model_row(page: requests.Response, runs: int, number: int) -> Row:
    body = page.content
    row = Row("model", f".model() of a {len(DevicePage.model_validate(page.json()['data']).computers)}-device page "
              f"({len(body) / 1e6:.2f} MB)", "json.loads of the same bytes", "ms")
    validator = _Envelope.__pydantic_validator__

    def ours() -> object:
        return PycpgResponse(page, DevicePage).model()

    contenders: list[Callable[[], object]] = [lambda: json.loads(body), lambda: validator.validate_json(body), ours]
    for func in contenders:
        func()  # warm-up: builds the validators
    for run in range(runs):
        # Call by call, in turn (the order rotating from run to run), so that a load
        # change on a shared machine hits the three alike.
        totals = [0.0, 0.0, 0.0]
        order = [(run + shift) % 3 for shift in range(3)]
        for _ in range(number):
            for index in order:
                totals[index] += time_loop(contenders[index], 1)
        floor, pydantic, mine = (total / number for total in totals)
        row.floors.append(floor)
        row.add("ours .model()", mine, floor)
        row.add("pydantic validate_json", pydantic, floor)
        row.add_ratio("ours / pydantic validate_json", mine / pydantic)
    gc.collect()
    return row


def format_value(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1e3:9.2f} ms"
    if unit == "s":
        return f"{value:9.2f} s "
    return f"{value:9.1f} MB"


def ratio_text(ratios: Sequence[float]) -> str:
    if not ratios:
        return ""
    return f"x{statistics.median(ratios):.2f} (min {min(ratios):.2f} – max {max(ratios):.2f})"


def print_row(row: Row, out: IO[str]) -> None:
    print(f"\n[{row.key}] {row.title}", file=out)
    if row.floors:
        print(f"  {'floor: ' + row.floor:<44}{format_value(statistics.median(row.floors), row.unit)}", file=out)
    elif row.floor:
        print(f"  floor: {row.floor}", file=out)
    for sample in row.contenders.values():
        value = format_value(statistics.median(sample.values), row.unit) if sample.values else " " * 12
        print(f"  {sample.label:<44}{value}   {ratio_text(sample.ratios)}", file=out)
    for note in row.notes:
        print(f"  note: {note}", file=out)
    out.flush()


def print_summary(rows: list[Row], out: IO[str]) -> None:
    print("\nSUMMARY (median ratio over runs, min – max; to the row's floor unless named 'a / b')", file=out)
    for row in rows:
        for sample in row.contenders.values():
            if sample.ratios:
                print(f"  {row.key:<9} {sample.label:<44} {ratio_text(sample.ratios)}", file=out)
    out.flush()


# --- main ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="a fast smoke run: 10,000 devices, memory at 10,000 and 100,000, 3 runs, 50 GETs")
    parser.add_argument("--no-official", action="store_true", help="skip pycpg 1.0.5 (no package index needed)")
    parser.add_argument("--official", default=OFFICIAL, help="pip requirement of the official SDK (%(default)s)")
    parser.add_argument("--runs", type=int, default=None, help="runs per row (default 5; --quick 3)")
    parser.add_argument("--devices", type=int, default=None, help="devices paged (default 100000; --quick 10000)")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per paging request (%(default)s)")
    parser.add_argument("--memory-devices", default=None,
                        help="comma-separated tenant sizes of the memory row (default 100000,1000000; "
                        "--quick 10000,100000)")
    parser.add_argument("--calls", type=int, default=None, help="GETs per run of the get row (default 200; --quick 50)")
    parser.add_argument("--model-devices", type=int, default=500, help="devices on the .model() page (%(default)s)")
    parser.add_argument("--model-loops", type=int, default=None,
                        help=".model() calls per run of the model row (default 20; --quick 5)")
    args = parser.parse_args(argv)
    quick = args.quick
    args.runs = args.runs or (3 if quick else 5)
    args.devices = args.devices or (10_000 if quick else 100_000)
    args.calls = args.calls or (50 if quick else 200)
    args.model_loops = args.model_loops or (5 if quick else 20)
    sizes = args.memory_devices or ("10000,100000" if quick else "100000,1000000")
    args.memory_devices = [int(size) for size in sizes.split(",") if size.strip()]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out = sys.stdout
    python = Path(sys.executable)
    load = os.getloadavg()
    print(f"pycpg bench: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} runs"
          f"{' (--quick)' if args.quick else ''}", file=out)
    official: Path | None = None
    if args.no_official:
        print("official SDK: skipped (--no-official)", file=out)
    else:
        official, why = official_python(args.official)
        print(f"official SDK: {why if official is None else args.official + ' in ' + str(official.parent.parent)}",
              file=out)
    concurrency = has_page_concurrency()
    out.flush()

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pycpg-bench-")))
        cert, key = self_signed(work, certificate_names("127.0.0.1"))
        ca = str(cert)
        started = time.perf_counter()
        _, banner = stack.enter_context(serve(
            [str(python), "-u", "-m", "pycpg.emulator", "--port", "0", "--seed", str(SEED),
             "--devices", str(max(args.model_devices, PAGE_SIZE)), "--users", "170", "--now", NOW,
             "--cert", ca, "--key", str(key)],
            "Press Ctrl-C", work))
        emulator_url = _banner_value(banner, r"listening on (\S+)")
        username, password = _banner_value(banner, r"^\s*admin:\s+(\S+) / (\S+)", groups=2).split("\n")
        print(f"emulator: {emulator_url} (started in {time.perf_counter() - started:.1f} s)", file=out)
        page, fixture = record(emulator_url, ca, username, password, args.model_devices)
        fixture_path = work / "fixture.json"
        fixture_path.write_text(json.dumps(fixture), encoding="utf-8")
        script = work / "worker.py"
        script.write_text(WORKER, encoding="utf-8")

        def page_server(devices: int, latency: float) -> str:
            line, _ = stack.enter_context(serve(
                [str(python), "-u", str(REPO / "bench" / "pageserver.py"), "--fixture", str(fixture_path),
                 "--cert", ca, "--key", str(key), "--devices", str(devices), "--latency", str(latency)],
                "listening on", work))
            return line.split("listening on ", 1)[1].strip()

        quick_url = page_server(args.devices, 0.0)
        slow_url = page_server(args.devices, args.latency)
        base = {"ca": ca, "username": username, "password": password}
        rows: list[Row] = []

        # -- model (in this process; first, while the machine is as quiet as it gets)
        model = model_row(page, args.runs, args.model_loops)
        rows.append(model)
        print_row(model, out)

        # -- get, iter_all, get_all (interleaved, one process per contender and run)
        pages = math.ceil(args.devices / PAGE_SIZE)
        latency_floor = pages * args.latency
        get = Row("get", "one GET (users.get_current()['username']), per call", "raw requests.Session", "ms")
        paging = {
            "iter_all": Row("iter_all", f"{args.devices:,} devices, {args.latency * 1e3:g} ms latency per request, "
                            "typed iter_all (ours) vs official get_all",
                            f"latency alone, sequential: {pages} pages × {args.latency * 1e3:g} ms "
                            f"= {latency_floor:.2f} s", "s"),
            "get_all": Row("get_all", f"the same with get_all (pages, counting page['computers'])",
                           f"latency alone, sequential: {latency_floor:.2f} s", "s"),
        }
        variants: list[tuple[str, dict[str, Any]]] = [("default", {})]
        if concurrency:
            variants.append(("page_concurrency=1", {"page_concurrency": 1}))
        else:
            for row in paging.values():
                row.notes.append("this checkout has no page_concurrency option: pages are fetched one at a time")
        get_task = {"kind": "get", "url": quick_url, "name": "get", "warmup": 5, "calls": args.calls}
        official_label = f"official {args.official}"
        for _ in range(args.runs):
            raw = run_worker(python, script, {**base, "sdk": "raw", "tasks": [get_task]}, work)
            floor = raw["get"]["seconds"]
            get.floors.append(floor)
            tasks: list[dict[str, Any]] = [get_task]
            for method in ("iter_all", "get_all"):
                for variant, kwargs in variants:
                    tasks.append({"kind": method, "url": slow_url, "name": f"{method} {variant}", "kwargs": kwargs})
            ours = run_worker(python, script, {**base, "sdk": "ours", "tasks": tasks}, work)
            get.add("ours", ours["get"]["seconds"], floor)
            for method in ("iter_all", "get_all"):
                for variant, _ in variants:
                    result = ours[f"{method} {variant}"]
                    _check_count(result, args.devices, f"ours {method} {variant}")
                    suffix = f" ({variant} page_concurrency)" if variant == "default" and concurrency else (
                        "" if variant == "default" else f" ({variant})")
                    paging[method].add(f"ours {method}{suffix}", result["seconds"], latency_floor)
            if official is None:
                continue
            theirs = run_worker(official, script, {**base, "sdk": "official", "tasks": [
                get_task, {"kind": "get_all", "url": slow_url, "name": "get_all", "kwargs": {}}]}, work)
            _check_count(theirs["get_all"], args.devices, "official get_all")
            get.add(official_label, theirs["get"]["seconds"], floor)
            get.add_ratio("ours / official", ours["get"]["seconds"] / theirs["get"]["seconds"])
            for method, row in paging.items():
                row.add(f"{official_label} get_all", theirs["get_all"]["seconds"], latency_floor)
                row.add_ratio(f"ours {method} (default) / official get_all",
                              ours[f"{method} default"]["seconds"] / theirs["get_all"]["seconds"])
        rows.append(get)
        print_row(get, out)
        for row in paging.values():
            rows.append(row)
            print_row(row, out)

        # -- import
        imports = Row("import", "import pycpg.sdk, whole process (python -I -c ...)",
                      "python -I -c 'import requests', same interpreter", "ms")
        pythons = [("ours", python)] + ([(official_label, official)] if official is not None else [])
        env = clean_env(ca)
        for _ in range(args.runs):
            seconds: dict[str, float] = {}
            for label, interpreter in pythons:
                floor = process_seconds(interpreter, "import requests", work, env)
                if label == "ours":
                    imports.floors.append(floor)
                seconds[label] = process_seconds(interpreter, "import pycpg.sdk", work, env)
                imports.add(label, seconds[label], floor)
            if official is not None:
                imports.add_ratio("ours / official", seconds["ours"] / seconds[official_label])
        if official is not None:
            imports.notes.append("the official SDK's ratio is to `import requests` in its own virtualenv")
        rows.append(imports)
        print_row(imports, out)

        # -- memory (one process per size, no latency)
        memory = Row("memory", "peak RSS of a process paging with iter_all, no latency (must not grow with N)",
                     "", "MB")
        peaks: list[float] = []
        for devices in args.memory_devices:
            url = page_server(devices, 0.0)
            result = run_worker(python, script, {**base, "sdk": "ours", "tasks": [
                {"kind": "iter_all", "url": url, "name": "memory", "kwargs": {}, "memory": True}]}, work)["memory"]
            _check_count(result, devices, f"memory {devices}")
            peaks.append(result["peak_rss_mb"])
            memory.add(f"ours iter_all, {devices:,} devices", result["peak_rss_mb"], None)
            memory.notes.append(f"{devices:,} devices paged in {result['seconds']:.1f} s")
        if len(peaks) > 1:
            memory.add_ratio(f"ours iter_all, peak at {args.memory_devices[-1]:,} / at {args.memory_devices[0]:,}",
                             peaks[-1] / peaks[0])
        rows.append(memory)
        print_row(memory, out)

    print_summary(rows, out)
    return 0


def _banner_value(lines: list[str], pattern: str, groups: int = 1) -> str:
    for line in lines:
        found = re.search(pattern, line)
        if found:
            return "\n".join(found.group(index + 1) for index in range(groups))
    raise RuntimeError(f"the emulator's banner has no {pattern!r}:\n{''.join(lines)}")


def _check_count(result: dict[str, Any], expected: int, what: str) -> None:
    if result.get("count") != expected:
        raise RuntimeError(f"{what} paged {result.get('count')} devices, not {expected}")


if __name__ == "__main__":
    sys.exit(main())
