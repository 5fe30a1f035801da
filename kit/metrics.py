"""What every process tells Prometheus, and its health, over one small HTTP server.

Every process of the system serves, on the port `METRICS_PORT` names (`make run` gives each
process its own, listed in the README):

- `/metrics`: the metrics below, in Prometheus' text format;
- `/livez`: 200 while the process's loops run (a worker whose consumer died answers 503);
- `/readyz`: 200 when the process can do its work: its broker connection is up and its store
  answers; 503 naming what is not, otherwise.

Names follow Prometheus' conventions: `firesafety_` then what is counted, `_total` for counters,
`_seconds` for durations.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

Check = Callable[[], str]
"""A health check: '' when healthy, otherwise what is wrong."""

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
BATCH_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500)

# -- the gRPC edge ------------------------------------------------------------------------------
GRPC_REQUESTS = Counter(
    "firesafety_grpc_requests_total", "gRPC calls answered, by method and status code", ["service", "method", "code"]
)
GRPC_LATENCY = Histogram(
    "firesafety_grpc_request_duration_seconds",
    "Time to answer a gRPC call, by method",
    ["service", "method"],
    buckets=LATENCY_BUCKETS,
)

# -- consumers ----------------------------------------------------------------------------------
EVENTS_PROCESSED = Counter(
    "firesafety_consumer_events_total",
    "Upstream events a consumer took, by outcome: processed (new), duplicate, dead_lettered",
    ["consumer", "upstream", "outcome"],
)
BATCH_SIZE = Histogram(
    "firesafety_consumer_batch_size",
    "Events per batch a consumer processed",
    ["consumer", "upstream"],
    buckets=BATCH_BUCKETS,
)
BATCH_LATENCY = Histogram(
    "firesafety_consumer_batch_duration_seconds",
    "Time to process one batch, waits for the store included",
    ["consumer", "upstream"],
    buckets=LATENCY_BUCKETS,
)
BATCH_ATTEMPTS = Counter(
    "firesafety_consumer_batch_attempts_total",
    "Attempts at batches; more attempts than batches means the store was waited for",
    ["consumer", "upstream"],
)
CONSUMER_LAG = Gauge(
    "firesafety_consumer_lag_events",
    "Upstream log positions between the upstream's log head (as its relay last told) and the last event processed",
    ["consumer", "upstream"],
)
CONSUMER_QUEUED = Gauge(
    "firesafety_consumer_queued_messages",
    "Messages waiting in the consumer's queue of an upstream's events (looked up every few seconds)",
    ["consumer", "upstream"],
)
CONSUMER_POSITION = Gauge(
    "firesafety_consumer_position", "The upstream log position of the last event processed", ["consumer", "upstream"]
)
BROKER_CONNECTED = Gauge(
    "firesafety_broker_connected", "1 while the consumer's connection to the broker is up", ["consumer", "upstream"]
)

# -- relays -------------------------------------------------------------------------------------
RELAY_PUBLISHED = Counter("firesafety_relay_published_total", "Events the relay published", ["service"])
RELAY_CONFIRMED = Counter("firesafety_relay_confirmed_total", "Events the broker confirmed to the relay", ["service"])
RELAY_POSITION = Gauge(
    "firesafety_relay_position", "The last log position the relay recorded as confirmed", ["service"]
)
RELAY_HEAD = Gauge(
    "firesafety_relay_log_head", "The newest position in the service's log the relay has read", ["service"]
)
RELAY_ACTIVE = Gauge(
    "firesafety_relay_active", "1 while this relay holds the lock and publishes, 0 standing by", ["service"]
)

# -- notify and the scheduler --------------------------------------------------------------------
NOTIFY_DELIVERIES = Counter(
    "firesafety_notify_deliveries_total",
    "Delivery attempts by channel and outcome: delivered, retrying, failed, held, deferred",
    ["channel", "outcome"],
)
DAY_CLOSED = Gauge(
    "firesafety_scheduler_last_day_closed_timestamp_seconds",
    "Midnight (UTC) of the last business day the scheduler closed, per service",
    ["service"],
)


class ReadAtScrape(Collector):
    """A gauge family read from a store when Prometheus scrapes, not kept up by the process:
    `read()` gives {label values: value}. A store that cannot be read leaves the family empty
    for that scrape (the readiness check says why)."""

    def __init__(
        self, name: str, documentation: str, labels: list[str], read: Callable[[], dict[tuple[str, ...], float]]
    ):
        self.name, self.documentation, self.labels, self.read = name, documentation, labels, read

    def describe(self) -> list[GaugeMetricFamily]:
        return [GaugeMetricFamily(self.name, self.documentation, labels=self.labels)]

    def collect(self) -> list[GaugeMetricFamily]:
        family = GaugeMetricFamily(self.name, self.documentation, labels=self.labels)
        try:
            values = self.read()
        except Exception as error:
            log.warning("%s not read for this scrape: %s", self.name, error)
            values = {}
        for key, value in sorted(values.items()):
            family.add_metric(list(key), value)
        return [family]


_scraped: dict[str, ReadAtScrape] = {}


def read_at_scrape(
    name: str, documentation: str, labels: list[str], read: Callable[[], dict[tuple[str, ...], float]]
) -> None:
    """Register (or, for a process that builds its parts again, replace) a gauge read at scrape time."""
    with _lock:
        previous = _scraped.pop(name, None)
        if previous is not None:
            REGISTRY.unregister(previous)
        _scraped[name] = ReadAtScrape(name, documentation, labels, read)
        REGISTRY.register(_scraped[name])


_checks: dict[str, tuple[Check, Check]] = {}
_lock = threading.Lock()
_server: ThreadingHTTPServer | None = None


def register_health(name: str, ready: Check, alive: Check | None = None) -> None:
    """Add a part of the process to its health: `ready` for /readyz, `alive` for /livez."""
    with _lock:
        _checks[name] = (ready, alive or (lambda: ""))


def unregister_health(name: str) -> None:
    with _lock:
        _checks.pop(name, None)


def health(kind: str) -> dict[str, str]:
    """{part: what is wrong} of every part failing its `kind` check ('ready' or 'alive')."""
    with _lock:
        checks = dict(_checks)
    failing: dict[str, str] = {}
    for name, (ready, alive) in checks.items():
        try:
            problem = (ready if kind == "ready" else alive)()
        except Exception as error:  # a check that breaks says the part is not well
            problem = f"the check failed: {error!r}"
        if problem:
            failing[name] = problem
    return failing


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/metrics"):
            self._answer(200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)
        elif self.path.startswith("/livez") or self.path.startswith("/readyz"):
            failing = health("alive" if self.path.startswith("/livez") else "ready")
            body = "ok\n" if not failing else "".join(f"{name}: {why}\n" for name, why in sorted(failing.items()))
            self._answer(503 if failing else 200, body.encode(), "text/plain; charset=utf-8")
        else:
            self._answer(404, b"/metrics, /livez or /readyz\n", "text/plain; charset=utf-8")

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # Prometheus scrapes and probes every few seconds: no line each time


def serve(port: int | None = None, address: str = "0.0.0.0") -> int | None:
    """Serve /metrics, /livez and /readyz on `port` (default `METRICS_PORT`; none: not served).

    Once per process; returns the port."""
    global _server
    if port is None:
        raw = os.environ.get("METRICS_PORT", "")
        if not raw:
            return None
        port = int(raw)
    with _lock:
        if _server is not None:
            return int(_server.server_address[1])
        try:
            _server = ThreadingHTTPServer((address, port), _Handler)
        except OSError as error:  # the process does its work all the same; the scrape shows the gap
            log.error("cannot serve metrics and health on port %d: %s", port, error)
            return None
        _server.daemon_threads = True
    threading.Thread(target=_server.serve_forever, name="metrics", daemon=True).start()
    log.info("metrics and health on port %d", _server.server_address[1])
    return int(_server.server_address[1])
