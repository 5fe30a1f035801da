"""Notice texts in Chinese, one per notice type."""

from __future__ import annotations

from firesafety.permits.v1 import events_pb2 as permit_events


def permit_granted(granted: permit_events.PermitGranted) -> tuple[str, str]:
    subject = "公众聚集场所投入使用、营业前消防安全检查准予许可通知"
    route = "告知承诺方式" if granted.route == "commitment" else "一般程序"
    body = (
        f"{granted.unit_name}：\n"
        f"你单位申请的“{granted.venue_name}”公众聚集场所投入使用、营业前消防安全检查，"
        f"经审查（{route}），准予许可。许可文书号：{granted.permit_no}。"
    )
    if granted.route == "commitment":
        body += "消防救援机构将在二十个工作日内对承诺内容进行核查，请如实履行承诺。"
    return subject, body
