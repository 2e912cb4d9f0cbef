"""The shape of the code: no module over 700 lines (issue 12), so that each file is about one
thing and can be read whole. A module that grows past it is split by meaning, not by count."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Every folder of Python the project writes (the core, the app, the tests, the tools).
FOLDERS = ("sendsec", "ui", "tests", "benchmarks", "scripts")
MOST_LINES = 700
#: Modules over the limit for now, each with why and the most lines it may have: issue 12's
#: "no module over 700 lines" is not met while this is not empty. An entry that no longer
#: applies fails the test, so that none outlives its reason.
ALLOWED: dict[str, int] = {}


def too_long(root: Path, folders: tuple[str, ...] = FOLDERS, most: int = MOST_LINES
             ) -> tuple[int, dict[str, int]]:
    """Return how many .py files there are under `folders` of `root`, and the lines of each
    that has more than `most` ({'ui/x.py': 812}), longest first."""
    sizes: dict[str, int] = {}
    for folder in folders:
        for path in (root / folder).rglob("*.py"):
            with path.open("rb") as fh:
                sizes[path.relative_to(root).as_posix()] = sum(1 for _line in fh)
    over = sorted(((n, name) for name, n in sizes.items() if n > most), reverse=True)
    return len(sizes), {name: n for n, name in over}


def test_no_module_is_over_700_lines():
    count, over = too_long(ROOT)
    assert count > 200  # every folder was read
    offenders = [f"{name}: {n:,} lines" for name, n in over.items()
                 if n > ALLOWED.get(name, MOST_LINES)]
    assert offenders == [], f"split these by meaning (at most {MOST_LINES} lines each)"
    stale = [name for name in ALLOWED if name not in over]
    assert stale == [], "take these off ALLOWED: they are no longer over the limit"


def test_a_module_over_the_limit_is_named_with_its_length(tmp_path):
    (tmp_path / "sendsec" / "inner").mkdir(parents=True)
    (tmp_path / "ui").mkdir()
    (tmp_path / "sendsec" / "inner" / "long.py").write_text("x = 1\n" * 701, encoding="utf-8")
    (tmp_path / "sendsec" / "fits.py").write_text("x = 1\n" * 700, encoding="utf-8")
    (tmp_path / "ui" / "longer.py").write_text("x = 1\n" * 1200, encoding="utf-8")
    (tmp_path / "ui" / "notes.txt").write_text("x\n" * 5000, encoding="utf-8")
    assert too_long(tmp_path, ("sendsec", "ui")) == (
        3, {"ui/longer.py": 1200, "sendsec/inner/long.py": 701})
