"""Our own rules (validate/rules.py): identities between stated and derived figures, completeness
and template residue. Each rule has a case where it fires — with its code, severity, key path, line
and, for arithmetic, both figures and their difference — and a neighbouring case where it does not.

Every case is the minimal example (青山区档案馆, 2025) with one small, visible edit.
"""

from __future__ import annotations

import pytest

from budgetauthor import Severity

from .helpers import APPROVED_BY_FUNCTION, MINIMAL, assert_figures, edit, line_of, only, validate_text

RECEPTION_2025 = "three_public: {total: 0.80, abroad: 0, reception: 0.80, vehicle_purchase: 0, vehicle_operation: 0}\n\nproc"
PROJECT_LINE = '{function: "2012602", economic: "30227", kind: 项目, project: 馆藏档案数字化, source: 一般公共预算, amount: 40.00}'
PROCUREMENT = "{project: 馆藏档案数字化, item: 档案数字化加工服务, category: 服务, amount: 40.00, sme_amount: 40.00}"


def finding_at(report, code, severity, path, line):
    """The single `code` finding, with its severity, key path and line checked."""
    finding = only(report, code)
    assert finding.severity is severity
    assert finding.path == path
    assert finding.location is not None and finding.location.line == line
    return finding


def test_the_minimal_department_passes_every_rule(tmp_path):
    report = validate_text(tmp_path, MINIMAL)
    assert report.findings == []


# ---- control figures ----------------------------------------------------------------------------------


def test_income_total_must_equal_expenditure_total(tmp_path):
    text = edit(MINIMAL, ("  expenditure_total: 186.40", "  expenditure_total: 186.60"))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "income-expenditure-balance", Severity.ERROR, ("approved", "expenditure_total"),
                   line_of(text, "expenditure_total: 186.60"))
    assert f.message.startswith("收入总计与支出总计不相等：收入总计为186.40万元，支出总计为186.60万元")
    assert_figures(f, "186.40", "186.60", "0.20")


def test_a_control_figure_must_equal_the_ledger_total_it_approves(tmp_path):
    text = edit(MINIMAL, ("  basic: 146.40", "  basic: 146.42"))
    f = finding_at(validate_text(tmp_path, text), "control-total", Severity.ERROR, ("approved", "basic"),
                   line_of(text, "basic: 146.42"))
    assert f.message == "基本支出与批复控制数不符：批复控制数为146.42万元，预算明细合计为146.40万元，相差0.02万元"
    assert_figures(f, "146.42", "146.40", "0.02")


def test_a_control_figure_one_cent_off_is_an_error_not_a_rounding_tail(tmp_path):
    # The 尾差 is for printed rounded figures against each other, not the ledger against the 批复.
    text = edit(MINIMAL, ("  basic: 146.40", "  basic: 146.41"))
    f = finding_at(validate_text(tmp_path, text), "control-total", Severity.ERROR, ("approved", "basic"),
                   line_of(text, "basic: 146.41"))
    assert f.message == "基本支出与批复控制数不符：批复控制数为146.41万元，预算明细合计为146.40万元，相差0.01万元"
    assert_figures(f, "146.41", "146.40", "0.01")


def test_a_wrong_ledger_line_is_caught_by_every_control_figure_it_feeds_and_named(tmp_path):
    text = edit(MINIMAL, ("source: 一般公共预算, amount: 52.80}", "source: 一般公共预算, amount: 58.20}"))
    report = validate_text(tmp_path, text)
    assert report.flatten("code", "path") == [
        ["control-total", "approved.income_total"],
        ["control-total", "approved.expenditure_total"],
        ["control-total", "approved.fiscal"],
        ["control-total", "approved.basic"],
        ["control-total", "approved.by_function.201.basic"],
        ["control-total", "approved.by_economic.301"],
    ]
    wrong_line = line_of(text, "amount: 58.20}")
    by_function = report.findings[4]
    assert_figures(by_function, "117.80", "123.20", "5.40")
    assert f"请检查预算明细：ledger[0]（第{wrong_line}行第5列）" in by_function.message
    assert f"ledger[0]（第{wrong_line}行" in report.findings[5].message


def test_a_ledger_change_matched_by_its_control_figures_passes(tmp_path):
    text = edit(
        MINIMAL,
        ("source: 一般公共预算, amount: 52.80}", "source: 一般公共预算, amount: 58.20}"),
        ("  income_total: 186.40\n  expenditure_total: 186.40\n  fiscal: 186.40\n  basic: 146.40",
         "  income_total: 191.80\n  expenditure_total: 191.80\n  fiscal: 191.80\n  basic: 151.80"),
        ('"201": {basic: 117.80', '"201": {basic: 123.20'),
        ('    "301": 131.20', '    "301": 136.60'),
    )
    assert validate_text(tmp_path, text).errors == []


BY_KUAN_AND_XIANG = (
    '    "201": {basic: 117.80, project: 40.00}\n',
    (
        '    "201": {basic: 117.80, project: 40.00}\n'
        '    "20126": {basic: %s, project: 40.00}\n'
        '    "2012601": {basic: 117.80}\n'
        '    "2012602": {project: 40.00}\n'
    ),
)


def test_a_kuan_control_figure_must_equal_the_sum_of_its_xiang(tmp_path):
    # The seeds' first error: a 款 typed as something other than the sum of its 项 lines.
    text = edit(MINIMAL, (BY_KUAN_AND_XIANG[0], BY_KUAN_AND_XIANG[1] % "117.60"))
    f = finding_at(validate_text(tmp_path, text), "control-total", Severity.ERROR,
                   ("approved", "by_function", "20126", "basic"), line_of(text, '"20126"'))
    assert f.message.startswith("功能分类20126 档案事务（基本支出）与批复控制数不符：")
    assert_figures(f, "117.60", "117.80", "0.20")


def test_a_kuan_control_figure_equal_to_its_xiang_passes(tmp_path):
    text = edit(MINIMAL, (BY_KUAN_AND_XIANG[0], BY_KUAN_AND_XIANG[1] % "117.80"))
    assert validate_text(tmp_path, text).findings == []


def test_each_funding_source_control_figure_must_equal_the_ledger(tmp_path):
    text = edit(MINIMAL, (APPROVED_BY_FUNCTION, "  by_source: {一般公共预算: 180.40, 事业收入: 6.00}\n  by_function:"))
    report = validate_text(tmp_path, text)
    assert report.codes() == ["control-total", "control-total"]
    own, other = report.findings
    assert own.path == ("approved", "by_source", "一般公共预算")
    assert_figures(own, "180.40", "186.40", "6.00")
    assert other.path == ("approved", "by_source", "事业收入")
    assert other.message.startswith("资金来源“事业收入”与批复控制数不符")
    assert_figures(other, "6.00", "0", "6.00")  # zero is written 0, as in the document
    assert other.location.line == line_of(text, "by_source:")
    fine = edit(MINIMAL, (APPROVED_BY_FUNCTION, "  by_source: {财政拨款: 186.40}\n  by_function:"))
    assert validate_text(tmp_path, fine).findings == []


def test_each_unit_control_figure_must_equal_the_ledger(tmp_path):
    row = '  by_unit: {"108001": {total: 186.40, basic: 146.40, project: 40.00, fiscal: %s}}\n  by_function:'
    text = edit(MINIMAL, (APPROVED_BY_FUNCTION, row % "186.00"))
    f = finding_at(validate_text(tmp_path, text), "control-total", Severity.ERROR,
                   ("approved", "by_unit", "108001", "fiscal"), line_of(text, "by_unit:"))
    assert f.message.startswith("单位108001（青山区档案馆）财政拨款与批复控制数不符")
    assert_figures(f, "186.00", "186.40", "0.40")
    assert validate_text(tmp_path, edit(MINIMAL, (APPROVED_BY_FUNCTION, row % "186.40"))).findings == []


def test_fiscal_funding_cannot_exceed_all_funding(tmp_path):
    text = edit(MINIMAL, ("  fiscal: 186.40", "  fiscal: 196.40"))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "fiscal-exceeds-total", Severity.ERROR, ("approved", "fiscal"), line_of(text, "fiscal: 196.40"))
    assert_figures(f, "196.40", "186.40", "10.00")
    assert "control-total" in report.codes()  # the ledger disagrees too


# ---- projects --------------------------------------------------------------------------------------------

ARCHIVE_REPAIR = (
    '  - {function: "2012602", economic: "30213", kind: 项目, project: 档案库房维修改造, source: 一般公共预算, amount: 200.00}\n'
)
ARCHIVE_REPAIR_TOTALS = (
    ("  income_total: 186.40\n  expenditure_total: 186.40\n  fiscal: 186.40\n  basic: 146.40\n  project: 40.00",
     "  income_total: 386.40\n  expenditure_total: 386.40\n  fiscal: 386.40\n  basic: 146.40\n  project: 240.00"),
    ('"201": {basic: 117.80, project: 40.00}', '"201": {basic: 117.80, project: 240.00}'),
    (PROJECT_LINE + "\n", PROJECT_LINE + "\n" + ARCHIVE_REPAIR),
)


def test_the_project_list_must_add_up_to_project_spending(tmp_path):
    # The seeds' second error: the 项目支出表 lists projects 200万元 short of 项目支出.
    text = edit(MINIMAL, *ARCHIVE_REPAIR_TOTALS)
    report = validate_text(tmp_path, text)
    f = finding_at(report, "project-sum", Severity.ERROR, ("projects",), line_of(text, "  - name: 馆藏档案数字化"))
    assert f.message == ("各项目金额之和与项目支出不符：各项目合计为40.00万元，预算明细中的项目支出为240.00万元，"
                         "相差200.00万元")
    assert_figures(f, "40.00", "240.00", "200.00")
    undeclared = finding_at(report, "project-undeclared", Severity.ERROR, ("ledger", 11, "project"),
                            line_of(text, "档案库房维修改造"))
    assert "项目“档案库房维修改造”（合计200.00万元）没有填写项目信息" in undeclared.message
    assert sorted(report.codes()) == ["project-sum", "project-undeclared"]


def test_a_project_list_naming_every_funded_project_passes(tmp_path):
    second = """  - name: 档案库房维修改造
    amount: 200.00
    summary: 对档案库房进行防水、恒温恒湿改造。
    basis: 《档案馆建筑设计规范》（JGJ 25-2010）。
    goal: 年内完成两处库房改造，库房温湿度达标。
    indicators:
      - {level1: 产出指标, level2: 数量指标, level3: 改造库房数量, operator: "＝", value: "2", unit: 处}
      - {level1: 成本指标, level2: 经济成本指标, level3: 改造费用, operator: "≤", value: "200", unit: 万元}
      - {level1: 效益指标, level2: 社会效益指标, level3: 档案保管安全, operator: 定性, value: 有效保障}
      - {level1: 满意度指标, level2: 服务对象满意度指标, level3: 馆员满意度, operator: "≥", value: "90", unit: "%"}

previous:"""
    text = edit(edit(MINIMAL, *ARCHIVE_REPAIR_TOTALS), ("\nprevious:", "\n" + second))
    report = validate_text(tmp_path, text)
    assert report.errors == [], report.flatten("code", "message")


def test_a_project_amount_must_equal_its_ledger_lines(tmp_path):
    text = edit(MINIMAL, ("    amount: 40.00\n", "    amount: 40.02\n"))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "project-amount", Severity.ERROR, ("projects", 0, "amount"), line_of(text, "amount: 40.02"))
    assert f.message.startswith("项目“馆藏档案数字化”金额与预算明细不符：填写数为40.02万元，预算明细合计为40.00万元")
    assert_figures(f, "40.02", "40.00", "0.02")
    assert_figures(only(report, "project-sum"), "40.02", "40.00", "0.02")


def test_a_project_amount_one_cent_off_is_an_error_not_a_rounding_tail(tmp_path):
    report = validate_text(tmp_path, edit(MINIMAL, ("    amount: 40.00\n", "    amount: 40.01\n")))
    assert report.codes() == ["project-amount"]  # the project list's sum keeps its 尾差: no project-sum
    assert_figures(report.findings[0], "40.01", "40.00", "0.01")


def test_a_project_without_ledger_lines_is_reported(tmp_path):
    extra = "  - {name: 档案征集, amount: 5.00, summary: 征集散存档案, basis: 档案法, goal: 征集300件}\n\nprevious:"
    text = edit(MINIMAL, ("\n\nprevious:", "\n" + extra))
    f = finding_at(validate_text(tmp_path, text), "project-unused", Severity.ERROR, ("projects", 1, "name"),
                   line_of(text, "档案征集, amount"))
    assert f.message.startswith("项目“档案征集”（5.00万元）在预算明细中没有对应的")


def test_a_project_may_be_declared_only_once(tmp_path):
    extra = "  - {name: 馆藏档案数字化, amount: 40.00, summary: 重复, basis: 重复, goal: 重复}\n\nprevious:"
    text = edit(MINIMAL, ("\n\nprevious:", "\n" + extra))
    f = finding_at(validate_text(tmp_path, text), "project-duplicate", Severity.ERROR, ("projects", 1, "name"),
                   line_of(text, "重复, basis"))
    assert f.message == "项目“馆藏档案数字化”重复填写（另见 projects[0]）"


def test_a_project_spending_line_must_name_its_project(tmp_path):
    text = edit(MINIMAL, (PROJECT_LINE, PROJECT_LINE.replace("project: 馆藏档案数字化, ", "")))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "project-missing-name", Severity.ERROR, ("ledger", 10, "project"),
                   line_of(text, 'function: "2012602"'))
    assert f.message == "项目支出明细未填写项目名称（40.00万元），无法归入项目"
    assert "project-unused" in report.codes()


# ---- "三公" -------------------------------------------------------------------------------------------------


def three_public(total: str, reception: str = "0.80") -> str:
    return edit(MINIMAL, (RECEPTION_2025, RECEPTION_2025.replace("total: 0.80", f"total: {total}")
                          .replace("reception: 0.80", f"reception: {reception}")))


def test_three_public_total_must_equal_its_four_parts(tmp_path):
    text = three_public("1.00")
    report = validate_text(tmp_path, text)
    f = finding_at(report, "three-public-sum", Severity.ERROR, ("three_public", "total"),
                   line_of(text, "three_public: {total: 1.00"))
    assert f.message == "“三公”经费合计与各分项之和不符：合计为1.00万元，四个分项之和为0.80万元，相差0.20万元"
    assert_figures(f, "1.00", "0.80", "0.20")


def test_three_public_total_within_one_cent_per_part_is_a_rounding_tail(tmp_path):
    # Against its parts the stated total has its 尾差; against the ledger it is exact.
    assert validate_text(tmp_path, three_public("0.81")).codes() == ["three-public-derived"]
    at_limit = validate_text(tmp_path, three_public("0.84"))  # four parts: 0.04 of tail
    assert "three-public-sum" not in at_limit.codes()
    beyond = validate_text(tmp_path, three_public("0.85"))
    assert_figures(only(beyond, "three-public-sum"), "0.85", "0.80", "0.05")


def test_each_three_public_figure_must_equal_its_economic_code_on_fiscal_lines(tmp_path):
    text = three_public("1.00", reception="1.00")
    report = validate_text(tmp_path, text)
    assert [f.path for f in report.findings] == [("three_public", "reception"), ("three_public", "total")]
    f = report.findings[0]
    assert f.code == "three-public-derived" and f.severity is Severity.ERROR
    assert f.location.line == line_of(text, "three_public: {total: 1.00")
    assert f.message.startswith("公务接待费与预算明细不符：填写数为1.00万元，预算明细中财政拨款相应经济科目合计为0.80万元")
    assert_figures(f, "1.00", "0.80", "0.20")
    assert "three-public-sum" not in report.codes()  # the parts do add up; they disagree with the ledger


def test_three_public_spending_counts_only_fiscal_lines(tmp_path):
    paid_by_fees = edit(
        MINIMAL,
        ('economic: "30217", kind: 基本, source: 一般公共预算', 'economic: "30217", kind: 基本, source: 事业收入'),
        ("  fiscal: 186.40", "  fiscal: 185.60"),
    )
    report = validate_text(tmp_path, paid_by_fees)
    assert report.derived.three_public["reception"] == 0
    stated = [f for f in report.findings if f.code == "three-public-derived"]
    assert [f.path for f in stated] == [("three_public", "reception"), ("three_public", "total")]
    assert_figures(stated[0], "0.80", "0", "0.80")
    none_stated = edit(paid_by_fees, (RECEPTION_2025, RECEPTION_2025.replace("0.80", "0")))
    assert "three-public-derived" not in validate_text(tmp_path, none_stated).codes()


# A ledger kept to four decimals (as exported from a 元 system) against tables rounded to 分:
# 1.2049 + 3.1049 = 4.3098 is published as 1.20 + 3.10 = 4.31.
FOUR_DECIMALS = (
    ('economic: "30217", kind: 基本, source: 一般公共预算, amount: 0.80}',
     'economic: "30217", kind: 基本, source: 一般公共预算, amount: 1.2049}'),
    ('economic: "30239", kind: 基本, source: 一般公共预算, amount: 6.80}',
     ('economic: "30239", kind: 基本, source: 一般公共预算, amount: 3.2902}\n'
      '  - {function: "2012601", economic: "30231", kind: 基本, source: 一般公共预算, amount: 3.1049}')),
    ("  three_public: {total: 0.80, abroad: 0, reception: 0.80, vehicle_purchase: 0, vehicle_operation: 0}",
     "  three_public: {total: 4.30, abroad: 0, reception: 1.20, vehicle_purchase: 0, vehicle_operation: 3.10}"),
    ("vehicles: {一般公务用车: 0}", "vehicles: {一般公务用车: 1}"),
)


def test_rounding_tails_between_a_four_decimal_ledger_and_its_tables_are_not_flagged(tmp_path):
    text = edit(MINIMAL, *FOUR_DECIMALS, (RECEPTION_2025, RECEPTION_2025.replace(
        "{total: 0.80, abroad: 0, reception: 0.80, vehicle_purchase: 0, vehicle_operation: 0}",
        "{total: 4.31, abroad: 0, reception: 1.20, vehicle_purchase: 0, vehicle_operation: 3.10}")))
    report = validate_text(tmp_path, text)
    assert report.findings == []
    assert report.derived.three_public["total"] == report.derived.three_public["reception"] + \
        report.derived.three_public["vehicle_operation"]


def test_a_three_public_total_one_cent_beyond_the_tail_of_its_parts_is_flagged(tmp_path):
    text = edit(MINIMAL, *FOUR_DECIMALS, (RECEPTION_2025, RECEPTION_2025.replace(
        "{total: 0.80, abroad: 0, reception: 0.80, vehicle_purchase: 0, vehicle_operation: 0}",
        "{total: 4.35, abroad: 0, reception: 1.20, vehicle_purchase: 0, vehicle_operation: 3.10}")))
    assert_figures(only(validate_text(tmp_path, text), "three-public-sum"), "4.35", "4.30", "0.05")


# ---- 机关运行经费, procurement, assets -------------------------------------------------------------------------

OPERATING = "\noperating_expenses: {amount: %s, definition: 行政单位和参公事业单位一般公共预算基本支出中的公用经费}\n\nprocurement:"


def test_operating_expenses_cannot_exceed_fiscal_spending(tmp_path):
    text = edit(MINIMAL, ("\n\nprocurement:", OPERATING % "200.00"))
    f = finding_at(validate_text(tmp_path, text), "operating-expenses-exceeds", Severity.ERROR,
                   ("operating_expenses", "amount"), line_of(text, "operating_expenses: {amount: 200.00"))
    assert_figures(f, "200.00", "186.40", "13.60")
    assert validate_text(tmp_path, edit(MINIMAL, ("\n\nprocurement:", OPERATING % "15.20"))).findings == []


def test_the_procurement_total_must_equal_its_items(tmp_path):
    text = edit(MINIMAL, ("procurement:\n  items:", "procurement:\n  total: 40.02\n  items:"))
    f = finding_at(validate_text(tmp_path, text), "procurement-sum", Severity.ERROR, ("procurement", "total"),
                   line_of(text, "total: 40.02"))
    assert f.message.startswith("政府采购总额与采购明细合计不符")
    assert_figures(f, "40.02", "40.00", "0.02")
    one_cent = edit(MINIMAL, ("procurement:\n  items:", "procurement:\n  total: 40.01\n  items:"))
    assert_figures(only(validate_text(tmp_path, one_cent), "procurement-sum"), "40.01", "40.00", "0.01")
    stated = edit(MINIMAL, ("procurement:\n  items:", "procurement:\n  total: 40.00\n  items:"))
    assert validate_text(tmp_path, stated).findings == []


def test_the_sme_share_of_a_purchase_cannot_exceed_the_purchase(tmp_path):
    text = edit(MINIMAL, (PROCUREMENT, PROCUREMENT.replace("sme_amount: 40.00", "sme_amount: 42.00")))
    f = finding_at(validate_text(tmp_path, text), "procurement-sme", Severity.ERROR,
                   ("procurement", "items", 0, "sme_amount"), line_of(text, "sme_amount: 42.00"))
    assert_figures(f, "42.00", "40.00", "2.00")
    part = edit(MINIMAL, (PROCUREMENT, PROCUREMENT.replace("sme_amount: 40.00", "sme_amount: 30.00")))
    assert validate_text(tmp_path, part).findings == []


def test_purchases_for_a_project_cannot_exceed_its_budget(tmp_path):
    text = edit(MINIMAL, (PROCUREMENT, PROCUREMENT.replace("amount: 40.00, sme", "amount: 45.00, sme")))
    f = finding_at(validate_text(tmp_path, text), "procurement-exceeds-project", Severity.ERROR,
                   ("procurement", "items", 0, "amount"), line_of(text, "档案数字化加工服务"))
    assert f.message.startswith("项目“馆藏档案数字化”的政府采购金额超过项目预算")
    assert_figures(f, "45.00", "40.00", "5.00")


ASSETS = "    - {name: 资产总额, amount: 312.50, previous: 298.40}\n"


def test_asset_sub_items_cannot_exceed_their_total(tmp_path):
    children = ASSETS + ("    - {name: 固定资产, parent: 资产总额, amount: 200.00, previous: 190.00}\n"
                         "    - {name: 流动资产, parent: 资产总额, amount: %s, previous: 100.00}\n")
    text = edit(MINIMAL, (ASSETS, children % "120.00"))
    f = finding_at(validate_text(tmp_path, text), "assets-children", Severity.ERROR,
                   ("assets", "holdings", 1, "amount"), line_of(text, "固定资产"))
    assert f.message.startswith("“资产总额”下各分项（本年）之和超过其总额")
    assert_figures(f, "320.00", "312.50", "7.50")
    assert validate_text(tmp_path, edit(MINIMAL, (ASSETS, children % "112.50"))).findings == []


def test_an_asset_sub_item_must_name_an_existing_item(tmp_path):
    text = edit(MINIMAL, (ASSETS, ASSETS + "    - {name: 固定资产, parent: 资产合计, amount: 200.00}\n"))
    f = finding_at(validate_text(tmp_path, text), "assets-children", Severity.ERROR,
                   ("assets", "holdings", 1, "parent"), line_of(text, "固定资产"))
    assert f.message == "资产项目“固定资产”的所属项目“资产合计”不存在"


# ---- previous year -------------------------------------------------------------------------------------------

INCOME_2024 = "  income_total: {amount: 165.10, reason"


def stated_change(change: str) -> str:
    return edit(MINIMAL, (INCOME_2024, f"  income_total: {{amount: 165.10, change: {change}, reason"))


def test_a_stated_change_must_equal_this_year_minus_last_year(tmp_path):
    # The seeds' fourth error: "比上年增加20.30万元" where 186.40 − 165.10 = 21.30.
    text = stated_change("20.30")
    report = validate_text(tmp_path, text)
    f = finding_at(report, "previous-change", Severity.ERROR, ("previous", "income_total", "change"),
                   line_of(text, "change: 20.30"))
    assert f.message == ("收入总计的增减额与本年数、上年数不符：填写的增减额为20.30万元，"
                         "本年186.40万元减上年165.10万元的结果为21.30万元，相差1.00万元")
    assert_figures(f, "20.30", "21.30", "1.00")
    assert report.codes() == ["previous-change"]  # reported once, though 支出总计 shares the figure


def test_a_stated_change_that_matches_passes(tmp_path):
    assert validate_text(tmp_path, stated_change("21.30")).findings == []
    assert validate_text(tmp_path, stated_change("21.32")).findings == []  # tail of two figures
    assert_figures(only(validate_text(tmp_path, stated_change("21.33")), "previous-change"), "21.33", "21.30", "0.03")


def test_a_stated_change_of_a_function_class_is_checked_too(tmp_path):
    by_class = '"201": {amount: 150.00, change: %s, reason: 新增档案数字化项目}'
    previous_201 = '"201": {amount: 136.50, reason: 新增馆藏档案数字化项目}'
    text = edit(MINIMAL, (previous_201, by_class % "7.90"))
    f = finding_at(validate_text(tmp_path, text), "previous-change", Severity.ERROR,
                   ("previous", "by_function", "201", "change"), line_of(text, "change: 7.90"))
    assert f.message.startswith("一般公共服务支出（201）的增减额与本年数、上年数不符")
    assert_figures(f, "7.90", "7.80", "0.10")
    fixed = edit(MINIMAL, (previous_201, by_class % "7.80"))
    assert validate_text(tmp_path, fixed).findings == []


def test_a_stated_decrease_where_the_figure_rose_is_caught(tmp_path):
    text = edit(MINIMAL, ("  project: {amount: 20.00, reason", "  project: {amount: 20.00, change: -20.00, reason"))
    f = only(validate_text(tmp_path, text), "previous-change")
    assert f.path == ("previous", "project", "change")
    assert_figures(f, "-20.00", "20.00", "40.00")


def test_last_years_fiscal_funding_cannot_exceed_last_years_total(tmp_path):
    text = edit(MINIMAL, ("  fiscal: 165.10\n", "  fiscal: {amount: 175.10, reason: 上年追加}\n"))
    f = finding_at(validate_text(tmp_path, text), "previous-fiscal-exceeds", Severity.ERROR, ("previous", "fiscal"),
                   line_of(text, "fiscal: {amount: 175.10"))
    assert_figures(f, "175.10", "165.10", "10.00")


def test_last_years_basic_and_project_spending_must_add_up_to_its_total(tmp_path):
    text = edit(MINIMAL, ("  basic: 145.10\n", "  basic: 145.13\n"))
    f = finding_at(validate_text(tmp_path, text), "previous-sum", Severity.ERROR, ("previous", "basic"),
                   line_of(text, "basic: 145.13"))
    assert f.message.startswith("上年基本支出与项目支出之和不等于上年支出总计")
    assert_figures(f, "165.13", "165.10", "0.03")
    assert validate_text(tmp_path, edit(MINIMAL, ("  basic: 145.10\n", "  basic: 145.12\n"))).findings == []


def test_last_years_three_public_parts_must_add_up_to_its_total(tmp_path):
    old = "  three_public: {total: 0.80, abroad: 0, reception: 0.80"
    text = edit(MINIMAL, (old, old.replace("total: 0.80", "total: 0.90")))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "previous-sum", Severity.ERROR, ("previous", "three_public", "total"),
                   line_of(text, "three_public: {total: 0.90"))
    assert_figures(f, "0.80", "0.90", "0.10")


def test_a_previous_figure_is_expected_for_each_standard_comparison(tmp_path):
    text = edit(MINIMAL, ("  operating_expenses: 15.00\n", ""))
    f = finding_at(validate_text(tmp_path, text), "previous-missing", Severity.WARNING, ("previous",),
                   line_of(text, INCOME_2024))
    assert f.message == "未填写机关运行经费的上年数，文中将无法说明同比变化"


def test_a_large_change_needs_a_reason(tmp_path):
    text = edit(MINIMAL, ("  project: {amount: 20.00, reason: 新增馆藏档案数字化项目，原档案征集项目到期}", "  project: 20.00"))
    report = validate_text(tmp_path, text)
    # it points at where the reason goes (previous.project.reason; written as a bare figure, at that line)
    f = finding_at(report, "reason-missing", Severity.ERROR, ("previous", "project", "reason"),
                   line_of(text, "  project: 20.00"))
    assert f.message == "项目支出本年40.00万元，上年20.00万元，变动达到需说明原因的幅度（10%），但未填写变动原因"
    assert not report.valid  # 财预〔2016〕143号: every 增减变化 is explained


@pytest.mark.parametrize(("threshold", "warned"), [("100", True), ("100.01", False)])
def test_the_reason_threshold_is_a_setting_and_reached_at_equality(tmp_path, threshold, warned):
    text = edit(
        MINIMAL,
        ("  project: {amount: 20.00, reason: 新增馆藏档案数字化项目，原档案征集项目到期}", "  project: 20.00"),
        ("other_matters: [无]", f"other_matters: [无]\nsettings: {{reason_threshold: {threshold}}}"),
    )
    report = validate_text(tmp_path, text)
    assert ("reason-missing" in report.codes()) is warned  # 20.00 → 40.00 is exactly +100%


def test_a_figure_rising_from_zero_always_needs_a_reason(tmp_path):
    text = edit(MINIMAL, ("  operating_expenses: 15.00\n", "  operating_expenses: 15.00\n  procurement: 0\n"),
                ("other_matters: [无]", "other_matters: [无]\nsettings: {reason_threshold: 1000}"))
    f = only(validate_text(tmp_path, text), "reason-missing")
    assert f.path == ("previous", "procurement", "reason")
    assert "政府采购预算本年40.00万元，上年0万元" in f.message
    given = edit(text, ("  procurement: 0\n", "  procurement: {amount: 0, reason: 新增档案数字化加工服务采购}\n"))
    assert validate_text(tmp_path, given).findings == []


def test_a_reason_for_the_total_serves_fiscal_funding_only_when_their_figures_agree(tmp_path):
    assert validate_text(tmp_path, MINIMAL).findings == []  # 财政拨款 165.10 → 186.40 shares 收入总计's reason
    text = edit(MINIMAL, ("  fiscal: 165.10\n", "  fiscal: 164.10\n"))
    f = only(validate_text(tmp_path, text), "reason-missing")
    assert f.path == ("previous", "fiscal", "reason")
    assert f.message.startswith("财政拨款本年186.40万元，上年164.10万元")


# ---- completeness -------------------------------------------------------------------------------------------

DUTIES_START = "  duties:\n"


def without_duties() -> str:
    start = MINIMAL.index(DUTIES_START)
    end = MINIMAL.index("  internal_departments:")
    return MINIMAL[:start] + MINIMAL[end:]


def test_the_duties_section_is_required(tmp_path):
    text = without_duties()
    f = finding_at(validate_text(tmp_path, text), "section-missing", Severity.ERROR, ("profile",),
                   line_of(text, "  name: 青山区档案馆"))
    assert "缺少“主要职责”" in f.message


def test_the_organisation_section_is_required_and_a_note_will_do(tmp_path):
    text = edit(MINIMAL, ("  internal_departments: [办公室, 接收征集科, 保管利用科]\n", ""))
    f = only(validate_text(tmp_path, text), "section-missing")
    assert f.severity is Severity.ERROR and "缺少“机构设置”" in f.message
    note = edit(MINIMAL, ("  internal_departments: [办公室, 接收征集科, 保管利用科]\n",
                          "  organization_note: 本馆为区委直属参照公务员法管理事业单位，不设内设机构以外的下属单位。\n"))
    assert validate_text(tmp_path, note).findings == []


def test_the_staffing_section_is_required(tmp_path):
    text = edit(MINIMAL, ("    authorized: {参照公务员法管理事业编制: 8}\n    serving: {在职人员: 7}\n", ""))
    assert "缺少“人员情况”" in only(validate_text(tmp_path, text), "section-missing").message
    serving_only = edit(MINIMAL, ("    authorized: {参照公务员法管理事业编制: 8}\n", ""))
    assert validate_text(tmp_path, serving_only).findings == []


SUMMARY = "    summary: 对馆藏1980年以前的文书档案进行扫描、著录和质检，建设档案数字资源库。\n"
GOAL_LINE = "    goal: 完成12万页馆藏档案数字化，数字化成果合格率不低于99%，提高档案利用效率。\n"


def test_a_project_needs_its_summary_goal_and_indicators(tmp_path):
    text = edit(MINIMAL, (SUMMARY, ""))
    f = finding_at(validate_text(tmp_path, text), "project-incomplete", Severity.ERROR, ("projects", 0),
                   line_of(text, "  - name: 馆藏档案数字化"))
    assert f.message == "项目“馆藏档案数字化”缺少：项目概述"
    start, end = MINIMAL.index("    indicators:\n"), MINIMAL.index("\nprevious:")
    bare = edit(MINIMAL[:start] + MINIMAL[end:], (SUMMARY, ""), (GOAL_LINE, ""))
    assert only(validate_text(tmp_path, bare), "project-incomplete").message == \
        "项目“馆藏档案数字化”缺少：项目概述、年度绩效目标、绩效指标"


def test_a_project_without_its_basis_is_warned(tmp_path):
    text = edit(MINIMAL, ("    basis: 《中华人民共和国档案法》；《青山区档案事业发展“十四五”规划》。\n", ""))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "project-basis-missing", Severity.WARNING, ("projects", 0),
                   line_of(text, "  - name: 馆藏档案数字化"))
    assert "项目“馆藏档案数字化”未填写立项依据" in f.message
    assert report.valid


SATISFACTION = '      - {level1: 满意度指标, level2: 服务对象满意度指标, level3: 查档群众满意度, operator: "≥", value: "95", unit: "%"}\n'
COST = '      - {level1: 成本指标, level2: 经济成本指标, level3: 数字化加工费, operator: "≤", value: "40", unit: 万元}\n'


def test_a_project_needs_output_benefit_and_satisfaction_indicators(tmp_path):
    text = edit(MINIMAL, (SATISFACTION, ""))
    f = finding_at(validate_text(tmp_path, text), "indicator-level-missing", Severity.ERROR,
                   ("projects", 0, "indicators"), line_of(text, "档案数字化页数"))
    assert f.message == "项目“馆藏档案数字化”缺少满意度指标"


def test_the_department_goal_needs_the_three_levels_too_but_no_cost(tmp_path):
    goal = ("performance:\n  annual_goal: 完成全年档案接收和数字化任务。\n  indicators:\n"
            '    - {level1: 产出指标, level2: 数量指标, level3: 接收进馆档案, operator: "≥", value: "3000", unit: 卷}\n'
            "    - {level1: 效益指标, level2: 社会效益指标, level3: 档案利用服务, operator: 定性, value: 持续改善}\n")
    text = edit(MINIMAL, ("other_matters: [无]", goal + "other_matters: [无]"))
    f = only(validate_text(tmp_path, text), "indicator-level-missing")
    assert f.path == ("performance", "indicators") and f.message == "部门整体绩效目标缺少满意度指标"
    full = goal + '    - {level1: 满意度指标, level2: 服务对象满意度指标, level3: 查档满意度, operator: "≥", value: "95", unit: "%"}\n'
    assert validate_text(tmp_path, edit(MINIMAL, ("other_matters: [无]", full + "other_matters: [无]"))).findings == []


def test_a_project_without_a_cost_indicator_is_warned(tmp_path):
    text = edit(MINIMAL, (COST, ""))
    f = finding_at(validate_text(tmp_path, text), "indicator-cost-missing", Severity.WARNING,
                   ("projects", 0, "indicators"), line_of(text, "档案数字化页数"))
    assert "没有成本指标" in f.message
    as_output = edit(MINIMAL, (COST, COST.replace("level1: 成本指标, level2: 经济成本指标", "level1: 产出指标, level2: 成本指标")))
    assert validate_text(tmp_path, as_output).findings == []  # the pre-2021 form: 产出指标/成本指标


def test_a_second_level_indicator_must_belong_to_its_first_level(tmp_path):
    text = edit(MINIMAL, ("level2: 社会效益指标", "level2: 数量指标"))
    f = finding_at(validate_text(tmp_path, text), "indicator-level2", Severity.ERROR,
                   ("projects", 0, "indicators", 4, "level2"), line_of(text, "档案查阅利用效率"))
    assert "二级指标“数量指标”不属于效益指标" in f.message
    alias = edit(MINIMAL, ("level2: 社会效益指标", "level2: 社会效益"))
    assert validate_text(tmp_path, alias).findings == []


def test_a_quantitative_indicator_needs_a_number(tmp_path):
    old = 'level3: 数字化成果合格率, operator: "≥", value: "99"'
    text = edit(MINIMAL, (old, old.replace('value: "99"', "value: 百分之九十九")))
    f = finding_at(validate_text(tmp_path, text), "indicator-value", Severity.ERROR,
                   ("projects", 0, "indicators", 1, "value"), line_of(text, "百分之九十九"))
    assert "指标值“百分之九十九”应为数字" in f.message
    qualitative = edit(MINIMAL, (old, 'level3: 数字化成果合格率, operator: 定性, value: 符合档案数字化规范'))
    assert validate_text(tmp_path, qualitative).findings == []


def test_a_quantitative_indicator_needs_a_unit(tmp_path):
    text = edit(MINIMAL, ('value: "12", unit: 万页}', 'value: "12"}'))
    f = finding_at(validate_text(tmp_path, text), "indicator-unit-missing", Severity.ERROR,
                   ("projects", 0, "indicators", 0, "unit"), line_of(text, "档案数字化页数"))
    assert f.message == "项目“馆藏档案数字化”的指标“档案数字化页数”缺少计量单位"


def test_cost_indicators_cannot_exceed_the_project_budget(tmp_path):
    text = edit(MINIMAL, (COST, COST.replace('value: "40"', 'value: "45"')))
    f = finding_at(validate_text(tmp_path, text), "indicator-cost-exceeds", Severity.ERROR,
                   ("projects", 0, "indicators", 3, "value"), line_of(text, "数字化加工费"))
    assert_figures(f, "45.00", "40.00", "5.00")
    in_yuan = edit(MINIMAL, (COST, COST.replace('value: "40", unit: 万元', 'value: "400000", unit: 元')))
    assert validate_text(tmp_path, in_yuan).findings == []


# ---- units --------------------------------------------------------------------------------------------------

UNIT = '    - {code: "108001", name: 青山区档案馆, type: 参照公务员法管理事业单位}\n'


def test_a_unit_code_may_be_registered_once(tmp_path):
    text = edit(MINIMAL, (UNIT, UNIT + '    - {code: "108001", name: 青山区档案馆（本级）, type: 事业单位}\n'))
    f = finding_at(validate_text(tmp_path, text), "unit-duplicate", Severity.ERROR, ("profile", "units", 1, "code"),
                   line_of(text, "青山区档案馆（本级）"))
    assert f.message == "单位编码“108001”重复登记"


def test_a_ledger_line_must_belong_to_a_registered_unit(tmp_path):
    text = edit(MINIMAL, ('{function: "2101101"', '{unit: "108002", function: "2101101"'))
    f = finding_at(validate_text(tmp_path, text), "unit-unknown", Severity.ERROR, ("ledger", 4, "unit"),
                   line_of(text, '"108002"'))
    assert "单位编码“108002”未在“预算单位”中登记" in f.message
    registered = edit(text, (UNIT, UNIT + '    - {code: "108002", name: 青山区档案服务中心, type: 事业单位}\n'))
    assert "unit-unknown" not in validate_text(tmp_path, registered).codes()


def test_a_department_of_several_units_should_state_their_control_figures(tmp_path):
    text = edit(MINIMAL, (UNIT, UNIT + '    - {code: "108002", name: 青山区档案服务中心, type: 事业单位}\n'))
    f = finding_at(validate_text(tmp_path, text), "units-control-missing", Severity.WARNING, ("approved",),
                   line_of(text, "  income_total: 186.40"))
    assert "有2个预算单位" in f.message
    stated = edit(text, (APPROVED_BY_FUNCTION, '  by_unit: {"108001": {total: 186.40}, "108002": {total: 0}}\n  by_function:'))
    assert validate_text(tmp_path, stated).findings == []


# ---- text ------------------------------------------------------------------------------------------------------

GOAL = "    goal: 完成12万页馆藏档案数字化"


@pytest.mark.parametrize(
    "residue",
    ["增加/下降", "增加（减少）", "增加(减少)", "增长/下降", "_0_", "MERGEFIELD", "XXX", "[bookmark", "{{", "待填写"],
)
def test_template_residue_in_user_text_is_an_error(tmp_path, residue):
    text = edit(MINIMAL, (GOAL, f"    goal: 比上年{residue}，完成12万页馆藏档案数字化"))
    f = finding_at(validate_text(tmp_path, text), "text-residue", Severity.ERROR, ("projects", 0, "goal"),
                   line_of(text, "    goal: 比上年"))
    assert f"“{residue}”" in f.message


def test_seed_residue_in_other_matters_is_caught(tmp_path):
    seed = "MERGEFIELD ${page400644146.ds215660413_REP_BGT}项目支出1192.52万元"
    text = edit(MINIMAL, ("other_matters: [无]", f'other_matters: ["{seed}"]'))
    f = only(validate_text(tmp_path, text), "text-residue")
    assert f.path == ("other_matters", 0) and f.location.line == line_of(text, "other_matters:")


def test_real_words_for_rises_and_falls_are_not_residue(tmp_path):
    text = edit(MINIMAL, (GOAL, "    goal: 比上年增加5万页，差错率下降至0.5%，完成12万页馆藏档案数字化"))
    assert validate_text(tmp_path, text).findings == []


def test_a_date_field_with_a_year_far_from_the_budget_year_is_warned(tmp_path):
    text = edit(MINIMAL, ("period: 2025年1月1日—2025年12月31日", "period: 2023年1月1日—2023年12月31日"))
    f = finding_at(validate_text(tmp_path, text), "text-year", Severity.WARNING, ("projects", 0, "period"),
                   line_of(text, "period: 2023"))
    assert f.message == "日期“2023年1月1日—2023年12月31日”中的年份2023既不是预算年度2025年，也不是上一年"
    assert validate_text(tmp_path, edit(MINIMAL, ("as_of: 2024-12-31", "as_of: 2022-12-31"))).codes() == ["text-year"]


# ---- the seeds' errors together ---------------------------------------------------------------------------------


def test_the_errors_found_in_the_published_seeds_are_all_caught_in_one_file(tmp_path):
    text = edit(
        MINIMAL,
        (BY_KUAN_AND_XIANG[0], BY_KUAN_AND_XIANG[1] % "117.60"),  # 款 ≠ sum of its 项
        *ARCHIVE_REPAIR_TOTALS,  # project list 200 short
        (RECEPTION_2025, RECEPTION_2025.replace("total: 0.80", "total: 1.00")),  # "三公" total ≠ parts
        (INCOME_2024, "  income_total: {amount: 165.10, change: 20.30, reason"),  # stated change wrong
        ("other_matters: [无]", "other_matters: [“三公”经费同比增加/下降0%。]"),  # template residue
    )
    report = validate_text(tmp_path, text)
    paths = {(f.code, f.path) for f in report.errors}
    assert {
        ("control-total", ("approved", "by_function", "20126", "basic")),
        ("project-sum", ("projects",)),
        ("three-public-sum", ("three_public", "total")),
        ("previous-change", ("previous", "income_total", "change")),
        ("text-residue", ("other_matters", 0)),
    } <= paths
