"""Process settings, read from the environment in one place, with local defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from kit.holiday_law import HolidayLaw

SERVICES = ("permits", "supervision", "credit", "notify")
DEFAULT_AMQP_URI = "amqp://guest:guest@localhost:5672/"
DEFAULT_GRPC_PORTS = {"permits": 50051, "credit": 50052}
LOCK_TIMEOUT = "10s"


@dataclass(frozen=True)
class Settings:
    """Everything a process of one service needs to know about its surroundings."""

    service: str
    amqp_uri: str
    database_url: str
    database_schema: str | None
    var_dir: Path
    calendar_overrides: Path | None
    grpc_port: int
    relay_batch_size: int
    relay_idle_seconds: float
    consumer_attempts: int
    consumer_delivery_limit: int
    consumer_batch_size: int
    consumer_batch_wait_seconds: float
    consumer_max_position_gap: int = 1_000_000
    holiday_law: HolidayLaw = field(default_factory=HolidayLaw)
    cipher_key: str | None = field(default=None, repr=False)
    """`CIPHER_KEY`: the event store's AES key (kit.cipher); None: the local key under `var_dir`."""
    cipher_previous_keys: str = field(default="", repr=False)
    """`CIPHER_PREVIOUS_KEYS`: keys before a rotation, comma-separated, still used to read."""

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")


def load_settings(service: str, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings of `service`.

    The event store is `<SERVICE>_DATABASE_URL` when set; otherwise `DATABASE_URL`
    with one schema per service; otherwise an SQLite file under `VAR_DIR`.
    """
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; expected one of {SERVICES}")
    env = os.environ if environ is None else environ
    var_dir = Path(env.get("VAR_DIR", "var"))
    own_url = env.get(f"{service.upper()}_DATABASE_URL")
    shared_url = env.get("DATABASE_URL")
    schema = None
    if own_url:
        url = own_url
    elif shared_url:
        url = shared_url
        if url.startswith("postgresql"):
            schema = env.get(f"{service.upper()}_DATABASE_SCHEMA", service)
    else:
        url = f"sqlite:///{var_dir / f'{service}.sqlite'}"
    overrides = env.get("CALENDAR_OVERRIDES")
    return Settings(
        service=service,
        amqp_uri=env.get("AMQP_URI", DEFAULT_AMQP_URI),
        database_url=with_lock_timeout(url),
        database_schema=schema,
        var_dir=var_dir,
        calendar_overrides=Path(overrides) if overrides else None,
        grpc_port=_grpc_port(service, env),
        relay_batch_size=int(env.get("RELAY_BATCH_SIZE", "200")),
        relay_idle_seconds=float(env.get("RELAY_IDLE_SECONDS", "1.0")),
        consumer_attempts=int(env.get("CONSUMER_ATTEMPTS", "5")),
        consumer_delivery_limit=int(env.get("CONSUMER_DELIVERY_LIMIT", "5")),
        consumer_batch_size=int(env.get("CONSUMER_BATCH_SIZE", "500")),
        consumer_batch_wait_seconds=float(env.get("CONSUMER_BATCH_WAIT_SECONDS", "0.005")),
        consumer_max_position_gap=int(env.get("CONSUMER_MAX_POSITION_GAP", "1000000")),
        holiday_law=HolidayLaw.from_environ(env),
        cipher_key=env.get("CIPHER_KEY") or None,
        cipher_previous_keys=env.get("CIPHER_PREVIOUS_KEYS", ""),
    )


def _grpc_port(service: str, env: Mapping[str, str]) -> int:
    """`<SERVICE>_GRPC_PORT`; for permits also plain `GRPC_PORT`, the partner API's usual name."""
    own = env.get(f"{service.upper()}_GRPC_PORT") or (env.get("GRPC_PORT") if service == "permits" else None)
    return int(own) if own else DEFAULT_GRPC_PORTS.get(service, 0)


def with_lock_timeout(url: str) -> str:
    """Give PostgreSQL sessions a lock timeout.

    The event store takes a table lock on every save; without a timeout a stuck
    writer would block every other writer for ever.
    """
    if not url.startswith("postgresql") or "lock_timeout" in url:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-c lock_timeout={LOCK_TIMEOUT}')}"
