"""Every service consumes exactly the upstreams the shared topology says, through handlers the relays know."""

from __future__ import annotations

import importlib

import pytest

from kit.consumer import IntegrationEventConsumer
from kit.launcher import SERVICE_CLASSES
from kit.settings import SERVICES
from kit.topology import CONSUMERS, handler_name


def consumed_upstreams(service: str) -> dict[str, str]:
    module = importlib.import_module(f"services.{service}.entrypoints.service")
    cls = getattr(module, SERVICE_CLASSES[service])
    found = {}
    for name in dir(cls):
        for entrypoint in getattr(getattr(cls, name), "nameko_entrypoints", ()):
            if isinstance(entrypoint, IntegrationEventConsumer):
                found[entrypoint.source_service] = name
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_consumes_what_the_topology_says_through_handlers_of_the_agreed_name(service: str) -> None:
    upstreams = consumed_upstreams(service)
    assert set(upstreams) == {up for up, consumers in CONSUMERS.items() if service in consumers}
    assert all(method == handler_name(upstream) for upstream, method in upstreams.items())


def test_no_service_consumes_its_own_events() -> None:
    assert all(upstream not in consumers for upstream, consumers in CONSUMERS.items())
