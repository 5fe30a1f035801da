"""The analysts' subcommands of `firesafety`: demo, export and report."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
from collections.abc import Callable

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
    logging.getLogger().setLevel(logging.WARNING)
    if args.months < 1:
        print("refused: --months must be at least 1")
        return 2
    months = months_until(args.until or _previous_month(dt.date.today()), args.months)
    with district_on_stores() as district:
        demo = run_demo(district, args.seed, SIZES[args.size], months)
        positions = {s: district.app(s).recorder.max_notification_id() or 0 for s in district.runtimes}
    print(f"demo district {demo.months[0]}..{demo.months[-1]} (seed {args.seed}): events per service {positions}")
    return 0


Entry = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
COMMANDS: list[Entry] = [
    ("demo", "drive every service's real commands through a seeded year of a demo district", configure_demo,
     run_demo_command),
]  # fmt: skip
