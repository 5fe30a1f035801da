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

import datetime as dt
import hashlib
import hmac
import importlib
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from stdnum.cn import ric
from tqdm import tqdm

from kit.analytics.schema import ENVELOPE, EventSchema, all_schemas
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
        it is scrubbed with the column, `scrub`)."""
        kind = type(value)
        if kind is str or kind is int or kind is float or kind is bool or value is None:
            return value
        if kind is dict:
            cleaned = {}
            keyed = self.key is not None
            for k, v in value.items():
                if type(k) is not str:
                    k = str(k)
                if keyed:
                    if k.endswith(DROPPED) or (k == "name" and parent in PERSON_OBJECTS):
                        continue
                    if type(v) is str:
                        cleaned[k] = self.pseudonym(v) if k.endswith(HASHED) else v
                        continue
                elif type(v) is str:
                    cleaned[k] = v
                    continue
                cleaned[k] = self.clean(v, k)
            return cleaned
        if kind is list or kind is tuple:
            return [v if type(v) is str else self.clean(v, parent) for v in value]
        if isinstance(value, dict):
            return self.clean(dict(value), parent)
        if isinstance(value, set | frozenset):
            return sorted((self.clean(v, parent) for v in value), key=str)
        if hasattr(value, "__dataclass_fields__"):
            return self.clean({k: getattr(value, k) for k in value.__dataclass_fields__}, parent)
        plain = _plain(value)
        return plain if type(plain) is str else self.clean(plain, parent)


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


def event_id(source: str, originator_id: UUID, originator_version: int) -> str:
    """`kit.envelope.stable_event_id` as text, the UUID 5 computed without building UUID objects."""
    digest = bytearray(hashlib.sha1(NAMESPACE + f"{source}:{originator_id}:{originator_version}".encode()).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


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
            return _json(pseudonymiser.clean(value, name))

        return hashed
    if kind == "timestamp":
        return _timestamp
    if kind == "date":
        return _date
    if kind in ("int", "float", "bool"):
        cast: Callable[[Any], Any] = {"int": int, "float": float, "bool": bool}[kind]
        return lambda value: None if value is None else cast(value)
    if kind == "json":
        return lambda value: None if value is None else _json(pseudonymiser.clean(value, name))

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
        self._plans: dict[str, tuple[EventSchema, list[tuple[str, Convert]], int | None]] = {}
        self._scrubbed: dict[str, set[int]] = {}

    def _plan(self, event_type: str) -> tuple[EventSchema, list[tuple[str, Convert]], int | None]:
        plan = self._plans.get(event_type)
        if plan is None:
            schema = self.schemas[event_type]
            converters = [
                (
                    c.source,
                    converter(c.kind, c.source, self.pseudonymiser.rule(event_type, c.source), self.pseudonymiser),
                )
                for c in schema.columns
            ]
            business = schema.business_time_column
            index = next((n for n, c in enumerate(schema.columns) if c.name == business), None)
            plan = self._plans[event_type] = (schema, converters, index)
            offset = len(ENVELOPE)
            self._scrubbed[event_type] = {
                offset + n
                for n, c in enumerate(schema.columns)
                if c.arrow == pa.string() and self.pseudonymiser.rule(event_type, c.source) == "keep"
            }
        return plan

    def rows(self, service: str, mapper: Any, notifications: Iterable[Any]) -> dict[tuple[str, str], list[Any]]:
        """The batch's events as rows (tuples in the schema's column order), grouped by (dataset, month)."""
        grouped: dict[tuple[str, str], list[Any]] = {}
        ids: dict[Any, str] = {}
        for notification in notifications:
            event = mapper.to_domain_event(notification)
            event_type = type(event).__qualname__
            if event_type not in self.schemas:
                raise ValueError(f"{service} position {notification.id}: no schema for event type {event_type}")
            _, converters, business_index = self._plan(event_type)
            values = vars(event)
            own = [convert(values.get(source)) for source, convert in converters]
            recorded = event.timestamp if event.timestamp.tzinfo else _timestamp(event.timestamp)
            business = own[business_index] if business_index is not None else None
            if business is None:
                business = recorded
            elif not isinstance(business, dt.datetime):
                business = _timestamp(business)
            assert recorded is not None and business is not None
            originator = ids.get(event.originator_id)
            if originator is None:
                originator = ids[event.originator_id] = str(event.originator_id)
            row = (
                event_id(service, event.originator_id, event.originator_version),
                notification.id,
                event_type,
                originator,
                event.originator_version,
                recorded,
                business,
                *own,
            )
            local = business.astimezone(CHINA_TIME)
            month = f"{local.year:04d}-{local.month:02d}"
            grouped.setdefault((event_type, month), []).append(row)
        return grouped

    def write(self, service: str, grouped: dict[tuple[str, str], list[Any]]) -> int:
        files = 0
        for (event_type, month), rows in sorted(grouped.items()):
            schema = self.schemas[event_type].arrow
            columns = [
                pa.array(list(values), type=f.type) for values, f in zip(zip(*rows, strict=True), schema, strict=True)
            ]
            scrubbed = self._scrubbed[event_type]
            columns = [self.pseudonymiser.scrub(c) if n in scrubbed else c for n, c in enumerate(columns)]
            table = pa.Table.from_arrays(columns, schema=schema)
            directory = self.out / event_type / f"service={service}" / f"month={month}"
            directory.mkdir(parents=True, exist_ok=True)
            name = f"part-{rows[0][1]:012d}-{rows[-1][1]:012d}.parquet"
            pq.write_table(table, directory / name, compression="zstd")
            files += 1
        return files

    def export_service(self, service: str, app: Any, after: int, progress: Callable[[int], None]) -> tuple[int, int]:
        """Export the service's events after `after`; return (last position, files written)."""
        position, files = after, 0
        while True:
            notifications = app.recorder.select_notifications(position + 1, self.batch_size)
            if not notifications:
                return position, files
            files += self.write(service, self.rows(service, app.mapper, notifications))
            position = notifications[-1].id
            progress(len(notifications))
            if len(notifications) < self.batch_size:
                return position, files


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
