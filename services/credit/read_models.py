"""Read models of credit, built from its own event log: units, the blacklist, listing notices.

Dates are ISO strings, so they sort as dates. The blacklist is indexed for partner agencies'
queries by district and listing date; units by the day their record is next due for review,
which is how closing a day finds the units it concerns without reading every record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    or_,
    select,
)

from kit.projection import insert_or_ignore, pending_row, update_row
from services.credit.domain import Fact, UnitCreditRecord
from services.credit.domain.record import register_name_key

metadata = MetaData()
R = UnitCreditRecord

units = Table(
    "credit_units_view",
    metadata,
    Column("uscc", String(18), primary_key=True),
    Column("record_id", String(36), nullable=False, unique=True),
    Column("unit_name", String(200), nullable=False),
    Column("name_key", String(80), nullable=False),
    Column("district", String(200), nullable=False, index=True),
    Column("district_key", String(80), nullable=False),
    Column("standing", String(30), nullable=False, index=True),
    Column("colour", String(10), nullable=False),
    Column("reduced_inspection", Boolean, nullable=False),
    Column("listed_rules", String(300), nullable=False),
    Column("effective_on", String(10), nullable=False),
    Column("permits_held", Integer, nullable=False),
    Column("open_notices", Integer, nullable=False),
    Column("review_on", String(10), nullable=True, index=True),
    Column("last_cause_event_id", String(36), nullable=False),
    Column("last_fact_key", String(80), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

blacklist = Table(
    "credit_blacklist_view",
    metadata,
    Column("uscc", String(18), primary_key=True),
    Column("unit_name", String(200), nullable=False),
    Column("district", String(200), nullable=False),
    Column("listed_since", String(10), nullable=False),
    Column("listed_rules", String(300), nullable=False),
    Index("credit_blacklist_by_district", "district", "listed_since", "uscc"),
    Index("credit_blacklist_by_date", "listed_since", "uscc"),
)

notices = Table(
    "credit_notices_view",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("rule", String(40), nullable=False),
    Column("tier", String(30), nullable=False),
    Column("noticed_on", String(10), nullable=False),
    Column("objection_deadline", String(10), nullable=False),
    #: The window was counted across a year the official holiday arrangement has not reached yet.
    Column("objection_deadline_provisional", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False),
    Column("objection", String(20), nullable=False),
    Column("listed_on", String(10), nullable=False),
    Column("closed_on", String(10), nullable=False),
)


def apply(conn: Connection, domain_event: Any) -> None:
    record_id = str(domain_event.originator_id)
    if isinstance(domain_event, R.Opened):
        _open(conn, record_id, domain_event.uscc, Fact.from_data(domain_event.fact))
    elif isinstance(domain_event, R.FirmRegistered):  # the register's name outranks the others
        entry = Fact.from_data(domain_event.fact)
        _note(conn, record_id, entry, name_key=register_name_key(entry))
    elif (fact := getattr(domain_event, "fact", None)) is not None:
        _note(conn, record_id, Fact.from_data(fact))
    handler = _HANDLERS.get(type(domain_event))
    if handler is not None:
        handler(conn, record_id, domain_event)


# Statements are built once: projecting is the hot path of a busy worker and of every rebuild.


def _set_unit(*names: str) -> Any:
    return (
        units.update()
        .where(units.c.record_id == bindparam("record"))
        .values({name: bindparam(f"new_{name}") for name in names})
    )


def _set_notice(*names: str) -> Any:
    return (
        notices.update()
        .where(notices.c.notice_id == bindparam("notice"))
        .values({name: bindparam(f"new_{name}") for name in names})
    )


_DETAILS = (
    "uscc",
    "unit_name",
    "name_key",
    "district",
    "district_key",
    "last_cause_event_id",
    "last_fact_key",
    "updated_at",
)
_SELECT_DETAILS = select(*(units.c[name] for name in _DETAILS)).where(units.c.record_id == bindparam("record"))
_UPDATE_REVIEW = _set_unit("review_on")
_UPDATE_STANDING = _set_unit("standing", "colour", "reduced_inspection", "listed_rules", "effective_on")
_COUNT_NOTICES = (
    units.update()
    .where(units.c.record_id == bindparam("record"))
    .values(open_notices=units.c.open_notices + bindparam("delta"))
)
_SELECT_NAME = select(units.c.unit_name, units.c.district).where(units.c.record_id == bindparam("record"))
_INSERT_LISTED = blacklist.insert()
_RENAME_LISTED = (
    blacklist.update()
    .where(blacklist.c.uscc == bindparam("listed"))
    .values(unit_name=bindparam("new_unit_name"), district=bindparam("new_district"))
)
_RELIST = blacklist.update().where(blacklist.c.uscc == bindparam("listed")).values(listed_rules=bindparam("rules"))
_DELIST = blacklist.delete().where(blacklist.c.uscc == bindparam("listed"))
_INSERT_NOTICE = notices.insert()
_NOTICE_CLOSED = _set_notice("status", "closed_on")
_NOTICE_LISTED = _set_notice("status", "listed_on")
_NOTICE_OBJECTION = _set_notice("objection")
_NOTICE_DEADLINE = _set_notice("objection_deadline", "objection_deadline_provisional")


def _open(conn: Connection, record_id: str, uscc: str, fact: Fact) -> None:
    key = fact.key
    row = {
        "uscc": uscc,
        "record_id": record_id,
        "unit_name": fact.unit_name,
        "name_key": key if fact.unit_name else "",
        "district": fact.district,
        "district_key": key if fact.district else "",
        "standing": "normal",
        "colour": "green",
        "reduced_inspection": False,
        "listed_rules": "",
        "effective_on": "",
        "permits_held": 0,
        "open_notices": 0,
        "review_on": None,
        "last_cause_event_id": fact.cause["event_id"],
        "last_fact_key": key,
        "updated_at": fact.cause["time"],
    }
    insert_or_ignore(conn, units, **row)


def _note(conn: Connection, record_id: str, fact: Fact, name_key: str = "") -> None:
    """Newest name, district and cause by business date, whatever order the events came in;
    `name_key` ranks the fact's name instead of its key (the register of firms' name)."""
    key = fact.key
    held = pending_row(conn, units, "record_id", record_id)  # a unit opened in this batch: no read
    if held is not None:
        row = {name: held[name] for name in _DETAILS}
    else:
        row = conn.execute(_SELECT_DETAILS, {"record": record_id}).one()._asdict()
    new = dict(row)
    if fact.unit_name and (name_key or key) > row["name_key"]:
        new.update(unit_name=fact.unit_name, name_key=name_key or key)
    if fact.district and key > row["district_key"]:
        new.update(district=fact.district, district_key=key)
    if key > row["last_fact_key"]:
        new.update(last_cause_event_id=fact.cause["event_id"], last_fact_key=key, updated_at=fact.cause["time"])
    if new == row:
        return
    update_row(conn, units, "record_id", record_id, **{k: v for k, v in new.items() if k != "uscc"})
    if held is None and (new["unit_name"], new["district"]) != (row["unit_name"], row["district"]):
        # a unit opened in this batch is not on the blacklist yet
        params = {"new_unit_name": new["unit_name"], "new_district": new["district"]}
        conn.execute(_RENAME_LISTED, {"listed": row["uscc"], **params})


def _permits(conn: Connection, record_id: str, e: Any) -> None:
    update_row(conn, units, "record_id", record_id, permits_held=e.held_after)


def _standing_changed(conn: Connection, record_id: str, e: Any) -> None:
    rules = ",".join(e.listed_rules)
    standing = {
        "new_standing": e.tier,
        "new_colour": e.colour,
        "new_reduced_inspection": e.reduced_inspection,
        "new_listed_rules": rules,
        "new_effective_on": e.effective_on.isoformat(),
    }
    conn.execute(_UPDATE_STANDING, {"record": record_id, **standing})
    listed, was_listed = e.tier == "serious_dishonesty", e.previous_tier == "serious_dishonesty"
    if listed and not was_listed:
        row = conn.execute(_SELECT_NAME, {"record": record_id}).one()
        entry = {
            "uscc": e.uscc,
            "unit_name": row.unit_name,
            "district": row.district,
            "listed_since": e.effective_on.isoformat(),
            "listed_rules": rules,
        }
        conn.execute(_INSERT_LISTED, entry)
    elif listed:
        conn.execute(_RELIST, {"listed": e.uscc, "rules": rules})
    elif was_listed:
        conn.execute(_DELIST, {"listed": e.uscc})


def _notice_issued(conn: Connection, record_id: str, e: Any) -> None:
    notice = {
        "notice_id": e.notice_id,
        "uscc": e.uscc,
        "rule": e.rule,
        "tier": e.tier,
        "noticed_on": e.noticed_on.isoformat(),
        "objection_deadline": e.objection_deadline.isoformat(),
        "objection_deadline_provisional": e.objection_deadline_provisional,
        "status": "noticed",
        "objection": "",
        "listed_on": "",
        "closed_on": "",
    }
    conn.execute(_INSERT_NOTICE, notice)
    conn.execute(_COUNT_NOTICES, {"record": record_id, "delta": 1})


def _notice_withdrawn(conn: Connection, record_id: str, e: Any) -> None:
    conn.execute(_NOTICE_CLOSED, {"notice": e.notice_id, "new_status": "withdrawn", "new_closed_on": e.on.isoformat()})
    conn.execute(_COUNT_NOTICES, {"record": record_id, "delta": -1})


def _listed(conn: Connection, record_id: str, e: Any) -> None:
    conn.execute(_NOTICE_LISTED, {"notice": e.notice_id, "new_status": "listed", "new_listed_on": e.on.isoformat()})
    conn.execute(_COUNT_NOTICES, {"record": record_id, "delta": -1})


def _repaired(conn: Connection, record_id: str, e: Any) -> None:
    for notice_id in e.notice_ids:
        conn.execute(_NOTICE_CLOSED, {"notice": notice_id, "new_status": "repaired", "new_closed_on": e.on.isoformat()})


def _objection_filed(conn: Connection, record_id: str, e: Any) -> None:
    conn.execute(_NOTICE_OBJECTION, {"notice": e.notice_id, "new_objection": "pending"})


def _objection_decided(conn: Connection, record_id: str, e: Any) -> None:
    outcome = "upheld" if e.upheld else "rejected"
    conn.execute(_NOTICE_OBJECTION, {"notice": e.notice_id, "new_objection": outcome})


def _objection_deadline_revised(conn: Connection, record_id: str, e: Any) -> None:
    conn.execute(
        _NOTICE_DEADLINE,
        {
            "notice": e.notice_id,
            "new_objection_deadline": e.objection_deadline.isoformat(),
            "new_objection_deadline_provisional": e.provisional,
        },
    )


def _review_scheduled(conn: Connection, record_id: str, e: Any) -> None:
    review_on = e.review_on.isoformat() if e.review_on is not None else None
    conn.execute(_UPDATE_REVIEW, {"record": record_id, "new_review_on": review_on})


_HANDLERS = {
    R.PermitRecorded: _permits,
    R.PermitRevocationRecorded: _permits,
    R.StandingChanged: _standing_changed,
    R.NoticeIssued: _notice_issued,
    R.NoticeWithdrawn: _notice_withdrawn,
    R.Listed: _listed,
    R.Repaired: _repaired,
    R.ObjectionFiled: _objection_filed,
    R.ObjectionDecided: _objection_decided,
    R.ObjectionDeadlineRevised: _objection_deadline_revised,
    R.ReviewScheduled: _review_scheduled,
}


# -- queries ------------------------------------------------------------------------------------


def unit(engine: Engine, uscc: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(units).where(units.c.uscc == uscc)).first()
        return None if row is None else row._asdict()


def units_due(engine: Engine, day: dt.date) -> list[str]:
    """Units whose record may change when `day` closes."""
    with engine.connect() as conn:
        query = select(units.c.uscc).where(units.c.review_on <= day.isoformat())
        return list(conn.execute(query).scalars())


def blacklist_page(
    engine: Engine, *, district: str, since: str, after: tuple[str, str] | None, limit: int
) -> list[dict[str, Any]]:
    """Blacklisted units, oldest listing first, after the (listed_since, uscc) of the last page."""
    query = select(blacklist)
    if district:
        query = query.where(blacklist.c.district == district)
    if since:
        query = query.where(blacklist.c.listed_since >= since)
    if after is not None:
        query = query.where(
            or_(
                blacklist.c.listed_since > after[0],
                and_(blacklist.c.listed_since == after[0], blacklist.c.uscc > after[1]),
            )
        )
    query = query.order_by(blacklist.c.listed_since, blacklist.c.uscc).limit(limit)
    with engine.connect() as conn:
        return [row._asdict() for row in conn.execute(query)]


def units_with_open_windows(engine: Engine, year: int) -> list[str]:
    """Units with an objection window still open that an arrangement of `year` may move."""
    query = (
        select(notices.c.uscc)
        .where(
            notices.c.status == "noticed",
            or_(notices.c.objection_deadline >= f"{year}-01-01", notices.c.objection_deadline_provisional),
        )
        .distinct()
    )
    with engine.connect() as conn:
        return [str(u) for u in conn.execute(query).scalars()]


def notices_of_unit(engine: Engine, uscc: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        query = select(notices).where(notices.c.uscc == uscc).order_by(notices.c.noticed_on, notices.c.notice_id)
        return [row._asdict() for row in conn.execute(query)]


def all_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in key order: for comparing two builds of the read models."""
    with engine.connect() as conn:
        return {
            table.name: [row._asdict() for row in conn.execute(select(table).order_by(*table.primary_key.columns))]
            for table in metadata.sorted_tables
        }
