"""The Excel fill-in workbook: lossless conversion, the template a clerk gets, the CLI."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from budgetauthor import load, validate
from budgetauthor.cli import main
from budgetauthor.convert import convert
from budgetauthor.errors import OutputError
from budgetauthor.money import parse_number
from budgetauthor.workbook.cells import float_text, read_value, write_value
from budgetauthor.workbook.writer import write_workbook

from .helpers import EXAMPLES
from .xlsx_helpers import header_row, label_row

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def model_of(path):
    return validate(load(path)).model


# ---- lossless round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_yaml_to_xlsx_to_yaml_gives_an_equal_model(example, tmp_path):
    xlsx, back = tmp_path / "a.xlsx", tmp_path / "b.yaml"
    convert(example, xlsx)
    convert(xlsx, back)
    original = validate(load(example))
    for path in (xlsx, back):
        report = validate(load(path))
        assert report.model is not None
        assert report.model == original.model
        assert sorted(map(tuple, report.flatten("code", "path"))) == sorted(map(tuple, original.flatten("code", "path")))


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_yaml_written_from_yaml_keeps_every_value(example, tmp_path):
    out = tmp_path / "b.yaml"
    result = convert(example, out)
    assert result.unplaced == []
    assert model_of(out) == model_of(example)


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_value_of_the_example_has_a_place_in_the_workbook(example, tmp_path):
    assert convert(example, tmp_path / "a.xlsx").unplaced == []


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_shipped_xlsx_example_matches_its_yaml(example):
    xlsx = example.with_suffix(".xlsx")
    assert xlsx.exists(), f"缺少 {xlsx.name}：运行 budgetauthor convert {example} {xlsx}"
    assert model_of(xlsx) == model_of(example), (
        f"{xlsx.name} 与 {example.name} 不一致：运行 budgetauthor convert --force {example} {xlsx}")


def test_yaml_output_reads_like_the_handwritten_example(tmp_path):
    out = tmp_path / "m.yaml"
    convert(EXAMPLES / "minimal.xlsx", out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 部门预算数据")
    assert 'version: "1"' in text
    assert '  - {function: "2012601", economic: "30101", kind: 基本, source: 一般公共预算, amount: 52.80}' in text
    assert "# 预算明细\nledger:" in text
    assert '    "201": {basic: 117.80, project: 40.00}' in text
    assert "  fiscal: 165.10\n" in text  # a previous figure without reason stays a bare amount


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    data = load(EXAMPLES / "minimal.yaml").data
    data["other_matters"] = ["=SUM(A1:A3) 不是公式", "第二条\n分两行"]
    path = tmp_path / "t.xlsx"
    write_workbook(path, data)
    assert load(path).data["other_matters"] == ["=SUM(A1:A3) 不是公式", "第二条\n分两行"]


def test_amounts_that_a_float_cannot_hold_are_kept_as_text(tmp_path):
    data = load(EXAMPLES / "minimal.yaml").data
    data["ledger"][0]["amount"] = "1234567890123.456789"
    path = tmp_path / "t.xlsx"
    write_workbook(path, data)
    assert load(path).data["ledger"][0]["amount"] == "1234567890123.456789"


def test_convert_never_overwrites_its_input(tmp_path):
    src = tmp_path / "m.yaml"
    src.write_bytes((EXAMPLES / "minimal.yaml").read_bytes())
    with pytest.raises(OutputError):
        convert(src, tmp_path / "m.yaml")
    result = run("convert", src, src)
    assert result.exit_code == 2 and "输出文件与输入文件相同" in result.output
    assert src.read_bytes() == (EXAMPLES / "minimal.yaml").read_bytes()


def test_convert_refuses_an_existing_target_without_force(tmp_path):
    target = tmp_path / "m.xlsx"
    target.write_text("mine")
    result = run("convert", EXAMPLES / "minimal.yaml", target)
    assert result.exit_code == 2 and "--force" in result.output
    assert target.read_text() == "mine"
    assert run("convert", "--force", EXAMPLES / "minimal.yaml", target).exit_code == 0
    assert model_of(target) == model_of(EXAMPLES / "minimal.yaml")


def test_convert_names_values_the_workbook_cannot_hold(tmp_path):
    src = tmp_path / "typo.yaml"
    text = (EXAMPLES / "minimal.yaml").read_text(encoding="utf-8")
    src.write_text(text.replace("other_matters: [无]", "other_matters: [无]\nremarks: 拼错的字段"), encoding="utf-8")
    result = run("convert", src, tmp_path / "t.xlsx")
    assert result.exit_code == 0
    assert "remarks" in result.output and "没有对应位置" in result.output


def test_convert_leaves_no_temporary_files(tmp_path):
    convert(EXAMPLES / "minimal.yaml", tmp_path / "a.xlsx")
    convert(tmp_path / "a.xlsx", tmp_path / "b.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.yaml"]


# ---- the template ---------------------------------------------------------------------------

SHEETS = ["填报说明", "基本信息", "职责与机构", "批复控制数", "预算明细", "项目", "绩效指标",
          "上年数与变动原因", "三公经费与机关运行经费", "政府采购", "国有资产", "其他事项", "_lists"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("init") / "预算填报.xlsx"
    result = CliRunner().invoke(main, ["init", "-o", str(path), "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "已生成填报表" in result.output
    return openpyxl.load_workbook(path)


def test_init_writes_every_sheet_in_order(template):
    assert template.sheetnames == SHEETS
    assert template["_lists"].sheet_state == "hidden"
    assert template.active.title == "填报说明"


def test_guide_explains_how_to_fill_and_unprotect(template):
    text = "\n".join(str(c.value) for row in template["填报说明"].iter_rows() for c in row if c.value)
    for phrase in ("填报步骤", "budgetauthor validate", "撤销工作表保护", "金额只填数字", "预算明细", "绩效指标"):
        assert phrase in text
    assert "52.80" in text  # the example row of 预算明细


def test_sheets_are_protected_without_password_headers_locked_inputs_open(template):
    ws = template["预算明细"]
    assert ws.protection.sheet and not ws.protection.password
    head, cols = header_row(ws, "金额")
    assert ws.cell(head, cols["金额"]).protection.locked
    assert not ws.cell(head + 1, cols["金额"]).protection.locked
    assert not ws.cell(head + 500, cols["金额"]).protection.locked  # 500 ledger rows
    assert ws.cell(head + 1, cols["金额"]).number_format.startswith("#,##0.00")
    assert ws.cell(head + 1, cols["功能分类科目编码"]).number_format == "@"
    assert ws.freeze_panes == f"A{head + 1}"


def test_name_columns_are_lookups_never_inputs(template):
    ws = template["预算明细"]
    head, cols = header_row(ws, "功能分类科目名称")
    cell = ws.cell(head + 1, cols["功能分类科目名称"])
    assert cell.data_type == "f" and "VLOOKUP" in cell.value and cell.protection.locked


def test_dropdowns_use_named_lists_of_the_year(template):
    names = template.defined_names
    for name in ("list_function_items", "list_sources", "list_kinds", "list_operators", "list_level1",
                 "list_unit_codes", "list_projects", "lookup_catalog"):
        assert name in names
    formulas = {dv.formula1 for dv in template["预算明细"].data_validations.dataValidation}
    assert {"list_function_items", "list_economic_items", "list_sources", "list_kinds"} <= formulas
    sheet, ref = next(iter(names["list_function_items"].destinations))
    values = [c.value for row in template[sheet][ref] for c in row]
    assert "2010101 行政运行" in values and all(len(v.split()[0]) == 7 for v in values)


def test_form_rows_are_labelled_and_the_year_is_prefilled(template):
    ws = template["基本信息"]
    head, cols = header_row(ws, "项目", "填报内容")
    assert ws.cell(label_row(ws, "预算年度", head), cols["填报内容"]).value == 2025
    row = label_row(ws, "部门名称", head)
    assert ws.cell(row, 1).protection.locked and not ws.cell(row, cols["填报内容"]).protection.locked


def test_init_refuses_to_overwrite_a_filled_workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    assert run("init", "-o", path).exit_code == 0
    again = run("init", "-o", path)
    assert again.exit_code == 2 and "已存在" in again.output
    assert run("init", "-o", path, "--force").exit_code == 0


def test_init_from_yaml_writes_a_filled_workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    result = run("init", "-o", path, "--from", EXAMPLES / "minimal.yaml")
    assert result.exit_code == 0, result.output
    assert model_of(path) == model_of(EXAMPLES / "minimal.yaml")


def test_init_with_another_year_uses_that_catalogue(tmp_path):
    path = tmp_path / "t.xlsx"
    assert run("init", "-o", path, "--year", "2024").exit_code == 0
    wb = openpyxl.load_workbook(path)
    text = " ".join(str(c.value) for row in wb["填报说明"].iter_rows() for c in row if c.value)
    assert "2024年部门预算填报表" in text and "内置2024年目录" in text


def test_blank_template_reports_what_to_fill_at_the_right_cells(tmp_path):
    path = tmp_path / "t.xlsx"
    run("init", "-o", path)
    report = validate(load(path))
    assert not report.valid
    where = {(f.code, str(f.location)) for f in report.findings}
    wb = openpyxl.load_workbook(path)
    ws = wb["基本信息"]
    head, _cols = header_row(ws, "项目", "填报内容")
    assert ("required", f"基本信息!B{label_row(ws, '部门名称', head)}") in where
    ws = wb["批复控制数"]
    head, _cols = header_row(ws, "指标", "合计")
    assert ("required", f"批复控制数!D{label_row(ws, '收入总计', head)}") in where



# ---- cell values -------------------------------------------------------------------------------

AMOUNTS = st.integers(0, 6).flatmap(lambda places: st.decimals(
    min_value=Decimal("-9999999999999"), max_value=Decimal("9999999999999"), places=places,
    allow_nan=False, allow_infinity=False))


@given(AMOUNTS)
def test_any_amount_survives_the_cell_exactly(amount):
    cell = write_value(format(amount, "f"), "money")
    text = read_value(cell, "money")
    assert parse_number(text, signed=True) == amount


def test_cell_text_conversions():
    assert float_text(52.800000000000004) == "52.8"
    assert float_text(1e16) == "10000000000000000"
    assert read_value(2012601.0, "code") == "2012601"
    assert read_value("２０１０３０１ 行政运行", "code") == "2010301"
    assert read_value(" 1,148.30 ", "money") == "1,148.30"
    assert read_value(12.0, "text") == "12"
    assert read_value("  \n ", "text") is None
    assert write_value("016001", "code") == "016001"
    assert write_value("2025", "year") == 2025
    assert write_value("abc", "money") == "abc"
