"""The demo board: what it holds, that it is the same every time, and what `check` finds."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter

import pytest

from sendsec import cli
from sendsec.demo.data import PLANTED
from sendsec.demo.world import build_demo
from sendsec.domain import rules
from sendsec.domain.entities import BOARD_ROLES, HELD_STATUSES, STATUTORY_ROLES
from sendsec.domain.errors import SendsecError
from sendsec.reports.checks import run_checks
from sendsec.services import registers
from sendsec.services.board import Board

TODAY = dt.date(2026, 11, 22)

# The notice, paragraph 3: how each area's wording begins.
NOTICE = {
    "a": "ensure that there is a partnership commissioning agreement in place based on a "
         "thorough joint strategic needs assessment",
    "b": "urgently to address the length of time families have to wait for EHC needs "
         "assessments",
    "c": "ensure that when they are issued, EHC plans are accurate and contain key information "
         "from all partners",
    "d": "address the current waiting times for speech and language therapy, mental health "
         "services and neurodevelopmental assessment",
    "e": "improve the joint approach to speech, communication and language needs",
    "f": "accelerate their plans to improve transitions and support more effective preparation "
         "for adulthood",
    "g": "develop a partnership approach to working with mainstream schools to ensure that "
         "rates of suspensions and exclusion decrease",
    "h": "provide clarity on exactly how Alternative Provision (AP) will be used",
    "i": "continue their work with mainstream schools and partner agencies so that the 'SEND "
         "ranges' are used",
    "j": "ensure that improvements made to services will be fully effective in addressing "
         "area-wide issues",
}


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite", TODAY)


@pytest.fixture
def demo(demo_path):
    board = Board.open(demo_path, readonly=True, backup=False)
    yield board
    board.close()


def test_areas_a_to_j_carry_the_notice_wording(demo):
    areas = demo.rows("area")
    assert [a["code"] for a in areas] == list("abcdefghij")
    for a in areas:
        assert a["title"].lower().startswith(NOTICE[a["code"]].lower()), a["code"]
        assert NOTICE[a["code"]].lower() in a["description"].lower()
        assert a["lead_id"]
    kinds = Counter(a["kind"] for a in areas)
    assert kinds == {"area for priority action": 5, "area for improvement": 5}
    assert {a["code"] for a in areas if a["kind"] == "area for priority action"} == set("abcde")


def test_board_settings_place_today_mid_journey(demo):
    s = demo.settings()
    assert s["name"] == "West Northamptonshire SEND and AP Partnership Improvement Board"
    assert s["lead_council"] == "West Northamptonshire Council"
    inspection, report, notice, target = (dt.date.fromisoformat(s[k]) for k in (
        "inspection_date", "report_date", "notice_date", "target_date"))
    assert inspection < notice < report < target
    assert 12 <= rules.months_between(notice, TODAY) <= 15
    assert target == rules.add_months(notice.replace(day=1), 18) - dt.timedelta(days=1)
    assert target > TODAY
    assert demo.get("person", s["chair_id"])["role"] == "independent chair"
    secretary = demo.get("person", s["secretary_id"])
    assert secretary["role"] == "secretary" and secretary["email"] and secretary["phone"]


def test_people_for_every_board_role_and_the_partner_organisations(demo):
    roles = Counter(p["role"] for p in demo.rows("person"))
    assert set(BOARD_ROLES) <= set(roles)
    for role in STATUTORY_ROLES:
        assert roles[role] == 1
    people = registers.people_rows(demo)
    titles = {(p["title"], p["organisation"]) for p in people}
    for org in ("West Northamptonshire Council", "NHS Northamptonshire Integrated Care Board",
                "Northamptonshire Children's Trust"):
        assert ("Chief Executive", org) in titles or \
            any(t.startswith("Chief Executive") and o == org for t, o in titles), org
    orgs = {o["name"]: o["kind"] for o in demo.rows("organisation")}
    for name in ("Northamptonshire Healthcare NHS Foundation Trust",
                 "West Northants Voices in Partnership", "Department for Education",
                 "NHS England"):
        assert name in orgs
    assert "school" in orgs.values()
    assert all(re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z.]+", p["email"]) for p in people)


def test_the_priority_action_plan(demo):
    actions = registers.action_rows(demo, TODAY, kind="plan")
    assert len(actions) >= 30
    assert all(re.fullmatch(r"(PA[1-5]|AI([6-9]|10))\.\d+", a["ref"]) for a in actions)
    assert {a["area_code"] for a in actions} == set("abcdefghij")
    for a in actions:
        cycles = {u["meeting_id"] for u in a["updates"]}
        assert len(a["updates"]) >= 4 and len(cycles) == len(a["updates"]), a["ref"]
    owners = [a for a in actions if a["owner_id"]]
    assert {a["owner_organisation"] for a in owners} >= {"WNC", "ICB", "NCT", "NHFT", "WNVIP"}
    slipped = [a for a in actions if a["slipped"]]
    assert len(slipped) >= 2 and all(a["revision_reason"] for a in slipped)
    for a in slipped:
        [rev] = demo.rows("action_revision", parent_id=a["id"])
        assert rev["new_due"] == a["revised_due_date"] and rev["previous_due"] == a["due_date"]
    assert sum(a["status"] == "complete" and a["rag"] == "blue" for a in actions) >= 3
    assert any(r.startswith("Red or Amber in two consecutive cycles")
               for a in actions for r in a["slow_reasons"])
    assert {a["rag"] for a in actions} == {"red", "amber", "green", "blue"}


def test_risks_with_moving_review_histories(demo):
    risks = registers.risk_rows(demo, TODAY)
    assert len(risks) >= 10
    assert all(len(r["reviews"]) >= 4 for r in risks)
    moved = [r for r in risks if len({(v["likelihood"], v["impact"]) for v in r["reviews"]}) > 1]
    assert len(moved) >= 5
    for r in risks:  # current scores follow the latest review
        latest = r["reviews"][0]
        assert (r["current_likelihood"], r["current_impact"]) == (latest["likelihood"],
                                                                  latest["impact"])


def test_measures_include_the_seed_ehc_figures(demo):
    measures = {m["code"]: m for m in registers.measure_rows(demo, TODAY)}
    assert len(measures) >= 6
    ehc = next(m for m in measures.values() if m["title"] == "EHC plans issued within 20 weeks "
                                                            "(%)")
    values = [p["value"] for p in ehc["points"]]
    assert values[:7] == [20.0, 22.0, 25.0, 21.0, 60.0, 20.0, 9.0]
    assert min(values[:4]) >= 20.0 and max(values[:4]) <= 25.0
    periods = [dt.date.fromisoformat(p["period"]) for p in ehc["points"]]
    assert (periods[4].month - periods[3].month) % 12 == 2  # no August figure in the seed
    # the real published figures stay at their real dates (seed 002): September 2021 60%,
    # November 2021 9%, before the demo's own series
    assert (periods[4], values[4]) == (dt.date(2021, 9, 30), 60.0)
    assert (periods[6], values[6]) == (dt.date(2021, 11, 30), 9.0)
    assert all("real date" in (p["note"] or "") for p in ehc["points"][:7])
    assert not any(p["note"] for p in ehc["points"][7:]) and periods[7] > periods[6]
    assert ehc["latest_value"] > 30 and ehc["trend"] in ("improving", "worsening", "no change")
    assert ehc["trajectory"] and ehc["target"] == 60.0 and ehc["rag"] is not None
    assert max(dt.date.fromisoformat(p["period"]) for p in ehc["points"]) <= TODAY
    requests = next(m for m in measures.values() if m["title"].startswith("Requests for EHC"))
    assert 94.0 in [p["value"] for p in requests["points"]]


def test_impact_log_has_several_kinds_including_families_voice(demo):
    entries = registers.impact_rows(demo)
    kinds = Counter(e["kind"] for e in entries if e["status"] == "confirmed")
    assert len(kinds) >= 4 and kinds["family and young people's voice"] >= 1
    assert any(e["status"] == "proposed" for e in entries)


def test_meetings_held_and_planned_with_attendance_minutes_and_resolutions(demo):
    meetings = registers.meeting_rows(demo, TODAY)
    board_meetings = [m for m in meetings if m["kind"] == "board"]
    held = [m for m in board_meetings if m["status"] in HELD_STATUSES]
    assert len(board_meetings) >= 6 and len(held) >= 4
    assert any(m["meeting_date"] > TODAY.isoformat() and m["status"] not in HELD_STATUSES
               for m in board_meetings)
    assert all(m["meeting_date"] <= TODAY.isoformat() for m in held)
    for m in held:
        attendance = Counter(i["attendance"] for i in demo.rows("invitee", parent_id=m["id"]))
        assert "invited" not in attendance and attendance["present"] >= 10
    assert any(demo.rows("declaration", parent_id=m["id"]) for m in held)
    approved = [m for m in meetings if m["status"] == "minutes approved"]
    assert approved and all(m["approved_at_meeting_id"] for m in approved)


def test_minute_numbers_start_at_21_and_continue_across_meetings(demo):
    meetings = sorted((m for m in demo.rows("meeting") if m["status"] in HELD_STATUSES),
                      key=lambda m: m["meeting_date"])
    numbers = []
    for m in meetings:
        minutes = demo.rows("minute", parent_id=m["id"])
        assert minutes, m["meeting_date"]
        numbers += [x["number"] for x in minutes]
    assert numbers[0] == 21
    assert numbers == list(range(21, 21 + len(numbers)))  # unique and continuing
    texts = [r["text"] for r in demo.rows("resolution")]
    assert texts and all(not t.lower().startswith(("resolved", "that ")) for t in texts)
    assert any("be agreed as a correct record" in t for t in texts)
    board_actions = [a for a in demo.rows("action") if a["kind"] == "board"]
    assert board_actions and all(a["minute_id"] and a["owner_id"] for a in board_actions)


def test_the_next_meeting_is_ready_for_papers_and_a_stocktake_is_planned(demo):
    c = registers.cycle(demo, TODAY)
    nxt = c.next_meeting
    assert nxt["kind"] == "board"
    assert 14 <= (dt.date.fromisoformat(nxt["meeting_date"]) - TODAY).days <= 35
    [row] = [m for m in registers.meeting_rows(demo, TODAY) if m["id"] == nxt["id"]]
    assert row["statutory_missing"] == []
    stocktakes = [m for m in demo.rows("meeting") if m["kind"] == "stocktake review"]
    held = [m for m in stocktakes if m["status"] in HELD_STATUSES]
    planned = [m for m in stocktakes if m["meeting_date"] > TODAY.isoformat()]
    assert held and planned
    last = dt.date.fromisoformat(held[-1]["meeting_date"])
    assert not rules.stocktake_overdue(last, TODAY)
    assert dt.date.fromisoformat(planned[0]["meeting_date"]) <= rules.add_months(last, 6)


def test_check_finds_exactly_the_planted_gaps(demo):
    findings = run_checks(demo, TODAY)
    assert sorted({f.rule for f in findings}) == sorted(PLANTED)
    by_rule = {f.rule: f for f in findings}
    for rule in ("action-owner", "action-target", "action-after-target-date", "risk-review"):
        assert by_rule[rule].record == PLANTED[rule]
    assert "NHS England adviser" in by_rule["statutory-invitees"].reason
    assert "Request updates from owners" in by_rule["timetable-overdue"].reason
    assert len(findings) == len(PLANTED)


def test_the_file_is_sound(demo_path):
    con = sqlite3.connect(demo_path)
    try:
        assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert con.execute("pragma foreign_key_check").fetchall() == []
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        # built through the services: every record is in the change log
        logged = con.execute("select count(*) from change_log where field = '(created)' "
                             "and entity = 'action'").fetchone()[0]
        assert logged == con.execute("select count(*) from actions").fetchone()[0]
    finally:
        con.close()


# -------------------------------------------------------------------------- determinism

_VOLATILE = {"created_at", "updated_at", "uid", "board_uid", "at"}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_LONG = re.compile(r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) )?"
                   r"\d{1,2} (?:January|February|March|April|May|June|July|August|September|"
                   r"October|November|December) \d{4}")


def _content(path, *, dates: bool) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite%' "
            "and name not in ('_sqlite_migrations', 'change_log') order by name")]
        out = {}
        for t in tables:
            cur = con.execute(f"select * from {t} order by rowid")
            cols = [c[0] for c in cur.description]
            rows = []
            for row in cur.fetchall():
                values = []
                for col, v in zip(cols, row, strict=True):
                    if col in _VOLATILE:
                        continue
                    if not dates and isinstance(v, str):
                        v = _LONG.sub("<date>", _ISO.sub("<date>", v))
                    values.append(v)
                rows.append(tuple(values))
            out[t] = rows
        return out
    finally:
        con.close()


def test_same_today_gives_the_same_board(demo_path, tmp_path):
    again = build_demo(tmp_path / "again.sqlite", TODAY)
    assert _content(again, dates=True) == _content(demo_path, dates=True)


def test_a_different_today_shifts_dates_only(demo_path, tmp_path):
    other_day = dt.date(2025, 6, 4)
    other = build_demo(tmp_path / "other.sqlite", other_day)
    a, b = _content(demo_path, dates=False), _content(other, dates=False)
    steps_a, steps_b = a.pop("cycle_steps"), b.pop("cycle_steps")
    assert a == b
    assert len(steps_a) == len(steps_b)
    with Board.open(other, readonly=True, backup=False) as board:
        nxt = registers.cycle(board, other_day).next_meeting
        assert 14 <= (dt.date.fromisoformat(nxt["meeting_date"]) - other_day).days <= 35
        assert {f.rule for f in run_checks(board, other_day)} == set(PLANTED)


# ----------------------------------------------------------------------- scale and CLI

def test_scale_multiplies_the_board(tmp_path, demo):
    path = build_demo(tmp_path / "big.sqlite", TODAY, scale=2)
    with Board.open(path, readonly=True, backup=False) as big:
        for entity in ("risk", "measure"):
            assert len(big.rows(entity)) == 2 * len(demo.rows(entity))
        plan = [a for a in big.rows("action") if a["kind"] == "plan"]
        assert len(plan) == 2 * len([a for a in demo.rows("action") if a["kind"] == "plan"])
        assert len(big.rows("meeting")) > len(demo.rows("meeting"))
        assert len(big.rows("action_update")) > 1.5 * len(demo.rows("action_update"))
        assert len({a["ref"] for a in plan}) == len(plan)
        assert {f.rule for f in run_checks(big, TODAY)} == set(PLANTED)


@pytest.mark.parametrize("scale", [0, -1, 51, 1.5, True])
def test_a_bad_scale_is_refused_and_writes_nothing(tmp_path, scale):
    with pytest.raises(SendsecError, match="scale"):
        build_demo(tmp_path / "x.sqlite", TODAY, scale=scale)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_never_overwritten(tmp_path, capsys):
    target = tmp_path / "mine.sqlite"
    target.write_bytes(b"precious")
    with pytest.raises(SendsecError, match="already exists"):
        build_demo(target, TODAY)
    assert cli.main(["demo", "--db", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b"precious"


def test_cli_demo_prints_the_path_and_check_finds_the_gaps(tmp_path, capsys):
    target = tmp_path / "cli demo.sqlite"
    assert cli.main(["demo", "--db", str(target), "--today", "2026-11-22"]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert cli.main(["check", "--db", str(target), "--today", "2026-11-22"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"{len(PLANTED)} findings: 4 errors, 3 warnings."
    assert cli.main(["demo", "--db", str(tmp_path / "y.sqlite"), "--scale", "zero"]) == 2
    assert cli.main(["demo", "--db", str(tmp_path / "z.sqlite"), "--today", "TBC"]) == 2
    assert not (tmp_path / "y.sqlite").exists() and not (tmp_path / "z.sqlite").exists()


def test_a_failed_build_leaves_no_file(tmp_path, monkeypatch):
    from sendsec.demo import world as demo_module

    def boom(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_module._Builder, "risks", boom)
    with pytest.raises(RuntimeError):
        build_demo(tmp_path / "half.sqlite", TODAY)
    assert list(tmp_path.iterdir()) == []


def test_risk_review_notes_agree_with_the_movement_of_the_score(demo):
    for risk in demo.rows("risk"):
        before = risk["inherent_likelihood"] * risk["inherent_impact"]
        reviews = sorted(demo.rows("risk_review", parent_id=risk["id"]),
                         key=lambda r: (r["review_date"], r["id"]))
        for review in reviews:
            score = review["likelihood"] * review["impact"]
            note = review["note"]
            if "reduced" in note:
                assert score < before, (risk["ref"], review["review_date"], note)
            if "raised" in note:
                assert score > before, (risk["ref"], review["review_date"], note)
            if note.startswith("No change"):
                assert score == before, (risk["ref"], review["review_date"], note)
            before = score


def test_papers_are_lettered_in_agenda_order(demo):
    for meeting in demo.rows("meeting"):
        items = sorted(demo.rows("agenda_item", parent_id=meeting["id"]),
                       key=lambda i: i["position"])
        letters = [i["paper_ref"] for i in items if i["paper_ref"]]
        assert letters == sorted(letters), (meeting["meeting_date"], letters)


def test_the_demos_invented_people_have_addresses_that_reach_nobody():
    """The demo's people are invented; their drafts were addressed at real domains (the
    council's, nhs.net, education.gov.uk), so a demo draft sent by mistake could reach a real
    person of that name."""
    from sendsec.demo.data import PEOPLE

    emails = [p[5] for p in PEOPLE if p[5]]
    assert emails and all(e.rsplit("@", 1)[1].endswith(".example") for e in emails)


def test_the_demo_inspects_on_a_working_day_and_plans_no_meeting_in_christmas_week():
    """Built in early December the demo's next meeting fell on Wednesday 30 December, and its
    inspection on a Saturday."""
    import datetime as dt

    from sendsec.demo.calendar import timeline
    from sendsec.domain.rules import WorkingCalendar

    cal = WorkingCalendar()
    day = dt.date(2026, 11, 1)
    while day < dt.date(2027, 2, 1):
        t = timeline(day)
        assert cal.is_working_day(t.inspection), (day, t.inspection)
        for meeting in t.upcoming:  # those the papers are written for
            assert not ((meeting.month, meeting.day) >= (12, 23) or
                        (meeting.month, meeting.day) <= (1, 3)), (day, meeting)
        assert t.upcoming[0] > day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("today", [TODAY, dt.date(2026, 12, 3), dt.date(2027, 2, 26)])
def test_nothing_in_the_demo_has_happened_after_today(tmp_path, today):
    """Updates sent, risks reviewed, impact logged and due dates revised are all on or before
    the demo's today (an update of AI6.3 read 'Last update 5 December 2026' on 3 December)."""
    path = build_demo(tmp_path / "demo.sqlite", today)
    conn = sqlite3.connect(path)
    try:
        late = {(table, column): conn.execute(
                    f"SELECT count(*) FROM {table} WHERE {column} > ?",
                    (today.isoformat(),)).fetchone()[0]
                for table, column in (("action_updates", "update_date"),
                                      ("risk_reviews", "review_date"),
                                      ("impact_entries", "entry_date"),
                                      ("action_revisions", "revised_on"),
                                      ("challenges", "raised_on"))}
    finally:
        conn.close()
    assert {k: n for k, n in late.items() if n} == {}
