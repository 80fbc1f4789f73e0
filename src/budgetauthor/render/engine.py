"""Render a budget with a layout profile: assemble the template, render it, post-process.

The profile's template blocks are laid out in the order of its outline (render/assemble.py),
docxtpl fills them from the context (render/context.py), and post-processing works on the
rendered document, so it holds whatever a user's template does: headings and table titles are
numbered in document order by the profile's numbering (the one place numbers are given: a
section left out leaves no gap), the 目录 is built from the headings as a Word TOC field, and
the file is written deterministically (fixed document dates, fixed zip timestamps) so the same
input gives the same bytes.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import marshal
import os
import re
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import docxtpl
import jinja2
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docxtpl import DocxTemplate
from lxml import etree

from .. import checked
from ..derive import Derived
from ..errors import TemplateProblem
from ..findings import Finding
from ..output import write_atomic
from ..profiles import LayoutProfile, Numbering, format_number, shipped_folder, standard
from ..profiles.numbering import HEADING_LEVELS
from . import assemble, compiled, env, lint, page_layout, template_safety
from .context import build_document
from .env import Sandbox, make_environment, wrap
from .lint import lint_findings, lint_template

TOC_MARKER = "\u2060目录\u2060"
DRAFT_TITLE = "【草稿】"
# w:settings children that come after w:updateFields (ECMA-376 CT_Settings sequence)
_AFTER_UPDATE_FIELDS = frozenset(
    [qn(f"w:{tag}") for tag in (
        "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "attachedSchema",
        "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
        "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "shapeDefaults",
        "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")]
    + ["{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",
       "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary"])
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


class _Template(DocxTemplate):
    """Post-processing works on the rendered document in memory (instead of saving the whole
    package and opening it again), so the rendered body must be a tree of python-docx's element
    classes. docxtpl parses it with plain lxml (in `fix_tables`, where it also repairs table
    grids) and puts it in the document; parsing it once more with python-docx's parser cost a
    large department 0.3 s. So the rendered body is parsed once, with python-docx's parser and
    inside a copy of the document element (moving a parsed body between documents costs as much
    as parsing it), when it is well-formed and no table grid needs docxtpl's repair: the usual
    case. Otherwise docxtpl does what it always did, and its tree is serialised and re-parsed in
    `map_tree`, emptied first: a large department's body is tens of MB as a tree."""

    docx: Any  # docxtpl's python-docx Document (None until init_docx)
    _may_have_drawings = True

    def fix_tables(self, xml):
        self._may_have_drawings = "docPr" in xml  # see fix_docpr_ids
        try:
            tree = self._parse_document_with(xml)
        except etree.XMLSyntaxError:
            return super().fix_tables(xml)  # docxtpl's parser recovers what it can
        if _grid_repair_needed(tree):
            return super().fix_tables(xml)
        return tree

    def _parse_document_with(self, body_xml: str):
        """The rendered body, parsed in the document element it will belong to when its start tag
        declares just the document's namespaces (declarations putting it in the document would
        drop, and no prefix comes into scope that the body on its own would lack), else on its
        own."""
        start = _BODY_START.match(body_xml)
        root = self.docx.element
        if start is None or dict(_DECLARATION.findall(start.group(1))) != root.nsmap:
            return parse_xml(body_xml.encode("utf-8"))
        # The document element around the template's body (taking the body out instead costs
        # lxml a walk over it to re-declare its namespaces).
        around = etree.tostring(root, encoding="unicode")
        if around.count("<w:body") != 1 or around.count("</w:body>") != 1:
            return parse_xml(body_xml.encode("utf-8"))
        head, tail = around[: around.index("<w:body")], around[around.index("</w:body>") + len("</w:body>"):]
        document = parse_xml(f"{head}<w:body>{body_xml[start.end():]}{tail}".encode())
        return document.body

    def fix_docpr_ids(self, tree):
        # docxtpl's own renumbering of drawings; python-docx's elements redefine xpath() without
        # the `namespaces` argument docxtpl passes, so the expression is compiled with them here.
        # A body whose text has no "docPr" has no drawing to renumber: no search of every node.
        if not self._may_have_drawings:
            return
        for element in _DOC_PR(tree):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree):
        if not isinstance(tree, BaseOxmlElement):  # from docxtpl's own fix_tables
            data = etree.tostring(tree)
            tree.clear()  # docxtpl's render() still holds the plain tree: empty it before re-parsing
            tree = parse_xml(data)
        document = tree.getparent()
        if document is None:
            super().map_tree(tree)
            return
        part = self.docx.part
        part._element = document  # the document element parsed with the body (fix_tables)
        self.docx = part.document

    def patch_xml(self, src_xml):
        # A pure function of the template's own XML (before any data goes in): in a batch, every
        # department's render would repeat the same ~15 regex passes over the same text, and
        # every fresh process too (render/compiled.py).
        patched = _PATCHED.get(src_xml)
        if patched is None:
            if len(src_xml) < _STORED_FROM:
                patched = super().patch_xml(src_xml)
            else:
                patched = compiled.remembered(
                    "docxtpl", (src_xml, docxtpl.__version__, _own_source()),
                    lambda: super(_Template, self).patch_xml(src_xml).encode("utf-8"),
                ).decode("utf-8")
            _remember(_PATCHED, src_xml, patched)
        return patched

    def resolve_listing(self, xml):
        # docxtpl turns \t \a \n \f in text into tabs, paragraphs, line and page breaks with three
        # nested regex passes over every paragraph (0.1 s for a large department); those passes
        # only ever replace these characters, so XML without any of them comes back unchanged.
        if _LISTING.search(xml) is None:
            return xml
        return super().resolve_listing(xml)


_LISTING = re.compile("[\t\a\n\f]")
_DOC_PR = etree.XPath(".//wp:docPr", namespaces=nsmap)
_BODY_START = re.compile(r'<w:body((?: xmlns:[A-Za-z_][\w.-]*="[^"<>]*")*)>')
_DECLARATION = re.compile(r'xmlns:([^=]+)="([^"]*)"')
_W = nsmap["w"]
_SPAN = "w:tcPr[1]/w:gridSpan[1]"
_GRID_REPAIR = etree.XPath(
    ".//w:tr[count(w:tc) > $columns]"
    f" or .//w:tr/w:tc/{_SPAN}[string-length(@w:val) = 0 or string-length(translate(@w:val, '0123456789', '')) > 0]"
    f" or not(.//w:tr[count(w:tc[not({_SPAN})]) + sum(w:tc/{_SPAN}/@w:val) >= $columns])",
    namespaces={"w": _W},
)


def _grid_repair_needed(body) -> bool:
    """Whether docxtpl's `fix_tables` would touch any table (or fail on one): it adds grid columns
    when a row has more cells than the grid, and drops some when no row spans the whole grid,
    counting each cell's first gridSpan with int(). Asked of each table in one XPath (a walk in
    Python makes a python-docx object of every cell: slower than the parse it saves). Saying yes
    when unsure is always safe."""
    w = "{" + _W + "}"
    if body.nsmap.get("w") != _W:
        return True
    for table in body.iter(w + "tbl"):
        grid = table.find(w + "tblGrid")
        if grid is None or _GRID_REPAIR(table, columns=len(grid.findall(w + "gridCol"))):
            return True
    return False


_PATCHED: dict[str, str] = {}
_CACHE_ENTRIES = 16  # distinct template parts kept per process (body, headers, footers, properties)
_STORED_FROM = 10_000  # characters: a smaller part (a footer, a property) is quicker done than read


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= _CACHE_ENTRIES:
        cache.pop(next(iter(cache)))  # the oldest
    cache[key] = value


class CompilingOnce(Sandbox):
    """Compiles each distinct template text once. docxtpl compiles the whole document body as one
    Jinja template on every render; that text is the template's (data goes in only at render
    time), so in a batch it is the same for every department, and compiling it is the largest
    part of rendering a small one."""

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(source) < _STORED_FROM:
                template = super().from_string(source)
            else:
                code = compiled.remembered(
                    "jinja", (source, jinja2.__version__, str(self.autoescape), str(self.keep_trailing_newline),
                              _own_source()),
                    lambda: marshal.dumps(self.compile(source)),
                )
                template = self.template_class.from_code(self, marshal.loads(code), self.make_globals(None), None)
            _remember(self._compiled, source, template)
        return template


@functools.cache
def _own_source() -> bytes:
    """What the stored template work depends on besides its input and the library versions: the
    environment's code (options, sandbox, intercepted operators), this module's, and Python's
    bytecode format."""
    return importlib.util.MAGIC_NUMBER + checked.source_of(env, template_safety, sys.modules[__name__])


@functools.lru_cache(maxsize=1)
def _environment():
    """One environment per process (see CompilingOnce), counting and capping template work."""
    return template_safety.guard(make_environment(CompilingOnce))


def _shipped(profile: LayoutProfile) -> bool:
    return shipped_folder().resolve() in profile.folder.resolve().parents


def _lint_once(template: Path, data: bytes, context: dict) -> None:
    """Lint the template unless these very bytes passed the same lint before (see checked.py):
    the lint costs as much as the render of a small department."""
    key = checked.fingerprint(
        "lint", data, checked.source_of(lint, env), docxtpl.__version__, jinja2.__version__, "\n".join(sorted(context))
    )
    context = {**context, "node": None}  # bound by the assembler before each block (render/assemble.py)
    if checked.passed(key):
        return
    lint_template(template, context, data)
    checked.record(key)


def render_bytes(derived: Derived, template: Path | None = None, profile: LayoutProfile | None = None,
                 kind: str = "", draft: bool = False) -> bytes:
    """The document of `derived` in `profile`'s layout (default: the standard one). `template`
    replaces the profile's Word template; `kind` (部门预算/单位预算) the budget's own. A `draft`
    (data with errors, rendered on --force) says "草稿" in every page header and in its title."""
    profile = _for_document(derived, profile or standard(), kind)
    # A failure of a template we ship is a bug of ours (exit 3); a user's or a bureau's is theirs.
    users = template is not None or not _shipped(profile)
    template = Path(template) if template else profile.template
    data = template_safety.prepare(template)
    built = build_document(derived, profile, kind)
    context = built.context
    context["toc"] = TOC_MARKER
    _lint_once(template, data, context)
    doc = _Template(io.BytesIO(data))
    doc.init_docx()
    assemble.assemble(doc.docx.element.body, profile, built.shown, template.name)
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
    toc_numbers = number_headings(document, paragraphs, profile.numbering)
    build_toc(document, paragraphs, profile.toc, toc_numbers, built.toc_titles, profile.toc_page_numbers)
    budget_profile = derived.budget.profile
    names = [budget_profile.name, *(unit.name for unit in budget_profile.units)]
    page_layout.lay_out_pages(document, draft=draft, names=names)
    title = document_title(budget_profile.name, built.title)
    fix_properties(document, derived.budget.year, DRAFT_TITLE + title if draft else title)
    return _package_bytes(doc)


def assembled_template(derived: Derived, profile: LayoutProfile | None = None, kind: str = "") -> tuple[bytes, dict]:
    """The profile's template with its blocks laid out for this budget, not yet rendered, and
    the context it will be rendered with (for the benchmark's floor and for looking at)."""
    from docx import Document

    profile = _for_document(derived, profile or standard(), kind)
    built = build_document(derived, profile, kind)
    built.context["toc"] = TOC_MARKER
    document = Document(str(profile.template))
    assemble.assemble(document.element.body, profile, built.shown, profile.template.name)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), built.context


def _for_document(derived: Derived, profile: LayoutProfile, kind: str) -> LayoutProfile:
    """The profile as it reads for this document's kind (the caller's, the data's, the profile's)."""
    return profile.for_kind(kind or derived.budget.profile.kind or profile.kind)


def check_profile(profile: LayoutProfile, template: Path | None = None) -> list[Finding]:
    """Lint a profile's Word template as a user template is linted, and check that it has every
    block the outline asks for. (The profile's own files were checked when it was loaded.)"""
    from docx import Document

    template = Path(template) if template else profile.template
    try:
        data = template_safety.prepare(template)  # the checks a user's template gets before opening
    except TemplateProblem as problem:
        return list(problem.findings)
    names = {"dept": None, "blocks": None, "notes": None, "toc": None, "node": None}
    findings = lint_findings(template, names, data)
    if findings:
        return findings
    body = Document(io.BytesIO(data)).element.body
    missing: list[Finding] = []
    for variant in list(profile.variants.values()) or [profile]:  # each document kind's outline
        missing += [f for f in assemble.missing_blocks(body, variant, template.name) if f not in missing]
    return missing


def render_to_file(derived: Derived, out: Path, template: Path | None = None, inputs: tuple = (),
                   profile: LayoutProfile | None = None, kind: str = "", draft: bool = False) -> Path:
    return write_atomic(Path(out), render_bytes(derived, template, profile, kind, draft), *inputs)


# ---- post-processing ----------------------------------------------------------------------------


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


def _style_lookup(document, wanted) -> Callable[[str], str | None]:
    """style name → the first of `wanted` that is the style itself or one it is based on."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.styles.style import BaseStyle

    # python-docx's `style.base_style` finds the base with an XPath over every style (for all
    # styles: O(styles²), 10 ms a document); the same first style of that id, from a map.
    styles = list(document.styles)
    by_id: dict[str | None, BaseStyle] = {}
    for style in styles:
        by_id.setdefault(style.style_id, style)
    bases: dict[str, str | None] = {}
    for style in styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            based_on = style.element.basedOn
            base = by_id.get(based_on.val) if based_on is not None else None
            bases[style.name] = base.name if base is not None else None
    cache: dict[str, str | None] = {}

    def lookup(name: str) -> str | None:
        if name not in cache:
            seen: set[str] = set()
            current: str | None = name
            while current is not None and current not in wanted and current not in seen:
                seen.add(current)
                current = bases.get(current)
            cache[name] = current if current in wanted else None
        return cache[name]

    return lookup


def number_headings(document, paragraphs: list, numbering: Numbering) -> dict[int, tuple[str, str]]:
    """Number headings and table titles in document order, by the profile's formats for their
    Word style (or the style it is based on). A heading resets the count of deeper levels.
    Returns, by id of each numbered paragraph's element, its 目录 number and its bare text."""
    numbered_style = _style_lookup(document, numbering.headings)
    counters: dict[str, int] = {}
    toc_numbers: dict[int, tuple[str, str]] = {}
    for style, paragraph in paragraphs:
        key = numbered_style(style)
        if key is None or not paragraph.text.strip():
            continue
        counters[key] = counters.get(key, 0) + 1
        level = HEADING_LEVELS.get(key)
        if level:
            for deeper, lvl in HEADING_LEVELS.items():
                if lvl > level:
                    counters[deeper] = 0
        formats = numbering.headings[key]
        toc_numbers[id(paragraph._p)] = (format_number(formats.toc, counters[key]), paragraph.text)
        prefix = format_number(formats.heading, counters[key])
        first = next((run for run in paragraph.runs if run.text), None)  # None: text in a field only
        if prefix and first is not None:
            first.text = prefix + first.text
    return toc_numbers


def _field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def build_toc(document, paragraphs: list, levels: dict[str, int],
              numbers: dict[int, tuple[str, str]] | None = None, titles: dict[str, str] | None = None,
              page_numbers: bool = True) -> None:
    """Replace the marker paragraph by the 目录: a TOC field built from TC fields, one at each
    heading of the styles `levels` lists (or styles based on them), carrying its 目录 text (its
    number and its `titles` text, which may differ from the heading's: 上海's “一、部门主要职能”
    over “上海市普陀区财政局主要职能”) and its level.

    The 目录 is built from the TC fields (TOC \\f), not from the headings' styles (\\o, \\t):
    Word and LibreOffice regenerate a TOC when they update it, from what its switches name, so
    only entries carried by the document survive the update with their own text. A heading that
    does not print (上海's “五、部门预算表”, hidden) gives its TC field to the next paragraph that
    prints, so that its entry has that paragraph's page.

    The cached entries carry no page numbers: only a layout knows them, and it is the reader's
    (Word's with the reader's fonts, LibreOffice's with its fallback fonts), so any number written
    here could be wrong there. The document asks Word to update its fields when it is opened
    (w:updateFields), WPS and LibreOffice update the 目录 on request, and the PDF is exported after
    LibreOffice has updated it (budgetauthor/pdf). Without `page_numbers` (a region whose 目录
    prints none) the field says so (\\n) and no reader adds them."""
    marker = next((p for _, p in paragraphs if p.text.strip() == TOC_MARKER), None)
    if marker is None:
        return
    numbers, titles = numbers or {}, titles or {}
    listed = _style_lookup(document, levels)
    styles = page_layout.Styles(document)
    entries: list[tuple[int, str]] = []
    unprinted: list = []  # TC fields of headings that do not print, waiting for a paragraph that does
    for style, p in paragraphs:
        key = listed(style)
        if key is not None and p.text.strip():
            number, bare = numbers.get(id(p._p), ("", p.text))
            entries.append((levels[key], number + titles.get(bare, bare)))
            unprinted += _tc_field(*entries[-1])
            if not styles.prints(p._p):
                continue
        if unprinted and p.text.strip() and styles.prints(p._p):
            _insert_runs(p._p, unprinted)
            unprinted = []
    anchor = marker._p
    toc_styles: dict[int, tuple[bool, str]] = {}  # per level: python-docx finds a style by name with an XPath
    for level, text in entries or [(1, "")]:
        if level not in toc_styles:
            name = f"TOC {level}"
            toc_styles[level] = (True, document.styles[name].style_id) if page_layout.has_style(document, name) else (False, "Normal")
        styled, style_id = toc_styles[level]  # a TOC style indents its level; Normal does not
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), style_id)
        ppr.append(style)
        p.append(ppr)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = ("" if styled else "\u3000\u3000" * (level - 1)) + text
        run.append(t)
        p.append(run)
        anchor.addnext(p)
        anchor = p
    first = marker._p.getnext()
    ppr = first.find(qn("w:pPr"))
    for element in reversed([_field_char("begin"), _instruction_run(_toc_instruction(page_numbers)),
                             _field_char("separate")]):
        ppr.addnext(element)
    anchor.append(_field_char("end"))
    marker._p.getparent().remove(marker._p)
    _update_fields_on_open(document)


TOC_ENTRIES = "C"  # the TC fields' type identifier (Word's default one), named by the TOC field


def _tc_field(level: int, text: str) -> list:
    """The runs of a TC field: the 目录 entry `text` at `level`. Not formatted as hidden text (as
    Word formats the TC fields it inserts): LibreOffice leaves an entry whose field is hidden out of
    the 目录. A TC field has no result, so it prints nothing either way."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return [_field_char("begin"), _instruction_run(f' TC "{quoted}" \\f {TOC_ENTRIES} \\l {level} '),
            _field_char("end")]


def _toc_instruction(page_numbers: bool = True) -> str:
    """The TOC field code: entries from the TC fields (\\f), as hyperlinks (\\h) whose tab leaders
    and page numbers are hidden in Web view (\\z); without page numbers, \\n."""
    return f" TOC \\f {TOC_ENTRIES} \\h \\z " + ("" if page_numbers else "\\n ")


def _instruction_run(code: str):
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = code
    run.append(instr)
    return run


def _insert_runs(paragraph, runs: list) -> None:
    """`runs` at the start of the paragraph's content (after its properties)."""
    ppr = paragraph.find(qn("w:pPr"))
    position = 0 if ppr is None else paragraph.index(ppr) + 1
    for offset, run in enumerate(runs):
        paragraph.insert(position + offset, run)


def _update_fields_on_open(document) -> None:
    """w:updateFields: Word asks, on opening, to update the fields (the 目录's page numbers)."""
    settings = document.settings.element
    flag = settings.find(qn("w:updateFields"))
    if flag is None:
        flag = OxmlElement("w:updateFields")
        after = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
        if after is not None:
            after.addprevious(flag)
        else:
            settings.append(flag)
    flag.set(qn("w:val"), "true")


def document_title(name: str, title: str) -> str:
    """The title in the document's properties (a PDF's title bar): the department's name and the
    cover's title, as one title. A cover title that names the department ("{名称}2025年单位预算")
    is the whole title; one that starts with the department's place ("上海市普陀区2025年区级部门
    预算" for 上海市普陀区财政局) gives the rest after the name, the place not said twice."""
    if name in title:
        return title
    shared = len(os.path.commonprefix([name, title]))
    return name + title[shared:]


def fix_properties(document, year: int, title: str) -> None:
    """Fixed metadata: the same budget always yields the same document properties."""
    core = document.core_properties
    stamp = datetime(year - 1, 12, 31, 0, 0, 0)
    core.created = stamp
    core.modified = stamp
    core.last_printed = stamp
    core.revision = 1
    core.author = "budgetauthor"
    core.last_modified_by = "budgetauthor"
    core.title = title


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps and order so identical input → identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip({name: source.read(name) for name in source.namelist()})


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        ordered = ["[Content_Types].xml"] + sorted(n for n in members if n != "[Content_Types].xml")
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, members[name])
    return out.getvalue()


class _Members:
    """Where python-docx's package writer puts each part when it is given this instead of a zip."""

    def __init__(self):
        self.data: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.data[pack_uri.membername] = blob

    def close(self) -> None:
        pass


def _package_bytes(doc: DocxTemplate) -> bytes:
    """The deterministic package of the rendered document. Saving it with python-docx compressed
    every part only for deterministic_zip to read it back and compress it again (30 ms for a
    large department): python-docx's package writer (what `save` does, step by step) hands the
    parts over here instead. docxtpl's picture and media replacements happen in its own save."""
    if doc.pics_to_replace or doc.crc_to_new_media or doc.crc_to_new_embedded or doc.zipname_to_replace:
        buffer = io.BytesIO()
        doc.save(buffer)
        return deterministic_zip(buffer.getvalue())
    package = doc.docx.part.package
    for part in package.parts:
        part.before_marshal()
    members = _Members()
    writer = cast(PhysPkgWriter, members)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    return _zip(members.data)
