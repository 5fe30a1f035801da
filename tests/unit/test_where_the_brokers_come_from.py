"""The suites' RabbitMQ and PostgreSQL: the ones named, else containers where Docker answers, else this machine's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import tests.conftest as shared


def started(stack: list[Callable[[], object]]) -> str:
    stack.append(lambda: None)
    return "amqp://guest:guest@container:32768/"


def test_a_broker_named_in_the_environment_is_used_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMQP_URI", "amqp://guest:guest@broker:5672/ci")
    monkeypatch.setattr(shared, "docker_answers", lambda: True)
    stack: list[Callable[[], object]] = []
    assert shared._service("AMQP_URI", shared.LOCAL_AMQP_URI, started, stack) == "amqp://guest:guest@broker:5672/ci"
    assert stack == []


def test_without_one_named_a_container_is_started_where_docker_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AMQP_URI", raising=False)
    monkeypatch.setattr(shared, "docker_answers", lambda: True)
    stack: list[Callable[[], object]] = []
    assert shared._service("AMQP_URI", shared.LOCAL_AMQP_URI, started, stack) == "amqp://guest:guest@container:32768/"
    assert len(stack) == 1  # stopped when the run ends


def test_without_docker_the_machines_own_services_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    monkeypatch.setattr(shared, "docker_answers", lambda: False)
    stack: list[Callable[[], object]] = []
    assert shared._service("TEST_DATABASE_URL", shared.LOCAL_DATABASE_URL, started, stack) == shared.LOCAL_DATABASE_URL
    assert stack == []
