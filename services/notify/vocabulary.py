"""The notice types, and the Chinese terms the texts use for the codes events carry.

A code without a term is shown as it is: a new code upstream shows up in a text,
it does not break it.
"""

from __future__ import annotations

import datetime as dt

from kit.calendar import business_day

#: One template per notice type, in services/notify/templates/<type>.txt.j2.
NOTICE_TYPES = (
    "missing_materials",  # 一次性告知书 (N1, P2)
    "permit_granted",  # 准予许可 (N2)
    "permit_refused",  # 不予许可 (N2, P8)
    "permit_revoked",  # 撤销许可 (N2)
    "permit_amended",  # 简化变更 (N2, P5)
    "documents_delivered",  # 送达 (N2, P6)
    "statutory_clock_breached",  # 办理超期预警 (P1)
    "appointment_booked",  # 预约确认 (N8, P7)
    "appointment_reminder",  # 预约提醒 (N8)
    "rectification_ordered",  # 责令改正通知书 (N3, S5)
    "rectification_extended",  # 同意延期整改 (N3)
    "rectification_reminder",  # 整改期限届满提醒 (N3)
    "rectification_overdue",  # 逾期未改正 (N3)
    "accountability_measure",  # 函告、警示、约谈 (N3, S5)
    "referral_letter",  # 火灾隐患抄告函 (N4, S8)
    "joint_inspection_planned",  # 联合检查通知 (S1): to each department taking part
    "transfer_letter",  # 案件移送函 (S1, 移送): findings to the competent department
    "listing_notice",  # 列入严重失信主体名单事先告知书 (N5)
    "blacklisted",  # 列入严重失信主体名单 (N5, C2)
    "credit_repaired",  # 信用修复 (N5, C4)
    "repair_refused",  # 不予信用修复决定 (N5, C4): the application refused, with its reasons
    "listing_withdrawn",  # 撤回列入前告知 (N5)
    "trade_exit_recommended",  # 消防技术服务机构严重失信、建议行业退出 (N5, C7)
    "complaint_feedback",  # 投诉举报处理情况反馈 (N6, S7)
    "permit_decision_published",  # 行政许可公示 (N7, 双公示)
    "penalty_published",  # 行政处罚公示 (N7, 双公示)
    "inspection_plan_announced",  # 双随机抽查计划预告及随机种子承诺 (N7, 一公开)
    "inspection_plan_published",  # 双随机抽查计划公开 (N7, 一公开)
    "inspection_results_published",  # 双随机抽查结果公开 (N7, 一公开)
    "leniency_policy_published",  # 特殊时期从宽处理措施公告 (S6)
)

#: Notices to the public (and copies of them to partner agencies); the feeds show them.
PUBLICATION_TYPES = frozenset(
    {
        "permit_decision_published",
        "penalty_published",
        "inspection_plan_announced",
        "inspection_plan_published",
        "inspection_results_published",
        "leniency_policy_published",
    }
)

#: What partner agencies may not subscribe to: a reporter's identity stays with the agency (举报人保密).
PRIVATE_NOTICE_TYPES = frozenset({"complaint_feedback"})

MATERIALS = {
    "application_form": "消防安全检查申请表",
    "commitment_letter": "公众聚集场所投入使用、营业前消防安全检查告知承诺书",
    "business_licence": "营业执照",
    "safety_rules_and_evacuation_plan": "消防安全制度、灭火和应急疏散预案",
    "floor_and_fire_facility_plans": "场所平面布置图、场所消防设施平面图",
    "legal_representative_id": "法定代表人身份证明",
}

VENUE_CATEGORIES = {
    "passenger_station_waiting_room": "客运车站候车室",
    "passenger_terminal_waiting_hall": "客运码头候船厅",
    "civil_airport_terminal": "民用机场航站楼",
    "sports_venue": "体育场馆",
    "assembly_hall": "会堂",
    "hotel": "宾馆、饭店",
    "shopping_mall": "商场、市场",
    "catering": "餐饮场所",
    "entertainment": "歌舞娱乐场所",
    "other": "其他公众聚集场所",
}

ROUTES = {"standard": "一般程序", "commitment": "告知承诺方式", "pilot": "先开业后监管"}

DELIVERY_METHODS = {"direct": "直接送达", "post": "免费邮寄送达"}

CLOCK_STAGES = {"inspection": "现场检查", "decision": "许可决定", "acceptance": "受理", "overall": "承诺办结（全程）"}

APPOINTMENT_KINDS = {
    "guidance": "开业前消防安全指导",
    "off_hours_inspection": "错时检查",
    "training": "消防安全培训",
    "drill": "灭火和应急疏散演练",
}

VIOLATIONS = {
    "locked_exit": "锁闭安全出口",
    "blocked_evacuation_route": "堵塞疏散通道",
    "fire_facilities_switched_off": "擅自停用消防设施",
    "blocked_fire_lane": "占用消防车通道",
    "other": "其他消防安全违法行为",
    "false_documents": "出具虚假文件",
    "unqualified_practice": "不具备从业条件从事消防技术服务活动",
    "substandard_practice": "不按照国家标准、行业标准开展消防技术服务活动",
}

#: What follows an overdue major hazard for those responsible (002 二(六)).
MEASURES = {"letter": "函告", "warning": "警示", "interview": "约谈"}

#: What a penalty decision imposes beside the fine (supervision's Suspension and Revocation).
SANCTIONS = {
    "suspend_business": "责令停产停业",
    "stop_use": "责令停止使用",
    "stop_practice": "责令停止执业",
    "permit": "吊销许可证件",
    "qualification": "吊销相应资格",
}

#: What a fire technical service firm (消防技术服务机构) does.
SERVICE_TYPES = {"maintenance_and_testing": "消防设施维护保养检测", "safety_assessment": "消防安全评估"}

#: Supervision's severities (its Severity: minor, general, serious), as a decision names the circumstances (情节).
SEVERITIES = {"minor": "轻微", "general": "一般", "serious": "严重"}

TIERS = {
    "red_list": "守信红名单",
    "normal": "一般信用",
    "general_dishonesty": "一般失信",
    "serious_dishonesty": "严重失信主体名单（黑名单）",
}

#: What listing in a tier is, as a notice before listing says it (拟被…): the blacklist is a list,
#: general dishonesty a finding about the unit.
LISTINGS = {
    "serious_dishonesty": "列入消防安全严重失信主体名单（黑名单）",
    "general_dishonesty": "认定为消防安全一般失信主体",
}

#: Credit's rules, as the causes of a standing name them (C6).
CREDIT_RULES = {
    "commitment_seriously_false": "告知承诺内容严重失实",
    "major_hazard_unrectified": "存在重大火灾隐患且逾期未整改",
    "major_hazard_open": "重大火灾隐患挂牌督办、整改期限内",
    "hazard_found": "发现火灾隐患",
    "rectification_refused": "拒不改正火灾隐患或者消防安全违法行为",
    "rectification_overdue": "逾期未改正火灾隐患",
    "repeated_violations": "多次违反消防法律法规",
    "technical_service_serious_violation": "消防技术服务机构严重违法违规",
    "rectification_verified": "经复查已整改合格",
    "clean_inspection": "后续检查未发现火灾隐患和违法行为",
    "notice_before_listing": "列入前告知",
    "objection_filed": "提出异议",
    "objection_upheld": "异议成立",
    "objection_rejected": "异议不成立",
    "objection_window_closed": "异议期届满",
    "credit_repaired": "信用修复",
    "repair_applied": "提出信用修复申请",
    "repair_approved": "信用修复申请经审核通过",
    "repair_refused": "信用修复申请经审核不予通过",
    "business_suspended": "停产停业",
    "good_standing": "守法诚信记录良好",
    "on_record": "建立信用档案",
}

WITHDRAWAL_REASONS = {"objection_upheld": "你单位提出的异议经审核成立", "rectified": "你单位已在异议期内完成整改"}

INSPECTION_OUTCOMES = {
    "no_problem": "未发现问题",
    "hazards_found": "发现火灾隐患",
    "violations_found": "发现消防安全违法行为",
    "not_inspected": "未检查",
}

REGULATORS = {
    "education": "教育行政部门",
    "civil_affairs": "民政部门",
    "health": "卫生健康部门",
    "religious_affairs": "宗教事务部门",
    "culture_and_tourism": "文化和旅游部门",
    "commerce": "商务部门",
    "housing_and_construction": "住房城乡建设部门",
    "market_regulation": "市场监督管理部门",
    "public_security": "公安机关",
    "emergency_management": "应急管理部门",
    "economy_and_informatization": "经济和信息化部门",
    "urban_management": "城市管理综合行政执法部门",
    "street_office": "街道办事处（乡镇人民政府）",
}


def term(table: dict[str, str], code: str) -> str:
    return table.get(code, code)


def cn_date(value: str | dt.date | dt.datetime) -> str:
    """2026-11-02 → 2026年11月2日; a date-time is shown as its date in China Standard Time."""
    day: dt.date | dt.datetime
    if isinstance(value, str):
        if not value:
            return ""
        try:
            day = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
        except ValueError:
            return value
    else:
        day = value
    if isinstance(day, dt.datetime):
        day = local_date(day)
    return f"{day.year}年{day.month}月{day.day}日"


def local_date(value: dt.datetime) -> dt.date:
    """The calendar date in China of a point in time (naive times are taken as China Standard Time)."""
    return value.date() if value.tzinfo is None else business_day(value)


def month_label(value: str) -> str:
    """2026-11 → 2026年11月."""
    year, _, month = value.partition("-")
    return f"{year}年{int(month)}月" if month.isdigit() else value


def yuan(amount: int) -> str:
    return f"{amount:,}元"
