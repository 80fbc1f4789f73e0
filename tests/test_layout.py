"""Page layout a reviewer accepts (issue 10, sections 3 and 4), checked on the exact Word XML:

a draft says so on every page; cover and 目录 carry no page number and page 1 is the first part's;
the 目录 is a field Word updates on opening; tables stay with their lead-in, header and group rows;
styles name Simplified Chinese; a long heading breaks into balanced lines. The PDF checks (the
目录's page numbers as LibreOffice lays the pages out, the faces, the draft mark) are in
test_layout_pdf.py.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

import budgetauthor
from budgetauthor import load, validate
from budgetauthor.profiles import load_profile, shipped_folder
from budgetauthor.render.engine import render_bytes
from budgetauthor.render.page_layout import DRAFT_MARK, line_break

from .helpers import EXAMPLES, MINIMAL
from .test_render import cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ZENGDU_PART_3 = "第三部分\u3000曾都区政务服务和大数据管理局2024年部门预算情况说明"


def derived_of(name: str):
    report = validate(load(EXAMPLES / name))
    assert report.valid, report.flatten("code", "message")
    return report.derived


@pytest.fixture(scope="module")
def zengdu() -> bytes:
    return render_bytes(derived_of("zengdu-2024.yaml"))


@pytest.fixture(scope="module")
def zengdu_hubei() -> bytes:
    return render_bytes(derived_of("zengdu-2024.yaml"), profile=load_profile(shipped_folder() / "hubei"))


@pytest.fixture(scope="module")
def minimal() -> bytes:
    return render_bytes(derived_of("minimal.yaml"))


def part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def style_of(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else "Normal"


def sections(body) -> list:
    return list(body.iter(f"{W}sectPr"))


def direct_keep_next(paragraph) -> bool | None:
    """The paragraph's own w:keepNext: True, False (w:val="0") or None (as its style says)."""
    flag = paragraph.find(f"{W}pPr/{W}keepNext")
    if flag is None:
        return None
    return flag.get(f"{W}val", "true") not in ("0", "false")


# ---- 3. a draft never looks final ---------------------------------------------------------------


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    folder = tmp_path_factory.mktemp("draft")
    source = folder / "broken.yaml"
    source.write_text(MINIMAL.replace("amount: 52.80}", "amount: 58.20}"), encoding="utf-8")
    return source


def test_a_forced_draft_says_so_in_the_header_of_every_section_and_in_its_title(broken, tmp_path):
    out = tmp_path / "draft.docx"
    result = cli("render", broken, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "草稿（每页页眉和文档标题都标有“草稿”）" in result.output
    doc = Document(str(out))
    assert doc.core_properties.title == "【草稿】青山区档案馆2025年部门预算"
    assert len(doc.sections) == 6  # cover and 目录, then the parts' portrait and landscape sections
    for section in doc.sections:  # each names its header: none inherits from a section without one
        assert not section.header.is_linked_to_previous
        assert section.header.paragraphs[0].text == DRAFT_MARK == "草稿（数据存在错误，不能作为正式公开文件）"
        assert section.header.paragraphs[0].style.name == "草稿标记"


def test_the_draft_differs_from_the_document_only_by_its_mark():
    derived = derived_of("minimal.yaml")
    final, draft = render_bytes(derived), render_bytes(derived, draft=True)

    def body_without_headers(data: bytes) -> bytes:
        body = part(data, "word/document.xml")
        for reference in list(body.iter(f"{W}headerReference")):
            reference.getparent().remove(reference)
        return etree.tostring(body)

    assert body_without_headers(draft) == body_without_headers(final)
    assert render_bytes(derived) == final  # and the final one is the same bytes every time


def test_without_errors_no_draft_mark_anywhere(minimal):
    package = zipfile.ZipFile(io.BytesIO(minimal))
    assert not [n for n in package.namelist() if n.startswith("word/header")]
    assert not any("草稿".encode() in package.read(n) for n in package.namelist() if n != "word/styles.xml")
    assert Document(io.BytesIO(minimal)).core_properties.title == "青山区档案馆2025年部门预算"


# ---- 4. page numbers: none on cover and 目录, page 1 on the first part ------------------------------


@pytest.mark.parametrize("layout", ["zengdu", "zengdu_hubei"])
def test_cover_and_toc_have_no_page_number_and_the_first_part_starts_page_1(layout, request):
    body = part(request.getfixturevalue(layout), "word/document.xml").find(f"{W}body")
    first_part = next(p for p in body.iter(f"{W}p") if style_of(p) == "Heading1")
    assert text(first_part) == "第一部分\u3000曾都区政务服务和大数据管理局概况"
    front, *rest = sections(body)
    # the front matter's section ends right before the first part: cover, 目录, nothing else
    assert front.getparent().getparent() is first_part.getprevious()
    assert front.find(f"{W}footerReference") is None
    restart = rest[0].find(f"{W}pgNumType")
    assert restart is not None and restart.get(f"{W}start") == "1"
    assert all(s.find(f"{W}pgNumType") is None for s in rest[1:])
    footers = {s.find(f"{W}footerReference").get(qn("r:id")) for s in rest}
    assert len(footers) == 1  # every later section, landscape ones too, prints the same page number


def test_the_page_number_footer_is_a_page_field(zengdu):
    footer = part(zengdu, "word/footer1.xml")
    assert [f.get(f"{W}instr") for f in footer.iter(f"{W}fldSimple")] == ["PAGE"]
    assert text(footer) == "— 1 —"


# ---- 4. the 目录 --------------------------------------------------------------------------------------


def instructions(body) -> list[str]:
    """The field codes of the document, one per field (a code may span several runs)."""
    codes: list[str] = []
    for run in body.iter(f"{W}r"):
        char = run.find(f"{W}fldChar")
        if char is not None and char.get(f"{W}fldCharType") == "begin":
            codes.append("")
        for instr in run.iter(f"{W}instrText"):
            codes[-1] += instr.text
    return codes


def tc_entries(body) -> list[tuple[str, int]]:
    """(text, level) of every TC field, in document order, its quoted text unescaped."""
    entries = []
    for code in instructions(body):
        found = re.fullmatch(r' TC "((?:[^"\\]|\\.)*)" \\f C \\l (\d) ', code)
        if code.lstrip().startswith("TC"):
            assert found, code  # every TC field in the form Word reads: quoted text, type C, a level 1–9
            entries.append((re.sub(r"\\(.)", r"\1", found[1]), int(found[2])))
    return entries


def test_toc_is_built_from_the_tc_fields_and_word_updates_it_on_opening(zengdu):
    """TOC \\f C lists the TC fields of type C only: updating it (Word on opening, LibreOffice
    before the PDF) keeps each entry's own text and level instead of regenerating them from styles."""
    body = part(zengdu, "word/document.xml")
    assert [c for c in instructions(body) if c.lstrip().startswith("TOC")] == [" TOC \\f C \\h \\z "]
    settings = part(zengdu, "word/settings.xml")
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    order = [child.tag for child in settings]
    assert order.index(f"{W}updateFields") < order.index(f"{W}compat")  # where the schema puts it


def test_each_heading_carries_its_toc_entry_with_its_level(zengdu):
    entries = tc_entries(part(zengdu, "word/document.xml"))
    assert len(entries) == 22  # 4 parts, 2 + 11 + 2 + 3 entries below them
    assert entries[:5] == [("第一部分\u3000曾都区政务服务和大数据管理局概况", 1), ("一、主要职责", 2),
                           ("二、机构设置及人员情况", 2),
                           ("第二部分\u3000曾都区政务服务和大数据管理局2024年部门预算表", 1), ("表1\u3000部门收支总表", 2)]
    assert (ZENGDU_PART_3, 1) in entries
    assert entries[-1] == ("三、其他名词", 2)
    assert [level for _, level in entries].count(1) == 4
    # the cached 目录 (what a reader shows before updating) lists the same entries
    toc = [text(p) for p in part(zengdu, "word/document.xml").iter(f"{W}p") if style_of(p) in ("TOC1", "TOC2")]
    assert toc == [entry for entry, _ in entries]


def test_a_quotation_mark_or_backslash_in_an_entry_is_escaped_for_word():
    from budgetauthor.render.engine import _tc_field

    code = "".join(i.text for run in _tc_field(2, 'A "B" C\\D') for i in run.iter(f"{W}instrText"))
    assert code == ' TC "A \\"B\\" C\\\\D" \\f C \\l 2 '


@pytest.fixture(scope="module")
def putuo() -> bytes:
    derived = derived_of("putuo-czj-2025.yaml")
    return render_bytes(derived, profile=load_profile(shipped_folder() / "shanghai"))


def test_shanghai_toc_has_no_page_numbers_and_lists_the_hidden_part_with_its_tables(putuo):
    body = part(putuo, "word/document.xml")
    assert [c for c in instructions(body) if c.lstrip().startswith("TOC")] == [" TOC \\f C \\h \\z \\n "]
    entries = tc_entries(body)
    assert [e for e, level in entries if level == 1] == [
        "一、部门主要职能", "二、部门机构设置", "三、名词解释", "四、部门预算编制说明", "五、部门预算表",
        "六、其他相关情况说明", "七、项目经费情况说明"]
    tables = [e for e, level in entries if level == 2]
    assert len(tables) == 9 and tables[0] == "1. 2025年部门财务收支预算总表"
    assert tables[-1] == "9. 2025年部门“三公”经费和机关运行经费预算表"
    assert entries.index(("五、部门预算表", 1)) == entries.index((tables[0], 2)) - 1


def test_the_hidden_part_heading_gives_its_entry_to_the_first_printed_paragraph(putuo):
    """五、部门预算表 prints nowhere (hidden): its TC field goes with 表1's title, whose page it is."""
    for p in part(putuo, "word/document.xml").iter(f"{W}p"):
        if text(p) == "2025年部门财务收支预算总表":
            assert [e for e, _ in tc_entries(p)] == ["五、部门预算表", "1. 2025年部门财务收支预算总表"]
            break
    else:
        raise AssertionError("表1 的标题不在文档中")


def test_toc_cached_entries_carry_no_page_numbers_they_could_get_wrong(zengdu):
    entries = [p for p in part(zengdu, "word/document.xml").iter(f"{W}p") if style_of(p) in ("TOC1", "TOC2")]
    assert [text(p) for p in entries[:3]] == [
        "第一部分\u3000曾都区政务服务和大数据管理局概况", "一、主要职责", "二、机构设置及人员情况"]
    assert ZENGDU_PART_3 in [text(p) for p in entries]
    assert not [tab for p in entries for tab in p.iter(f"{W}tab")]
    assert not any(text(p)[-1].isdigit() for p in entries)


def test_toc_styles_indent_level_two_and_lead_dots_to_the_right_margin(zengdu):
    styles = {s.get(f"{W}styleId"): s for s in part(zengdu, "word/styles.xml").iter(f"{W}style")}
    for name in ("TOC1", "TOC2"):
        tab = styles[name].find(f"{W}pPr/{W}tabs/{W}tab")
        assert (tab.get(f"{W}val"), tab.get(f"{W}leader"), tab.get(f"{W}pos")) == ("right", "dot", "8844")  # 156 mm
    assert styles["TOC2"].find(f"{W}pPr/{W}ind").get(f"{W}left") == "560"  # two 14 pt characters


# ---- 4. tables stay with what introduces them --------------------------------------------------------


def performance_tables(body):
    """(lead-in, title, table) for the 部门整体 indicators and every project's 绩效目标表."""
    out = []
    for table in body.iter(f"{W}tbl"):
        title = table.getprevious()
        if title is not None and style_of(title) == "绩效表标题":
            out.append((title.getprevious(), title, table))
    return out


def test_a_performance_target_table_stays_with_its_lead_in_and_is_kept_whole(zengdu):
    found = performance_tables(part(zengdu, "word/document.xml").find(f"{W}body"))
    assert [text(title) for _, title, _ in found][:2] == ["部门整体绩效指标", "12345热线工作专项经费项目支出绩效目标表"]
    assert len(found) == 9
    department, *projects = found
    assert text(department[0]).startswith("部门整体绩效年度目标：") and direct_keep_next(department[0]) is True
    for lead_in, _title, _table in projects:
        assert text(lead_in).endswith("绩效指标：见下表。") and direct_keep_next(lead_in) is True
    for _lead_in, _title, table in found:
        rows = table.findall(f"{W}tr")
        for row in rows[:-1]:
            assert all(direct_keep_next(p) is True for p in row.iter(f"{W}p")), text(row)
        assert all(direct_keep_next(p) is False for p in rows[-1].iter(f"{W}p"))  # not kept with what follows
    for _lead_in, _title, table in projects:  # the project, its funds and goal repeat over the indicators
        rows = table.findall(f"{W}tr")
        assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows[:7]] == [True] * 6 + [False]


def test_table_titles_and_header_rows_keep_with_the_next_and_no_row_splits(zengdu):
    styles = {s.get(f"{W}styleId"): s for s in part(zengdu, "word/styles.xml").iter(f"{W}style")}
    for name in ("表标题", "绩效表标题", "表头说明", "表格标题行"):
        assert styles[name].find(f"{W}pPr/{W}keepNext") is not None, name
    body = part(zengdu, "word/document.xml")
    rows = list(body.iter(f"{W}tr"))
    assert len(rows) > 250
    assert all(r.find(f"{W}trPr/{W}cantSplit").get(f"{W}val") == "true" for r in rows)


def classified_rows(data: bytes, title: str) -> dict[str, list]:
    """Body rows of the table titled `title`, by the text of their first cell (the code), or of
    their second (the name) when the first is blank (a unit row of 项目支出表 has no code)."""
    body = part(data, "word/document.xml").find(f"{W}body")
    for table in body.iter(f"{W}tbl"):
        heading = table.getprevious().getprevious()
        if text(heading).endswith(title):
            out = {}
            for row in table.findall(f"{W}tr"):
                if row.find(f"{W}trPr/{W}tblHeader") is None:
                    cells = row.findall(f"{W}tc")
                    out[text(cells[0]) or text(cells[1]).strip("\u3000")] = row
            return out
    raise AssertionError(title)


def keeps(row) -> list[bool | None]:
    return [direct_keep_next(p) for p in row.iter(f"{W}p")]


def test_a_group_row_keeps_with_the_rows_it_heads(zengdu):
    rows = classified_rows(zengdu, "部门支出总表")
    assert keeps(rows["201"]) == [True] * 5  # 类 over its 款
    assert keeps(rows["20103"]) == [True] * 5  # 款 over its 项
    assert keeps(rows["2010301"]) == [None] * 5  # a 项 heads nothing
    projects = classified_rows(zengdu, "项目支出表")
    assert keeps(projects["曾都区政务服务和大数据管理局本级"]) == [True] * 12  # the unit over its categories
    assert keeps(projects["1101"]) == [True] * 12  # a category over its projects
    assert keeps(projects["42130322016R000000100"]) == [None] * 12


def shanghai_table(data: bytes, title: str):
    """The table whose title (two paragraphs above it: title, 编制部门 line) is `title`."""
    for table in part(data, "word/document.xml").iter(f"{W}tbl"):
        if text(table.getprevious().getprevious()) == title:
            return table
    raise AssertionError(title)


def body_rows(table) -> list:
    return [r for r in table.findall(f"{W}tr") if r.find(f"{W}trPr/{W}tblHeader") is None]


def test_a_tables_last_four_rows_keep_together_so_its_total_never_stands_alone(putuo):
    rows = body_rows(shanghai_table(putuo, "2025年部门收入预算总表"))
    assert text(rows[-1]).startswith("合计")
    assert [set(keeps(r)) for r in rows[-4:-1]] == [{True}] * 3
    assert set(keeps(rows[-1])) == {None}  # nor with the next table's title (its style keeps with nothing)


def test_a_tables_last_row_keeps_with_the_tables_note(putuo):
    table = shanghai_table(putuo, "2025年部门政府性基金预算支出功能分类预算表")
    assert style_of(table.getnext()) == "表注" and text(table.getnext()).startswith("注：本部门2025年无政府性基金预算")
    assert set(keeps(body_rows(table)[-1])) == {True}


def test_codes_printed_over_several_cells_make_the_group_rows_of_shanghai_tables(putuo):
    rows = {"".join(text(c) for c in r.findall(f"{W}tc")[:3]): r for r in body_rows(shanghai_table(putuo, "2025年部门支出预算总表"))}
    assert set(keeps(rows["201"])) == {True}  # 类 | | over its 款
    assert set(keeps(rows["20106"])) == {True}  # 类 | 款 | over its 项
    assert set(keeps(rows["2010601"])) == {None}  # a 项 heads nothing


def paragraph_starting(body, start: str):
    return next(p for p in body.iter(f"{W}p") if text(p).startswith(start))


def keeps_lines(paragraph) -> bool:
    return paragraph.find(f"{W}pPr/{W}keepLines") is not None


def test_a_parts_closing_paragraphs_keep_together_to_make_four_lines_on_its_last_page(putuo):
    """编制说明's last items (one line, one line, two lines) before 表1, which starts a page."""
    body = part(putuo, "word/document.xml")
    last, before, third = (paragraph_starting(body, f"{n}.“") for n in (11, 10, 9))
    assert direct_keep_next(last) is None and not keeps_lines(last)  # the hidden 五、部门预算表 follows
    assert direct_keep_next(before) is True
    assert direct_keep_next(third) is True and keeps_lines(third)  # two lines: moved whole, not split
    assert direct_keep_next(paragraph_starting(body, "8.“")) is None  # four lines reached


def test_the_documents_last_paragraphs_keep_together(putuo):
    paragraphs = list(part(putuo, "word/document.xml").find(f"{W}body").iterchildren(f"{W}p"))
    assert text(paragraphs[-1]) == "详见单位的项目绩效目标表" and direct_keep_next(paragraphs[-1]) is None
    assert [direct_keep_next(p) for p in paragraphs[-3:-1]] == [True, True]  # 七、绩效目标 and its text


# ---- 4. Simplified Chinese ---------------------------------------------------------------------------


def test_styles_name_simplified_chinese_as_the_east_asian_language(zengdu):
    styles = part(zengdu, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default.get(f"{W}eastAsia") == "zh-CN"
    ours = ["Normal", "Title", "Heading1", "Heading2", "Heading3", "Heading4", "TOC1", "TOC2", "表标题", "表格文字",
            "表格标题行", "表格数字", "表注", "绩效表标题", "页脚", "封面标题", "草稿标记"]
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    for style_id in ours:
        assert by_id[style_id].find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN", style_id
    theme = part(zengdu, "word/settings.xml").find(f"{W}themeFontLang")
    assert theme.get(f"{W}eastAsia") == "zh-CN"


def test_body_and_headings_name_different_chinese_faces(zengdu):
    by_id = {s.get(f"{W}styleId"): s for s in part(zengdu, "word/styles.xml").iter(f"{W}style")}

    def east(style_id: str) -> str:
        return by_id[style_id].find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")

    assert [east(s) for s in ("Normal", "Heading2", "Heading3", "Title", "表标题")] == [
        "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "方正小标宋简体"]


def test_font_table_gives_word_the_alternatives_of_the_gb2312_fonts(zengdu):
    fonts = {f.get(f"{W}name"): f for f in part(zengdu, "word/fontTable.xml").iter(f"{W}font")}
    alternatives = {name: fonts[name].find(f"{W}altName").get(f"{W}val")
                    for name in ("仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体")}
    assert alternatives == {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei", "宋体": "SimSun",
                            "方正小标宋简体": "宋体"}
    assert all(fonts[name].find(f"{W}charset").get(f"{W}val") == "86" for name in alternatives)  # GB2312
    assert not [name for name in fonts if name.startswith("ＭＳ")]  # python-docx's Japanese defaults are gone


# ---- 4. a heading that wraps ----------------------------------------------------------------------

CAPACITY = 442 / 16  # ems of a 16 pt heading on the 156 mm text block


def test_a_long_part_title_breaks_after_the_department_name():
    assert line_break(ZENGDU_PART_3, CAPACITY, CAPACITY, ["曾都区政务服务和大数据管理局"], balance=True) == len(
        "第三部分\u3000曾都区政务服务和大数据管理局")


def test_a_title_that_fits_on_a_line_is_not_broken():
    assert line_break("第一部分\u3000曾都区政务服务和大数据管理局概况", CAPACITY, CAPACITY, balance=True) is None


def test_a_left_aligned_heading_breaks_only_to_save_a_lone_last_character():
    # 28 ems on a 27.6 em line would leave "表" alone; a break before the year leaves a word
    text = "二、南昌市西湖区政务服务数据管理局2024年部门预算表"
    position = line_break(text, CAPACITY - 2, CAPACITY, ["南昌市西湖区政务服务数据管理局"])
    assert text[position:] == "2024年部门预算表"
    # 30 ems: five characters on the last line are left as they fall
    assert line_break("二、南昌市西湖区2024年部门预算收支情况说明及其他需要说明的事项", CAPACITY - 2, CAPACITY) is None


def test_without_a_word_boundary_the_break_balances_and_keeps_digits_together():
    text = "第三部分\u3000" + "某" * 25
    position = line_break(text, CAPACITY, CAPACITY, balance=True)
    assert position == len("第三部分\u3000")  # the number's space is the only word boundary
    longer = "第三部分\u3000" + "某" * 28  # its rest does not fit a line: balanced, wherever
    assert line_break(longer, CAPACITY, CAPACITY, balance=True) == 17
    no_space = "某某某某某某某某某某某某某某某某某某某某2024某某某某某某某某"
    position = line_break(no_space, CAPACITY, CAPACITY, balance=True)
    assert no_space[position:].startswith("2024")  # before the year, not inside it


@pytest.mark.parametrize(("layout", "title"), [
    ("zengdu", ZENGDU_PART_3),
    ("zengdu_hubei", "第二部分\u3000曾都区政务服务和大数据管理局2024年部门预算情况说明"),
])
def test_the_long_part_title_of_zengdu_is_printed_on_two_balanced_lines(layout, title, request):
    data = request.getfixturevalue(layout)
    headings = [p for p in part(data, "word/document.xml").iter(f"{W}p") if style_of(p) == "Heading1"]
    heading = next(p for p in headings if text(p) == title)
    run = [r for r in heading.iter(f"{W}r") if r.find(f"{W}t") is not None][0]  # after its TC field
    assert [child.tag for child in run] == [f"{W}t", f"{W}br", f"{W}t"]
    first, second = (t.text for t in run.iter(f"{W}t"))
    assert (first, second) == (title[: title.index("2024")], title[title.index("2024"):])


def test_the_cli_render_of_an_example_matches_the_library(tmp_path, zengdu):
    result = budgetauthor.render(EXAMPLES / "zengdu-2024.yaml", tmp_path / "z.docx")
    assert result.docx.read_bytes() == zengdu


# ---- the PDF conversion's choices (no LibreOffice needed) ---------------------------------------------


def fallbacks() -> list:
    from budgetauthor.pdf import FONT_FALLBACKS

    return json.loads(json.dumps([[list(p), list(f)] for p, f in FONT_FALLBACKS]))  # as uno_export receives them


def test_missing_chinese_fonts_get_an_installed_face_of_their_kind():
    from budgetauthor.pdf.uno_export import choose

    noto = {"Noto Serif CJK SC", "Noto Sans CJK SC", "Liberation Serif"}
    chosen = {name: choose(name, fallbacks(), noto) for name in ("仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体")}
    assert chosen == {
        "仿宋_GB2312": ("Noto Serif CJK SC", False),
        "黑体": ("Noto Sans CJK SC", False),
        "楷体_GB2312": ("Noto Serif CJK SC", False),
        "方正小标宋简体": ("Noto Serif CJK SC", True),  # a bold serif stands in for the heavy 小标宋
        "宋体": ("Noto Serif CJK SC", False),
    }
    windows = noto | {"仿宋", "楷体", "SimHei", "SimSun"}  # Windows 10 has these, not the _GB2312 ones
    assert choose("仿宋_GB2312", fallbacks(), windows) == ("仿宋", False)
    assert choose("楷体_GB2312", fallbacks(), windows) == ("楷体", False)
    assert choose("方正仿宋_GBK", fallbacks(), windows) == ("仿宋", False)  # a bureau's template's font
    assert choose("Arial", fallbacks(), windows) is None


def test_without_libreoffices_python_the_user_is_told_what_the_pdf_lacks(monkeypatch):
    from budgetauthor import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "uno_python", lambda soffice: None)
    assert pdf.conversion_note() == (
        "注意：找不到 LibreOffice 的 Python 组件，PDF 按文档原样导出：目录中没有页码，中文字体由 LibreOffice 自行替代。"
        "Debian/Ubuntu 请安装 python3-uno（sudo apt-get install python3-uno）；Word 文档不受影响。")
    monkeypatch.setattr(pdf, "uno_python", lambda soffice: "/usr/bin/python3")
    assert pdf.conversion_note() is None
