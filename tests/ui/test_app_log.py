"""The app's log: when the app starts a log that has reached its limit becomes sendsec.log.1
(the older ones shifted, as logging's RotatingFileHandler names them); a shorter one is
appended to; and another copy of the app writing to it loses nothing."""

from __future__ import annotations

import logging
import logging.handlers
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui import app as app_module

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@pytest.fixture
def logs() -> Iterator[Path]:
    folder = app_module.log_dir()
    yield folder
    app_module.close_logging()


def _contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def _fill(folder: Path, size: int) -> None:
    """Write a log of `size` bytes and five older ones, each of its own text."""
    (folder / "sendsec.log").write_text("x" * size, encoding="utf-8")
    for number in range(1, 6):
        (folder / f"sendsec.log.{number}").write_text(f"log {number}\n", encoding="utf-8")


def _write(message: str) -> None:
    logging.getLogger("sendsec").error(message)
    for handler in logging.getLogger("sendsec").handlers:
        handler.flush()


def test_a_log_at_its_limit_is_rotated_as_rotating_file_handler_rotates_it(logs, tmp_path):
    _fill(logs, app_module.LOG_LIMIT)
    theirs = tmp_path / "theirs"
    shutil.copytree(logs, theirs)
    handler = logging.handlers.RotatingFileHandler(
        theirs / "sendsec.log", maxBytes=app_module.LOG_LIMIT,
        backupCount=app_module.LOG_BACKUPS, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.emit(logging.LogRecord("sendsec", logging.ERROR, __file__, 1, "Unexpected error",
                                   None, None))
    handler.close()

    app_module.setup_logging()
    _write("Unexpected error")
    ours = _contents(logs)
    assert ours.keys() == _contents(theirs).keys()  # sendsec.log and .1 to .5, nothing else
    assert ours["sendsec.log.1"] == "x" * app_module.LOG_LIMIT
    assert [ours[f"sendsec.log.{n}"] for n in range(2, 6)] == [f"log {n}\n" for n in range(1, 5)]
    assert ours["sendsec.log"].endswith(" ERROR sendsec: Unexpected error\n")
    assert ours["sendsec.log"].split(" ", 2)[2] == \
        _contents(theirs)["sendsec.log"].split(" ", 2)[2]  # the same line after the time


def _assert_appended(before: dict[str, str], after: dict[str, str]) -> None:
    """The log has the one line written after what it had; the older logs are as they were."""
    assert after["sendsec.log"].startswith(before["sendsec.log"])
    added = after["sendsec.log"][len(before["sendsec.log"]):]
    assert added.count("\n") == 1 and added.endswith(" ERROR sendsec: Unexpected error\n")
    assert {**after, "sendsec.log": ""} == {**before, "sendsec.log": ""}


def test_a_shorter_log_is_appended_to(logs):
    _fill(logs, app_module.LOG_LIMIT - 1)
    before = _contents(logs)
    app_module.setup_logging()
    _write("Unexpected error")
    _assert_appended(before, _contents(logs))


def test_a_log_that_cannot_be_renamed_is_appended_to(logs, monkeypatch):
    """As on Windows while another copy of the app has the log open."""
    _fill(logs, app_module.LOG_LIMIT + 10)
    before = _contents(logs)

    def refused(source, target):
        raise PermissionError(13, "The process cannot access the file", str(source))

    monkeypatch.setattr(os, "replace", refused)
    monkeypatch.setattr(os, "rename", refused)
    app_module.setup_logging()
    _write("Unexpected error")
    _assert_appended(before, _contents(logs))


def test_another_copy_writing_to_the_log_loses_none_of_its_lines(logs):
    _fill(logs, app_module.LOG_LIMIT)
    other = logging.FileHandler(logs / "sendsec.log", encoding="utf-8")  # the other copy's
    other.setFormatter(logging.Formatter(FORMAT))
    other_log = logging.getLogger("another copy of sendsec")
    other_log.addHandler(other)
    other_log.propagate = False
    try:
        other_log.error("before this copy started")
        app_module.setup_logging()
        other_log.error("after this copy started")
        _write("this copy's line")
    finally:
        other_log.removeHandler(other)
        other.close()
    logged = "".join(_contents(logs).values())
    for line in ("before this copy started", "after this copy started", "this copy's line"):
        assert logged.count(line) == 1, line
    assert "x" * app_module.LOG_LIMIT in logged
    assert sorted(_contents(logs)) == ["sendsec.log", *(f"sendsec.log.{n}" for n in range(1, 6))]
