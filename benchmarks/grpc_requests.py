"""Partner requests over gRPC, against a bare grpcio server and a bare eventsourcing save.

Reads: permits' GetApplication and VerifyPermit and credit's GetStanding, each answered by the
project's server (its own process, started as `make run` starts it, over a store of 1,000
granted applications) and by a bare grpcio server in a process of its own whose handlers return
a prebuilt answer of the same size. The same client keeps 32 requests in flight for a window of
seconds against each and counts answers.

Writes: SubmitApplication on the commitment route, in process (the application's command) and
over gRPC with 32 in flight, against a bare eventsourcing Application saving the same
aggregate to the same kind of store, one at a time.

    .venv/bin/python -m benchmarks.grpc_requests --seconds 5 --repeat 3
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from eventsourcing.application import Application
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import create_engine, text

from benchmarks.pipeline import free_port, request_for, unit_code
from benchmarks.report import Figure, print_figure, print_header
from benchmarks.stores import AT, NoHolidays, bench_database_url
from firesafety.credit.v1 import credit_pb2, credit_pb2_grpc
from firesafety.permits.v1 import permits_pb2, permits_pb2_grpc
from kit.settings import load_settings
from kit.transcoding import DateAsISO
from services.credit.bootstrap import build_application as build_credit
from services.permits import read_models
from services.permits.bootstrap import build_application as build_permits
from services.permits.bootstrap import build_translate, build_worker_runtime
from services.permits.commands import validate_submission
from services.permits.domain import PermitApplication, PermitRules
from services.permits.entrypoints import grpc_mapping

ROOT = Path(__file__).resolve().parent.parent
IN_FLIGHT = 32
UNITS = 1000


# -- the stores --------------------------------------------------------------------------------


@contextlib.contextmanager
def store_env(kind: str) -> Iterator[dict[str, str]]:
    """The environment of a fresh pair of permits and credit stores of `kind`."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-grpc-") as var_dir:
            yield {"VAR_DIR": var_dir}
        return
    url = bench_database_url()
    tag = uuid.uuid4().hex[:8]
    env = {"DATABASE_URL": url, "PERMITS_DATABASE_SCHEMA": f"bench_p_{tag}", "CREDIT_DATABASE_SCHEMA": f"bench_c_{tag}"}
    with tempfile.TemporaryDirectory(prefix="bench-grpc-") as var_dir:
        try:
            yield {**env, "VAR_DIR": var_dir}
        finally:
            engine = create_engine(url)
            with engine.begin() as conn:
                for schema in (env["PERMITS_DATABASE_SCHEMA"], env["CREDIT_DATABASE_SCHEMA"]):
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()


def fill(env: dict[str, str], units: int) -> tuple[list[str], list[str], list[str]]:
    """`units` commitment-route grants through the permits application, their events received by
    credit as its consumer would; returns (application ids, permit numbers, USCCs)."""
    permits = build_permits(load_settings("permits", env))
    for first in range(0, units, 250):
        for n in range(first, min(units, first + 250)):
            command = grpc_mapping.submit_command(request_for(n, "fill"))
            permits.submit_application(command, AT)
    translate = build_translate(permits)
    credit = build_credit(load_settings("credit", env))
    position = 0
    while notifications := permits.recorder.select_notifications(start=position + 1, limit=500):
        envelopes = [e for n in notifications if (e := translate(permits.mapper.to_domain_event(n), n.id)) is not None]
        credit.receive_batch(envelopes)
        position = notifications[-1].id
    runtime = build_worker_runtime(load_settings("permits", env))
    rows, _ = read_models.list_applications(runtime.engine, uscc="", status="", page_size=units, page_token="")
    ids = [row["application_id"] for row in rows]
    permit_numbers = [row["permit_no"] for row in rows if row.get("permit_no")]
    runtime.close()
    permits.close()
    credit.close()
    return ids, permit_numbers, [unit_code(n) for n in range(units)]


# -- the servers -------------------------------------------------------------------------------


def child_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env.update(extra, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'gen'}", LOG_LEVEL="WARNING")
    return env


@contextlib.contextmanager
def server(command: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[grpc.Channel]:
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=child_env(env), stdout=out, stderr=subprocess.STDOUT)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        health = health_pb2_grpc.HealthStub(channel)
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(grpc.RpcError):
                if (
                    health.Check(health_pb2.HealthCheckRequest(), timeout=2).status
                    == health_pb2.HealthCheckResponse.SERVING
                ):
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{' '.join(command)} did not start; see {log}")
            time.sleep(0.2)
        yield channel
    finally:
        channel.close()
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


class _Bare(permits_pb2_grpc.PermitServiceServicer, credit_pb2_grpc.CreditServiceServicer):
    """Handlers that do nothing but return the answer they were given."""

    def __init__(self, answers: dict[str, bytes]) -> None:
        self.application = permits_pb2.Application.FromString(answers["application"])
        self.verification = permits_pb2.VerifyPermitResponse.FromString(answers["verification"])
        self.standing = credit_pb2.Standing.FromString(answers["standing"])
        self.submitted = permits_pb2.SubmitApplicationResponse.FromString(answers["submitted"])

    def GetApplication(self, request: Any, context: Any) -> permits_pb2.Application:  # noqa: N802
        return self.application

    def VerifyPermit(self, request: Any, context: Any) -> permits_pb2.VerifyPermitResponse:  # noqa: N802
        return self.verification

    def GetStanding(self, request: Any, context: Any) -> credit_pb2.Standing:  # noqa: N802
        return self.standing

    def SubmitApplication(self, request: Any, context: Any) -> permits_pb2.SubmitApplicationResponse:  # noqa: N802
        return self.submitted


def serve_bare(port: int, answers_file: str) -> None:
    """The baseline server: grpcio with the generated servicers, health, and nothing else."""
    from grpc_health.v1 import health

    answers = {}
    for line in Path(answers_file).read_text().splitlines():
        name, encoded = line.split(" ", 1)
        answers[name] = base64.b64decode(encoded)
    bare = _Bare(answers)
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    permits_pb2_grpc.add_PermitServiceServicer_to_server(bare, grpc_server)
    credit_pb2_grpc.add_CreditServiceServicer_to_server(bare, grpc_server)
    health_pb2_grpc.add_HealthServicer_to_server(health.HealthServicer(), grpc_server)
    grpc_server.add_insecure_port(f"127.0.0.1:{port}")
    grpc_server.start()
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    grpc_server.stop(grace=1).wait()


# -- the load ----------------------------------------------------------------------------------


def offered(call: Callable[[int], grpc.Future], seconds: float, in_flight: int = IN_FLIGHT) -> tuple[float, float]:
    """Keep `in_flight` calls going for `seconds`; return (answers per second, p99 latency in ms)."""
    latencies: list[float] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    done = threading.Event()
    counter = iter(range(10**9))
    deadline = time.perf_counter() + seconds
    running = [in_flight]

    def start() -> None:
        began = time.perf_counter()
        future = call(next(counter))

        def finished(f: grpc.Future) -> None:
            now = time.perf_counter()
            error = f.exception()
            with lock:
                if error is not None:
                    failures.append(error)
                else:
                    latencies.append(now - began)
                if now < deadline and not failures:
                    pass
                else:
                    running[0] -= 1
                    if running[0] == 0:
                        done.set()
                    return
            start()

        future.add_done_callback(finished)

    began = time.perf_counter()
    for _ in range(in_flight):
        start()
    done.wait(seconds + 60)
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"a request failed: {failures[0]}")
    ordered = sorted(latencies)
    return len(latencies) / elapsed, 1000 * ordered[int(0.99 * (len(ordered) - 1))]


class BareApplication(Application[Any]):
    """eventsourcing's Application as it comes, with the one transcoding the events need (dates)."""

    def register_transcodings(self, transcoder: Any) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


def bare_save_rate(kind: str, count: int) -> float:
    """A bare eventsourcing Application saving `count` submitted commitment applications, one by one."""
    rules, calendar = PermitRules(), NoHolidays()
    with contextlib.ExitStack() as stack:
        if kind == "sqlite":
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-bare-"))
            env = {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": f"sqlite:///{folder}/bare.db"}
        else:
            schema = f"bench_bare_{uuid.uuid4().hex[:8]}"
            url = bench_database_url()
            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            stack.callback(_drop_schema, engine, schema)
            env = {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url, "SQLALCHEMY_SCHEMA": schema}
        app = BareApplication(env=env)
        stack.callback(app.close)
        tag = uuid.uuid4().hex[:6]
        now = dt.datetime.now(dt.UTC)
        commands = [grpc_mapping.submit_command(request_for(n, f"bare-{tag}")) for n in range(count)]
        valid = [(command.request_id, validate_submission(command, now)) for command in commands]
        aggregates = [
            PermitApplication.submit(
                request_id=request_id,
                fingerprint="",
                route=v.route,
                unit=v.unit,
                applicant=v.applicant,
                materials=v.materials,
                delivery=v.delivery,
                submitted_at=v.submitted_at,
                rules=rules,
                calendar=calendar,
                unit_tier="normal",
            )
            for request_id, v in valid
        ]
        began = time.perf_counter()  # the aggregates are made beforehand: this is the save alone
        for aggregate in aggregates:
            app.save(aggregate)
        return count / (time.perf_counter() - began)


def _drop_schema(engine: Any, schema: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def project_submit_rate(env: dict[str, str], count: int) -> float:
    """The permits application's own command, in process, one at a time, on the store in `env`."""
    app = build_permits(load_settings("permits", env))
    tag = uuid.uuid4().hex[:6]
    commands = [grpc_mapping.submit_command(request_for(n, f"own-{tag}")) for n in range(count)]
    now = dt.datetime.now(dt.UTC)
    began = time.perf_counter()
    for command in commands:
        app.submit_application(command, now)
    rate = count / (time.perf_counter() - began)
    app.close()
    return rate


# -- the measurements --------------------------------------------------------------------------


def measure(kind: str, args: argparse.Namespace) -> None:
    log = Path(tempfile.gettempdir()) / f"bench-grpc-{kind}.log"
    with store_env(kind) as env:
        ids, permit_numbers, usccs = fill(env, args.units)
        permits_port, credit_port, bare_port = free_port(), free_port(), free_port()
        own = {**env, "GRPC_PORT": str(permits_port), "CREDIT_GRPC_PORT": str(credit_port)}
        python = sys.executable
        with (
            server([python, "-m", "services.permits.entrypoints.grpc_server"], own, permits_port, log) as permits_ch,
            server([python, "-m", "services.credit.entrypoints.grpc_server"], own, credit_port, log) as credit_ch,
        ):
            permits = permits_pb2_grpc.PermitServiceStub(permits_ch)
            credit = credit_pb2_grpc.CreditServiceStub(credit_ch)
            answers = {
                "application": permits.GetApplication(
                    permits_pb2.GetApplicationRequest(application_id=ids[0])
                ).SerializeToString(),
                "verification": permits.VerifyPermit(
                    permits_pb2.VerifyPermitRequest(permit_no=permit_numbers[0])
                ).SerializeToString(),
                "standing": credit.GetStanding(credit_pb2.GetStandingRequest(uscc=usccs[0])).SerializeToString(),
                "submitted": permits.SubmitApplication(request_for(10**6, uuid.uuid4().hex[:6])).SerializeToString(),
            }
            answers_file = Path(env["VAR_DIR"]) / "answers.txt"
            answers_file.write_text(
                "".join(f"{name} {base64.b64encode(data).decode()}\n" for name, data in answers.items())
            )
            bare_command = [
                python,
                "-m",
                "benchmarks.grpc_requests",
                "--bare-server",
                str(bare_port),
                str(answers_file),
            ]
            with server(bare_command, {}, bare_port, log) as bare_ch:
                bare_permits = permits_pb2_grpc.PermitServiceStub(bare_ch)
                bare_credit = credit_pb2_grpc.CreditServiceStub(bare_ch)
                reads: list[tuple[str, Callable[[Any], Callable[[int], grpc.Future]], Any, Any]] = [
                    (
                        "GetApplication",
                        lambda stub: (
                            lambda n: stub.GetApplication.future(
                                permits_pb2.GetApplicationRequest(application_id=ids[n % len(ids)])
                            )
                        ),
                        permits,
                        bare_permits,
                    ),
                    (
                        "VerifyPermit",
                        lambda stub: (
                            lambda n: stub.VerifyPermit.future(
                                permits_pb2.VerifyPermitRequest(permit_no=permit_numbers[n % len(permit_numbers)])
                            )
                        ),
                        permits,
                        bare_permits,
                    ),
                    (
                        "GetStanding",
                        lambda stub: (
                            lambda n: stub.GetStanding.future(credit_pb2.GetStandingRequest(uscc=usccs[n % len(usccs)]))
                        ),
                        credit,
                        bare_credit,
                    ),
                ]
                for name, calls, ours, theirs in reads:
                    figures = [
                        (offered(calls(theirs), args.seconds), offered(calls(ours), args.seconds))
                        for _ in range(args.repeat)
                    ]
                    project_qps = statistics.median(f[1][0] for f in figures)
                    bare_qps = statistics.median(f[0][0] for f in figures)
                    project_p99 = statistics.median(f[1][1] for f in figures)
                    bare_p99 = statistics.median(f[0][1] for f in figures)
                    print_figure(Figure(f"{name} {kind}: answers/s, {IN_FLIGHT} in flight", project_qps, bare_qps))
                    print_figure(Figure(f"{name} {kind}: p99 ms", project_p99, bare_p99))
            submits = []
            for r in range(args.repeat):
                tag = f"{r}-{uuid.uuid4().hex[:6]}"
                bare = bare_save_rate(kind, args.submissions)
                grpc_rate, _ = offered(
                    lambda n, tag=tag: permits.SubmitApplication.future(request_for(2 * 10**6 + n, tag)), args.seconds
                )
                in_process = project_submit_rate(env, args.submissions)
                submits.append((bare, grpc_rate, in_process))
            bare_rate = statistics.median(s[0] for s in submits)
            print_figure(
                Figure(f"SubmitApplication {kind}: in process /s", statistics.median(s[2] for s in submits), bare_rate)
            )
            print_figure(
                Figure(
                    f"SubmitApplication {kind}: gRPC, {IN_FLIGHT} in flight /s",
                    statistics.median(s[1] for s in submits),
                    bare_rate,
                )
            )


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--bare-server":
        serve_bare(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--units", type=int, default=UNITS, help="granted applications in the store")
    parser.add_argument("--seconds", type=float, default=5.0, help="each read window")
    parser.add_argument("--submissions", type=int, default=500, help="saves per in-process window")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_header("partner requests over gRPC (baseline: a bare grpcio server; a bare eventsourcing save)")
    for kind in args.stores.split(","):
        measure(kind, args)


if __name__ == "__main__":
    main()
