"""Lint a Word template before rendering: what a user's edited template typically breaks.

- a variable the template uses that the context does not provide (named with its full path
  at render time; here by top-level name);
- full-width ｛ ｝ ％ typed by a Chinese IME inside or around tags;
- tags that Word split across runs in a way docxtpl cannot re-join (a tag opened and not
  closed within one paragraph's text).
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate

from ..errors import TemplateProblem
from ..findings import Finding, Location
from ..rulebook import (
    TEMPLATE_FULLWIDTH,
    TEMPLATE_INVALID,
    TEMPLATE_MISSING,
    TEMPLATE_SPLIT_TAG,
    TEMPLATE_SYNTAX,
    TEMPLATE_VARIABLE,
    Rule,
)
from .env import make_environment

# ｛ ｝ anywhere; ％ only where it makes a tag ({％ ％} ｛％ ％｝) — "增长{{ x }}％" is ordinary text.
_FULLWIDTH_TAG = re.compile(r"[｛｝]|[{｛]\s*％|％\s*[}｝]")
_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = re.compile(r"\}\}|%\}|#\}")


def _paragraph_texts(path: Path):
    doc = Document(str(path))
    for i, p in enumerate(doc.paragraphs, 1):
        yield f"第{i}段", p.text
    for t, table in enumerate(doc.tables, 1):
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row.cells, 1):
                yield f"第{t}个表格第{r}行第{c}列", cell.text


def lint_findings(path: Path, context: dict | None = None) -> list[Finding]:
    findings: list[Finding] = []
    where = Location(file=str(path))

    def add(rule: Rule, message: str) -> None:
        findings.append(rule.finding(message, location=where))

    if not Path(path).is_file():
        add(TEMPLATE_MISSING, f"找不到模板文件：{path}")
        return findings
    try:
        texts = list(_paragraph_texts(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for a broken file
        add(TEMPLATE_INVALID, f"模板“{path.name}”不是有效的 Word 文档（{type(exc).__name__}）")
        return findings
    for place, text in texts:
        if _FULLWIDTH_TAG.search(text):
            add(TEMPLATE_FULLWIDTH, f"模板{place}含有全角符号“｛ ｝ ％”，模板标签必须用半角 {{{{ }}}} 与 {{% %}}：{text[:60]}")
        opens, closes = len(_OPEN.findall(text)), len(_CLOSE.findall(text))
        if opens != closes:
            add(TEMPLATE_SPLIT_TAG, f"模板{place}的标签不完整（开闭符号数量不一致），请整体重新输入该标签：{text[:60]}")
    if findings:
        return findings
    try:
        undeclared = DocxTemplate(str(path)).get_undeclared_template_variables(jinja_env=make_environment())
    except Exception as exc:  # noqa: BLE001 - Jinja syntax errors and the like
        add(TEMPLATE_SYNTAX, f"模板“{path.name}”的标签语法有误：{exc}")
        return findings
    if context is not None:
        known = set(context)
        for name in sorted(undeclared - known):
            add(TEMPLATE_VARIABLE, f"模板使用了未定义的变量“{name}”（可用的有：{'、'.join(sorted(known))}）")
    return findings


def lint_template(path: Path, context: dict | None = None) -> None:
    findings = lint_findings(path, context)
    if findings:
        raise TemplateProblem(f"模板“{path.name}”有问题，无法生成文档", findings)
