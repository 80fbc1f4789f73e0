"""User templates: checked before they are opened, rendered under a budget, every failure exit 1
at its tag. (The bad-input corpus holds one template per failure class; these tests look
closer: at the message, at what is stripped and kept, at the budget's figures.)"""

from __future__ import annotations

import io
import os
import zipfile
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from budgetauthor import load, validate
from budgetauthor.cli import main
from budgetauthor.errors import TemplateProblem
from budgetauthor.render import engine, template_safety
from budgetauthor.render.engine import render_bytes
from budgetauthor.resources import default_template
from tests.badinput.make_corpus import REL, W_NS, cell_table, para, tiny_docx

from .helpers import EXAMPLES


@pytest.fixture(scope="module")
def derived():
    return validate(load(EXAMPLES / "minimal.yaml")).derived


def write(tmp_path, data: bytes, name: str = "mine.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def problem(derived, path) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as info:
        render_bytes(derived, path)
    return info.value


# ---- failures name the tag and its paragraph or cell --------------------------------------------


def test_a_runtime_error_names_the_tag_and_its_paragraph(derived, tmp_path):
    path = write(tmp_path, tiny_docx(para("本年收入{{ 1/0 }}万元")))
    found = problem(derived, path)
    assert [f.code for f in found.findings] == ["template-render"]
    assert found.message == "模板“mine.docx”中的标签“{{ 1/0 }}”：除数为零（所在段落“本年收入{{ 1/0 }}万元”）"


def test_an_error_in_a_table_cell_says_so(derived, tmp_path):
    path = write(tmp_path, tiny_docx(cell_table("{{ dept.name + 1 }}")))
    message = problem(derived, path).message
    assert "“{{ dept.name + 1 }}”" in message and "所在表格单元格“{{ dept.name + 1 }}”" in message
    assert "数据类型不符" in message


def test_an_include_is_refused_in_chinese(derived, tmp_path):
    message = problem(derived, write(tmp_path, tiny_docx(para("{% include '附件.docx' %}")))).message
    assert "模板不能引用其他模板文件" in message and "include" in message


def test_a_syntax_error_names_the_tag_and_its_paragraph(derived, tmp_path):
    found = problem(derived, write(tmp_path, tiny_docx(para("前言{% for r in blocks.summary.rows %}{{ r.in_label }}"))))
    assert [f.code for f in found.findings] == ["template-syntax"]
    assert "标签没有闭合" in found.findings[0].message
    assert "“{% for r in blocks.summary.rows %}”" in found.findings[0].message


def test_a_user_template_error_is_exit_1_never_3(tmp_path):
    template = write(tmp_path, tiny_docx(para("{{ dept.name|sum }}")))
    result = CliRunner().invoke(main, ["render", str(EXAMPLES / "minimal.yaml"), "--template", str(template),
                                       "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 1, result.output
    assert "[template-render]" in result.output and "内部出错" not in result.output
    assert not (tmp_path / "out.docx").exists()


def test_the_default_template_failing_stays_a_bug_of_ours(derived, monkeypatch):
    """Only a user's template is the user's: our own template failing is exit 3 material."""

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(engine._Template, "render", broken)
    with pytest.raises(ZeroDivisionError):
        render_bytes(derived)


# ---- the budget -----------------------------------------------------------------------------------


@pytest.mark.parametrize("tag,says", [
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "运算量超过上限"),
    ("{% for i in range(20000) %}{% endfor %}", "range() 的长度 20,000 超过上限 10,000"),
    ("{{ 'ab' * 3000000 }}", "重复（*）会生成 6,000,000 项"),
    ("{{ 'a'|center(20000) }}", "过滤器“center”的参数 20,000 超过上限"),
    ("{{ '{:>20000}'.format(1) }}", "格式宽度“20000”"),
    ("{{ 7 ** 100000 }}", "乘方"),
])
def test_runaway_work_is_refused_before_it_is_done(derived, tmp_path, tag, says):
    found = problem(derived, write(tmp_path, tiny_docx(para(tag))))
    assert [f.code for f in found.findings] == ["template-limit"]
    assert says in found.message


def test_the_budget_is_far_above_what_a_department_needs(derived, monkeypatch):
    """The default template with the minimal example: a few thousand steps against a million
    (the large benchmark department takes 22 k; see template_safety's figures)."""
    seen = {}
    original = template_safety.limits

    @contextmanager
    def watched(context):
        with original(context):
            yield
            budget = template_safety._BUDGET.get()
            seen.update(operations=budget.operations, output=budget.output)

    monkeypatch.setattr(engine.template_safety, "limits", watched)
    render_bytes(derived)
    assert 0 < seen["operations"] < template_safety.MAX_OPERATIONS / 100
    assert 0 < seen["output"] < template_safety.MAX_OUTPUT / 100


def test_templates_cannot_change_the_data(derived, tmp_path):
    found = problem(derived, write(tmp_path, tiny_docx(para("{{ blocks.summary.rows.append(1) }}"))))
    assert [f.code for f in found.findings] == ["template-unsafe"]
    assert "append" in found.message


def test_the_guard_keeps_the_default_documents_identical(derived):
    """Counting changes nothing a template produces: same bytes twice, and the tables filled."""
    first, second = render_bytes(derived), render_bytes(derived)
    assert first == second
    body = zipfile.ZipFile(io.BytesIO(first)).read("word/document.xml").decode()
    assert "青山区档案馆" in body and "186.40" in body


# ---- the package ------------------------------------------------------------------------------------


def test_the_attached_template_is_stripped_and_the_hyperlink_kept(derived, tmp_path):
    settings = f'<?xml version="1.0"?><w:settings {W_NS}><w:attachedTemplate r:id="rId1"/></w:settings>'
    settings_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                     f'relationships"><Relationship Id="rId1" Type="{REL}/attachedTemplate" '
                     'Target="file:///C:/Users/clerk/Normal.dotm" TargetMode="External"/></Relationships>')
    data = tiny_docx('<w:p><w:hyperlink r:id="rId8"><w:r><w:t>财政局网站</w:t></w:r></w:hyperlink></w:p>',
                     rels=f'<Relationship Id="rId5" Type="{REL}/settings" Target="settings.xml"/>'
                          f'<Relationship Id="rId8" Type="{REL}/hyperlink" Target="http://czj.example.gov.cn/" '
                          'TargetMode="External"/>',
                     parts={"word/settings.xml": settings, "word/_rels/settings.xml.rels": settings_rels})
    template = write(tmp_path, data)
    before = template.read_bytes()
    out = zipfile.ZipFile(io.BytesIO(render_bytes(derived, template)))
    everything = b"".join(out.read(n) for n in out.namelist())
    assert b"Normal.dotm" not in everything and b"attachedTemplate" not in everything
    assert b"http://czj.example.gov.cn/" in everything  # the hyperlink is the user's content
    assert template.read_bytes() == before  # the user's template is never changed


@pytest.mark.parametrize("parts,rels,says", [
    ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macros"}, "", "含有宏"),
    ({"word/activeX/activeX1.bin": b"x"}, "", "ActiveX"),
    ({}, f'<Relationship Id="rId7" Type="{REL}/image" Target="http://x.example/a.png" TargetMode="External"/>',
     "图片链接到外部地址"),
    ({}, f'<Relationship Id="rId7" Type="{REL}/oleObject" Target="file:///c:/a.xlsx" TargetMode="External"/>',
     "嵌入对象链接到外部地址"),
])
def test_active_and_outside_content_is_refused(derived, tmp_path, parts, rels, says):
    found = problem(derived, write(tmp_path, tiny_docx(parts=parts, rels=rels)))
    assert [f.code for f in found.findings] == ["template-unsafe"]
    assert says in found.message


def test_a_field_that_runs_or_fetches_is_refused(derived, tmp_path):
    body = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDEAUTO cmd "/c calc" '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    found = problem(derived, write(tmp_path, tiny_docx(body)))
    assert "DDEAUTO 域" in found.message


def test_a_zip_bomb_template_is_refused_before_it_is_inflated(derived, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(tiny_docx())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist():
            zf.writestr(name, src.read(name))
        zf.writestr("word/media/pad.bin", b"\0" * (150 * 1024 * 1024))
    path = write(tmp_path, out.getvalue())
    assert path.stat().st_size < 1024 * 1024
    found = problem(derived, path)
    assert [f.code for f in found.findings] == ["template-unsafe"] and "解压后过大" in found.message


def test_the_shipped_template_passes_its_own_checks():
    data = default_template().read_bytes()
    assert template_safety.prepare(default_template()) == data  # nothing to strip


def test_a_missing_template_is_named(derived, tmp_path):
    found = problem(derived, tmp_path / "没有这个模板.docx")
    assert [f.code for f in found.findings] == ["template-missing"]
    assert "没有这个模板.docx" in found.message
    assert os.listdir(tmp_path) == []
