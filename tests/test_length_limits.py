"""Every text field has a length limit, checked in the services (so the app, the command line
and import all refuse the same way): references 40 characters, titles and one-line texts 300,
narratives 20,000. Each refusal names the field and the limit; longer values already in a
file still open and show."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from sendsec.domain.entities import ENTITIES, NARRATIVE_LIMIT, REF_LIMIT, TITLE_LIMIT
from sendsec.domain.errors import ValidationError
from sendsec.services.board import Board
from sendsec.storage import queries


@pytest.fixture
def board(tmp_path):
    b = Board.create_new(tmp_path / "b.sqlite", "Length board")
    b.ids = {
        "action": b.create("action", {"ref": "PA1.1", "title": "Short"}).id,
        "measure": b.create("measure", {"code": "M1", "title": "EHC plans"}).id,
        "finding": b.create("finding", {"received_on": "2026-10-01", "text": "Do it"}).id,
        "meeting": b.create("meeting", {"meeting_date": "2026-10-01"}).id,
    }
    yield b
    b.close()


def test_every_text_field_has_the_limit_of_its_kind():
    refs = {("action", "ref"), ("risk", "ref"), ("measure", "code"), ("area", "code")}
    titles = {("action", "title"), ("risk", "title"), ("measure", "title"), ("area", "title"),
              ("impact_entry", "title")}
    for e in ENTITIES.values():
        for f in e.fields:
            if f.kind not in ("text", "longtext", "email"):
                continue
            if (e.name, f.name) in refs:
                assert f.max_length == REF_LIMIT == 40, (e.name, f.name)
            elif (e.name, f.name) in titles or f.kind != "longtext":
                assert f.max_length == TITLE_LIMIT == 300, (e.name, f.name)
            else:
                assert f.max_length == NARRATIVE_LIMIT == 20_000, (e.name, f.name)


@pytest.mark.parametrize("entity_name, field, limit, label", [
    ("action", "ref", 40, "Reference"),
    ("action", "title", 300, "Action"),
    ("action", "description", 20_000, "Description"),
    ("action", "organisations", 300, "Contributing organisations"),
    ("action", "rag_reason", 20_000, "Reason for the RAG"),
    ("action", "mitigation", 20_000, "Mitigation"),
    ("action", "impact_if_not_mitigated", 20_000, "Impact if not mitigated"),
    ("measure", "exception_commentary", 20_000, "Exception report: commentary"),
    ("measure", "exception_actions", 20_000, "Exception report: planned actions"),
    ("finding", "text", 20_000, "Finding or recommendation"),
    ("finding", "response", 20_000, "Response"),
    ("meeting", "venue", 300, "Venue"),
])
def test_a_text_over_its_limit_is_refused_naming_the_field_and_the_limit(
        board, entity_name, field, limit, label):
    record_id = board.ids[entity_name]
    before = board.get(entity_name, record_id)
    with pytest.raises(ValidationError) as caught:
        board.update(entity_name, record_id, {field: "x" * (limit + 1)})
    assert caught.value.errors[field] == \
        f"{label} is {limit + 1:,} characters; the limit is {limit:,}."
    assert board.get(entity_name, record_id) == before
    board.update(entity_name, record_id, {field: "y" * limit})  # the limit itself is fine
    assert board.get(entity_name, record_id)[field] == "y" * limit


def test_a_forty_thousand_character_title_is_refused_when_added(board):
    with pytest.raises(ValidationError, match=r"^Action is 40,000 characters; the limit is 300\.$"):
        board.create("action", {"ref": "PA9", "title": "t" * 40_000})
    assert board.find("action", ref="PA9") is None


def test_narratives_of_children_have_the_narrative_limit(board):
    a = board.ids["action"]
    with pytest.raises(ValidationError, match="Update is 20,001 characters; the limit is 20,000"):
        board.create("action_update", {"action_id": a, "update_date": "2026-10-01",
                                       "rag": "green", "narrative": "n" * 20_001})
    item = board.rows("agenda_item", parent_id=board.ids["meeting"])[0]
    from sendsec.services import meeting_cycle as mc
    with pytest.raises(ValidationError, match="Discussion is 20,001 characters"):
        mc.write_discussion(board, item["id"], "d" * 20_001)
    assert board.rows("minute", parent_id=board.ids["meeting"]) == []  # nothing numbered


def test_a_longer_value_already_in_the_file_still_opens_and_other_fields_save(board):
    a = board.ids["action"]
    queries.update_row(board.db, "actions", a, {"title": "w" * 40_000})
    assert board.get("action", a)["title"] == "w" * 40_000
    board.update("action", a, {"status": "in progress"})  # the long title is left as it is
    assert board.get("action", a)["title"] == "w" * 40_000
    board.update("action", a, {"title": "w" * 40_000})  # unchanged: not refused
    with pytest.raises(ValidationError, match="Action is 40,001 characters"):
        board.update("action", a, {"title": "w" * 40_001})


def test_the_command_line_import_names_the_row_and_the_field(tmp_path):
    db = tmp_path / "b.sqlite"
    Board.create_new(db, "Length board").close()
    sheet = tmp_path / "plan.csv"
    with sheet.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Ref", "Action"])
        w.writerow(["PA1.1", "A short action"])
        w.writerow(["PA1.2", "x" * 400])
    run = subprocess.run([sys.executable, "-m", "sendsec", "import", "--db", str(db),
                          str(sheet)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "Skipped row 3 (PA1.2): Action is 400 characters; the limit is 300." in run.stdout
    with Board.open(db, backup=False) as b:
        assert [a["ref"] for a in b.rows("action")] == ["PA1.1"]
