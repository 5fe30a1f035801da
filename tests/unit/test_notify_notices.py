"""Which notices each upstream event causes, to whom, over which channel, and in what words."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from services.notify.read_models.tables import publications
from tests.unit import notify_factories as f

UNIT = f"unit:{f.SPORTS_CENTRE}"


def deliveries_of(n: f.Notify, notice_type: str) -> set[tuple[str, str, str]]:
    return {(d["recipient"], d["channel"], d["address"]) for d in n.deliveries() if d["notice_type"] == notice_type}


def text_of(n: f.Notify, notice_type: str, channel: str = "inbox") -> dict[str, Any]:
    [found] = [d for d in n.deliveries() if d["notice_type"] == notice_type and d["channel"] == channel]
    return found


def test_the_one_time_list_goes_once_to_the_applicant_by_inbox_email_and_sms_naming_every_missing_item() -> None:
    n = f.notify()
    event = f.envelope("permits", f.deficiencies_notified())
    n.receive(event, event, event)
    assert deliveries_of(n, "missing_materials") == {
        (UNIT, "inbox", UNIT),
        (UNIT, "email", "zhangsan@example.cn"),
        (UNIT, "sms", "13800000000"),
    }
    letter = text_of(n, "missing_materials")
    assert "一次性告知" in letter["subject"]
    assert "容缺受理" in letter["body"] and "尚缺以下3项" in letter["body"]
    for term in f.MISSING_TERMS:
        assert term in letter["body"]
        assert term in text_of(n, "missing_materials", "sms")["body"]
    assert text_of(n, "missing_materials", "sms")["body"].startswith("【消防救援机构】")


def test_an_unknown_material_code_is_shown_as_it_comes_rather_than_dropped() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified(missing=["business_licence", "消防设施检测报告"])))
    body = text_of(n, "missing_materials")["body"]
    assert "1. 营业执照" in body and "2. 消防设施检测报告" in body


def test_deficiencies_without_any_missing_item_cause_no_notice() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.deficiencies_notified(missing=[])))
    assert n.deliveries() == []


def test_an_applicant_without_phone_or_email_still_finds_the_notice_in_the_inbox() -> None:
    n = f.notify()
    applicant = f.contact(name="张三")
    n.receive(f.envelope("permits", f.deficiencies_notified(applicant=applicant)))
    assert deliveries_of(n, "missing_materials") == {(UNIT, "inbox", UNIT)}


def test_a_granted_permit_is_told_to_the_applicant_and_published_with_its_deadline_in_working_days() -> None:
    n = f.notify()
    # Granted Tue 29 Sep 2026: 30 Sep, then 1–7 Oct off, 8, 9, Sat 10 (worked), 12, 13, 14 Oct.
    granted = f.permit_granted(granted_at="2026-09-29T10:00:00+08:00", route="commitment")
    n.receive(f.envelope("permits", granted))
    assert deliveries_of(n, "permit_granted") == {
        (UNIT, "inbox", UNIT),
        (UNIT, "email", "zhangsan@example.cn"),
        (UNIT, "sms", "13800000000"),
    }
    notice = text_of(n, "permit_granted")
    assert "准予许可" in notice["body"] and "沪徐消许〔2026〕第0001号" in notice["body"]
    assert "告知承诺方式" in notice["body"] and "撤销许可" in notice["body"]
    assert deliveries_of(n, "permit_decision_published") == {
        ("public", "publication", "public"),
        ("agency:credit-platform", "callback", ""),
    }
    publication = text_of(n, "permit_decision_published", "publication")
    assert "行政许可信息公示" in publication["body"]
    assert "张三" not in publication["body"] and "13800000000" not in publication["body"]
    with n.views.connect() as conn:
        row = conn.execute(select(publications)).one()
    assert (row.kind, row.decided_on, row.publish_by) == ("permit", "2026-09-29", "2026-10-14")


def test_a_refusal_names_reasons_and_advice_and_the_right_to_review() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.permit_refused()))
    body = text_of(n, "permit_refused")["body"]
    assert "不予许可" in body and "疏散通道宽度不足" in body and "整改意见" in body
    assert "60日内依法申请行政复议" in body and "6个月内依法向人民法院提起行政诉讼" in body
    published = text_of(n, "permit_decision_published", "publication")
    assert "许可决定：不予许可" in published["body"]


def test_a_revocation_reaches_the_person_the_unit_is_known_by_and_is_published() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered()))
    n.receive(f.envelope("permits", f.permit_revoked()))
    assert deliveries_of(n, "permit_revoked") == {
        (UNIT, "inbox", UNIT),
        (UNIT, "email", "lisi@example.cn"),
        (UNIT, "sms", "13900000000"),
    }
    assert "告知承诺内容严重失实" in text_of(n, "permit_revoked")["body"]
    assert "许可决定：撤销许可" in text_of(n, "permit_decision_published", "publication")["body"]


def test_a_permit_a_penalty_revoked_is_published_as_revoked_by_the_penalty_without_a_second_notice() -> None:
    """吊销许可证件: the unit has the penalty decision, which says so; partners learn the permit is gone."""
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered()))
    n.receive(f.envelope("permits", f.permit_revoked(reason="penalty_revocation")))
    assert deliveries_of(n, "permit_revoked") == set()
    assert "许可决定：吊销许可" in text_of(n, "permit_decision_published", "publication")["body"]


def test_a_unit_never_heard_of_gets_a_revocation_in_its_inbox_only() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.permit_revoked()))
    assert deliveries_of(n, "permit_revoked") == {(UNIT, "inbox", UNIT)}


def test_an_amendment_names_old_and_new_name_and_legal_representative() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.permit_amended()))
    body = text_of(n, "permit_amended")["body"]
    assert "简化程序" in body
    assert "由“上海某体育发展有限公司”变更为“上海某体育文化有限公司”" in body
    assert "由王五变更为赵六" in body


def test_an_amendment_is_published_like_the_grant_it_amends() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.permit_granted(application_id="app-0003")))
    n.receive(f.envelope("permits", f.permit_amended(amended_at="2026-11-20T10:00:00+08:00")))
    published = [
        d for d in n.deliveries() if d["notice_type"] == "permit_decision_published" and d["channel"] == "publication"
    ]
    assert len(published) == 2
    [body] = [d["body"] for d in published if "准予变更" in d["body"]]
    assert "许可决定：准予变更" in body
    assert "单位名称由“上海某体育发展有限公司”变更为“上海某体育文化有限公司”" in body
    assert "法定代表人由王五变更为赵六" in body and "场所名称：徐汇体育馆" in body
    with n.views.connect() as conn:
        rows = conn.execute(select(publications).order_by(publications.c.decided_on)).all()
    assert [row.decided_on for row in rows] == ["2026-11-02", "2026-11-20"]


def test_document_delivery_by_post_gives_the_tracking_number() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.documents_delivered()))
    body = text_of(n, "documents_delivered")["body"]
    assert "免费邮寄送达" in body and "EMS1234567890" in body


def test_a_breached_statutory_clock_alerts_the_district_brigade() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.statutory_clock_breached()))
    assert deliveries_of(n, "statutory_clock_breached") == {("brigade:徐汇区", "email", "")}
    assert "已超期" in text_of(n, "statutory_clock_breached", "email")["body"]


def test_an_appointment_is_confirmed_to_the_applicant() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.appointment_booked(kind="off_hours_inspection")))
    body = text_of(n, "appointment_booked")["body"]
    assert "错时检查" in body and "2026年11月5日" in body and "夜间或休息日" in body


def test_a_rectification_order_goes_to_the_responsible_person_it_names() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered(major=True)))
    assert deliveries_of(n, "rectification_ordered") == {
        (UNIT, "inbox", UNIT),
        (UNIT, "email", "lisi@example.cn"),
        (UNIT, "sms", "13900000000"),
    }
    body = text_of(n, "rectification_ordered")["body"]
    assert text_of(n, "rectification_ordered")["subject"] == "责令改正通知书"
    assert "重大火灾隐患" in body and "挂牌督办" in body and "2026年11月20日前改正" in body
    assert "延期整改申请" in body


def test_an_extension_and_an_overdue_order_reach_the_person_the_order_named() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.permit_granted()))  # the applicant is known too
    n.receive(f.envelope("supervision", f.rectification_ordered()))
    n.receive(f.envelope("supervision", f.rectification_extended()))
    n.receive(f.envelope("supervision", f.rectification_overdue(refused=True)))
    for notice_type in ("rectification_extended", "rectification_overdue"):
        assert (UNIT, "email", "lisi@example.cn") in deliveries_of(n, notice_type)
    assert "延长至2026年12月4日" in text_of(n, "rectification_extended")["body"]
    overdue = text_of(n, "rectification_overdue")
    assert overdue["subject"] == "拒不改正火灾隐患告知"
    assert "停产停业" in overdue["body"]


def test_a_referral_letter_is_addressed_to_the_industry_regulator_of_the_directory() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.referral_letter_sent()))
    assert deliveries_of(n, "referral_letter") == {("regulator:culture_and_tourism", "email", "")}
    letter = text_of(n, "referral_letter", "email")
    assert letter["body"].startswith("徐汇区文化和旅游局：")
    assert "抄告函" in letter["subject"] and "二层看台安全出口被锁闭" in letter["body"]


def test_a_transfer_letter_goes_to_the_competent_department_naming_each_finding_and_who_found_it() -> None:
    n = f.notify()
    event = f.envelope("supervision", f.case_transferred())
    n.receive(event, event)
    assert deliveries_of(n, "transfer_letter") == {("regulator:culture_and_tourism", "email", "")}
    letter = text_of(n, "transfer_letter", "email")
    assert letter["subject"] == f"关于{f.UNIT_NAME}有关问题的案件移送函"
    assert letter["body"].startswith("徐汇区文化和旅游局：")  # the directory's name when the event names none
    assert "属文化娱乐场所行业管理范围。根据部门职责分工，现移送你部门依法处理" in letter["body"]
    assert "1. [一般火灾隐患] 疏散指示标志损坏（一层大厅）\n" in letter["body"]
    assert "2. [市场监督管理部门联合检查发现] 超范围经营\n" in letter["body"]
    assert "移送依据：《上海市消防条例》" in letter["body"]


def test_a_transfer_letter_is_addressed_to_the_office_the_transfer_names() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.case_transferred(department_name="徐汇区文化旅游局执法大队")))
    assert text_of(n, "transfer_letter", "email")["body"].startswith("徐汇区文化旅游局执法大队：")


def test_each_department_of_a_joint_inspection_is_told_the_day_the_units_and_the_others_taking_part() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.joint_inspection_planned()))
    assert deliveries_of(n, "joint_inspection_planned") == {
        ("regulator:culture_and_tourism", "email", ""),
        ("regulator:public_security", "email", ""),
    }
    letters = [d for d in n.deliveries() if d["notice_type"] == "joint_inspection_planned"]
    bodies = sorted(d["body"] for d in letters)
    assert bodies[0].startswith("徐汇公安分局田林派出所：") and bodies[1].startswith("徐汇区文化和旅游局：")
    for body in bodies:
        assert "定于2026年11月10日在徐汇区开展“复产复工消防安全专项联合检查”" in body
        assert "- 徐汇公安分局田林派出所（赵六、钱七）\n" in body and "- 文化和旅游部门（张三）\n" in body
        assert f"1. {f.UNIT_NAME}（{f.SPORTS_CENTRE}）" in body


def test_a_referral_letter_sent_with_the_inspection_does_not_claim_an_order_already_issued() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.referral_letter_sent()))
    body = text_of(n, "referral_letter", "email")["body"]
    assert "已依法责令" not in body
    assert "将依法责令该单位改正" in body


def test_a_referral_letter_of_violations_without_hazards_names_them_so() -> None:
    n = f.notify()
    n.receive(
        f.envelope(
            "supervision",
            f.referral_letter_sent(hazard_ids=[], violation_ids=["v-1"], summary="1. [锁闭安全出口] 北侧安全出口上锁"),
        )
    )
    letter = text_of(n, "referral_letter", "email")
    assert letter["subject"] == f"关于{f.UNIT_NAME}消防安全违法行为的抄告函"
    assert "违法行为编号：v-1" in letter["body"]
    assert "隐患编号" not in letter["body"] and "消除火灾隐患" not in letter["body"]
    assert "将依法责令该单位改正" in letter["body"]


def test_a_referral_letter_of_violations_corrected_on_the_spot_announces_no_order() -> None:
    n = f.notify()
    n.receive(
        f.envelope(
            "supervision",
            f.referral_letter_sent(hazard_ids=[], violation_ids=["v-1"], all_corrected_on_the_spot=True),
        )
    )
    body = text_of(n, "referral_letter", "email")["body"]
    assert "责令" not in body
    assert "当场改正" in body


def test_a_letter_warning_or_interview_reaches_the_person_the_order_named() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered()))
    n.receive(f.envelope("supervision", f.accountability_measure_taken()))
    assert (UNIT, "email", "lisi@example.cn") in deliveries_of(n, "accountability_measure")
    interview = text_of(n, "accountability_measure")
    assert interview["subject"] == "重大火灾隐患逾期未整改约谈通知"
    assert "约谈时间：2026年11月26日 09:30" in interview["body"]
    assert "徐汇区消防救援支队三楼会议室" in interview["body"]
    letter = f.accountability_measure_taken(
        measure_id="m-2", kind="letter", addressee_kind="unit", addressee="", interview_at="", place=""
    )
    n.receive(f.envelope("supervision", letter))
    inbox = [d for d in n.deliveries() if d["notice_type"] == "accountability_measure" and d["channel"] == "inbox"]
    [sent] = [d for d in inbox if "函告书" in str(d["subject"])]
    assert str(sent["body"]).startswith(f"{f.UNIT_NAME}：\n你单位") and "约谈时间" not in str(sent["body"])


def test_a_regulator_missing_from_the_directory_is_named_by_its_sector() -> None:
    n = f.notify(directory={})
    n.receive(f.envelope("supervision", f.referral_letter_sent(regulator="education")))
    assert text_of(n, "referral_letter", "email")["body"].startswith("教育行政部门：")


def test_complaint_feedback_goes_to_the_reporter_and_to_no_partner_agency() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.complaint_feedback_given()))
    reporter = "reporter:12345-20261106-0001"
    assert deliveries_of(n, "complaint_feedback") == {
        (reporter, "email", "chen@example.cn"),
        (reporter, "sms", "13700000000"),
    }
    assert "举报人信息保密" in text_of(n, "complaint_feedback", "email")["body"]


def test_feedback_published_before_the_contact_was_sealed_still_reaches_the_reporter() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.complaint_feedback_given(sealed=False)))
    assert ("reporter:12345-20261106-0001", "sms", "13700000000") in deliveries_of(n, "complaint_feedback")


def test_feedback_sealed_with_another_key_is_refused_not_sent_to_nobody() -> None:
    from kit.cipher import CipherKeyError
    from kit.sealed import Seal

    stranger = Seal("c29tZW9uZSBlbHNlJ3Mga2V5LCAzMiBieXRlcyBsbyE=")
    message = f.complaint_feedback_given(reporter_contact=stranger.seal({"name": "x", "phone": "1", "email": ""}))
    n = f.notify()
    with pytest.raises(CipherKeyError, match="REPORTER_CONTACT_KEY"):
        n.receive(f.envelope("supervision", message))
    assert n.deliveries() == []


def test_an_anonymous_reporter_gets_no_notice() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.complaint_feedback_given(reporter_phone="", reporter_email="")))
    assert n.deliveries() == []


def test_a_penalty_is_published_and_sent_to_the_subscribed_credit_platform() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.penalty_decided()))
    assert deliveries_of(n, "penalty_published") == {
        ("public", "publication", "public"),
        ("agency:credit-platform", "callback", ""),
    }
    body = text_of(n, "penalty_published", "publication")["body"]
    assert "行政处罚信息公示" in body and "锁闭安全出口" in body and "罚款30,000元" in body


def test_a_monthly_plan_is_published_without_naming_the_units_or_inspectors_drawn() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.inspection_plan_published(), subject="徐汇区"))
    body = text_of(n, "inspection_plan_published", "publication")["body"]
    assert "双随机、一公开" in body and "随机抽取检查对象2家" in body and "9f2c1d" in body
    assert f.UNIT_NAME not in body and "insp-7" not in body


def test_a_plan_is_announced_to_the_public_with_the_commitment_that_fixes_its_seed() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.inspection_plan_announced(), subject="徐汇区"))
    body = text_of(n, "inspection_plan_announced", "publication")["body"]
    assert "随机抽取检查对象" in body and "随机数承诺值：sha256:5e1f0c" in body


def test_a_leniency_policy_is_published_to_the_public_with_its_number_districts_and_days() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.leniency_policy_published(), subject="沪虹消〔2026〕7号"))
    notice = text_of(n, "leniency_policy_published", "publication")
    assert notice["subject"] == "特殊时期从宽处理措施公告：疫情防控期间强服务保安全十项措施"
    body = notice["body"]
    assert "（沪虹消〔2026〕7号）" in body and "适用区域：虹口区" in body
    assert "适用期间：2026年11月1日至2026年11月30日" in body
    assert "未构成重大火灾隐患且按要求落实整改的，依法不予处罚" in body


def test_a_published_plan_reveals_the_value_behind_its_announced_commitment() -> None:
    n = f.notify()
    n.receive(
        f.envelope(
            "supervision", f.inspection_plan_published(commitment="sha256:5e1f0c", reveal="a1b2c3"), subject="徐汇区"
        )
    )
    body = text_of(n, "inspection_plan_published", "publication")["body"]
    assert "预告承诺值：sha256:5e1f0c" in body and "公开随机数：a1b2c3" in body


def test_monthly_results_are_published_unit_by_unit() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.inspection_results_published(), subject="徐汇区"))
    body = text_of(n, "inspection_results_published", "publication")["body"]
    assert f"1. {f.UNIT_NAME}（统一社会信用代码：{f.SPORTS_CENTRE}）：发现火灾隐患" in body
    assert "未发现问题" in body


def test_the_unit_is_told_before_listing_and_may_object_until_the_deadline() -> None:
    n = f.notify()
    n.receive(f.envelope("credit", f.listing_notice_issued()))
    assert deliveries_of(n, "listing_notice") == {(UNIT, "inbox", UNIT)}
    body = text_of(n, "listing_notice")["body"]
    assert "存在重大火灾隐患且逾期未整改" in body and "严重失信主体名单" in body
    assert "2026年12月8日前" in body and "异议" in body


def test_a_withdrawn_listing_notice_is_told_to_the_unit() -> None:
    n = f.notify()
    n.receive(f.envelope("credit", f.listing_notice_withdrawn()))
    assert "异议经审核成立" in text_of(n, "listing_withdrawn")["body"]


def test_listing_on_the_blacklist_goes_to_the_unit_and_to_subscribed_agencies_once() -> None:
    n = f.notify()
    n.receive(f.envelope("supervision", f.rectification_ordered()))
    n.receive(f.envelope("credit", f.standing_changed()))
    n.receive(f.envelope("credit", f.standing_changed(previous_tier="serious_dishonesty")))  # still listed
    assert deliveries_of(n, "blacklisted") == {
        (UNIT, "inbox", UNIT),
        (UNIT, "email", "lisi@example.cn"),
        (UNIT, "sms", "13900000000"),
        ("agency:credit-platform", "callback", ""),
    }
    body = text_of(n, "blacklisted")["body"]
    assert "联合惩戒" in body and "不得适用告知承诺方式" in body and "信用修复" in body


def test_other_standing_changes_cause_no_notice() -> None:
    n = f.notify()
    n.receive(f.envelope("credit", f.standing_changed(tier="red_list", previous_tier="normal")))
    assert n.deliveries() == []


def test_credit_repair_goes_to_the_unit_and_to_subscribed_agencies() -> None:
    n = f.notify()
    n.receive(f.envelope("credit", f.credit_repaired()))
    assert ("agency:credit-platform", "callback", "") in deliveries_of(n, "credit_repaired")
    assert "信用修复" in text_of(n, "credit_repaired")["body"]


def test_a_refused_repair_application_is_told_to_the_unit_with_its_reasons() -> None:
    n = f.notify()
    n.receive(f.envelope("credit", f.repair_application_decided(approved=False)))
    body = text_of(n, "repair_refused")["body"]
    assert "不予修复" in body and "整改证明材料不全，缺少复查意见书" in body
    assert "存在重大火灾隐患且逾期未整改" in body and "2027年11月3日" in body
    assert "重新提出信用修复申请" in body
    assert UNIT in {recipient for recipient, _, _ in deliveries_of(n, "repair_refused")}


def test_an_approved_repair_application_is_told_by_the_repair_itself_not_twice() -> None:
    n = f.notify()
    n.receive(f.envelope("credit", f.repair_application_decided(approved=True)))
    assert n.deliveries() == []


def test_notices_of_a_unit_list_one_entry_per_message_with_its_deliveries_by_channel() -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.permit_granted()))
    [notice] = n.notices()
    assert notice["notice_type"] == "permit_granted"
    assert notice["recipient"] == UNIT
    assert [d["channel"] for d in notice["deliveries"]] == ["inbox", "email", "sms"]
    assert {d["status"] for d in notice["deliveries"]} == {"pending"}


@pytest.mark.parametrize("source", ["permits", "supervision", "credit"])
def test_an_event_type_its_upstream_does_not_publish_is_ignored_and_not_tracked(source: str) -> None:
    n = f.notify()
    wire = f.envelope(source, f.permit_granted()).to_wire()
    wire["event_type"] = "SomethingNew"
    from kit.envelope import Envelope

    assert not n.app.receive(Envelope.from_wire(wire))
    assert n.app.upstream_position(source) == 0
    assert n.deliveries() == []


@pytest.mark.parametrize(
    "reason, words",
    [
        ("commitment_seriously_false", "经核查，告知承诺内容严重失实"),
        ("commitment found seriously false (承诺严重失实)", "经核查，告知承诺内容严重失实"),
        ("经复查仍不符合消防安全要求", "经复查仍不符合消防安全要求"),
        ("some_new_code", "存在依法应当撤销许可的情形"),
    ],
)
def test_a_revocation_gives_its_reason_in_the_words_of_a_decision(reason: str, words: str) -> None:
    n = f.notify()
    n.receive(f.envelope("permits", f.permit_revoked(reason=reason)))
    assert f"因{words}，依法予以撤销" in text_of(n, "permit_revoked")["body"]


def test_a_grant_published_before_the_applicants_contact_was_sealed_still_reaches_the_applicant() -> None:
    n = f.notify()
    old = f.permit_granted(applicant=None, applicant_name="张三", applicant_phone="13800000000")
    n.receive(f.envelope("permits", old))
    assert ("sms", "13800000000") in {(channel, address) for _, channel, address in deliveries_of(n, "permit_granted")}


def test_an_applicants_contact_sealed_with_another_key_is_refused_not_sent_to_nobody() -> None:
    from firesafety.permits.v1 import events_pb2 as permits
    from kit.cipher import CipherKeyError
    from kit.sealed import APPLICANT_CONTACT, Seal

    stranger = Seal("c29tZW9uZSBlbHNlJ3Mga2V5LCAzMiBieXRlcyBsbyE=", kind=APPLICANT_CONTACT)
    sealed = permits.Contact(sealed=stranger.seal({"name": "x", "phone": "1", "email": ""}))
    n = f.notify()
    with pytest.raises(CipherKeyError, match="APPLICANT_CONTACT_KEY"):
        n.receive(f.envelope("permits", f.deficiencies_notified(applicant=sealed)))
    assert n.deliveries() == []
