"""C7: a fire technical service firm's (消防技术服务机构) serious violations go on its credit record, with
the same notice, objection, listing and explanation as a unit's, and a firm that reaches serious
dishonesty is recommended for exit from the trade (行业退出, 003 (二))."""

from __future__ import annotations

import dataclasses

from firesafety.credit.v1 import events_pb2
from services.credit import read_models
from services.credit.domain import CreditPolicy
from services.credit.entrypoints import grpc_mapping
from services.credit.settings import credit_policy
from tests.unit.credit_factories import SPORTS_CENTRE, Credit, SupervisionLog, make_uscc

FIRM = make_uscc(900)
RULE = "technical_service_serious_violation"


def test_a_firms_false_testing_report_is_noticed_then_listed_on_the_firms_record_not_the_units() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_registered(FIRM, "2026-10-01"))
    credit.receive(supervision.inspection(SPORTS_CENTRE, "2026-10-12"))
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-12", violation_type="false_documents"))
    [notice] = credit.published("ListingNoticeIssued")
    assert (notice.subject, notice.data["rule"], notice.data["tier"]) == (FIRM, RULE, "serious_dishonesty")
    assert credit.tier(FIRM) == "normal" and credit.standing(FIRM).colour == "yellow"
    credit.close_days("2026-10-12", "2026-10-19")  # 5 working days: the window closes on the 19th
    assert credit.tier(FIRM) == "serious_dishonesty"
    assert credit.standing(FIRM).listed_rules == (RULE,)
    assert credit.tier(SPORTS_CENTRE) != "serious_dishonesty"
    assert credit.record(FIRM).state.technical_service_firm
    assert not credit.record(SPORTS_CENTRE).state.technical_service_firm


def test_a_firm_that_reaches_serious_dishonesty_is_recommended_for_exit_from_the_trade_once() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_registered(FIRM, "2026-10-01"))
    penalty = supervision.firm_penalty(FIRM, "2026-10-12", severity="serious", violation_type="substandard_practice")
    credit.receive(penalty)
    assert credit.published("TradeExitRecommended") == []  # not before it is listed
    credit.close_days("2026-10-12", "2026-10-25")
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-26", violation_type="unqualified_practice"))
    credit.close_days("2026-10-26", "2026-11-06")
    [recommended] = credit.published("TradeExitRecommended")
    data = recommended.message(events_pb2.TradeExitRecommended)
    assert (data.uscc, data.firm_name, data.recommended_on) == (FIRM, "上海某消防设施检测有限公司", "2026-10-20")
    assert list(data.service_types) == ["maintenance_and_testing"]
    assert list(data.listed_rules) == [RULE]
    # C6: the recommendation names the penalty that caused it.
    assert penalty.event_id in {c.event_id for c in data.causes}
    assert {c.rule for c in data.causes} >= {RULE, "notice_before_listing", "objection_window_closed"}


def test_an_objection_upheld_keeps_the_firm_off_the_list_and_out_of_trade_exit() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_registered(FIRM, "2026-10-01"))
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-12"))
    credit.object(FIRM, "2026-10-14", grounds="检测报告经复核属实")
    credit.decide(FIRM, upheld=True, decided_on="2026-10-16")
    credit.close_days("2026-10-12", "2026-10-30")
    assert credit.tier(FIRM) == "normal"
    assert credit.published("ListingNoticeWithdrawn")[0].data["reason"] == "objection_upheld"
    assert credit.published("TradeExitRecommended") == []


def test_a_firms_violation_that_is_not_serious_goes_on_its_record_without_a_notice() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_violation(FIRM, "2026-10-12", site=SPORTS_CENTRE))
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-13", violation_type="substandard_practice"))
    assert credit.published("ListingNoticeIssued") == []
    state = credit.record(FIRM).state
    assert state.technical_service_firm and state.service_types == {"safety_assessment", "maintenance_and_testing"}
    assert [p.penalty_id for p in state.penalties] == ["FP-2"]


def test_a_unit_penalised_for_its_own_violation_is_not_a_technical_service_firm() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.penalty(SPORTS_CENTRE, "2026-10-12"))
    assert not credit.record(SPORTS_CENTRE).state.technical_service_firm
    assert credit.published("ListingNoticeIssued") == []


def test_the_serious_firm_violations_are_the_districts_to_set() -> None:
    strict = dataclasses.replace(CreditPolicy(), firm_serious_violation_types=frozenset({"substandard_practice"}))
    credit, supervision = Credit(policy=strict), SupervisionLog()
    credit.receive(supervision.firm_registered(FIRM, "2026-10-01"))
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-12", violation_type="false_documents"))
    assert credit.published("ListingNoticeIssued") == []
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-13", violation_type="substandard_practice"))
    assert [n.data["rule"] for n in credit.published("ListingNoticeIssued")] == [RULE]
    configured = credit_policy(
        {"CREDIT_FIRM_SERIOUS_VIOLATION_TYPES": "false_documents", "CREDIT_FIRM_SERIOUS_SEVERITIES": ""}
    )
    assert configured.firm_serious_violation_types == {"false_documents"}
    assert not configured.firm_violation_is_serious("substandard_practice", "serious")


def test_partner_agencies_see_the_firm_and_the_trade_exit_recommendation_in_its_standing() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_registered(FIRM, "2026-10-01"))
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-12"))
    credit.close_days("2026-10-12", "2026-10-20")
    record = credit.record(FIRM)
    now = grpc_mapping.standing(record, credit.standing(FIRM), None)
    assert (now.technical_service_firm, now.on_firm_register, now.trade_exit_recommended, list(now.service_types)) == (
        True,
        True,
        True,
        ["maintenance_and_testing"],
    )
    assert {c.rule_description for c in now.causes} >= {
        "a fire technical service firm's serious violation (消防技术服务机构严重违法违规, 003 (二))"
    }
    before = credit.standing(FIRM, "2026-10-15")
    assert not grpc_mapping.standing(record, before, before.effective_on).trade_exit_recommended


def test_a_firm_not_on_the_register_of_firms_is_not_listed_until_it_is_entered() -> None:
    credit, supervision = Credit(), SupervisionLog()
    penalty = supervision.firm_penalty(FIRM, "2026-10-12", violation_type="false_documents")
    credit.receive(penalty)
    assert credit.published("ListingNoticeIssued") == []  # no registered firm to tell and to list
    record = credit.record(FIRM)
    assert [p.penalty_id for p in record.state.penalties] == ["FP-1"]  # on its record all the same
    credit.close_days("2026-10-12", "2026-10-30")
    assert credit.tier(FIRM) == "normal" and credit.published("TradeExitRecommended") == []
    credit.receive(supervision.firm_registered(FIRM, "2026-11-02"))
    [notice] = credit.published("ListingNoticeIssued")
    # Told from the day the entry is known, with the whole objection window ahead of it.
    assert (notice.data["rule"], notice.data["issued_on"], notice.data["objection_deadline"]) == (
        RULE,
        "2026-11-02",
        "2026-11-09",
    )
    causes = {(c["event_id"], c["rule"]) for c in notice.data["causes"]}
    assert (penalty.event_id, RULE) in causes
    assert "firm_registered" in {rule for _, rule in causes}


def test_a_firm_is_recommended_for_exit_from_the_trade_only_once_it_is_on_the_register() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-12"))
    credit.receive(supervision.firm_registered(FIRM, "2026-10-13"))
    credit.close_days("2026-10-12", "2026-10-21")
    assert credit.tier(FIRM) == "serious_dishonesty"
    [recommended] = credit.published("TradeExitRecommended")
    assert recommended.message(events_pb2.TradeExitRecommended).firm_name == "上海某消防设施检测有限公司"


def test_credit_names_a_firm_as_the_register_of_firms_does_not_as_a_penalty_spelled_it() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_registered(FIRM, "2026-10-01", firm_name="上海某消防技术服务有限公司"))
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-12"))  # spelled 上海某消防设施检测有限公司
    credit.close_days("2026-10-12", "2026-10-20")
    assert credit.record(FIRM).unit_name == "上海某消防技术服务有限公司"
    assert read_models.unit(credit.runtime.engine, FIRM)["unit_name"] == "上海某消防技术服务有限公司"  # type: ignore[index]
    [listed] = read_models.blacklist_page(credit.runtime.engine, district="", since="", after=None, limit=10)
    assert (listed["uscc"], listed["unit_name"]) == (FIRM, "上海某消防技术服务有限公司")
    [recommended] = credit.published("TradeExitRecommended")
    assert recommended.message(events_pb2.TradeExitRecommended).firm_name == "上海某消防技术服务有限公司"


def test_a_corrected_register_entry_renames_the_firm_on_the_blacklist() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_registered(FIRM, "2026-10-01"))
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-12"))
    credit.close_days("2026-10-12", "2026-10-20")
    credit.receive(
        supervision.firm_registered(FIRM, "2026-11-03", firm_name="上海新名消防检测有限公司", corrected=True)
    )
    [listed] = read_models.blacklist_page(credit.runtime.engine, district="", since="", after=None, limit=10)
    assert listed["unit_name"] == "上海新名消防检测有限公司"
    assert credit.record(FIRM).unit_name == "上海新名消防检测有限公司"


def test_partner_agencies_see_that_a_firm_is_not_on_the_register_and_no_trade_exit_for_it() -> None:
    credit, supervision = Credit(), SupervisionLog()
    credit.receive(supervision.firm_penalty(FIRM, "2026-10-12"))
    shown = grpc_mapping.standing(credit.record(FIRM), credit.standing(FIRM), None)
    assert (shown.technical_service_firm, shown.on_firm_register, shown.trade_exit_recommended) == (True, False, False)


def test_repeated_violations_of_a_firm_not_on_the_register_wait_for_its_entry_too() -> None:
    credit, supervision = Credit(), SupervisionLog()
    for n, day in enumerate(("2026-10-12", "2026-10-13", "2026-10-14"), start=1):
        credit.receive(supervision.firm_penalty(FIRM, day, violation_type="substandard_practice", penalty_id=f"FP-{n}"))
    assert credit.published("ListingNoticeIssued") == []
    credit.receive(supervision.firm_registered(FIRM, "2026-10-15"))
    assert [n.data["rule"] for n in credit.published("ListingNoticeIssued")] == ["repeated_violations"]


def test_a_units_own_repeated_violations_do_not_wait_for_any_register() -> None:
    credit, supervision = Credit(), SupervisionLog()
    for n, day in enumerate(("2026-10-12", "2026-10-13", "2026-10-14"), start=1):
        credit.receive(supervision.penalty(SPORTS_CENTRE, day, penalty_id=f"P-{n}"))
    assert [n.data["rule"] for n in credit.published("ListingNoticeIssued")] == ["repeated_violations"]
