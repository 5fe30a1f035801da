"""How fast a service's read models are rebuilt from its log, against reading the log itself.

Baseline: the raw read of the same store — `select_notifications` page by page and the mapper's
decoding of every event, which any rebuild must do. Project: `Projector.rebuild`, which also
applies every event to new read-model tables beside the live ones and switches them in. Both read
the same log through the same recorder, timed the same way (wall clock), alternately; medians.

    make benchmark            # or: .venv/bin/python -m benchmarks.rebuild --events 1000000
"""

from __future__ import annotations

import argparse
import time

from benchmarks.report import Figure, medians, print_figure, print_header
from benchmarks.stores import bench_database_url, permits_store, raw_read_rate
from kit.service_runtime import build_runtime
from services.permits import read_models

PAGE = 5000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=None, help="default: BENCH_DATABASE_URL or firesafety_bench")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_header("rebuild of the permits read models, against the raw select + decode of the same log")
    for kind in args.stores.split(","):
        measure(kind, args)


def measure(kind: str, args: argparse.Namespace) -> None:
    store = permits_store(kind, args.events, args.database_url or bench_database_url())
    app = store.app
    runtime = build_runtime(store.settings, app, read_models.metadata, read_models.apply, catch_up=False)

    def raw() -> float:
        return raw_read_rate(app, PAGE)

    def rebuild() -> float:
        started = time.perf_counter()
        count = runtime.projector.rebuild(chunk=PAGE)
        return count / (time.perf_counter() - started)

    project, baseline = medians(rebuild, raw, repeat=args.repeat)
    print_figure(Figure(f"rebuild {kind}: events/s ({store.events:,} events)", project, baseline))
    runtime.close()


if __name__ == "__main__":
    main()
