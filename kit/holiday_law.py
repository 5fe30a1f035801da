"""China's statutory holidays as the national holiday law defines them (《全国年节及纪念日放假办法》).

The State Council publishes each year's arrangement (放假安排, with its adjusted workdays) late in
the year before. For a year it has not published yet, the law alone says which days are off: the
statutory days, weekends, and — article 6 — a statutory day that falls on a Saturday or Sunday is
made up on a working day (补假). That is the *provisional* calendar: never adjusted workdays, since
those are the arrangement's to decide.

Lunar dates and the Qingming solar term come from `lunar-python` (an astronomical calendar
library), never from a hand-written table. Every number of the law is a setting whose default is
the law as revised in 2024 (in force from 2025).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from lunar_python import Lunar

SATURDAY = 5


@dataclass(frozen=True)
class HolidayLaw:
    """The holiday law's numbers: how many days each festival gives everyone (全体公民放假的节日).

    | Setting | Default | Article 2 of the 2024 revision |
    |---|---|---|
    | `HOLIDAY_LAW_NEW_YEAR_DAYS` | 1 | 新年, 1 January |
    | `HOLIDAY_LAW_SPRING_FESTIVAL_DAYS` | 4 | 春节: 农历除夕、正月初一至初三 |
    | `HOLIDAY_LAW_SPRING_FESTIVAL_DAYS_BEFORE_NEW_YEAR` | 1 | of those, the days before 正月初一 (除夕) |
    | `HOLIDAY_LAW_QINGMING_DAYS` | 1 | 清明节, the day of the solar term |
    | `HOLIDAY_LAW_LABOUR_DAY_DAYS` | 2 | 劳动节, 1–2 May |
    | `HOLIDAY_LAW_DRAGON_BOAT_DAYS` | 1 | 端午节, 5th of the 5th lunar month |
    | `HOLIDAY_LAW_MID_AUTUMN_DAYS` | 1 | 中秋节, 15th of the 8th lunar month |
    | `HOLIDAY_LAW_NATIONAL_DAY_DAYS` | 3 | 国庆节, 1–3 October |
    | `HOLIDAY_LAW_MAKE_UP_WEEKEND_HOLIDAYS` | true | article 6: 适逢周六、周日，应当在工作日补假 |

    The law before 2025 had 3 Spring Festival days from 正月初一 and 1 Labour Day day.
    """

    new_year_days: int = 1
    spring_festival_days: int = 4
    spring_festival_days_before_new_year: int = 1
    qingming_days: int = 1
    labour_day_days: int = 2
    dragon_boat_days: int = 1
    mid_autumn_days: int = 1
    national_day_days: int = 3
    make_up_weekend_holidays: bool = True

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> HolidayLaw:
        """`HOLIDAY_LAW_<NUMBER>` settings; unset ones keep the law's value."""
        env = os.environ if environ is None else environ
        values: dict[str, int | bool] = {}
        for spec in fields(cls):
            raw = env.get(f"HOLIDAY_LAW_{spec.name.upper()}")
            if raw is None:
                continue
            if spec.type in (bool, "bool"):
                values[spec.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            else:
                number = int(raw)
                if number < 0:
                    raise ValueError(f"HOLIDAY_LAW_{spec.name.upper()} must not be negative")
                values[spec.name] = number
        return cls(**values)  # type: ignore[arg-type]

    def statutory_days(self, year: int) -> dict[dt.date, str]:
        """Every statutory holiday day of `year`, with the festival it belongs to."""
        new_year = lunar_new_year(year)
        festivals = [
            ("New Year's Day", dt.date(year, 1, 1), self.new_year_days),
            (
                "Spring Festival",
                new_year - dt.timedelta(days=self.spring_festival_days_before_new_year),
                self.spring_festival_days,
            ),
            ("Tomb-sweeping Day", qingming(year), self.qingming_days),
            ("Labour Day", dt.date(year, 5, 1), self.labour_day_days),
            ("Dragon Boat Festival", lunar_date(year, 5, 5), self.dragon_boat_days),
            ("Mid-autumn Festival", lunar_date(year, 8, 15), self.mid_autumn_days),
            ("National Day", dt.date(year, 10, 1), self.national_day_days),
        ]
        days: dict[dt.date, str] = {}
        for name, first, count in festivals:
            for offset in range(count):
                day = first + dt.timedelta(days=offset)
                days[day] = f"{days[day]}, {name}" if day in days else name
        return days

    def days_off(self, year: int) -> dict[dt.date, str]:
        """The statutory days of `year` and their make-up days (补假), with what each is for.

        A statutory day that falls on a weekend, or on a day another festival already takes,
        is made up on the next day that is neither a weekend nor already off (article 6).
        A make-up day pushed past 31 December stays in the next year's reckoning: it is not
        counted here, which the next year's arrangement settles anyway.
        """
        statutory = self.statutory_days(year)
        off = dict(statutory)
        if not self.make_up_weekend_holidays:
            return off
        owed = [
            (day, name)
            for day, names in sorted(statutory.items())
            for name in names.split(", ")[(0 if day.weekday() >= SATURDAY else 1) :]
        ]
        for day, name in owed:
            make_up = day + dt.timedelta(days=1)
            while make_up.weekday() >= SATURDAY or make_up in off:
                make_up += dt.timedelta(days=1)
            if make_up.year == year:
                off[make_up] = f"{name} (补假)"
        return off


def lunar_new_year(year: int) -> dt.date:
    """正月初一 of the lunar year that begins in `year`."""
    return lunar_date(year, 1, 1)


def lunar_date(year: int, month: int, day: int) -> dt.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def qingming(year: int) -> dt.date:
    """The day of the Qingming solar term (清明) in `year`, in China's time."""
    solar = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    day = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
    if day.year != year:  # pragma: no cover - the term always falls in early April
        raise ValueError(f"no Qingming found in {year}")
    return day
