"""The scheduler closes every business day for every service, in order, once each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kit.calendar import CHINA_TIME
from kit.database import create_store_engine
from kit.relay import FileLock
from kit.scheduler import (
    DayCloser,
    DayLedger,
    FileClock,
    Scheduler,
    days_to_close,
    last_ended_day,
    load_scheduler_settings,
)

SERVICES = ("permits", "supervision", "credit", "notify")
GRACE = dt.timedelta(minutes=5)


class Workers:
    """Stands in for the four workers' close_day RPCs, remembering every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.down: set[str] = set()

    def close_day(self, service: str, day: dt.date) -> dict[str, str]:
        if service in self.down:
            raise TimeoutError(f"{service} did not answer")
        self.calls.append((service, day.isoformat()))
        return {"day": day.isoformat()}


class SettableClock:
    def __init__(self, now: str) -> None:
        self.moment = dt.datetime.fromisoformat(now)

    def now(self) -> dt.datetime:
        return self.moment


def closer_on(tmp_path: Path, workers: Workers, first_day: str = "2026-12-01") -> DayCloser:
    engine = create_store_engine(f"sqlite:///{tmp_path / 'scheduler.sqlite'}", None)
    return DayCloser(
        DayLedger(engine),
        FileLock(tmp_path / "scheduler.lock"),
        workers.close_day,
        SERVICES,
        dt.date.fromisoformat(first_day),
    )


def test_a_day_is_closed_shortly_after_it_ends_in_china() -> None:
    # 00:04 on 3 December in Shanghai: 2 December ended four minutes ago, within the grace.
    assert last_ended_day(dt.datetime(2026, 12, 3, 0, 4, tzinfo=CHINA_TIME), GRACE) == dt.date(2026, 12, 1)
    assert last_ended_day(dt.datetime(2026, 12, 3, 0, 5, tzinfo=CHINA_TIME), GRACE) == dt.date(2026, 12, 2)
    # 16:30 UTC on 2 December is 00:30 on 3 December in Shanghai.
    assert last_ended_day(dt.datetime(2026, 12, 2, 16, 30, tzinfo=dt.UTC), GRACE) == dt.date(2026, 12, 2)


def test_missed_days_are_listed_oldest_first() -> None:
    assert days_to_close(dt.date(2026, 12, 1), dt.date(2026, 12, 4), dt.date(2026, 1, 1)) == [
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 3),
        dt.date(2026, 12, 4),
    ]
    assert days_to_close(None, dt.date(2026, 12, 2), dt.date(2026, 12, 2)) == [dt.date(2026, 12, 2)]
    assert days_to_close(dt.date(2026, 12, 4), dt.date(2026, 12, 4), dt.date(2026, 1, 1)) == []


def test_after_three_days_down_the_scheduler_closes_them_in_order_once_each(tmp_path: Path) -> None:
    workers = Workers()
    clock = SettableClock("2026-12-02T00:10:00+08:00")
    scheduler = Scheduler(closer_on(tmp_path, workers), clock, GRACE, poll_seconds=0)
    scheduler.tick()
    assert workers.calls == [(s, "2026-12-01") for s in SERVICES]
    workers.calls.clear()
    clock.moment = dt.datetime.fromisoformat("2026-12-05T09:00:00+08:00")  # down on the 2nd, 3rd and 4th
    scheduler.tick()
    scheduler.tick()
    assert workers.calls == [(s, day) for day in ("2026-12-02", "2026-12-03", "2026-12-04") for s in SERVICES]


def test_a_service_that_does_not_answer_is_retried_from_its_own_last_day(tmp_path: Path) -> None:
    workers = Workers()
    closer = closer_on(tmp_path, workers)
    workers.down.add("credit")
    done = closer.close_until(dt.date(2026, 12, 2))
    assert done is not None and "credit" in done.failed
    assert closer.ledger.status(SERVICES) == {
        "permits": "2026-12-02",
        "supervision": "2026-12-02",
        "credit": None,
        "notify": "2026-12-02",
    }
    workers.down.clear()
    workers.calls.clear()
    closer.close_until(dt.date(2026, 12, 2))
    assert workers.calls == [("credit", "2026-12-01"), ("credit", "2026-12-02")]


def test_only_one_closer_is_active_at_a_time(tmp_path: Path) -> None:
    workers = Workers()
    first, second = closer_on(tmp_path, workers), closer_on(tmp_path, workers)
    assert first.lock.acquire()
    try:
        assert second.close_until(dt.date(2026, 12, 1)) is None
        assert workers.calls == []
    finally:
        first.lock.release()
    assert second.close_until(dt.date(2026, 12, 1)) is not None


def test_the_ledger_survives_a_restart(tmp_path: Path) -> None:
    workers = Workers()
    closer_on(tmp_path, workers).close_until(dt.date(2026, 12, 3))
    workers.calls.clear()
    assert closer_on(tmp_path, workers).close_until(dt.date(2026, 12, 3)) is not None
    assert workers.calls == []


def test_a_clock_file_controls_the_time_and_must_carry_its_zone(tmp_path: Path) -> None:
    path = tmp_path / "now"
    path.write_text("2027-01-04T00:30:00+08:00\n")
    assert FileClock(path).now() == dt.datetime(2027, 1, 4, 0, 30, tzinfo=CHINA_TIME)
    path.write_text("2027-01-04T00:30:00")
    with pytest.raises(ValueError, match="zone"):
        FileClock(path).now()


def test_the_scheduler_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = load_scheduler_settings(
        {"VAR_DIR": str(tmp_path), "SCHEDULER_GRACE_MINUTES": "15", "SCHEDULER_FIRST_DAY": "2026-11-30"}
    )
    assert settings.grace == dt.timedelta(minutes=15)
    assert settings.first_day == dt.date(2026, 11, 30)
    assert settings.database_url == f"sqlite:///{tmp_path / 'scheduler.sqlite'}"
    shared = load_scheduler_settings({"DATABASE_URL": "postgresql://db/fire"})
    assert shared.database_schema == "scheduler"


def test_make_run_starts_the_scheduler_and_the_console_command_is_installed() -> None:
    import tomllib

    from kit.cli import COMMANDS
    from kit.launcher import ROOT, children

    assert any(child.argv[1:] == ["-m", "kit.cli", "scheduler"] for child in children())
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["firesafety"] == "kit.cli:main"
    assert {c.name for c in COMMANDS} >= {"scheduler", "close-days", "calendar"}


def test_closing_by_hand_refuses_a_day_that_has_not_ended(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kit.cli import main

    clock = tmp_path / "now"
    clock.write_text("2026-12-02T10:00:00+08:00")
    env = {"VAR_DIR": str(tmp_path), "SCHEDULER_CLOCK_FILE": str(clock)}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        patch.delenv("DATABASE_URL", raising=False)
        patch.delenv("SCHEDULER_DATABASE_URL", raising=False)
        assert main(["close-days", "--until", "2026-12-02"]) == 2
    assert "has not ended yet" in capsys.readouterr().err
