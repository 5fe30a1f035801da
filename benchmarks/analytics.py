"""How fast `firesafety export` turns a log into Parquet, and `firesafety report` reads it back.

Export — baseline: the raw read of the same store, `select_notifications` page by page and the
mapper's decoding of every event, which any export must do. Project: the export itself, which also
pseudonymises, types every column and writes zstd-compressed Parquet, one dataset per event type.
Both read the same permits log through the same recorder, alternately; medians.

Report — baseline: DuckDB's bare scan of every exported file (`count(*)` over all of them). Project:
the whole month's report over the same export (every figure's query, the charts, HTML and CSV).

    make benchmark            # or: .venv/bin/python -m benchmarks.analytics --events 1000000
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.report import Figure, medians, print_figure, print_header
from benchmarks.stores import AT, permits_store, raw_read_rate
from kit.analytics.export import Exporter, Pseudonymiser
from kit.analytics.report import write_report

PAGE = 20_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_header("export of the permits log to Parquet, against the raw select + decode of the same log")
    store = permits_store("sqlite", args.events)
    app = store.app
    scratch = Path(tempfile.mkdtemp(prefix="bench-export-"))
    exports: list[Path] = []

    def raw() -> float:
        return raw_read_rate(app, PAGE)

    def export() -> float:
        out = scratch / f"export-{len(exports)}"
        exports.append(out)
        exporter = Exporter(out, Pseudonymiser(b"benchmark key"), batch_size=PAGE)
        started = time.perf_counter()
        position, _ = exporter.export_service("permits", app, 0, lambda _: None)
        return position / (time.perf_counter() - started)

    try:
        project, baseline = medians(export, raw, repeat=args.repeat)
        print_figure(Figure(f"export sqlite: events/s ({store.events:,} events)", project, baseline))
        data = exports[-1]
        (data / "_export_state.json").write_text('{"positions": {}, "key_id": ""}', encoding="utf-8")
        month = f"{AT:%Y-%m}"
        files = [f.as_posix() for f in sorted(data.rglob("*.parquet"))]

        def scan() -> float:
            started = time.perf_counter()
            with duckdb.connect() as db:
                db.execute(f"SELECT count(*) FROM read_parquet({files!r}, union_by_name = true)").fetchall()
            return time.perf_counter() - started

        def report() -> float:
            started = time.perf_counter()
            write_report(data, scratch / "report", month)
            return time.perf_counter() - started

        seconds, scanned = medians(report, scan, repeat=args.repeat)
        print_figure(Figure(f"report of {month}: seconds ({store.events:,} events)", seconds, scanned))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    app.close()


if __name__ == "__main__":
    main()
