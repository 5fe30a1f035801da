"""The double-random draw (双随机): a pure function of (register snapshot, seed, rules, month).

Anyone holding the published snapshot, seed and rules reproduces the plan: every
random choice is a SHA-256 hash of the seed, the month and the unit (and
inspector), never a random generator whose state depends on the order of rows.

- Focus units (high risk, a record of serious violations, or blacklisted) are
  inspected at least once in each period of `focus_period_months` (S2): one not
  yet inspected in the current period is drawn with probability 1 / (months
  left in the period), so that it is certain in the period's last month.
- Other units are drawn by weighted sampling without replacement
  (Efraimidis–Spirakis keys), never once they have had `ordinary_max_per_year`
  counted inspections this calendar year (re-inspections are not counted).
  The weight follows credit: good standing fewer draws, dishonesty more (S2, C3).
- In a special period, units inspected last year with no hazard and no
  violation leave the pool and get guidance instead (S3).
- Each drawn unit gets a pair of certified inspectors without ties to it or to
  its fire technical service firm (回避), the least loaded first.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any

from services.supervision.domain.common import SupervisionError

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

DEFAULT_TIER_WEIGHTS = {
    "red_list": 0.5,  # 守信红名单
    "normal": 1.0,
    "general_dishonesty": 2.0,  # 一般失信
    "serious_dishonesty": 3.0,  # 严重失信 (黑名单)
}


@dataclass(frozen=True)
class DrawRules:
    """How a month's sample is drawn; published with the plan."""

    sample_rate: float = 0.05
    """Share of the eligible pool drawn at random each month (科学调整随机抽查比例)."""
    sample_size: int = 0
    """A fixed number to draw instead of the rate, when positive."""
    focus_period_months: int = 6
    """Focus units: at least once per half year (003 (四))."""
    ordinary_max_per_year: int = 2
    """Other units: at most twice per calendar year, re-inspections not counted (003 (四))."""
    tier_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TIER_WEIGHTS))
    reduced_inspection_weight: float = 0.5
    """Weight of a unit credit marks for reduced inspection (守信激励, C3)."""
    special_period: bool = False
    """Special periods leave last year's clean units out of the pool (000 Hongkou, S3)."""
    inspectors_per_unit: int = 2
    """双人执法."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["tier_weights"] = dict(sorted(self.tier_weights.items()))
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DrawRules:
        return cls(**{**data, "tier_weights": dict(data.get("tier_weights", DEFAULT_TIER_WEIGHTS))})

    def weight(self, unit: UnitSnapshot) -> float:
        if unit.reduced_inspection:
            return self.reduced_inspection_weight
        return float(self.tier_weights.get(unit.tier, 1.0))


@dataclass(frozen=True, slots=True)
class UnitSnapshot:
    """One unit as the draw sees it, with what the register knew at the draw."""

    uscc: str
    unit_name: str
    focus: bool = False
    counted_this_year: int = 0
    """Counted inspections this year, plus draws of earlier plans not yet inspected."""
    inspected_this_period: bool = False
    tier: str = "normal"
    reduced_inspection: bool = False
    clean_last_year: bool = False
    service_firm_uscc: str = ""


@dataclass(frozen=True, slots=True)
class InspectorSnapshot:
    """A certified inspector available for the month, with the USCCs they must stand aside for."""

    inspector_id: str
    ties: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegisterSnapshot:
    district: str
    month: str
    units: tuple[UnitSnapshot, ...]
    inspectors: tuple[InspectorSnapshot, ...]

    @cached_property
    def units_in_order(self) -> tuple[UnitSnapshot, ...]:
        """The units by USCC: the order of the canonical form and of the draw."""
        return tuple(sorted(self.units, key=_BY_USCC))

    def to_json(self) -> dict[str, Any]:
        return {
            "district": self.district,
            "month": self.month,
            "units": [{name: getattr(u, name) for name in UNIT_FIELDS} for u in self.units_in_order],
            "inspectors": self._inspectors_json(),
        }

    def _inspectors_json(self) -> list[dict[str, Any]]:
        return [
            {"inspector_id": i.inspector_id, "ties": sorted(i.ties)}
            for i in sorted(self.inspectors, key=lambda i: i.inspector_id)
        ]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RegisterSnapshot:
        return cls(
            district=data["district"],
            month=data["month"],
            units=tuple(UnitSnapshot(**u) for u in data["units"]),
            inspectors=tuple(
                InspectorSnapshot(inspector_id=i["inspector_id"], ties=tuple(i["ties"])) for i in data["inspectors"]
            ),
        )

    def digest(self) -> str:
        """SHA-256 of the snapshot's canonical JSON: the fingerprint published with the plan.

        The canonical JSON (`canonical_digest(self.to_json())`) is fed to the hash as it is
        written, a few thousand units at a time, never held whole.
        """
        digest = hashlib.sha256()
        for chunk in self._canonical_chunks():
            digest.update(chunk.encode())
        return "sha256:" + digest.hexdigest()

    def _canonical_chunks(self, per_chunk: int = 4096) -> Iterator[str]:
        # Keys in sorted order, as json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")).
        yield '{"district":' + encode_basestring(self.district)
        yield ',"inspectors":' + _canonical(self._inspectors_json())
        yield ',"month":' + encode_basestring(self.month) + ',"units":['
        units = self.units_in_order
        for start in range(0, len(units), per_chunk):
            yield ("," if start else "") + ",".join(map(_unit_canonical, units[start : start + per_chunk]))
        yield "]}"


_BY_USCC = attrgetter("uscc")
UNIT_FIELDS = tuple(UnitSnapshot.__dataclass_fields__)
_JSON_BOOL = ("false", "true")


def _unit_canonical(u: UnitSnapshot) -> str:
    """One unit as canonical JSON, keys sorted; exactly what `canonical_digest` writes for its dict."""
    if not (
        type(u.counted_this_year) is int
        and type(u.service_firm_uscc) is str
        and type(u.tier) is str
        and type(u.unit_name) is str
        and type(u.uscc) is str
        and type(u.focus) is bool
        and type(u.inspected_this_period) is bool
        and type(u.reduced_inspection) is bool
        and type(u.clean_last_year) is bool
    ):
        return _canonical({name: getattr(u, name) for name in UNIT_FIELDS})
    return (
        f'{{"clean_last_year":{_JSON_BOOL[u.clean_last_year]},"counted_this_year":{int.__repr__(u.counted_this_year)},'
        f'"focus":{_JSON_BOOL[u.focus]},"inspected_this_period":{_JSON_BOOL[u.inspected_this_period]},'
        f'"reduced_inspection":{_JSON_BOOL[u.reduced_inspection]},'
        f'"service_firm_uscc":{encode_basestring(u.service_firm_uscc)},"tier":{encode_basestring(u.tier)},'
        f'"unit_name":{encode_basestring(u.unit_name)},"uscc":{encode_basestring(u.uscc)}}}'
    )


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def commitment_of(reveal: str) -> str:
    """The commitment published when a plan is announced: SHA-256 of the value revealed at the draw."""
    return "sha256:" + hashlib.sha256(reveal.encode()).hexdigest()


def seed_of(reveal: str, district: str, month: str) -> str:
    """The draw's seed: fixed by the announcement's commitment before the draw, public after it."""
    return hashlib.sha256(f"draw-seed|{district}|{month}|{reveal}".encode()).hexdigest()


def canonical_digest(data: Any) -> str:
    return "sha256:" + hashlib.sha256(_canonical(data).encode()).hexdigest()


@dataclass(frozen=True)
class Draw:
    uscc: str
    unit_name: str
    inspector_ids: tuple[str, ...]
    reason: str  # "focus_due" or "random"


@dataclass(frozen=True)
class DrawOutcome:
    draws: tuple[Draw, ...]
    guidance: tuple[str, ...]
    """Units left out for a special period, to get remote or on-site guidance instead (S3)."""
    unstaffed: tuple[str, ...]
    """Drawn units for which no pair of inspectors without ties was available."""
    pool_size: int


def check_month(month: str) -> tuple[int, int]:
    match = MONTH.match(month)
    if match is None:
        raise SupervisionError(f"month {month!r} is not of the form YYYY-MM", "INVALID_MONTH")
    return int(match.group(1)), int(match.group(2))


def draw(snapshot: RegisterSnapshot, seed: str, rules: DrawRules, month: str) -> DrawOutcome:
    """The month's plan. Pure: the same inputs give the same outcome, whatever the order of rows."""
    _, month_number = check_month(month)
    if not seed:
        raise SupervisionError("a draw needs a seed", "INVALID_SEED")
    months_left = _months_left_in_period(month_number, rules.focus_period_months)
    certain: list[UnitSnapshot] = []
    pool: list[UnitSnapshot] = []
    guidance: list[str] = []
    focus_uniform = _Uniform(seed, month, "focus")
    special, ordinary_max = rules.special_period, rules.ordinary_max_per_year
    for unit in snapshot.units_in_order:
        if special and unit.clean_last_year and not unit.focus:
            guidance.append(unit.uscc)
        elif unit.focus and not unit.inspected_this_period and focus_uniform(unit.uscc) < 1 / months_left:
            certain.append(unit)
        elif unit.focus or unit.counted_this_year < ordinary_max:
            pool.append(unit)
    chosen = _weighted_sample(pool, _sample_size(rules, len(pool)), seed, month, rules)
    draws, unstaffed = _assign_inspectors(
        [(u, "focus_due") for u in certain] + [(u, "random") for u in chosen], snapshot.inspectors, seed, month, rules
    )
    return DrawOutcome(tuple(draws), tuple(guidance), tuple(unstaffed), pool_size=len(pool))


def _months_left_in_period(month_number: int, period: int) -> int:
    if period < 1:
        raise SupervisionError("the focus period must be at least one month", "INVALID_RULES")
    period_end = min(12, ((month_number - 1) // period + 1) * period)
    return period_end - month_number + 1


def _sample_size(rules: DrawRules, pool_size: int) -> int:
    wanted = rules.sample_size if rules.sample_size > 0 else math.ceil(rules.sample_rate * pool_size)
    return max(0, min(wanted, pool_size))


def _uniform(seed: str, month: str, purpose: str, *keys: str) -> float:
    """A number in (0, 1) determined by the seed, the month and the keys."""
    material = "|".join((seed, month, purpose, *keys)).encode()
    value = int.from_bytes(hashlib.sha256(material).digest()[:8], "big")
    return (value + 1) / (2**64 + 1)


class _Uniform:
    """`_uniform(seed, month, purpose, *prefix, key)` for many keys, the common part encoded once."""

    def __init__(self, seed: str, month: str, purpose: str, *prefix: str) -> None:
        self.head = "|".join((seed, month, purpose, *prefix, "")).encode()

    def __call__(self, key: str) -> float:
        value = int.from_bytes(hashlib.sha256(self.head + key.encode()).digest()[:8], "big")
        return (value + 1) / (2**64 + 1)


def _weighted_sample(
    pool: list[UnitSnapshot], size: int, seed: str, month: str, rules: DrawRules
) -> list[UnitSnapshot]:
    """The `size` units of largest Efraimidis–Spirakis key log(u) / weight, ties by USCC."""
    uniform, log = _Uniform(seed, month, "sample"), math.log
    weights: dict[tuple[str, bool], float] = {}
    keys: list[tuple[float, str]] = []
    for unit in pool:
        weight = weights.get((unit.tier, unit.reduced_inspection))
        if weight is None:
            weight = weights[(unit.tier, unit.reduced_inspection)] = rules.weight(unit)
        # sorted by (-key, uscc): the largest key first
        keys.append((math.inf if weight <= 0 else -(log(uniform(unit.uscc)) / weight), unit.uscc))
    best = heapq.nsmallest(size, range(len(pool)), key=keys.__getitem__)
    return sorted((pool[n] for n in best), key=_BY_USCC)


def _assign_inspectors(
    drawn: list[tuple[UnitSnapshot, str]],
    inspectors: tuple[InspectorSnapshot, ...],
    seed: str,
    month: str,
    rules: DrawRules,
) -> tuple[list[Draw], list[str]]:
    """Each unit in USCC order gets the `inspectors_per_unit` free inspectors least loaded so far,
    a load tie broken by `_uniform(seed, month, "inspector", uscc, inspector_id)`.

    Only inspectors tied on the last load the team reaches need that number: the others are in
    the team or out of it by their load alone, so it is drawn for them only.
    """
    needed = rules.inspectors_per_unit
    load = [0] * len(inspectors)
    tied_to: dict[str, set[int]] = {}
    for index, inspector in enumerate(inspectors):
        for uscc in inspector.ties:
            tied_to.setdefault(uscc, set()).add(index)
    everyone = range(len(inspectors))
    draws: list[Draw] = []
    unstaffed: list[str] = []
    for unit, reason in sorted(drawn, key=lambda pair: pair[0].uscc):
        away = tied_to.get(unit.uscc, _NOBODY) if unit.uscc else _NOBODY
        if unit.service_firm_uscc:
            away = away | tied_to.get(unit.service_firm_uscc, _NOBODY)
        free = [n for n in everyone if n not in away] if away else list(everyone)
        if len(free) < needed:
            unstaffed.append(unit.uscc)
            continue
        if needed <= 0:
            team_members = free[:needed]
        else:
            last = sorted(load[n] for n in free)[needed - 1]
            team_members = [n for n in free if load[n] < last]
            level = [n for n in free if load[n] == last]
            if len(team_members) + len(level) > needed:
                uniform = _Uniform(seed, month, "inspector", unit.uscc)
                level = heapq.nsmallest(
                    needed - len(team_members), level, key=lambda n: uniform(inspectors[n].inspector_id)
                )
            team_members += level
        for n in team_members:
            load[n] += 1
        team = tuple(sorted(inspectors[n].inspector_id for n in team_members))
        draws.append(Draw(unit.uscc, unit.unit_name, team, reason))
    return draws, unstaffed


_NOBODY: frozenset[int] = frozenset()
