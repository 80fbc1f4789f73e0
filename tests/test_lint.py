"""The habits that keep the code this way run with the tests: ruff (the rule set chosen in
pyproject.toml) over the code, tests, tools and benchmarks, and mypy over src/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-fix", "src", "tests", "tools", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run("mypy")  # files and options: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_import_their_helpers_from_helpers_never_from_conftest():
    """conftest.py is pytest's (fixtures only); a helper imported from it works by accident of how
    pytest imports test packages. Shared helpers live in tests/helpers.py."""
    tests = Path(__file__).resolve().parent
    offenders = [p.name for p in sorted(tests.rglob("*.py")) if "conftest import" in p.read_text(encoding="utf-8")
                 and p.name != Path(__file__).name]
    assert offenders == []
