"""The gRPC servers of the edge, built one way: health checking, reflection, and partner security."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent import futures
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from kit.audit import AuditLog, CallAudit
from kit.grpc_auth import AgencyAuthorization, TlsFiles, grants_from_file, tls_from_env
from kit.grpc_guard import MAX_MESSAGE_BYTES, RequestGuard

Grants = Mapping[str, frozenset[str]]


def security_from_env(env: Mapping[str, str]) -> tuple[TlsFiles | None, Grants | None]:
    """Mutual TLS from `GRPC_TLS_*`, method grants from the file named by `GRPC_AUTHORIZATION`."""
    grants_file = env.get("GRPC_AUTHORIZATION")
    return tls_from_env(env), grants_from_file(Path(grants_file)) if grants_file else None


def build_server(
    register: Callable[[grpc.Server], None],
    service_name: str,
    address: str,
    max_workers: int = 32,
    tls: TlsFiles | None = None,
    grants: Grants | None = None,
    audit: AuditLog | None = None,
) -> tuple[grpc.Server, int]:
    """A server for the services `register` adds, and the port it listens on.

    Health checking reports `service_name` and the server as SERVING; reflection is on. With
    `tls`, partner agencies authenticate by certificate; with `grants`, each may call only the
    methods granted to it (kit.grpc_auth). Every request is decoded, bounded and its store failures
    mapped by kit.grpc_guard, after the caller's rights are checked; with `audit`, every call and its
    outcome is appended to the audit log (kit.audit).
    """
    store = service_name.split(".")[1] if service_name.count(".") >= 2 else service_name
    guard = RequestGuard(store)
    interceptors: list[grpc.ServerInterceptor] = [CallAudit(audit)] if audit is not None else []
    interceptors += [AgencyAuthorization(grants), guard] if grants is not None else [guard]
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers),
        interceptors=interceptors,
        options=[("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)],
    )
    register(server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ("", service_name):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    reflection.enable_server_reflection((service_name, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    port = server.add_secure_port(address, tls.server_credentials()) if tls else server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot listen on {address}")
    return server, port
