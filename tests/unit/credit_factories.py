"""Permit and supervision events as the upstream relays publish them, and an in-memory credit."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from google.protobuf.message import Message
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool
from stdnum.cn import uscc as uscc_check

from firesafety.permits.v1 import events_pb2 as permit_events
from firesafety.supervision.v1 import events_pb2 as supervision_events
from kit.calendar import WorkingDayCalendar, YearOverride
from kit.database import IN_MEMORY_ENV
from kit.envelope import Envelope
from kit.positions import PositionStore
from kit.projection import Projector
from kit.service_runtime import Runtime
from services.credit import read_models, scheduling
from services.credit.application import CreditApplication, DayCloseResult
from services.credit.domain import CreditPolicy, StandingEntry, UnitCreditRecord

SPORTS_CENTRE = "91110000600037341L"
SHOPPING_MALL = "91310000MA1FL4B24G"
# As the worker runs: cached records used without copying.
CACHED_IN_MEMORY_ENV = {**IN_MEMORY_ENV, "AGGREGATE_CACHE_MAXSIZE": "5000", "DEEPCOPY_FROM_AGGREGATE_CACHE": "n"}
# chinesecalendar knows years up to 2026; 2027 comes from an operator's override, as in production.
CALENDAR = WorkingDayCalendar({2027: YearOverride(holidays=frozenset({dt.date(2027, 1, 1)}))})


def make_uscc(n: int) -> str:
    """A valid USCC for the n-th generated unit (GB 32100 check character)."""
    first17 = f"913101{n:011d}"
    return first17 + uscc_check.calc_check_digit(first17)


class UpstreamLog:
    """One upstream service's log: every event gets the next position, as its relay numbers them."""

    def __init__(self, source: str, start: int = 1) -> None:
        self.source = source
        self.position = start - 1
        self.envelopes: list[Envelope] = []

    def wrap(self, message: Message, uscc: str, on: str) -> Envelope:
        self.position += 1
        originator = uuid.uuid5(uuid.NAMESPACE_URL, f"{self.source}/{self.position}")
        envelope = Envelope.wrap(
            source=self.source,
            position=self.position,
            originator_id=originator,
            originator_version=1,
            message=message,
            subject=uscc,
            business_time=on if "T" in on else f"{on}T10:00:00+08:00",
            correlation_id=str(originator),
        )
        self.envelopes.append(envelope)
        return envelope


class PermitsLog(UpstreamLog):
    def __init__(self, start: int = 1) -> None:
        super().__init__("permits", start)

    def granted(self, uscc: str, on: str, permit_no: str = "", name: str = "上海某体育发展有限公司") -> Envelope:
        number = permit_no or f"XF-{uscc[-6:]}-{self.position + 1}"
        message = permit_events.PermitGranted(
            application_id=str(uuid.uuid4()),
            permit_no=number,
            route="commitment",
            uscc=uscc,
            unit_name=name,
            venue_name="体育馆",
            district="徐汇区",
            venue_category="sports_venue",
            floor_area_m2=5200,
            granted_at=f"{on}T09:00:00+08:00",
        )
        return self.wrap(message, uscc, on)

    def revoked(self, uscc: str, on: str, permit_no: str) -> Envelope:
        message = permit_events.PermitRevoked(
            permit_no=permit_no,
            uscc=uscc,
            unit_name="上海某体育发展有限公司",
            district="徐汇区",
            reason="commitment found seriously false (承诺严重失实)",
            revoked_at=f"{on}T09:00:00+08:00",
        )
        return self.wrap(message, uscc, on)


class SupervisionLog(UpstreamLog):
    def __init__(self, start: int = 1, district: str = "徐汇区") -> None:
        super().__init__("supervision", start)
        self.district = district
        self.counter = 0

    def _id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def hazard(self, uscc: str, on: str, grade: str = "major", hazard_id: str = "", **extra: Any) -> Envelope:
        message = supervision_events.HazardFound(
            hazard_id=hazard_id or self._id("H"),
            inspection_id="I-1",
            uscc=uscc,
            unit_name=extra.get("name", "上海某体育发展有限公司"),
            district=extra.get("district", self.district),
            grade=grade,
            description="疏散通道堵塞",
            found_on=on,
        )
        return self.wrap(message, uscc, on)

    def unrectified_major_hazard(
        self, uscc: str, on: str, hazard_id: str = "", order_id: str = "", **extra: Any
    ) -> list[Envelope]:
        """A major hazard, its order (挂牌督办) and the order's deadline passing unrectified, all
        dated `on`: what lists a unit for a major hazard (C2)."""
        found = self.hazard(uscc, on, hazard_id=hazard_id, **extra)
        hazard = found.data["hazard_id"]
        order = order_id or f"O-{hazard}"
        return [found, self.ordered(uscc, on, [hazard], order), self.overdue(uscc, on, order, major=True)]

    def ordered(self, uscc: str, on: str, hazard_ids: list[str], order_id: str, major: bool = True) -> Envelope:
        message = supervision_events.RectificationOrdered(
            order_id=order_id,
            uscc=uscc,
            unit_name="上海某体育发展有限公司",
            district=self.district,
            hazard_ids=hazard_ids,
            deadline=on,
            major=major,
            ordered_on=on,
        )
        return self.wrap(message, uscc, on)

    def verified(self, uscc: str, on: str, order_id: str, major: bool = True) -> Envelope:
        message = supervision_events.RectificationVerified(order_id=order_id, uscc=uscc, major=major, verified_on=on)
        return self.wrap(message, uscc, on)

    def overdue(self, uscc: str, on: str, order_id: str, major: bool = False, refused: bool = False) -> Envelope:
        message = supervision_events.RectificationOverdue(
            order_id=order_id,
            uscc=uscc,
            district=self.district,
            major=major,
            refused=refused,
            deadline=on,
            overdue_on=on,
        )
        return self.wrap(message, uscc, on)

    def suspended(self, uscc: str, on: str, order_id: str) -> Envelope:
        message = supervision_events.BusinessSuspended(uscc=uscc, order_id=order_id, suspended_on=on)
        return self.wrap(message, uscc, on)

    def resumed(self, uscc: str, on: str, order_id: str) -> Envelope:
        message = supervision_events.BusinessResumed(uscc=uscc, order_id=order_id, resumed_on=on)
        return self.wrap(message, uscc, on)

    def penalty(self, uscc: str, on: str, penalty_id: str = "") -> Envelope:
        message = supervision_events.PenaltyDecided(
            penalty_id=penalty_id or self._id("P"),
            uscc=uscc,
            district=self.district,
            violation_type="blocked_evacuation_route",
            severity="general",
            fine_yuan=5000,
            decided_on=on,
        )
        return self.wrap(message, uscc, on)

    def firm_penalty(
        self,
        firm: str,
        on: str,
        violation_type: str = "false_documents",
        severity: str = "general",
        penalty_id: str = "",
        service_type: str = "maintenance_and_testing",
    ) -> Envelope:
        """A penalty on a fire technical service firm (消防技术服务机构), e.g. for a false testing report."""
        message = supervision_events.PenaltyDecided(
            penalty_id=penalty_id or self._id("FP"),
            uscc=firm,
            unit_name="上海某消防设施检测有限公司",
            district=self.district,
            violation_type=violation_type,
            severity=severity,
            fine_yuan=60_000,
            decided_on=on,
            legal_basis="《中华人民共和国消防法》第六十九条",
            party_kind="technical_service_firm",
            service_type=service_type,
        )
        return self.wrap(message, firm, on)

    def firm_registered(
        self,
        firm: str,
        on: str,
        firm_name: str = "上海某消防设施检测有限公司",
        service_types: tuple[str, ...] = ("maintenance_and_testing",),
        corrected: bool = False,
    ) -> Envelope:
        """The firm entered on supervision's register of fire technical service firms (消防技术服务机构名录)."""
        message = supervision_events.TechnicalServiceFirmRegistered(
            uscc=firm,
            firm_name=firm_name,
            district=self.district,
            service_types=list(service_types),
            registered_at=f"{on}T09:00:00+08:00",
            corrected=corrected,
        )
        return self.wrap(message, firm, on)

    def firm_violation(self, firm: str, on: str, site: str, violation_type: str = "substandard_practice") -> Envelope:
        message = supervision_events.ViolationFound(
            violation_id=self._id("FV"),
            uscc=firm,
            unit_name="上海某消防设施检测有限公司",
            violation_type=violation_type,
            severity="general",
            found_on=on,
            party_kind="technical_service_firm",
            service_type="safety_assessment",
            site_uscc=site,
        )
        return self.wrap(message, firm, on)

    def violation(self, uscc: str, on: str, corrected: bool = False) -> Envelope:
        message = supervision_events.ViolationFound(
            violation_id=self._id("V"),
            uscc=uscc,
            violation_type="locked_exit",
            found_on=on,
            corrected_on_the_spot=corrected,
        )
        return self.wrap(message, uscc, on)

    def inspection(self, uscc: str, on: str, hazards: int = 0, violations: int = 0) -> Envelope:
        message = supervision_events.InspectionRecorded(
            inspection_id=self._id("I"),
            uscc=uscc,
            unit_name="上海某体育发展有限公司",
            district=self.district,
            mode="on_site",
            purpose="random",
            hazards=hazards,
            violations=violations,
            inspected_on=on,
        )
        return self.wrap(message, uscc, on)

    def commitment(self, uscc: str, on: str, result: str = "seriously_false", application_id: str = "") -> Envelope:
        message = supervision_events.CommitmentVerified(
            application_id=application_id or self._id("A"),
            permit_no="XF-1",
            uscc=uscc,
            result=result,
            verified_on=on,
        )
        return self.wrap(message, uscc, on)


class Credit:
    """An in-memory credit worker: the application, its read models, and the staff commands."""

    def __init__(
        self, policy: CreditPolicy | None = None, cached: bool = True, calendar: WorkingDayCalendar = CALENDAR
    ) -> None:
        env = CACHED_IN_MEMORY_ENV if cached else IN_MEMORY_ENV
        self.app = CreditApplication(env=dict(env), policy=policy, calendar=calendar)
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
        projector = Projector(
            "credit",
            self.app.recorder,
            self.app.mapper,
            engine,
            read_models.metadata,
            read_models.apply,
            PositionStore(engine),
        )
        self.runtime: Runtime[CreditApplication] = Runtime(app=self.app, engine=engine, projector=projector)

    def receive(self, *envelopes: Envelope) -> list[bool]:
        results = [self.app.receive(envelope) for envelope in envelopes]
        self.runtime.refresh_read_models()
        return results

    def close_day(self, day: str | dt.date) -> DayCloseResult:
        return scheduling.close_day(self.runtime, as_date(day))

    def close_days(self, first: str, last: str) -> None:
        day = as_date(first)
        while day <= as_date(last):
            self.close_day(day)
            day += dt.timedelta(days=1)

    def record(self, uscc: str) -> UnitCreditRecord:
        record = self.app.record_of(uscc)
        assert record is not None, f"no credit record of {uscc}"
        return record

    def standing(self, uscc: str, as_of: str | None = None) -> StandingEntry:
        entry = self.record(uscc).standing(as_date(as_of) if as_of else None)
        assert entry is not None
        return entry

    def tier(self, uscc: str, as_of: str | None = None) -> str:
        return str(self.standing(uscc, as_of).tier)

    def notices(self, uscc: str) -> list[dict[str, Any]]:
        return read_models.notices_of_unit(self.runtime.engine, uscc)

    def notice_id(self, uscc: str, rule: str = "") -> str:
        matching = [n for n in self.notices(uscc) if not rule or n["rule"] == rule]
        assert matching, f"no notice for {uscc}"
        return str(matching[-1]["notice_id"])

    def object(self, uscc: str, filed_on: str, grounds: str = "隐患已于告知前整改完毕", rule: str = "") -> str:
        objection = self.app.file_objection(uscc, self.notice_id(uscc, rule), as_date(filed_on), grounds)
        self.runtime.refresh_read_models()
        return objection

    def decide(self, uscc: str, upheld: bool, decided_on: str, rule: str = "") -> None:
        self.app.decide_objection(
            uscc, self.notice_id(uscc, rule), upheld, "法制审核员李四", "复核", as_date(decided_on)
        )
        self.runtime.refresh_read_models()

    def apply_for_repair(
        self,
        uscc: str,
        filed_on: str,
        evidence: tuple[str, ...] = ("整改复查合格意见书", "消防安全培训记录"),
        statement: str = "已按要求整改完毕，申请信用修复",
        rule: str = "",
    ) -> str:
        notice_id = self.notice_id(uscc, rule)
        application = self.app.apply_for_repair(uscc, notice_id, as_date(filed_on), list(evidence), statement)
        self.runtime.refresh_read_models()
        return application

    def decide_repair(self, uscc: str, approved: bool, decided_on: str, reasons: str = "", rule: str = "") -> None:
        self.app.decide_repair(uscc, self.notice_id(uscc, rule), approved, "审核员王五", reasons, as_date(decided_on))
        self.runtime.refresh_read_models()

    def repair_on_application(self, uscc: str, on: str, rule: str = "") -> None:
        """The unit applies for repair and the agency approves it the same day."""
        self.apply_for_repair(uscc, on, rule=rule)
        self.decide_repair(uscc, True, on, rule=rule)

    def unit_row(self, uscc: str) -> dict[str, Any]:
        row = read_models.unit(self.runtime.engine, uscc)
        assert row is not None
        return row

    def published(self, event_type: str) -> list[Any]:
        """The integration events credit's relay would publish, of one type."""
        from services.credit.integration import translate

        found = []
        for notification in self.app.recorder.select_notifications(1, 1_000_000):
            envelope = translate(self.app.mapper.to_domain_event(notification), notification.id)
            if envelope is not None and envelope.event_type == event_type:
                found.append(envelope)
        return found


def as_date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


# -- generated histories for the replay proof ----------------------------------------------------


@dataclass
class World:
    """What the generator knows of each unit, to make upstream events that make sense together."""

    permits: dict[str, list[str]] = field(default_factory=dict)
    open_orders: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # uscc → (order id, major)
    overdue_orders: dict[str, list[str]] = field(default_factory=dict)
    suspended: dict[str, str] = field(default_factory=dict)  # uscc → order id


@dataclass
class GeneratedDay:
    day: dt.date
    permits: list[Envelope]
    supervision: list[Envelope]


def generate_history(
    seed: int, units: int, first: dt.date, days: int, events_per_day: int
) -> tuple[PermitsLog, SupervisionLog, list[GeneratedDay]]:
    """Two upstream logs of a district over `days` days, day by day."""
    rng = random.Random(seed)
    usccs = [make_uscc(n) for n in range(units)]
    permits, supervision, world = PermitsLog(), SupervisionLog(), World()
    generated = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        before = (len(permits.envelopes), len(supervision.envelopes))
        for _ in range(rng.randint(0, 2 * events_per_day)):
            _one_event(rng, rng.choice(usccs), day.isoformat(), permits, supervision, world)
        generated.append(GeneratedDay(day, permits.envelopes[before[0] :], supervision.envelopes[before[1] :]))
    return permits, supervision, generated


def _one_event(
    rng: random.Random, uscc: str, on: str, permits: PermitsLog, supervision: SupervisionLog, world: World
) -> None:
    kind = rng.choices(
        [
            "grant",
            "revoke",
            "clean",
            "problem",
            "hazard",
            "verify",
            "overdue",
            "suspend",
            "resume",
            "penalty",
            "violation",
            "commit",
        ],
        weights=[14, 2, 24, 6, 10, 10, 5, 3, 2, 8, 5, 4],
    )[0]
    held = world.permits.setdefault(uscc, [])
    orders = world.open_orders.setdefault(uscc, [])
    overdue = world.overdue_orders.setdefault(uscc, [])
    if kind == "grant":
        envelope = permits.granted(uscc, on, name=f"单位{uscc[-5:]}")
        held.append(envelope.data["permit_no"])
    elif kind == "revoke" and held:
        permits.revoked(uscc, on, held.pop(rng.randrange(len(held))))
    elif kind == "clean":
        supervision.inspection(uscc, on)
    elif kind == "problem":
        supervision.inspection(uscc, on, hazards=rng.randint(0, 2), violations=1)
    elif kind == "hazard":
        major = rng.random() < 0.5
        hazard = supervision.hazard(uscc, on, grade="major" if major else "general")
        order_id = f"O-{hazard.data['hazard_id']}"
        supervision.ordered(uscc, on, [hazard.data["hazard_id"]], order_id, major=major)
        orders.append((order_id, major))
    elif kind == "verify" and (orders or overdue):
        pool = [o for o, _ in orders] + overdue
        order_id = pool[rng.randrange(len(pool))]
        supervision.verified(uscc, on, order_id)
        world.open_orders[uscc] = [o for o in orders if o[0] != order_id]
        world.overdue_orders[uscc] = [o for o in overdue if o != order_id]
    elif kind == "overdue" and orders:
        order_id, major = orders.pop(rng.randrange(len(orders)))
        supervision.overdue(uscc, on, order_id, major=major, refused=rng.random() < 0.2)
        overdue.append(order_id)
    elif kind == "suspend" and overdue and uscc not in world.suspended:
        supervision.suspended(uscc, on, overdue[-1])
        world.suspended[uscc] = overdue[-1]
    elif kind == "resume" and uscc in world.suspended:
        supervision.resumed(uscc, on, world.suspended.pop(uscc))
    elif kind == "penalty":
        supervision.penalty(uscc, on)
    elif kind == "violation":
        supervision.violation(uscc, on, corrected=rng.random() < 0.5)
    elif kind == "commit":
        supervision.commitment(uscc, on, result="seriously_false" if rng.random() < 0.3 else "true")


def interleaved(rng: random.Random, first: list[Envelope], second: list[Envelope]) -> list[Envelope]:
    """A random interleaving of two logs that keeps each log's own order."""
    merged, i, j = [], 0, 0
    while i < len(first) or j < len(second):
        take_first = j >= len(second) or (i < len(first) and rng.random() < len(first) / (len(first) + len(second)))
        if take_first:
            merged.append(first[i])
            i += 1
        else:
            merged.append(second[j])
            j += 1
    return merged
