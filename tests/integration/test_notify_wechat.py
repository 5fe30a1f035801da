"""WeChat (微信): notices as template messages of the agency's official account, against a local
server standing for the official-account API, behind the same retries and once-only notices as the
other channels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from services.notify import read_models
from services.notify.channels import Channels, InboxChannel, PublicationChannel, WeChatChannel
from services.notify.directory import Directory
from services.notify.dispatch import Dispatcher
from services.notify.settings import NotifySettings, WeChatSettings
from tests.e2e.notify_servers import WeChatServer
from tests.unit import notify_factories as f

pytestmark = pytest.mark.integration

AT = dt.datetime(2026, 12, 31, 1, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
UNIT_OPENID = "oUnit-sports-centre"
BRIGADE_OPENID = "oBrigade-xuhui"
DIRECTORY: dict[str, Any] = {
    **f.DIRECTORY,
    "brigades": {
        "徐汇区": {"name": "徐汇区消防救援支队", "email": "duty@xh.119.example.cn", "wechat_openid": BRIGADE_OPENID}
    },
    "units": {f.SPORTS_CENTRE: {"wechat_openid": UNIT_OPENID}},
}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class World:
    notify: f.Notify
    wechat: WeChatServer
    channel: WeChatChannel
    dispatcher: Dispatcher
    clock: Clock

    def dispatch(self, at: dt.datetime = AT) -> None:
        self.dispatcher.dispatch_due(at)

    def wechat_notice(self, recipient: str = f"unit:{f.SPORTS_CENTRE}") -> dict[str, Any]:
        [found] = [d for d in self.notify.deliveries() if d["channel"] == "wechat" and d["recipient"] == recipient]
        notice = read_models.notice(self.notify.views, found["notice_id"])
        assert notice is not None
        return notice


def settings_for(server: WeChatServer, **templates: str) -> WeChatSettings:
    return WeChatSettings(
        appid="wx-appid",
        secret="wx-secret",
        template_id="tmpl-notice",
        templates=templates,
        api_base_url=server.url,
        timeout_seconds=5,
    )


@pytest.fixture
def world() -> Iterator[World]:
    with WeChatServer() as server:
        clock = Clock()
        notify = f.notify(directory=DIRECTORY, settings=NotifySettings(max_attempts=3))
        channel = WeChatChannel(settings_for(server, rectification_ordered="tmpl-order"), clock=clock)
        dispatcher = Dispatcher(
            notify.app,
            notify.views,
            Channels([InboxChannel(), PublicationChannel(), channel]),
            Directory.from_mapping(DIRECTORY),
            refresh=notify.refresh,
        )
        yield World(notify, server, channel, dispatcher, clock)


def test_a_rectification_order_reaches_the_units_follower_as_a_template_message(world: World) -> None:
    world.notify.receive(f.envelope("supervision", f.rectification_ordered()))
    world.dispatch()
    [message] = world.wechat.to(UNIT_OPENID)
    assert message["template_id"] == "tmpl-order"
    assert message["data"]["first"]["value"] == "责令改正通知书"
    assert message["data"]["keyword1"]["value"] == "order-0001"
    assert "2026年11月20日前改正" in message["data"]["remark"]["value"]
    notice = world.wechat_notice()
    assert notice["status"] == "delivered" and notice["receipt"] == "wechat:200228001"
    assert notice["address"] in ("", UNIT_OPENID)


def test_a_notice_type_without_a_template_of_its_own_uses_the_general_template(world: World) -> None:
    world.notify.receive(f.envelope("permits", f.statutory_clock_breached()))
    world.dispatch()
    [message] = world.wechat.to(BRIGADE_OPENID)
    assert message["template_id"] == "tmpl-notice"


def test_a_unit_without_a_follower_gets_no_wechat_notice(world: World) -> None:
    world.notify.receive(f.envelope("supervision", f.rectification_ordered(uscc=f.SHANGHAI_MALL)))
    assert [d for d in world.notify.deliveries() if d["channel"] == "wechat"] == []


def test_one_access_token_serves_every_message_until_it_is_about_to_expire(world: World) -> None:
    world.notify.receive(f.envelope("supervision", f.rectification_ordered()))
    world.notify.receive(f.envelope("permits", f.statutory_clock_breached()))
    world.dispatch()
    assert len(world.wechat.messages) == 2 and world.wechat.tokens_given == ["token-1"]
    world.clock.now += 7200 - 5 * 60  # within the margin before expiry: renewed before it runs out
    world.notify.receive(f.envelope("supervision", f.rectification_overdue()))
    world.dispatch()
    assert world.wechat.tokens_given == ["token-1", "token-2"]
    assert world.wechat.messages[-1]["access_token"] == "token-2"


def test_a_token_wechat_calls_invalid_is_renewed_and_the_message_sent_once(world: World) -> None:
    world.channel.token()
    world.wechat.expire_tokens()  # renewed elsewhere: ours answers 40001
    world.notify.receive(f.envelope("supervision", f.rectification_ordered()))
    world.dispatch()
    assert world.wechat.tokens_given == ["token-1", "token-2"]
    [message] = world.wechat.to(UNIT_OPENID)
    assert message["access_token"] == "token-2"
    notice = world.wechat_notice()
    assert notice["status"] == "delivered" and notice["attempts"] == 1


def test_a_follower_who_left_fails_the_notice_at_once_naming_the_error_code(world: World) -> None:
    world.wechat.refused[UNIT_OPENID] = 43004
    world.notify.receive(f.envelope("supervision", f.rectification_ordered()))
    world.dispatch()
    world.dispatch(AT + dt.timedelta(days=1))
    notice = world.wechat_notice()
    assert notice["status"] == "failed" and notice["attempts"] == 1
    assert "errcode 43004" in notice["failed_reason"]
    assert [d["channel"] for d in read_models.failed_deliveries(world.notify.views)] == ["wechat"]


def test_a_busy_wechat_is_tried_again_after_the_backoff(world: World) -> None:
    world.wechat.errors = [-1]
    world.notify.receive(f.envelope("supervision", f.rectification_ordered()))
    world.dispatch()
    assert world.wechat_notice()["status"] == "pending" and world.wechat.messages == []
    world.dispatch(AT + MINUTE)
    assert world.wechat_notice()["status"] == "delivered"
    assert len(world.wechat.to(UNIT_OPENID)) == 1


def test_credentials_wechat_refuses_hold_the_message_for_a_later_attempt_naming_the_code(world: World) -> None:
    world.wechat.token_error = 40164  # this address is not on the account's whitelist
    world.notify.receive(f.envelope("supervision", f.rectification_ordered()))
    world.dispatch()
    [attempt] = world.wechat_notice()["attempt_log"]
    assert attempt["result"] == "temporary_failure" and "errcode 40164" in attempt["detail"]
    world.wechat.token_error = None
    world.dispatch(AT + MINUTE)
    assert world.wechat_notice()["status"] == "delivered"


def test_an_outage_of_the_api_delays_the_message_and_loses_nothing(world: World) -> None:
    world.notify.receive(f.envelope("supervision", f.rectification_ordered()))
    world.wechat.stop()
    world.dispatch()
    assert world.wechat_notice()["status"] == "pending"
    world.wechat.start()
    world.dispatch(AT + MINUTE)
    assert world.wechat_notice()["status"] == "delivered" and len(world.wechat.messages) == 1


def test_the_same_event_delivered_twice_sends_one_message(world: World) -> None:
    event = f.envelope("supervision", f.rectification_ordered())
    world.notify.receive(event, event)
    world.dispatch()
    world.dispatch(AT + dt.timedelta(hours=1))
    assert len(world.wechat.to(UNIT_OPENID)) == 1
