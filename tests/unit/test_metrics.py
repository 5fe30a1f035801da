"""What operators see: each process's metrics and the health that tells the truth."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import REGISTRY, generate_latest

from firesafety.permits.v1 import permits_pb2 as pb
from firesafety.permits.v1 import permits_pb2_grpc
from kit import grpc_edge, metrics
from kit.settings import load_settings
from services.permits.bootstrap import build_worker_runtime
from services.permits.entrypoints.grpc_server import PermitService
from tests.processes import free_port, wait_for
from tests.unit.test_permits_api import commitment


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def metrics_port() -> int:
    port = metrics.serve(free_port(), "127.0.0.1")
    assert port is not None
    return port


@pytest.fixture(autouse=True)
def own_health(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the parts a test registers count (other tests' processes register theirs)."""
    monkeypatch.setattr(metrics, "_checks", {})


def test_readiness_names_the_part_that_is_not_ready_and_liveness_stays_up(metrics_port: int) -> None:
    broken = {"now": "not connected to the broker"}
    metrics.register_health("permits events", lambda: broken["now"])
    try:
        assert get(metrics_port, "/readyz") == (503, "permits events: not connected to the broker\n")
        assert get(metrics_port, "/livez") == (200, "ok\n")
        broken["now"] = ""
        assert get(metrics_port, "/readyz") == (200, "ok\n")
    finally:
        metrics.unregister_health("permits events")


def test_a_consumer_that_stopped_fails_liveness(metrics_port: int) -> None:
    metrics.register_health("credit events", lambda: "", lambda: "the consumer stopped")
    try:
        assert get(metrics_port, "/livez") == (503, "credit events: the consumer stopped\n")
    finally:
        metrics.unregister_health("credit events")


@pytest.fixture
def permits_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[permits_pb2_grpc.PermitServiceStub, grpc.Channel, dict[str, str]]]:
    monkeypatch.setattr(grpc_edge, "STORE_CHECK_SECONDS", 0.1)
    runtime = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    service = PermitService(runtime, poll_seconds=0.05)
    port = free_port()
    store = {"problem": ""}
    server, _ = grpc_edge.build_server(
        lambda s: permits_pb2_grpc.add_PermitServiceServicer_to_server(service, s),
        "firesafety.permits.v1.PermitService",
        f"127.0.0.1:{port}",
        max_workers=8,
        store_problem=lambda: store["problem"],
    )
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield permits_pb2_grpc.PermitServiceStub(channel), channel, store
    service.stopping.set()
    channel.close()
    server.stop(grace=None)
    runtime.close()
    metrics.unregister_health("store")


def requests(method: str, code: str) -> float:
    labels = {"service": "firesafety.permits.v1.PermitService", "method": method, "code": code}
    return REGISTRY.get_sample_value("firesafety_grpc_requests_total", labels) or 0.0


def test_every_grpc_call_is_counted_by_method_and_status_and_timed(
    permits_api: tuple[permits_pb2_grpc.PermitServiceStub, grpc.Channel, dict[str, str]], metrics_port: int
) -> None:
    stub, _, _ = permits_api
    ok, invalid = requests("SubmitApplication", "OK"), requests("SubmitApplication", "INVALID_ARGUMENT")
    stub.SubmitApplication(commitment("metrics-1"))
    with pytest.raises(grpc.RpcError):
        stub.SubmitApplication(pb.SubmitApplicationRequest(request_id="metrics-2"))
    assert requests("SubmitApplication", "OK") == ok + 1
    assert requests("SubmitApplication", "INVALID_ARGUMENT") == invalid + 1
    _, page = get(metrics_port, "/metrics")
    assert 'firesafety_grpc_request_duration_seconds_count{method="SubmitApplication"' in page


def test_grpc_health_is_not_serving_while_the_store_cannot_be_reached(
    permits_api: tuple[permits_pb2_grpc.PermitServiceStub, grpc.Channel, dict[str, str]],
) -> None:
    _, channel, store = permits_api
    health = health_pb2_grpc.HealthStub(channel)

    def status() -> int:
        return int(health.Check(health_pb2.HealthCheckRequest(service="")).status)

    store["problem"] = "the store does not answer: OperationalError"
    wait_for(lambda: status() == health_pb2.HealthCheckResponse.NOT_SERVING, timeout=30, what="NOT_SERVING")
    store["problem"] = ""
    wait_for(lambda: status() == health_pb2.HealthCheckResponse.SERVING, timeout=30, what="SERVING again")


def test_a_gauge_read_at_scrape_shows_the_store_as_it_is_and_nothing_when_it_cannot_be_read() -> None:
    store = {("sms", "pending"): 3.0, ("email", "failed"): 1.0}
    broken = {"now": False}

    def read() -> dict[tuple[str, ...], float]:
        if broken["now"]:
            raise ConnectionError("the store is down")
        return dict(store)

    metrics.read_at_scrape("firesafety_test_notices", "Notices for the test", ["channel", "status"], read)
    try:
        scraped = generate_latest(REGISTRY).decode()
        assert 'firesafety_test_notices{channel="sms",status="pending"} 3.0' in scraped
        store[("sms", "pending")] = 0.0
        assert 'firesafety_test_notices{channel="sms",status="pending"} 0.0' in generate_latest(REGISTRY).decode()
        broken["now"] = True
        assert "firesafety_test_notices{" not in generate_latest(REGISTRY).decode()
        # registering again (a process building its parts anew) replaces the family
        metrics.read_at_scrape("firesafety_test_notices", "Notices for the test", ["channel", "status"], dict)
    finally:
        REGISTRY.unregister(metrics._scraped.pop("firesafety_test_notices"))
