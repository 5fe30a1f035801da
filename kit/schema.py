"""`firesafety schema`: create every store's schemas and tables before the processes start.

Each process creates what it uses when it is missing (`SCHEMA_SETUP=create`, the default, which
`make run` and the tests keep). On Kubernetes the processes run with `SCHEMA_SETUP=skip` and a Job
runs this command first (deploy/k8s/base/schema-job.yaml): no two processes race to create one
table, and the processes need no right to create anything.

For every service, in its own schema of `DATABASE_URL` (or its own database, or its SQLite file):

- the event store's events table and the tracking table of its upstreams (eventsourcing, kit.store);
- `log_positions` (kit.positions: the relay's and the read models' positions);
- its read models' tables (`services.<service>.read_models`);
- `event_chain` (kit.chain), and for the gRPC servers' services `audit_calls` (kit.audit);

and the scheduler's ledger (`log_positions` in schema `scheduler`). Running it again creates
nothing and changes no row: it only adds what is missing.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import warnings

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import SAWarning

from kit import audit, chain
from kit.database import SCHEMA_SETUP, create_service_engine, create_store_engine, create_tables
from kit.positions import PositionStore
from kit.settings import SERVICES, load_settings

AUDITED = ("permits", "credit")
"""The services whose gRPC servers keep an audit log (kit.audit)."""


def set_up(services: tuple[str, ...] = SERVICES, scheduler: bool = True) -> dict[str, list[str]]:
    """Create whatever is missing; {store: [tables created now]} (all empty on a second run)."""
    previous = os.environ.get(SCHEMA_SETUP)
    os.environ[SCHEMA_SETUP] = "create"  # this command creates, whatever the processes are told
    try:
        with warnings.catch_warnings():
            # Each service's recorder declares a class of one name on the library's one base: said per service.
            warnings.filterwarnings("ignore", "This declarative base already contains a class", SAWarning)
            created = {service: _set_up_service(service) for service in services}
            if scheduler:
                created["scheduler"] = _set_up_scheduler()
            return created
    finally:
        if previous is None:
            os.environ.pop(SCHEMA_SETUP, None)
        else:
            os.environ[SCHEMA_SETUP] = previous


def _set_up_service(service: str) -> list[str]:
    settings = load_settings(service)
    engine = create_service_engine(settings)  # creates the service's schema on PostgreSQL
    try:
        before = _tables(engine)
        bootstrap = importlib.import_module(f"services.{service}.bootstrap")
        app = bootstrap.build_application(settings)  # the event store's tables (CREATE_TABLE)
        try:
            PositionStore(engine)
            create_tables(importlib.import_module(f"services.{service}.read_models").metadata, engine)
            create_tables(chain.metadata, engine)
            if service in AUDITED:
                create_tables(audit.metadata, engine)
        finally:
            app.close()
        return sorted(_tables(engine) - before)
    finally:
        engine.dispose()


def _set_up_scheduler() -> list[str]:
    from kit.scheduler import load_scheduler_settings

    settings = load_scheduler_settings()
    engine = create_store_engine(settings.database_url, settings.database_schema)
    try:
        before = _tables(engine)
        PositionStore(engine)
        return sorted(_tables(engine) - before)
    finally:
        engine.dispose()


def _tables(engine: Engine) -> set[str]:
    schema = (engine.get_execution_options().get("schema_translate_map") or {}).get(None)
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names(schema=schema))


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "services", nargs="*", metavar="SERVICE", help="only these services' stores (default: all, and the scheduler's)"
    )


def run(args: argparse.Namespace) -> int:
    unknown = [name for name in args.services if name not in SERVICES]
    if unknown:
        print(f"unknown service {', '.join(unknown)}; expected some of {', '.join(SERVICES)}", file=sys.stderr)
        return 2
    created = set_up(tuple(args.services) or SERVICES, scheduler=not args.services)
    print(json.dumps({"created": created}, indent=2))
    return 0
