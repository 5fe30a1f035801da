"""C7 in notify: a fire technical service firm (消防技术服务机构) recommended for exit from the trade is
told, and the partner agencies that subscribe get the notice by callback."""

from __future__ import annotations

from typing import Any

from tests.unit import notify_factories as f

FIRM = f"unit:{f.FIRM}"


def deliveries_of(n: f.Notify, notice_type: str) -> set[tuple[str, str]]:
    return {(d["recipient"], d["channel"]) for d in n.deliveries() if d["notice_type"] == notice_type}


def text_of(n: f.Notify, channel: str = "inbox") -> dict[str, Any]:
    [found] = [d for d in n.deliveries() if d["notice_type"] == "trade_exit_recommended" and d["channel"] == channel]
    return found


def test_a_firm_recommended_for_trade_exit_is_told_and_subscribed_agencies_are_called_back() -> None:
    n = f.notify()
    event = f.envelope("credit", f.trade_exit_recommended())
    n.receive(event, event)
    assert deliveries_of(n, "trade_exit_recommended") >= {(FIRM, "inbox"), ("agency:credit-platform", "callback")}
    assert len([d for d in n.deliveries() if d["recipient"] == FIRM]) == 1  # a redelivery sends nothing twice


def test_the_trade_exit_notice_speaks_of_stopping_practice_and_leaving_the_trade_in_chinese_terms() -> None:
    n = f.notify()
    n.receive(f.envelope("credit", f.trade_exit_recommended()))
    notice = text_of(n)
    assert notice["subject"] == "消防技术服务机构严重失信及行业退出告知书"
    body = notice["body"]
    assert body.startswith("上海某消防设施检测有限公司：")
    assert "（消防设施维护保养检测）" in body and "2026年12月10日" in body
    assert "消防技术服务机构严重违法违规" in body and "异议期届满" in body
    assert "建议依法责令停止执业、实行行业退出" in body and "《中华人民共和国消防法》第六十九条" in body
    assert "technical_service" not in body and "maintenance_and_testing" not in body
