"""Simple fire registration (火灾简易登记, S9)."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.domain.common import SupervisionError
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at


def small_fire(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "request_id": "fire-1",
        "uscc": SPORTS_CENTRE,
        "unit_name": "上海某体育发展有限公司",
        "address": "漕溪北路1111号",
        "district": "徐汇区",
        "occurred_at": "2026-11-08T19:20:00+08:00",
        "description": "配电箱短路起火，员工用灭火器扑灭",
        "casualties": 0,
        "arson_suspected": False,
        "compensation_dispute": False,
        "insurance_claim": False,
        "facts_clear_and_undisputed": True,
        "direct_loss_yuan": 800,
        "officer_ids": ["I1", "I2"],
        "at": at("2026-11-09"),
    }
    values.update(fields)
    return values


@pytest.fixture
def world() -> World:
    world = World()
    world.register(SPORTS_CENTRE)
    world.team("I1", "I2")
    return world


def test_a_small_fire_without_casualties_or_dispute_is_registered_simply_without_sealing_the_scene(
    world: World,
) -> None:
    registered = world.desk.register_simple_fire(**small_fire())
    assert registered["scene_sealed"] is False
    data = world.message("SimpleFireRegistered")
    assert data["direct_loss_yuan"] == "800" and data["registered_on"] == "2026-11-09"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"casualties": 1}, "casualties"),
        ({"arson_suspected": True}, "suspected arson"),
        ({"compensation_dispute": True}, "compensation dispute"),
        ({"insurance_claim": True}, "insurance claim"),
        ({"facts_clear_and_undisputed": False}, "facts not clear"),
        ({"direct_loss_yuan": 50_000}, "direct loss above 10000 yuan"),
    ],
)
def test_a_fire_that_fails_one_condition_is_not_registered_simply(
    world: World, change: dict[str, Any], reason: str
) -> None:
    with pytest.raises(SupervisionError) as raised:
        world.desk.register_simple_fire(**small_fire(**change))
    assert raised.value.code == "SIMPLE_REGISTRATION_NOT_ALLOWED"
    assert reason in str(raised.value)
    assert world.events("SimplyRegistered") == []


def test_a_fire_at_an_address_without_a_registered_unit_is_registered_by_two_inspectors(world: World) -> None:
    registered = world.desk.register_simple_fire(**small_fire(uscc="", unit_name="", request_id="fire-2"))
    assert registered["registration_id"]
    with pytest.raises(SupervisionError) as raised:
        world.desk.register_simple_fire(**small_fire(uscc="", request_id="fire-3", officer_ids=["I1"]))
    assert raised.value.code == "TWO_PERSON_ENFORCEMENT"
