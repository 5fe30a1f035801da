"""The analysts' tools on a small demo district: its year reaches Parquet pseudonymised, and the
monthly report agrees with what the live read models say and is the same for the same events."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from kit.analytics.demo import Demo, DemoSize, District, district_on_stores
from kit.analytics.export import export
from kit.analytics.report import Figure, compute, write_report
from kit.analytics.schema import all_schemas
from kit.calendar import CHINA_TIME
from kit.cli import main

MONTHS = ["2026-09", "2026-10"]
KEY = "a key the tests keep"


@dataclass
class History:
    district: District
    demo: Demo
    var: Path
    env: dict[str, str]
    incremental: Path
    """Exported after each month."""
    once: Path
    """Exported at the end, in one go."""
    increments: list[int]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    root = tmp_path_factory.mktemp("district")
    env = {"VAR_DIR": str(root / "var"), "ANALYTICS_PSEUDONYM_KEY": KEY}
    with district_on_stores(env) as district:
        demo = Demo(district, 7, DemoSize.small(), MONTHS)
        demo.setup()
        increments = []
        for month in MONTHS:
            demo.month(month)
            district.flow()
            district.refresh()
            increments.append(export(root / "incremental", environ=env, show_progress=False).events)
        export(root / "once", environ=env, show_progress=False)
        yield History(district, demo, root / "var", env, root / "incremental", root / "once", increments)


def figure(figures: list[Figure], key: str) -> Figure:
    return next(f for f in figures if f.key == key)


def column(fig: Figure, name: str) -> dict[Any, Any]:
    index = fig.columns.index(name)
    found = {row[0]: row[index] for row in fig.rows}
    assert len(found) == len(fig.rows), f"{fig.key}: rows share their first column"
    return found


def total(fig: Figure, name: str) -> Any:
    """A column's sum over every row (rows may share their first column)."""
    index = fig.columns.index(name)
    return sum(row[index] for row in fig.rows)


def views(history: History, service: str) -> sqlite3.Connection:
    return sqlite3.connect(history.var / f"{service}.sqlite")


def china_month(text: str) -> str:
    return f"{dt.datetime.fromisoformat(text).astimezone(CHINA_TIME):%Y-%m}"


ROUTES = {"standard": "一般程序", "commitment": "告知承诺", "pilot": "先开业后监管"}


# -- the demo -----------------------------------------------------------------------------------------


def test_the_demo_district_lives_through_every_service(history: History) -> None:
    positions = {s: history.district.app(s).recorder.max_notification_id() or 0 for s in history.district.runtimes}
    assert all(count > 0 for count in positions.values()), positions
    with views(history, "supervision") as db:
        purposes = dict(db.execute("select purpose, count(*) from inspections_view group by purpose").fetchall())
        assert {"random", "complaint", "re_inspection"} <= set(purposes)
        assert db.execute("select count(*) from penalties_view where status = 'decided'").fetchone()[0] > 0
    with views(history, "permits") as db:
        routes = {r for (r,) in db.execute("select distinct route from applications_view")}
        assert routes == set(ROUTES)
    with views(history, "notify") as db:
        results = set(db.execute("select channel, status from notices_view").fetchall())
        assert {("email", "delivered"), ("sms", "delivered"), ("inbox", "delivered")} <= results
        assert {"failed"} & {status for _, status in results}


# -- export ---------------------------------------------------------------------------------------


def test_the_export_resumes_after_the_last_exported_position(history: History) -> None:
    total = sum(history.district.app(s).recorder.max_notification_id() or 0 for s in history.district.runtimes)
    assert all(n > 0 for n in history.increments) and sum(history.increments) == total
    again = export(history.incremental, environ=history.env, show_progress=False)
    assert again.events == 0 and again.files == 0
    state = json.loads((history.incremental / "_export_state.json").read_text())
    assert state["positions"] == {
        s: history.district.app(s).recorder.max_notification_id() for s in history.district.runtimes
    }
    assert state["personal_data_in_clear"] is False


def test_every_dataset_has_the_schema_of_its_event_class(history: History) -> None:
    schemas = all_schemas()
    datasets = [d for d in history.once.iterdir() if d.is_dir()]
    assert len(datasets) > 40
    for dataset in datasets:
        expected = schemas[dataset.name].arrow
        for part in dataset.glob("service=*/month=*/*.parquet"):
            assert pq.read_schema(part).remove_metadata() == expected.remove_metadata(), part
    submitted = pq.read_table(history.once / "PermitApplication.Submitted")
    assert str(submitted.schema.field("submitted_at").type) == "timestamp[us, tz=UTC]"
    assert set(submitted.column("service").to_pylist()) == {"permits"}
    assert set(submitted.column("month").to_pylist()) == set(MONTHS)


def strings_in(directory: Path) -> str:
    found = []
    for part in directory.rglob("*.parquet"):
        table = pq.read_table(part)
        for name in table.column_names:
            if str(table.schema.field(name).type) == "string":
                found += [v for v in table.column(name).to_pylist() if v]
    return "\n".join(found)


def test_no_personal_data_leaves_in_clear_by_default(history: History, tmp_path: Path) -> None:
    exported = strings_in(history.once)
    assert history.demo.personal
    leaked = sorted(value for value in history.demo.personal if value in exported)
    assert leaked == []
    # The same value always gets the same pseudonym, so analysts can still count and join.
    received = pq.read_table(history.once / "Complaint.Received").to_pylist()
    assert all(len(r["reporter_phone"]) == 32 and r["reporter_name"] is None for r in received)


def test_personal_data_in_clear_only_when_asked_and_never_mixed(history: History, tmp_path: Path) -> None:
    clear = tmp_path / "clear"
    export(clear, in_clear=True, environ=history.env, show_progress=False)
    exported = strings_in(clear)
    assert {value for value in history.demo.personal if value in exported}
    assert json.loads((clear / "_export_state.json").read_text())["personal_data_in_clear"] is True
    with pytest.raises(ValueError, match="exported in clear before"):
        export(clear, environ=history.env, show_progress=False)
    with pytest.raises(ValueError, match="another key"):
        export(history.once, environ={**history.env, "ANALYTICS_PSEUDONYM_KEY": "another"}, show_progress=False)


# -- the report agrees with the live read models ------------------------------------------------------


@pytest.mark.parametrize("month", MONTHS)
def test_the_reports_counts_equal_the_live_read_models(history: History, month: str) -> None:
    figures = compute(history.once, month)

    with views(history, "permits") as db:
        rows = db.execute("select route, submitted_at, granted_at, status from applications_view").fetchall()
    submitted = Counter(ROUTES[r] for r, at, _, _ in rows if china_month(at) == month)
    assert column(figure(figures, "permits_by_route"), "申请") == dict(submitted)
    refused = Counter(ROUTES[r] for r, at, _, status in rows if china_month(at) == month and status == "refused")
    assert {k: v for k, v in column(figure(figures, "permits_by_route"), "不予许可").items() if v} == dict(refused)

    with views(history, "supervision") as db:
        hazards = db.execute(
            "select grade, count(*) from hazards_view where substr(found_on, 1, 7) = ? group by 1", (month,)
        ).fetchall()
        orders = db.execute(
            "select major, deadline, reported_on, overdue_on from rectification_orders_view "
            "where substr(deadline, 1, 7) = ?",
            (month,),
        ).fetchall()
        fines = db.execute(
            "select count(*), coalesce(sum(fine_yuan), 0) from penalties_view "
            "where status = 'decided' and substr(decided_on, 1, 7) = ?",
            (month,),
        ).fetchone()
        complaints = db.execute("select received_at, due, checked_at from complaints_view").fetchall()
        draws = db.execute(
            "select count(*), count(inspection_id) from plan_draws_view where month = ?", (month,)
        ).fetchone()
    assert column(figure(figures, "hazards_by_grade"), "隐患（处）") == {
        {"general": "一般火灾隐患", "major": "重大火灾隐患"}[g]: n for g, n in hazards
    }
    by_type = figure(figures, "hazards_by_type")
    assert total(by_type, "隐患（处）") == sum(n for _, n in hazards)
    assert total(by_type, "其中重大火灾隐患") == sum(n for g, n in hazards if g == "major")
    rectification = figure(figures, "rectification")
    assert total(rectification, "到期") == len(orders)
    assert total(rectification, "按期整改") == sum(1 for o in orders if o[2] and o[2] <= o[1])
    assert total(rectification, "逾期") == sum(1 for o in orders if o[3])
    penalties = figure(figures, "penalties")
    assert (total(penalties, "案件"), total(penalties, "罚款合计（元）")) == tuple(fines)
    in_month = [c for c in complaints if china_month(c[0]) == month]
    complaint_figure = figure(figures, "complaints")
    assert sum(r[2] for r in complaint_figure.rows) == len(in_month)
    on_time = sum(
        1
        for _, due, checked in in_month
        if checked and dt.datetime.fromisoformat(checked) <= dt.datetime.fromisoformat(due)
    )
    assert sum(r[3] for r in complaint_figure.rows) == on_time
    plan = figure(figures, "plan_by_street")
    assert (total(plan, "抽取"), total(plan, "已检查")) == tuple(draws)


def test_the_credit_tiers_and_notices_equal_the_live_read_models(history: History) -> None:
    last = compute(history.once, MONTHS[-1])
    with views(history, "credit") as db:
        standings = dict(
            db.execute(
                "select standing, count(*) from credit_units_view where standing != 'normal' group by 1"
            ).fetchall()
        )
    labels = {"red_list": "守信红名单", "general_dishonesty": "一般失信", "serious_dishonesty": "严重失信"}
    tiers = {k: v for k, v in column(figure(last, "credit_tiers"), "月末单位数").items() if k != "一般信用"}
    assert tiers == {labels[k]: v for k, v in standings.items()}

    months = [*MONTHS, "2026-11"]
    totals: Counter[tuple[str, str]] = Counter()
    for month in months:
        notices = figure(compute(history.once, month), "notices")
        for row in notices.rows:
            totals[(row[0], "notices")] += row[1]
            totals[(row[0], "delivered")] += row[2]
            totals[(row[0], "failed")] += row[3]
    with views(history, "notify") as db:
        rows = db.execute("select channel, status, count(*) from notices_view group by 1, 2").fetchall()
    channels = {
        "inbox": "站内信",
        "email": "电子邮件",
        "sms": "短信",
        "publication": "公开公示",
        "callback": "系统回调",
    }
    live: Counter[tuple[str, str]] = Counter()
    for channel, status, count in rows:
        live[(channels[channel], "notices")] += count
        if status in ("delivered", "failed"):
            live[(channels[channel], status)] += count
    assert +totals == +live


def test_units_listed_for_a_rectified_problem_apply_for_credit_repair_and_the_report_counts_it(
    history: History,
) -> None:
    credit = history.district.app("credit")
    with views(history, "credit") as db:
        listed = db.execute("select uscc, notice_id from credit_notices_view where status = 'listed'").fetchall()
    applications = [
        a for uscc, notice in listed for a in credit.require_record(uscc).state.listings[notice].repair_applications
    ]
    applied = refused = 0
    for month in MONTHS:
        movements = column(figure(compute(history.once, month), "credit_movements"), "数量")
        applied, refused = applied + movements["申请信用修复"], refused + movements["不予信用修复"]
    assert applications and applied == len(applications)
    assert refused == sum(1 for a in applications if a.outcome == "refused") > 0
    # before the minimum period is served, the refusal names the first day repair may be granted
    decided = pq.read_table(history.once / "UnitCreditRecord.RepairDecided").to_pylist()
    assert decided and all("起可申请修复" in d["reasons"] for d in decided if not d["approved"])


# -- the same events, the same report -----------------------------------------------------------------


def test_the_report_of_a_replayed_log_is_byte_for_byte_the_same(history: History, tmp_path: Path) -> None:
    once = write_report(history.once, tmp_path / "once", MONTHS[-1])
    incremental = write_report(history.incremental, tmp_path / "incremental", MONTHS[-1])
    assert once.read_bytes() == incremental.read_bytes()
    for table in (tmp_path / "once" / f"report-{MONTHS[-1]}").iterdir():
        assert table.read_bytes() == (tmp_path / "incremental" / f"report-{MONTHS[-1]}" / table.name).read_bytes()
    html = once.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 8 and "<script" not in html and "http" not in html
    assert "消防监督管理统计" in html


def test_as_of_replays_the_logs_to_that_day(history: History) -> None:
    month = MONTHS[0]
    early = compute(history.once, month, as_of=dt.date(2026, 9, 10))
    full = compute(history.once, month)
    submitted_early = sum(column(figure(early, "permits_by_route"), "申请").values())
    submitted_full = sum(column(figure(full, "permits_by_route"), "申请").values())
    assert 0 < submitted_early < submitted_full
    with views(history, "permits") as db:
        times = [at for (at,) in db.execute("select submitted_at from applications_view")]
    cutoff = dt.datetime(2026, 9, 11, tzinfo=CHINA_TIME)
    assert submitted_early == sum(
        1 for at in times if china_month(at) == month and dt.datetime.fromisoformat(at) < cutoff
    )


def test_the_report_command_writes_the_page_and_its_tables(history: History, tmp_path: Path) -> None:
    assert main(["report", "--month", MONTHS[0], "--data", str(history.once), "--out", str(tmp_path)]) == 0
    with (tmp_path / f"report-{MONTHS[0]}" / "permits_by_route.csv").open(encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert header[:2] == ["办理方式", "申请"] and rows


def test_the_report_command_refuses_a_directory_without_an_export(tmp_path: Path) -> None:
    assert main(["report", "--month", "2026-10", "--data", str(tmp_path)]) == 2
    with pytest.raises(SystemExit):
        main(["report", "--month", "2026-13"])


def test_the_exported_event_id_is_the_envelopes() -> None:
    import uuid

    from kit.analytics.export import event_id
    from kit.envelope import stable_event_id

    for version in range(1, 200):
        originator = uuid.uuid5(uuid.NAMESPACE_URL, f"aggregate/{version}")
        assert event_id("supervision", originator, version) == str(stable_event_id("supervision", originator, version))


def test_free_text_keeps_no_phone_email_or_resident_id() -> None:
    import pyarrow as pa

    from kit.analytics.export import Pseudonymiser

    pseudonymiser = Pseudonymiser(b"key")
    texts = pa.array(
        [
            'HTTP 400: {"error": "13953241552 is not in service"}',
            "550 5.1.1 <duty00042@unit.example.cn>: mailbox unavailable",
            "法定代表人身份证号11010519491231002X",
            "统一社会信用代码91310100000700009Y，单位名称不变",
            None,
        ]
    )
    scrubbed = pseudonymiser.scrub(texts).to_pylist()
    assert "13953241552" not in scrubbed[0] and pseudonymiser.pseudonym("13953241552") in scrubbed[0]
    assert "duty00042@unit.example.cn" not in scrubbed[1]
    assert "11010519491231002X" not in scrubbed[2]
    assert scrubbed[3] == texts[3].as_py() and scrubbed[4] is None
    assert Pseudonymiser(None).scrub(texts).to_pylist() == texts.to_pylist()


def test_the_readme_documents_the_schema_generated_from_the_event_classes() -> None:
    from kit.analytics.schema import schema_markdown

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert schema_markdown() in readme, "README's schema table is stale: paste `firesafety export --schema`"


BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


def test_the_report_renders_in_a_headless_browser(history: History, tmp_path: Path) -> None:
    import shutil
    import subprocess

    from PIL import Image

    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        pytest.skip("no headless Chromium on this machine (apt-get install chromium-headless-shell)")
    page = write_report(history.once, tmp_path, MONTHS[-1])
    shot = tmp_path / "report.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,1600",
         f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    image = Image.open(shot).convert("RGB")
    assert image.size == (1100, 1600)
    counts = image.getcolors(maxcolors=image.size[0] * image.size[1])
    assert counts is not None
    colours: Counter[tuple[int, ...]] = Counter()
    for count, colour in counts:
        assert isinstance(colour, tuple)
        colours[colour] = count
    white = colours[(255, 255, 255)]
    assert white < 0.97 * image.size[0] * image.size[1], "the page is blank"
    # the title's red rule and the charts' first series (matplotlib's blue) are on screen
    assert any(r > 180 and g < 40 and b < 40 for (r, g, b) in colours)
    assert any(abs(r - 31) < 12 and abs(g - 119) < 12 and abs(b - 180) < 12 for (r, g, b) in colours)


def test_every_chart_of_the_report_is_drawn_with_its_chinese_labels(history: History, tmp_path: Path) -> None:
    """What a browser would show of the charts, checked without one: each figure with data has its
    image in its section, the image is drawn (not blank, the first series' blue on it), and
    matplotlib found a glyph for every Chinese character of its labels."""
    import base64
    import io
    import re
    import warnings

    from PIL import Image

    from kit.analytics.report import chart_png

    figures = compute(history.once, MONTHS[-1])
    charted = [f for f in figures if f.chart != "none" and f.rows and f.plotted]
    assert len(charted) >= 5
    page = write_report(history.once, tmp_path, MONTHS[-1]).read_text(encoding="utf-8")
    sections = dict(re.findall(r'<section id="([^"]+)">(.*?)</section>', page, flags=re.S))
    for figure in charted:
        [encoded] = re.findall(r'src="data:image/png;base64,([^"]+)"', sections[figure.key])
        image = Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGB")
        assert image.size == (800, 360), figure.key
        pixels = list(image.getdata())
        assert sum(p == (255, 255, 255) for p in pixels) < 0.97 * len(pixels), f"{figure.key} is blank"
        assert any(abs(r - 31) < 12 and abs(g - 119) < 12 and abs(b - 180) < 12 for (r, g, b) in pixels)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            chart_png(figure)
        missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
        assert missing == [], f"{figure.key}: {missing[:1]}"
    for figure in figures:
        if figure not in charted:
            assert "data:image/png" not in sections[figure.key]


def test_beside_a_running_system_the_demo_leaves_the_events_to_its_consumers(tmp_path: Path) -> None:
    from kit.analytics.demo import relays_running
    from kit.relay import FileLock
    from kit.settings import SERVICES, load_settings
    from tests.unit.factories import NOV_2, commitment_application

    env = {"VAR_DIR": str(tmp_path)}
    with district_on_stores(env) as district:
        settings = {s: load_settings(s, env) for s in SERVICES}
        assert district.live is False and relays_running(settings, district.runtimes) is False
        relay = FileLock(tmp_path / "permits.relay.lock")  # as the permits relay of `make run` holds it
        assert relay.acquire()
        try:
            assert relays_running(settings, district.runtimes) is True
            district.live, district.flow_timeout = True, 0.5
            district.app("permits").submit_application(commitment_application(), NOV_2)
            # nothing carries the permit to its consumers here: the demo waits for them, then says so
            with pytest.raises(TimeoutError, match="running supervision worker has not processed permits"):
                district.flow()
            assert district.app("supervision").recorder.max_tracking_id("permits") in (None, 0)
        finally:
            relay.release()


def test_the_calendar_arrangement_each_service_loaded_is_exported_as_one_dataset(tmp_path: Path) -> None:
    from kit.arrangements import read_arrangement
    from tests.unit.arrangements_2027 import arrangement_file

    env = {"VAR_DIR": str(tmp_path / "var"), "ANALYTICS_PSEUDONYM_KEY": KEY}
    arrangement = read_arrangement(arrangement_file(tmp_path))
    loaded_at = dt.datetime(2026, 11, 13, 9, tzinfo=CHINA_TIME)
    with district_on_stores(env) as district:
        assert district.app("notify").load_arrangement(arrangement, loaded_at)
    export(tmp_path / "export", environ=env, show_progress=False)

    table = pq.read_table(tmp_path / "export" / "ArrangementBook.Loaded")
    assert table.column("service").to_pylist() == ["notify"]
    assert table.column("year").to_pylist() == [2027]
    assert table.column("notice_no").to_pylist() == ["国办发明电〔2026〕12号"]


def test_every_exported_event_carries_the_correlation_id_of_the_command_run_that_caused_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uuid

    import pyarrow as pa

    from kit.analytics.export import event_id

    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ANALYTICS_PSEUDONYM_KEY", KEY)
    assert main(["demo", "--size", "small", "--months", "1", "--until", "2026-09", "--seed", "3"]) == 0
    assert main(["export", "--out", str(tmp_path / "export")]) == 0

    events = pa.concat_tables(
        pq.read_table(part).select(["event_id", "event_type", "correlation_id", "causation_id"])
        for part in (tmp_path / "export").rglob("*.parquet")
    ).to_pylist()
    schema = pq.read_schema(next((tmp_path / "export" / "PermitApplication.Submitted").rglob("*.parquet")))
    assert str(schema.field("correlation_id").type) == str(schema.field("causation_id").type) == "string"
    # one id for the whole run, on what its commands stored and on what the consumers' processing of
    # those events stored, whose causation is the exported event that led to it
    assert len({e["correlation_id"] for e in events}) == 1 and events[0]["correlation_id"]
    ids = {e["event_id"] for e in events}
    # credit publishes a listing notice under the notice's own id (services/credit/integration.py)
    notices = pq.read_table(tmp_path / "export" / "UnitCreditRecord.NoticeIssued").column("notice_id").to_pylist()
    ids |= {event_id("credit", uuid.UUID(notice), 1) for notice in notices}
    caused = [e for e in events if e["causation_id"] is not None]
    assert caused and all(e["causation_id"] in ids for e in caused)
    assert {e["event_type"] for e in caused} >= {"UnitCreditRecord.Opened", "Notice.Created"}
