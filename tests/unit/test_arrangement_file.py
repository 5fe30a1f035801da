"""The official arrangement file: validated whole, refused with its reason, compared with the law."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kit.arrangements import ArrangementRefused, difference, read_arrangement
from kit.calendar import WorkingDayCalendar
from tests.unit.arrangements_2027 import ARRANGEMENT_2027, arrangement_file


def test_a_complete_arrangement_is_read_with_its_notice(tmp_path: Path) -> None:
    arrangement = read_arrangement(arrangement_file(tmp_path))
    assert (arrangement.year, arrangement.notice_no) == (2027, "国办发明电〔2026〕12号")
    assert arrangement.notice_date == dt.date(2026, 11, 12)
    assert dt.date(2027, 2, 13) in arrangement.holidays  # ranges are expanded
    assert arrangement.workdays == {dt.date(2027, 2, 20), dt.date(2027, 5, 8), dt.date(2027, 10, 9)}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (('notice_no = "国办发明电〔2026〕12号"\n', ""), "notice_no is missing"),
        (('notice_no = "国办发明电〔2026〕12号"', 'notice_no = "  "'), "notice_no"),
        (("notice_date = 2026-11-12", "notice_date = 2028-01-02"), "after the year"),
        (('"2027-06-09",\n', ""), "2027-06-09"),  # Dragon Boat Festival left out: incomplete
        (('"2027-05-08"', '"2027-05-07"'), "weekdays"),  # a Friday is no adjusted workday
        (('"2027-09-15"', '"2028-09-15"'), "outside 2027"),
        (('"2027-10-09"', '"2027-10-03"'), "both as holiday and as workday"),
        (('"2027-06-09"', '"2027-6-9"'), "not a day"),
        (("holidays = [", "holidays = ("), "not a TOML file"),
    ],
)
def test_a_malformed_or_incomplete_arrangement_is_refused_with_the_reason(
    tmp_path: Path, change: tuple[str, str], reason: str
) -> None:
    old, new = change
    assert old in ARRANGEMENT_2027
    path = arrangement_file(tmp_path, ARRANGEMENT_2027.replace(old, new, 1))
    with pytest.raises(ArrangementRefused, match=reason.replace("(", r"\(")):
        read_arrangement(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArrangementRefused, match="cannot be read"):
        read_arrangement(tmp_path / "nowhere.toml")


def test_the_difference_from_the_provisional_year_is_shown_day_by_day(tmp_path: Path) -> None:
    changes = difference(read_arrangement(arrangement_file(tmp_path)), WorkingDayCalendar()).as_dict()
    assert changes["before"] == "provisional"
    # The law's 2027: 5–10 February off (with make-up days); the arrangement adds 11–12 February.
    assert "2027-02-11" in changes["days_off_added"] and "2027-02-12" in changes["days_off_added"]
    assert "2027-02-20" in changes["working_days_added"]
    assert "2027-05-08" in changes["working_days_added"]
