"""The credit application: reacts to permit and supervision events, closes days, records objections.

No command sets a standing: a standing follows from the facts (upstream events, the unit's
objection and its outcome) and from the days closed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from eventsourcing.persistence import IntegrityError

from kit.arrangements import Arrangement, book_with
from kit.calendar import business_day
from services.credit.domain import Cause, CreditDayBook, UnitCreditRecord, UnitNotOnRecord
from services.credit.domain.errors import NoticeNotFound
from services.credit.upstream import UPSTREAMS, CreditPolicies, own_event_id

DueUnits = Callable[[dt.date], Iterable[str]]
BATCH = 200
SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class DayCloseResult:
    day: dt.date
    closed: bool
    units_reviewed: int = 0
    upstream_positions: dict[str, int] = field(default_factory=dict)


class CreditApplication(CreditPolicies):
    name = "credit"

    # -- commands ------------------------------------------------------------------------------

    def close_day(self, day: dt.date, due_units: DueUnits) -> DayCloseResult:
        """Close a business day (日结): raise what falls due — listings whose objection window
        closed, repairs, the turn of the year. Closing a closed day changes nothing."""
        with self.forgetting_cached_records_on_failure():
            book = self.day_book() or CreditDayBook()
            if book.is_closed(day):
                return DayCloseResult(day=day, closed=False)
            positions = self.upstream_positions()
            cause = self._own_cause("DayClosed", book.id, book.version + 1, day)
            units = sorted(set(due_units(day)))
            for start in range(0, len(units), BATCH):
                self._close_for(units[start : start + BATCH], day, cause)
            book.close(day=day, upstream_positions=positions, units_reviewed=len(units))
            self.save(book)
        return DayCloseResult(day=day, closed=True, units_reviewed=len(units), upstream_positions=positions)

    def file_objection(self, uscc: str, notice_id: str, filed_on: dt.date, grounds: str) -> str:
        """Record the unit's objection to a listing notice (异议); returns the objection's id."""
        record = self._require(uscc)
        objection_id = uuid.uuid5(_notice_uuid(notice_id), "objection")
        cause = self._own_cause("ObjectionFiled", objection_id, 1, filed_on)
        positions = self.upstream_positions()
        with self.forgetting_cached_records_on_failure():
            if record.file_objection(notice_id, str(objection_id), filed_on, grounds, cause, positions):
                self.save(record)
        return str(objection_id)

    def decide_objection(
        self, uscc: str, notice_id: str, upheld: bool, approver: str, reasons: str, decided_on: dt.date
    ) -> None:
        """Record an approver's decision on the unit's objection (异议复核)."""
        record = self._require(uscc)
        objection_id = uuid.uuid5(_notice_uuid(notice_id), "objection")
        cause = self._own_cause("ObjectionDecided", objection_id, 2, decided_on)
        positions = self.upstream_positions()
        with self.forgetting_cached_records_on_failure():
            if record.decide_objection(notice_id, upheld, approver, reasons, decided_on, cause, positions):
                self.save(record)

    def apply_for_repair(
        self, uscc: str, notice_id: str, filed_on: dt.date, evidence: list[str], statement: str
    ) -> str:
        """Record the unit's application for credit repair (信用修复申请); returns its id."""
        record = self._require(uscc)
        listing = record.state.listings.get(notice_id)
        attempt = len(listing.repair_applications) + 1 if listing is not None else 1
        latest = listing.repair_application if listing is not None else None
        if latest is not None and (latest.filed_on, latest.evidence, latest.statement) == (
            filed_on,
            [e.strip() for e in evidence],
            statement.strip(),
        ):
            attempt -= 1  # the same application delivered again
        application_id = uuid.uuid5(_notice_uuid(notice_id), f"repair-application-{attempt}")
        cause = self._own_cause("RepairApplied", application_id, 1, filed_on)
        positions = self.upstream_positions()
        with self.forgetting_cached_records_on_failure():
            if record.apply_for_repair(
                notice_id, str(application_id), filed_on, evidence, statement.strip(), cause, positions
            ):
                self.save(record)
        return str(application_id)

    def decide_repair(
        self, uscc: str, notice_id: str, approved: bool, approver: str, reasons: str, decided_on: dt.date
    ) -> None:
        """Record the agency's decision on the unit's repair application (信用修复审核)."""
        record = self._require(uscc)
        listing = record.state.listings.get(notice_id)
        application = listing.repair_application if listing is not None else None
        originator = uuid.UUID(application.application_id) if application else _notice_uuid(notice_id)
        cause = self._own_cause("RepairDecided", originator, 2, decided_on)
        positions = self.upstream_positions()
        with self.forgetting_cached_records_on_failure():
            if record.decide_repair(notice_id, approved, approver, reasons, decided_on, cause, positions):
                self.save(record)

    def load_arrangement(
        self, arrangement: Arrangement, at: dt.datetime, usccs: Iterable[str]
    ) -> tuple[bool, list[UnitCreditRecord]]:
        """Record the official arrangement of a year (with the upstream positions it ran at, for
        replay) and revise the open objection windows of `usccs` it moves, in one transaction."""
        with self.forgetting_cached_records_on_failure():
            book, changed = book_with(self, arrangement, at, self.upstream_positions())
            if not changed:
                return False, []
            calendar = self.calendar.after(book)
            on = business_day(at)
            revised = [
                record
                for uscc in sorted(set(usccs))
                if (record := self.record_of(uscc)) is not None
                and record.revise_objection_deadlines(calendar, arrangement.notice_no, on, at)
            ]
            self.save(book, *revised)
        self.calendar.invalidate()
        return True, revised

    # -- queries -------------------------------------------------------------------------------

    def upstream_positions(self) -> dict[str, int]:
        return {upstream: self.upstream_position(upstream) for upstream in UPSTREAMS}

    def require_record(self, uscc: str) -> UnitCreditRecord:
        return self._require(uscc)

    # -- helpers -------------------------------------------------------------------------------

    def _close_for(self, usccs: list[str], day: dt.date, cause: Cause) -> None:
        """Close the day for a batch of records; another writer's concurrent change is retried."""
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                with self.forgetting_cached_records_on_failure():
                    records = [record for uscc in usccs if (record := self.record_of(uscc)) is not None]
                    for record in records:
                        record.close_day(day, cause)
                    self.save(*records)
                return
            except IntegrityError:
                if attempt == SAVE_ATTEMPTS:
                    raise

    def _require(self, uscc: str) -> UnitCreditRecord:
        record = self.record_of(uscc)
        if record is None:
            raise UnitNotOnRecord(f"unit {uscc} has no credit record")
        return record

    @staticmethod
    def _own_cause(event_type: str, originator_id: uuid.UUID, version: int, day: dt.date) -> Cause:
        """A cause naming one of credit's own commands; its id depends on nothing that the
        interleaving of the upstream events could change."""
        return {
            "service": "credit",
            "event_id": own_event_id(originator_id, version),
            "event_type": event_type,
            "time": day.isoformat(),
            "rule": "",
            "position": 0,
        }


def _notice_uuid(notice_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(notice_id)
    except ValueError as exc:
        raise NoticeNotFound(f"{notice_id!r} is not a notice id") from exc
