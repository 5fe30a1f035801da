"""C1: credit is a pure function of the permit and supervision events (and its own day closes and
objections): any interleaving of the two upstream logs, any redelivery, and a rebuild from the
logs all give exactly the live state."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter

from sqlalchemy import select

from kit.envelope import Envelope
from services.credit import read_models
from services.credit.replay import own_commands, replay
from tests.unit.credit_factories import (
    SHOPPING_MALL,
    SPORTS_CENTRE,
    Credit,
    PermitsLog,
    SupervisionLog,
    generate_history,
    interleaved,
)

U = SPORTS_CENTRE


def test_events_from_permits_and_supervision_in_any_interleaving_give_the_same_credit() -> None:
    permits, supervision = PermitsLog(), SupervisionLog()
    from_permits = [
        permits.granted(U, "2026-10-13", permit_no="XF-1", name="上海某体育发展有限公司"),
        permits.granted(SHOPPING_MALL, "2026-10-14", name="上海某商场"),
        permits.revoked(U, "2026-10-15", "XF-1"),
    ]
    from_supervision = [
        supervision.commitment(U, "2026-10-12", application_id="A-1"),
        supervision.hazard(SHOPPING_MALL, "2026-10-13", hazard_id="H1", name="上海某商场（新名）"),
        supervision.ordered(SHOPPING_MALL, "2026-10-13", ["H1"], "O1"),
        supervision.verified(SHOPPING_MALL, "2026-10-14", "O1"),
    ]
    outcomes = []
    for chosen in itertools.combinations(range(7), len(from_permits)):
        p, s = iter(from_permits), iter(from_supervision)
        order = [next(p) if i in chosen else next(s) for i in range(7)]
        credit = Credit()
        credit.receive(*order)
        credit.close_days("2026-10-12", "2026-10-20")
        outcomes.append(
            (
                credit.record(U).state,
                credit.record(SHOPPING_MALL).state,
                read_models.all_rows(credit.runtime.engine),
            )
        )
    assert len(outcomes) == 35
    assert all(outcome == outcomes[0] for outcome in outcomes[1:])
    u_state, mall_state, _ = outcomes[0]
    assert u_state.history[-1].tier == "serious_dishonesty"
    # The name of the newest fact by business date wins (the permit of the 14th), whatever came last.
    assert (u_state.permits_held, mall_state.unit_name) == (0, "上海某商场")


def test_replaying_the_upstream_logs_rebuilds_exactly_the_live_state() -> None:
    """A district over thirteen months: over 5,000 upstream events for 300 units, delivered live in
    random interleavings with redeliveries, objections filed and decided, every day closed."""
    rng = random.Random(20261012)
    permits, supervision, days = generate_history(
        seed=5, units=300, first=dt.date(2026, 7, 1), days=400, events_per_day=14
    )
    live = Credit()
    delivered: list[Envelope] = []
    for generated in days:
        todays = interleaved(rng, generated.permits, generated.supervision)
        redelivered = rng.sample(delivered, k=min(len(delivered), rng.randint(0, 3)))
        live.receive(*todays, *redelivered)
        delivered.extend(todays)
        _objections_of_the_day(live, generated.day, rng)
        _repair_applications_of_the_day(live, generated.day, rng)
        live.close_day(generated.day)

    upstream_events = len(permits.envelopes) + len(supervision.envelopes)
    assert upstream_events > 5000
    commands = own_commands(live.app)
    kinds = Counter(c.kind for c in commands)
    assert kinds["close_day"] == len(days)
    assert kinds["repair_application"] and kinds["repair_decision"]

    rebuilt = Credit()
    other = random.Random(7)
    replay(
        rebuilt.runtime,
        {"permits": permits.envelopes, "supervision": supervision.envelopes},
        commands,
        interleave=lambda segments: interleaved(other, segments[0], segments[1]),
    )

    live_units = read_models.all_rows(live.runtime.engine)["credit_units_view"]
    for row in live_units:
        assert rebuilt.record(row["uscc"]).state == live.record(row["uscc"]).state, row["uscc"]
    assert read_models.all_rows(rebuilt.runtime.engine) == read_models.all_rows(live.runtime.engine)
    assert rebuilt.app.upstream_positions() == live.app.upstream_positions()

    # The history exercised every rule: listings, objections both ways, repairs, good standing.
    notices = read_models.all_rows(live.runtime.engine)["credit_notices_view"]
    assert {n["rule"] for n in notices} == {
        "commitment_seriously_false",
        "major_hazard_unrectified",
        "rectification_refused",
        "rectification_overdue",
        "repeated_violations",
    }
    assert {n["status"] for n in notices} == {"noticed", "listed", "withdrawn", "repaired"}
    assert {n["objection"] for n in notices} >= {"upheld", "rejected"}
    changes = [entry for row in live_units for entry in live.record(row["uscc"]).history_until()]
    assert {str(c.tier) for c in changes} == {"red_list", "normal", "general_dishonesty", "serious_dishonesty"}
    assert {str(c.colour) for c in changes} == {"green", "yellow", "grey", "red"}


def test_read_models_rebuilt_from_credits_own_log_equal_the_live_ones() -> None:
    _, _, days = generate_history(seed=11, units=40, first=dt.date(2026, 9, 1), days=120, events_per_day=6)
    credit = Credit()
    for generated in days:
        credit.receive(*generated.permits, *generated.supervision)
        credit.close_day(generated.day)
    live = read_models.all_rows(credit.runtime.engine)
    credit.runtime.projector.rebuild()
    assert read_models.all_rows(credit.runtime.engine) == live


def _repair_applications_of_the_day(credit: Credit, day: dt.date, rng: random.Random) -> None:
    """Some blacklisted units apply for repair; the agency approves those due and refuses the others."""
    from services.credit.domain.evaluation import repair_due_from

    query = select(read_models.notices).where(read_models.notices.c.status == "listed")
    with credit.runtime.engine.connect() as conn:
        listed = [row._asdict() for row in conn.execute(query.order_by(read_models.notices.c.notice_id))]
    for notice in listed:
        listing = credit.record(notice["uscc"]).state.listings[notice["notice_id"]]
        if not listing.repair_by_application or listing.listed_on is None or listing.listed_on > day:
            continue
        application = listing.repair_application
        if (application is None or not application.pending) and rng.random() < 0.03:
            credit.app.apply_for_repair(notice["uscc"], notice["notice_id"], day, ["整改复查合格意见书"], "已整改")
        elif application is not None and application.pending and rng.random() < 0.3:
            due = repair_due_from(listing)
            approved = due is not None and due <= day
            reasons = "" if approved else "未满最短公示期或未经复查合格"
            credit.app.decide_repair(notice["uscc"], notice["notice_id"], approved, "审核员", reasons, day)
    credit.runtime.refresh_read_models()


def _objections_of_the_day(credit: Credit, day: dt.date, rng: random.Random) -> None:
    """Some units object to their open notices; approvers decide some pending objections."""
    query = select(read_models.notices).where(read_models.notices.c.status == "noticed")
    with credit.runtime.engine.connect() as conn:
        open_notices = [row._asdict() for row in conn.execute(query.order_by(read_models.notices.c.notice_id))]
    for notice in open_notices:
        if not notice["objection"] and day.isoformat() <= notice["objection_deadline"] and rng.random() < 0.1:
            credit.app.file_objection(notice["uscc"], notice["notice_id"], day, "已整改，申请复核")
        elif notice["objection"] == "pending" and rng.random() < 0.3:
            credit.app.decide_objection(
                notice["uscc"], notice["notice_id"], rng.random() < 0.5, "法制审核员", "复核意见", day
            )
    credit.runtime.refresh_read_models()
