"""The gRPC servers of the edge, built one way: health checking, reflection, and partner security."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from kit import logs, metrics
from kit.audit import AuditLog, CallAudit
from kit.grpc_auth import AgencyAuthorization, TlsFiles, caller, grants_from_file, tls_from_env
from kit.grpc_guard import MAX_MESSAGE_BYTES, RequestGuard

log = logging.getLogger(__name__)
access_log = logging.getLogger("firesafety.access")
STORE_CHECK_SECONDS = float(os.environ.get("GRPC_HEALTH_CHECK_SECONDS", "5"))

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
    store_problem: metrics.Check | None = None,
) -> tuple[grpc.Server, int]:
    """A server for the services `register` adds, and the port it listens on.

    Health checking reports `service_name` and the server as SERVING, and as NOT_SERVING while
    `store_problem` says the store cannot be reached (checked every few seconds); every call is
    counted and timed (kit.metrics); reflection is on. With
    `tls`, partner agencies authenticate by certificate; with `grants`, each may call only the
    methods granted to it (kit.grpc_auth). Every request is decoded, bounded and its store failures
    mapped by kit.grpc_guard, after the caller's rights are checked; with `audit`, every call and its
    outcome is appended to the audit log (kit.audit).
    """
    store = service_name.split(".")[1] if service_name.count(".") >= 2 else service_name
    guard = RequestGuard(store)
    interceptors: list[grpc.ServerInterceptor] = [CallMetrics(service_name)]
    interceptors += [CallAudit(audit)] if audit is not None else []
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
    if store_problem is not None:
        metrics.register_health("store", store_problem)
        watch = threading.Thread(
            target=_follow_store, args=(health_servicer, service_name, store_problem), name="health", daemon=True
        )
        watch.start()
    reflection.enable_server_reflection((service_name, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    port = server.add_secure_port(address, tls.server_credentials()) if tls else server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot listen on {address}")
    return server, port


def _follow_store(servicer: health.HealthServicer, service_name: str, problem: metrics.Check) -> None:
    """SERVING while the store answers, NOT_SERVING while it does not."""
    serving = True
    while True:
        time.sleep(STORE_CHECK_SECONDS)
        now_serving = not problem()
        if now_serving != serving:
            serving = now_serving
            status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
            for name in ("", service_name):
                servicer.set(name, status)
            log.warning(
                "%s is %s", service_name, "serving again" if serving else "not serving: the store is unreachable"
            )


class CallMetrics(grpc.ServerInterceptor):  # type: ignore[misc]
    """Counts every call by method and status code, times it, and logs one access line for it
    (method, agency, status, duration; nothing of the request itself). The call is handled under
    the partner's `x-request-id` / `traceparent`, or a new id, returned as `x-request-id`."""

    def __init__(self, service_name: str) -> None:
        self.service_name = service_name

    def intercept_service(self, continuation: Callable[[Any], Any], details: Any) -> Any:
        handler = continuation(details)
        if handler is None:
            return handler
        service, _, method = details.method.lstrip("/").rpartition("/")
        quiet = service == health.SERVICE_NAME  # probes every few seconds: counted, not logged
        for kind in ("unary_unary", "unary_stream"):
            behaviour = getattr(handler, kind)
            if behaviour is not None:
                wrap = getattr(grpc, f"{kind}_rpc_method_handler")
                return wrap(
                    self._measured(behaviour, method, streaming=kind == "unary_stream", quiet=quiet),
                    request_deserializer=handler.request_deserializer,
                    response_serializer=handler.response_serializer,
                )
        return handler

    def _measured(
        self, behaviour: Callable[..., Any], method: str, streaming: bool, quiet: bool = False
    ) -> Callable[..., Any]:
        labels = {"service": self.service_name, "method": method}

        def begin(context: grpc.ServicerContext) -> str:
            correlation = logs.correlation_from(context.invocation_metadata() or ())
            context.send_initial_metadata((("x-request-id", correlation),))
            return correlation

        def finish(context: grpc.ServicerContext, started: float, error: BaseException | None) -> None:
            code = context.code() if hasattr(context, "code") else None
            if code is None:
                code = grpc.StatusCode.UNKNOWN if error is not None else grpc.StatusCode.OK
            seconds = time.monotonic() - started
            metrics.GRPC_REQUESTS.labels(**labels, code=code.name).inc()
            metrics.GRPC_LATENCY.labels(**labels).observe(seconds)
            if not quiet:
                access = {"method": method, "agency": caller(context), "code": code.name}
                access_log.info("%s %s", method, code.name, extra={**access, "duration_ms": round(seconds * 1000, 1)})

        def unary(request: Any, context: grpc.ServicerContext) -> Any:
            started, error = time.monotonic(), None
            with logs.correlated(begin(context)):
                try:
                    return behaviour(request, context)
                except BaseException as exc:
                    error = exc
                    raise
                finally:
                    finish(context, started, error)

        def stream(request: Any, context: grpc.ServicerContext) -> Any:
            started, error = time.monotonic(), None
            with logs.correlated(begin(context)):
                try:
                    yield from behaviour(request, context)
                except BaseException as exc:
                    error = exc
                    raise
                finally:
                    finish(context, started, error)

        return stream if streaming else unary
