"""The 科目 catalogue: malformed codes and codes under a missing 类/款 are errors; a well-formed code
the catalogue lacks is a warning (an error under strict); a typed name that differs is a warning; a
finance bureau's own list (--catalog, CSV or xlsx) replaces the built-in one."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from budgetauthor import InputError, Severity
from budgetauthor import catalog as catalog_mod
from budgetauthor.validate.codes import RULES

from .helpers import MINIMAL, edit, line_of, only, validate_text

PROJECT_LINE = '{function: "2012602", economic: "30227", kind: 项目'

# The 功能分类 codes the minimal example uses, as a finance bureau would list them, except that
# this bureau calls 2012602 "档案数字化专项" and adds a local 项 2012698.
BUREAU_ROWS = [
    ("201", "一般公共服务支出", ""),
    ("20126", "档案事务", ""),
    ("2012601", "行政运行", ""),
    ("2012602", "档案数字化专项", "反映档案数字化方面的项目支出。"),
    ("2012698", "档案信息化（区级）", ""),
    ("208", "社会保障和就业支出", ""),
    ("20805", "行政事业单位养老支出", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", ""),
    ("210", "卫生健康支出", ""),
    ("21011", "行政事业单位医疗", ""),
    ("2101101", "行政单位医疗", ""),
    ("221", "住房保障支出", ""),
    ("22102", "住房改革支出", ""),
    ("2210201", "住房公积金", ""),
]


def bureau_csv(tmp_path, rows=BUREAU_ROWS, encoding="utf-8"):
    path = tmp_path / "青山区科目目录.csv"
    lines = ["code,name,explanation"] + [",".join(r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def project_function(code: str) -> str:
    return edit(MINIMAL, (PROJECT_LINE, PROJECT_LINE.replace("2012602", code)))


# ---- malformed codes ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["201260", "20126021", "201260A", "2O12602"])
def test_a_function_code_in_the_ledger_must_have_seven_digits(tmp_path, typed):
    text = project_function(typed)
    report = validate_text(tmp_path, text)
    finding = only(report, "function-code-malformed")
    assert finding.severity is Severity.ERROR
    assert finding.path == ("ledger", 10, "function")
    assert finding.location.line == line_of(text, f'"{typed}"')
    assert finding.message == f"功能分类科目编码（项级，7位）“{typed}”格式错误，应为7位数字"


@pytest.mark.parametrize("typed", ["302", "3022", "302270", "3022七"])
def test_an_economic_code_in_the_ledger_must_have_five_digits(tmp_path, typed):
    text = edit(MINIMAL, ('economic: "30227"', f'economic: "{typed}"'))
    finding = only(validate_text(tmp_path, text), "economic-code-malformed")
    assert finding.severity is Severity.ERROR
    assert finding.path == ("ledger", 10, "economic")
    assert finding.location.line == line_of(text, f'economic: "{typed}"')
    assert f"“{typed}”格式错误，应为5位数字" in finding.message


def test_a_control_figure_code_may_be_a_lei_kuan_or_xiang_but_nothing_else(tmp_path):
    text = edit(MINIMAL, ('    "210": {basic: 6.90}', '    "2101": {basic: 6.90}'))
    finding = only(validate_text(tmp_path, text), "function-code-malformed")
    assert finding.path == ("approved", "by_function", "2101")
    assert finding.location.line == line_of(text, '"2101"')
    assert finding.message == "功能分类科目编码“2101”格式错误，应为3或5或7位数字"
    kuan = edit(MINIMAL, ('    "210": {basic: 6.90}', '    "21011": {basic: 6.90}'))
    assert validate_text(tmp_path, kuan).valid


# ---- codes whose 类 or 款 does not exist ---------------------------------------------------------------


def test_a_xiang_whose_kuan_does_not_exist_is_an_error(tmp_path):
    text = project_function("2019801")  # 201 一般公共服务支出 has no 款 98
    finding = only(validate_text(tmp_path, text), "function-code-parent")
    assert finding.severity is Severity.ERROR
    assert finding.path == ("ledger", 10, "function")
    assert finding.location.line == line_of(text, '"2019801"')
    assert "功能分类科目2019801所属的款“20198”在内置2025年目录中不存在" in finding.message


def test_a_xiang_whose_lei_does_not_exist_is_an_error(tmp_path):
    text = project_function("2999901")
    finding = only(validate_text(tmp_path, text), "function-code-parent")
    assert "所属的类“299”" in finding.message


def test_an_economic_kuan_whose_lei_does_not_exist_is_an_error(tmp_path):
    text = edit(MINIMAL, ('economic: "30227"', 'economic: "38827"'))
    finding = only(validate_text(tmp_path, text), "economic-code-parent")
    assert finding.severity is Severity.ERROR
    assert finding.path == ("ledger", 10, "economic")
    assert finding.location.line == line_of(text, '"38827"')
    assert "经济分类科目38827所属的类“388”在内置2025年目录中不存在" in finding.message


def test_a_repeated_wrong_code_is_reported_once_with_its_count(tmp_path):
    text = MINIMAL.replace('function: "2012601"', 'function: "2999901"')
    finding = only(validate_text(tmp_path, text), "function-code-parent")
    assert finding.path == ("ledger", 0, "function")
    assert MINIMAL.count('function: "2012601"') == 7
    assert "（文件中共出现7处）" in finding.message


# ---- well-formed codes the catalogue lacks --------------------------------------------------------------


def test_a_well_formed_function_code_the_catalogue_lacks_is_a_warning(tmp_path):
    text = project_function("2012698")  # 款 20126 档案事务 exists, 项 98 does not
    report = validate_text(tmp_path, text)
    finding = only(report, "function-code-unknown")
    assert finding.severity is Severity.WARNING
    assert finding.path == ("ledger", 10, "function")
    assert finding.location.line == line_of(text, '"2012698"')
    assert "功能分类科目2012698不在内置2025年目录中" in finding.message and "--catalog" in finding.message
    assert report.valid


def test_an_unknown_code_is_an_error_under_strict(tmp_path):
    report = validate_text(tmp_path, project_function("2012698"), strict=True)
    assert only(report, "function-code-unknown").severity is Severity.ERROR
    assert not report.valid


def test_a_well_formed_economic_code_the_catalogue_lacks_is_a_warning(tmp_path):
    text = edit(MINIMAL, ('economic: "30227"', 'economic: "30298"'))
    report = validate_text(tmp_path, text)
    finding = only(report, "economic-code-unknown")
    assert finding.severity is Severity.WARNING
    assert finding.path == ("ledger", 10, "economic")
    assert report.valid


def test_a_code_in_the_catalogue_raises_nothing(tmp_path):
    report = validate_text(tmp_path, project_function("2012604"))  # 档案馆
    assert report.findings == []


# ---- names ------------------------------------------------------------------------------------------


def test_a_typed_name_that_differs_from_the_catalogue_is_a_warning(tmp_path):
    text = edit(MINIMAL, (PROJECT_LINE, PROJECT_LINE.replace(", economic", ", function_name: 档案馆事务, economic")))
    report = validate_text(tmp_path, text)
    finding = only(report, "code-name-mismatch")
    assert finding.severity is Severity.WARNING
    assert finding.path == ("ledger", 10, "function")
    assert finding.location.line == line_of(text, "档案馆事务")
    assert finding.message == "功能分类科目2012602的名称填写为“档案馆事务”，内置2025年目录中为“一般行政管理事务”"
    assert report.valid


def test_a_typed_name_differing_only_in_width_or_spaces_is_the_same_name(tmp_path):
    text = edit(
        MINIMAL,
        (PROJECT_LINE, PROJECT_LINE.replace(", economic", ", function_name: 一般行政 管理事务, economic")),
        ('economic: "30227"', 'economic: "30227", economic_name: 委托业务费'),
    )
    assert validate_text(tmp_path, text).findings == []


def test_a_typed_economic_name_that_differs_is_a_warning(tmp_path):
    text = edit(MINIMAL, ('economic: "30227"', 'economic: "30227", economic_name: 委托业务费用'))
    finding = only(validate_text(tmp_path, text), "code-name-mismatch")
    assert finding.path == ("ledger", 10, "economic")
    assert "经济分类科目30227的名称填写为“委托业务费用”" in finding.message


# ---- the finance bureau's own list -------------------------------------------------------------------


def test_a_bureau_csv_replaces_the_built_in_function_list(tmp_path):
    catalog_file = bureau_csv(tmp_path)
    local = project_function("2012698")
    assert "function-code-unknown" in validate_text(tmp_path, local).codes()
    assert validate_text(tmp_path, local, catalog_file=catalog_file).findings == []
    # 2012604 档案馆 is in the built-in list but not the bureau's: the bureau's list decides.
    report = validate_text(tmp_path, project_function("2012604"), catalog_file=catalog_file)
    finding = only(report, "function-code-unknown")
    assert "不在青山区科目目录.csv中" in finding.message


def test_names_are_checked_against_the_bureau_list(tmp_path):
    text = edit(MINIMAL, (PROJECT_LINE, PROJECT_LINE.replace(", economic", ", function_name: 一般行政管理事务, economic")))
    finding = only(validate_text(tmp_path, text, catalog_file=bureau_csv(tmp_path)), "code-name-mismatch")
    assert finding.message.endswith("青山区科目目录.csv中为“档案数字化专项”")


def test_a_bureau_list_without_economic_codes_keeps_the_built_in_economic_list(tmp_path):
    catalog_file = bureau_csv(tmp_path)
    assert validate_text(tmp_path, MINIMAL, catalog_file=catalog_file).findings == []
    assert catalog_mod.load(2025, catalog_file).economic == catalog_mod.builtin(2025).economic
    text = edit(MINIMAL, ('economic: "30227"', 'economic: "30298"'))
    report = validate_text(tmp_path, text, catalog_file=catalog_file)
    assert only(report, "economic-code-unknown").path == ("ledger", 10, "economic")


def test_a_bureau_csv_in_gbk_with_chinese_headers_is_read(tmp_path):
    path = tmp_path / "目录.csv"
    rows = ["科目编码,科目名称"] + [f"{code},{name}" for code, name, _ in BUREAU_ROWS]
    path.write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    assert validate_text(tmp_path, project_function("2012698"), catalog_file=path).findings == []


def test_a_bureau_xlsx_list_is_read(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["科目编码", "科目名称", "说明"])
    for code, name, explanation in BUREAU_ROWS:
        ws.append([int(code), name, explanation or None])  # codes typed as numbers in Excel
    path = tmp_path / "目录.xlsx"
    wb.save(path)
    catalog = catalog_mod.load(2025, path)
    assert catalog.name("function", "2012602") == "档案数字化专项"
    assert catalog.explanation("2012602") == "反映档案数字化方面的项目支出。"
    assert validate_text(tmp_path, project_function("2012698"), catalog_file=path).findings == []


def test_a_bureau_file_keeps_built_in_explanations_where_the_names_agree(tmp_path):
    catalog = catalog_mod.load(2025, bureau_csv(tmp_path))
    builtin = catalog_mod.builtin(2025)
    assert catalog.explanation("2012601") == builtin.explanation("2012601") != ""
    assert catalog.explanation("2012698") == ""


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("code,name\n20A26,档案事务\n", "编码“20A26”不是数字"),
        ("编号,名字\n201,一般公共服务支出\n", "没有找到“code/科目编码”与“name/科目名称”两列"),
    ],
)
def test_an_unusable_bureau_csv_is_refused(tmp_path, content, words):
    path = tmp_path / "目录.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        validate_text(tmp_path, MINIMAL, catalog_file=path)
    [finding] = info.value.findings
    assert finding.code == "catalog-file" and finding.severity is Severity.ERROR
    assert RULES["catalog-file"].severity is Severity.ERROR  # a registered code, like every other
    assert words in finding.message


def test_a_missing_bureau_file_is_refused(tmp_path):
    with pytest.raises(InputError) as info:
        validate_text(tmp_path, MINIMAL, catalog_file=tmp_path / "无此目录.csv")
    assert info.value.findings[0].code == "catalog-file"
    assert "找不到科目目录文件" in info.value.message


def test_a_bureau_list_in_another_format_is_refused(tmp_path):
    path = tmp_path / "目录.txt"
    path.write_text("201 一般公共服务支出\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        validate_text(tmp_path, MINIMAL, catalog_file=path)
    assert info.value.findings[0].code == "catalog-file"


def test_a_bureau_xlsx_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_text("code,name\n201,一般公共服务支出\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        validate_text(tmp_path, MINIMAL, catalog_file=path)
    assert info.value.findings[0].code == "xlsx-invalid"


def test_a_bureau_xlsx_with_macros_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/vbaProject.bin", b"\x00macro")
    path = tmp_path / "目录.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError) as info:
        validate_text(tmp_path, MINIMAL, catalog_file=path)
    assert info.value.findings[0].code == "xlsx-unsafe"
    assert "宏" in info.value.message


def test_a_year_without_a_built_in_list_uses_the_nearest_and_says_so():
    catalog = catalog_mod.builtin(2031)
    assert catalog.year == max(catalog_mod.available_years())
    assert f"2031年目录未内置，按{catalog.year}年校验" in catalog.origin
    assert catalog_mod.builtin(2025).origin == "内置2025年目录"
