"""Comparing two files of one board: each kind of change is found, and nothing else."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.exchanges.snapshots import take_snapshot
from sendsec.reports.diff import diff_boards, older_first
from sendsec.services.board import Board
from tests.test_snapshots import RTL, build_board


@pytest.fixture
def first(tmp_path):
    path = build_board(tmp_path / "board.sqlite")
    with Board.open(path) as b:
        b.create("risk", {"ref": "R2", "title": "Untouched risk", "current_likelihood": 2,
                          "current_impact": 2})
        b.create("impact_entry", {"entry_date": "2025-02-10", "title": "Older entry"})
        result = take_snapshot(b, tmp_path / "out")
    return path, result.path


def _change_everything(path: Path) -> None:
    with Board.open(path) as b:
        owner2 = b.create("person", {"name": "Nadia Newowner"}).id
        a1 = b.find("action", ref="PA1.1")
        b.create("action_update", {"action_id": a1["id"], "update_date": "2025-03-01",
                                   "rag": "red", "narrative": f"Stuck\x0bbadly {RTL}"})
        b.update("action", a1["id"], {"revised_due_date": "2025-09-30", "owner_id": owner2,
                                      "due_date": "2025-07-01", "title": "Do the thing well"})
        b.create("action", {"ref": "PA1.10", "title": "A new action"})
        b.archive("action", b.find("action", ref="PA1.2")["id"])
        r1 = b.find("risk", ref="R1")
        b.create("risk_review", {"risk_id": r1["id"], "review_date": "2025-03-01",
                                 "likelihood": 4, "impact": 4})
        m = b.find("measure", code="M1")
        b.create("measure_point", {"measure_id": m["id"], "period": "2025-02-28", "value": 35})
        point = b.find("measure_point", measure_id=m["id"], period="2025-01-31")
        b.update("measure_point", point["id"], {"value": 22.5})
        b.create("impact_entry", {"entry_date": "2025-03-02", "title": "Families heard"})
        meeting = b.rows("meeting")[0]
        b.update("meeting", meeting["id"], {"status": "held", "venue": "The Guildhall"})
        b.create("meeting", {"meeting_date": "2025-05-14"})
        # changes the diff does not report: people, areas, agenda items, a risk's wording
        b.update("area", b.find("area", code="a")["id"], {"title": "Area a, renamed"})
        b.update("risk", b.find("risk", ref="R2")["id"], {"controls": "More controls"})


def _kinds(items):
    return [(i.kind, i.key) for i in items]


def test_diff_finds_every_change_to_every_record(first, tmp_path):
    path, snapshot1 = first
    _change_everything(path)
    with Board.open(path) as b:
        snapshot2 = take_snapshot(b, tmp_path / "out").path
    with open_snapshot(snapshot1) as old, open_snapshot(snapshot2) as new:
        d = diff_boards(old, new)
    assert _kinds(d.actions) == [("changed", "PA1.1"), ("removed", "PA1.2"),
                                 ("added", "PA1.10")]
    changed = {c.field: (c.old, c.new) for c in d.actions[0].changes}
    revision = next(k for k in changed if k.startswith("Due date revision "))
    assert changed == {
        "Action": ("Do the thing", "Do the thing well"),
        "RAG": ("Amber", "Red"),
        "Accountable owner": ("Olive Owner", "Nadia Newowner"),
        "Original due date": ("30 June 2025", "1 July 2025"),
        "Revised due date": ("(none)", "30 September 2025"),
        "Progress update 1 March 2025": ("(none)", f"RAG: Red; Update: Stuck\x0bbadly {RTL}"),
        revision: ("(none)", "Previous due date: 30 June 2025; New due date: 30 September 2025"),
    }
    assert d.actions[1].detail == "archived"
    assert _kinds(d.risks) == [("changed", "R1"), ("changed", "R2")]
    assert [(c.field, c.old, c.new) for c in d.risks[0].changes] == [
        ("Current score", "9 (medium; likelihood 3 x impact 3)",
         "16 (very high; likelihood 4 x impact 4)"),
        ("Review 1 March 2025", "(none)", "Likelihood: 4; Impact: 4")]
    assert [(c.field, c.old, c.new) for c in d.risks[1].changes] == [
        ("Controls in place", "(none)", "More controls")]
    assert [(i.kind, i.title) for i in d.impact] == [("added", "Families heard")]
    assert _kinds(d.measures) == [("changed", "M1")]
    assert [(c.field, c.old, c.new) for c in d.measures[0].changes] == [
        ("Data for 31 January 2025", "20%", "22.5%"),
        ("Data for 28 February 2025", "(none)", "35%")]
    assert _kinds(d.meetings) == [("changed", "Meeting 1 (12 March 2025)"),
                                  ("added", "Meeting 2 (14 May 2025)")]
    assert {c.field for c in d.meetings[0].changes} == {"Venue", "Status"}
    assert [(c.field, c.old, c.new) for c in d.areas[0].changes] == [
        ("Title", "Area a", "Area a, renamed")]
    assert [(i.kind, i.key) for i in d.people] == [("added", "Nadia Newowner")]
    assert not d.is_empty() and d.count() == 11
    text = "\n".join(d.lines())
    assert text.index("Actions (3)") < text.index("Risks (2)") < text.index("Impact log (1)") \
        < text.index("Measures (1)") < text.index("Meetings (2)") < text.index("Areas (1)") \
        < text.index("People (1)")
    assert "RAG: Amber -> Red" in text and "\x0b" not in text


def test_every_field_of_a_meeting_and_its_parts_is_compared(first, tmp_path):
    """The chair was told 'No differences' after a meeting's title changed: every field of
    every record is compared, the meeting's agenda, invitees, minutes and resolutions too."""
    path, snapshot1 = first
    with Board.open(path) as b:
        meeting = b.rows("meeting")[0]
        b.update("meeting", meeting["id"], {"title": "Board & <partners> \U0001F600",
                                            "end_time": "12:30", "joining_details": "Teams"})
        item = b.rows("agenda_item", parent_id=meeting["id"])[0]
        b.update("agenda_item", item["id"], {"presenter": "Director of Children's Services"})
        minute = b.create("minute", {"meeting_id": meeting["id"], "number": 21,
                                     "heading": "Welcome", "agenda_item_id": item["id"]}).id
        b.create("resolution", {"minute_id": minute, "text": "the plan be agreed"})
        b.update_settings({"local_area": "West Northamptonshire", "quorum": 5})
        person = b.rows("person")[0]
        b.update("person", person["id"], {"email": "new@example.org"})
    with open_snapshot(snapshot1) as old, Board.open(path, readonly=True, backup=False) as new:
        d = diff_boards(old, new)
    fields = {c.field: (c.old, c.new) for c in d.meetings[0].changes}
    assert fields["Title"] == ("(none)", "Board & <partners> \U0001F600")
    assert fields["End time"] == ("12 noon", "12.30pm")
    assert fields["Online joining details"] == ("(none)", "Teams")
    assert any(k.startswith("Agenda item ") and k.endswith(": Presenter") for k in fields)
    assert fields["Minute 21"][0] == "(none)" and "Heading: Welcome" in fields["Minute 21"][1]
    settings = {c.field: (c.old, c.new) for c in d.settings[0].changes}
    assert settings["Quorum (members present)"] == ("4", "5")
    assert settings["Local area"][1] == "West Northamptonshire"
    assert [c.field for c in d.people[0].changes] == ["Email"]
    assert "Board settings (1)" in "\n".join(d.lines())


def test_a_resolution_added_to_an_existing_minute_is_reported(first, tmp_path):
    path, _ = first
    with Board.open(path) as b:
        meeting = b.rows("meeting")[0]
        minute = b.create("minute", {"meeting_id": meeting["id"], "number": 30,
                                     "heading": "Risk register"}).id
        snap = take_snapshot(b, tmp_path / "out2").path
        b.create("resolution", {"minute_id": minute, "text": "the risk register be noted"})
    with open_snapshot(snap) as old, Board.open(path, readonly=True, backup=False) as new:
        d = diff_boards(old, new)
    assert [(c.field, c.old, c.new) for c in d.meetings[0].changes] == [
        ("Resolution", "(none)", "RESOLVED: that the risk register be noted")]


def test_a_file_compared_with_itself_has_no_differences(first, capsys):
    _path, snapshot1 = first
    with open_snapshot(snapshot1) as a, open_snapshot(snapshot1) as b:
        d = diff_boards(a, b)
    assert d.is_empty() and d.count() == 0
    assert d.lines()[-1] == "No differences."
    assert main(["diff", str(snapshot1), str(snapshot1)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("No differences.")


def test_snapshot_against_the_live_file_either_way(first):
    path, snapshot1 = first
    with Board.open(path) as b:
        b.update("action", b.find("action", ref="PA1.1")["id"], {"rag": "green"})
    with open_snapshot(snapshot1) as snap, Board.open(path, readonly=True, backup=False) as live:
        assert older_first(live, snap) == (snap, live)
        forward = diff_boards(snap, live)
        backward = diff_boards(live, snap)
    assert [(c.field, c.old, c.new) for c in forward.actions[0].changes] == [
        ("RAG", "Amber", "Green")]
    assert [(c.field, c.old, c.new) for c in backward.actions[0].changes] == [
        ("RAG", "Green", "Amber")]
    assert "the board file 'board.sqlite'" in forward.new_label
    assert forward.old_label.startswith("snapshot 1 taken ")


def test_records_are_matched_by_reference_not_id(first):
    path, snapshot1 = first
    with Board.open(path) as b:
        b.update("action", b.find("action", ref="PA1.2")["id"], {"ref": "PA1.3"})
    with open_snapshot(snapshot1) as old, Board.open(path, readonly=True, backup=False) as new:
        d = diff_boards(old, new)
    assert _kinds(d.actions) == [("removed", "PA1.2"), ("added", "PA1.3")]
    assert d.actions[0].detail == "no longer in the file"


def test_files_of_different_boards_are_refused(first, tmp_path, capsys):
    _path, snapshot1 = first
    other = build_board(tmp_path / "other.sqlite", name="Another Board")
    with (open_snapshot(snapshot1) as a, Board.open(other, readonly=True, backup=False) as b,
          pytest.raises(SendsecError, match="different boards")):
        diff_boards(a, b)
    assert main(["diff", str(snapshot1), str(other)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "different boards" in err


def test_diff_command_prints_grouped_differences(first, tmp_path, capsys):
    path, snapshot1 = first
    with Board.open(path) as b:
        b.create("impact_entry", {"entry_date": "2025-03-02", "title": "A \U0001F600 entry"})
    copy = tmp_path / "copy.sqlite"
    target = sqlite3.connect(str(copy))
    with Board.open(path, readonly=True, backup=False) as b:
        b.db.conn.backup(target)
    target.close()
    assert main(["diff", str(snapshot1), str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Impact log (1)" in out and "A \U0001F600 entry" in out
    assert "Actions" not in out.split("\n", 2)[2]
    assert main(["diff", str(snapshot1), str(tmp_path / "missing.sqlite")]) == 2
    bad = tmp_path / "bad.sendsec"
    shutil.copyfile(snapshot1, bad)
    bad.write_bytes(b"nonsense")
    assert main(["diff", str(bad), str(snapshot1)]) == 2


def test_renaming_an_invited_person_is_one_change_not_an_invitation_removed_and_added(first):
    # nor a change to each record that points at them: an invitee, the person one stands in
    # for, a declaration, an action's owner
    path, snapshot1 = first
    with Board.open(path) as b:
        meeting = b.rows("meeting")[0]
        invited = b.rows("invitee", parent_id=meeting["id"])
        assert len(invited) > 1
        person = b.get("person", invited[0]["person_id"])
        b.update("invitee", invited[1]["id"], {"substitute_for_id": person["id"]})
        b.create("declaration", {"meeting_id": meeting["id"], "person_id": person["id"],
                                 "interest": "Governor of Oak School"})
        owner = b.find("action", ref="PA1.1")["owner_id"]
        snapshot1 = take_snapshot(b, path.parent / "out2").path
        b.update("person", person["id"], {"name": "Olivia Renamed"})
        b.update("person", owner, {"name": "Owen Renamed"})
    with open_snapshot(snapshot1) as old, Board.open(path, readonly=True, backup=False) as new:
        d = diff_boards(old, new)
    assert sorted((c.field, c.new) for p in d.people for c in p.changes) == [
        ("Name", "Olivia Renamed"), ("Name", "Owen Renamed")]
    assert not d.meetings and not d.actions


def test_a_comparison_names_who_took_a_snapshot_as_the_window_does(first, capsys):
    """The banner and the email say 'by Sam Secretary'; the comparison said 'by' the
    computer login ('by root'), which the chair does not know."""
    path, snapshot1 = first
    assert main(["diff", str(snapshot1), str(path)]) == 0
    out = capsys.readouterr().out
    assert "taken" in out and "by Sam Secretary ('" in out
