"""Helpers the tests share: the shipped examples, and ways to validate edited copies of them.

Imported as `from .helpers import …` (pytest fixtures stay in conftest.py, which is never
imported)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from docx import Document

from budgetauthor import Options, Report, load, validate
from budgetauthor.findings import Finding
from budgetauthor.resources import default_template
from budgetauthor.validate.codes import RULES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# The valid department every rule test starts from; each test makes a small, visible edit.
MINIMAL = (EXAMPLES / "minimal.yaml").read_text(encoding="utf-8")
# Where minimal's 批复 by 功能科目 begins (previous.by_function follows the same key).
APPROVED_BY_FUNCTION = "  by_function:         # 按功能分类（类）批复：明细有误时可据此定位到具体行"


def validate_text(tmp_path: Path, text: str, name: str = "budget.yaml", **options) -> Report:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return validate(load(path), Options(**options))


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """Apply (old, new) replacements; each `old` must occur exactly once, so an edit can never
    silently miss (e.g. after the example changes)."""
    for old, new in replacements:
        count = text.count(old)
        assert count == 1, f"fixture text {old!r} occurs {count} times, expected once"
        text = text.replace(old, new)
    return text


def line_of(text: str, fragment: str) -> int:
    """1-based line number of a fragment that occurs once in `text`."""
    assert text.count(fragment) == 1, f"{fragment!r} is not unique in the fixture"
    return text[: text.index(fragment)].count("\n") + 1


def only(report: Report, code: str) -> Finding:
    """The single finding of `code` (fails, listing all findings, if there is not exactly one)."""
    assert code in RULES, f"{code} is not a registered rule code"
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, report.flatten("code", "path", "message")
    return found[0]


def assert_figures(finding: Finding, stated: str, derived: str, difference: str) -> None:
    """An arithmetic finding names both figures and their difference in 万元, and carries them."""
    for part in (f"{stated}万元", f"{derived}万元", f"相差{difference}万元"):
        assert part in finding.message, (part, finding.message)
    assert finding.actual == Decimal(stated.replace(",", ""))
    assert finding.expected == Decimal(derived.replace(",", ""))


def template_with(tmp_path: Path, text: str, name: str = "mine.docx") -> Path:
    """The default Word template with one more paragraph (a tag a user typed) at its end."""
    doc = Document(str(default_template()))
    doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(str(path))
    return path
