"""Helpers for the supervision tests: a desk on in-memory stores, units, inspectors and upstream events."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool
from stdnum.cn import uscc as uscc_number

from firesafety.credit.v1 import events_pb2 as credit_events
from firesafety.permits.v1 import events_pb2 as permit_events
from kit.database import IN_MEMORY_ENV
from kit.envelope import Envelope
from kit.positions import PositionStore
from kit.projection import Projector
from kit.service_runtime import Runtime
from services.supervision import read_models
from services.supervision.application import SupervisionApplication
from services.supervision.desk import StaffDesk
from services.supervision.settings import SupervisionRules

CST = dt.timezone(dt.timedelta(hours=8))
DISTRICT = "徐汇区"
SPORTS_CENTRE = "91110000600037341L"
HOTEL = "91310000MA1FL4B24G"
NOV_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=CST)


def make_uscc(number: int) -> str:
    """A valid USCC, different for each number."""
    first17 = f"9131010{number:010d}"
    return first17 + uscc_number.calc_check_digit(first17)


def at(day: str, time: str = "10:00") -> str:
    """A business time in China Standard Time, as staff systems send it."""
    return f"{day}T{time}:00+08:00"


class World:
    """The supervision service's application and read models on in-memory stores, driven through its desk."""

    def __init__(self, rules: SupervisionRules | None = None, seed: str = "fixed-seed") -> None:
        self.app = SupervisionApplication(env=IN_MEMORY_ENV, rules=rules)
        engine = create_engine("sqlite://", poolclass=StaticPool)
        projector = Projector(
            "supervision",
            self.app.recorder,
            self.app.mapper,
            engine,
            read_models.metadata,
            read_models.apply,
            PositionStore(engine),
        )
        self.runtime: Runtime[SupervisionApplication] = Runtime(app=self.app, engine=engine, projector=projector)
        self.desk = StaffDesk(self.runtime, seeds=lambda: seed)
        self._positions = itertools.count(1)
        self._requests = itertools.count(1)
        self._announced: set[tuple[str, str]] = set()

    def request_id(self, prefix: str = "req") -> str:
        return f"{prefix}-{next(self._requests)}"

    def receive(self, envelope: Envelope) -> bool:
        return self.app.receive(envelope)

    def position(self) -> int:
        return next(self._positions)

    def register(self, uscc: str, **details: Any) -> dict[str, Any]:
        fields = {"uscc": uscc, "unit_name": f"单位{uscc[-6:]}", "district": DISTRICT, "at": at("2026-01-05")}
        fields.update(details)
        return self.desk.register_unit(**fields)

    def inspector(
        self,
        inspector_id: str,
        certified_until: str = "2027-12-31",
        roles: list[str] | None = None,
        district: str = DISTRICT,
    ) -> str:
        self.desk.enrol_inspector(
            inspector_id=inspector_id,
            name=f"监督员{inspector_id}",
            district=district,
            roles=roles or ["inspector"],
            at=at("2026-01-02"),
        )
        if certified_until:
            self.desk.certify_inspector(
                inspector_id=inspector_id,
                certificate_no=f"CERT-{inspector_id}",
                valid_until=certified_until,
                at=at("2026-01-02"),
            )
        return inspector_id

    def team(self, *ids: str) -> list[str]:
        for inspector_id in ids:
            self.inspector(inspector_id)
        return list(ids)

    def inspect(self, uscc: str, inspectors: list[str], day: str = "2026-11-10", **fields: Any) -> dict[str, Any]:
        command: dict[str, Any] = {
            "request_id": self.request_id("inspection"),
            "uscc": uscc,
            "mode": "on_site",
            "purpose": "pilot",
            "inspector_ids": inspectors,
            "at": at(day, "16:00"),
            "recorded_by": inspectors[0],
            "evidence": ["photo-001.jpg"],
        }
        command.update(fields)
        return self.desk.record_inspection(**command)

    def publish_plan(self, **fields: Any) -> dict[str, Any]:
        """Announce the month's plan an hour before the draw (once), then draw and publish it."""
        district, month = fields.get("district", DISTRICT), fields["month"]
        if (district, month) not in self._announced:
            drawn_at = dt.datetime.fromisoformat(fields["at"])
            self.desk.announce_plan(
                district=district,
                month=month,
                at=(drawn_at - dt.timedelta(hours=1)).isoformat(),
                announced_by=fields.get("published_by", "I1"),
            )
            self._announced.add((district, month))
        return self.desk.publish_plan(**fields)

    def events(self, *names: str) -> list[Any]:
        """The stored domain events, optionally only those whose class is named in `names`."""
        found = [self.app.mapper.to_domain_event(n) for n in self.app.recorder.select_notifications(1, 100_000)]
        return [e for e in found if not names or type(e).__name__ in names]

    def published(self) -> list[Envelope]:
        """The integration events the relay would publish, in log order."""
        from services.supervision.integration import translate

        notifications = self.app.recorder.select_notifications(1, 100_000)
        envelopes = [translate(self.app.mapper.to_domain_event(n), n.id) for n in notifications]
        return [e for e in envelopes if e is not None]

    def message(self, event_type: str) -> dict[str, Any]:
        """The data of the first published event of this type."""
        return next(e for e in self.published() if e.event_type == event_type).data

    def published_types(self) -> list[str]:
        return [e.event_type for e in self.published()]


def permit_granted(position: int, uscc: str = SPORTS_CENTRE, route: str = "commitment", **fields: Any) -> Envelope:
    application_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{uscc}/{position}")
    values: dict[str, Any] = {
        "application_id": str(application_id),
        "permit_no": f"XF2026-{position:06d}",
        "route": route,
        "uscc": uscc,
        "unit_name": "上海某体育发展有限公司",
        "venue_name": "徐汇体育馆",
        "district": DISTRICT,
        "venue_category": "sports_venue",
        "floor_area_m2": 5200,
        "granted_at": NOV_2.isoformat(),
        "address": "漕溪北路1111号",
        "street": "徐家汇街道",
    }
    values.update(fields)
    return _wrap("permits", position, application_id, permit_events.PermitGranted(**values), uscc)


def pilot_registered(position: int, uscc: str, **fields: Any) -> Envelope:
    application_id = uuid.uuid5(uuid.NAMESPACE_URL, f"pilot/{uscc}/{position}")
    values: dict[str, Any] = {
        "application_id": str(application_id),
        "uscc": uscc,
        "unit_name": "某服装店",
        "venue_name": "某服装店(合生汇店)",
        "district": DISTRICT,
        "address": "翔殷路1099号",
        "complex_name": "合生汇",
        "venue_category": "shopping_mall",
        "floor_area_m2": 200,
        "registered_at": NOV_2.isoformat(),
    }
    values.update(fields)
    return _wrap("permits", position, application_id, permit_events.PilotRegistered(**values), uscc)


def permit_revoked(position: int, uscc: str = SPORTS_CENTRE, permit_no: str = "XF2026-000001") -> Envelope:
    application_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{uscc}/revoked/{position}")
    message = permit_events.PermitRevoked(
        application_id=str(application_id),
        permit_no=permit_no,
        uscc=uscc,
        unit_name="上海某体育发展有限公司",
        district=DISTRICT,
        reason="commitment found seriously false",
        revoked_at=NOV_2.isoformat(),
    )
    return _wrap("permits", position, application_id, message, uscc)


def verification_requested(
    position: int, uscc: str = SPORTS_CENTRE, application_id: str = "app-commitment-1", due_date: str = ""
) -> Envelope:
    message = permit_events.CommitmentVerificationRequested(
        application_id=application_id,
        permit_no="XF2026-000001",
        uscc=uscc,
        unit_name="上海某体育发展有限公司",
        venue_name="徐汇体育馆",
        district=DISTRICT,
        address="漕溪北路1111号",
        requested_at=NOV_2.isoformat(),
        due_date=due_date,
    )
    return _wrap("permits", position, uuid.uuid5(uuid.NAMESPACE_URL, application_id), message, uscc)


def standing_changed(position: int, uscc: str, tier: str, reduced_inspection: bool = False) -> Envelope:
    message = credit_events.StandingChanged(
        uscc=uscc,
        unit_name="单位",
        district=DISTRICT,
        previous_tier="normal",
        tier=tier,
        colour={"red_list": "red", "serious_dishonesty": "grey"}.get(tier, "green"),
        reduced_inspection=reduced_inspection,
        effective_on="2026-10-30",
    )
    return _wrap("credit", position, uuid.uuid5(uuid.NAMESPACE_URL, f"credit/{uscc}"), message, uscc)


def _wrap(source: str, position: int, originator: uuid.UUID, message: Any, subject: str) -> Envelope:
    return Envelope.wrap(
        source=source,
        position=position,
        originator_id=originator,
        originator_version=position,
        message=message,
        subject=subject,
        business_time=NOV_2.isoformat(),
        correlation_id=str(originator),
    )


def usccs(count: int, start: int = 1) -> Iterator[str]:
    return (make_uscc(n) for n in range(start, start + count))
