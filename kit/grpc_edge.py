"""The gRPC servers of the edge, built one way: health checking, reflection, and partner security."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from eventsourcing.persistence import IntegrityError
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2, reflection_pb2_grpc

from firesafety.edge.v1 import server_reflection_pb2 as reflection_v1
from firesafety.edge.v1 import server_reflection_pb2_grpc as reflection_v1_grpc
from kit import logs, metrics
from kit.audit import AuditLog, Call
from kit.grpc_auth import OPEN_SERVICES, TlsFiles, caller, deny, grants_from_file, tls_from_env
from kit.grpc_errors import abort_invalid_argument
from kit.grpc_guard import (
    MAX_MESSAGE_BYTES,
    STORE_BUSY,
    Refused,
    abort_lost_race,
    abort_unavailable,
    guarded_deserializer,
)

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
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers),
        interceptors=[EdgeInterceptor(service_name, store, grants, audit)],
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
    enable_reflection((service_name, health.SERVICE_NAME), server)
    port = server.add_secure_port(address, tls.server_credentials()) if tls else server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot listen on {address}")
    return server, port


REFLECTION_V1 = reflection_v1.DESCRIPTOR.services_by_name["ServerReflection"].full_name


def enable_reflection(service_names: tuple[str, ...], server: grpc.Server) -> None:
    """Server reflection in both versions clients ask for: v1 (grpcurl and current clients try it
    first) and v1alpha (older ones). Each lists the services, itself and the other included."""
    alpha = reflection.ReflectionServicer((*service_names, reflection.SERVICE_NAME, REFLECTION_V1))
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(alpha, server)
    reflection_v1_grpc.add_ServerReflectionServicer_to_server(ReflectionV1(alpha), server)


class ReflectionV1(reflection_v1_grpc.ServerReflectionServicer):
    """grpc.reflection.v1 answered by the v1alpha servicer: the two versions' messages are the same
    on the wire (protos/firesafety/edge/v1/server_reflection.proto), so each request and answer
    crosses over as it is encoded."""

    def __init__(self, alpha: reflection.ReflectionServicer) -> None:
        self.alpha = alpha

    def ServerReflectionInfo(  # noqa: N802 (the name the contract gives)
        self, request_iterator: Iterator[reflection_v1.ServerReflectionRequest], context: grpc.ServicerContext
    ) -> Iterator[reflection_v1.ServerReflectionResponse]:
        requests = (
            reflection_pb2.ServerReflectionRequest.FromString(request.SerializeToString())
            for request in request_iterator
        )
        for answer in self.alpha.ServerReflectionInfo(requests, context):
            yield reflection_v1.ServerReflectionResponse.FromString(answer.SerializeToString())


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


class EdgeInterceptor(grpc.ServerInterceptor):  # type: ignore[misc]
    """Everything the edge does around a call, as one wrapper built once per method.

    In this order: the call is handled under the partner's `x-request-id` / `traceparent`, or a new
    id, returned as `x-request-id`; with `grants`, a caller whose agency may not call the method is
    refused with PERMISSION_DENIED (kit.grpc_auth); the request is decoded and bounded and store
    failures are mapped (kit.grpc_guard); then the call is counted by method and status code, timed
    (kit.metrics), given one access line (method, agency, status, duration; nothing of the request
    itself) and, with `audit`, appended to the audit log (kit.audit). Health checks are counted, not
    logged or audited; reflection streams pass as they are.

    A server's method handlers do not change once it is built, so each method's wrapped handler is
    made on its first call and kept: a call costs one dictionary look-up before its behaviour runs.
    """

    def __init__(
        self, service_name: str, store: str, grants: Grants | None = None, audit: AuditLog | None = None
    ) -> None:
        self.service_name = service_name
        self.store = store
        self.grants = grants
        self.audit = audit
        self._handlers: dict[str, Any] = {}

    def intercept_service(self, continuation: Callable[[Any], Any], details: Any) -> Any:
        handler = self._handlers.get(details.method)
        if handler is None:
            handler = continuation(details)
            if handler is None:  # no such method: grpcio answers UNIMPLEMENTED; nothing is kept
                return None
            handler = self._handlers.setdefault(details.method, self._wrap(handler, details.method))
        return handler

    def _wrap(self, handler: Any, full_method: str) -> Any:
        if handler.unary_unary is None and handler.unary_stream is None:
            return handler  # reflection's bidirectional stream
        service, _, method = full_method.lstrip("/").rpartition("/")
        edge = _Edge(self, service, method, guarded=handler.request_deserializer is not None)
        decode = handler.request_deserializer
        if decode is not None:
            decode = guarded_deserializer(decode)
        if handler.unary_unary is not None:
            return grpc.unary_unary_rpc_method_handler(
                edge.unary(handler.unary_unary),
                request_deserializer=decode,
                response_serializer=handler.response_serializer,
            )
        return grpc.unary_stream_rpc_method_handler(
            edge.stream(handler.unary_stream),
            request_deserializer=decode,
            response_serializer=handler.response_serializer,
        )


class _Edge:
    """What one method's calls share: its names, its metrics, and which checks apply to it."""

    def __init__(self, interceptor: EdgeInterceptor, service: str, method: str, guarded: bool) -> None:
        self.method = method
        self.service_name = interceptor.service_name
        self.store = interceptor.store
        self.quiet = service == health.SERVICE_NAME  # probes every few seconds: counted, not logged
        self.audit = interceptor.audit if not service.startswith(("grpc.health.", "grpc.reflection.")) else None
        self.allowed: Callable[[str], bool] | None = None
        if interceptor.grants is not None and service not in OPEN_SERVICES:
            self.allowed = _allowed(interceptor.grants, method)
        self.guarded = guarded
        self.latency = metrics.GRPC_LATENCY.labels(service=self.service_name, method=method)
        self._counters: dict[str, Any] = {}

    def begin(self, context: grpc.ServicerContext, streaming: bool = False) -> tuple[str, str]:
        """The call's correlation id, sent back as `x-request-id`, and the caller's agency.

        A unary call returns it in its trailing metadata, which goes out with the answer and its
        status (initial metadata of its own would cost the call a second round through grpcio, a
        fifth of a read's time); a stream, whose trailers come only at its end, sends it at once."""
        correlation = logs.correlation_from(context.invocation_metadata() or ())
        if streaming:
            context.send_initial_metadata((("x-request-id", correlation),))
        else:
            context.set_trailing_metadata((("x-request-id", correlation),))
        return correlation, caller(context)

    def check(self, request: Any, context: grpc.ServicerContext, agency: str) -> None:
        if self.allowed is not None and not self.allowed(agency):
            deny(context, agency, self.method)
        if isinstance(request, Refused):
            abort_invalid_argument(context, request.violations)

    def finish(self, request: Any, context: grpc.ServicerContext, agency: str, started: float, failed: str) -> None:
        """Count, time, log and audit the call. `failed`: "" when the behaviour returned, else what
        the audit log says when it raised without aborting (UNKNOWN) or the partner hung up (CANCELLED)."""
        seconds = time.monotonic() - started
        status = context.code()  # set by an abort; None otherwise
        if isinstance(status, grpc.StatusCode):
            code = audited = status.name
        else:
            code, audited = ("UNKNOWN", failed) if failed else ("OK", "OK")
        counter = self._counters.get(code)
        if counter is None:
            counter = self._counters.setdefault(
                code, metrics.GRPC_REQUESTS.labels(service=self.service_name, method=self.method, code=code)
            )
        counter.inc()
        self.latency.observe(seconds)
        if not self.quiet and access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s",
                self.method,
                code,
                extra={"method": self.method, "agency": agency, "code": code, "duration_ms": round(seconds * 1000, 1)},
            )
        if self.audit is not None:
            request_id = getattr(request, "request_id", "")
            self.audit.record(
                Call(
                    at=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                    agency=agency,
                    method=self.method,
                    request_id=request_id if isinstance(request_id, str) else "",
                    code=audited,
                    duration_ms=round(seconds * 1000, 3),
                )
            )

    def unary(self, behaviour: Callable[[Any, grpc.ServicerContext], Any]) -> Callable[..., Any]:
        guarded = self.guarded

        def edge(request: Any, context: grpc.ServicerContext) -> Any:
            started, failed = time.monotonic(), "UNKNOWN"
            correlation, agency = self.begin(context)
            token = logs.correlation_id.set(correlation)
            try:
                self.check(request, context, agency)
                if not guarded:
                    answer = behaviour(request, context)
                else:
                    try:
                        answer = behaviour(request, context)
                    except STORE_BUSY as exc:
                        abort_unavailable(context, self.store, exc)
                    except IntegrityError:
                        abort_lost_race(context)
                failed = ""
                return answer
            finally:
                self.finish(request, context, agency, started, failed)
                logs.correlation_id.reset(token)

        return edge

    def stream(self, behaviour: Callable[[Any, grpc.ServicerContext], Iterator[Any]]) -> Callable[..., Any]:
        guarded = self.guarded

        def edge(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            started, failed = time.monotonic(), "UNKNOWN"
            correlation, agency = self.begin(context, streaming=True)
            token = logs.correlation_id.set(correlation)
            try:
                self.check(request, context, agency)
                if not guarded:
                    yield from behaviour(request, context)
                else:
                    try:
                        yield from behaviour(request, context)
                    except STORE_BUSY as exc:
                        abort_unavailable(context, self.store, exc)
                failed = ""
            except GeneratorExit:
                failed = "CANCELLED"  # the partner hung up
                raise
            finally:
                self.finish(request, context, agency, started, failed)
                logs.correlation_id.reset(token)

        return edge


def _allowed(grants: Grants, method: str) -> Callable[[str], bool]:
    def allowed(agency: str) -> bool:
        methods = grants.get(agency, frozenset())
        return "*" in methods or method in methods

    return allowed
