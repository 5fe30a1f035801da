"""Partner agencies authenticate with client certificates and call only the methods granted to them."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from firesafety.permits.v1 import permits_pb2 as pb
from firesafety.permits.v1 import permits_pb2_grpc
from kit.grpc_auth import TlsFiles, tls_from_env
from kit.settings import load_settings
from services.permits.bootstrap import build_worker_runtime
from services.permits.entrypoints.grpc_server import PermitService, create_server
from tests.processes import free_port


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


EC_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")


def issue(cwd: Path, name: str, san: str = "") -> None:
    openssl("req", *EC_KEY, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}", cwd=cwd)
    extra = ["-extfile", "san.cnf"] if san else []
    if san:
        (cwd / "san.cnf").write_text(f"subjectAltName={san}\n")
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", f"{name}.crt", "-days", "2", *extra, cwd=cwd)  # fmt: skip


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pki")
    openssl("req", "-x509", *EC_KEY, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
            "-subj", "/CN=firesafety-test-ca", cwd=folder)  # fmt: skip
    issue(folder, "localhost", san="DNS:localhost")
    issue(folder, "market-regulation")
    issue(folder, "online-portal")
    return folder


@pytest.fixture
def secured(certificates: Path, tmp_path: Path) -> Iterator[int]:
    runtime = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    service = PermitService(runtime)
    port = free_port()
    tls = TlsFiles(certificates / "localhost.crt", certificates / "localhost.key", certificates / "ca.crt")
    grants = {"market-regulation": frozenset({"VerifyPermit"}), "online-portal": frozenset({"*"})}
    server = create_server(service, f"localhost:{port}", max_workers=4, tls=tls, grants=grants)
    server.start()
    yield port
    service.stopping.set()
    server.stop(grace=None)
    runtime.close()


def channel(certificates: Path, port: int, agency: str | None) -> grpc.Channel:
    credentials = grpc.ssl_channel_credentials(
        root_certificates=(certificates / "ca.crt").read_bytes(),
        private_key=(certificates / f"{agency}.key").read_bytes() if agency else None,
        certificate_chain=(certificates / f"{agency}.crt").read_bytes() if agency else None,
    )
    return grpc.secure_channel(f"localhost:{port}", credentials)


def test_an_agency_may_call_a_method_granted_to_it(certificates: Path, secured: int) -> None:
    stub = permits_pb2_grpc.PermitServiceStub(channel(certificates, secured, "market-regulation"))
    with pytest.raises(grpc.RpcError) as raised:
        stub.VerifyPermit(pb.VerifyPermitRequest(permit_no="XF2026-000000000000"), timeout=5)
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND  # allowed through, and the permit is unknown


def test_an_agency_is_denied_a_method_not_granted_to_it(certificates: Path, secured: int) -> None:
    stub = permits_pb2_grpc.PermitServiceStub(channel(certificates, secured, "market-regulation"))
    with pytest.raises(grpc.RpcError) as raised:
        stub.ListApplications(pb.ListApplicationsRequest(), timeout=5)
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "market-regulation may not call ListApplications" in (raised.value.details() or "")


def test_an_agency_granted_everything_may_list(certificates: Path, secured: int) -> None:
    stub = permits_pb2_grpc.PermitServiceStub(channel(certificates, secured, "online-portal"))
    assert stub.ListApplications(pb.ListApplicationsRequest(), timeout=5).applications == []


def test_a_client_without_a_certificate_is_turned_away(certificates: Path, secured: int) -> None:
    health = health_pb2_grpc.HealthStub(channel(certificates, secured, None))
    with pytest.raises(grpc.RpcError) as raised:
        health.Check(health_pb2.HealthCheckRequest(), timeout=5)
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE


def test_health_checks_stay_open_to_every_authenticated_agency(certificates: Path, secured: int) -> None:
    health = health_pb2_grpc.HealthStub(channel(certificates, secured, "market-regulation"))
    assert health.Check(health_pb2.HealthCheckRequest(), timeout=5).status == health_pb2.HealthCheckResponse.SERVING


def test_half_a_tls_configuration_is_refused_naming_what_is_missing() -> None:
    with pytest.raises(ValueError, match="GRPC_TLS_CLIENT_CA"):
        tls_from_env({"GRPC_TLS_CERT": "a.crt", "GRPC_TLS_KEY": "a.key"})
    assert tls_from_env({}) is None
