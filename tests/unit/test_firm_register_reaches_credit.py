"""C7 across the two services: what supervision publishes of its register of fire technical service
firms (消防技术服务机构名录) and of a firm's penalty is what credit lists and recommends for exit from the
trade — supervision's own integration events, not hand-made ones."""

from __future__ import annotations

from firesafety.credit.v1 import events_pb2 as credit_events
from tests.unit.credit_factories import Credit
from tests.unit.supervision_factories import SPORTS_CENTRE, World, at, make_uscc

TEAM = ["I1", "I2"]
FIRM = make_uscc(900)
REGISTERED_NAME = "上海某消防技术服务有限公司"


def supervision_with_a_unit_the_firm_serves() -> World:
    world = World()
    world.register(SPORTS_CENTRE, service_firm_uscc=FIRM)
    world.team(*TEAM, "I3")
    world.inspector("LAW1", roles=["legal_reviewer"])
    return world


def register_the_firm(world: World, day: str) -> None:
    world.desk.register_firm(
        uscc=FIRM,
        firm_name=REGISTERED_NAME,
        district="徐汇区",
        service_types=["maintenance_and_testing"],
        at=at(day),
    )


def penalise_the_firm_for_a_false_testing_report(world: World) -> None:
    found = world.inspect(
        SPORTS_CENTRE,
        TEAM,
        violations=[
            {
                "party_kind": "technical_service_firm",
                "firm_uscc": FIRM,
                "firm_name": "某检测公司",  # as the inspector wrote it
                "service_type": "maintenance_and_testing",
                "violation_type": "false_documents",
                "severity": "serious",
                "description": "年度检测报告记载的喷淋系统测试未实际开展",
            }
        ],
    )
    case = world.desk.propose_penalty(
        request_id=world.request_id("penalty"),
        inspection_id=found["inspection_id"],
        violation_id=found["violation_ids"][0],
        fine_yuan=80_000,
        reasons="出具虚假检测报告，违反《消防法》第六十九条",
        evidence=["检测报告", "现场测试记录"],
        officer_ids=TEAM,
        at=at("2026-11-11"),
    )
    world.desk.review_penalty(
        penalty_id=case["penalty_id"], reviewer_id="LAW1", approved=True, opinion="同意", at=at("2026-11-12")
    )


def deliver(world: World, credit: Credit, already: int = 0) -> int:
    """Hand credit what supervision published since `already` events, in log order."""
    published = world.published()
    credit.receive(*published[already:])
    return len(published)


def test_a_registered_firms_false_testing_report_lists_it_under_the_registers_name_and_recommends_trade_exit() -> None:
    world, credit = supervision_with_a_unit_the_firm_serves(), Credit()
    register_the_firm(world, "2026-11-02")
    penalise_the_firm_for_a_false_testing_report(world)
    deliver(world, credit)
    [notice] = credit.published("ListingNoticeIssued")
    assert (notice.subject, notice.data["rule"], notice.data["unit_name"]) == (
        FIRM,
        "technical_service_serious_violation",
        REGISTERED_NAME,
    )
    credit.close_days("2026-11-12", "2026-11-20")
    assert credit.tier(FIRM) == "serious_dishonesty"
    [recommended] = credit.published("TradeExitRecommended")
    assert recommended.message(credit_events.TradeExitRecommended).firm_name == REGISTERED_NAME


def test_a_firm_penalised_before_it_is_on_the_register_is_listed_once_supervision_registers_it() -> None:
    world, credit = supervision_with_a_unit_the_firm_serves(), Credit()
    penalise_the_firm_for_a_false_testing_report(world)
    delivered = deliver(world, credit)
    credit.close_days("2026-11-12", "2026-11-30")
    assert credit.published("ListingNoticeIssued") == [] and credit.tier(FIRM) == "normal"
    register_the_firm(world, "2026-12-01")
    deliver(world, credit, delivered)
    [notice] = credit.published("ListingNoticeIssued")
    assert (notice.data["issued_on"], notice.data["unit_name"]) == ("2026-12-01", REGISTERED_NAME)
