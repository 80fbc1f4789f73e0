"""Cell formats of real exports: codes with their names, lost leading zeros, 元/万元, dashes and
template placeholders — in an export, and typed or pasted into the generated fill-in workbook."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from budgetauthor import load, validate
from budgetauthor.exchange.allocate import Unbalanced, apportion, fill, proportional
from budgetauthor.exchange.reader import CellError, amount_of, restore_zeros, without_name
from budgetauthor.workbook.cells import split_code
from budgetauthor.workbook.writer import write_workbook

from .helpers import EXAMPLES
from .xlsx_helpers import header_row


@pytest.mark.parametrize("text, code, name", [
    ("2010501", "2010501", ""),
    ("2010501-行政运行", "2010501", "行政运行"),
    ("2010501 - 行政运行", "2010501", "行政运行"),
    ("2010501—行政运行", "2010501", "行政运行"),
    ("2010501：行政运行", "2010501", "行政运行"),
    ("[2010501]行政运行", "2010501", "行政运行"),
    ("【2010501】行政运行", "2010501", "行政运行"),
    ("(30101)基本工资", "30101", "基本工资"),
    ("2010501 行政运行", "2010501", "行政运行"),
    ("2010501\u3000行政运行", "2010501", "行政运行"),
    ("2010501行政运行", "2010501", "行政运行"),
    ("３０１０１　基本工资", "30101", "基本工资"),
    ("108-001", "108-001", ""),  # a unit code with a dash is one code
    ("A01-02 本级", "A01-02", "本级"),
    ("一般公共预算", "一般公共预算", ""),
    ("2080505\u200b", "2080505\u200b", ""),  # an invisible character is no name: validation reports it
])
def test_a_code_cell_gives_the_code_and_the_name_in_every_format_budget_systems_write(text, code, name):
    assert split_code(text) == (code, name)


def test_a_code_cell_that_repeats_the_rows_name_after_any_separator_is_the_code_alone():
    assert without_name("42130323016Y000000101-12345热线工作专项经费", "12345热线工作专项经费") == (
        "42130323016Y000000101", "12345热线工作专项经费")
    assert without_name("[2010301]行政运行", "行政运行") == ("2010301", "行政运行")


def test_unit_codes_that_lost_their_leading_zero_get_it_back_from_the_other_codes_of_the_column():
    assert restore_zeros(["016", "16001", "016002"]) == {"16001": "016001"}
    assert restore_zeros(["108001", "108002"]) == {}


@pytest.mark.parametrize("value, unit, expected", [
    (4474836, "元", Decimal(4474836)),
    (31214205.8, "元", Decimal("31214205.8")),
    ("31,214,205.80", "元", Decimal("31214205.80")),
    (447.48, "万元", Decimal(4474800)),
    ("0.95", "万元", Decimal(9500)),
    ("１２３．４", "元", Decimal("123.4")),
    (None, "元", None),
    ("", "元", None),
    ("—", "元", None),
    ("-", "万元", None),
])
def test_an_amount_cell_is_read_exactly_in_yuan_whatever_the_sheets_unit(value, unit, expected):
    assert amount_of(value, unit) == expected


@pytest.mark.parametrize("value", ["…", "-5", "1.2e3", "五百", True])
def test_an_amount_cell_that_is_not_a_figure_is_refused(value):
    with pytest.raises(CellError):
        amount_of(value, "元")


PASTED = ["2012601-行政运行", "[2012601]行政运行", "2012601 行政运行", "2012601行政运行", "2012601：行政运行"]


def test_codes_pasted_with_their_names_into_the_fill_in_workbook_are_accepted(tmp_path):
    path = tmp_path / "填报.xlsx"
    write_workbook(path, load(EXAMPLES / "minimal.yaml").data)
    wb = openpyxl.load_workbook(path)
    ws = wb["预算明细"]
    head, cols = header_row(ws, "功能分类科目编码", "经济分类科目编码", "金额")
    rows = (0, 1, 2, 6, 7)  # lines of 2012601 行政运行 in the example
    for i, typed in zip(rows, PASTED):
        ws.cell(head + 1 + i, cols["功能分类科目编码"], typed)
    ws.cell(head + 1, cols["经济分类科目编码"], "[30101]基本工资")
    wb.save(path)
    loaded = load(path)
    assert [loaded.data["ledger"][i]["function"] for i in rows] == ["2012601"] * 5
    assert loaded.data["ledger"][0]["economic"] == "30101"
    assert validate(loaded).valid


def test_a_fill_meets_every_row_and_column_total_exactly_and_prefers_the_pairs_that_belong_together():
    rows = [("2010301", Decimal("100.00")), ("2080505", Decimal("20.00"))]
    cols = [("30101", Decimal("90.00")), ("30108", Decimal("20.00")), ("30201", Decimal("10.00"))]
    cells = fill(rows, cols, lambda r, c: 10 if (r, c) == ("2080505", "30108") else 0)
    assert cells == [("2080505", "30108", Decimal("20.00")), ("2010301", "30101", Decimal("90.00")),
                     ("2010301", "30201", Decimal("10.00"))]
    with pytest.raises(Unbalanced):
        fill(rows, cols[:2])


def test_proportional_and_apportioned_shares_are_exact_to_the_cent():
    cells = proportional([("a", Decimal("100.00")), ("b", Decimal("0.01"))],
                         [("x", Decimal("33.34")), ("y", Decimal("66.67"))])
    assert sum(a for _, _, a in cells) == Decimal("100.01")
    assert sum(a for _, c, a in cells if c == "x") == Decimal("33.34")
    assert apportion(Decimal("0.02"), [("30227", Decimal(1)), ("30299", Decimal(1)), ("30213", Decimal(1))]) == [
        ("30227", Decimal("0.01")), ("30299", Decimal("0.01"))]
    assert sum(a for _, a in apportion(Decimal("100.00"), [("p", Decimal(3)), ("q", Decimal(7))])) == Decimal("100.00")
