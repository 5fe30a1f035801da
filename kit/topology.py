"""Who consumes whose events, and the queues that carry them.

Each consuming service has one durable quorum queue per upstream service, bound with
`#` to `<upstream>.events`. Both the consumer (when its worker starts) and the
upstream's relay (before it publishes) declare these queues, with the same
arguments: an event published before a consumer's first start waits in its queue
instead of being dropped by an exchange that no queue is bound to yet.
"""

from __future__ import annotations

from typing import Any

import kombu

from kit.relay import event_exchange

CONSUMERS: dict[str, tuple[str, ...]] = {
    "permits": ("supervision", "credit", "notify"),
    "supervision": ("permits", "credit", "notify"),
    "credit": ("permits", "supervision", "notify"),
    "notify": (),
}
"""upstream service → the services that consume every event it publishes."""


def dead_letter_names(service: str) -> tuple[str, str]:
    """(exchange, queue) where `service` puts events it could not process."""
    return f"{service}.dead-letter", f"{service}.dead-letters"


def handler_name(upstream: str) -> str:
    """The name every service gives its handler of `upstream`'s events."""
    return f"on_{upstream}_event"


def consumer_queue(upstream: str, consumer: str, delivery_limit: int) -> kombu.Queue:
    return kombu.Queue(
        f"evt-{upstream}--{consumer}",
        exchange=event_exchange(upstream),
        routing_key="#",
        durable=True,
        queue_arguments={
            "x-queue-type": "quorum",
            "x-dead-letter-exchange": dead_letter_names(consumer)[0],
            "x-delivery-limit": delivery_limit,
            # One consumer at a time, in log order; other replicas stand by (kit.consumer).
            "x-single-active-consumer": True,
        },
    )


def legacy_queue_name(upstream: str, consumer: str) -> str:
    """The queue of earlier releases: the same, with competing consumers (no single active consumer).
    A consumer drains it once and deletes it (kit.consumer)."""
    return f"evt-{upstream}--{consumer}.{handler_name(upstream)}"


def declare_consumer_queue(channel: Any, upstream: str, consumer: str, delivery_limit: int) -> kombu.Queue:
    """Declare `consumer`'s queue for `upstream`, its binding and its dead-letter exchange and queue."""
    dlx_name, dlq_name = dead_letter_names(consumer)
    dead_letter = kombu.Exchange(dlx_name, type="fanout", durable=True)
    kombu.Queue(dlq_name, exchange=dead_letter, durable=True)(channel).declare()
    event_exchange(upstream)(channel).declare()
    queue = consumer_queue(upstream, consumer, delivery_limit)
    queue(channel).declare()
    return queue
