"""Build a profile's Word template (docxtpl tags + Word styles): profiles/<name>/template.docx.

The .docx is the user-editable artifact and is committed; this script is how we (re)make it.
All formatting lives in named paragraph styles (GB/T 9704 conventions); the body holds only
`{{ }}` / `{%p %}` / `{%tr %}` tags, each typed in a single run.

The template is a library of blocks, each opened by a marker paragraph `{#p block NAME #}`:
heading.1…heading.4, paragraphs, cover, toc, table.<id>, performance_indicators, projects. The
profile's outline.yaml decides which blocks appear and in what order (render/assemble.py); a
block's tags read its outline node as `node` (node.title, node.paragraphs, node.rows…). A block
placed in a landscape section of the template is printed landscape.

    python tools/build_template.py            # writes profiles/standard/ and profiles/guangdong/template.docx

The file is written deterministically (fixed zip timestamps and member order, fixed document
dates), so a fresh build of an unchanged builder is byte-identical to the committed template and
a test can assert it (tests/test_template_build.py).
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from budgetauthor.render.engine import deterministic_zip

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "profiles" / "standard" / "template.docx"

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEI = "黑体"
KAI = "楷体_GB2312"
SONG = "宋体"
LATIN = "Times New Roman"
BUILT = datetime(2024, 1, 1)
EAST_ASIAN_LANGUAGE = "zh-CN"  # Simplified Chinese: glyph forms, line breaking, punctuation

# The Chinese fonts the styles name, as Word's font table describes them: a reader without the
# _GB2312 fonts (Windows 10+ ships 仿宋 and 楷体, not 仿宋_GB2312 and 楷体_GB2312) gets the
# alternative named here. (LibreOffice ignores w:altName; the PDF conversion names its own
# fallbacks, see budgetauthor/pdf.)  name: (altName, panose1, family, pitch)
FONT_TABLE = {
    BODY_FONT: ("仿宋", "02010609030101010101", "modern", "fixed"),
    KAI: ("楷体", "02010609030101010101", "modern", "fixed"),
    HEI: ("SimHei", "02010609060101010101", "modern", "fixed"),
    SONG: ("SimSun", "02010600030101010101", "auto", "variable"),
    TITLE_FONT: ("宋体", "02000000000000000000", "auto", "variable"),
}


# ---- styles ------------------------------------------------------------------------------------


def set_fonts(style, east: str, size: float, bold: bool = False, latin: str = LATIN) -> None:
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.name = latin
    font.color.rgb = None
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east)
    rpr.insert(0, fonts)
    set_language(rpr)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def set_language(rpr) -> None:
    """East Asian text is Simplified Chinese (w:lang w:eastAsia): Word and LibreOffice pick SC
    glyph forms and Chinese line breaking from it."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), EAST_ASIAN_LANGUAGE)


def paragraph_style(doc, name: str, base: str | None = "Normal"):
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
        style.quick_style = True
        return style


def layout(style, *, align=None, indent_chars: float = 0, before: float = 0, after: float = 0,
           exact: float | None = None, keep_next: bool = False, page_break: bool = False, size: float = 16):
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.first_line_indent = Pt(size * indent_chars) if indent_chars else Pt(0)
    pf.left_indent = Pt(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(exact)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.keep_with_next = keep_next
    pf.page_break_before = page_break
    pf.widow_control = True


def define_styles(doc) -> None:
    normal = doc.styles["Normal"]
    set_fonts(normal, BODY_FONT, 16)
    layout(normal, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2, exact=28)

    specs = [
        # name, base, east font, size, bold, align, indent, before, after, keep, break
        ("Title", "Normal", TITLE_FONT, 22, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0, True, False),
        ("Heading 1", "Normal", HEI, 16, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 14, True, True),
        ("Heading 2", "Normal", HEI, 16, False, None, 2, 0, 0, True, False),
        ("Heading 3", "Normal", KAI, 16, False, None, 2, 0, 0, True, False),
        ("Heading 4", "Normal", BODY_FONT, 16, True, None, 2, 0, 0, True, False),
        ("封面标题", "Normal", TITLE_FONT, 26, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 180, 24, True, False),
        ("封面副标题", "Normal", TITLE_FONT, 22, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0, False, False),
        ("目录标题", "Normal", HEI, 16, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 14, True, True),
        ("TOC 1", "Normal", HEI, 14, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0, False, False),
        ("TOC 2", "Normal", BODY_FONT, 14, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0, False, False),
        ("表标题", "Normal", TITLE_FONT, 16, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 6, True, True),
        ("表标题（不分页）", "表标题", TITLE_FONT, 16, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 12, 6, True, False),
        ("表头说明", "Normal", SONG, 10.5, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 3, True, False),
        ("表头说明（横向）", "表头说明", SONG, 10.5, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 3, True, False),
        ("表格文字", "Normal", SONG, 9, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 1, 1, False, False),
        # a header row stays with the row below it (never alone at the foot of a page)
        ("表格标题行", "Normal", SONG, 9, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 1, 1, True, False),
        ("表格数字", "Normal", SONG, 9, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, 1, 1, False, False),
        ("表注", "Normal", SONG, 10.5, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 4, 0, False, False),
        ("绩效表标题", "Normal", HEI, 12, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 4, True, False),
        ("页脚", "Normal", SONG, 14, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0, False, False),
        ("草稿标记", "Normal", HEI, 12, True, WD_ALIGN_PARAGRAPH.RIGHT, 0, 0, 0, False, False),
    ]
    for name, base, east, size, bold, align, indent, before, after, keep, brk in specs:
        style = paragraph_style(doc, name, base)
        set_fonts(style, east, size, bold)
        exact = 28 if size >= 14 and name not in ("封面标题", "封面副标题", "表标题") else None
        if name.startswith("表格"):
            exact = 12  # rows as high in Word as in LibreOffice, whatever face stands in for 宋体
        if name.startswith("TOC"):
            exact = 22  # the whole 目录 fits on one page
        layout(style, align=align, indent_chars=indent, before=before, after=after, exact=exact,
               keep_next=keep, page_break=brk, size=size)
    # 单位：万元 sits at the right edge of the text block: 156 mm portrait, 257 mm landscape.
    doc.styles["表头说明"].paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    wide = doc.styles["表头说明（横向）"].paragraph_format.tab_stops
    wide.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.CLEAR)  # drop the inherited portrait stop
    wide.add_tab_stop(Mm(257), WD_TAB_ALIGNMENT.RIGHT)
    contents_styles(doc)
    doc.styles["草稿标记"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)  # the mark of a --force draft
    document_language(doc)


def contents_styles(doc) -> None:
    """目录 entries: level 2 indented two characters; the page number at the right margin after a
    dotted leader (where Word and LibreOffice put it when they update the 目录)."""
    for name in ("TOC 1", "TOC 2"):
        pf = doc.styles[name].paragraph_format
        pf.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    doc.styles["TOC 2"].paragraph_format.left_indent = Pt(28)


def document_language(doc) -> None:
    """Simplified Chinese as the default East Asian language (document defaults and the theme's
    language, which python-docx's own template sets to Japanese)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_language(rpr)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), EAST_ASIAN_LANGUAGE)


# ---- page setup -----------------------------------------------------------------------------------


def portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)


def landscape(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.footer_distance = Mm(12)


def page_number_footer(section) -> None:
    """'— 7 —' centred, a PAGE field (GB/T 9704 page numbers)."""
    footer = section.footer
    p = footer.paragraphs[0]
    p.style = "页脚"
    p.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    tail = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = " —"
    tail.append(t)
    p._p.append(tail)


def new_section(doc, wide: bool):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    (landscape if wide else portrait)(section)
    return section


# ---- body helpers -----------------------------------------------------------------------------------


def para(doc, text: str = "", style: str = "Normal"):
    p = doc.add_paragraph(style=style)
    if text:
        p.add_run(text)
    return p


def loop(doc, items: str, body: str, style: str = "Normal", var: str = "p") -> None:
    para(doc, f"{{%p for {var} in {items} %}}", style)
    para(doc, body, style)
    para(doc, "{%p endfor %}", style)


def cell_text(cell, text: str, style: str) -> None:
    p = cell.paragraphs[0]
    p.style = style
    if text:
        p.add_run(text)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def no_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def table(doc, widths_mm: list[float], header: list[list[str]], body: list[list[str]] | None = None,
          loop_over: str | None = None, total: list[str] | None = None, total_if: str | None = None,
          numeric_from: int = 2, footer: list[list[str]] | None = None, repeat: bool = True):
    """A bordered table: header rows ('<' merges left, '^' merges up), an optional 合计 row
    (wrapped in `{%tr if %}` when total_if is given), then one body row repeated by `{%tr for %}`."""
    rows: list[tuple[str, list[str]]] = [("header", r) for r in header]
    if total is not None:
        if total_if:
            rows.append(("tag", [f"{{%tr if {total_if} %}}"]))
        rows.append(("total", total))
        if total_if:
            rows.append(("tag", ["{%tr endif %}"]))
    if body is not None:
        if loop_over:
            rows.append(("tag", [f"{{%tr for r in {loop_over} %}}"]))
        for b in body:
            rows.append(("body", b))
        if loop_over:
            rows.append(("tag", ["{%tr endfor %}"]))
    for f in footer or []:
        rows.append(("total", f))
    ncols = len(widths_mm)
    t = doc.add_table(rows=len(rows), cols=ncols)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for (kind, texts), row in zip(rows, t.rows):
        no_split(row)
        if kind == "header" and repeat:
            repeat_header(row)
        for j, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[j])
            text = texts[j] if j < len(texts) else ""
            if kind == "header":
                cell_text(cell, "" if text in ("<", "^") else text, "表格标题行")
            elif kind == "tag":
                cell_text(cell, text, "表格文字")
            else:
                style = "表格数字" if j >= numeric_from else "表格文字"
                cell_text(cell, text, style)
    set_grid(t, widths_mm)
    merge_header(t, header)
    return t


def set_grid(t, widths_mm: list[float]) -> None:
    """Fixed column widths in the table grid (LibreOffice and Word both lay out from it)."""
    twips = [int(w * 56.7) for w in widths_mm]
    grid = t._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), twips):
        col.set(qn("w:w"), str(width))
    tbl_pr = t._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(twips)))
    layout_el = OxmlElement("w:tblLayout")
    layout_el.set(qn("w:type"), "fixed")
    tbl_pr.append(layout_el)


def merge_header(t, header: list[list[str]]) -> None:
    for i, row in enumerate(header):
        j = 0
        while j < len(row):
            k = j
            while k + 1 < len(row) and row[k + 1] == "<":
                k += 1
            if k > j:
                t.cell(i, j).merge(t.cell(i, k))
            j = k + 1
    for j in range(len(header[0])):
        i = 0
        while i < len(header):
            k = i
            while k + 1 < len(header) and header[k + 1][j] == "^":
                k += 1
            if k > i and header[i][j] != "<":
                t.cell(i, j).merge(t.cell(k, j))
            i = k + 1


def table_heading(doc, wide: bool = False, first: bool = False) -> None:
    """The table's title (numbered 表N after rendering) and the 单位名称 / 单位：万元 line."""
    para(doc, "{{ node.title }}", "表标题（不分页）" if first else "表标题")
    para(doc, "{{ dept.unit_line }}\t{{ node.money_line }}", "表头说明（横向）" if wide else "表头说明")


def block(doc, name: str) -> None:
    """The marker that opens a block (a docxtpl comment: invisible if rendered unassembled)."""
    para(doc, f"{{#p block {name} #}}")


# ---- the standard template's blocks ---------------------------------------------------------------


def text_blocks(doc) -> None:
    block(doc, "cover")
    para(doc, "{{ dept.name }}", "封面标题")
    para(doc, "{{ dept.title }}", "封面副标题")
    block(doc, "toc")
    para(doc, "目　录", "目录标题")
    para(doc, "{{ toc }}", "TOC 1")
    for level in (1, 2, 3, 4):
        block(doc, f"heading.{level}")
        para(doc, "{{ node.title }}", f"Heading {level}")
    block(doc, "paragraphs")
    loop(doc, "node.paragraphs", "{{ p }}")


CLASS_HEADER = ["科目编码", "科目名称"]


def table_blocks(doc) -> None:
    # 表1 收支总表 (portrait), on the part's first page
    summary_table(doc)

    # 表2 收入总表 (landscape)
    new_section(doc, wide=True)
    block(doc, "table.income")
    table_heading(doc, wide=True)
    current = ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "事业收入",
               "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"]
    carry = ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]
    table(
        doc, [15, 23] + [12.9] * 17,
        [
            ["单位编码", "单位名称", "合计", "本年收入"] + ["<"] * 9 + ["上年结转结余"] + ["<"] * 5,
            ["^", "^", "^", "小计"] + current + ["小计"] + carry,
        ],
        [["{{ r.code }}", "{{ r.name }}", "{{ r.total }}", "{{ r.current_total }}"]
         + [f"{{{{ r.current[{i}] }}}}" for i in range(9)] + ["{{ r.carry_total }}"]
         + [f"{{{{ r.carry[{i}] }}}}" for i in range(5)]],
        loop_over="node.rows",
    )
    para(doc, "{{ notes.tail }}", "表注")

    # 表3–9 (portrait)
    new_section(doc, wide=False)
    block(doc, "table.expenditure")
    table_heading(doc)
    class_table(doc, ["合计", "基本支出", "项目支出"], ["total", "basic", "project"])
    para(doc, "{{ notes.tail }}", "表注")

    block(doc, "table.fiscal")
    table_heading(doc)
    table(
        doc, [50, 25, 56, 25],
        [["收　入", "<", "支　出", "<"], ["项　目", "预算数", "项　目", "预算数"]],
        [["{{ r.in_label }}", "{{ r.in_amount }}", "{{ r.out_label }}", "{{ r.out_amount }}"]],
        loop_over="node.rows", numeric_from=9,
        footer=[["收入总计", "{{ node.income_total }}", "支出总计", "{{ node.expenditure_total }}"]],
    )
    align_amount_columns(doc.tables[-1], (1, 3))
    para(doc, "{{ notes.tail }}", "表注")

    block(doc, "table.general")
    table_heading(doc)
    table(
        doc, [20, 46, 18, 18, 18, 18, 18],
        [CLASS_HEADER + ["合计", "基本支出", "<", "<", "项目支出"],
         ["^", "^", "^", "小计", "人员经费", "公用经费", "^"]],
        [["{{ r.code }}", "{{ r.name }}", "{{ r.total }}", "{{ r.basic }}", "{{ r.personnel }}", "{{ r.public }}",
          "{{ r.project }}"]],
        loop_over="node.rows",
        total=["", "合计", "{{ node.total.total }}", "{{ node.total.basic }}",
               "{{ node.total.personnel }}", "{{ node.total.public }}", "{{ node.total.project }}"],
        total_if="node.rows",
    )
    empty_note(doc)
    tail_note(doc)

    block(doc, "table.general_basic")
    table_heading(doc)
    table(
        doc, [22, 62, 24, 24, 24],
        [["部门预算支出经济分类科目", "<", "本年一般公共预算基本支出", "<", "<"],
         CLASS_HEADER + ["合计", "人员经费", "公用经费"]],
        [["{{ r.code }}", "{{ r.name }}", "{{ r.total }}", "{{ r.personnel }}", "{{ r.public }}"]],
        loop_over="node.rows",
        total=["", "合计", "{{ node.total.total }}", "{{ node.total.personnel }}", "{{ node.total.public }}"],
        total_if="node.rows",
    )
    empty_note(doc)
    tail_note(doc)

    block(doc, "table.three_public")
    table_heading(doc)
    table(
        doc, [26, 26, 26, 26, 26, 26],
        [["合计", "因公出国（境）费", "公务用车购置及运行维护费", "<", "<", "公务接待费"],
         ["^", "^", "小计", "公务用车购置费", "公务用车运行维护费", "^"]],
        # One row of figures; an all-zero table prints its empty-table note instead, like the others.
        total=["{{ node.total }}", "{{ node.abroad }}", "{{ node.vehicles }}",
               "{{ node.vehicle_purchase }}", "{{ node.vehicle_operation }}", "{{ node.reception }}"],
        total_if="node.rows", numeric_from=0,
    )
    empty_note(doc)

    for name in ("gov_fund", "state_capital"):
        block(doc, f"table.{name}")
        table_heading(doc)
        class_table(doc, ["合计", "基本支出", "项目支出"], ["total", "basic", "project"], guard=True)
        empty_note(doc)

    # 表10–11 (landscape)
    new_section(doc, wide=True)
    block(doc, "table.projects")
    table_heading(doc, wide=True)
    table(
        doc, [38, 46, 28] + [145 / 9] * 9,
        [["项目编码", "项目名称", "项目单位", "合计", "本年拨款", "<", "<", "财政拨款结转结余", "<", "<",
          "财政专户管理资金", "单位资金"],
         ["^", "^", "^", "^", "一般公共预算", "政府性基金预算", "国有资本经营预算", "一般公共预算", "政府性基金预算",
          "国有资本经营预算", "^", "^"]],
        [["{{ r.code }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.total }}"]
         + [f"{{{{ r.by[{i}] }}}}" for i in range(6)] + ["{{ r.special }}", "{{ r.own }}"]],
        loop_over="node.rows", numeric_from=3,
    )
    empty_note(doc)
    tail_note(doc)

    block(doc, "table.procurement")
    table_heading(doc, wide=True)
    table(
        doc, [34, 34, 32, 13, 34, 30, 12, 12, 22, 22],
        [["单位名称", "项目名称", "采购品目", "采购类别", "功能分类科目", "经济分类科目", "数量", "计量单位",
          "采购金额", "其中：面向中小企业"]],
        [["{{ r.unit }}", "{{ r.project }}", "{{ r.item }}", "{{ r.category }}", "{{ r.function }}",
          "{{ r.economic }}", "{{ r.quantity }}", "{{ r.measure }}", "{{ r.amount }}", "{{ r.sme }}"]],
        loop_over="node.rows", numeric_from=8,
        total=["合计", "", "", "", "", "", "", "", "{{ node.total }}", "{{ node.sme }}"],
        total_if="node.rows",
    )
    empty_note(doc)


def summary_table(doc) -> None:
    """收支总表 (table: summary): 收入 by source | 支出 by 功能分类 类, on the part's first page."""
    block(doc, "table.summary")
    table_heading(doc, first=True)
    table(
        doc, [54, 24, 54, 24],
        [["收　入", "<", "支　出", "<"], ["项　目", "预算数", "项　目", "预算数"]],
        [["{{ r.in_label }}", "{{ r.in_amount }}", "{{ r.out_label }}", "{{ r.out_amount }}"]],
        loop_over="node.rows", numeric_from=9,
        footer=[
            ["本年收入合计", "{{ node.income_current }}", "本年支出合计", "{{ node.expenditure_current }}"],
            ["上年结转结余", "{{ node.carryover }}", "年终结转结余", "{{ node.year_end }}"],
            ["收入总计", "{{ node.income_total }}", "支出总计", "{{ node.expenditure_total }}"],
        ],
    )
    align_amount_columns(doc.tables[-1], (1, 3))
    para(doc, "{{ notes.tail }}", "表注")


def align_amount_columns(t, columns: tuple[int, ...]) -> None:
    """Paired 收/支 tables: only the amount columns are right-aligned."""
    for row in t.rows[2:]:
        for j in columns:
            for p in row.cells[j].paragraphs:
                p.style = "表格数字"


def class_table(doc, labels: list[str], keys: list[str], guard: bool = False) -> None:
    widths = [22, 62] + [72 / len(keys)] * len(keys)
    table(
        doc, widths,
        [CLASS_HEADER + labels],
        [["{{ r.code }}", "{{ r.name }}"] + [f"{{{{ r.{k} }}}}" for k in keys]],
        loop_over="node.rows",
        total=["", "合计"] + [f"{{{{ node.total.{k} }}}}" for k in keys],
        total_if="node.rows" if guard else None,
    )


def tail_note(doc) -> None:
    """The 尾差 note, only under a table that has rows."""
    para(doc, "{%p if node.rows %}", "表注")
    para(doc, "{{ notes.tail }}", "表注")
    para(doc, "{%p endif %}", "表注")


def empty_note(doc) -> None:
    para(doc, "{%p if not node.rows %}", "表注")
    para(doc, "{{ node.empty_note }}", "表注")
    para(doc, "{%p endif %}", "表注")


def keep_rows_together(t) -> None:
    """Every row keeps with the next: a table that fits on a page is never split (one longer than a
    page breaks where it must, its header rows repeated). The rendered table's last row is let go
    again when the document is laid out (render/page_layout.py)."""
    for row in t.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def indicator_table(doc, rows: str) -> None:
    table(
        doc, [30, 36, 58, 32],
        [["一级指标", "二级指标", "三级指标", "指标值"]],
        [["{{ r.level1 }}", "{{ r.level2 }}", "{{ r.level3 }}", "{{ r.value }}"]],
        loop_over=rows, numeric_from=9,
    )


def performance_blocks(doc) -> None:
    new_section(doc, wide=False)
    # 部门整体绩效 indicators
    block(doc, "performance_indicators")
    para(doc, "{%p if node.rows %}")
    para(doc, "部门整体绩效指标", "绩效表标题")
    indicator_table(doc, "node.rows")
    keep_rows_together(doc.tables[-1])  # on one page with its title and lead-in, when it fits one
    para(doc, "{%p endif %}")
    # each project's description and its target table
    block(doc, "projects")
    para(doc, "{%p for proj in node.projects %}")
    para(doc, "{{ proj.heading }}", "Heading 4")
    loop(doc, "proj.paragraphs", "{{ p }}")
    para(doc, "{{ proj.name }}项目支出绩效目标表", "绩效表标题")
    table(
        doc, [30, 36, 58, 32],
        [["项目名称", "{{ proj.name }}", "<", "<"],
         ["主管部门", "{{ proj.department }}", "<", "<"],
         ["实施单位", "{{ proj.unit }}", "<", "<"],
         ["项目资金（万元）", "年度资金总额：{{ proj.total }}", "其中：财政拨款{{ proj.fiscal }}", "其他资金：{{ proj.other }}"],
         ["年度绩效目标", "{{ proj.goal }}", "<", "<"],
         ["一级指标", "二级指标", "三级指标", "指标值"]],
        [["{{ r.level1 }}", "{{ r.level2 }}", "{{ r.level3 }}", "{{ r.value }}"]],
        loop_over="proj.indicators", numeric_from=9,
    )
    target_table = doc.tables[-1]
    for row in target_table.rows[:5]:  # label | value rows: the values are plain text
        for cell in row.cells[1:]:
            for p in cell.paragraphs:
                p.style = "表格文字"
    keep_rows_together(target_table)
    para(doc, "{%p endfor %}")


# ---- the Guangdong template's blocks (profiles/guangdong) -----------------------------------------
# Columns follow the fragments of real Guangdong documents where there are any (表8: 徐闻县 2017 and a
# 2019 市直部门 page); the others are our reading of issue 11 (see profiles/guangdong/README.md).

GUANGDONG_OUT = ROOT / "profiles" / "guangdong" / "template.docx"
GD_FISCAL = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
GD_OWN_FUNDS = ["事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "上年结转"]


def table_notes(doc) -> None:
    """Under a table that may be empty: its empty-table note, or the 尾差 note when it has rows."""
    empty_note(doc)
    tail_note(doc)


def sources_row(count: int) -> list[str]:
    return ["{{ r.code }}", "{{ r.name }}", "{{ r.total }}"] + [f"{{{{ r.sources[{i}] }}}}" for i in range(count)]


def sources_total(count: int) -> list[str]:
    return ["", "合计", "{{ node.total.total }}"] + [f"{{{{ node.total.sources[{i}] }}}}" for i in range(count)]


def build_guangdong_income(doc) -> None:
    """表2 收入总体情况表: rows by 功能科目, a column per source (landscape)."""
    block(doc, "table.income_by_function")
    table_heading(doc, wide=True)
    table(
        doc, [20, 57] + [15] * 12,
        [CLASS_HEADER + ["合计", "财政拨款", "<", "<", "<", "财政专户管理资金", "单位资金"] + ["<"] * 5,
         ["^", "^", "^", "小计"] + GD_FISCAL + ["^"] + GD_OWN_FUNDS],
        [sources_row(11)], loop_over="node.rows", total=sources_total(11), total_if="node.rows",
    )
    tail_note(doc)


def build_guangdong_spending(doc, name: str) -> None:
    """表3 支出总体情况表, 表5 一般公共预算支出情况表: 合计, 基本支出 (人员/公用经费), 项目支出."""
    block(doc, f"table.{name}")
    table_heading(doc)
    keys = ["total", "basic", "personnel", "public", "project"]
    table(
        doc, [20, 46, 18, 18, 18, 18, 18],
        [CLASS_HEADER + ["合计", "基本支出", "<", "<", "项目支出"],
         ["^", "^", "^", "小计", "人员经费", "公用经费", "^"]],
        [["{{ r.code }}", "{{ r.name }}"] + [f"{{{{ r.{k} }}}}" for k in keys]],
        loop_over="node.rows", total=["", "合计"] + [f"{{{{ node.total.{k} }}}}" for k in keys],
        total_if="node.rows",
    )
    table_notes(doc)


def build_guangdong_fiscal(doc) -> None:
    """表4 财政拨款收支总体情况表: 支出 in a column per kind of 财政拨款 (table: fiscal_funds);
    landscape, so that no row label wraps and the table keeps to one page."""
    block(doc, "table.fiscal")
    table_heading(doc, wide=True)
    funds = [f"{{{{ r.out_funds[{i}] }}}}" for i in range(3)]
    table(
        doc, [54, 24, 65, 24, 30, 30, 30],  # wide enough for 国有资本经营预算 on one header line
        [["收　入", "<", "支　出", "<", "<", "<", "<"],
         ["项　目", "预算数", "项　目", "合计"] + GD_FISCAL],
        [["{{ r.in_label }}", "{{ r.in_amount }}", "{{ r.out_label }}", "{{ r.out_amount }}"] + funds],
        loop_over="node.rows", numeric_from=9,
        footer=[["收入总计", "{{ node.income_total }}", "支出总计", "{{ node.expenditure_total }}"]
                + [f"{{{{ node.expenditure_funds[{i}] }}}}" for i in range(3)]],
    )
    align_amount_columns(doc.tables[-1], (1, 3, 4, 5, 6))
    compact_rows(doc, doc.tables[-1], first_row=2)
    tail_note(doc)


def compact_rows(doc, t, first_row: int) -> None:
    """Body rows without the cell paragraphs' spacing (styles 表格文字（紧凑）/表格数字（紧凑）): the
    28 功能分类 类 of 表4 then fit one landscape page, its 收入总计 row included (11 pt lines)."""
    for name in ("表格文字", "表格数字"):
        style = paragraph_style(doc, f"{name}（紧凑）", name)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = Pt(11)
    for row in t.rows[first_row:]:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.style = f"{p.style.name}（紧凑）"


def build_guangdong_economic(doc) -> None:
    """表6 and 表7: 一般公共预算 基本支出 (人员/公用经费) and 项目支出 by 经济分类."""
    block(doc, "table.general_basic")
    table_heading(doc)
    table(
        doc, [22, 62, 24, 24, 24],
        [CLASS_HEADER + ["合计", "人员经费", "公用经费"]],
        [["{{ r.code }}", "{{ r.name }}", "{{ r.total }}", "{{ r.personnel }}", "{{ r.public }}"]],
        loop_over="node.rows",
        total=["", "合计", "{{ node.total.total }}", "{{ node.total.personnel }}", "{{ node.total.public }}"],
        total_if="node.rows",
    )
    table_notes(doc)
    block(doc, "table.general_project")
    table_heading(doc)
    class_table(doc, ["合计"], ["total"], guard=True)
    table_notes(doc)


def build_guangdong_three_public(doc) -> None:
    """表8 财政拨款安排的行政经费及“三公”经费预算表: rows 行政经费, “三公”经费 and its items (徐闻县
    2017), a column per kind of 财政拨款 (2019), and the definition of 行政经费 underneath."""
    block(doc, "table.three_public")
    table_heading(doc)
    rows = [("行政经费", "administrative"), ("“三公”经费", "total"), ("其中：（一）因公出国（境）支出", "abroad"),
            ("（二）公务用车购置及运行维护支出", "vehicles"), ("1.公务用车购置", "vehicle_purchase"),
            ("2.公务用车运行维护费", "vehicle_operation"), ("（三）公务接待费支出", "reception")]
    table(
        doc, [56, 25, 25, 25, 25],
        [["项　目", "合计"] + GD_FISCAL],
        None,
        footer=[[label, f"{{{{ node.{key} }}}}"] + [f"{{{{ node.by_fund[{i}].{key} }}}}" for i in range(3)]
                for label, key in rows],
        numeric_from=1,
    )
    para(doc, "{{ node.administrative_note }}", "表注")


def build_guangdong_funds(doc) -> None:
    """表9 政府性基金预算支出情况表, 表10 国有资本经营预算支出情况表."""
    for name in ("gov_fund", "state_capital"):
        block(doc, f"table.{name}")
        table_heading(doc)
        class_table(doc, ["合计", "基本支出", "项目支出"], ["total", "basic", "project"], guard=True)
        table_notes(doc)


def build_guangdong_basic(doc) -> None:
    """表11 部门预算基本支出预算表: 基本支出 by 经济分类, a column per source (landscape)."""
    block(doc, "table.basic")
    table_heading(doc, wide=True)
    table(
        doc, [22, 64] + [19] * 9,
        [CLASS_HEADER + ["合计", "财政拨款", "财政专户管理资金", "单位资金"] + ["<"] * 5,
         ["^", "^", "^", "^", "^"] + GD_OWN_FUNDS],
        [sources_row(8)], loop_over="node.rows", total=sources_total(8), total_if="node.rows",
    )
    table_notes(doc)


def build_guangdong_projects(doc) -> None:
    """表12 部门预算项目支出及其他支出预算表: each project with its 绩效目标 (landscape)."""
    block(doc, "table.projects")
    table_heading(doc, wide=True)
    table(
        doc, [50, 81] + [18] * 7,
        [["项目名称", "绩效目标", "合计", "财政拨款", "<", "<", "<", "财政专户管理资金", "单位资金"],
         ["^", "^", "^", "小计"] + GD_FISCAL + ["^", "^"]],
        [["{{ r.name }}", "{{ r.goal }}", "{{ r.total }}", "{{ r.fiscal }}"]
         + [f"{{{{ r.funds[{i}] }}}}" for i in range(3)] + ["{{ r.special }}", "{{ r.own }}"]],
        loop_over="node.rows",
    )
    table_notes(doc)


def build_guangdong_tables(doc) -> None:
    """The twelve tables, in sections of their orientation."""
    summary_table(doc)
    new_section(doc, wide=True)
    build_guangdong_income(doc)
    new_section(doc, wide=False)
    build_guangdong_spending(doc, "expenditure")
    new_section(doc, wide=True)
    build_guangdong_fiscal(doc)
    new_section(doc, wide=False)
    build_guangdong_spending(doc, "general")
    build_guangdong_economic(doc)
    build_guangdong_three_public(doc)
    build_guangdong_funds(doc)
    new_section(doc, wide=True)
    build_guangdong_basic(doc)
    build_guangdong_projects(doc)


def build_guangdong(out: Path = GUANGDONG_OUT) -> Path:
    """The Guangdong profile's template: the standard text blocks, its own twelve tables, and the
    project descriptions with their target tables (情况说明 六)."""
    doc = new_document()
    text_blocks(doc)
    build_guangdong_tables(doc)
    performance_blocks(doc)
    return save(doc, out, "budgetauthor 广东版式模板：可在 Word 中修改样式与版式；模板标签须整体输入，请勿拆分。")


def new_document():
    doc = Document()
    define_styles(doc)
    first = doc.sections[0]
    portrait(first)
    page_number_footer(first)
    # python-docx starts with one empty paragraph; the first block replaces it.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def font_table(doc) -> None:
    """Word's font table names our Chinese fonts with their alternatives (FONT_TABLE); python-docx's
    Japanese defaults (ＭＳ 明朝, ＭＳ ゴシック) go."""
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for font in root.findall(f"{{{W_NS}}}font"):
        if font.get(f"{{{W_NS}}}name", "").startswith("ＭＳ"):
            root.remove(font)
    for name, (alt, panose, family, pitch) in FONT_TABLE.items():
        font = etree.SubElement(root, f"{{{W_NS}}}font", {f"{{{W_NS}}}name": name})
        for tag, value in (("altName", alt), ("panose1", panose), ("charset", "86"), ("family", family),
                           ("pitch", pitch)):
            etree.SubElement(font, f"{{{W_NS}}}{tag}", {f"{{{W_NS}}}val": value})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def save(doc, out: Path, comment: str) -> Path:
    core = doc.core_properties
    core.title = "部门预算"
    core.author = "budgetauthor"
    core.comments = comment
    core.created = core.modified = BUILT  # not python-docx's own default, which could change
    font_table(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(deterministic_zip(buffer.getvalue()))
    return out


def build(out: Path = OUT) -> Path:
    """The standard profile's template."""
    doc = new_document()
    text_blocks(doc)
    table_blocks(doc)
    performance_blocks(doc)
    # The comment is copied into every rendered document's properties: changing it changes them.
    return save(doc, out, "budgetauthor 默认模板：可在 Word 中修改样式与版式；模板标签须整体输入，请勿拆分。")


# ---- the Shanghai profile's template (profiles/shanghai/template.docx) ---------------------------
#
# 上海市普陀区's 部门预算 / 单位预算: every page landscape A4, 宋体 throughout, no page numbers; the
# seven parts and each of the nine tables start a page; tables print 类/款/项 codes in separate
# columns and their 合计 row last; an empty table prints its blank rows and its note under it.

SHANGHAI_OUT = ROOT / "profiles" / "shanghai" / "template.docx"
SH_WIDE = 257  # mm of text width on a landscape page with 20 mm margins


def shanghai_styles(doc) -> None:
    """The standard styles re-set in 宋体 at the sizes of the published documents."""
    normal = doc.styles["Normal"]
    set_fonts(normal, SONG, 12)
    layout(normal, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2, exact=19, size=12)
    specs = [
        # name, east font, size, align, indent (chars), before, after, page break, line
        ("Heading 1", SONG, 16, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 12, True, 24),
        ("Heading 2", SONG, 12, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0, False, 20),
        ("封面标题", SONG, 26, WD_ALIGN_PARAGRAPH.CENTER, 0, 150, 60, False, None),
        ("封面副标题", SONG, 16, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0, False, None),
        ("目录标题", SONG, 16, WD_ALIGN_PARAGRAPH.CENTER, 0, 12, 18, True, 24),
        ("TOC 1", SONG, 11, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0, False, 20),
        ("TOC 2", SONG, 11, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0, False, 20),
        ("表标题", SONG, 16, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, 10, True, None),
        ("表头说明（横向）", SONG, 10, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 3, False, None),
        ("表格文字", SONG, 10.5, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, 0, False, None),
        ("表格标题行", SONG, 10.5, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, 0, False, None),
        ("表格数字", SONG, 10.5, WD_ALIGN_PARAGRAPH.RIGHT, 0, 0, 0, False, None),
        ("表注", SONG, 10.5, WD_ALIGN_PARAGRAPH.LEFT, 0, 3, 0, False, None),
    ]
    for name, east, size, align, indent, before, after, brk, line in specs:
        style = doc.styles[name]
        set_fonts(style, east, size)
        layout(style, align=align, indent_chars=indent, before=before, after=after, exact=line,
               keep_next=name.startswith(("Heading", "表标题", "目录")), page_break=brk, size=size)
    for name in ("TOC 1", "TOC 2"):  # the 目录's leader and page number run to the landscape margin
        tabs = doc.styles[name].paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Mm(SH_WIDE), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    doc.styles["TOC 2"].paragraph_format.left_indent = Pt(22)  # the tables two characters in, as published
    wide = doc.styles["表头说明（横向）"].paragraph_format.tab_stops
    wide.add_tab_stop(Mm(257), WD_TAB_ALIGNMENT.CLEAR)
    wide.add_tab_stop(Mm(SH_WIDE), WD_TAB_ALIGNMENT.RIGHT)
    codes = paragraph_style(doc, "表格编码", "表格文字")  # 类/款/项 codes, centred in their columns
    codes.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the label lines of a 项目经费情况说明 (一、项目概述 …): flush left, the text under them indented
    fields = paragraph_style(doc, "栏目标题", "Normal")
    fields.paragraph_format.first_line_indent = Pt(0)
    fields.paragraph_format.keep_with_next = True
    # The part of the document that has a 目录 entry but no heading of its own (五、部门预算表):
    # a Heading 1 printed nowhere (hidden text), so the 目录 lists it in its place.
    hidden = paragraph_style(doc, "目录条目（不印）", "Heading 1")
    hidden.font.hidden = True
    hidden.paragraph_format.page_break_before = False


def shanghai_document():
    doc = Document()
    define_styles(doc)
    shanghai_styles(doc)
    section = doc.sections[0]
    landscape(section)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def shanghai_text_blocks(doc) -> None:
    block(doc, "cover")
    para(doc, "{{ dept.title }}", "封面标题")
    para(doc, "{{ dept.budget_line }}", "封面副标题")
    block(doc, "toc")
    para(doc, "目　录", "目录标题")
    para(doc, "{{ toc }}", "TOC 1")
    for level in (1, 2):
        block(doc, f"heading.{level}")
        para(doc, "{{ node.title }}", f"Heading {level}")
    block(doc, "heading.toc_only")
    para(doc, "{{ node.title }}", "目录条目（不印）")
    block(doc, "paragraphs")
    loop(doc, "node.paragraphs", "{{ p }}")


def shanghai_table_heading(doc) -> None:
    para(doc, "{{ node.title }}", "表标题")
    para(doc, "{{ dept.unit_line }}\t{{ node.money_line }}", "表头说明（横向）")


def shanghai_table(doc, widths: list[float], header: list[list[str]], body: list[str], footer: list[str] | None,
                   amounts_from: int, merge_total: int = 0, loop_over: str | None = "node.rows",
                   amount_columns: tuple[int, ...] = (), code_columns: tuple[int, ...] = (),
                   row_height: float = 20) -> None:
    """A table with its header, the body row (repeated for node.rows), and the 合计 row last,
    whose label spans `merge_total` columns; amounts right-aligned (from `amounts_from`, or the
    columns listed), codes centred; rows at least `row_height` points high, text centred
    vertically (as the published tables)."""
    t = table(doc, widths, header, [body], loop_over=loop_over, numeric_from=amounts_from,
              footer=[footer] if footer else None)
    for i, row in enumerate(t.rows):
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(int((row_height if i >= len(header) else 20) * 20)))
        height.set(qn("w:hRule"), "atLeast")
        row._tr.get_or_add_trPr().append(height)
        for j, cell in enumerate(row.cells):
            align = OxmlElement("w:vAlign")
            align.set(qn("w:val"), "center")
            cell._tc.get_or_add_tcPr().append(align)
            if i >= len(header) and (j in amount_columns or j in code_columns):
                for p in cell.paragraphs:
                    p.style = "表格数字" if j in amount_columns else "表格编码"
    if footer:  # 收入总计 / 支出总计 centred in their cells
        for j, cell in enumerate(t.rows[-1].cells):
            if j not in amount_columns and j < amounts_from and footer[j]:
                for p in cell.paragraphs:
                    p.style = "表格标题行"
    if footer and merge_total > 1:
        last = t.rows[-1]
        last.cells[0].merge(last.cells[merge_total - 1])
        for p in last.cells[0].paragraphs:
            p.style = "表格标题行"


def shanghai_empty_note(doc) -> None:
    para(doc, "{%p if node.empty %}", "表注")
    para(doc, "{{ node.empty_note }}", "表注")
    para(doc, "{%p endif %}", "表注")


SH_CODES = ["{{ r.class_code }}", "{{ r.section_code }}", "{{ r.item_code }}", "{{ r.bare_name }}"]


def shanghai_function_table(doc, group: str, columns: list[str], keys: list[str], sources: bool = False) -> None:
    """表2/3/5/6/7: 类, 款, 项 and 名称, then the amounts (by measure, or by source column)."""
    n = len(columns)
    widths = [12, 12, 12, 70] + [(SH_WIDE - 106) / n] * n
    header = [
        ["项目", "<", "<", "<", group] + ["<"] * (n - 1),
        ["功能分类科目编码", "<", "<", "功能分类科目名称"] + columns,
        ["类", "款", "项", "^"] + ["^"] * n,
    ]
    cells = [f"{{{{ r.{k} }}}}" for k in keys[:1]]
    totals = [f"{{{{ node.total.{k} }}}}" for k in keys[:1]]
    if sources:
        cells += [f"{{{{ r.sources[{i}] }}}}" for i in range(n - 1)]
        totals += [f"{{{{ node.total.sources[{i}] }}}}" for i in range(n - 1)]
    else:
        cells += [f"{{{{ r.{k} }}}}" for k in keys[1:]]
        totals += [f"{{{{ node.total.{k} }}}}" for k in keys[1:]]
    shanghai_table(doc, widths, header, SH_CODES + cells, ["合计", "", "", ""] + totals, amounts_from=4,
                   merge_total=4, code_columns=(0, 1, 2))


def shanghai_table_blocks(doc) -> None:
    # 表1 财务收支预算总表: 部门 (one 预算数 column) and 单位 (合计, 人员经费, 公用经费, 项目支出)
    block(doc, "table.summary")
    shanghai_table_heading(doc)
    shanghai_table(
        doc, [80, 48.5, 80, 48.5],
        [["本年收入", "<", "本年支出", "<"], ["项目", "预算数", "项目", "预算数"]],
        ["{{ r.in_label }}", "{{ r.in_amount }}", "{{ r.out_label }}", "{{ r.out_total }}"],
        ["收入总计", "{{ node.income_total }}", "支出总计", "{{ node.expenditure_total }}"],
        amounts_from=9, amount_columns=(1, 3),
    )
    block(doc, "table.summary_unit")
    shanghai_table_heading(doc)
    shanghai_table(
        doc, [55, 34, 60, 27, 27, 27, 27],
        [["本年收入", "<", "本年支出", "<", "<", "<", "<"],
         ["项目", "预算数", "项目", "预算数", "<", "<", "<"],
         ["^", "^", "^", "合计", "基本支出", "<", "项目支出"],
         ["^", "^", "^", "^", "人员经费", "公用经费", "^"]],
        ["{{ r.in_label }}", "{{ r.in_amount }}", "{{ r.out_label }}", "{{ r.out_total }}",
         "{{ r.out_personnel }}", "{{ r.out_public }}", "{{ r.out_project }}"],
        ["收入总计", "{{ node.income_total }}", "支出总计", "{{ node.expenditure_total }}",
         "{{ node.personnel_total }}", "{{ node.public_total }}", "{{ node.project_total }}"],
        amounts_from=9, amount_columns=(1, 3, 4, 5, 6),
    )
    # 表2 收入预算总表: by 功能分类, a column per source
    block(doc, "table.income")
    shanghai_table_heading(doc)
    shanghai_function_table(doc, "收入预算", ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"],
                            ["total"], sources=True)
    # 表3 支出预算总表
    block(doc, "table.expenditure")
    shanghai_table_heading(doc)
    shanghai_function_table(doc, "支出预算", ["合计", "基本支出", "项目支出"], ["total", "basic", "project"])
    # 表4 财政拨款收支预算总表: a spending column per kind of 财政拨款
    block(doc, "table.fiscal")
    shanghai_table_heading(doc)
    shanghai_table(
        doc, [50, 33, 58, 29, 29, 29, 29],
        [["财政拨款收入", "<", "财政拨款支出", "<", "<", "<", "<"],
         ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
        ["{{ r.in_label }}", "{{ r.in_amount }}", "{{ r.out_label }}", "{{ r.out_total }}",
         "{{ r.out_general }}", "{{ r.out_gov_fund }}", "{{ r.out_state_capital }}"],
        ["收入总计", "{{ node.income_total }}", "支出总计", "{{ node.expenditure_total }}",
         "{{ node.general_total }}", "{{ node.gov_fund_total }}", "{{ node.state_capital_total }}"],
        amounts_from=9, amount_columns=(1, 3, 4, 5, 6),
    )
    # 表5—7 one kind of 财政拨款 by 功能分类 (an empty one: its blank rows, 合计 and its note)
    for name, group in (("general", "一般公共预算支出"), ("gov_fund", "政府性基金预算支出"),
                        ("state_capital", "国有资本经营预算支出")):
        block(doc, f"table.{name}")
        shanghai_table_heading(doc)
        shanghai_function_table(doc, group, ["合计", "基本支出", "项目支出"], ["total", "basic", "project"])
        shanghai_empty_note(doc)
    # 表8 一般公共预算基本支出 by 经济分类 类/款
    block(doc, "table.general_basic")
    shanghai_table_heading(doc)
    shanghai_table(
        doc, [22, 22, 81, 44, 44, 44],
        [["项目", "<", "<", "一般公共预算基本支出", "<", "<"],
         ["部门预算经济分类科目编码", "<", "经济分类科目名称", "合计", "人员经费", "公用经费"],
         ["类", "款", "^", "^", "^", "^"]],
        ["{{ r.class_code }}", "{{ r.section_code }}", "{{ r.bare_name }}", "{{ r.total }}", "{{ r.personnel }}",
         "{{ r.public }}"],
        ["合计", "", "", "{{ node.total.total }}", "{{ node.total.personnel }}", "{{ node.total.public }}"],
        amounts_from=3, merge_total=3, code_columns=(0, 1),
    )
    shanghai_empty_note(doc)
    # 表9 “三公”经费和机关运行经费 (万元), one row
    block(doc, "table.three_public")
    shanghai_table_heading(doc)
    shanghai_table(
        doc, [35, 35, 35, 35, 35, 35, 47],
        [["“三公”经费预算数", "<", "<", "<", "<", "<", "机关运行经费预算数"],
         ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "<", "<", "^"],
         ["^", "^", "^", "小计", "购置费", "运行费", "^"]],
        ["{{ node.total }}", "{{ node.abroad }}", "{{ node.reception }}", "{{ node.vehicles }}",
         "{{ node.vehicle_purchase }}", "{{ node.vehicle_operation }}", "{{ node.operating }}"],
        None, amounts_from=0, loop_over=None, row_height=60,
    )


def shanghai_project_block(doc) -> None:
    """项目经费情况说明: each description (with the project's name when there are several), each
    field a label line and its text."""
    block(doc, "project_descriptions")
    para(doc, "{%p for section in node.sections %}")
    para(doc, "{%p if section.heading %}")
    para(doc, "{{ section.heading }}", "Heading 2")
    para(doc, "{%p endif %}")
    para(doc, "{%p for field in section.fields %}")
    para(doc, "{{ field.label }}", "栏目标题")
    loop(doc, "field.paragraphs", "{{ p }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")


def build_shanghai(out: Path = SHANGHAI_OUT) -> Path:
    """The Shanghai profile's template."""
    doc = shanghai_document()
    shanghai_text_blocks(doc)
    shanghai_table_blocks(doc)
    shanghai_project_block(doc)
    return save(doc, out, "budgetauthor 上海（普陀区）版式模板：可在 Word 中修改样式与版式；模板标签须整体输入，请勿拆分。")


if __name__ == "__main__":
    if len(sys.argv) > 1:  # one template to a path of one's choosing
        print(build(Path(sys.argv[1])))
    else:
        print(build(OUT))
        print(build_guangdong(GUANGDONG_OUT))
        print(build_shanghai())
