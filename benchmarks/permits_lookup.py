"""How fast VerifyPermit and GetApplication answer with many permits in the store.

Fills an SQLite store with N granted commitment-route applications (three events each),
builds the read models, then times random look-ups through the same code the gRPC
methods use. Baseline: a primary-key look-up in a plain table of N rows, measured in
the same run — the floor any index-backed look-up can reach on this machine.

    PYTHONPATH=.:gen .venv/bin/python -m benchmarks.permits_lookup --permits 100000
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from benchmarks.stores import commitment_grants
from kit.settings import load_settings
from services.permits import read_models
from services.permits.bootstrap import build_worker_runtime


def fill(runtime: object, count: int, batch: int = 2000) -> list[tuple[str, str]]:
    app = runtime.app  # type: ignore[attr-defined]
    keys: list[tuple[str, str]] = []
    for start in range(0, count, batch):
        applications = commitment_grants(start, min(batch, count - start))
        app.save(*applications)
        keys += [(str(a.id), a.permit_no or "") for a in applications]
    return keys


def timed(lookups: list[str], look_up: Callable[[str], object]) -> list[float]:
    times = []
    for key in lookups:
        started = time.perf_counter()
        assert look_up(key) is not None
        times.append(time.perf_counter() - started)
    return times


def report(name: str, times: list[float], baseline: float) -> None:
    median = statistics.median(times)
    p99 = sorted(times)[int(len(times) * 0.99)]
    ratio = median / baseline
    print(f"{name:<16} median {median * 1e6:8.0f} µs   p99 {p99 * 1e6:8.0f} µs   median/baseline {ratio:6.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--permits", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        runtime = build_worker_runtime(load_settings("permits", {"VAR_DIR": var_dir}))
        started = time.perf_counter()
        keys = fill(runtime, args.permits)
        filled = time.perf_counter() - started
        started = time.perf_counter()
        runtime.refresh_read_models()
        projected = time.perf_counter() - started
        print(
            f"stored {args.permits:,} permits ({3 * args.permits:,} events) in {filled:.0f}s; "
            f"read models built in {projected:.0f}s"
        )

        baseline_db = sqlite3.connect(Path(var_dir) / "baseline.sqlite")
        baseline_db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)")
        baseline_db.executemany("INSERT INTO t VALUES (?, ?)", ((p, a) for a, p in keys))
        baseline_db.commit()

        sample = random.Random(7).sample(keys, min(args.lookups, len(keys)))
        baseline = timed(
            [p for _, p in sample], lambda k: baseline_db.execute("SELECT v FROM t WHERE k = ?", (k,)).fetchone()
        )
        base = statistics.median(baseline)
        report("baseline PK", baseline, base)
        report("VerifyPermit", timed([p for _, p in sample], lambda k: read_models.permit(runtime.engine, k)), base)
        report(
            "GetApplication", timed([a for a, _ in sample], lambda k: runtime.app.get_application(uuid.UUID(k))), base
        )
        runtime.close()


if __name__ == "__main__":
    main()
