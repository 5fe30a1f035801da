"""Partners' security end to end: the permits gRPC server started as `make run` starts it, with mutual
TLS from a CA made here and per-method grants; what it refuses and what it answers is in the audit log,
which operators read with `firesafety audit`."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from firesafety.permits.v1 import permits_pb2 as pb
from firesafety.permits.v1 import permits_pb2_grpc
from tests.processes import ROOT, free_port, process_env, running, wait_for
from tests.unit.test_partner_authentication import EC_KEY, issue, openssl


@dataclass
class Secured:
    port: int
    pki: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    pki = tmp_path_factory.mktemp("pki")
    openssl("req", "-x509", *EC_KEY, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
            "-subj", "/CN=firesafety-test-ca", cwd=pki)  # fmt: skip
    issue(pki, "localhost", san="DNS:localhost")
    issue(pki, "market-regulation")
    issue(pki, "online-portal")
    other = pki / "other"
    other.mkdir()
    openssl("req", "-x509", *EC_KEY, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
            "-subj", "/CN=someone-elses-ca", cwd=other)  # fmt: skip
    issue(other, "market-regulation")
    grants = pki / "grants.toml"
    grants.write_text(
        '[agencies."market-regulation"]\nmethods = ["VerifyPermit"]\n\n[agencies."online-portal"]\nmethods = ["*"]\n'
    )
    var_dir = tmp_path_factory.mktemp("var")
    port = free_port()
    env = process_env(
        VAR_DIR=str(var_dir),
        GRPC_PORT=str(port),
        GRPC_TLS_CERT=str(pki / "localhost.crt"),
        GRPC_TLS_KEY=str(pki / "localhost.key"),
        GRPC_TLS_CLIENT_CA=str(pki / "ca.crt"),
        GRPC_AUTHORIZATION=str(grants),
    )
    argv = [sys.executable, "-m", "services.permits.entrypoints.grpc_server"]
    with running(argv, env, var_dir / "permits-grpc.log"):
        health = health_pb2_grpc.HealthStub(channel(pki, port, "online-portal"))
        wait_for(lambda: serving(health), timeout=60, what="the permits gRPC server")
        yield Secured(port, pki, env)


def serving(health: health_pb2_grpc.HealthStub) -> bool | None:
    try:
        return health.Check(health_pb2.HealthCheckRequest(), timeout=2).status == 1 or None
    except grpc.RpcError:
        return None


def channel(pki: Path, port: int, agency: str | None, ca: Path | None = None) -> grpc.Channel:
    issuer = ca or pki
    credentials = grpc.ssl_channel_credentials(
        root_certificates=(pki / "ca.crt").read_bytes(),
        private_key=(issuer / f"{agency}.key").read_bytes() if agency else None,
        certificate_chain=(issuer / f"{agency}.crt").read_bytes() if agency else None,
    )
    return grpc.secure_channel(f"localhost:{port}", credentials)


def audit(secured: Secured, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kit.cli", "audit", "permits", *args],
        cwd=ROOT,
        env=secured.env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def audited(secured: Secured, **where: str) -> list[dict[str, Any]]:
    flags = [part for name, value in where.items() for part in (f"--{name}", value)]
    done = audit(secured, *flags)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.e2e
def test_a_client_without_a_certificate_or_from_another_ca_is_refused_at_the_handshake(secured: Secured) -> None:
    before = len(audited(secured, limit="100000"))
    for refused in (
        channel(secured.pki, secured.port, None),
        channel(secured.pki, secured.port, "market-regulation", ca=secured.pki / "other"),
    ):
        stub = permits_pb2_grpc.PermitServiceStub(refused)
        with pytest.raises(grpc.RpcError) as raised:
            stub.VerifyPermit(pb.VerifyPermitRequest(permit_no="XF2026-000000000001"), timeout=5)
        assert raised.value.code() == grpc.StatusCode.UNAVAILABLE  # type: ignore[attr-defined]
    # Refused before any call reached the server: nothing of theirs is in the audit log, only the
    # call that follows them.
    portal = permits_pb2_grpc.PermitServiceStub(channel(secured.pki, secured.port, "online-portal"))
    portal.ListApplications(pb.ListApplicationsRequest(page_size=1), timeout=10)
    rows = wait_for(lambda: audited(secured, limit="100000")[before:] or None, what="the following call audited")
    assert [(r["agency"], r["method"], r["code"]) for r in rows] == [("online-portal", "ListApplications", "OK")]


@pytest.mark.e2e
def test_an_agency_calling_a_method_not_granted_is_denied_and_every_call_is_audited(secured: Secured) -> None:
    market = permits_pb2_grpc.PermitServiceStub(channel(secured.pki, secured.port, "market-regulation"))
    with pytest.raises(grpc.RpcError) as raised:
        market.SubmitApplication(pb.SubmitApplicationRequest(request_id="audit-denied-1"), timeout=10)
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED  # type: ignore[attr-defined]
    with pytest.raises(grpc.RpcError) as raised:
        market.VerifyPermit(pb.VerifyPermitRequest(permit_no="XF2026-000000000002"), timeout=10)
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND  # type: ignore[attr-defined]
    portal = permits_pb2_grpc.PermitServiceStub(channel(secured.pki, secured.port, "online-portal"))
    with pytest.raises(grpc.RpcError) as raised:
        portal.SubmitApplication(pb.SubmitApplicationRequest(request_id="audit-invalid-1"), timeout=10)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # type: ignore[attr-defined]

    def recorded() -> list[dict[str, Any]] | None:
        rows = audited(secured, since="2000-01-01")
        return (
            rows
            if len([r for r in rows if r["request_id"].startswith("audit-") or r["method"] == "VerifyPermit"]) >= 3
            else None
        )

    rows = wait_for(recorded, timeout=30, what="the three calls in the audit log")
    outcome = {(r["agency"], r["method"], r["request_id"], r["code"]) for r in rows}
    assert ("market-regulation", "SubmitApplication", "audit-denied-1", "PERMISSION_DENIED") in outcome
    assert ("market-regulation", "VerifyPermit", "", "NOT_FOUND") in outcome
    assert ("online-portal", "SubmitApplication", "audit-invalid-1", "INVALID_ARGUMENT") in outcome
    assert all(r["duration_ms"] >= 0 and r["at"].startswith("20") for r in rows)
    assert [r["method"] for r in audited(secured, agency="market-regulation", method="SubmitApplication")] == [
        "SubmitApplication"
    ]
    verified = audit(secured, "--verify")
    assert verified.returncode == 0, verified.stderr


@pytest.mark.e2e
def test_an_edited_audit_row_breaks_the_chain_at_its_position(secured: Secured) -> None:
    portal = permits_pb2_grpc.PermitServiceStub(channel(secured.pki, secured.port, "online-portal"))
    portal.ListApplications(pb.ListApplicationsRequest(), timeout=10)
    rows = wait_for(lambda: audited(secured, method="ListApplications") or None, what="the call in the audit log")
    store = Path(secured.env["VAR_DIR"]) / "permits.sqlite"
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE audit_calls SET agency = 'someone-else' WHERE position = ?", (rows[0]["position"],))
    verified = audit(secured, "--verify")
    assert verified.returncode == 1
    assert f"position {rows[0]['position']}" in verified.stderr
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE audit_calls SET agency = ? WHERE position = ?", (rows[0]["agency"], rows[0]["position"]))
    assert audit(secured, "--verify").returncode == 0
