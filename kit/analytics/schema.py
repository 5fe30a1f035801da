"""The Parquet schema of every stored event type, generated from the event classes themselves.

Each domain event class of a service (an aggregate's nested `Event` subclass) becomes one dataset,
named by its qualified name (`PermitApplication.Submitted`). Its columns are the envelope's, then
the class's own fields in declaration order, typed from their annotations:

    datetime                       timestamp[us, UTC]
    date                           date32
    str named *_at, due            timestamp[us, UTC]  (business times the class keeps as ISO text)
    str named *_on, *_date,        date32              (days the class keeps as ISO text)
      since, valid_until, deadline
    int / float / bool             int64 / float64 / bool
    other str, enum, UUID          string
    list, dict, dataclass          string (JSON, personal data inside pseudonymised as well)

A field named like an envelope or a partition column is prefixed `event_` (notify's `business_time`
of the cause becomes `event_business_time`). `business_time` is the event's own time: its first
timestamp field (or its first day's midnight in China time, or failing both the time it was
recorded). The month partition and `--as-of` use it, never the wall clock of the machine that
stored the event.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import typing
import uuid
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pyarrow as pa
from eventsourcing.domain import DomainEvent

from kit.settings import SERVICES

TIMESTAMP = pa.timestamp("us", tz="UTC")
ENVELOPE = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("position", pa.int64(), nullable=False),
        pa.field("event_type", pa.string(), nullable=False),
        pa.field("originator_id", pa.string(), nullable=False),
        pa.field("originator_version", pa.int64(), nullable=False),
        pa.field("recorded_at", TIMESTAMP, nullable=False),
        pa.field("business_time", TIMESTAMP, nullable=False),
        pa.field("correlation_id", pa.string()),
        pa.field("causation_id", pa.string()),
    ]
)
"""Columns every dataset starts with: the envelope's stable event id, where the event stands in its
service's log, which aggregate it belongs to, its two times, and the ids stored with it
(kit.tracing): the correlation id of the request that caused it (a partner's `x-request-id`, a
staff RPC call's, a command-line run's) and its causation, the `event_id` of the upstream event
whose processing stored it (null for a command's own events, and both null for events stored
before ids were kept). `service` and `month` are the Hive partition columns: they are in the
directory names, not in the files, as Spark and Trino expect."""

SKIPPED = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic", "originator_id_type"})
DAY_NAMES = ("since", "valid_until", "deadline")
TIME_NAMES = ("due",)
PARTITIONS = ("service", "month")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    """timestamp, date, int, float, bool, string or json: how a value is converted."""
    attribute: str = ""
    """The event's attribute, when the column is named otherwise (one named like an envelope column)."""

    @property
    def source(self) -> str:
        return self.attribute or self.name

    @property
    def arrow(self) -> pa.DataType:
        return {
            "timestamp": TIMESTAMP,
            "date": pa.date32(),
            "int": pa.int64(),
            "float": pa.float64(),
            "bool": pa.bool_(),
        }.get(self.kind, pa.string())


@dataclass(frozen=True)
class EventSchema:
    service: str
    event_type: str
    columns: tuple[Column, ...]

    @property
    def business_time_column(self) -> str | None:
        for kind in ("timestamp", "date"):
            for column in self.columns:
                if column.kind == kind:
                    return column.name
        return None

    @property
    def arrow(self) -> pa.Schema:
        fields = list(ENVELOPE) + [pa.field(c.name, c.arrow) for c in self.columns]
        return pa.schema(fields, metadata={"service": self.service, "event_type": self.event_type})


def _kind(name: str, annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = members[0] if len(members) == 1 else Any
        origin = typing.get_origin(annotation)
    if origin is not None:
        return "json"
    if annotation is dt.datetime:
        return "timestamp"
    if annotation is dt.date:
        return "date"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if annotation is str:
        if name.endswith("_at") or name in TIME_NAMES:
            return "timestamp"
        if name.endswith(("_on", "_date")) or name in DAY_NAMES:
            return "date"
        return "string"
    if annotation is uuid.UUID or (inspect.isclass(annotation) and issubclass(annotation, Enum)):
        return "string"
    if isinstance(annotation, typing.TypeVar):
        return "string"
    return "json"


def event_schema(service: str, cls: type) -> EventSchema:
    hints = typing.get_type_hints(cls)
    own = [n for n in hints if n not in SKIPPED and typing.get_origin(hints[n]) is not typing.ClassVar]
    columns = tuple(
        Column(f"event_{n}", _kind(n, hints[n]), n)
        if n in ENVELOPE.names or n in PARTITIONS
        else Column(n, _kind(n, hints[n]))
        for n in own
    )
    return EventSchema(service, cls.__qualname__, columns)


def event_classes(service: str) -> dict[str, type]:
    """Every domain event class defined in the service's domain package, by qualified name."""
    package = importlib.import_module(f"services.{service}.domain")
    modules = [package] + [
        importlib.import_module(f"{package.__name__}.{m.name}") for m in pkgutil.iter_modules(package.__path__)
    ]
    found: dict[str, type] = {}
    for module in modules:
        for value in vars(module).values():
            if not inspect.isclass(value) or value.__module__ != module.__name__:
                continue
            for nested in vars(value).values():
                if inspect.isclass(nested) and issubclass(nested, DomainEvent) and "." in nested.__qualname__:
                    found[nested.__qualname__] = nested
    return found


def all_schemas() -> dict[str, EventSchema]:
    """Every dataset's schema, by dataset name (the event class's qualified name)."""
    schemas: dict[str, EventSchema] = {}
    for service in SERVICES:
        for name, cls in sorted(event_classes(service).items()):
            if name in schemas and schemas[name].service != service:
                raise ValueError(f"event type {name} is defined by both {schemas[name].service} and {service}")
            schema = event_schema(service, cls)
            if cls.__name__ in ("Event", "Created") and not schema.columns:
                continue  # the library's base classes, re-exported by every aggregate
            schemas[name] = schema
    for name, cls in sorted(shared_event_classes().items()):
        schemas[name] = event_schema(EVERY_SERVICE, cls)
    return schemas


# What kit's own aggregates record in every service's log (the calendar's arrangements, the event
# chain's signed checkpoints): one dataset each, partitioned by service like the others.
EVERY_SERVICE = "every service"


def shared_event_classes() -> dict[str, type]:
    from kit.arrangements import ArrangementBook
    from kit.checkpoints import ChainCheckpoint

    return {
        nested.__qualname__: nested
        for aggregate in (ArrangementBook, ChainCheckpoint)
        for nested in vars(aggregate).values()
        if inspect.isclass(nested)
        and issubclass(nested, DomainEvent)
        and nested.__qualname__.startswith(f"{aggregate.__name__}.")
        and nested.__name__ not in ("Event", "Created")  # the library's base classes
    }


def schema_markdown(schemas: dict[str, EventSchema] | None = None) -> str:
    """The schema as the README documents it: one line per dataset."""
    schemas = schemas or all_schemas()
    lines = ["| dataset (event type) | service | columns after the envelope's |", "| --- | --- | --- |"]
    for name, schema in sorted(schemas.items(), key=lambda item: (item[1].service, item[0])):
        columns = ", ".join(f"`{c.name}` {c.arrow}" for c in schema.columns)
        lines.append(f"| `{name}` | {schema.service} | {columns} |")
    return "\n".join(lines)
