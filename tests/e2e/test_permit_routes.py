"""Each route of the permit, driven through gRPC as a partner agency would, with staff steps over RPC."""

from __future__ import annotations

import datetime as dt
import uuid

import grpc
import pytest

from firesafety.permits.v1 import permits_pb2 as pb
from tests.e2e.conftest import PILOT_COMPLEX, System
from tests.processes import wait_for

pytestmark = pytest.mark.e2e

HOTEL_USCC = "91310104MA1FR0MY3U"
SHOP_USCC = "91310110MA1G8XWX0F"


def unit(uscc: str, category: int, venue: str, area: float = 2400, complex_name: str = "") -> pb.Unit:
    return pb.Unit(
        uscc=uscc,
        name=f"{venue}经营有限公司",
        venue_name=venue,
        address="上海市杨浦区淞沪路77号",
        district="杨浦区",
        venue_category=category,
        floor_area_m2=area,
        in_commercial_complex=bool(complex_name),
        complex_name=complex_name,
    )


def submit(system: System, route: int, unit: pb.Unit, materials: list[int]) -> pb.Application:
    request = pb.SubmitApplicationRequest(
        request_id=f"e2e-{uuid.uuid4()}",
        route=route,
        unit=unit,
        applicant=pb.Applicant(name="李四", phone="13900000000"),
        materials=materials,
    )
    return system.permits.SubmitApplication(request, timeout=10).application


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def test_a_standard_application_is_accepted_inspected_granted_and_published(system: System) -> None:
    watch_from = 0
    application = submit(
        system,
        pb.ROUTE_STANDARD,
        unit(HOTEL_USCC, pb.VENUE_CATEGORY_HOTEL, "杨浦某酒店"),
        [pb.MATERIAL_APPLICATION_FORM, pb.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN],
    )
    assert application.status == pb.APPLICATION_STATUS_SUBMITTED
    staff = system.rpc.permits
    # Staff times follow the submission, which the service dated on receipt.
    accepted = staff.accept_application(application.application_id, _now(), "受理员")
    assert accepted["missing_materials"] == ["floor_and_fire_facility_plans"]
    assert accepted["clock_paused"]

    system.permits.SupplementMaterials(
        pb.SupplementMaterialsRequest(
            request_id=f"s-{uuid.uuid4()}",
            application_id=application.application_id,
            materials=[pb.MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS],
        ),
        timeout=10,
    )
    staff.record_inspection(application.application_id, True, [], "", ["监督员王", "监督员赵"], _now())
    decided = staff.decide(application.application_id, True, [], _now())
    assert decided["status"] == "granted"

    fetched = system.permits.GetApplication(pb.GetApplicationRequest(application_id=application.application_id))
    assert fetched.status == pb.APPLICATION_STATUS_GRANTED

    def verified_permit() -> list[pb.VerifyPermitResponse] | None:
        # The staff's grant went through the permits worker, another process: the gRPC server's
        # read models show it once they have followed the log (VerifyPermit's `freshness` says how far).
        try:
            return [system.permits.VerifyPermit(pb.VerifyPermitRequest(permit_no=fetched.permit_no), timeout=10)]
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise

    (verified,) = wait_for(verified_permit, timeout=60, what="the permit in the gRPC server's read models")
    assert verified.valid and verified.uscc == HOTEL_USCC

    stream = system.permits.WatchDecisions(pb.WatchDecisionsRequest(after_position=watch_from), timeout=20)
    for decision in stream:
        if decision.application_id == application.application_id:
            assert decision.kind == pb.DECISION_KIND_GRANTED
            stream.cancel()
            break

    registered = wait_for(lambda: system.rpc.supervision.registered_unit(HOTEL_USCC), what="the register")
    assert registered["uscc"] == HOTEL_USCC


def test_a_small_shop_in_a_pilot_complex_registers_without_a_permit(system: System) -> None:
    application = submit(
        system,
        pb.ROUTE_PILOT,
        unit(SHOP_USCC, pb.VENUE_CATEGORY_SHOPPING_MALL, "某奶茶店", area=80, complex_name=PILOT_COMPLEX),
        [],
    )
    assert application.status == pb.APPLICATION_STATUS_REGISTERED
    assert not application.permit_no
    listed = system.permits.ListApplications(pb.ListApplicationsRequest(uscc=SHOP_USCC))
    assert [a.status for a in listed.applications] == [pb.APPLICATION_STATUS_REGISTERED]


def test_a_catering_venue_is_refused_the_pilot_route_with_the_reason(system: System) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        submit(
            system,
            pb.ROUTE_PILOT,
            unit(SHOP_USCC, pb.VENUE_CATEGORY_CATERING, "某餐厅", area=80, complex_name=PILOT_COMPLEX),
            [],
        )
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "catering" in (raised.value.details() or "")
