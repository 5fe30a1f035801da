"""Durable positions in a notification log: how far a relay or a projection got."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Connection, Engine, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from kit.database import create_tables


class PositionStore:
    """One row per reader: (name, last notification id handled)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.metadata = MetaData()
        self.table = Table(
            "log_positions",
            self.metadata,
            Column("name", String(200), primary_key=True),
            Column("position", BigInteger, nullable=False),
        )
        create_tables(self.metadata, engine)

    def get(self, name: str, conn: Connection | None = None) -> int:
        query = select(self.table.c.position).where(self.table.c.name == name)
        if conn is not None:
            return conn.execute(query).scalar_one_or_none() or 0
        with self.engine.connect() as own:
            return own.execute(query).scalar_one_or_none() or 0

    def claim(self, name: str, conn: Connection) -> int:
        """The position, locked until `conn`'s transaction ends: processes sharing a reader take turns.

        The transaction writes first (the row, if missing), which on SQLite takes the one write lock
        before anything is read; on PostgreSQL the row is also locked FOR UPDATE.
        """
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(self.table).values(name=name, position=0).on_conflict_do_nothing())
        query = select(self.table.c.position).where(self.table.c.name == name)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return conn.execute(query).scalar_one_or_none() or 0

    def set(self, name: str, position: int, conn: Connection | None = None) -> None:
        if conn is not None:
            self._upsert(conn, name, position)
            return
        with self.engine.begin() as own:
            self._upsert(own, name, position)

    def _upsert(self, conn: Connection, name: str, position: int) -> None:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(self.table).values(name=name, position=position)
        conn.execute(statement.on_conflict_do_update(index_elements=[self.table.c.name], set_={"position": position}))
