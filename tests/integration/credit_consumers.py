"""A credit worker over the real RabbitMQ, with its store on the real PostgreSQL: what tests of consumers share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import kombu
from sqlalchemy import select, text

from kit.relay import event_exchange
from kit.topology import dead_letter_names
from services.credit import read_models as credit_views


@dataclass
class CreditStore:
    engine: Any
    schema: str

    def connect(self) -> Any:
        return self.engine.connect()


def queue_exists(amqp_uri: str, name: str) -> bool:
    with kombu.Connection(amqp_uri) as connection:
        try:
            connection.channel().queue_declare(name, passive=True)
        except Exception:
            return False
    return True


def publish(amqp_uri: str, body: Any, routing_key: str = "PermitGranted") -> None:
    with kombu.Connection(amqp_uri, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=event_exchange("permits"))
        producer.publish(body, routing_key=routing_key, serializer="json", delivery_mode=2)


def tracked_position(engine: Any) -> int | None:
    with engine.connect() as conn:
        try:
            table = f'"{engine.schema}".credit_tracking'
            return conn.execute(text(f"SELECT max(notification_id) FROM {table}")).scalar()  # type: ignore[no-any-return]
        except Exception:
            return None


def units(engine: Any) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        try:
            return {row.uscc: row._asdict() for row in conn.execute(select(credit_views.units))}
        except Exception:
            return {}


def dead_letters(amqp_uri: str) -> list[Any]:
    with kombu.Connection(amqp_uri) as connection:
        queue = kombu.Queue(dead_letter_names("credit")[1])(connection.channel())
        bodies = []
        while (message := queue.get(no_ack=True)) is not None:
            bodies.append(message.payload)
        return bodies
