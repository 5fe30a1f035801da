"""`firesafety report --month YYYY-MM`: the month's statistics, computed by DuckDB over the export.

Every figure is one SQL query over the Parquet datasets of `firesafety export`; each becomes a
table and a chart in one self-contained HTML file (the charts are PNG, embedded) and a CSV file
with the same rows. `--as-of DAY` replays the logs to the end of that day (China time): an event
whose business time is later does not exist for the report. The report says nothing that depends
on when or where it was made, so the same events give the same bytes.

    OUT/report-YYYY-MM.html
    OUT/report-YYYY-MM/<figure>.csv
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from kit.analytics.schema import all_schemas
from kit.calendar import CHINA_TIME, WorkingDayCalendar
from kit.settings import load_settings

LABELS: dict[str, str] = {
    # routes and outcomes (办理方式)
    "standard": "一般程序", "commitment": "告知承诺", "pilot": "先开业后监管",
    # hazards, violations, severity
    "general": "一般", "major": "重大", "minor": "轻微", "serious": "严重",
    "locked_exit": "锁闭安全出口", "blocked_evacuation_route": "堵塞疏散通道",
    "fire_facilities_switched_off": "擅自停用消防设施", "blocked_fire_lane": "占用消防车通道",
    "fire_hazard": "其他火灾隐患", "other": "其他", "false_documents": "出具虚假文件",
    "evacuation": "安全疏散", "fire_facilities": "消防设施器材", "fire_separation": "防火分隔",
    "electrical": "电气线路及用电", "fire_and_gas_use": "用火用气", "combustibles": "易燃可燃物",
    "fire_access": "消防车通道", "safety_management": "消防安全管理",
    "unqualified_practice": "不具备从业条件", "substandard_practice": "不按标准执业",
    # credit
    "red_list": "守信红名单", "normal": "一般信用", "general_dishonesty": "一般失信",
    "serious_dishonesty": "严重失信",
    # notices
    "inbox": "站内信", "email": "电子邮件", "sms": "短信", "callback": "系统回调", "publication": "公开公示",
}  # fmt: skip
FONT_FAMILY = "Noto Sans CJK SC"
log = logging.getLogger(__name__)


def label(value: Any) -> Any:
    return LABELS.get(value, value) if isinstance(value, str) else value


@dataclass
class Figure:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    note: str = ""
    chart: str = "bar"
    """bar: the first column against the numeric columns named in `plotted`; none: a table only."""
    plotted: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Window:
    month: str
    start: dt.date
    end: dt.date
    """The month's last day."""
    as_of: dt.date

    @classmethod
    def of(cls, month: str, as_of: dt.date | None) -> Window:
        year, number = (int(p) for p in month.split("-"))
        start = dt.date(year, number, 1)
        end = dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)
        return cls(month, start, end, as_of or dt.date.max)

    def t(self, day: dt.date) -> str:
        """The start of a day in China time, as a TIMESTAMPTZ literal."""
        moment = dt.datetime.combine(day, dt.time(0), CHINA_TIME).astimezone(dt.UTC)
        return f"TIMESTAMPTZ '{moment.isoformat()}'"

    @property
    def t_start(self) -> str:
        return self.t(self.start)

    @property
    def t_end(self) -> str:
        return self.t(self.end + dt.timedelta(days=1))

    def d(self, day: dt.date) -> str:
        return f"DATE '{day.isoformat()}'"


class Warehouse:
    """A DuckDB connection with one view per exported dataset, replayed to `as_of`."""

    def __init__(self, export_dir: Path, as_of: dt.date | None, calendar: WorkingDayCalendar | None = None) -> None:
        self.db = duckdb.connect(":memory:")
        self.db.execute("SET TimeZone = 'Asia/Shanghai'")
        self.db.execute("SET threads = 2")
        schemas = all_schemas()
        cutoff = None
        if as_of is not None:
            moment = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(0), CHINA_TIME).astimezone(dt.UTC)
            cutoff = f"TIMESTAMPTZ '{moment.isoformat()}'"
        for index, (name, schema) in enumerate(sorted(schemas.items())):
            files = sorted((export_dir / name).glob("service=*/month=*/*.parquet"))
            view = f'"{name}"'
            if files:
                listed = ", ".join(f"'{f.as_posix()}'" for f in files)
                source = f"read_parquet([{listed}], hive_partitioning = true, union_by_name = true)"
            else:
                self.db.register(f"empty_{index}", pa.Table.from_pylist([], schema=schema.arrow))
                source = f"(SELECT *, NULL::VARCHAR AS month FROM empty_{index})"
            where = f" WHERE business_time < {cutoff}" if cutoff else ""
            self.db.execute(f"CREATE VIEW {view} AS SELECT * FROM {source}{where}")
        self._working_days(calendar or WorkingDayCalendar())

    def _working_days(self, calendar: WorkingDayCalendar) -> None:
        first, last = dt.date(2019, 1, 1), dt.date(2035, 12, 31)
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        table = pa.table({"day": days, "working": [calendar.is_working_day(d) for d in days]})
        self.db.register("working_days_source", table)
        self.db.execute("CREATE TABLE working_days AS SELECT * FROM working_days_source")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.db.execute(sql).fetchall()]

    def close(self) -> None:
        self.db.close()


# -- the figures ----------------------------------------------------------------------------------


def permits_by_route(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH s AS (SELECT originator_id, route FROM "PermitApplication.Submitted"
                   WHERE submitted_at >= {win.t_start} AND submitted_at < {win.t_end})
        SELECT s.route, count(*) AS submitted,
               count(g.originator_id) AS granted, count(r.originator_id) AS refused,
               count(p.originator_id) AS registered,
               count(*) - count(g.originator_id) - count(r.originator_id) - count(p.originator_id) AS pending
        FROM s
        LEFT JOIN "PermitApplication.PermitGranted" g USING (originator_id)
        LEFT JOIN "PermitApplication.PermitRefused" r USING (originator_id)
        LEFT JOIN "PermitApplication.PilotRegistered" p USING (originator_id)
        GROUP BY s.route ORDER BY s.route""")
    return Figure(
        "permits_by_route",
        "一、公众聚集场所投入使用、营业前消防安全检查：按办理方式和结果",
        ["办理方式", "申请", "准予许可", "不予许可", "先开业后监管登记", "办理中"],
        [(label(r[0]), *r[1:]) for r in rows],
        "本月提交的申请及其截至统计日的办理结果。",
        plotted=[1, 2, 3, 4, 5],
    )


def lead_times(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH decided AS (
            SELECT originator_id, granted_at AS decided_at FROM "PermitApplication.PermitGranted"
            UNION ALL SELECT originator_id, refused_at FROM "PermitApplication.PermitRefused"),
        d AS (SELECT s.route, s.originator_id, s.submitted_at, decided.decided_at FROM decided
              JOIN "PermitApplication.Submitted" s USING (originator_id)
              WHERE decided.decided_at >= {win.t_start} AND decided.decided_at < {win.t_end}),
        lead AS (SELECT d.route, d.originator_id,
                   (SELECT count(*) FROM working_days wd WHERE wd.working
                      AND wd.day > CAST(d.submitted_at AS DATE) AND wd.day <= CAST(d.decided_at AS DATE)) AS days
                 FROM d),
        limits AS (SELECT originator_id, sum(working_days) AS limit_days FROM "PermitApplication.ClockStarted"
                   GROUP BY originator_id),
        extended AS (SELECT originator_id, sum(working_days) AS days FROM "PermitApplication.ClockExtended"
                     GROUP BY originator_id),
        paused AS (SELECT originator_id, sum(paused_working_days) AS days FROM "PermitApplication.ClockResumed"
                   GROUP BY originator_id),
        breaches AS (SELECT originator_id, count(*) AS n FROM "PermitApplication.ClockBreached" GROUP BY originator_id)
        SELECT lead.route, count(*) AS decided,
               quantile_cont(lead.days, 0.5) AS median_days, quantile_cont(lead.days, 0.9) AS p90_days,
               coalesce(max(limits.limit_days + coalesce(extended.days, 0)), 0) AS statutory_days,
               coalesce(sum(breaches.n), 0) AS breaches, coalesce(sum(paused.days), 0) AS paused_days
        FROM lead LEFT JOIN limits USING (originator_id) LEFT JOIN extended USING (originator_id)
        LEFT JOIN paused USING (originator_id) LEFT JOIN breaches USING (originator_id)
        GROUP BY lead.route ORDER BY lead.route""")
    return Figure(
        "lead_times",
        "二、办理时限：本月办结申请的用时（工作日）与法定时限",
        ["办理方式", "办结", "用时中位数", "用时90分位", "法定时限（含延长）", "超时", "补正中止"],
        [(label(r[0]), r[1], round(r[2], 1), round(r[3], 1), *r[4:]) for r in rows],
        "用时自提交次日起按工作日计至作出决定之日；超时为计时届满未办结的次数；补正中止为因材料补正暂停计时的工作日。",
        plotted=[2, 3, 4],
    )


def deficiencies(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH s AS (SELECT originator_id, route FROM "PermitApplication.Submitted"
                   WHERE submitted_at >= {win.t_start} AND submitted_at < {win.t_end}),
        n AS (SELECT originator_id, sum(json_array_length(missing)) AS missing
              FROM "PermitApplication.DeficienciesNotified" GROUP BY originator_id)
        SELECT s.route, count(*) AS applications, count(n.originator_id) AS with_deficiencies,
               coalesce(sum(n.missing), 0) AS missing_items,
               round(coalesce(sum(n.missing), 0) / count(*), 2) AS per_application
        FROM s LEFT JOIN n USING (originator_id) GROUP BY s.route ORDER BY s.route""")
    return Figure(
        "deficiencies",
        "三、申请材料补正",
        ["办理方式", "申请", "需补正的申请", "缺少材料（件）", "每件申请平均缺少"],
        [(label(r[0]), *r[1:]) for r in rows],
        plotted=[1, 2],
    )


def plan_by_street(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH plan AS (SELECT originator_id, draws FROM "InspectionPlan.Published" WHERE event_month = '{win.month}'),
        drawn AS (SELECT plan.originator_id AS plan_id, d.uscc FROM plan,
                  unnest(from_json(plan.draws, '[{{"uscc": "VARCHAR"}}]')) AS t(d)),
        inspected AS (SELECT DISTINCT n.originator_id AS plan_id, n.uscc FROM "InspectionPlan.InspectionNoted" n
                      JOIN plan ON plan.originator_id = n.originator_id),
        street AS (SELECT uscc, arg_max(json_extract_string(details, '$.street'), position) AS street
                   FROM "RegisteredUnit.Registered" GROUP BY uscc)
        SELECT coalesce(nullif(street.street, ''), '（未登记街道）') AS street, count(*) AS drawn,
               count(inspected.uscc) AS inspected,
               round(100.0 * count(inspected.uscc) / count(*), 1) AS rate
        FROM drawn LEFT JOIN inspected USING (plan_id, uscc) LEFT JOIN street USING (uscc)
        GROUP BY 1 ORDER BY 1""")
    return Figure(
        "plan_by_street",
        "四、“双随机、一公开”：抽取与实际检查（按街道）",
        ["街道", "抽取", "已检查", "完成率（%）"],
        rows,
        "本月抽查计划抽取的单位，及截至统计日已按计划检查的单位。",
        plotted=[1, 2],
    )


def hazards_by_grade(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        SELECT grade, count(*) AS hazards, count(DISTINCT uscc) AS units FROM "Inspection.HazardFound"
        WHERE found_on BETWEEN {win.d(win.start)} AND {win.d(win.end)} GROUP BY grade ORDER BY grade""")
    return Figure(
        "hazards_by_grade",
        "五、检查发现的火灾隐患（按等级）",
        ["隐患等级", "隐患（处）", "涉及单位"],
        [(label(r[0]) + "火灾隐患", *r[1:]) for r in rows],
        plotted=[1, 2],
    )


def hazards_by_type(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        SELECT hazard_type, count(*) AS hazards, count(*) FILTER (WHERE grade = 'major') AS major,
               count(DISTINCT uscc) AS units FROM "Inspection.HazardFound"
        WHERE found_on BETWEEN {win.d(win.start)} AND {win.d(win.end)}
        GROUP BY hazard_type ORDER BY hazards DESC, hazard_type""")
    return Figure(
        "hazards_by_type",
        "五（二）、检查发现的火灾隐患（按类别）",
        ["隐患类别", "隐患（处）", "其中重大火灾隐患", "涉及单位"],
        [(label(r[0] or "other"), *r[1:]) for r in rows],
        plotted=[1, 2],
    )


def violations_by_type(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        SELECT violation_type, severity, count(*) AS violations,
               count(*) FILTER (WHERE corrected_on_the_spot) AS corrected FROM "Inspection.ViolationFound"
        WHERE found_on BETWEEN {win.d(win.start)} AND {win.d(win.end)}
        GROUP BY ALL ORDER BY violation_type, severity""")
    return Figure(
        "violations_by_type",
        "六、消防安全违法行为（按类型和情节）",
        ["违法行为", "情节", "数量", "当场改正"],
        [(label(r[0]), label(r[1]), *r[2:]) for r in rows],
        chart="none",
    )


def rectification(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH o AS (SELECT o.originator_id, o.major,
                          coalesce((SELECT max(e.deadline) FROM "RectificationOrder.Extended" e
                                    WHERE e.originator_id = o.originator_id), o.deadline) AS deadline
                   FROM "RectificationOrder.Ordered" o),
        due AS (SELECT * FROM o WHERE deadline BETWEEN {win.d(win.start)} AND {win.d(win.end)}),
        reported AS (SELECT originator_id, min(reported_on) AS on_ FROM "RectificationOrder.RectificationReported"
                     GROUP BY originator_id),
        overdue AS (SELECT DISTINCT originator_id FROM "RectificationOrder.Overdue")
        SELECT CASE WHEN due.major THEN 'major' ELSE 'general' END AS grade, count(*) AS due,
               count(*) FILTER (WHERE reported.on_ <= due.deadline) AS on_time,
               count(*) FILTER (WHERE overdue.originator_id IS NOT NULL) AS overdue,
               count(*) FILTER (WHERE reported.on_ IS NULL AND overdue.originator_id IS NULL) AS open
        FROM due LEFT JOIN reported USING (originator_id) LEFT JOIN overdue USING (originator_id)
        GROUP BY 1 ORDER BY 1""")
    return Figure(
        "rectification",
        "七、责令限期改正：本月到期的整改",
        ["整改事项", "到期", "按期整改", "逾期", "未到统计日结论"],
        [(("重大火灾隐患" if r[0] == "major" else "一般事项"), *r[1:]) for r in rows],
        "按期整改：单位在期限内报告整改完毕；逾期：期限届满未整改。",
        plotted=[2, 3],
    )


def penalties(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH p AS (SELECT d.violation_type, d.severity, d.fine_yuan,
                          CAST(json_extract(pr.baseline_range, '$[0]') AS BIGINT) AS low,
                          CAST(json_extract(pr.baseline_range, '$[1]') AS BIGINT) AS high
                   FROM "PenaltyCase.Decided" d JOIN "PenaltyCase.Proposed" pr USING (originator_id)
                   WHERE d.decided_on BETWEEN {win.d(win.start)} AND {win.d(win.end)})
        SELECT violation_type, severity, count(*) AS cases, sum(fine_yuan) AS total, round(avg(fine_yuan)) AS mean,
               min(low) AS baseline_low, max(high) AS baseline_high
        FROM p GROUP BY ALL ORDER BY violation_type, severity""")
    return Figure(
        "penalties",
        "八、行政处罚（按违法类型，对照裁量基准）",
        ["违法行为", "情节", "案件", "罚款合计（元）", "平均罚款（元）", "裁量基准下限", "裁量基准上限"],
        [(label(r[0]), label(r[1]), *r[2:]) for r in rows],
        plotted=[3],
    )


def complaints(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH c AS (SELECT originator_id, category, due, working_days FROM "Complaint.Received"
                   WHERE received_at >= {win.t_start} AND received_at < {win.t_end}),
        checked AS (SELECT originator_id, min(checked_at) AS at FROM "Complaint.Checked" GROUP BY originator_id)
        SELECT c.category, CASE WHEN c.working_days = 0 THEN '24小时' ELSE '3个工作日' END AS limit_,
               count(*) AS received, count(*) FILTER (WHERE checked.at <= c.due) AS in_time,
               count(*) FILTER (WHERE checked.at > c.due) AS late,
               count(*) FILTER (WHERE checked.at IS NULL) AS unchecked,
               round(100.0 * count(*) FILTER (WHERE checked.at <= c.due) / count(*), 1) AS rate
        FROM c LEFT JOIN checked USING (originator_id) GROUP BY ALL ORDER BY 1, 2""")
    return Figure(
        "complaints",
        "九、举报投诉核查（24小时 / 3个工作日时限）",
        ["举报类别", "核查时限", "受理", "按时核查", "超时核查", "尚未核查", "按时率（%）"],
        [(label(r[0]), *r[1:]) for r in rows],
        plotted=[3, 4, 5],
    )


def credit_tiers(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH latest AS (SELECT originator_id, arg_max(tier, position) AS tier FROM "UnitCreditRecord.StandingChanged"
                        WHERE effective_on <= {win.d(win.end)} GROUP BY originator_id),
        moved AS (SELECT tier, count(*) AS n FROM "UnitCreditRecord.StandingChanged"
                  WHERE effective_on BETWEEN {win.d(win.start)} AND {win.d(win.end)} GROUP BY tier)
        SELECT latest.tier, count(*) AS units, coalesce(any_value(moved.n), 0) AS moved_in
        FROM latest LEFT JOIN moved USING (tier) GROUP BY latest.tier ORDER BY latest.tier""")
    return Figure(
        "credit_tiers",
        "十、消防安全信用等级：月末分布与本月变动",
        ["信用等级", "月末单位数", "本月转入"],
        [(label(r[0]), *r[1:]) for r in rows],
        "仅计信用等级发生过变动的单位；其余单位为一般信用。",
        plotted=[1, 2],
    )


def credit_movements(w: Warehouse, win: Window) -> Figure:
    days = f"BETWEEN {win.d(win.start)} AND {win.d(win.end)}"
    rows = w.rows(f"""
        SELECT '列入告知' AS what, count(*) FROM "UnitCreditRecord.NoticeIssued" WHERE noticed_on {days}
        UNION ALL SELECT '列入名单', count(*) FROM "UnitCreditRecord.Listed" WHERE "on" {days}
        UNION ALL SELECT '提出异议', count(*) FROM "UnitCreditRecord.ObjectionFiled" WHERE filed_on {days}
        UNION ALL SELECT '异议成立', count(*) FROM "UnitCreditRecord.ObjectionDecided"
                  WHERE decided_on {days} AND upheld
        UNION ALL SELECT '告知撤回', count(*) FROM "UnitCreditRecord.NoticeWithdrawn" WHERE "on" {days}
        UNION ALL SELECT '申请信用修复', count(*) FROM "UnitCreditRecord.RepairApplied" WHERE filed_on {days}
        UNION ALL SELECT '不予信用修复', count(*) FROM "UnitCreditRecord.RepairDecided"
                  WHERE decided_on {days} AND NOT approved
        UNION ALL SELECT '信用修复', count(*) FROM "UnitCreditRecord.Repaired" WHERE "on" {days}""")
    return Figure("credit_movements", "十一、失信名单的列入、异议与信用修复", ["事项", "数量"], rows, plotted=[1])


def notices(w: Warehouse, win: Window) -> Figure:
    rows = w.rows(f"""
        WITH n AS (SELECT originator_id, channel FROM "Notice.Created"
                   WHERE business_time >= {win.t_start} AND business_time < {win.t_end}),
        delivered AS (SELECT DISTINCT originator_id FROM "Notice.Delivered"),
        failed AS (SELECT DISTINCT originator_id FROM "Notice.DeliveryFailed")
        SELECT n.channel, count(*) AS notices, count(delivered.originator_id) AS sent,
               count(failed.originator_id) AS failed,
               count(*) - count(delivered.originator_id) - count(failed.originator_id) AS waiting
        FROM n LEFT JOIN delivered USING (originator_id) LEFT JOIN failed USING (originator_id)
        GROUP BY n.channel ORDER BY n.channel""")
    return Figure(
        "notices",
        "十二、通知送达（按渠道）",
        ["渠道", "通知", "已送达", "送达失败", "待送达"],
        [(label(r[0]), *r[1:]) for r in rows],
        plotted=[2, 3, 4],
    )


FIGURES = (permits_by_route, lead_times, deficiencies, plan_by_street, hazards_by_grade, hazards_by_type,
           violations_by_type, rectification, penalties, complaints, credit_tiers, credit_movements,
           notices)  # fmt: skip


def compute(
    export_dir: Path, month: str, as_of: dt.date | None = None, calendar: WorkingDayCalendar | None = None
) -> list[Figure]:
    """Every figure of the month. Working days are counted on the calendar the services are
    configured with (CALENDAR_OVERRIDES, the holiday law), unless one is given."""
    if calendar is None:
        settings = load_settings("permits")
        calendar = WorkingDayCalendar.from_file(settings.calendar_overrides, settings.holiday_law)
    win = Window.of(month, as_of)
    warehouse = Warehouse(export_dir, as_of, calendar)
    try:
        return [figure(warehouse, win) for figure in FIGURES]
    finally:
        warehouse.close()


# -- charts and the page --------------------------------------------------------------------------


def _matplotlib() -> Any:
    """matplotlib on the Agg backend, with the CJK font the package manimgx-fonts-cjk ships."""
    import matplotlib

    matplotlib.use("Agg")
    import manimgx_fonts_cjk
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    font = Path(manimgx_fonts_cjk.__file__).parent / "NotoSansCJK-VF.otf.ttc"
    if not any(entry.fname == str(font) for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(font))
    plt.rcParams["font.family"] = [FONT_FAMILY]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.hashsalt"] = "firesafety"
    return plt


def chart_png(figure: Figure) -> bytes | None:
    if figure.chart == "none" or not figure.rows or not figure.plotted:
        return None
    plt = _matplotlib()
    categories = [str(r[0]) for r in figure.rows]
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
    width = 0.8 / len(figure.plotted)
    for index, column in enumerate(figure.plotted):
        values = [float(r[column] or 0) for r in figure.rows]
        positions = [n + (index - (len(figure.plotted) - 1) / 2) * width for n in range(len(categories))]
        ax.bar(positions, values, width=width, label=figure.columns[column])
    ax.set_xticks(
        range(len(categories)),
        categories,
        rotation=30 if len(categories) > 6 else 0,
        ha="right" if len(categories) > 6 else "center",
    )
    ax.set_title(figure.title, fontsize=11)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.6em; border-bottom: 3px solid #c00; padding-bottom: .3em; }
h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #bbb; padding: .25em .7em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f3f3; }
p.note { color: #555; font-size: .9em; }
img { max-width: 100%; }
"""


def render_html(figures: Sequence[Figure], month: str, as_of: dt.date | None, agency: str) -> str:
    year, number = month.split("-")
    title = f"{agency}{int(year)}年{int(number)}月消防监督管理统计"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>统计期间：{month}；数据截至：{as_of.isoformat() if as_of else '导出时的全部记录'}。"
        "个人信息已去标识化处理。</p>",
    ]
    for figure in figures:
        parts.append(f'<section id="{figure.key}"><h2>{html.escape(figure.title)}</h2>')
        if figure.note:
            parts.append(f'<p class="note">{html.escape(figure.note)}</p>')
        png = chart_png(figure)
        if png is not None:
            encoded = base64.b64encode(png).decode("ascii")
            parts.append(f'<img alt="{html.escape(figure.title)}" src="data:image/png;base64,{encoded}">')
        parts.append("<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in figure.columns))
        parts.append("</tr></thead><tbody>")
        if not figure.rows:
            parts.append(f'<tr><td colspan="{len(figure.columns)}">本月无记录</td></tr>')
        for row in figure.rows:
            parts.append("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>")
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_report(
    export_dir: Path, out: Path, month: str, as_of: dt.date | None = None, agency: str = "徐汇区消防救援支队"
) -> Path:
    figures = compute(export_dir, month, as_of)
    out.mkdir(parents=True, exist_ok=True)
    page = out / f"report-{month}.html"
    page.write_text(render_html(figures, month, as_of, agency), encoding="utf-8")
    tables = out / f"report-{month}"
    tables.mkdir(exist_ok=True)
    for figure in figures:
        with (tables / f"{figure.key}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(figure.columns)
            writer.writerows([[_cell(v) for v in row] for row in figure.rows])
    return page
