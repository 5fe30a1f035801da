"""Document numbers (文号) of penalty decisions: one sequence per district and year, never reused.

A decision gets the next number of its district's year when it takes effect; the number is
recorded with the case it went to, so the same case asking again gets the same number. The
pattern is the agency's (`SUPERVISION_PENALTY_DOCUMENT_PATTERN`), e.g.
"{district}消行罚决字〔{year}〕{number:04d}号" → "徐汇区消行罚决字〔2026〕0001号".
"""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import stable_id

DEFAULT_PENALTY_DOCUMENT_PATTERN = "{district}消行罚决字〔{year}〕{number:04d}号"


def format_document_no(pattern: str, district: str, year: int, number: int) -> str:
    return pattern.format(district=district, year=year, number=number)


class DocumentNumbers(Aggregate):
    """文号簿: the numbers a district gave its penalty decisions in one year, in order."""

    @staticmethod
    def create_id(district: str, year: int) -> uuid.UUID:
        return stable_id("penalty-document-numbers", f"{district}:{year}")

    class Opened(Aggregate.Created):
        district: str
        year: int

    class NumberGiven(Aggregate.Event):
        number: int
        document_no: str
        case_id: str

    @event(Opened)
    def __init__(self, district: str, year: int) -> None:
        self.district = district
        self.year = year
        self.last = 0
        self.given: dict[str, str] = {}

    def give(self, case_id: str, pattern: str) -> str:
        """The case's number: the one it already has, or the next of the year."""
        if case_id in self.given:
            return self.given[case_id]
        number = self.last + 1
        document_no = format_document_no(pattern, self.district, self.year, number)
        self._given(number=number, document_no=document_no, case_id=case_id)
        return document_no

    @event(NumberGiven)
    def _given(self, number: int, document_no: str, case_id: str) -> None:
        self.last = number
        self.given[case_id] = document_no
