"""The day-close command: a reminder before each rectification deadline and appointment, once per date."""

from __future__ import annotations

import datetime as dt

from services.notify.day_close import close_day
from services.notify.settings import NotifySettings
from tests.unit import notify_factories as f

UNIT = f"unit:{f.SPORTS_CENTRE}"


def reminders(n: f.Notify, day: str) -> list[dict[str, str]]:
    closed = close_day(n.app, n.views, dt.date.fromisoformat(day))
    n.refresh()
    return closed.reminders


def notices_of_type(n: f.Notify, notice_type: str) -> list[dict[str, object]]:
    return [d for d in n.deliveries() if d["notice_type"] == notice_type]


def test_the_unit_is_reminded_once_when_three_working_days_remain_before_its_deadline() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered(deadline="2026-11-20")))  # a Friday
    assert reminders(n, "2026-11-16") == []  # four working days left
    assert [r["reference"] for r in reminders(n, "2026-11-17")] == ["order-0001"]
    assert reminders(n, "2026-11-17") == []
    assert reminders(n, "2026-11-19") == []
    sent = {(d["recipient"], d["channel"], d["address"]) for d in notices_of_type(n, "rectification_reminder")}
    assert sent == {(UNIT, "inbox", UNIT), (UNIT, "email", "lisi@example.cn"), (UNIT, "sms", "13900000000")}
    [inbox] = [d for d in notices_of_type(n, "rectification_reminder") if d["channel"] == "inbox"]
    assert inbox["subject"] == "整改期限届满提醒"
    assert "2026年11月20日届满（尚余3个工作日）" in str(inbox["body"])


def test_the_lead_time_counts_working_days_across_the_national_day_holiday() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered(deadline="2026-10-08")))
    assert reminders(n, "2026-09-25") == []  # 28, 29, 30 Sep and 8 Oct: four working days
    assert [r["due_on"] for r in reminders(n, "2026-09-28")] == ["2026-10-08"]


def test_the_lead_time_is_a_setting() -> None:
    n = f.notify(settings=NotifySettings(deadline_reminder_working_days=1))
    n.receive(f.envelope("supervision", f.rectification_ordered(deadline="2026-11-20")))
    assert reminders(n, "2026-11-18") == []
    assert len(reminders(n, "2026-11-19")) == 1


def test_an_extended_deadline_gets_its_own_reminder() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered(deadline="2026-11-20")))
    assert len(reminders(n, "2026-11-17")) == 1
    n.receive(f.envelope("supervision", f.rectification_extended(deadline="2026-12-04")))
    assert reminders(n, "2026-11-18") == []
    assert [r["due_on"] for r in reminders(n, "2026-12-01")] == ["2026-12-04"]
    assert len({d["cause_event_id"] for d in notices_of_type(n, "rectification_reminder")}) == 2


def test_no_reminder_once_the_order_is_verified_or_overdue() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered(order_id="o-1", deadline="2026-11-20")))
    n.receive(f.envelope("supervision", f.rectification_ordered(order_id="o-2", deadline="2026-11-20")))
    n.receive(f.envelope("supervision", f.rectification_verified(order_id="o-1")))
    n.receive(f.envelope("supervision", f.rectification_overdue(order_id="o-2")))
    assert reminders(n, "2026-11-18") == []


def test_a_past_deadline_gets_no_reminder() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered(deadline="2026-11-20")))
    assert reminders(n, "2026-11-23") == []


def test_an_appointment_is_recalled_to_the_applicant_the_working_day_before() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.appointment_booked(requested_date="2026-11-05")))
    assert reminders(n, "2026-11-03") == []
    assert [r["kind"] for r in reminders(n, "2026-11-04")] == ["appointment"]
    assert reminders(n, "2026-11-04") == []
    sent = {(d["channel"], d["address"]) for d in notices_of_type(n, "appointment_reminder")}
    assert sent == {("inbox", UNIT), ("email", "zhangsan@example.cn"), ("sms", "13800000000")}
    [sms] = [d for d in notices_of_type(n, "appointment_reminder") if d["channel"] == "sms"]
    assert "开业前消防安全指导定于2026年11月5日进行" in str(sms["body"])


def test_a_reminder_of_a_provisional_deadline_says_the_date_may_still_move() -> None:
    n = f.notify()
    ordered = f.rectification_ordered(deadline="2027-01-05")
    ordered.deadline_provisional = True
    n.receive(f.envelope("supervision", ordered))
    assert [r["due_on"] for r in reminders(n, "2026-12-31")] == ["2027-01-05"]  # 1 January 2027 is off
    letters = [d for d in notices_of_type(n, "rectification_reminder") if d["channel"] != "sms"]
    assert letters and all("暂按《全国年节及纪念日放假办法》推算" in str(d["body"]) for d in letters)
    [sms] = [d for d in notices_of_type(n, "rectification_reminder") if d["channel"] == "sms"]
    assert "期限暂按法定节假日推算" in str(sms["body"])


def test_a_drill_booked_with_the_agency_is_recalled_the_working_day_before() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.appointment_booked(kind="drill", requested_date="2026-11-09")))
    assert [r["kind"] for r in reminders(n, "2026-11-06")] == ["appointment"]  # Friday before a Monday drill
    [sms] = [d for d in notices_of_type(n, "appointment_reminder") if d["channel"] == "sms"]
    assert "灭火和应急疏散演练定于2026年11月9日进行" in str(sms["body"])
