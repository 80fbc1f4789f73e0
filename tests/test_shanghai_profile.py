"""The Shanghai (上海市普陀区) profile reproduces the two published documents.

Both Putuo examples are rendered with the shanghai profile and read back with python-docx. Every
cell of the nine published tables (tests/fixtures/shanghai/<slug>/tables.json, transcribed from the
PDFs and never computed by our code) is compared with the rendered table at the same row and
column: every printed figure, "0.00" and blank alike, and every label and code. The headings, the
目录, the cover and the prose of the sections are compared with text.yaml.

Where the published document contradicts itself or the classification, the rendered document
follows the tables (tests/fixtures/shanghai/README.md, “原文自身的问题”); each such difference is
listed below with its README item, as the published text and what we print instead.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path

import docx
import pytest
import yaml

import budgetauthor
from budgetauthor import load, validate
from budgetauthor.errors import TemplateProblem
from budgetauthor.profiles import load_profile, warnings_of
from budgetauthor.profiles.loader import for_kind, has_variants
from budgetauthor.render.engine import check_profile

from .helpers import EXAMPLES, MINIMAL, edit

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "shanghai"
CZJ, FLFY = "putuo-czj-2025", "putuo-flfy-2024"
DOCUMENTS = (CZJ, FLFY)
FIGURE = re.compile(r"\d{1,3}(,\d{3})*(\.\d+)?")
# Printed figures per table (tests/test_shanghai_data.py counts them from the fixtures).
FIGURES = {
    CZJ: {1: 8, 2: 40, 3: 44, 4: 12, 5: 44, 6: 0, 7: 0, 8: 90, 9: 3},
    FLFY: {1: 16, 2: 34, 3: 34, 4: 10, 5: 30, 6: 0, 7: 0, 8: 55, 9: 6},
}

# Cells where the document is wrong and we print the classification: (table, row, column) →
# (as published, as rendered).
CELL_ERRATA = {
    CZJ: {},
    FLFY: {
        # README 单位 1: 事业单位医疗's 类 printed “7” in 表3 and 表5 (表2 prints 210)
        (3, 10, 0): ("7", "210"),
        (5, 10, 0): ("7", "210"),
        # README 单位 2: 类210 under its pre-2019 name in 表1 and 表4 (表2, 3, 5 print the current one)
        (1, 2, 2): ("三、医疗卫生与计划生育支出", "三、卫生健康支出"),
        (4, 2, 2): ("三、医疗卫生与计划生育支出", "三、卫生健康支出"),
    },
}

# Headings as published → as rendered (README 单位 8: 表9's title alone lacks the year).
HEADING_ERRATA = {
    CZJ: {},
    FLFY: {"单位“三公”经费和机关运行经费预算表": "2024年单位“三公”经费和机关运行经费预算表"},
}

# 编制说明 items: (published, rendered) replacements, by README item.
ITEM_ERRATA = {
    CZJ: [
        ("87.70万元", "87.71万元"),  # 3: 877,080.00元 truncated, not rounded
        ("887.36万元", "87.36万元"),  # 2: an extra 8 (873,617.00元)
        ("缴费支出 （项）", "缴费支出（项）"),  # 4: a stray space
        ("其它行政事业单位养老支出", "其他行政事业单位养老支出"),  # 4: the classification says 其他
        ("78.21万元", "78.22万元"),  # 3: 782,164.00元 truncated
        ("204.91万元", "204.92万元"),  # 3: 2,049,197.00元 truncated
        ("268.77万元", "268.78万元"),  # 3: 2,687,760.00元 truncated
    ],
    FLFY: [
        ("738.66万元", "696.48万元"),  # 4: 表5 prints 6,964,796元; 738.66 adds the 退休费 again
        ("增加3.84%", "减少2.09%"),  # 4: 696.48 against 711.34
        ("医疗卫生与计划生育支出（类）", "卫生健康支出（类）"),  # 2: the pre-2019 name of 类210
    ],
}
# README 单位 5: the 单位's list leaves out 2080599 (0.70万元); we print it, after item 3.
OMITTED_ITEMS = {
    FLFY: (3, "“社会保障和就业支出（类）行政事业单位养老支出（款）其他行政事业单位养老支出（项）”0.70万元。"),
}

# 其他相关情况说明 and 项目经费情况说明: (published, rendered) replacements, by README item.
OTHER_ERRATA = {
    CZJ: [
        # 8: the one “三公” item worded otherwise than the rest (and than the 单位 and the template)
        ("与2024年预算持平，此项经费由区统筹安排", "与2024年预算持平，主要原因是此项经费由区统筹安排"),
        ("（二）公务车购置及运行费0万元，其中：", "（二）公务用车购置及运行费0万元，与2024年预算持平。其中："),
        ("与2024年预算一致0万元", "与2024年预算持平"),
        ("公务车用车运行费", "公务用车运行费"),
        # 10: a 部门预算 speaking of 本单位
        ("2025年度本单位", "2025年度本部门"),
        ("本单位编报绩效目标", "本部门编报绩效目标"),
        # 9: the department's short name, and 100万 without 元 once
        ("截至2024年8月31日，财政局共有车辆", "截至2024年8月31日，上海市普陀区财政局共有车辆"),
        ("单价100万（含）", "单价100万元（含）"),
        # 7: the shared description lists its projects in the file's order, with two decimals
        ("信息化系统日常维护费166.66万元，中介机构服务费418.80万元，财政业务费10万元。",
         "中介机构服务费418.80万元，财政业务费10.00万元，信息化系统日常维护费166.66万元。"),
    ],
    FLFY: [
        # 单位 7: an empty reason and a full stop where a comma belongs
        ("与2023年预算持平，主要原因是。其中：", "与2023年预算持平。其中："),
        ("公务接待费0.00万元。与2023年", "公务接待费0.00万元，与2023年"),
        # 单位 11: the template's hint left in the heading
        ("国有资产占有使用情况（增加内容）", "国有资产占有使用情况"),
    ],
}


# ---- the documents, published and rendered -----------------------------------------------------


@functools.cache
def published_tables(slug: str) -> dict[int, dict]:
    data = json.loads((FIXTURES / slug / "tables.json").read_text(encoding="utf-8"))
    return {t["number"]: t for t in data["tables"]}


@functools.cache
def published_text(slug: str) -> dict:
    return yaml.safe_load((FIXTURES / slug / "text.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, docx.document.Document]:
    out = tmp_path_factory.mktemp("shanghai")
    documents = {}
    for slug in DOCUMENTS:
        result = budgetauthor.render(EXAMPLES / f"{slug}.yaml", out / f"{slug}.docx")
        assert result.report.valid
        documents[slug] = docx.Document(str(result.docx))
    return documents


def paragraphs(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]


def section(document, heading: str) -> list[str]:
    """The paragraphs under a Heading 1, up to the next part or table (Heading 2 lines included)."""
    out, inside = [], False
    for style, text in paragraphs(document):
        if inside and style in ("Heading 1", "表标题", "目录条目（不印）"):
            break
        if inside:
            out.append(text)
        inside = inside or (style == "Heading 1" and text == heading)
    return out


def corrected(text: str, errata: list[tuple[str, str]]) -> str:
    for published, ours in errata:
        text = text.replace(published, ours)
    return text


def amount_columns(table: dict) -> list[int]:
    labels = ("项目", "类", "款", "项", "功能分类科目名称", "经济分类科目名称", "部门经济分类科目名称")
    return [i for i, path in enumerate(table["column_paths"]) if path.rsplit("/", 1)[-1] not in labels]


def compare_table(slug: str, number: int, document) -> tuple[int, list[str]]:
    """(figures reproduced at their row and column, every cell that differs) for one table."""
    table = published_tables(slug)[number]
    grid = document.tables[number - 1]
    header = table["header_row_count"]
    assert len(grid.rows) == header + len(table["rows"]), f"表{number}的行数"
    money = amount_columns(table)
    reproduced, differences = 0, []
    for row in table["rows"]:
        cells = grid.rows[header + row["row"]].cells
        assert len(cells) == table["column_count"], f"表{number}的列数"
        for col, text in enumerate(row["cells"]):
            if any(s["col"] < col < s["col"] + s["colspan"] for s in row.get("spans", ())):
                continue  # covered by a merged cell (合计 over 类/款/项/名称)
            expected = CELL_ERRATA[slug].get((number, row["row"], col), (text, text))[1]
            if cells[col].text != expected:
                differences.append(f"表{number} 第{row['row']}行第{col}列：原文“{text}”，生成“{cells[col].text}”")
            elif col in money and FIGURE.fullmatch(text):
                reproduced += 1
    return reproduced, differences


# ---- the nine tables, cell for cell ------------------------------------------------------------


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_every_cell_of_the_nine_tables_is_where_the_published_document_prints_it(rendered, slug):
    document = rendered[slug]
    assert len(document.tables) == 9
    counts, differences = {}, []
    for number in range(1, 10):
        counts[number], wrong = compare_table(slug, number, document)
        differences += wrong
    assert differences == []
    assert counts == FIGURES[slug]  # 241 figures of the 部门预算, 185 of the 单位预算


# README 部门 5: the 部门's 表7 note copies 表6's; each of ours names its own fund.
NOTE_ERRATA = {CZJ: {7: "注：本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。"}, FLFY: {}}


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_the_tables_carry_their_compiler_unit_and_empty_notes(rendered, slug):
    lines = paragraphs(rendered[slug])
    published = published_tables(slug)
    captions = [text.split("\t") for style, text in lines if style == "表头说明（横向）"]
    assert [c[0] for c in captions] == [published[n]["compiler_line"] for n in range(1, 10)]
    # the published 表9 writes 单位:万元 with a half-width colon; we write the full-width one throughout
    assert [c[1] for c in captions] == [published[n]["unit_line"].replace(":", "：") for n in range(1, 10)]
    notes = [text for style, text in lines if style == "表注"]
    assert notes == [NOTE_ERRATA[slug].get(n, published[n]["note"].replace("注:", "注：")) for n in (6, 7)]


# ---- headings, 目录, cover -------------------------------------------------------------------------


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_the_headings_are_the_published_ones_in_order(rendered, slug):
    published = [HEADING_ERRATA[slug].get(h["text"], h["text"]) for h in published_text(slug)["outline"]["headings"]]
    ours = [text for style, text in paragraphs(rendered[slug]) if style in ("Heading 1", "表标题")]
    assert ours == published


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_the_cover_and_the_table_of_contents(rendered, slug):
    outline = published_text(slug)["outline"]
    lines = paragraphs(rendered[slug])
    assert [text for style, text in lines if style.startswith("封面")] == [outline["cover"]["title"],
                                                                         outline["cover"]["budget_line"]]
    toc = [text.strip("\u3000") for style, text in lines if style.startswith("TOC")]

    def as_rendered(entry: str) -> str:
        """The published 目录 numbers tables 4–9 with a full-width “．” and the 单位's 9 without a
        space; we number every table “N. ”."""
        number, title = re.match(r"^(\d)[.．] ?(.*)$", entry).groups()
        return f"{number}. {HEADING_ERRATA[slug].get(title, title)}"

    expected = []
    for entry in outline["toc"]["entries"]:
        expected += [entry["text"]] + [as_rendered(c) for c in entry.get("children", ())]
    assert toc == expected


# ---- the prose ---------------------------------------------------------------------------------------


# The 名词解释 as the 单位 and the 2026 template word it; the 部门 leaves out one 是.
GLOSSARY_ERRATA = {CZJ: [("（一）基本支出预算：区级", "（一）基本支出预算：是区级")], FLFY: []}


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_duties_organization_and_glossary_are_the_published_text(rendered, slug):
    text, document = published_text(slug), rendered[slug]
    assert section(document, text["duties"]["heading"]) == text["duties"]["paragraphs"] + text["duties"]["items"]
    organization = text["organization"]
    assert section(document, organization["heading"]) == organization["paragraphs"] + organization.get("units", [])
    assert section(document, "名词解释") == [corrected(item["text"], GLOSSARY_ERRATA[slug])
                                          for item in text["glossary"]["items"]]


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_the_explanation_and_its_numbered_items(rendered, slug):
    explanation = published_text(slug)["explanation"]
    items = [corrected(item["text"], ITEM_ERRATA[slug]) for item in explanation["items"]]
    if slug in OMITTED_ITEMS:
        after, missing = OMITTED_ITEMS[slug]
        items.insert(after, missing)
    items = [re.sub(r"^\d+\. ?", "", item) for item in items]
    number = "{}." if slug == CZJ else "{}. "
    expected = explanation["paragraphs"] + [number.format(i) + item for i, item in enumerate(items, 1)]
    assert section(rendered[slug], explanation["heading"]) == expected


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_the_other_sections_are_the_published_text(rendered, slug):
    other = published_text(slug)["other"]
    expected = []
    for part in ("three_public", "operating_expenses", "procurement", "performance", "assets"):
        expected += [other[part]["heading"]] + other[part]["paragraphs"]
    assert section(rendered[slug], other["heading"]) == [corrected(t, OTHER_ERRATA[slug]) for t in expected]


def test_the_departments_project_description_and_the_unit_has_none(rendered):
    projects = published_text(CZJ)["projects"]
    expected = []
    for field in projects["fields"]:
        expected += [field["heading"], field["text"]] + ([field["after"]] if field.get("after") else [])
    assert section(rendered[CZJ], projects["heading"]) == [corrected(t, OTHER_ERRATA[CZJ]) for t in expected]
    assert "项目经费情况说明" not in [text for style, text in paragraphs(rendered[FLFY]) if style == "Heading 1"]


# ---- the profile as data -----------------------------------------------------------------------------


def test_the_shanghai_profile_loads_without_warnings_and_differs_by_kind():
    profile = load_profile("shanghai")
    assert warnings_of(profile) == []
    department, unit = profile.for_kind("部门预算"), profile.for_kind("单位预算")
    assert [n.id for n in department.outline][-1] == "projects"
    assert "projects" not in [n.id for n in unit.outline]  # 单位预算 has no 七、项目经费情况说明
    assert department.numbering.item("fiscal_items", 1) == "1." and unit.numbering.item("fiscal_items", 1) == "1. "
    assert department.node("summary").block == "table.summary" and unit.node("summary").block == "table.summary_unit"


def test_the_shanghai_template_passes_the_template_lint_and_has_every_block_of_both_kinds():
    assert check_profile(load_profile("shanghai")) == []


def test_the_examples_validate_in_the_shanghai_layout_without_errors():
    for slug in DOCUMENTS:
        report = validate(load(EXAMPLES / f"{slug}.yaml"))
        assert report.errors == [], slug


def test_the_committed_shanghai_template_equals_a_fresh_build(tmp_path):
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "tools" / "build_template.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    fresh = builder.build_shanghai(tmp_path / "template.docx")
    assert fresh.read_bytes() == builder.SHANGHAI_OUT.read_bytes(), "run `python tools/build_template.py`"


# ---- the machinery the Shanghai layout needed, on the minimal example -----------------------------------


def test_a_setting_may_be_written_once_per_document_kind():
    raw = {"money": {"plain_zero": {"部门预算": "true", "单位预算": "false"}},
           "document": [{"id": "a"}, {"id": "b", "kinds": ["部门预算"]}]}
    assert has_variants(raw) and not has_variants({"money": {"prose": "万元"}})
    assert for_kind(raw, "单位预算") == {"money": {"plain_zero": "false"}, "document": [{"id": "a"}]}
    assert for_kind(raw, "部门预算")["document"] == [{"id": "a"}, {"id": "b"}]


def test_a_variant_that_names_one_kind_only_is_refused(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "profile.yaml").write_text("base: standard\nmoney:\n  plain_zero:\n    单位预算: false\n",
                                         encoding="utf-8")
    with pytest.raises(TemplateProblem) as info:
        load_profile(folder)
    assert any("两种都要写" in f.message for f in info.value.findings)


def render_minimal(tmp_path: Path, text: str = MINIMAL, **kwargs) -> docx.document.Document:
    source = tmp_path / "budget.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.docx"
    budgetauthor.render(source, out, force=True, **kwargs)
    return docx.Document(str(out))


def test_yuan_amounts_print_whole_unless_the_budget_has_fen(tmp_path):
    whole = render_minimal(tmp_path, profile="shanghai")
    assert [c.text for c in whole.tables[0].rows[-1].cells] == ["收入总计", "1,864,000", "支出总计", "1,864,000"]
    fen = edit(MINIMAL, ("source: 一般公共预算, amount: 52.80}", "source: 一般公共预算, amount: 52.800001}"))
    with_fen = render_minimal(tmp_path, fen, profile="shanghai")
    assert [c.text for c in with_fen.tables[0].rows[-1].cells] == ["收入总计", "1,864,000.01", "支出总计",
                                                                   "1,864,000.01"]


def test_the_three_public_table_prints_general_figures_and_blank_zeros_by_column(tmp_path):
    unit = render_minimal(tmp_path, profile="shanghai", kind="单位预算")
    department = render_minimal(tmp_path, profile="shanghai")
    # minimal.yaml: 公务接待费 0.80万元, 机关运行经费 15.20万元, nothing else
    assert [c.text for c in department.tables[8].rows[-1].cells] == ["0.8", "", "0.8", "", "", "", "15.2"]
    assert [c.text for c in unit.tables[8].rows[-1].cells] == ["0.8", "0", "0.8", "0", "", "0", "15.2"]


def test_the_minimal_department_renders_in_the_shanghai_layout(tmp_path):
    document = render_minimal(tmp_path, profile="shanghai")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["青山区档案馆主要职能", "青山区档案馆机构设置", "名词解释", "2025年部门预算编制说明",
                        "其他相关情况说明", "项目经费情况说明"]
    texts = [p.text for p in document.paragraphs]
    assert "财政拨款支出主要内容如下：" in texts
    assert any(t.startswith("1.“一般公共服务支出（类）档案事务（款）行政运行（项）”") for t in texts)
