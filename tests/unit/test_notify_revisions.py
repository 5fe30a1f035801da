"""A due date moved by the official holiday arrangement: its party is told once, reminders follow it."""

from __future__ import annotations

import datetime as dt

from firesafety.credit.v1 import events_pb2 as credit
from firesafety.permits.v1 import events_pb2 as permits
from firesafety.supervision.v1 import events_pb2 as supervision
from services.notify.day_close import close_day
from tests.unit import notify_factories as f

ARRANGEMENT = "国办发明电〔2026〕12号"


def test_a_revised_rectification_deadline_is_notified_once_and_its_reminder_follows_it() -> None:
    n = f.notify()
    ordered = f.rectification_ordered(deadline="2027-02-16")
    ordered.deadline_provisional = True
    n.receive(f.envelope("supervision", ordered))
    revised = f.envelope(
        "supervision",
        supervision.DeadlineRevised(
            order_id="order-0001", uscc=f.SPORTS_CENTRE, unit_name=f.UNIT_NAME, what="deadline",
            previous_deadline="2027-02-16", deadline="2027-02-18", deadline_provisional=False,
            arrangement=ARRANGEMENT, revised_at="2026-11-13T09:00:00+08:00",
        ),
    )  # fmt: skip
    n.receive(revised, revised)  # a redelivery changes nothing
    notices = [d for d in n.deliveries() if d["notice_type"] == "deadline_revised"]
    assert notices and len({(d["recipient"], d["channel"]) for d in notices}) == len(notices)
    letter = next(d for d in notices if d["channel"] != "sms")
    assert "2027年2月16日调整为2027年2月18日" in str(letter["body"])
    assert ARRANGEMENT in str(letter["body"])
    closed = close_day(n.app, n.views, dt.date(2027, 2, 15))
    assert [r["due_on"] for r in closed.reminders] == ["2027-02-18"]


def test_a_revised_verification_date_reaches_the_applicant() -> None:
    n = f.notify()
    n.receive(
        f.envelope(
            "permits",
            permits.DueDateRevised(
                application_id="app-1", uscc=f.SPORTS_CENTRE, unit_name=f.UNIT_NAME, what="commitment_verification",
                previous_due_date="2027-02-26", due_date="2027-03-01", arrangement=ARRANGEMENT,
                applicant=permits.Contact(name="张三", phone="13800000000"),
            ),
        )
    )  # fmt: skip
    notices = [d for d in n.deliveries() if d["notice_type"] == "deadline_revised"]
    assert any(d["channel"] == "sms" and d["address"] == "13800000000" for d in notices)
    assert "告知承诺核查期限" in str(notices[0]["body"])


def test_a_revised_objection_window_reaches_the_unit() -> None:
    n = f.notify()
    n.receive(
        f.envelope(
            "credit",
            credit.ObjectionDeadlineRevised(
                notice_id="n-1", uscc=f.SPORTS_CENTRE, unit_name=f.UNIT_NAME, previous_deadline="2027-02-16",
                objection_deadline="2027-02-18", arrangement=ARRANGEMENT,
            ),
        )
    )  # fmt: skip
    notices = [d for d in n.deliveries() if d["notice_type"] == "deadline_revised"]
    assert notices and "异议期限" in str(notices[0]["body"])
