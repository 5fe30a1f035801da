"""What every service process needs: logging, and the relay process built from a service's parts."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
import time
from typing import Any

from tqdm import tqdm

from kit import chain, checkpoints, logs, metrics
from kit.database import create_service_engine, store_problem
from kit.positions import PositionStore
from kit.reads import LogWatcher
from kit.relay import (
    ActiveLock,
    AdvisoryLock,
    AmqpPublisher,
    FileLock,
    OutboxRelay,
    Translate,
    log_watcher,
)
from kit.service_runtime import build_runtime
from kit.settings import SERVICES, Settings, load_settings
from kit.topology import CONSUMERS, declare_consumer_queue


def configure_logging(process: str) -> None:
    """JSON lines on stderr, readable ones on a terminal (kit.logs)."""
    logs.configure(process)


def build_relay(
    settings: Settings, app: Any, translate: Translate, stop: threading.Event | None = None
) -> tuple[OutboxRelay, ActiveLock, LogWatcher]:
    engine = create_service_engine(settings)
    relay = OutboxRelay(
        source=settings.service,
        recorder=app.recorder,
        mapper=app.mapper,
        translate=translate,
        positions=PositionStore(engine),
        batch_size=settings.relay_batch_size,
    )
    lock: ActiveLock
    stop = stop or threading.Event()
    if settings.is_postgres:
        lock = AdvisoryLock(engine, f"relay:{settings.database_schema or ''}:{settings.service}")
    else:
        lock = FileLock(settings.var_dir / f"{settings.service}.relay.lock")
    return relay, lock, log_watcher(settings.database_url, engine, app.recorder.channel_name, stop)


def stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def handler(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stop


def main(argv: list[str] | None = None) -> None:
    """`python -m kit.runtime relay <service>`: run one service's outbox relay until stopped.
    `python -m kit.runtime rebuild <service>`: empty the service's read models and replay its log into them."""
    parser = argparse.ArgumentParser(prog="python -m kit.runtime")
    parser.add_argument("command", choices=["relay", "rebuild"])
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument(
        "--accept-broken-chain", action="store_true", help="rebuild even when the event chain is broken (kit.chain)"
    )
    args = parser.parse_args(argv)
    configure_logging(f"{args.service}-{args.command}")
    settings = load_settings(args.service)
    bootstrap = importlib.import_module(f"services.{args.service}.bootstrap")
    if args.command == "rebuild":
        if not chain_holds(settings, bootstrap) and not args.accept_broken_chain:
            sys.exit(2)
        rebuild_main(settings, bootstrap)
        return
    relay_main(settings, bootstrap)


def chain_holds(settings: Settings, bootstrap: Any) -> bool:
    """Whether the service's stored events still match their hash chain; says where not."""
    app = bootstrap.build_application(settings)
    engine = create_service_engine(settings)
    try:
        checked = chain.verify(app.recorder, engine, opened=chain.opener_of(app))
    finally:
        engine.dispose()
        app.close()
    if checked.broken_at is not None:
        logging.getLogger(__name__).error(
            "the %s event chain is broken at position %d (%s): refusing to replay it; "
            "`firesafety verify %s` tells more, --accept-broken-chain replays it all the same",
            settings.service,
            checked.broken_at,
            checked.reason,
            settings.service,
        )
        return False
    return True


def rebuild_main(settings: Settings, bootstrap: Any) -> int:
    """Rebuild one service's read models beside the live ones and switch, showing the progress."""
    views = importlib.import_module(f"services.{settings.service}.read_models")
    runtime = build_runtime(
        settings, bootstrap.build_application(settings), views.metadata, views.apply, catch_up=False
    )
    started = time.monotonic()
    with tqdm(desc=f"rebuilding {settings.service} read models", unit=" events", unit_scale=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        count = runtime.projector.rebuild(progress=progress)
    elapsed = time.monotonic() - started
    logging.getLogger(__name__).info(
        "rebuilt the %s read models from %d events in %.1fs (%.0f events/s)",
        settings.service,
        count,
        elapsed,
        count / elapsed if elapsed else 0.0,
    )
    runtime.close()
    return count


class BrokerState:
    """Whether the relay's publisher is connected; a relay standing by has none and is still ready."""

    def __init__(self) -> None:
        self.connected: bool | None = None

    def problem(self) -> str:
        return "not connected to the broker" if self.connected is False else ""


class ReportingPublisher(AmqpPublisher):
    """The relay's publisher, telling `state` whether its connection is up."""

    def __init__(self, state: BrokerState, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state = state

    def __enter__(self) -> AmqpPublisher:
        self.state.connected = False
        super().__enter__()
        self.state.connected = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.connected = False
        super().__exit__(*exc)


def relay_main(settings: Settings, bootstrap: Any) -> None:
    app = bootstrap.build_application(settings)
    translate = bootstrap.build_translate(app) if hasattr(bootstrap, "build_translate") else bootstrap.translate
    translate = checkpoints.publishing(translate, settings.service)
    stop = stop_on_signals()
    relay, lock, watcher = build_relay(settings, app, translate, stop)
    chain_engine = create_service_engine(settings)
    signer = checkpoints.signer_from_env()
    chain.ChainKeeper(
        app.recorder,
        chain_engine,
        stop,
        checkpoint=lambda: checkpoints.record(chain_engine, signer, settings.service, app=app),
        checkpoint_seconds=float(os.environ.get("CHAIN_CHECKPOINT_SECONDS", "300")),
        opened=chain.opener_of(app),
    ).start()
    broker = BrokerState()

    def declare_consumer_queues(channel: Any) -> None:
        for consumer in CONSUMERS[settings.service]:
            declare_consumer_queue(channel, settings.service, consumer, settings.consumer_delivery_limit)

    def connect() -> AmqpPublisher:
        return ReportingPublisher(broker, settings.amqp_uri, settings.service, declare_consumer_queues)

    engine = relay.positions.engine
    metrics.register_health("store", lambda: store_problem(engine))
    metrics.register_health("broker", broker.problem)
    metrics.serve()
    relay.run(
        connect,
        lock,
        stop,
        watcher,
        idle_seconds=settings.relay_idle_seconds,
    )
    app.close()


if __name__ == "__main__":
    main()
