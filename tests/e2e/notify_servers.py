"""Real servers the notify tests deliver to: SMTP (aiosmtpd) and HTTP endpoints (an SMS gateway, a partner's callback).

Each listens on a free local port, records what it receives, can be stopped and
started again on the same port (an outage), and can be told to refuse.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from tests.processes import free_port


class SmtpServer:
    """An SMTP server keeping every accepted message, parsed."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        #: Replies to RCPT TO for given addresses, e.g. {"x@example.cn": "550 5.1.1 mailbox unavailable"}.
        self.refuse: dict[str, str] = {}
        self._controller: Controller | None = None
        self._lock = threading.Lock()

    def start(self) -> SmtpServer:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if m["To"] == address]


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def signed_with(self, secret: str) -> bool:
        expected = "sha256=" + hmac.new(secret.encode(), self.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.headers.get("X-Notify-Signature", ""))


Answer = Callable[[Received, int], tuple[int, dict[str, Any]]]


def gateway_answer(request: Received, count: int) -> tuple[int, dict[str, Any]]:
    return 200, {"message_id": f"sms-{count}", "status": "queued"}


def callback_answer(request: Received, count: int) -> tuple[int, dict[str, Any]]:
    return 200, {"receipt": f"rcpt-{count}"}


class HttpEndpoint:
    """An HTTP server recording every POST; it answers from `failures` first, then with `answer`."""

    def __init__(self, answer: Answer = gateway_answer, port: int | None = None) -> None:
        self.port = port or free_port()
        self.answer = answer
        self.received: list[Received] = []
        #: Status codes to answer the next requests with, in order (e.g. [503, 503] for an outage).
        self.failures: list[int] = []
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HttpEndpoint:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                request = Received(self.path, dict(self.headers.items()), self.rfile.read(length))
                with endpoint._lock:
                    endpoint.received.append(request)
                    count = len(endpoint.received)
                    failure = endpoint.failures.pop(0) if endpoint.failures else None
                if failure is not None:
                    status, reply = failure, {"error": f"scripted {failure}"}
                else:
                    status, reply = endpoint.answer(request, count)
                payload = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> HttpEndpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests_for(self, predicate: Callable[[Received], bool]) -> list[Received]:
        with self._lock:
            return [r for r in self.received if predicate(r)]


class WeChatServer:
    """The official-account API as notify uses it: `GET /cgi-bin/token` gives access tokens, `POST
    /cgi-bin/message/template/send` takes template messages sent with a token still good.

    `expire_tokens()` makes every token given so far invalid (answered 40001), as WeChat does when a
    token is renewed elsewhere or expires; `errors` are errcodes to answer the next sends with;
    `refused` the errcode for some openids (e.g. 43004, not a follower); `token_error` refuses tokens.
    """

    def __init__(self, appid: str = "wx-appid", secret: str = "wx-secret", expires_in: int = 7200) -> None:
        self.appid, self.secret, self.expires_in = appid, secret, expires_in
        self.tokens_given: list[str] = []
        self.messages: list[dict[str, Any]] = []
        self.errors: list[int] = []
        self.refused: dict[str, int] = {}
        self.token_error: int | None = None
        self._valid: set[str] = set()
        self._lock = threading.Lock()
        self._endpoint = HttpEndpoint(self._answer_send)

    @property
    def url(self) -> str:
        return self._endpoint.url

    def expire_tokens(self) -> None:
        with self._lock:
            self._valid.clear()

    def start(self) -> WeChatServer:
        self._endpoint.start()
        assert self._endpoint._server is not None
        server = self
        handler = self._endpoint._server.RequestHandlerClass

        def do_get(request: BaseHTTPRequestHandler) -> None:
            status, reply = server._answer_token(request.path)
            payload = json.dumps(reply).encode()
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(payload)))
            request.end_headers()
            request.wfile.write(payload)

        handler.do_GET = do_get  # type: ignore[attr-defined]
        return self

    def stop(self) -> None:
        self._endpoint.stop()

    def __enter__(self) -> WeChatServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _answer_token(self, path: str) -> tuple[int, dict[str, Any]]:
        from urllib.parse import parse_qs, urlsplit

        url = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path != "/cgi-bin/token" or query.get("grant_type") != "client_credential":
            return 404, {"errcode": 40013, "errmsg": "invalid request"}
        with self._lock:
            if self.token_error is not None:
                return 200, {"errcode": self.token_error, "errmsg": "invalid credential"}
            if (query.get("appid"), query.get("secret")) != (self.appid, self.secret):
                return 200, {"errcode": 40125, "errmsg": "invalid appsecret"}
            token = f"token-{len(self.tokens_given) + 1}"
            self.tokens_given.append(token)
            self._valid.add(token)
        return 200, {"access_token": token, "expires_in": self.expires_in}

    def _answer_send(self, request: Received, count: int) -> tuple[int, dict[str, Any]]:
        from urllib.parse import parse_qs, urlsplit

        url = urlsplit(request.path)
        if url.path != "/cgi-bin/message/template/send":
            return 404, {"errcode": 404, "errmsg": "no such api"}
        token = parse_qs(url.query).get("access_token", [""])[0]
        message = request.json()
        with self._lock:
            if token not in self._valid:
                return 200, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}
            if self.errors:
                return 200, {"errcode": self.errors.pop(0), "errmsg": "scripted"}
            if message.get("touser") in self.refused:
                return 200, {"errcode": self.refused[message["touser"]], "errmsg": "require subscribe"}
            self.messages.append({**message, "access_token": token})
            return 200, {"errcode": 0, "errmsg": "ok", "msgid": 200228000 + len(self.messages)}

    def to(self, openid: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if m["touser"] == openid]
