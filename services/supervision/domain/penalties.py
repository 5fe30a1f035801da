"""Penalties (行政处罚, S6): a discretion baseline as data, legal review of major decisions, publication.

The baseline (裁量基准) fixes a fine range per violation type and severity. The
agency replaces it with a new version whenever it likes; every penalty records
the entry it applied. A minor violation corrected on the spot is not punished
(oral order only). A major decision (a large fine, a suspension or a revocation, see
`sanctions`) takes effect only after legal review (法制审核); the
gravest (from a setting's amount, and every reduced penalty) also after collective deliberation
(集体讨论) by the agency's leaders (Administrative Penalty Law art. 57). A penalty may be
mitigated (从轻、减轻, see `mitigation`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import Severity, SupervisionError, ViolationType, stable_id
from services.supervision.domain.firms import FIRE_LAW_ART_69, FirmViolationType, PartyKind
from services.supervision.domain.mitigation import Mitigation, check_fine
from services.supervision.domain.sanctions import Revocation, Suspension, check_sanctions, review_grounds

FIRE_LAW_ART_60 = "《中华人民共和国消防法》第六十条"

DocumentNumbering = Callable[[], str]
"""Gives a decision its document number (文号), taking the next one of the agency's year."""


@dataclass(frozen=True)
class BaselineEntry:
    violation_type: str
    severity: str
    min_fine_yuan: int
    max_fine_yuan: int
    legal_basis: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _default_entries() -> tuple[BaselineEntry, ...]:
    ranges = {
        Severity.MINOR: (5_000, 10_000),
        Severity.GENERAL: (10_000, 30_000),
        Severity.SERIOUS: (30_000, 50_000),
    }
    units = tuple(
        BaselineEntry(violation.value, severity.value, low, high, FIRE_LAW_ART_60)
        for violation in ViolationType
        for severity, (low, high) in ranges.items()
    )
    false_or_unqualified = {
        Severity.MINOR: (50_000, 60_000),
        Severity.GENERAL: (60_000, 80_000),
        Severity.SERIOUS: (80_000, 100_000),
    }
    substandard = {
        Severity.MINOR: (1_000, 10_000),
        Severity.GENERAL: (10_000, 30_000),
        Severity.SERIOUS: (30_000, 50_000),
    }
    firm_ranges = {
        FirmViolationType.FALSE_DOCUMENTS: false_or_unqualified,
        FirmViolationType.UNQUALIFIED_PRACTICE: false_or_unqualified,
        FirmViolationType.SUBSTANDARD_PRACTICE: substandard,
    }
    firms = tuple(
        BaselineEntry(violation.value, severity.value, low, high, FIRE_LAW_ART_69)
        for violation, bands in firm_ranges.items()
        for severity, (low, high) in bands.items()
    )
    return units + firms


DEFAULT_BASELINE = _default_entries()
"""Fire Law art. 60: a unit is fined 5,000–50,000 yuan. Art. 69: a fire technical service firm that
issues false documents or practises without the conditions, 50,000–100,000 yuan; one that does not
work to the standards, up to 50,000 yuan. The bands per severity are the agency's to set."""


@dataclass(frozen=True)
class DiscretionBaseline:
    version: int
    entries: tuple[BaselineEntry, ...]

    @classmethod
    def of(cls, version: int, entries: Iterable[Mapping[str, Any]]) -> DiscretionBaseline:
        return cls(version, tuple(BaselineEntry(**e) for e in entries))

    def entry(self, violation_type: str, severity: str) -> BaselineEntry:
        for entry in self.entries:
            if entry.violation_type == violation_type and entry.severity == severity:
                return entry
        raise SupervisionError(
            f"the discretion baseline has no range for {violation_type} of {severity} severity", "NO_BASELINE"
        )


def check_baseline(entries: Iterable[BaselineEntry]) -> None:
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        key = (entry.violation_type, entry.severity)
        if key in seen:
            raise SupervisionError(f"the baseline lists {key} twice", "DUPLICATE_BASELINE_ENTRY")
        seen.add(key)
        if not 0 <= entry.min_fine_yuan <= entry.max_fine_yuan:
            raise SupervisionError(f"the range of {key} is empty or negative", "INVALID_BASELINE_RANGE")


class BaselineBook(Aggregate):
    """The versions of the discretion baseline the agency adopted, newest last."""

    BOOK_ID = stable_id("baseline", "discretion")

    @staticmethod
    def create_id() -> uuid.UUID:
        return BaselineBook.BOOK_ID

    class Opened(Aggregate.Created):
        pass

    class Adopted(Aggregate.Event):
        version: int
        entries: list[dict[str, Any]]
        effective_on: str
        adopted_by: str

    @event(Opened)
    def __init__(self) -> None:
        self.current = DiscretionBaseline(0, DEFAULT_BASELINE)

    def adopt(self, entries: tuple[BaselineEntry, ...], effective_on: str, adopted_by: str) -> None:
        check_baseline(entries)
        self._adopted(
            version=self.current.version + 1,
            entries=[e.as_dict() for e in entries],
            effective_on=effective_on,
            adopted_by=adopted_by,
        )

    @event(Adopted)
    def _adopted(self, version: int, entries: list[dict[str, Any]], effective_on: str, adopted_by: str) -> None:
        self.current = DiscretionBaseline.of(version, entries)


@dataclass(frozen=True)
class ViolationOnRecord:
    inspection_id: str
    violation_id: str
    uscc: str
    unit_name: str
    district: str
    violation_type: str
    severity: str
    corrected_on_the_spot: bool
    party_kind: str = PartyKind.UNIT.value
    service_type: str = ""


class PenaltyCase(Aggregate):
    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return stable_id("penalty", request_id)

    class Proposed(Aggregate.Created):
        request_id: str
        inspection_id: str
        violation_id: str
        uscc: str
        unit_name: str
        district: str
        violation_type: str
        severity: str
        fine_yuan: int
        baseline_version: int
        baseline_range: list[int]
        legal_basis: str
        major: bool
        reasons: str
        evidence: list[str]
        officer_ids: list[str]
        proposed_on: str
        party_kind: str = PartyKind.UNIT.value
        service_type: str = ""
        # Cases stored before these existed publish without them.
        facts: str = ""
        legal_representative: str = ""
        mitigation: str = Mitigation.NONE.value
        mitigation_grounds: str = ""
        collective_deliberation: bool = False
        suspension: str = Suspension.NONE.value
        suspension_scope: str = ""
        revocation: str = Revocation.NONE.value
        revoked_document: str = ""
        #: Why the decision is major (large_fine, suspension, revocation, reduced_penalty).
        review_grounds: list[str] | None = None
        #: The permit application whose permit a revocation revokes, as permits granted it.
        revoked_application_id: str = ""

    class LegalReviewed(Aggregate.Event):
        reviewer_id: str
        approved: bool
        opinion: str
        reviewed_on: str

    class CollectivelyDeliberated(Aggregate.Event):
        """集体讨论 by the agency's leaders, after legal review."""

        chair_id: str
        participant_ids: list[str]
        approved: bool
        minutes: str
        deliberated_on: str

    class Decided(Aggregate.Event):
        inspection_id: str
        violation_id: str
        baseline_version: int
        uscc: str
        unit_name: str
        district: str
        violation_type: str
        severity: str
        fine_yuan: int
        major: bool
        legal_basis: str
        decided_on: str
        party_kind: str = PartyKind.UNIT.value
        service_type: str = ""
        # Decisions stored before these existed have no document number, facts or representative.
        document_no: str = ""
        facts: str = ""
        legal_representative: str = ""
        suspension: str = Suspension.NONE.value
        suspension_scope: str = ""
        revocation: str = Revocation.NONE.value
        revoked_document: str = ""
        revoked_application_id: str = ""

    class Withdrawn(Aggregate.Event):
        reason: str
        withdrawn_on: str

    @event(Proposed)
    def __init__(
        self,
        request_id: str,
        inspection_id: str,
        violation_id: str,
        uscc: str,
        unit_name: str,
        district: str,
        violation_type: str,
        severity: str,
        fine_yuan: int,
        baseline_version: int,
        baseline_range: list[int],
        legal_basis: str,
        major: bool,
        reasons: str,
        evidence: list[str],
        officer_ids: list[str],
        proposed_on: str,
        party_kind: str = PartyKind.UNIT.value,
        service_type: str = "",
        facts: str = "",
        legal_representative: str = "",
        mitigation: str = Mitigation.NONE.value,
        mitigation_grounds: str = "",
        collective_deliberation: bool = False,
        suspension: str = Suspension.NONE.value,
        suspension_scope: str = "",
        revocation: str = Revocation.NONE.value,
        revoked_document: str = "",
        review_grounds: list[str] | None = None,
        revoked_application_id: str = "",
    ) -> None:
        self.facts = facts
        self.sanctions = (suspension, suspension_scope, revocation, revoked_document)
        self.revoked_application_id = revoked_application_id
        self.legal_representative = legal_representative
        self.collective_deliberation = collective_deliberation
        self.violation = ViolationOnRecord(
            inspection_id,
            violation_id,
            uscc,
            unit_name,
            district,
            violation_type,
            severity,
            False,
            party_kind,
            service_type,
        )
        self.fine_yuan = fine_yuan
        self.baseline_version = baseline_version
        self.legal_basis = legal_basis
        self.major = major
        self.officer_ids = list(officer_ids)
        self.status = "awaiting_legal_review" if major else "proposed"
        self.document_no = ""

    @classmethod
    def propose(
        cls,
        request_id: str,
        violation: ViolationOnRecord,
        fine_yuan: int,
        baseline: DiscretionBaseline,
        major_fine_yuan: int,
        reasons: str,
        evidence: list[str],
        officer_ids: list[str],
        proposed_on: str,
        facts: str = "",
        legal_representative: str = "",
        number: DocumentNumbering | None = None,
        mitigation: Mitigation = Mitigation.NONE,
        mitigation_grounds: str = "",
        deliberation_fine_yuan: int | None = None,
        suspension: Suspension = Suspension.NONE,
        suspension_scope: str = "",
        revocation: Revocation = Revocation.NONE,
        revoked_document: str = "",
        revoked_application_id: str = "",
    ) -> PenaltyCase:
        """Open a case; a decision that is not major takes effect at once, a major one (a fine from
        `major_fine_yuan`, a suspension, a revocation, a reduced penalty) awaits legal review (and, from
        `deliberation_fine_yuan` or when reduced, collective deliberation after it).

        `number` gives the decision its document number (文号) when, and only when, it is decided."""
        if violation.corrected_on_the_spot and violation.severity == Severity.MINOR.value:
            raise SupervisionError(
                "a minor violation corrected on the spot is not punished: the oral order stands",
                "NOT_PUNISHABLE",
            )
        entry = baseline.entry(violation.violation_type, violation.severity)
        where = f"{violation.violation_type} of {violation.severity} severity under baseline v{baseline.version}"
        check_fine(entry, fine_yuan, mitigation, mitigation_grounds, where)
        check_sanctions(violation.party_kind, suspension, suspension_scope, revocation, revoked_document)
        reduced = mitigation is Mitigation.REDUCED
        collective = reduced or (deliberation_fine_yuan is not None and fine_yuan >= deliberation_fine_yuan)
        grounds = review_grounds(fine_yuan, major_fine_yuan, suspension, revocation, reduced)
        case = cls(
            request_id=request_id,
            inspection_id=violation.inspection_id,
            violation_id=violation.violation_id,
            uscc=violation.uscc,
            unit_name=violation.unit_name,
            district=violation.district,
            violation_type=violation.violation_type,
            severity=violation.severity,
            fine_yuan=fine_yuan,
            baseline_version=baseline.version,
            baseline_range=[entry.min_fine_yuan, entry.max_fine_yuan],
            legal_basis=entry.legal_basis,
            major=bool(grounds) or collective,
            reasons=reasons,
            evidence=list(evidence),
            officer_ids=list(officer_ids),
            proposed_on=proposed_on,
            party_kind=violation.party_kind,
            service_type=violation.service_type,
            facts=facts,
            legal_representative=legal_representative,
            mitigation=mitigation.value,
            mitigation_grounds=mitigation_grounds.strip(),
            collective_deliberation=collective,
            suspension=suspension.value,
            suspension_scope=suspension_scope.strip(),
            revocation=revocation.value,
            revoked_document=revoked_document.strip(),
            review_grounds=grounds,
            revoked_application_id=revoked_application_id,
        )
        if not case.major:
            case._decide(proposed_on, number)
        return case

    def review(
        self,
        reviewer_id: str,
        approved: bool,
        opinion: str,
        reviewed_on: str,
        number: DocumentNumbering | None = None,
    ) -> None:
        """法制审核: by a legal reviewer who took no part in the case; approval makes the decision."""
        if self.status != "awaiting_legal_review":
            raise SupervisionError(f"the case is {self.status}, not awaiting legal review", "NOT_AWAITING_REVIEW")
        if reviewer_id in self.officer_ids:
            raise SupervisionError(
                "the legal reviewer must not be one of the case's officers", "REVIEWER_NOT_INDEPENDENT"
            )
        self._reviewed(reviewer_id=reviewer_id, approved=approved, opinion=opinion, reviewed_on=reviewed_on)
        if not approved:
            self._withdrawn(reason=opinion, withdrawn_on=reviewed_on)
        elif not self.collective_deliberation:
            self._decide(reviewed_on, number)

    def deliberate(
        self,
        chair_id: str,
        participant_ids: list[str],
        approved: bool,
        minutes: str,
        deliberated_on: str,
        quorum: int,
        number: DocumentNumbering | None = None,
    ) -> None:
        """集体讨论: the agency's leaders, at least `quorum` of them, chaired by one, decide a case legal
        review approved; approval makes the decision, rejection withdraws it."""
        if self.status != "awaiting_collective_deliberation":
            raise SupervisionError(
                f"the case is {self.status}, not awaiting collective deliberation", "NOT_AWAITING_DELIBERATION"
            )
        if len(set(participant_ids)) < quorum:
            raise SupervisionError(
                f"collective deliberation takes at least {quorum} of the agency's leaders", "TOO_FEW_PARTICIPANTS"
            )
        if chair_id not in participant_ids:
            raise SupervisionError("the chair takes part in the deliberation", "CHAIR_NOT_PRESENT")
        self._deliberated(
            chair_id=chair_id,
            participant_ids=sorted(set(participant_ids)),
            approved=approved,
            minutes=minutes,
            deliberated_on=deliberated_on,
        )
        if approved:
            self._decide(deliberated_on, number)
        else:
            self._withdrawn(reason=minutes, withdrawn_on=deliberated_on)

    def _decide(self, on: str, number: DocumentNumbering | None) -> None:
        v = self.violation
        suspension, scope, revocation, revoked = self.sanctions
        self._decided(
            inspection_id=v.inspection_id,
            violation_id=v.violation_id,
            baseline_version=self.baseline_version,
            uscc=v.uscc,
            unit_name=v.unit_name,
            district=v.district,
            violation_type=v.violation_type,
            severity=v.severity,
            fine_yuan=self.fine_yuan,
            major=self.major,
            legal_basis=self.legal_basis,
            decided_on=on,
            party_kind=v.party_kind,
            service_type=v.service_type,
            document_no=number() if number is not None else "",
            facts=self.facts,
            legal_representative=self.legal_representative,
            suspension=suspension,
            suspension_scope=scope,
            revocation=revocation,
            revoked_document=revoked,
            revoked_application_id=self.revoked_application_id,
        )

    @event(LegalReviewed)
    def _reviewed(self, reviewer_id: str, approved: bool, opinion: str, reviewed_on: str) -> None:
        self.status = "awaiting_collective_deliberation" if approved and self.collective_deliberation else "reviewed"

    @event(CollectivelyDeliberated)
    def _deliberated(
        self, chair_id: str, participant_ids: list[str], approved: bool, minutes: str, deliberated_on: str
    ) -> None:
        self.status = "deliberated"

    @event(Decided)
    def _decided(
        self,
        inspection_id: str,
        violation_id: str,
        baseline_version: int,
        uscc: str,
        unit_name: str,
        district: str,
        violation_type: str,
        severity: str,
        fine_yuan: int,
        major: bool,
        legal_basis: str,
        decided_on: str,
        party_kind: str = PartyKind.UNIT.value,
        service_type: str = "",
        document_no: str = "",
        facts: str = "",
        legal_representative: str = "",
        suspension: str = Suspension.NONE.value,
        suspension_scope: str = "",
        revocation: str = Revocation.NONE.value,
        revoked_document: str = "",
        revoked_application_id: str = "",
    ) -> None:
        self.status = "decided"
        self.document_no = document_no

    @event(Withdrawn)
    def _withdrawn(self, reason: str, withdrawn_on: str) -> None:
        self.status = "withdrawn"
