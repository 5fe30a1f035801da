"""Permits' relay and credit's worker under load while their broker, then their database, restarts.

Each test runs a RabbitMQ node or a PostgreSQL cluster of its own (tests.faults) and stops it in the
middle of the flow: nothing is lost, nothing is counted twice, and no process exits. The recovery
times are printed (run with `-s` to see them).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from nameko.standalone.rpc import ClusterRpcClient
from sqlalchemy import create_engine, text

from kit.database import create_store_engine
from kit.positions import PositionStore
from kit.settings import load_settings
from services.permits.bootstrap import build_application
from tests.faults import PostgresCluster, RabbitNode, postgres_cluster, rabbit_node, seconds_until
from tests.processes import process_env, relay_argv, reset_event_queues, running, wait_for, worker_argv
from tests.unit.factories import commitment_application

pytestmark = pytest.mark.integration

RECEIVED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
UNIT = "91110000600037341L"  # the sports venue of tests.unit.factories
GRANTS = 120


@dataclass
class Flow:
    """Commitment applications filed one after another into permits' store, while it lasts."""

    database_url: str
    schema: str
    filed: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    failures: list[str] = field(default_factory=list)

    def run(self) -> None:
        env = {"DATABASE_URL": self.database_url, "PERMITS_DATABASE_SCHEMA": self.schema}
        app = build_application(load_settings("permits", env))
        prefix = uuid.uuid4().hex[:8]
        try:
            while self.filed < GRANTS and not self.stop.is_set():
                try:
                    app.submit_application(commitment_application(f"{prefix}-{self.filed}"), RECEIVED)
                except Exception as error:  # the store restarting: file it again once it is back
                    self.failures.append(repr(error))
                    self.stop.wait(0.2)
                    continue
                self.filed += 1
                self.stop.wait(0.02)
        finally:
            app.close()


@dataclass
class CreditView:
    engine: Any
    schema: str

    def permits_held(self) -> int:
        try:
            with self.engine.connect() as conn:
                query = text(f'SELECT permits_held FROM "{self.schema}".credit_units_view WHERE uscc = :uscc')
                return int(conn.execute(query, {"uscc": UNIT}).scalar() or 0)
        except Exception:
            return 0

    def permit_events_recorded(self) -> int:
        """Credit's own events caused by a permit, one per grant when nothing is doubled."""
        with self.engine.connect() as conn:
            query = text(f"SELECT count(*) FROM \"{self.schema}\".credit_events WHERE topic LIKE '%PermitRecorded%'")
            return int(conn.execute(query).scalar() or 0)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[RabbitNode]:
    with rabbit_node(tmp_path / "rabbitmq") as node:
        yield node


@pytest.fixture
def database(tmp_path: Path) -> Iterator[PostgresCluster]:
    with postgres_cluster(Path("/tmp") / f"pg-fault-{uuid.uuid4().hex[:8]}") as cluster:
        yield cluster


def _answers(rpc: Any) -> bool:
    try:
        rpc.credit.status()
    except Exception:
        return False
    return True


def _ride_out(
    amqp_uri: str, database_url: str, schema: str, tmp_path: Path, restart: Any, what: str
) -> dict[str, float]:
    """Run permits' relay and credit's worker under load, call `restart` midway, and check the outcome."""
    env = process_env(
        AMQP_URI=amqp_uri, DATABASE_URL=database_url, PERMITS_DATABASE_SCHEMA=schema, CREDIT_DATABASE_SCHEMA=schema
    )
    reset_event_queues(amqp_uri)  # nothing an earlier test left reaches this one's credit
    engine = create_engine(database_url, pool_pre_ping=True)
    view = CreditView(engine, schema)
    flow = Flow(database_url, schema)
    filing = threading.Thread(target=flow.run)
    with (
        running(worker_argv("credit"), env, tmp_path / "credit-worker.log") as worker,
        running(relay_argv("permits"), env, tmp_path / "permits-relay.log") as relay,
        ClusterRpcClient(timeout=20, uri=amqp_uri) as rpc,
    ):
        wait_for(lambda: _answers(rpc), timeout=90, what="the credit worker")
        filing.start()
        try:
            wait_for(lambda: view.permits_held() >= 20, timeout=90, what="the first grants in credit")
            began = time.monotonic()
            down, up = restart()
            held_when_back = view.permits_held()
            wait_for(
                lambda: view.permits_held() > held_when_back, timeout=120, what=f"credit to move again after the {what}"
            )
            resumed = time.monotonic() - began - down - up
            wait_for(lambda: flow.filed == GRANTS, timeout=180, what="every application filed")
            caught_up = seconds_until(
                lambda: view.permits_held() >= GRANTS, timeout=180, what="every grant to reach credit"
            )
        finally:
            flow.stop.set()
            filing.join(30)
        assert worker.poll() is None, "the credit worker exited"
        assert relay.poll() is None, "the permits relay exited"
        assert wait_for(lambda: _answers(rpc), timeout=60, what="the worker to answer RPC again")
    assert view.permits_held() == GRANTS  # none lost, none counted twice
    assert view.permit_events_recorded() == GRANTS
    engine.dispose()
    measured = {"down_s": down, "up_s": up, "moving_again_after_up_s": resumed, "caught_up_after_s": caught_up}
    print(f"\n{what}: {measured}")
    return measured


def _timed(action: Any) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def test_a_broker_restart_under_load_loses_and_doubles_nothing_and_stops_no_process(
    broker: RabbitNode, postgres_url: str, postgres_schema: str, tmp_path: Path
) -> None:
    def restart() -> tuple[float, float]:
        down = _timed(broker.stop)
        return down, _timed(broker.start)

    _ride_out(broker.uri, postgres_url, postgres_schema, tmp_path, restart, "broker restart")


def test_a_database_restart_under_load_loses_and_doubles_nothing_and_stops_no_process(
    amqp_uri: str, database: PostgresCluster, tmp_path: Path
) -> None:
    def restart() -> tuple[float, float]:
        down = _timed(database.stop)
        time.sleep(3)  # the store stays away a while: every process notices
        return down, _timed(database.start)

    _ride_out(amqp_uri, database.url, "faults", tmp_path, restart, "database restart")


def test_processes_starting_at_once_on_a_fresh_store_all_find_its_tables(
    postgres_url: str, postgres_schema: str
) -> None:
    starting = 6
    barrier = threading.Barrier(starting)
    failures: list[BaseException] = []

    def start() -> None:
        engine = create_store_engine(postgres_url, postgres_schema)
        barrier.wait()
        try:
            PositionStore(engine).set("relay:permits", 1)
        except BaseException as error:
            failures.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(starting)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert PositionStore(create_store_engine(postgres_url, postgres_schema)).get("relay:permits") == 1
