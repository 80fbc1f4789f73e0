"""Layout profiles: the sentence-pattern language, a profile folder's checks (Chinese findings with
file and line), how a budget picks its profile, what the profile requires, the document kind,
元 tables, and the outline laying out the template's blocks in its own order.

Every profile under test is a copy of a shipped one edited the way a finance bureau would: a
sentence reworded in wording.yaml, a part moved in outline.yaml, a setting changed in profile.yaml.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

import budgetauthor
from budgetauthor import load, validate
from budgetauthor.errors import TemplateProblem
from budgetauthor.profiles import (
    ProfileNotFound,
    ProfileProblem,
    load_profile,
    shipped,
    shipped_folder,
    spec,
    warnings_of,
)
from budgetauthor.profiles.patterns import PatternError, parse
from budgetauthor.render import check_profile, render_bytes
from budgetauthor.render.context import BLOCKS, TABLES, TEXTS

from .helpers import EXAMPLES, MINIMAL, edit, line_of

# ---- the pattern language ------------------------------------------------------------------------


def test_placeholders_are_filled_by_name():
    assert parse("{年度}年收入预算总额为{金额}。").fill({"年度": "2025", "金额": "186.40万元"}) == "2025年收入预算总额为186.40万元。"


def test_a_list_is_joined_with_the_separator_written_in_the_pattern():
    items = ["基本支出146.40万元", "项目支出40.00万元"]
    assert parse("按支出项目类别划分：{列举|；}。").fill({"列举": items}) == "按支出项目类别划分：基本支出146.40万元；项目支出40.00万元。"
    assert parse("内设机构：{列举}。").fill({"列举": ["办公室", "", "保管利用科"]}) == "内设机构：办公室、保管利用科。"


def test_an_optional_segment_appears_only_when_its_placeholders_have_values():
    pattern = parse("{主语}为{金额}[，{同比}]。")
    assert pattern.fill({"主语": "收入", "金额": "1.00万元", "同比": "与上年持平"}) == "收入为1.00万元，与上年持平。"
    assert pattern.fill({"主语": "收入", "金额": "1.00万元", "同比": ""}) == "收入为1.00万元。"
    assert parse("共有车辆{数量}辆[，其中：{列举}]").fill({"数量": 0, "列举": []}) == "共有车辆0辆"


def test_braces_and_brackets_can_be_written_doubled():
    assert parse("{{名称}}[[注]]").fill({}) == "{名称}[注]"


@pytest.mark.parametrize("source, message", [
    ("收入为{金额", "没有对应的"),
    ("收入为金额}", "多余的“}”"),
    ("收入[为{金额}", "没有对应的“]”"),
    ("收入为]", "多余的“]”"),
    ("[a[b]]", "不能嵌套"),
    ("收入为{}", "缺少名称"),
])
def test_a_broken_pattern_is_refused_in_chinese(source, message):
    with pytest.raises(PatternError, match=re.escape(message)):
        parse(source)


def test_an_empty_pattern_means_say_nothing():
    assert not parse("")
    assert parse("无。")


# ---- the shipped profiles ------------------------------------------------------------------------------


def test_shipped_profiles_are_listed_with_a_description_standard_first():
    profiles = shipped()
    assert profiles[0].name == "standard"
    assert {"standard", "hubei"} <= {p.name for p in profiles}
    assert all(p.description for p in profiles)


@pytest.mark.parametrize("name", ["standard", "hubei"])
def test_shipped_profiles_load_without_warnings(name):
    assert warnings_of(load_profile(name)) == []


def test_the_program_and_the_spec_agree_on_the_outline_contents():
    assert set(TEXTS) == set(spec.TEXTS)
    assert set(TABLES) == set(spec.TABLES)
    assert set(BLOCKS) == set(spec.BLOCKS)


def test_every_sentence_of_the_standard_wording_is_one_the_program_uses():
    wording = load_profile("standard").wording
    for key in wording.patterns:
        assert spec.wording_entry(key), key
    for key in spec.WORDING:
        assert key.endswith(".*") or key in wording, key


# ---- a finance bureau's copy ------------------------------------------------------------------------------


def copy_profile(tmp_path: Path, name: str = "standard", to: str = "mine") -> Path:
    folder = tmp_path / to
    shutil.copytree(shipped_folder() / name, folder)
    return folder


def rewrite(path: Path, *replacements: tuple[str, str]) -> None:
    path.write_text(edit(path.read_text(encoding="utf-8"), *replacements), encoding="utf-8")


def render_doc(tmp_path: Path, text: str = MINIMAL, **kwargs):
    source = tmp_path / "budget.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.docx"
    budgetauthor.render(source, out, **kwargs)
    return Document(str(out))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def headings(doc, *styles: str) -> list[str]:
    """Heading texts; a long title's line break (page_layout.balance_headings) is not part of it."""
    return [p.text.replace("\n", "") for p in doc.paragraphs if p.style.name in styles]


def test_a_reworded_sentence_is_printed_without_any_code(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "wording.yaml", ('subject: "{年度}年收入预算总额"', 'subject: "{年度}年{名称}收入预算"'))
    doc = render_doc(tmp_path, profile=folder)
    assert any(t.startswith("2025年青山区档案馆收入预算为186.40万元，比上年增加21.30万元") for t in texts(doc))


def test_a_retitled_table_keeps_its_generated_number(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "outline.yaml", ("title: 财政拨款收支总表", "title: 财政拨款收支预算总表"))
    doc = render_doc(tmp_path, profile=folder)
    assert "表4　财政拨款收支预算总表" in headings(doc, "表标题")


def findings_of(exc) -> list:
    return exc.value.findings


def test_an_unknown_placeholder_names_the_key_the_line_and_the_placeholders_it_may_use(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "wording.yaml", ('subject: "{年度}年收入预算总额"', 'subject: "{年度}年{总额}收入"'))
    with pytest.raises(ProfileProblem) as exc:
        load_profile(folder)
    (finding,) = [f for f in findings_of(exc) if f.code == "profile-pattern"]
    assert "句式“income.subject”中的占位符{总额}不可用" in finding.message
    assert "{名称}、{年度}、{上年}、{部门}、{级次}、{金额单位}" in finding.message
    text = (folder / "wording.yaml").read_text(encoding="utf-8")
    assert finding.location.line == text[: text.index("{年度}年{总额}收入")].count("\n") + 1
    assert finding.location.file.endswith("wording.yaml")


def test_an_unquoted_pattern_starting_with_a_brace_is_explained(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "wording.yaml", ('  item: "{序号}{内容}"\n  # 收入来源', '  item: {序号}\n  # 收入来源'))
    with pytest.raises(ProfileProblem) as exc:
        load_profile(folder)
    assert any("须用英文双引号括起来" in f.message and f.code == "profile-pattern" for f in findings_of(exc))


def test_a_missing_sentence_is_an_error_and_a_misspelt_key_a_warning(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "wording.yaml", ('  none: "无。"\n', '  nnone: "无。"\n'))
    with pytest.raises(ProfileProblem) as exc:
        load_profile(folder)
    codes = {(f.code, f.severity.value) for f in findings_of(exc)}
    assert ("profile-wording-missing", "error") in codes and ("profile-key", "warning") in codes
    assert any("缺少句式“other.none”" in f.message for f in findings_of(exc))


def test_a_profiles_warnings_come_with_the_budgets_findings(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "profile.yaml", ("kind: 部门预算\n", "kind: 部门预算\ncolour: red\n"))
    source = tmp_path / "budget.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    report = validate(load(source), budgetauthor.Options(profile=folder))
    (finding,) = [f for f in report.warnings if f.code == "profile-key"]
    assert "无法识别的设置“colour”" in finding.message and finding.location.file.endswith("profile.yaml")
    assert report.valid


def test_outline_mistakes_are_reported_where_they_are(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "outline.yaml",
            ("{id: duties, title: 主要职责, text: duties}", "{id: duties, title: 主要职责, text: dutys}"),
            ("{id: tasks, title:", "{id: duties, title:"),
            ("table_id: gov_fund}", "table_id: gov_funds}"))
    with pytest.raises(ProfileProblem) as exc:
        load_profile(folder)
    assert {f.code for f in findings_of(exc)} == {"profile-outline"}
    messages = [f.message for f in findings_of(exc)]
    assert any("没有名为“dutys”的文字内容" in m for m in messages)
    assert any("id“duties”重复" in m for m in messages)
    assert any("table_id“gov_funds”不是本文档结构中某张表的 id" in m for m in messages)


def test_profile_settings_are_checked(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "profile.yaml", ("  tables: 万元", "  tables: 千元"), ('    duties: "（{一}）"', '    duties: "（{二}）"'))
    with pytest.raises(ProfileProblem) as exc:
        load_profile(folder)
    messages = {f.code: f.message for f in findings_of(exc)}
    assert "金额单位只能是“万元”或“元”，不能是“千元”" in messages["profile-value"]
    assert "编号格式只能用 {一}（中文数字）或 {1}（阿拉伯数字）" in messages["profile-pattern"]


def test_a_profile_file_that_yaml_cannot_read_is_reported_at_its_line(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "wording.yaml", ('  flat: "与上年持平"', '  flat: "与上年持平'))
    with pytest.raises(ProfileProblem) as exc:
        load_profile(folder)
    (finding,) = findings_of(exc)  # and no "missing sentence" noise for the file it could not read
    assert finding.code == "yaml-syntax" and finding.location.file.endswith("wording.yaml")


def test_a_profile_that_does_not_exist_says_which_ones_do(tmp_path):
    with pytest.raises(ProfileNotFound) as exc:
        load_profile(tmp_path / "nowhere")
    assert exc.value.findings[0].code == "profile-missing"
    assert "内置的有 " + "、".join(p.name for p in shipped()) + "；" in exc.value.message


def test_profiles_based_on_each_other_in_a_circle_are_refused(tmp_path):
    a, b = copy_profile(tmp_path, to="a"), copy_profile(tmp_path, to="b")
    (a / "profile.yaml").write_text("base: ../b\n", encoding="utf-8")
    (b / "profile.yaml").write_text("base: ../a\n", encoding="utf-8")
    with pytest.raises(ProfileProblem, match="循环"):
        load_profile(a)


def test_a_profile_based_on_standard_needs_only_what_it_changes(tmp_path):
    folder = tmp_path / "lean"
    folder.mkdir()
    (folder / "profile.yaml").write_text("description: 只改一句\nbase: standard\n", encoding="utf-8")
    (folder / "wording.yaml").write_text('other:\n  none: "本部门无其他需要说明的问题。"\n', encoding="utf-8")
    doc = render_doc(tmp_path, edit(MINIMAL, ("other_matters: [无]", "other_matters: []")), profile=folder)
    assert "本部门无其他需要说明的问题。" in texts(doc)
    assert headings(doc, "表标题", "表标题（不分页）")[0] == "表1　部门收支总表"  # the rest is standard's


def test_a_template_without_a_block_the_outline_needs_is_refused_naming_it(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "outline.yaml", ("{id: fiscal, title: 财政拨款收支总表, table: fiscal}",
                                      "{id: fiscal, title: 财政拨款收支总表, table: fiscal, block: table.fiscal2}"))
    with pytest.raises(TemplateProblem) as exc:
        render_doc(tmp_path, profile=folder)
    (finding,) = exc.value.findings
    assert finding.code == "template-block-missing"
    assert "没有版式块“table.fiscal2”（文档结构中的“fiscal”需要它）" in finding.message


@pytest.mark.parametrize("name", ["standard", "hubei"])
def test_the_shipped_templates_pass_the_template_lint_and_have_every_block(name):
    assert check_profile(load_profile(name)) == []


def test_a_profile_check_lints_the_template_like_a_user_template(tmp_path):
    folder = copy_profile(tmp_path)
    doc = Document(str(folder / "template.docx"))
    marker = next(p for p in doc.paragraphs if p.text == "{#p block table.fiscal #}")
    marker.text = "{#p block table.fiscal_old #}"
    doc.add_paragraph("合计：｛｛ node.total ｝｝")
    doc.save(str(folder / "template.docx"))
    assert [f.code for f in check_profile(load_profile(folder))] == ["template-fullwidth"]
    doc.paragraphs[-1].text = ""
    doc.save(str(folder / "template.docx"))
    (finding,) = check_profile(load_profile(folder))
    assert finding.code == "template-block-missing" and "版式块“table.fiscal”" in finding.message


# ---- which profile a budget gets ------------------------------------------------------------------------


def test_the_data_names_its_profile_and_the_caller_can_override_it(tmp_path):
    hubei = edit(MINIMAL, ("  level: 区级\n", "  level: 区级\n  style: hubei\n"))
    parts = headings(render_doc(tmp_path, hubei), "Heading 1")
    assert parts[1] == "第二部分　青山区档案馆2025年部门预算情况说明"
    parts = headings(render_doc(tmp_path, hubei, profile="standard"), "Heading 1")
    assert parts[1] == "第二部分　青山区档案馆2025年部门预算表"


def test_the_data_may_name_a_profile_folder_relative_to_itself(tmp_path):
    folder = copy_profile(tmp_path, to="江海区版式")
    rewrite(folder / "outline.yaml", ("title: 名词解释", "title: 名词解释（江海区）"))
    text = edit(MINIMAL, ("  level: 区级\n", "  level: 区级\n  style: 江海区版式\n"))
    assert headings(render_doc(tmp_path, text), "Heading 1")[-1] == "第四部分　名词解释（江海区）"


def test_an_unknown_profile_in_the_data_is_an_error_at_its_line(tmp_path):
    source = tmp_path / "budget.yaml"
    source.write_text(edit(MINIMAL, ("  level: 区级\n", "  level: 区级\n  style: guangdon\n")), encoding="utf-8")
    report = validate(load(source))
    (finding,) = [f for f in report.errors if f.message.startswith("版式方案“guangdon”")]
    assert finding.code == "profile-unknown"
    assert "版式方案“guangdon”不存在：内置的有 " + "、".join(p.name for p in shipped()) + "，" in finding.message
    assert finding.location.line == MINIMAL[: MINIMAL.index("  level: 区级")].count("\n") + 2


# ---- what a profile requires ------------------------------------------------------------------------------

NO_STAFFING = ("  staffing:\n    authorized: {参照公务员法管理事业编制: 8}\n    serving: {在职人员: 7}\n"
               "    retired: {退休人员: 2}\n", "")


def codes(report) -> set[str]:
    return {f.code for f in report.findings}


def test_a_region_that_publishes_no_staffing_figures_does_not_ask_for_them(tmp_path):
    source = tmp_path / "budget.yaml"
    source.write_text(edit(MINIMAL, NO_STAFFING), encoding="utf-8")
    assert any("人员情况" in f.message for f in validate(load(source)).errors)
    folder = copy_profile(tmp_path)
    rewrite(folder / "profile.yaml", ("  staffing: true ", "  staffing: false"))
    report = validate(load(source), budgetauthor.Options(profile=folder))
    assert report.valid and not any("人员情况" in f.message for f in report.findings)


def test_a_region_that_publishes_no_project_indicators_does_not_ask_for_them(tmp_path):
    start = MINIMAL.index("    indicators:\n")
    text = MINIMAL[:start] + MINIMAL[MINIMAL.index("\nprevious:"):]
    source = tmp_path / "budget.yaml"
    source.write_text(text, encoding="utf-8")
    assert "project-incomplete" in codes(validate(load(source)))
    folder = copy_profile(tmp_path)
    rewrite(folder / "profile.yaml", ("  project_indicators: true ", "  project_indicators: false"),
            ("  cost_indicators: true ", "  cost_indicators: false"))
    assert not {"project-incomplete", "indicator-cost-missing"} & codes(
        validate(load(source), budgetauthor.Options(profile=folder)))


def test_the_previous_year_figures_asked_for_are_the_profiles(tmp_path):
    source = tmp_path / "budget.yaml"
    source.write_text(edit(MINIMAL, ("  operating_expenses: 15.00\n", "")), encoding="utf-8")
    assert "previous-missing" in codes(validate(load(source)))
    folder = copy_profile(tmp_path)
    rewrite(folder / "profile.yaml", (", operating_expenses,", ","))
    assert "previous-missing" not in codes(validate(load(source), budgetauthor.Options(profile=folder)))


def test_data_the_chosen_profile_does_not_print_is_said_where_it_is(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "outline.yaml", ("      - {id: procurement, title: 政府采购预算表, table: procurement}\n", ""))
    source = tmp_path / "budget.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    report = validate(load(source), budgetauthor.Options(profile=folder))
    (finding,) = [f for f in report.warnings if f.message.startswith("填写了政府采购明细")]
    assert finding.code == "profile-omits"
    assert "的文件中没有这部分内容，它不会出现在文档中" in finding.message
    assert finding.path == ("procurement", "items")
    assert finding.location.line == line_of(MINIMAL, "{project: 馆藏档案数字化, item: 档案数字化加工服务")
    assert "profile-omits" not in codes(validate(load(source)))  # standard prints it


# ---- 部门预算 or 单位预算 ------------------------------------------------------------------------------------


def test_a_unit_budget_speaks_of_the_unit(tmp_path):
    text = edit(MINIMAL, ("  level: 区级\n", "  level: 区级\n  kind: 单位预算\n"))
    doc = render_doc(tmp_path, text)
    all_text = "\n".join(texts(doc))
    assert "第二部分　青山区档案馆2025年单位预算表" in all_text
    assert "表1　单位收支总表" in all_text
    assert "本单位2025年无政府性基金预算安排的支出" in all_text
    assert "部门预算由" not in all_text and "本部门" not in all_text
    assert doc.core_properties.title == "青山区档案馆2025年单位预算"


def test_the_kind_can_be_given_by_the_caller(tmp_path):
    doc = render_doc(tmp_path, kind="单位预算")
    assert "2025年单位预算" in texts(doc)


# ---- money in 元 ----------------------------------------------------------------------------------------


def table_cells(doc, first_cell: str) -> list[list[str]]:
    for table in doc.tables:
        if table.rows and table.rows[0].cells[0].text == first_cell:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(first_cell)


def test_a_profile_can_print_its_tables_in_yuan(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "profile.yaml", ("  tables: 万元", "  tables: 元"))
    doc = render_doc(tmp_path, profile=folder)
    assert "单位名称：青山区档案馆\t单位：元" in texts(doc)
    summary = table_cells(doc, "收　入")
    assert ["收入总计", "1,864,000.00", "支出总计", "1,864,000.00"] in summary
    assert any(t.startswith("2025年收入预算总额为186.40万元") for t in texts(doc))  # the prose stays in 万元


def test_one_table_can_have_a_unit_of_its_own_and_whole_yuan(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "outline.yaml", ("{id: fiscal, title: 财政拨款收支总表, table: fiscal}",
                                      "{id: fiscal, title: 财政拨款收支总表, table: fiscal, unit: 元}"))
    rewrite(folder / "profile.yaml", ("  decimals: 2", "  decimals: {万元: 2, 元: 0}"))
    doc = render_doc(tmp_path, profile=folder)
    summary, fiscal = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables
                       if t.rows[0].cells[0].text == "收　入"]
    assert summary[-1] == ["收入总计", "186.40", "支出总计", "186.40"]
    assert fiscal[-1] == ["收入总计", "1,864,000", "支出总计", "1,864,000"]
    captions = [t for t in texts(doc) if t.startswith("单位名称")]
    assert captions[3] == "单位名称：青山区档案馆\t单位：元" and captions[2] == "单位名称：青山区档案馆\t单位：万元"


def test_zero_amounts_may_be_left_blank_in_one_table(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "outline.yaml", ("{id: fiscal, title: 财政拨款收支总表, table: fiscal}",
                                      "{id: fiscal, title: 财政拨款收支总表, table: fiscal, blank_zeros: true}"))
    doc = render_doc(tmp_path, profile=folder)
    summary, fiscal = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables
                       if t.rows[0].cells[0].text == "收　入"]
    assert summary[3] == ["二、政府性基金预算拨款收入", "0.00", "二、外交支出", "0.00"]
    assert fiscal[4][:2] == ["（二）政府性基金预算拨款", ""]


def test_a_reason_given_for_an_unchanged_figure_is_printed_where_the_profile_says_how(tmp_path):
    text = edit(MINIMAL, ("three_public: {total: 0.80, abroad: 0, reception: 0.80, vehicle_purchase: 0, vehicle_operation: 0}\n\nthree",
                          "three_public:\n    total: 0.80\n    abroad: {amount: 0, reason: 此项经费由区统筹安排}\n"
                          "    reception: {amount: 0.80, reason: 业务需要}\n    vehicle_purchase: 0\n    vehicle_operation: 0\n\nthree"))
    standard_text = texts(render_doc(tmp_path, text))
    # standard: nothing the user wrote is dropped, a reason for a flat figure too
    assert "1.因公出国（境）费与上年持平，均为0万元，主要原因是此项经费由区统筹安排。" in standard_text
    assert "3.公务接待费0.80万元，与上年持平，主要原因是业务需要。" in standard_text
    folder = copy_profile(tmp_path)
    rewrite(folder / "wording.yaml", ('flat_with_reason: "{同比}，主要原因是{原因}"', 'flat_with_reason: "{同比}，{原因}"'))
    shanghai_like = texts(render_doc(tmp_path, text, profile=folder))
    assert "1.因公出国（境）费与上年持平，均为0万元，此项经费由区统筹安排。" in shanghai_like
    assert "3.公务接待费0.80万元，与上年持平，业务需要。" in shanghai_like
    rewrite(folder / "wording.yaml", ('flat_with_reason: "{同比}，{原因}"', 'flat_with_reason: ""'))
    silent = texts(render_doc(tmp_path, text, profile=folder))
    assert "1.因公出国（境）费与上年持平，均为0万元。" in silent  # a region may say no reason for a flat figure


def test_prose_in_yuan(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "profile.yaml", ("  prose: 万元", "  prose: 元"))
    doc = render_doc(tmp_path, profile=folder)
    assert any(t.startswith("2025年收入预算总额为1,864,000.00元，比上年增加213,000.00元，增长12.90%") for t in texts(doc))


# ---- the outline orders the document ----------------------------------------------------------------------


def move_glossary_first(folder: Path) -> None:
    outline = (folder / "outline.yaml").read_text(encoding="utf-8")
    start = outline.index("  - id: glossary\n")
    glossary = outline[start:]
    outline = outline[:start]
    at = outline.index("  - id: overview\n")
    (folder / "outline.yaml").write_text(outline[:at] + glossary + "\n" + outline[at:], encoding="utf-8")


def test_moving_a_part_in_the_outline_moves_it_in_the_document_and_its_toc(tmp_path):
    folder = copy_profile(tmp_path)
    move_glossary_first(folder)
    doc = render_doc(tmp_path, profile=folder)
    assert headings(doc, "Heading 1") == [
        "第一部分　名词解释", "第二部分　青山区档案馆概况", "第三部分　青山区档案馆2025年部门预算表",
        "第四部分　青山区档案馆2025年部门预算情况说明",
    ]
    toc = [t for t in texts(doc) if t.startswith("第")][:4]
    assert toc[0] == "第一部分　名词解释"


def section_layouts(data: bytes) -> list[tuple[str, bool]]:
    """(orientation, has a footer reference) of every section, in order."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    out = []
    for sect in re.findall(r"<w:sectPr.*?</w:sectPr>", xml):
        out.append(("landscape" if 'w:orient="landscape"' in sect else "portrait", "footerReference" in sect))
    return out


def test_landscape_tables_stay_landscape_wherever_the_outline_puts_them(tmp_path):
    report = validate(load(EXAMPLES / "minimal.yaml"))
    standard_layout = section_layouts(render_bytes(report.derived))
    # cover and 目录 in a section without page numbers, then every section with its footer
    assert standard_layout == [("portrait", False), ("portrait", True), ("landscape", True), ("portrait", True),
                               ("landscape", True), ("portrait", True)]
    folder = copy_profile(tmp_path)
    rewrite(folder / "outline.yaml",  # the 项目支出表 first in its part: a landscape section of its own
            ("      - {id: summary, title: \"{部门}收支总表\", table: summary}\n",
             "      - {id: projects, title: 项目支出表, table: projects}\n"
             "      - {id: summary, title: \"{部门}收支总表\", table: summary}\n"),
            ("      - {id: projects, title: 项目支出表, table: projects}\n      - {id: procurement", "      - {id: procurement"))
    moved = section_layouts(render_bytes(report.derived, profile=load_profile(folder)))
    assert [orientation for orientation, _ in moved] == [
        "portrait", "portrait", "landscape", "portrait", "landscape", "portrait", "landscape", "portrait"]
    assert [footer for _, footer in moved] == [False] + [True] * 7  # page numbers after the front matter


def test_a_heading_may_be_numbered_only_in_the_toc_and_titled_otherwise_there(tmp_path):
    folder = copy_profile(tmp_path)
    rewrite(folder / "profile.yaml", ('    Heading 1: "第{一}部分　"', '    Heading 1: {heading: "", toc: "{一}、"}'))
    rewrite(folder / "outline.yaml", ('    title: "{名称}概况"', '    title: "{名称}概况"\n    toc: 部门主要职能'))
    doc = render_doc(tmp_path, profile=folder)
    assert headings(doc, "Heading 1")[0] == "青山区档案馆概况"
    assert headings(doc, "TOC 1")[0] == "一、部门主要职能"


# ---- hubei: 曾都区's layout from the same data and the same template --------------------------------------


@pytest.fixture(scope="module")
def zengdu_hubei(tmp_path_factory):
    out = tmp_path_factory.mktemp("hubei") / "zengdu.docx"
    budgetauthor.render(EXAMPLES / "zengdu-2024.yaml", out, profile="hubei")
    return Document(str(out))


def test_hubei_orders_the_parts_as_zengdu_publishes_them(zengdu_hubei):
    assert headings(zengdu_hubei, "Heading 1") == [
        "第一部分　曾都区政务服务和大数据管理局概况",
        "第二部分　曾都区政务服务和大数据管理局2024年部门预算情况说明",
        "第三部分　曾都区政务服务和大数据管理局2024年部门预算表",
        "第四部分　曾都区政务服务和大数据管理局2024年预算绩效情况",
        "第五部分　名词解释",
    ]


def test_hubei_lists_the_tables_of_zengdus_toc(zengdu_hubei):
    # seed 002's 目录: 一、部门收支预算总表 … 十、政府采购预算表 (no 国有资本经营预算支出表)
    assert headings(zengdu_hubei, "表标题", "表标题（不分页）") == [
        "一、部门收支预算总表", "二、部门收入总表", "三、部门支出总表", "四、财政拨款收支总表",
        "五、一般公共预算支出表", "六、一般公共预算基本支出表", "七、一般公共预算“三公”经费支出表",
        "八、政府性基金预算支出表", "九、项目支出表", "十、政府采购预算表",
    ]


def test_hubei_sections_and_performance_part(zengdu_hubei):
    assert headings(zengdu_hubei, "Heading 2") == [
        "一、部门主要职责", "二、部门基本情况",
        "一、2024年部门预算收支情况说明", "二、2024年“三公”经费预算情况说明",
        "一、部门整体绩效目标编制情况说明", "二、项目绩效目标编制情况说明",
    ]
    assert headings(zengdu_hubei, "Heading 3")[-3:] == ["（六）机关运行经费等重要事项的说明", "（七）政府采购情况",
                                                        "（八）国有资产占用情况"]
    all_text = texts(zengdu_hubei)
    assert "本部门2024年无国有资本经营预算安排的支出。" in all_text  # no such table to point to
    assert any(t.startswith("（1）拟定区政府职能转变") for t in all_text)


def test_hubei_glossary_is_one_list(zengdu_hubei):
    paragraphs = texts(zengdu_hubei)
    part = len(paragraphs) - 1 - paragraphs[::-1].index("第五部分　名词解释")  # the heading, not its 目录 entry
    glossary = paragraphs[part + 1:]
    numbers = [re.match(r"（([一二三四五六七八九十]+)）", t).group(1) for t in glossary]
    assert numbers[:3] == ["一", "二", "三"] and len(numbers) == len(glossary) > 10


# ---- the command line ---------------------------------------------------------------------------------


def cli(*args):
    from click.testing import CliRunner

    from budgetauthor.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def test_profiles_lists_the_shipped_ones_with_a_line_each():
    result = cli("profiles")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    names = [p.name for p in shipped()]
    listed = {line.split()[0]: line for line in lines[: len(names)]}
    assert list(listed) == names and names[0] == "standard"
    assert listed["hubei"].split(maxsplit=1)[1].startswith("湖北曾都区版式：")
    assert len({line.index(line.split()[1]) for line in listed.values()}) == 1  # descriptions in one column
    assert "内置版式方案所在的文件夹：" in result.output


def test_profiles_checks_a_copied_folder_and_says_what_is_wrong(tmp_path):
    folder = copy_profile(tmp_path)
    assert cli("profiles", folder).exit_code == 0
    rewrite(folder / "wording.yaml", ('subject: "{年度}年收入预算总额"', 'subject: "{年度}年{总额}收入"'))
    result = cli("profiles", folder)
    assert result.exit_code == 1
    assert "[profile-pattern]" in result.output and "占位符{总额}不可用" in result.output


def test_an_unknown_profile_on_the_command_line_is_a_usage_error():
    result = cli("validate", EXAMPLES / "minimal.yaml", "--profile", "guangdon")
    assert result.exit_code == 2
    assert "找不到版式方案“guangdon”" in result.output


def test_render_with_a_profile_and_a_kind_from_the_command_line(tmp_path):
    out = tmp_path / "out.docx"
    result = cli("render", EXAMPLES / "minimal.yaml", "-o", out, "--profile", "hubei", "--kind", "单位预算")
    assert result.exit_code == 0, result.output
    parts = headings(Document(str(out)), "Heading 1")
    assert parts[1] == "第二部分　青山区档案馆2025年单位预算情况说明"


def test_a_batch_renders_every_file_in_the_profile_and_kind_given(tmp_path):
    sources, outs = tmp_path / "in", tmp_path / "out"
    sources.mkdir()
    outs.mkdir()
    for name in ("a", "b"):
        (sources / f"{name}.yaml").write_text(MINIMAL, encoding="utf-8")
    result = cli("render", sources, "-o", outs, "--profile", "hubei", "--kind", "单位预算", "-j", "2")
    assert result.exit_code == 0, result.output
    for name in ("a", "b"):
        doc = Document(str(outs / f"{name}.docx"))
        assert headings(doc, "Heading 1")[1] == "第二部分　青山区档案馆2025年单位预算情况说明"
