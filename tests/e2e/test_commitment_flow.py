"""A partner agency drives the running system through gRPC, as in production."""

from __future__ import annotations

import uuid

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from firesafety.permits.v1 import permits_pb2
from tests.e2e.conftest import System
from tests.processes import wait_for

pytestmark = pytest.mark.e2e

SPORTS_CENTRE = "91110000600037341L"


def sports_venue_application(request_id: str, uscc: str = SPORTS_CENTRE) -> permits_pb2.SubmitApplicationRequest:
    return permits_pb2.SubmitApplicationRequest(
        request_id=request_id,
        route=permits_pb2.ROUTE_COMMITMENT,
        unit=permits_pb2.Unit(
            uscc=uscc,
            name="上海某体育发展有限公司",
            venue_name="徐汇体育馆",
            address="漕溪北路1111号",
            district="徐汇区",
            street="徐家汇街道",
            venue_category=permits_pb2.VENUE_CATEGORY_SPORTS_VENUE,
            floor_area_m2=5200,
            legal_representative="王五",
            legal_representative_id="11010519491231002X",
        ),
        applicant=permits_pb2.Applicant(name="张三", phone="13800000000", email="zhangsan@example.cn"),
        materials=[
            permits_pb2.MATERIAL_COMMITMENT_LETTER,
            permits_pb2.MATERIAL_BUSINESS_LICENCE,
            permits_pb2.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN,
            permits_pb2.MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS,
        ],
    )


def test_a_commitment_permit_flows_through_credit_and_notify(system: System) -> None:
    request = sports_venue_application(f"portal-{uuid.uuid4()}")
    response = system.permits.SubmitApplication(request, timeout=10)
    application = response.application
    assert application.status == permits_pb2.APPLICATION_STATUS_GRANTED
    assert application.permit_no
    assert application.unit.legal_representative_id == "110***********002X"

    again = system.permits.SubmitApplication(request, timeout=10)
    assert again.application.application_id == application.application_id

    fetched = system.permits.GetApplication(
        permits_pb2.GetApplicationRequest(application_id=application.application_id), timeout=10
    )
    assert fetched.permit_no == application.permit_no

    unit = wait_for(lambda: system.rpc.credit.get_unit(SPORTS_CENTRE), what="credit to record the unit")
    assert unit["standing"] == "normal"
    assert unit["permits_held"] == 1

    notices = wait_for(lambda: system.rpc.notify.notices_of_unit(SPORTS_CENTRE), what="notify to record the notice")
    assert [n["notice_type"] for n in notices] == ["permit_granted"]
    assert application.permit_no in notices[0]["body"]
    assert notices[0]["recipient"] == f"unit:{SPORTS_CENTRE}"

    registered = wait_for(lambda: system.rpc.supervision.registered_unit(SPORTS_CENTRE), what="the register")
    assert registered["venue_category"] == "sports_venue"


def test_a_bad_request_is_refused_with_field_details_and_nothing_is_stored(system: System) -> None:
    request = sports_venue_application(f"portal-{uuid.uuid4()}", uscc="91110000600037341M")
    request.unit.name = ""
    request.unit.floor_area_m2 = -20
    with pytest.raises(grpc.RpcError) as raised:
        system.permits.SubmitApplication(request, timeout=10)
    error = raised.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    bad_request = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(bad_request)
    fields = {v.field for v in bad_request.field_violations}
    assert fields == {"unit.uscc", "unit.name", "unit.floor_area_m2"}

    assert system.rpc.permits.applications_of_unit("91110000600037341M") == []
    retry = sports_venue_application(request.request_id)
    accepted = system.permits.SubmitApplication(retry, timeout=10)
    assert accepted.application.request_id == request.request_id  # the refused request left no trace


def test_an_unknown_application_is_not_found(system: System) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        system.permits.GetApplication(permits_pb2.GetApplicationRequest(application_id=str(uuid.uuid4())))
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND


def test_a_malformed_application_id_names_the_field(system: System) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        system.permits.GetApplication(permits_pb2.GetApplicationRequest(application_id="not-a-uuid"))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "application_id" in (raised.value.details() or "")


def test_a_hotel_on_the_commitment_route_fails_the_precondition(system: System) -> None:
    request = sports_venue_application(f"portal-{uuid.uuid4()}", uscc="91310000MA1FL4B24G")
    request.unit.venue_category = permits_pb2.VENUE_CATEGORY_HOTEL
    with pytest.raises(grpc.RpcError) as raised:
        system.permits.SubmitApplication(request, timeout=10)
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    status = rpc_status.from_call(raised.value)  # type: ignore[arg-type]
    failure = error_details_pb2.PreconditionFailure()
    assert status is not None and status.details[0].Unpack(failure)
    assert failure.violations[0].type == "COMMITMENT_ROUTE_UNAVAILABLE"
