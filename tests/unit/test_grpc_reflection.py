"""Server reflection on the edge, in the v1 contract current clients ask for and in v1alpha."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import descriptor_pb2
from grpc_reflection.v1alpha import reflection_pb2 as alpha
from grpc_reflection.v1alpha import reflection_pb2_grpc as alpha_grpc

from firesafety.edge.v1 import server_reflection_pb2 as v1
from firesafety.edge.v1 import server_reflection_pb2_grpc as v1_grpc
from kit.settings import load_settings
from services.permits.bootstrap import build_worker_runtime
from services.permits.entrypoints.grpc_server import PermitService, create_server
from tests.processes import free_port

OFFERED = {
    "firesafety.permits.v1.PermitService",
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
}


@pytest.fixture
def channel(tmp_path: Path) -> Iterator[grpc.Channel]:
    runtime = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    service = PermitService(runtime, poll_seconds=0.05)
    port = free_port()
    server = create_server(service, f"127.0.0.1:{port}", max_workers=4)
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield channel
    service.stopping.set()
    channel.close()
    server.stop(grace=None)
    runtime.close()


def test_a_v1_reflection_client_lists_the_services_offered(channel: grpc.Channel) -> None:
    stub = v1_grpc.ServerReflectionStub(channel)
    [answer] = stub.ServerReflectionInfo(iter([v1.ServerReflectionRequest(list_services="")]))
    assert {service.name for service in answer.list_services_response.service} == OFFERED


def test_a_v1alpha_reflection_client_lists_the_same_services(channel: grpc.Channel) -> None:
    stub = alpha_grpc.ServerReflectionStub(channel)
    [answer] = stub.ServerReflectionInfo(iter([alpha.ServerReflectionRequest(list_services="")]))
    assert {service.name for service in answer.list_services_response.service} == OFFERED


def test_a_v1_reflection_client_gets_the_file_that_declares_the_permit_service(channel: grpc.Channel) -> None:
    stub = v1_grpc.ServerReflectionStub(channel)
    request = v1.ServerReflectionRequest(file_containing_symbol="firesafety.permits.v1.PermitService")
    [answer] = stub.ServerReflectionInfo(iter([request]))
    files = [
        descriptor_pb2.FileDescriptorProto.FromString(raw)
        for raw in answer.file_descriptor_response.file_descriptor_proto
    ]
    assert any(file.package == "firesafety.permits.v1" and file.service[0].name == "PermitService" for file in files)
    assert answer.original_request == request


def test_a_v1_reflection_client_asking_for_an_unknown_symbol_is_told_it_is_not_found(channel: grpc.Channel) -> None:
    stub = v1_grpc.ServerReflectionStub(channel)
    [answer] = stub.ServerReflectionInfo(iter([v1.ServerReflectionRequest(file_containing_symbol="no.such.Service")]))
    assert answer.error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]


def test_the_v1_reflection_messages_are_those_of_v1alpha_field_for_field() -> None:
    def shape(file: object) -> dict[str, list[tuple[str, int, int]]]:
        return {
            name: [(f.name, f.number, f.type) for f in message.fields]
            for name, message in file.message_types_by_name.items()  # type: ignore[attr-defined]
        }

    assert shape(v1.DESCRIPTOR) == shape(alpha.DESCRIPTOR)
