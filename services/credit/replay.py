"""Rebuild credit from the upstream logs (C1: replaying the same events gives the same standing).

Credit's inputs are the permit and supervision logs plus its own commands: the days closed and
the objections recorded. Each own command is stored with how far each upstream log had been
consumed when it ran, so a rebuild feeds every upstream event up to those positions, then runs
the command, and so on. Between two own commands the upstream events may be fed in any
interleaving of the two logs: the record's state does not depend on it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from kit.arrangements import Arrangement, ArrangementBook
from kit.envelope import Envelope
from kit.service_runtime import Runtime
from services.credit import read_models, scheduling
from services.credit.application import CreditApplication
from services.credit.domain import CreditDayBook, UnitCreditRecord

Interleave = Callable[[list[list[Envelope]]], list[Envelope]]
PAGE = 1000


@dataclass(frozen=True)
class OwnCommand:
    """One of credit's own commands, as its log recorded it."""

    kind: str  # "close_day", "objection", "objection_outcome" or "arrangement"
    upstream_positions: dict[str, int]
    day: dt.date
    record_id: str = ""
    notice_id: str = ""
    grounds: str = ""
    upheld: bool = False
    approver: str = ""
    reasons: str = ""
    arrangement: dict[str, Any] = field(default_factory=dict)
    at: str = ""
    evidence: tuple[str, ...] = ()


def own_commands(app: CreditApplication) -> list[OwnCommand]:
    """Credit's own commands, in the order they ran."""
    topics = [
        get_topic(CreditDayBook.DayClosed),
        get_topic(UnitCreditRecord.ObjectionFiled),
        get_topic(UnitCreditRecord.ObjectionDecided),
        get_topic(UnitCreditRecord.RepairApplied),
        get_topic(UnitCreditRecord.RepairDecided),
        get_topic(ArrangementBook.Loaded),
    ]
    commands = []
    for notification in _notifications(app, topics):
        event: Any = app.mapper.to_domain_event(notification)
        positions = dict(event.upstream_positions)
        if isinstance(event, ArrangementBook.Loaded):
            record = {k: getattr(event, k) for k in ("year", "notice_no", "notice_date", "holidays", "workdays")}
            at = dt.datetime.fromisoformat(event.loaded_at)
            commands.append(OwnCommand("arrangement", positions, at.date(), arrangement=record, at=event.loaded_at))
        elif isinstance(event, CreditDayBook.DayClosed):
            commands.append(OwnCommand("close_day", positions, event.day))
        elif isinstance(event, UnitCreditRecord.ObjectionFiled):
            commands.append(
                OwnCommand(
                    "objection",
                    positions,
                    event.filed_on,
                    record_id=str(event.originator_id),
                    notice_id=event.notice_id,
                    grounds=event.grounds,
                )
            )
        elif isinstance(event, UnitCreditRecord.RepairApplied):
            commands.append(
                OwnCommand(
                    "repair_application",
                    positions,
                    event.filed_on,
                    record_id=str(event.originator_id),
                    notice_id=event.notice_id,
                    grounds=event.statement,
                    evidence=tuple(event.evidence),
                )
            )
        elif isinstance(event, UnitCreditRecord.RepairDecided):
            commands.append(
                OwnCommand(
                    "repair_decision",
                    positions,
                    event.decided_on,
                    record_id=str(event.originator_id),
                    notice_id=event.notice_id,
                    upheld=event.approved,
                    approver=event.approver,
                    reasons=event.reasons,
                )
            )
        elif isinstance(event, UnitCreditRecord.ObjectionDecided):
            commands.append(
                OwnCommand(
                    "objection_outcome",
                    positions,
                    event.decided_on,
                    record_id=str(event.originator_id),
                    notice_id=event.notice_id,
                    upheld=event.upheld,
                    approver=event.approver,
                    reasons=event.reasons,
                )
            )
    return commands


def replay(
    runtime: Runtime[CreditApplication],
    upstream_logs: Mapping[str, Sequence[Envelope]],
    commands: Sequence[OwnCommand],
    interleave: Interleave | None = None,
) -> None:
    """Feed `runtime` (a fresh credit) the upstream logs and credit's own commands in place."""
    merge = interleave or _one_log_after_another
    fed = {source: 0 for source in upstream_logs}
    for command in [*commands, None]:
        segments = []
        for source, log in upstream_logs.items():
            until = len(log) if command is None else _index_after(log, fed[source], command.upstream_positions[source])
            segments.append(list(log[fed[source] : until]))
            fed[source] = max(fed[source], until)
        for envelope in merge(segments):
            runtime.app.receive(envelope)
        runtime.refresh_read_models()
        if command is not None:
            _run(runtime, command)


def _run(runtime: Runtime[CreditApplication], command: OwnCommand) -> None:
    app = runtime.app
    if command.kind == "close_day":
        scheduling.close_day(runtime, command.day)
        return
    if command.kind == "arrangement":
        arrangement = Arrangement.from_record(command.arrangement, app.calendar.law)
        usccs = read_models.units_with_open_windows(runtime.engine, arrangement.year)
        app.load_arrangement(arrangement, dt.datetime.fromisoformat(command.at), usccs)
        runtime.refresh_read_models()
        return
    record: UnitCreditRecord = app.repository.get(uuid.UUID(command.record_id))
    if command.kind == "objection":
        app.file_objection(record.uscc, command.notice_id, command.day, command.grounds)
    elif command.kind == "repair_application":
        app.apply_for_repair(record.uscc, command.notice_id, command.day, list(command.evidence), command.grounds)
    elif command.kind == "repair_decision":
        app.decide_repair(
            record.uscc, command.notice_id, command.upheld, command.approver, command.reasons, command.day
        )
    else:
        app.decide_objection(
            record.uscc, command.notice_id, command.upheld, command.approver, command.reasons, command.day
        )
    runtime.refresh_read_models()


def _index_after(log: Sequence[Envelope], start: int, position: int) -> int:
    """The index after the last envelope at or before `position`, looking from `start` on."""
    index = start
    while index < len(log) and log[index].position <= position:
        index += 1
    return index


def _one_log_after_another(segments: list[list[Envelope]]) -> list[Envelope]:
    return [envelope for segment in segments for envelope in segment]


def _notifications(app: CreditApplication, topics: list[str]) -> Iterator[Notification]:
    start = 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=PAGE, topics=topics)
        yield from page
        if len(page) < PAGE:
            return
        start = page[-1].id + 1
