"""`firesafety status`: one table of every service."""

from __future__ import annotations

from kit.status_command import row, table


def test_the_table_shows_each_service_its_positions_and_a_worker_that_does_not_answer() -> None:
    rows = [
        row("permits", {"log_position": 12, "read_model_position": 12}, 0),
        row(
            "credit",
            {"log_position": 3, "read_model_position": 2, "upstream_positions": {"supervision": 1, "permits": 12}},
            2,
        ),
        row("notify", {"error": "RpcTimeout"}, None),
    ]
    lines = table(rows).splitlines()
    assert lines[0].split() == ["service", "worker", "log", "read", "models", "upstreams", "dead", "letters"]
    assert lines[2].split() == ["permits", "answering", "12", "12", "0"]
    assert lines[3].split() == ["credit", "answering", "3", "2", "permits", "12,", "supervision", "1", "2"]
    assert lines[4].split() == ["notify", "no", "answer", "(RpcTimeout)"]
