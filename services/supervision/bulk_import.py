"""Bulk import of the market-regulation register (市场监管局 business registrations) into the register of units.

Rows are checked one by one; a bad row is reported with its line number and the
rest are imported. Rows are saved in batches, one transaction per batch.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from services.supervision.application import RegisterHints, SupervisionApplication
from services.supervision.commands import Fields, InvalidCommand, read_unit
from services.supervision.domain.register import UnitDetails

COLUMNS = (
    "uscc",
    "unit_name",
    "venue_name",
    "address",
    "district",
    "street",
    "venue_category",
    "floor_area_m2",
    "in_commercial_complex",
    "industry_regulator",
    "responsible_person",
    "responsible_phone",
    "responsible_email",
    "service_firm_uscc",
    "high_risk",
)
REQUIRED_COLUMNS = ("uscc", "unit_name", "district")
SOURCE = "market_registration"


class ImportFileError(ValueError):
    """The file as a whole cannot be read as the register: nothing is imported."""


@dataclass(frozen=True)
class RejectedRow:
    line: int
    problems: str


@dataclass
class ImportReport:
    rows: int = 0
    registered: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


def read_rows(handle: IO[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; the header names the columns, in any order."""
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(f"the header lacks the column(s) {', '.join(missing)}; columns: {', '.join(COLUMNS)}")
    for row in reader:
        yield reader.line_num, {k: (v or "") for k, v in row.items() if k in COLUMNS}


def import_rows(
    app: SupervisionApplication,
    rows: Iterable[tuple[int, dict[str, str]]],
    at: dt.datetime,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
    hints: Callable[[list[str]], RegisterHints] | None = None,
) -> ImportReport:
    """Import rows of the register; `hints` looks the batch's units up in the read model (see import_units)."""
    report = ImportReport()
    batch: list[tuple[str, UnitDetails]] = []

    def flush() -> None:
        shown = hints([uscc for uscc, _ in batch]) if hints is not None else None
        count = app.import_units(batch, SOURCE, at, shown)
        report.registered += count.registered
        report.updated += count.updated
        report.unchanged += count.unchanged
        batch.clear()

    for line, row in rows:
        report.rows += 1
        fields = Fields(row)
        try:
            unit = read_unit(fields)
            fields.done()
        except InvalidCommand as exc:
            report.rejected.append(RejectedRow(line, str(exc)))
        else:
            batch.append(unit)
        if len(batch) >= batch_size:
            flush()
        if progress is not None:
            progress(line)
    if batch:
        flush()
    return report
