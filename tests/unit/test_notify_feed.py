"""The public feeds (双公示, 一公开): paginated JSON and Atom, published items only, no personal data."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from kit.envelope import Envelope
from services.notify.feed import BadFeedRequest, PublicationFeed
from tests.unit import notify_factories as f

ATOM = "{http://www.w3.org/2005/Atom}"
T0 = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)


def published(*envelopes: Envelope) -> tuple[f.Notify, PublicationFeed]:
    n = f.notify(directory={})
    for minute, envelope in enumerate(envelopes):
        n.receive(envelope)
        n.dispatcher().dispatch_due(T0 + dt.timedelta(minutes=minute))
    return n, PublicationFeed(n.views, "https://notify.example.cn/", "徐汇区消防救援支队", default_per_page=2)


def five_decisions() -> tuple[f.Notify, PublicationFeed]:
    return published(
        f.envelope("permits", f.permit_granted(application_id="a-1", permit_no="P-1")),
        f.envelope("supervision", f.penalty_decided(penalty_id="罚-1")),
        f.envelope("permits", f.permit_refused(application_id="a-2", district="闵行区")),
        f.envelope("supervision", f.inspection_plan_published(), subject="徐汇区"),
        f.envelope("supervision", f.inspection_results_published(), subject="徐汇区"),
    )


def test_the_json_feed_pages_the_newest_first_and_links_the_next_page() -> None:
    _, feed = five_decisions()
    first = json.loads(feed.json_page(feed.query({})))
    assert (first["total"], first["pages"], first["per_page"]) == (5, 3, 2)
    assert [i["kind"] for i in first["items"]] == ["inspection_results", "inspection_plan"]
    assert first["next"] == "https://notify.example.cn/publications?page=2&per_page=2"
    assert first["previous"] is None
    last = json.loads(feed.json_page(feed.query({"page": "3"})))
    assert [i["details"].get("permit_no") for i in last["items"]] == ["P-1"]
    assert last["next"] is None


def test_the_feed_filters_by_kind_and_district() -> None:
    _, feed = five_decisions()
    permits = json.loads(feed.json_page(feed.query({"kind": "permit", "per_page": "10"})))
    assert [i["details"]["decision"] for i in permits["items"]] == ["refused", "granted"]
    in_minhang = json.loads(feed.json_page(feed.query({"district": "闵行区"})))
    assert [i["unit_name"] for i in in_minhang["items"]] == [f.UNIT_NAME]


def test_a_publication_says_when_it_was_due_and_whether_it_was_on_time() -> None:
    _, feed = published(
        f.envelope("supervision", f.penalty_decided(penalty_id="罚-1", decided_on="2026-10-30")),
        f.envelope("supervision", f.penalty_decided(penalty_id="罚-2", decided_on="2026-09-29")),
    )
    late, on_time = json.loads(feed.json_page(feed.query({})))["items"]
    assert (on_time["decided_on"], on_time["publish_by"], on_time["on_time"]) == ("2026-10-30", "2026-11-10", True)
    assert (late["decided_on"], late["publish_by"], late["on_time"]) == ("2026-09-29", "2026-10-14", False)
    assert on_time["published_at"].startswith("2026-11-02T02:00")
    assert json.loads(feed.json_item(on_time["id"]) or "{}")["title"].startswith("行政处罚信息公示")


def test_nothing_is_public_before_it_is_delivered_to_the_feed() -> None:
    n = f.notify(directory={})
    n.receive(f.envelope("supervision", f.penalty_decided()))
    feed = PublicationFeed(n.views, "https://notify.example.cn", "消防救援机构")
    assert json.loads(feed.json_page(feed.query({})))["total"] == 0


def test_no_contact_data_reaches_the_public() -> None:
    _, feed = published(f.envelope("permits", f.permit_granted()))
    text = feed.json_page(feed.query({})) + feed.atom_page(feed.query({}))
    for private in ("张三", "13800000000", "zhangsan@example.cn"):
        assert private not in text


def test_the_atom_feed_is_valid_xml_with_paging_links_and_one_entry_per_publication() -> None:
    _, feed = five_decisions()
    root = ET.fromstring(feed.atom_page(feed.query({"page": "2"})))
    assert root.tag == f"{ATOM}feed"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["next"] == "https://notify.example.cn/publications.atom?page=3&per_page=2"
    assert links["previous"] == "https://notify.example.cn/publications.atom?page=1&per_page=2"
    entries = root.findall(f"{ATOM}entry")
    assert (entries[0].findtext(f"{ATOM}title") or "").startswith("行政许可信息公示")
    assert all(e.findtext(f"{ATOM}id", "").startswith("urn:uuid:") for e in entries)
    assert root.findtext(f"{ATOM}updated", "").endswith("Z")


@pytest.mark.parametrize("args", [{"page": "0"}, {"page": "x"}, {"per_page": "1000"}, {"kind": "gossip"}])
def test_a_bad_query_is_refused(args: dict[str, str]) -> None:
    _, feed = published()
    with pytest.raises(BadFeedRequest):
        feed.query(args)


def test_a_plans_announcement_is_in_the_feed_before_its_draw_with_the_commitment() -> None:
    _, feed = published(f.envelope("supervision", f.inspection_plan_announced(), subject="徐汇区"))
    (item,) = json.loads(feed.json_page(feed.query({"kind": "inspection_plan_announcement"})))["items"]
    assert item["details"]["commitment"] == "sha256:5e1f0c"
    assert item["details"]["plan_id"] == "plan-2026-11-xh"


def test_a_leniency_policy_is_in_the_feed_of_its_district_with_its_number_and_days() -> None:
    _, feed = published(f.envelope("supervision", f.leniency_policy_published(), subject="沪虹消〔2026〕7号"))
    found = json.loads(feed.json_page(feed.query({"kind": "leniency_policy", "district": "虹口区"})))
    [item] = found["items"]
    assert (item["details"]["document_no"], item["details"]["starts_on"], item["details"]["ends_on"]) == (
        "沪虹消〔2026〕7号",
        "2026-11-01",
        "2026-11-30",
    )
