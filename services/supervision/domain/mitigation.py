"""Mitigated penalties (从轻、减轻处罚, S6; 003 (十); Administrative Penalty Law art. 32).

从轻 (a lighter penalty) stays inside the baseline's range, in its lower half; 减轻 (a reduced
penalty) goes below the range's minimum. Either states its grounds (the party removed or lessened
the harm on its own initiative, was coerced or deceived, confessed, helped the investigation…).
A reduced penalty departs from the baseline, so it is a major decision: legal review and
collective deliberation before it takes effect.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from services.supervision.domain.common import SupervisionError


class Mitigation(StrEnum):
    NONE = "none"
    LIGHTER = "lighter"  # 从轻
    REDUCED = "reduced"  # 减轻


class FineRange(Protocol):
    @property
    def min_fine_yuan(self) -> int: ...

    @property
    def max_fine_yuan(self) -> int: ...


def check_fine(entry: FineRange, fine_yuan: int, mitigation: Mitigation, grounds: str, where: str) -> None:
    """The fine the baseline entry allows for `mitigation` (`where` names the violation and baseline)."""
    low, high = entry.min_fine_yuan, entry.max_fine_yuan
    if mitigation is Mitigation.NONE:
        if not low <= fine_yuan <= high:
            raise SupervisionError(f"a fine for {where} is {low}–{high} yuan", "OUTSIDE_BASELINE")
        return
    if not grounds.strip():
        raise SupervisionError("a mitigated penalty states its grounds", "MITIGATION_GROUNDS_MISSING")
    if mitigation is Mitigation.LIGHTER:
        ceiling = low + (high - low) // 2
        if not low <= fine_yuan <= ceiling:
            raise SupervisionError(
                f"a lighter (从轻) fine for {where} is {low}–{ceiling} yuan, the lower half of the range",
                "OUTSIDE_MITIGATED_RANGE",
            )
        return
    if not 0 <= fine_yuan < low:
        raise SupervisionError(
            f"a reduced (减轻) fine for {where} is below the range's minimum of {low} yuan", "OUTSIDE_MITIGATED_RANGE"
        )
