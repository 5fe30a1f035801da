"""Pure derivations from a credit record's state: the standing, repairs, the next review day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from services.credit.domain.rules import CreditPolicy, add_months
from services.credit.domain.standing import Cause, StandingEntry, Tier, colour_of
from services.credit.domain.state import CreditState, Listing, ListingStatus, Penalty

ONE_DAY = dt.timedelta(days=1)


def good_standing(state: CreditState, excluding: Collection[str] = ()) -> bool:
    """守信激励 (C3): inspected in the previous year with no hazard, violation or penalty, none
    this year either, nothing listed or noticed, and not suspended (000 Hongkou; 003 (六))."""
    if state.reference_on is None or state.suspended_by:
        return False
    year = state.reference_on.year
    if (year - 1) not in state.inspected_years or {year - 1, year} & state.problem_years:
        return False
    return not any(
        listing.notice_id not in excluding for listing in state.listings_in(ListingStatus.NOTICED, ListingStatus.LISTED)
    )


def derive(state: CreditState, excluding: Collection[str] = ()) -> StandingEntry:
    """The standing the facts give now; `excluding` names listings about to be repaired."""
    listed = [entry for entry in state.listings_in(ListingStatus.LISTED) if entry.notice_id not in excluding]
    noticed = state.listings_in(ListingStatus.NOTICED)
    causes: list[Cause] = []
    if listed:
        tier = max((entry.tier for entry in listed), key=lambda t: t.severity)
        for entry in listed:
            causes.extend(entry.causes)
    elif good_standing(state, excluding):
        assert state.reference_on is not None
        tier = Tier.RED_LIST
        clean = state.clean_inspections.get(state.reference_on.year - 1)
        if clean is not None:
            causes.append({**clean, "rule": "good_standing"})
    else:
        tier = Tier.NORMAL
    if state.suspended_by and state.suspension_cause is not None:
        causes.append({**state.suspension_cause, "rule": "business_suspended"})
    for entry in noticed:
        causes.extend(entry.causes)
    open_hazards = state.open_major_hazards
    if not listed and not noticed and not state.suspended_by:
        causes.extend({**state.hazard_causes[h], "rule": "major_hazard_open"} for h in open_hazards)
    return StandingEntry(
        effective_on=None,
        tier=tier,
        colour=colour_of(
            tier,
            suspended=bool(state.suspended_by),
            notice_pending=bool(noticed),
            major_hazard_open=bool(open_hazards),
        ),
        reduced_inspection=tier is Tier.RED_LIST,
        listed_rules=tuple(sorted({str(entry.rule) for entry in listed})),
        causes=tuple(causes),
    )


def repair_due_from(listing: Listing) -> dt.date | None:
    """The first day a listing may be repaired: rectified, and the minimum period served."""
    if listing.status is not ListingStatus.LISTED or listing.rectified_on is None or listing.listed_on is None:
        return None
    return max(add_months(listing.listed_on, listing.repair_months), listing.rectified_on + ONE_DAY)


def repairable_from(listing: Listing) -> dt.date | None:
    """The first day the day close repairs a listing by itself; None for one repaired on application."""
    return None if listing.repair_by_application else repair_due_from(listing)


def next_review(state: CreditState) -> dt.date | None:
    """The first day whose closing may change this record: a window closing, a repair coming
    due, or the turn of a year that may grant or end good standing."""
    days: list[dt.date] = []
    for listing in state.listings_in(ListingStatus.NOTICED):
        if listing.objection is None or not listing.objection.pending:
            days.append(listing.objection_deadline)
    for listing in state.listings_in(ListingStatus.LISTED):
        repairable = repairable_from(listing)
        if repairable is not None:
            days.append(repairable - ONE_DAY)
    if state.reference_on is not None:
        year = state.reference_on.year
        if {year, year - 1} & state.inspected_years:
            days.append(dt.date(year, 12, 31))
    return min(days) if days else None


def penalties_counted(state: CreditState, on: dt.date, policy: CreditPolicy) -> list[Penalty]:
    """Penalties within the period before `on`, after the last repeated-violations listing ended."""
    window_start = add_months(on, -policy.repeated_violation_months)
    cleared = state.repeated_violations_cleared_on
    return [
        penalty
        for penalty in state.penalties
        if window_start < penalty.decided_on <= on and (cleared is None or penalty.decided_on > cleared)
    ]


def standing_on(state: CreditState, day: dt.date) -> StandingEntry | None:
    """The standing in force at the end of `day`; None if the unit was not on record yet."""
    if state.first_seen is None or day < state.first_seen:
        return None
    in_force = None
    for entry in state.history:
        if entry.effective_on is not None and entry.effective_on <= day:
            in_force = entry
        else:
            break
    return in_force
