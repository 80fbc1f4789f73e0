"""The rendered document, opened with python-docx: headings, tables, figures, prose, safety.

Renders are shared per module (each example is rendered once through the library API); the
checks read the .docx the way a reviewer would: heading by heading, table by table, and every
figure in the 情况说明 against the table that shows it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

import budgetauthor
from budgetauthor import load, validate
from budgetauthor.cli import main
from budgetauthor.errors import InvalidBudget, OutputError, TemplateProblem
from budgetauthor.profiles.numbering import zh_number as zh  # checked digit by digit in test_prose
from budgetauthor.render.context import build_context

from .helpers import EXAMPLES, MINIMAL, edit

RESIDUE = ("增加（减少）", "增加/下降", "_0_", "MERGEFIELD", "{{", "{%", "%}", "}}", "｛｛", "XXX")

SECTION_TITLES = [
    "收入预算情况", "支出预算情况", "财政拨款支出情况", "政府性基金预算情况", "国有资本经营预算情况",
    "机关运行经费情况", "政府采购情况", "国有资产占有使用情况", "绩效目标设置情况", "其他需要说明的问题",
]
TABLE_TITLES = [
    "部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表",
    "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表",
    "国有资本经营预算支出表", "项目支出表",
]
ZH = "一二三四五六七八九十"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# ---- reading a rendered document ---------------------------------------------------------------


def row_texts(row) -> list[str]:
    """Cell texts of a row, a horizontally merged cell counted once."""
    out, last = [], None
    for cell in row.cells:
        if cell._tc is last:
            continue
        last = cell._tc
        out.append(cell.text.strip())
    return out


@dataclass
class Rendered:
    path: Path
    data: bytes
    doc: object
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (style, text), body order
    tables: dict[str, list[list[str]]] = field(default_factory=dict)  # by table name (no 表N)
    table_titles: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)  # 表注 paragraphs per table name
    performance_tables: dict[str, list[list[str]]] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)  # 情况说明 paragraphs by (一)… title
    projects: dict[str, list[str]] = field(default_factory=dict)  # paragraphs by project heading

    @classmethod
    def open(cls, path: Path) -> Rendered:
        data = path.read_bytes()
        doc = Document(str(path))
        r = cls(path, data, doc)
        table_name = perf_name = None
        part = section = project = None
        for element in doc.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                p = Paragraph(element, doc)
                # a long title's line break (render/page_layout.py) is not part of its text
                style, text = (p.style.name if p.style is not None else ""), p.text.replace("\n", "").strip()
                r.paragraphs.append((style, text))
                if style.startswith("表标题") and text:
                    r.table_titles.append(text)
                    table_name, perf_name = re.sub(r"^表\d+\u3000", "", text), None
                    r.notes[table_name] = []
                elif style == "绩效表标题":
                    perf_name, table_name = text, None
                elif style == "表注" and table_name:
                    r.notes[table_name].append(text)
                elif style == "Heading 1":
                    part, section, project, table_name = text, None, None, None
                elif style == "Heading 2" and part and "情况说明" in part:
                    section = "三公" if "三公" in text else None
                    project = None
                elif style == "Heading 3" and part and "情况说明" in part:
                    section, project = re.sub(r"^（.+?）", "", text), None
                elif style == "Heading 4" and section:
                    project = re.sub(r"^\d+\.", "", text)
                    r.projects[project] = []
                elif text and section and not style.startswith(("Heading", "TOC")):
                    (r.projects[project] if project else r.sections.setdefault(section, [])).append(text)
            elif tag == "tbl":
                rows = [row_texts(row) for row in Table(element, doc).rows]
                if perf_name:
                    r.performance_tables[perf_name] = rows
                    perf_name = None
                elif table_name and table_name not in r.tables:
                    r.tables[table_name] = rows
        return r

    def headings(self, *styles: str) -> list[str]:
        return [text for style, text in self.paragraphs if style in styles]

    def texts(self) -> list[str]:
        """Every text of the document: body paragraphs, table cells, headers and footers."""
        out = [text for _, text in self.paragraphs]
        for table in self.doc.tables:
            out.extend(cell for row in table.rows for cell in row_texts(row))
        for s in self.doc.sections:
            out.extend(p.text for p in s.header.paragraphs + s.footer.paragraphs)
        return out

    def row(self, table: str, label: str, column: int = 1) -> list[str]:
        """The row of `table` whose cell `column` is `label` (ordinal prefixes and indents ignored)."""
        for cells in self.tables[table]:
            if len(cells) > column and bare(cells[column]) == label:
                return cells
        raise AssertionError(f"《{table}》没有“{label}”这一行：{self.tables[table]}")

    def section(self, title: str) -> str:
        return "\n".join(self.sections.get(title, []))


def year_of(r: Rendered) -> str:
    return re.search(r"(\d{4})年部门预算$", r.doc.core_properties.title)[1]


def bare(label: str) -> str:
    """'　　行政运行' → '行政运行'; '十九、住房保障支出' / '（一）一般公共服务支出' → the name."""
    label = label.strip().lstrip("\u3000")
    return re.sub(rf"^(?:[{ZH}]+、|（[{ZH}]+）)", "", label)


def num(text: str) -> D:
    return D(text.replace(",", ""))


AMOUNT = r"(\d[\d,]*\.\d\d|0)万元"


def figure(text: str, lead: str) -> D:
    """The amount right after `lead` (and an optional 为) in `text`: figure(p, '收入预算总额') → 596.15."""
    m = re.search(re.escape(lead) + "为?" + AMOUNT, text)
    assert m, f"“{lead}”后没有金额：{text}"
    return num(m[1])


# ---- renders shared by the module ---------------------------------------------------------------


SHIPPED = sorted(EXAMPLES.glob("*.yaml"))


# Shipped examples the rules refuse, with the error codes they are refused with: none. (The two
# Putuo examples, which the standard layout's completeness rules refused, name the shanghai
# profile, whose rules follow what Shanghai publishes; test_shanghai_profile.py checks their pages.)
REFUSED: dict[str, set[str]] = {}


def _examples() -> tuple[list[Path], dict[str, set[str]]]:
    """The shipped examples that validate, and the error codes of each one that does not."""
    ready, refused = [], {}
    for path in SHIPPED:
        report = validate(load(path))
        if report.valid:
            ready.append(path)
        else:
            refused[path.name] = {f.code for f in report.errors}
    return ready, refused


READY, PENDING = _examples()
# The examples in another region's layout have their pages checked by that layout's own tests
# (the shanghai ones by test_shanghai_profile.py); the `example` tests below read the standard one.
OTHER_LAYOUTS = {"shanghai": "test_shanghai_profile.py"}


def _layout(path: Path) -> str:
    return load(path).data["profile"].get("style") or "standard"


STANDARD = [p for p in READY if _layout(p) not in OTHER_LAYOUTS]


def test_every_shipped_example_is_checked():
    """Every example we ship either validates, so the `example` tests below (or its layout's own)
    render and check it, or is refused for exactly the reasons recorded in REFUSED."""
    assert {p.name for p in SHIPPED} >= {"minimal.yaml", "xihu-2024.yaml", "zengdu-2024.yaml",
                                         "putuo-czj-2025.yaml", "putuo-flfy-2024.yaml"}
    assert PENDING == REFUSED, "示例的校验结果与记录不符（新出现的错误，或已不再有的错误）"
    assert [p.name for p in READY] == [p.name for p in SHIPPED if p.name not in REFUSED]
    assert {_layout(p) for p in READY if p not in STANDARD} <= set(OTHER_LAYOUTS)


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("render")


@pytest.fixture(scope="module")
def minimal(out_dir) -> Rendered:
    result = budgetauthor.render(EXAMPLES / "minimal.yaml", out_dir / "minimal.docx")
    assert result.report.valid and result.docx == out_dir / "minimal.docx"
    return Rendered.open(result.docx)


@pytest.fixture(scope="module", params=STANDARD, ids=lambda p: p.stem)
def example(request, out_dir, minimal) -> Rendered:
    source: Path = request.param
    if source.stem == "minimal":
        return minimal
    result = budgetauthor.render(source, out_dir / f"{source.stem}.docx")
    return Rendered.open(result.docx)


# ---- headings -------------------------------------------------------------------------------------


def test_minimal_headings_in_order(minimal):
    name, year = "青山区档案馆", 2025
    assert minimal.headings("Heading 1", "Heading 2", "Heading 3", "Heading 4") == [
        f"第一部分\u3000{name}概况",
        "一、主要职责",
        "二、机构设置及人员情况",
        f"第二部分\u3000{name}{year}年部门预算表",
        f"第三部分\u3000{name}{year}年部门预算情况说明",
        f"一、{year}年部门预算收支情况说明",
        "（一）收入预算情况",
        "（二）支出预算情况",
        "（三）财政拨款支出情况",
        "（四）政府性基金预算情况",
        "（五）国有资本经营预算情况",
        "（六）机关运行经费情况",
        "（七）政府采购情况",
        "（八）国有资产占有使用情况",
        "（九）绩效目标设置情况",
        "1.馆藏档案数字化",
        "（十）其他需要说明的问题",
        f"二、{year}年“三公”经费预算情况说明",
        "第四部分\u3000名词解释",
        "一、收入科目",
        "二、支出科目",
        "三、其他名词",
    ]


def test_headings_are_numbered_in_sequence(example):
    """一、二、… restart under each part, （一）… under each 一、, 1. … under each （一）."""
    counters = {1: 0, 2: 0, 3: 0, 4: 0}
    patterns = {
        1: lambda n: f"第{zh(n)}部分\u3000",
        2: lambda n: f"{zh(n)}、",
        3: lambda n: f"（{zh(n)}）",
        4: lambda n: f"{n}.",
    }
    for style, text in example.paragraphs:
        if not style.startswith("Heading "):
            continue
        level = int(style.split()[1])
        counters[level] += 1
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
        assert text.startswith(patterns[level](counters[level])), (style, text, counters)
    assert counters[1] == 4


def test_explanation_sections_in_order(example):
    year = year_of(example)
    assert example.headings("Heading 3") == [f"（{zh(i)}）{t}" for i, t in enumerate(SECTION_TITLES, 1)]
    twos = example.headings("Heading 2")
    assert f"一、{year}年部门预算收支情况说明" in twos and f"二、{year}年“三公”经费预算情况说明" in twos


def test_every_table_is_printed_in_order_with_its_title(example):
    titles = [re.sub(r"^表\d+\u3000", "", t) for t in example.table_titles]
    assert titles[: len(TABLE_TITLES)] == TABLE_TITLES
    assert titles[len(TABLE_TITLES):] in ([], ["政府采购预算表"])
    assert example.table_titles == [f"表{i}\u3000{t}" for i, t in enumerate(titles, 1)]
    assert set(titles) <= set(example.tables), "每张表标题后都应有表格"


def test_table_captions_name_the_unit_and_money_unit(example):
    name = re.match(r"(.+)\d{4}年部门预算$", example.doc.core_properties.title)[1]
    captions = [text for style, text in example.paragraphs if style.startswith("表头说明")]
    assert len(captions) == len(example.table_titles)
    assert all(c == f"单位名称：{name}\t单位：万元" for c in captions), captions


def test_table_of_contents_lists_the_headings(example):
    toc = [text.lstrip("\u3000") for style, text in example.paragraphs if style.startswith("TOC")]
    expected = [text for style, text in example.paragraphs
                if style in ("Heading 1", "Heading 2") or style.startswith("表标题")]
    assert toc == expected


# ---- tables: headers and figures ------------------------------------------------------------------

HEADERS = {
    "部门收支总表": [["收入", "支出"], ["项目", "预算数", "项目", "预算数"]],
    "部门支出总表": [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
    "财政拨款收支总表": [["收入", "支出"], ["项目", "预算数", "项目", "预算数"]],
    "一般公共预算支出表": [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                   ["科目编码", "科目名称", "合计", "小计", "人员经费", "公用经费", "项目支出"]],
    "一般公共预算基本支出表": [["部门预算支出经济分类科目", "本年一般公共预算基本支出"],
                     ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]],
    "一般公共预算“三公”经费支出表": [["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"],
                          ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"]],
    "政府性基金预算支出表": [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
    "国有资本经营预算支出表": [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
    "部门收入总表": [["单位编码", "单位名称", "合计", "本年收入", "上年结转结余"],
               ["单位编码", "单位名称", "合计", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算",
                "财政专户管理资金", "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入",
                "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]],
    "项目支出表": [["项目编码", "项目名称", "项目单位", "合计", "本年拨款", "财政拨款结转结余", "财政专户管理资金", "单位资金"],
              ["项目编码", "项目名称", "项目单位", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算",
               "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]],
    "政府采购预算表": [["单位名称", "项目名称", "采购品目", "采购类别", "功能分类科目", "经济分类科目", "数量", "计量单位",
                 "采购金额", "其中：面向中小企业"]],
}


def squash(cells: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in cells]


@pytest.mark.parametrize("name", list(HEADERS))
def test_table_headers(example, name):
    if name not in example.tables:
        pytest.skip(f"{example.path.stem} 没有《{name}》")
    header = HEADERS[name]
    assert [squash(r) for r in example.tables[name][: len(header)]] == header


def body(r: Rendered, name: str) -> list[list[str]]:
    return r.tables[name][len(HEADERS[name]):]


def test_minimal_expenditure_table_every_figure(minimal):
    assert body(minimal, "部门支出总表") == [
        ["", "合计", "186.40", "146.40", "40.00"],
        ["201", "一般公共服务支出", "157.80", "117.80", "40.00"],
        ["20126", "档案事务", "157.80", "117.80", "40.00"],
        ["2012601", "行政运行", "117.80", "117.80", "0.00"],
        ["2012602", "一般行政管理事务", "40.00", "0.00", "40.00"],
        ["208", "社会保障和就业支出", "12.40", "12.40", "0.00"],
        ["20805", "行政事业单位养老支出", "12.40", "12.40", "0.00"],
        ["2080505", "机关事业单位基本养老保险缴费支出", "12.40", "12.40", "0.00"],
        ["210", "卫生健康支出", "6.90", "6.90", "0.00"],
        ["21011", "行政事业单位医疗", "6.90", "6.90", "0.00"],
        ["2101101", "行政单位医疗", "6.90", "6.90", "0.00"],
        ["221", "住房保障支出", "9.30", "9.30", "0.00"],
        ["22102", "住房改革支出", "9.30", "9.30", "0.00"],
        ["2210201", "住房公积金", "9.30", "9.30", "0.00"],
    ]


def test_minimal_basic_expenditure_table_every_figure(minimal):
    assert body(minimal, "一般公共预算基本支出表") == [
        ["", "合计", "146.40", "131.20", "15.20"],
        ["301", "工资福利支出", "131.20", "131.20", "0.00"],
        ["30101", "基本工资", "52.80", "52.80", "0.00"],
        ["30102", "津贴补贴", "31.20", "31.20", "0.00"],
        ["30107", "绩效工资", "18.60", "18.60", "0.00"],
        ["30108", "机关事业单位基本养老保险缴费", "12.40", "12.40", "0.00"],
        ["30110", "职工基本医疗保险缴费", "6.90", "6.90", "0.00"],
        ["30113", "住房公积金", "9.30", "9.30", "0.00"],
        ["302", "商品和服务支出", "15.20", "0.00", "15.20"],
        ["30201", "办公费", "6.20", "0.00", "6.20"],
        ["30217", "公务接待费", "0.80", "0.00", "0.80"],
        ["30228", "工会经费", "1.40", "0.00", "1.40"],
        ["30239", "其他交通费用", "6.80", "0.00", "6.80"],
    ]


def test_minimal_small_tables_every_figure(minimal):
    assert body(minimal, "一般公共预算“三公”经费支出表") == [["0.80", "0.00", "0.00", "0.00", "0.00", "0.80"]]
    assert body(minimal, "部门收入总表") == [
        ["", "合计", "186.40", "186.40", "186.40"] + ["0.00"] * 14,
        ["108001", "青山区档案馆", "186.40", "186.40", "186.40"] + ["0.00"] * 14,
    ]
    assert body(minimal, "项目支出表") == [
        ["", "合计", "", "40.00", "40.00"] + ["0.00"] * 7,
        ["", "青山区档案馆", "", "40.00", "40.00"] + ["0.00"] * 7,  # the 项目编码 column holds no unit code
        ["", "馆藏档案数字化", "青山区档案馆", "40.00", "40.00"] + ["0.00"] * 7,
    ]
    assert body(minimal, "政府采购预算表") == [
        ["合计", "", "", "", "", "", "", "", "40.00", "40.00"],
        ["青山区档案馆", "馆藏档案数字化", "档案数字化加工服务", "服务", "", "", "", "", "40.00", "40.00"],
    ]
    summary = body(minimal, "部门收支总表")
    assert summary[0] == ["一、一般公共预算拨款收入", "186.40", "一、一般公共服务支出", "157.80"]
    assert summary[-3:] == [["本年收入合计", "186.40", "本年支出合计", "186.40"],
                            ["上年结转结余", "0.00", "年终结转结余", "0.00"],
                            ["收入总计", "186.40", "支出总计", "186.40"]]
    fiscal = body(minimal, "财政拨款收支总表")
    assert fiscal[0] == ["一、本年收入", "186.40", "一、本年支出", "186.40"]
    assert fiscal[1] == ["（一）一般公共预算拨款", "186.40", "（一）一般公共服务支出", "157.80"]
    assert fiscal[8][2:] == ["（八）社会保障和就业支出", "12.40"]
    assert fiscal[-1] == ["收入总计", "186.40", "支出总计", "186.40"]


def test_minimal_performance_table(minimal):
    rows = minimal.performance_tables["馆藏档案数字化项目支出绩效目标表"]
    assert rows[3] == ["项目资金（万元）", "年度资金总额：40.00", "其中：财政拨款40.00", "其他资金：0.00"]
    assert rows[5] == ["一级指标", "二级指标", "三级指标", "指标值"]
    assert rows[6] == ["产出指标", "数量指标", "档案数字化页数", "≥12万页"]
    assert rows[-1] == ["满意度指标", "服务对象满意度指标", "查档群众满意度", "≥95%"]


CLASSIFIED = {
    "部门支出总表": ("expenditure", ("total", "basic", "project")),
    "一般公共预算支出表": ("general", ("total", "basic", "personnel", "public", "project")),
    "一般公共预算基本支出表": ("general_basic", ("total", "personnel", "public")),
    "政府性基金预算支出表": ("gov_fund", ("total", "basic", "project")),
    "国有资本经营预算支出表": ("state_capital", ("total", "basic", "project")),
}


@pytest.fixture(scope="module")
def contexts() -> dict:
    return {}


def context_of(r: Rendered, contexts: dict) -> dict:
    stem = r.path.stem
    if stem not in contexts:
        contexts[stem] = build_context(validate(load(EXAMPLES / f"{stem}.yaml")).derived)
    return contexts[stem]


@pytest.mark.parametrize("name", list(CLASSIFIED))
def test_classified_tables_show_every_row_of_the_ledger(example, contexts, name):
    key, measures = CLASSIFIED[name]
    table = context_of(example, contexts)["blocks"][key]
    expected = []
    if table["rows"]:
        expected.append(["", "合计", *(table["total"][m] for m in measures)])
        expected += [[row["code"], row["name"].strip("\u3000"), *(row[m] for m in measures)] for row in table["rows"]]
    assert [[c.lstrip("\u3000") for c in row] for row in body(example, name)] == expected


@pytest.mark.parametrize("name", list(CLASSIFIED))
def test_classified_totals_add_up(example, name):
    rows = body(example, name)
    if not rows:
        return
    total, classes = rows[0], [r for r in rows[1:] if len(r[0]) == 3]
    for col in range(2, len(total)):
        parts = sum((num(r[col]) for r in classes), D(0))
        assert abs(num(total[col]) - parts) <= D("0.01") * max(1, len(classes)), (name, col)


def test_empty_tables_carry_their_note(example):
    year = year_of(example)
    for name, family in (("政府性基金预算支出表", "政府性基金预算"), ("国有资本经营预算支出表", "国有资本经营预算")):
        note = f"本部门{year}年无{family}支出，本表为空表。"
        if len(example.tables[name]) == len(HEADERS[name]):
            assert note in example.notes[name], (name, example.notes[name])
        else:
            assert note not in example.notes[name]
    if len(example.tables["项目支出表"]) == len(HEADERS["项目支出表"]):
        assert f"本部门{year}年无项目支出，本表为空表。" in example.notes["项目支出表"]


def test_minimal_empty_tables_notes(minimal):
    assert minimal.notes["政府性基金预算支出表"] == ["本部门2025年无政府性基金预算支出，本表为空表。"]
    assert minimal.notes["国有资本经营预算支出表"] == ["本部门2025年无国有资本经营预算支出，本表为空表。"]
    assert minimal.section("政府性基金预算情况") == "本部门2025年无政府性基金预算安排的支出，《政府性基金预算支出表》为空表。"


@pytest.fixture(scope="module")
def no_projects(out_dir) -> Rendered:
    """minimal without its project: 项目支出表 and 政府采购预算表 are empty."""
    text = edit(
        MINIMAL,
        ("  - {function: \"2012602\", economic: \"30227\", kind: 项目, project: 馆藏档案数字化, source: 一般公共预算, amount: 40.00}\n", ""),
        ("""    - {project: 馆藏档案数字化, item: 档案数字化加工服务, category: 服务, amount: 40.00, sme_amount: 40.00}\n""", ""),
        ("  items:\n", "  items: []\n"),
    )
    start, end = text.index("projects:\n  - name"), text.index("previous:")
    text = text[:start] + text[end:]
    source = out_dir / "no-projects.yaml"
    source.write_text(text, encoding="utf-8")
    result = budgetauthor.render(source, out_dir / "no-projects.docx", force=True)
    return Rendered.open(result.docx)


def test_empty_project_and_procurement_tables_say_so(no_projects):
    assert len(no_projects.tables["项目支出表"]) == len(HEADERS["项目支出表"])
    assert no_projects.notes["项目支出表"] == ["本部门2025年无项目支出，本表为空表。"]
    if "政府采购预算表" in no_projects.tables:
        assert no_projects.notes["政府采购预算表"] == ["本部门2025年无政府采购预算，本表为空表。"]
    assert no_projects.section("政府采购情况").startswith("本部门2025年无政府采购预算")
    assert no_projects.section("绩效目标设置情况").startswith("本部门2025年无实行绩效目标管理的项目。")


# ---- every number in the prose equals its table figure --------------------------------------------


def class_total(r: Rendered, table: str, name: str, column: int = 2) -> D:
    rows = [row for row in body(r, table) if len(row[0]) == 3 and bare(row[1]) == name]
    assert len(rows) == 1, f"《{table}》中找不到类“{name}”"
    return num(rows[0][column])


def enumeration(paragraph: str, lead: str) -> list[tuple[str, D, D]]:
    """'按支出功能分类科目划分：A12.00万元，占10.00%；B…' → [(A, 12.00, 10.00), …] (a class of both
    kinds is written 'A12.00万元（基本支出…，项目支出…），占…')."""
    m = re.search(re.escape(lead) + "：(.+?)。", paragraph)
    if not m:
        return []
    items = []
    for part in m[1].split("；"):
        item = re.match(r"(.+?)" + AMOUNT + r"(?:（[^）]*）)?，占(\d+\.\d\d)%", part)
        assert item, f"无法解析：{part}"
        items.append((item[1], num(item[2]), D(item[3])))
    return items


def test_income_figures_match_the_tables(example):
    text = example.section("收入预算情况")
    total = figure(text, "收入预算总额为")
    assert total == num(example.row("部门收支总表", "收入总计", 0)[1])
    assert total == num(body(example, "部门收入总表")[0][2])
    sources = enumeration(text.replace("其中：", "SOURCES："), "SOURCES")
    assert sources, text
    for label, value, _ in sources:
        if label.startswith("上年结转"):
            continue
        assert value == num(example.row("部门收支总表", label, 0)[1]), label
    assert sum(v for _, v, _ in sources) == total or abs(sum(v for _, v, _ in sources) - total) <= D("0.01") * len(sources)


def test_expenditure_figures_match_the_tables(example):
    text = example.section("支出预算情况")
    total_row = body(example, "部门支出总表")[0]
    assert figure(text, "支出预算总额为") == num(total_row[2]) == num(example.row("部门收支总表", "支出总计", 2)[3])
    kinds = {label: value for label, value, _ in enumeration(text, "按支出项目类别划分")}
    assert kinds.get("基本支出", D(0)) == num(total_row[3])
    assert kinds.get("项目支出", D(0)) == num(total_row[4])
    general = body(example, "一般公共预算支出表")
    if general and general[0][2] == total_row[2]:  # all spending is 一般公共预算: 表5 shows 人员/公用
        assert figure(text, "人员经费") == num(general[0][4])
        assert figure(text, "公用经费") == num(general[0][5])
    functions = enumeration(text, "按支出功能分类科目划分")
    assert functions
    for label, value, _ in functions:
        assert value == class_total(example, "部门支出总表", label), label
    for label, _value, _ in functions:  # a class of both kinds gives both, as 表3 shows them
        parts = re.search(re.escape(label) + AMOUNT + r"（基本支出" + AMOUNT + "，项目支出" + AMOUNT + "）", text)
        if parts:
            row = [r for r in body(example, "部门支出总表") if len(r[0]) == 3 and bare(r[1]) == label][0]
            assert (num(parts[2]), num(parts[3])) == (num(row[3]), num(row[4])), label
    # the 经济分类 paragraph is exactly 表6 一般公共预算基本支出表: its total and every 类
    economic = enumeration(text, "一般公共预算基本支出按经济分类科目划分")
    basic = body(example, "一般公共预算基本支出表")
    assert economic and basic
    for label, value, _ in economic:
        assert value == class_total(example, "一般公共预算基本支出表", label), label
    assert abs(sum(v for _, v, _ in economic) - num(basic[0][2])) <= D("0.01") * len(economic)


def test_fiscal_figures_match_the_tables(example):
    text = example.section("财政拨款支出情况")
    table = example.tables["财政拨款收支总表"]
    fiscal = num(example.row("财政拨款收支总表", "本年支出", 2)[3])
    if fiscal == 0:
        assert text.startswith("本部门") and "无财政拨款支出预算" in text
        return
    if fiscal == num(example.row("部门收支总表", "支出总计", 2)[3]):  # all spending is 财政拨款: no repeat
        assert figure(text, "支出预算全部为财政拨款，共") == fiscal == num(table[-1][3])
        assert "按支出功能分类科目划分：" not in text and "按支出项目类别划分：" not in text
        return
    assert figure(text, "财政拨款支出预算总额为") == fiscal == num(table[-1][3])
    for label, value, _ in enumeration(text, "按支出功能分类科目划分"):
        assert value == num(example.row("财政拨款收支总表", label, 2)[3]), label
    only_general = all(len(example.tables[t]) == len(HEADERS[t]) for t in ("政府性基金预算支出表", "国有资本经营预算支出表"))
    if only_general:
        general = body(example, "一般公共预算支出表")[0]
        kinds = re.search("按支出项目类别划分：(.+)", text)[1]
        if "基本支出" in kinds:
            assert figure(kinds, "基本支出") == num(general[3])
            assert figure(kinds, "人员经费") == num(general[4])
            assert figure(kinds, "公用经费") == num(general[5])
        if "项目支出" in kinds:
            assert figure(kinds, "项目支出") == num(general[6])


def test_fund_figures_match_the_tables(example):
    for title, table, family in (("政府性基金预算情况", "政府性基金预算支出表", "政府性基金预算"),
                                 ("国有资本经营预算情况", "国有资本经营预算支出表", "国有资本经营预算")):
        text = example.section(title)
        rows = body(example, table)
        if not rows:
            assert f"无{family}安排的支出" in text
            continue
        assert figure(text, f"{family}支出预算为") == num(rows[0][2])
        for label, value, _ in enumeration(text, "按支出功能分类科目划分"):
            assert value == class_total(example, table, label), label


def test_three_public_figures_match_the_table(example):
    paragraphs = example.sections["三公"]
    rows = body(example, "一般公共预算“三公”经费支出表")
    if not rows:  # every figure 0: the table says so in its note, the text says 0 for each item
        assert example.notes["一般公共预算“三公”经费支出表"] == [f"本部门{year_of(example)}年无一般公共预算“三公”经费支出，本表为空表。"]
        rows = [["0.00"] * 6]
    (cells,) = rows
    total, abroad, vehicles, purchase, operation, reception = map(num, cells)

    def stated(text: str, lead: str) -> D:
        if f"{lead}与上年持平，均为0万元" in text:
            return D(0)
        return figure(text, lead)

    assert stated(paragraphs[0], "“三公”经费财政拨款预算") == total
    assert paragraphs[1].startswith("1.") and stated(paragraphs[1], "因公出国（境）费") == abroad
    assert paragraphs[2].startswith("2.") and stated(paragraphs[2], "公务用车购置及运行维护费") == vehicles
    if vehicles:
        assert figure(paragraphs[2], "公务用车购置费") == purchase
        assert figure(paragraphs[2], "公务用车运行维护费") == operation
    assert paragraphs[3].startswith("3.") and stated(paragraphs[3], "公务接待费") == reception


def test_procurement_figures_match_the_table(example):
    text = example.section("政府采购情况")
    if "政府采购预算表" not in example.tables or len(example.tables["政府采购预算表"]) == 1:
        assert "无政府采购预算" in text
        return
    total_row = body(example, "政府采购预算表")[0]
    assert figure(text, "政府采购预算总额为") == num(total_row[8])
    if "面向中小企业" in text:
        assert figure(text, "面向中小企业预留政府采购项目预算") == num(total_row[9])


def test_project_figures_match_the_project_table(example):
    project_rows = {bare(r[1]): r for r in body(example, "项目支出表") if r[2]}
    funded = D(0)
    for name, paragraphs in example.projects.items():
        text = "\n".join(paragraphs)
        value = figure(text, "年度预算安排：")
        assert value == num(project_rows[name][3]), name
        perf = example.performance_tables[f"{name}项目支出绩效目标表"]
        assert f"年度资金总额：{project_rows[name][3]}" in [c for row in perf for c in row], name
        funded += value
    text = example.section("绩效目标设置情况")
    if example.projects:
        assert re.search(rf"实行绩效目标管理的项目{len(example.projects)}个", text)
        assert figure(text, "涉及预算资金") == funded


CHANGE = re.compile(AMOUNT + r"(?:（[^）]*）|，占\d+\.\d\d%)?，比上年(增加|减少)(\d[\d,]*\.\d\d)万元，(增长|下降)(\d[\d,]*\.\d\d)%")


def test_every_stated_change_recomputes_from_the_printed_figures(example):
    """'X万元，比上年减少A万元，下降B%': B is A over the previous figure (X ± A), half-up."""
    seen = 0
    for text in example.texts():
        for m in CHANGE.finditer(text):
            current, change = num(m[1]), num(m[3])
            previous = current - change if m[2] == "增加" else current + change
            assert (m[2], m[4]) in (("增加", "增长"), ("减少", "下降")), m[0]
            pct = (change * 100 / previous).quantize(D("0.01"), rounding=ROUND_HALF_UP)
            assert pct == num(m[5]), m[0]
            seen += 1
    if example.path.stem in ("minimal", "xihu-2024"):
        assert seen >= 6, seen


def test_shares_in_each_enumeration_add_up_to_100(example):
    leads = {
        "收入预算情况": ("SOURCES",),
        "支出预算情况": ("按支出项目类别划分", "按支出功能分类科目划分", "一般公共预算基本支出按经济分类科目划分"),
        "财政拨款支出情况": ("按支出功能分类科目划分",),
    }
    for title, section_leads in leads.items():
        text = example.section(title).replace("其中：", "SOURCES：")
        for lead in section_leads:
            shares = [s for _, _, s in enumeration(text, lead)]
            if shares:
                assert sum(shares) == D("100.00"), (title, lead, shares)


# ---- no residue -------------------------------------------------------------------------------------


def test_no_template_residue_anywhere(example):
    for text in example.texts():
        for residue in RESIDUE:
            assert residue not in text, (residue, text)
    with zipfile.ZipFile(example.path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                for residue in ("{{", "{%", "MERGEFIELD", "增加（减少）", "增加/下降"):
                    assert residue not in xml, (name, residue)


def test_no_zero_filler_in_the_prose(example):
    prose = "\n".join(t for ts in example.sections.values() for t in ts)
    assert not re.search(r"占0(\.00)?%", prose)
    assert not re.search(r"增加0(\.00)?万元|减少0(\.00)?万元|增长0(\.00)?%|下降0(\.00)?%", prose)
    assert "None" not in prose and "Decimal" not in prose


# ---- determinism, CLI, output safety -----------------------------------------------------------------


def test_same_input_same_bytes(minimal, tmp_path):
    again = budgetauthor.render(EXAMPLES / "minimal.yaml", tmp_path / "again.docx").docx
    assert again.read_bytes() == minimal.data
    result = cli("render", EXAMPLES / "minimal.yaml", "-o", tmp_path / "cli.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.docx").read_bytes() == minimal.data
    assert f"已生成：{tmp_path / 'cli.docx'}" in result.output


def test_same_bytes_in_another_process_with_another_hash_seed(minimal, tmp_path):
    import os
    import sys

    out = tmp_path / "seeded.docx"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "budgetauthor", "render", str(EXAMPLES / "minimal.yaml"), "-o", str(out)],
                   check=True, capture_output=True, env=env)
    assert out.read_bytes() == minimal.data


def test_document_properties_are_fixed(minimal):
    props = minimal.doc.core_properties
    assert props.title == "青山区档案馆2025年部门预算"
    assert props.created.year == 2024 and props.author == "budgetauthor"


def test_the_title_property_names_the_department_once():
    from budgetauthor.render.engine import document_title

    assert document_title("青山区档案馆", "2025年部门预算") == "青山区档案馆2025年部门预算"
    assert document_title("上海市普陀区法律援助中心", "上海市普陀区法律援助中心2024年单位预算") == \
        "上海市普陀区法律援助中心2024年单位预算"
    assert document_title("上海市普陀区财政局", "上海市普陀区2025年区级部门预算") == \
        "上海市普陀区财政局2025年区级部门预算"


def test_cli_default_output_is_beside_the_input(tmp_path):
    source = tmp_path / "budget.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    result = cli("render", source)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "budget.docx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "临时文件应已清理"


def test_cli_prints_warnings_and_renders(tmp_path):
    # A missing reason is an error now (财预〔2016〕143号); a missing 立项依据 is still a warning.
    text = edit(MINIMAL, ("    basis: 《中华人民共和国档案法》；《青山区档案事业发展“十四五”规划》。\n", ""))
    source = tmp_path / "warn.yaml"
    source.write_text(text, encoding="utf-8")
    result = cli("render", source, "-o", tmp_path / "warn.docx")
    assert result.exit_code == 0, result.output
    assert "警告" in result.output and "[project-basis-missing]" in result.output
    assert (tmp_path / "warn.docx").exists()


@pytest.fixture
def broken(tmp_path) -> Path:
    source = tmp_path / "broken.yaml"
    source.write_text(MINIMAL.replace("amount: 52.80}", "amount: 58.20}"), encoding="utf-8")
    return source


def test_an_error_blocks_rendering_exit_1_no_file(broken, tmp_path):
    out = tmp_path / "broken.docx"
    result = cli("render", broken, "-o", out)
    assert result.exit_code == 1
    assert "[control-total]" in result.output and "--force" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [broken]
    with pytest.raises(InvalidBudget):
        budgetauthor.render(broken, out)
    assert not out.exists()


def test_force_renders_despite_an_error(broken, tmp_path):
    out = tmp_path / "draft.docx"
    result = cli("render", broken, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "[control-total]" in result.output and "草稿" in result.output
    draft = Rendered.open(out)
    assert draft.row("部门支出总表", "合计")[2] == "191.80"  # the figures as given, error and all


def test_output_over_the_input_is_refused(tmp_path):
    source = tmp_path / "budget.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    for target in (source, tmp_path / "." / "budget.yaml"):
        result = cli("render", source, "-o", target)
        assert result.exit_code == 2, result.output
        assert "输出文件不能与输入文件相同" in result.output
    assert source.read_text(encoding="utf-8") == MINIMAL
    with pytest.raises(OutputError):
        budgetauthor.render(source, source)


def test_output_that_is_the_same_file_under_another_name_is_refused(tmp_path):
    # On a case-insensitive disk (Windows, macOS) "BUDGET.YAML" is budget.yaml; a hard link is
    # the portable stand-in for "another name of the same file".
    source = tmp_path / "budget.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    link = tmp_path / "link.docx"
    link.hardlink_to(source)
    result = cli("render", source, "-o", link)
    assert result.exit_code == 2, result.output
    assert "输出文件不能与输入文件相同" in result.output
    assert source.read_text(encoding="utf-8") == MINIMAL


def test_missing_output_directory_is_refused_in_chinese(tmp_path):
    out = tmp_path / "no-such-dir" / "out.docx"
    result = cli("render", EXAMPLES / "minimal.yaml", "-o", out)
    assert result.exit_code == 2
    assert "输出目录不存在" in result.output and "no-such-dir" in result.output
    assert not out.parent.exists()


def test_an_existing_output_is_replaced_atomically(tmp_path):
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    budgetauthor.render(EXAMPLES / "minimal.yaml", out)
    assert zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


# ---- values render literally --------------------------------------------------------------------------

HOSTILE = "负责<档案>&资料{{ dept.name }}{% if x %}管理工作"


def test_markup_in_values_renders_literally(tmp_path):
    text = edit(
        MINIMAL,
        ("    - 负责全区档案数字化建设和电子档案管理工作。", f'    - "{HOSTILE}。"'),
        ("  name: 青山区档案馆\n", "  name: 青山区档案馆<A&B>\n"),
        ("item: 档案数字化加工服务", "item: \"档案<数字化>&加工{{ 服务 }}\""),
    )
    source = tmp_path / "hostile.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "hostile.docx"
    result = cli("render", source, "-o", out, "--force")  # the validator flags “{{” as residue
    assert result.exit_code == 0, result.output
    r = Rendered.open(out)
    texts = r.texts()
    assert f"（三）{HOSTILE}。" in texts
    assert "第一部分\u3000青山区档案馆<A&B>概况" in texts
    assert "单位名称：青山区档案馆<A&B>\t单位：万元" in texts
    assert "档案<数字化>&加工{{ 服务 }}" in [cell for row in r.tables["政府采购预算表"] for cell in row]
    # nothing after the value was lost: the document still ends with the glossary
    assert r.headings("Heading 1")[-1] == "第四部分\u3000名词解释"
    assert len(r.paragraphs) > 100


# ---- user templates ------------------------------------------------------------------------------------


def template(path: Path, *paragraphs: list[str]) -> Path:
    """A Word template whose paragraphs are made of the given runs (alternately bold, as Word splits)."""
    doc = Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for i, text in enumerate(runs):
            p.add_run(text).bold = bool(i % 2)
    doc.save(str(path))
    return path


def render_with(tmp_path, tpl: Path):
    out = tmp_path / "out.docx"
    return cli("render", EXAMPLES / "minimal.yaml", "-o", out, "--template", tpl), out


def test_user_template_renders(tmp_path):
    tpl = template(tmp_path / "t.docx", ["{{ dept.name }}{{ dept.year }}年"], ["收入：{{ blocks.summary.income_total }}万元，增长{{ dept.year }}％"])
    result, out = render_with(tmp_path, tpl)
    assert result.exit_code == 0, result.output
    assert [p.text for p in Document(str(out)).paragraphs] == ["青山区档案馆2025年", "收入：186.40万元，增长2025％"]


def test_user_template_with_a_tag_split_across_runs_is_rejoined(tmp_path):
    tpl = template(tmp_path / "t.docx", ["{", "{ dept.", "name }", "}"])
    result, out = render_with(tmp_path, tpl)
    assert result.exit_code == 0, result.output
    assert [p.text for p in Document(str(out)).paragraphs] == ["青山区档案馆"]


def test_user_template_with_an_undeclared_variable_is_rejected_naming_it(tmp_path):
    result, out = render_with(tmp_path, template(tmp_path / "t.docx", ["{{ dept.name }}{{ budget_total }}"]))
    assert result.exit_code == 1
    assert "未定义的变量“budget_total”" in result.output
    assert not out.exists()


def test_user_template_with_a_missing_nested_variable_names_its_path(tmp_path):
    result, out = render_with(tmp_path, template(tmp_path / "t.docx", ["{{ blocks.summary.income_totl }}"]))
    assert result.exit_code == 1
    assert "blocks.summary.income_totl" in result.output
    assert not out.exists()
    with pytest.raises(TemplateProblem, match="income_totl"):
        budgetauthor.render(EXAMPLES / "minimal.yaml", out, template=tmp_path / "t.docx")


def test_user_template_with_full_width_braces_is_rejected(tmp_path):
    result, out = render_with(tmp_path, template(tmp_path / "t.docx", ["单位：｛｛ dept.name ｝｝"]))
    assert result.exit_code == 1
    assert "[template-fullwidth]" in result.output and "全角" in result.output and "{{ }}" in result.output
    assert not out.exists()


def test_user_template_with_full_width_percent_in_a_tag_is_rejected(tmp_path):
    result, out = render_with(tmp_path, template(tmp_path / "t.docx", ["{％ if dept.year ％}有{％ endif ％}"]))
    assert result.exit_code == 1
    assert "[template-fullwidth]" in result.output
    assert not out.exists()


def test_user_template_with_a_tag_split_across_paragraphs_is_rejected(tmp_path):
    # Word turned a line break inside the tag into a new paragraph: docxtpl would glue the
    # paragraphs together silently, so the linter refuses the template.
    result, out = render_with(tmp_path, template(tmp_path / "t.docx", ["{{ dept.", "name"], ["}}"]))
    assert result.exit_code == 1
    assert "[template-split-tag]" in result.output and "标签不完整" in result.output
    assert "第1段" in result.output
    assert not out.exists()


def test_user_template_missing_file(tmp_path):
    result, out = render_with(tmp_path, tmp_path / "nope.docx")
    assert result.exit_code == 1
    assert "找不到模板文件" in result.output and "nope.docx" in result.output
    assert not out.exists()


def test_user_template_that_is_not_a_word_file(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx", encoding="utf-8")
    result, out = render_with(tmp_path, bad)
    assert result.exit_code == 1
    assert "不是有效的 Word 文档" in result.output
    assert not out.exists()


# ---- PDF ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_pdf_conversion(tmp_path):
    result = budgetauthor.render(EXAMPLES / "minimal.yaml", tmp_path / "minimal.docx", pdf=True)
    assert result.pdf == tmp_path / "minimal.pdf"
    data = result.pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(result.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        squashed = re.sub(r"\s+", "", text)
        assert "第三部分" in squashed and "名词解释" in squashed
        assert "收入预算总额为186.40万元" in squashed
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(result.pdf)], capture_output=True, text=True, check=True).stdout
        assert int(re.search(r"Pages:\s+(\d+)", info)[1]) >= 10
