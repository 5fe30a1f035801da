"""A 2027 holiday arrangement as the State Council might publish it, for the tests."""

from __future__ import annotations

from pathlib import Path

ARRANGEMENT_2027 = """\
year = 2027
notice_no = "国办发明电〔2026〕12号"
notice_date = 2026-11-12
holidays = [
  "2027-01-01..2027-01-03",
  "2027-02-05..2027-02-13",   # Spring Festival: nine days, longer than the law's four and their make-up days
  "2027-04-03..2027-04-05",
  "2027-05-01..2027-05-05",
  "2027-06-09",
  "2027-09-15",
  "2027-10-01..2027-10-07",
]
workdays = ["2027-02-20", "2027-05-08", "2027-10-09"]   # Saturdays worked (调休)
"""


def arrangement_file(folder: Path, text: str = ARRANGEMENT_2027, name: str = "arrangement-2027.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
