"""`check`: each rule on a small board that triggers it and one that does not; the CLI."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from sendsec import cli
from sendsec.reports.checks import RULES, Finding, run_checks
from sendsec.services.board import Board

TODAY = dt.date(2026, 11, 18)  # a Wednesday


def d(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def path(tmp_path):
    return tmp_path / "board.sqlite"


@pytest.fixture
def board(path):
    """A board that passes every check: recent notice, statutory invitees, a sound action,
    a reviewed risk and a meeting far enough ahead that no timetable step is due."""
    b = Board.create_new(path, "Test SEND Improvement Board",
                         notice_date=d(-60), target_date=d(300))
    people = {}
    for name, role in (("Dee Adviser", "DfE adviser"), ("Nia England", "NHS England adviser"),
                       ("Cal Lead", "DfE case lead"), ("Ann Chair", "independent chair"),
                       ("Olu Owner", "member"), ("Sam Sec", "secretary")):
        people[role] = b.create("person", {"name": name, "role": role}).id
    b.people = people
    b.create("action", {"ref": "PA1.1", "title": "Do the thing", "owner_id": people["member"],
                        "success_measure": "Plans in 20 weeks (%)", "target": "60%",
                        "due_date": d(200), "status": "in progress"})
    risk = b.create("risk", {"ref": "R01", "title": "A risk", "current_likelihood": 3,
                             "current_impact": 3}).id
    b.create("risk_review", {"risk_id": risk, "review_date": d(-5), "likelihood": 3,
                             "impact": 2})
    b.meeting = b.create("meeting", {"meeting_date": d(63)}).id
    yield b
    b.close()


def rules_found(board, today=TODAY) -> list[str]:
    return [f.rule for f in run_checks(board, today)]


def hold(board, days: int, status="minutes drafted", kind="board", impact=True) -> int:
    """Add a meeting `days` from TODAY that was held, with its timetable ticked."""
    mid = board.create("meeting", {"meeting_date": d(days), "status": status,
                                   "kind": kind}).id
    for step in board.rows("cycle_step", parent_id=mid):
        board.set_step_done(step["id"], step["due_date"])
    if impact:
        board.create("impact_entry", {"entry_date": d(days), "meeting_id": mid,
                                      "title": "Families waited less"})
    return mid


def test_a_sound_board_has_no_findings(board):
    assert run_checks(board, TODAY) == []


def test_findings_are_frozen_and_say_which_rule_record_and_why(board):
    board.update("action", board.find("action", ref="PA1.1")["id"], {"owner_id": None})
    [f] = run_checks(board, TODAY)
    assert isinstance(f, Finding) and f.rule in RULES
    assert (f.rule, f.entity, f.record, f.severity) == ("action-owner", "action", "PA1.1",
                                                        "error")
    assert "notice 5b" in f.reason and f.reason.endswith(".")
    assert f.line() == f"[action-owner] PA1.1: {f.reason}"
    with pytest.raises(AttributeError):
        f.rule = "other"


# ------------------------------------------------------------------- statutory invitees (6)

@pytest.mark.parametrize("role", ["DfE adviser", "NHS England adviser", "DfE case lead"])
def test_a_meeting_without_a_statutory_invitee_is_found(board, role):
    inv = board.find("invitee", meeting_id=board.meeting, person_id=board.people[role])
    board.remove_invitee(inv["id"], force=True)
    [f] = run_checks(board, TODAY)
    assert f.rule == "statutory-invitees" and f.severity == "error"
    assert f.record == f"Meeting 1, {_long(63)}"
    assert f"lack the {role}" in f.reason and "(notice 6)" in f.reason


def test_a_held_meeting_without_statutory_invitees_is_found_but_a_cancelled_one_is_not(board):
    held = hold(board, -20, status="minutes approved")
    for role in ("DfE adviser", "DfE case lead"):
        inv = board.find("invitee", meeting_id=held, person_id=board.people[role])
        board.remove_invitee(inv["id"], force=True)
    [f] = [f for f in run_checks(board, TODAY) if f.rule == "statutory-invitees"]
    assert "the DfE adviser and the DfE case lead" in f.reason
    board.update("meeting", held, {"status": "cancelled"})
    assert "statutory-invitees" not in rules_found(board)


# ------------------------------------------------------------------------- actions (5b, 13)

def _action(board, **values):
    base = {"ref": "PA2.1", "title": "Another", "owner_id": board.people["member"],
            "success_measure": "Measure", "target": "Target", "due_date": d(100),
            "status": "not started"}
    return board.create("action", {**base, **values}).id


def test_an_action_without_an_owner_is_found(board):
    _action(board, owner_id=None)
    assert rules_found(board) == ["action-owner"]


def test_an_action_whose_owner_has_left_is_found_naming_them(board):
    _action(board)
    name = board.get("person", board.people["member"])["name"]
    board.archive("person", board.people["member"])
    [f] = [f for f in run_checks(board, TODAY)
           if f.rule == "action-owner" and f.record == "PA2.1"]
    assert f.reason == (f"The action PA2.1's accountable owner, {name}, has left the board "
                        "(archived); give it a current owner (notice 5b).")
    board.archive("person", board.people["member"], archived=False)
    assert "action-owner" not in rules_found(board)


def test_an_action_without_a_measure_or_target_is_found_but_either_one_is_enough(board):
    a = _action(board, success_measure=None, target="   ")
    [f] = run_checks(board, TODAY)
    assert (f.rule, f.record) == ("action-target", "PA2.1")
    board.update("action", a, {"target": "90% within 6 weeks"})
    assert run_checks(board, TODAY) == []


def test_an_action_without_a_due_date_is_found(board):
    _action(board, due_date=None)
    assert rules_found(board) == ["action-due-date"]


def test_complete_and_deferred_actions_are_not_checked(board):
    _action(board, ref="PA2.2", owner_id=None, due_date=None, status="complete")
    _action(board, ref="PA2.3", success_measure=None, target=None, status="deferred")
    assert run_checks(board, TODAY) == []


def test_a_board_action_arising_from_minutes_is_checked_too(board):
    _action(board, ref="BA1", kind="board", owner_id=None)
    [f] = run_checks(board, TODAY)
    assert f.record == "BA1" and "board action" in f.reason


def test_an_action_due_after_the_target_date_is_found_by_its_revised_date(board):
    a = _action(board, due_date=d(300))  # on the target date: fine
    assert run_checks(board, TODAY) == []
    board.update("action", a, {"revised_due_date": d(301), "revision_reason": "Delayed"})
    [f] = run_checks(board, TODAY)
    assert f.rule == "action-after-target-date" and f.severity == "warning"
    assert f"revised due date of {_long(301)}" in f.reason and "(notice 13)" in f.reason


def test_a_board_without_a_target_date_is_told(board):
    board.update_settings({"target_date": None})
    assert rules_found(board) == ["board-target-date"]


# ------------------------------------------------------------------------------ risks (5c)

def test_a_risk_not_reviewed_this_cycle_is_a_warning_until_the_papers_deadline(board):
    hold(board, -2)  # a meeting since the risk's review: a new cycle began
    [f] = run_checks(board, TODAY)
    assert (f.rule, f.record, f.severity) == ("risk-review", "R01", "warning")
    deadline = next(s for s in board.rows("cycle_step", parent_id=board.meeting)
                if s["step"] == "papers_deadline")["due_date"]
    assert "papers deadline" in f.reason and "(notice 5c)" in f.reason
    late = dt.date.fromisoformat(deadline) + dt.timedelta(days=1)
    errors = [f for f in run_checks(board, late) if f.rule == "risk-review"]
    assert [f.severity for f in errors] == ["error"]
    assert "was" in errors[0].reason
    on_the_day = [f for f in run_checks(board, dt.date.fromisoformat(deadline))
                  if f.rule == "risk-review"]
    assert [f.severity for f in on_the_day] == ["warning"]


def test_a_reviewed_or_closed_risk_is_not_found(board):
    hold(board, -2)
    risk = board.find("risk", ref="R01")["id"]
    board.create("risk_review", {"risk_id": risk, "review_date": d(0), "likelihood": 2,
                                 "impact": 2})
    assert "risk-review" not in rules_found(board)
    board.create("risk", {"ref": "R02", "title": "Closed", "current_likelihood": 1,
                          "current_impact": 1, "status": "closed"})
    assert "risk-review" not in rules_found(board)


def test_a_risk_never_reviewed_is_found(board):
    board.create("risk", {"ref": "R10", "title": "New", "current_likelihood": 2,
                          "current_impact": 2})
    [f] = run_checks(board, TODAY)
    assert f.record == "R10" and "never been reviewed" in f.reason


# ------------------------------------------------------------------------ impact log (5e)

def test_the_last_meeting_held_without_confirmed_impact_entries_is_found(board):
    earlier = hold(board, -70)
    board.update("meeting", earlier, {"status": "minutes approved"})
    last = hold(board, -14, impact=False)
    board.create("impact_entry", {"entry_date": d(-14), "meeting_id": last,
                                  "title": "Proposed only", "status": "proposed"})
    found = [f for f in run_checks(board, TODAY) if f.rule == "impact-log"]
    assert [f.record for f in found] == [f"Meeting 3, {_long(-14)}"]
    assert "(notice 5e)" in found[0].reason
    board.create("impact_entry", {"entry_date": d(-15), "title": "Confirmed, not linked"})
    assert "impact-log" not in rules_found(board)


def test_no_meeting_held_means_no_impact_log_finding(board):
    assert "impact-log" not in rules_found(board)


# ------------------------------------------------------------------------- stocktakes (8)

def test_more_than_six_months_since_the_last_stocktake_is_found(board):
    hold(board, -190, kind="stocktake review", status="minutes approved", impact=False)
    hold(board, -180, status="minutes approved")
    hold(board, -20)
    risk = board.find("risk", ref="R01")["id"]
    board.create("risk_review", {"risk_id": risk, "review_date": d(-1), "likelihood": 2,
                                 "impact": 2})
    [f] = run_checks(board, TODAY)
    assert (f.rule, f.record) == ("stocktake", f"Stocktake review, {_long(-190)}")
    assert "(notice 8)" in f.reason and "None is planned" in f.reason
    board.create("meeting", {"meeting_date": d(-100), "kind": "stocktake review",
                             "status": "held"})
    assert "stocktake" not in rules_found(board, TODAY)


def test_no_stocktake_since_a_notice_more_than_six_months_old_is_found(board):
    board.update_settings({"notice_date": d(-200)})
    [f] = run_checks(board, TODAY)
    assert f.rule == "stocktake" and f.entity == "board" and "since the notice" in f.reason
    board.update_settings({"notice_date": d(-180)})
    assert run_checks(board, TODAY) == []


# ------------------------------------------------------------------- approval of minutes

def test_held_minutes_not_approved_by_the_following_meeting_are_found(board):
    first = hold(board, -60)
    assert "minutes-approval" not in rules_found(board)  # nothing has followed it yet
    hold(board, -10)
    [f] = [f for f in run_checks(board, TODAY) if f.rule == "minutes-approval"]
    assert f.record == f"Meeting 2, {_long(-60)}"
    assert f"Meeting 3 on {_long(-10)}" in f.reason
    board.update("meeting", first, {"status": "minutes approved"})
    assert "minutes-approval" not in rules_found(board)


def test_minutes_approved_by_link_alone_count(board):
    first = hold(board, -60)
    second = hold(board, -10)
    board.set_links("meeting", first, approved_at_meeting_id=second)
    assert "minutes-approval" not in rules_found(board)


# ------------------------------------------------------------------------- timetable steps

def test_an_overdue_timetable_step_is_found_until_it_is_ticked(board):
    soon = board.create("meeting", {"meeting_date": d(20)}).id
    found = [f for f in run_checks(board, TODAY) if f.rule == "timetable-overdue"]
    assert [f.record for f in found] == [f"Meeting 2, {_long(20)}"]
    assert "'Request updates from owners'" in found[0].reason
    assert found[0].entity == "cycle_step"
    board.set_step_done(found[0].record_id, TODAY)
    assert "timetable-overdue" not in rules_found(board)
    board.update("meeting", soon, {"status": "cancelled"})
    board.set_step_done(found[0].record_id, None)
    assert "timetable-overdue" not in rules_found(board)


def test_findings_are_sorted_by_rule_then_record(board):
    for n in (10, 9, 2):
        _action(board, ref=f"PA1.{n}", owner_id=None)
    board.update_settings({"target_date": None})
    found = run_checks(board, TODAY)
    assert [(f.rule, f.record) for f in found] == [
        ("action-owner", "PA1.2"), ("action-owner", "PA1.9"), ("action-owner", "PA1.10"),
        ("board-target-date", "Test SEND Improvement Board")]


def test_awkward_text_is_carried_into_the_finding_unchanged(board):
    ref = "PA\u05d0\U0001f600\x0b1"
    _action(board, ref=ref, owner_id=None, title="x" * 300)
    [f] = run_checks(board, TODAY)
    assert f.record == ref and ref in f.reason


def test_checking_does_not_write(board):
    _action(board, owner_id=None)
    before = len(board.change_log())
    run_checks(board, TODAY)
    assert len(board.change_log()) == before


# ---------------------------------------------------------------------------------- CLI

def test_cli_exit_0_when_clean_and_1_with_findings(board, path, capsys):
    board.close()
    assert cli.main(["check", "--db", str(path), "--today", TODAY.isoformat()]) == 0
    assert "No findings" in capsys.readouterr().out
    with Board.open(path, backup=False) as b:
        b.create("action", {"ref": "PA9.1", "title": "Orphan", "due_date": d(10),
                            "target": "T"})
    assert cli.main(["check", "--db", str(path), "--today", TODAY.isoformat()]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("[action-owner] PA9.1: The action PA9.1 has no accountable owner")
    assert out[-1] == "1 finding: 1 error, 0 warnings."


def test_cli_json(board, path, capsys):
    _action(board, owner_id=None)
    board.close()
    assert cli.main(["check", "--db", str(path), "--today", TODAY.isoformat(), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 1 and data["errors"] == 1 and data["warnings"] == 0
    assert data["today"] == TODAY.isoformat()
    assert data["findings"][0] == {
        "rule": "action-owner", "entity": "action", "record_id": data["findings"][0]["record_id"],
        "record": "PA2.1", "reason": data["findings"][0]["reason"], "severity": "error"}


def test_cli_changes_nothing_in_the_file(board, path):
    _action(board, owner_id=None)
    board.close()
    before = path.read_bytes()
    assert cli.main(["check", "--db", str(path), "--today", TODAY.isoformat()]) == 1
    assert path.read_bytes() == before
    con = sqlite3.connect(path)
    try:
        assert con.execute("select count(*) from change_log").fetchone()[0] > 0
    finally:
        con.close()


@pytest.mark.parametrize("make", ["missing", "text", "empty", "foreign"])
def test_cli_exit_2_for_bad_files(tmp_path, make, capsys):
    target = tmp_path / "bad.sqlite"
    if make == "text":
        target.write_text("Ref,Action\nPA1,Thing\n", encoding="utf-8")
    elif make == "empty":
        target.write_bytes(b"")
    elif make == "foreign":
        con = sqlite3.connect(target)
        con.execute("create table t (x)")
        con.commit()
        con.close()
    assert cli.main(["check", "--db", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sendsec: ") and "Traceback" not in err and len(err.splitlines()) == 1


def test_cli_exit_2_for_a_bad_date(path, board, capsys):
    board.close()
    assert cli.main(["check", "--db", str(path), "--today", "31/02/2026"]) == 2
    assert "not a date" in capsys.readouterr().err


def _long(days: int) -> str:
    from sendsec.domain.dates import long_date

    return long_date(TODAY + dt.timedelta(days=days))
