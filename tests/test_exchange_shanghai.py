"""The Shanghai district's official templates (部门 and 单位), filled by tests/exchange_helpers.py with
the nine tables of the two published Putuo documents (tests/fixtures/shanghai/), imported;
compared with the hand-built examples of the same documents; completed with what only the
clerk knows, validated and rendered."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from budgetauthor import load, render, validate
from budgetauthor.exchange import tables as T
from budgetauthor.exchange.importer import ExportInconsistent, import_export, write_result
from budgetauthor.exchange.views import table_rows
from budgetauthor.yaml_out import dump

from .exchange_helpers import fill_template
from .helpers import EXAMPLES
from .test_shanghai_data import FLFY_ECONOMIC

# What the Shanghai tables print (the 一般公共预算 table has no 人员经费/公用经费 columns there).
PRINTED = {
    "summary": None, "expenditure": None, "fiscal": None, "general_basic": None, "gov_fund": None,
    "state_capital": None, "general": ("code", "name", "total", "basic", "project"),
    "three_public": ("total", "abroad", "reception", "vehicles", "vehicle_purchase", "vehicle_operation", "operating"),
}


def printed(derived, key: str) -> list[dict]:
    keep = PRINTED[key]
    rows = table_rows(derived, T.BY_KEY[key])
    return rows if keep is None else [{k: v for k, v in r.items() if k in keep} for r in rows]


def import_document(tmp_path, doc: str, edit=None):
    export = fill_template(doc, tmp_path / f"{doc}-导出.xlsx", edit=edit)
    result = import_export(export)
    out = tmp_path / f"{doc}.yaml"
    write_result(result, out)
    return result, validate(load(out))


@pytest.fixture(scope="module")
def czj(tmp_path_factory):
    return import_document(tmp_path_factory.mktemp("czj"), "putuo-czj-2025")


def test_the_nine_tables_of_the_department_template_are_read_and_its_text_sheets_left_alone(czj):
    result, _ = czj
    assert [sheet for _, sheet in result.tables] == [
        "部门收支总表", "部门收入总表", "部门支出总表", "部门财政拨款收支总表", "部门一般公共预算拨款表",
        "部门一般公共预算拨款基本支出明细表", "部门“三公”经费和机关运行费预算表", "部门政府性基金拨款表",
        "部门国有资本经营预算拨款表 "]
    assert result.skipped == ["封面", "目录", "部门主要职能", "部门机构设置", "名词解释", "部门编制说明",
                              "其他相关情况说明", "项目经费情况说明"]
    assert result.warnings == []


def test_the_imported_department_prints_every_figure_of_the_published_tables(czj):
    _, report = czj
    example = validate(load(EXAMPLES / "putuo-czj-2025.yaml")).derived
    assert report.model.profile.name == "上海市普陀区财政局" and report.model.year == 2025
    for key in PRINTED:
        assert printed(report.derived, key) == printed(example, key), key
    assert report.derived.totals.total == Decimal("3121.42058")
    assert report.model.operating_expenses is None  # 229.43万元 is the standard definition's figure


def test_validate_lists_what_the_export_cannot_give(czj):
    _, report = czj
    assert Counter(report.codes()) == Counter({
        "section-missing": 3,  # 职责, 机构设置, 人员情况
        "project-incomplete": 4, "project-basis-missing": 4,  # no 项目支出表 in the Shanghai set
        "previous-missing": 11,  # 7 figures, and the 4 功能分类 类 (财预〔2016〕143号)
    })
    assert [p.name for p in report.model.projects] == [
        "行政运行项目（待补项目名称）", "一般行政管理事务项目（待补项目名称）", "信息化建设项目（待补项目名称）",
        "财政委托业务支出项目（待补项目名称）"]


def fix_flfy(wb) -> None:
    """The two errors of the published 福利院 tables, corrected as the clerk would (README of the
    fixtures): 类 "7" for 210, and 表8's row-numbered 款 for the classification's codes."""
    for sheet in ("单位支出总表", "单位一般公共预算拨款表"):
        wb[sheet]["A19"] = 210
    for row in wb["单位一般公共预算拨款基本支出明细表"].iter_rows(min_row=9):
        printed_code = f"{row[0].value}{row[1].value}"
        if row[1].value and printed_code in FLFY_ECONOMIC:
            row[1].value = FLFY_ECONOMIC[printed_code][3:]


def test_the_unit_templates_own_errors_are_pointed_at_and_nothing_is_written(tmp_path):
    with pytest.raises(ExportInconsistent) as caught:
        import_document(tmp_path, "putuo-flfy-2024")
    found = {str(f.location): (f.code, f.message) for f in caught.value.findings}
    assert found["单位支出总表!A19"] == ("export-code", "“7 11 02 事业单位医疗”不是功能分类科目编码（应为3/5/7位）")
    assert not list(tmp_path.glob("*.yaml"))

    def only_the_code(wb):
        for sheet in ("单位支出总表", "单位一般公共预算拨款表"):
            wb[sheet]["A19"] = 210
    with pytest.raises(ExportInconsistent) as caught:
        import_document(tmp_path, "putuo-flfy-2024", edit=only_the_code)
    messages = [f.message for f in caught.value.findings]
    assert messages == [
        ("“三公”经费表中因公出国（境）费（单位“三公”经费和机关运行费预算表!B7）为0.00万元，而一般公共预算基本支出表中"
        "30212 因公出国（境）费用（单位一般公共预算拨款基本支出明细表!D31）已有7,020.00元：两表不一致"),
        ("“三公”经费表中公务用车运行费（单位“三公”经费和机关运行费预算表!F7）为6.40万元，一般公共预算基本支出表中"
        "30231 公务用车运行维护费只有0.00元，又没有财政拨款项目支出可以列支其余的64,000.00元"),
    ]


def test_the_unit_template_corrected_imports_with_its_own_income_and_names(tmp_path):
    result, report = import_document(tmp_path, "putuo-flfy-2024", edit=fix_flfy)
    example = validate(load(EXAMPLES / "putuo-flfy-2024.yaml")).derived
    for key in PRINTED:
        assert printed(report.derived, key) == printed(example, key), key
    assert report.derived.by_source == {"一般公共预算": Decimal("950.1164"), "事业收入": Decimal(262)}
    names = {(ln.economic, ln.economic_name) for ln in report.model.lines if ln.economic_name}
    assert ("30291", "办公设备购置费") in names  # a code the classification lacks: its name on the line
    assert report.model.printed_names[("economic", "30231")] == "车辆运行费"  # one it names otherwise
    assert any("社会福利事业单位项目（待补项目名称）" in note for note in result.notes)


# What the clerk adds to the department (from the published document's 职能, 机构设置 and 项目经费情况说明).
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


def test_completed_by_the_clerk_the_department_validates_and_renders(czj, tmp_path):
    _, report = czj
    data = load(report.source).data
    complete(data)
    done = tmp_path / "完成.yaml"
    done.write_text(dump(data), encoding="utf-8")
    report = validate(load(done))
    assert report.errors == [], report.flatten("code", "message")
    result = render(done, tmp_path / "部门预算.docx")
    from docx import Document

    text = "\n".join(p.text for p in Document(result.docx).paragraphs)
    assert "3,121.42万元" in text


# ---- the text sheets ------------------------------------------------------------------------------
# The templates filled with the published documents' texts as well (fixtures' text.yaml): what the
# clerk no longer types. The hand-built examples of the same documents are the oracle.


def amounts(tree):
    """Plain data with every figure as a Decimal, so 30138000 and "30138000.00" compare equal."""
    if isinstance(tree, dict):
        return {k: amounts(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [amounts(v) for v in tree]
    try:
        return Decimal(str(tree))
    except ArithmeticError:
        return tree


def import_with_texts(tmp_path, doc: str, edit=None, **options):
    export = fill_template(doc, tmp_path / f"{doc}-导出.xlsx", edit=edit, texts=True)
    result = import_export(export, style="shanghai", **options)
    out = tmp_path / f"{doc}.yaml"
    write_result(result, out)
    return result, load(out).data, validate(load(out))


@pytest.fixture(scope="module")
def czj_texts(tmp_path_factory):
    return import_with_texts(tmp_path_factory.mktemp("czj-texts"), "putuo-czj-2025")


@pytest.fixture(scope="module")
def flfy_texts(tmp_path_factory):
    return import_with_texts(tmp_path_factory.mktemp("flfy-texts"), "putuo-flfy-2024", edit=fix_flfy)


def example_data(doc: str) -> dict:
    return load(EXAMPLES / f"{doc}.yaml").data


def test_the_departments_texts_come_from_its_text_sheets(czj_texts):
    result, data, _ = czj_texts
    example = example_data("putuo-czj-2025")
    for key in ("duties_intro", "duties"):
        assert data["profile"][key] == example["profile"][key], key
    assert data["profile"]["units"] == [{"code": "001", "name": "财政局本部", "type": "行政单位"}]
    assert "organization_note" not in data["profile"]  # its sentences are the layout's, from the units
    assert data["purposes"] == example["purposes"]
    assert result.notes[4].startswith("已读取导出文件中的文字（部门主要职能、部门机构设置、名词解释、部门编制说明、"
                                      "其他相关情况说明、项目经费情况说明）")


def test_the_comparisons_with_last_year_and_their_reasons_come_from_the_texts(czj_texts, flfy_texts):
    for (_, data, _), doc in ((czj_texts, "putuo-czj-2025"), (flfy_texts, "putuo-flfy-2024")):
        assert amounts(data["previous"]) == amounts(example_data(doc)["previous"]), doc


def test_procurement_and_assets_come_from_the_texts(czj_texts):
    _, data, _ = czj_texts
    example = example_data("putuo-czj-2025")
    assert amounts(data["procurement"]) == {"total": Decimal(1170000),
                                            "by_category": {"货物": Decimal(170000), "工程": 0, "服务": Decimal(1000000)}}
    assert amounts(data["procurement"]) == amounts({k: v for k, v in example["procurement"].items() if k != "items"})
    assets = amounts(data["assets"])
    assert assets["vehicles"] == amounts(example["assets"]["vehicles"])
    assert (data["assets"]["as_of"], data["assets"]["large_equipment_label"]) == (
        "2024-08-31", "单价100万元（含）以上设备（不含车辆）")  # of the two spellings, the one with 万元
    assert (assets["large_equipment"], assets["planned_vehicles"], assets["planned_large_equipment"]) == (0, 0, 0)


def test_the_projects_the_tables_leave_unnamed_are_named_by_the_texts_and_described(czj_texts):
    result, data, _ = czj_texts
    example = {p["name"]: p for p in example_data("putuo-czj-2025")["projects"]}
    projects = {p["name"]: p for p in data["projects"]}
    # 绩效目标设置情况 and 年度预算安排 give each project's amount: three fit an unnamed project exactly.
    assert sorted(projects) == ["中介机构服务费", "信息化系统日常维护费", "行政运行项目（待补项目名称）", "财政业务费"]
    assert "文字中的项目援滇干部工作经费（3.00万元）与表中未列名称的项目的金额对不上，没有命名，请手工核对" in result.notes
    for key in ("summary", "basis", "implementer", "plan", "period", "goal"):
        assert projects["中介机构服务费"][key] == example["中介机构服务费"][key], key
    assert {ln["project"] for ln in data["ledger"] if ln.get("project")} == set(projects)


def test_with_its_texts_the_department_validates_in_its_layout_with_nothing_left(czj_texts):
    _, _, report = czj_texts
    assert report.findings == []


def test_the_units_texts_give_its_departments_type_and_last_years_execution(flfy_texts):
    _, data, report = flfy_texts
    example = example_data("putuo-flfy-2024")
    assert data["profile"]["internal_departments"] == example["profile"]["internal_departments"]
    assert data["profile"]["units"][0]["type"] == "事业单位"  # "行政单位0家，事业单位1家"
    assert data["purposes"] == example["purposes"]
    assert amounts(data["previous"]["execution"]) == amounts(example["previous"]["execution"])
    assert report.errors == []


def test_the_layouts_own_terms_are_not_glossary_entries_but_other_terms_are(tmp_path):
    def extra_term(wb):
        ws = wb["名词解释"]
        ws["A3"] = ws["A3"].value + "    （五）政府购买服务：指政府将属于自身职责范围的服务事项交由社会力量承担。\n"

    _, data, _ = import_with_texts(tmp_path, "putuo-czj-2025", edit=extra_term)
    assert data["glossary"] == [{"term": "政府购买服务", "explanation": "政府将属于自身职责范围的服务事项交由社会力量承担"}]


def test_a_sentence_the_import_does_not_know_is_named_with_its_cell(tmp_path):
    def extra_line(wb):
        ws = wb["其他相关情况说明"]
        ws["A3"] = ws["A3"].value + "    六、本单位无其他需要说明的事项，今年新增了一个食堂。\n"

    result, _, _ = import_with_texts(tmp_path, "putuo-czj-2025", edit=extra_line)
    assert any(n.startswith("以下文字不是本程序认得的句式，没有写入数据文件") and "今年新增了一个食堂" in n
               and "其他相关情况说明!A3" in n for n in result.notes)


def test_text_sheets_still_holding_the_templates_sample_text_are_left_alone(czj):
    result, report = czj
    assert "“部门主要职能”“部门机构设置”“部门编制说明”“其他相关情况说明”“项目经费情况说明”仍是模板的示例文字" \
           "（XX、x,xxx…），没有读取" in result.notes
    assert report.model.profile.duties == ()


def test_with_last_years_file_its_exact_figures_stay_and_the_texts_give_the_reasons(tmp_path):
    _, data, _ = import_with_texts(tmp_path, "putuo-czj-2025", previous=EXAMPLES / "putuo-czj-2025.yaml")
    fiscal = data["previous"]["fiscal"]
    assert fiscal == {"amount": "31214205.80", "reason": "人员经费增加、信息化系统日常维护费和中介机构服务费增加项目经费支出"}
    assert data["previous"]["three_public"]["abroad"] == {"amount": "0", "reason": "此项经费由区统筹安排"}
