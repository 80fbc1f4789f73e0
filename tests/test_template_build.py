"""The committed Word template is exactly what tools/build_template.py builds: the builder is the
source, the .docx its reproducible output (a change to one without the other fails here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_builder():
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "tools" / "build_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_template_equals_a_fresh_build(tmp_path):
    builder = load_builder()
    fresh = builder.build(tmp_path / "template.docx")
    committed = builder.OUT
    assert fresh.read_bytes() == committed.read_bytes(), (
        f"{committed.relative_to(ROOT)} differs from a fresh build: run `python tools/build_template.py`"
    )


def test_two_builds_are_byte_identical(tmp_path):
    builder = load_builder()
    first = builder.build(tmp_path / "a.docx").read_bytes()
    second = builder.build(tmp_path / "b.docx").read_bytes()
    assert first == second
