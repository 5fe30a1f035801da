"""Read-model writes held back and sent in batches end as they would one by one.

A projection's handlers insert rows unless there and update rows by a key column; the RowWriter
sends them as executemany batches. Any sequence of such writes, with other statements between
them, must leave the tables exactly as running each statement at once does.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, update

from kit.projection import RowWriter, insert_or_ignore, pending_row, update_row

metadata = MetaData()
units = Table(
    "units_view",
    metadata,
    Column("uscc", String(18), primary_key=True),
    Column("district", String(20)),
    Column("status", String(20)),
    Column("visits", Integer, nullable=False, default=0),
)
permits = Table(
    "permits_view",
    metadata,
    Column("permit_no", String(20), primary_key=True),
    Column("uscc", String(18)),
    Column("status", String(20)),
)

KEYS = st.sampled_from(["A", "B", "C"])
VALUES = st.sampled_from(["x", "y", "z", None])

write = st.one_of(
    st.tuples(st.just("insert_unit"), KEYS, VALUES, VALUES),
    st.tuples(st.just("update_unit"), KEYS, VALUES, VALUES),
    st.tuples(st.just("update_unit_by_district"), VALUES, VALUES, st.none()),
    st.tuples(st.just("insert_permit"), st.sampled_from(["P1", "P2"]), KEYS, VALUES),
    st.tuples(st.just("update_permits_of_unit"), KEYS, VALUES, st.none()),
    st.tuples(st.just("count_visit"), KEYS, st.none(), st.none()),
    st.tuples(st.just("read_unit"), st.sampled_from(["A", "C"]), st.none(), st.none()),
)


def run(conn: Any, steps: list[tuple[Any, ...]], seen: list[Any] | None = None) -> None:
    for kind, a, b, c in steps:
        if kind == "read_unit":  # a handler reading a row that was not there before the batch
            row = pending_row(conn, units, "uscc", a)
            if row is None:
                found = conn.execute(select(units).where(units.c.uscc == a)).first()
                row = found._asdict() if found is not None else None
            if seen is not None:
                seen.append(row)
        elif kind == "insert_unit":
            insert_or_ignore(conn, units, uscc=a, district=b, status=c, visits=0)
        elif kind == "update_unit":
            update_row(conn, units, "uscc", a, district=b, status=c)
        elif kind == "update_unit_by_district":
            update_row(conn, units, "district", a, status=b)
        elif kind == "insert_permit":
            insert_or_ignore(conn, permits, permit_no=a, uscc=b, status=c)
        elif kind == "update_permits_of_unit":
            update_row(conn, permits, "uscc", a, status=b)
        else:  # any other statement: an expression the writer cannot hold back
            conn.execute(update(units).where(units.c.uscc == a).values(visits=units.c.visits + 1))


def tables_after(
    steps: list[tuple[Any, ...]],
    batched: bool,
    empty: bool = False,
    flush_every: int = 0,
    seen: list[Any] | None = None,
) -> dict[str, list[Any]]:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        if not empty:
            insert_or_ignore(conn, units, uscc="B", district="y", status="old", visits=1)  # there before
        if batched:
            inserted: dict[str, set[Any]] | None = {} if empty else None
            for start in range(0, len(steps), flush_every or len(steps) or 1):
                writer = RowWriter(conn, inserted)
                run(writer, steps[start : start + (flush_every or len(steps))], seen)
                writer.flush()
        else:
            run(conn, steps, seen)
    with engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in (units, permits)}


@settings(max_examples=400, deadline=None)
@given(st.lists(write, max_size=25))
def test_batched_read_model_writes_leave_the_tables_as_writes_one_by_one(steps: list[tuple[Any, ...]]) -> None:
    seen_batched: list[Any] = []
    seen_one_by_one: list[Any] = []
    assert tables_after(steps, batched=True, seen=seen_batched) == tables_after(
        steps, batched=False, seen=seen_one_by_one
    )
    assert seen_batched == seen_one_by_one, "a handler reads a row as the writes before it left it"


@settings(max_examples=400, deadline=None)
@given(st.lists(write, max_size=25), st.integers(0, 6))
def test_a_rebuild_into_empty_tables_folds_updates_into_new_rows_with_the_same_outcome(
    steps: list[tuple[Any, ...]], flush_every: int
) -> None:
    one_by_one = tables_after(steps, batched=False, empty=True)
    assert tables_after(steps, batched=True, empty=True, flush_every=flush_every) == one_by_one


def test_a_thousand_rows_go_in_a_handful_of_statements() -> None:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    statements: list[str] = []
    from sqlalchemy import event

    @event.listens_for(engine, "before_cursor_execute")
    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with engine.begin() as conn:
        writer = RowWriter(conn)
        for n in range(1000):
            insert_or_ignore(writer, units, uscc=f"U{n}", district="徐汇区", status="new", visits=0)
            update_row(writer, units, "uscc", f"U{n}", status="granted")
            insert_or_ignore(writer, permits, permit_no=f"P{n}", uscc=f"U{n}", status="valid")
        writer.flush()
    assert len(statements) <= 3
    with engine.connect() as conn:
        assert conn.execute(select(units.c.status).where(units.c.uscc == "U999")).scalar() == "granted"


def test_rows_that_leave_a_column_to_its_default_are_written_with_it() -> None:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        writer = RowWriter(conn)
        for uscc in ("A", "B"):
            insert_or_ignore(writer, units, uscc=uscc, district="x", status="new")  # visits left to its default
        writer.flush()
    with engine.connect() as conn:
        assert sorted(tuple(r) for r in conn.execute(select(units))) == [("A", "x", "new", 0), ("B", "x", "new", 0)]
