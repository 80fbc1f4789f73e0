"""Shape (schemas/budget.schema.yaml): required keys, types, allowed values, number and text formats.

Each test edits the minimal example in one visible place and checks the code, severity, key path,
line and the Chinese wording of the finding; its neighbour shows the accepted spelling.
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budgetauthor import Severity, load
from budgetauthor.validate import schema as schema_mod

from .helpers import EXAMPLES, MINIMAL, edit, line_of, only, validate_text

LEDGER_0 = '{function: "2012601", economic: "30101", kind: 基本, source: 一般公共预算, amount: 52.80}'


def shape_error(tmp_path, text, code, path, fragment):
    """Validate `text`; expect one `code` error at `path`, located on the line of `fragment`."""
    report = validate_text(tmp_path, text)
    finding = only(report, code)
    assert finding.severity is Severity.ERROR
    assert finding.path == path
    assert finding.location.line == line_of(text, fragment)
    assert not report.valid
    assert report.model is None  # a file of the wrong shape never reaches the arithmetic rules
    return finding


def test_the_minimal_example_is_valid_without_warnings(tmp_path):
    report = validate_text(tmp_path, MINIMAL)
    assert report.findings == []
    assert report.valid and report.model is not None


# ---- required / type / allowed / unknown-key ------------------------------------------------------


def test_a_required_key_must_be_present(tmp_path):
    text = edit(MINIMAL, ("  level: 区级\n", ""))
    finding = shape_error(tmp_path, text, "required", ("profile", "level"), "  name: 青山区档案馆")
    assert finding.message == "缺少必填项“行政级别”"


def test_a_required_key_may_not_be_left_empty(tmp_path):
    text = edit(MINIMAL, ("amount: 52.80}", 'amount: ""}'))
    finding = shape_error(tmp_path, text, "required", ("ledger", 0, "amount"), 'amount: ""}')
    assert "金额" in finding.message


def test_the_ledger_needs_at_least_one_line(tmp_path):
    start = MINIMAL.index("ledger:\n")
    end = MINIMAL.index("\nprojects:")
    text = MINIMAL[:start] + "ledger: []\n" + MINIMAL[end:]
    finding = shape_error(tmp_path, text, "required", ("ledger",), "ledger: []")
    assert "“预算明细”至少需要 1 项" in finding.message


def test_a_list_where_one_is_expected(tmp_path):
    text = edit(MINIMAL, ("  internal_departments: [办公室, 接收征集科, 保管利用科]", "  internal_departments: {办公室: 3}"))
    finding = shape_error(tmp_path, text, "type", ("profile", "internal_departments"), "{办公室: 3}")
    assert finding.message == "“内设机构”应为列表"


def test_a_level_outside_the_four_levels_is_not_allowed(tmp_path):
    text = edit(MINIMAL, ("  level: 区级", "  level: 乡级"))
    finding = shape_error(tmp_path, text, "allowed", ("profile", "level"), "  level: 乡级")
    assert "行政级别“乡级”不是允许的取值" in finding.message and "区级" in finding.message


def test_an_unknown_funding_source_is_not_allowed(tmp_path):
    text = edit(MINIMAL, ("kind: 基本, source: 一般公共预算, amount: 6.80}", "kind: 基本, source: 自筹资金, amount: 6.80}"))
    finding = shape_error(tmp_path, text, "allowed", ("ledger", 9, "source"), "source: 自筹资金")
    assert finding.message.startswith("资金来源“自筹资金”无法识别，可选：一般公共预算")


def test_common_spellings_of_kind_and_source_are_accepted(tmp_path):
    text = edit(MINIMAL, ("kind: 基本, source: 一般公共预算, amount: 6.80}", "kind: 基本支出, source: 财政拨款, amount: 6.80}"))
    report = validate_text(tmp_path, text)
    assert report.valid, report.flatten("code", "message")
    assert (report.model.lines[9].kind, report.model.lines[9].source.label) == ("基本", "一般公共预算")


def test_an_unknown_format_version_is_not_allowed(tmp_path):
    text = edit(MINIMAL, ('version: "1"', 'version: "2"'))
    shape_error(tmp_path, text, "allowed", ("version",), 'version: "2"')


def test_a_misspelt_key_is_a_warning_and_the_file_is_still_checked(tmp_path):
    text = edit(MINIMAL, ("  level: 区级\n", "  level: 区级\n  leval: 区级\n"))
    report = validate_text(tmp_path, text)
    finding = only(report, "unknown-key")
    assert finding.severity is Severity.WARNING
    assert finding.path == ("profile", "leval")
    assert finding.location.line == line_of(text, "  leval: 区级")
    assert "“leval”" in finding.message
    assert report.valid and report.model is not None


# ---- amounts and numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("52.8O", "amount-format", "金额：“52.8O”不是有效的数字"),
        ("52.80万元", "amount-format", "金额中请不要带单位，单位在“金额单位”中统一声明"),
        (".nan", "amount-format", "金额：“.nan”不是有效的数字"),
        (".inf", "amount-format", "金额：“.inf”不是有效的数字"),
        ("1e400", "amount-format", "金额：“1e400”不是有效的数字"),
        ("-52.80", "amount-negative", "金额：“-52.80”为负数，此处金额不能为负"),
        ("12345678901234567890", "amount-too-large", "金额：“12345678901234567890”位数过多"),
    ],
)
def test_a_ledger_amount_must_be_a_plain_non_negative_number(tmp_path, typed, code, words):
    text = edit(MINIMAL, ("amount: 52.80}", f"amount: {typed}}}"))
    finding = shape_error(tmp_path, text, code, ("ledger", 0, "amount"), f"amount: {typed}}}")
    assert words in finding.message
    line = text.splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1:].startswith(typed)


def test_an_amount_may_use_thousands_separators_and_full_width_digits(tmp_path):
    text = edit(
        MINIMAL,
        ("amount: 52.80}", 'amount: "５２．８０"}'),
        ("{name: 资产总额, amount: 312.50", '{name: 资产总额, amount: "1,312.50"'),
    )
    report = validate_text(tmp_path, text)
    assert report.findings == []
    assert report.model.lines[0].amount == Decimal("52.80")
    assert report.model.assets.holdings[0].amount == Decimal("1312.50")
    misplaced = edit(text, ('"1,312.50"', '"13,12.50"'))
    finding = shape_error(tmp_path, misplaced, "amount-format", ("assets", "holdings", 0, "amount"), '"13,12.50"')
    assert finding.message == "金额：“13,12.50”不是有效的数字"


def test_a_stated_change_may_be_negative_but_a_previous_figure_may_not(tmp_path):
    ok = edit(MINIMAL, ("  basic: 145.10\n", "  basic: {amount: 145.10, change: 1.30}\n"))
    assert validate_text(tmp_path, ok).valid
    decrease = edit(MINIMAL, ("  fiscal: 165.10\n", "  fiscal: {amount: 165.10, change: -21.30}\n"))
    report = validate_text(tmp_path, decrease)
    assert "amount-negative" not in report.codes()
    negative = edit(MINIMAL, ("  fiscal: 165.10\n", "  fiscal: -165.10\n"))
    finding = shape_error(tmp_path, negative, "amount-negative", ("previous", "fiscal", "amount"), "  fiscal: -165.10")
    assert finding.message.startswith("上年数：")


@pytest.mark.parametrize(("typed", "words"), [("7.5", "“7.5”应为整数"), ("七", "“七”不是有效的数字"), ("-1", "负数")])
def test_a_head_count_must_be_a_whole_non_negative_number(tmp_path, typed, words):
    text = edit(MINIMAL, ("serving: {在职人员: 7}", f"serving: {{在职人员: {typed}}}"))
    finding = shape_error(tmp_path, text, "count-format", ("profile", "staffing", "serving", "在职人员"),
                          f"serving: {{在职人员: {typed}}}")
    assert words in finding.message


@pytest.mark.parametrize("typed", ["1925", "2100", "25", "二〇二五"])
def test_the_budget_year_must_be_a_four_digit_year_this_century(tmp_path, typed):
    text = edit(MINIMAL, ("  year: 2025", f"  year: {typed}"))
    finding = shape_error(tmp_path, text, "year-range", ("profile", "year"), f"  year: {typed}")
    assert finding.message == f"预算年度“{typed}”不合理，应为 2000–2099 之间的四位年份"


def test_the_budget_year_may_be_written_with_nian(tmp_path):
    report = validate_text(tmp_path, edit(MINIMAL, ("  year: 2025", "  year: 2025年")))
    assert report.valid and report.model.year == 2025


@pytest.mark.parametrize("typed", ["2024-13-31", "2024-02-30", "去年年底"])
def test_a_date_must_be_a_real_date(tmp_path, typed):
    text = edit(MINIMAL, ("as_of: 2024-12-31", f"as_of: {typed}"))
    finding = shape_error(tmp_path, text, "date-format", ("assets", "as_of"), f"as_of: {typed}")
    assert finding.message == f"资产统计截止日期：“{typed}”不是有效日期，请写成 2023-12-31"


@pytest.mark.parametrize("typed", ["2024年12月31日", "2024/12/31", "2024.12.31"])
def test_a_date_may_be_written_the_chinese_way(tmp_path, typed):
    assert validate_text(tmp_path, edit(MINIMAL, ("as_of: 2024-12-31", f"as_of: {typed}"))).valid


# ---- codes and text -------------------------------------------------------------------------------


def test_a_unit_code_has_only_digits_and_letters(tmp_path):
    text = edit(MINIMAL, ('{code: "108001", name', '{code: "108 001", name'))
    finding = shape_error(tmp_path, text, "code-format", ("profile", "units", 0, "code"), '"108 001"')
    assert finding.message == "单位编码：编码“108 001”只能由数字和字母组成"


def test_a_text_longer_than_its_limit_is_refused(tmp_path):
    long_name = "档" * 201
    text = edit(MINIMAL, ("  internal_departments: [办公室,", f"  internal_departments: [{long_name},"))
    finding = shape_error(tmp_path, text, "text-too-long", ("profile", "internal_departments", 0), long_name)
    assert finding.message == "内设机构名称：文字过长（201字），上限为200字"
    at_limit = edit(MINIMAL, ("  internal_departments: [办公室,", f"  internal_departments: [{long_name[1:]},"))
    assert validate_text(tmp_path, at_limit).valid


def test_invisible_control_characters_in_text_are_refused(tmp_path):
    text = edit(MINIMAL, ("other_matters: [无]", 'other_matters: ["无\\x07"]'))
    finding = shape_error(tmp_path, text, "text-control-char", ("other_matters", 0), "other_matters:")
    assert finding.message.startswith("说明事项：文字中含有不可见的控制字符")


def test_line_breaks_and_tabs_in_text_are_not_control_characters(tmp_path):
    text = edit(MINIMAL, ("other_matters: [无]", 'other_matters: ["第一条\\n第二条\\t完"]'))
    assert validate_text(tmp_path, text).valid


def test_messages_name_the_field_in_chinese_not_its_key(tmp_path):
    # cerberus leaves the field off a custom error's schema path; the label must still be the
    # field's own (金额, 单位编码), never the parent's (基本信息) or the English key (amount).
    text = edit(MINIMAL, ("amount: 52.80}", "amount: 52.8O}"), ("  year: 2025", "  year: 1925"))
    report = validate_text(tmp_path, text)
    messages = {f.path: f.message for f in report.findings}
    assert messages[("ledger", 0, "amount")].startswith("金额：")
    assert messages[("profile", "year")].startswith("预算年度“1925”")
    assert not any(m.startswith(("amount", "基本信息")) for m in messages.values())


def test_a_shape_check_that_breaks_down_is_a_schema_error_not_a_crash(tmp_path, monkeypatch):
    # The `schema` code is the fallback when cerberus itself fails on pathological input.
    def broken(self, document, *args, **kwargs):
        raise RecursionError("cerberus gave up")

    monkeypatch.setattr(schema_mod.BudgetValidator, "validate", broken)
    report = validate_text(tmp_path, MINIMAL)
    finding = only(report, "schema")
    assert finding.message == "文件结构无法识别，请对照示例文件检查"
    assert not report.valid and report.model is None


# ---- records cerberus is spared ---------------------------------------------------------------------

_RECORD_FAULTS = [  # (list, index, change): each something cerberus has a word for, or a spelling it coerces
    ("ledger", 1, {"amount": "12.3.4"}),
    ("ledger", 2, {"amount": "-5"}),
    ("ledger", 3, {"kind": "项目支出"}),  # coerced to 项目
    ("ledger", 4, {"kind": "其他"}),
    ("ledger", 5, {"source": "财政拨款"}),
    ("ledger", 6, {"function": "20126"}),
    ("ledger", 7, {"economic": None}),
    ("ledger", 8, {"remark": "备注写错了键"}),
    ("ledger", 9, {"note": None, "project": 12}),
    ("ledger", 10, {"function_name": "名\x07称"}),
    ("ledger", 10, "not a record"),
    ("ledger", 0, {"amount": "abc"}),
    ("indicators", 1, {"level1": "产出"}),
    ("indicators", 2, {"operator": "大于"}),
    ("indicators", 3, {"value": None}),
    ("indicators", 4, {"level3": "x" * 300}),
]


def _with_fault(data: dict, where: str, index: int, change) -> dict:
    data = copy.deepcopy(data)
    with_indicators = [p["indicators"] for p in data.get("projects") or () if p.get("indicators")]
    if where == "indicators" and not with_indicators:
        return data  # zengdu's projects state none
    records = data["ledger"] if where == "ledger" else max(with_indicators, key=len)
    records[index] = change if not isinstance(change, dict) else {**records[index], **change}
    return data


@pytest.mark.parametrize("example", ["zengdu-2024.yaml", "xihu-2024.yaml", "minimal.yaml"])
def test_records_that_skip_cerberus_get_its_findings_and_normalised_values(example):
    """check_shape spares cerberus the ledger lines and indicators it would pass: the findings (codes,
    messages, paths) and the normalised document are those of cerberus looking at every record."""
    data = load(EXAMPLES / example).data
    cases = [data] + [_with_fault(data, *fault) for fault in _RECORD_FAULTS]
    cases.append(_with_fault(data, *_RECORD_FAULTS[0]) | {"ledger": []})
    for case in cases:
        document, findings = schema_mod.check_shape(case)
        assert (document, findings) == schema_mod.check_shape(case, shortcut=False)
    _, findings = schema_mod.check_shape(cases[1 + 5])  # the line whose 功能科目 lost two digits
    assert [(f.code, f.path) for f in findings] == [("function-code-malformed", ("ledger", 6, "function"))]
