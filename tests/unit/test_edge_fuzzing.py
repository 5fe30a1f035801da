"""Generated and mutated requests against every method of both partner APIs, over stores on disk.

Whatever a partner sends, it gets a status it can act on — never UNKNOWN or INTERNAL —, a refused
request stores nothing, and the server goes on serving.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import grpc
import pytest
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor, ServiceDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firesafety.credit.v1 import credit_pb2
from firesafety.permits.v1 import permits_pb2 as pb
from kit.grpc_guard import MAX_ITEMS, MAX_TEXT
from kit.settings import load_settings
from services.credit.bootstrap import build_worker_runtime as build_credit_runtime
from services.credit.entrypoints.grpc_server import create_server as create_credit_server
from services.permits.bootstrap import build_worker_runtime as build_permits_runtime
from services.permits.entrypoints.grpc_server import PermitService
from services.permits.entrypoints.grpc_server import create_server as create_permits_server
from tests.processes import free_port
from tests.unit.credit_factories import PermitsLog, SupervisionLog
from tests.unit.test_permits_api import USCC, commitment

EXAMPLES = 2_500
MUTATIONS = 3
"""Each example sends a generated request and three mutated encodings of it: 10,000 requests."""

NEVER = {grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL}
STREAM_WAIT = 0.05
"""How long a watch is followed before the client hangs up (a refused one answers at once)."""

INT64 = (0, 1, -1, 2**31 - 1, -(2**31), 2**53, 2**62, 2**63 - 2, 2**63 - 1, -(2**63))
TIMESTAMP_SECONDS = (-62135596801, -62135596800, 0, 1_790_000_000, 253402300799, 253402300800, 2**40)


@dataclass
class Edge:
    """Both servers, the stores behind them, and what was sent."""

    channel_of: dict[str, grpc.Channel]
    stored: dict[str, Any]
    samples: list[str]
    sent: dict[str, int] = field(default_factory=dict)
    answered: dict[str, int] = field(default_factory=dict)


SERVICES: dict[str, ServiceDescriptor] = {
    "permits": pb.DESCRIPTOR.services_by_name["PermitService"],
    "credit": credit_pb2.DESCRIPTOR.services_by_name["CreditService"],
}
METHODS = [(name, method) for name, service in SERVICES.items() for method in service.methods]


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    folder = tmp_path_factory.mktemp("edge")
    permits = build_permits_runtime(load_settings("permits", {"VAR_DIR": str(folder / "permits")}))
    service = PermitService(permits, poll_seconds=0.02)
    permits_port = free_port()
    permits_server = create_permits_server(service, f"127.0.0.1:{permits_port}", max_workers=16)

    credit = build_credit_runtime(load_settings("credit", {"VAR_DIR": str(folder / "credit")}))
    permits_log, supervision = PermitsLog(), SupervisionLog()
    credit.app.receive(permits_log.granted(USCC, "2026-09-01"))
    credit.app.receive(supervision.hazard(USCC, "2026-10-12", hazard_id="H1"))
    credit.refresh_read_models()
    stopping = threading.Event()
    credit_server, credit_port = create_credit_server(
        credit.app, credit.engine, "127.0.0.1:0", stopping, max_workers=16
    )
    permits_server.start()
    credit_server.start()
    channels = {
        "permits": grpc.insecure_channel(f"127.0.0.1:{permits_port}"),
        "credit": grpc.insecure_channel(f"127.0.0.1:{credit_port}"),
    }
    submitted = pb.SubmitApplicationResponse.FromString(
        channels["permits"].unary_unary("/firesafety.permits.v1.PermitService/SubmitApplication")(
            commitment("fuzz-seed").SerializeToString(), timeout=10
        )
    ).application
    samples = [
        USCC,
        submitted.application_id,
        submitted.permit_no,
        "fuzz-seed",
        "2026-10-12",
        "9999-12-31",
        "0001-01-01",
        "徐汇区",
    ]
    yield Edge(channels, {"permits": service.app, "credit": credit.app}, samples)
    service.stopping.set()
    stopping.set()
    for channel in channels.values():
        channel.close()
    permits_server.stop(grace=None)
    credit_server.stop(grace=None)
    permits.close()
    credit.close()


@st.composite
def messages(draw: st.DrawFn, descriptor: Descriptor, samples: list[str], depth: int = 0) -> Message:
    message = GetMessageClass(descriptor)()
    for item in descriptor.fields:
        if not draw(st.booleans()):
            continue
        if item.is_repeated:
            count = draw(st.one_of(st.integers(0, 3), st.just(MAX_ITEMS + 1))) if depth < 2 else 0
            values = [draw(scalar_or_message(item, samples, depth)) for _ in range(count)]
            target = getattr(message, item.name)
            if item.type == FieldDescriptor.TYPE_MESSAGE:
                for value in values:
                    target.add().CopyFrom(value)
            else:
                target.extend(values)
        elif item.type == FieldDescriptor.TYPE_MESSAGE:
            if depth < 3:
                getattr(message, item.name).CopyFrom(draw(scalar_or_message(item, samples, depth)))
        else:
            setattr(message, item.name, draw(scalar_or_message(item, samples, depth)))
    return message


def scalar_or_message(item: FieldDescriptor, samples: list[str], depth: int) -> st.SearchStrategy[Any]:
    kind = item.type
    if kind == FieldDescriptor.TYPE_MESSAGE:
        if item.message_type.full_name == "google.protobuf.Timestamp":
            return st.builds(
                lambda seconds, nanos: GetMessageClass(item.message_type)(seconds=seconds, nanos=nanos),
                st.one_of(st.sampled_from(TIMESTAMP_SECONDS), st.integers(-(2**40), 2**40)),
                st.one_of(st.just(0), st.integers(-1, 10**9)),
            )
        return messages(item.message_type, samples, depth + 1)
    if kind == FieldDescriptor.TYPE_STRING:
        return st.one_of(
            st.sampled_from(samples), st.text(max_size=30), st.just("x" * (MAX_TEXT + 1)), st.just(" " * 3)
        )
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind == FieldDescriptor.TYPE_ENUM:
        numbers = [value.number for value in item.enum_type.values]
        return st.one_of(st.sampled_from(numbers), st.integers(-(2**31), 2**31 - 1))
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return st.floats(width=32 if kind == FieldDescriptor.TYPE_FLOAT else 64)
    if kind in (FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SFIXED32):
        return st.one_of(st.sampled_from([0, 1, -1, 500, 501, 2**31 - 1, -(2**31)]), st.integers(-(2**31), 2**31 - 1))
    if kind in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SFIXED64):
        return st.one_of(st.sampled_from(INT64), st.integers(-(2**63), 2**63 - 1))
    if kind in (FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32):
        return st.integers(0, 2**32 - 1)
    if kind in (FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64):
        return st.integers(0, 2**64 - 1)
    return st.binary(max_size=30)


@st.composite
def mutated(draw: st.DrawFn, encoded: bytes) -> bytes:
    """The encoding with a byte flipped, cut short, bytes inserted, or random bytes instead."""
    how = draw(st.sampled_from(["flip", "cut", "insert", "random"]))
    if how == "random" or not encoded:
        return draw(st.binary(max_size=64))
    at = draw(st.integers(0, len(encoded) - 1))
    if how == "flip":
        return encoded[:at] + bytes([encoded[at] ^ draw(st.integers(1, 255))]) + encoded[at + 1 :]
    if how == "cut":
        return encoded[:at]
    return encoded[:at] + draw(st.binary(min_size=1, max_size=8)) + encoded[at:]


@st.composite
def calls(draw: st.DrawFn, samples: list[str]) -> tuple[str, MethodDescriptor, list[bytes]]:
    service, method = draw(st.sampled_from(METHODS))
    encoded = draw(messages(method.input_type, samples)).SerializeToString()
    return service, method, [encoded, *(draw(mutated(encoded)) for _ in range(MUTATIONS))]


def send(edge: Edge, service: str, method: MethodDescriptor, body: bytes) -> grpc.StatusCode:
    channel = edge.channel_of[service]
    path = f"/{method.containing_service.full_name}/{method.name}"
    log = edge.stored[service].recorder
    before = log.max_notification_id()
    edge.sent[method.name] = edge.sent.get(method.name, 0) + 1
    try:
        if method.server_streaming:
            for _ in channel.unary_stream(path)(body, timeout=STREAM_WAIT):
                pass
        else:
            channel.unary_unary(path)(body, timeout=30)
        code = grpc.StatusCode.OK
    except grpc.RpcError as error:
        code = error.code()  # type: ignore[attr-defined]
    assert code not in NEVER, f"{method.name} answered {code} to {body!r}"
    if code not in (grpc.StatusCode.OK, grpc.StatusCode.DEADLINE_EXCEEDED):
        assert log.max_notification_id() == before, f"{method.name} refused with {code} yet stored an event"
    edge.answered[code.name] = edge.answered.get(code.name, 0) + 1
    return code


def test_no_request_a_partner_can_send_reaches_unknown_or_internal_nor_stores_when_refused(edge: Edge) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(calls(edge.samples))
    def every_call(call: tuple[str, MethodDescriptor, list[bytes]]) -> None:
        service, method, bodies = call
        for body in bodies:
            send(edge, service, method, body)

    every_call()

    assert sum(edge.sent.values()) >= 10_000
    assert set(edge.sent) == {method.name for _, method in METHODS}
    assert edge.answered.get("INVALID_ARGUMENT", 0) > 0 and edge.answered.get("OK", 0) > 0
    for service in ("permits", "credit"):
        health = health_pb2_grpc.HealthStub(edge.channel_of[service]).Check(health_pb2.HealthCheckRequest(), timeout=10)
        assert health.status == health_pb2.HealthCheckResponse.SERVING
    again = pb.SubmitApplicationResponse.FromString(
        edge.channel_of["permits"].unary_unary("/firesafety.permits.v1.PermitService/SubmitApplication")(
            commitment(f"after-fuzz-{dt.date.today()}").SerializeToString(), timeout=10
        )
    )
    assert again.application.permit_no


def test_undecodable_bytes_are_an_invalid_argument_naming_the_request(edge: Edge) -> None:
    method = SERVICES["permits"].methods_by_name["SubmitApplication"]
    with pytest.raises(grpc.RpcError) as raised:
        edge.channel_of["permits"].unary_unary(f"/{SERVICES['permits'].full_name}/{method.name}")(
            b"\xff\xff\xff", timeout=10
        )
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]
    assert "request" in (raised.value.details() or "")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("service", "method", "request_message", "field_name"),
    [
        ("permits", "WatchDecisions", pb.WatchDecisionsRequest(after_position=2**63 - 1), "after_position"),
        (
            "credit",
            "WatchStandingChanges",
            credit_pb2.WatchStandingChangesRequest(after_position=2**63 - 2),
            "after_position",
        ),
        ("credit", "GetStanding", credit_pb2.GetStandingRequest(uscc=USCC, as_of="9999-12-31"), "as_of"),
        (
            "permits",
            "BookGuidanceAppointment",
            pb.BookGuidanceAppointmentRequest(requested_date="9999-12-30"),
            "requested_date",
        ),
        ("permits", "GetApplication", pb.GetApplicationRequest(application_id="x" * (MAX_TEXT + 1)), "application_id"),
    ],
)
def test_values_out_of_range_are_refused_naming_the_field(
    edge: Edge, service: str, method: str, request_message: Message, field_name: str
) -> None:
    descriptor = SERVICES[service].methods_by_name[method]
    path = f"/{SERVICES[service].full_name}/{method}"
    with pytest.raises(grpc.RpcError) as raised:
        if descriptor.server_streaming:
            list(edge.channel_of[service].unary_stream(path)(request_message.SerializeToString(), timeout=10))
        else:
            edge.channel_of[service].unary_unary(path)(request_message.SerializeToString(), timeout=10)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]
    assert field_name in (raised.value.details() or "")  # type: ignore[attr-defined]


def test_a_booking_in_the_last_year_of_the_timestamp_range_is_refused_naming_the_field(edge: Edge) -> None:
    request = pb.BookGuidanceAppointmentRequest(request_id="far-future", kind=pb.APPOINTMENT_KIND_GUIDANCE)
    request.booked_at.FromDatetime(dt.datetime(9999, 12, 1, tzinfo=dt.UTC))
    with pytest.raises(grpc.RpcError) as raised:
        pb_call = edge.channel_of["permits"].unary_unary(f"/{SERVICES['permits'].full_name}/BookGuidanceAppointment")
        pb_call(request.SerializeToString(), timeout=10)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]
    assert "booked_at" in (raised.value.details() or "")  # type: ignore[attr-defined]


def test_a_timestamp_beyond_the_protobuf_range_is_refused_naming_the_field(edge: Edge) -> None:
    request = commitment("out-of-range")
    request.submitted_at.seconds = 253402300800
    with pytest.raises(grpc.RpcError) as raised:
        edge.channel_of["permits"].unary_unary(f"/{SERVICES['permits'].full_name}/SubmitApplication")(
            request.SerializeToString(), timeout=10
        )
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]
    assert "submitted_at" in (raised.value.details() or "")  # type: ignore[attr-defined]
