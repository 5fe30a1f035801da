"""How fast the monthly double-random draw runs over a large register, against the same algorithm written bare.

Project: `draw(snapshot, seed, rules, month)` and `snapshot.digest()`, what publishing a plan computes,
over `RegisterSnapshot` / `UnitSnapshot`. Baseline: the same algorithm written plainly over tuples in this
file (sort by USCC, canonical JSON of the whole snapshot through `json.dumps` and one SHA-256, a SHA-256
draw per focus unit, Efraimidis–Spirakis keys sorted, each drawn unit's free inspectors sorted by
load and a SHA-256 per unit–inspector pair). Each side runs in a process of its own that builds the
same register, times the draw with the wall clock and reports its peak RSS (`getrusage`, input
included); the sides alternate, medians over the repeats. Both sides must give the same plan and
digest, or the benchmark stops.

    make benchmark            # or: .venv/bin/python -m benchmarks.draw --units 1000000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

from benchmarks.report import Figure, print_figure, print_header

SEED, MONTH, DISTRICT = "徐汇区-2026-11", "2026-11", "徐汇区"
TIERS = ("normal", "normal", "normal", "normal", "red_list", "general_dishonesty", "serious_dishonesty")
WEIGHTS = {"red_list": 0.5, "normal": 1.0, "general_dishonesty": 2.0, "serious_dishonesty": 3.0}
SAMPLE_RATE, FOCUS_MONTHS_LEFT, ORDINARY_MAX, PER_UNIT, REDUCED_WEIGHT = 0.05, 2, 2, 2, 0.5
# November: the second half-year period ends in December, two months left.


def register_rows(units: int, inspectors: int) -> tuple[list[tuple[Any, ...]], list[tuple[str, tuple[str, ...]]]]:
    """(uscc, unit_name, focus, counted, inspected_this_period, tier, reduced, clean_last_year, firm) rows."""
    chance = random.Random(11)
    firms = [f"91310000MA{n:07d}X" for n in range(200)]
    rows = [
        (
            f"91310104{n:09d}X",
            f"上海某某餐饮管理有限公司第{n}分店",
            chance.random() < 0.03,
            chance.choice((0, 0, 0, 1, 2)),
            chance.random() < 0.3,
            chance.choice(TIERS),
            chance.random() < 0.05,
            chance.random() < 0.2,
            chance.choice(firms) if chance.random() < 0.3 else "",
        )
        for n in range(units)
    ]
    chance.shuffle(rows)
    team = [
        (f"SH-XH-{k:03d}", tuple(sorted(chance.sample([r[0] for r in rows[:10_000]] + firms, 40))))
        for k in range(inspectors)
    ]
    return rows, team


def project(units: int, inspectors: int) -> dict[str, Any]:
    from services.supervision.domain.draw import DrawRules, InspectorSnapshot, RegisterSnapshot, UnitSnapshot, draw

    rows, team = register_rows(units, inspectors)
    snapshot = RegisterSnapshot(
        district=DISTRICT,
        month=MONTH,
        units=tuple(UnitSnapshot(*row) for row in rows),
        inspectors=tuple(InspectorSnapshot(i, ties) for i, ties in team),
    )
    del rows
    started = time.perf_counter()
    outcome = draw(snapshot, SEED, DrawRules(sample_rate=SAMPLE_RATE), MONTH)
    digest = snapshot.digest()
    seconds = time.perf_counter() - started
    plan = [[d.uscc, list(d.inspector_ids), d.reason] for d in outcome.draws]
    return {"seconds": seconds, "digest": digest, "plan": _fingerprint(plan, outcome.unstaffed, outcome.pool_size)}


def bare(units: int, inspectors: int) -> dict[str, Any]:
    rows, team = register_rows(units, inspectors)
    started = time.perf_counter()
    rows.sort(key=lambda r: r[0])
    names = ["uscc", "unit_name", "focus", "counted_this_year", "inspected_this_period", "tier"]
    names += ["reduced_inspection", "clean_last_year", "service_firm_uscc"]
    canonical = {
        "district": DISTRICT,
        "month": MONTH,
        "units": [dict(zip(names, row, strict=True)) for row in rows],
        "inspectors": [{"inspector_id": i, "ties": sorted(ties)} for i, ties in sorted(team)],
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    del canonical, text

    def uniform(*keys: str) -> float:
        value = int.from_bytes(hashlib.sha256("|".join((SEED, MONTH, *keys)).encode()).digest()[:8], "big")
        return (value + 1) / (2**64 + 1)

    certain, pool = [], []
    for row in rows:
        uscc, focus, counted, inspected = row[0], row[2], row[3], row[4]
        if focus and not inspected and uniform("focus", uscc) < 1 / FOCUS_MONTHS_LEFT:
            certain.append(row)
        elif focus or counted < ORDINARY_MAX:
            pool.append(row)
    size = min(math.ceil(SAMPLE_RATE * len(pool)), len(pool))
    keyed = [(-math.log(uniform("sample", r[0])) / (REDUCED_WEIGHT if r[6] else WEIGHTS[r[5]]), r[0], r) for r in pool]
    keyed.sort(key=lambda k: (k[0], k[1]))  # the largest log(u) / weight first
    chosen = [(k[2], "random") for k in keyed[:size]]
    load = {i: 0 for i, _ in team}
    plan, unstaffed = [], []
    for row, reason in sorted([(r, "focus_due") for r in certain] + chosen, key=lambda p: p[0][0]):
        tied = {row[0], row[8]} - {""}
        free = [i for i, ties in team if not tied.intersection(ties)]
        if len(free) < PER_UNIT:
            unstaffed.append(row[0])
            continue
        free.sort(key=lambda i: (load[i], uniform("inspector", row[0], i)))
        members = sorted(free[:PER_UNIT])
        for i in members:
            load[i] += 1
        plan.append([row[0], members, reason])
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "digest": digest, "plan": _fingerprint(plan, unstaffed, len(pool))}


def _fingerprint(plan: list[Any], unstaffed: Any, pool_size: int) -> str:
    return hashlib.sha256(json.dumps([plan, list(unstaffed), pool_size]).encode()).hexdigest()


def child(side: str, units: int, inspectors: int) -> dict[str, Any]:
    """One side in a process of its own: its time, result and peak RSS."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.draw",
            "--side",
            side,
            "--units",
            str(units),
            "--inspectors",
            str(inspectors),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--inspectors", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--side", choices=("project", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        result = (project if args.side == "project" else bare)(args.units, args.inspectors)
        result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    print_header(
        f"double-random draw over {args.units:,} units and {args.inspectors} inspectors, against it written bare"
    )
    ours, theirs = [], []
    for _ in range(args.repeat):
        theirs.append(child("bare", args.units, args.inspectors))
        ours.append(child("project", args.units, args.inspectors))
    for a, b in zip(ours, theirs, strict=True):
        if (a["digest"], a["plan"]) != (b["digest"], b["plan"]):
            raise SystemExit(f"the sides disagree: {a} against {b}")
    for key, metric in (("seconds", "draw + digest: seconds"), ("rss_mib", "draw: peak RSS MiB, register included")):
        project_median = statistics.median(r[key] for r in ours)
        baseline_median = statistics.median(r[key] for r in theirs)
        print_figure(Figure(f"{metric} ({args.units:,} units)", project_median, baseline_median))


if __name__ == "__main__":
    main()
