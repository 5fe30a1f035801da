"""The partner-agency gRPC API of permits, in its own process (grpcio does not run under eventlet)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import NoReturn, TypeVar

import grpc
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, OperationalError

from firesafety.permits.v1 import permits_pb2 as pb
from firesafety.permits.v1 import permits_pb2_grpc
from kit import metrics
from kit.audit import AuditLog
from kit.calendar import CalendarYearNotCovered
from kit.database import create_service_engine, store_problem
from kit.grpc_auth import TlsFiles
from kit.grpc_edge import Grants, build_server, security_from_env
from kit.grpc_errors import (
    abort_already_exists,
    abort_failed_precondition,
    abort_invalid_argument,
    abort_not_found,
    abort_status,
)
from kit.grpc_guard import position_violation
from kit.identifiers import InvalidIdentifier, normalize_uscc
from kit.reads import CurrentAggregates, KeptAnswers, MessagesOf
from kit.runtime import configure_logging, stop_on_signals
from kit.service_runtime import Freshness, ReadModelFollower, Runtime
from kit.settings import load_settings
from services.permits import read_models
from services.permits.application import PermitsApplication
from services.permits.archive import archive_of
from services.permits.bootstrap import build_translate, build_worker_runtime
from services.permits.commands import InvalidCommand
from services.permits.domain import ApplicationNotFound, PermitApplication, PermitsError, RequestIdReused
from services.permits.entrypoints import grpc_mapping as mapping

log = logging.getLogger(__name__)
SERVICE_NAME = pb.DESCRIPTOR.services_by_name["PermitService"].full_name
T = TypeVar("T")
MAX_PAGE_SIZE = 500


class PermitService(permits_pb2_grpc.PermitServiceServicer):
    """Reads serve the read models as they stand: a follower keeps them caught up in the
    background, and a read waits only for this process's own writes to be in them."""

    def __init__(self, runtime: Runtime[PermitsApplication], poll_seconds: float = 0.5) -> None:
        self.runtime = runtime
        self.app = runtime.app
        self.translate = build_translate(runtime.app, seal=None)  # decisions name no applicant
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()
        self.follower = ReadModelFollower.of(runtime, self.stopping).start()
        self.applications = CurrentAggregates(runtime.app, self.follower.head)
        self.permits = KeptAnswers()
        self.messages = MessagesOf()

    def SubmitApplication(
        self, request: pb.SubmitApplicationRequest, context: grpc.ServicerContext
    ) -> pb.SubmitApplicationResponse:
        application = self._do(context, lambda: self.app.submit_application(mapping.submit_command(request), now()))
        return pb.SubmitApplicationResponse(application=mapping.application_message(application))

    def SupplementMaterials(
        self, request: pb.SupplementMaterialsRequest, context: grpc.ServicerContext
    ) -> pb.Application:
        return mapping.application_message(
            self._do(context, lambda: self.app.supplement_materials(mapping.supplement_command(request), now()))
        )

    def GetApplication(self, request: pb.GetApplicationRequest, context: grpc.ServicerContext) -> pb.Application:
        application_id = self._uuid(context, "application_id", request.application_id)
        application = self._do(context, lambda: self._application(application_id))
        return self.messages.get(application, mapping.application_message)

    def ListApplications(
        self, request: pb.ListApplicationsRequest, context: grpc.ServicerContext
    ) -> pb.ListApplicationsResponse:
        violations = []
        uscc = ""
        if request.uscc:
            try:
                uscc = normalize_uscc(request.uscc)
            except InvalidIdentifier as exc:
                violations.append(("uscc", str(exc)))
        unknown_status = mapping.unknown_enum("status", request.status)
        if unknown_status:
            violations.append(unknown_status)
        if not 0 <= request.page_size <= MAX_PAGE_SIZE:
            violations.append(("page_size", f"must be between 1 and {MAX_PAGE_SIZE}"))
        if request.page_token:
            try:
                read_models.decode_page_token(request.page_token)
            except ValueError as exc:
                violations.append(("page_token", str(exc)))
        if violations:
            abort_invalid_argument(context, violations)
        freshness = self._fresh()
        rows, token = read_models.list_applications(
            self.runtime.engine,
            uscc=uscc,
            status=mapping.to_domain(pb.ApplicationStatus, request.status, mapping.STATUS),
            page_size=request.page_size or 50,
            page_token=request.page_token,
        )
        return pb.ListApplicationsResponse(
            applications=[mapping.summary_message(row) for row in rows],
            next_page_token=token,
            freshness=mapping.freshness_message(freshness),
        )

    def AmendPermit(self, request: pb.AmendPermitRequest, context: grpc.ServicerContext) -> pb.Application:
        return mapping.application_message(
            self._do(context, lambda: self.app.amend_permit(mapping.amend_command(request), now()))
        )

    def VerifyPermit(self, request: pb.VerifyPermitRequest, context: grpc.ServicerContext) -> pb.VerifyPermitResponse:
        if not request.permit_no.strip():
            abort_invalid_argument(context, [("permit_no", "is required")])
        freshness = self._fresh()
        permit_no = request.permit_no.strip()
        row = self.permits.get(
            permit_no, freshness.position, lambda: read_models.permit(self.runtime.engine, permit_no)
        )
        if row is None:
            abort_not_found(context, "permit", request.permit_no)
        answer = mapping.verification_message(row)
        answer.freshness.CopyFrom(mapping.freshness_message(freshness))
        return answer

    def GetArchive(self, request: pb.GetArchiveRequest, context: grpc.ServicerContext) -> pb.Archive:
        try:
            uscc = normalize_uscc(request.uscc)
        except InvalidIdentifier as exc:
            abort_invalid_argument(context, [("uscc", str(exc))])
        self._fresh()
        ids = read_models.application_ids_of_unit(self.runtime.engine, uscc)
        if not ids:
            abort_not_found(context, "unit", uscc)
        entries = archive_of(self.app, ids)
        return pb.Archive(
            uscc=uscc,
            entries=[
                pb.ArchiveEntry(
                    application_id=entry.application_id,
                    event=entry.event,
                    recorded_at=mapping.timestamp(entry.recorded_at),
                    summary=entry.summary,
                )
                for entry in entries
            ],
        )

    def BookGuidanceAppointment(
        self, request: pb.BookGuidanceAppointmentRequest, context: grpc.ServicerContext
    ) -> pb.Appointment:
        return mapping.appointment_message(
            self._do(context, lambda: self.app.book_appointment(mapping.booking_command(request), now()))
        )

    def WatchDecisions(self, request: pb.WatchDecisionsRequest, context: grpc.ServicerContext) -> Iterator[pb.Decision]:
        out_of_range = position_violation("after_position", request.after_position)
        if out_of_range:
            abort_invalid_argument(context, [out_of_range])
        position = request.after_position
        while context.is_active() and not self.stopping.is_set():
            notifications = self.app.recorder.select_notifications(start=position + 1, limit=200)
            for notification in notifications:
                envelope = self.translate(self.app.mapper.to_domain_event(notification), notification.id)
                decision = mapping.decision_message(envelope) if envelope is not None else None
                if decision is not None:
                    yield decision
                position = notification.id
            if not notifications:
                self.stopping.wait(self.poll_seconds)

    def _application(self, application_id: uuid.UUID) -> PermitApplication:
        try:
            found = self.applications.get(application_id, self.app.written_through)
        except AggregateNotFoundError:
            found = None
        if not isinstance(found, PermitApplication):
            raise ApplicationNotFound(f"no application {application_id}")
        return found

    def _fresh(self) -> Freshness:
        """The read models, once they hold what this process wrote (they usually already do)."""
        return self.follower.fresh_through(self.app.written_through)

    # -- error mapping ----------------------------------------------------------------------------

    def _do(self, context: grpc.ServicerContext, call: Callable[[], T]) -> T:
        try:
            return call()
        except InvalidCommand as exc:
            abort_invalid_argument(context, (mapping.in_partner_terms(v.field, v.description) for v in exc.violations))
        except ApplicationNotFound as exc:
            abort_not_found(context, "application", exc.message.removeprefix("no application "))
        except RequestIdReused as exc:
            abort_already_exists(context, "request_id", exc.request_id, exc.message)
        except PermitsError as exc:
            abort_failed_precondition(context, exc.rule, "", exc.message)
        except CalendarYearNotCovered as exc:
            abort_failed_precondition(context, "CALENDAR_NOT_COVERED", str(exc.year), str(exc))
        except IntegrityError:
            # Another call changed the same application first: the client retries with the same request_id.
            abort_status(context, grpc.StatusCode.ABORTED, "the application changed meanwhile; send the request again")
        except OperationalError:
            abort_status(context, grpc.StatusCode.UNAVAILABLE, "the permits store is busy or unreachable; try again")

    @staticmethod
    def _uuid(context: grpc.ServicerContext, field: str, value: str) -> uuid.UUID:
        try:
            return uuid.UUID(value)
        except ValueError:
            _invalid(context, field, "must be a UUID")


def _invalid(context: grpc.ServicerContext, field: str, description: str) -> NoReturn:
    abort_invalid_argument(context, [(field, description)])


def now() -> dt.datetime:
    """The receipt time, used when a request carries no business time of its own."""
    return dt.datetime.now(dt.UTC)


def create_server(
    service: PermitService,
    address: str,
    max_workers: int = 32,
    tls: TlsFiles | None = None,
    grants: Grants | None = None,
    audit: AuditLog | None = None,
) -> grpc.Server:
    """The permits server; see kit.grpc_edge.build_server for health, reflection and security."""
    server, _ = build_server(
        lambda s: permits_pb2_grpc.add_PermitServiceServicer_to_server(service, s),
        SERVICE_NAME,
        address,
        max_workers=max_workers,
        tls=tls,
        grants=grants,
        audit=audit,
        store_problem=lambda: store_problem(service.runtime.engine),
    )
    return server


def main() -> None:
    configure_logging("permits-grpc")
    settings = load_settings("permits")
    runtime = build_worker_runtime(settings)
    address = f"0.0.0.0:{settings.grpc_port}"
    service = PermitService(runtime)
    tls, grants = security_from_env(os.environ)
    audit = AuditLog(create_service_engine(settings))
    server = create_server(service, address, tls=tls, grants=grants, audit=audit)
    stop = stop_on_signals()
    metrics.serve()
    server.start()
    log.info("PermitService listening on %s (%s)", address, "mutual TLS" if tls else "plain text, local use only")
    stop.wait()
    service.stopping.set()
    server.stop(grace=5).wait()
    audit.close()
    runtime.close()


if __name__ == "__main__":
    main()
