"""Special periods (S3, 000 Hongkou): units inspected last year with nothing found are left out of the
draw and guided instead, remotely or on site; the plan shows staff whom to guide and who was guided."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.commands import InvalidCommand
from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import DISTRICT, World, at, usccs

CLEAN, OTHER = list(usccs(2))


@pytest.fixture
def world() -> World:
    world = World(seed="c0ffee")
    for uscc in (CLEAN, OTHER):
        world.register(uscc, at=at("2025-01-06"))
    for n in range(1, 4):
        world.inspector(f"I{n}")
    world.inspect(CLEAN, ["I1", "I2"], day="2025-06-10")
    return world


def special_plan(world: World) -> dict[str, Any]:
    return world.publish_plan(
        district=DISTRICT, month="2026-02", at=at("2026-01-30"), published_by="I1", sample_rate=1.0, special_period=True
    )


def guide(world: World, plan: dict[str, Any], **fields: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "plan_id": plan["plan_id"],
        "uscc": CLEAN,
        "mode": "remote",
        "summary": "视频连线提醒消防安全责任人落实每日防火巡查",
        "inspector_ids": ["I3"],
        "at": at("2026-02-10"),
    }
    command.update(fields)
    return world.desk.give_guidance(**command)


def test_the_plan_shows_staff_the_units_to_guide_instead_of_inspecting(world: World) -> None:
    plan = special_plan(world)
    assert [d["uscc"] for d in plan["draw_list"]] == [OTHER]
    assert [(g["uscc"], g["guided"]) for g in plan["guidance_list"]] == [(CLEAN, False)]
    assert plan["guidance_list"][0]["unit_name"] == f"单位{CLEAN[-6:]}"


def test_guidance_given_remotely_or_on_site_is_recorded_on_the_plan(world: World) -> None:
    plan = guide(world, special_plan(world), mode="on_site")
    [guided] = plan["guidance_list"]
    assert (guided["guided"], guided["mode"], guided["given_on"]) == (True, "on_site", "2026-02-10")
    assert guided["inspector_ids"] == ["I3"]
    assert world.events("GuidanceGiven")[0].summary.startswith("视频连线")


def test_only_a_unit_on_the_guidance_list_is_guided_under_the_plan_and_only_once(world: World) -> None:
    plan = special_plan(world)
    with pytest.raises(SupervisionError) as raised:
        guide(world, plan, uscc=OTHER)
    assert raised.value.code == "NOT_ON_GUIDANCE_LIST"
    guide(world, plan)
    with pytest.raises(SupervisionError) as raised:
        guide(world, plan)
    assert raised.value.code == "ALREADY_GUIDED"


def test_guidance_is_given_by_a_certified_inspector_without_ties_to_the_unit(world: World) -> None:
    plan = special_plan(world)
    world.desk.declare_tie(inspector_id="I3", uscc=CLEAN, relation="relative_employed", at=at("2026-02-01"))
    with pytest.raises(SupervisionError) as raised:
        guide(world, plan)
    assert raised.value.code == "RECUSAL_REQUIRED"
    assert world.events("GuidanceGiven") == []


def test_guidance_dated_before_the_plan_is_refused(world: World) -> None:
    with pytest.raises(SupervisionError) as raised:
        guide(world, special_plan(world), at=at("2026-01-29"))
    assert raised.value.code == "GUIDANCE_BEFORE_PLAN"


def test_a_bad_guidance_request_names_every_bad_field(world: World) -> None:
    with pytest.raises(InvalidCommand) as raised:
        guide(world, special_plan(world), mode="letter", summary="", inspector_ids=[])
    assert raised.value.fields == {"mode", "summary", "inspector_ids"}
