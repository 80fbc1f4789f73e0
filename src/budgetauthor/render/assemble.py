"""Lay the template's blocks out in the order of the profile's outline, before docxtpl renders.

A profile's Word template is a library of blocks, each opened by a marker paragraph
`{#p block NAME #}` and running to the next marker or section break. For every node of the
outline that is shown, the assembler emits, in document order:

    {%p set node = blocks['ID'] %}    (so the block's tags read this node as `node`)
    the heading block (heading.<depth>) if the node has a title and is not a table
    the node's body block (paragraphs, table.<id>, projects…)
    the children, recursively

Page orientation follows the blocks: a block sitting in a landscape section of the template is
printed landscape. Where two consecutive blocks come from sections of different page layout, a
section break is inserted carrying the properties of the section the earlier block came from;
the first section keeps the template's header and footer references (page numbers).

A template without any marker is a "straight" template: it is rendered as it is, in its own
order, and reads the outline's nodes through `blocks.<id>`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ..errors import TemplateProblem
from ..findings import Finding, Location
from ..profiles import LayoutProfile, OutlineNode
from ..rulebook import TEMPLATE_BLOCK_MISSING

MARKER = re.compile(r"^\s*\{#p\s+block\s+(\S+)\s*#\}\s*$")
_REFERENCES = (qn("w:headerReference"), qn("w:footerReference"))


@dataclass
class Library:
    blocks: dict[str, list] = field(default_factory=dict)  # name → body elements (templates for copies)
    section: dict[str, int] = field(default_factory=dict)  # name → index of its template section
    breaks: list = field(default_factory=list)  # per section: the break paragraph to copy (or None)
    properties: list = field(default_factory=list)  # per section: its w:sectPr (the last is the body's)


def _text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _section_properties(paragraph):
    ppr = paragraph.find(qn("w:pPr"))
    return ppr.find(qn("w:sectPr")) if ppr is not None else None


def _has_content(paragraph) -> bool:
    return any(child.tag != qn("w:pPr") for child in paragraph)


def read_library(body) -> Library | None:
    """Split the template body into blocks; None when it has no block marker at all."""
    library, current = Library(), None
    for element in list(body):
        if element.tag == qn("w:sectPr"):
            continue
        if element.tag == qn("w:p"):
            marker = MARKER.match(_text(element))
            if marker:
                current = marker.group(1)
                library.blocks[current] = []
                library.section[current] = len(library.properties)
                continue
            sect = _section_properties(element)
            if sect is not None:
                if current is not None and _has_content(element):
                    kept = copy.deepcopy(element)
                    kept_ppr = kept.find(qn("w:pPr"))
                    kept_ppr.remove(kept_ppr.find(qn("w:sectPr")))
                    library.blocks[current].append(kept)
                library.breaks.append(None if _has_content(element) else element)
                library.properties.append(sect)
                current = None
                continue
        if current is not None:
            library.blocks[current].append(element)
    if not library.blocks:
        return None
    library.breaks.append(None)
    library.properties.append(body.find(qn("w:sectPr")))
    return library


def _layout(sect) -> bytes:
    """What makes two sections print alike: page size, orientation and margins."""
    parts = [sect.find(qn(tag)) for tag in ("w:pgSz", "w:pgMar")]
    return b"".join(etree.tostring(p) for p in parts if p is not None)


def _statement(text: str):
    p = OxmlElement("w:p")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    p.append(r)
    return p


def _break(library: Library, section: int):
    original = library.breaks[section]
    if original is not None:
        return copy.deepcopy(original)
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(copy.deepcopy(library.properties[section]))
    p.append(ppr)
    return p


def needed_blocks(profile: LayoutProfile, shown: set[str]) -> list[tuple[str, OutlineNode]]:
    """(block name, node) for every block the shown part of the outline uses, in order."""
    out = []

    def visit(node: OutlineNode):
        if node.id not in shown:
            return
        for name in (node.heading_block, node.block):
            if name:
                out.append((name, node))
        for child in node.children:
            visit(child)

    for node in profile.outline:
        visit(node)
    return out


def assemble(body, profile: LayoutProfile, shown: set[str], template_name: str) -> None:
    """Replace the body's content by the outline's blocks (no-op for a straight template)."""
    library = read_library(body)
    if library is None:
        return
    missing = sorted({name for name, _ in needed_blocks(profile, shown) if name not in library.blocks})
    if missing:
        _refuse(missing, profile, template_name, library)
    out: list = []
    state: dict[str, int | None] = {"section": None}

    def emit_block(name: str) -> None:
        section = library.section[name]
        previous = state["section"]
        if previous is not None and _layout(library.properties[previous]) != _layout(library.properties[section]):
            out.append(_break(library, previous))
        state["section"] = section
        out.extend(copy.deepcopy(e) for e in library.blocks[name])

    def visit(node: OutlineNode) -> None:
        if node.id not in shown:
            return
        # A top-level `set`, not a `with` scope: the node's own blocks come before its children's,
        # so each node rebinds `node` for what follows, and the template compiles faster.
        out.append(_statement(f"{{%p set node = blocks['{node.id}'] %}}"))
        for name in (node.heading_block, node.block):
            if name:
                emit_block(name)
        for child in node.children:
            visit(child)

    for node in profile.outline:
        visit(node)
    final = body.find(qn("w:sectPr"))
    last = state["section"]
    if final is not None and last is not None and _layout(final) != _layout(library.properties[last]):
        replacement = copy.deepcopy(library.properties[last])
        body.replace(final, replacement)
        final = replacement
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)
    for element in out:
        final.addprevious(element) if final is not None else body.append(element)
    _keep_first_section_references(body, library)


def _keep_first_section_references(body, library: Library) -> None:
    """Page numbers live in the first section's footer: whatever section comes first in the
    assembled document, it carries the template's first-section header/footer references."""
    wanted = [r for r in library.properties[0] if r.tag in _REFERENCES]
    first = next(iter(body.iter(qn("w:sectPr"))), None)
    if first is None or not wanted:
        return
    present = {(r.tag, r.get(qn("w:type"))) for r in first if r.tag in _REFERENCES}
    for reference in reversed(wanted):
        if (reference.tag, reference.get(qn("w:type"))) not in present:
            first.insert(0, copy.deepcopy(reference))


def _refuse(missing: list[str], profile: LayoutProfile, template_name: str, library: Library) -> None:
    findings = []
    for name in missing:
        users = [node for block, node in needed_blocks(profile, {n.id for n in profile.nodes()}) if block == name]
        where = f"（文档结构中的“{users[0].id}”需要它）" if users else ""
        message = (f"模板“{template_name}”中没有版式块“{name}”{where}：请在模板中加一段“{{#p block {name} #}}”"
                   f"并在其后排好该块的内容，或在 outline.yaml 中改用已有的块（模板中有：{'、'.join(library.blocks)}）")
        findings.append(TEMPLATE_BLOCK_MISSING.finding(message, location=Location(file=template_name)))
    raise TemplateProblem(f"模板“{template_name}”缺少版式方案“{profile.name}”需要的版式块", findings)


def missing_blocks(body, profile: LayoutProfile, template_name: str) -> list[Finding]:
    """Findings for the blocks the whole outline (every optional part shown) needs and the template
    lacks; none for a straight template (it is used as it is)."""
    library = read_library(body)
    if library is None:
        return []
    try:
        assemble(copy.deepcopy(body), profile, {n.id for n in profile.nodes()}, template_name)
    except TemplateProblem as problem:
        return list(problem.findings)
    return []
