"""The whole system, started the way `make run` starts it, on embedded SQLite stores."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from nameko.standalone.rpc import ClusterRpcClient

from firesafety.permits.v1 import permits_pb2_grpc
from tests.processes import free_port, process_env, reset_event_queues, running, wait_for

PILOT_COMPLEX = "五角场万达广场"


@dataclass
class System:
    permits: permits_pb2_grpc.PermitServiceStub
    channel: grpc.Channel
    rpc: Any
    var_dir: Path
    log: Path
    metrics_port_offset: int
    env: dict[str, str]  # the environment the processes run with


def serving(channel: grpc.Channel) -> bool:
    try:
        response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=1)
    except grpc.RpcError:
        return False
    return response.status == health_pb2.HealthCheckResponse.SERVING


def answering(rpc: Any) -> bool:
    try:
        for service in ("permits", "supervision", "credit", "notify"):
            getattr(rpc, service).status()
    except Exception:
        return False
    return True


@contextmanager
def launched(amqp_uri: str, var_dir: Path, **overrides: str) -> Iterator[System]:
    """Every process `make run` starts, on stores under `var_dir`; `overrides` set the environment."""
    reset_event_queues(amqp_uri)
    clock = var_dir / "now"
    if not clock.exists():
        clock.write_text("2026-01-01T12:00:00+08:00")
    port = free_port()
    offset = free_port() % 20000 + 20000  # the metrics ports, away from another run's
    settings = {
        "AMQP_URI": amqp_uri,
        "VAR_DIR": str(var_dir),
        "GRPC_PORT": str(port),
        "CREDIT_GRPC_PORT": str(free_port()),
        "METRICS_PORT_OFFSET": str(offset),
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
        "PILOT_COMPLEXES": PILOT_COMPLEX,
        "SCHEDULER_CLOCK_FILE": str(clock),
        "SCHEDULER_FIRST_DAY": "2025-12-31",
        # Several tests publish upstream events themselves, as the upstreams' relays would, so every
        # process shares the broker's user; E2E_BROKER_USERS=own runs the others with each service's
        # own broker user, as `make run` does (tests/integration/test_bus_provenance.py tests the checks).
        "BROKER_USERS": os.environ.get("E2E_BROKER_USERS", "shared"),
    }
    env = process_env(**{**settings, **overrides})
    log = var_dir / "system.log"
    with running([sys.executable, "-m", "kit.launcher"], env, log):
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        with ClusterRpcClient(timeout=10, uri=amqp_uri) as rpc:
            try:
                wait_for(lambda: serving(channel), timeout=180, what="the gRPC health check")
                wait_for(lambda: answering(rpc), timeout=180, what="the four nameko workers")
                yield System(permits_pb2_grpc.PermitServiceStub(channel), channel, rpc, var_dir, log, offset, env)
            except BaseException:
                sys.stderr.write(log.read_text(errors="replace")[-5000:])
                raise
        channel.close()


@pytest.fixture(scope="module")
def system(amqp_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    # The scheduler runs as `make run` starts it, on a clock held before every day these tests
    # use, so that only the tests close their days (tests/e2e/test_scheduler_closes_days.py
    # drives the clock).
    with launched(amqp_uri, tmp_path_factory.mktemp("var")) as started:
        yield started
