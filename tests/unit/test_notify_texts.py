"""The texts as the agency means them: orders name what is to be rectified and why, publications
carry what 双公示 publishes, and no notice promises what the system does not do."""

from __future__ import annotations

from typing import Any

from firesafety.supervision.v1 import events_pb2 as supervision
from tests.unit import notify_factories as f


def text_of(n: f.Notify, notice_type: str, channel: str = "inbox") -> dict[str, Any]:
    [found] = [d for d in n.deliveries() if d["notice_type"] == notice_type and d["channel"] == channel]
    return found


def received(*messages: tuple[str, Any]) -> f.Notify:
    n = f.notify()
    for source, message in messages:
        n.receive(f.envelope(source, message))
    return n


HAZARD = supervision.OrderedFinding(
    id="6b0c1a2e-hz", kind="major", description="消防控制室无人值守", location="地下一层消防控制室"
)
VIOLATION = supervision.OrderedFinding(id="7c1d2b3f-vl", kind="locked_exit", description="二层东侧安全出口上锁")
ORDER_BASIS = "《中华人民共和国消防法》第五十四条、第六十条第一款第三项"


def test_an_order_names_each_hazard_and_violation_and_the_law_it_rests_on_not_their_ids() -> None:
    order = f.rectification_ordered(
        hazard_ids=[HAZARD.id],
        violation_ids=[VIOLATION.id],
        hazards=[HAZARD],
        violations=[VIOLATION],
        legal_basis=ORDER_BASIS,
        major=True,
    )
    body = text_of(received(("supervision", order)), "rectification_ordered")["body"]
    assert "1. 消防控制室无人值守（地下一层消防控制室），属于重大火灾隐患" in body
    assert "1. 锁闭安全出口：二层东侧安全出口上锁" in body
    assert f"依据{ORDER_BASIS}，责令你单位于2026年11月20日前改正" in body
    assert "挂牌督办" in body
    assert HAZARD.id not in body and VIOLATION.id not in body


def test_an_order_published_before_it_named_its_findings_cites_the_fire_law_and_no_ids() -> None:
    n = received(("supervision", f.rectification_ordered(hazard_ids=["hz-1"], violation_ids=["vl-1"])))
    body = text_of(n, "rectification_ordered")["body"]
    assert "存在火灾隐患和消防安全违法行为" in body
    assert "依据《中华人民共和国消防法》，责令你单位" in body
    assert "hz-1" not in body and "vl-1" not in body
    assert "火灾隐患1处、消防安全违法行为1项" in text_of(n, "rectification_ordered", "sms")["body"]


def test_a_penalty_publication_carries_its_document_number_facts_and_legal_representative() -> None:
    n = received(("supervision", f.penalty_decided(facts="二层东侧安全出口上锁", legal_representative="王五")))
    body = text_of(n, "penalty_published", "publication")["body"]
    assert "行政处罚决定书文号：沪徐消行罚决字〔2026〕0001号" in body
    assert "违法事实：二层东侧安全出口上锁" in body
    assert "法定代表人：王五" in body
    assert "6f1d2c3b" not in body


def test_a_decision_published_before_it_had_a_document_number_shows_its_case_number_not_as_a_document_number() -> None:
    n = received(("supervision", f.penalty_decided(document_no="")))
    body = text_of(n, "penalty_published", "publication")["body"]
    assert "文号" not in body
    assert "处罚案件编号：6f1d2c3b-0d7e-5a4b-9c8d-7e6f5a4b3c2d" in body


def test_a_fine_of_nothing_is_not_published_as_a_warning() -> None:
    body = text_of(received(("supervision", f.penalty_decided(fine_yuan=0))), "penalty_published", "publication")
    assert "警告" not in body["body"]
    assert "处罚内容：不予罚款" in body["body"]


def test_a_warning_is_published_as_a_warning_alone_or_with_its_fine() -> None:
    alone = received(("supervision", f.penalty_decided(fine_yuan=0, warning=True)))
    assert "处罚内容：警告\n" in text_of(alone, "penalty_published", "publication")["body"]
    both = received(("supervision", f.penalty_decided(fine_yuan=5000, warning=True)))
    assert "处罚内容：警告，并处罚款5,000元" in text_of(both, "penalty_published", "publication")["body"]


def test_a_suspension_and_a_revocation_are_published_with_the_fine_and_what_they_name() -> None:
    decided = f.penalty_decided(
        fine_yuan=15000,
        suspension="suspend_business",
        suspension_scope="三楼歌舞厅",
        revocation="permit",
        revoked_document="沪徐消安检字〔2026〕0012号",
    )
    body = text_of(received(("supervision", decided)), "penalty_published", "publication")["body"]
    assert "处罚内容：罚款15,000元；责令停产停业（三楼歌舞厅）；吊销许可证件（沪徐消安检字〔2026〕0012号）\n" in body
    plain = text_of(received(("supervision", f.penalty_decided(suspension="none"))), "penalty_published", "publication")
    assert "责令" not in plain["body"] and "吊销" not in plain["body"]


def test_a_serious_violation_is_published_as_serious() -> None:
    n = received(("supervision", f.penalty_decided(severity="serious")))
    assert "违法情节：严重" in text_of(n, "penalty_published", "publication")["body"]


def test_general_dishonesty_is_a_finding_about_the_unit_not_a_list_it_is_put_on() -> None:
    n = received(("credit", f.listing_notice_issued(tier="general_dishonesty", rule="rectification_overdue")))
    body = text_of(n, "listing_notice")["body"]
    assert "拟被认定为消防安全一般失信主体" in body
    assert "拟被列入一般失信" not in body
    assert "将依法认定为消防安全一般失信主体" in body
    assert "可以不予认定" in body and "不予列入" not in body


def test_the_blacklist_notice_before_listing_names_the_list() -> None:
    n = received(("credit", f.listing_notice_issued(tier="serious_dishonesty")))
    body = text_of(n, "listing_notice")["body"]
    assert "拟被列入消防安全严重失信主体名单（黑名单）" in body


def test_missing_materials_on_the_commitment_route_are_not_called_acceptance_with_deficiencies() -> None:
    n = received(("permits", f.deficiencies_notified(route="commitment")))
    for channel in ("inbox", "sms"):
        text = text_of(n, "missing_materials", channel)["body"]
        assert "容缺受理" not in text
        assert "告知承诺" in text
    body = text_of(n, "missing_materials")["body"]
    assert "暂不能作出许可决定" in body and "法定办理时限暂停计算" not in body


def test_missing_materials_of_an_application_whose_route_is_unknown_claim_no_route() -> None:
    n = received(("permits", f.deficiencies_notified(route="")))
    body = text_of(n, "missing_materials")["body"]
    assert "容缺受理" not in body and "告知承诺" not in body
    assert "尚缺以下3项" in body


def test_an_overdue_major_hazard_notice_promises_the_suspension_the_system_imposes_and_nothing_else() -> None:
    n = received(("supervision", f.rectification_overdue(major=True)))
    body = text_of(n, "rectification_overdue")["body"]
    assert "自2026年11月23日起停产停业" in body and "复查确认整改合格后，方可恢复" in body
    assert "事先将另行书面告知" in body
    assert "约谈" not in body


def test_an_overdue_general_order_threatens_no_suspension() -> None:
    n = received(("supervision", f.rectification_overdue(major=False)))
    body = text_of(n, "rectification_overdue")["body"]
    assert "停产停业" not in body and "约谈" not in body
    assert "消防安全信用记录" in body
