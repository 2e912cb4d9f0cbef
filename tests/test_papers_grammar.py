"""Counts agree with their nouns and verbs in every paper and in `summary`: '1 action is
overdue', 'No entry of the log records...', never '1 are overdue', '1 actions' or '0 entries',
on the demo board and on a board whose plan was imported."""

from __future__ import annotations

import re

from papers_boards import text_of

from sendsec.domain.labels import agree, count
from sendsec.reports.summary import summary, summary_text

#: A count of one with a plural verb or noun, or a count of none where 'No ...' reads right.
WRONG = re.compile(
    r"(?<![\d.,/£-])\b1 (are|have|were|actions|entries|meetings|measures|risks|areas|"
    r"organisations|of them DfE stocktake reviews)\b"
    r"|(?<![\d.,/£-])\b0 entries of\b|(?<![\d.,/£-])\b0 (are new|risks rose)\b"
    r"|the other 1 are\b"
    r"|higher scores of [A-Z]+\d+[.\d]* and their\b")


def test_count_and_agree_say_numbers_as_people_do():
    assert count(1, "action") == "1 action"
    assert count(3, "entry", "entries") == "3 entries"
    assert count(0, "entry", "entries", no=True) == "No entry"
    assert count(0, "action") == "0 actions"
    assert agree(1, "is", "are") == "is" and agree(2, "is", "are") == "are"


def test_no_paper_and_no_summary_gets_a_count_wrong(paper_set):
    wrong = []
    for path in paper_set.papers:
        text = text_of(path)
        wrong += [f"{path.name}: ...{text[max(0, m.start() - 40):m.end() + 20]}..."
                  for m in WRONG.finditer(text)]
    with paper_set.open() as board:
        said = summary_text(summary(board, paper_set.today))
    wrong += [f"summary: {m.group(0)}" for m in WRONG.finditer(said)]
    assert wrong == []


def test_the_stocktake_review_is_named_with_its_article(paper_set):
    """'invite you ... to stocktake review of the board', 'Minutes of stocktake review of the'
    read as if a word were missing: every paper says 'the stocktake review'."""
    bare = re.compile(r"(?<![Tt]he )(?<!DfE )\bstocktake review (of|on)\b")
    texts = {p.name: text_of(p) for p in paper_set.stocktake_papers}
    assert any("to the stocktake review of the " in t for t in texts.values())
    assert [f"{name}: {m.group(0)}" for name, t in texts.items()
            for m in bare.finditer(t)] == []
