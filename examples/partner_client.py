"""A partner agency's client: file a commitment-route application and read it back.

    .venv/bin/python examples/partner_client.py --target localhost:50051

Run from the repository root with PYTHONPATH=.:gen (as `make run` sets it), or
generate your own stubs from protos/ in your language of choice.
"""

from __future__ import annotations

import argparse
import uuid

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from firesafety.permits.v1 import permits_pb2, permits_pb2_grpc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="localhost:50051")
    parser.add_argument("--request-id", default="", help="sent as x-request-id: it names every log line that follows")
    args = parser.parse_args()
    # Your own id for the call, which the system's logs, events and notices carry on; without one it mints one.
    metadata = (("x-request-id", args.request_id),) if args.request_id else ()
    with grpc.insecure_channel(args.target) as channel:
        permits = permits_pb2_grpc.PermitServiceStub(channel)
        request = permits_pb2.SubmitApplicationRequest(
            # Keep the request_id with your own record: resending it after a timeout is safe.
            request_id=f"portal-{uuid.uuid4()}",
            route=permits_pb2.ROUTE_COMMITMENT,
            unit=permits_pb2.Unit(
                uscc="91110000600037341L",
                name="上海某体育发展有限公司",
                venue_name="徐汇体育馆",
                address="漕溪北路1111号",
                district="徐汇区",
                street="徐家汇街道",
                venue_category=permits_pb2.VENUE_CATEGORY_SPORTS_VENUE,
                floor_area_m2=5200,
            ),
            applicant=permits_pb2.Applicant(name="张三", phone="13800000000"),
            materials=[
                permits_pb2.MATERIAL_COMMITMENT_LETTER,
                permits_pb2.MATERIAL_BUSINESS_LICENCE,
                permits_pb2.MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN,
                permits_pb2.MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS,
            ],
        )
        try:
            response, call = permits.SubmitApplication.with_call(request, metadata=metadata, timeout=10)
        except grpc.RpcError as error:
            print_error(error)
            raise SystemExit(1) from error
        application = response.application
        print(f"x-request-id: {dict(call.trailing_metadata()).get('x-request-id')}")
        print(f"application {application.application_id}: {permits_pb2.ApplicationStatus.Name(application.status)}")
        print(f"permit number: {application.permit_no}")
        again = permits.GetApplication(
            permits_pb2.GetApplicationRequest(application_id=application.application_id), timeout=10
        )
        print(f"read back: {again.unit.venue_name}, granted {again.granted_at.ToDatetime():%Y-%m-%d %H:%M} UTC")

        # What another agency asks before relying on the permit.
        verified = permits.VerifyPermit(permits_pb2.VerifyPermitRequest(permit_no=application.permit_no), timeout=10)
        print(f"permit {verified.permit_no} valid: {verified.valid}, held by {verified.unit_name} ({verified.uscc})")

        # Follow published decisions; keep the last position to resume after a disconnect.
        stream = permits.WatchDecisions(permits_pb2.WatchDecisionsRequest(after_position=0), timeout=5)
        try:
            for decision in stream:
                kind = permits_pb2.DecisionKind.Name(decision.kind)
                print(f"decision at position {decision.position}: {kind} {decision.permit_no} {decision.unit_name}")
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.DEADLINE_EXCEEDED:  # type: ignore[attr-defined]
                raise


def print_error(error: grpc.RpcError) -> None:
    print(f"refused: {error.code().name}: {error.details()}")  # type: ignore[attr-defined]
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    for detail in status.details if status else []:
        bad_request = error_details_pb2.BadRequest()
        if detail.Unpack(bad_request):
            for violation in bad_request.field_violations:
                print(f"  {violation.field}: {violation.description}")


if __name__ == "__main__":
    main()
