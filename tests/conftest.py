"""Shared fixtures: the shipped examples and a helper to validate YAML text."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetauthor import load, validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


def validate_text(tmp_path: Path, text: str, name: str = "budget.yaml", **options):
    from budgetauthor import Options

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return validate(load(path), Options(**options))
