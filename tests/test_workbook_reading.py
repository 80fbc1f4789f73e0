"""Reading a workbook the way people leave it, and pointing every finding at its cell."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from budgetauthor import load, validate
from budgetauthor.errors import InputError

from .helpers import EXAMPLES
from .xlsx_helpers import header_row, label_row

LEDGER_HEADERS = ("功能分类科目编码", "经济分类科目编码", "支出类型", "资金来源", "金额")


@pytest.fixture(scope="module")
def yaml_report():
    return validate(load(EXAMPLES / "minimal.yaml"))


@pytest.fixture
def book(tmp_path, minimal_workbook_bytes):
    """The minimal example as a workbook, opened for editing; save() returns the validated report."""
    path = tmp_path / "minimal.xlsx"
    path.write_bytes(minimal_workbook_bytes)

    class Book:
        wb = openpyxl.load_workbook(path)

        def ledger(self):
            ws = self.wb["预算明细"]
            head, cols = header_row(ws, *LEDGER_HEADERS)
            return ws, head, cols

        def save(self):
            self.wb.save(path)
            return validate(load(path))

        def loaded(self):
            self.wb.save(path)
            return load(path)

    return Book()


def ledger_rows(ws, head: int, cols: dict) -> list[list]:
    rows = []
    for r in range(head + 1, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in range(1, len(cols) + 1)]
        if any(v is not None and not str(v).startswith("=") for v in values):
            rows.append(values)
    return rows


def where(report, code: str) -> list[str]:
    return [str(f.location) for f in report.findings if f.code == code]


# ---- tolerances ---------------------------------------------------------------------------------


def test_blank_rows_between_records_are_skipped(book, yaml_report):
    ws, head, cols = book.ledger()
    rows = ledger_rows(ws, head, cols)
    for r in range(head + 1, head + 40):
        for c in range(1, len(cols) + 1):
            if ws.cell(r, c).data_type != "f":
                ws.cell(r, c).value = None
    target = head + 1
    for i, values in enumerate(rows):
        target += 2 if i % 3 == 0 else 0  # blank rows here and there
        for c, v in enumerate(values, start=1):
            if not (isinstance(v, str) and v.startswith("=")):
                ws.cell(target, c).value = v
        target += 1
    assert book.save().model == yaml_report.model


def test_trailing_spaces_and_full_width_digits_are_ignored(book, yaml_report):
    ws, head, cols = book.ledger()
    ws.cell(head + 1, cols["资金来源"]).value = "一般公共预算  "
    ws.cell(head + 1, cols["功能分类科目编码"]).value = " ２０１２６０１ "
    ws.cell(head + 2, cols["金额"]).value = "３１．２０"
    ws.cell(head + 3, cols["支出类型"]).value = "基本支出 "
    assert book.save().model == yaml_report.model


def test_numbers_stored_as_text_with_thousands_separators(book):
    ws, head, cols = book.ledger()
    ws.cell(head + 1, cols["金额"]).value = "52.80"
    ws.cell(head + 2, cols["金额"]).value = "1,148.30"
    loaded = book.loaded()
    assert loaded.data["ledger"][0]["amount"] == "52.80"
    assert loaded.data["ledger"][1]["amount"] == "1,148.30"
    lines = validate(loaded).model.lines
    assert lines[0].amount == Decimal("52.80") and lines[1].amount == Decimal("1148.30")


def test_float_noise_from_excel_is_rounded_to_fifteen_digits(book, yaml_report):
    ws, head, cols = book.ledger()
    ws.cell(head + 1, cols["金额"]).value = 52.800000000000004
    assert book.loaded().data["ledger"][0]["amount"] == "52.8"
    assert book.save().model == yaml_report.model


def test_codes_typed_as_numbers_or_picked_from_the_dropdown(book, yaml_report):
    ws, head, cols = book.ledger()
    ws.cell(head + 1, cols["功能分类科目编码"]).value = 2012601
    ws.cell(head + 2, cols["功能分类科目编码"]).value = "2012601 档案事务"
    ws.cell(head + 3, cols["经济分类科目编码"]).value = "30107　绩效工资"  # an ideographic space
    assert book.save().model == yaml_report.model


def test_merged_title_rows_above_the_header(book, yaml_report):
    ws, _head, _cols = book.ledger()
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    ws.insert_rows(1, 3)
    ws["A1"] = "青山区档案馆2025年预算明细表"
    ws.merge_cells("A1:J2")
    ws["A3"] = "单位：万元"
    ws.merge_cells("A3:J3")
    assert book.save().model == yaml_report.model


def test_reordered_columns_are_matched_by_header_text(book, yaml_report):
    ws, head, cols = book.ledger()
    a, b = cols["单位编码"], cols["金额"]
    for r in range(head, ws.max_row + 1):
        x, y = ws.cell(r, a), ws.cell(r, b)
        x.value, y.value = y.value, x.value
    assert book.save().model == yaml_report.model


def test_headers_with_hints_and_without_asterisks(book, yaml_report):
    ws, head, cols = book.ledger()
    ws.cell(head, cols["金额"]).value = "金额（万元）"
    ws.cell(head, cols["功能分类科目编码"]).value = "功能科目编码"
    assert book.save().model == yaml_report.model


def test_extra_sheets_of_the_users_own_are_not_read_and_said_so(book, yaml_report):
    mine = book.wb.create_sheet("我的草稿", 0)
    mine.append(["功能分类科目编码", "经济分类科目编码", "金额"])
    mine.append(["2012601", "30101", 999])
    book.wb.create_sheet("预算明细（旧）").append(["随便写的"])
    report = book.save()
    assert report.model == yaml_report.model
    sheets = [(f.code, str(f.location), f.severity.value) for f in report.findings if f.code.startswith("xlsx-sheet")]
    assert sheets == [("xlsx-sheet-unknown", "我的草稿", "warning"), ("xlsx-sheet-unknown", "预算明细（旧）", "warning")]


def test_the_name_formulas_of_the_workbook_are_never_read(book, yaml_report):
    ws, head, cols = book.ledger()
    ws.cell(head + 1, cols["功能分类科目名称"]).value = '=IF(B5="","","随便")'
    loaded = book.loaded()
    assert "function_name" not in loaded.data["ledger"][0]
    assert validate(loaded).findings == yaml_report.findings or validate(loaded).valid


def test_an_uncalculated_formula_in_an_input_cell_is_an_error_at_the_cell(book):
    """openpyxl and other programs save formulas without a value; reading one as empty said
    "缺少必填项" about a cell the clerk had filled."""
    ws, head, cols = book.ledger()
    ws.cell(head + 1, cols["金额"]).value = "=50+2.8"
    report = book.save()
    letter = openpyxl.utils.get_column_letter(cols["金额"])
    cell = [f for f in report.findings if str(f.location) == f"预算明细!{letter}{head + 1}"]
    assert [f.code for f in cell] == ["xlsx-formula"], report.flatten("code", "message")
    assert "公式（=50+2.8）" in cell[0].message and "没有保存它的计算结果" in cell[0].message


def _cached(path, sheet: str, coordinate: str, cell_xml: str) -> None:
    """Put a cell as Excel saves it (a formula with its value, an error value) into the file."""
    import io
    import re
    import zipfile

    from tests.badinput.make_corpus import sheet_part

    data = path.read_bytes()
    part = sheet_part(data, sheet)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist():
            content = src.read(name)
            if name == part:
                pattern = rb'<c r="' + coordinate.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
                content = re.sub(pattern, cell_xml.encode(), content, count=1)
            zf.writestr(name, content)
    path.write_bytes(out.getvalue())


def _first_amount_as(book, tmp_path, attributes: str, content: str) -> tuple:
    """The workbook with the first ledger amount replaced by a cell as Excel saves it: (its path,
    the cell's address)."""
    _, head, cols = book.ledger()
    cell = f"{openpyxl.utils.get_column_letter(cols['金额'])}{head + 1}"
    book.save()
    path = tmp_path / "minimal.xlsx"
    _cached(path, "预算明细", cell, f'<c r="{cell}"{attributes}>{content}</c>')
    return path, cell


def test_a_formula_gives_the_value_excel_calculated(book, tmp_path):
    path, _ = _first_amount_as(book, tmp_path, "", "<f>50+2.8</f><v>52.8</v>")
    assert load(path).data["ledger"][0]["amount"] == "52.8"
    assert validate(load(path)).valid


def test_an_excel_error_value_is_an_error_at_the_cell(book, tmp_path):
    path, address = _first_amount_as(book, tmp_path, ' t="e"', "<f>A1/0</f><v>#DIV/0!</v>")
    report = validate(load(path))
    cell = [f for f in report.findings if str(f.location) == f"预算明细!{address}"]
    assert [f.code for f in cell] == ["xlsx-formula"] and "#DIV/0!" in cell[0].message


def test_a_name_typed_over_the_formula_is_kept(book):
    ws, head, cols = book.ledger()
    ws.cell(head + 1, cols["功能分类科目名称"]).value = "档案事务行政运行"
    assert book.loaded().data["ledger"][0]["function_name"] == "档案事务行政运行"


def test_indicator_project_merged_down_or_left_blank(book, yaml_report):
    ws = book.wb["绩效指标"]
    head, cols = header_row(ws, "项目名称", "一级指标")
    col = cols["项目名称"]
    ws.cell(head + 2, col).value = None  # left blank: continues the project above
    for r in range(head + 4, head + 7):
        ws.cell(r, col).value = None
    ws.merge_cells(start_row=head + 3, start_column=col, end_row=head + 6, end_column=col)
    assert book.save().model == yaml_report.model


def test_form_rows_may_be_reordered(book, yaml_report):
    ws = book.wb["基本信息"]
    head, _cols = header_row(ws, "项目", "填报内容")
    a, b = label_row(ws, "部门名称", head), label_row(ws, "金额单位", head)
    for c in range(1, 4):
        x, y = ws.cell(a, c), ws.cell(b, c)
        x.value, y.value = y.value, x.value
    assert book.save().model == yaml_report.model


def test_dates_typed_as_excel_dates(book):
    import datetime

    ws = book.wb["国有资产"]
    head, cols = header_row(ws, "项目", "填报内容")
    ws.cell(label_row(ws, "资产统计截止日期", head), cols["填报内容"]).value = datetime.datetime(2024, 12, 31)
    assert book.loaded().data["assets"]["as_of"] == "2024-12-31"


# ---- findings land on the right cell ----------------------------------------------------------


def test_bad_amount_in_the_third_ledger_row(book):
    ws, head, cols = book.ledger()
    ws.cell(head + 3, cols["金额"]).value = "十八点六"
    report = book.save()
    bad = [f for f in report.findings if f.code == "amount-format"]
    assert len(bad) == 1
    assert bad[0].path == ("ledger", 2, "amount")
    assert bad[0].location.sheet == "预算明细"
    assert bad[0].location.cell == f"{openpyxl.utils.get_column_letter(cols['金额'])}{head + 3}"


def test_error_cell_follows_a_moved_column(book):
    ws, head, cols = book.ledger()
    a, b = cols["单位编码"], cols["金额"]
    for r in range(head, ws.max_row + 1):
        x, y = ws.cell(r, a), ws.cell(r, b)
        x.value, y.value = y.value, x.value
    ws.cell(head + 3, a).value = "-5"
    assert where(book.save(), "amount-negative") == [f"预算明细!A{head + 3}"]


def test_missing_required_cell_points_at_the_blank_cell(book):
    ws, head, cols = book.ledger()
    ws.cell(head + 2, cols["资金来源"]).value = None
    letter = openpyxl.utils.get_column_letter(cols["资金来源"])
    assert f"预算明细!{letter}{head + 2}" in where(book.save(), "required")


def test_control_total_points_at_the_approved_figure(book):
    ws = book.wb["批复控制数"]
    head, cols = header_row(ws, "指标", "合计")
    row = label_row(ws, "收入总计", head)
    ws.cell(row, cols["合计"]).value = 190
    report = book.save()
    assert f"批复控制数!D{row}" in where(report, "control-total")


def test_bad_code_in_a_keyed_row(book):
    ws = book.wb["批复控制数"]
    head, _cols = header_row(ws, "指标", "合计")
    row = next(r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 2).value == "208")
    ws.cell(row, 2).value = "2O8"
    report = book.save()
    assert any(str(f.location) == f"批复控制数!B{row}" for f in report.findings), report.flatten("code", "path")


def test_bad_indicator_operator_points_at_its_cell(book):
    ws = book.wb["绩效指标"]
    head, cols = header_row(ws, "项目名称", "计算符号")
    ws.cell(head + 2, cols["计算符号"]).value = "约等于"
    letter = openpyxl.utils.get_column_letter(cols["计算符号"])
    assert where(book.save(), "allowed") == [f"绩效指标!{letter}{head + 2}"]


@pytest.mark.parametrize("sheet,renamed", [("三公经费与机关运行经费", "三公"), ("上年数与变动原因", "上年数")])
def test_a_renamed_sheet_is_missing_and_named_with_its_new_name(book, sheet, renamed):
    """A renamed optional sheet used to be skipped with exit 0 and its data lost."""
    book.wb[sheet].title = renamed
    with pytest.raises(InputError) as exc:
        book.loaded()
    [finding] = exc.value.findings
    assert finding.code == "xlsx-sheet-missing"
    assert f"缺少“{sheet}”工作表" in finding.message and f"“{renamed}”" in finding.message


def test_a_hidden_sheet_is_an_error(book):
    book.wb["项目"].sheet_state = "hidden"
    with pytest.raises(InputError) as exc:
        book.loaded()
    assert [f.code for f in exc.value.findings] == ["xlsx-sheet-hidden"]
    assert "“项目”工作表被隐藏" in exc.value.findings[0].message


def test_a_hidden_sheet_never_stands_in_for_a_visible_one(book):
    book.wb["预算明细"].sheet_state = "hidden"
    copy = book.wb.copy_worksheet(book.wb["预算明细"])
    copy.title = "预算明细 "
    copy.sheet_state = "visible"
    with pytest.raises(InputError) as exc:
        book.loaded()
    [finding] = exc.value.findings
    assert finding.code == "xlsx-sheet-duplicate"
    assert "“预算明细”（隐藏）" in finding.message and "“预算明细 ”" in finding.message


def test_near_identical_sheet_names_are_an_error(book):
    book.wb.copy_worksheet(book.wb["预算明细"]).title = "预算 明细"
    with pytest.raises(InputError) as exc:
        book.loaded()
    assert [f.code for f in exc.value.findings] == ["xlsx-sheet-duplicate"]


def test_the_workbook_structure_is_protected(tmp_path):
    from budgetauthor.workbook.writer import write_workbook

    write_workbook(tmp_path / "blank.xlsx", year=2025)
    wb = openpyxl.load_workbook(tmp_path / "blank.xlsx")
    assert wb.security is not None and wb.security.lockStructure
    assert wb.security.workbookPassword is None  # a clerk can lift it (审阅 → 保护工作簿)


def test_a_strict_open_xml_workbook_gets_a_clear_message():
    from tests.badinput import CASES_DIR

    with pytest.raises(InputError) as exc:
        load(CASES_DIR / "xlsx_strict_open_xml.xlsx")
    [finding] = exc.value.findings
    assert finding.code == "xlsx-strict" and "Strict Open XML" in finding.message and "另存为" in finding.message


def test_library_warnings_never_reach_the_user(book, tmp_path):
    """A defined name of a sheet that is gone makes openpyxl warn in English ("Defined names for
    sheet index 99 cannot be located"); the clerk sees none of it."""
    import io
    import warnings
    import zipfile

    from click.testing import CliRunner

    from budgetauthor.cli import main

    book.save()
    path = tmp_path / "minimal.xlsx"
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/workbook.xml":
                data = data.replace(b"</definedNames>",
                                    b"<definedName localSheetId=\"99\" name=\"stray\">'x'!$A$1</definedName></definedNames>")
            zf.writestr(name, data)
    path.write_bytes(out.getvalue())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert not caught and "cannot be located" not in result.output and "Warning" not in result.output


def test_findings_go_sheet_by_sheet_and_row_by_row(book):
    ws, head, cols = book.ledger()
    ws.cell(head + 3, cols["金额"]).value = "十八点六"
    ws.cell(head + 1, cols["金额"]).value = "五十二点八"
    info = book.wb["基本信息"]
    next(c for row in info.iter_rows() for c in row if c.value == 2025).value = 1900
    report = book.save()
    places = [str(f.location) for f in report.findings if f.location and f.location.cell]
    assert places[0].startswith("基本信息!")
    letter = openpyxl.utils.get_column_letter(cols["金额"])
    assert places.index(f"预算明细!{letter}{head + 1}") < places.index(f"预算明细!{letter}{head + 3}")


def test_a_mistyped_amount_points_at_the_ledger_rows_most_likely_wrong(book):
    ws, head, cols = book.ledger()
    ws.cell(head + 1, cols["金额"]).value = 62.8  # 52.80 mistyped
    report = book.save()
    letter = openpyxl.utils.get_column_letter(cols["金额"])
    hints = [f.message for f in report.findings if "请检查预算明细" in f.message]
    assert hints and all("ledger[" not in f.message for f in report.findings)
    assert any(f"第{head + 1}行（金额 {letter}{head + 1}）" in h for h in hints), hints


def test_a_value_outside_a_drop_down_list_is_a_warning_at_its_cell(book):
    ws = book.wb["绩效指标"]
    head, cols = header_row(ws, "项目名称", "计量单位")
    ws.cell(head + 1, cols["计量单位"]).value = "万业"  # 万页 mistyped
    report = book.save()
    letter = openpyxl.utils.get_column_letter(cols["计量单位"])
    [finding] = [f for f in report.findings if f.location and f.location.cell == f"{letter}{head + 1}"]
    assert (finding.code, str(finding.location), finding.severity.value) == (
        "xlsx-not-in-list", f"绩效指标!{letter}{head + 1}", "warning")
    assert "“万业”不在这一列的下拉列表中" in finding.message
    assert report.valid


def test_keys_that_differ_only_by_spaces_are_one_key(book):
    ws = book.wb["职责与机构"]
    head, cols = header_row(ws, "类别", "内容")
    row = next(r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 1).value == "在职人员")
    spare = next(r for r in range(row + 1, ws.max_row + 1) if not any(ws.cell(r, c).value for c in (1, 2, 3)))
    ws.cell(spare, 1).value = "在职人员"
    ws.cell(spare, cols["名称"]).value = f"{ws.cell(row, cols['名称']).value}\u3000"
    ws.cell(spare, cols["内容"]).value = 9
    with pytest.raises(InputError) as exc:
        book.loaded()
    assert [f.code for f in exc.value.findings] == ["xlsx-duplicate"]


def test_missing_required_sheet(book):
    del book.wb["预算明细"]
    with pytest.raises(InputError) as exc:
        book.loaded()
    codes = [f.code for f in exc.value.findings]
    assert codes == ["xlsx-sheet-missing"] and "预算明细" in exc.value.findings[0].message


def test_missing_column_names_the_header_row(book):
    ws, head, cols = book.ledger()
    ws.cell(head, cols["金额"]).value = "数额"
    with pytest.raises(InputError) as exc:
        book.loaded()
    finding = exc.value.findings[0]
    assert finding.code == "xlsx-column-missing" and "金额" in finding.message
    assert str(finding.location) == f"预算明细!A{head}"


def test_unknown_category_row_is_reported_at_its_cell(book):
    ws = book.wb["职责与机构"]
    head, cols = header_row(ws, "类别", "内容")
    row = head + 1
    while ws.cell(row, 1).value:
        row += 1
    ws.cell(row, 1).value = "职责们"
    ws.cell(row, cols["内容"]).value = "某项职责"
    with pytest.raises(InputError) as exc:
        book.loaded()
    finding = exc.value.findings[0]
    assert finding.code == "xlsx-label-unknown" and str(finding.location) == f"职责与机构!A{row}"


def test_indicator_of_an_unknown_project(book):
    ws = book.wb["绩效指标"]
    head, cols = header_row(ws, "项目名称", "一级指标")
    ws.cell(head + 1, cols["项目名称"]).value = "不存在的项目"
    with pytest.raises(InputError) as exc:
        book.loaded()
    finding = exc.value.findings[0]
    assert finding.code == "xlsx-indicator-project" and str(finding.location) == f"绩效指标!A{head + 1}"


def test_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("这不是 Excel 文件", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load(path)
    assert exc.value.findings[0].code == "xlsx-invalid"


def test_cli_validate_prints_sheet_and_cell(book, tmp_path):
    from click.testing import CliRunner

    from budgetauthor.cli import main

    ws, head, cols = book.ledger()
    ws.cell(head + 3, cols["金额"]).value = "十八点六"
    book.save()
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "minimal.xlsx")])
    assert result.exit_code == 1
    letter = openpyxl.utils.get_column_letter(cols["金额"])
    assert f"预算明细!{letter}{head + 3}" in result.output
