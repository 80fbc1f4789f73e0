"""Two real Shanghai documents as ground truth; the examples reproduce every figure of their tables.

tests/fixtures/shanghai/<slug>/tables.json holds every cell of the nine published tables (row and
column as printed, blank cells as ""), text.yaml every sentence; both were transcribed from the
PDFs in shared/reference/shanghai/ and are never computed by our code. This module checks

1. the transcription against itself: every 合计/小计 row is the sum of its rows, income equals
   expenditure, each table agrees with the others, the prose figures agree with the tables — except
   the errors the published documents really contain, each listed below and in the fixtures' README;
2. examples/putuo-czj-2025.yaml and examples/putuo-flfy-2024.yaml: validated through the library,
   their ledger pivots (report.derived) give every figure of every table, cell by cell.

It is the oracle the Shanghai profile is held to on the rendered document (test_shanghai_profile.py).
"""

from __future__ import annotations

import functools
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from budgetauthor import load, validate

from .helpers import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "shanghai"
CZJ, FLFY = "putuo-czj-2025", "putuo-flfy-2024"
DOCUMENTS = (CZJ, FLFY)
EXAMPLE_FILE = {CZJ: EXAMPLES / "putuo-czj-2025.yaml", FLFY: EXAMPLES / "putuo-flfy-2024.yaml"}
ZERO = Decimal(0)
WAN = Decimal(10000)

# Cells the documents print wrongly: (table, row, column) → (as printed, as meant). README, “原文自身的问题”.
CELL_ERRATA = {
    FLFY: {
        (3, 10, 0): ("7", "210"),  # 事业单位医疗 2101102: 类 printed as “7” in 表3 and 表5
        (5, 10, 0): ("7", "210"),
    },
}
# 类 210's name before the 2019 classification, printed in the 单位's 表1, 表4 and 编制说明 item 5.
OLD_CLASS_NAMES = {"医疗卫生与计划生育支出": "卫生健康支出"}

# 社会福利院 表8 numbers the 款 of 302/303 by row (302 02 咨询费, 302 10 车辆运行费 …); the example maps
# each printed row to a 部门预算支出经济分类 款 by its name (examples/putuo-flfy-2024.yaml explains each).
FLFY_ECONOMIC = {
    "30201": "30201",
    "30202": "30203",
    "30203": "30205",
    "30204": "30206",
    "30205": "30207",
    "30206": "30291",
    "30207": "30228",
    "30208": "30229",
    "30209": "30209",
    "30210": "30231",
    "30211": "30292",
    "30212": "30293",
    "30213": "30299",
    "30301": "30302",
}


# ---- reading the fixtures ----


@functools.cache
def tables(slug: str) -> dict[int, dict]:
    data = json.loads((FIXTURES / slug / "tables.json").read_text(encoding="utf-8"))
    return {t["number"]: t for t in data["tables"]}


@functools.cache
def text(slug: str) -> dict:
    return yaml.safe_load((FIXTURES / slug / "text.yaml").read_text(encoding="utf-8"))


def cells(slug: str, number: int) -> list[list[str]]:
    """Body rows of a table as printed, with the documented cell errata corrected."""
    rows = [list(r["cells"]) for r in tables(slug)[number]["rows"]]
    for (table, row, col), (_, meant) in CELL_ERRATA.get(slug, {}).items():
        if table == number:
            rows[row][col] = meant
    return rows


def amount(cell: str) -> Decimal:
    """A printed figure; a blank cell is zero."""
    return Decimal(cell.replace(",", "")) if cell else ZERO


def amount_columns(slug: str, number: int) -> list[int]:
    """Columns that hold money: after the 类款项 and name in 功能 tables, after 类款 and name in 表8,
    the 预算数 columns of 表1/表4, every column of 表9."""
    width = tables(slug)[number]["column_count"]
    first = {1: 3, 4: 3, 8: 3, 9: 0}.get(number, 4)
    return ([1] if number in (1, 4) else []) + list(range(first, width))


def figures(slug: str, number: int) -> list[tuple[int, int, str]]:
    """(row, column, cell) of every printed figure (non-blank money cell) of a table."""
    columns = amount_columns(slug, number)
    return [
        (r["row"], c, r["cells"][c])
        for r in tables(slug)[number]["rows"]
        for c in columns
        if r["cells"][c]
    ]


def code_of(row: list[str], parts: int) -> str:
    return "".join(row[:parts])


def coded_rows(slug: str, number: int, parts: int) -> list[tuple[str, str, list[Decimal]]]:
    """(code, name, amounts) of every coded row of a 功能/经济 table (parts=3 for 类款项, 2 for 类款)."""
    out = []
    for row in cells(slug, number):
        if row[0] and row[0] != "合计":
            out.append((code_of(row, parts), row[parts], [amount(c) for c in row[parts + 1 :]]))
    return out


def total_row(slug: str, number: int, parts: int) -> list[Decimal]:
    row = next(r for r in cells(slug, number) if r[0] == "合计")
    return [amount(c) for c in row[parts + 1 :]]


def wan(value_yuan: Decimal) -> Decimal:
    return (value_yuan / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def class_name(printed: str) -> str:
    name = re.sub(r"^[一二三四五六七八九十]+、", "", printed)
    return OLD_CLASS_NAMES.get(name, name)


# ---- 1. the transcription is complete and keeps what was printed ----


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_nine_tables_with_titles_units_and_rectangular_rows(slug):
    ts = tables(slug)
    assert sorted(ts) == list(range(1, 10))
    year = "2025" if slug == CZJ else "2024"
    for number, t in ts.items():
        assert t["toc_entry"].endswith(t["title"]), (number, t["toc_entry"], t["title"])
        assert t["unit_line"] in ("单位：元", "单位:万元")
        assert t["compiler_line"] in (
            "编制部门：上海市普陀区财政局",
            "编制单位：上海市普陀区社会福利院",
        )
        assert [r["row"] for r in t["rows"]] == list(range(len(t["rows"])))
        assert all(len(r["cells"]) == t["column_count"] for r in t["rows"])
        assert len(t["column_paths"]) == t["column_count"]
        if number != 9 or slug == CZJ:
            assert t["title"].startswith(f"{year}年"), t["title"]
    assert ts[9]["unit_line"] == "单位:万元"


def test_the_units_table_9_has_no_year_in_its_title_but_in_its_header():
    t9 = tables(FLFY)[9]
    assert t9["title"] == "单位“三公”经费和机关运行经费预算表"
    assert t9["column_paths"][6] == "2024年机关运行经费预算数"


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_empty_tables_are_printed_with_twelve_blank_rows_a_total_and_their_note(slug):
    for number in (6, 7):
        t = tables(slug)[number]
        kinds = [r["kind"] for r in t["rows"]]
        assert kinds == ["blank"] * 12 + ["total"]
        assert t["note"].startswith("注:本") and t["note"].endswith("，故本表为空表。")
    assert text(slug)["outline"]["empty_table_notes"] == [
        {"table": n, "page": tables(slug)[n]["pages"][0], "text": tables(slug)[n]["note"]}
        for n in (6, 7)
    ]


def test_the_departments_state_capital_table_carries_the_government_fund_note():
    """A copy-paste error of the published 部门预算: 表7 (国有资本经营) says 政府性基金."""
    notes = {n: tables(CZJ)[n]["note"] for n in (6, 7)}
    assert (
        notes[6] == notes[7] == "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"
    )
    assert (
        tables(FLFY)[7]["note"]
        == "注:本单位2024年无国有资本经营预算财政拨款安排的预算，故本表为空表。"
    )


def test_cell_errata_are_what_the_document_prints():
    for slug, errata in CELL_ERRATA.items():
        for (table, row, col), (printed, _) in errata.items():
            assert tables(slug)[table]["rows"][row]["cells"][col] == printed


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_multi_page_tables_repeat_their_header(slug):
    for t in tables(slug).values():
        pages = sorted({r["page"] for r in t["rows"]})
        assert pages == t["pages"]
        assert t["header_repeated_on_pages"] == t["pages"][1:]


# ---- 2. the transcription adds up ----


def assert_tree_adds_up(
    rows: list[tuple[str, str, list[Decimal]]], lengths: tuple[int, ...], total: list[Decimal]
):
    codes = {code for code, _, _ in rows}
    for code, name, values in rows:
        deeper = [n for n in lengths if n > len(code)]
        if not deeper:
            continue
        children = [v for c, _, v in rows if len(c) == deeper[0] and c.startswith(code)]
        assert children, f"{code} {name} has no rows under it"
        assert [sum(col, ZERO) for col in zip(*children)] == values, (code, name)
    tops = [v for c, _, v in rows if len(c) == lengths[0]]
    assert [sum(col, ZERO) for col in zip(*tops)] == total if tops else not any(total)
    assert all(code[:n] in codes for code in codes for n in lengths if n < len(code))


@pytest.mark.parametrize("slug", DOCUMENTS)
@pytest.mark.parametrize("number", [2, 3, 5, 6, 7])
def test_function_tables_add_up_by_class_and_across(slug, number):
    rows = coded_rows(slug, number, 3)
    total = total_row(slug, number, 3)
    assert_tree_adds_up(rows, (3, 5, 7), total)
    for _, _, values in rows + [("合计", "", total)]:
        assert values[0] == sum(values[1:], ZERO)  # 合计 = 财政拨款+事业收入+… / 基本+项目


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_economic_table_adds_up_by_class_and_across(slug):
    rows = coded_rows(slug, 8, 2)
    total = total_row(slug, 8, 2)
    assert_tree_adds_up(rows, (3, 5), total)
    for _, _, (whole, personnel, public) in rows + [("合计", "", total)]:
        assert whole == personnel + public


def summary_sides(slug: str, number: int) -> tuple[dict[str, Decimal], dict[str, list[Decimal]]]:
    """表1/表4: income label → 预算数, expenditure label → its figures."""
    income, spending = {}, {}
    for row in cells(slug, number):
        if row[0]:
            income[row[0]] = amount(row[1])
        if row[2]:
            spending[row[2]] = [amount(c) for c in row[3:]]
    return income, spending


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_summary_table_balances(slug):
    income, spending = summary_sides(slug, 1)
    total = income.pop("收入总计")
    fiscal_parts = [v for k, v in income.items() if re.match(r"^\d[.、]", k)]
    top = [v for k, v in income.items() if re.match(r"^[一二三四]、", k)]
    fiscal = next(v for k, v in income.items() if k.endswith("财政拨款收入"))
    assert fiscal == sum(fiscal_parts, ZERO)
    assert total == sum(top, ZERO)
    spent = spending.pop("支出总计")
    assert spent[0] == total
    assert [sum(col, ZERO) for col in zip(*spending.values())] == spent
    if slug == FLFY:  # 合计 = 人员经费 + 公用经费 + 项目支出
        for values in list(spending.values()) + [spent]:
            assert values[0] == sum(values[1:], ZERO)


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_fiscal_summary_table_balances(slug):
    income, spending = summary_sides(slug, 4)
    total = income.pop("收入总计")
    assert total == sum(income.values(), ZERO)
    spent = spending.pop("支出总计")
    assert spent[0] == total
    assert [sum(col, ZERO) for col in zip(*spending.values())] == spent
    for values in list(spending.values()) + [spent]:
        assert values[0] == sum(values[1:], ZERO)


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_tables_agree_with_each_other(slug):
    t2 = {c: v for c, _, v in coded_rows(slug, 2, 3)}
    t3 = {c: v for c, _, v in coded_rows(slug, 3, 3)}
    t5 = {c: v for c, _, v in coded_rows(slug, 5, 3)}
    # 收入总表 = 支出总表, row by row
    assert {c: v[0] for c, v in t2.items()} == {c: v[0] for c, v in t3.items()}
    # 表5 (一般公共预算) is 表2's 财政拨款收入 column: neither document has 政府性基金 or 国有资本经营 money.
    assert {c: v[0] for c, v in t5.items()} == {c: v[1] for c, v in t2.items() if v[1]}
    income1, spending1 = summary_sides(slug, 1)
    income4, spending4 = summary_sides(slug, 4)
    general = total_row(slug, 5, 3)
    assert income1["1. 一般公共预算资金" if slug == CZJ else "1、一般公共预算资金"] == general[0]
    assert income4["一、一般公共预算资金"] == general[0] == spending4["支出总计"][1]
    assert total_row(slug, 8, 2)[0] == general[1]  # 表8 合计 = 表5 基本支出
    classes3 = {c: v for c, v in t3.items() if len(c) == 3}
    classes5 = {c: v for c, v in t5.items() if len(c) == 3}
    for label, values in spending1.items():
        if label != "支出总计" and values[0]:
            code = next(c for c, n, _ in coded_rows(slug, 3, 3) if n == class_name(label))
            assert values[0] == classes3[code][0]
    for label, values in spending4.items():
        if label != "支出总计" and values[0]:
            code = next(c for c, n, _ in coded_rows(slug, 5, 3) if n == class_name(label))
            assert values[1] == classes5[code][0]
    t8 = total_row(slug, 8, 2)
    if slug == FLFY:  # 表1 splits 基本支出 into 人员经费/公用经费 like 表8
        assert spending1["支出总计"][1:3] == t8[1:3]


def three_public_row(slug: str) -> dict[str, Decimal]:
    keys = (
        "total",
        "abroad",
        "reception",
        "vehicles",
        "vehicle_purchase",
        "vehicle_operation",
        "operating",
    )
    return dict(zip(keys, (amount(c) for c in cells(slug, 9)[0])))


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_three_public_table_adds_up_and_matches_the_economic_table(slug):
    t9 = three_public_row(slug)
    assert t9["total"] == t9["abroad"] + t9["reception"] + t9["vehicles"]
    assert t9["vehicles"] == t9["vehicle_purchase"] + t9["vehicle_operation"]
    economic = {(c, n): v for c, n, v in coded_rows(slug, 8, 2)}
    if slug == CZJ:
        assert wan(economic[("30217", "公务接待费")][0]) == t9["reception"]
        # 机关运行经费 = 行政单位一般公共预算基本支出中的公用经费
        assert wan(total_row(slug, 8, 2)[2]) == t9["operating"] == Decimal("229.43")
    else:
        assert wan(economic[("30210", "车辆运行费")][0]) == t9["vehicle_operation"]
        assert t9["operating"] == 0  # 事业单位：无机关运行经费


# ---- 3. the prose agrees with the tables, except where it does not ----


ITEM_ERRATA = {
    # number → (printed, the table's figure rounded half-up to 0.01万元)
    CZJ: {
        5: ("87.70", "87.71"),  # 877,080.00 元, cut instead of rounded
        7: ("887.36", "87.36"),  # 873,617.00 元: a stray “8”
        9: ("78.21", "78.22"),  # 782,164.00 元, cut
        10: ("204.91", "204.92"),  # 2,049,197.00 元, cut
        11: ("268.77", "268.78"),  # 2,687,760.00 元, cut
    },
    FLFY: {
        # 2081005 一般公共预算 6,964,796 元; 738.66 = 696.48 + 退休费 42.18 (also in item 1)
        4: ("738.66", "696.48"),
    },
}


def item_rows(slug: str) -> dict[str, tuple[str, Decimal]]:
    """项 name → (code, 一般公共预算 amount in 元) from 表5."""
    return {n: (c, v[0]) for c, n, v in coded_rows(slug, 5, 3) if len(c) == 7}


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_each_explanation_item_states_its_tables_figure(slug):
    rows = item_rows(slug)
    errata = ITEM_ERRATA[slug]
    for item in text(slug)["explanation"]["items"]:
        name = item["item_name"].replace("其它", "其他")  # 财政局 item 8 writes 其它
        _, value = rows[name]
        expected = f"{wan(value):,.2f}"
        if item["number"] in errata:
            assert (item["amount_wan"], expected) == errata[item["number"]]
        else:
            assert item["amount_wan"] == expected, item["text"]


def test_the_units_explanation_leaves_out_one_item():
    """社会福利院 lists 6 of its 7 项: 2080599 其他行政事业单位养老支出 (7,020 元) has no item."""
    listed = {i["item_name"] for i in text(FLFY)["explanation"]["items"]}
    assert set(item_rows(FLFY)) - listed == {"其他行政事业单位养老支出"}
    assert set(item_rows(CZJ)) == {
        i["item_name"].replace("其它", "其他") for i in text(CZJ)["explanation"]["items"]
    }


def stated(label: str, paragraph: str) -> Decimal:
    """The figure right after `label` in a paragraph: stated('收入预算', p) → 3121.42 (万元)."""
    m = re.search(re.escape(label) + r"([\d,]+(?:\.\d+)?)万元", paragraph)
    assert m, (label, paragraph)
    return Decimal(m[1].replace(",", ""))


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_explanation_totals_are_the_tables_totals(slug):
    income, _ = summary_sides(slug, 1)
    total = wan(income["收入总计"])
    fiscal = wan(next(v for k, v in income.items() if k.endswith("财政拨款收入")))
    first, second = text(slug)["explanation"]["paragraphs"][:2]
    assert stated("收入预算", first) == stated("支出预算", second) == total
    assert stated("财政拨款收入", first) == stated("财政拨款支出预算", second) == fiscal
    assert stated("一般公共预算拨款支出预算", second) == wan(total_row(slug, 5, 3)[0])
    assert (
        stated("政府性基金拨款支出预算", second)
        == stated("国有资本经营预算拨款支出预算", second)
        == 0
    )
    assert stated("事业收入", first) == wan(income["二、事业收入"])
    assert stated("事业单位经营收入", first) == stated("其他收入", first) == 0


# ---- 4. the examples reproduce every figure ----


@pytest.fixture(scope="module")
def reports():
    return {slug: validate(load(EXAMPLE_FILE[slug])) for slug in DOCUMENTS}


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_examples_validate_in_the_shanghai_layout(reports, slug):
    """The examples name the shanghai profile, whose completeness rules follow what Shanghai
    publishes (no staffing figures, project targets published apart): no errors; the warnings are
    the 单位's 款 the classification lacks (README 单位 3)."""
    report = reports[slug]
    assert report.derived is not None
    assert report.errors == []
    assert {f.code for f in report.warnings} <= {"economic-code-unknown"}


def yuan(value_wan: Decimal) -> Decimal:
    return value_wan * WAN


def lines(report, predicate=lambda ln: True):
    return [ln for ln in report.model.lines if predicate(ln)]


def node(report, code: str, predicate=lambda ln: True) -> dict[str, Decimal]:
    """Pivot of the ledger at a 功能 code (any level), in 元."""
    chosen = [ln for ln in lines(report, predicate) if ln.function.startswith(code)]
    out = {"total": ZERO, "basic": ZERO, "project": ZERO, "personnel": ZERO, "public": ZERO}
    for ln in chosen:
        out["total"] += ln.amount
        if ln.kind == "基本":
            out["basic"] += ln.amount
            out["personnel" if ln.personnel else "public"] += ln.amount
        else:
            out["project"] += ln.amount
    return {k: yuan(v) for k, v in out.items()}


def by_source(report, code: str, label: str) -> Decimal:
    return node(report, code, lambda ln: ln.source.label == label)["total"]


def fiscal(ln) -> bool:
    return ln.source.fiscal


def general(ln) -> bool:
    return ln.source.family == "一般公共预算"


def assert_cells(expected: list[str], actual: list[Decimal], where: str):
    """Every printed cell equals the pivot; a blank cell means zero."""
    assert [amount(c) for c in expected] == actual, where


def code_for_class(report, printed: str) -> str:
    name = class_name(printed)
    derived = report.derived
    return next(c.code for c in derived.catalog.function_classes() if c.name == name)


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_table_1_from_the_ledger(reports, slug):
    r = reports[slug]
    d = r.derived
    income = {
        "财政拨款收入": d.fiscal.total,
        "一般公共预算资金": d.by_source.get("一般公共预算", ZERO),
        "政府性基金": d.by_source.get("政府性基金预算", ZERO),
        "国有资本经营预算": d.by_source.get("国有资本经营预算", ZERO),
        "事业收入": d.by_source.get("事业收入", ZERO),
        "事业单位经营收入": d.by_source.get("事业单位经营收入", ZERO),
        "其他收入": d.by_source.get("其他收入", ZERO),
        "收入总计": d.totals.total,
    }
    for i, row in enumerate(cells(slug, 1)):
        if row[0]:
            label = re.sub(r"^([一二三四]、|\d[.、] ?)", "", row[0])
            assert_cells([row[1]], [yuan(income[label])], f"表1 第{i}行 收入")
        if row[2]:
            code = "" if row[2] == "支出总计" else code_for_class(r, row[2])
            n = node(r, code)
            pivot = [n["total"], n["personnel"], n["public"], n["project"]]
            assert_cells(row[3:], pivot[:1] if slug == CZJ else pivot, f"表1 第{i}行 {row[2]}")


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_table_2_from_the_ledger(reports, slug):
    r = reports[slug]
    for i, row in enumerate(cells(slug, 2)):
        code = "" if row[0] == "合计" else code_of(row, 3)
        n = node(r, code)
        pivot = [
            n["total"],
            node(r, code, fiscal)["total"],
            by_source(r, code, "事业收入"),
            by_source(r, code, "事业单位经营收入"),
            by_source(r, code, "其他收入"),
        ]
        assert_cells(row[4:], pivot, f"表2 第{i}行 {row[3] or row[0]}")


@pytest.mark.parametrize("slug", DOCUMENTS)
@pytest.mark.parametrize(
    "number, predicate",
    [
        (3, lambda ln: True),
        (5, general),
        (6, lambda ln: ln.source.family == "政府性基金预算"),
        (7, lambda ln: ln.source.family == "国有资本经营预算"),
    ],
)
def test_function_tables_from_the_ledger(reports, slug, number, predicate):
    r = reports[slug]
    for i, row in enumerate(cells(slug, number)):
        if not any(row):
            continue
        code = "" if row[0] == "合计" else code_of(row, 3)
        n = node(r, code, predicate)
        assert_cells(
            row[4:],
            [n["total"], n["basic"], n["project"]],
            f"表{number} 第{i}行 {row[3] or row[0]}",
        )
    if number in (6, 7):
        assert not lines(r, predicate)


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_table_4_from_the_ledger(reports, slug):
    r = reports[slug]
    d = r.derived
    income = {
        "一般公共预算资金": d.family_total("一般公共预算"),
        "政府性基金": d.family_total("政府性基金预算"),
        "国有资本经营预算": d.family_total("国有资本经营预算"),
        "收入总计": d.fiscal.total,
    }
    for i, row in enumerate(cells(slug, 4)):
        if row[0]:
            assert_cells(
                [row[1]], [yuan(income[re.sub(r"^[一二三]、", "", row[0])])], f"表4 第{i}行 收入"
            )
        if row[2]:
            code = "" if row[2] == "支出总计" else code_for_class(r, row[2])
            pivot = [node(r, code, fiscal)["total"]] + [
                node(r, code, lambda ln, f=family: ln.source.family == f)["total"]
                for family in ("一般公共预算", "政府性基金预算", "国有资本经营预算")
            ]
            assert_cells(row[3:], pivot, f"表4 第{i}行 {row[2]}")


def economic_code(slug: str, printed: str) -> str:
    return FLFY_ECONOMIC.get(printed, printed) if slug == FLFY else printed


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_table_8_from_the_ledger(reports, slug):
    r = reports[slug]
    basic = lines(r, lambda ln: general(ln) and ln.kind == "基本")
    for i, row in enumerate(cells(slug, 8)):
        if row[0] == "合计":
            chosen = basic
        else:
            code = economic_code(slug, code_of(row, 2))
            chosen = [ln for ln in basic if ln.economic.startswith(code)]
        whole = yuan(sum((ln.amount for ln in chosen), ZERO))
        personnel = yuan(sum((ln.amount for ln in chosen if ln.personnel), ZERO))
        assert_cells(
            row[3:], [whole, personnel, whole - personnel], f"表8 第{i}行 {row[2] or row[0]}"
        )


def test_the_units_economic_names_are_kept_where_the_classification_has_none(reports):
    """The rows of 表8 that no national 款 matches keep their printed name on the ledger line; the
    rows whose 款 the classification names otherwise carry their printed name in printed_names."""
    printed = {economic_code(FLFY, c): n for c, n, _ in coded_rows(FLFY, 8, 2)}
    model = reports[FLFY].model
    typed = {ln.economic: ln.economic_name for ln in model.lines if ln.economic_name}
    assert typed == {code: printed[code] for code in ("30291", "30292", "30293")}
    assert model.printed_names == {("economic", "303"): "离退休人员经费",
                                   **{("economic", code): printed[code] for code in ("30108", "30231")}}


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_table_9_from_the_ledger(reports, slug):
    d = reports[slug].derived
    t = d.three_public
    pivot = [
        t["total"],
        t["abroad"],
        t["reception"],
        t["vehicle_purchase"] + t["vehicle_operation"],
        t["vehicle_purchase"],
        t["vehicle_operation"],
        d.operating_expenses,
    ]
    row = cells(slug, 9)[0]  # printed in 万元 ("0.95", "6.4", "0", "")
    assert [amount(c) for c in row] == [
        v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for v in pivot
    ]


# Printed figures (non-blank money cells, "0.00" included) per table: 241 and 185 in all.
FIGURE_COUNTS = {
    CZJ: {1: 8, 2: 40, 3: 44, 4: 12, 5: 44, 6: 0, 7: 0, 8: 90, 9: 3},
    FLFY: {1: 16, 2: 34, 3: 34, 4: 10, 5: 30, 6: 0, 7: 0, 8: 55, 9: 6},
}


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_every_printed_figure_is_a_number_and_counted(slug):
    """The tests above compare every money cell; these are the printed ones among them."""
    for n in range(1, 10):
        assert all(re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", c) for _, _, c in figures(slug, n))
    assert {n: len(figures(slug, n)) for n in range(1, 10)} == FIGURE_COUNTS[slug]


# ---- 5. the examples carry the prose the documents state ----


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_purposes_are_the_explanation_items(reports, slug):
    purposes = reports[slug].model.purposes
    rows = item_rows(slug)
    published = {
        rows[i["item_name"].replace("其它", "其他")][0]: f"主要用于{i['purpose']}。"
        for i in text(slug)["explanation"]["items"]
    }
    assert purposes == published


@pytest.mark.parametrize(
    "slug, now, change", [(CZJ, "3121.42", "107.62"), (FLFY, "950.12", "0.46")]
)
def test_previous_fiscal_is_this_year_less_the_stated_increase(reports, slug, now, change):
    paragraph = text(slug)["explanation"]["paragraphs"][0]
    assert f"比{int(reports[slug].model.year) - 1}年预算增加{change}万元" in paragraph
    previous = reports[slug].model.previous["fiscal"]
    assert previous.amount == Decimal(now) - Decimal(change)
    assert previous.change == Decimal(change)
    assert previous.reason in text(slug)["explanation"]["paragraphs"][2]


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_duties_are_the_published_items_without_their_numbers(reports, slug):
    items = text(slug)["duties"]["items"]
    stripped = [re.sub(r"^(（[一二三四五六七八九十]+）|\d+\.)", "", item) for item in items]
    assert list(reports[slug].model.profile.duties) == stripped
