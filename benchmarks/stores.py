"""Stores full of events for the benchmarks, filled fast and kept between runs.

Filling a million-event permits log takes minutes, so a filled store is kept (an SQLite file under
`var/bench/`, a PostgreSQL schema `bench_permits_<events>`) and reused while it is complete.
Applications are built by the domain itself and saved two thousand at a time; their time limits
need no calendar truth here, only speed.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from tqdm import tqdm

from kit.database import event_store_env
from kit.settings import Settings, load_settings
from services.permits.application import PermitsApplication
from services.permits.domain import Applicant, Material, PermitApplication, PermitRules, Route, Unit, VenueCategory

AT = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
MATERIALS = frozenset(
    {Material.COMMITMENT_LETTER, Material.SAFETY_RULES_AND_EVACUATION_PLAN, Material.FLOOR_AND_FIRE_FACILITY_PLANS}
)
EVENTS_PER_APPLICATION = 3  # submitted, granted, verification requested
BENCH_DIR = Path("var") / "bench"


DEFAULT_BENCH_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/firesafety_bench"


def bench_database_url() -> str:
    """The PostgreSQL database the benchmarks keep their stores in (`BENCH_DATABASE_URL`), made if
    missing: never the tests' database, whose schemas the tests count."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_BENCH_DATABASE_URL)
    target = make_url(url)
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()
    return url


class NoHolidays:
    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        return start + dt.timedelta(days=days)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        return (end - start).days

    def provisional_between(self, start: dt.date, end: dt.date) -> bool:
        return False


def commitment_grants(
    first: int, count: int, uscc_of: Callable[[int], str] | None = None, tag: str = "bench"
) -> list[PermitApplication]:
    """Granted commitment-route applications `first`…; all of one unit unless `uscc_of` gives
    the n-th its own."""
    rules, calendar = PermitRules(), NoHolidays()
    return [
        PermitApplication.submit(
            request_id=f"{tag}-{n}",
            fingerprint="",
            route=Route.COMMITMENT,
            unit=Unit(
                uscc=uscc_of(n) if uscc_of is not None else "91110000600037341L",
                name=f"单位{n}",
                venue_name=f"场所{n}",
                address="地址",
                district="徐汇区",
                street="",
                venue_category=VenueCategory.SPORTS_VENUE,
                floor_area_m2=1000.0,
                in_commercial_complex=False,
                legal_representative="",
                legal_representative_id="",
            ),
            applicant=Applicant("张三"),
            materials=MATERIALS,
            delivery={"method": "direct"},
            submitted_at=AT,
            rules=rules,
            calendar=calendar,
            unit_tier="normal",
        )
        for n in range(first, first + count)
    ]


@dataclass(frozen=True)
class FilledStore:
    settings: Settings
    app: PermitsApplication
    events: int


def permits_store(kind: str, events: int, database_url: str = "") -> FilledStore:
    """A permits store holding `events` events (rounded up to whole applications), reused if there."""
    if kind == "sqlite":
        folder = BENCH_DIR / f"permits-{events}"
        folder.mkdir(parents=True, exist_ok=True)
        settings = load_settings("permits", {"VAR_DIR": str(folder)})
    else:
        schema = f"bench_permits_{events}"
        settings = load_settings("permits", {"DATABASE_URL": database_url, "PERMITS_DATABASE_SCHEMA": schema})
    app = PermitsApplication(env=event_store_env(settings))
    have = app.recorder.max_notification_id() or 0
    applications = -(-events // EVENTS_PER_APPLICATION)
    wanted = applications * EVENTS_PER_APPLICATION
    if have not in (0, wanted):
        raise SystemExit(f"{settings.database_url}: a store of {have} events is in the way; remove it")
    if have == 0:
        with tqdm(total=wanted, desc=f"filling a {kind} permits store", unit=" events", unit_scale=True) as bar:
            for first in range(0, applications, 2000):
                batch = commitment_grants(first, min(2000, applications - first))
                app.save(*batch)
                bar.update(len(batch) * EVENTS_PER_APPLICATION)
    return FilledStore(settings, app, wanted)


def raw_read_rate(app: PermitsApplication, page: int) -> float:
    """The baseline of every benchmark that reads a whole log: `select_notifications` page by page
    and the mapper's decoding of every event, in events per second."""
    started, position, count = time.perf_counter(), 0, 0
    while notifications := app.recorder.select_notifications(start=position + 1, limit=page):
        for notification in notifications:
            app.mapper.to_domain_event(notification)
        position, count = notifications[-1].id, count + len(notifications)
    return count / (time.perf_counter() - started)
