"""An applicant's contact crosses the bus sealed for notify: credit never sees it, notify still reaches it."""

from __future__ import annotations

import datetime as dt
import json

from kit.envelope import Envelope
from services.permits.application import PermitsApplication
from services.permits.commands import BookAppointment
from services.permits.integration import build_translate
from tests.unit import notify_factories
from tests.unit.credit_factories import Credit
from tests.unit.factories import (
    APPLICANT,
    SPORTS_CENTRE_USCC,
    commitment_application,
    sports_venue,
    standard_application,
)
from tests.unit.permits_fixtures import at, permits_app

APPLICANTS_CONTACT = (APPLICANT.name, APPLICANT.phone, APPLICANT.email)
OTHER_UNIT = "91310000MA1FL4B24G"


def a_month_of_permits() -> PermitsApplication:
    """A grant on the spot and its documents delivered, a one-time notice, a refusal and a guidance visit."""
    permits = permits_app()
    granted = permits.submit_application(commitment_application(), at("2026-11-02"))
    permits.record_delivery(granted.id, at("2026-11-02", 16), "")
    incomplete = permits.submit_application(
        standard_application("portal-std-2", materials=("application_form",), uscc=OTHER_UNIT), at("2026-11-02")
    )
    permits.accept_application(incomplete.id, at("2026-11-02", 14), by="受理员李四")
    refused = permits.submit_application(
        standard_application("portal-std-3", venue_name="徐汇某宾馆"), at("2026-11-02")
    )
    permits.accept_application(refused.id, at("2026-11-02", 14), by="受理员李四")
    permits.record_inspection(
        refused.id,
        passed=False,
        findings=["安全出口锁闭"],
        rectification_advice="保持安全出口畅通，整改后申请复查",
        inspectors=["监督员王", "监督员赵"],
        at=at("2026-11-05"),
    )
    permits.decide(refused.id, grant=False, reasons=[], at=at("2026-11-06"))
    permits.book_appointment(
        BookAppointment(
            request_id="b1",
            kind="guidance",
            unit=sports_venue(),
            applicant=APPLICANT,
            requested_date=dt.date(2026, 11, 10),
            booked_at=at("2026-11-02"),
        ),
        at("2026-11-02"),
    )
    return permits


def published(permits: PermitsApplication) -> list[Envelope]:
    """What permits' relay publishes, as a consumer reads it off the bus."""
    translate = build_translate(permits)
    envelopes = [
        translate(permits.mapper.to_domain_event(n), n.id) for n in permits.recorder.select_notifications(1, 1000)
    ]
    return [Envelope.from_wire(e.to_wire()) for e in envelopes if e is not None]


def test_no_message_on_permits_exchange_carries_the_applicants_contact_in_clear() -> None:
    envelopes = published(a_month_of_permits())
    with_applicant = {
        "PermitGranted",
        "DocumentsDelivered",
        "DeficienciesNotified",
        "PermitRefused",
        "AppointmentBooked",
    }
    assert with_applicant <= {e.event_type for e in envelopes}
    for envelope in envelopes:
        wire = json.dumps(envelope.to_wire(), ensure_ascii=False)
        for value in APPLICANTS_CONTACT:
            assert value not in wire, f"{envelope.event_type} carries {value} in clear"


def test_credit_consumes_permits_events_without_ever_holding_the_applicants_contact() -> None:
    envelopes = published(a_month_of_permits())
    credit = Credit()
    assert any(credit.receive(*envelopes))
    assert credit.record(SPORTS_CENTRE_USCC).permits_held == 1
    stored = [
        repr(vars(credit.app.mapper.to_domain_event(n))) for n in credit.app.recorder.select_notifications(1, 1000)
    ]
    for value in APPLICANTS_CONTACT:
        assert not any(value in event for event in stored)


def test_notify_still_reaches_the_applicant_by_sms_and_email_for_every_notice_permits_sends_them() -> None:
    n = notify_factories.notify()
    n.receive(*published(a_month_of_permits()))
    reached = {(d["notice_type"], d["channel"], d["address"]) for d in n.deliveries() if d["channel"] != "inbox"}
    for notice in (
        "permit_granted",
        "documents_delivered",
        "missing_materials",
        "permit_refused",
        "appointment_booked",
    ):
        assert {(notice, "sms", APPLICANT.phone), (notice, "email", APPLICANT.email)} <= reached, notice
