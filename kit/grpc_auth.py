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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

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


class AgencyAuthorization(grpc.ServerInterceptor):  # type: ignore[misc]
    """Refuses a call with PERMISSION_DENIED unless the caller's agency may call that method."""

    def __init__(self, grants: Mapping[str, frozenset[str]]) -> None:
        self.grants = grants

    def intercept_service(self, continuation: Callable[[Any], Any], details: Any) -> Any:
        handler = continuation(details)
        service, _, method = details.method.lstrip("/").rpartition("/")
        if handler is None or service in OPEN_SERVICES:
            return handler
        return rewrap(handler, lambda b: self._guard(b, method), lambda b: self._guard(b, method))

    def _guard(self, behaviour: Callable[[Any, grpc.ServicerContext], Any], method: str) -> Callable[..., Any]:
        def guarded(request: Any, context: grpc.ServicerContext) -> Any:
            agency = caller(context)
            allowed = self.grants.get(agency, frozenset())
            if "*" not in allowed and method not in allowed:
                deny(context, agency, method)
            return behaviour(request, context)

        return guarded


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
    context.abort_with_status(
        rpc_status.to_status(status_pb2.Status(code=code_pb2.PERMISSION_DENIED, message=message, details=[detail]))
    )


Behaviour = Callable[[Any, grpc.ServicerContext], Any]


def rewrap(
    handler: Any,
    unary: Callable[[Behaviour], Behaviour],
    stream: Callable[[Behaviour], Behaviour],
    request_deserializer: Callable[[bytes], Any] | None = None,
) -> Any:
    """A server interceptor's handler: `handler` with its behaviour wrapped by `unary` (unary-unary
    methods) or `stream` (unary-stream), and optionally another request deserializer; the kinds of
    method this API does not have pass as they are."""
    decode = request_deserializer or handler.request_deserializer
    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(
            unary(handler.unary_unary), request_deserializer=decode, response_serializer=handler.response_serializer
        )
    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(
            stream(handler.unary_stream), request_deserializer=decode, response_serializer=handler.response_serializer
        )
    return handler
