"""What a 财政局预算科 reviewer refuses (issue 10, section 2): each rule with its code, severity,
both figures and their difference, and the place in the file.

Every case is the minimal example (青山区档案馆, 2025) with one small, visible edit, or a small
department kept in 元 where the precision of a 元 file is the point.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetauthor import Severity
from budgetauthor.validate.rules import impossible_dates, needs_reason, project_table_rows

from .helpers import APPROVED_BY_FUNCTION, MINIMAL, assert_figures, edit, line_of, only, validate_text
from .test_rules import PROCUREMENT, finding_at

# ---- 政府采购 -----------------------------------------------------------------------------------------

# Published today: a 密集架 typed as 100039.00 (for 10.039) in a department spending 186.40万元.
SHELVING = "    - {item: 档案密集架, category: 货物, quantity: \"12\", measure: 组, amount: 100039.00}\n"


def test_procurement_larger_than_all_spending_is_refused(tmp_path):
    text = edit(MINIMAL, ("    - " + PROCUREMENT + "\n", "    - " + PROCUREMENT + "\n" + SHELVING))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "procurement-exceeds-total", Severity.ERROR, ("procurement", "items", 1, "amount"),
                   line_of(text, "档案密集架"))
    assert f.message == ("政府采购预算超过部门支出总计：采购明细合计为100,079.00万元，支出总计为186.40万元，"
                         "相差99,892.60万元。请检查采购金额的单位和小数点")
    assert_figures(f, "100,079.00", "186.40", "99,892.60")
    assert not report.valid


def test_procurement_stated_as_a_total_larger_than_all_spending_points_at_the_total(tmp_path):
    text = edit(MINIMAL, ("procurement:\n  items:", "procurement:\n  total: 100039.00\n  items:"))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "procurement-exceeds-total", Severity.ERROR, ("procurement", "total"),
                   line_of(text, "total: 100039.00"))
    assert f.message.startswith("政府采购预算超过部门支出总计：政府采购总额为100,039.00万元，支出总计为186.40万元，")
    assert_figures(f, "100,039.00", "186.40", "99,852.60")
    assert "procurement-sum" in report.codes()  # and its one item says 40.00


def test_procurement_up_to_all_spending_passes(tmp_path):
    text = edit(MINIMAL, ("procurement:\n  items:", "procurement:\n  total: 40.00\n  items:"))
    assert validate_text(tmp_path, text).findings == []


def test_a_purchase_for_a_project_that_does_not_exist_is_refused(tmp_path):
    typo = PROCUREMENT.replace("{project: 馆藏档案数字化,", "{project: 馆藏档案数字化二期,")
    text = edit(MINIMAL, (PROCUREMENT, typo))
    f = finding_at(validate_text(tmp_path, text), "procurement-project-unknown", Severity.ERROR,
                   ("procurement", "items", 0, "project"), line_of(text, "馆藏档案数字化二期"))
    assert f.message == ("采购品目“档案数字化加工服务”（40.00万元）所属的项目“馆藏档案数字化二期”在预算明细和项目中都不存在"
                         "（预算明细中的项目有：“馆藏档案数字化”）")


def test_a_purchase_one_cent_beyond_its_project_is_refused(tmp_path):
    # The project's 40.00 and the purchase's 40.01 are both exact figures: no 尾差 between them.
    text = edit(MINIMAL, (PROCUREMENT, PROCUREMENT.replace("amount: 40.00, sme_amount: 40.00", "amount: 40.01, sme_amount: 40.00")))
    f = finding_at(validate_text(tmp_path, text), "procurement-exceeds-project", Severity.ERROR,
                   ("procurement", "items", 0, "amount"), line_of(text, "档案数字化加工服务"))
    assert f.message == "项目“馆藏档案数字化”的政府采购金额超过项目预算：采购金额为40.01万元，项目预算为40.00万元，相差0.01万元"
    assert_figures(f, "40.01", "40.00", "0.01")


# ---- the ledger against the 批复, at the precision the 批复 is written in --------------------------------------

FIRST_LINE = 'economic: "30101", kind: 基本, source: 一般公共预算, amount: 52.80}'


def test_a_ledger_one_cent_short_of_the_approved_total_is_refused(tmp_path):
    # Today 186.39 against 186.40 passed as a 尾差, and the document printed 186.39.
    text = edit(MINIMAL, (FIRST_LINE, FIRST_LINE.replace("52.80", "52.79")))
    report = validate_text(tmp_path, text)
    f = report.findings[0]
    assert (f.code, f.severity, f.path) == ("control-total", Severity.ERROR, ("approved", "income_total"))
    assert f.location.line == line_of(text, "income_total: 186.40")
    assert f.message == "收入总计与批复控制数不符：批复控制数为186.40万元，预算明细合计为186.39万元，相差0.01万元"
    assert_figures(f, "186.40", "186.39", "0.01")
    assert report.flatten("code", "path") == [
        ["control-total", "approved.income_total"],
        ["control-total", "approved.expenditure_total"],
        ["control-total", "approved.fiscal"],
        ["control-total", "approved.basic"],
        ["control-total", "approved.by_function.201.basic"],
        ["control-total", "approved.by_economic.301"],
    ]


def test_a_control_written_coarsely_is_still_held_to_the_printed_cent(tmp_path):
    # "186.4" means 186.40: the document prints 0.01万元, so a ledger of 186.36 may not round to it.
    text = edit(MINIMAL, ("  income_total: 186.40", "  income_total: 186.4"), (FIRST_LINE, FIRST_LINE.replace("52.80", "52.76")))
    f = next(x for x in validate_text(tmp_path, text).findings if x.path == ("approved", "income_total"))
    assert f.message == "收入总计与批复控制数不符：批复控制数为186.40万元，预算明细合计为186.36万元，相差0.04万元"


def test_a_control_written_to_the_yuan_in_a_wan_file_is_held_to_the_yuan(tmp_path):
    text = edit(MINIMAL, ("  income_total: 186.40", "  income_total: 186.4012"))
    report = validate_text(tmp_path, text)
    f = only(report, "control-total")
    assert f.path == ("approved", "income_total")
    assert f.message == ("收入总计与批复控制数不符：批复控制数为186.4012万元，预算明细合计为186.4000万元，"
                         "相差0.0012万元")
    assert (f.actual, f.expected) == (Decimal("186.4012"), Decimal("186.40"))
    assert "income-expenditure-balance" in report.codes()  # 186.4012 ≠ 186.40: one 批复 figure, written twice


def test_income_and_expenditure_totals_are_one_figure_compared_exactly(tmp_path):
    text = edit(MINIMAL, ("  expenditure_total: 186.40", "  expenditure_total: 186.41"))
    f = only(validate_text(tmp_path, text), "income-expenditure-balance")
    assert f.message == "收入总计与支出总计不相等：收入总计为186.40万元，支出总计为186.41万元，相差0.01万元"


# A 事业单位 that keeps its file in 元, as budget systems export it: the 批复 is exact to the 元.
YUAN = """# 一个以“元”填报的事业单位（青山区城市建设档案馆，2025）：批复控制数写到元，明细合计须分毫不差。
version: "1"

profile:
  name: 青山区城市建设档案馆
  year: 2025
  level: 区级
  amount_unit: 元
  units:
    - {code: "108101", name: 青山区城市建设档案馆, type: 事业单位}
  duties:
    - 负责全区城市建设档案的接收、整理、保管和提供利用。
    - 负责建设工程竣工档案的预验收和归档指导。
  internal_departments: [综合科, 业务指导科]
  staffing:
    authorized: {事业编制: 6}
    serving: {在职人员: 6}

approved:
  income_total: 1089020
  expenditure_total: 1089020
  fiscal: 1089020
  basic: 739020
  project: 350000
  by_economic:
    "301": 710420
    "302": 28600

ledger:
  - {function: "2012604", economic: "30101", kind: 基本, source: 一般公共预算, amount: 386400}
  - {function: "2012604", economic: "30107", kind: 基本, source: 一般公共预算, amount: 215830}
  - {function: "2080505", economic: "30108", kind: 基本, source: 一般公共预算, amount: 61820}
  - {function: "2210201", economic: "30113", kind: 基本, source: 一般公共预算, amount: 46370}
  - {function: "2012604", economic: "30201", kind: 基本, source: 一般公共预算, amount: 28600}
  - {function: "2012604", economic: "30227", kind: 项目, project: 城建档案数字化加工, source: 一般公共预算, amount: 350000}

projects:
  - name: 城建档案数字化加工
    amount: 350000
    summary: 对2000年以前接收的建设工程竣工档案进行扫描、著录和质检。
    basis: 《城市建设档案管理规定》。
    goal: 完成4.2万卷城建档案数字化，成果合格率不低于99%。
    indicators:
      - {level1: 产出指标, level2: 数量指标, level3: 档案数字化卷数, operator: "≥", value: "4.2", unit: 万卷}
      - {level1: 成本指标, level2: 经济成本指标, level3: 数字化加工费, operator: "≤", value: "350000", unit: 元}
      - {level1: 效益指标, level2: 社会效益指标, level3: 城建档案查阅效率, operator: 定性, value: 明显提高}
      - {level1: 满意度指标, level2: 服务对象满意度指标, level3: 查档单位满意度, operator: "≥", value: "95", unit: "%"}

previous:
  income_total: 1023500
  fiscal: 1023500
  basic: 713500
  project: {amount: 310000, reason: 数字化加工范围扩大到2000年以前的竣工档案}
  operating_expenses: 0
  by_function: {"201": 915310, "208": 61820, "221": 46370}

procurement:
  items:
    - {project: 城建档案数字化加工, item: 档案数字化加工服务, category: 服务, amount: 350000, sme_amount: 350000}

other_matters: [无]
"""


def test_a_department_kept_in_yuan_with_every_yuan_accounted_for_passes(tmp_path):
    assert validate_text(tmp_path, YUAN).findings == []


def test_a_ledger_99_yuan_short_in_a_yuan_file_is_refused(tmp_path):
    text = edit(YUAN, ("economic: \"30201\", kind: 基本, source: 一般公共预算, amount: 28600}",
                       "economic: \"30201\", kind: 基本, source: 一般公共预算, amount: 28501}"))
    report = validate_text(tmp_path, text)
    f = report.findings[0]
    assert (f.code, f.severity, f.path) == ("control-total", Severity.ERROR, ("approved", "income_total"))
    assert f.location.line == line_of(text, "income_total: 1089020")
    assert f.message == ("收入总计与批复控制数不符：批复控制数为108.9020万元，预算明细合计为108.8921万元，"
                         "相差0.0099万元（99元）")
    assert (f.actual, f.expected) == (Decimal("108.902"), Decimal("108.8921"))
    by_economic = report.findings[-1]
    assert by_economic.path == ("approved", "by_economic", "302")
    assert "相差0.0099万元（99元）" in by_economic.message
    assert "请检查预算明细：ledger[4]" in by_economic.message


# ---- every 批复 control in every table that shows it -----------------------------------------------------------

UNIT = '    - {code: "108001", name: 青山区档案馆, type: 参照公务员法管理事业单位}\n'
SECOND_UNIT = UNIT + '    - {code: "108002", name: 青山区档案服务中心, type: 事业单位}\n'
PROJECT_LINE = ('  - {function: "2012602", economic: "30227", kind: 项目, project: 馆藏档案数字化, '
                'source: 一般公共预算, amount: 40.00}\n')
# The digitisation project is shared: 30.00 spent by the 档案馆, 10.00 by its 服务中心.
SHARED_PROJECT = (PROJECT_LINE.replace("amount: 40.00", "amount: 30.00")
                  + PROJECT_LINE.replace("{function", '{unit: "108002", function').replace("amount: 40.00", "amount: 10.00"))
BY_UNIT = ('  by_unit:\n    "108001": {total: 176.40, basic: 146.40, project: 30.00}\n'
           '    "108002": {total: 10.00, basic: 0, project: 10.00}\n  by_function:')


def shared_project() -> str:
    return edit(MINIMAL, (UNIT, SECOND_UNIT), (PROJECT_LINE, SHARED_PROJECT), (APPROVED_BY_FUNCTION, BY_UNIT))


def test_a_project_several_units_spend_is_listed_under_each_with_its_share(tmp_path):
    # The ledger agrees with every unit's control, and 表10 lists the shared project under the 档案馆
    # with 30.00 and under its 服务中心 with 10.00: every unit row shows its 批复 项目支出.
    report = validate_text(tmp_path, shared_project())
    assert report.findings == [], report.flatten("code", "message")
    rows = {row.unit: row for row in project_table_rows(context_of(tmp_path, shared_project()))}
    assert (rows["108001"].names, rows["108001"].total) == (("馆藏档案数字化",), Decimal("30.00"))
    assert (rows["108002"].names, rows["108002"].total) == (("馆藏档案数字化",), Decimal("10.00"))


def test_the_table_figures_checked_are_the_ones_the_document_prints(tmp_path, examples):
    """The rule restates what 表2 and 表10 print (the tables are built by a later stage); this holds
    the restatement to the rendered tables, for a shared project and for a budget-system export."""
    from budgetauthor.derive import derive
    from budgetauthor.money import fmt_money
    from budgetauthor.render.context import build_context
    from budgetauthor.validate.rules import income_table_unit_totals, project_table_rows

    for text in (shared_project(), (examples / "zengdu-2024.yaml").read_text(encoding="utf-8")):
        ctx = context_of(tmp_path, text)
        tables = build_context(derive(ctx.budget, ctx.catalog))["blocks"]  # the outline nodes by id
        # unit rows are the unindented ones (their 项目编码 cell is blank: it never holds a unit code)
        printed = {r["name"]: r["total"] for r in tables["projects"]["rows"] if not r["name"].startswith("\u3000")}
        rows = project_table_rows(ctx)
        assert rows, "the fixture has a 项目支出表"
        for row in rows:
            assert printed[ctx.budget.unit_name(row.unit)] == fmt_money(row.total), row
        income = {r["code"]: r["total"] for r in tables["income"]["rows"] if r["code"]}
        for unit, total in income_table_unit_totals(ctx).items():
            assert income[unit] == fmt_money(total)


def context_of(tmp_path, text):
    """The rules' context for a file, as validate builds it."""
    from budgetauthor import catalog, load
    from budgetauthor.derive import derive
    from budgetauthor.model import build_budget
    from budgetauthor.validate.rules import Context
    from budgetauthor.validate.schema import check_shape

    path = tmp_path / "context.yaml"
    path.write_text(text, encoding="utf-8")
    document, _ = check_shape(load(path).data)
    budget = build_budget(document)
    cat = catalog.load(budget.year)
    return Context(budget, derive(budget, cat), cat, document, lambda line: "")


def test_a_project_table_listing_some_basic_items_matches_no_control(tmp_path):
    # Budget systems list every 预算项目, 基本支出 items too; listing only some leaves a 合计 that is
    # neither 项目支出 nor 支出总计.
    line = '{function: "2012601", economic: "30201", kind: 基本, source: 一般公共预算, amount: 6.20}'
    item = "  - {name: 在职人员公用, category: \"2101 在职人员公用\", amount: 6.20}\n\nprevious:"
    text = edit(MINIMAL, (line, line.replace("kind: 基本,", "kind: 基本, project: 在职人员公用,")),
                ("\n\nprevious:", "\n" + item))
    f = finding_at(validate_text(tmp_path, text), "control-table", Severity.ERROR, ("approved", "expenditure_total"),
                   line_of(text, "expenditure_total: 186.40"))
    assert f.message.startswith("表10项目支出表的合计行与批复控制数（支出总计）不符：表中为46.20万元，批复控制数为186.40万元，"
                                "相差140.20万元。表中列有基本支出的预算项目（在职人员公用），但预算明细中另有140.20万元没有列为项目（未写项目名称）")


def test_a_project_table_listing_every_item_of_a_budget_system_export_passes(tmp_path, examples):
    # Seed 002 lists all 预算项目, 基本支出 items too: its unit row and 合计 are 支出总计 447.48.
    report = validate_text(tmp_path, (examples / "zengdu-2024.yaml").read_text(encoding="utf-8"))
    assert report.errors == []


# ---- 绩效指标 ---------------------------------------------------------------------------------------------------

COST = '      - {level1: 成本指标, level2: 经济成本指标, level3: 数字化加工费, operator: "≤", value: "40", unit: 万元}\n'


@pytest.mark.parametrize("floor", ["≥", "＞"])
def test_a_cost_indicator_written_as_a_floor_is_refused(tmp_path, floor):
    text = edit(MINIMAL, (COST, COST.replace('operator: "≤"', f'operator: "{floor}"')))
    f = finding_at(validate_text(tmp_path, text), "indicator-cost-floor", Severity.ERROR,
                   ("projects", 0, "indicators", 3, "operator"), line_of(text, "数字化加工费"))
    assert f.message == (f"项目“馆藏档案数字化”的成本指标“数字化加工费”写作“{floor}40万元”：成本指标是支出的上限，"
                         "计算符号应为“≤”或“＜”（定额的用“＝”）")


def test_a_cost_indicator_of_the_older_form_under_output_is_held_to_a_cap_too(tmp_path):
    old_form = COST.replace("level1: 成本指标, level2: 经济成本指标", "level1: 产出指标, level2: 成本指标")
    text = edit(MINIMAL, (COST, old_form.replace('operator: "≤"', 'operator: "≥"')))
    assert only(validate_text(tmp_path, text), "indicator-cost-floor").path == ("projects", 0, "indicators", 3, "operator")
    fixed = edit(MINIMAL, (COST, COST.replace('operator: "≤"', 'operator: "＝"')))
    assert validate_text(tmp_path, fixed).findings == []


# ---- dates that cannot be real ------------------------------------------------------------------------------------

GOAL = "    goal: 完成12万页馆藏档案数字化"


@pytest.mark.parametrize(("written", "why"), [
    ("201年1月22日", "年份应写四位数"),
    ("24年12月31日", "年份应写四位数"),
    ("2024年13月", "月份应在1至12之间"),
    ("2月30日", "2月只有29日"),
    ("2025年2月29日", "2025年2月只有28日"),
    ("2025-04-31", "2025年4月只有30日"),
    ("202年度", "年份应写四位数"),
])
def test_a_date_in_free_text_that_cannot_be_real_is_warned_at_its_place(tmp_path, written, why):
    text = edit(MINIMAL, (GOAL, f"    goal: {written}前完成12万页馆藏档案数字化"))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "text-date-invalid", Severity.WARNING, ("projects", 0, "goal"), line_of(text, "    goal: "))
    assert f.message == f"文字中的日期“{written}”不存在：{why}，请核对"
    assert report.valid


def test_dates_are_looked_for_in_every_text_field(tmp_path):
    text = edit(MINIMAL, ("other_matters: [无]", "other_matters: [本馆于2024年11月31日完成搬迁。]"),
                ("    - 负责全区档案数字化建设和电子档案管理工作。", "    - 负责全区档案数字化建设和电子档案管理工作（2019年13月起）。"))
    report = validate_text(tmp_path, text)
    assert [(f.code, f.path) for f in report.findings] == [
        ("text-date-invalid", ("profile", "duties", 2)),
        ("text-date-invalid", ("other_matters", 0)),
    ]


@pytest.mark.parametrize("text", [
    "2024年1月1日-12月31日", "从2021年1月起", "对馆藏1980年以前的文书档案", "2月29日", "2024年2月29日",
    "2024-12-31", "完成时间≤12个月", "版本1.2.3", "（2023年度）", "２０２４年１２月３１日",
    "从 2021 年１月起", "1133 年度考核奖", "2024年1月1日-12月31日",
])
def test_real_dates_and_other_numbers_are_not_dates_to_doubt(text):
    assert list(impossible_dates(text)) == []


# ---- reasons ----------------------------------------------------------------------------------------------------


def test_no_reason_is_asked_when_the_printed_change_is_zero():
    assert not needs_reason(Decimal("146.40"), Decimal("146.40"), Decimal(0))
    assert not needs_reason(Decimal("146.4049"), Decimal("146.40"), Decimal(0))  # printed 146.40 both years
    assert needs_reason(Decimal("146.41"), Decimal("146.40"), Decimal(0))
    assert not needs_reason(Decimal(0), Decimal(0), Decimal(10))
    assert needs_reason(Decimal("0.01"), Decimal(0), Decimal(10))


def test_with_a_zero_threshold_every_change_but_none_needs_a_reason(tmp_path):
    text = edit(MINIMAL, ("  basic: 145.10\n", "  basic: 146.40\n"), ("  project: {amount: 20.00,", "  project: {amount: 18.70,"),
                ("other_matters: [无]", "other_matters: [无]\nsettings: {reason_threshold: 0}"))
    report = validate_text(tmp_path, text)
    asked = [f.path for f in report.findings if f.code == "reason-missing"]
    assert ("previous", "basic", "reason") not in asked  # 146.40 both years
    f = only(report, "reason-missing")
    assert f.severity is Severity.ERROR and f.path == ("previous", "operating_expenses", "reason")
    assert f.message == "机关运行经费本年15.20万元，上年15.00万元，变动达到需说明原因的幅度（0%），但未填写变动原因"


# ---- catalogue year -----------------------------------------------------------------------------------------------


def test_a_budget_year_the_catalogue_lacks_is_warned_naming_the_year_used(tmp_path):
    text = edit(MINIMAL, ("  year: 2025", "  year: 2026"))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "catalog-year", Severity.WARNING, ("profile", "year"), line_of(text, "year: 2026"))
    assert f.message == ("程序没有内置2026年的政府收支分类科目目录，科目编码和名称按内置的2025年目录校验，"
                         "文中科目名称也取自2025年目录；如财政部门已印发2026年目录，请用 --catalog 提供")
    assert report.valid


def test_a_catalogue_file_covering_both_schemes_is_used_for_any_year(tmp_path):
    from budgetauthor import load, validate
    from budgetauthor.catalog import builtin
    from budgetauthor.validate import Options

    shipped = builtin(2025)
    rows = ["code,name"] + [f"{e.code},{e.name}" for e in (*shipped.function.values(), *shipped.economic.values())]
    (tmp_path / "目录2026.csv").write_text("\n".join(rows), encoding="utf-8")
    path = tmp_path / "budget.yaml"
    path.write_text(edit(MINIMAL, ("  year: 2025", "  year: 2026")), encoding="utf-8")
    report = validate(load(path), Options(catalog_file=tmp_path / "目录2026.csv"))
    assert "catalog-year" not in report.codes()
    functions_only = [r for r in rows if not r.startswith("3")]
    (tmp_path / "目录2026.csv").write_text("\n".join(functions_only), encoding="utf-8")
    report = validate(load(path), Options(catalog_file=tmp_path / "目录2026.csv"))
    assert "按内置的2025年目录校验" in only(report, "catalog-year").message  # 经济分类 still from 2025
