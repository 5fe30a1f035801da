"""The draw's results for a fixed register and seed, pinned: a faster draw must draw exactly the same plan."""

from __future__ import annotations

import hashlib
import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from services.supervision.domain.draw import (
    DrawOutcome,
    DrawRules,
    InspectorSnapshot,
    RegisterSnapshot,
    UnitSnapshot,
    canonical_digest,
    draw,
)
from tests.unit.supervision_factories import DISTRICT, make_uscc

TIERS = ("red_list", "normal", "normal", "normal", "general_dishonesty", "serious_dishonesty")


def district_register(units: int = 400, inspectors: int = 9, ties: int = 12) -> RegisterSnapshot:
    """A register with every kind of unit the draw treats apart, made the same way every time."""
    chance = random.Random(20261101)
    firms = [make_uscc(900_000 + n) for n in range(5)]
    unit_rows = []
    for n in range(1, units + 1):
        unit_rows.append(
            UnitSnapshot(
                uscc=make_uscc(n),
                unit_name=f'单位{n}号 "测试"\\店',
                focus=chance.random() < 0.08,
                counted_this_year=chance.choice((0, 0, 0, 1, 2, 3)),
                inspected_this_period=chance.random() < 0.3,
                tier=chance.choice(TIERS),
                reduced_inspection=chance.random() < 0.1,
                clean_last_year=chance.random() < 0.2,
                service_firm_uscc=chance.choice(firms) if chance.random() < 0.5 else "",
            )
        )
    team = tuple(
        InspectorSnapshot(
            f"SH-{n:03d}",
            tuple(sorted(chance.sample([u.uscc for u in unit_rows] + firms, ties))),
        )
        for n in range(1, inspectors + 1)
    )
    return RegisterSnapshot(district=DISTRICT, month="2026-11", units=tuple(reversed(unit_rows)), inspectors=team)


def fingerprint(outcome: DrawOutcome) -> str:
    plan = {
        "draws": [[d.uscc, d.unit_name, list(d.inspector_ids), d.reason] for d in outcome.draws],
        "guidance": list(outcome.guidance),
        "unstaffed": list(outcome.unstaffed),
        "pool_size": outcome.pool_size,
    }
    return hashlib.sha256(json.dumps(plan, ensure_ascii=False).encode()).hexdigest()


def test_a_fixed_register_and_seed_give_the_pinned_snapshot_digest() -> None:
    assert district_register().digest() == PINNED_DIGEST


def test_a_fixed_register_and_seed_give_the_pinned_plan() -> None:
    outcome = draw(district_register(), "徐汇-2026-11-公证", DrawRules(sample_rate=0.1), "2026-11")
    assert (len(outcome.draws), len(outcome.unstaffed), outcome.pool_size) == PINNED_SHAPE
    assert fingerprint(outcome) == PINNED_PLAN


def test_a_fixed_register_and_seed_give_the_pinned_plan_in_a_special_period_with_three_inspectors_a_unit() -> None:
    rules = DrawRules(sample_size=30, special_period=True, inspectors_per_unit=3, focus_period_months=3)
    outcome = draw(district_register(inspectors=4, ties=60), "seed-special", rules, "2026-11")
    assert (
        len(outcome.draws),
        len(outcome.guidance),
        len(outcome.unstaffed),
        outcome.pool_size,
    ) == PINNED_SPECIAL_SHAPE
    assert fingerprint(outcome) == PINNED_SPECIAL_PLAN


PINNED_DIGEST = "sha256:a2dd1d2ee8d4eb18636da85273b1120ce111cf20dcffd17c6fcd17ccf2de434a"
PINNED_SHAPE = (39, 0, 276)
PINNED_PLAN = "5445bfa2424c94f66b810768e5efd116c964b567356578dc1c9aa43a03a89bc7"
PINNED_SPECIAL_SHAPE = (31, 79, 13, 220)
PINNED_SPECIAL_PLAN = "536e350e1fcc286ca488aa70c9fa61d9645ede4cd0338acd8341fac474069d63"


text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)
units = st.builds(
    UnitSnapshot,
    uscc=text,
    unit_name=text,
    focus=st.booleans(),
    counted_this_year=st.integers(min_value=-3, max_value=10**12),
    inspected_this_period=st.booleans(),
    tier=text,
    reduced_inspection=st.booleans(),
    clean_last_year=st.booleans(),
    service_firm_uscc=text,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(units, max_size=20), st.lists(st.tuples(text, st.lists(text, max_size=3)), max_size=4), text)
def test_the_digest_written_as_it_goes_is_the_digest_of_the_whole_canonical_json(
    unit_rows: list[UnitSnapshot], team: list[tuple[str, list[str]]], district: str
) -> None:
    register = RegisterSnapshot(
        district=district,
        month="2026-11",
        units=tuple(unit_rows),
        inspectors=tuple(InspectorSnapshot(i, tuple(ties)) for i, ties in team),
    )
    assert register.digest() == canonical_digest(register.to_json())


def test_a_unit_with_values_of_other_types_is_digested_as_its_json() -> None:
    odd = UnitSnapshot(uscc="91310000X", unit_name="单位", focus=1, counted_this_year=True)  # type: ignore[arg-type]
    register = RegisterSnapshot(district=DISTRICT, month="2026-11", units=(odd,), inspectors=())
    assert register.digest() == canonical_digest(register.to_json())
