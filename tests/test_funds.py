"""Fiscal-only views: the ledger seen for one kind of 财政拨款 alone, the control figures and
previous-year figures stated for it, checked like the all-funds ones (approved.by_fund,
previous.by_fund), and the tables that print such views.
"""

from __future__ import annotations

from decimal import Decimal as D

from budgetauthor import load, validate
from budgetauthor.profiles import OutlineNode, standard
from budgetauthor.render.context import ContextBuilder

from .helpers import EXAMPLES, MINIMAL, assert_figures, edit, line_of, only, validate_text

BY_ECONOMIC = '''  by_economic:         # 基本支出按经济分类（类）批复
    "301": 131.20
    "302": 15.20
'''


def with_fund_controls(controls: str) -> str:
    return edit(MINIMAL, (BY_ECONOMIC, BY_ECONOMIC + "  by_fund:\n    一般公共预算:\n" + controls))


def test_the_general_budget_alone_is_derived():
    derived = validate(load(EXAMPLES / "minimal.yaml")).derived
    general = derived.funds["一般公共预算"]
    assert (general.totals.total, general.totals.basic, general.totals.project) == (D("186.40"), D("146.40"), D("40.00"))
    assert general.economic_nodes["302"].basic == D("15.20")
    assert general.economic_nodes["302"].project == D("40.00")  # 30227 委托业务费 of the project
    assert general.function_nodes["2012602"].project == D("40.00")
    assert derived.funds["政府性基金预算"].totals.total == 0
    # 行政经费: 一般公共预算 基本支出 of administrative units (the archive is 参照公务员法管理)
    assert derived.administrative_expenses == D("146.40")


def test_right_control_figures_for_the_general_budget_pass(tmp_path):
    text = with_fund_controls(
        "      total: 186.40\n      basic: 146.40\n      project: 40.00\n      personnel: 131.20\n      public: 15.20\n"
        "      by_function: {\"201\": {basic: 117.80, project: 40.00}}\n"
        "      by_economic: {\"301\": 131.20, \"302\": 15.20}\n"
        "      by_economic_project: {\"302\": 40.00, \"30227\": 40.00}\n")
    report = validate_text(tmp_path, text)
    assert report.valid and not [f for f in report.findings if f.code == "control-total"], report.flatten("code", "message")


def test_a_wrong_general_budget_basic_figure_names_both_figures_at_its_line(tmp_path):
    text = with_fund_controls("      basic: 146.00\n")
    finding = only(validate_text(tmp_path, text), "control-total")
    assert finding.message.startswith("一般公共预算基本支出与批复控制数不符")
    assert_figures(finding, "146.00", "146.40", "0.40")
    assert finding.location.line == line_of(text, "      basic: 146.00")


def test_project_spending_by_economic_class_is_checked_for_the_fund(tmp_path):
    text = with_fund_controls("      by_economic_project: {\"302\": 38.00}\n")
    finding = only(validate_text(tmp_path, text), "control-total")
    assert "一般公共预算 经济分类302 商品和服务支出（项目支出）与批复控制数不符" in finding.message
    assert_figures(finding, "38.00", "40.00", "2.00")


def test_a_function_node_of_the_fund_is_checked(tmp_path):
    text = with_fund_controls("      by_function: {\"208\": {basic: 10.00}}\n")
    finding = only(validate_text(tmp_path, text), "control-total")
    assert "一般公共预算 功能分类208 社会保障和就业支出（基本支出）" in finding.message
    assert_figures(finding, "10.00", "12.40", "2.40")


def test_the_kinds_of_fiscal_funds_add_up_to_the_fiscal_control_figure(tmp_path):
    text = edit(MINIMAL, (BY_ECONOMIC, BY_ECONOMIC + "  by_fund:\n"
                          "    一般公共预算: {total: 186.40}\n    政府性基金预算: {total: 10.00}\n"
                          "    国有资本经营预算: {total: 0}\n"))
    findings = [f for f in validate_text(tmp_path, text).errors if f.code == "control-total"]
    messages = [f.message for f in findings]
    assert any(m.startswith("各类财政拨款控制数之和与财政拨款合计不符") for m in messages)
    assert any(m.startswith("政府性基金预算合计与批复控制数不符") for m in messages)


def test_previous_year_figures_per_fund_are_compared_and_need_reasons(tmp_path):
    text = edit(MINIMAL, ("  operating_expenses: 15.00\n", "  operating_expenses: 15.00\n"
                          "  by_fund:\n    一般公共预算:\n      total: {amount: 165.10, reason: 新增馆藏档案数字化项目}\n"
                          "      basic: 145.10\n      project: 10.00\n"))
    report = validate_text(tmp_path, text)
    finding = only(report, "reason-missing")
    assert finding.message.startswith("一般公共预算项目支出本年40.00万元，上年10.00万元")
    assert only(report, "previous-sum").message.startswith("上年一般公共预算基本支出与项目支出之和不等于其合计")


def test_a_table_of_the_general_budgets_project_spending_by_economic_class():
    # Guangdong's 表7 一般公共预算项目支出情况表（按经济分类科目）as a view of the outline
    derived = validate(load(EXAMPLES / "minimal.yaml")).derived
    node = OutlineNode(id="general_project", depth=2, table="classified",
                       params={"scheme": "economic", "fund": "一般公共预算", "kind": "项目", "measures": ("total",)})
    entry, _ = ContextBuilder(derived, standard()).node(node)
    assert [(r["code"], r["bare_name"], r["total"]) for r in entry["rows"]] == [
        ("302", "商品和服务支出", "40.00"), ("30227", "委托业务费", "40.00")]
    assert entry["total"] == {"total": "40.00"}


def test_function_rows_carry_their_class_section_and_item_codes_apart():
    # Shanghai prints 类 / 款 / 项 in three columns
    derived = validate(load(EXAMPLES / "minimal.yaml")).derived
    node = OutlineNode(id="x", depth=2, table="classified", params={"measures": ("total",)})
    rows = ContextBuilder(derived, standard()).node(node)[0]["rows"]
    assert [(r["class_code"], r["section_code"], r["item_code"]) for r in rows[:3]] == [
        ("201", "", ""), ("201", "26", ""), ("201", "26", "01")]


def test_a_classified_table_can_show_amounts_by_source():
    # Shanghai's 收入预算总表 and Guangdong's 收入总体情况表: rows by 功能分类, a column per source
    derived = validate(load(EXAMPLES / "putuo-flfy-2024.yaml")).derived
    node = OutlineNode(id="income_by_function", depth=2, table="classified",
                       params={"measures": ("total",), "sources": ("财政拨款", "事业收入", "事业单位经营收入", "其他收入")})
    entry, _ = ContextBuilder(derived, standard()).node(node)
    welfare = next(r for r in entry["rows"] if r["code"] == "2081005")  # 社会福利事业单位
    assert (welfare["total"], welfare["sources"]) == ("958.48", ["696.48", "262.00", "0.00", "0.00"])
    assert entry["total"]["sources"][:2] == ["950.12", "262.00"]


def test_the_three_public_table_offers_each_fund_and_the_administrative_expenses():
    # Guangdong's 表8 财政拨款安排的行政经费及“三公”经费预算表: columns by kind of 财政拨款
    derived = validate(load(EXAMPLES / "minimal.yaml")).derived
    node = OutlineNode(id="three_public", depth=2, table="three_public")
    entry, _ = ContextBuilder(derived, standard()).node(node)
    general, fund, capital = entry["by_fund"]
    assert (general["total"], general["reception"], general["administrative"]) == ("0.80", "0.80", "146.40")
    assert fund["total"] == capital["total"] == "0.00"
    assert (entry["operating"], entry["administrative"]) == ("15.20", "146.40")
