"""The scheduler: closes every business day for every service, in order, once each (日结).

Deadlines that expire become events only when a service closes the day (`close_day(day)`, an
RPC every worker answers). The scheduler calls it for the four services shortly after each day
ends in China (Asia/Shanghai), and after downtime catches up every missed day, oldest first. It
remembers the last day closed per service in a small ledger of its own, so a day is closed once;
the services' `close_day` is idempotent as well, so a crash between the call and the ledger
write repeats one call with no effect.

Only one scheduler closes at a time: each round of closing holds a lock (a PostgreSQL advisory
lock, or a lock file beside an SQLite ledger), the same kinds the relays use. Replicas and an
operator's `firesafety close-days` take turns.

The wall clock is read only here, at the edge, through a `Clock`; `SCHEDULER_CLOCK_FILE` names a
file holding the time to use instead (for drills and end-to-end tests).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

from kit import logs, metrics, tracing
from kit.calendar import CHINA_TIME, business_day
from kit.database import create_store_engine, store_problem
from kit.positions import PositionStore
from kit.relay import ActiveLock, AdvisoryLock, FileLock
from kit.settings import DEFAULT_AMQP_URI, SERVICES, with_lock_timeout

log = logging.getLogger(__name__)


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    """The wall clock, in China's time."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(CHINA_TIME)


@dataclass
class FileClock:
    """The time written in a file (ISO 8601 with its zone): a clock an operator or a test controls."""

    path: Path

    def now(self) -> dt.datetime:
        moment = dt.datetime.fromisoformat(self.path.read_text().strip())
        if moment.tzinfo is None:
            raise ValueError(f"{self.path}: the time must carry its zone")
        return moment


@dataclass(frozen=True)
class SchedulerSettings:
    """| Variable | Default | Meaning |
    |---|---|---|
    | `SCHEDULER_DATABASE_URL` | `DATABASE_URL` (schema `scheduler`), else `VAR_DIR/scheduler.sqlite` | the ledger |
    | `SCHEDULER_GRACE_MINUTES` | 5 | how long after midnight (China) a day is closed |
    | `SCHEDULER_POLL_SECONDS` | 30 | how often the scheduler looks at the clock |
    | `SCHEDULER_RPC_TIMEOUT` | 600 | seconds one service may take to close a day |
    | `SCHEDULER_FIRST_DAY` | the day before the first start | the first day a fresh ledger closes |
    | `SCHEDULER_CLOCK_FILE` | none | read the time from this file instead of the wall clock |
    """

    amqp_uri: str
    database_url: str
    database_schema: str | None
    var_dir: Path
    grace: dt.timedelta = dt.timedelta(minutes=5)
    poll_seconds: float = 30.0
    rpc_timeout: float = 600.0
    first_day: dt.date | None = None
    clock_file: Path | None = None
    services: tuple[str, ...] = SERVICES

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")


def load_scheduler_settings(environ: Mapping[str, str] | None = None) -> SchedulerSettings:
    env = os.environ if environ is None else environ
    var_dir = Path(env.get("VAR_DIR", "var"))
    schema = None
    if env.get("SCHEDULER_DATABASE_URL"):
        url = env["SCHEDULER_DATABASE_URL"]
    elif env.get("DATABASE_URL", "").startswith("postgresql"):
        url, schema = env["DATABASE_URL"], env.get("SCHEDULER_DATABASE_SCHEMA", "scheduler")
    else:
        url = f"sqlite:///{var_dir / 'scheduler.sqlite'}"
    first_day = env.get("SCHEDULER_FIRST_DAY")
    clock_file = env.get("SCHEDULER_CLOCK_FILE")
    return SchedulerSettings(
        amqp_uri=env.get("AMQP_URI", DEFAULT_AMQP_URI),
        database_url=with_lock_timeout(url),
        database_schema=schema,
        var_dir=var_dir,
        grace=dt.timedelta(minutes=float(env.get("SCHEDULER_GRACE_MINUTES", "5"))),
        poll_seconds=float(env.get("SCHEDULER_POLL_SECONDS", "30")),
        rpc_timeout=float(env.get("SCHEDULER_RPC_TIMEOUT", "600")),
        first_day=dt.date.fromisoformat(first_day) if first_day else None,
        clock_file=Path(clock_file) if clock_file else None,
    )


def last_ended_day(now: dt.datetime, grace: dt.timedelta) -> dt.date:
    """The latest business day that ended at least `grace` before `now` (in China's time)."""
    return business_day(now - grace) - dt.timedelta(days=1)


def days_to_close(last_closed: dt.date | None, until: dt.date, first_day: dt.date) -> list[dt.date]:
    """Every day after `last_closed` (from `first_day` for a fresh ledger) up to `until`, oldest first."""
    start = first_day if last_closed is None else last_closed + dt.timedelta(days=1)
    return [start + dt.timedelta(days=n) for n in range((until - start).days + 1)]


class DayLedger:
    """The last day the scheduler closed for each service (one row per service)."""

    def __init__(self, engine: Engine) -> None:
        self.positions = PositionStore(engine)

    def last_closed(self, service: str) -> dt.date | None:
        ordinal = self.positions.get(f"day-closed:{service}")
        return dt.date.fromordinal(ordinal) if ordinal else None

    def record(self, service: str, day: dt.date) -> None:
        self.positions.set(f"day-closed:{service}", day.toordinal())
        _show_closed(service, day)

    def status(self, services: Iterable[str]) -> dict[str, str | None]:
        return {s: (d.isoformat() if (d := self.last_closed(s)) else None) for s in services}


CloseDay = Callable[[str, dt.date], Any]
"""Closes one service's day (the worker's `close_day` RPC) and returns what it reports."""


@dataclass
class Round:
    """What one round of closing did: the days closed per service, and the services that failed."""

    closed: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"closed": self.closed, "failed": self.failed}


class DayCloser:
    """Closes the missed days of every service, in order, under the lock."""

    def __init__(
        self, ledger: DayLedger, lock: ActiveLock, close: CloseDay, services: Sequence[str], first_day: dt.date
    ) -> None:
        self.ledger = ledger
        self.lock = lock
        self.close = close
        self.services = tuple(services)
        self.first_day = first_day

    def close_until(self, until: dt.date) -> Round | None:
        """Close every day up to `until` that is not closed yet; None when another closer holds the lock."""
        if not self.lock.acquire():
            return None
        try:
            return self._close_until(until)
        finally:
            self.lock.release()

    def _close_until(self, until: dt.date) -> Round:
        done = Round()
        pending = {s: days_to_close(self.ledger.last_closed(s), until, self.first_day) for s in self.services}
        for day in sorted({d for days in pending.values() for d in days}):
            for service in self.services:
                if service in done.failed or day not in pending[service]:
                    continue
                # Each day a service closes is a command of its own: the events it causes share an id.
                with logs.correlated(tracing.minted()):
                    try:
                        result = self.close(service, day)
                    except Exception as exc:  # the service is down or slow: the next round retries it
                        log.warning("closing %s for %s failed: %s", day, service, exc)
                        done.failed[service] = f"{day}: {exc}"
                        continue
                    self.ledger.record(service, day)
                    done.closed.setdefault(service, []).append(day.isoformat())
                    log.info("closed %s for %s: %s", day, service, result)
        return done


class Scheduler:
    """Runs the closer whenever a day has ended, until stopped."""

    def __init__(self, closer: DayCloser, clock: Clock, grace: dt.timedelta, poll_seconds: float) -> None:
        self.closer = closer
        self.clock = clock
        self.grace = grace
        self.poll_seconds = poll_seconds

    def tick(self) -> Round | None:
        return self.closer.close_until(last_ended_day(self.clock.now(), self.grace))

    def run(self, stop: threading.Event) -> None:
        log.info("scheduler closing days for %s", ", ".join(self.closer.services))
        ledger = self.closer.ledger
        for service in self.closer.services:
            try:
                if (day := ledger.last_closed(service)) is not None:
                    _show_closed(service, day)
            except Exception:  # the store is away at start: the gauge is set at the next close
                log.warning("could not read the last day closed for %s", service)
        metrics.register_health("store", lambda: store_problem(ledger.positions.engine))
        metrics.serve()
        while not stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("a round of day closing failed; retrying")
            stop.wait(self.poll_seconds)


def _show_closed(service: str, day: dt.date) -> None:
    metrics.DAY_CLOSED.labels(service).set(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())


# -- composition: the real ledger, lock, RPC and clock ---------------------------------------------


def build_ledger(settings: SchedulerSettings) -> tuple[DayLedger, ActiveLock, Engine]:
    engine = create_store_engine(settings.database_url, settings.database_schema)
    lock: ActiveLock
    if settings.is_postgres:
        lock = AdvisoryLock(engine, f"scheduler:{settings.database_schema or ''}")
    else:
        lock = FileLock(settings.var_dir / "scheduler.lock")
    return DayLedger(engine), lock, engine


def rpc_close_day(amqp_uri: str, timeout: float) -> CloseDay:
    """Each call asks the service's workers over nameko RPC (the broker and vhost of `amqp_uri`)."""

    def close(service: str, day: dt.date) -> Any:
        from nameko.standalone.rpc import ClusterRpcClient

        # The first positional argument of ClusterRpcClient is context data (here the round's
        # correlation id, which the worker's events carry): the broker goes in uri=.
        context = {tracing.CONTEXT_KEY: logs.correlation_id.get() or tracing.minted()}
        with ClusterRpcClient(context, timeout=timeout, uri=amqp_uri) as rpc:
            return getattr(rpc, service).close_day(day.isoformat())

    return close


def build_closer(
    settings: SchedulerSettings, close: CloseDay | None = None, clock: Clock | None = None
) -> tuple[DayCloser, Clock, Engine]:
    ledger, lock, engine = build_ledger(settings)
    clock = clock or (FileClock(settings.clock_file) if settings.clock_file else SystemClock())
    first_day = settings.first_day or last_ended_day(clock.now(), settings.grace)
    closer = DayCloser(
        ledger, lock, close or rpc_close_day(settings.amqp_uri, settings.rpc_timeout), settings.services, first_day
    )
    return closer, clock, engine


def wait_for_lock(closer: DayCloser, until: dt.date, timeout: float) -> Round:
    """Close up to `until` by hand, waiting for a running scheduler to finish its round."""
    deadline = time.monotonic() + timeout
    while True:
        done = closer.close_until(until)
        if done is not None:
            return done
        if time.monotonic() > deadline:
            raise TimeoutError(f"another scheduler kept the day-close lock for {timeout:.0f}s")
        time.sleep(1.0)
