"""Render the context into the docx template and post-process the result.

Post-processing works on the rendered document, so it holds whatever a user's template does:
headings are renumbered in document order (numbers are generated, never typed), the 目录 is
built from the headings as a Word TOC field, and the file is written deterministically
(fixed document dates, fixed zip timestamps) so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from ..derive import Derived
from ..errors import TemplateProblem
from ..output import write_atomic
from ..prose.words import ordinal, zh_number
from ..resources import default_template
from .context import build_context
from .env import make_environment, wrap
from .lint import lint_template

TOC_MARKER = "\u2060目录\u2060"
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def render_bytes(derived: Derived, template: Path | None = None) -> bytes:
    template = Path(template) if template else default_template()
    context = build_context(derived)
    context["toc"] = TOC_MARKER
    lint_template(template, context)
    doc = DocxTemplate(str(template))
    try:
        doc.render(wrap(context), jinja_env=make_environment(), autoescape=True)
    except TemplateError as exc:
        nearby = " / ".join(t.strip() for t in getattr(exc, "docx_context", []) if t.strip())
        raise TemplateProblem(f"模板“{template.name}”渲染失败：{exc}" + (f"（附近内容：{nearby}）" if nearby else "")) from exc
    buffer = io.BytesIO()
    doc.save(buffer)
    document = Document(io.BytesIO(buffer.getvalue()))
    renumber_headings(document)
    build_toc(document)
    fix_properties(document, derived.budget.year, derived.budget.profile.name)
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def render_to_file(derived: Derived, out: Path, template: Path | None = None, inputs: tuple = ()) -> Path:
    return write_atomic(Path(out), render_bytes(derived, template), *inputs)


# ---- post-processing ----------------------------------------------------------------------------

_ZH = "[一二三四五六七八九十]+"
_NUMBERING = {
    "Heading 1": (re.compile(rf"^第{_ZH}部分"), lambda n: f"第{zh_number(n)}部分"),
    "Heading 2": (re.compile(rf"^{_ZH}、"), lambda n: ordinal(n, 1)),
    "Heading 3": (re.compile(rf"^（{_ZH}）"), lambda n: ordinal(n, 2)),
    "Heading 4": (re.compile(r"^\d+[.．]"), lambda n: ordinal(n, 3)),
    "表标题": (re.compile(r"^表\d+"), lambda n: f"表{n}"),
}
_NUMBERING["表标题（不分页）"] = _NUMBERING["表标题"]
_LEVEL = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3, "Heading 4": 4}


def _set_prefix(paragraph, pattern, replacement: str) -> None:
    for run in paragraph.runs:
        if run.text:
            if pattern.match(run.text):
                run.text = pattern.sub(replacement, run.text, count=1)
            return


def renumber_headings(document) -> None:
    """Number 第X部分 / 一、/（一）/ 1. headings and 表N titles in document order."""
    counters = {name: 0 for name in _NUMBERING}
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style not in _NUMBERING:
            continue
        pattern, number = _NUMBERING[style]
        if not pattern.match(paragraph.text):
            continue
        style = "表标题" if style.startswith("表标题") else style  # one count for all table titles
        counters[style] += 1
        level = _LEVEL.get(style)
        if level:
            for deeper, lvl in _LEVEL.items():
                if lvl > level:
                    counters[deeper] = 0
        _set_prefix(paragraph, pattern, number(counters[style]))


def _field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def build_toc(document) -> None:
    """Replace the marker paragraph by a TOC field whose cached entries are the headings."""
    marker = next((p for p in document.paragraphs if p.text.strip() == TOC_MARKER), None)
    if marker is None:
        return
    entries = [
        (1 if p.style.name == "Heading 1" else 2, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name in ("Heading 1", "Heading 2", "表标题", "表标题（不分页）")
        and p.text.strip()
    ]
    anchor = marker._p
    for level, text in entries or [(1, "")]:
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), document.styles[f"TOC {level}"].style_id if _has_style(document, f"TOC {level}") else "Normal")
        ppr.append(style)
        p.append(ppr)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = ("\u3000\u3000" if level == 2 else "") + text
        run.append(t)
        p.append(run)
        anchor.addnext(p)
        anchor = p
    first = marker._p.getnext()
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\t "表标题,2" '
    instr_run.append(instr)
    ppr = first.find(qn("w:pPr"))
    for element in reversed([_field_char("begin"), instr_run, _field_char("separate")]):
        ppr.addnext(element)
    anchor.append(_field_char("end"))
    marker._p.getparent().remove(marker._p)


def _has_style(document, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def fix_properties(document, year: int, name: str) -> None:
    """Fixed metadata: the same budget always yields the same document properties."""
    core = document.core_properties
    stamp = datetime(year - 1, 12, 31, 0, 0, 0)
    core.created = stamp
    core.modified = stamp
    core.last_printed = stamp
    core.revision = 1
    core.author = "budgetauthor"
    core.last_modified_by = "budgetauthor"
    core.title = f"{name}{year}年部门预算"


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps and order so identical input → identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        ordered = ["[Content_Types].xml"] + sorted(n for n in names if n != "[Content_Types].xml")
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
