"""The partner-agency gRPC API of permits, in its own process (grpcio does not run under eventlet)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from firesafety.permits.v1 import permits_pb2, permits_pb2_grpc
from kit.grpc_errors import abort_failed_precondition, abort_invalid_argument, abort_not_found
from kit.runtime import configure_logging, stop_on_signals
from kit.settings import load_settings
from services.permits.application import PermitsApplication
from services.permits.bootstrap import build_application
from services.permits.commands import InvalidCommand
from services.permits.domain import ApplicationNotFound, CommitmentRouteUnavailable
from services.permits.entrypoints import grpc_mapping

log = logging.getLogger(__name__)
SERVICE_NAME = permits_pb2.DESCRIPTOR.services_by_name["PermitService"].full_name


class PermitService(permits_pb2_grpc.PermitServiceServicer):
    def __init__(self, app: PermitsApplication) -> None:
        self.app = app

    def SubmitApplication(  # noqa: N802 (gRPC method name)
        self, request: permits_pb2.SubmitApplicationRequest, context: grpc.ServicerContext
    ) -> permits_pb2.SubmitApplicationResponse:
        command = grpc_mapping.submit_command(request)
        try:
            application = self.app.submit_application(command, received_at=dt.datetime.now(dt.UTC))
        except InvalidCommand as exc:
            abort_invalid_argument(context, ((v.field, v.description) for v in exc.violations))
        except CommitmentRouteUnavailable as exc:
            abort_failed_precondition(context, "COMMITMENT_ROUTE_UNAVAILABLE", command.unit.uscc, str(exc))
        return permits_pb2.SubmitApplicationResponse(application=grpc_mapping.application_message(application))

    def GetApplication(  # noqa: N802
        self, request: permits_pb2.GetApplicationRequest, context: grpc.ServicerContext
    ) -> permits_pb2.Application:
        try:
            application_id = uuid.UUID(request.application_id)
        except ValueError:
            abort_invalid_argument(context, [("application_id", "must be a UUID")])
        try:
            application = self.app.get_application(application_id)
        except ApplicationNotFound:
            abort_not_found(context, "application", request.application_id)
        return grpc_mapping.application_message(application)


def create_server(app: PermitsApplication, address: str, max_workers: int = 16) -> grpc.Server:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=max_workers))
    permits_pb2_grpc.add_PermitServiceServicer_to_server(PermitService(app), server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ("", SERVICE_NAME):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    reflection.enable_server_reflection((SERVICE_NAME, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
    if server.add_insecure_port(address) == 0:
        raise OSError(f"cannot listen on {address}")
    return server


def main() -> None:
    configure_logging("permits-grpc")
    settings = load_settings("permits")
    app = build_application(settings)
    address = f"0.0.0.0:{settings.grpc_port}"
    server = create_server(app, address)
    stop = stop_on_signals()
    server.start()
    log.info("PermitService listening on %s", address)
    stop.wait()
    server.stop(grace=5).wait()
    app.close()


if __name__ == "__main__":
    main()
