"""The register snapshot a monthly draw uses: every unit of the district, with what the draw needs to know.

Built from the read models at the moment of the draw and kept with the plan,
so the draw can be reproduced from it later, whatever happened since.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import Connection, Engine, select

from services.supervision.domain.common import COUNTED_PURPOSES, HazardGrade, Severity
from services.supervision.domain.draw import DrawRules, InspectorSnapshot, RegisterSnapshot, UnitSnapshot, check_month
from services.supervision.read_models import tables as t

FOCUS_TIERS = frozenset({"serious_dishonesty"})
"""By default blacklisted units are inspected as focus units (C2: more frequent inspection)."""


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, number = check_month(month)
    first = dt.date(year, number, 1)
    following = dt.date(year + (number == 12), number % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def period_start(month: str, period_months: int) -> dt.date:
    year, number = check_month(month)
    return dt.date(year, ((number - 1) // period_months) * period_months + 1, 1)


def months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def take_snapshot(
    engine: Engine,
    district: str,
    month: str,
    rules: DrawRules,
    serious_record_months: int,
    drawn_on: dt.date,
    focus_tiers: frozenset[str] = FOCUS_TIERS,
) -> RegisterSnapshot:
    first, _ = month_bounds(month)
    year_start = dt.date(first.year, 1, 1)
    with engine.connect() as conn:
        units = conn.execute(
            select(
                t.register.c.uscc,
                t.register.c.unit_name,
                t.register.c.high_risk,
                t.register.c.service_firm_uscc,
            ).where(t.register.c.district == district, t.register.c.suspended.is_(False))
        ).all()
        standings = {
            row.uscc: row
            for row in conn.execute(
                select(t.credit_standings)
                .join(t.register, t.register.c.uscc == t.credit_standings.c.uscc)
                .where(t.register.c.district == district)
            )
        }
        counted = _counted_inspections(conn, district, year_start)
        pending = _pending_draws(conn, district, year_start, month)
        this_period = _inspected_since(conn, district, period_start(month, rules.focus_period_months), month)
        serious = _serious_record(conn, district, months_back(first, serious_record_months))
        clean_last_year = _clean_last_year(conn, district, first.year - 1)
        team = _inspectors(conn, district, drawn_on)
    snapshot_units = []
    for row in units:
        standing = standings.get(row.uscc)
        tier = standing.tier if standing is not None else "normal"
        snapshot_units.append(
            UnitSnapshot(
                uscc=row.uscc,
                unit_name=row.unit_name,
                focus=bool(row.high_risk) or row.uscc in serious or tier in focus_tiers,
                counted_this_year=counted[row.uscc] + pending[row.uscc],
                inspected_this_period=row.uscc in this_period,
                tier=tier,
                reduced_inspection=bool(standing is not None and standing.reduced_inspection),
                clean_last_year=row.uscc in clean_last_year,
                service_firm_uscc=row.service_firm_uscc or "",
            )
        )
    return RegisterSnapshot(district=district, month=month, units=tuple(snapshot_units), inspectors=team)


def _counted_inspections(conn: Connection, district: str, year_start: dt.date) -> Counter[str]:
    rows = conn.execute(
        select(t.inspections.c.uscc).where(
            t.inspections.c.district == district,
            t.inspections.c.inspected_on >= year_start.isoformat(),
            t.inspections.c.inspected_on < dt.date(year_start.year + 1, 1, 1).isoformat(),
            t.inspections.c.purpose.in_([p.value for p in COUNTED_PURPOSES]),
        )
    )
    return Counter(r.uscc for r in rows)


def _pending_draws(conn: Connection, district: str, year_start: dt.date, month: str) -> Counter[str]:
    """Draws of this year's earlier plans not yet inspected: they count as inspections to come.

    Once the plan's results are published, a draw never inspected is no longer to come (S2).
    """
    rows = conn.execute(
        select(t.plan_draws.c.uscc)
        .join(t.plans, t.plans.c.plan_id == t.plan_draws.c.plan_id)
        .where(
            t.plans.c.district == district,
            t.plan_draws.c.month >= year_start.isoformat()[:7],
            t.plan_draws.c.month < month,
            t.plan_draws.c.inspection_id.is_(None),
            t.plans.c.results_published_at.is_(None),
        )
    )
    return Counter(r.uscc for r in rows)


def _inspected_since(conn: Connection, district: str, start: dt.date, month: str) -> set[str]:
    """Inspected in the period, or drawn by an earlier plan of the period whose results are still to come.

    A draw never inspected does not count once its plan's results are published (S2): the unit is
    still due in the period.
    """
    inspected = conn.execute(
        select(t.inspections.c.uscc).where(
            t.inspections.c.district == district,
            t.inspections.c.inspected_on >= start.isoformat(),
            t.inspections.c.purpose.in_([p.value for p in COUNTED_PURPOSES]),
        )
    )
    drawn = conn.execute(
        select(t.plan_draws.c.uscc)
        .join(t.plans, t.plans.c.plan_id == t.plan_draws.c.plan_id)
        .where(
            t.plans.c.district == district,
            t.plan_draws.c.month >= start.isoformat()[:7],
            t.plan_draws.c.month < month,
            t.plan_draws.c.inspection_id.is_(None),
            t.plans.c.results_published_at.is_(None),
        )
    )
    return {r.uscc for r in inspected} | {r.uscc for r in drawn}


def _serious_record(conn: Connection, district: str, since: dt.date) -> set[str]:
    """A record of serious violations: a major hazard, an overdue order, or a serious violation, recently."""
    in_district = select(t.register.c.uscc).where(t.register.c.district == district)
    major = conn.execute(
        select(t.hazards.c.uscc).where(
            t.hazards.c.grade == HazardGrade.MAJOR.value,
            t.hazards.c.found_on >= since.isoformat(),
            t.hazards.c.uscc.in_(in_district),
        )
    )
    overdue = conn.execute(
        select(t.orders.c.uscc).where(
            t.orders.c.district == district,
            t.orders.c.overdue_on.is_not(None),
            t.orders.c.overdue_on >= since.isoformat(),
        )
    )
    serious = conn.execute(
        select(t.violations.c.uscc).where(
            t.violations.c.severity == Severity.SERIOUS.value,
            t.violations.c.found_on >= since.isoformat(),
            t.violations.c.uscc.in_(in_district),
        )
    )
    return {r.uscc for r in major} | {r.uscc for r in overdue} | {r.uscc for r in serious}


def _clean_last_year(conn: Connection, district: str, year: int) -> set[str]:
    """Inspected last year with no hazard and no violation (S3)."""
    rows = conn.execute(
        select(t.inspections.c.uscc, t.inspections.c.hazards, t.inspections.c.violations).where(
            t.inspections.c.district == district,
            t.inspections.c.inspected_on >= f"{year}-01-01",
            t.inspections.c.inspected_on <= f"{year}-12-31",
        )
    )
    inspected: set[str] = set()
    troubled: set[str] = set()
    for row in rows:
        inspected.add(row.uscc)
        if row.hazards or row.violations:
            troubled.add(row.uscc)
    return inspected - troubled


def _inspectors(conn: Connection, district: str, on: dt.date) -> tuple[InspectorSnapshot, ...]:
    rows = conn.execute(
        select(t.inspectors.c.inspector_id, t.inspectors.c.roles).where(
            t.inspectors.c.district == district,
            t.inspectors.c.certified_until.is_not(None),
            t.inspectors.c.certified_until >= on.isoformat(),
        )
    ).all()
    ids = [r.inspector_id for r in rows if "inspector" in r.roles.split(",")]
    ties: dict[str, list[str]] = {i: [] for i in ids}
    for tie in conn.execute(select(t.inspector_ties).where(t.inspector_ties.c.inspector_id.in_(ids))):
        ties[tie.inspector_id].append(tie.uscc)
    return tuple(InspectorSnapshot(i, tuple(sorted(ties[i]))) for i in sorted(ids))
