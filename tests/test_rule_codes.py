"""The rule codes are a contract: each has a test that makes it fire, or a stated reason why a YAML
file cannot trigger it."""

from __future__ import annotations

from pathlib import Path

from budgetauthor.validate import schema as schema_mod
from budgetauthor.validate.codes import RULES

from .conftest import MINIMAL, only, validate_text

TESTS = Path(__file__).resolve().parent

# Codes no YAML input reaches, and why. Keep this list short and true.
NOT_FROM_YAML = {
    "xlsx-sheet-missing": "raised only when reading a workbook (load/xlsx_source.py), never for a YAML file",
    "xlsx-column-missing": "raised only when reading a workbook (load/xlsx_source.py), never for a YAML file",
    "economic-kind-mismatch": "declared in codes.py, but no rule emits it yet",
}


def test_every_rule_code_has_a_test_that_makes_it_fire_or_a_reason_it_cannot():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name)
    untested = [code for code in RULES if code not in NOT_FROM_YAML and f'"{code}"' not in sources]
    assert untested == [], f"rule codes without a test: {untested}"


def test_the_excused_codes_are_real_codes():
    assert set(NOT_FROM_YAML) <= set(RULES)


def test_a_shape_check_that_breaks_down_is_a_schema_error_not_a_crash(tmp_path, monkeypatch):
    # The `schema` code is the fallback when cerberus itself fails on pathological input.
    def broken(self, document, *args, **kwargs):
        raise RecursionError("cerberus gave up")

    monkeypatch.setattr(schema_mod.BudgetValidator, "validate", broken)
    report = validate_text(tmp_path, MINIMAL)
    finding = only(report, "schema")
    assert finding.message == "文件结构无法识别，请对照示例文件检查"
    assert not report.valid and report.model is None
