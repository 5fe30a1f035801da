"""The notify read models' tables, declared without schema (the service's schema is mapped in)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Boolean, Column, Integer, MetaData, String, Table, Text

metadata = MetaData()

notices = Table(
    "notices_view",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("recipient", String(200), nullable=False, index=True),
    Column("role", String(40), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("address", String(500), nullable=False),
    Column("notice_type", String(50), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("cause_event_id", String(200), nullable=False),
    Column("cause_type", String(100), nullable=False),
    Column("business_time", String(40), nullable=False),
    Column("reference", String(200), nullable=False, index=True),
    Column("created_at", String(30), nullable=False),
    Column("next_attempt_at", String(30), nullable=True, index=True),
    Column("attempts", Integer, nullable=False),
    Column("last_attempt_at", String(30), nullable=True),
    Column("last_result", String(30), nullable=True),
    Column("last_detail", Text, nullable=True),
    Column("held_reason", Text, nullable=True),
    Column("delivered_at", String(30), nullable=True),
    Column("receipt", Text, nullable=True),
    Column("failed_at", String(30), nullable=True),
    Column("failed_reason", Text, nullable=True),
    Column("read_at", String(30), nullable=True),
)

notice_traces = Table(
    "notice_traces_view",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    #: The request the notice follows from (the partner's x-request-id, kit.tracing), and the event that caused it.
    Column("correlation_id", String(200), nullable=False, index=True),
    Column("causation_id", String(200), nullable=False),
)
"""Beside `notices_view` rather than in it: a store made before it gets the table at start, no column to add."""

attempts = Table(
    "delivery_attempts_view",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("at", String(30), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("address", String(500), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("result", String(30), nullable=False),
    Column("detail", Text, nullable=False),
    Column("next_attempt_at", String(30), nullable=True),
)

publications = Table(
    "publications_view",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False, index=True),
    Column("notice_type", String(50), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("uscc", String(18), nullable=False),
    Column("unit_name", Text, nullable=False),
    Column("district", String(100), nullable=False, index=True),
    Column("reference", String(200), nullable=False),
    Column("decided_on", String(10), nullable=False),
    Column("publish_by", String(10), nullable=False),
    Column("published_at", String(30), nullable=True, index=True),
    Column("details", JSON, nullable=False),
)

# The signed checkpoints of every service's event chain (kit/checkpoints.py), for the public feed's
# /checkpoints: notify's own, and those permits, supervision and credit publish.
published_checkpoints = Table(
    "published_checkpoints_view",
    metadata,
    Column("service", String(20), primary_key=True),
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("link", String(64), nullable=False),
    Column("signed_at", String(40), nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("signature", String(128), nullable=False),
    Column("public_key", String(64), nullable=False),
)

deadlines = Table(
    "deadlines_view",
    metadata,
    Column("deadline_id", String(36), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("reference", String(200), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", Text, nullable=False),
    Column("due_on", String(10), nullable=False, index=True),
    Column("is_open", Boolean, nullable=False),
    Column("reminded_for", String(10), nullable=False),
)


def stamp(value: dt.datetime) -> str:
    """Times in read models: fixed-width UTC text, which sorts as time does on every database."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
