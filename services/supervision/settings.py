"""The district's supervision rules, read from the environment once, with the regulations' values as defaults.

| Variable | Default | Source |
|---|---|---|
| `SUPERVISION_SAMPLE_RATE` | 0.05 | share of the eligible pool drawn each month (district's choice) |
| `SUPERVISION_SAMPLE_SIZE` | 0 (use the rate) | a fixed number of units to draw each month |
| `SUPERVISION_FOCUS_PERIOD_MONTHS` | 6 | focus units at least once per half year (003 (四)) |
| `SUPERVISION_ORDINARY_MAX_PER_YEAR` | 2 | other units at most twice a year, re-inspections not counted (003 (四)) |
| `SUPERVISION_REDUCED_INSPECTION_WEIGHT` | 0.5 | draw weight of units credit marks for reduced inspection (C3) |
| `SUPERVISION_TIER_WEIGHTS` | see `DEFAULT_TIER_WEIGHTS` | `tier=weight,...`: good credit fewer draws (002 一(三)) |
| `SUPERVISION_FOCUS_TIERS` | `serious_dishonesty` | credit tiers drawn as focus units, once per focus period (C2) |
| `SUPERVISION_SERIOUS_RECORD_MONTHS` | 12 | how long a major hazard or overdue order makes a unit a focus unit |
| `SUPERVISION_INSPECTORS_PER_ACT` | 2 | two-person enforcement (双人执法, 003 (十二)) |
| `SUPERVISION_GENERAL_RECTIFICATION_WORKING_DAYS` | 15 | deadline of an order for general hazards (district) |
| `SUPERVISION_MAJOR_RECTIFICATION_WORKING_DAYS` | 60 | major hazard listed for supervision (挂牌督办, district) |
| `SUPERVISION_MAX_EXTENSIONS` | 1 | extensions of one order (延期整改, 004 #08; the seeds name no limit) |
| `SUPERVISION_MAX_EXTENSION_WORKING_DAYS` | 30 | working days all extensions may add to an order's first deadline |
| `SUPERVISION_REINSPECTION_WORKING_DAYS` | 3 | re-inspection after the deadline or the unit's report |
| `SUPERVISION_RECTIFICATION_NOTICE_WORKING_DAYS` | 3 | the notice after a verification found a problem (Fire Law 15) |
| `SUPERVISION_PILOT_CHECK_WORKING_DAYS` | 20 | on-site check of a pilot venue that opened first (district's choice) |
| `SUPERVISION_COMMITMENT_VERIFICATION_WORKING_DAYS` | 20 | verifying a commitment-route permit (Fire Law 15) |
| `SUPERVISION_URGENT_COMPLAINT_HOURS` | 24 | locked exits, blocked evacuation, switched-off facilities (004 #19) |
| `SUPERVISION_COMPLAINT_WORKING_DAYS` | 3 | every other report (004 #19) |
| `SUPERVISION_MAJOR_DECISION_FINE_YUAN` | 30000 | a fine from this amount is a major decision needing legal review |
| `SUPERVISION_COLLECTIVE_DELIBERATION_FINE_YUAN` | 100000 | fines from this amount, and reduced ones, get 集体讨论 |
| `SUPERVISION_COLLECTIVE_DELIBERATION_QUORUM` | 3 | the agency's leaders taking part in a collective deliberation |
| `SUPERVISION_SIMPLE_FIRE_MAX_LOSS_YUAN` | 10000 | "slight" direct loss for simple fire registration (004 #15) |
| `SUPERVISION_PENALTY_DOCUMENT_PATTERN` | see `document_numbers.py` | 文号 of penalty decisions, per district, year |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.supervision.domain.document_numbers import DEFAULT_PENALTY_DOCUMENT_PATTERN, format_document_no
from services.supervision.domain.draw import DEFAULT_TIER_WEIGHTS, DrawRules

CREDIT_TIERS = frozenset(DEFAULT_TIER_WEIGHTS)
"""The tiers credit publishes in `StandingChanged`."""


class InvalidSetting(ValueError):
    """A setting that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class SupervisionRules:
    draw: DrawRules = field(default_factory=DrawRules)
    focus_tiers: frozenset[str] = frozenset({"serious_dishonesty"})
    serious_record_months: int = 12
    inspectors_per_act: int = 2
    general_rectification_working_days: int = 15
    major_rectification_working_days: int = 60
    max_extensions: int = 1
    max_extension_working_days: int = 30
    reinspection_working_days: int = 3
    rectification_notice_working_days: int = 3
    pilot_check_working_days: int = 20
    commitment_verification_working_days: int = 20
    urgent_complaint_hours: int = 24
    complaint_working_days: int = 3
    major_decision_fine_yuan: int = 30_000
    collective_deliberation_fine_yuan: int = 100_000
    collective_deliberation_quorum: int = 3
    simple_fire_max_loss_yuan: int = 10_000
    penalty_document_pattern: str = DEFAULT_PENALTY_DOCUMENT_PATTERN


def load_rules(environ: Mapping[str, str] | None = None) -> SupervisionRules:
    env = os.environ if environ is None else environ
    defaults = SupervisionRules()

    def number(name: str, default: int) -> int:
        return int(env.get(f"SUPERVISION_{name}", default))

    draw = DrawRules(
        sample_rate=float(env.get("SUPERVISION_SAMPLE_RATE", defaults.draw.sample_rate)),
        sample_size=number("SAMPLE_SIZE", defaults.draw.sample_size),
        focus_period_months=number("FOCUS_PERIOD_MONTHS", defaults.draw.focus_period_months),
        ordinary_max_per_year=number("ORDINARY_MAX_PER_YEAR", defaults.draw.ordinary_max_per_year),
        reduced_inspection_weight=float(
            env.get("SUPERVISION_REDUCED_INSPECTION_WEIGHT", defaults.draw.reduced_inspection_weight)
        ),
        inspectors_per_unit=number("INSPECTORS_PER_ACT", defaults.inspectors_per_act),
        tier_weights=tier_weights(env.get("SUPERVISION_TIER_WEIGHTS", "")),
    )
    return SupervisionRules(
        draw=draw,
        focus_tiers=focus_tiers(env.get("SUPERVISION_FOCUS_TIERS"), defaults.focus_tiers),
        serious_record_months=number("SERIOUS_RECORD_MONTHS", defaults.serious_record_months),
        inspectors_per_act=number("INSPECTORS_PER_ACT", defaults.inspectors_per_act),
        general_rectification_working_days=number(
            "GENERAL_RECTIFICATION_WORKING_DAYS", defaults.general_rectification_working_days
        ),
        major_rectification_working_days=number(
            "MAJOR_RECTIFICATION_WORKING_DAYS", defaults.major_rectification_working_days
        ),
        max_extensions=number("MAX_EXTENSIONS", defaults.max_extensions),
        max_extension_working_days=number("MAX_EXTENSION_WORKING_DAYS", defaults.max_extension_working_days),
        reinspection_working_days=number("REINSPECTION_WORKING_DAYS", defaults.reinspection_working_days),
        rectification_notice_working_days=number(
            "RECTIFICATION_NOTICE_WORKING_DAYS", defaults.rectification_notice_working_days
        ),
        pilot_check_working_days=number("PILOT_CHECK_WORKING_DAYS", defaults.pilot_check_working_days),
        commitment_verification_working_days=number(
            "COMMITMENT_VERIFICATION_WORKING_DAYS", defaults.commitment_verification_working_days
        ),
        urgent_complaint_hours=number("URGENT_COMPLAINT_HOURS", defaults.urgent_complaint_hours),
        complaint_working_days=number("COMPLAINT_WORKING_DAYS", defaults.complaint_working_days),
        major_decision_fine_yuan=number("MAJOR_DECISION_FINE_YUAN", defaults.major_decision_fine_yuan),
        collective_deliberation_fine_yuan=number(
            "COLLECTIVE_DELIBERATION_FINE_YUAN", defaults.collective_deliberation_fine_yuan
        ),
        collective_deliberation_quorum=number(
            "COLLECTIVE_DELIBERATION_QUORUM", defaults.collective_deliberation_quorum
        ),
        simple_fire_max_loss_yuan=number("SIMPLE_FIRE_MAX_LOSS_YUAN", defaults.simple_fire_max_loss_yuan),
        penalty_document_pattern=document_pattern(
            env.get("SUPERVISION_PENALTY_DOCUMENT_PATTERN") or defaults.penalty_document_pattern
        ),
    )


def document_pattern(value: str) -> str:
    """A pattern with {number} (and optionally {district}, {year}) that makes a document number."""
    if "{number" not in value:
        raise InvalidSetting("SUPERVISION_PENALTY_DOCUMENT_PATTERN must contain {number}")
    try:
        format_document_no(value, "徐汇区", 2026, 1)
    except (KeyError, IndexError, ValueError) as error:
        raise InvalidSetting(
            f"SUPERVISION_PENALTY_DOCUMENT_PATTERN: {error!r}; the fields are {{district}}, {{year}}, {{number}}"
        ) from None
    return value


def tier_weights(value: str) -> dict[str, float]:
    """`tier=weight,...`; tiers not named keep their default weight."""
    weights = dict(DEFAULT_TIER_WEIGHTS)
    for part in filter(None, (p.strip() for p in value.split(","))):
        tier, _, weight = part.partition("=")
        tier = tier.strip()
        if tier not in CREDIT_TIERS:
            raise InvalidSetting(
                f"SUPERVISION_TIER_WEIGHTS: unknown credit tier {tier!r} (one of {', '.join(sorted(CREDIT_TIERS))})"
            )
        try:
            weights[tier] = float(weight)
        except ValueError:
            raise InvalidSetting(f"SUPERVISION_TIER_WEIGHTS: the weight of {tier} is not a number") from None
        if not weights[tier] > 0:
            raise InvalidSetting(f"SUPERVISION_TIER_WEIGHTS: the weight of {tier} must be positive")
    return weights


def focus_tiers(value: str | None, default: frozenset[str]) -> frozenset[str]:
    """Comma-separated tiers; an empty value makes no tier a focus tier."""
    if value is None:
        return default
    tiers = frozenset(filter(None, (p.strip() for p in value.split(","))))
    unknown = sorted(tiers - CREDIT_TIERS)
    if unknown:
        known = ", ".join(sorted(CREDIT_TIERS))
        raise InvalidSetting(f"SUPERVISION_FOCUS_TIERS: unknown credit tier {', '.join(unknown)} (one of {known})")
    return tiers
