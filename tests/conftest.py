"""Fixtures shared across test modules. Plain helpers live in helpers.py (conftest is never imported)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetauthor import load
from budgetauthor.workbook.writer import write_workbook

from .helpers import EXAMPLES


@pytest.fixture
def examples() -> Path:
    """The folder of the shipped examples."""
    return EXAMPLES


@pytest.fixture(scope="session")
def minimal_workbook_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The minimal example written as a fill-in workbook, once per session (writing one takes a
    second); each test that edits it starts from its own copy of these bytes."""
    path: Path = tmp_path_factory.mktemp("workbook") / "minimal.xlsx"
    write_workbook(path, load(EXAMPLES / "minimal.yaml").data)
    return path.read_bytes()
