"""How fast the working-day calendar counts: the per-year index against walking day by day.

The project's side is kit.calendar.WorkingDayCalendar (a sorted index of each year's working
days, bisected). The baseline is the walk the calendar did before: one `chinese_calendar.is_workday`
call per calendar day crossed, as a command on the commitment route costs (20 working days, about
28 calendar days). Both count the same random spans within the package's years, in the same run.

    PYTHONPATH=.:gen .venv/bin/python -m benchmarks.calendar --calls 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import chinese_calendar

from benchmarks.report import Figure, medians, print_figure, print_header
from kit.calendar import WorkingDayCalendar

FIRST = dt.date(2024, 1, 1)
SPAN_DAYS = 900  # starts within 2024–2026, so that both sides stay in the package's years


def walk_add_working_days(start: dt.date, days: int) -> dt.date:
    """The baseline: the day-by-day walk, one package call per day."""
    current, remaining = start, days
    while remaining:
        current += dt.timedelta(days=1)
        if chinese_calendar.is_workday(current):
            remaining -= 1
    return current


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20261202)
    spans = [
        (FIRST + dt.timedelta(days=rng.randrange(SPAN_DAYS)), rng.choice((3, 5, 10, 15, 20))) for _ in range(args.calls)
    ]
    calendar = WorkingDayCalendar()
    for start, days in spans[:50]:
        assert calendar.add_working_days(start, days) == walk_add_working_days(start, days)

    def project() -> float:
        begin = time.perf_counter()
        for start, days in spans:
            calendar.add_working_days(start, days)
        return args.calls / (time.perf_counter() - begin)

    def baseline() -> float:
        begin = time.perf_counter()
        for start, days in spans:
            walk_add_working_days(start, days)
        return args.calls / (time.perf_counter() - begin)

    ours, theirs = medians(project, baseline, args.repeat)
    print_header(f"working-day calendar: add_working_days, {args.calls} random spans of 3–20 working days")
    print_figure(Figure("add_working_days per second (index vs day-by-day walk)", ours, theirs))


if __name__ == "__main__":
    main()
