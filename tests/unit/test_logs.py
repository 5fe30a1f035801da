"""One log format: JSON lines with service, process and the partner's correlation id; one access line per call."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from firesafety.permits.v1 import permits_pb2, permits_pb2_grpc
from kit import grpc_edge, logs
from kit.settings import load_settings
from services.permits.bootstrap import build_worker_runtime
from services.permits.entrypoints.grpc_server import PermitService
from tests.processes import free_port
from tests.unit.test_permits_api import commitment

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_the_partners_request_id_comes_first_then_the_trace_id_of_its_traceparent() -> None:
    assert logs.correlation_from([("x-request-id", "portal-42"), ("traceparent", TRACEPARENT)]) == "portal-42"
    assert logs.correlation_from([("traceparent", TRACEPARENT)]) == "4bf92f3577b34da6a3ce929d0e0e4736"
    minted = logs.correlation_from([("x-request-id", "has spaces and ünicode"), ("traceparent", "nonsense")])
    assert len(minted) == 32 and minted != logs.correlation_from([])


def test_a_line_is_one_json_object_with_service_process_and_correlation() -> None:
    formatter = logs.JsonFormatter("credit-worker")

    def record() -> logging.LogRecord:
        made = logging.getLogger("kit.consumer").makeRecord(
            "kit.consumer", logging.INFO, __file__, 1, "batch of %d", (3,), None, extra={"upstream": "permits"}
        )
        return made

    with logs.correlated("portal-42", causation="event-7"):
        line = json.loads(formatter.format(record()))
    assert line["service"] == "credit" and line["process"] == "credit-worker"
    assert (line["message"], line["upstream"]) == ("batch of 3", "permits")
    assert (line["correlation_id"], line["causation_id"]) == ("portal-42", "event-7")
    assert "correlation_id" not in json.loads(formatter.format(record()))


def test_the_readable_form_keeps_the_fields() -> None:
    with logs.correlated("portal-42"):
        record = logging.getLogger("kit.relay").makeRecord(
            "kit.relay", logging.WARNING, __file__, 1, "reconnecting", (), None
        )
    line = logs.ReadableFormatter("permits-relay").format(record)
    assert "WARNING" in line and "permits-relay kit.relay: reconnecting" in line and "correlation_id=portal-42" in line


@pytest.fixture
def stub(tmp_path: Path) -> Iterator[permits_pb2_grpc.PermitServiceStub]:
    runtime = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    service = PermitService(runtime, poll_seconds=0.05)
    port = free_port()
    server, _ = grpc_edge.build_server(
        lambda s: permits_pb2_grpc.add_PermitServiceServicer_to_server(service, s),
        "firesafety.permits.v1.PermitService",
        f"127.0.0.1:{port}",
        max_workers=4,
    )
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield permits_pb2_grpc.PermitServiceStub(channel)
    service.stopping.set()
    channel.close()
    server.stop(grace=None)
    runtime.close()


def test_a_refused_call_returns_the_request_id_beside_its_error_details(
    stub: permits_pb2_grpc.PermitServiceStub,
) -> None:
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    with pytest.raises(grpc.RpcError) as raised:
        stub.GetApplication(
            permits_pb2.GetApplicationRequest(application_id="not-a-uuid"), metadata=[("x-request-id", "portal-43")]
        )
    error = raised.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]
    assert dict(error.trailing_metadata())["x-request-id"] == "portal-43"  # type: ignore[attr-defined]
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    bad = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(bad) and bad.field_violations[0].field == "application_id"


def test_each_call_logs_one_access_line_under_the_partners_request_id_and_no_personal_data(
    stub: permits_pb2_grpc.PermitServiceStub, caplog: pytest.LogCaptureFixture
) -> None:
    formatter = logs.JsonFormatter("permits-grpc")
    with caplog.at_level(logging.INFO, logger="firesafety.access"):
        _, call = stub.SubmitApplication.with_call(commitment("logs-1"), metadata=[("x-request-id", "portal-42")])
    assert dict(call.trailing_metadata())["x-request-id"] == "portal-42"
    [line] = [json.loads(formatter.format(r)) for r in caplog.records if r.name == "firesafety.access"]
    assert {k: line[k] for k in ("method", "agency", "code", "correlation_id")} == {
        "method": "SubmitApplication",
        "agency": "",
        "code": "OK",
        "correlation_id": "portal-42",
    }
    assert line["duration_ms"] >= 0
    assert "张三" not in json.dumps(line, ensure_ascii=False) and "13800000000" not in json.dumps(line)
