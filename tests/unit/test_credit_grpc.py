"""The partner-agency API (firesafety.credit.v1.CreditService), served in-process over in-memory credit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from firesafety.credit.v1 import credit_pb2, credit_pb2_grpc
from services.credit.entrypoints.grpc_server import create_server
from tests.unit.credit_factories import SHOPPING_MALL, SPORTS_CENTRE, Credit, PermitsLog, SupervisionLog, make_uscc

U = SPORTS_CENTRE


@dataclass
class Api:
    stub: credit_pb2_grpc.CreditServiceStub
    channel: grpc.Channel
    credit: Credit
    supervision: SupervisionLog


@pytest.fixture
def api() -> Iterator[Api]:
    """A unit with a permit blacklisted from 20 October 2026, and a shopping mall under notice."""
    credit, supervision, permits = Credit(), SupervisionLog(), PermitsLog()
    credit.receive(permits.granted(U, "2026-09-01"))
    credit.receive(*supervision.unrectified_major_hazard(U, "2026-10-12", hazard_id="H1"))
    credit.close_days("2026-10-12", "2026-10-19")
    credit.receive(*supervision.unrectified_major_hazard(SHOPPING_MALL, "2026-10-19", name="上海某商场"))
    stopping = threading.Event()
    server, port = create_server(credit.app, credit.runtime.engine, "127.0.0.1:0", stopping, max_workers=4)
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield Api(credit_pb2_grpc.CreditServiceStub(channel), channel, credit, supervision)
    stopping.set()
    channel.close()
    server.stop(grace=None)


def field_violations(error: grpc.RpcError) -> set[str]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    bad_request = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(bad_request)
    return {v.field for v in bad_request.field_violations}


def test_a_partner_agency_sees_a_blacklisted_unit_and_why(api: Api) -> None:
    standing = api.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=U), timeout=5)
    assert standing.tier == credit_pb2.TIER_SERIOUS_DISHONESTY
    assert standing.colour == credit_pb2.COLOUR_RED
    assert standing.blacklisted and not standing.reduced_inspection
    assert (standing.effective_on, standing.permits_held) == ("2026-10-20", 1)
    assert list(standing.listed_rules) == ["major_hazard_unrectified"]
    hazard = api.supervision.envelopes[0]
    first = standing.causes[0]
    assert (first.service, first.event_id, first.event_type, first.position) == (
        "supervision",
        hazard.event_id,
        "HazardFound",
        hazard.position,
    )
    assert "重大火灾隐患" in first.rule_description


def test_a_standing_asked_again_after_the_unit_gets_a_permit_counts_the_new_permit(api: Api) -> None:
    first = api.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=SHOPPING_MALL), timeout=5)
    assert api.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=SHOPPING_MALL), timeout=5) == first
    api.credit.receive(PermitsLog(start=100).granted(SHOPPING_MALL, "2026-10-21", name="上海某商场"))
    again = api.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=SHOPPING_MALL), timeout=5)
    assert (first.permits_held, again.permits_held) == (0, 1)


def test_the_standing_as_of_a_past_date(api: Api) -> None:
    before = api.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=U, as_of="2026-10-19"), timeout=5)
    assert (before.tier, before.colour) == (credit_pb2.TIER_NORMAL, credit_pb2.COLOUR_YELLOW)
    assert before.as_of == "2026-10-19"
    first_day = api.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=U, as_of="2026-09-01"), timeout=5)
    assert first_day.tier == credit_pb2.TIER_NORMAL
    assert first_day.causes[0].rule == "on_record"


def test_a_bad_uscc_and_a_bad_date_are_refused_with_one_violation_each(api: Api) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        api.stub.GetStanding(credit_pb2.GetStandingRequest(uscc="91110000600037341M", as_of="20-10-2026"), timeout=5)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == {"uscc", "as_of"}


def test_an_unknown_unit_is_not_found(api: Api) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        api.stub.ExplainStanding(credit_pb2.ExplainStandingRequest(uscc=make_uscc(77)), timeout=5)
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND
    status = rpc_status.from_call(raised.value)  # type: ignore[arg-type]
    info = error_details_pb2.ResourceInfo()
    assert status is not None and status.details[0].Unpack(info)
    assert info.resource_type == "unit"


def test_a_date_before_the_unit_appeared_is_not_found(api: Api) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        api.stub.GetStanding(credit_pb2.GetStandingRequest(uscc=U, as_of="2026-08-31"), timeout=5)
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND


def test_the_explanation_lists_the_listing_and_the_history_as_of_a_date(api: Api) -> None:
    today = api.stub.ExplainStanding(credit_pb2.ExplainStandingRequest(uscc=U), timeout=5)
    [listing] = today.listings
    assert listing.status == credit_pb2.LISTING_STATUS_LISTED
    assert (listing.noticed_on, listing.objection_deadline, listing.listed_on) == (
        "2026-10-12",
        "2026-10-19",
        "2026-10-20",
    )
    assert [c.rule for c in listing.causes] == [
        "major_hazard_unrectified",
        "major_hazard_unrectified",
        "notice_before_listing",
        "objection_window_closed",
    ]
    assert [(h.effective_on, h.tier) for h in today.history] == [
        ("2026-10-12", credit_pb2.TIER_NORMAL),
        ("2026-10-20", credit_pb2.TIER_SERIOUS_DISHONESTY),
    ]
    then = api.stub.ExplainStanding(credit_pb2.ExplainStandingRequest(uscc=U, as_of="2026-10-15"), timeout=5)
    assert [lst.status for lst in then.listings] == [credit_pb2.LISTING_STATUS_NOTICED]
    assert then.listings[0].listed_on == ""
    assert len(then.history) == 1


def test_the_blacklist_is_paged_and_filtered_by_district_and_since() -> None:
    credit, permits = Credit(), PermitsLog()
    listed = {}
    for n, (district, found_on) in enumerate(
        [("徐汇区", "2026-10-12"), ("黄浦区", "2026-10-12"), ("徐汇区", "2026-10-13"), ("徐汇区", "2026-10-14")]
    ):
        uscc = make_uscc(n)
        credit.receive(permits.granted(uscc, "2026-09-01"))
        credit.receive(*SupervisionLog(start=100 * (n + 1), district=district).unrectified_major_hazard(uscc, found_on))
        listed[uscc] = district
    credit.close_days("2026-10-12", "2026-10-21")
    stopping = threading.Event()
    server, port = create_server(credit.app, credit.runtime.engine, "127.0.0.1:0", stopping, max_workers=2)
    server.start()
    stub = credit_pb2_grpc.CreditServiceStub(grpc.insecure_channel(f"127.0.0.1:{port}"))
    try:
        first = stub.ListBlacklist(credit_pb2.ListBlacklistRequest(page_size=3), timeout=5)
        second = stub.ListBlacklist(
            credit_pb2.ListBlacklistRequest(page_size=3, page_token=first.next_page_token), timeout=5
        )
        assert len(first.entries) == 3 and first.next_page_token
        assert len(second.entries) == 1 and not second.next_page_token
        everyone = [*first.entries, *second.entries]
        assert {e.uscc for e in everyone} == set(listed)
        assert [e.listed_since for e in everyone] == sorted(e.listed_since for e in everyone)
        assert first.log_position > 0

        xuhui = stub.ListBlacklist(credit_pb2.ListBlacklistRequest(district="徐汇区"), timeout=5)
        assert {e.uscc for e in xuhui.entries} == {u for u, d in listed.items() if d == "徐汇区"}
        recent = stub.ListBlacklist(credit_pb2.ListBlacklistRequest(district="徐汇区", since="2026-10-21"), timeout=5)
        assert [e.listed_since for e in recent.entries] == ["2026-10-21", "2026-10-22"]
        assert list(recent.entries[0].listed_rules) == ["major_hazard_unrectified"]

        with pytest.raises(grpc.RpcError) as raised:
            stub.ListBlacklist(
                credit_pb2.ListBlacklistRequest(district="黄浦区", page_token=first.next_page_token), timeout=5
            )
        assert field_violations(raised.value) == {"page_token"}
        with pytest.raises(grpc.RpcError) as raised:
            stub.ListBlacklist(credit_pb2.ListBlacklistRequest(since="yesterday", page_size=-1), timeout=5)
        assert field_violations(raised.value) == {"since", "page_size"}
    finally:
        stopping.set()
        server.stop(grace=None)


def test_watching_standing_changes_resumes_after_a_disconnect_without_loss(api: Api) -> None:
    stream = api.stub.WatchStandingChanges(credit_pb2.WatchStandingChangesRequest(after_position=0), timeout=10)
    first, second = next(stream), next(stream)
    stream.cancel()
    assert (first.uscc, first.tier, first.colour) == (U, credit_pb2.TIER_NORMAL, credit_pb2.COLOUR_YELLOW)
    assert (second.tier, second.blacklisted) == (credit_pb2.TIER_SERIOUS_DISHONESTY, True)
    assert second.event_id == api.credit.published("StandingChanged")[1].event_id

    resumed = api.stub.WatchStandingChanges(
        credit_pb2.WatchStandingChangesRequest(after_position=second.position), timeout=10
    )
    third = next(resumed)
    assert (third.uscc, third.colour) == (SHOPPING_MALL, credit_pb2.COLOUR_YELLOW)
    api.credit.close_day("2026-10-27")  # the mall's window closes while the partner is watching
    fourth = next(resumed)
    resumed.cancel()
    assert (fourth.uscc, fourth.tier) == (SHOPPING_MALL, credit_pb2.TIER_SERIOUS_DISHONESTY)
    assert first.position < second.position < third.position < fourth.position


def test_watching_one_district_leaves_out_the_others(api: Api) -> None:
    api.credit.receive(
        *SupervisionLog(start=500, district="黄浦区").unrectified_major_hazard(make_uscc(9), "2026-10-20")
    )
    stream = api.stub.WatchStandingChanges(
        credit_pb2.WatchStandingChangesRequest(after_position=0, district="黄浦区"), timeout=10
    )
    only = next(stream)
    stream.cancel()
    assert (only.uscc, only.district) == (make_uscc(9), "黄浦区")


def test_a_negative_position_is_refused(api: Api) -> None:
    stream = api.stub.WatchStandingChanges(credit_pb2.WatchStandingChangesRequest(after_position=-1), timeout=5)
    with pytest.raises(grpc.RpcError) as raised:
        next(stream)
    assert field_violations(raised.value) == {"after_position"}


def test_health_checking_answers_serving(api: Api) -> None:
    health = health_pb2_grpc.HealthStub(api.channel)
    for service in ("", "firesafety.credit.v1.CreditService"):
        response = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
        assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_no_partner_method_and_no_staff_command_sets_a_standing() -> None:
    """C1: a standing is derived, never typed in; staff commands record facts (an objection, a
    repair application and the agency's decision on it, the year's holiday arrangement) or close a day."""
    from services.credit.entrypoints.service import CreditService

    methods = set(credit_pb2.DESCRIPTOR.services_by_name["CreditService"].methods_by_name)
    assert methods == {"GetStanding", "ExplainStanding", "ListBlacklist", "WatchStandingChanges"}
    rpcs = {name for name, member in vars(CreditService).items() if hasattr(member, "nameko_entrypoints")}
    assert rpcs == {
        "status",
        "get_unit",
        "notices_of_unit",
        "standing",
        "close_day",
        "load_arrangement",
        "record_objection",
        "record_objection_outcome",
        "record_repair_application",
        "record_repair_decision",
        "on_permits_event",
        "on_supervision_event",
    }


def test_an_agency_may_call_only_the_methods_granted_to_it(api: Api) -> None:
    stopping = threading.Event()
    grants = {"": frozenset({"GetStanding"})}  # the plain-text caller of a local run
    server, port = create_server(api.credit.app, api.credit.runtime.engine, "127.0.0.1:0", stopping, grants=grants)
    server.start()
    try:
        stub = credit_pb2_grpc.CreditServiceStub(grpc.insecure_channel(f"127.0.0.1:{port}"))
        assert stub.GetStanding(credit_pb2.GetStandingRequest(uscc=U), timeout=5).blacklisted
        with pytest.raises(grpc.RpcError) as raised:
            stub.ListBlacklist(credit_pb2.ListBlacklistRequest(), timeout=5)
        assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
        with pytest.raises(grpc.RpcError) as raised:
            next(stub.WatchStandingChanges(credit_pb2.WatchStandingChangesRequest(), timeout=5))
        assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    finally:
        stopping.set()
        server.stop(grace=None)
