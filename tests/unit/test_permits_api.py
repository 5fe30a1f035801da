"""The partner-agency gRPC API, served in-process over a store in a temporary folder."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import pytest
from eventsourcing.persistence import IntegrityError
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from firesafety.permits.v1 import permits_pb2 as pb
from firesafety.permits.v1 import permits_pb2_grpc
from kit.settings import load_settings
from services.permits.bootstrap import build_worker_runtime
from services.permits.domain import AppointmentKind
from services.permits.domain.rules import (
    AmendmentDocument,
    ChangedAspect,
    DeliveryMethod,
    Material,
    Route,
    VenueCategory,
)
from services.permits.entrypoints import grpc_mapping as mapping
from services.permits.entrypoints.grpc_server import PermitService, create_server
from tests.processes import free_port
from tests.unit.factories import commitment_verified_envelope, standing_changed_envelope

USCC = "91110000600037341L"
OTHER_USCC = "91310000MA1FL4B24G"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[permits_pb2_grpc.PermitServiceStub, PermitService]]:
    runtime = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    service = PermitService(runtime, poll_seconds=0.05)
    port = free_port()
    server = create_server(service, f"127.0.0.1:{port}", max_workers=8)
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield permits_pb2_grpc.PermitServiceStub(channel), service
    service.stopping.set()
    channel.close()
    server.stop(grace=None)
    runtime.close()


def unit(uscc: str = USCC, category: int = pb.VENUE_CATEGORY_SPORTS_VENUE) -> pb.Unit:
    return pb.Unit(
        uscc=uscc,
        name="上海某体育发展有限公司",
        venue_name="徐汇体育馆",
        address="漕溪北路1111号",
        district="徐汇区",
        venue_category=category,
        floor_area_m2=5200,
        legal_representative="王五",
        legal_representative_id="11010519491231002X",
    )


def commitment(request_id: str, uscc: str = USCC, materials: list[int] | None = None) -> pb.SubmitApplicationRequest:
    return pb.SubmitApplicationRequest(
        request_id=request_id,
        route=pb.ROUTE_COMMITMENT,
        unit=unit(uscc),
        applicant=pb.Applicant(name="张三", phone="13800000000"),
        materials=materials
        if materials is not None
        else [
            pb.MATERIAL_COMMITMENT_LETTER,
            pb.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN,
            pb.MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS,
        ],
    )


def details(error: grpc.RpcError, kind: type) -> object:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    detail = kind()
    assert status.details[0].Unpack(detail)
    return detail


Api = tuple[permits_pb2_grpc.PermitServiceStub, PermitService]


def test_a_repeated_request_id_returns_the_first_result(api: Api) -> None:
    stub, _ = api
    first = stub.SubmitApplication(commitment("r-1")).application
    again = stub.SubmitApplication(commitment("r-1")).application
    assert again.application_id == first.application_id and again.permit_no == first.permit_no


def test_a_request_id_reused_for_another_application_already_exists(api: Api) -> None:
    stub, _ = api
    stub.SubmitApplication(commitment("r-2"))
    with pytest.raises(grpc.RpcError) as raised:
        stub.SubmitApplication(commitment("r-2", uscc=OTHER_USCC))
    assert raised.value.code() == grpc.StatusCode.ALREADY_EXISTS
    resource = details(raised.value, error_details_pb2.ResourceInfo)
    assert (resource.resource_type, resource.resource_name) == ("request_id", "r-2")  # type: ignore[attr-defined]
    assert raised.value.details() == "request_id r-2 was used for a different application"


def booking(request_id: str, kind: int = pb.APPOINTMENT_KIND_GUIDANCE) -> pb.BookGuidanceAppointmentRequest:
    return pb.BookGuidanceAppointmentRequest(
        request_id=request_id,
        kind=kind,
        unit=unit(),
        applicant=pb.Applicant(name="张三"),
        requested_date="2026-09-30",
        booked_at=_stamp(dt.datetime(2026, 9, 30, 9, tzinfo=dt.UTC)),
    )


def test_a_repeated_booking_returns_the_first_appointment(api: Api) -> None:
    stub, _ = api
    first = stub.BookGuidanceAppointment(booking("book-again"))
    again = stub.BookGuidanceAppointment(booking("book-again"))
    assert again.appointment_id == first.appointment_id


def test_a_request_id_reused_for_another_appointment_already_exists_naming_the_id(api: Api) -> None:
    stub, _ = api
    stub.BookGuidanceAppointment(booking("book-reused"))
    with pytest.raises(grpc.RpcError) as raised:
        stub.BookGuidanceAppointment(booking("book-reused", kind=pb.APPOINTMENT_KIND_DRILL))
    assert raised.value.code() == grpc.StatusCode.ALREADY_EXISTS
    resource = details(raised.value, error_details_pb2.ResourceInfo)
    assert (resource.resource_type, resource.resource_name) == ("request_id", "book-reused")  # type: ignore[attr-defined]
    assert raised.value.details() == "request_id book-reused was used for a different appointment"


def test_an_unknown_venue_category_is_refused_naming_the_values_as_the_proto_names_them(api: Api) -> None:
    stub, _ = api
    request = commitment("r-enum")
    request.unit.venue_category = 999
    with pytest.raises(grpc.RpcError) as raised:
        stub.SubmitApplication(request)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad = details(raised.value, error_details_pb2.BadRequest)
    violation = bad.field_violations[0]  # type: ignore[attr-defined]
    assert violation.field == "unit.venue_category"
    assert "VENUE_CATEGORY_SPORTS_VENUE" in violation.description and "sports_venue" not in violation.description
    assert "VENUE_CATEGORY_UNSPECIFIED" not in violation.description


def test_a_missing_route_is_required_naming_the_routes_as_the_proto_names_them(api: Api) -> None:
    stub, _ = api
    request = commitment("r-route")
    request.route = pb.ROUTE_UNSPECIFIED
    with pytest.raises(grpc.RpcError) as raised:
        stub.SubmitApplication(request)
    bad = details(raised.value, error_details_pb2.BadRequest)
    violation = bad.field_violations[0]  # type: ignore[attr-defined]
    assert (violation.field, violation.description) == (
        "route",
        "is required (one of: ROUTE_STANDARD, ROUTE_COMMITMENT, ROUTE_PILOT)",
    )


APPLICATION = "00000000-0000-4000-8000-000000000001"


def with_unknown(request: object, set_unknown: Callable[[object], None]) -> object:
    set_unknown(request)
    return request


# Every enum a partner sends, in every request that carries it: (rpc, request with an unknown
# number in the field, the field the violation names, the proto enum whose names it lists).
UNKNOWN_ENUMS = {
    "route": (
        "SubmitApplication",
        lambda: with_unknown(commitment("r-u1"), lambda r: setattr(r, "route", 999)),
        "route",
        pb.Route,
    ),
    "venue category": (
        "SubmitApplication",
        lambda: with_unknown(commitment("r-u2"), lambda r: setattr(r.unit, "venue_category", 999)),
        "unit.venue_category",
        pb.VenueCategory,
    ),
    "material": (
        "SubmitApplication",
        lambda: commitment("r-u3", materials=[pb.MATERIAL_COMMITMENT_LETTER, 999]),
        "materials[1]",
        pb.Material,
    ),
    "delivery method": (
        "SubmitApplication",
        lambda: with_unknown(commitment("r-u4"), lambda r: setattr(r, "delivery_method", 999)),
        "delivery_method",
        pb.DeliveryMethod,
    ),
    "supplemented material": (
        "SupplementMaterials",
        lambda: pb.SupplementMaterialsRequest(request_id="r-u5", application_id=APPLICATION, materials=[999]),
        "materials[0]",
        pb.Material,
    ),
    "changed aspect": (
        "AmendPermit",
        lambda: pb.AmendPermitRequest(
            request_id="r-u6", application_id=APPLICATION, unit_name="新名称", other_changes=[999]
        ),
        "other_changes[0]",
        pb.ChangedAspect,
    ),
    "amendment document": (
        "AmendPermit",
        lambda: pb.AmendPermitRequest(
            request_id="r-u7", application_id=APPLICATION, unit_name="新名称", documents=[999]
        ),
        "documents[0]",
        pb.AmendmentDocument,
    ),
    "appointment kind": (
        "BookGuidanceAppointment",
        lambda: pb.BookGuidanceAppointmentRequest(
            request_id="r-u8", kind=999, unit=unit(), applicant=pb.Applicant(name="张三", phone="13800000000")
        ),
        "kind",
        pb.AppointmentKind,
    ),
    "booked venue category": (
        "BookGuidanceAppointment",
        lambda: pb.BookGuidanceAppointmentRequest(
            request_id="r-u9",
            kind=pb.APPOINTMENT_KIND_GUIDANCE,
            unit=unit(category=999),
            applicant=pb.Applicant(name="张三", phone="13800000000"),
        ),
        "unit.venue_category",
        pb.VenueCategory,
    ),
    "listed status": (
        "ListApplications",
        lambda: pb.ListApplicationsRequest(status=999),
        "status",
        pb.ApplicationStatus,
    ),
}


@pytest.mark.parametrize("enum_field", sorted(UNKNOWN_ENUMS))
def test_an_unknown_enum_value_is_refused_naming_the_values_as_the_proto_names_them(api: Api, enum_field: str) -> None:
    stub, _ = api
    rpc, request, path, enum_type = UNKNOWN_ENUMS[enum_field]
    with pytest.raises(grpc.RpcError) as raised:
        getattr(stub, rpc)(request())
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad = details(raised.value, error_details_pb2.BadRequest)
    [violation] = [v for v in bad.field_violations if v.field == path]  # type: ignore[attr-defined]
    named = [v.name for v in enum_type.DESCRIPTOR.values if not v.name.endswith("UNSPECIFIED")]
    assert violation.description == "must be one of: " + ", ".join(named)
    assert violation.description in (raised.value.details() or "")


def test_every_enum_value_the_proto_names_is_one_the_permits_rules_accept() -> None:
    """The values an error lists are exactly those a request may carry."""
    domain = {
        pb.Route: Route,
        pb.VenueCategory: VenueCategory,
        pb.Material: Material,
        pb.DeliveryMethod: DeliveryMethod,
        pb.ChangedAspect: ChangedAspect,
        pb.AmendmentDocument: AmendmentDocument,
        pb.AppointmentKind: AppointmentKind,
    }
    for enum_type in {t for t in mapping.ENUM_FIELDS.values() if t is not pb.ApplicationStatus}:
        prefix = enum_type.Name(0).removesuffix("UNSPECIFIED")
        proto_values = {mapping.to_domain(enum_type, v.number, prefix) for v in enum_type.DESCRIPTOR.values} - {""}
        assert proto_values == {member.value for member in domain[enum_type]}, enum_type.DESCRIPTOR.name


def test_a_blacklisted_unit_on_the_commitment_route_fails_the_precondition_naming_the_rule(api: Api) -> None:
    stub, service = api
    service.app.receive(standing_changed_envelope(position=1, uscc=USCC))
    with pytest.raises(grpc.RpcError) as raised:
        stub.SubmitApplication(commitment("r-3"))
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "unit is blacklisted: commitment route unavailable" in (raised.value.details() or "")
    failure = details(raised.value, error_details_pb2.PreconditionFailure)
    assert failure.violations[0].type == "COMMITMENT_ROUTE_UNAVAILABLE"  # type: ignore[attr-defined]


def test_missing_materials_are_listed_and_supplemented_through_the_api(api: Api) -> None:
    stub, _ = api
    application = stub.SubmitApplication(commitment("r-4", materials=[pb.MATERIAL_COMMITMENT_LETTER])).application
    assert application.status == pb.APPLICATION_STATUS_SUBMITTED
    assert set(application.missing_materials) == {
        pb.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN,
        pb.MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS,
    }
    supplemented = stub.SupplementMaterials(
        pb.SupplementMaterialsRequest(
            request_id="s-1",
            application_id=application.application_id,
            materials=[pb.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN, pb.MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS],
        )
    )
    assert supplemented.status == pb.APPLICATION_STATUS_GRANTED
    assert supplemented.verification_due_date


def test_a_supplement_repeated_returns_the_application_and_its_request_id_reused_already_exists(api: Api) -> None:
    stub, _ = api
    application = stub.SubmitApplication(commitment("r-5", materials=[pb.MATERIAL_COMMITMENT_LETTER])).application

    def supplement(*materials: int) -> pb.Application:
        return stub.SupplementMaterials(
            pb.SupplementMaterialsRequest(
                request_id="s-5", application_id=application.application_id, materials=list(materials)
            )
        )

    first = supplement(pb.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN)
    assert supplement(pb.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN) == first
    with pytest.raises(grpc.RpcError) as raised:
        supplement(pb.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN, pb.MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS)
    assert raised.value.code() == grpc.StatusCode.ALREADY_EXISTS
    resource = details(raised.value, error_details_pb2.ResourceInfo)
    assert resource.resource_name == "s-5"  # type: ignore[attr-defined]
    assert raised.value.details() == "request_id s-5 was used for a different supplement"
    # Nothing of the refused request was taken: the floor plans are still missing.
    still = stub.GetApplication(pb.GetApplicationRequest(application_id=application.application_id))
    assert list(still.missing_materials) == [pb.MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS]


def test_list_applications_pages_with_tokens_and_filters_by_status(api: Api) -> None:
    stub, _ = api
    for n in range(5):
        stub.SubmitApplication(commitment(f"list-{n}"))
    stub.SubmitApplication(commitment("list-incomplete", materials=[]))
    seen, token = [], ""
    while True:
        page = stub.ListApplications(pb.ListApplicationsRequest(uscc=USCC, page_size=2, page_token=token))
        seen += [a.application_id for a in page.applications]
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == len(set(seen)) == 6
    granted = stub.ListApplications(pb.ListApplicationsRequest(uscc=USCC, status=pb.APPLICATION_STATUS_GRANTED))
    assert len(granted.applications) == 5


def test_a_forged_page_token_is_an_invalid_argument(api: Api) -> None:
    stub, _ = api
    with pytest.raises(grpc.RpcError) as raised:
        stub.ListApplications(pb.ListApplicationsRequest(page_token="not-ours"))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad = details(raised.value, error_details_pb2.BadRequest)
    assert bad.field_violations[0].field == "page_token"  # type: ignore[attr-defined]


def test_verify_permit_tells_another_agency_whether_it_is_valid_for_whom_and_since_when(api: Api) -> None:
    stub, service = api
    application = stub.SubmitApplication(commitment("v-1")).application
    verified = stub.VerifyPermit(pb.VerifyPermitRequest(permit_no=application.permit_no))
    assert verified.valid
    assert verified.uscc == USCC and verified.unit_name == "上海某体育发展有限公司"
    assert verified.granted_at == application.granted_at
    service.app.receive(commitment_verified_envelope(position=2, application_id=application.application_id))
    revoked = stub.VerifyPermit(pb.VerifyPermitRequest(permit_no=application.permit_no))
    assert not revoked.valid
    assert "严重失实" in revoked.revocation_reason


def test_a_verification_says_how_fresh_it_is_and_includes_the_servers_own_grant(api: Api) -> None:
    stub, service = api
    before = time.time()
    application = stub.SubmitApplication(commitment("fresh-1")).application
    verified = stub.VerifyPermit(pb.VerifyPermitRequest(permit_no=application.permit_no))
    assert verified.valid
    assert verified.freshness.log_position >= service.app.written_through > 0
    assert verified.freshness.as_of.ToSeconds() >= int(before)


def test_a_permit_another_process_revoked_reads_as_revoked_within_moments_without_the_reader_writing(
    api: Api, tmp_path: Path
) -> None:
    stub, _ = api
    application = stub.SubmitApplication(commitment("fresh-2")).application
    first = stub.VerifyPermit(pb.VerifyPermitRequest(permit_no=application.permit_no))
    other = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}), catch_up=False)
    try:  # the worker process of the same store records the revocation
        other.app.receive(commitment_verified_envelope(position=2, application_id=application.application_id))
    finally:
        other.close()
    deadline = time.monotonic() + 30
    while True:
        answer = stub.VerifyPermit(pb.VerifyPermitRequest(permit_no=application.permit_no))
        # The freshness is a lower bound: it may trail the row it comes with for a moment.
        moved = answer.freshness.log_position > first.freshness.log_position
        if (not answer.valid and moved) or time.monotonic() > deadline:
            break
    assert not answer.valid
    assert answer.freshness.log_position > first.freshness.log_position


def test_an_unknown_permit_is_not_found(api: Api) -> None:
    stub, _ = api
    with pytest.raises(grpc.RpcError) as raised:
        stub.VerifyPermit(pb.VerifyPermitRequest(permit_no="XF2026-000000000000"))
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND


def test_an_amendment_that_changes_floor_area_is_refused_with_the_reason(api: Api) -> None:
    stub, _ = api
    application = stub.SubmitApplication(commitment("a-1")).application
    with pytest.raises(grpc.RpcError) as raised:
        stub.AmendPermit(
            pb.AmendPermitRequest(
                request_id="amend-1",
                application_id=application.application_id,
                unit_name="新名称",
                other_changes=[pb.CHANGED_ASPECT_FLOOR_AREA],
                documents=[
                    pb.AMENDMENT_DOCUMENT_CHANGE_REQUEST,
                    pb.AMENDMENT_DOCUMENT_ORIGINAL_PERMIT,
                    pb.AMENDMENT_DOCUMENT_NAME_PRE_APPROVAL_NOTICE,
                ],
            )
        )
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "floor_area needs a new application" in (raised.value.details() or "")


def test_the_archive_lists_every_event_of_the_unit_with_its_time(api: Api) -> None:
    stub, _ = api
    stub.SubmitApplication(commitment("arch-1"))
    archive = stub.GetArchive(pb.GetArchiveRequest(uscc=USCC))
    assert [e.event for e in archive.entries] == ["Submitted", "PermitGranted", "CommitmentVerificationRequested"]
    assert all(e.recorded_at.seconds > 0 for e in archive.entries)
    assert "准予许可" in archive.entries[1].summary


def test_a_guidance_appointment_is_due_within_two_working_days(api: Api) -> None:
    stub, _ = api
    appointment = stub.BookGuidanceAppointment(
        pb.BookGuidanceAppointmentRequest(
            request_id="book-1",
            kind=pb.APPOINTMENT_KIND_GUIDANCE,
            unit=unit(),
            applicant=pb.Applicant(name="张三"),
            requested_date="2026-09-30",
            booked_at=_stamp(dt.datetime(2026, 9, 30, 9, tzinfo=dt.UTC)),
        )
    )
    assert appointment.due_date == "2026-10-09"


def test_a_watch_decisions_client_that_reconnects_from_its_last_position_misses_nothing(api: Api) -> None:
    stub, _ = api
    for n in range(3):
        stub.SubmitApplication(commitment(f"w-{n}"))
    first_stream = stub.WatchDecisions(pb.WatchDecisionsRequest(after_position=0))
    received = [next(first_stream) for _ in range(2)]
    first_stream.cancel()  # the client goes away after two decisions

    for n in range(3, 5):
        stub.SubmitApplication(commitment(f"w-{n}"))
    resumed = stub.WatchDecisions(pb.WatchDecisionsRequest(after_position=received[-1].position))
    received += [next(resumed) for _ in range(3)]
    resumed.cancel()
    positions = [d.position for d in received]
    assert positions == sorted(set(positions))
    assert {d.kind for d in received} == {pb.DECISION_KIND_GRANTED}
    assert len({d.permit_no for d in received}) == 5


def test_an_amendment_is_streamed_as_a_published_decision_with_what_it_changed(api: Api) -> None:
    stub, _ = api
    application = stub.SubmitApplication(commitment("am-1")).application
    stub.AmendPermit(
        pb.AmendPermitRequest(
            request_id="amend-ok-1",
            application_id=application.application_id,
            unit_name="上海某体育文化有限公司",
            documents=[
                pb.AMENDMENT_DOCUMENT_CHANGE_REQUEST,
                pb.AMENDMENT_DOCUMENT_ORIGINAL_PERMIT,
                pb.AMENDMENT_DOCUMENT_NAME_PRE_APPROVAL_NOTICE,
            ],
        )
    )
    stream = stub.WatchDecisions(pb.WatchDecisionsRequest(after_position=0))
    granted, amended = next(stream), next(stream)
    stream.cancel()
    assert (granted.kind, amended.kind) == (pb.DECISION_KIND_GRANTED, pb.DECISION_KIND_AMENDED)
    assert amended.permit_no == granted.permit_no and amended.position > granted.position
    assert (amended.previous_unit_name, amended.unit_name) == (granted.unit_name, "上海某体育文化有限公司")
    assert amended.district == granted.district and amended.decided_at.seconds > 0


def test_an_amendment_repeated_changes_nothing_and_its_request_id_reused_already_exists(api: Api) -> None:
    stub, _ = api
    application = stub.SubmitApplication(commitment("am-2")).application
    documents = [
        pb.AMENDMENT_DOCUMENT_CHANGE_REQUEST,
        pb.AMENDMENT_DOCUMENT_ORIGINAL_PERMIT,
        pb.AMENDMENT_DOCUMENT_NAME_PRE_APPROVAL_NOTICE,
    ]

    def amend(name: str) -> pb.Application:
        return stub.AmendPermit(
            pb.AmendPermitRequest(
                request_id="amend-2", application_id=application.application_id, unit_name=name, documents=documents
            )
        )

    first = amend("上海某体育文化有限公司")
    assert amend("上海某体育文化有限公司") == first
    with pytest.raises(grpc.RpcError) as raised:
        amend("上海某体育管理有限公司")
    assert raised.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert raised.value.details() == "request_id amend-2 was used for a different amendment"
    still = stub.GetApplication(pb.GetApplicationRequest(application_id=application.application_id))
    assert still.unit.name == "上海某体育文化有限公司"


def _stamp(value: dt.datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def test_the_server_stops_streaming_when_it_shuts_down(api: Api) -> None:
    stub, service = api
    stream = stub.WatchDecisions(pb.WatchDecisionsRequest(after_position=0))
    threading.Timer(0.3, service.stopping.set).start()
    assert list(stream) == []


def test_a_request_that_lost_a_race_is_aborted_for_the_client_to_retry(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub, service = api
    application = stub.SubmitApplication(commitment("race-1", materials=[])).application

    def lose_the_race(*_: object, **__: object) -> None:
        raise IntegrityError("version already taken")

    monkeypatch.setattr(service.app, "save", lose_the_race)
    with pytest.raises(grpc.RpcError) as raised:
        stub.SupplementMaterials(
            pb.SupplementMaterialsRequest(
                request_id="s-race",
                application_id=application.application_id,
                materials=[pb.MATERIAL_COMMITMENT_LETTER],
            )
        )
    assert raised.value.code() == grpc.StatusCode.ABORTED


def submitted_on(request: pb.SubmitApplicationRequest, day: str) -> pb.SubmitApplicationRequest:
    request.submitted_at.FromDatetime(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), tzinfo=dt.UTC))
    return request


def test_a_commitment_in_december_2026_is_granted_with_a_provisional_due_date_past_new_years_day(api: Api) -> None:
    stub, _ = api
    application = stub.SubmitApplication(submitted_on(commitment("r-prov-1"), "2026-12-20")).application
    assert application.status == pb.APPLICATION_STATUS_GRANTED
    # 20 working days from Sunday 20 December 2026; Friday 1 January 2027 is New Year's Day.
    assert application.verification_due_date == "2027-01-18"
    assert application.verification_due_date_provisional


def test_a_commitment_in_january_2027_skips_the_provisional_spring_festival(api: Api) -> None:
    stub, _ = api
    application = stub.SubmitApplication(submitted_on(commitment("r-prov-2"), "2027-01-25")).application
    assert application.status == pb.APPLICATION_STATUS_GRANTED
    # From Monday 25 January 2027: the law's Spring Festival 5–8 February and its make-up days 9–10 February are off.
    assert application.verification_due_date == "2027-02-26"  # 2027-02-22 without the festival
    assert application.verification_due_date_provisional


def test_a_due_date_inside_an_official_year_is_not_provisional(api: Api) -> None:
    stub, _ = api
    application = stub.SubmitApplication(submitted_on(commitment("r-prov-3"), "2026-10-12")).application
    assert application.verification_due_date and not application.verification_due_date_provisional
