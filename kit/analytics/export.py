"""`firesafety export`: every service's event log to Parquet, one dataset per event type.

    OUT/<EventType>/service=<service>/month=<YYYY-MM>/part-<first>-<last>.parquet
    OUT/_export_state.json        the last exported log position of each service, and the mode

A run exports what each log holds after the position the previous run reached, into new part
files: nothing written before is rewritten. The month is that of the event's business time in
China time (kit.analytics.schema).

Personal data is pseudonymised unless told otherwise: resident ID numbers, phone numbers and e-mail
addresses (and the addresses notices went to) become a keyed HMAC-SHA256 (the same value gives the
same pseudonym, so counting and joining still work), and the names of natural persons are dropped.
The key is ANALYTICS_PSEUDONYM_KEY, or a random key kept in VAR_DIR/analytics-pseudonym.key on the
exporting side, never in the export. Clear text is exported only with `--personal-data-in-clear`,
which is logged, recorded in the state file, and refused for a directory exported otherwise before.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import gc
import hashlib
import hmac
import importlib
import json
import logging
import operator
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from stdnum.cn import ric
from tqdm import tqdm

from kit import tracing
from kit.analytics.schema import TIMESTAMP, Column, EventSchema, all_schemas
from kit.calendar import CHINA_TIME
from kit.envelope import EVENT_ID_NAMESPACE
from kit.settings import SERVICES, load_settings

log = logging.getLogger("firesafety.export")
STATE_FILE = "_export_state.json"
KEY_FILE = "analytics-pseudonym.key"

HASHED = ("phone", "email", "legal_representative_id", "resident_id", "id_number")
"""A field whose name ends with one of these is replaced by its keyed pseudonym."""
DROPPED = ("reporter_name", "responsible_person", "legal_representative", "applicant_name")
"""Names of natural persons, wherever they appear (also `previous_legal_representative`)."""
PERSON_OBJECTS = frozenset({"applicant", "contact", "reporter", "responsible"})
"""Objects describing a natural person: their `name` is dropped."""
PER_TYPE: dict[str, dict[str, str]] = {
    "Inspector.Enrolled": {"name": "drop"},
    "Notice.Created": {"address": "hash", "body": "drop"},
    "Notice.DeliveryAttempted": {"address": "hash"},
}
"""Fields personal in one event type only: an inspector's name, where a notice went and its text."""


PERSONAL_TEXT = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?<![0-9A-Za-z])(?:(?P<mobile>1[3-9]\d{9})|(?P<resident>\d{17}[\dXx]))(?![0-9A-Za-z])"
)
"""E-mail addresses, mainland mobile numbers and (checked afterwards) resident ID numbers in text."""
CANDIDATE = r"@|(?:^|[^0-9A-Za-z])(?:1[3-9][0-9]{9}|[0-9]{17}[0-9Xx])(?:[^0-9A-Za-z]|$)"
"""What a text holding any of them must contain: the cheap first test."""


class Pseudonymiser:
    """Personal data out, pseudonyms in: by field name, and in any free text (a gateway's reply
    that names the number it refused) by the shape of e-mail addresses, mobile numbers and
    resident ID numbers."""

    def __init__(self, key: bytes | None) -> None:
        self.key = key
        self._memo: dict[str, str] = {}
        self._dict_plans: dict[tuple[str, tuple[Any, ...]], tuple[frozenset[str], tuple[str, ...]]] = {}
        self._texts: dict[tuple[Any, ...], str] = {}
        self._counts: dict[str, list[int]] = {}
        """Per field: its values looked up among the kept texts, and found."""
        self._unkept: set[str] = set()

    @property
    def in_clear(self) -> bool:
        return self.key is None

    @property
    def key_id(self) -> str:
        return "clear" if self.key is None else hmac.new(self.key, b"key-id", hashlib.sha256).hexdigest()[:12]

    def pseudonym(self, value: str) -> str:
        if self.key is None or not value:
            return value
        found = self._memo.get(value)
        if found is None:
            found = hmac.new(self.key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
            if len(self._memo) < 100_000:
                self._memo[value] = found
        return found

    def text(self, value: str) -> str:
        """Free text with every e-mail address, mobile number and resident ID in it pseudonymised."""
        if self.key is None or not value:
            return value
        return PERSONAL_TEXT.sub(self._replace, value)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group()
        if match.lastgroup == "resident" and not ric.is_valid(found):
            return found
        return self.pseudonym(found)

    def scrub(self, column: pa.Array) -> pa.Array:
        """A string column with the personal data in its free text pseudonymised. The few values that
        may hold any are found by Arrow's own regular expressions, and only those are rewritten."""
        if self.key is None or len(column) == 0:
            return column
        candidates = pc.match_substring_regex(column, CANDIDATE)
        if not pc.any(candidates).as_py():
            return column
        values = column.to_pylist()
        for index in pc.indices_nonzero(candidates).to_pylist():
            values[index] = self.text(values[index])
        return pa.array(values, type=column.type)

    def rule(self, event_type: str, name: str) -> str:
        """drop, hash or keep: what becomes of a field of this event type."""
        if self.key is None:
            return "keep"
        rule = PER_TYPE.get(event_type, {}).get(name)
        if rule == "drop" or name.endswith(DROPPED):
            return "drop"
        if rule == "hash" or name.endswith(HASHED):
            return "hash"
        return "keep"

    def clean(self, value: Any, parent: str = "") -> Any:
        """A structured value as plain JSON values, its personal fields pseudonymised (the free text in
        it is scrubbed with the column, `scrub`). A dict of plain values whose keys need nothing is
        returned as it is; what its keys need is worked out once per key set."""
        kind = type(value)
        if kind in SCALARS:
            return value
        if kind is dict:
            plan = self._dict_plans.get((parent, tuple(value)))
            if plan is None:
                plan = self._dict_plan(parent, value)
            if plan is _NO_PLAN:
                return self._clean_dict(value)
            dropped, hashed = plan
            cleaned = {k: v for k, v in value.items() if k not in dropped} if dropped else value
            if hashed:
                cleaned = dict(cleaned) if cleaned is value else cleaned
                for k in hashed:
                    v = cleaned.get(k)
                    if type(v) is str:
                        cleaned[k] = self.pseudonym(v)
            if not set(map(type, cleaned.values())) <= SCALARS:
                cleaned = dict(cleaned) if cleaned is value else cleaned
                for k, v in cleaned.items():
                    if type(v) not in SCALARS:
                        cleaned[k] = self.clean(v, k)
            return cleaned
        if kind is list or kind is tuple:
            if set(map(type, value)) <= SCALARS:
                return value if kind is list else list(value)
            return [v if type(v) is str else self.clean(v, parent) for v in value]
        if isinstance(value, dict):
            return self.clean(dict(value), parent)
        if isinstance(value, set | frozenset):
            return sorted((self.clean(v, parent) for v in value), key=str)
        if hasattr(value, "__dataclass_fields__"):
            return self.clean({k: getattr(value, k) for k in value.__dataclass_fields__}, parent)
        plain = _plain(value)
        return plain if type(plain) is str else self.clean(plain, parent)

    def json(self, value: Any, parent: str = "") -> str:
        """A structured value's JSON text, cleaned. A dict or list of plain values comes again and
        again (a unit on each of its applications, a delivery method, a list of materials): its
        text is kept, by value and by each value's type (1, 1.0 and True are equal in Python), for
        as long as it pays: a field whose values seldom come again is no longer kept."""
        kind = type(value)
        if parent in self._unkept or (kind is not dict and kind is not list):
            return _json(self.clean(value, parent))
        try:
            if kind is dict:
                key: tuple[Any, ...] = (parent, tuple(value.items()), tuple(map(type, value.values())))
            else:
                key = (parent, None, tuple(value), tuple(map(type, value)))
            found = self._texts.get(key)
        except TypeError:  # a value holds a dict or a list: not kept
            return _json(self.clean(value, parent))
        counts = self._counts.get(parent)
        if counts is None:
            counts = self._counts[parent] = [0, 0]
        counts[0] += 1
        if found is not None:
            counts[1] += 1
            return found
        found = _json(self.clean(value, parent))
        if len(self._texts) >= 50_000:
            self._texts.clear()
        self._texts[key] = found
        if counts[0] == 2000 and counts[1] < 200:
            self._unkept.add(parent)
        return found

    def _dict_plan(self, parent: str, value: dict[Any, Any]) -> tuple[frozenset[str], tuple[str, ...]]:
        """Which keys of a dict with these keys are dropped and which hashed (_NO_PLAN: a key is not text)."""
        plan: tuple[frozenset[str], tuple[str, ...]] = _NO_PLAN
        if all(type(k) is str for k in value):
            if self.key is None:
                plan = (frozenset(), ())
            else:
                dropped = frozenset(
                    k for k in value if k.endswith(DROPPED) or (k == "name" and parent in PERSON_OBJECTS)
                )
                plan = (dropped, tuple(k for k in value if k not in dropped and k.endswith(HASHED)))
        if len(self._dict_plans) < 10_000:
            self._dict_plans[(parent, tuple(value))] = plan
        return plan

    def _clean_dict(self, value: dict[Any, Any]) -> dict[str, Any]:
        """A dict with keys that are not text: each key as text, then cleaned like any other."""
        return self.clean({str(k): v for k, v in value.items()})  # type: ignore[no-any-return]


SCALARS = frozenset({str, int, float, bool, type(None)})
_NO_PLAN: tuple[frozenset[str], tuple[str, ...]] = (frozenset(), ())
"""The plan of a dict with keys that are not text (told apart by identity)."""


def pseudonym_key(var_dir: Path, environ: Mapping[str, str] | None = None) -> bytes:
    """ANALYTICS_PSEUDONYM_KEY, or the exporting side's own random key (made on first use)."""
    env = os.environ if environ is None else environ
    given = env.get("ANALYTICS_PSEUDONYM_KEY")
    if given:
        return given.encode("utf-8")
    path = var_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip().encode("ascii")


# -- values ---------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def _timestamp(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):  # Arrow stores an aware time as UTC itself
        return value if value.tzinfo else value.replace(tzinfo=CHINA_TIME)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0), CHINA_TIME).astimezone(dt.UTC)
    return None


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(CHINA_TIME).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


Convert = Callable[[Any], Any]
NAMESPACE = EVENT_ID_NAMESPACE.bytes


def event_id(source: str, originator_id: UUID | str, originator_version: int) -> str:
    """`kit.envelope.stable_event_id` as text, the UUID 5 computed without building UUID objects."""
    return event_ids(source)(str(originator_id), originator_version)


_VARIANT = {c: f"{(int(c, 16) & 0x3) | 0x8:x}" for c in "0123456789abcdef"}


def event_ids(source: str) -> Callable[[str, int], str]:
    """One service's stable event ids: the SHA-1 of the namespace and the service's name is taken
    once, each event adds its aggregate and version to a copy of it."""
    base = hashlib.sha1(NAMESPACE + f"{source}:".encode())
    variant = _VARIANT

    def stable_id(originator_id: str, originator_version: int) -> str:
        digest = base.copy()
        digest.update(f"{originator_id}:{originator_version}".encode())
        h = digest.hexdigest()  # version 5 in the 13th hex digit, the RFC 4122 variant in the 17th
        return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{variant[h[16]]}{h[17:20]}-{h[20:32]}"

    return stable_id


def converter(kind: str, name: str, rule: str, pseudonymiser: Pseudonymiser) -> Convert:
    """How one column's values are made, decided once per event type and column."""
    if rule == "drop":
        return lambda value: None
    if rule == "hash":

        def hashed(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, str):
                return pseudonymiser.pseudonym(value)
            return pseudonymiser.json(value, name)

        return hashed
    if kind == "timestamp":
        return _timestamp
    if kind == "date":
        return _date
    if kind in ("int", "float", "bool"):
        cast: Callable[[Any], Any] = {"int": int, "float": float, "bool": bool}[kind]
        return lambda value: None if value is None else cast(value)
    if kind == "json":
        return lambda value: None if value is None else pseudonymiser.json(value, name)

    def text(value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        plain = _plain(value)
        return plain if isinstance(plain, str) else _json(pseudonymiser.clean(plain, name))

    return text


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


# -- the export -----------------------------------------------------------------------------------


@dataclass
class ExportState:
    positions: dict[str, int] = field(default_factory=dict)
    key_id: str = ""

    @classmethod
    def read(cls, out: Path) -> ExportState:
        path = out / STATE_FILE
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(positions={k: int(v) for k, v in raw["positions"].items()}, key_id=raw["key_id"])

    def write(self, out: Path) -> None:
        body = {"format": 1, "positions": self.positions, "key_id": self.key_id,
                "personal_data_in_clear": self.key_id == "clear"}  # fmt: skip
        temporary = out / f"{STATE_FILE}.tmp"
        temporary.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        temporary.replace(out / STATE_FILE)


@dataclass
class ExportReport:
    events: int = 0
    files: int = 0
    seconds: float = 0.0
    positions: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


FAST_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str, type(None)}),
    "int": frozenset({int, type(None)}),
    "float": frozenset({float, int, type(None)}),
    "bool": frozenset({bool, type(None)}),
    "date": frozenset({dt.date, type(None)}),
    "timestamp": frozenset({dt.datetime, type(None)}),
}
"""The Python types Arrow converts to a column's type exactly as its converter would, a whole list at once."""
_TZINFO = operator.attrgetter("tzinfo")
ENVELOPE_FIELDS = operator.itemgetter("originator_id", "originator_version", "timestamp")
CHINA_OFFSET = pa.timestamp("us", tz="+08:00")


@dataclass
class _Plan:
    schema: EventSchema
    arrow: pa.Schema
    columns: list[tuple[str, str, str, Convert]]
    """Each own column's attribute, kind, rule (keep, hash or drop) and converter of one value."""
    business: int | None
    """The own column the business time is taken from."""
    scrubbed: frozenset[int]
    """The own columns of free text to scrub."""


@dataclass
class _Batch:
    """One event type's events of a page, kept as they come, turned into columns at once."""

    states: list[dict[str, Any]] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    traces: list[tracing.Trace] = field(default_factory=list)


class Exporter:
    """Reads one service's log after a position and writes its events as Parquet parts."""

    def __init__(
        self,
        out: Path,
        pseudonymiser: Pseudonymiser,
        schemas: dict[str, EventSchema] | None = None,
        batch_size: int = 20_000,
    ) -> None:
        self.out = out
        self.pseudonymiser = pseudonymiser
        self.schemas = schemas or all_schemas()
        self.batch_size = batch_size
        self._plans: dict[str, _Plan] = {}

    def _plan(self, event_type: str) -> _Plan:
        plan = self._plans.get(event_type)
        if plan is None:
            schema = self.schemas[event_type]
            rules = [self.pseudonymiser.rule(event_type, c.source) for c in schema.columns]
            business = schema.business_time_column
            plan = self._plans[event_type] = _Plan(
                schema=schema,
                arrow=schema.arrow,
                columns=[
                    (c.source, c.kind, rule, converter(c.kind, c.source, rule, self.pseudonymiser))
                    for c, rule in zip(schema.columns, rules, strict=True)
                ],
                business=next((n for n, c in enumerate(schema.columns) if c.name == business), None),
                scrubbed=frozenset(
                    n for n, (c, rule) in enumerate(zip(schema.columns, rules, strict=True))
                    if c.arrow == pa.string() and rule == "keep"
                ),
            )  # fmt: skip
        return plan

    def tables(self, service: str, mapper: Any, notifications: Iterable[Any]) -> dict[tuple[str, str], pa.Table]:
        """The page's events as Arrow tables, one per (dataset, month), each in log order: the events
        of a type are gathered as they come, then every column is made from all of them at once."""
        decode = mapper.decode if isinstance(mapper, tracing.CorrelatingMapper) else partial(tracing.decode, mapper)
        batches: dict[str, _Batch] = {}
        for notification in notifications:
            event, trace = decode(notification)
            event_type = type(event).__qualname__
            batch = batches.get(event_type)
            if batch is None:
                if event_type not in self.schemas:
                    raise ValueError(f"{service} position {notification.id}: no schema for event type {event_type}")
                batch = batches[event_type] = _Batch()
            batch.states.append(event.__dict__)
            batch.positions.append(notification.id)
            batch.traces.append(trace)
        ids = event_ids(service)
        names: dict[Any, str] = {}
        tables: dict[tuple[str, str], pa.Table] = {}
        for event_type, batch in batches.items():
            table = self._table(event_type, batch, ids, names)
            first, last = (_month(t) for t in pc.min_max(table.column("business_time")).values())
            if first == last:
                tables[(event_type, first)] = table
                continue
            months = pc.strftime(table.column("business_time").cast(CHINA_OFFSET), format="%Y-%m")
            distinct = sorted(pc.unique(months).to_pylist())
            for month in distinct:
                tables[(event_type, month)] = table.filter(pc.equal(months, month))
        return tables

    def _table(self, event_type: str, batch: _Batch, ids: Callable[[str, int], str], names: dict[Any, str]) -> pa.Table:
        """The event type's events of a page as one table (`names`: aggregate ids as text, so far)."""
        plan = self._plan(event_type)
        states = batch.states
        originator_ids, versions, recorded_at = zip(*map(ENVELOPE_FIELDS, states), strict=True)
        names.update((o, str(o)) for o in set(originator_ids).difference(names))
        originators = list(map(names.__getitem__, originator_ids))
        own = [
            self._column(values, *column) for values, column in zip(self._own(plan, states), plan.columns, strict=True)
        ]
        own = [self.pseudonymiser.scrub(c) if n in plan.scrubbed else c for n, c in enumerate(own)]
        recorded = _timestamps(recorded_at)
        business = recorded
        if plan.business is not None:
            chosen = own[plan.business]
            if chosen.type == pa.date32():
                chosen = pa.array([_timestamp(d) for d in chosen.to_pylist()], TIMESTAMP)
            business = pc.coalesce(chosen, recorded)
        envelope = [
            pa.array(list(map(ids, originators, versions)), pa.string()),
            pa.array(batch.positions, pa.int64()),
            pa.repeat(pa.scalar(event_type), len(states)),
            pa.array(originators, pa.string()),
            pa.array(versions, pa.int64()),
            recorded,
            business,
            pa.array([t.correlation_id or None for t in batch.traces], pa.string()),
            pa.array([t.causation_id or None for t in batch.traces], pa.string()),
        ]
        return pa.Table.from_arrays(envelope + own, schema=plan.arrow)

    @staticmethod
    def _own(plan: _Plan, states: list[dict[str, Any]]) -> list[Sequence[Any]]:
        """The values of each own column, taken from every event at once (value by value where an
        event lacks a field, as one recorded before the field was added)."""
        sources = [source for source, _, rule, _ in plan.columns]
        if not sources:
            return []
        try:
            if len(sources) == 1:
                return [list(map(operator.itemgetter(sources[0]), states))]
            return list(zip(*map(operator.itemgetter(*sources), states), strict=True))
        except KeyError:
            return [[state.get(source) for state in states] for source in sources]

    def _column(self, values: Sequence[Any], source: str, kind: str, rule: str, convert: Convert) -> pa.Array:
        """One own column of the batch: handed to Arrow whole when its values are of the types Arrow
        converts as the converter would, converted value by value otherwise."""
        arrow = Column(source, kind).arrow
        if rule == "drop":
            return pa.nulls(len(values), arrow)
        whole = rule == "keep" and kind in FAST_TYPES and set(map(type, values)) <= FAST_TYPES[kind]
        if whole and (kind != "timestamp" or None not in set(map(_TZINFO, filter(None, values)))):
            return pa.array(values, arrow)  # a naive time is China time (`_timestamp`), not UTC as Arrow takes it
        return pa.array(list(map(convert, values)), arrow)

    def write(self, service: str, tables: dict[tuple[str, str], pa.Table]) -> int:
        files = 0
        for (event_type, month), table in sorted(tables.items()):
            directory = self.out / event_type / f"service={service}" / f"month={month}"
            directory.mkdir(parents=True, exist_ok=True)
            positions = table.column("position")
            name = f"part-{positions[0].as_py():012d}-{positions[-1].as_py():012d}.parquet"
            pq.write_table(table, directory / name, compression="zstd")
            files += 1
        return files

    def export_service(self, service: str, app: Any, after: int, progress: Callable[[int], None]) -> tuple[int, int]:
        """Export the service's events after `after`; return (last position, files written). The
        next page is read while this one is written (kit.projection's read-ahead)."""
        position, files = after, 0
        for notifications in read_ahead(app.recorder, after + 1, self.batch_size):
            with collections_paused():
                tables = self.tables(service, app.mapper, notifications)
            files += self.write(service, tables)
            position = notifications[-1].id
            progress(len(notifications))
        return position, files


def _month(moment: pa.TimestampScalar) -> str:
    local = moment.as_py().astimezone(CHINA_TIME)
    return f"{local.year:04d}-{local.month:02d}"


def _timestamps(values: Sequence[Any]) -> pa.Array:
    """Aware times as Arrow takes them; a naive one is in China time (`_timestamp`)."""
    if set(map(type, values)) <= {dt.datetime} and None not in set(map(_TZINFO, values)):
        return pa.array(values, TIMESTAMP)
    return pa.array(list(map(_timestamp, values)), TIMESTAMP)


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """The cyclic garbage collector idle while a page becomes tables: the page's events, all alive
    until then and free of cycles, would otherwise be traversed again and again as they pile up."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_ahead(recorder: Any, start: int, limit: int) -> Iterator[list[Any]]:
    """The log page by page from `start`, each page read in a thread while the one before is
    exported: the store's driver waits for the disk or the server without the interpreter's lock."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-read") as reader:
        page = reader.submit(recorder.select_notifications, start, limit)
        while notifications := page.result():
            if len(notifications) < limit:
                yield notifications
                return
            page = reader.submit(recorder.select_notifications, notifications[-1].id + 1, limit)
            yield notifications


def export(
    out: Path,
    *,
    in_clear: bool = False,
    environ: Mapping[str, str] | None = None,
    services: Iterable[str] = SERVICES,
    show_progress: bool = True,
    batch_size: int = 20_000,
) -> ExportReport:
    env = os.environ if environ is None else environ
    out.mkdir(parents=True, exist_ok=True)
    first = load_settings("permits", env)
    pseudonymiser = Pseudonymiser(None if in_clear else pseudonym_key(first.var_dir, env))
    state = ExportState.read(out)
    if state.key_id and state.key_id != pseudonymiser.key_id:
        wanted = "in clear" if state.key_id == "clear" else "pseudonymised with another key"
        raise ValueError(f"{out} was exported {wanted} before: export into a new directory")
    if in_clear:
        log.warning("exporting personal data IN CLEAR into %s (requested by %s)", out, os.environ.get("USER", "?"))
    state.key_id = pseudonymiser.key_id
    exporter = Exporter(out, pseudonymiser, batch_size=batch_size)
    report = ExportReport()
    started = time.monotonic()
    apps = {s: importlib.import_module(f"services.{s}.bootstrap").build_application(load_settings(s, env))
            for s in services}  # fmt: skip
    try:
        total = sum(max(0, (app.recorder.max_notification_id() or 0) - state.positions.get(s, 0))
                    for s, app in apps.items())  # fmt: skip
        with tqdm(total=total, desc="exporting events", unit=" events", unit_scale=True,
                  disable=not show_progress) as bar:  # fmt: skip

            def progress(count: int) -> None:
                report.events += count
                bar.update(count)

            for service, app in apps.items():
                bar.set_postfix_str(service)
                position, files = exporter.export_service(service, app, state.positions.get(service, 0), progress)
                report.files += files
                state.positions[service] = position
                state.write(out)
    finally:
        for app in apps.values():
            app.close()
    report.seconds = time.monotonic() - started
    report.positions = dict(state.positions)
    return report
