"""`firesafety schema` creates every store's tables once, and processes told `SCHEMA_SETUP=skip` create
none and work on them: what the Kubernetes schema Job and the processes after it do (kit/schema.py).

On SQLite (files under VAR_DIR) and on PostgreSQL (a schema per service of one database), as the
processes run: the command twice, then the permits gRPC server as a process of its own, then every
other service's worker parts, all with creation disabled.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import create_engine, inspect, text

from firesafety.permits.v1 import permits_pb2 as pb
from firesafety.permits.v1 import permits_pb2_grpc
from kit.settings import SERVICES, load_settings
from tests.processes import ROOT, free_port, process_env, running, wait_for
from tests.unit.test_permits_api import commitment

pytestmark = pytest.mark.integration

CIPHER_KEY = "08t9S5PPoK0J0HlRei28lJi6xcEEgPp+TAHvgORXTn8="
STORES = (*SERVICES, "scheduler")
EXPECTED = {
    "permits": {"permits_events", "permits_tracking", "log_positions", "event_chain", "audit_calls", "permits_view"},
    "supervision": {"supervision_events", "supervision_tracking", "log_positions", "event_chain", "register_view"},
    "credit": {"credit_events", "credit_tracking", "log_positions", "event_chain", "audit_calls", "credit_units_view"},
    "notify": {"notify_events", "notify_tracking", "log_positions", "event_chain", "notices_view"},
    "scheduler": {"log_positions"},
}


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment that points every store at a fresh SQLite folder or fresh PostgreSQL schemas."""
    env = {"VAR_DIR": str(tmp_path / "var"), "CIPHER_KEY": CIPHER_KEY}
    if request.param == "sqlite":
        yield env
        return
    url = request.getfixturevalue("postgres_url")
    prefix = f"t_{uuid.uuid4().hex[:10]}"
    env["DATABASE_URL"] = url
    for store in STORES:
        env[f"{store.upper()}_DATABASE_SCHEMA"] = f"{prefix}_{store}"
    yield env
    engine = create_engine(url)
    with engine.begin() as conn:
        for store in STORES:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{prefix}_{store}" CASCADE'))
    engine.dispose()


def tables(env: dict[str, str]) -> dict[str, set[str]]:
    """Every store's tables, looked at without creating anything (not even an SQLite file)."""
    found: dict[str, set[str]] = {}
    for store in STORES:
        if "DATABASE_URL" in env:
            engine = create_engine(env["DATABASE_URL"])
            schema: str | None = env[f"{store.upper()}_DATABASE_SCHEMA"]
        else:
            path = Path(env["VAR_DIR"]) / f"{store}.sqlite"
            if not path.exists():
                found[store] = set()
                continue
            engine, schema = create_engine(f"sqlite:///{path}"), None
        with engine.connect() as conn:
            found[store] = set(inspect(conn).get_table_names(schema=schema))
        engine.dispose()
    return found


def schema_command(env: dict[str, str]) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "kit.cli", "schema"],
        cwd=ROOT,
        env=process_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    created: dict[str, list[str]] = json.loads(done.stdout)["created"]
    return created


def permits_server(env: dict[str, str], port: int, log: Path) -> AbstractContextManager[subprocess.Popen[bytes]]:
    argv = [sys.executable, "-m", "services.permits.entrypoints.grpc_server"]
    return running(argv, process_env(**env, SCHEMA_SETUP="skip", PERMITS_GRPC_PORT=str(port)), log)


def test_the_schema_command_sets_up_every_store_once_and_processes_without_creation_work_on_it(
    store_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before the command: a process told not to create tables stops, and has created none.
    port = free_port()
    with permits_server(store_env, port, tmp_path / "before.log") as server:
        wait_for(lambda: server.poll() is not None, timeout=120, what="the permits server to stop on a bare store")
    assert server.returncode != 0, (tmp_path / "before.log").read_text()
    assert all(not found for found in tables(store_env).values())

    # The command, twice: the first creates every table, the second nothing.
    created = schema_command(store_env)
    assert set(created) == set(STORES)
    for store, expected in EXPECTED.items():
        assert expected <= set(created[store]), f"{store}: {created[store]}"
    after_setup = tables(store_env)
    assert {store: set(names) for store, names in created.items()} == after_setup
    assert schema_command(store_env) == {store: [] for store in STORES}

    # The permits gRPC server without creation: serving, taking and answering an application.
    with permits_server(store_env, port, tmp_path / "server.log"):
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        health = health_pb2_grpc.HealthStub(channel)

        def serving() -> bool | None:
            try:
                answer = health.Check(health_pb2.HealthCheckRequest(), timeout=2)
            except grpc.RpcError:
                return None
            return answer.status == health_pb2.HealthCheckResponse.SERVING or None

        wait_for(serving, timeout=120, what="the permits server to serve")
        stub = permits_pb2_grpc.PermitServiceStub(channel)
        submitted = stub.SubmitApplication(commitment("schema-setup-1"), timeout=30).application
        answered = stub.GetApplication(pb.GetApplicationRequest(application_id=submitted.application_id), timeout=30)
        assert answered.request_id == "schema-setup-1"
        channel.close()

    # Every other service's worker parts, the credit server's read models and the scheduler's ledger.
    monkeypatch.setenv("SCHEMA_SETUP", "skip")
    from kit.scheduler import build_ledger, load_scheduler_settings
    from services.credit.entrypoints.grpc_server import read_model_engine

    for service in ("supervision", "credit", "notify"):
        bootstrap = __import__(f"services.{service}.bootstrap", fromlist=["build_worker_runtime"])
        runtime = bootstrap.build_worker_runtime(load_settings(service, store_env))
        runtime.refresh_read_models()
        if service == "credit":
            read_model_engine(runtime.engine)
        runtime.close()
    ledger, _, engine = build_ledger(load_scheduler_settings(store_env))
    assert ledger.last_closed("permits") is None
    engine.dispose()

    assert tables(store_env) == after_setup, "a process created a table with SCHEMA_SETUP=skip"
