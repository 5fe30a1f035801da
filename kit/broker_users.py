"""One RabbitMQ user per service, allowed to publish only to its own exchange (kit.provenance checks it).

Each service's processes connect as `firesafety-<service>` (on a vhost other than ``/``:
`firesafety-<service>.<vhost>`, so that systems on one broker never share a user). The user may
configure and read anything in the vhost, and write to anything except another service's
`<service>.events` exchange: it may declare and bind its queues, answer RPC calls, publish its
own events — and never another service's. RabbitMQ checks the `user_id` property of every message
against the user that published it, so a consumer that sees `user_id` = `firesafety-permits`
knows the permits relay published it.

`make run` creates the users with `rabbitmqctl` when the broker is on this machine and the
command is there (kit.launcher); the Kubernetes deployment declares them with a setup Job
(deploy/k8s/base/broker-users.yaml). Without either, publishers are not authenticated and the
launcher says so.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

log = logging.getLogger(__name__)

PUBLISHING_SERVICES = ("permits", "supervision", "credit", "notify")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "")


def vhost_of(amqp_uri: str) -> str:
    path = urlsplit(amqp_uri).path
    return unquote(path[1:]) if len(path) > 1 else "/"


def publisher_user(service: str, vhost: str) -> str:
    return f"firesafety-{service}" if vhost == "/" else f"firesafety-{service}.{vhost}"


def write_permission(service: str, services: Iterable[str] = PUBLISHING_SERVICES) -> str:
    """Anything but another service's events exchange (RabbitMQ permissions are regular expressions)."""
    others = "|".join(sorted(s for s in services if s != service))
    return f"^(?!(?:{others})\\.events$).*$"


def publishers_setting(vhost: str, services: Iterable[str] = PUBLISHING_SERVICES) -> str:
    """The `BUS_PUBLISHERS` value consumers check `user_id` against (kit.provenance)."""
    return ",".join(f"{service}={publisher_user(service, vhost)}" for service in services)


def uri_as(amqp_uri: str, user: str, password: str) -> str:
    parts = urlsplit(amqp_uri)
    host = parts.hostname or "localhost"
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True)
class Publishers:
    """The AMQP URI each service's processes use, and the `BUS_PUBLISHERS` setting for consumers."""

    uris: dict[str, str]
    setting: str


def set_up_with_rabbitmqctl(amqp_uri: str, services: Iterable[str] = PUBLISHING_SERVICES) -> Publishers | None:
    """Create (or re-password) each service's user on the local broker; None when that cannot be done."""
    host = urlsplit(amqp_uri).hostname or ""
    ctl = shutil.which("rabbitmqctl")
    if host not in LOCAL_HOSTS or ctl is None:
        return None
    vhost = vhost_of(amqp_uri)
    services = tuple(services)
    uris = {}
    try:
        for service in services:
            user, password = publisher_user(service, vhost), new_password()
            added = _ctl(ctl, "add_user", user, password, check=False)
            if added.returncode != 0:
                _ctl(ctl, "change_password", user, password)
            _ctl(ctl, "set_permissions", "-p", vhost, user, ".*", write_permission(service, services), ".*")
            uris[service] = uri_as(amqp_uri, user, password)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("could not set up the publishers' broker users: %s", error)
        return None
    return Publishers(uris, publishers_setting(vhost, services))


def new_password() -> str:
    """A publisher's password: random, and hex so that rabbitmqctl never takes it for an option.

    (A URL-safe token starts with "-" one time in 64, and `rabbitmqctl add_user u -x…` fails.)"""
    return secrets.token_hex(24)


def _ctl(ctl: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ctl, *args], capture_output=True, text=True, timeout=60, check=check)
