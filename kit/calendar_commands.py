"""`firesafety calendar show YEAR` and `firesafety calendar load FILE`."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from kit.arrangements import ArrangementRefused, difference, read_arrangement
from kit.calendar import CalendarYear, WorkingDayCalendar
from kit.scheduler import FileClock, SystemClock, load_scheduler_settings
from kit.settings import SERVICES, load_settings

LoadArrangement = Any
"""Sends the arrangement to one service: (service, record, at) -> what the service did."""


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help="how the calendar reckons a year: official or provisional, days off")
    show.add_argument("year", type=int)
    load = actions.add_parser("load", help="validate the State Council's arrangement of a year and load it")
    load.add_argument("file", help="the arrangement, a TOML file (see the README's yearly procedure)")
    load.add_argument("--dry-run", action="store_true", help="validate and show the differences, change nothing")
    load.add_argument("--timeout", type=float, default=600.0, help="seconds each service may take")


def run(args: argparse.Namespace) -> int:
    if args.action == "show":
        return show(args.year)
    return load(Path(args.file), dry_run=args.dry_run, timeout=args.timeout)


def current_calendar() -> WorkingDayCalendar:
    """The calendar as permits reckons it: the environment's, plus the arrangements in its log."""
    settings = load_settings("permits")
    bootstrap = importlib.import_module("services.permits.bootstrap")
    app = bootstrap.build_application(settings)
    try:
        calendar: WorkingDayCalendar = app.calendar.current()
    finally:
        app.close()
    return calendar


def describe(year: CalendarYear, calendar: WorkingDayCalendar) -> dict[str, Any]:
    named = calendar.law.days_off(year.year) if year.provisional else {}
    return {
        "year": year.year,
        "source": year.source,
        "provisional": year.provisional,
        "notice_no": year.notice_no,
        "days_off": [f"{d.isoformat()} {named.get(d, '')}".strip() for d in sorted(year.days_off)],
        "adjusted_workdays": [d.isoformat() for d in sorted(year.workdays)],
        "working_days": calendar.working_days_in(year.year),
    }


def show(year: int) -> int:
    calendar = current_calendar()
    try:
        reckoned = calendar.year(year)
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(json.dumps(describe(reckoned, calendar), ensure_ascii=False, indent=2))
    return 0


def load(path: Path, dry_run: bool = False, timeout: float = 600.0, send: LoadArrangement | None = None) -> int:
    """Validate the file whole, show how it changes the year, then have each service record it and
    revise the due dates it moves. A refused file changes nothing; loading twice changes nothing."""
    calendar = current_calendar()
    try:
        arrangement = read_arrangement(path, calendar.law)
    except ArrangementRefused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"arrangement": arrangement.to_record(), "changes": difference(arrangement, calendar).as_dict()},
                     ensure_ascii=False, indent=2))  # fmt: skip
    if dry_run:
        return 0
    settings = load_scheduler_settings()
    clock = FileClock(settings.clock_file) if settings.clock_file else SystemClock()
    at = clock.now().isoformat()
    send = send or _rpc_load(settings.amqp_uri, timeout)
    failed = False
    for service in SERVICES:
        try:
            result = send(service, arrangement.to_record(), at)
        except Exception as exc:  # reported, and safe to load again: each service records it once
            print(f"{service}: not loaded: {exc}", file=sys.stderr)
            failed = True
            continue
        print(json.dumps(result, ensure_ascii=False))
    return 1 if failed else 0


def _rpc_load(amqp_uri: str, timeout: float) -> LoadArrangement:
    def send(service: str, record: dict[str, Any], at: str) -> Any:
        from nameko.standalone.rpc import ClusterRpcClient

        with ClusterRpcClient(timeout=timeout, uri=amqp_uri) as rpc:
            return getattr(rpc, service).load_arrangement(record, at)

    return send
