"""The whole system as `make run` starts it, under a steady load of commitment-route submissions.

Starts the launcher (ten processes, SQLite stores in a temporary folder, a RabbitMQ vhost of its
own), then for each offered rate submits commitment-route applications over gRPC for a window of
seconds, one new unit each. A poller reads the credit and notify read models every 20 ms and notes
when each unit first appears there: the latency of a submission is that moment minus the moment
its gRPC response arrived (the events were committed before the response left).

Baseline, measured in the same run at the same rate: one bare kombu hop (publish with confirms to a
quorum queue, consumed by a kombu consumer in another thread) — what any event-driven step costs.

    make benchmark                     # or:
    .venv/bin/python -m benchmarks.pipeline --rates 20,50,100 --seconds 60
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import kombu
from grpc_health.v1 import health_pb2, health_pb2_grpc
from stdnum.cn import uscc as uscc_code

from benchmarks.report import Figure, print_figure, print_header
from firesafety.permits.v1 import permits_pb2, permits_pb2_grpc
from tests.e2e.test_commitment_flow import sports_venue_application

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AMQP = "amqp://guest:guest@localhost:5672/"


def unit_code(n: int) -> str:
    """A valid USCC of its own for the n-th unit."""
    body = f"91310000{n:09d}"
    return body + uscc_code.calc_check_digit(body)


def request_for(n: int, tag: str) -> permits_pb2.SubmitApplicationRequest:
    """A commitment-route application of the n-th unit: a sports venue, as partners file it."""
    return sports_venue_application(f"bench-{tag}-{n}", uscc=unit_code(n))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def own_vhost(amqp_uri: str | None) -> Iterator[str]:
    """A vhost made for this run (rabbitmqctl), deleted afterwards; or the URI given."""
    if amqp_uri:
        yield amqp_uri
        return
    vhost = f"bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"{DEFAULT_AMQP}{vhost}"
    finally:
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], capture_output=True)


@contextlib.contextmanager
def running_system(amqp_uri: str, var_dir: Path, log: Path) -> Iterator[tuple[int, int]]:
    """The system as `make run` starts it; yields (the permits gRPC port, the launcher's pid)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env.update(
        AMQP_URI=amqp_uri,
        VAR_DIR=str(var_dir),
        GRPC_PORT=str(port),
        CREDIT_GRPC_PORT=str(free_port()),
        WEB_SERVER_ADDRESS=f"127.0.0.1:{free_port()}",
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'gen'}",
        LOG_LEVEL="WARNING",
    )
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kit.launcher"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            yield port, process.pid
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def descendants(root: int) -> list[int]:
    """The processes under `root` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def idle_cores(launcher: int, seconds: float) -> tuple[int, float]:
    """How many cores the launcher and everything under it use over `seconds` of doing nothing."""
    pids = [launcher, *descendants(launcher)]
    before, started = cpu_seconds(pids), time.monotonic()
    time.sleep(seconds)
    return len(pids) - 1, (cpu_seconds(pids) - before) / (time.monotonic() - started)


def wait_until(probe, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if probe():
                return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


@dataclass
class Sightings:
    """When each unit first appeared in a read model."""

    path: Path
    table: str
    seen: dict[str, float] = field(default_factory=dict)

    def poll(self, conn: sqlite3.Connection, after: int) -> int:
        rows = conn.execute(f"SELECT rowid, uscc FROM {self.table} WHERE rowid > ?", (after,)).fetchall()
        now = time.perf_counter()
        for rowid, code in rows:
            self.seen.setdefault(code, now)
            after = max(after, rowid)
        return after


class Poller(threading.Thread):
    def __init__(self, sightings: list[Sightings], interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.sightings = sightings
        self.interval = interval
        self.stop = threading.Event()

    def run(self) -> None:
        conns: dict[str, sqlite3.Connection] = {}
        marks = {s.table: 0 for s in self.sightings}
        while not self.stop.wait(self.interval):
            for s in self.sightings:
                try:
                    if s.table not in conns:
                        conns[s.table] = sqlite3.connect(f"file:{s.path}?mode=ro", uri=True, timeout=1)
                    marks[s.table] = s.poll(conns[s.table], marks[s.table])
                except sqlite3.Error:
                    continue


@dataclass
class Window:
    rate: float
    offered: int
    answered: dict[str, float]
    failed: int
    started: float
    ended: float


def offer(stub: permits_pb2_grpc.PermitServiceStub, rate: float, seconds: float, first: int, tag: str) -> Window:
    """Submit at `rate` per second for `seconds`, never more than 256 in flight."""
    answered: dict[str, float] = {}
    failures = [0]
    in_flight = threading.BoundedSemaphore(256)
    lock = threading.Lock()
    count = int(rate * seconds)
    started = time.perf_counter()

    def done(future: grpc.Future, *, code: str) -> None:
        at = time.perf_counter()
        in_flight.release()
        with lock:
            if future.exception() is None:
                answered[code] = at
            else:
                failures[0] += 1

    for i in range(count):
        due = started + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        in_flight.acquire()
        n = first + i
        code = unit_code(n)
        future = stub.SubmitApplication.future(request_for(n, tag), timeout=60)
        future.add_done_callback(functools.partial(done, code=code))
    for _ in range(256):
        in_flight.acquire()
    return Window(rate, count, answered, failures[0], started, time.perf_counter())


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def latencies(window: Window, sightings: Sightings, wait_seconds: float) -> tuple[list[float], int]:
    deadline = time.perf_counter() + wait_seconds
    while time.perf_counter() < deadline and not all(code in sightings.seen for code in window.answered):
        time.sleep(0.1)
    values = [sightings.seen[c] - t for c, t in window.answered.items() if c in sightings.seen]
    return values, sum(1 for c in window.answered if c not in sightings.seen)


def bare_hop(amqp_uri: str, rate: float, seconds: float) -> list[float]:
    """Publish at `rate` with confirms to a quorum queue; a consumer thread notes each arrival."""
    name = f"bench-hop-{uuid.uuid4().hex[:8]}"
    queue = kombu.Queue(name, durable=True, queue_arguments={"x-queue-type": "quorum"})
    arrived: dict[int, float] = {}
    sent: dict[int, float] = {}
    ready = threading.Event()
    stop = threading.Event()

    def consume() -> None:
        with kombu.Connection(amqp_uri) as conn:

            def on_message(body, message):  # type: ignore[no-untyped-def]
                arrived[body["n"]] = time.perf_counter()
                message.ack()

            with kombu.Consumer(conn, [queue], callbacks=[on_message], prefetch_count=100):
                ready.set()
                while not stop.is_set():
                    with contextlib.suppress(socket.timeout, TimeoutError):
                        conn.drain_events(timeout=0.2)

    with kombu.Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        queue(conn.channel()).declare()
        thread = threading.Thread(target=consume, daemon=True)
        thread.start()
        ready.wait(10)
        producer = kombu.Producer(conn.channel())
        count = int(rate * seconds)
        started = time.perf_counter()
        for n in range(count):
            due = started + n / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            producer.publish({"n": n}, routing_key=name, serializer="json", delivery_mode=2)
            sent[n] = time.perf_counter()
        deadline = time.perf_counter() + 30
        while len(arrived) < count and time.perf_counter() < deadline:
            time.sleep(0.05)
        stop.set()
        thread.join(5)
        queue(conn.channel()).delete()
    return [arrived[n] - sent[n] for n in sent if n in arrived]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", default="20,50,100", help="offered submissions per second, comma-separated")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each window")
    parser.add_argument("--amqp-uri", default=None, help="default: a vhost made for the run on the local RabbitMQ")
    parser.add_argument("--idle-seconds", type=float, default=30.0, help="measure idle CPU this long first (0: skip)")
    parser.add_argument("--keep", default=None, help="keep the stores and the system's log in this folder")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]

    with contextlib.ExitStack() as stack:
        folder = Path(args.keep) if args.keep else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        folder.mkdir(parents=True, exist_ok=True)
        amqp_uri = stack.enter_context(own_vhost(args.amqp_uri))
        var_dir = folder / "var"
        port, launcher = stack.enter_context(running_system(amqp_uri, var_dir, folder / "system.log"))
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        health = health_pb2_grpc.HealthStub(channel)
        wait_until(lambda: health.Check(health_pb2.HealthCheckRequest(), timeout=2).status == 1, 120, "the gRPC server")
        stub = permits_pb2_grpc.PermitServiceStub(channel)
        credit = Sightings(var_dir / "credit.sqlite", "credit_units_view")
        notify = Sightings(var_dir / "notify.sqlite", "notices_view")
        poller = Poller([credit, notify])
        poller.start()
        # Warm up: the first unit travels the whole way before anything is timed.
        warm = offer(stub, 1, 1, 0, "warm")
        latencies(warm, notify, 120)
        if args.idle_seconds:
            time.sleep(5)  # start-up work (schemas, first catch-ups) is done; what follows is idle
            print_header("idle: the processes `make run` starts, doing nothing (target: under 0.05 of a core)")
            processes, cores = idle_cores(launcher, args.idle_seconds)
            print_figure(Figure(f"idle: {processes} processes together, cores used", cores))
        tag = uuid.uuid4().hex[:6]
        first = 1
        print_header("pipeline: gRPC commitment submission → credit and notify read models (SQLite stores)")
        for rate in rates:
            window = offer(stub, rate, args.seconds, first, tag)
            first += window.offered
            credit_lat, credit_missing = latencies(window, credit, 120)
            notify_lat, notify_missing = latencies(window, notify, 120)
            hop = bare_hop(amqp_uri, rate, min(args.seconds, 20))
            achieved = len(window.answered) / (window.ended - window.started)
            hop_p99 = percentile(hop, 0.99)
            third = max(1, len(window.answered) // 3)
            ordered = sorted(window.answered.items(), key=lambda item: item[1])
            early = [credit.seen[c] - t for c, t in ordered[:third] if c in credit.seen]
            late = [credit.seen[c] - t for c, t in ordered[-third:] if c in credit.seen]
            print_figure(Figure(f"offered {rate:g}/s: submissions answered /s", achieved, rate))
            print_figure(Figure(f"offered {rate:g}/s: commit→credit p50 s", percentile(credit_lat, 0.5), hop_p99))
            print_figure(Figure(f"offered {rate:g}/s: commit→credit p99 s", percentile(credit_lat, 0.99), hop_p99))
            print_figure(Figure(f"offered {rate:g}/s: commit→notice p99 s", percentile(notify_lat, 0.99), hop_p99))
            print_figure(
                Figure(
                    f"offered {rate:g}/s: credit p50 last third / first third",
                    statistics.median(late) if late else float("nan"),
                    statistics.median(early) if early else None,
                )
            )
            if window.failed or credit_missing or notify_missing:
                print(
                    f"  {window.failed} submissions failed; {credit_missing} never reached credit, "
                    f"{notify_missing} never reached notify within 120 s",
                    flush=True,
                )
        poller.stop.set()
        channel.close()


if __name__ == "__main__":
    main()
