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
import pyarrow.parquet as pq
from stdnum.cn import ric
from tqdm import tqdm

from kit.analytics.schema import EventSchema, all_schemas
from kit.calendar import CHINA_TIME
from kit.envelope import stable_event_id
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


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


class Pseudonymiser:
    """Personal data out, pseudonyms in: by field name, and in any free text (a gateway's reply
    that names the number it refused) by the shape of e-mail addresses, mobile numbers and
    resident ID numbers."""

    def __init__(self, key: bytes | None) -> None:
        self.key = key

    @property
    def in_clear(self) -> bool:
        return self.key is None

    @property
    def key_id(self) -> str:
        return "clear" if self.key is None else hmac.new(self.key, b"key-id", hashlib.sha256).hexdigest()[:12]

    def pseudonym(self, value: str) -> str:
        if self.key is None or not value:
            return value
        return hmac.new(self.key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def text(self, value: str) -> str:
        """Free text with every e-mail address, mobile number and resident ID in it pseudonymised."""
        if self.key is None or not value:
            return value
        value = EMAIL.sub(lambda m: self.pseudonym(m.group()), value)
        value = MOBILE.sub(lambda m: self.pseudonym(m.group()), value)

        def resident(match: re.Match[str]) -> str:
            return self.pseudonym(match.group()) if ric.is_valid(match.group()) else match.group()

        return RESIDENT_ID.sub(resident, value)

    def field(self, event_type: str, name: str, value: Any) -> Any:
        if self.key is None:
            return value
        if isinstance(value, dict | list | tuple | set | frozenset) or hasattr(value, "__dataclass_fields__"):
            value = _plain(value)
        rule = PER_TYPE.get(event_type, {}).get(name)
        if rule == "drop" or name.endswith(DROPPED):
            return None
        if rule == "hash" or name.endswith(HASHED):
            return self.pseudonym(value) if isinstance(value, str) else self.nested(value, name)
        return self.nested(value, name)

    def nested(self, value: Any, parent: str = "") -> Any:
        if self.key is None:
            return value
        if isinstance(value, dict):
            cleaned = {}
            for k, v in value.items():
                if k.endswith(DROPPED) or (k == "name" and parent in PERSON_OBJECTS):
                    continue
                if k.endswith(HASHED) and isinstance(v, str):
                    cleaned[k] = self.pseudonym(v)
                else:
                    cleaned[k] = self.nested(v, k)
            return cleaned
        if isinstance(value, list | tuple):
            return [self.nested(v, parent) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value


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
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=CHINA_TIME)).astimezone(dt.UTC)
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


def convert(kind: str, value: Any) -> Any:
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "date":
        return _date(value)
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    if kind == "json":
        return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)
    plain = _plain(value)
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False, sort_keys=True)


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

    def rows(self, service: str, mapper: Any, notifications: Iterable[Any]) -> dict[tuple[str, str], list[Any]]:
        """The batch's events as rows, grouped by (dataset, month)."""
        grouped: dict[tuple[str, str], list[Any]] = {}
        for notification in notifications:
            event = mapper.to_domain_event(notification)
            event_type = type(event).__qualname__
            schema = self.schemas.get(event_type)
            if schema is None:
                raise ValueError(f"{service} position {notification.id}: no schema for event type {event_type}")
            values = vars(event)
            recorded = _timestamp(event.timestamp)
            assert recorded is not None
            row: dict[str, Any] = {
                "event_id": str(stable_event_id(service, event.originator_id, event.originator_version)),
                "position": notification.id,
                "event_type": event_type,
                "originator_id": str(event.originator_id),
                "originator_version": event.originator_version,
                "recorded_at": recorded,
            }
            for column in schema.columns:
                value = self.pseudonymiser.field(event_type, column.source, values.get(column.source))
                row[column.name] = convert(column.kind, value)
            business = schema.business_time_column
            row["business_time"] = (row.get(business) if business else None) or recorded
            if isinstance(row["business_time"], dt.date) and not isinstance(row["business_time"], dt.datetime):
                row["business_time"] = _timestamp(row["business_time"])
            month = f"{row['business_time'].astimezone(CHINA_TIME):%Y-%m}"
            grouped.setdefault((event_type, month), []).append(row)
        return grouped

    def write(self, service: str, grouped: dict[tuple[str, str], list[Any]]) -> int:
        files = 0
        for (event_type, month), rows in sorted(grouped.items()):
            schema = self.schemas[event_type].arrow
            table = pa.Table.from_pylist(rows, schema=schema)
            directory = self.out / event_type / f"service={service}" / f"month={month}"
            directory.mkdir(parents=True, exist_ok=True)
            name = f"part-{rows[0]['position']:012d}-{rows[-1]['position']:012d}.parquet"
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
