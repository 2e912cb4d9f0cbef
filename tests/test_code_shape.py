"""The shape of the code: no module over 700 lines (issue 12), so that each file is about one
thing and can be read whole. A module that grows past it is split by meaning, not by count."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Every folder of Python the project writes (the core, the app, the tests, the tools).
FOLDERS = ("sendsec", "ui", "tests", "benchmarks", "scripts")
MOST_LINES = 700


def too_long(root: Path, folders: tuple[str, ...] = FOLDERS, most: int = MOST_LINES
             ) -> tuple[int, list[str]]:
    """Return how many .py files there are under `folders` of `root`, and one line naming each
    that has more than `most` lines ('ui/x.py: 812 lines'), longest first."""
    sizes: dict[str, int] = {}
    for folder in folders:
        for path in (root / folder).rglob("*.py"):
            with path.open("rb") as fh:
                sizes[path.relative_to(root).as_posix()] = sum(1 for _line in fh)
    offenders = sorted(((n, name) for name, n in sizes.items() if n > most), reverse=True)
    return len(sizes), [f"{name}: {n:,} lines" for n, name in offenders]


def test_no_module_is_over_700_lines():
    count, offenders = too_long(ROOT)
    assert count > 200  # every folder was read
    assert offenders == [], f"split these by meaning (at most {MOST_LINES} lines each)"


def test_a_module_over_the_limit_is_named_with_its_length(tmp_path):
    (tmp_path / "sendsec" / "inner").mkdir(parents=True)
    (tmp_path / "ui").mkdir()
    (tmp_path / "sendsec" / "inner" / "long.py").write_text("x = 1\n" * 701, encoding="utf-8")
    (tmp_path / "sendsec" / "fits.py").write_text("x = 1\n" * 700, encoding="utf-8")
    (tmp_path / "ui" / "longer.py").write_text("x = 1\n" * 1200, encoding="utf-8")
    (tmp_path / "ui" / "notes.txt").write_text("x\n" * 5000, encoding="utf-8")
    assert too_long(tmp_path, ("sendsec", "ui")) == (
        3, ["ui/longer.py: 1,200 lines", "sendsec/inner/long.py: 701 lines"])
