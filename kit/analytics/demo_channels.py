"""Where the demo district's e-mail and SMS go when no real mail server or SMS gateway is configured.

Notify's own channels deliver to them exactly as to real ones: an SMTP server (aiosmtpd) and an
HTTP SMS gateway speaking notify's gateway protocol, both on free local ports for the length of
the demo. Like real ones, they refuse some addresses: one mailbox in twenty does not exist (550)
and one mobile number in twenty is not in service (400), chosen by the address itself, so a demo
run again refuses the same ones and the report's failed deliveries are reproducible.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def refused(address: str, one_in: int = 20) -> bool:
    return int(hashlib.sha256(address.encode("utf-8")).hexdigest(), 16) % one_in == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class MailSink:
    """Accepts mail for every mailbox but the few that do not exist, and keeps a count."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.accepted = 0
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if refused(address):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.accepted += 1
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


class _Gateway(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        to = str(body.get("to", ""))
        if refused(to):
            status, reply = 400, {"error": f"{to} is not in service"}
        else:
            status, reply = 200, {"message_id": f"sms-{hashlib.sha256(to.encode()).hexdigest()[:12]}"}
        payload = json.dumps(reply).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        return


class SmsGateway:
    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        self._thread = threading.Thread(target=self.server.serve_forever, name="demo-sms-gateway", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class DemoChannels:
    """The local mail sink and SMS gateway, and the notify settings that point at them."""

    def __init__(self) -> None:
        self.mail = MailSink()
        self.sms = SmsGateway()

    def environ(self) -> dict[str, str]:
        return {
            "NOTIFY_SMTP_HOST": "127.0.0.1",
            "NOTIFY_SMTP_PORT": str(self.mail.port),
            "NOTIFY_SMTP_FROM": "notify@demo.119.example.cn",
            "NOTIFY_SMS_GATEWAY_URL": self.sms.url,
        }

    def start(self) -> DemoChannels:
        self.mail.start()
        self.sms.start()
        return self

    def stop(self) -> None:
        self.mail.stop()
        self.sms.stop()
