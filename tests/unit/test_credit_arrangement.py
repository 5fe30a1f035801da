"""Loading the official 2027 arrangement revises open objection windows; a replay gives the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kit.arrangements import read_arrangement
from kit.calendar import WorkingDayCalendar
from services.credit import read_models
from services.credit.replay import own_commands, replay
from tests.unit.arrangements_2027 import arrangement_file
from tests.unit.credit_factories import SHOPPING_MALL, SPORTS_CENTRE, Credit, SupervisionLog

LOADED_AT = dt.datetime(2027, 2, 4, 9, 0, tzinfo=dt.UTC)


def load(credit: Credit, tmp_path: Path) -> tuple[bool, list[str]]:
    arrangement = read_arrangement(arrangement_file(tmp_path))
    usccs = read_models.units_with_open_windows(credit.runtime.engine, arrangement.year)
    recorded, revised = credit.app.load_arrangement(arrangement, LOADED_AT, usccs)
    credit.runtime.refresh_read_models()
    return recorded, [r.uscc for r in revised]


def test_an_open_objection_window_is_revised_once_and_a_replay_gives_the_same(tmp_path: Path) -> None:
    credit = Credit(calendar=WorkingDayCalendar())
    supervision = SupervisionLog()
    log = [
        *supervision.unrectified_major_hazard(SPORTS_CENTRE, "2027-02-03"),
        *supervision.unrectified_major_hazard(SHOPPING_MALL, "2027-01-11"),
    ]
    credit.receive(*log)
    credit.close_day("2027-01-29")  # the mall's window (to 18 January) has closed: it is listed
    [notice] = credit.notices(SPORTS_CENTRE)
    assert (notice["objection_deadline"], notice["objection_deadline_provisional"]) == ("2027-02-16", True)

    assert load(credit, tmp_path) == (True, [SPORTS_CENTRE])
    [notice] = credit.notices(SPORTS_CENTRE)
    # Five working days from 3 February on the arrangement: 4, 15, 16, 17 and 18 February.
    assert (notice["objection_deadline"], notice["objection_deadline_provisional"]) == ("2027-02-18", False)
    [published] = credit.published("ObjectionDeadlineRevised")
    assert (published.data["previous_deadline"], published.data["objection_deadline"]) == ("2027-02-16", "2027-02-18")
    assert published.data["arrangement"] == "国办发明电〔2026〕12号"
    assert load(credit, tmp_path) == (False, [])

    credit.close_day("2027-02-16")  # the old last day: the window is still open
    assert credit.notices(SPORTS_CENTRE)[0]["status"] == "noticed"
    credit.close_day("2027-02-18")
    assert credit.notices(SPORTS_CENTRE)[0]["status"] == "listed"

    rebuilt = Credit(calendar=WorkingDayCalendar())
    commands = own_commands(credit.app)
    assert [c.kind for c in commands].count("arrangement") == 1
    replay(rebuilt.runtime, {"supervision": log, "permits": []}, commands)
    assert read_models.all_rows(rebuilt.runtime.engine) == read_models.all_rows(credit.runtime.engine)
