"""The complete record (全过程记录) and what leaves the service (integration events)."""

from __future__ import annotations

from firesafety.supervision.v1 import events_pb2
from kit.envelope import Envelope
from services.supervision.integration import translate
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at, permit_granted


def month_of_enforcement() -> World:
    world = World()
    world.receive(permit_granted(position=2))
    world.register(SPORTS_CENTRE, industry_regulator="区体育局", responsible_phone="13900000000")
    world.team("I1", "I2")
    found = world.inspect(
        SPORTS_CENTRE,
        ["I1", "I2"],
        day="2026-09-10",
        evidence=["IMG_0001.jpg", "执法记录仪-0910.mp4"],
        hazards=[{"grade": "general", "description": "防火门常开"}],
        violations=[{"violation_type": "locked_exit", "severity": "general", "description": "安全出口上锁"}],
    )
    order = world.desk.order_rectification(
        request_id="order-1",
        inspection_id=found["inspection_id"],
        hazard_ids=found["hazard_ids"],
        violation_ids=found["violation_ids"],
        advice="恢复防火门常闭，拆除锁具",
        officer_ids=["I1", "I2"],
        at=at("2026-09-10", "17:00"),
    )
    world.desk.close_day(order["deadline"])
    world.desk.propose_penalty(
        request_id="penalty-1",
        inspection_id=found["inspection_id"],
        violation_id=found["violation_ids"][0],
        fine_yuan=12_000,
        reasons="锁闭安全出口",
        evidence=["询问笔录"],
        officer_ids=["I1", "I2"],
        at=at("2026-09-11"),
    )
    return world


def test_the_record_says_who_did_what_when_on_which_evidence() -> None:
    record = month_of_enforcement().desk.enforcement_record(SPORTS_CENTRE)
    acts = [row["act"] for row in record]
    assert acts == [
        "Inspection.Recorded",
        "Inspection.HazardFound",
        "Inspection.ViolationFound",
        "ReferralLetter.Sent",
        "RectificationOrder.Ordered",
        "RectificationOrder.Overdue",
        "PenaltyCase.Proposed",
        "PenaltyCase.Decided",
    ]
    inspection = record[0]
    assert inspection["officers"] == ["I1", "I2"]
    assert inspection["business_time"] == "2026-09-10T16:00:00+08:00"
    assert inspection["evidence"] == ["IMG_0001.jpg", "执法记录仪-0910.mp4"]
    assert record[1]["officers"] == ["I1", "I2"]
    assert record[6]["evidence"] == ["询问笔录"]
    assert all(row["recorded_at"] for row in record)


def test_personal_data_stays_out_of_the_record() -> None:
    record = month_of_enforcement().desk.enforcement_record(SPORTS_CENTRE)
    ordered = next(row for row in record if row["act"] == "RectificationOrder.Ordered")
    assert ordered["details"]["responsible_phone"] == "***"


def test_every_published_event_is_its_proto_message_in_an_envelope() -> None:
    world = month_of_enforcement()
    published = world.published()
    assert [e.event_type for e in published] == [
        "InspectionRecorded",
        "HazardFound",
        "ViolationFound",
        "ReferralLetterSent",
        "RectificationOrdered",
        "RectificationOverdue",
        "PenaltyDecided",
    ]
    for envelope in published:
        received = Envelope.from_wire(envelope.to_wire())
        message = received.message(getattr(events_pb2, received.event_type))
        assert message.uscc == SPORTS_CENTRE
        assert received.source == "supervision"
        assert received.subject == SPORTS_CENTRE
        assert received.business_time.endswith("+08:00")


def test_a_republished_event_keeps_its_event_id() -> None:
    world = month_of_enforcement()
    stored = world.app.recorder.select_notifications(1, 100)
    notification, event = next(
        (n, e) for n in reversed(stored) if translate(e := world.app.mapper.to_domain_event(n), n.id) is not None
    )
    first = translate(event, notification.id)
    again = translate(event, notification.id)
    assert first is not None and again is not None
    assert first.event_id == again.event_id


def test_the_register_and_inspector_roster_stay_inside_the_service() -> None:
    world = World()
    world.receive(permit_granted(position=2))
    world.team("I1", "I2")
    assert world.published() == []


def test_the_unit_file_gathers_everything_on_one_unit() -> None:
    unit = month_of_enforcement().desk.unit_file(SPORTS_CENTRE)
    assert unit is not None
    assert [
        len(unit[k]) for k in ("inspections", "hazards", "violations", "orders", "penalties", "referral_letters")
    ] == [
        1,
        1,
        1,
        1,
        1,
        1,
    ]
    assert unit["orders"][0]["status"] == "overdue"


def test_read_models_rebuilt_from_the_log_equal_the_live_ones() -> None:
    world = month_of_enforcement()
    live = world.desk.unit_file(SPORTS_CENTRE)
    record = world.desk.enforcement_record(SPORTS_CENTRE)
    world.runtime.projector.rebuild()
    assert world.desk.unit_file(SPORTS_CENTRE) == live
    assert world.desk.enforcement_record(SPORTS_CENTRE) == record
