"""Every Change says what it did (added, changed, archived ...), so no view reads its words;
every entity rule is in one table, none found by its name."""

from __future__ import annotations

import re
from pathlib import Path

from sendsec.services import board as services
from sendsec.services.board import CHANGE_KINDS, ENTITY_RULES, Board


def test_each_service_call_says_what_it_did(tmp_path):
    board = Board.create_new(tmp_path / "b.sqlite", "SEND Improvement Board", user="tester")
    added = board.create("area", {"code": "a", "title": "Oversight", "position": 1})
    assert added.kind == "added" and added.summary.startswith("Added")
    changed = board.update("area", added.id, {"title": "Leaders' oversight"})
    archived = board.archive("area", added.id)
    restored = board.archive("area", added.id, archived=False)
    undone = board.revert(restored)
    redone = board.revert(undone)
    assert [c.kind for c in (changed, archived, restored, undone, redone)] == \
        ["changed", "archived", "restored", "undone", "redone"]
    assert redone.summary.startswith("Redone: Restored")
    assert board.update_settings({}).summary == "Nothing changed in the board settings"
    assert {c.kind for c in (added, changed, archived, undone)} <= set(CHANGE_KINDS)
    board.close()


def test_every_entity_rule_is_in_the_table():
    hooks = {name for cls in Board.__mro__ for name in vars(cls)
             if re.match(r"_(create|before_update|after_update|after_archive)_", name)}
    listed = {f.__name__ for r in ENTITY_RULES.values()
              for f in (r.create, r.before_update, r.after_update, r.after_archive) if f}
    assert hooks == listed
    assert "getattr(self, f\"_" not in Path(services.__file__).read_text(encoding="utf-8")
