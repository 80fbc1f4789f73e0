"""Page layout of the rendered document: what a reviewer checks page by page.

Done after rendering, on whatever the profile's template and outline produced, so every layout
gets it (standard, hubei's reordered parts, a bureau's own template):

- the front matter (cover, 目录: everything before the first part's heading) is a section of its
  own without page numbers; numbering starts at 1 on the first page of the first part, and every
  later section carries its footer explicitly (it no longer inherits it from the front matter);
- tables stay with what introduces them: the paragraph leading into a table's title keeps with
  it, a group row (a 类 over its 款, a unit over its projects) keeps with the row it heads, a
  table's last rows (its 合计 and the three before it) stay on one page, and its last row keeps
  with the table's note but with nothing else that follows;
- a part's last page is never one or two lines: the paragraphs that end a part (before a page
  that starts by design, or the document's end) keep together until they make four lines;
- a heading that would wrap leaving one or two characters alone on its last line, and a centred
  title that wraps at all, is broken where its words allow into two lines of balanced length
  (GB/T 9704: 标题回行时词意完整、排列对称);
- a draft (rendered with --force despite errors) says so in the header of every page.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn as _qn
from docx.styles import BabelFish
from lxml import etree

qn = functools.cache(_qn)  # a document has thousands of rows: look each tag up once
# XPath where a document has thousands of them: lxml answers without making python-docx's element
# objects for every step
_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_STYLE_ID = etree.XPath("string(w:pPr/w:pStyle/@w:val)", namespaces=_W)

DRAFT_MARK = "草稿（数据存在错误，不能作为正式公开文件）"
DRAFT_STYLES = ("草稿标记", "Header")  # the first the template has

_REFERENCES = (qn("w:headerReference"), qn("w:footerReference"))
# w:sectPr children that come after w:pgNumType (ECMA-376 CT_SectPr sequence)
_AFTER_PAGE_NUMBERS = tuple(qn(f"w:{tag}") for tag in (
    "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
    "docGrid", "printerSettings", "sectPrChange"))
# w:pPr children that come after w:keepNext
_AFTER_KEEP_NEXT = tuple(qn(f"w:{tag}") for tag in (
    "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr",
    "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))


# ---- reading paragraph properties through the style chain --------------------------------------


class Styles:
    """Paragraph properties as Word resolves them: the paragraph's own, else its style's, else the
    style it is based on…"""

    def __init__(self, document):
        self._styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iterchildren(qn("w:style"))}
        default = next((s for s in self._styles.values()
                        if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        self.default_id = default.get(qn("w:styleId")) if default is not None else None
        self._names = {sid: BabelFish.internal2ui(s.find(qn("w:name")).get(qn("w:val")))
                       for sid, s in self._styles.items() if s.find(qn("w:name")) is not None}
        self._cache: dict[tuple, object] = {}
        self._chain_names: dict[str | None, list[str]] = {}

    def style_of(self, paragraph) -> str | None:
        return str(_STYLE_ID(paragraph)) or self.default_id

    def chain(self, style_id: str | None) -> list:
        """The style and the styles it is based on, nearest first."""
        out, seen = [], set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def names(self, paragraph) -> list[str]:
        """Names of the paragraph's style and of the styles it is based on."""
        style_id = self.style_of(paragraph)
        if style_id not in self._chain_names:
            self._chain_names[style_id] = [self._names.get(s.get(qn("w:styleId")), "") for s in self.chain(style_id)]
        return self._chain_names[style_id]

    def _style_value(self, style_id: str | None, path: str, attribute: str | None):
        key = (style_id, path, attribute)
        if key not in self._cache:
            value = None
            for style in self.chain(style_id):
                found = style.find(path)
                if found is not None:
                    value = found if attribute is None else found.get(qn(attribute))
                    break
            self._cache[key] = value
        return self._cache[key]

    def flag(self, paragraph, tag: str) -> bool:
        """An on/off paragraph property (keepNext, pageBreakBefore…), direct or from the style."""
        ppr = paragraph.find(qn("w:pPr"))
        own = ppr.find(qn(f"w:{tag}")) if ppr is not None else None
        found = own if own is not None else self._style_value(self.style_of(paragraph), f"{qn('w:pPr')}/{qn(f'w:{tag}')}", None)
        return _on(found)

    def prints(self, paragraph) -> bool:
        """Whether any of the paragraph's text prints (not all of it hidden, w:vanish, by its runs
        or its style)."""
        vanish = f"{qn('w:rPr')}/{qn('w:vanish')}"
        styled = _on(self._style_value(self.style_of(paragraph), vanish, None))
        for run in paragraph.iterchildren(qn("w:r")):
            if run.find(qn("w:t")) is None:
                continue
            own = run.find(vanish)
            if not (_on(own) if own is not None else styled):
                return True
        return False

    def value(self, paragraph, path: str, attribute: str) -> str | None:
        """A paragraph or run property's value (path below the style element, e.g. w:rPr/w:sz)."""
        own = paragraph.find(path)
        if own is not None and own.get(qn(attribute)) is not None:
            return own.get(qn(attribute))
        return self._style_value(self.style_of(paragraph), path, attribute)


def _on(flag) -> bool:
    """An on/off property element (w:vanish, w:keepNext…): on unless w:val says otherwise."""
    return flag is not None and flag.get(qn("w:val"), "true") not in ("0", "false", "off")


def set_keep_next(paragraph, keep: bool) -> None:
    _set_flag(paragraph, "keepNext", _AFTER_KEEP_NEXT, keep)


def _set_flag(paragraph, tag: str, successors: tuple[str, ...], on: bool = True) -> None:
    """Set the paragraph's own on/off property `tag` (w:keepNext…), placed before `successors`."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    flag = ppr.find(qn(f"w:{tag}"))
    if flag is None:
        flag = OxmlElement(f"w:{tag}")
        _insert_before(ppr, flag, successors)
    if on:
        flag.attrib.pop(qn("w:val"), None)
    else:
        flag.set(qn("w:val"), "0")


def _insert_before(parent, element, successors: tuple[str, ...]) -> None:
    after = next((child for child in parent if child.tag in successors), None)
    if after is None:
        parent.append(element)
    else:
        after.addprevious(element)


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


# ---- sections: front matter, page numbers, footers ----------------------------------------------


def _section_properties(body) -> list:
    """Every w:sectPr in document order (the body's own last)."""
    found = [p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in body.iterchildren(qn("w:p"))]
    final = body.find(qn("w:sectPr"))
    return [s for s in found if s is not None] + ([final] if final is not None else [])


def _make_references_explicit(sections: list) -> None:
    """Word lets a section without a header/footer reference inherit the previous section's; write
    every inherited reference out, so that changing one section (the front matter's footer)
    changes no other."""
    current: dict[tuple[str, str], object] = {}
    for sect in sections:
        own = {(r.tag, r.get(qn("w:type"))): r for r in sect if r.tag in _REFERENCES}
        for key, reference in current.items():
            if key not in own:
                sect.insert(0, copy.deepcopy(reference))
        current.update(own)
    for sect in sections:  # headers before footers (the schema's order)
        references = [r for r in sect if r.tag in _REFERENCES]
        for r in references:
            sect.remove(r)
        for r in sorted(references, key=lambda r: (r.tag != qn("w:headerReference"), r.get(qn("w:type")) or "")):
            sect.insert(len([c for c in sect if c.tag in _REFERENCES]), r)


def number_pages_from_first_part(document, styles: Styles) -> None:
    """Cover and 目录 in a section of their own without footer; page 1 is the first part's first."""
    body = document.element.body
    first = next((p for p in body.iterchildren(qn("w:p"))
                  if "Heading 1" in styles.names(p) and _text(p).strip()), None)
    if first is None:
        return
    sections = _section_properties(body)
    _make_references_explicit(sections)
    before = first.getprevious()
    if before is None:
        return
    own = _section_properties(body)
    governing = next((s for s in own if _follows(s, first)), None)
    if governing is None:
        return
    if before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:  # cover and 目录 share the part's section
        front = copy.deepcopy(governing)
        front.attrib.clear()  # revision ids of the template's section
        for pg in front.findall(qn("w:pgNumType")):
            front.remove(pg)
        breaker = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(front)
        breaker.append(ppr)
        first.addprevious(breaker)
    for sect in _section_properties(body):
        if sect is governing:
            break
        for reference in sect.findall(qn("w:footerReference")):
            sect.remove(reference)
    for kind in governing.findall(qn("w:type")):
        if kind.get(qn("w:val")) in ("continuous", "nextColumn"):
            governing.remove(kind)  # the first part starts a page
    restart = governing.find(qn("w:pgNumType"))
    if restart is None:
        restart = OxmlElement("w:pgNumType")
        _insert_before(governing, restart, _AFTER_PAGE_NUMBERS)
    restart.set(qn("w:start"), "1")


def _follows(sect, paragraph) -> bool:
    """Whether the section `sect` ends at or after `paragraph` (so governs it if it is the first)."""
    holder = sect.getparent()
    if holder.tag == qn("w:body"):
        return True
    holder = holder.getparent()  # the paragraph whose pPr holds the sectPr
    return holder is paragraph or any(following is holder for following in paragraph.itersiblings())


# ---- a draft says so on every page --------------------------------------------------------------


def mark_draft(document) -> None:
    """"草稿…" at the top of the header of every section, first-page and even-page headers
    included; a section without any header gets one (later sections inherit it)."""
    even = document.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    style = next((name for name in DRAFT_STYLES if has_style(document, name)), None)
    marked: set[int] = set()
    for index, section in enumerate(document.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if even:
            headers.append(section.even_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                if index:
                    continue  # inherits a header marked before
                header.is_linked_to_previous = False
            part = header.part
            if id(part) in marked:
                continue
            marked.add(id(part))
            _add_mark(header, style)
    _make_references_explicit(_section_properties(document.element.body))  # every section names its header


def _add_mark(header, style: str | None) -> None:
    paragraphs = header.paragraphs
    if paragraphs and not paragraphs[0].text.strip() and len(paragraphs) == 1:
        mark = paragraphs[0]
    else:
        mark = paragraphs[0].insert_paragraph_before() if paragraphs else header.add_paragraph()
    if style:
        mark.style = style
    mark.add_run(DRAFT_MARK)


def has_style(document, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


# ---- tables stay with what introduces them ------------------------------------------------------


def keep_tables_together(document, styles: Styles) -> None:
    header_flag = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
    for table in document.element.body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        if not rows:
            continue
        body_rows = [r for r in rows if r.find(header_flag) is None]
        shapes = [_shape(r) for r in body_rows]
        for row, mine, theirs in zip(body_rows, shapes, shapes[1:]):
            if _heads_group(mine, theirs):
                for p in row.iter(qn("w:p")):
                    set_keep_next(p, True)
        for row in body_rows[-TAIL_ROWS:-1]:
            for p in row.iter(qn("w:p")):
                set_keep_next(p, True)
        with_note = _is_note(table.getnext(), styles)
        for p in rows[-1].iter(qn("w:p")):
            if with_note:
                set_keep_next(p, True)
            elif styles.flag(p, "keepNext"):
                set_keep_next(p, False)
        if table.getparent().tag == qn("w:body"):
            _keep_lead_in(table, styles)


TAIL_ROWS = 4  # a table's last rows that share a page: its 合计 never alone or with a row or two
NOTE_STYLES = ("表注",)  # a table's note ("注：本表…") is printed under the table's last row


def _is_note(element, styles: Styles) -> bool:
    """Whether `element` is a table note that prints (a paragraph in a note style with text) and
    keeps with nothing itself (so keeping the table's last row with it chains no further)."""
    return (element is not None and element.tag == qn("w:p") and _text(element).strip() != ""
            and any(name in NOTE_STYLES for name in styles.names(element)) and not styles.flag(element, "keepNext"))


_CODE = re.compile(r"^[0-9A-Za-z]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")


_CELLS = etree.XPath("w:tc", namespaces=_W)
_STRING = etree.XPath("string(.)")  # a cell's text without a Python object per run: tables are long


def _shape(row) -> tuple[str, int]:
    """What places a row in its table's hierarchy: its code and the indent of its label (the first
    cell with Chinese text). The code is the first cell's, or, where a layout prints it over
    several cells before the label (上海: 类 | 款 | 项), those cells' codes run together."""
    codes: list[str] = []
    indent = 0
    for cell in _CELLS(row):
        content = str(_STRING(cell))
        if _CJK.search(content):
            indent = len(content) - len(content.lstrip(" \u3000"))
            return "".join(codes) if all(_CODE.match(c) or not c for c in codes) else codes[0], indent
        codes.append(content.strip())
    return (codes[0] if codes else ""), indent


def _heads_group(mine: tuple[str, int], theirs: tuple[str, int]) -> bool:
    """A row heads a group when the next row sits under it: its code extends the row's (201 →
    20101) or its label is indented deeper (a unit over its categories, a category over its projects)."""
    (code, indent), (next_code, next_indent) = mine, theirs
    if _CODE.match(code) and _CODE.match(next_code) and len(next_code) > len(code) and next_code.startswith(code):
        return True
    return next_indent > indent




def _keep_lead_in(table, styles: Styles) -> None:
    """The paragraph that leads into a table's title ("绩效指标：见下表。") keeps with it, unless the
    title starts a page anyway."""
    chain = []
    previous = table.getprevious()
    while previous is not None and previous.tag == qn("w:p") and styles.flag(previous, "keepNext"):
        if styles.flag(previous, "pageBreakBefore") or previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            return
        chain.append(previous)
        previous = previous.getprevious()
    if not chain or previous is None or previous.tag != qn("w:p") or not _text(previous).strip():
        return
    if previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
        return
    set_keep_next(previous, True)


# ---- a part's last page -------------------------------------------------------------------------

PART_END_LINES = 4  # lines of a part at least on its last page
_WHOLE = 2 * PART_END_LINES  # a paragraph of up to this many lines moves whole rather than split


def keep_part_ends_together(document, styles: Styles) -> None:
    """The paragraphs that end a part (those before a paragraph that starts a page by design — a
    part's or a table's title with page break before, a new section — or before the document's
    end) keep together until they make PART_END_LINES lines, each kept whole when short: a part
    never ends with a line or two alone on its last page. A table ends the walk (its own last
    rows keep together)."""
    body = document.element.body
    widths = dict(_paragraphs_with_text_width(body))
    children = [c for c in body.iterchildren() if c.tag in (qn("w:p"), qn("w:tbl"))]
    starts = {id(p) for p in page_starts(document, styles)}
    for index, child in enumerate(children):
        if index and id(child) in starts:
            _keep_closing(children, index, styles, widths)
    _keep_closing(children, len(children), styles, widths)


def page_starts(document, styles: Styles | None = None) -> list:
    """The body paragraphs that start a page by design: with page break before (a part's or, in
    some layouts, a table's title) or a page break first, or first after a section break."""
    styles = styles or Styles(document)
    found, after_section = [], False
    for child in document.element.body.iterchildren(qn("w:p"), qn("w:tbl")):
        if child.tag == qn("w:p") and (after_section or _starts_page(child, styles)):
            found.append(child)
        after_section = _ends_section(child)
    return found


def _starts_page(paragraph, styles: Styles) -> bool:
    if styles.flag(paragraph, "pageBreakBefore") and styles.prints(paragraph):
        return True
    first = next((r for r in paragraph.iterchildren(qn("w:r")) if r.find(qn("w:t")) is not None
                  or r.find(qn("w:br")) is not None), None)
    br = first.find(qn("w:br")) if first is not None else None
    return br is not None and br.get(qn("w:type")) == "page"


def _ends_section(element) -> bool:
    """Whether `element` is a paragraph closing a section whose successor starts a page."""
    sect = element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if element.tag == qn("w:p") else None
    if sect is None:
        return False
    following = element.getnext()  # the next section's type is in its own sectPr: look for it
    while following is not None:
        found = following.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if following.tag == qn("w:p") else None
        if following.tag == qn("w:sectPr"):
            found = following
        if found is not None:
            kind = found.find(qn("w:type"))
            return kind is None or kind.get(qn("w:val")) not in ("continuous", "nextColumn")
        following = following.getnext()
    return True


def _keep_closing(children: list, end: int, styles: Styles, widths: dict) -> None:
    """Keep the last paragraphs before children[end] together until they make PART_END_LINES
    lines (read backwards from there: no copy of the body per page start)."""
    chain: list[tuple[Any, int]] = []
    lines = 0
    for element in (children[i] for i in range(end - 1, -1, -1)):
        if element.tag != qn("w:p") or lines >= PART_END_LINES:
            break
        count = _line_count(element, styles, widths.get(element, 442.0))
        if not chain and not count:
            continue  # a hidden or empty paragraph at the end: the chain ends before it
        chain.append((element, count))
        if count > _WHOLE:
            lines += 2  # split, widow control leaves it two lines at least
        else:
            lines += count
        if _starts_page(element, styles):
            break  # the part is this short: it is on its page whole
    for position, (paragraph, count) in enumerate(chain):
        if position:  # the one before the last keeps with it…
            set_keep_next(paragraph, True)
        if 1 < count <= _WHOLE:
            _set_flag(paragraph, "keepLines", _AFTER_KEEP_LINES)


def _line_count(paragraph, styles: Styles, width: float) -> int:
    """Lines the paragraph prints, estimated from its text's width in ems (0: prints nothing)."""
    if not styles.prints(paragraph):
        return 0
    text = _text(paragraph)
    if not text.strip():  # a spacer, or a picture (a seal)
        return 0 if paragraph.find(f".//{qn('w:drawing')}") is None else PART_END_LINES
    size = _font_size(styles, paragraph)
    first_indent, indent = _indents(styles, paragraph, size)
    capacity = max((width - indent) / size, 1.0)
    breaks = [b for b in paragraph.iter(qn("w:br")) if b.get(qn("w:type")) in (None, "textWrapping")]
    return len(_greedy_lines(text, capacity - first_indent / size, capacity)) + len(breaks)


_AFTER_KEEP_LINES = _AFTER_KEEP_NEXT[1:]  # w:pPr children after w:keepLines


# ---- headings that wrap -------------------------------------------------------------------------

BALANCED_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "表标题", "绩效表标题", "封面标题", "Title")
_NO_LINE_START = set("，。、；：？！）》」』”’%‰．,.;:?!)]}")
_ALONE = 2  # a last line of this many characters or fewer is a widow
_SAFETY = 1.0  # ems: our estimate of a line's width may be short by this much


def balance_headings(document, styles: Styles, names: Iterable[str] = ()) -> None:
    """Break a heading that would leave one or two characters alone on its last line (or come
    within an em of doing so) into two lines of balanced length at a word boundary."""
    body = document.element.body
    known = [n for n in names if n]
    for paragraph, width in _paragraphs_with_text_width(body):
        if not any(name in BALANCED_STYLES for name in styles.names(paragraph)):
            continue
        runs = [r for r in paragraph.iterchildren(qn("w:r")) if r.find(qn("w:t")) is not None]
        if len(runs) != 1 or paragraph.find(f".//{qn('w:br')}") is not None:
            continue  # text spread over several runs or already broken by hand: left alone
        text = _text(runs[0])
        size = _font_size(styles, paragraph)
        first_indent, indent = _indents(styles, paragraph, size)
        capacity = (width - indent) / size
        first_capacity = capacity - first_indent / size
        centred = styles.value(paragraph, f"{qn('w:pPr')}/{qn('w:jc')}", "w:val") == "center"
        position = line_break(text, first_capacity, capacity, known, balance=centred)
        if position is not None:
            _break_run(runs[0], position)


def line_break(text: str, first_capacity: float, capacity: float, names: Iterable[str] = (),
               balance: bool = False) -> int | None:
    """Where to break `text` (lines of `first_capacity`, then `capacity` ems) so that its last
    line is not one or two characters, or, when `balance` (a centred title), so that its two
    lines are of balanced length; None when it needs no break (or none helps)."""
    if _ems(text) <= first_capacity - _SAFETY:
        return None  # one line, surely
    lines = _greedy_lines(text, first_capacity, capacity)
    if len(lines) > 2 or (not balance and len(lines) == 2 and len(lines[1].strip()) > _ALONE + 1):
        return None  # its last line is full enough (even if our estimate is an em out)
    candidates = [p for p in _boundaries(text, names)
                  if _ems(text[:p]) <= first_capacity - _SAFETY and _ems(text[p:]) <= capacity - _SAFETY
                  and len(text[p:].strip()) > _ALONE]
    if not candidates:
        candidates = [p for p in range(1, len(text)) if _breakable(text, p)
                      and _ems(text[:p]) <= first_capacity - _SAFETY and _ems(text[p:]) <= capacity - _SAFETY
                      and len(text[p:].strip()) > _ALONE]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (abs(_ems(text[:p]) - _ems(text[p:])), -p))


def _ems(text: str) -> float:
    """Width in ems: CJK and full-width characters one em, ASCII half an em."""
    return sum(0.5 if ord(c) < 0x2E80 and c not in "“”‘’—…" else 1.0 for c in text)


def _greedy_lines(text: str, first_capacity: float, capacity: float) -> list[str]:
    lines, start, limit = [], 0, first_capacity
    width = 0.0
    for i, char in enumerate(text):
        w = _ems(char)
        if width + w > limit and i > start:
            cut = i
            while cut > start + 1 and not _breakable(text, cut):
                cut -= 1
            lines.append(text[start:cut])
            start, limit = cut, capacity
            width = _ems(text[start:i])
        width += w
    lines.append(text[start:])
    return lines


def _breakable(text: str, position: int) -> bool:
    """A line may break before text[position]: not before closing punctuation, not inside a run
    of ASCII letters and digits (2024, 2024年 stays whole: "年" may start a line)."""
    before, after = text[position - 1], text[position]
    if after in _NO_LINE_START or before in "“‘（《「『([":
        return False
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def _boundaries(text: str, names: Iterable[str]) -> list[int]:
    """Positions where words meet: after a space (the number's 　), around a department's name,
    before a run of digits (a year)."""
    found = {i + 1 for i, c in enumerate(text[:-1]) if c in " \u3000"}
    for name in names:
        start = text.find(name)
        if start >= 0:
            found |= {start, start + len(name)}
    found |= {m.start() for m in re.finditer(r"\d+", text)}
    return sorted(p for p in found if 0 < p < len(text) and _breakable(text, p))


def _break_run(run, position: int) -> None:
    """Split the run's text at `position` with a line break (w:br) between the two parts."""
    t = run.find(qn("w:t"))
    text = t.text or ""
    t.text = text[:position]
    t.set(qn("xml:space"), "preserve")
    br = OxmlElement("w:br")
    tail = OxmlElement("w:t")
    tail.set(qn("xml:space"), "preserve")
    tail.text = text[position:]
    t.addnext(br)
    br.addnext(tail)


def _font_size(styles: Styles, paragraph) -> float:
    """Points, from the paragraph mark's or the style's w:sz (half-points); Word's default 10.5."""
    value = styles.value(paragraph, f"{qn('w:rPr')}/{qn('w:sz')}", "w:val")
    run = paragraph.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}")
    if run is not None and run.get(qn("w:val")):
        value = run.get(qn("w:val"))
    return int(value) / 2 if value else 10.5


def _indents(styles: Styles, paragraph, size: float) -> tuple[float, float]:
    """(first-line indent, left + right indent) in points."""
    path = f"{qn('w:pPr')}/{qn('w:ind')}"

    def twips(attribute: str) -> float:
        value = styles.value(paragraph, path, attribute)
        return int(value) / 20 if value and value.lstrip("-").isdigit() else 0.0

    chars = styles.value(paragraph, path, "w:firstLineChars")
    first = int(chars) / 100 * size if chars and chars.isdigit() and int(chars) else twips("w:firstLine")
    left = twips("w:left") or twips("w:start")
    right = twips("w:right") or twips("w:end")
    return first - twips("w:hanging"), left + right


def _paragraphs_with_text_width(body) -> Iterable[tuple[Any, float]]:
    """Every body paragraph with the text width (points) of the section it is in."""
    pending: list = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            pending.append(child)
            sect = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if sect is not None:
                width = _text_width(sect)
                yield from ((p, width) for p in pending)
                pending = []
    final = body.find(qn("w:sectPr"))
    width = _text_width(final) if final is not None else 442.0
    yield from ((p, width) for p in pending)


def _text_width(sect) -> float:
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    if size is None or margins is None:
        return 442.0  # A4 with GB/T 9704 margins: 156 mm

    def twips(element, attribute: str) -> int:
        value = element.get(qn(attribute))
        return int(value) if value and value.lstrip("-").isdigit() else 0

    return (twips(size, "w:w") - twips(margins, "w:left") - twips(margins, "w:right")) / 20


def lay_out_pages(document, *, draft: bool, names: Iterable[str] = ()) -> None:
    """All of the above. `names`: the department's and units' names (word boundaries in headings)."""
    styles = Styles(document)
    number_pages_from_first_part(document, styles)
    keep_tables_together(document, styles)
    keep_part_ends_together(document, styles)
    balance_headings(document, styles, names)
    if draft:
        mark_draft(document)
