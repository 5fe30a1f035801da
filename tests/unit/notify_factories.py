"""Upstream events as the permits, supervision and credit relays publish them, and a notify on memory."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from google.protobuf.message import Message
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import StaticPool

from firesafety.credit.v1 import events_pb2 as credit
from firesafety.permits.v1 import events_pb2 as permits
from firesafety.supervision.v1 import events_pb2 as supervision
from kit.database import IN_MEMORY_ENV
from kit.envelope import Envelope
from kit.positions import PositionStore
from kit.projection import Projector
from kit.sealed import process_applicant_contact_seal, process_reporter_contact_seal
from services.notify import read_models
from services.notify.application import NotifyApplication
from services.notify.channels import Channels, InboxChannel, PublicationChannel
from services.notify.directory import Directory
from services.notify.dispatch import Dispatcher
from services.notify.settings import NotifySettings

SPORTS_CENTRE = "91110000600037341L"
SHANGHAI_MALL = "91310000MA1FL4B24G"
UNIT_NAME = "上海某体育发展有限公司"
CST = dt.timezone(dt.timedelta(hours=8))
NOV_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST)
MISSING = ["application_form", "safety_rules_and_evacuation_plan", "floor_and_fire_facility_plans"]
MISSING_TERMS = ["消防安全检查申请表", "消防安全制度、灭火和应急疏散预案", "场所平面布置图、场所消防设施平面图"]


def contact(name: str, phone: str = "", email: str = "", sealed: bool = True) -> permits.Contact:
    """An applicant as permits names one: sealed for notify (or, `sealed=False`, in the fields of the
    messages published before)."""
    if not sealed:
        return permits.Contact(name=name, phone=phone, email=email)
    return permits.Contact(sealed=process_applicant_contact_seal().seal({"name": name, "phone": phone, "email": email}))


APPLICANT = contact("张三", "13800000000", "zhangsan@example.cn")


_positions: Iterator[int] = iter(range(1, 1_000_000))


def next_position() -> int:
    """A position after every one the factories have given: an upstream's log only grows."""
    return next(_positions)


def envelope(
    source: str,
    message: Message,
    *,
    position: int | None = None,
    subject: str = SPORTS_CENTRE,
    business_time: dt.datetime = NOV_2,
    originator: str | None = None,
) -> Envelope:
    """An envelope as `source`'s relay publishes it; the same arguments give the same event id."""
    position = position if position is not None else next(_positions)
    key = originator or f"{source}/{message.DESCRIPTOR.name}/{position}"
    return Envelope.wrap(
        source=source,
        position=position,
        originator_id=uuid.uuid5(uuid.NAMESPACE_URL, key),
        originator_version=1,
        message=message,
        subject=subject,
        business_time=business_time.isoformat(),
        correlation_id=key,
    )


# permits -----------------------------------------------------------------------------------------


def deficiencies_notified(missing: list[str] | None = None, **fields: Any) -> permits.DeficienciesNotified:
    values: dict[str, Any] = {
        "application_id": "app-0001",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "venue_name": "徐汇体育馆",
        "missing_materials": MISSING if missing is None else missing,
        "notified_at": NOV_2.isoformat(),
        "applicant": APPLICANT,
        "route": "standard",
    }
    values.update(fields)
    return permits.DeficienciesNotified(**values)


def permit_granted(**fields: Any) -> permits.PermitGranted:
    values: dict[str, Any] = {
        "application_id": "app-0001",
        "permit_no": "沪徐消许〔2026〕第0001号",
        "route": "standard",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "venue_name": "徐汇体育馆",
        "district": "徐汇区",
        "venue_category": "sports_venue",
        "floor_area_m2": 5200,
        "granted_at": NOV_2.isoformat(),
        "applicant": APPLICANT,
        "address": "漕溪北路1111号",
        "street": "徐家汇街道",
        "delivery_method": "post",
    }
    values.update(fields)
    return permits.PermitGranted(**values)


def permit_refused(**fields: Any) -> permits.PermitRefused:
    values: dict[str, Any] = {
        "application_id": "app-0002",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "venue_name": "徐汇体育馆",
        "district": "徐汇区",
        "reasons": ["疏散通道宽度不足", "自动喷水灭火系统未保持完好有效"],
        "rectification_advice": "拓宽二层东侧疏散通道至1.4米以上，修复喷淋系统末端试水装置",
        "refused_at": NOV_2.isoformat(),
        "applicant": APPLICANT,
    }
    values.update(fields)
    return permits.PermitRefused(**values)


def permit_revoked(**fields: Any) -> permits.PermitRevoked:
    values: dict[str, Any] = {
        "application_id": "app-0001",
        "permit_no": "沪徐消许〔2026〕第0001号",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "reason": "commitment_seriously_false",
        "revoked_at": NOV_2.isoformat(),
    }
    values.update(fields)
    return permits.PermitRevoked(**values)


def permit_amended(**fields: Any) -> permits.PermitAmended:
    values: dict[str, Any] = {
        "application_id": "app-0003",
        "permit_no": "沪徐消许〔2026〕第0001号",
        "uscc": SPORTS_CENTRE,
        "previous_name": UNIT_NAME,
        "unit_name": "上海某体育文化有限公司",
        "previous_legal_representative": "王五",
        "legal_representative": "赵六",
        "amended_at": NOV_2.isoformat(),
        "venue_name": "徐汇体育馆",
        "district": "徐汇区",
        "address": "漕溪北路1111号",
    }
    values.update(fields)
    return permits.PermitAmended(**values)


def documents_delivered(**fields: Any) -> permits.DocumentsDelivered:
    values: dict[str, Any] = {
        "application_id": "app-0001",
        "permit_no": "沪徐消许〔2026〕第0001号",
        "uscc": SPORTS_CENTRE,
        "method": "post",
        "delivered_at": NOV_2.isoformat(),
        "postal_tracking_no": "EMS1234567890",
        "applicant": APPLICANT,
    }
    values.update(fields)
    return permits.DocumentsDelivered(**values)


def statutory_clock_breached(**fields: Any) -> permits.StatutoryClockBreached:
    values: dict[str, Any] = {
        "application_id": "app-0004",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "stage": "inspection",
        "due_date": "2026-11-16",
        "breached_on": "2026-11-17",
    }
    values.update(fields)
    return permits.StatutoryClockBreached(**values)


def appointment_booked(**fields: Any) -> permits.AppointmentBooked:
    values: dict[str, Any] = {
        "appointment_id": "appt-0001",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "venue_name": "徐汇体育馆",
        "address": "漕溪北路1111号",
        "kind": "guidance",
        "requested_date": "2026-11-05",
        "due_date": "2026-11-04",
        "applicant": APPLICANT,
        "booked_at": NOV_2.isoformat(),
    }
    values.update(fields)
    return permits.AppointmentBooked(**values)


# supervision -------------------------------------------------------------------------------------

RESPONSIBLE = {"responsible_person": "李四", "responsible_phone": "13900000000", "responsible_email": "lisi@example.cn"}


def rectification_ordered(**fields: Any) -> supervision.RectificationOrdered:
    values: dict[str, Any] = {
        "order_id": "order-0001",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "hazard_ids": ["hz-1", "hz-2"],
        "advice": "立即清除一层东侧疏散通道堆放的杂物，恢复安全出口畅通",
        "deadline": "2026-11-20",
        "major": False,
        "ordered_on": "2026-11-06",
        **RESPONSIBLE,
    }
    values.update(fields)
    return supervision.RectificationOrdered(**values)


def rectification_extended(**fields: Any) -> supervision.RectificationExtended:
    values: dict[str, Any] = {
        "order_id": "order-0001",
        "uscc": SPORTS_CENTRE,
        "previous_deadline": "2026-11-20",
        "deadline": "2026-12-04",
        "extended_on": "2026-11-18",
    }
    values.update(fields)
    return supervision.RectificationExtended(**values)


def rectification_verified(**fields: Any) -> supervision.RectificationVerified:
    values: dict[str, Any] = {"order_id": "order-0001", "uscc": SPORTS_CENTRE, "unit_name": UNIT_NAME}
    values.update(fields)
    return supervision.RectificationVerified(**values)


def rectification_overdue(**fields: Any) -> supervision.RectificationOverdue:
    values: dict[str, Any] = {
        "order_id": "order-0001",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "major": True,
        "refused": False,
        "deadline": "2026-11-20",
        "overdue_on": "2026-11-23",
    }
    values.update(fields)
    return supervision.RectificationOverdue(**values)


def referral_letter_sent(**fields: Any) -> supervision.ReferralLetterSent:
    values: dict[str, Any] = {
        "letter_id": "letter-0001",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "regulator": "culture_and_tourism",
        "hazard_ids": ["hz-1"],
        "summary": "该单位二层看台安全出口被锁闭，消防控制室无人值守。",
        "sent_on": "2026-11-06",
    }
    values.update(fields)
    return supervision.ReferralLetterSent(**values)


def case_transferred(**fields: Any) -> supervision.CaseTransferred:
    values: dict[str, Any] = {
        "transfer_id": "transfer-0001",
        "inspection_id": "inspection-0001",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "department": "culture_and_tourism",
        "findings": [
            supervision.CaseTransferred.Finding(
                id="hz-1", kind="hazard", type="general", description="疏散指示标志损坏", location="一层大厅"
            ),
            supervision.CaseTransferred.Finding(
                id="df-1", kind="department_finding", description="超范围经营", department="market_regulation"
            ),
        ],
        "reason": "属文化娱乐场所行业管理范围",
        "legal_basis": "《上海市消防条例》",
        "transferred_on": "2026-11-11",
    }
    values.update(fields)
    return supervision.CaseTransferred(**values)


def leniency_policy_published(**fields: Any) -> supervision.LeniencyPolicyPublished:
    values: dict[str, Any] = {
        "document_no": "沪虹消〔2026〕7号",
        "title": "疫情防控期间强服务保安全十项措施",
        "districts": ["虹口区"],
        "starts_on": "2026-11-01",
        "ends_on": "2026-11-30",
        "published_by": "I1",
        "published_at": "2026-10-30T10:00:00+08:00",
    }
    values.update(fields)
    return supervision.LeniencyPolicyPublished(**values)


def joint_inspection_planned(**fields: Any) -> supervision.JointInspectionPlanned:
    values: dict[str, Any] = {
        "joint_inspection_id": "joint-0001",
        "district": "徐汇区",
        "title": "复产复工消防安全专项联合检查",
        "participants": [
            supervision.JointInspectionPlanned.Participant(
                department="culture_and_tourism", name="", officers=["张三"]
            ),
            supervision.JointInspectionPlanned.Participant(
                department="public_security", name="徐汇公安分局田林派出所", officers=["赵六", "钱七"]
            ),
        ],
        "units": [supervision.JointInspectionPlanned.Unit(uscc=SPORTS_CENTRE, unit_name=UNIT_NAME)],
        "planned_for": "2026-11-10",
        "planned_at": "2026-11-05T10:00:00+08:00",
    }
    values.update(fields)
    return supervision.JointInspectionPlanned(**values)


def accountability_measure_taken(**fields: Any) -> supervision.AccountabilityMeasureTaken:
    values: dict[str, Any] = {
        "measure_id": "measure-0001",
        "order_id": "order-0001",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "kind": "interview",
        "addressee_kind": "person",
        "addressee": "李四",
        "content": "约谈消防安全责任人，听取重大火灾隐患整改情况说明。",
        "taken_on": "2026-11-24",
        "officer_ids": ["I1", "I2"],
        "interview_at": "2026-11-26T09:30:00+08:00",
        "place": "徐汇区消防救援支队三楼会议室",
        "responsible_person": "李四",
    }
    values.update(fields)
    return supervision.AccountabilityMeasureTaken(**values)


def complaint_feedback_given(sealed: bool = True, **fields: Any) -> supervision.ComplaintFeedbackGiven:
    """As supervision publishes it: the reporter's contact sealed for notify (or, `sealed=False`, in
    the fields of the messages published before)."""
    contact = {"reporter_name": "陈女士", "reporter_phone": "13700000000", "reporter_email": "chen@example.cn"}
    contact.update({k: fields.pop(k) for k in list(fields) if k in contact})
    values: dict[str, Any] = {
        "complaint_id": "12345-20261106-0001",
        "uscc": SPORTS_CENTRE,
        "feedback": "经现场核查，反映的安全出口锁闭问题属实，已责令该单位当场改正。",
        "given_at": NOV_2.isoformat(),
    }
    if sealed:
        values["reporter_contact"] = process_reporter_contact_seal().seal(
            {"name": contact["reporter_name"], "phone": contact["reporter_phone"], "email": contact["reporter_email"]}
        )
    else:
        values.update(contact)
    values.update(fields)
    return supervision.ComplaintFeedbackGiven(**values)


def penalty_decided(**fields: Any) -> supervision.PenaltyDecided:
    values: dict[str, Any] = {
        "penalty_id": "6f1d2c3b-0d7e-5a4b-9c8d-7e6f5a4b3c2d",
        "document_no": "沪徐消行罚决字〔2026〕0001号",
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "violation_type": "locked_exit",
        "severity": "general",
        "fine_yuan": 30000,
        "decided_on": "2026-09-29",
        "legal_basis": "《中华人民共和国消防法》第六十条第一款第三项",
    }
    values.update(fields)
    return supervision.PenaltyDecided(**values)


def inspection_plan_announced(**fields: Any) -> supervision.InspectionPlanAnnounced:
    values: dict[str, Any] = {
        "plan_id": "plan-2026-11-xh",
        "month": "2026-11",
        "district": "徐汇区",
        "commitment": "sha256:5e1f0c",
        "announced_at": NOV_2.isoformat(),
    }
    values.update(fields)
    return supervision.InspectionPlanAnnounced(**values)


def inspection_plan_published(**fields: Any) -> supervision.InspectionPlanPublished:
    draw = supervision.InspectionPlanPublished.Draw
    values: dict[str, Any] = {
        "plan_id": "plan-2026-11-xh",
        "month": "2026-11",
        "district": "徐汇区",
        "seed": "9f2c1d",
        "register_snapshot": "sha256:ab12cd34",
        "draws": [
            draw(uscc=SPORTS_CENTRE, unit_name=UNIT_NAME, inspector_ids=["insp-7", "insp-9"]),
            draw(uscc=SHANGHAI_MALL, unit_name="上海某商业管理有限公司", inspector_ids=["insp-3", "insp-4"]),
        ],
        "published_at": NOV_2.isoformat(),
    }
    values.update(fields)
    return supervision.InspectionPlanPublished(**values)


def inspection_results_published(**fields: Any) -> supervision.InspectionResultsPublished:
    result = supervision.InspectionResultsPublished.Result
    values: dict[str, Any] = {
        "plan_id": "plan-2026-11-xh",
        "month": "2026-11",
        "district": "徐汇区",
        "results": [
            result(uscc=SPORTS_CENTRE, unit_name=UNIT_NAME, outcome="hazards_found"),
            result(uscc=SHANGHAI_MALL, unit_name="上海某商业管理有限公司", outcome="no_problem"),
        ],
        "published_at": "2026-11-30T17:00:00+08:00",
    }
    values.update(fields)
    return supervision.InspectionResultsPublished(**values)


# credit ------------------------------------------------------------------------------------------


def credit_cause(rule: str = "major_hazard_unrectified", time: str = "2026-11-23") -> credit.Cause:
    return credit.Cause(
        service="supervision", event_id=str(uuid.uuid4()), event_type="RectificationOverdue", time=time, rule=rule
    )


def listing_notice_issued(**fields: Any) -> credit.ListingNoticeIssued:
    values: dict[str, Any] = {
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "tier": "serious_dishonesty",
        "objection_deadline": "2026-12-08",
        "causes": [credit_cause()],
        "issued_on": "2026-11-24",
        "notice_id": "listing-0001",
        "rule": "major_hazard_unrectified",
        "district": "徐汇区",
        "objection_working_days": 10,
    }
    values.update(fields)
    return credit.ListingNoticeIssued(**values)


def listing_notice_withdrawn(**fields: Any) -> credit.ListingNoticeWithdrawn:
    values: dict[str, Any] = {
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "notice_id": "listing-0001",
        "rule": "major_hazard_unrectified",
        "reason": "objection_upheld",
        "withdrawn_on": "2026-12-01",
    }
    values.update(fields)
    return credit.ListingNoticeWithdrawn(**values)


def standing_changed(
    tier: str = "serious_dishonesty", previous_tier: str = "normal", **fields: Any
) -> credit.StandingChanged:
    values: dict[str, Any] = {
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "previous_tier": previous_tier,
        "tier": tier,
        "colour": "red" if tier == "serious_dishonesty" else "green",
        "effective_on": "2026-12-09",
        "causes": [credit_cause(), credit_cause("objection_window_closed", "2026-12-09")],
        "blacklisted": tier == "serious_dishonesty",
    }
    values.update(fields)
    return credit.StandingChanged(**values)


def credit_repaired(**fields: Any) -> credit.CreditRepaired:
    values: dict[str, Any] = {
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "previous_tier": "serious_dishonesty",
        "tier": "normal",
        "repaired_on": "2027-01-15",
        "causes": [credit_cause("rectification_verified", "2027-01-10")],
        "district": "徐汇区",
    }
    values.update(fields)
    return credit.CreditRepaired(**values)


def repair_application_decided(approved: bool = False, **fields: Any) -> credit.RepairApplicationDecided:
    values: dict[str, Any] = {
        "uscc": SPORTS_CENTRE,
        "unit_name": UNIT_NAME,
        "district": "徐汇区",
        "notice_id": "5f0c1e9e-8d1b-5d0a-9c55-1b2f6a1c0e77",
        "rule": "major_hazard_unrectified",
        "application_id": "0b7d3a52-61a1-5f3e-8f7b-2b9c3e4d5a66",
        "approved": approved,
        "reasons": "" if approved else "整改证明材料不全，缺少复查意见书",
        "decided_on": "2027-11-03",
        "causes": [credit_cause("repair_approved" if approved else "repair_refused", "2027-11-03")],
    }
    values.update(fields)
    return credit.RepairApplicationDecided(**values)


def trade_exit_recommended(**fields: Any) -> credit.TradeExitRecommended:
    values: dict[str, Any] = {
        "uscc": FIRM,
        "firm_name": "上海某消防设施检测有限公司",
        "district": "徐汇区",
        "service_types": ["maintenance_and_testing"],
        "recommended_on": "2026-12-10",
        "listed_rules": ["technical_service_serious_violation"],
        "causes": [
            credit_cause("technical_service_serious_violation", "2026-12-01"),
            credit_cause("objection_window_closed", "2026-12-09"),
        ],
    }
    values.update(fields)
    return credit.TradeExitRecommended(**values)


FIRM = "91310000MA1FL4B24G"


# a notify on memory ------------------------------------------------------------------------------

DIRECTORY = {
    "regulators": {"culture_and_tourism": {"name": "徐汇区文化和旅游局", "email": "anquan@wenlv.example.cn"}},
    "brigades": {"徐汇区": {"name": "徐汇区消防救援支队", "email": "duty@xh.119.example.cn"}},
    "agencies": {
        "credit-platform": {
            "name": "公共信用信息服务平台",
            "callback_url": "http://127.0.0.1:9/credit",
            "secret": "s3cret-credit",
            "subscriptions": [
                "blacklisted",
                "credit_repaired",
                "penalty_published",
                "permit_decision_published",
                "trade_exit_recommended",
            ],
        }
    },
}


@dataclass
class Notify:
    """The notify application on an in-memory store, with its read models on in-memory SQLite."""

    app: NotifyApplication
    views: Engine
    projector: Projector

    def receive(self, *envelopes: Envelope) -> None:
        for e in envelopes:
            self.app.receive(e)
        self.projector.catch_up()

    def refresh(self) -> None:
        self.projector.catch_up()

    def notices(self, uscc: str = SPORTS_CENTRE) -> list[dict[str, Any]]:
        return read_models.notices_of_unit(self.views, uscc)

    def deliveries(self) -> list[dict[str, Any]]:
        """Every notice (recipient × channel), flat."""
        from sqlalchemy import select

        with self.views.connect() as conn:
            return [r._asdict() for r in conn.execute(select(read_models.tables.notices))]

    def dispatcher(self, channels: Channels | None = None, directory: Directory | None = None) -> Dispatcher:
        return Dispatcher(
            self.app,
            self.views,
            channels or Channels([InboxChannel(), PublicationChannel()]),
            directory or self.app.directory,
            refresh=self.refresh,
        )


def notify(directory: dict[str, Any] | None = None, settings: NotifySettings | None = None) -> Notify:
    app = NotifyApplication(
        env=IN_MEMORY_ENV,
        settings=settings or NotifySettings(),
        directory=Directory.from_mapping(directory if directory is not None else DIRECTORY),
    )
    engine = create_engine("sqlite://", poolclass=StaticPool)
    projector = Projector(
        "notify", app.recorder, app.mapper, engine, read_models.metadata, read_models.apply, PositionStore(engine)
    )
    return Notify(app, engine, projector)
