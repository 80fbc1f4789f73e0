"""The rule codes are a contract, checked three ways:

- every registered code is produced by the code (a Rule constant that src/ never uses is dead);
- every code the code produces is registered (a Finding refuses any other; no literal code in
  src/ escapes the catalogue);
- every code has a test that makes it fire and asserts it: a positive assertion or a finding
  helper naming it in the tests, or a bad-input corpus case (whose test asserts the code is printed).
The few codes no other test module asserts are made to fire at the end of this file.
"""

from __future__ import annotations

import ast
import csv
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from budgetauthor import batch, load, rulebook
from budgetauthor.errors import ConversionError, InputError, TemplateProblem
from budgetauthor.findings import Finding, Rule, Severity
from budgetauthor.render import lint, render_bytes
from budgetauthor.validate import codes as validation_codes
from budgetauthor.validate import validate
from budgetauthor.validate.codes import RULES

from .helpers import EXAMPLES, template_with

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src" / "budgetauthor"
CATALOGUES = (rulebook, validation_codes)
FINDING_HELPERS = {"only", "finding_at"}  # test helpers that assert a finding of the code exists


def constants() -> dict[str, str]:
    """Rule constant name → code, for every rule of the catalogue modules."""
    names = {}
    for module in CATALOGUES:
        for name, value in vars(module).items():
            if isinstance(value, Rule) and name.isupper():
                names[name] = value.code
    return names


def src_trees() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))}


# ---- the catalogue against the code ---------------------------------------------------------------


def test_every_rule_is_a_named_constant_of_a_catalogue_module():
    assert sorted(constants().values()) == sorted(RULES)


def test_every_registered_code_is_produced_by_the_code():
    catalogue_files = {Path(m.__file__).resolve() for m in CATALOGUES}
    used: set[str] = set()
    for path, tree in src_trees().items():
        if path.resolve() in catalogue_files:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                used.add(node.id)
            elif isinstance(node, ast.Attribute):
                used.add(node.attr)
    never = sorted(code for name, code in constants().items() if name not in used)
    assert never == [], f"registered but never produced by src/: {never}"


def literal_codes(tree: ast.Module) -> list[str]:
    """Codes written as text in the code: Finding("…"), rule("…"), Outcome(code="…")."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in ("Finding", "rule") and node.args and isinstance(node.args[0], ast.Constant):
            out.append(node.args[0].value)
        out += [k.value.value for k in node.keywords
                if k.arg == "code" and isinstance(k.value, ast.Constant) and k.value.value]
    return out


def test_every_code_the_code_writes_as_text_is_registered():
    unregistered = {code for tree in src_trees().values() for code in literal_codes(tree) if code not in RULES}
    assert unregistered == set()


def test_a_finding_with_an_unregistered_code_cannot_be_made():
    with pytest.raises(ValueError, match="unregistered"):
        Finding("no-such-code", Severity.ERROR, "消息")


def test_a_code_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        Rule("file-missing", Severity.ERROR, "文件不存在")
    assert RULES["file-missing"] is rulebook.FILE_MISSING


# ---- the catalogue against the tests --------------------------------------------------------------


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def asserted_texts() -> list[str]:
    """Strings the tests assert are present: in `assert a in b` / `assert a == b` (never `not in`),
    or given to a finding helper."""
    texts: list[str] = []
    for path in TESTS.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert):
                for compare in (n for n in ast.walk(node.test) if isinstance(n, ast.Compare)):
                    if all(isinstance(op, (ast.In, ast.Eq)) for op in compare.ops):
                        texts += _strings(compare)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in FINDING_HELPERS:
                texts += _strings(node)
    return texts


def corpus_codes() -> set[str]:
    with open(TESTS / "badinput" / "manifest.csv", encoding="utf-8", newline="") as fh:
        return {row["code"] for row in csv.DictReader(fh) if row["code"]}


def test_every_rule_code_has_a_test_that_makes_it_fire():
    texts = "\n".join(asserted_texts())
    corpus = corpus_codes()
    untested = [code for code in RULES
                if code not in corpus and not re.search(rf"(?<![a-z-]){re.escape(code)}(?![a-z-])", texts)]
    assert untested == [], f"rule codes no test asserts: {untested}"


# ---- codes no other test module asserts -----------------------------------------------------------


@pytest.fixture
def workbook(tmp_path: Path):
    path = tmp_path / "minimal.xlsx"
    shutil.copyfile(EXAMPLES / "minimal.xlsx", path)
    return path, openpyxl.load_workbook(path)


def test_a_control_row_without_its_code_is_xlsx_key_missing(workbook):
    path, wb = workbook
    ws = wb["批复控制数"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "分功能科目")
    ws.cell(row, 2).value = None
    wb.save(path)
    with pytest.raises(InputError) as info:
        load(path)
    assert [f.code for f in info.value.findings] == ["xlsx-key-missing"]
    assert str(info.value.findings[0].location) == f"批复控制数!B{row}"


def test_a_control_row_given_twice_is_xlsx_duplicate(workbook):
    path, wb = workbook
    ws = wb["批复控制数"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "分功能科目")
    spare = next(r for r in range(row, ws.max_row + 1) if ws.cell(r, 1).value is None)
    for col in range(1, 6):
        ws.cell(spare, col).value = ws.cell(row, col).value
    wb.save(path)
    with pytest.raises(InputError) as info:
        load(path)
    assert "xlsx-duplicate" in [f.code for f in info.value.findings]


def test_a_folder_without_data_files_is_input_empty(tmp_path):
    files, problems = batch.expand([tmp_path])
    assert files == [] and [p.code for p in problems] == ["input-empty"]


def test_a_bug_while_processing_a_file_is_internal_error():
    outcome = batch._from_exception("a.yaml", ZeroDivisionError("a bug"))
    assert outcome.code == "internal-error" and outcome.exit_code == 3


def test_no_libreoffice_is_pdf_conversion(tmp_path, monkeypatch):
    monkeypatch.setattr("budgetauthor.pdf.find_soffice", lambda: None)
    from budgetauthor.pdf import docx_to_pdf

    with pytest.raises(ConversionError) as info:
        docx_to_pdf(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert [f.code for f in info.value.findings] == ["pdf-conversion"]
    assert "LibreOffice" in info.value.message and not (tmp_path / "a.pdf").exists()


def lint_codes(path: Path) -> list[str]:
    """The codes the lint finds, given a context of every name the default template uses."""
    known = {"dept", "toc", "overview", "tables", "explain", "glossary", "notes"}
    return [f.code for f in lint.lint_findings(path, dict.fromkeys(known))]


def test_template_problems_found_before_rendering_have_codes_of_their_own(tmp_path):
    assert lint_codes(tmp_path / "no-such.docx") == ["template-missing"]
    (tmp_path / "plain.docx").write_text("not a document")
    assert lint_codes(tmp_path / "plain.docx") == ["template-invalid"]
    assert lint_codes(template_with(tmp_path, "{{ dept.name +}}")) == ["template-syntax"]
    assert lint_codes(template_with(tmp_path, "{{ nosuch }}")) == ["template-variable"]


def test_a_template_failing_while_rendering_is_template_render(tmp_path):
    report = validate(load(EXAMPLES / "minimal.yaml"))
    with pytest.raises(TemplateProblem) as info:
        render_bytes(report.derived, template_with(tmp_path, "{{ dept.nosuch }}"))
    assert [f.code for f in info.value.findings] == ["template-render"]
    assert "dept.nosuch" in info.value.message


def test_money_errors_carry_their_own_code():
    from budgetauthor.money import MoneyError, parse_number

    for text, code in (("-1", "amount-negative"), ("1" * 20, "amount-too-large"), ("一百", "amount-format")):
        with pytest.raises(MoneyError) as info:
            parse_number(text)
        assert info.value.rule.code == code
    assert parse_number("-1", signed=True) == Decimal(-1)
