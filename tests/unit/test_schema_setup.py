"""SCHEMA_SETUP: processes create their tables by default, and with `skip` create none and name what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from kit import cli
from kit.database import SchemaMissing, create_service_engine, creates_schema
from kit.positions import PositionStore
from kit.settings import load_settings
from services.permits.bootstrap import build_application


def test_processes_create_their_tables_unless_told_to_skip() -> None:
    assert creates_schema({}) and creates_schema({"SCHEMA_SETUP": "create"}) and creates_schema({"SCHEMA_SETUP": ""})
    assert not creates_schema({"SCHEMA_SETUP": "skip"}) and not creates_schema({"SCHEMA_SETUP": " Skip "})
    with pytest.raises(ValueError, match="create or skip"):
        creates_schema({"SCHEMA_SETUP": "no"})


def test_without_creation_a_process_names_the_tables_it_lacks_and_creates_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCHEMA_SETUP", "skip")
    settings = load_settings("permits", {"VAR_DIR": str(tmp_path)})
    engine = create_service_engine(settings)
    with pytest.raises(SchemaMissing, match="log_positions: run `firesafety schema` first"):
        PositionStore(engine)
    with pytest.raises(SchemaMissing, match="permits_events, permits_tracking"):
        build_application(settings)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == []
    engine.dispose()


def test_the_schema_command_creates_what_is_missing_and_then_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SCHEMA_SETUP", "skip")  # as the Job's ConfigMap says: the command creates all the same
    for name in ("DATABASE_URL", "PERMITS_DATABASE_URL", "SCHEDULER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["schema", "permits"]) == 0
    first = capsys.readouterr().out
    assert '"permits_events"' in first and '"scheduler"' not in first
    assert cli.main(["schema", "permits"]) == 0
    assert '"permits": []' in capsys.readouterr().out
    engine = create_engine(f"sqlite:///{tmp_path / 'permits.sqlite'}")
    with engine.connect() as conn:
        assert {"permits_events", "permits_tracking", "log_positions", "audit_calls"} <= set(
            inspect(conn).get_table_names()
        )
    engine.dispose()
    PositionStore(create_service_engine(load_settings("permits", {"VAR_DIR": str(tmp_path)})))  # now there
    assert cli.main(["schema", "nowhere"]) == 2
