"""Lint a Word template before rendering: what a user's edited template typically breaks.

- a variable the template uses that the context does not provide (named with its full path
  at render time; here by top-level name);
- full-width ｛ ｝ ％ typed by a Chinese IME inside or around tags;
- tags that Word split across runs in a way docxtpl cannot re-join (a tag opened and not
  closed within one paragraph's text);
- a syntax error, named with its tag and the text of its paragraph (each part — body, headers,
  footers — is parsed on its own, one paragraph per line, as docxtpl renders it).
Parsing uses the guarded environment of rendering: Jinja folds constant expressions while
parsing ("x" * 10**9), so an unguarded parse could do a template's work without its limits.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import meta
from jinja2.exceptions import TemplateSyntaxError

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
from .template_safety import guard

# ｛ ｝ anywhere; ％ only where it makes a tag ({％ ％} ｛％ ％｝) — "增长{{ x }}％" is ordinary text.
_FULLWIDTH_TAG = re.compile(r"[｛｝]|[{｛]\s*％|％\s*[}｝]")
_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = re.compile(r"\}\}|%\}|#\}")


def _paragraph_texts(data: bytes):
    doc = Document(io.BytesIO(data))
    for i, p in enumerate(doc.paragraphs, 1):
        yield f"第{i}段", p.text
    for t, table in enumerate(doc.tables, 1):
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row.cells, 1):
                yield f"第{t}个表格第{r}行第{c}列", cell.text


def lint_findings(path: Path, context: dict | None = None, data: bytes | None = None) -> list[Finding]:
    """Findings for the template at `path` (its bytes `data` when already read and checked by
    template_safety.prepare)."""
    findings: list[Finding] = []
    where = Location(file=str(path))

    def add(rule: Rule, message: str) -> None:
        findings.append(rule.finding(message, location=where))

    if data is None:
        if not Path(path).is_file():
            add(TEMPLATE_MISSING, f"找不到模板文件：{path}")
            return findings
        data = Path(path).read_bytes()
    try:
        texts = list(_paragraph_texts(data))
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
    undeclared: set[str] = set()
    environment = guard(make_environment())
    for where_, source in _part_sources(data):
        try:
            undeclared |= meta.find_undeclared_variables(environment.parse(source))
        except TemplateSyntaxError as exc:
            add(TEMPLATE_SYNTAX, _syntax_message(Path(path).name, where_, source, exc))
        except Exception as exc:  # noqa: BLE001 - a parse that the guard stopped, and the like
            add(TEMPLATE_SYNTAX, f"模板“{Path(path).name}”{where_}的标签无法解析（{type(exc).__name__}）")
    if findings:
        return findings
    if context is not None:
        known = set(context)
        for name in sorted(undeclared - known):
            add(TEMPLATE_VARIABLE, f"模板使用了未定义的变量“{name}”（可用的有：{'、'.join(sorted(known))}）")
    return findings


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_SYNTAX = (
    ("unexpected end of template", "标签没有闭合：缺少对应的结束标签（如 {% endfor %}、{% endif %}）"),
    ("unknown tag", "无法识别的标签（拼写有误，或缺少对应的开始标签）"),
    ("no filter named", "无法识别的过滤器（“|”后面的名称拼写有误）"),
    ("no test named", "无法识别的测试（“is”后面的名称拼写有误）"),
    ("unexpected char", "标签中有无法识别的字符"),
    ("expected token", "标签中缺少或多出了符号"),
    ("unexpected", "标签中出现了不应出现的内容"),
)


def _part_sources(data: bytes):
    """(where, Jinja source) of the body and of each header and footer, as docxtpl renders
    them: patched, one paragraph per line."""
    template = DocxTemplate(io.BytesIO(data))
    template.init_docx()
    document = template.docx
    parts = [("", template.xml_to_string(document._element.body))]
    for rel in document._part.rels.values():
        for uri, label in ((template.HEADER_URI, "页眉"), (template.FOOTER_URI, "页脚")):
            if rel.reltype == uri and rel.target_part.blob:
                parts.append((label, template.xml_to_string(parse_xml(rel.target_part.blob))))
    for where, xml in parts:
        yield where, re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))


def _syntax_message(name: str, where: str, source: str, exc: TemplateSyntaxError) -> str:
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1]).strip() if 0 < (exc.lineno or 0) <= len(lines) else ""
    explanation = next((zh for needle, zh in _SYNTAX if needle in str(exc.message or "").lower()), "标签语法有误")
    tags = "、".join(f"“{t}”" for t in _TAG.findall(text)[:3])
    place = f"（所在{where or '段落'}“{text[:80]}”）" if text else ""
    return f"模板“{name}”" + (f"中的标签{tags}" if tags else f"{where}") + f"：{explanation}{place}"


def lint_template(path: Path, context: dict | None = None, data: bytes | None = None) -> None:
    findings = lint_findings(path, context, data)
    if findings:
        raise TemplateProblem(f"模板“{path.name}”有问题，无法生成文档", findings)
