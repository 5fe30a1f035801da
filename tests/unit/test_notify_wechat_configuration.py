"""WeChat's settings and followers: from the environment and the directory, refused naming what is wrong."""

from __future__ import annotations

import pytest

from services.notify.bootstrap import build_channels
from services.notify.directory import Directory, DirectoryError
from services.notify.settings import WECHAT_API, load_notify_settings
from tests.unit import notify_factories as f

WECHAT_ENV = {"NOTIFY_WECHAT_APPID": "wx1234", "NOTIFY_WECHAT_SECRET": "s3cret", "NOTIFY_WECHAT_TEMPLATE_ID": "tmpl-1"}


def test_without_an_appid_wechat_notices_are_held_saying_what_to_set() -> None:
    settings = load_notify_settings({})
    assert settings.wechat is None
    report = build_channels(settings).report()
    assert report["wechat"] == "WeChat is not configured: set NOTIFY_WECHAT_APPID, NOTIFY_WECHAT_SECRET"


def test_an_official_account_comes_from_the_environment_with_the_public_api_by_default() -> None:
    settings = load_notify_settings(
        {**WECHAT_ENV, "NOTIFY_WECHAT_TEMPLATES": "rectification_ordered=tmpl-order, listing_notice=tmpl-credit"}
    )
    wechat = settings.wechat
    assert wechat is not None and (wechat.appid, wechat.api_base_url) == ("wx1234", WECHAT_API)
    assert wechat.template_of("rectification_ordered") == "tmpl-order"
    assert wechat.template_of("permit_granted") == "tmpl-1"
    assert "s3cret" not in repr(wechat)
    assert build_channels(settings).report()["wechat"] == "ready"


def test_the_api_base_url_can_point_at_another_server() -> None:
    settings = load_notify_settings({**WECHAT_ENV, "NOTIFY_WECHAT_API_BASE_URL": "http://127.0.0.1:8089/"})
    assert settings.wechat is not None and settings.wechat.api_base_url == "http://127.0.0.1:8089"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"NOTIFY_WECHAT_SECRET": ""}, "NOTIFY_WECHAT_SECRET"),
        ({"NOTIFY_WECHAT_TEMPLATE_ID": ""}, "NOTIFY_WECHAT_TEMPLATE_ID"),
        ({"NOTIFY_WECHAT_TEMPLATES": "no_such_notice=tmpl-2"}, "NOTIFY_WECHAT_TEMPLATES"),
        ({"NOTIFY_WECHAT_TEMPLATES": "permit_granted="}, "NOTIFY_WECHAT_TEMPLATES"),
        ({"NOTIFY_WECHAT_API_BASE_URL": "api.weixin.qq.com"}, "NOTIFY_WECHAT_API_BASE_URL"),
    ],
)
def test_an_official_account_half_configured_stops_the_worker_naming_the_variable(
    change: dict[str, str], named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        load_notify_settings({**WECHAT_ENV, **change})


def test_followers_are_read_from_the_directory_for_units_regulators_and_brigades() -> None:
    directory = Directory.from_mapping(
        {
            "regulators": {"education": {"email": "a@edu.example.cn", "wechat_openid": "oEdu"}},
            "brigades": {"徐汇区": {"email": "duty@xh.example.cn"}},
            "units": {f.SPORTS_CENTRE: {"wechat_openid": "oUnit"}},
        }
    )
    assert directory.wechat_openid(f"unit:{f.SPORTS_CENTRE}") == "oUnit"
    assert directory.wechat_openid("regulator:education") == "oEdu"
    assert directory.wechat_openid("brigade:徐汇区") == ""
    assert directory.wechat_openid("reporter:12345-1") == ""
    address = directory.address_of(f"unit:{f.SPORTS_CENTRE}", "wechat")
    assert address is not None and address.value == "oUnit"
    assert directory.address_of(f"unit:{f.SHANGHAI_MALL}", "wechat") is None


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ({"units": {f.SPORTS_CENTRE: {}}}, f"units.{f.SPORTS_CENTRE}: wechat_openid is required"),
        ({"units": {f.SPORTS_CENTRE: "oUnit"}}, f"units.{f.SPORTS_CENTRE}: must be a table"),
        (
            {"brigades": {"徐汇区": {"email": "d@x.cn", "wechat_openid": 7}}},
            "brigades.徐汇区: wechat_openid must be text",
        ),
    ],
)
def test_a_malformed_follower_is_refused_naming_the_entry(entry: dict[str, object], complaint: str) -> None:
    with pytest.raises(DirectoryError, match=complaint):
        Directory.from_mapping(entry)


def test_a_unit_with_a_follower_gets_its_notices_by_wechat_too_with_the_short_text() -> None:
    n = f.notify(directory={**f.DIRECTORY, "units": {f.SPORTS_CENTRE: {"wechat_openid": "oUnit"}}})
    n.receive(f.envelope("supervision", f.rectification_ordered()))
    channels = {d["channel"]: d for d in n.deliveries() if d["notice_type"] == "rectification_ordered"}
    assert set(channels) == {"inbox", "email", "sms", "wechat"}
    assert channels["wechat"]["body"] == channels["sms"]["body"]


def test_the_reporter_of_a_complaint_is_never_reached_by_wechat() -> None:
    n = f.notify(directory={**f.DIRECTORY, "units": {f.SPORTS_CENTRE: {"wechat_openid": "oUnit"}}})
    n.receive(f.envelope("supervision", f.complaint_feedback_given()))
    assert "wechat" not in {d["channel"] for d in n.deliveries()}
