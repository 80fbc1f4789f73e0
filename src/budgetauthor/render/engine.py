"""Render the context into the docx template and post-process the result.

Post-processing works on the rendered document, so it holds whatever a user's template does:
headings are renumbered in document order (numbers are generated, never typed), the 目录 is
built from the headings as a Word TOC field, and the file is written deterministically
(fixed document dates, fixed zip timestamps) so the same input gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docxtpl
import jinja2
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

from .. import checked
from ..derive import Derived
from ..output import write_atomic
from ..prose.words import ordinal, zh_number
from ..resources import default_template
from . import env, lint, template_safety
from .context import build_context
from .env import make_environment, wrap
from .lint import lint_template

TOC_MARKER = "\u2060目录\u2060"
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


class _Template(DocxTemplate):
    """docxtpl puts the rendered body back as a tree parsed by plain lxml (in `fix_tables`), which
    python-docx cannot walk; re-parse it with python-docx's parser, so post-processing works on
    the rendered document in memory instead of saving the whole package and opening it again.
    The plain tree is let go before the new one is built: a large department's body is tens of MB
    as a tree."""

    def map_tree(self, tree):
        data = etree.tostring(tree)
        tree.clear()  # docxtpl's render() still holds the plain tree: empty it before re-parsing
        super().map_tree(parse_xml(data))

    def patch_xml(self, src_xml):
        # A pure function of the template's own XML (before any data goes in): in a batch, every
        # department's render would repeat the same ~15 regex passes over the same text.
        patched = _PATCHED.get(src_xml)
        if patched is None:
            patched = super().patch_xml(src_xml)
            _remember(_PATCHED, src_xml, patched)
        return patched


_PATCHED: dict[str, str] = {}
_CACHE_ENTRIES = 16  # distinct template parts kept per process (body, headers, footers, properties)


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= _CACHE_ENTRIES:
        cache.pop(next(iter(cache)))  # the oldest
    cache[key] = value


@functools.lru_cache(maxsize=1)
def _environment():
    """One environment per process that compiles each distinct template text once. docxtpl
    compiles the whole document body as one Jinja template on every render; that text is the
    template's (data goes in only at render time), so in a batch it is the same for every
    department, and compiling it is the largest part of rendering a small one."""
    environment = template_safety.guard(make_environment())
    compile_text = environment.from_string
    compiled: dict[str, object] = {}

    def from_string(source, globals=None, template_class=None):
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return compile_text(source, globals, template_class)
        template = compiled.get(source)
        if template is None:
            template = compile_text(source)
            _remember(compiled, source, template)
        return template

    environment.from_string = from_string
    return environment


def _lint_once(template: Path, data: bytes, context: dict) -> None:
    """Lint the template unless these very bytes passed the same lint before (see checked.py):
    the lint costs as much as the render of a small department."""
    key = checked.fingerprint(
        "lint", data, checked.source_of(lint, env), docxtpl.__version__, jinja2.__version__, "\n".join(sorted(context))
    )
    if checked.passed(key):
        return
    lint_template(template, context, data)
    checked.record(key)


def render_bytes(derived: Derived, template: Path | None = None) -> bytes:
    users = template is not None  # a failure of our own template is a bug of ours (exit 3)
    template = Path(template) if template else default_template()
    data = template_safety.prepare(template)
    context = build_context(derived)
    context["toc"] = TOC_MARKER
    _lint_once(template, data, context)
    doc = _Template(io.BytesIO(data))
    context = wrap(context)
    try:
        with template_safety.limits(context):
            doc.render(context, jinja_env=_environment(), autoescape=True)
    except Exception as exc:  # noqa: BLE001 - whatever a user's template raises is the template's (exit 1)
        if not users and not isinstance(exc, template_safety.RenderLimit):
            raise
        raise template_safety.problem(exc, doc, template) from exc
    document = doc.docx
    paragraphs = styled_paragraphs(document)
    renumber_headings(document, paragraphs)
    build_toc(document, paragraphs)
    fix_properties(document, derived.budget.year, derived.budget.profile.name)
    buffer = io.BytesIO()
    doc.save(buffer)
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


def styled_paragraphs(document) -> list[tuple[str, object]]:
    """(style name, paragraph) for every body paragraph.

    python-docx's `paragraph.style` scans every style of the document for the default one on
    each paragraph without an explicit style (O(paragraphs × styles): seconds for a large
    department); here the id → name map is built once."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {s.style_id: s.name for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name if default is not None else ""
    return [(names.get(p._p.style, default_name), p) for p in document.paragraphs]


def renumber_headings(document, paragraphs: list | None = None) -> None:
    """Number 第X部分 / 一、/（一）/ 1. headings and 表N titles in document order."""
    counters = {name: 0 for name in _NUMBERING}
    for style, paragraph in paragraphs or styled_paragraphs(document):
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


def build_toc(document, paragraphs: list | None = None) -> None:
    """Replace the marker paragraph by a TOC field whose cached entries are the headings."""
    paragraphs = paragraphs or styled_paragraphs(document)
    marker = next((p for _, p in paragraphs if p.text.strip() == TOC_MARKER), None)
    if marker is None:
        return
    entries = [
        (1 if style == "Heading 1" else 2, p.text)
        for style, p in paragraphs
        if style in ("Heading 1", "Heading 2", "表标题", "表标题（不分页）") and p.text.strip()
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
