"""P6 delivery of documents, P7 guidance appointments and off-hours inspections."""

import datetime as dt

import pytest

from services.permits.commands import BookAppointment, InvalidCommand, SubmitApplication
from services.permits.domain import StepNotAllowed
from tests.unit.factories import APPLICANT, commitment_application, sports_venue
from tests.unit.permits_fixtures import at, event_names, permits_app


def by_post(command: SubmitApplication, address: str = "上海市徐汇区漕溪北路1111号") -> SubmitApplication:
    return SubmitApplication(**{**command.__dict__, "delivery_method": "post", "postal_address": address})


def test_documents_chosen_by_post_are_delivered_with_a_tracking_number() -> None:
    permits = permits_app()
    application = permits.submit_application(by_post(commitment_application()), at("2026-11-02"))
    with pytest.raises(StepNotAllowed, match="tracking number"):
        permits.record_delivery(application.id, at("2026-11-03"), "")
    delivered = permits.record_delivery(application.id, at("2026-11-03"), "SF1234567890")
    assert delivered.delivered_at == at("2026-11-03")
    assert event_names(permits)[-1] == "DocumentsDelivered"


def test_documents_are_delivered_directly_by_default() -> None:
    permits = permits_app()
    application = permits.submit_application(commitment_application(), at("2026-11-02"))
    assert permits.record_delivery(application.id, at("2026-11-02", 16), "").delivery["method"] == "direct"


def booking(request_id: str, kind: str, requested: dt.date, booked: str = "2026-09-30") -> BookAppointment:
    return BookAppointment(
        request_id=request_id,
        kind=kind,
        unit=sports_venue(),
        applicant=APPLICANT,
        requested_date=requested,
        booked_at=at(booked),
    )


def test_guidance_is_due_on_site_within_two_working_days_across_a_holiday() -> None:
    permits = permits_app()
    appointment = permits.book_appointment(booking("b1", "guidance", dt.date(2026, 9, 30)), at("2026-09-30"))
    assert appointment.due_on == dt.date(2026, 10, 9)  # 1–7 October are off


def test_an_off_hours_inspection_is_booked_for_the_requested_evening() -> None:
    permits = permits_app()
    appointment = permits.book_appointment(
        booking("b2", "off_hours_inspection", dt.date(2026, 10, 3)), at("2026-09-30")
    )
    assert appointment.due_on == dt.date(2026, 10, 3)


def test_a_repeated_booking_returns_the_first_one() -> None:
    permits = permits_app()
    first = permits.book_appointment(booking("b3", "guidance", dt.date(2026, 11, 3), "2026-11-02"), at("2026-11-02"))
    again = permits.book_appointment(booking("b3", "guidance", dt.date(2026, 11, 3), "2026-11-02"), at("2026-11-02"))
    assert again.id == first.id
    assert event_names(permits) == ["Booked"]


def test_a_booking_in_the_past_is_refused() -> None:
    permits = permits_app()
    with pytest.raises(InvalidCommand, match="requested_date"):
        permits.book_appointment(booking("b4", "guidance", dt.date(2026, 9, 1)), at("2026-09-30"))


@pytest.mark.parametrize("kind", ["training", "drill"])
def test_training_and_drills_are_booked_for_the_requested_day(kind: str) -> None:
    permits = permits_app()
    appointment = permits.book_appointment(
        booking(f"b-{kind}", kind, dt.date(2026, 11, 20), "2026-11-02"), at("2026-11-02")
    )
    assert (appointment.kind, appointment.due_on) == (kind, dt.date(2026, 11, 20))
