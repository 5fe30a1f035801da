"""Who may call the gRPC edge: mutual TLS for partner agencies, and which methods each may call.

With `GRPC_TLS_CERT`, `GRPC_TLS_KEY` and `GRPC_TLS_CLIENT_CA` set, the server accepts only
clients whose certificate the CA signed. With `GRPC_AUTHORIZATION` naming a TOML file,
each agency (its certificate's common name) may call only the methods listed for it::

    [agencies."market-regulation"]
    methods = ["VerifyPermit", "GetApplication", "ListApplications"]

    [agencies."online-portal"]
    methods = ["*"]

Health checking and reflection stay open to every authenticated client. Without TLS
settings the server listens in plain text, for local runs only.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from kit.grpc_errors import abort_keeping_trailers

OPEN_SERVICES = (
    "grpc.health.v1.Health",
    "grpc.reflection.v1alpha.ServerReflection",
    "grpc.reflection.v1.ServerReflection",
)


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path
    client_ca: Path

    def server_credentials(self) -> grpc.ServerCredentials:
        return grpc.ssl_server_credentials(
            [(self.key.read_bytes(), self.cert.read_bytes())],
            root_certificates=self.client_ca.read_bytes(),
            require_client_auth=True,
        )


def tls_from_env(env: Mapping[str, str]) -> TlsFiles | None:
    names = ("GRPC_TLS_CERT", "GRPC_TLS_KEY", "GRPC_TLS_CLIENT_CA")
    given = [env.get(name) for name in names]
    if not any(given):
        return None
    missing = [name for name, value in zip(names, given, strict=True) if not value]
    if missing:
        raise ValueError(f"mutual TLS needs all of {', '.join(names)}; missing: {', '.join(missing)}")
    return TlsFiles(*(Path(str(value)) for value in given))


def grants_from_file(path: Path) -> dict[str, frozenset[str]]:
    with path.open("rb") as handle:
        agencies = tomllib.load(handle).get("agencies", {})
    return {name: frozenset(entry.get("methods", [])) for name, entry in agencies.items()}


def caller(context: grpc.ServicerContext) -> str:
    """The common name of the client certificate, or "" for a plain-text caller."""
    names = context.auth_context().get("x509_common_name") or [b""]
    return bytes(names[0]).decode()


def deny(context: grpc.ServicerContext, agency: str, method: str) -> None:
    detail = any_pb2.Any()
    detail.Pack(
        error_details_pb2.ErrorInfo(reason="METHOD_NOT_GRANTED", domain="firesafety", metadata={"agency": agency})
    )
    message = f"agency {agency or '(anonymous)'} may not call {method}"
    abort_keeping_trailers(
        context,
        rpc_status.to_status(status_pb2.Status(code=code_pb2.PERMISSION_DENIED, message=message, details=[detail])),
    )
