"""Delivery: every attempt recorded, backoff with a cap, a visible end, nothing lost, nothing sent twice."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass, field

import pytest

from firesafety.permits.v1.events_pb2 import Contact
from services.notify import read_models
from services.notify.channels import Channels, InboxChannel, Outgoing, PublicationChannel, Unconfigured
from services.notify.directory import Directory
from services.notify.domain import DeliveryOutcome, NoticeClosed, NoticeNotFailed, RetryPolicy
from services.notify.settings import NotifySettings
from tests.unit import notify_factories as f

T0 = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai, after the events' business time
MINUTE = dt.timedelta(minutes=1)


@dataclass
class ScriptedChannel:
    """A channel answering from a script, then delivering; it keeps what it was asked to send."""

    name: str
    script: list[DeliveryOutcome | Exception] = field(default_factory=list)
    sent: list[Outgoing] = field(default_factory=list)
    unconfigured: str = ""

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        self.sent.append(message)
        outcome = self.script.pop(0) if self.script else DeliveryOutcome.delivered(f"receipt-{len(self.sent)}")
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def channels(*extra: ScriptedChannel) -> Channels:
    return Channels([InboxChannel(), PublicationChannel(), *extra])


def email_only(n: f.Notify) -> str:
    [row] = [d for d in n.deliveries() if d["channel"] == "email"]
    return str(row["notice_id"])


def applicant_with_email_only() -> Contact:
    return f.contact(name="张三", email="zhangsan@example.cn")


def test_the_delay_doubles_from_the_first_retry_up_to_the_cap() -> None:
    policy = RetryPolicy(max_attempts=9, first_delay=MINUTE, max_delay=dt.timedelta(hours=1))
    assert [policy.delay_after(a) / MINUTE for a in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_each_attempt_is_recorded_with_time_channel_and_result_and_the_next_one_waits_for_the_backoff() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified(applicant=applicant_with_email_only())))
    email = ScriptedChannel("email", [DeliveryOutcome.temporary("421 busy"), DeliveryOutcome.temporary("timeout")])
    dispatcher = n.dispatcher(channels(email))

    first = dispatcher.dispatch_due(T0)
    assert (first.attempted, first.retrying) == (2, 1)  # the inbox delivers, the e-mail waits
    assert dispatcher.dispatch_due(T0 + 59 * dt.timedelta(seconds=1)).attempted == 0
    dispatcher.dispatch_due(T0 + MINUTE)
    assert dispatcher.dispatch_due(T0 + 2 * MINUTE).attempted == 0  # the second delay is two minutes
    dispatcher.dispatch_due(T0 + 3 * MINUTE)

    notice = read_models.notice(n.views, email_only(n))
    assert notice is not None
    assert notice["status"] == "delivered" and notice["receipt"] == "receipt-3"
    log = [(a["at"], a["channel"], a["attempt"], a["result"], a["next_attempt_at"]) for a in notice["attempt_log"]]
    stamp = read_models.tables.stamp
    assert log == [
        (stamp(T0), "email", 1, "temporary_failure", stamp(T0 + MINUTE)),
        (stamp(T0 + MINUTE), "email", 2, "temporary_failure", stamp(T0 + 3 * MINUTE)),
        (stamp(T0 + 3 * MINUTE), "email", 3, "delivered", None),
    ]
    assert len(email.sent) == 3 and {m.notice_id for m in email.sent} == {notice["notice_id"]}


def test_a_notice_that_keeps_failing_ends_failed_after_the_capped_attempts_and_is_not_tried_again() -> None:
    n = f.notify(settings=NotifySettings(max_attempts=3))
    n.receive(f.envelope("permits", f.deficiencies_notified(applicant=applicant_with_email_only())))
    email = ScriptedChannel("email", [DeliveryOutcome.temporary("connection refused")] * 10)
    dispatcher = n.dispatcher(channels(email))
    for minutes in (0, 1, 3, 7, 60, 600):
        dispatcher.dispatch_due(T0 + minutes * MINUTE)
    assert len(email.sent) == 3
    [failed] = read_models.failed_deliveries(n.views)
    assert failed["channel"] == "email" and failed["attempts"] == 3
    assert failed["failed_reason"] == "gave up after 3 attempts: connection refused"
    assert failed["next_attempt_at"] is None


def test_a_permanent_failure_ends_failed_at_once() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified(applicant=applicant_with_email_only())))
    email = ScriptedChannel("email", [DeliveryOutcome.permanent("550 mailbox unavailable")])
    dispatcher = n.dispatcher(channels(email))
    assert dispatcher.dispatch_due(T0).failed == 1
    dispatcher.dispatch_due(T0 + dt.timedelta(days=1))
    assert len(email.sent) == 1
    assert read_models.failed_deliveries(n.views)[0]["failed_reason"] == "550 mailbox unavailable"


def test_staff_retry_a_failed_notice_for_a_new_round_of_attempts() -> None:
    n = f.notify(settings=NotifySettings(max_attempts=2))
    n.receive(f.envelope("permits", f.deficiencies_notified(applicant=applicant_with_email_only())))
    email = ScriptedChannel("email", [DeliveryOutcome.permanent("550 mailbox unavailable")])
    dispatcher = n.dispatcher(channels(email))
    dispatcher.dispatch_due(T0)
    notice_id = email_only(n)

    n.app.retry(notice_id, T0 + dt.timedelta(hours=2), requested_by="inspector-7")
    n.refresh()
    assert read_models.failed_deliveries(n.views) == []
    assert dispatcher.dispatch_due(T0 + dt.timedelta(hours=2)).delivered == 1
    notice = read_models.notice(n.views, notice_id)
    assert notice is not None and notice["status"] == "delivered"
    assert [a["attempt"] for a in notice["attempt_log"]] == [1, 1]


def test_only_a_failed_notice_can_be_retried_and_a_delivered_one_takes_no_more_attempts() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified(applicant=applicant_with_email_only())))
    n.dispatcher(channels(ScriptedChannel("email"))).dispatch_due(T0)
    notice_id = email_only(n)
    with pytest.raises(NoticeNotFailed):
        n.app.retry(notice_id, T0, requested_by="inspector-7")
    with pytest.raises(NoticeClosed):
        n.app.record_attempt(notice_id, T0, "x@example.cn", DeliveryOutcome.delivered("again"))


def test_notices_of_an_unconfigured_channel_wait_held_and_go_out_once_it_is_configured() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified()))
    unconfigured = Unconfigured("sms", "SMS is not configured: set NOTIFY_SMS_GATEWAY_URL")
    dispatcher = n.dispatcher(Channels([InboxChannel(), ScriptedChannel("email"), unconfigured]))
    assert dispatcher.dispatch_due(T0).held == 1
    [sms] = [d for d in n.deliveries() if d["channel"] == "sms"]
    assert (sms["status"], sms["held_reason"]) == ("held", "SMS is not configured: set NOTIFY_SMS_GATEWAY_URL")
    assert dispatcher.dispatch_due(T0 + dt.timedelta(days=3)).held == 0  # held once, not a loop
    assert read_models.delivery_counts(n.views)["sms"] == {"held": 1}

    gateway = ScriptedChannel("sms")
    n.dispatcher(Channels([InboxChannel(), gateway])).dispatch_due(T0 + dt.timedelta(days=3))
    assert [m.address for m in gateway.sent] == ["13800000000"]
    assert read_models.delivery_counts(n.views)["sms"] == {"delivered": 1}


def test_a_regulator_missing_from_the_directory_fails_visibly_until_the_directory_is_corrected() -> None:
    n = f.notify(directory={})
    n.receive(f.envelope("supervision", f.referral_letter_sent()))
    email = ScriptedChannel("email")
    n.dispatcher(channels(email)).dispatch_due(T0)
    [failed] = read_models.failed_deliveries(n.views)
    assert "no email address for regulator:culture_and_tourism" in failed["failed_reason"]
    assert email.sent == []

    corrected = Directory.from_mapping(f.DIRECTORY)
    n.app.retry(failed["notice_id"], T0 + MINUTE, requested_by="inspector-7")
    n.dispatcher(channels(email), corrected).dispatch_due(T0 + MINUTE)
    assert [m.address for m in email.sent] == ["anquan@wenlv.example.cn"]
    delivered = read_models.notice(n.views, failed["notice_id"])
    assert delivered is not None and delivered["address"] == "anquan@wenlv.example.cn"  # staff see where it went


def test_a_channel_that_breaks_delays_its_notice_and_the_others_still_go_out() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified()))
    email = ScriptedChannel("email", [RuntimeError("adapter bug")])
    sms = ScriptedChannel("sms")
    report = n.dispatcher(channels(email, sms)).dispatch_due(T0)
    assert (report.delivered, report.retrying) == (2, 1)
    notice = read_models.notice(n.views, email_only(n))
    assert notice is not None and notice["status"] == "pending"
    assert "adapter bug" in notice["last_detail"]


def test_a_dispatcher_that_does_not_hold_the_lock_sends_nothing() -> None:
    class Taken:
        def acquire(self) -> bool:
            return False

        def release(self) -> None:
            raise AssertionError("never acquired")

    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified()))
    email = ScriptedChannel("email")
    dispatcher = n.dispatcher(channels(email))
    dispatcher.lock = Taken()
    assert dispatcher.dispatch_due(T0).attempted == 0
    assert email.sent == []


def test_the_portal_inbox_shows_delivered_notices_newest_first_and_marks_them_read() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified()))
    assert read_models.inbox(n.views, f.SPORTS_CENTRE) == []  # not delivered yet
    n.dispatcher(channels(ScriptedChannel("email"), ScriptedChannel("sms"))).dispatch_due(T0)
    n.receive(f.envelope("permits", f.permit_granted()))
    n.dispatcher(channels(ScriptedChannel("email"), ScriptedChannel("sms"))).dispatch_due(T0 + MINUTE)
    inbox = read_models.inbox(n.views, f.SPORTS_CENTRE)
    assert [m["notice_type"] for m in inbox] == ["permit_granted", "missing_materials"]

    n.app.mark_read(inbox[0]["notice_id"], f.SPORTS_CENTRE, T0 + 2 * MINUTE)
    n.refresh()
    assert [m["notice_type"] for m in read_models.inbox(n.views, f.SPORTS_CENTRE, unread_only=True)] == [
        "missing_materials"
    ]


def test_replaying_the_log_rebuilds_the_same_delivery_records() -> None:
    n = f.notify(settings=NotifySettings(max_attempts=2))
    n.receive(f.envelope("permits", f.deficiencies_notified()))
    dispatcher = n.dispatcher(
        channels(ScriptedChannel("email", [DeliveryOutcome.temporary("busy")]), ScriptedChannel("sms"))
    )
    dispatcher.dispatch_due(T0)
    dispatcher.dispatch_due(T0 + MINUTE)
    before = sorted(n.deliveries(), key=lambda d: d["notice_id"])
    n.projector.rebuild()
    assert sorted(n.deliveries(), key=lambda d: d["notice_id"]) == before


def test_an_attempt_on_a_notice_staff_changed_during_the_batch_is_recorded_after_their_change() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified(applicant=applicant_with_email_only())))

    @dataclass
    class StaffHoldWhileSending(ScriptedChannel):
        """While the e-mail goes out, staff hold the same notice."""

        def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
            n.app.hold(message.notice_id, now, "held by staff while it was being sent")
            return super().send(message, now)

    email = StaffHoldWhileSending("email")
    report = n.dispatcher(channels(email)).dispatch_due(T0)

    assert (report.attempted, report.delivered) == (2, 2)  # the batch's save lost the race; each recorded again
    assert {d["channel"]: d["status"] for d in n.deliveries()} == {"inbox": "delivered", "email": "delivered"}
    for delivery in n.deliveries():  # every change once: nothing lost, nothing recorded twice
        events = [type(e).__name__ for e in n.app.events.get(uuid.UUID(delivery["notice_id"]))]
        held = ["DeliveryHeld"] if delivery["channel"] == "email" else []
        assert events == ["Created", *held, "DeliveryAttempted", "Delivered"]
    assert len(email.sent) == 1


@dataclass
class HangingChannel:
    """A channel whose server accepts and never answers, until `answer` is set or it gives up."""

    name: str
    answer: threading.Event = field(default_factory=threading.Event)
    released: list[bool] = field(default_factory=list)
    unconfigured: str = ""

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        self.released.append(self.answer.wait(timeout=60))
        return DeliveryOutcome.temporary("timed out")


def test_a_mail_server_that_never_answers_holds_back_no_sms_and_no_inbox_notice() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified()))
    email, sms = HangingChannel("email"), ScriptedChannel("sms")
    dispatcher = n.dispatcher(channels(email, sms))

    def refresh_then_look() -> None:
        n.refresh()
        statuses = {d["channel"]: d["status"] for d in n.deliveries()}
        if statuses.get("sms") == "delivered" and statuses.get("inbox") == "delivered":
            email.answer.set()  # recorded while the mail server still hangs

    dispatcher.refresh = refresh_then_look
    report = dispatcher.dispatch_due(T0)
    assert email.released == [True], "the SMS and the inbox notice waited for the mail server"
    assert (report.delivered, report.retrying) == (2, 1)


def test_a_channel_out_of_time_for_the_round_leaves_its_notices_due_for_the_next() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified()))
    email = ScriptedChannel("email")
    dispatcher = n.dispatcher(channels(email))
    dispatcher.channel_budget_seconds = 0
    report = dispatcher.dispatch_due(T0)
    assert (report.deferred, report.attempted, email.sent) == (2, 0, [])  # the email and the inbox notice
    notice = read_models.notice(n.views, email_only(n))
    assert notice is not None and notice["status"] == "pending" and notice["attempts"] == 0
    dispatcher.channel_budget_seconds = 15
    assert dispatcher.dispatch_due(T0).delivered == 2
    assert len(email.sent) == 1
