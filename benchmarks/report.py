"""How every benchmark reports: one line per metric, `metric  project  baseline  ratio`.

The baseline is measured in the same run, on the same store, the same way as the project's
side. The machine may be busy with other work, so each side is measured several times,
interleaved, and the median is reported; the ratio is what to trust.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

HEADER = f"{'metric':<52} {'project':>12} {'baseline':>12} {'ratio':>8}"


@dataclass(frozen=True)
class Figure:
    metric: str
    project: float
    baseline: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.project / self.baseline

    def line(self) -> str:
        baseline = "—" if self.baseline is None else _number(self.baseline)
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}x"
        return f"{self.metric:<52} {_number(self.project):>12} {baseline:>12} {ratio:>8}"


def print_header(title: str) -> None:
    print(f"\n# {title}")
    print(HEADER, flush=True)


def print_figure(figure: Figure) -> None:
    print(figure.line(), flush=True)


def medians(project: Callable[[], float], baseline: Callable[[], float], repeat: int = 3) -> tuple[float, float]:
    """Run both sides `repeat` times, alternating, and return the two medians."""
    ours, theirs = [], []
    for _ in range(repeat):
        theirs.append(baseline())
        ours.append(project())
    return statistics.median(ours), statistics.median(theirs)


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"
