"""The Guangdong profile (广东, the 江门/江海 template; issue 11 part 4), rendered from the shipped
examples as a clerk would: `--profile guangdong`.

The document has four parts: 概况 (主要职责, 机构设置, 部门预算构成 — no staffing figures), twelve
tables (表8 with a 行政经费 row, 表12 with a 绩效目标 column), a 情况说明 of six items, 名词解释.
Every figure in the tables is the derived one; 行政经费 is the department's own when stated.
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

import budgetauthor
from budgetauthor import load, validate
from budgetauthor.derive import line_filter
from budgetauthor.money import fmt_money
from budgetauthor.profiles import load_profile, shipped, warnings_of

from .helpers import EXAMPLES, MINIMAL, edit, line_of, only, validate_text

ROOT = Path(__file__).resolve().parents[1]

TABLE_TITLES = [
    "表1　收支总体情况表",
    "表2　收入总体情况表",
    "表3　支出总体情况表",
    "表4　财政拨款收支总体情况表",
    "表5　一般公共预算支出情况表（按功能分类科目）",
    "表6　一般公共预算基本支出情况表（按经济分类科目）",
    "表7　一般公共预算项目支出情况表（按经济分类科目）",
    "表8　财政拨款安排的行政经费及“三公”经费预算表",
    "表9　政府性基金预算支出情况表",
    "表10　国有资本经营预算支出情况表",
    "表11　部门预算基本支出预算表",
    "表12　部门预算项目支出及其他支出预算表",
]
SIX_ITEMS = [
    "一、部门预算收支增减变化情况",
    "二、“三公”经费安排情况",
    "三、机关运行经费安排情况",
    "四、政府采购情况",
    "五、国有资产占有使用情况",
    "六、重点项目预算绩效目标情况",
]


# ---- reading a rendered document ---------------------------------------------------------------


class Rendered:
    """A rendered document: its paragraphs in order, and each table under its numbered title
    (header and body rows as cell texts, a merged cell once) with the notes printed under it."""

    def __init__(self, path: Path):
        doc = Document(str(path))
        self.paragraphs: list[tuple[str, str]] = []  # (style, text)
        self.tables: dict[str, list[list[str]]] = {}
        self.notes: dict[str, list[str]] = {}
        title = None
        for element in doc.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[1]
            if tag == "p":
                p = Paragraph(element, doc)
                # a long title's line break (render/page_layout.py) is not part of its text
                self.paragraphs.append((p.style.name, p.text.replace("\n", "")))
                if p.style.name.startswith("表标题"):
                    title = p.text
                    self.notes[title] = []
                elif p.style.name.startswith(("Heading", "绩效表标题")):
                    title = None
                elif title and p.style.name == "表注" and p.text:
                    self.notes[title].append(p.text)
            elif tag == "tbl" and title and title not in self.tables:
                self.tables[title] = [cells(row) for row in Table(element, doc).rows]

    def styled(self, *styles: str) -> list[str]:
        return [text for style, text in self.paragraphs if style in styles]

    def texts(self) -> list[str]:
        """The body's texts, the 目录 aside (its entries repeat the headings word for word)."""
        return [text for style, text in self.paragraphs if not style.startswith("TOC")]

    def part(self, heading: str) -> list[tuple[str, str]]:
        """The paragraphs of one part (from its Heading 1 to the next)."""
        start = self.paragraphs.index(("Heading 1", heading))
        end = next((i for i in range(start + 1, len(self.paragraphs)) if self.paragraphs[i][0] == "Heading 1"),
                   len(self.paragraphs))
        return self.paragraphs[start + 1:end]

    def table(self, number: int) -> list[list[str]]:
        return self.tables[TABLE_TITLES[number - 1]]

    def row(self, number: int, label: str, column: int = 1) -> list[str]:
        """The row of table N whose `column` reads `label` (names are compared without indent)."""
        rows = [r for r in self.table(number) if len(r) > column and r[column].strip("\u3000") == label]
        assert len(rows) == 1, (label, self.table(number))
        return rows[0]


def cells(row) -> list[str]:
    out, last = [], None
    for cell in row.cells:
        if cell._tc is not last:
            out.append(cell.text)
        last = cell._tc
    return out


def render(tmp_path: Path, source: Path | str, name: str, **options) -> Rendered:
    if isinstance(source, str):  # the text of a budget file
        path = tmp_path / f"{name}.yaml"
        path.write_text(source, encoding="utf-8")
        source = path
    out = tmp_path / f"{name}.docx"
    budgetauthor.render(source, out, profile="guangdong", **options)
    return Rendered(out)


@pytest.fixture(scope="module")
def zengdu(tmp_path_factory) -> Rendered:
    return render(tmp_path_factory.mktemp("gd"), EXAMPLES / "zengdu-2024.yaml", "zengdu")


@pytest.fixture(scope="module")
def xihu(tmp_path_factory) -> Rendered:
    return render(tmp_path_factory.mktemp("gd"), EXAMPLES / "xihu-2024.yaml", "xihu")


@pytest.fixture(scope="module")
def zengdu_unit(tmp_path_factory) -> Rendered:
    return render(tmp_path_factory.mktemp("gd"), EXAMPLES / "zengdu-2024.yaml", "zengdu-unit", kind="单位预算")


def derived_of(example: str):
    return validate(load(EXAMPLES / example)).derived


def shown(value: Decimal) -> str:
    """A table amount as the Guangdong tables print it: 万元, two decimals, zero left blank."""
    return "" if fmt_money(value) == "0.00" else fmt_money(value)


# ---- the profile itself ---------------------------------------------------------------------------


def test_the_profile_is_shipped_loads_cleanly_and_does_not_ask_for_staffing():
    profile = load_profile("guangdong")
    assert "guangdong" in [p.name for p in shipped()]
    assert warnings_of(profile) == []
    assert profile.description.startswith("广东（江门江海）版式")
    assert not profile.requires.staffing and profile.requires.duties
    assert (profile.money.tables, profile.money.blank_zeros) == ("万元", True)


def test_its_template_is_what_the_builder_makes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "tools" / "build_template.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    fresh = builder.build_guangdong(tmp_path / "template.docx")
    assert fresh.read_bytes() == builder.GUANGDONG_OUT.read_bytes(), "run `python tools/build_template.py`"


def test_no_staffing_is_required_and_staffing_given_is_reported_as_not_printed(tmp_path):
    text = edit(MINIMAL, ("  staffing:\n    authorized: {参照公务员法管理事业编制: 8}\n    serving: {在职人员: 7}\n"
                          "    retired: {退休人员: 2}\n", ""))
    assert validate_text(tmp_path, text, profile="guangdong").valid
    report = validate_text(tmp_path, MINIMAL, profile="guangdong")
    finding = next(f for f in report.warnings if f.code == "profile-omits" and f.path == ("profile", "staffing"))
    assert "填写了人员情况，但版式方案“guangdong”的文件中没有这部分内容" in finding.message


# ---- the outline ----------------------------------------------------------------------------------


def test_four_parts_the_twelve_tables_in_order_and_the_six_items(zengdu):
    name = "曾都区政务服务和大数据管理局"
    assert zengdu.styled("Heading 1") == [
        f"第一部分　{name}概况", f"第二部分　{name}2024年部门预算表", f"第三部分　{name}2024年部门预算情况说明",
        "第四部分　名词解释",
    ]
    assert zengdu.styled("表标题", "表标题（不分页）") == TABLE_TITLES
    items = [text for style, text in zengdu.part(f"第三部分　{name}2024年部门预算情况说明") if style == "Heading 2"]
    assert items == SIX_ITEMS
    overview = [text for style, text in zengdu.part(f"第一部分　{name}概况") if style == "Heading 2"]
    assert overview == ["一、主要职责", "二、机构设置", "三、部门预算构成"]
    assert zengdu.styled("TOC 2")[3:15] == TABLE_TITLES  # indented by the style TOC 2


def test_the_overview_prints_no_staffing_figures_and_lists_the_budget_units(zengdu):
    overview = [text for _, text in zengdu.part("第一部分　曾都区政务服务和大数据管理局概况")]
    assert "内设机构3个：办公室、政务服务和大数据股（行政审批改革股）、公共资源交易监督股。" in overview
    # the data's staffing (行政编制5人，实有在职人员5人，劳务派遣人员9人) is not printed
    assert not any("编制" in text or "在职人员" in text or "劳务派遣" in text for text in overview)
    assert overview[-1] == "本部门预算无下属单位，部门预算为曾都区政务服务和大数据管理局本级预算。"


def two_units() -> str:
    """The archive with a second budget unit, a 事业单位 spending its 事业收入."""
    return edit(
        MINIMAL,
        ('    - {code: "108001", name: 青山区档案馆, type: 参照公务员法管理事业单位}\n',
         '    - {code: "108001", name: 青山区档案馆, type: 参照公务员法管理事业单位}\n'
         '    - {code: "108002", name: 青山区档案技术服务中心, type: 事业单位}\n'),
        ("  income_total: 186.40\n  expenditure_total: 186.40\n", "  income_total: 191.40\n  expenditure_total: 191.40\n"),
        ("  basic: 146.40\n", "  basic: 151.40\n"),
        ('"201": {basic: 117.80, project: 40.00}', '"201": {basic: 122.80, project: 40.00}'),
        ('    "302": 15.20\n', '    "302": 20.20\n'),
        ('  - {function: "2012602", economic: "30227"',
         '  - {unit: "108002", function: "2012699", economic: "30201", kind: 基本, source: 事业收入, amount: 5.00}\n'
         '  - {function: "2012602", economic: "30227"'),
        ("  fiscal: 165.10\n", "  fiscal: {amount: 165.10, reason: 新增馆藏档案数字化项目}\n"),
    )


def test_the_budget_units_of_a_department_are_listed(tmp_path):
    doc = render(tmp_path, two_units(), "two")
    section = doc.part("第一部分　青山区档案馆概况")
    assert section[-2:] == [("Heading 2", "三、部门预算构成"),
                            ("Normal", "本部门预算由2个预算单位的预算组成，包括：青山区档案馆、青山区档案技术服务中心。")]
    # the 事业收入 of the second unit in its own column of 表2 and 表11
    assert doc.row(2, "其他档案事务支出") == ["2012699", "\u3000\u3000其他档案事务支出", "5.00"] + [""] * 5 + ["5.00"] + [""] * 5
    assert doc.row(11, "合计") == ["", "合计", "151.40", "146.40", "", "5.00", "", "", "", "", ""]


# ---- the tables' columns ------------------------------------------------------------------------------

COLUMNS = {
    1: [["收　入", "支　出"], ["项　目", "预算数", "项　目", "预算数"]],
    2: [["科目编码", "科目名称", "合计", "财政拨款", "财政专户管理资金", "单位资金"],
        ["科目编码", "科目名称", "合计", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
         "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "上年结转"]],
    3: [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["科目编码", "科目名称", "合计", "小计", "人员经费", "公用经费", "项目支出"]],
    4: [["收　入", "支　出"], ["项　目", "预算数", "项　目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
    5: [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["科目编码", "科目名称", "合计", "小计", "人员经费", "公用经费", "项目支出"]],
    6: [["科目编码", "科目名称", "合计", "人员经费", "公用经费"]],
    7: [["科目编码", "科目名称", "合计"]],
    8: [["项　目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
    9: [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
    10: [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
    11: [["科目编码", "科目名称", "合计", "财政拨款", "财政专户管理资金", "单位资金"],
         ["科目编码", "科目名称", "合计", "财政拨款", "财政专户管理资金", "事业收入", "事业单位经营收入", "上级补助收入",
          "附属单位上缴收入", "其他收入", "上年结转"]],
    12: [["项目名称", "绩效目标", "合计", "财政拨款", "财政专户管理资金", "单位资金"],
         ["项目名称", "绩效目标", "合计", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
          "单位资金"]],
}


@pytest.mark.parametrize("number", sorted(COLUMNS))
def test_each_table_has_its_columns(zengdu, number):
    header = COLUMNS[number]
    assert zengdu.table(number)[: len(header)] == header


# ---- the tables' figures --------------------------------------------------------------------------


def test_table7_is_the_general_budget_project_spending_by_economic_class(zengdu):
    derived = derived_of("zengdu-2024.yaml")
    expected = [["", "合计", "277.00"]] + [
        [row.code, "\u3000" * (row.level - 1) + row.name, shown(row.amounts.total)]
        for row in derived.economic_rows(line_filter("一般公共预算", "项目"))
    ]
    assert zengdu.table(7)[1:] == expected
    assert expected[1:] == [["302", "商品和服务支出", "277.00"], ["30207", "\u3000邮电费", "14.00"],
                            ["30213", "\u3000维修（护）费", "9.00"], ["30227", "\u3000委托业务费", "211.00"],
                            ["30299", "\u3000其他商品和服务支出", "43.00"]]


def test_table6_splits_the_general_budget_basic_spending_into_personnel_and_public(zengdu):
    assert zengdu.row(6, "合计") == ["", "合计", "170.48", "157.52", "12.96"]
    assert zengdu.row(6, "工资福利支出") == ["301", "工资福利支出", "153.68", "153.68", ""]
    assert zengdu.row(6, "商品和服务支出") == ["302", "商品和服务支出", "12.96", "", "12.96"]


def test_table2_gives_income_by_function_and_source(zengdu):
    assert zengdu.row(2, "合计") == ["", "合计", "447.48", "447.48", "447.48"] + [""] * 9
    assert zengdu.row(2, "一般行政管理事务") == ["2010302", "\u3000\u3000一般行政管理事务", "277.00", "277.00",
                                             "277.00"] + [""] * 9


def test_table4_spreads_fiscal_spending_over_the_kinds_of_fiscal_funds(zengdu):
    derived = derived_of("zengdu-2024.yaml")
    general = derived.funds["一般公共预算"]
    assert zengdu.row(4, "一、本年支出", column=2)[2:] == ["一、本年支出", "447.48", "447.48", "", ""]
    assert zengdu.row(4, "（八）社会保障和就业支出", column=2)[2:] == [
        "（八）社会保障和就业支出", shown(general.function_nodes["208"].total), "16.98", "", ""]
    assert zengdu.table(4)[-1] == ["收入总计", "447.48", "支出总计", "447.48", "447.48", "", ""]


def test_table8_has_the_administrative_expenses_row_and_says_how_they_were_counted(zengdu):
    derived = derived_of("zengdu-2024.yaml")
    assert shown(derived.administrative_expenses) == "170.48"  # 一般公共预算 基本支出 of the 行政单位
    table = zengdu.table(8)
    assert [row[0] for row in table] == [
        "项　目", "行政经费", "“三公”经费", "其中：（一）因公出国（境）支出", "（二）公务用车购置及运行维护支出",
        "1.公务用车购置", "2.公务用车运行维护费", "（三）公务接待费支出"]
    assert table[1] == ["行政经费", "170.48", "170.48", "", ""]
    assert table[2] == ["“三公”经费", "0.14", "0.14", "", ""]
    assert table[7] == ["（三）公务接待费支出", "0.14", "0.14", "", ""]
    assert zengdu.notes[TABLE_TITLES[7]] == [
        "注：行政经费是指行政单位和参照公务员法管理的事业单位用一般公共预算财政拨款安排的基本支出，"
        "包括人员经费和公用经费，非行政单位不纳入统计。"]


STATED = ("\nthree_public: {total: 0.80",
          "\nadministrative_expenses:\n  amount: 160.00\n"
          "  definition: 行政经费是指行政单位基本支出和一般行政管理项目支出（不含离退休支出）\n\n"
          "three_public: {total: 0.80")


def test_a_stated_administrative_figure_is_printed_with_its_own_definition(tmp_path):
    doc = render(tmp_path, edit(MINIMAL, STATED), "stated")
    assert doc.table(8)[1] == ["行政经费", "160.00", "160.00", "", ""]
    assert doc.notes[TABLE_TITLES[7]] == ["注：行政经费是指行政单位基本支出和一般行政管理项目支出（不含离退休支出）。"]
    assert "2025年本部门财政拨款安排的行政经费为160.00万元。" in doc.texts()


def test_a_stated_administrative_figure_above_the_general_budget_is_an_error_at_its_line(tmp_path):
    text = edit(MINIMAL, STATED, ("  amount: 160.00\n", "  amount: 200.00\n"))
    finding = only(validate_text(tmp_path, text, profile="guangdong"), "administrative-expenses-exceeds")
    assert finding.message.startswith("行政经费超过一般公共预算支出总额")
    assert finding.location.line == line_of(text, "  amount: 200.00")


def test_a_stated_administrative_figure_the_standard_layout_does_not_print_is_reported(tmp_path):
    report = validate_text(tmp_path, edit(MINIMAL, STATED))
    finding = next(f for f in report.warnings if f.code == "profile-omits" and f.path == ("administrative_expenses",))
    assert "填写了行政经费" in finding.message


def test_table12_lists_the_project_spending_with_each_projects_goal(zengdu):
    budget = load(EXAMPLES / "zengdu-2024.yaml")
    derived = validate(budget).derived
    spending = [p for p in derived.budget.projects if derived.projects[p.name].kind == "项目"]
    rows = {row[0].strip("\u3000"): row for row in zengdu.table(12)[2:]}
    assert rows["合计"][2:5] == ["277.00", "277.00", "277.00"]
    assert "基本工资" not in rows and "在职人员公用" not in rows  # 基本支出 items are 表11's
    for project in spending:
        row = rows[project.name]
        assert row[1] == project.goal
        assert row[2] == row[3] == row[4] == shown(derived.projects[project.name].total)
    assert rows["政府购买服务"][1].startswith("完成“前台咨询服务引导”")


def test_table11_is_the_basic_spending_by_economic_class_and_source(xihu):
    assert xihu.row(11, "合计") == ["", "合计", "388.62", "388.62"] + [""] * 7
    assert xihu.row(11, "绩效工资") == ["30107", "\u3000绩效工资", "116.49", "116.49"] + [""] * 7


# ---- empty tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize("number, note", [
    (9, "本部门2024年没有使用政府性基金预算拨款安排的支出，本表为空表。"),
    (10, "本部门2024年没有使用国有资本经营预算拨款安排的支出，本表为空表。"),
])
def test_an_empty_table_keeps_its_header_and_says_why_it_is_empty(xihu, zengdu, number, note):
    for doc in (xihu, zengdu):
        assert doc.table(number) == [COLUMNS[number][0]]
        assert doc.notes[TABLE_TITLES[number - 1]] == [note]


def test_a_department_without_general_budget_projects_gets_an_empty_table7(tmp_path):
    text = edit(MINIMAL, ("kind: 项目, project: 馆藏档案数字化, source: 一般公共预算",
                          "kind: 项目, project: 馆藏档案数字化, source: 事业收入"),
                ("  fiscal: 186.40\n", "  fiscal: 146.40\n"),
                ("  fiscal: 165.10\n", "  fiscal: {amount: 165.10, reason: 档案数字化项目改由事业收入安排}\n"))
    doc = render(tmp_path, text, "no-general-project")
    assert doc.table(7) == [COLUMNS[7][0]]
    assert doc.notes[TABLE_TITLES[6]] == ["本部门2025年没有使用一般公共预算拨款安排的项目支出，本表为空表。"]
    assert doc.row(12, "馆藏档案数字化", column=0)[2:] == ["40.00", "", "", "", "", "", "40.00"]


# ---- the 情况说明 --------------------------------------------------------------------------------------


def test_the_three_public_item_states_administrative_expenses_then_the_three_public(zengdu):
    texts = zengdu.texts()
    start = texts.index("二、“三公”经费安排情况")
    assert texts[start + 1: start + 6] == [
        "2024年本部门财政拨款安排的行政经费为170.48万元。",
        # the reasons the data gives are printed, for unchanged figures too (issue 10 §1)
        "2024年本部门财政拨款安排“三公”经费为0.14万元，较上年无增减。主要原因是2024年三公经费预算与2023年相比无变化。其中：",
        "1.因公出国（境）费0万元，较上年无增减，主要原因是2024年无因公出国（境）费。",
        "2.公务用车购置及运行费0万元，较上年无增减。其中：公务用车购置费0万元，较上年无增减，主要原因是2024年无公务用车购置费预算；"
        "公务用车运行维护费0万元，较上年无增减，主要原因是2024年无公务用车运行维护费预算。",
        "3.公务接待费0.14万元，较上年无增减，主要原因是2024年三公经费预算与2023年相比无变化。",
    ]


def test_the_first_item_compares_income_and_spending_with_last_year(zengdu):
    texts = zengdu.texts()
    start = texts.index(SIX_ITEMS[0])
    assert texts[start + 1].startswith("2024年收入预算总额为447.48万元，比上年增加77.04万元，增长20.80%。")
    assert "本部门2024年无政府性基金预算安排的支出，《政府性基金预算支出情况表》为空表。" in texts


def test_the_key_projects_item_gives_each_projects_targets(zengdu):
    texts = zengdu.texts()
    start = texts.index(SIX_ITEMS[5])
    assert texts[start + 1] == "2024年本部门实行绩效目标管理的项目8个，涉及预算资金277.00万元。"
    assert zengdu.styled("绩效表标题")[0] == "12345热线工作专项经费项目支出绩效目标表"


# ---- 单位预算 -----------------------------------------------------------------------------------------


def test_a_unit_budget_is_worded_as_one(zengdu_unit):
    assert "2024年单位预算" in zengdu_unit.styled("封面副标题")
    assert zengdu_unit.styled("表标题")[-2:] == ["表11　单位预算基本支出预算表", "表12　单位预算项目支出及其他支出预算表"]
    headings = zengdu_unit.styled("Heading 2")
    assert "三、单位预算构成" in headings and "一、单位预算收支增减变化情况" in headings
    texts = zengdu_unit.texts()
    assert "本单位预算无下属单位，单位预算为曾都区政务服务和大数据管理局本级预算。" in texts
    assert zengdu_unit.notes["表9　政府性基金预算支出情况表"] == ["本单位2024年没有使用政府性基金预算拨款安排的支出，本表为空表。"]
    assert "2024年本单位财政拨款安排“三公”经费为0.14万元，较上年无增减。主要原因是2024年三公经费预算与2023年相比无变化。其中：" in texts
