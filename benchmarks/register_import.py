"""How fast the market-regulation register is imported, against csv + USCC check + executemany into the same store.

Project: the import command as an operator runs it
(`python -m services.supervision.entrypoints.import_register FILE.csv`) into an empty supervision store:
each row read and checked, units registered as events in batches, the read models caught up batch by
batch. Baseline: the bare libraries on the same file and store — `csv.DictReader`, python-stdnum's USCC
check of every row, and `executemany` of plain INSERTs into one table, a thousand rows to a transaction.
A second baseline does what the import does at its core with eventsourcing alone: the same rows
checked, one aggregate and event per unit, saved a thousand to a transaction, encrypted with the
library's own cipher (the project also keeps the register view and skips units already registered).
Each side runs in a process of its own on a fresh store, timed with the wall clock; its peak RSS
(`getrusage`) is reported beside. The sides alternate; medians over the repeats.

    make benchmark            # or: .venv/bin/python -m benchmarks.register_import --rows 1000000
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.report import Figure, print_figure, print_header
from benchmarks.stores import BENCH_DIR, bench_database_url

AS_OF = "2026-11-02T09:00:00+08:00"
HEADER = ["uscc", "unit_name", "venue_name", "address", "district", "street", "venue_category", "floor_area_m2"]
HEADER += ["industry_regulator", "responsible_person", "responsible_phone", "high_risk"]
BATCH = 1000


def register_file(rows: int) -> Path:
    """A market-regulation register of `rows` units, every USCC valid, made once and kept."""
    from stdnum.cn import uscc

    path = BENCH_DIR / f"register-{rows}.csv"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    chance = random.Random(5)
    categories = ("hotel", "shopping_mall", "entertainment", "restaurant", "sports_venue")
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            first17 = f"91310104{n:09d}"
            writer.writerow(
                [
                    first17 + uscc.calc_check_digit(first17),
                    f"上海某某餐饮管理有限公司第{n}分店",
                    f"第{n}分店",
                    f"徐汇区漕溪北路{n % 2000}号",
                    "徐汇区",
                    "徐家汇街道",
                    chance.choice(categories),
                    f"{chance.uniform(50, 20000):.1f}",
                    "区商务委",
                    "张三",
                    "021-64870000",
                    "true" if chance.random() < 0.02 else "",
                ]
            )
    partial.rename(path)
    return path


@contextlib.contextmanager
def fresh_store(kind: str, database_url: str) -> Iterator[dict[str, str]]:
    """The environment of an empty supervision store: an SQLite folder, or a PostgreSQL schema."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="register-import-", dir=BENCH_DIR)
        try:
            yield {"VAR_DIR": folder}
        finally:
            shutil.rmtree(folder)
        return
    from sqlalchemy import create_engine, text

    schema = "bench_register_import"
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))

    drop()
    try:
        yield {"DATABASE_URL": database_url, "SUPERVISION_DATABASE_SCHEMA": schema}
    finally:
        drop()
        engine.dispose()


def project(path: Path) -> dict[str, Any]:
    from services.supervision.entrypoints import import_register

    started = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        status = import_register.main([str(path), "--as-of", AS_OF])
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the import ended with status {status}")
    return {"seconds": seconds}


def bare(path: Path) -> dict[str, Any]:
    from sqlalchemy import Column, Float, MetaData, String, Table, insert
    from stdnum.cn import uscc

    from kit.database import create_service_engine
    from kit.settings import load_settings

    engine = create_service_engine(load_settings("supervision"))
    metadata = MetaData()
    table = Table(
        "bare_register",
        metadata,
        Column("uscc", String(18), primary_key=True),
        *(Column(name, String(500)) for name in HEADER[1:] if name != "floor_area_m2"),
        Column("floor_area_m2", Float),
    )
    metadata.create_all(engine)
    statement = insert(table)
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        batch: list[dict[str, Any]] = []
        for row in csv.DictReader(handle):
            row["uscc"] = uscc.validate(row["uscc"])
            row["floor_area_m2"] = float(row["floor_area_m2"] or 0)
            batch.append(row)
            if len(batch) >= BATCH:
                with engine.begin() as conn:
                    conn.execute(statement, batch)
                batch = []
        if batch:
            with engine.begin() as conn:
                conn.execute(statement, batch)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds}


def bare_eventsourcing(path: Path) -> dict[str, Any]:
    """The same rows as events with eventsourcing alone: an aggregate per unit, saved a thousand to a
    transaction by an Application on eventsourcing-sqlalchemy, encrypted with the library's own cipher."""
    from eventsourcing.application import Application
    from eventsourcing.cipher import AESCipher
    from eventsourcing.domain import Aggregate, event
    from sqlalchemy import create_engine, text
    from stdnum.cn import uscc

    class RegisteredUnit(Aggregate):
        @event("Registered")
        def __init__(self, fields: dict[str, Any]) -> None:
            self.fields = fields

    if os.environ.get("DATABASE_URL"):
        schema = os.environ["SUPERVISION_DATABASE_SCHEMA"]
        engine = create_engine(os.environ["DATABASE_URL"], isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        engine.dispose()
        url = f"{os.environ['DATABASE_URL']}?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{Path(os.environ['VAR_DIR']) / 'bare.sqlite'}"
    app = Application(
        env={
            "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
            "SQLALCHEMY_URL": url,
            "CIPHER_TOPIC": "eventsourcing.cipher:AESCipher",
            "CIPHER_KEY": AESCipher.create_key(32),
            "IS_SNAPSHOTTING_ENABLED": "n",
        }
    )
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        batch: list[RegisteredUnit] = []
        for row in csv.DictReader(handle):
            row["uscc"] = uscc.validate(row["uscc"])
            row["floor_area_m2"] = float(row["floor_area_m2"] or 0)
            batch.append(RegisteredUnit(row))
            if len(batch) >= BATCH:
                app.save(*batch)
                batch = []
        if batch:
            app.save(*batch)
    seconds = time.perf_counter() - started
    app.close()
    return {"seconds": seconds}


def child(side: str, kind: str, path: Path, database_url: str) -> dict[str, Any]:
    """One side in a process of its own on a fresh store: its time and peak RSS."""
    with fresh_store(kind, database_url) as env:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.register_import", "--side", side, "--file", str(path)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, **env},
        )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=None, help="default: BENCH_DATABASE_URL or firesafety_bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--side", choices=("project", "bare", "bare-es"), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        result = {"project": project, "bare": bare, "bare-es": bare_eventsourcing}[args.side](args.file)
        result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    path = register_file(args.rows)
    print_header(f"import of the market-regulation register, {args.rows:,} rows, against csv + check + executemany")
    database_url = args.database_url or bench_database_url()
    for kind in args.stores.split(","):
        ours, theirs, events = [], [], []
        for _ in range(args.repeat):
            theirs.append(child("bare", kind, path, database_url))
            ours.append(child("project", kind, path, database_url))
            events.append(child("bare-es", kind, path, database_url))
        rate = statistics.median(args.rows / r["seconds"] for r in ours)
        print_figure(
            Figure(f"import {kind}: rows/s", rate, statistics.median(args.rows / r["seconds"] for r in theirs))
        )
        print_figure(
            Figure(
                f"import {kind}: rows/s vs bare eventsourcing",
                rate,
                statistics.median(args.rows / r["seconds"] for r in events),
            )
        )
        rss = statistics.median(r["rss_mib"] for r in ours), statistics.median(r["rss_mib"] for r in theirs)
        print_figure(Figure(f"import {kind}: peak RSS MiB", *rss))


if __name__ == "__main__":
    main()
