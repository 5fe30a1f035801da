"""The register of units: from permit events, credit standings, staff and the bulk import."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from services.supervision.application import RegisterHints
from services.supervision.bulk_import import ImportFileError, import_rows, read_rows
from services.supervision.commands import InvalidCommand
from services.supervision.domain import RegisteredUnit
from tests.unit.supervision_factories import (
    CST,
    DISTRICT,
    HOTEL,
    SPORTS_CENTRE,
    World,
    at,
    make_uscc,
    permit_granted,
    permit_revoked,
    pilot_registered,
    standing_changed,
)

IMPORTED_AT = dt.datetime(2026, 11, 1, 8, 0, tzinfo=CST)
HEADER = "uscc,unit_name,district,venue_category,industry_regulator,high_risk,floor_area_m2\n"


def csv_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    return list(read_rows(io.StringIO(text)))


def test_a_granted_permit_puts_the_unit_on_the_register_with_its_address() -> None:
    world = World()
    world.receive(permit_granted(position=2))
    unit = world.desk.registered_unit(SPORTS_CENTRE)
    assert unit is not None
    assert unit["uscc"] == SPORTS_CENTRE
    assert unit["venue_category"] == "sports_venue"
    assert unit["address"] == "漕溪北路1111号"
    assert unit["permits"] == 1
    assert unit["source"] == "permit"


def test_a_second_permit_of_the_same_unit_is_noted_on_its_one_entry() -> None:
    world = World()
    world.receive(permit_granted(position=2))
    world.receive(permit_granted(position=4, permit_no="XF2026-SECOND"))
    unit = world.app.repository.get(RegisteredUnit.create_id(SPORTS_CENTRE))
    assert unit.permits == ["XF2026-000002", "XF2026-SECOND"]
    assert world.desk.registered_unit(SPORTS_CENTRE)["permits"] == 2  # type: ignore[index]


def test_a_redelivered_permit_event_changes_nothing() -> None:
    world = World()
    assert world.receive(permit_granted(position=2))
    assert not world.receive(permit_granted(position=2))
    assert len(world.events("PermitNoted")) == 1


def test_a_pilot_tenant_opens_without_permit_and_is_due_an_on_site_check() -> None:
    world = World()
    tenant = make_uscc(77)
    world.receive(pilot_registered(position=3, uscc=tenant))
    unit = world.desk.registered_unit(tenant)
    assert unit is not None
    assert unit["pilot_check_due"] is True
    assert unit["in_commercial_complex"] is True
    assert unit["source"] == "pilot"
    a, b = world.team("I1", "I2")
    world.inspect(tenant, [a, b], day="2026-11-12", purpose="pilot")
    assert world.desk.registered_unit(tenant)["pilot_check_due"] is False  # type: ignore[index]


def test_a_revoked_permit_is_noted_on_the_register() -> None:
    world = World()
    world.receive(permit_granted(position=2))
    world.receive(permit_revoked(position=5, permit_no="XF2026-000002"))
    assert world.desk.registered_unit(SPORTS_CENTRE)["permits_revoked"] == 1  # type: ignore[index]


def test_a_revocation_of_a_unit_not_on_the_register_is_tracked_and_ignored() -> None:
    world = World()
    assert world.receive(permit_revoked(position=5, uscc=HOTEL))
    assert world.app.upstream_position("permits") == 5
    assert world.events() == []


def test_credit_standing_is_kept_for_the_draw() -> None:
    world = World()
    world.receive(permit_granted(position=2))
    world.receive(standing_changed(position=7, uscc=SPORTS_CENTRE, tier="red_list", reduced_inspection=True))
    unit = world.desk.registered_unit(SPORTS_CENTRE)
    assert unit is not None
    assert unit["credit_tier"] == "red_list"
    assert unit["reduced_inspection"] is True
    assert world.app.upstream_position("credit") == 7


def test_a_standing_that_arrives_before_the_unit_is_kept_until_the_unit_comes() -> None:
    world = World()
    world.receive(standing_changed(position=1, uscc=SPORTS_CENTRE, tier="serious_dishonesty"))
    world.receive(permit_granted(position=2))
    assert world.desk.registered_unit(SPORTS_CENTRE)["credit_tier"] == "serious_dishonesty"  # type: ignore[index]


def test_staff_register_a_unit_and_a_bad_entry_names_every_bad_field_and_stores_nothing() -> None:
    world = World()
    with pytest.raises(InvalidCommand) as raised:
        world.desk.register_unit(
            uscc="91110000600037341M",
            unit_name="",
            district=DISTRICT,
            floor_area_m2="large",
            responsible_email="nobody",
            colour="red",
            at="2026-11-02T09:00:00",
        )
    assert raised.value.fields == {"uscc", "unit_name", "floor_area_m2", "responsible_email", "colour", "at"}
    assert world.events() == []


def test_the_import_registers_new_units_and_reports_bad_rows_by_line_number() -> None:
    world = World()
    text = (
        HEADER
        + f"{make_uscc(1)},甲公司,{DISTRICT},hotel,区文旅局,false,800\n"
        + f"91110000600037341M,乙公司,{DISTRICT},hotel,,,\n"
        + f"{make_uscc(2)},丙公司,{DISTRICT},catering,区商务委,yes,120.5\n"
        + f"{make_uscc(3)},,{DISTRICT},,,,\n"
        + f"{make_uscc(4)},丁公司,{DISTRICT},,,maybe,-5\n"
    )
    report = import_rows(world.app, csv_rows(text), IMPORTED_AT)
    assert (report.rows, report.registered) == (5, 2)
    assert [r.line for r in report.rejected] == [3, 5, 6]
    assert "uscc" in report.rejected[0].problems
    assert "unit_name: is required" in report.rejected[1].problems
    assert "high_risk" in report.rejected[2].problems and "floor_area_m2" in report.rejected[2].problems
    imported = world.desk.registered_unit(make_uscc(2))
    assert imported is not None
    assert imported["high_risk"] is True
    assert imported["floor_area_m2"] == 120.5
    assert imported["industry_regulator"] == "区商务委"
    assert imported["source"] == "market_registration"


def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_updates_its_unit() -> None:
    world = World()
    text = HEADER + f"{make_uscc(1)},甲公司,{DISTRICT},hotel,区文旅局,false,800\n"
    import_rows(world.app, csv_rows(text), IMPORTED_AT)
    again = import_rows(world.app, csv_rows(text), IMPORTED_AT)
    assert (again.registered, again.updated, again.unchanged) == (0, 0, 1)
    changed = HEADER + f"{make_uscc(1)},甲公司（新名）,{DISTRICT},hotel,,false,800\n"
    updated = import_rows(world.app, csv_rows(changed), IMPORTED_AT)
    assert updated.updated == 1
    unit = world.desk.registered_unit(make_uscc(1))
    assert unit is not None
    assert unit["unit_name"] == "甲公司（新名）"
    assert unit["industry_regulator"] == "区文旅局"  # an empty cell erases nothing


def test_an_imported_unit_that_later_gets_a_permit_keeps_one_entry() -> None:
    world = World()
    import_rows(world.app, csv_rows(HEADER + f"{SPORTS_CENTRE},某体育公司,{DISTRICT},,区体育局,,\n"), IMPORTED_AT)
    world.receive(permit_granted(position=2))
    unit = world.desk.registered_unit(SPORTS_CENTRE)
    assert unit is not None
    assert unit["permits"] == 1
    assert unit["industry_regulator"] == "区体育局"
    assert unit["venue_category"] == "sports_venue"


def test_the_import_saves_in_batches_and_a_unit_twice_in_a_file_is_registered_once() -> None:
    world = World()
    rows = [(n + 2, {"uscc": make_uscc(n % 7), "unit_name": f"单位{n}", "district": DISTRICT}) for n in range(25)]
    seen: list[int] = []
    report = import_rows(world.app, rows, IMPORTED_AT, batch_size=4, progress=seen.append)
    assert report.registered == 7
    assert report.registered + report.updated + report.unchanged == 25
    assert len(world.events("Registered")) == 7
    assert seen == list(range(2, 27))


def test_a_file_without_the_required_columns_is_refused_whole() -> None:
    with pytest.raises(ImportFileError, match="district"):
        csv_rows("uscc,unit_name\n91110000600037341L,甲\n")


def test_marking_a_unit_high_risk_is_recorded_with_who_and_why() -> None:
    world = World()
    world.register(SPORTS_CENTRE)
    unit = world.desk.mark_high_risk(
        uscc=SPORTS_CENTRE, high_risk=True, reason="大型人员密集场所", at=at("2026-11-03"), marked_by="I9"
    )
    assert unit["high_risk"] is True
    marked = world.events("RiskMarked")[0]
    assert (marked.marked_by, marked.reason) == ("I9", "大型人员密集场所")


def test_a_unit_the_read_model_does_not_show_yet_is_still_updated_not_registered_twice() -> None:
    world = World()
    world.receive(permit_granted(position=2))  # stored, not yet projected
    stale = RegisterHints(entries={}, current=False)
    row = {"uscc": SPORTS_CENTRE, "unit_name": "某体育公司", "district": DISTRICT, "industry_regulator": "区体育局"}
    report = import_rows(world.app, [(2, row)], IMPORTED_AT, hints=lambda usccs: stale)
    assert (report.registered, report.updated) == (0, 1)
    assert len(world.events("Registered")) == 1


def test_a_current_read_model_spares_loading_units_that_did_not_change() -> None:
    world = World()
    text = HEADER + f"{make_uscc(1)},甲公司,{DISTRICT},hotel,区文旅局,false,800\n"
    import_rows(world.app, csv_rows(text), IMPORTED_AT)
    shown = world.desk.registered_unit(make_uscc(1))
    assert shown is not None
    loads: list[object] = []
    original = world.app.find
    world.app.find = lambda *args: loads.append(args) or original(*args)  # type: ignore[method-assign]
    current = RegisterHints(entries={make_uscc(1): shown}, current=True)
    report = import_rows(world.app, csv_rows(text), IMPORTED_AT, hints=lambda usccs: current)
    assert (report.unchanged, loads) == (1, [])
    lagging = RegisterHints(entries={make_uscc(1): shown}, current=False)
    import_rows(world.app, csv_rows(text), IMPORTED_AT, hints=lambda usccs: lagging)
    assert len(loads) == 1
