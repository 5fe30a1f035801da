"""The analysts' subcommands of `firesafety`: demo, export and report."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path

from kit.analytics.demo import DemoSize, district_on_stores, months_until, run_demo

log = logging.getLogger("firesafety.analytics")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
SIZES = {"district": DemoSize(), "small": DemoSize.small()}


def _month(value: str) -> str:
    if not MONTH.match(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a month, YYYY-MM")
    return value


def _previous_month(today: dt.date) -> str:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


# -- demo -----------------------------------------------------------------------------------------


def configure_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=2026, help="the seed of every random choice (default 2026)")
    parser.add_argument("--size", choices=sorted(SIZES), default="district",
                        help="district: 5,000 units, 60 applications a month; small: 60 units, for tests")  # fmt: skip
    parser.add_argument("--months", type=int, default=12, help="how many months of history (default 12)")
    parser.add_argument("--until", type=_month, help="the last month of the history (default: last month)")


def run_demo_command(args: argparse.Namespace) -> int:
    # A district's failed deliveries are part of its history, not news to whoever runs the demo.
    logging.getLogger().setLevel(logging.ERROR)
    if args.months < 1:
        print("refused: --months must be at least 1", file=sys.stderr)
        return 2
    months = months_until(args.until or _previous_month(dt.date.today()), args.months)
    with district_on_stores() as district:
        demo = run_demo(district, args.seed, SIZES[args.size], months)
        positions = {s: district.app(s).recorder.max_notification_id() or 0 for s in district.runtimes}
    print(f"demo district {demo.months[0]}..{demo.months[-1]} (seed {args.seed}): events per service {positions}")
    return 0


# -- export ---------------------------------------------------------------------------------------


def configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("."), help="the export directory (default: here)")
    parser.add_argument("--personal-data-in-clear", action="store_true",
                        help="export resident IDs, phones, e-mails and names as they are (logged)")  # fmt: skip
    parser.add_argument("--schema", action="store_true", help="print the Parquet schema of every event type and stop")


def run_export_command(args: argparse.Namespace) -> int:
    from kit.analytics.export import export
    from kit.analytics.schema import schema_markdown
    from kit.runtime import configure_logging

    if args.schema:
        print(schema_markdown())
        return 0
    configure_logging("export")
    logging.getLogger().setLevel(logging.WARNING)
    try:
        report = export(args.out, in_clear=args.personal_data_in_clear)
    except ValueError as refused:
        print(f"refused: {refused}", file=sys.stderr)
        return 2
    print(f"exported {report.events} events into {report.files} files in {report.seconds:.1f}s "
          f"({report.rate:,.0f} events/s); positions {report.positions}")  # fmt: skip
    return 0


# -- report ---------------------------------------------------------------------------------------


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a day, YYYY-MM-DD") from exc


def configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", type=_month, required=True, help="the month reported, YYYY-MM")
    parser.add_argument("--as-of", type=_day, help="replay the logs to the end of this day (China time)")
    parser.add_argument("--data", type=Path, default=Path("."), help="the export directory (default: here)")
    parser.add_argument("--out", type=Path, default=Path("."), help="where the report goes (default: here)")
    parser.add_argument("--agency", default="徐汇区消防救援支队", help="the agency named in the title")


def run_report_command(args: argparse.Namespace) -> int:
    from kit.analytics.report import write_report

    if not (args.data / "_export_state.json").exists():
        print(
            f"refused: --data {args.data} holds no export; run `firesafety export --out {args.data}` first",
            file=sys.stderr,
        )
        return 2
    page = write_report(args.data, args.out, args.month, args.as_of, args.agency)
    print(f"wrote {page} and its tables in {page.with_suffix('')}/")
    return 0


Entry = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
COMMANDS: list[Entry] = [
    ("demo", "drive every service's real commands through a seeded year of a demo district", configure_demo,
     run_demo_command),
    ("export", "every service's event log to Parquet, one dataset per event type, pseudonymised", configure_export,
     run_export_command),
    ("report", "the month's statistics from the exported Parquet: a self-contained HTML page and CSV tables",
     configure_report, run_report_command),
]  # fmt: skip
