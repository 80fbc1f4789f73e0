"""The rule codes are a contract: each has a test that makes it fire, or a stated reason why a YAML
file cannot trigger it."""

from __future__ import annotations

from pathlib import Path

from budgetauthor.validate.codes import RULES

TESTS = Path(__file__).resolve().parent

# Codes no YAML input reaches, and why. Keep this list short and true.
NOT_FROM_YAML = {
    "xlsx-sheet-missing": "raised only when reading a workbook (load/xlsx_source.py), never for a YAML file",
    "xlsx-column-missing": "raised only when reading a workbook (load/xlsx_source.py), never for a YAML file",
    "xlsx-key-missing": "raised only when reading a workbook, never for a YAML file",
    "xlsx-duplicate": "raised only when reading a workbook, never for a YAML file",
    **{code: "about the user's Word template, not the data file; tests/test_render.py checks each by its message"
       for code in ("template-invalid", "template-missing", "template-fullwidth", "template-split-tag",
                    "template-syntax", "template-variable")},
}


def test_every_rule_code_has_a_test_that_makes_it_fire_or_a_reason_it_cannot():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name)
    untested = [code for code in RULES if code not in NOT_FROM_YAML and f'"{code}"' not in sources]
    assert untested == [], f"rule codes without a test: {untested}"


def test_the_excused_codes_are_real_codes():
    assert set(NOT_FROM_YAML) <= set(RULES)

