"""`firesafety`: the operators' console command.

    firesafety scheduler [run|status]      close every business day for every service (or show the ledger)
    firesafety close-days --until DAY      close by hand every day up to DAY that is not closed yet
                          [--from DAY]     (where a service was never closed: from that day)
    firesafety status [--json]             every service's positions and dead letters in one table
    firesafety calendar show YEAR          how the working-day calendar reckons a year
    firesafety calendar load FILE          load the State Council's arrangement of a year
    firesafety demo [--seed N] [--size S]  a demo district's year, through every service's real commands
    firesafety export [--out DIR]          every service's event log to Parquet, pseudonymised
    firesafety report --month YYYY-MM      the month's statistics from the Parquet: HTML and CSV
    firesafety audit SERVICE [--agency A]  the partner calls a gRPC server recorded (permits, credit),
                   [--method M] [--since TIME] [--limit N]   newest last, as JSON
    firesafety audit SERVICE --verify      check the audit log's hash chain; name the first broken row
    firesafety verify SERVICE              check the service's stored events against their hash chain
                   [--checkpoints FILE]    and against its signed checkpoints (those stored, and copies kept elsewhere)
    firesafety checkpoints SERVICE         the signed checkpoints of the service's chain, as JSON lines
    firesafety reencrypt SERVICE           re-seal under CIPHER_KEY the stored events a previous key sealed
                   [--after POSITION]      or that were written in clear (kit/reencrypt.py); resumable
    firesafety relay SERVICE               run the service's outbox relay until stopped
    firesafety rebuild SERVICE             rebuild the service's read models beside the live ones and switch
    firesafety import FILE.csv             import the market-regulation register into supervision
    firesafety schema [SERVICE...]         create every store's missing schemas and tables (kit.schema)

Each subcommand is one `Command` in `COMMANDS`: a name, a help line, the arguments it adds to its
parser, and the function that runs it and returns the exit status. Adding one is adding an entry.
`python -m kit.cli ...` is the same command where the project is not installed.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit import calendar_commands, logs, schema, status_command, tracing
from kit.analytics import commands as analytics_commands
from kit.runtime import configure_logging, stop_on_signals
from kit.scheduler import build_closer, last_ended_day, load_scheduler_settings, wait_for_lock
from kit.settings import SERVICES


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a day, YYYY-MM-DD") from exc


def _print(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


# -- scheduler and close-days ---------------------------------------------------------------------


def _configure_scheduler(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=["run", "status"], default="run")


def _run_scheduler(args: argparse.Namespace) -> int:
    from kit.scheduler import Scheduler

    settings = load_scheduler_settings()
    closer, clock, engine = build_closer(settings)
    if args.action == "status":
        _print({"last_day_closed": closer.ledger.status(closer.services), "now": clock.now().isoformat()})
        engine.dispose()
        return 0
    configure_logging("scheduler")
    Scheduler(closer, clock, settings.grace, settings.poll_seconds).run(stop_on_signals())
    engine.dispose()
    return 0


def _configure_close_days(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--until", type=_day, required=True, help="the last day to close, YYYY-MM-DD")
    parser.add_argument(
        "--from", dest="first", type=_day, help="for a service never closed before: the first day (default --until)"
    )
    parser.add_argument("--wait", type=float, default=600.0, help="seconds to wait for a running scheduler's round")


def _run_close_days(args: argparse.Namespace) -> int:
    configure_logging("close-days")
    settings = load_scheduler_settings()
    closer, clock, engine = build_closer(settings)
    try:
        ended = last_ended_day(clock.now(), dt.timedelta(0))
        if args.until > ended:
            print(f"refused: {args.until} has not ended yet (the last day that ended is {ended})", file=sys.stderr)
            return 2
        closer.first_day = args.first or args.until
        done = wait_for_lock(closer, args.until, args.wait)
    finally:
        engine.dispose()
    _print({**done.as_dict(), "last_day_closed": closer.ledger.status(closer.services)})
    return 1 if done.failed else 0


# -- audit ----------------------------------------------------------------------------------------


def _configure_audit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", choices=["permits", "credit"], help="the service whose gRPC calls to show")
    parser.add_argument("--agency", default="", help="only this agency (its certificate's common name)")
    parser.add_argument("--method", default="", help="only this method, e.g. SubmitApplication")
    parser.add_argument("--since", default="", help="only calls at or after this ISO 8601 time (UTC)")
    parser.add_argument("--limit", type=int, default=100, help="at most this many, the latest (default 100)")
    parser.add_argument("--verify", action="store_true", help="check the hash chain instead of listing")


def _run_audit(args: argparse.Namespace) -> int:
    from kit import audit
    from kit.database import create_service_engine, create_tables
    from kit.settings import load_settings

    engine = create_service_engine(load_settings(args.service))
    create_tables(audit.metadata, engine)
    if args.verify:
        broken = audit.verify(engine)
        if broken is not None:
            print(f"the {args.service} audit log is broken at position {broken}", file=sys.stderr)
            return 1
        print(f"the {args.service} audit log's chain holds")
        return 0
    _print(audit.calls(engine, agency=args.agency, method=args.method, since=args.since, limit=args.limit))
    return 0


# -- verify ---------------------------------------------------------------------------------------


def _configure_verify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument(
        "--checkpoints",
        type=Path,
        action="append",
        default=[],
        help="signed checkpoints kept elsewhere (JSON lines, as `firesafety checkpoints` prints them); repeatable",
    )


def _run_verify(args: argparse.Namespace) -> int:
    import importlib

    from kit import chain, checkpoints
    from kit.database import create_service_engine
    from kit.settings import load_settings

    settings = load_settings(args.service)
    app = importlib.import_module(f"services.{args.service}.bootstrap").build_application(settings)
    engine = create_service_engine(settings)
    try:
        vouched = checkpoints.stored(engine, args.service)
        for path in args.checkpoints:
            vouched += checkpoints.read_file(path)
        bad = checkpoints.problems(vouched, args.service, checkpoints.verify_key_from_env())
        for checkpoint, problem in bad:
            print(f"checkpoint at position {checkpoint.position} ({checkpoint.signed_at}): {problem}", file=sys.stderr)
        if bad:
            return 1
        signed: dict[int, str] = {}
        for checkpoint in vouched:
            if signed.setdefault(checkpoint.position, checkpoint.link) != checkpoint.link:
                print(f"two signed checkpoints disagree at position {checkpoint.position}", file=sys.stderr)
                return 1
        checked = chain.verify(app.recorder, engine, signed, chain.opener_of(app))
    except ValueError as exc:  # a checkpoints file that does not read
        print(exc, file=sys.stderr)
        return 2
    finally:
        engine.dispose()
        app.close()
    if checked.broken_at is not None:
        print(
            f"the {args.service} event chain is broken at position {checked.broken_at}: {checked.reason} "
            f"(verified through {checked.chained})",
            file=sys.stderr,
        )
        return 1
    _print(
        {
            "service": args.service,
            "verified_through": checked.chained,
            "not_chained_yet": checked.unchained,
            "signed_checkpoints": len(signed),
            "last_signed_position": max(signed, default=0),
        }
    )
    return 0


def _configure_checkpoints(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--since", type=int, default=0, help="only checkpoints after this log position")


def _run_checkpoints(args: argparse.Namespace) -> int:
    from kit import checkpoints
    from kit.database import create_service_engine
    from kit.settings import load_settings

    engine = create_service_engine(load_settings(args.service))
    try:
        signed = checkpoints.stored(engine, args.service, since=args.since)
    finally:
        engine.dispose()
    public_key = base64.b64encode(checkpoints.verify_key_from_env()).decode()
    print(
        json.dumps(
            {
                "service": args.service,
                "public_key": public_key,
                "key_id": checkpoints.key_id(base64.b64decode(public_key)),
            }
        )
    )
    for checkpoint in signed:
        print(json.dumps(checkpoint.as_dict(), ensure_ascii=False))
    return 0


def _configure_reencrypt(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--after", type=int, default=0, help="start after this log position (as last reported)")
    parser.add_argument("--batch", type=int, default=500, help="events a transaction")


def _run_reencrypt(args: argparse.Namespace) -> int:
    import importlib

    from kit.reencrypt import Progress, reencrypt
    from kit.settings import load_settings

    def report(progress: Progress) -> None:
        print(
            f"{args.service}: through position {progress.through} of {progress.newest}, "
            f"{progress.resealed} of {progress.read} events re-sealed",
            file=sys.stderr,
        )

    app = importlib.import_module(f"services.{args.service}.bootstrap").build_application(load_settings(args.service))
    try:
        done = reencrypt(app, after=args.after, batch=args.batch, report=report)
    except ValueError as exc:  # no key opens an event, or the store is not encrypted
        print(f"{args.service}: {exc}", file=sys.stderr)
        return 1
    finally:
        app.close()
    _print({"service": args.service, "read": done.read, "resealed": done.resealed, "through": done.through})
    return 0


# -- relay, rebuild, import: the service processes an operator starts by hand ----------------------


def _configure_relay(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", choices=SERVICES)


def _run_relay(args: argparse.Namespace) -> int:
    from kit import runtime

    runtime.main(["relay", args.service])
    return 0


def _configure_rebuild(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument(
        "--accept-broken-chain", action="store_true", help="rebuild even when the event chain is broken"
    )


def _run_rebuild(args: argparse.Namespace) -> int:
    from kit import runtime

    runtime.main(["rebuild", args.service, *(["--accept-broken-chain"] if args.accept_broken_chain else [])])
    return 0


def _configure_import(parser: argparse.ArgumentParser) -> None:
    from services.supervision.entrypoints import import_register

    import_register.configure(parser)


def _run_import(args: argparse.Namespace) -> int:
    from services.supervision.entrypoints import import_register

    return import_register.run(args)


# -- the registry ---------------------------------------------------------------------------------

COMMANDS: list[Command] = [
    Command("scheduler", "close every business day for every service, catching up missed days", _configure_scheduler,
            _run_scheduler),
    Command("close-days", "close by hand every day up to --until that is not closed yet", _configure_close_days,
            _run_close_days),
    Command("status", "every service's log, read models, upstreams and dead letters in one table",
            status_command.configure, status_command.run),
    Command("calendar", "the working-day calendar: show a year, load an official arrangement",
            calendar_commands.configure, calendar_commands.run),
    *(Command(*entry) for entry in analytics_commands.COMMANDS),
    Command("audit", "the partner calls a gRPC server recorded, or --verify their hash chain", _configure_audit,
            _run_audit),
    Command("verify", "check a service's stored events against their hash chain", _configure_verify, _run_verify),
    Command("checkpoints", "the signed checkpoints of a service's event chain, as JSON lines to publish or deposit",
            _configure_checkpoints, _run_checkpoints),
    Command("reencrypt", "re-seal under CIPHER_KEY the stored events of a previous key or written in clear",
            _configure_reencrypt, _run_reencrypt),
    Command("relay", "run a service's outbox relay: its stored events to RabbitMQ, until stopped", _configure_relay,
            _run_relay),
    Command("rebuild", "rebuild a service's read models from its log beside the live ones, then switch",
            _configure_rebuild, _run_rebuild),
    Command("import", "import the market-regulation register (CSV) into supervision's register of units",
            _configure_import, _run_import),
    Command("schema", "create every store's schemas and tables that are missing (the Kubernetes schema Job)",
            schema.configure, schema.run),
]  # fmt: skip


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="firesafety", description="Operate the fire-safety backend.")
    subcommands = root.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        sub = subcommands.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    logging.getLogger().setLevel(logging.WARNING)
    args = parser().parse_args(argv)
    if args.command in SERVING:
        status: int = args.run(args)
        return status
    with logs.correlated(tracing.minted()):  # what a command stores carries one id per run (kit.tracing)
        status = args.run(args)
    return status


SERVING = frozenset({"scheduler", "relay"})
"""Commands that run until stopped: no id for the whole run (the scheduler gives each day it closes its own)."""


if __name__ == "__main__":
    sys.exit(main())
