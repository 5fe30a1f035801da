"""Every notice type, from its causing event to the message a real server received.

The servers are real (aiosmtpd for e-mail, HTTP servers standing for the SMS
gateway and a partner agency's system) on free local ports; the notify store is
in memory, so these tests need neither RabbitMQ nor PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest

from kit.envelope import Envelope
from services.notify import read_models
from services.notify.channels import (
    CallbackChannel,
    Channels,
    EmailChannel,
    InboxChannel,
    PublicationChannel,
    SmsGatewayChannel,
)
from services.notify.day_close import close_day
from services.notify.directory import Directory
from services.notify.dispatch import Dispatcher, DispatchReport
from services.notify.settings import NotifySettings, SmsGatewaySettings, SmtpSettings
from tests.e2e.notify_servers import HttpEndpoint, Received, SmtpServer, body_of, callback_answer
from tests.unit import notify_factories as f

pytestmark = pytest.mark.integration

AT = dt.datetime(2026, 12, 31, 1, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
SECRET = "s3cret-credit"
SUBSCRIPTIONS = [
    "permit_decision_published",
    "penalty_published",
    "inspection_plan_published",
    "inspection_results_published",
    "rectification_overdue",
    "blacklisted",
    "credit_repaired",
]


@dataclass
class Arrivals:
    emails: list[EmailMessage] = field(default_factory=list)
    sms: list[Received] = field(default_factory=list)
    callbacks: list[Received] = field(default_factory=list)

    def email_to(self, address: str) -> EmailMessage:
        [message] = [m for m in self.emails if m["To"] == address]
        return message

    def sms_to(self, phone: str) -> str:
        [request] = [r for r in self.sms if r.json()["to"] == phone]
        return str(request.json()["text"])


@dataclass
class World:
    notify: f.Notify
    smtp: SmtpServer
    gateway: HttpEndpoint
    partner: HttpEndpoint
    dispatcher: Dispatcher

    def deliver(self, *envelopes: Envelope, at: dt.datetime = AT) -> Arrivals:
        """Receive the events, dispatch once, and return what reached the servers meanwhile."""
        before = (len(self.smtp.messages), len(self.gateway.received), len(self.partner.received))
        self.notify.receive(*envelopes)
        self.last_report = self.dispatcher.dispatch_due(at)
        return self.arrivals_since(before)

    def dispatch(self, at: dt.datetime) -> DispatchReport:
        return self.dispatcher.dispatch_due(at)

    def close_day(self, day: str) -> Arrivals:
        before = (len(self.smtp.messages), len(self.gateway.received), len(self.partner.received))
        close_day(self.notify.app, self.notify.views, dt.date.fromisoformat(day))
        self.notify.refresh()
        self.dispatcher.dispatch_due(AT)
        return self.arrivals_since(before)

    def arrivals_since(self, before: tuple[int, int, int]) -> Arrivals:
        return Arrivals(
            self.smtp.messages[before[0] :], self.gateway.received[before[1] :], self.partner.received[before[2] :]
        )


def world_with(settings: NotifySettings) -> Iterator[World]:
    with SmtpServer() as smtp, HttpEndpoint() as gateway, HttpEndpoint(callback_answer) as partner:
        directory = {
            **f.DIRECTORY,
            "agencies": {
                "credit-platform": {
                    "name": "公共信用信息服务平台",
                    "callback_url": f"{partner.url}/firesafety/notices",
                    "secret": SECRET,
                    "subscriptions": SUBSCRIPTIONS,
                }
            },
        }
        notify = f.notify(directory=directory, settings=settings)
        channels = Channels(
            [
                InboxChannel(),
                PublicationChannel(),
                EmailChannel(SmtpSettings(host="127.0.0.1", port=smtp.port, sender="notify@xf.example.cn")),
                SmsGatewayChannel(SmsGatewaySettings(url=f"{gateway.url}/v1/messages", timeout_seconds=5)),
                CallbackChannel(timeout_seconds=5),
            ]
        )
        dispatcher = Dispatcher(
            notify.app, notify.views, channels, Directory.from_mapping(directory), refresh=notify.refresh
        )
        yield World(notify, smtp, gateway, partner, dispatcher)


@pytest.fixture
def world() -> Iterator[World]:
    yield from world_with(NotifySettings())


@pytest.fixture
def impatient_world() -> Iterator[World]:
    yield from world_with(NotifySettings(max_attempts=3))


def body(message: EmailMessage) -> str:
    return body_of(message).replace("\r\n", "\n")


def callback_of(arrivals: Arrivals, notice_type: str) -> dict[str, object]:
    [request] = [r for r in arrivals.callbacks if r.json()["notice_type"] == notice_type]
    assert request.signed_with(SECRET)
    assert request.headers["X-Notify-Delivery"] == request.json()["notice_id"]
    payload: dict[str, object] = request.json()
    return payload


ORDERED = f.envelope("supervision", f.rectification_ordered(), originator="primer-order")


@dataclass(frozen=True)
class Case:
    """A notice type: the event that causes it, and what must reach whom."""

    notice_type: str
    event: Callable[[], Envelope]
    emails: dict[str, list[str]] = field(default_factory=dict)  # address -> terms in the body
    sms: dict[str, list[str]] = field(default_factory=dict)  # phone -> terms in the text
    callbacks: dict[str, list[str]] = field(default_factory=dict)  # notice type -> terms in the text
    primed: bool = False  # a rectification order came first: the unit's responsible person is known


CASES = [
    Case(
        "missing_materials",
        lambda: f.envelope("permits", f.deficiencies_notified()),
        emails={"zhangsan@example.cn": ["一次性告知", "容缺受理", *f.MISSING_TERMS]},
        sms={"13800000000": f.MISSING_TERMS},
    ),
    Case(
        "permit_granted",
        lambda: f.envelope("permits", f.permit_granted()),
        emails={"zhangsan@example.cn": ["准予许可", "沪徐消许〔2026〕第0001号"]},
        sms={"13800000000": ["准予许可"]},
        callbacks={"permit_decision_published": ["行政许可信息公示", "准予许可"]},
    ),
    Case(
        "permit_refused",
        lambda: f.envelope("permits", f.permit_refused()),
        emails={"zhangsan@example.cn": ["不予许可", "疏散通道宽度不足", "行政复议"]},
        sms={"13800000000": ["不予许可"]},
        callbacks={"permit_decision_published": ["不予许可"]},
    ),
    Case(
        "permit_revoked",
        lambda: f.envelope("permits", f.permit_revoked()),
        emails={"lisi@example.cn": ["撤销", "告知承诺内容严重失实"]},
        sms={"13900000000": ["撤销"]},
        callbacks={"permit_decision_published": ["撤销许可"]},
        primed=True,
    ),
    Case(
        "permit_amended",
        lambda: f.envelope("permits", f.permit_amended()),
        emails={"lisi@example.cn": ["简化程序", "由王五变更为赵六"]},
        sms={"13900000000": ["准予变更"]},
        callbacks={"permit_decision_published": ["准予变更"]},
        primed=True,
    ),
    Case(
        "documents_delivered",
        lambda: f.envelope("permits", f.documents_delivered()),
        emails={"zhangsan@example.cn": ["免费邮寄送达", "EMS1234567890"]},
        sms={"13800000000": ["EMS1234567890"]},
    ),
    Case(
        "statutory_clock_breached",
        lambda: f.envelope("permits", f.statutory_clock_breached()),
        emails={"duty@xh.119.example.cn": ["已超期", "现场检查"]},
    ),
    Case(
        "appointment_booked",
        lambda: f.envelope("permits", f.appointment_booked()),
        emails={"zhangsan@example.cn": ["开业前消防安全指导", "2026年11月5日"]},
        sms={"13800000000": ["预约编号appt-0001"]},
    ),
    Case(
        "rectification_ordered",
        lambda: f.envelope("supervision", f.rectification_ordered(order_id="order-9")),
        emails={"lisi@example.cn": ["责令", "2026年11月20日前改正", "整改意见"]},
        sms={"13900000000": ["责令改正通知书"]},
    ),
    Case(
        "rectification_extended",
        lambda: f.envelope("supervision", f.rectification_extended()),
        emails={"lisi@example.cn": ["同意延期", "2026年12月4日"]},
        sms={"13900000000": ["2026年12月4日"]},
        primed=True,
    ),
    Case(
        "rectification_overdue",
        lambda: f.envelope("supervision", f.rectification_overdue()),
        emails={"lisi@example.cn": ["逾期", "停产停业"]},
        sms={"13900000000": ["逾期未改正"]},
        callbacks={"rectification_overdue": ["逾期"]},
        primed=True,
    ),
    Case(
        "referral_letter",
        lambda: f.envelope("supervision", f.referral_letter_sent()),
        emails={"anquan@wenlv.example.cn": ["函告", "管行业必须管安全", "二层看台安全出口被锁闭"]},
    ),
    Case(
        "complaint_feedback",
        lambda: f.envelope("supervision", f.complaint_feedback_given()),
        emails={"chen@example.cn": ["已核查处理", "保密"]},
        sms={"13700000000": ["已责令该单位当场改正"]},
    ),
    Case(
        "penalty_published",
        lambda: f.envelope("supervision", f.penalty_decided()),
        callbacks={"penalty_published": ["行政处罚信息公示", "锁闭安全出口"]},
    ),
    Case(
        "inspection_plan_published",
        lambda: f.envelope("supervision", f.inspection_plan_published(), subject="徐汇区"),
        callbacks={"inspection_plan_published": ["双随机", "9f2c1d"]},
    ),
    Case(
        "inspection_results_published",
        lambda: f.envelope("supervision", f.inspection_results_published(), subject="徐汇区"),
        callbacks={"inspection_results_published": ["发现火灾隐患", "未发现问题"]},
    ),
    Case(
        "listing_notice",
        lambda: f.envelope("credit", f.listing_notice_issued()),
        emails={"lisi@example.cn": ["拟被列入消防安全严重失信主体名单", "陈述、申辩", "2026年12月8日前"]},
        sms={"13900000000": ["异议"]},
        primed=True,
    ),
    Case(
        "listing_withdrawn",
        lambda: f.envelope("credit", f.listing_notice_withdrawn()),
        emails={"lisi@example.cn": ["撤回", "异议经审核成立"]},
        sms={"13900000000": ["不予列入"]},
        primed=True,
    ),
    Case(
        "blacklisted",
        lambda: f.envelope("credit", f.standing_changed()),
        emails={"lisi@example.cn": ["严重失信主体名单", "联合惩戒"]},
        sms={"13900000000": ["严重失信主体名单"]},
        callbacks={"blacklisted": ["严重失信主体名单"]},
        primed=True,
    ),
    Case(
        "credit_repaired",
        lambda: f.envelope("credit", f.credit_repaired()),
        emails={"lisi@example.cn": ["信用修复"]},
        sms={"13900000000": ["修复"]},
        callbacks={"credit_repaired": ["信用修复"]},
        primed=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.notice_type for c in CASES])
def test_each_notice_type_goes_from_its_event_to_the_real_servers(world: World, case: Case) -> None:
    if case.primed:
        world.deliver(ORDERED)
    arrived = world.deliver(case.event())
    assert len(arrived.emails) == len(case.emails)
    for address, terms in case.emails.items():
        message = arrived.email_to(address)
        assert message["X-Notice-Type"] == case.notice_type
        assert message["From"] == "notify@xf.example.cn"
        for term in terms:
            assert term in body(message)
    assert len(arrived.sms) == len(case.sms)
    for phone, terms in case.sms.items():
        text = arrived.sms_to(phone)
        assert text.startswith("【消防救援机构】")
        for term in terms:
            assert term in text
    assert len(arrived.callbacks) == len(case.callbacks)
    for notice_type, terms in case.callbacks.items():
        payload = callback_of(arrived, notice_type)
        for term in terms:
            assert term in str(payload["text"])
    failed = read_models.failed_deliveries(world.notify.views)
    assert failed == []


def test_a_reminder_before_the_rectification_deadline_arrives_once(world: World) -> None:
    world.deliver(ORDERED)
    arrived = world.close_day("2026-11-17")
    assert "整改期限将于2026年11月20日届满" in body(arrived.email_to("lisi@example.cn"))
    assert "2026年11月20日届满" in arrived.sms_to("13900000000")
    again = world.close_day("2026-11-18")
    assert (again.emails, again.sms) == ([], [])


def test_an_appointment_reminder_arrives_the_working_day_before(world: World) -> None:
    world.deliver(f.envelope("permits", f.appointment_booked()))
    assert world.close_day("2026-11-03").emails == []
    arrived = world.close_day("2026-11-04")
    assert arrived.email_to("zhangsan@example.cn")["X-Notice-Type"] == "appointment_reminder"
    assert "定于2026年11月5日进行" in arrived.sms_to("13800000000")


def test_the_portal_inbox_holds_the_unit_notices(world: World) -> None:
    world.deliver(f.envelope("permits", f.deficiencies_notified()), f.envelope("permits", f.permit_granted()))
    inbox = read_models.inbox(world.notify.views, f.SPORTS_CENTRE)
    assert {m["notice_type"] for m in inbox} == {"missing_materials", "permit_granted"}


def test_the_same_event_delivered_three_times_sends_one_email_and_one_sms(world: World) -> None:
    event = f.envelope("permits", f.deficiencies_notified())
    arrived = world.deliver(event, event, event)
    again = world.deliver(event, at=AT + dt.timedelta(days=1))
    assert len(arrived.emails) == 1 and len(arrived.sms) == 1
    assert (again.emails, again.sms) == ([], [])


def test_an_smtp_outage_delays_the_email_and_loses_nothing(world: World) -> None:
    world.smtp.stop()
    arrived = world.deliver(f.envelope("permits", f.deficiencies_notified()))
    assert arrived.emails == [] and len(arrived.sms) == 1
    world.dispatch(AT + MINUTE)  # still down: the next try waits two minutes more
    world.smtp.start()
    assert world.dispatch(AT + 2 * MINUTE).attempted == 0
    assert world.dispatch(AT + 3 * MINUTE).delivered == 1
    [message] = world.smtp.to("zhangsan@example.cn")
    for term in f.MISSING_TERMS:
        assert term in body(message)
    [email] = [d for d in world.notify.deliveries() if d["channel"] == "email"]
    log = read_models.notice(world.notify.views, email["notice_id"])
    assert log is not None
    assert [a["result"] for a in log["attempt_log"]] == ["temporary_failure", "temporary_failure", "delivered"]
    assert "Connection refused" in log["attempt_log"][0]["detail"]


def test_an_smtp_server_refusing_the_mailbox_ends_the_email_failed_and_the_sms_still_goes(world: World) -> None:
    world.smtp.refuse["zhangsan@example.cn"] = "550 5.1.1 mailbox unavailable"
    arrived = world.deliver(f.envelope("permits", f.deficiencies_notified()))
    assert arrived.emails == [] and len(arrived.sms) == 1
    [failed] = read_models.failed_deliveries(world.notify.views)
    assert failed["channel"] == "email" and "550" in failed["failed_reason"]
    assert world.dispatch(AT + dt.timedelta(days=1)).attempted == 0


def test_a_gateway_answering_503_is_retried_with_backoff_until_it_accepts(world: World) -> None:
    world.gateway.failures = [503, 503]
    world.deliver(f.envelope("permits", f.deficiencies_notified()))
    world.dispatch(AT + MINUTE)
    world.dispatch(AT + 3 * MINUTE)
    delivered = [r for r in world.gateway.received if r.json()["to"] == "13800000000"]
    assert len(delivered) == 3
    assert {r.json()["reference"] for r in delivered} == {delivered[0].headers["Idempotency-Key"]}
    [sms] = [d for d in world.notify.deliveries() if d["channel"] == "sms"]
    assert (sms["status"], sms["receipt"], sms["attempts"]) == ("delivered", "sms-3", 3)


def test_a_gateway_rejecting_the_number_ends_the_sms_failed_after_one_attempt(world: World) -> None:
    world.gateway.failures = [400]
    world.deliver(f.envelope("permits", f.deficiencies_notified()))
    for day in range(1, 4):
        world.dispatch(AT + dt.timedelta(days=day))
    assert len(world.gateway.received) == 1
    [failed] = read_models.failed_deliveries(world.notify.views)
    assert failed["channel"] == "sms" and failed["failed_reason"].startswith("HTTP 400")


def test_a_partner_callback_that_fails_is_retried_and_its_receipt_recorded(world: World) -> None:
    world.partner.failures = [500]
    world.deliver(f.envelope("supervision", f.penalty_decided()))
    world.dispatch(AT + MINUTE)
    first, second = world.partner.received
    assert first.json()["notice_id"] == second.json()["notice_id"]
    assert first.signed_with(SECRET) and second.signed_with(SECRET)
    assert (first.json()["attempt"], second.json()["attempt"]) == (1, 2)
    assert second.json()["data"]["document_no"] == "沪徐消行罚决字〔2026〕0001号"
    [callback] = [d for d in world.notify.deliveries() if d["channel"] == "callback"]
    assert (callback["status"], callback["receipt"]) == ("delivered", "rcpt-2")


def test_a_partner_that_stays_unreachable_ends_failed_after_the_capped_attempts(impatient_world: World) -> None:
    world = impatient_world
    world.partner.stop()
    world.deliver(f.envelope("credit", f.credit_repaired()))
    for minutes in (1, 3, 7, 15, 60):
        world.dispatch(AT + minutes * MINUTE)
    [failed] = read_models.failed_deliveries(world.notify.views)
    assert failed["recipient"] == "agency:credit-platform" and failed["attempts"] == 3
    assert failed["failed_reason"].startswith("gave up after 3 attempts")
