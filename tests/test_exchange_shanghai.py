"""The Shanghai district's official 部门 disclosure template, filled with the figures of the
published 普陀区财政局 2025 document, imported, completed with what only the clerk knows,
validated and rendered."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from budgetauthor import load, render, validate
from budgetauthor.exchange.importer import import_export, write_result
from budgetauthor.yaml_out import dump

from .exchange_helpers import DEPARTMENT, ECONOMIC_ROWS, FUNCTION_ROWS, fill_template


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("putuo")
    export = fill_template(folder / "普陀区财政局-2025-导出.xlsx")
    result = import_export(export)
    out = folder / "数据.yaml"
    write_result(result, out)
    return result, out


def test_the_nine_tables_of_the_template_are_read_and_its_text_sheets_left_alone(imported):
    result, _ = imported
    assert [sheet for _, sheet in result.tables] == [
        "部门收支总表", "部门收入总表", "部门支出总表", "部门财政拨款收支总表", "部门一般公共预算拨款表",
        "部门一般公共预算拨款基本支出明细表", "部门“三公”经费和机关运行费预算表", "部门政府性基金拨款表",
        "部门国有资本经营预算拨款表 "]
    assert result.skipped == ["封面", "目录", "部门主要职能", "部门机构设置", "名词解释", "部门编制说明",
                              "其他相关情况说明", "项目经费情况说明"]
    assert result.warnings == []


def test_the_imported_budget_has_the_published_figures(imported):
    _, out = imported
    report = validate(load(out))
    d = report.derived
    assert d.budget.profile.name == DEPARTMENT and d.budget.year == 2025
    assert d.budget.profile.amount_unit == "元"
    assert d.totals.total == Decimal("3121.42058")
    rows = {r.code: r.amounts for r in d.function_rows()}
    for code, _, total, basic, project in FUNCTION_ROWS:
        assert rows[code].total * 10000 == Decimal(total)
        assert rows[code].basic * 10000 == Decimal(basic or 0)
        assert rows[code].project * 10000 == Decimal(project or 0)
    economic = {r.code: r.amounts for r in d.economic_rows(lambda ln: ln.kind == "基本")}
    for code, _, total, personnel, public in ECONOMIC_ROWS:
        assert economic[code].total * 10000 == Decimal(total)
        assert economic[code].personnel * 10000 == Decimal(personnel)
    assert d.three_public["reception"] == Decimal("0.95")
    assert d.operating_expenses * 10000 == Decimal(2294335)  # 229.43万元 as printed, no stated override
    assert "operating_expenses" not in load(out).data


def test_validate_lists_what_the_export_cannot_give(imported):
    _, out = imported
    report = validate(load(out))
    assert Counter(report.codes()) == Counter({
        "section-missing": 3,  # 职责, 机构设置, 人员情况
        "project-incomplete": 4, "project-basis-missing": 4,  # no 项目支出表 in the Shanghai set
        "previous-missing": 7,
    })
    projects = [p.name for p in report.model.projects]
    assert projects == ["行政运行项目（待补项目名称）", "一般行政管理事务项目（待补项目名称）",
                        "信息化建设项目（待补项目名称）", "财政委托业务支出项目（待补项目名称）"]


# What the clerk adds (from the published document's 职能, 机构设置 and 项目经费情况说明).
CLERK = {
    "duties": ["贯彻执行国家和本市有关财政工作的法律、法规、规章和方针、政策。",
               "承担政府各项财政收支管理的责任；负责编制年度财政预决算并组织执行。"],
    "internal_departments": ["办公室", "预算科", "国库科"],
    "staffing": {"authorized": {"行政编制": "60"}, "serving": {"在职人员": "58"}},
    "projects": {
        "行政运行项目（待补项目名称）": "援滇干部工作经费等",
        "一般行政管理事务项目（待补项目名称）": "财政业务费",
        "信息化建设项目（待补项目名称）": "信息化系统日常维护费",
        "财政委托业务支出项目（待补项目名称）": "中介机构服务费",
    },
}
INDICATORS = [
    {"level1": "产出指标", "level2": "质量指标", "level3": "委托事项按期完成率", "operator": "≥", "value": "95", "unit": "%"},
    {"level1": "效益指标", "level2": "社会效益指标", "level3": "财政管理水平", "operator": "定性", "value": "提高"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "服务对象满意度", "operator": "≥", "value": "90",
     "unit": "%"},
]


def complete(data: dict) -> None:
    """Apply the clerk's additions: only texts, no figure."""
    profile = data["profile"]
    profile["duties"] = CLERK["duties"]
    profile["internal_departments"] = CLERK["internal_departments"]
    profile["staffing"] = CLERK["staffing"]
    renamed = CLERK["projects"]
    for line in data["ledger"]:
        if line.get("project") in renamed:
            line["project"] = renamed[line["project"]]
    for project in data["projects"]:
        project["name"] = renamed[project["name"]]
        project["summary"] = f"{project['name']}：委托社会中介机构参与会计服务、预算绩效管理服务等。"
        project["goal"] = "促进财政部门充分履行财政管理职责。"
        project["indicators"] = INDICATORS


def test_completed_by_the_clerk_it_validates_and_renders(imported, tmp_path):
    _, out = imported
    data = load(out).data
    complete(data)

    done = tmp_path / "完成.yaml"
    done.write_text(dump(data), encoding="utf-8")
    report = validate(load(done))
    assert report.errors == [], report.flatten("code", "message")
    result = render(done, tmp_path / "部门预算.docx")
    assert result.docx.stat().st_size > 10_000
    from docx import Document

    text = "\n".join(p.text for p in Document(result.docx).paragraphs)
    assert "3,121.42万元" in text
