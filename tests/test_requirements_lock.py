"""The lock file the Windows build installs from pins every dependency, inside its range."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            [spec] = req.specifier
            assert spec.operator == "==", line
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def test_every_dependency_and_test_tool_is_pinned_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"],
              "pyinstaller>=6,<7"]  # what packaging/build.ps1 adds
    pins = _locked()
    for text in wanted:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements-lock.txt"
        assert req.specifier.contains(pins[name], prereleases=True), (text, pins[name])


def test_the_build_and_the_dev_script_install_from_the_lock():
    assert "-r requirements-lock.txt" in (ROOT / "packaging" / "build.ps1").read_text("utf-8")
    assert "-c requirements-lock.txt" in (ROOT / "scripts" / "dev.sh").read_text("utf-8")
