"""`firesafety status`: every service's positions and dead letters in one table.

Asks each worker's `status` RPC over the broker at `AMQP_URI` (a worker that does not answer within
`--timeout` seconds is shown as such) and counts each service's dead-letter queue.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from kit.settings import DEFAULT_AMQP_URI, SERVICES
from kit.topology import dead_letter_names

COLUMNS = ("service", "worker", "log", "read models", "upstreams", "dead letters")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each worker's answer")
    parser.add_argument("--json", action="store_true", help="the same as JSON")


def run(args: argparse.Namespace) -> int:
    amqp_uri = os.environ.get("AMQP_URI", DEFAULT_AMQP_URI)
    rows = gather(amqp_uri, SERVICES, args.timeout)
    print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json else table(rows))
    return 0 if all(row["worker"] == "answering" for row in rows) else 1


def gather(amqp_uri: str, services: Sequence[str], timeout: float) -> list[dict[str, Any]]:
    from nameko.standalone.rpc import ClusterRpcClient  # nameko only when asked

    rows = []
    with ClusterRpcClient(timeout=timeout, uri=amqp_uri) as rpc:
        for service in services:
            try:
                answer: Mapping[str, Any] = getattr(rpc, service).status()
            except Exception as error:
                answer = {"error": type(error).__name__}
            rows.append(row(service, answer, dead_letters(amqp_uri, service)))
    return rows


def row(service: str, status: Mapping[str, Any], dead: int | None) -> dict[str, Any]:
    upstreams = status.get("upstream_positions") or {}
    return {
        "service": service,
        "worker": "answering" if "error" not in status else f"no answer ({status['error']})",
        "log": status.get("log_position"),
        "read models": status.get("read_model_position"),
        "upstreams": ", ".join(f"{name} {position}" for name, position in sorted(upstreams.items())),
        "dead letters": dead,
    }


def dead_letters(amqp_uri: str, service: str) -> int | None:
    import kombu

    try:
        with kombu.Connection(amqp_uri, connect_timeout=5) as connection:
            return int(connection.channel().queue_declare(dead_letter_names(service)[1], passive=True).message_count)
    except Exception:  # not declared yet, or no broker: unknown
        return None


def table(rows: Sequence[Mapping[str, Any]]) -> str:
    cells = [list(COLUMNS)] + [["" if row[c] is None else str(row[c]) for c in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in cells]
    return "\n".join([lines[0], "  ".join("-" * width for width in widths), *lines[1:]])
