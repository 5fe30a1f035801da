"""Processes starting at once on a fresh SQLite store all find its tables, whoever creates them."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine


def open_positions(path: str, barrier: Any) -> None:
    from kit.positions import PositionStore

    engine = create_engine(f"sqlite:///{path}")
    barrier.wait()
    PositionStore(engine).set("relay:permits", 1)


def test_processes_starting_at_once_on_a_fresh_sqlite_store_all_find_its_tables(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for round_ in range(5):
        path = str(tmp_path / f"store-{round_}.sqlite")
        barrier = context.Barrier(4)
        processes = [context.Process(target=open_positions, args=(path, barrier)) for _ in range(4)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(60)
        assert [p.exitcode for p in processes] == [0, 0, 0, 0]
