"""The district's credit parameters, read from the environment in one place.

| Variable | Default | Meaning (source in services/credit/domain/rules.py) |
|---|---|---|
| `CREDIT_OBJECTION_WORKING_DAYS` | 5 | objection window after a listing notice (异议期), working days |
| `CREDIT_REPEATED_VIOLATION_PENALTIES` | 3 | penalties that make repeated violations (多次违法违规) … |
| `CREDIT_REPEATED_VIOLATION_MONTHS` | 12 | … within this many months |
| `CREDIT_REPAIR_MONTHS_SERIOUS` | 12 | minimum months on the blacklist before repair (最短公示期) |
| `CREDIT_REPAIR_MONTHS_GENERAL` | 3 | minimum months in general dishonesty before repair |
| `CREDIT_OVERDUE_TIER` | general_dishonesty | tier of an ordinary rectification order left overdue |
| `CREDIT_FIRM_SERIOUS_VIOLATION_TYPES` | false_documents,unqualified_practice | serious violations of a firm (003 二) |
| `CREDIT_FIRM_SERIOUS_SEVERITIES` | serious | … and the severities that make any firm violation serious |
| `CREDIT_AUTOMATIC_REPAIR_TIERS` | general_dishonesty | tiers repaired by the day close; others on application (C4) |
| `CREDIT_AGGREGATE_CACHE` | 10000 | records a process keeps in memory (brought up to date from the store on use) |
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping

from services.credit.domain import CreditPolicy, Rule, Tier, default_rules
from services.credit.domain.rules import FIRM_SERIOUS_SEVERITIES, FIRM_SERIOUS_VIOLATION_TYPES


def credit_policy(environ: Mapping[str, str] | None = None) -> CreditPolicy:
    env = os.environ if environ is None else environ
    defaults = CreditPolicy()
    rules = default_rules(
        serious_repair_months=int(env.get("CREDIT_REPAIR_MONTHS_SERIOUS", "12")),
        general_repair_months=int(env.get("CREDIT_REPAIR_MONTHS_GENERAL", "3")),
    )
    overdue_tier = Tier(env.get("CREDIT_OVERDUE_TIER", str(Tier.GENERAL_DISHONESTY)))
    overdue = rules[Rule.RECTIFICATION_OVERDUE]
    if overdue_tier is Tier.SERIOUS_DISHONESTY:
        serious_months = rules[Rule.RECTIFICATION_REFUSED].repair_months
        rules[Rule.RECTIFICATION_OVERDUE] = dataclasses.replace(
            overdue, tier=overdue_tier, repair_months=serious_months
        )
    elif overdue_tier is not Tier.GENERAL_DISHONESTY:
        raise ValueError("CREDIT_OVERDUE_TIER must be general_dishonesty or serious_dishonesty")
    return CreditPolicy(
        objection_working_days=int(env.get("CREDIT_OBJECTION_WORKING_DAYS", defaults.objection_working_days)),
        repeated_violation_penalties=int(
            env.get("CREDIT_REPEATED_VIOLATION_PENALTIES", defaults.repeated_violation_penalties)
        ),
        repeated_violation_months=int(env.get("CREDIT_REPEATED_VIOLATION_MONTHS", defaults.repeated_violation_months)),
        rules=rules,
        firm_serious_violation_types=_names(env, "CREDIT_FIRM_SERIOUS_VIOLATION_TYPES", FIRM_SERIOUS_VIOLATION_TYPES),
        firm_serious_severities=_names(env, "CREDIT_FIRM_SERIOUS_SEVERITIES", FIRM_SERIOUS_SEVERITIES),
        automatic_repair_tiers=_tiers(env, "CREDIT_AUTOMATIC_REPAIR_TIERS", defaults.automatic_repair_tiers),
    )


def _tiers(env: Mapping[str, str], name: str, default: frozenset[Tier]) -> frozenset[Tier]:
    names = _names(env, name, frozenset(str(t) for t in default))
    dishonest = {str(Tier.GENERAL_DISHONESTY), str(Tier.SERIOUS_DISHONESTY)}
    if not names <= dishonest:
        raise ValueError(f"{name} names tiers among {sorted(dishonest)}, not {sorted(names - dishonest)}")
    return frozenset(Tier(n) for n in names)


def _names(env: Mapping[str, str], name: str, default: frozenset[str]) -> frozenset[str]:
    """A comma-separated list of codes; an empty value means none."""
    value = env.get(name)
    if value is None:
        return default
    return frozenset(item.strip() for item in value.split(",") if item.strip())


def aggregate_cache_size(environ: Mapping[str, str] | None = None) -> int:
    env = os.environ if environ is None else environ
    return int(env.get("CREDIT_AGGREGATE_CACHE", "10000"))
