"""C7: the register of fire technical service firms (消防技术服务机构名录), the subject of a firm's
credit record and of its exit from the trade (003 (二))."""

from __future__ import annotations

import pytest

from services.supervision.commands import InvalidCommand
from tests.unit.supervision_factories import DISTRICT, World, at, make_uscc

FIRM = make_uscc(900)


def register_firm(world: World, **fields: object) -> dict[str, object]:
    values: dict[str, object] = {
        "uscc": FIRM,
        "firm_name": "上海某消防设施检测有限公司",
        "district": DISTRICT,
        "service_types": ["maintenance_and_testing"],
        "legal_representative": "赵六",
        "at": at("2026-10-01"),
    }
    values.update(fields)
    return world.desk.register_firm(**values)


def test_staff_register_a_fire_technical_service_firm_and_credit_is_told() -> None:
    world = World()
    entry = register_firm(world, address="徐汇区某路1号")
    assert entry["firm_name"] == "上海某消防设施检测有限公司" and entry["service_types"] == ["maintenance_and_testing"]
    assert world.desk.registered_firm(FIRM) == entry
    message = world.message("TechnicalServiceFirmRegistered")
    assert (message["uscc"], message["firm_name"], message["district"]) == (
        FIRM,
        "上海某消防设施检测有限公司",
        DISTRICT,
    )
    assert message["service_types"] == ["maintenance_and_testing"] and not message.get("corrected")


def test_a_firms_entry_corrected_is_published_with_every_detail_and_the_same_entry_again_changes_nothing() -> None:
    world = World()
    register_firm(world)
    register_firm(world)
    assert world.published_types().count("TechnicalServiceFirmRegistered") == 1
    register_firm(
        world, firm_name="上海某消防技术服务有限公司", service_types=["maintenance_and_testing", "safety_assessment"]
    )
    corrected = [e.data for e in world.published() if e.event_type == "TechnicalServiceFirmRegistered"][-1]
    assert corrected["corrected"] and corrected["firm_name"] == "上海某消防技术服务有限公司"
    assert corrected["service_types"] == ["maintenance_and_testing", "safety_assessment"]
    assert world.desk.registered_firm(FIRM)["firm_name"] == "上海某消防技术服务有限公司"  # type: ignore[index]


def test_a_bad_firm_entry_names_every_bad_field_and_stores_nothing() -> None:
    world = World()
    with pytest.raises(InvalidCommand) as raised:
        world.desk.register_firm(
            uscc="91110000600037341M",
            firm_name="",
            district=DISTRICT,
            service_types=["maintenance_and_testing", "fire_engineering"],
            qualification="一级",
            at="2026-10-01T09:00:00",
        )
    assert raised.value.fields == {"uscc", "firm_name", "service_types[1]", "qualification", "at"}
    assert world.events() == []


def test_a_firm_must_say_what_it_does() -> None:
    world = World()
    with pytest.raises(InvalidCommand) as raised:
        register_firm(world, service_types=[])
    assert raised.value.fields == {"service_types"}


def test_a_firm_not_on_the_register_is_not_found() -> None:
    assert World().desk.registered_firm(FIRM) is None
