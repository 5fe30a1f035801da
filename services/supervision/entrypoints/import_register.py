"""Import the market-regulation register into the register of units, from a CSV file.

    firesafety import FILE.csv [--as-of TIME] [--encoding ENC]
    (python -m services.supervision.entrypoints.import_register is the same)

The first line names the columns, in any order (other columns are ignored):

| Column | Required | Meaning |
|---|---|---|
| `uscc` | yes | unified social credit code, 18 characters with a valid check character |
| `unit_name` | yes | the unit's registered name |
| `district` | yes | district (区) |
| `venue_name` | | the venue's name |
| `address`, `street` | | address and street (街道) |
| `venue_category` | | venue category, e.g. `hotel`, `shopping_mall`, `entertainment` |
| `floor_area_m2` | | floor area in square metres, a number ≥ 0 |
| `in_commercial_complex` | | `true`/`false` (also 1/0, yes/no, 是/否) |
| `industry_regulator` | | the unit's industry regulator (行业主管部门), to which hazards are copied |
| `responsible_person`, `responsible_phone`, `responsible_email` | | fire-safety responsible person (消防安全责任人) |
| `service_firm_uscc` | | USCC of the fire technical service firm maintaining its facilities (for recusal) |
| `high_risk` | | `true` for a unit of high potential risk (inspected at least every half year) |

A unit already on the register is updated with the values the file gives; empty
cells change nothing. Bad rows are reported on stderr with their line numbers
and the others are imported; rows are saved 1,000 to a transaction, and the
read models are caught up batch by batch as the import goes (so the register
view follows it, and a re-import of an unchanged file skips its units without
loading them). A progress
bar runs on stderr. Exit status: 0 when every row was imported, 1 when some rows
were rejected, 2 when the file could not be read at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TextIO

from kit import logs, tracing
from kit.runtime import configure_logging
from kit.service_runtime import build_runtime
from kit.settings import load_settings
from services.supervision import read_models
from services.supervision.application import RegisterHints
from services.supervision.bootstrap import build_application
from services.supervision.bulk_import import ImportFileError, ImportReport, import_rows, read_rows
from services.supervision.domain.common import CHINA_TIME
from services.supervision.read_models import queries


class ProgressBar:
    """`[#########...........]  45%  450,000/1,000,000 lines  9,876 lines/s` on one line of stderr."""

    def __init__(self, total: int, out: TextIO, width: int = 30, every: int = 1000) -> None:
        self.total = max(total, 1)
        self.out = out
        self.width = width
        self.every = every
        self.started = time.monotonic()
        self.last = 0

    def __call__(self, line: int) -> None:
        if line - self.last >= self.every or line >= self.total:
            self.last = line
            self.draw(line)

    def draw(self, line: int) -> None:
        share = min(line / self.total, 1.0)
        filled = int(share * self.width)
        rate = line / max(time.monotonic() - self.started, 1e-6)
        bar = "#" * filled + "." * (self.width - filled)
        self.out.write(f"\r[{bar}] {share:4.0%}  {line:,}/{self.total:,} lines  {rate:,.0f} lines/s")
        self.out.flush()

    def finish(self) -> None:
        self.draw(self.total)
        self.out.write("\n")


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the register's CSV file")
    parser.add_argument("--as-of", help="business time of the import, ISO 8601 with zone (default: now)")
    parser.add_argument("--encoding", default="utf-8-sig", help="the file's encoding (default utf-8-sig; e.g. gb18030)")
    parser.add_argument("--batch-size", type=int, default=1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="import_register", description=__doc__.split("\n\n")[0])
    configure(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Import `args.file`; the exit status (0 all imported, 1 some rows rejected, 2 unreadable)."""
    configure_logging("supervision-import")
    try:
        at = dt.datetime.fromisoformat(args.as_of) if args.as_of else dt.datetime.now(CHINA_TIME)
    except ValueError:
        sys.stderr.write(f"--as-of: {args.as_of!r} is not a time, ISO 8601 with zone\n")
        return 2
    if at.tzinfo is None:
        sys.stderr.write(f"--as-of: {args.as_of!r} must carry a time zone, e.g. +08:00\n")
        return 2
    settings = load_settings("supervision")
    app = build_application(settings)
    runtime = build_runtime(settings, app, read_models.metadata, read_models.apply, catch_up=False)

    def hints(usccs: list[str]) -> RegisterHints:
        # The previous batch's events (and anything else logged since) reach the read models first.
        runtime.refresh_read_models()
        log_position = app.recorder.max_notification_id() or 0
        return queries.register_hints(runtime.engine, usccs, log_position, runtime.projector.name)

    bar = ProgressBar(count_lines(args.file), sys.stderr)
    try:
        with args.file.open(encoding=args.encoding, newline="") as handle:
            rows = read_rows(handle)
            # One run, one correlation id: every event the import stores carries it (kit.tracing).
            with logs.correlated(tracing.minted()):
                report = import_rows(app, rows, at, batch_size=args.batch_size, progress=bar, hints=hints)
        runtime.refresh_read_models()
        bar.finish()
    except (ImportFileError, UnicodeDecodeError, OSError) as exc:
        sys.stderr.write(f"\n{args.file}: {exc}\n")
        return 2
    finally:
        runtime.close()
    print_report(args.file, report)
    return 1 if report.rejected else 0


def print_report(path: Path, report: ImportReport) -> None:
    for rejected in report.rejected:
        sys.stderr.write(f"{path}:{rejected.line}: {rejected.problems}\n")
    sys.stderr.write(
        f"{report.rows:,} rows: {report.registered:,} registered, {report.updated:,} updated, "
        f"{report.unchanged:,} unchanged, {len(report.rejected):,} rejected\n"
    )


if __name__ == "__main__":
    sys.exit(main())
