"""Importing a budget-system export: the standard tables (or line items) become a budget file whose
tables are the export's, figure for figure; tables that disagree are reported with both figures
and both cells, and nothing is written."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
import yaml

from budgetauthor import load, validate
from budgetauthor.exchange import tables as T
from budgetauthor.exchange.export_workbook import ExportStyle, write_export
from budgetauthor.exchange.importer import ExportInconsistent, import_export, write_result
from budgetauthor.exchange.views import table_rows

from .helpers import EXAMPLES

ZENGDU = EXAMPLES / "zengdu-2024.yaml"


@pytest.fixture(scope="module")
def zengdu():
    return validate(load(ZENGDU)).derived


PLAIN = ExportStyle()


def imported(tmp_path, derived, style=PLAIN, *, lines=False, name="export.xlsx", edit=None):
    """Write `derived` as an export workbook (optionally edited like a person would), import it,
    write the budget file and return (result, validated report of the written file)."""
    export = tmp_path / name
    write_export(export, derived, style, lines=lines)
    if edit:
        wb = openpyxl.load_workbook(export)
        edit(wb)
        wb.save(export)
    result = import_export(export)
    out = tmp_path / "数据.yaml"
    write_result(result, out, force=True)
    return result, validate(load(out))


def differing_tables(a, b) -> list[str]:
    return [t.key for t in T.STANDARD if table_rows(a, t) != table_rows(b, t)]


# ---- round trips ----------------------------------------------------------------------------------


def test_the_ten_tables_of_zengdu_as_an_export_import_to_the_same_ten_tables_figure_for_figure(tmp_path, zengdu):
    result, report = imported(tmp_path, zengdu)
    assert result.from_tables
    assert [title for title, _ in result.tables] == [t.title for t in T.STANDARD]
    assert report.derived is not None
    assert differing_tables(zengdu, report.derived) == []
    assert report.codes().count("control-total") == 0


def test_a_ledger_derived_from_tables_is_marked_in_the_file_and_on_the_console(tmp_path, zengdu):
    result, _ = imported(tmp_path, zengdu)
    text = (tmp_path / "数据.yaml").read_text(encoding="utf-8")
    assert "# 注意：导出文件没有预算明细，ledger 由部门预算表推算：" in text
    assert result.notes[0].startswith("导出的工作簿没有预算明细：已由部门预算表推算出")
    assert "推算结果与每一张表逐数一致" in result.notes[0]
    workbook = tmp_path / "数据.xlsx"
    write_result(result, workbook)
    ws = openpyxl.load_workbook(workbook)["预算明细"]
    remarks = [c.comment.text for row in ws.iter_rows(max_row=5) for c in row if c.comment]
    assert remarks and remarks[0].startswith("本表的预算明细由 budgetauthor import 按预算系统导出的部门预算表推算")
    assert validate(load(workbook)).codes().count("field-unused") == 0


def test_the_derived_ledger_puts_each_basic_item_on_its_own_economic_line(tmp_path, zengdu):
    _, report = imported(tmp_path, zengdu)
    lines = {(ln.project, ln.function, ln.economic): ln.amount for ln in report.model.lines}
    # An item whose amount is a whole line of the tables lands on that line.
    assert lines[("基本养老保险缴费", "2080505", "30108")] == Decimal("8.9449")
    assert lines[("住房公积金", "2210201", "30113")] == Decimal("8.266")
    assert lines[("基本工资", "2010301", "30101")] == Decimal("23.57")


def test_approved_control_figures_are_the_tables_totals(tmp_path, zengdu):
    _, report = imported(tmp_path, zengdu)
    approved = report.model.approved
    assert approved.income_total == zengdu.totals.total
    assert approved.basic == zengdu.totals.basic
    assert approved.personnel == zengdu.totals.personnel
    assert approved.by_function["2010301"]["basic"] == Decimal("135.836")
    assert approved.by_economic["30102"] == Decimal("15.528")


@pytest.mark.parametrize("style", [
    ExportStyle(codes="bracket", total_first=False),
    ExportStyle(codes="dash", indent=False),
    ExportStyle(codes="split", numbers_as_text=True),
    ExportStyle(codes="number", sheet_prefix=""),
], ids=["[code]name, 合计 last", "code-name", "类/款/项 columns, text figures", "numeric codes"])
def test_every_cell_format_of_real_exports_gives_the_same_tables(tmp_path, zengdu, style):
    _, report = imported(tmp_path, zengdu, style)
    assert differing_tables(zengdu, report.derived) == []


def test_with_a_line_item_export_the_ledger_is_that_export(tmp_path, zengdu):
    result, report = imported(tmp_path, zengdu, lines=True)
    assert not result.from_tables
    assert result.lines == len(zengdu.budget.lines)
    got = sorted((ln.function, ln.economic, ln.project or "", ln.amount) for ln in report.model.lines)
    want = sorted((ln.function, ln.economic, ln.project or "", ln.amount) for ln in zengdu.budget.lines)
    assert got == want
    assert {ln.unit for ln in report.model.lines} == {"016001"}  # written as the number 16001
    assert differing_tables(zengdu, report.derived) == []


def test_an_export_in_wan_yuan_reproduces_every_table_within_the_tail(tmp_path, zengdu):
    result, report = imported(tmp_path, zengdu, ExportStyle(unit="万元"))
    assert any("尾差" in note for note in result.notes)
    for table in T.STANDARD:
        for a, b in zip(table_rows(zengdu, table), table_rows(report.derived, table)):
            for key, value in a.items():
                if isinstance(value, Decimal):
                    assert abs(value - b[key]) <= Decimal("0.05"), (table.key, a, b)


def test_a_large_multi_unit_department_with_other_funds_keeps_every_table(tmp_path):
    from benchmarks import generate

    source = generate.write(tmp_path / "large.yaml", "large", 7)
    derived = validate(load(source)).derived
    result, report = imported(tmp_path, derived)
    assert len(derived.budget.profile.units) == 5 and len(derived.by_source) > 2
    # The unit types are guessed from the names (本级 行政单位, the centres 事业单位); 机关运行经费
    # follows them, so compare every table but that figure.
    assert differing_tables(derived, report.derived) == ["three_public"]
    assert table_rows(derived, T.THREE_PUBLIC)[0]["total"] == table_rows(report.derived, T.THREE_PUBLIC)[0]["total"]
    for unit in derived.budget.profile.units:
        assert report.derived.by_unit_source[unit.code] == derived.by_unit_source[unit.code]
    assert any("按比例推算" in note for note in result.notes)


# ---- disagreements: both figures, both cells, nothing written ---------------------------------------


def _cell(ws, text):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(text)


def _total_row(ws) -> int:
    """The 合计 row of a classified table (合计 in the name column; the header's 合计 is in another)."""
    return next(cell.row for cell in ws["B"] if cell.value == "合计")


def test_two_tables_stating_one_figure_differently_are_reported_with_both_figures_and_cells(tmp_path, zengdu):
    def edit(wb):
        wb["部门收支总表"]["B6"] = 4474000  # 一般公共预算拨款收入, while 收入总表 says 4,474,836
    with pytest.raises(ExportInconsistent) as caught:
        imported(tmp_path, zengdu, edit=edit)
    [finding] = caught.value.findings
    assert finding.code == "export-table-conflict"
    assert finding.message == ("收支总表 一般公共预算拨款收入（部门收支总表!B6）为4,474,000.00元，"
                               "收入总表 合计 一般公共预算（部门收入总表!E6）为4,474,836.00元，相差836.00元")
    assert str(finding.location) == "部门收支总表!B6"
    assert not (tmp_path / "数据.yaml").exists()


def test_a_row_whose_columns_do_not_add_up_is_reported_with_its_cells(tmp_path, zengdu):
    def edit(wb):
        ws = wb["部门一般公共预算支出表"]
        ws.cell(_cell(ws, "2010301").row, 3).value = 1358000  # 合计 of 行政运行 only
    with pytest.raises(ExportInconsistent) as caught:
        imported(tmp_path, zengdu, edit=edit)
    messages = [f.message for f in caught.value.findings]
    assert ("2010301 行政运行的合计：部门一般公共预算支出表!C9 为1,358,000.00元，而D9（基本支出）、G9（项目支出）之和为"
            "1,358,360.00元，相差360.00元（一般公共预算支出表，部门一般公共预算支出表表内不一致）") in messages


def test_a_subtotal_that_is_not_the_sum_of_its_rows_is_reported_at_its_cell(tmp_path, zengdu):
    def edit(wb):
        ws = wb["部门支出总表"]
        ws.cell(_cell(ws, "2080505").row, 4).value = 89000  # 基本支出 of one 项
    with pytest.raises(ExportInconsistent) as caught:
        imported(tmp_path, zengdu, edit=edit)
    messages = {str(f.location): f.message for f in caught.value.findings if f.code == "export-table-sum"}
    assert messages["部门支出总表!D11"] == (
        "20805 行政事业单位养老支出的基本支出：部门支出总表!D11 为168,898.00元，而D12:D14中的下级科目之和为168,449.00元，"
        "相差449.00元（支出总表，部门支出总表表内不一致）")
    assert messages["部门支出总表!C13"].startswith(
        "2080505 机关事业单位基本养老保险缴费支出的合计：部门支出总表!C13 为89,449.00元，而D13（基本支出）、E13（项目支出）之和为89,000.00元")


def test_line_items_that_disagree_with_a_table_are_reported(tmp_path, zengdu):
    def edit(wb):
        ws = wb["预算明细"]
        cell = next(c for c in ws["H"] if c.value == 235700)
        cell.value = 235000
    with pytest.raises(ExportInconsistent) as caught:
        imported(tmp_path, zengdu, lines=True, edit=edit)
    codes = {f.code for f in caught.value.findings}
    assert "export-table-sum" in codes  # the 小计 row under the edited line
    assert "export-table-conflict" in codes or "export-table-sum" in codes


def test_a_row_that_is_neither_a_code_nor_a_total_is_not_dropped_silently(tmp_path, zengdu):
    def edit(wb):
        ws = wb["部门支出总表"]
        ws.append(["", "其他（未列科目）", 100, 100, 0])
    with pytest.raises(ExportInconsistent) as caught:
        imported(tmp_path, zengdu, edit=edit)
    found = {f.code: f.message for f in caught.value.findings}
    assert found["export-row-unknown"] == "无法识别的行“其他（未列科目）”：既不是科目也不是合计，未读取"


def test_a_sheet_without_its_amount_unit_is_read_in_wan_yuan_with_a_warning(tmp_path, zengdu):
    def edit(wb):
        for ws in wb.worksheets:
            for row in ws.iter_rows(max_row=3):
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("单位："):
                        cell.value = None
    export = tmp_path / "export.xlsx"
    write_export(export, zengdu, ExportStyle(unit="万元"))
    wb = openpyxl.load_workbook(export)
    edit(wb)
    wb.save(export)
    result = import_export(export)
    assert {f.code for f in result.warnings} == {"export-unit-missing"}
    assert result.data["profile"]["amount_unit"] == "万元"


def test_a_workbook_with_no_budget_table_is_refused(tmp_path):
    path = tmp_path / "其他.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(path)
    with pytest.raises(ExportInconsistent) as caught:
        import_export(path)
    assert [f.code for f in caught.value.findings] == ["export-no-tables"]


def test_the_written_yaml_reads_back_as_the_same_data(tmp_path, zengdu):
    result, _ = imported(tmp_path, zengdu)
    back = yaml.safe_load((tmp_path / "数据.yaml").read_text(encoding="utf-8"))
    assert back["profile"]["name"] == "曾都区政务服务和大数据管理局"
    assert str(back["approved"]["income_total"]) == result.data["approved"]["income_total"]


# ---- each problem an export can have, at its cell ----------------------------------------------------


def problems(tmp_path, zengdu, edit, tables=None) -> list[tuple[str, str, str]]:
    export = tmp_path / "export.xlsx"
    write_export(export, zengdu, tables=tables)
    wb = openpyxl.load_workbook(export)
    edit(wb)
    wb.save(export)
    try:
        result = import_export(export)
    except ExportInconsistent as exc:
        return [(f.code, str(f.location), f.message) for f in exc.findings]
    return [(f.code, str(f.location), f.message) for f in result.warnings]


def test_an_amount_that_is_not_a_figure_or_is_a_formula_is_refused_at_its_cell(tmp_path, zengdu):
    def edit(wb):
        ws = wb["部门支出总表"]
        ws.cell(_cell(ws, "2080505").row, 3).value = "八万九千"
        ws.cell(_cell(ws, "2080506").row, 3).value = "=D14+E14"
    found = problems(tmp_path, zengdu, edit)
    assert ("export-amount", "部门支出总表!C13", "“八万九千”不是有效的金额（“八万九千”不是有效的数字）") in found
    assert any(code == "export-amount" and where == "部门支出总表!C14" and "是公式" in message
               for code, where, message in found)


def test_a_code_listed_twice_in_a_table_is_reported(tmp_path, zengdu):
    def edit(wb):
        ws = wb["部门一般公共预算基本支出表"]
        ws.append(["30101", "基本工资", 1, 1, 0])
    found = problems(tmp_path, zengdu, edit)
    assert [c for c, _, _ in found if c == "export-duplicate-row"] == ["export-duplicate-row"]


def test_the_same_table_twice_is_read_once_with_a_warning(tmp_path, zengdu):
    def edit(wb):
        copy = wb.copy_worksheet(wb["部门支出总表"])
        copy.title = "支出总表（副本）"
    found = problems(tmp_path, zengdu, edit)
    assert [c for c, _, _ in found] == ["export-duplicate-table"]


def test_year_end_balances_are_not_read_as_spending(tmp_path, zengdu):
    def edit(wb):
        ws = wb["部门收支总表"]
        ws.cell(_cell(ws, "年终结转结余").row, 4).value = 5000
    found = problems(tmp_path, zengdu, edit)
    assert [c for c, _, _ in found] == ["export-unsupported"]


def test_a_fund_table_larger_than_the_all_funds_table_cannot_become_a_ledger(tmp_path, zengdu):
    def edit(wb):  # every cell of 行政运行 raised alike in the 一般公共预算 table: each table adds up
        ws = wb["部门一般公共预算支出表"]
        for row in [_total_row(ws)] + [_cell(ws, code).row for code in ("201", "20103", "2010301")]:
            for col in (3, 4, 5):
                ws.cell(row, col).value += 100
        ws = wb["部门一般公共预算基本支出表"]
        for row in [_total_row(ws)] + [_cell(ws, code).row for code in ("301", "30101")]:
            for col in (3, 4):
                ws.cell(row, col).value += 100
    found = problems(tmp_path, zengdu, edit, tables=("expenditure", "general", "general_basic"))
    assert ("export-unallocatable", "部门支出总表!D8",
            ("支出总表 2010301 行政运行 基本支出（部门支出总表!D8）为1,358,360.00元，小于一般公共预算支出表 2010301 行政运行 "
            "基本支出（部门一般公共预算支出表!D9）的1,358,460.00元：分资金的表之和不能大于全部资金的支出总表")) in found


def test_款_and_项_that_lost_their_leading_zero_as_numbers_are_read_right(tmp_path, zengdu):
    def edit(wb):  # a spreadsheet turned "03" into the number 3 in every 款/项 column
        for ws in wb.worksheets:
            for row in ws.iter_rows(min_row=6, max_col=3):
                for cell in row[1:]:
                    if isinstance(cell.value, str) and cell.value.isdigit() and len(cell.value) == 2:
                        cell.value = int(cell.value)
    _, report = imported(tmp_path, zengdu, ExportStyle(codes="split"), edit=edit)
    assert differing_tables(zengdu, report.derived) == []


# ---- 政府采购预算表 ----------------------------------------------------------------------------------

# Seed 002's 政府采购预算表 as its budget system exports it: columns numbered under the header, the
# 合计 first, then a 股室 row and the department row (subtotals), then the item; figures in 元.
SEED_PROCUREMENT_HEADER = [
    ["单位代码", "单位名称", "项目", "政府采购品目", "功能科目", "部门支出经济分类", "资金来源", "资金性质", "采购数量",
     "单价（元）", "计量单位", "采购金额", None, None],
    [None] * 11 + ["采购金额合计（元）", "其中：面向中小企业（元）", "其中：面向小微企业（元）"],
]
SEED_PROCUREMENT_ROWS = [
    [str(i) for i in range(1, 15)],
    [None, "合计", None, None, None, None, None, None, None, None, None, 2000000, None, None],
    ["4", "行政政法股", None, None, None, None, None, None, None, None, None, 2000000, None, None],
    ["016", "曾都区政务服务和大数据管理局", None, None, None, None, None, None, None, None, None, 2000000, None, None],
    ["016001", "曾都区政务服务和大数据管理局本级", "政府购买服务", "[C03040000]人才服务", "[2010302]一般行政管理事务",
     "[30227]委托业务费", "预算安排", "经费拨款补助", 1, 2000000, "年", 2000000, None, None],
]


def seed_procurement_sheet(wb) -> None:
    del wb["部门政府采购预算表"]
    ws = wb.create_sheet("政府采购预算表")
    ws.append(["政府采购预算表"])
    ws.append(["编制部门：曾都区政务服务和大数据管理局"] + [None] * 12 + ["单位：元"])
    for row in SEED_PROCUREMENT_HEADER + SEED_PROCUREMENT_ROWS:
        ws.append(row)
    ws.merge_cells("L3:N3")
    for col in "ABCDEFGHIJK":
        ws.merge_cells(f"{col}3:{col}4")


def test_the_procurement_table_of_a_real_export_gives_the_items_and_names_what_it_cannot_keep(tmp_path, zengdu):
    result, report = imported(tmp_path, zengdu, edit=seed_procurement_sheet)
    assert ("政府采购预算表", "政府采购预算表") in result.tables
    [item] = report.model.procurement
    assert (item.project, item.item, item.category, item.function, item.economic, item.quantity, item.measure,
            item.amount) == ("政府购买服务", "[C03040000]人才服务", "服务", "2010302", "30227", "1", "年", Decimal(200))
    assert report.model.procurement_total == Decimal(200)
    assert ("“政府采购预算表”中的“资金来源”、“资金性质”、“单价（元）”、“其中：面向小微企业（元）”列没有读取："
            "数据文件中没有对应的项目") in result.notes


def test_a_procurement_total_that_is_not_its_items_is_refused(tmp_path, zengdu):
    def wrong_total(wb) -> None:
        seed_procurement_sheet(wb)
        wb["政府采购预算表"]["L6"] = 2100000

    with pytest.raises(ExportInconsistent) as caught:
        imported(tmp_path, zengdu, edit=wrong_total)
    [finding] = caught.value.findings
    assert finding.code == "export-table-sum" and str(finding.location).endswith("政府采购预算表!L6")
