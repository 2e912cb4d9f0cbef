"""Every test gets its own data folder, so backups and settings never touch the real ones."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path_factory.mktemp("sendsec-data")))
    monkeypatch.delenv("SENDSEC_TODAY", raising=False)


# ---------------------------------------------------------------------------- the papers' boards
# The demo board and a board whose plan was imported, each built once per session with the
# papers of its next board meeting, next stocktake and last held meeting (tests/papers_boards.py);
# tests only read them.


def _paper_set(tmp_path_factory, build):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SENDSEC_DATA_DIR", str(tmp_path_factory.mktemp("sendsec-data")))
        mp.delenv("SENDSEC_TODAY", raising=False)
        return build(tmp_path_factory.mktemp("board"))


@pytest.fixture(scope="session")
def demo_paper_set(tmp_path_factory):
    from papers_boards import demo_set

    return _paper_set(tmp_path_factory, demo_set)


@pytest.fixture(scope="session")
def imported_paper_set(tmp_path_factory):
    from papers_boards import imported_set

    return _paper_set(tmp_path_factory, imported_set)


@pytest.fixture(scope="session", params=["demo", "imported"])
def paper_set(request):
    """The demo board's papers, then the imported board's (a PaperSet)."""
    return request.getfixturevalue(f"{request.param}_paper_set")
