"""WeChat (微信): template messages (模板消息) through the agency's official account (公众号).

An access token comes from `GET {base}/cgi-bin/token?grant_type=client_credential&appid=…&secret=…`
and is kept until shortly before the `expires_in` WeChat gives (one token for all sends: WeChat
limits how often it is asked for). A message is `POST {base}/cgi-bin/message/template/send?access_token=…`
with `{"touser": openid, "template_id", "data"}`; the answer's `errcode` 0 is delivered (its `msgid`
is the receipt). 40001, 40014 and 42001 say the token is no longer good: it is fetched again and the
message sent once more. Other error codes fail the notice, named: -1 (system busy) and 45009 (daily
limit) for a later attempt, every other code (40003 unknown openid, 43004 not a follower, 40037 unknown
template…) for good. A token WeChat refuses (wrong appid or secret, an address not on the account's
whitelist) is the channel's trouble, not the notice's: temporary, like HTTP 401/403 elsewhere.

WeChat takes no reference of ours, so it cannot drop a message resent after a crash between the
send and its record (README, Guarantees).

The template's fields are `first` (the subject), `keyword1` (the notice's reference: its number),
`keyword2` (its date), `remark` (the short text, as SMS has it); an official account's template
for notices has them (README, WeChat).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from services.notify.channels.base import Outgoing
from services.notify.channels.http import HttpAnswer, get, network_failure, outcome_of, post
from services.notify.domain import DeliveryOutcome
from services.notify.domain.recipients import WECHAT
from services.notify.settings import WeChatSettings
from services.notify.vocabulary import cn_date

TOKEN_INVALID = frozenset({40001, 40014, 42001})
TEMPORARY_ERRORS = frozenset({-1, 45009})


class TokenRefused(Exception):
    """WeChat gave no access token; the message names its error code."""


def template_data(message: Outgoing) -> dict[str, dict[str, str]]:
    return {
        "first": {"value": message.subject},
        "keyword1": {"value": message.reference or message.notice_id},
        "keyword2": {"value": cn_date(message.business_time) or message.business_time},
        "remark": {"value": message.body},
    }


class WeChatChannel:
    name = WECHAT
    unconfigured = ""

    def __init__(self, settings: WeChatSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.clock = clock
        self._token = ""
        self._expires = 0.0
        self._lock = threading.Lock()

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        template_id = self.settings.template_of(message.notice_type)
        if not template_id:
            return DeliveryOutcome.permanent(
                f"no WeChat template for {message.notice_type}: "
                "set NOTIFY_WECHAT_TEMPLATE_ID or NOTIFY_WECHAT_TEMPLATES"
            )
        body = json.dumps(
            {"touser": message.address, "template_id": template_id, "data": template_data(message)},
            ensure_ascii=False,
        ).encode("utf-8")
        try:
            token = self.token()
            answer = self._post(token, body)
            if _errcode(answer) in TOKEN_INVALID:
                answer = self._post(self.token(renew_after=token), body)
        except TokenRefused as refused:
            return DeliveryOutcome.temporary(str(refused))
        except OSError as error:
            return network_failure(error)
        return _outcome(answer)

    def token(self, renew_after: str = "") -> str:
        """The cached access token, fetched when there is none, it expired, or it is `renew_after`
        (the one WeChat just called invalid: another thread may have renewed it meanwhile)."""
        with self._lock:
            if self._token and self.clock() < self._expires and self._token != renew_after:
                return self._token
            query = urllib.parse.urlencode(
                {"grant_type": "client_credential", "appid": self.settings.appid, "secret": self.settings.secret}
            )
            answer = get(f"{self.settings.api_base_url}/cgi-bin/token?{query}", self.settings.timeout_seconds)
            reply = answer.json()
            if not (200 <= answer.status < 300) or not isinstance(reply, dict) or not reply.get("access_token"):
                raise TokenRefused(f"WeChat gave no access token: {_described(answer)}")
            lifetime = float(reply.get("expires_in", 7200))
            self._token = str(reply["access_token"])
            self._expires = self.clock() + max(lifetime - self.settings.token_margin.total_seconds(), 0.0)
            return self._token

    def _post(self, token: str, body: bytes) -> HttpAnswer:
        query = urllib.parse.urlencode({"access_token": token})
        url = f"{self.settings.api_base_url}/cgi-bin/message/template/send?{query}"
        headers = {"Content-Type": "application/json; charset=utf-8"}
        return post(url, body, headers, self.settings.timeout_seconds)


def _errcode(answer: HttpAnswer) -> int | None:
    reply = answer.json()
    if not isinstance(reply, dict) or "errcode" not in reply:
        return None
    try:
        return int(reply["errcode"])
    except (TypeError, ValueError):
        return None


def _described(answer: HttpAnswer) -> str:
    reply: Any = answer.json()
    if isinstance(reply, dict) and "errcode" in reply:
        return f"errcode {reply['errcode']} {reply.get('errmsg', '')}".strip()
    return f"HTTP {answer.status}: {answer.body[:300]}".strip()


def _outcome(answer: HttpAnswer) -> DeliveryOutcome:
    if not 200 <= answer.status < 300:
        return outcome_of(answer, receipt="")
    code = _errcode(answer)
    reply = answer.json()
    if code == 0:
        return DeliveryOutcome.delivered(receipt=f"wechat:{reply.get('msgid', '')}", detail="errcode 0 ok")
    detail = f"WeChat refused the message: {_described(answer)}"
    if code is None:
        return DeliveryOutcome.temporary(
            f"WeChat answered without an errcode: HTTP {answer.status}: {answer.body[:300]}"
        )
    if code in TEMPORARY_ERRORS or code in TOKEN_INVALID:
        return DeliveryOutcome.temporary(detail)
    return DeliveryOutcome.permanent(detail)
