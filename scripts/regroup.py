"""Regroup the flat `sendsec/` into packages that show its layers, mechanically.

    python scripts/regroup.py            # move the modules (git mv) and rewrite every import
    python scripts/regroup.py --check    # only say what would move, and what is not mapped

Run it from the repository's root on a clean checkout, then `ruff check --fix .` (import
order), `bash scripts/dev.sh lint` and the tests. The layers, top to bottom:

    ui | commands | exchanges, demo | papers, spreadsheets, charts | reports | services
       | storage | domain

Every `sendsec.X` of a moved module is rewritten wherever it is written: `from sendsec.X
import ...`, `import sendsec.X`, `from sendsec import X [as Y]`, and dotted names in strings
(monkeypatch targets, pyproject.toml, the PyInstaller spec). A top-level module of `sendsec/`
that is neither moved nor meant to stay is reported, and nothing is done (exit 2).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: old module (under sendsec.) -> new module (under sendsec.)
MOVES = {
    # domain: records, their rules, names, dates; imports nothing else of sendsec
    "entities": "domain.entities",
    "rules": "domain.rules",
    "timetable": "domain.timetable",
    "dates": "domain.dates",
    "labels": "domain.labels",
    "errors": "domain.errors",
    "validation": "domain.validation",
    # storage: the file and its SQL
    "incoming": "storage.incoming",
    # services: the unit of work and what the app and the command line call
    "services": "services.board",
    "change": "services.change",
    "entity_rules": "services.entity_rules",
    "registers": "services.registers",
    "meeting_cycle": "services.meeting_cycle",
    "first_steps": "services.first_steps",
    "board_files": "services.board_files",
    "folders": "services.folders",
    "placement": "services.placement",
    # reports: read models over the board
    "summary": "reports.summary",
    "checks": "reports.checks",
    "diff": "reports.diff",
    "evidence": "reports.evidence",
    # exchanges: files that go to people and come back
    "snapshots": "exchanges.snapshots",
    "comments": "exchanges.comments",
    "returns": "exchanges.returns",
    # the demo board
    "demo": "demo.world",
    "demo_data": "demo.data",
    "demo_minutes": "demo.minutes",
    "demo_calendar": "demo.calendar",
}
#: top-level modules and packages that stay where they are
STAYS = {"__init__", "__main__", "cli", "charts", "commands", "papers", "spreadsheets",
         "storage", "domain", "services", "reports", "exchanges", "demo"}

PACKAGES = {
    "domain": "The domain: every kind of record and its fields, the rules (RAG, slippage, risk\n"
              "bands, the cycle timetable), how records are named and ordered, dates in words,\n"
              "and the errors people see. Imports nothing else of sendsec.",
    "services": "The services: `Board` (services.board), the one door for changes (one\n"
                "transaction per call, change log, undo, what changed), and what the app and\n"
                "the command line call on it: the registers as people read them, the meeting\n"
                "cycle, the first steps, board files and output folders.",
    "reports": "Reports over a board, read only: the summary, the checks, the comparison of\n"
               "two files, the evidence against the Improvement Notice.",
    "exchanges": "Files that go to people and come back: snapshots for the chair and the\n"
                 "chair's comments, update returns from owners.",
    "demo": "The demo board: a realistic board with a year of records, for trying the app.",
}

#: The import contracts after the regroup: the layers by package, then what each layer may not
#: reach (written over the "Layers of the core" contract in pyproject.toml).
CONTRACTS = """name = "Layers of the core: each package imports only from the layers below it"
type = "layers"
layers = [
    "sendsec.cli",
    "sendsec.commands",
    "sendsec.exchanges : sendsec.demo",
    "sendsec.papers : sendsec.spreadsheets : sendsec.charts",
    "sendsec.reports",
    "sendsec.services",
    "sendsec.storage",
    "sendsec.domain",
]

[[tool.importlinter.contracts]]
name = "The domain is plain Python: no SQL, files or documents"
type = "forbidden"
source_modules = ["sendsec.domain"]
forbidden_modules = ["sqlite3", "sqlite_utils", "docx", "openpyxl", "matplotlib"]

[[tool.importlinter.contracts]]
name = "Reports only read: they never reach the storage layer"
type = "forbidden"
source_modules = ["sendsec.reports"]
forbidden_modules = ["sendsec.storage"]
allow_indirect_imports = true
"""

TEXT_SUFFIXES = {".py", ".toml", ".spec", ".ps1", ".sh", ".cfg", ".ini", ".txt", ".iss"}

_FROM_SENDSEC = re.compile(
    r"^(?P<indent>[ \t]*)from sendsec import (?P<names>\([^)]*\)|[^\n#]+?)(?P<comment>[ \t]*#[^\n]*)?$",
    re.M)


def _dotted(text: str) -> str:
    """Rewrite every dotted `sendsec.<old>` (not part of a longer name) to its new place."""
    pattern = re.compile(r"(?<![\w.])sendsec\.(" + "|".join(sorted(MOVES, key=len, reverse=True))
                         + r")(?![\w])")
    return pattern.sub(lambda m: "sendsec." + MOVES[m.group(1)], text)


def _from_sendsec(text: str) -> str:
    """Split `from sendsec import a, b as c` by where each name now lives."""
    def rewrite(m: re.Match[str]) -> str:
        indent, comment = m.group("indent"), m.group("comment") or ""
        raw = m.group("names").strip().strip("()")
        names = [n.strip() for n in raw.replace("\n", " ").split(",") if n.strip()]
        kept: list[str] = []
        moved: list[str] = []
        for item in names:
            name, _, alias = (part.strip() for part in item.partition(" as "))
            if name not in MOVES:
                kept.append(item)
                continue
            package, _, base = MOVES[name].rpartition(".")
            local = alias or name
            moved.append(f"from sendsec.{package} import {base}"
                         + (f" as {local}" if local != base else ""))
        lines = ([f"from sendsec import {', '.join(kept)}"] if kept else []) + moved
        out = [indent + line for line in lines]
        if comment and out:
            out[0] += comment
        return "\n".join(out)
    return _FROM_SENDSEC.sub(rewrite, text)


def rewrite(text: str) -> str:
    return _from_sendsec(_dotted(text))  # in this order: the split lines are already new


def rewrite_paths(text: str) -> str:
    """Rewrite `sendsec/<old>.py` (in documentation) to the module's new file."""
    pattern = re.compile(r"(?<![\w/])sendsec/(" + "|".join(sorted(MOVES, key=len, reverse=True))
                         + r")\.py\b")
    return pattern.sub(lambda m: f"sendsec/{MOVES[m.group(1)].replace('.', '/')}.py", text)


def _noqa_on_last_import(path: Path) -> None:
    """A run of `import sendsec.x` lines marked `# noqa: F401` once (the last one binds the
    name ruff checks): keep the mark on the last line of the run after sorting."""
    if not path.is_file():
        return
    lines = path.read_text(encoding="utf-8").split("\n")
    mark = "  # noqa: F401"
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].startswith("import sendsec."):
            j += 1
        run = lines[i:j]
        if len(run) > 1 and sum(mark in line for line in run) == 1:
            lines[i:j] = [line.replace(mark, "") for line in run[:-1]] + \
                [run[-1].replace(mark, "") + mark]
            path.write_text("\n".join(lines), encoding="utf-8")
        i = max(j, i + 1)


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout


def unmapped() -> list[str]:
    names = []
    for path in sorted((ROOT / "sendsec").iterdir()):
        if path.name.startswith((".", "__pycache__")) or path.name.endswith(".egg-info"):
            continue
        stem = path.stem if path.suffix == ".py" else path.name
        if (path.suffix == ".py" or path.is_dir()) and stem not in MOVES and stem not in STAYS:
            names.append(stem)
    return names


def main(argv: list[str]) -> int:
    missing = unmapped()
    if missing:
        print("Not mapped (add to MOVES or STAYS): " + ", ".join(missing), file=sys.stderr)
        return 2
    todo = {old: new for old, new in MOVES.items() if (ROOT / "sendsec" / f"{old}.py").exists()}
    gone = sorted(set(MOVES) - set(todo))
    if gone:
        print("Already moved or absent: " + ", ".join(gone))
    if "--check" in argv:
        for old, new in todo.items():
            print(f"sendsec/{old}.py -> sendsec/{new.replace('.', '/')}.py")
        return 0
    for package, doc in PACKAGES.items():
        folder = ROOT / "sendsec" / package
        folder.mkdir(exist_ok=True)
        init = folder / "__init__.py"
        if not init.exists():
            init.write_text(f'"""{doc}"""\n', encoding="utf-8")
            _git("add", str(init))
    for old, new in todo.items():
        _git("mv", f"sendsec/{old}.py", f"sendsec/{new.replace('.', '/')}.py")
    changed = 0
    for name in _git("ls-files").splitlines():
        path = ROOT / name
        if not path.is_file() or name == "scripts/regroup.py":
            continue
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            new_text = rewrite_paths(text)
        elif path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8")
            new_text = rewrite_paths(rewrite(text))
        else:
            continue
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
            changed += 1
    toml = ROOT / "pyproject.toml"
    text = toml.read_text(encoding="utf-8")
    text, n = re.subn(r'name = "Layers of the core[^"]*"\ntype = "layers"\nlayers = \[.*?\n\]\n',
                      lambda m: CONTRACTS, text, count=1, flags=re.S)
    toml.write_text(text, encoding="utf-8")
    if not n:
        print("pyproject.toml: the layers contract was not found; write CONTRACTS by hand")
    subprocess.run([str(Path(sys.executable).parent / "ruff"), "check", "--fix", "-q",
                    "--select", "I", "."], cwd=ROOT, check=False)
    for name in _git("ls-files", "*.py").splitlines():
        _noqa_on_last_import(ROOT / name)
    print(f"Moved {len(todo)} modules; rewrote {changed} files. Now: ruff check --fix . && "
          "bash scripts/dev.sh lint")
    deep = [p for p in (ROOT / "sendsec").rglob("*.py") if "__file__" in p.read_text("utf-8")
            and p.relative_to(ROOT / "sendsec").with_suffix("").as_posix().replace("/", ".")
            in set(todo.values())]
    if deep:
        print("Check the paths built from __file__ in: " + ", ".join(map(str, deep)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
