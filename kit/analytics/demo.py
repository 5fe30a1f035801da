"""`firesafety demo`: a district's year, driven through the real commands of all four services.

The demo runs in-process on the services' own stores, the ones their settings name (`var/*.sqlite`
by default, `DATABASE_URL` when set): the same applications, staff desks and day closes that the
workers' RPC methods call, with valid arguments drawn from a seeded random generator. Events move
between the services as in production, only without the broker: each upstream's log is read after
the consumer's tracking position, translated by the upstream relay's own translation, sent through
the wire format and processed by the consumer's process application (`receive_batch`), which keeps
the tracking record. So a running system (`make run`) and the demo never process an event twice:
whichever of the demo and a running consumer comes second finds it tracked and skips it, and the
running workers' read models and gRPC servers show the demo's district as it grows.

Nothing depends on the wall clock but the eventsourcing timestamps: the same seed, size and months
give the same commands, the same business times and the same figures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from kit import tracing
from kit.analytics.demo_channels import DemoChannels
from kit.calendar import CHINA_TIME
from kit.envelope import Envelope
from kit.service_runtime import Runtime
from kit.settings import SERVICES, Settings, load_settings
from kit.topology import CONSUMERS
from services.credit.domain import ListingStatus
from services.credit.domain.evaluation import repair_due_from
from services.permits.commands import SubmitApplication, SupplementMaterials, UnitInput
from services.permits.domain import Applicant
from services.permits.domain.errors import PermitsError
from services.supervision.desk import StaffDesk

DISTRICT = "徐汇区"
PILOT_COMPLEX = "徐家汇中心"
"""The pilot complex (先开业后监管) the demo designates when PILOT_COMPLEXES names none."""
STREETS = ("徐家汇街道", "天平路街道", "湖南路街道", "枫林路街道", "长桥街道", "田林街道", "虹梅路街道",
           "康健新村街道", "斜土路街道", "漕河泾街道", "凌云路街道", "龙华街道", "华泾镇")  # fmt: skip
ROADS = ("漕溪北路", "肇嘉浜路", "衡山路", "天钥桥路", "龙华中路", "虹漕路", "田林路", "钦州路", "宜山路", "桂林路")
CATEGORIES = ("shopping_mall", "catering", "hotel", "entertainment", "sports_venue", "assembly_hall")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英"
COMMITMENT_MATERIALS = ("commitment_letter", "business_licence", "safety_rules_and_evacuation_plan",
                        "floor_and_fire_facility_plans")  # fmt: skip
STANDARD_MATERIALS = ("application_form", "safety_rules_and_evacuation_plan", "floor_and_fire_facility_plans")
HAZARDS = {
    "general": ("灭火器压力不足", "疏散指示标志损坏", "应急照明不亮", "消防控制室值班人员无证上岗"),
    "major": ("营业期间安全出口锁闭", "自动喷水灭火系统处于关闭状态", "疏散通道被货物堵塞"),
}
HAZARD_TYPES = {
    "灭火器压力不足": "fire_facilities",
    "疏散指示标志损坏": "evacuation",
    "应急照明不亮": "evacuation",
    "消防控制室值班人员无证上岗": "safety_management",
    "营业期间安全出口锁闭": "evacuation",
    "自动喷水灭火系统处于关闭状态": "fire_facilities",
    "疏散通道被货物堵塞": "evacuation",
}
VIOLATIONS = ("locked_exit", "blocked_evacuation_route", "fire_facilities_switched_off", "blocked_fire_lane", "other")
COMPLAINTS = ("locked_exit", "blocked_evacuation_route", "fire_facilities_switched_off", "blocked_fire_lane",
              "fire_hazard", "other")  # fmt: skip


# The first inspectors also review penalties (法制审核). A case's reviewer took no part in it, and a
# team is two: three reviewers always leave one free.
LEGAL_REVIEWERS = 3


@dataclass(frozen=True)
class DemoSize:
    """How big a district: units on the register, applications and complaints a month, inspectors."""

    units: int = 5000
    applications_per_month: int = 60
    complaints_per_month: int = 12
    sample_size: int = 40
    inspectors: int = 24

    @classmethod
    def small(cls) -> DemoSize:
        return cls(units=60, applications_per_month=10, complaints_per_month=4, sample_size=6, inspectors=6)


def make_uscc(number: int) -> str:
    """A valid unified social credit code, different for each number."""
    from stdnum.cn import uscc as uscc_number

    first17 = f"9131010{number:010d}"
    return first17 + str(uscc_number.calc_check_digit(first17))


def resident_id(rng: random.Random) -> str:
    """A well-formed resident identity number (GB 11643), born 1960–1999 in Xuhui."""
    from stdnum.cn import ric

    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
    first17 = f"310104{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + str(ric.calc_check_digit(first17 + "0"))


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), CHINA_TIME)


def iso(day: dt.date, hour: int = 10, minute: int = 0) -> str:
    return at(day, hour, minute).isoformat()


# -- the four services, wired -----------------------------------------------------------------------


@dataclass
class District:
    """The four services' applications and read models on their stores, and the event flow between them."""

    runtimes: dict[str, Runtime[Any]]
    translations: dict[str, Callable[[Any, int], Envelope | None]]
    dispatcher: Any
    desk: StaffDesk = field(init=False)
    read: dict[tuple[str, str], int] = field(init=False, default_factory=dict)
    wanted: dict[tuple[str, str], int] = field(init=False, default_factory=dict)
    channels: DemoChannels | None = field(init=False, default=None)
    live: bool = field(init=False, default=False)
    """The system runs (`make run`): its relays and consumers carry the events, the demo waits for them."""
    flow_timeout: float = field(init=False, default=300.0)

    def __post_init__(self) -> None:
        self.desk = StaffDesk(self.runtimes["supervision"])

    @classmethod
    def on_stores(cls, environ: Mapping[str, str] | None = None) -> District:
        """Each service on the store its settings name, as its worker would be."""
        from services.notify.bootstrap import build_worker
        from services.notify.settings import load_notify_settings

        env = dict(os.environ if environ is None else environ)
        os.environ.setdefault("PILOT_COMPLEXES", PILOT_COMPLEX)  # the permits rules read it from here
        settings = {s: load_settings(s, env) for s in SERVICES}
        for s in settings.values():
            if not s.is_postgres:
                s.var_dir.mkdir(parents=True, exist_ok=True)
        runtimes: dict[str, Runtime[Any]] = {}
        for service in ("permits", "supervision", "credit"):
            bootstrap = importlib.import_module(f"services.{service}.bootstrap")
            runtimes[service] = bootstrap.build_worker_runtime(settings[service])
        channels = None
        if not env.get("NOTIFY_SMTP_HOST") and not env.get("NOTIFY_SMS_GATEWAY_URL"):
            channels = DemoChannels().start()
            env.update(channels.environ())
        notify = build_worker(contextlib.nullcontext, settings["notify"], load_notify_settings(env))
        runtimes["notify"] = notify.runtime
        district = cls(runtimes, _translations(runtimes), notify.dispatcher)
        district.channels = channels
        district.live = relays_running(settings, runtimes)
        return district

    def app(self, service: str) -> Any:
        return self.runtimes[service].app

    def flow(self) -> int:
        """Carry every upstream's new events to its consumers until nothing moves; return how many."""
        total = 0
        while True:
            moved = sum(self._carry(upstream, consumer) for upstream in SERVICES for consumer in CONSUMERS[upstream])
            if not moved:
                return total
            total += moved

    def _await(self, upstream: str, consumer: str, batch: int = 500) -> int:
        """Wait until the running consumer has processed every event its upstream's relay publishes."""
        source, target = self.app(upstream), self.app(consumer)
        cursor = self.read.get((upstream, consumer), 0)
        wanted = self.wanted.get((upstream, consumer), 0)
        while notifications := source.recorder.select_notifications(cursor + 1, batch):
            for notification in notifications:
                if self.translations[upstream](source.mapper.to_domain_event(notification), notification.id):
                    wanted = notification.id
            cursor = notifications[-1].id
        self.read[(upstream, consumer)], self.wanted[(upstream, consumer)] = cursor, wanted
        deadline = time.monotonic() + self.flow_timeout
        before = target.recorder.max_tracking_id(upstream) or 0
        while (target.recorder.max_tracking_id(upstream) or 0) < wanted:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the running {consumer} worker has not processed {upstream}'s events through "
                                   f"position {wanted} in {self.flow_timeout:.0f}s: is it running?")  # fmt: skip
            time.sleep(0.05)
        return max(0, (target.recorder.max_tracking_id(upstream) or 0) - before)

    def _carry(self, upstream: str, consumer: str, batch: int = 500) -> int:
        if self.live:
            return self._await(upstream, consumer, batch)
        source, target = self.app(upstream), self.app(consumer)
        carried = 0
        while True:
            # events that publish nothing leave no tracking record: remember how far the log was read
            after = max(target.recorder.max_tracking_id(upstream) or 0, self.read.get((upstream, consumer), 0))
            notifications = source.recorder.select_notifications(after + 1, batch)
            if not notifications:
                return carried
            envelopes = []
            for notification in notifications:
                domain_event, trace = tracing.decode(source.mapper, notification)
                envelope = self.translations[upstream](domain_event, notification.id)
                if envelope is not None:  # with the stored ids and through the wire format, as the relay sends it
                    envelope = tracing.stamped(envelope, trace)
                    envelopes.append(Envelope.from_wire(json.loads(json.dumps(envelope.to_wire()))))
            if envelopes:
                carried += target.receive_batch(envelopes)
            self.read[(upstream, consumer)] = notifications[-1].id
            if len(notifications) < batch:
                return carried

    def forget_cached(self) -> None:
        for runtime in self.runtimes.values():
            forget = getattr(runtime.app, "forget_cached_aggregates", None)
            if forget is not None:
                forget()

    def refresh(self) -> None:
        for runtime in self.runtimes.values():
            runtime.refresh_read_models()

    def close_day(self, day: dt.date) -> None:
        """Close a business day on every service, as the scheduler does, after the day's events have flowed."""
        from services.credit import scheduling
        from services.notify.day_close import close_day as notify_close_day
        from services.permits import read_models as permit_views

        self.flow()
        permits = self.runtimes["permits"]
        permits.refresh_read_models()
        text = day.isoformat()
        permits.app.close_day(day, [uuid.UUID(i) for i in permit_views.time_limits_due(permits.engine, text)])
        permits.app.close_appointments(day, [uuid.UUID(i) for i in permit_views.appointments_due(permits.engine, text)])
        self.desk.close_day(text)
        self.flow()
        scheduling.close_day(self.runtimes["credit"], day)
        self.flow()
        notify = self.runtimes["notify"]
        notify.refresh_read_models()
        notify_close_day(notify.app, notify.engine, day)
        self.dispatch(at(day, 18))

    def dispatch(self, now: dt.datetime) -> None:
        self.flow()
        while self.dispatcher.dispatch_due(now).as_dict().get("attempted", 0):
            pass

    def close(self) -> None:
        for runtime in self.runtimes.values():
            runtime.close()
        if self.channels is not None:
            self.channels.stop()


def relays_running(settings: dict[str, Settings], runtimes: dict[str, Runtime[Any]]) -> bool:
    """Whether the system runs beside the demo: some service's relay holds its lock."""
    from kit.relay import ActiveLock, AdvisoryLock, FileLock

    for service, s in settings.items():
        lock: ActiveLock
        if s.is_postgres:
            lock = AdvisoryLock(runtimes[service].engine, f"relay:{s.database_schema or ''}:{service}")
        else:
            lock = FileLock(s.var_dir / f"{service}.relay.lock")
        if not lock.acquire():
            return True
        lock.release()
    return False


def _translations(runtimes: dict[str, Runtime[Any]]) -> dict[str, Any]:
    """Each service's relay translation, as its relay process builds it."""
    found: dict[str, Any] = {}
    for service in SERVICES:
        bootstrap = importlib.import_module(f"services.{service}.bootstrap")
        if hasattr(bootstrap, "build_translate"):
            found[service] = bootstrap.build_translate(runtimes[service].app)
        else:
            found[service] = bootstrap.translate
    return found


# -- the year ---------------------------------------------------------------------------------------


Later = Callable[[dt.date, Callable[[dt.date], None]], None]
"""Puts an action on the agenda of a later day."""


@dataclass
class Unit:
    uscc: str
    name: str
    venue_name: str
    street: str
    address: str
    category: str
    floor_area_m2: float
    person: str
    phone: str
    email: str
    person_id: str


@dataclass
class Demo:
    """A seeded district history: who is registered, what is applied for, inspected and punished."""

    district: District
    seed: int
    size: DemoSize
    months: list[str]
    rng: random.Random = field(init=False)
    late: random.Random = field(init=False)
    """What happens after an order is overdue (late rectification, credit repair), drawn apart so
    that the rest of the history is the one the same seed gave before."""
    units: list[Unit] = field(init=False, default_factory=list)
    inspectors: list[str] = field(init=False, default_factory=list)
    counter: int = field(init=False, default=0)
    agenda: dict[dt.date, list[Callable[[dt.date], None]]] = field(init=False, default_factory=dict)
    personal: set[str] = field(init=False, default_factory=set)
    """Every name, phone number, e-mail address and resident ID the demo gave a natural person."""
    overdue: dict[str, list[Callable[[dt.date], None]]] = field(init=False, default_factory=dict)
    """The re-inspections that would find a unit's overdue orders rectified, by unit."""
    repairing: set[str] = field(init=False, default_factory=set)
    """The listing notices whose units have applied, or are about to apply, for credit repair."""

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.late = random.Random(f"{self.seed}/late")

    # a seed of its own for every draw, from the demo's generator
    def _draw_seed(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def request(self, prefix: str) -> str:
        self.counter += 1
        return f"demo-{self.seed}-{prefix}-{self.counter}"

    def steps(self) -> int:
        return 2 + len(self.months)

    def run(self, progress: Callable[[str], None] = lambda _: None) -> None:
        self.setup(progress)
        for month in self.months:
            self.month(month)
            progress(month)

    def setup(self, progress: Callable[[str], None] = lambda _: None) -> None:
        """The week before the first month: the brigade's inspectors, and the units on the register."""
        first = month_days(self.months[0])[0]
        self.district.desk.seeds = self._draw_seed
        self.enrol(first - dt.timedelta(days=7))
        progress("inspectors")
        self.register(first - dt.timedelta(days=5))
        progress("register")

    def person(self) -> str:
        """A natural person's name, remembered as personal data."""
        name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
        self.personal.add(name)
        return name

    def phone(self, prefix: str) -> str:
        number = f"{prefix}{self.rng.randrange(10**8):08d}"
        self.personal.add(number)
        return number

    def email(self, local: str, domain: str) -> str:
        address = f"{local}@{domain}"
        self.personal.add(address)
        return address

    def enrol(self, day: dt.date) -> None:
        desk = self.district.desk
        for n in range(1, self.size.inspectors + 1):
            inspector_id = f"XH{n:03d}"
            desk.enrol_inspector(
                inspector_id=inspector_id,
                name=f"监督员{self.person()}",
                district=DISTRICT,
                roles=["inspector", "legal_reviewer"] if n <= LEGAL_REVIEWERS else ["inspector"],
                at=iso(day),
            )
            desk.certify_inspector(
                inspector_id=inspector_id,
                certificate_no=f"XF-CERT-{n:04d}",
                valid_until=(day + dt.timedelta(days=800)).isoformat(),
                at=iso(day),
            )
            self.inspectors.append(inspector_id)

    def register(self, day: dt.date) -> None:
        desk = self.district.desk
        for n in range(1, self.size.units + 1):
            street = self.rng.choice(STREETS)
            category = self.rng.choices(CATEGORIES, weights=(30, 30, 12, 12, 6, 10))[0]
            name = self.person()
            unit = Unit(
                uscc=make_uscc(700_000 + n),
                name=f"上海{self.rng.choice(ROADS)[:2]}{n:04d}商贸有限公司",
                venue_name=f"{street[:2]}{category_word(category)}{n:04d}",
                street=street,
                address=f"{self.rng.choice(ROADS)}{self.rng.randrange(1, 2000)}号",
                category=category,
                floor_area_m2=float(self.rng.randrange(80, 20_000)),
                person=name,
                phone=self.phone("139"),
                email=self.email(f"duty{n:05d}", "unit.example.cn"),
                person_id=resident_id(self.rng),
            )
            self.units.append(unit)
            self.personal.add(unit.person_id)
            desk.register_unit(
                uscc=unit.uscc,
                unit_name=unit.name,
                venue_name=unit.venue_name,
                address=unit.address,
                district=DISTRICT,
                street=street,
                venue_category=category,
                floor_area_m2=unit.floor_area_m2,
                responsible_person=name,
                responsible_phone=unit.phone,
                responsible_email=unit.email,
                high_risk=self.rng.random() < 0.05,
                at=iso(day, 9),
            )
        self.district.flow()

    # -- one month ------------------------------------------------------------------------------

    def month(self, month: str) -> None:
        days = month_days(month)
        calendar = self.district.app("supervision").calendar
        working = [d for d in days if calendar.is_working_day(d)]
        self.district.desk.announce_plan(
            district=DISTRICT, month=month, at=iso(working[0], 8), announced_by="XH001"
        )  # the commitment that fixes the draw's seed, published before the draw
        plan = self.district.desk.publish_plan(
            district=DISTRICT,
            month=month,
            at=iso(working[0], 9),
            published_by="XH001",
            sample_size=self.size.sample_size,
        )
        draws = list(plan["draw_list"])
        self.rng.shuffle(draws)
        inspected = draws[: max(1, int(len(draws) * self.rng.uniform(0.8, 0.95)))]
        agenda = self.agenda
        later = self.later

        for _ in range(self.size.applications_per_month):
            later(self.rng.choice(working[:-3]), lambda d: self.apply(d, later))
        for drawn in inspected:
            later(self.rng.choice(working[1:-2]), self._inspection_of(plan["plan_id"], drawn, later))
        for _ in range(self.size.complaints_per_month):
            later(self.rng.choice(working[:-2]), lambda d: self.complaint(d, later))
        for day in days:
            while agenda.get(day):  # an action may put another on the same day's agenda
                for action in agenda.pop(day):
                    self.attempt(action, day)
            if calendar.is_working_day(day):
                self.attempt(self.district.close_day, day)
                self.attempt(self.objections, day)
                self.attempt(self.repairs, day)
        self.district.desk.publish_results(plan_id=plan["plan_id"], at=iso(working[-1], 17), published_by="XH001")
        # what falls past the month's end is done in the next month; after the last, it is left undone
        self.district.flow()

    def objections(self, day: dt.date) -> None:
        """A unit told it is about to be listed objects now and then (异议), inside its window."""
        from sqlalchemy import select

        from services.credit import read_models as credit_views

        credit = self.district.runtimes["credit"]
        credit.refresh_read_models()
        table = credit_views.notices
        with credit.engine.connect() as conn:
            noticed = conn.execute(
                select(table.c.notice_id, table.c.uscc, table.c.objection_deadline)
                .where(table.c.noticed_on == day.isoformat())
                .order_by(table.c.notice_id)
            ).all()
        for notice_id, uscc, deadline in noticed:
            if self.rng.random() >= 0.3:
                continue
            filed_on = min(self.business_day_after(day, self.rng.randrange(1, 4)), dt.date.fromisoformat(deadline))
            upheld = self.rng.random() < 0.4

            def file(d: dt.date, notice_id: str = notice_id, uscc: str = uscc, upheld: bool = upheld) -> None:
                credit.app.file_objection(uscc, notice_id, d, "整改已完成，申请不予列入")

                def decide(e: dt.date) -> None:
                    reasons = "经复核，异议成立" if upheld else "经复核，异议不成立"
                    credit.app.decide_objection(uscc, notice_id, upheld, "信用管理科", reasons, e)

                self.later(self.business_day_after(d, 2), decide)

            self.later(filed_on, file)

    def repairs(self, day: dt.date) -> None:
        """A unit listed for an order it left overdue mostly rectifies then, found so at a
        re-inspection; once its problem is rectified on record it applies for credit repair
        (信用修复申请) a few working days later, with its evidence, and credit decides three working
        days after that."""
        from sqlalchemy import select

        from services.credit import read_models as credit_views

        credit = self.district.runtimes["credit"]
        credit.refresh_read_models()
        table = credit_views.notices
        with credit.engine.connect() as conn:
            listed = conn.execute(
                select(table.c.notice_id, table.c.uscc).where(table.c.status == "listed").order_by(table.c.notice_id)
            ).all()
        for notice_id, uscc in listed:
            listing = credit.app.require_record(uscc).state.listings.get(notice_id)
            if listing is None or notice_id in self.repairing:
                continue
            if listing.rectified_on is None:
                reinspections = self.overdue.pop(uscc, [])
                if reinspections and self.late.random() < 0.8:
                    on = self.business_day_after(day, self.late.randrange(2, 8))
                    for reinspect in reinspections:
                        self.later(on, reinspect)
                continue
            self.repairing.add(notice_id)
            self.later(
                self.business_day_after(day, self.late.randrange(1, 5)), self._repair_application(uscc, notice_id)
            )

    def _repair_application(self, uscc: str, notice_id: str) -> Callable[[dt.date], None]:
        def apply(day: dt.date) -> None:
            credit = self.district.app("credit")
            if credit.require_record(uscc).state.listings[notice_id].status is not ListingStatus.LISTED:
                return  # repaired by the day close meanwhile (general dishonesty)
            evidence = ["整改复查意见书.pdf", "消防安全管理制度.pdf"]
            credit.apply_for_repair(uscc, notice_id, day, evidence, "已完成隐患整改并经复查合格，申请信用修复")
            self.later(self.business_day_after(day, 3), self._repair_decision(uscc, notice_id))

        return apply

    def _repair_decision(self, uscc: str, notice_id: str) -> Callable[[dt.date], None]:
        """信用修复审核: granted once the minimum period is served; refused before, naming the first day
        it may be granted, when the unit applies again."""

        def decide(day: dt.date) -> None:
            credit = self.district.app("credit")
            listing = credit.require_record(uscc).state.listings[notice_id]
            if listing.status is not ListingStatus.LISTED:
                return
            due = repair_due_from(listing)
            if due is not None and due <= day:
                credit.decide_repair(uscc, notice_id, True, "信用管理科", "整改到位，公示期满", day)
                return
            reasons = f"未满最短公示期（{listing.repair_months}个月），{due}起可申请修复"
            credit.decide_repair(uscc, notice_id, False, "信用管理科", reasons, day)
            if due is not None:
                self.later(
                    self.business_day_after(due - dt.timedelta(days=1), 1), self._repair_application(uscc, notice_id)
                )

        return decide

    def attempt(self, action: Callable[[dt.date], None], day: dt.date, attempts: int = 5) -> None:
        """Do an action; beside a running system, again when a worker saved the same aggregate first
        (the commands are idempotent by their request ids, so a repeat changes nothing done)."""
        from eventsourcing.persistence import IntegrityError

        for attempt in range(attempts):
            try:
                action(day)
                return
            except IntegrityError:
                if not self.district.live or attempt == attempts - 1:
                    raise
                self.district.forget_cached()
                time.sleep(0.2 * (attempt + 1))

    def later(self, day: dt.date, action: Callable[[dt.date], None]) -> None:
        """Put an action on a day's agenda."""
        self.agenda.setdefault(day, []).append(action)

    def _inspection_of(self, plan_id: str, drawn: dict[str, Any], later: Later) -> Callable[[dt.date], None]:
        return lambda day: self.inspect(day, plan_id, drawn, later)

    def business_day_after(self, day: dt.date, working_days: int) -> dt.date:
        calendar = self.district.app("supervision").calendar
        current = day
        for _ in range(working_days):
            current += dt.timedelta(days=1)
            while not calendar.is_working_day(current):
                current += dt.timedelta(days=1)
        return current

    # -- permits --------------------------------------------------------------------------------

    def apply(self, day: dt.date, later: Callable[[dt.date, Callable[[dt.date], None]], None]) -> None:
        permits = self.district.app("permits")
        unit = self.rng.choice(self.units)
        route = self.rng.choices(("commitment", "standard", "pilot"), weights=(45, 35, 20))[0]
        if route == "commitment" and unit.category not in permits.rules.commitment_categories:
            route = "standard"
        if route == "pilot" and not permits.rules.pilot_complexes:
            route = "standard"
        full = COMMITMENT_MATERIALS if route == "commitment" else STANDARD_MATERIALS if route == "standard" else ()
        missing = tuple(m for m in full if self.rng.random() < 0.15)
        materials = tuple(m for m in full if m not in missing)
        category = unit.category if route != "pilot" else "shopping_mall"
        unit_input = UnitInput(
            uscc=unit.uscc,
            name=unit.name,
            venue_name=unit.venue_name,
            address=unit.address,
            district=DISTRICT,
            street=unit.street,
            venue_category=category,
            floor_area_m2=min(unit.floor_area_m2, 280.0) if route == "pilot" else unit.floor_area_m2,
            in_commercial_complex=route == "pilot",
            complex_name=min(permits.rules.pilot_complexes) if route == "pilot" else "",
            legal_representative=unit.person,
            legal_representative_id=unit.person_id,
        )
        applicant = Applicant(
            name=self.person(),
            phone=self.phone("138"),
            email=self.email(f"apply{self.rng.randrange(10**6):06d}", "mail.example.cn"),
        )
        submitted = at(day, self.rng.randrange(9, 16), self.rng.randrange(60))
        command = SubmitApplication(
            request_id=self.request("application"),
            route=route,
            unit=unit_input,
            applicant=applicant,
            materials=materials,
            submitted_at=submitted,
        )
        try:
            application = permits.submit_application(command, submitted)
        except PermitsError:  # a route the unit may not take (its credit standing) is refused, as for anyone
            return
        if route == "standard":
            permits.accept_application(application.id, submitted + dt.timedelta(hours=1), "受理员")
        if missing:
            supplement_on = self.business_day_after(day, self.rng.randrange(1, 5))

            def supplement(d: dt.date) -> None:
                moment = at(d, 11)
                outstanding = tuple(sorted(str(m) for m in permits.get_application(application.id).missing))
                if not outstanding:  # the application went another way meanwhile
                    return
                permits.supplement_materials(
                    SupplementMaterials(
                        request_id=self.request("supplement"),
                        application_id=str(application.id),
                        materials=outstanding,
                        supplemented_at=moment,
                    ),
                    moment,
                )

            later(supplement_on, supplement)
        if route in ("commitment", "pilot") and not missing:
            # 告知承诺核查 and the pilot's inspection after opening, by supervision, within its time limit
            check_on = self.business_day_after(day, self.rng.randrange(3, 15))
            later(check_on, lambda d: self.check_after_opening(d, route, unit.uscc, str(application.id)))
        if route == "standard":
            inspect_on = self.business_day_after(day, self.rng.randrange(3, 12))
            later(inspect_on, lambda d: self.pre_opening_inspection(d, application.id, later))

    def pre_opening_inspection(
        self, day: dt.date, application_id: uuid.UUID, later: Callable[[dt.date, Callable[[dt.date], None]], None]
    ) -> None:
        permits = self.district.app("permits")
        current = permits.get_application(application_id)
        if current.missing:
            later(self.business_day_after(day, 1), lambda d: self.pre_opening_inspection(d, application_id, later))
            return
        passed = self.rng.random() < 0.85
        team = self.rng.sample(self.inspectors, 2)
        permits.record_inspection(
            application_id,
            passed=passed,
            findings=[] if passed else ["疏散宽度不足"],
            rectification_advice="" if passed else "增设安全出口",
            inspectors=team,
            at=at(day, 15),
        )
        decide_on = self.business_day_after(day, self.rng.randrange(1, 4))

        def decide(d: dt.date) -> None:
            permits.decide(application_id, grant=passed, reasons=[] if passed else ["现场检查不合格"], at=at(d, 10))
            permits.record_delivery(application_id, at(d, 16), "")

        later(decide_on, decide)

    def check_after_opening(self, day: dt.date, route: str, uscc: str, application_id: str) -> None:
        team = self.rng.sample(self.inspectors, 2)
        links: dict[str, Any] = {"purpose": "pilot"}
        if route == "commitment":
            result = "true" if self.rng.random() < 0.93 else "seriously_false"
            links = {"purpose": "commitment_verification", "application_id": application_id,
                     "commitment_result": result}  # fmt: skip
        self.district.desk.record_inspection(
            request_id=self.request("after-opening"),
            uscc=uscc,
            mode="on_site",
            inspector_ids=team,
            at=iso(day, 11),
            recorded_by=team[0],
            evidence=["核查照片.jpg"],
            **links,
        )

    # -- supervision ----------------------------------------------------------------------------

    def inspect(
        self,
        day: dt.date,
        plan_id: str,
        drawn: dict[str, Any],
        later: Callable[[dt.date, Callable[[dt.date], None]], None],
    ) -> None:
        desk = self.district.desk
        team = list(drawn["inspector_ids"])
        hazards = []
        if self.rng.random() < 0.35:
            grade = "major" if self.rng.random() < 0.15 else "general"
            description = self.rng.choice(HAZARDS[grade])
            hazards.append({"grade": grade, "description": description, "hazard_type": HAZARD_TYPES[description]})
        violations = []
        if hazards and self.rng.random() < 0.5:
            violations.append({"violation_type": self.rng.choice(VIOLATIONS),
                               "severity": self.rng.choice(("minor", "general", "serious")),
                               "description": "现场检查发现"})  # fmt: skip
        inspection = desk.record_inspection(
            request_id=self.request("inspection"),
            uscc=drawn["uscc"],
            mode="on_site",
            purpose="random",
            plan_id=plan_id,
            inspector_ids=team,
            at=iso(day, 15),
            recorded_by=team[0],
            evidence=["现场照片.jpg"],
            hazards=hazards,
            violations=violations,
        )
        if not (inspection["hazard_ids"] or inspection["violation_ids"]):
            return
        deadline = self.business_day_after(day, self.rng.choice((5, 10, 15)))
        order = desk.order_rectification(
            request_id=self.request("order"),
            inspection_id=inspection["inspection_id"],
            hazard_ids=inspection["hazard_ids"],
            violation_ids=inspection["violation_ids"],
            advice="限期整改",
            officer_ids=team,
            at=iso(day, 17),
            deadline=deadline.isoformat(),
        )
        on_time = self.rng.random() < 0.75
        rectified_on = self.business_day_after(day, self.rng.randrange(2, 5)) if on_time else None

        def rectified(d: dt.date) -> None:
            desk.report_rectified(order_id=order["order_id"], at=iso(d, 10))
            later(self.business_day_after(d, 1), reinspect)

        def reinspect(d: dt.date) -> None:
            desk.record_inspection(
                request_id=self.request("reinspection"),
                uscc=drawn["uscc"],
                mode="on_site",
                purpose="re_inspection",
                order_id=order["order_id"],
                rectified=True,
                inspector_ids=team,
                at=iso(d, 14),
                recorded_by=team[0],
                evidence=["复查照片.jpg"],
            )

        if rectified_on is not None:
            later(rectified_on, rectified)
        else:  # left overdue; the unit may still rectify once it is listed for it (`repairs`)
            self.overdue.setdefault(drawn["uscc"], []).append(reinspect)
        baseline = self.district.app("supervision").baseline()
        for violation_id, violation in zip(inspection["violation_ids"], violations, strict=True):
            entry = baseline.entry(violation["violation_type"], violation["severity"])
            fine = self.rng.randrange(entry.min_fine_yuan, entry.max_fine_yuan + 1, 1000)
            penalty_on = self.business_day_after(day, self.rng.randrange(3, 8))

            def penalise(d: dt.date, violation_id: str = violation_id, fine: int = fine) -> None:
                penalty = desk.propose_penalty(
                    request_id=self.request("penalty"),
                    inspection_id=inspection["inspection_id"],
                    violation_id=violation_id,
                    fine_yuan=fine,
                    reasons="违反《消防法》",
                    evidence=["询问笔录"],
                    officer_ids=team,
                    at=iso(d, 10),
                )
                if penalty["status"] != "decided":
                    reviewer = next(r for r in self.inspectors[:LEGAL_REVIEWERS] if r not in team)
                    desk.review_penalty(
                        penalty_id=penalty["penalty_id"],
                        reviewer_id=reviewer,
                        approved=True,
                        opinion="事实清楚，证据确凿",
                        at=iso(d, 16),
                    )

            later(penalty_on, penalise)

    def complaint(self, day: dt.date, later: Callable[[dt.date, Callable[[dt.date], None]], None]) -> None:
        desk = self.district.desk
        unit = self.rng.choice(self.units)
        ticket = f"12345-{day:%Y%m%d}-{self.rng.randrange(10**5):05d}"
        received = iso(day, self.rng.randrange(8, 20), self.rng.randrange(60))
        desk.receive_complaint(
            ticket_no=ticket,
            category=self.rng.choice(COMPLAINTS),
            description="群众反映存在消防安全问题",
            received_at=received,
            uscc=unit.uscc,
            reporter_name=self.person(),
            reporter_phone=self.phone("137"),
        )
        # urgent reports are checked within 24 hours, others within 3 working days: mostly, not always
        checked = self.business_day_after(day, self.rng.choice((0, 0, 1, 1, 2, 3, 5)))
        team = self.rng.sample(self.inspectors, 2)

        def check(d: dt.date) -> None:
            desk.record_inspection(
                request_id=self.request("complaint-check"),
                uscc=unit.uscc,
                mode="on_site",
                purpose="complaint",
                ticket_no=ticket,
                inspector_ids=team,
                at=iso(d, 19),
                recorded_by=team[0],
                evidence=["核查记录.jpg"],
            )
            feedback_on = self.business_day_after(d, self.rng.choice((0, 1, 2)))

            def feedback(f: dt.date) -> None:
                desk.give_complaint_feedback(ticket_no=ticket, feedback="已核查处理", at=iso(f, 20))

            later(feedback_on, feedback)

        later(checked, check)


def category_word(category: str) -> str:
    return {"shopping_mall": "商场", "catering": "餐厅", "hotel": "酒店", "entertainment": "娱乐城",
            "sports_venue": "体育馆", "assembly_hall": "礼堂"}.get(category, "场所")  # fmt: skip


def month_days(month: str) -> list[dt.date]:
    year, number = (int(p) for p in month.split("-"))
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return [first + dt.timedelta(days=n) for n in range((following - first).days)]


def months_until(last: str, count: int) -> list[str]:
    year, number = (int(p) for p in last.split("-"))
    found = []
    for _ in range(count):
        found.append(f"{year:04d}-{number:02d}")
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
    return list(reversed(found))


def run_demo(district: District, seed: int, size: DemoSize, months: list[str], show_progress: bool = True) -> Demo:
    demo = Demo(district, seed, size, months)
    with tqdm(total=demo.steps(), desc="demo district", unit=" step", disable=not show_progress) as bar:

        def progress(step: str) -> None:
            bar.set_postfix_str(step)
            bar.update(1)

        demo.run(progress)
    district.flow()
    district.refresh()
    return demo


@contextlib.contextmanager
def district_on_stores(environ: Mapping[str, str] | None = None) -> Iterator[District]:
    district = District.on_stores(environ)
    try:
        yield district
    finally:
        district.close()
