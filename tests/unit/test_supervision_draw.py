"""The double-random draw (双随机): verifiable, with the frequency rules, credit weights and recusal."""

from __future__ import annotations

import dataclasses
import json
import random
from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from services.supervision.domain.draw import (
    DrawRules,
    InspectorSnapshot,
    RegisterSnapshot,
    UnitSnapshot,
    commitment_of,
    draw,
    seed_of,
)
from services.supervision.settings import SupervisionRules
from tests.unit.supervision_factories import DISTRICT, World, at, make_uscc, standing_changed, usccs

INSPECTORS = tuple(InspectorSnapshot(f"I{n}") for n in range(1, 7))


def snapshot(units: list[UnitSnapshot], inspectors: tuple[InspectorSnapshot, ...] = INSPECTORS) -> RegisterSnapshot:
    return RegisterSnapshot(district=DISTRICT, month="2026-11", units=tuple(units), inspectors=inspectors)


def ordinary(count: int, **fields: object) -> list[UnitSnapshot]:
    return [UnitSnapshot(uscc=u, unit_name=f"单位{u[-4:]}", **fields) for u in usccs(count)]  # type: ignore[arg-type]


def drawn(outcome: object) -> set[str]:
    return {d.uscc for d in outcome.draws}  # type: ignore[attr-defined]


def test_the_same_snapshot_seed_and_rules_give_the_same_draw_whatever_the_order_of_rows() -> None:
    units = ordinary(200)
    rules = DrawRules(sample_rate=0.1)
    first = draw(snapshot(units), "seed-2026-11", rules, "2026-11")
    shuffled = units[:]
    random.Random(4).shuffle(shuffled)
    again = draw(snapshot(shuffled, tuple(reversed(INSPECTORS))), "seed-2026-11", rules, "2026-11")
    assert first == again
    assert len(first.draws) == 20


def test_another_seed_draws_other_units() -> None:
    units = ordinary(200)
    assert drawn(draw(snapshot(units), "seed-a", DrawRules(), "2026-11")) != drawn(
        draw(snapshot(units), "seed-b", DrawRules(), "2026-11")
    )


def test_the_snapshot_digest_ignores_row_order_and_changes_with_any_fact() -> None:
    units = ordinary(5)
    assert snapshot(units).digest() == snapshot(list(reversed(units))).digest()
    changed = [dataclasses.replace(units[0], counted_this_year=1), *units[1:]]
    assert snapshot(changed).digest() != snapshot(units).digest()


def test_each_drawn_unit_gets_two_different_inspectors_and_work_is_spread() -> None:
    outcome = draw(snapshot(ordinary(60)), "s", DrawRules(sample_size=12), "2026-11")
    loads: dict[str, int] = {}
    for d in outcome.draws:
        assert len(set(d.inspector_ids)) == 2
        for inspector in d.inspector_ids:
            loads[inspector] = loads.get(inspector, 0) + 1
    assert max(loads.values()) - min(loads.values()) <= 1


def test_an_inspector_with_a_tie_to_the_unit_is_never_drawn_for_it() -> None:
    unit = make_uscc(1)
    tied = InspectorSnapshot("I1", ties=(unit,))
    team = (tied, InspectorSnapshot("I2"), InspectorSnapshot("I3"))
    for seed in (f"seed-{n}" for n in range(50)):
        outcome = draw(snapshot(ordinary(1), team), seed, DrawRules(sample_size=1), "2026-11")
        assert outcome.draws[0].inspector_ids == ("I2", "I3")


def test_a_tie_to_the_units_fire_service_firm_also_requires_recusal() -> None:
    firm = make_uscc(900)
    units = ordinary(1, service_firm_uscc=firm)
    team = (InspectorSnapshot("I1", ties=(firm,)), InspectorSnapshot("I2"), InspectorSnapshot("I3"))
    outcome = draw(snapshot(units, team), "s", DrawRules(sample_size=1), "2026-11")
    assert outcome.draws[0].inspector_ids == ("I2", "I3")


def test_a_unit_without_two_inspectors_free_of_ties_is_listed_unstaffed() -> None:
    units = ordinary(1)
    team = (InspectorSnapshot("I1", ties=(units[0].uscc,)), InspectorSnapshot("I2"))
    outcome = draw(snapshot(units, team), "s", DrawRules(sample_size=1), "2026-11")
    assert outcome.draws == ()
    assert outcome.unstaffed == (units[0].uscc,)


def test_a_unit_inspected_twice_this_year_is_not_drawn_again() -> None:
    twice = ordinary(50, counted_this_year=2)
    once = ordinary(50, counted_this_year=1)
    for seed in ("a", "b", "c"):
        outcome = draw(snapshot(twice), seed, DrawRules(sample_rate=1.0), "2026-11")
        assert outcome.draws == ()
        assert len(draw(snapshot(once), seed, DrawRules(sample_rate=1.0), "2026-11").draws) == 50


def test_a_focus_unit_not_inspected_this_half_year_is_certain_in_its_last_month() -> None:
    focus = ordinary(30, focus=True)
    for month in ("2026-06", "2026-12"):
        outcome = draw(snapshot(focus), "s", DrawRules(sample_size=0, sample_rate=0.0), month)
        assert drawn(outcome) == {u.uscc for u in focus}
        assert {d.reason for d in outcome.draws} == {"focus_due"}


def test_focus_units_are_spread_over_the_half_year() -> None:
    focus = ordinary(600, focus=True)
    outcome = draw(snapshot(focus), "s", DrawRules(sample_rate=0.0), "2026-07")
    assert 60 < len(outcome.draws) < 140  # about one in six in the first month of the half year


def test_a_focus_unit_inspected_twice_this_year_is_still_drawn() -> None:
    focus = ordinary(10, focus=True, counted_this_year=2, inspected_this_period=True)
    outcome = draw(snapshot(focus), "s", DrawRules(sample_rate=1.0), "2026-11")
    assert len(outcome.draws) == 10


def test_blacklisted_units_are_drawn_more_often_than_those_in_good_standing() -> None:
    good = ordinary(300, tier="red_list")
    bad = [UnitSnapshot(uscc=make_uscc(n), unit_name="x", tier="serious_dishonesty") for n in range(1000, 1300)]
    counts = {"good": 0, "bad": 0}
    for n in range(20):
        outcome = draw(snapshot(good + bad), f"seed-{n}", DrawRules(sample_rate=0.1), "2026-11")
        for uscc in drawn(outcome):
            counts["bad" if uscc in {u.uscc for u in bad} else "good"] += 1
    assert counts["bad"] > 3 * counts["good"]


def test_reduced_inspection_units_are_drawn_less_often() -> None:
    reduced = ordinary(300, reduced_inspection=True)
    normal = [UnitSnapshot(uscc=make_uscc(n), unit_name="x") for n in range(1000, 1300)]
    reduced_ids = {u.uscc for u in reduced}
    picked = [u for n in range(20) for u in drawn(draw(snapshot(reduced + normal), f"s{n}", DrawRules(), "2026-11"))]
    assert sum(u in reduced_ids for u in picked) < 0.75 * sum(u not in reduced_ids for u in picked)


def test_in_a_special_period_last_years_clean_units_get_guidance_instead() -> None:
    clean = ordinary(10, clean_last_year=True)
    rules = DrawRules(sample_rate=1.0, special_period=True)
    outcome = draw(snapshot(clean), "s", rules, "2026-11")
    assert outcome.draws == ()
    assert set(outcome.guidance) == {u.uscc for u in clean}
    assert len(draw(snapshot(clean), "s", DrawRules(sample_rate=1.0), "2026-11").draws) == 10


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "november", ""])
def test_a_malformed_month_is_refused(month: str) -> None:
    with pytest.raises(SupervisionError, match="month"):
        draw(snapshot(ordinary(1)), "s", DrawRules(), month)


# Plans drawn from the register through the staff desk.


def staffed_world(units: int = 40) -> World:
    world = World(seed="c0ffee")
    for uscc in usccs(units):
        world.register(uscc)
    for n in range(1, 5):
        world.inspector(f"I{n}")
    return world


def test_a_published_plan_carries_its_seed_and_the_digest_of_its_register_snapshot() -> None:
    world = staffed_world()
    plan = world.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1")
    envelope = next(e for e in world.published() if e.event_type == "InspectionPlanPublished")
    assert envelope.data["seed"] == seed_of("c0ffee", DISTRICT, "2026-11") == plan["seed"]
    assert envelope.data["register_snapshot"] == plan["register_snapshot"]
    assert envelope.data["register_snapshot"].startswith("sha256:")
    assert envelope.data["units_in_snapshot"] == 40
    assert len(envelope.data["draws"]) == plan["draws"] == 2


def test_a_draw_is_reproduced_from_its_published_seed_and_snapshot() -> None:
    world = staffed_world()
    world.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1")
    published = world.message("InspectionPlanPublished")
    kept = world.desk.plan_snapshot(published["plan_id"])
    replayed = RegisterSnapshot.from_json(json.loads(json.dumps(kept)))
    assert replayed.digest() == published["register_snapshot"]
    outcome = draw(replayed, published["seed"], DrawRules.from_json(json.loads(published["rules"])), published["month"])
    assert [
        {"uscc": d.uscc, "unit_name": d.unit_name, "inspector_ids": list(d.inspector_ids), "reason": d.reason}
        for d in outcome.draws
    ] == published["draws"]
    assert world.desk.verify_plan(published["plan_id"]) == {
        "plan_id": published["plan_id"],
        "snapshot_matches": True,
        "draw_matches": True,
        "seed_matches": True,
    }


def test_a_district_has_one_plan_a_month() -> None:
    world = staffed_world(3)
    world.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1")
    with pytest.raises(SupervisionError) as raised:
        world.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-31"), published_by="I1")
    assert raised.value.code == "PLAN_EXISTS"


def test_only_certified_inspectors_of_the_district_are_drawn() -> None:
    world = staffed_world(10)
    world.inspector("EXPIRED", certified_until="2026-06-30")
    world.inspector("UNCERTIFIED", certified_until="")
    world.inspector("ELSEWHERE", district="黄浦区")
    world.inspector("LAWYER", roles=["legal_reviewer"])
    plan = world.publish_plan(
        district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1", sample_rate=1.0
    )
    assigned = {i for d in plan["draw_list"] for i in d["inspector_ids"]}
    assert assigned == {"I1", "I2", "I3", "I4"}


def test_a_unit_inspected_twice_this_year_is_left_out_of_the_next_plan_but_re_inspections_do_not_count() -> None:
    world = staffed_world(3)
    twice, with_reinspection, fresh = list(usccs(3))
    for day in ("2026-03-10", "2026-06-10"):
        world.inspect(twice, ["I1", "I2"], day=day)
    found = world.inspect(
        with_reinspection, ["I1", "I2"], day="2026-03-10", hazards=[{"grade": "general", "description": "灭火器过期"}]
    )
    order = world.desk.order_rectification(
        request_id="order-1",
        inspection_id=found["inspection_id"],
        hazard_ids=found["hazard_ids"],
        advice="更换灭火器",
        officer_ids=["I1", "I2"],
        at=at("2026-03-11"),
    )
    world.inspect(
        with_reinspection,
        ["I1", "I2"],
        day="2026-04-20",
        purpose="re_inspection",
        order_id=order["order_id"],
        rectified=True,
    )
    plan = world.publish_plan(
        district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1", sample_rate=1.0
    )
    assert {d["uscc"] for d in plan["draw_list"]} == {with_reinspection, fresh}


def test_a_unit_drawn_last_month_but_not_yet_inspected_counts_towards_its_two() -> None:
    world = staffed_world(1)
    (unit,) = list(usccs(1))
    world.inspect(unit, ["I1", "I2"], day="2026-03-10")
    world.publish_plan(district=DISTRICT, month="2026-10", at=at("2026-09-29"), published_by="I1", sample_rate=1.0)
    november = world.publish_plan(
        district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1", sample_rate=1.0
    )
    assert november["draw_list"] == []


def test_a_unit_with_a_major_hazard_becomes_a_focus_unit_due_this_half_year() -> None:
    world = staffed_world(1)
    (unit,) = list(usccs(1))
    world.inspect(unit, ["I1", "I2"], day="2026-03-10", hazards=[{"grade": "major", "description": "疏散楼梯堵塞"}])
    world.inspect(unit, ["I1", "I2"], day="2026-05-10")
    december = world.publish_plan(
        district=DISTRICT, month="2026-12", at=at("2026-11-30"), published_by="I1", sample_rate=0.0
    )
    assert [(d["uscc"], d["reason"]) for d in december["draw_list"]] == [(unit, "focus_due")]


def test_a_blacklisted_unit_is_a_focus_unit_through_credits_events() -> None:
    world = staffed_world(1)
    (unit,) = list(usccs(1))
    world.receive(standing_changed(position=3, uscc=unit, tier="serious_dishonesty"))
    december = world.publish_plan(
        district=DISTRICT, month="2026-12", at=at("2026-11-30"), published_by="I1", sample_rate=0.0
    )
    assert [d["uscc"] for d in december["draw_list"]] == [unit]


def test_results_are_published_with_each_drawn_units_outcome() -> None:
    world = staffed_world(3)
    plan = world.publish_plan(
        district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1", sample_rate=1.0
    )
    first, second, third = plan["draw_list"]
    world.inspect(first["uscc"], first["inspector_ids"], day="2026-11-05", purpose="random", plan_id=plan["plan_id"])
    world.inspect(
        second["uscc"],
        second["inspector_ids"],
        day="2026-11-06",
        purpose="random",
        plan_id=plan["plan_id"],
        violations=[{"violation_type": "blocked_fire_lane", "severity": "general", "description": "占用消防车通道"}],
    )
    world.desk.publish_results(plan_id=plan["plan_id"], at=at("2026-11-30"), published_by="I1")
    results = world.message("InspectionResultsPublished")["results"]
    assert [r["outcome"] for r in results] == ["no_problem", "violations_found", "not_inspected"]
    assert [r["uscc"] for r in results] == [first["uscc"], second["uscc"], third["uscc"]]


def test_a_random_inspection_of_a_unit_not_drawn_is_refused() -> None:
    world = staffed_world(3)
    plan = world.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1", sample_size=1)
    not_drawn = next(u for u in usccs(3) if u != plan["draw_list"][0]["uscc"])
    with pytest.raises(SupervisionError) as raised:
        world.inspect(not_drawn, ["I1", "I2"], purpose="random", plan_id=plan["plan_id"])
    assert raised.value.code == "NOT_DRAWN"
    assert world.events("Recorded") == []


def test_the_published_plan_is_the_event_notify_turns_into_a_notice() -> None:
    world = staffed_world(2)
    world.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1")
    envelope = next(e for e in world.published() if e.event_type == "InspectionPlanPublished")
    assert envelope.source == "supervision"
    assert envelope.subject == DISTRICT
    assert envelope.business_time == "2026-10-30T10:00:00+08:00"


# The drawn pair carries out the inspection, or a recorded, reasoned substitution (S1).


def drawn_plan(world: World) -> tuple[dict[str, Any], dict[str, Any]]:
    plan = world.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1", sample_size=1)
    return plan, plan["draw_list"][0]


def others(world: World, team: list[str]) -> list[str]:
    return [i for i in ("I1", "I2", "I3", "I4") if i not in team]


def test_a_random_inspection_by_a_pair_other_than_the_drawn_one_is_refused() -> None:
    world = staffed_world(3)
    plan, drawn_unit = drawn_plan(world)
    with pytest.raises(SupervisionError) as raised:
        world.inspect(drawn_unit["uscc"], others(world, drawn_unit["inspector_ids"]), purpose="random",
                      plan_id=plan["plan_id"])  # fmt: skip
    assert raised.value.code == "NOT_THE_ASSIGNED_INSPECTORS"
    assert world.events("Recorded") == []


def test_one_drawn_inspector_with_a_colleague_not_drawn_is_refused_too() -> None:
    world = staffed_world(3)
    plan, drawn_unit = drawn_plan(world)
    mixed = [drawn_unit["inspector_ids"][0], others(world, drawn_unit["inspector_ids"])[0]]
    with pytest.raises(SupervisionError) as raised:
        world.inspect(drawn_unit["uscc"], mixed, purpose="random", plan_id=plan["plan_id"])
    assert raised.value.code == "NOT_THE_ASSIGNED_INSPECTORS"


def test_a_recorded_substitution_with_its_reason_lets_the_substitute_inspect() -> None:
    world = staffed_world(3)
    plan, drawn_unit = drawn_plan(world)
    leaving, staying = drawn_unit["inspector_ids"]
    substitute = others(world, drawn_unit["inspector_ids"])[0]
    changed = world.desk.substitute_inspectors(
        plan_id=plan["plan_id"], uscc=drawn_unit["uscc"], replaced=[leaving], substitutes=[substitute],
        reason="病假", at=at("2026-11-03"), substituted_by="I1",
    )  # fmt: skip
    (row,) = changed["draw_list"]
    assert row["inspector_ids"] == sorted([staying, substitute])
    assert row["substitutions"] == [
        {"replaced": [leaving], "substitutes": [substitute], "reason": "病假", "substituted_by": "I1",
         "substituted_at": at("2026-11-03")},
    ]  # fmt: skip
    world.inspect(drawn_unit["uscc"], [staying, substitute], purpose="random", plan_id=plan["plan_id"])
    with pytest.raises(SupervisionError) as raised:
        world.inspect(drawn_unit["uscc"], drawn_unit["inspector_ids"], purpose="random", plan_id=plan["plan_id"])
    assert raised.value.code == "NOT_THE_ASSIGNED_INSPECTORS"


def test_a_substitution_keeps_the_published_draw_reproducible() -> None:
    world = staffed_world(3)
    plan, drawn_unit = drawn_plan(world)
    world.desk.substitute_inspectors(
        plan_id=plan["plan_id"], uscc=drawn_unit["uscc"], replaced=drawn_unit["inspector_ids"],
        substitutes=others(world, drawn_unit["inspector_ids"]), reason="原检查组回避", at=at("2026-11-03"),
        substituted_by="I1",
    )  # fmt: skip
    assert world.desk.verify_plan(plan["plan_id"])["draw_matches"] is True


def test_a_substitute_tied_to_the_unit_must_stand_aside_and_nothing_is_recorded() -> None:
    world = staffed_world(3)
    plan, drawn_unit = drawn_plan(world)
    substitute = others(world, drawn_unit["inspector_ids"])[0]
    world.desk.declare_tie(inspector_id=substitute, uscc=drawn_unit["uscc"], relation="relative_employed",
                           at=at("2026-11-01"))  # fmt: skip
    with pytest.raises(SupervisionError) as raised:
        world.desk.substitute_inspectors(
            plan_id=plan["plan_id"], uscc=drawn_unit["uscc"], replaced=[drawn_unit["inspector_ids"][0]],
            substitutes=[substitute], reason="出差", at=at("2026-11-03"), substituted_by="I1",
        )  # fmt: skip
    assert raised.value.code == "RECUSAL_REQUIRED"
    assert world.events("InspectorsSubstituted") == []


def test_an_uncertified_substitute_is_refused() -> None:
    world = staffed_world(3)
    world.inspector("NEW", certified_until="")
    plan, drawn_unit = drawn_plan(world)
    with pytest.raises(SupervisionError) as raised:
        world.desk.substitute_inspectors(
            plan_id=plan["plan_id"], uscc=drawn_unit["uscc"], replaced=[drawn_unit["inspector_ids"][0]],
            substitutes=["NEW"], reason="出差", at=at("2026-11-03"), substituted_by="I1",
        )  # fmt: skip
    assert raised.value.code == "NOT_CERTIFIED"


@pytest.mark.parametrize(
    ("replaced", "substitutes", "reason", "code"),
    [
        (["I9"], ["I3"], "出差", "NOT_THE_ASSIGNED_INSPECTORS"),
        ([0], [0], "出差", "SUBSTITUTION_MISMATCH"),
        ([0], [1], "出差", "SUBSTITUTION_MISMATCH"),
    ],
)
def test_a_substitution_that_does_not_replace_a_drawn_inspector_by_another_is_refused(
    replaced: list[Any], substitutes: list[Any], reason: str, code: str
) -> None:
    world = staffed_world(3)
    plan, drawn_unit = drawn_plan(world)
    team = drawn_unit["inspector_ids"]

    def name(value: Any) -> str:
        if value == "other":
            return others(world, team)[0]
        return team[value] if isinstance(value, int) else str(value)

    with pytest.raises(SupervisionError) as raised:
        world.desk.substitute_inspectors(
            plan_id=plan["plan_id"], uscc=drawn_unit["uscc"], replaced=[name(r) for r in replaced],
            substitutes=[name(s) for s in substitutes], reason=reason, at=at("2026-11-03"), substituted_by="I1",
        )  # fmt: skip
    assert raised.value.code == code
    assert world.events("InspectorsSubstituted") == []


def test_no_substitution_after_the_unit_is_inspected() -> None:
    world = staffed_world(3)
    plan, drawn_unit = drawn_plan(world)
    world.inspect(drawn_unit["uscc"], drawn_unit["inspector_ids"], purpose="random", plan_id=plan["plan_id"])
    with pytest.raises(SupervisionError) as raised:
        world.desk.substitute_inspectors(
            plan_id=plan["plan_id"], uscc=drawn_unit["uscc"], replaced=[drawn_unit["inspector_ids"][0]],
            substitutes=[others(world, drawn_unit["inspector_ids"])[0]], reason="出差", at=at("2026-11-12"),
            substituted_by="I1",
        )  # fmt: skip
    assert raised.value.code == "ALREADY_INSPECTED"


def test_a_bad_substitution_names_every_bad_field_and_stores_nothing() -> None:
    world = staffed_world(3)
    with pytest.raises(InvalidCommand) as raised:
        world.desk.substitute_inspectors(
            plan_id="not-a-plan", uscc="123", replaced=["I1"], substitutes=[], reason="", at="tomorrow",
            substituted_by="",
        )  # fmt: skip
    assert raised.value.fields == {"plan_id", "uscc", "substitutes", "reason", "at", "substituted_by"}
    assert world.events("InspectorsSubstituted") == []


# A draw never inspected is not an inspection (S2).


def test_a_unit_drawn_but_never_inspected_counts_no_more_once_the_results_are_published() -> None:
    world = staffed_world(1)
    (unit,) = list(usccs(1))
    world.inspect(unit, ["I1", "I2"], day="2026-03-10")
    october = world.publish_plan(
        district=DISTRICT, month="2026-10", at=at("2026-09-29"), published_by="I1", sample_rate=1.0
    )
    world.desk.publish_results(plan_id=october["plan_id"], at=at("2026-10-31"), published_by="I1")
    november = world.publish_plan(
        district=DISTRICT, month="2026-11", at=at("2026-10-31", "12:00"), published_by="I1", sample_rate=1.0
    )
    assert [d["uscc"] for d in november["draw_list"]] == [unit]


def test_a_focus_unit_drawn_but_never_inspected_is_still_due_in_its_half_year() -> None:
    world = staffed_world(1)
    (unit,) = list(usccs(1))
    world.desk.mark_high_risk(uscc=unit, high_risk=True, reason="大型商业综合体", at=at("2026-06-01"), marked_by="I1")
    # Drawn in July's plan, then never inspected.
    july = world.publish_plan(
        district=DISTRICT, month="2026-07", at=at("2026-06-30"), published_by="I1", sample_rate=1.0
    )
    assert [d["uscc"] for d in july["draw_list"]] == [unit]
    pending = world.publish_plan(
        district=DISTRICT, month="2026-08", at=at("2026-07-30"), published_by="I1", sample_rate=0.0
    )
    (before,) = world.desk.plan_snapshot(pending["plan_id"])["units"]
    assert before["inspected_this_period"] is True
    world.desk.publish_results(plan_id=july["plan_id"], at=at("2026-07-31"), published_by="I1")
    world.desk.publish_results(plan_id=pending["plan_id"], at=at("2026-08-31"), published_by="I1")
    september = world.publish_plan(
        district=DISTRICT, month="2026-09", at=at("2026-08-31", "12:00"), published_by="I1", sample_rate=0.0
    )
    (after,) = world.desk.plan_snapshot(september["plan_id"])["units"]
    assert after["inspected_this_period"] is False
    assert after["focus"] is True


def test_a_drawn_unit_that_was_inspected_still_counts_as_inspected() -> None:
    world = staffed_world(1)
    (unit,) = list(usccs(1))
    world.desk.mark_high_risk(uscc=unit, high_risk=True, reason="大型商业综合体", at=at("2026-06-01"), marked_by="I1")
    july = world.publish_plan(
        district=DISTRICT, month="2026-07", at=at("2026-06-30"), published_by="I1", sample_rate=1.0
    )
    (drawn_unit,) = july["draw_list"]
    world.inspect(unit, drawn_unit["inspector_ids"], day="2026-07-10", purpose="random", plan_id=july["plan_id"])
    world.desk.publish_results(plan_id=july["plan_id"], at=at("2026-07-31"), published_by="I1")
    august = world.publish_plan(
        district=DISTRICT, month="2026-08", at=at("2026-07-31", "12:00"), published_by="I1", sample_rate=0.0
    )
    (seen,) = world.desk.plan_snapshot(august["plan_id"])["units"]
    assert seen["inspected_this_period"] is True
    assert august["draw_list"] == []


def test_the_focus_tiers_are_the_districts_setting() -> None:
    world = World(rules=SupervisionRules(focus_tiers=frozenset({"general_dishonesty"})))
    for uscc in usccs(2):
        world.register(uscc)
    for n in range(1, 3):
        world.inspector(f"I{n}")
    dishonest, blacklisted = list(usccs(2))
    world.receive(standing_changed(position=3, uscc=dishonest, tier="general_dishonesty"))
    world.receive(standing_changed(position=4, uscc=blacklisted, tier="serious_dishonesty"))
    december = world.publish_plan(
        district=DISTRICT, month="2026-12", at=at("2026-11-30"), published_by="I1", sample_rate=0.0
    )
    assert [d["uscc"] for d in december["draw_list"]] == [dishonest]


# The seed is fixed by a commitment published with the plan's announcement (S1).


def test_the_announced_commitment_fixes_the_seed_a_third_party_checks_from_published_data_alone() -> None:
    world = staffed_world()
    announced = world.desk.announce_plan(district=DISTRICT, month="2026-11", at=at("2026-10-25"), announced_by="I1")
    announcement = world.message("InspectionPlanAnnounced")
    assert announcement == {
        "plan_id": announced["plan_id"],
        "month": "2026-11",
        "district": DISTRICT,
        "commitment": announced["commitment"],
        "announced_at": at("2026-10-25"),
    }
    assert "c0ffee" not in json.dumps(announcement)
    world.desk.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1")
    published = world.message("InspectionPlanPublished")
    assert published["plan_id"] == announced["plan_id"]
    assert commitment_of(published["reveal"]) == announcement["commitment"]
    assert seed_of(published["reveal"], published["district"], published["month"]) == published["seed"]


def test_a_plan_not_announced_is_not_drawn() -> None:
    world = staffed_world(3)
    with pytest.raises(SupervisionError) as raised:
        world.desk.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1")
    assert raised.value.code == "NOT_ANNOUNCED"
    assert world.events("Published") == []


def test_staff_cannot_choose_the_seed() -> None:
    world = staffed_world(3)
    world.desk.announce_plan(district=DISTRICT, month="2026-11", at=at("2026-10-25"), announced_by="I1")
    with pytest.raises(InvalidCommand) as raised:
        world.desk.publish_plan(
            district=DISTRICT, month="2026-11", at=at("2026-10-30"), published_by="I1", seed="lucky"
        )
    assert raised.value.fields == {"seed"}


def test_a_draw_dated_before_its_announcement_is_refused() -> None:
    world = staffed_world(3)
    world.desk.announce_plan(district=DISTRICT, month="2026-11", at=at("2026-10-25"), announced_by="I1")
    with pytest.raises(SupervisionError) as raised:
        world.desk.publish_plan(district=DISTRICT, month="2026-11", at=at("2026-10-24"), published_by="I1")
    assert raised.value.code == "DRAW_BEFORE_ANNOUNCEMENT"
    assert world.events("Published") == []


def test_a_month_is_announced_once() -> None:
    world = staffed_world(3)
    world.desk.announce_plan(district=DISTRICT, month="2026-11", at=at("2026-10-25"), announced_by="I1")
    with pytest.raises(SupervisionError) as raised:
        world.desk.announce_plan(district=DISTRICT, month="2026-11", at=at("2026-10-26"), announced_by="I1")
    assert raised.value.code == "PLAN_ANNOUNCED"
    assert len(world.events("Announced")) == 1


def test_a_bad_announcement_names_every_bad_field_and_stores_nothing() -> None:
    world = staffed_world(1)
    with pytest.raises(InvalidCommand) as raised:
        world.desk.announce_plan(district="", month="2026-13", at="soon", announced_by="")
    assert raised.value.fields == {"district", "month", "at", "announced_by"}
    assert world.events("Announced") == []
