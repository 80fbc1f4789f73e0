"""The tables of the document, as `budgetauthor render` prints them, without writing a document.

They are built from what the renderer builds them from: the profile's outline and Word template,
and the context of render/context.py. The template's blocks are laid out in the outline's order
(render/assemble.py) and reduced to their text, a "skeleton": each body paragraph becomes a
record (style, text), each table a record of rows of cells (text, span, vertical merge), and
docxtpl's paragraph, row and cell tags ({%p …%}, {%tr …%}, {%tc …%}) become plain Jinja
statements where docxtpl would put them. One Jinja render of the skeleton with the render's
context then gives every paragraph and table of the document in order; the headings and table
titles are numbered by the renderer's own numbering. So a table is exported exactly as the
document prints it, whatever a bureau changed in its template, and a figure the document shows
blank (a zero a layout leaves blank) is blank here too.

Every table figure is tagged when the context formats it (a private-use character pair around
its index), so each cell is known to be a figure or not, and the figure's exact value, in the
table's unit, is kept beside the printed one.

    from budgetauthor.exchange.document_tables import document_tables
    for table in document_tables(derived, profile, kind).tables:
        table.title, table.header, table.rows      # "表5　一般公共预算支出表", …
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..derive import Derived
from ..money import in_unit
from ..profiles import LayoutProfile, OutlineNode, shipped_folder, standard
from ..render import assemble, template_safety
from ..render.context import ContextBuilder
from ..render.engine import TOC_MARKER, CompilingOnce, number_headings, styled_paragraphs
from ..render.env import NamedUndefined, wrap

# Record marks in the rendered skeleton. Control characters: wrap() strips them from every value
# of the context, and Word's XML cannot hold them, so only the skeleton itself writes them.
RECORD, FIELD, PARAGRAPH = "\x1c", "\x1d", "\x1e"
# A figure's tag: private-use characters around its index in the list of formatted figures.
FIGURE = re.compile("\ue000(\\d+)\ue001")

# docxtpl replaces a whole paragraph (row, cell) holding a {%p …%} ({%tr …%}, {%tc …%}) tag by
# the tag's statement.
_STATEMENT = re.compile(r"\{%p\s+(.*?)\s*%\}", re.DOTALL)
_ROW_TAG = re.compile(r"\{%tr\s+(.*?)\s*%\}", re.DOTALL)
_CELL_TAG = re.compile(r"\{%tc\s+(.*?)\s*%\}", re.DOTALL)
_SET_NODE = re.compile(r"^\s*set\s+node\s*=\s*blocks\[\s*'([^']*)'\s*\]\s*$")
_TAG_INSIDE = re.compile(r"(?<=\{[{%])(.*?)(?=[}%]\})", re.DOTALL)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_BLOCK_REFERENCE = re.compile(r"blocks(?:\.(\w+)|\[\s*['\"]([^'\"]+)['\"]\s*\])")
_VARIABLE = re.compile(r"\{\{\s*[\w\[\]'\".]*?\.?(\w+)\s*(?:\[\s*\d+\s*\])?\s*(?:\|[^}]*)?\}\}")


@dataclass
class Figure:
    printed: str
    exact: Decimal  # in the table's unit, unrounded


@dataclass
class DocumentTable:
    """One table of the document: its header rows and body rows as grids of cell text (a merged
    cell's text in every grid column it covers, as python-docx reads it), the figure behind
    each body cell that prints one, and which template variable fills each column."""

    node: OutlineNode
    title: str  # as printed, numbered: "表5　一般公共预算支出表"
    bare_title: str  # the outline's title, filled: "一般公共预算支出表"
    unit: str  # the table's money unit: 万元 or 元
    header: list[list[str]]
    rows: list[list[str]]
    figures: list[list[Figure | None]]
    variables: list[str]  # per grid column: the row variable its body cells print ("code", "total"…), or ""
    empty_note: str = ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.header + self.rows), default=0)


# ---- the context, with its figures tagged ---------------------------------------------------------


class _Tagging(ContextBuilder):
    """The renderer's context builder, whose table figures come out tagged (see the module doc).
    With `keep_zeros`, zeros a layout leaves blank are formatted (and tagged) too."""

    def __init__(self, derived: Derived, profile: LayoutProfile | None, kind: str, keep_zeros: bool = False):
        self.figures: list[Figure] = []
        self.keep_zeros = keep_zeros
        self.blanked = 0  # zeros left blank
        super().__init__(derived, profile, kind)

    def money(self, unit: str, blank_zeros=False, *args, **kwargs):
        shown = super().money(unit, False if self.keep_zeros else blank_zeros, *args, **kwargs)

        def tagged(value: Decimal, *rest) -> str:
            printed = shown(value, *rest)
            if not printed:  # a blank zero stays blank, so a template's `if` sees it as the renderer's does
                self.blanked += 1
                return printed
            self.figures.append(Figure(printed, in_unit(value, unit)))
            return f"\ue000{len(self.figures) - 1}\ue001"

        tagged.is_zero = shown.is_zero  # type: ignore[attr-defined]  # asked of a table's figures
        return tagged


# ---- the skeleton -------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """What docxtpl does to a tag's inside: Word's curly quotes become straight ones."""
    return _TAG_INSIDE.sub(lambda m: m.group(1).translate(_QUOTES), text)


def _paragraph_text(p) -> str:
    return _clean(p.text)


def _style(p) -> str:
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


class _Skeleton:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.variables: list[list[list[str]]] = []  # per table: per body template row, its cells' variables

    def body(self, elements) -> str:
        for element in elements:
            self.element(element)
        return "".join(self.parts)

    def element(self, element) -> None:
        if element.tag == qn("w:p"):
            self.paragraph(element)
        elif element.tag == qn("w:tbl"):
            self.table(element)
        elif element.tag == qn("w:sdt"):  # a content control (a 目录 field…): its tags still count
            content = element.find(qn("w:sdtContent"))
            for child in content if content is not None else ():
                self.statements_only(child)

    def statements_only(self, element) -> None:
        for p in element.iter(qn("w:p")):
            found = _STATEMENT.search(_paragraph_text(p))
            if found:
                self.parts.append("{% " + found.group(1) + " %}")

    def paragraph(self, p) -> None:
        text = _paragraph_text(p)
        found = _STATEMENT.search(text)
        if found:
            statement = found.group(1)
            self.parts.append("{% " + statement + " %}")
            node = _SET_NODE.match(statement)
            if node:
                self.parts.append(f"{RECORD}N{node.group(1)}")
            return
        self.parts.append(f"{RECORD}P{_style(p)}{FIELD}{text}")

    def table(self, tbl) -> None:
        # Which template table this is (a loop repeats one), and the outline node it prints when a
        # template without blocks names it itself ({{ blocks.summary.rows }}).
        named = _BLOCK_REFERENCE.search("".join(_paragraph_text(p) for p in tbl.iter(qn("w:p"))))
        node = (named.group(1) or named.group(2)) if named else ""
        self.parts.append(f"{RECORD}T{len(self.variables)}{FIELD}{node}")
        body_rows: list[list[str]] = []
        for tr in tbl.iter(qn("w:tr")):
            if tr.getparent() is not tbl:
                continue  # a table nested in a cell is part of that cell, not of this grid
            text = "".join(_paragraph_text(p) for p in tr.iter(qn("w:p")))
            row_tag = _ROW_TAG.search(text)
            if row_tag:
                self.parts.append("{% " + row_tag.group(1) + " %}")
                continue
            templated = "{{" in text or "{%" in text
            self.parts.append(f"{RECORD}R{'b' if templated else 'h'}")
            variables = []
            for tc in tr.findall(qn("w:tc")):
                span, merge = _span(tc)
                cell_text = "".join(_paragraph_text(p) for p in tc.findall(qn("w:p")))
                cell_tag = _CELL_TAG.search(cell_text)
                if cell_tag:
                    self.parts.append("{% " + cell_tag.group(1) + " %}")
                    continue
                self.parts.append(f"{RECORD}C{span},{merge}{FIELD}")
                for p in tc.findall(qn("w:p")):
                    ptext = _paragraph_text(p)
                    found = _STATEMENT.search(ptext)
                    self.parts.append("{% " + found.group(1) + " %}" if found else ptext + PARAGRAPH)
                found_variable = _VARIABLE.search(cell_text)
                variables += [found_variable.group(1) if found_variable else ""] * span
            if templated:
                body_rows.append(variables)
        self.parts.append(f"{RECORD}E")
        self.variables.append(body_rows)


def _span(tc) -> tuple[int, str]:
    tcpr = tc.find(qn("w:tcPr"))
    span, merge = 1, ""
    if tcpr is not None:
        grid = tcpr.find(qn("w:gridSpan"))
        if grid is not None:
            span = int(grid.get(qn("w:val")) or 1)
        vmerge = tcpr.find(qn("w:vMerge"))
        if vmerge is not None:
            merge = vmerge.get(qn("w:val")) or "continue"
    return span, merge


# ---- reading the rendered skeleton ----------------------------------------------------------------


@dataclass
class _Paragraph:
    style: str
    text: str
    node: str
    numbered: str = ""


@dataclass
class _Table:
    node: str
    index: int  # which table of the template it is a copy of (its template variables)
    after: int  # how many body paragraphs come before it
    rows: list[tuple[bool, list[tuple[str, int, str]]]] = field(default_factory=list)  # (header?, cells)


def _records(text: str) -> Iterator[tuple[str, str]]:
    for record in text.split(RECORD)[1:]:
        yield record[:1], record[1:]


def _read(text: str) -> tuple[list[_Paragraph], list[_Table]]:
    paragraphs: list[_Paragraph] = []
    tables: list[_Table] = []
    node, current = "", None
    for kind, rest in _records(text):
        if kind == "N":
            node = rest
        elif kind == "P":
            style, _, body = rest.partition(FIELD)
            paragraphs.append(_Paragraph(style, body, node))
        elif kind == "T":
            index, _, named = rest.partition(FIELD)
            current = _Table(node or named, int(index), len(paragraphs))
        elif kind == "R" and current is not None:
            current.rows.append((rest.startswith("h"), []))
        elif kind == "C" and current is not None and current.rows:
            shape, _, body = rest.partition(FIELD)
            span, merge = shape.split(",")
            lines = body.split(PARAGRAPH)
            current.rows[-1][1].append(("\n".join(lines[:-1] if len(lines) > 1 else lines), int(span), merge))
        elif kind == "E" and current is not None:
            tables.append(current)
            current = None
    return paragraphs, tables


def _grid(rows: list[list[tuple[str, int, str]]]) -> list[list[str]]:
    """Cell texts per grid column, as python-docx reads a table: a cell spanning columns repeats
    its text in each, a vertically merged cell shows the text of the cell it continues."""
    grid: list[list[str]] = []
    for cells in rows:
        out: list[str] = []
        for text, span, merge in cells:
            if merge == "continue" and grid:
                above = grid[-1]
                text = above[len(out)] if len(out) < len(above) else ""
            out += [text] * span
        grid.append(out)
    return grid


# ---- the document's tables ------------------------------------------------------------------------


@dataclass
class DocumentData:
    title: str  # "曾都区政务服务和大数据管理局2024年部门预算"
    kind: str  # 部门预算 or 单位预算
    profile: LayoutProfile
    tables: list[DocumentTable]


FRAME_BLOCKS = ("cover", "toc")  # their tables, if a template has any, only lay the page out


def document_tables(derived: Derived, profile: LayoutProfile | None = None, kind: str = "") -> DocumentData:
    """Every table of the document `render_bytes(derived, profile=profile, kind=kind)` writes, in
    its order: the budget tables (the outline's `table:` nodes) and the performance-target tables
    of the blocks that print them; not a table laying out the cover or the 目录.

    Where the layout leaves zeros blank, a second pass with every zero printed tells which blank
    cells are figures (a column of zeros is still a column of amounts)."""
    profile = profile or standard()
    data = template_safety.prepare(_Tagging(derived, profile, kind).profile.template)
    printed = _Pass(derived, profile, kind, data)
    typed = printed
    if printed.builder.blanked:
        typed = _Pass(derived, profile, kind, data, keep_zeros=True)
        if not typed.same_shape(printed):  # a template that tests a figure: keep what the printed pass knows
            typed = printed
    layout = printed.builder.profile  # as the builder reads it for this document's kind
    nodes = {n.id: n for n in layout.nodes()}
    out = []
    previous = 0
    for printed_table, typed_table in zip(printed.tables, typed.tables):
        node = nodes.get(printed_table.node)
        if node is not None and node.block not in FRAME_BLOCKS:
            before = printed.paragraphs[previous: printed_table.after]
            out.append(_document_table(printed_table, typed_table, node, before, printed, typed, layout))
        previous = printed_table.after
    b, kind_name = derived.budget, printed.built.context["dept"]["kind"]
    return DocumentData(f"{b.profile.name}{b.year}年{kind_name}", kind_name, layout, out)


class _Pass:
    """One rendering of the skeleton: the context, and the paragraphs and tables it gives."""

    def __init__(self, derived: Derived, profile: LayoutProfile, kind: str, data: bytes, keep_zeros: bool = False):
        self.builder = _Tagging(derived, profile, kind, keep_zeros)
        layout = self.builder.profile
        self.built = self.builder.build()
        document = Document(io.BytesIO(data))
        body = document.element.body
        assemble.assemble(body, layout, self.built.shown, layout.template.name)
        skeleton = _Skeleton()
        source = skeleton.body([e for e in body if e.tag != qn("w:sectPr")])
        self.variables = skeleton.variables
        rendered = _render(source, {**self.built.context, "toc": TOC_MARKER}, layout)
        self.paragraphs, self.tables = _read(rendered)
        if not keep_zeros:
            _number(document, self.paragraphs, layout, self.builder.figures)

    def same_shape(self, other: _Pass) -> bool:
        def shape(p: _Pass) -> list:
            return [(t.node, [len(cells) for _, cells in t.rows]) for t in p.tables]
        return shape(self) == shape(other)


@functools.lru_cache(maxsize=1)
def _environment():
    """The skeleton's text is the template's, the same for every department: compiled once, and
    kept between runs like the renderer's (render/compiled.py)."""
    return template_safety.guard(CompilingOnce(autoescape=False, undefined=NamedUndefined,
                                               keep_trailing_newline=False))


def _render(source: str, context: dict, profile: LayoutProfile) -> str:
    environment = _environment()
    context = wrap(context)
    try:
        with template_safety.limits(context):
            return environment.from_string(source).render(context)
    except Exception as exc:  # noqa: BLE001 - a user's template is the user's (exit 1), ours a bug
        shipped = shipped_folder().resolve() in profile.folder.resolve().parents
        if shipped and not isinstance(exc, template_safety.RenderLimit):
            raise
        raise template_safety.problem(exc, None, profile.template) from exc


def _number(document, paragraphs: list[_Paragraph], profile: LayoutProfile, figures: list[Figure]) -> None:
    """Number the headings and table titles as the renderer does: its own numbering, run over
    paragraphs of the same styles and texts in the same order."""
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    for element in list(body):
        if element is not final:
            body.remove(element)
    for paragraph in paragraphs:
        p = OxmlElement("w:p")
        if paragraph.style:
            ppr = OxmlElement("w:pPr")
            style = OxmlElement("w:pStyle")
            style.set(qn("w:val"), paragraph.style)
            ppr.append(style)
            p.append(ppr)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = _printed(paragraph.text, figures)
        run.append(t)
        p.append(run)
        final.addprevious(p) if final is not None else body.append(p)
    styled = styled_paragraphs(document)
    number_headings(document, styled, profile.numbering)
    for paragraph, element in zip(paragraphs, body.iterchildren(qn("w:p"))):
        # the run's text, now with its number (read off its w:t: python-docx's text walks every run kind by XPath)
        paragraph.numbered = "".join(element.itertext(qn("w:t")))


def _document_table(table: _Table, typed_table: _Table, node: OutlineNode, before: list[_Paragraph],
                    printed: _Pass, typed: _Pass, profile: LayoutProfile) -> DocumentTable:
    """`before`: the paragraphs between the previous table and this one; `typed_table`: the same
    table with every zero printed (the figures behind the cells)."""
    entry = printed.built.context["blocks"].get(node.id, {})
    figures = printed.builder.figures
    own = [p for p in before if p.node in (table.node, "") and p.text.strip()]  # "": a template without blocks
    if node.table is not None:  # a budget table: its title is the outline's, numbered
        bare = entry.get("title", "")
        title = next((p.numbered for p in reversed(own) if p.text.strip() == bare), bare)
    else:  # a table of a block (a project's performance targets): the paragraph that heads it
        heading = own[-1] if own else None
        bare = _printed(heading.text, figures) if heading else ""
        title = heading.numbered if heading else bare
    header_count = next((i for i, (is_header, _) in enumerate(table.rows) if not is_header), len(table.rows))
    grid = _grid([cells for _, cells in table.rows])
    typed_grid = _grid([cells for _, cells in typed_table.rows])
    kept = [i for i in range(header_count, len(grid)) if any(c.strip() for c in grid[i])]
    width = max((len(r) for r in grid), default=0)
    columns = [""] * width
    for template_row in printed.variables[table.index]:
        for j, name in enumerate(template_row[:width]):
            columns[j] = columns[j] or name
    return DocumentTable(
        node=node, title=title.strip(), bare_title=bare.strip(), unit=node.params.get("unit", profile.money.tables),
        header=grid[:header_count], rows=[[_printed(c, figures) for c in grid[i]] for i in kept],
        figures=[[_figure(c, typed.builder.figures) for c in typed_grid[i]] for i in kept], variables=columns,
        empty_note=FIGURE.sub("", entry.get("empty_note", "")) if not kept else "",
    )


def _printed(text: str, figures: list[Figure]) -> str:
    return FIGURE.sub(lambda m: figures[int(m.group(1))].printed, text)


def _figure(text: str, figures: list[Figure]) -> Figure | None:
    """The figure a cell prints, when the cell is that figure and nothing else."""
    found = FIGURE.fullmatch(text.strip())
    return figures[int(found.group(1))] if found else None

