"""Bad input and hostile files: clear errors, nothing lost, nothing executed.

The corpus (tests/badinput/, see its __init__) runs here in-process through click's CliRunner,
each case twice: with no output file (none may appear) and with an existing output file (it
must keep its bytes). `python -m tests.badinput` runs the same checks through real subprocesses.
Below the corpus: every free-text field of the schema, output safety, the template sandbox and
the crash apology.
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetauthor import load, validate
from budgetauthor.cli import main
from budgetauthor.errors import OutputError
from budgetauthor.load import LoadedInput
from budgetauthor.output import write_atomic
from budgetauthor.validate.codes import RULES
from budgetauthor.validate.schema import load_schema
from tests.badinput import CASES_DIR, digest, judge, load_manifest, materialize, snapshot, summary

from .helpers import EXAMPLES, MINIMAL

MANIFEST = load_manifest()
BAD = [c for c in MANIFEST if c.bad]
# Codes raised outside validate/codes.py (the xlsx reader's structural codes, output, templates).
OTHER_CODES = {"output"}


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """Large inputs are generated once per session (the runner generates them per run)."""
    folder = tmp_path_factory.mktemp("generated")
    cache: dict[str, Path] = {}

    def get(case):
        if case.file not in cache:
            cache[case.file] = materialize(case, folder)
        return cache[case.file]

    return get


# ---- the corpus -----------------------------------------------------------------------------------


def test_the_corpus_is_complete():
    assert len(BAD) >= 60
    for case in MANIFEST:
        assert case.exit in (0, 1, 2), case
        if case.stored:
            assert (CASES_DIR / case.file).is_file(), f"{case.file} missing: python -m tests.badinput.make_corpus"
            assert (CASES_DIR / case.file).stat().st_size < 64 * 1024, f"{case.file} is too big to store"
        if case.bad:
            assert case.code in RULES or case.code in OTHER_CODES, case.code
    stored = {c.file for c in MANIFEST if c.stored}
    assert {p.name for p in CASES_DIR.iterdir()} == stored, "files in cases/ that the manifest does not list"
    categories = {c.category for c in BAD}
    assert {"file", "yaml", "shape", "number", "code", "year", "text", "rule", "xlsx-file", "xlsx-content",
            "xlsx-structure", "template", "catalog"} <= categories


@pytest.mark.parametrize("existing_output", [False, True], ids=["no-output", "existing-output"])
@pytest.mark.parametrize("case", MANIFEST, ids=[c.file for c in MANIFEST])
def test_corpus_case(case, existing_output, tmp_path, monkeypatch, generated):
    work, out_dir = tmp_path / "cwd", tmp_path / "out"
    work.mkdir()
    out_dir.mkdir()
    monkeypatch.chdir(work)  # a YAML tag that ran would write here
    source = generated(case) if not case.stored else materialize(case, tmp_path)
    out = out_dir / "out.docx"
    if existing_output:
        out.write_bytes(b"the previous document, which must survive a refused input")
    before, out_before, cases_before = digest(source), snapshot(out_dir), sorted(os.listdir(source.parent))
    result = invoke("render", *case.arguments(source), "-o", out)
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += f"\nTraceback: {result.exception!r}"
    if case.bad:
        out_after = snapshot(out_dir)
    else:
        out_after, out_before = {}, {}
        assert result.exit_code == 0, output
        text = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
        escaped = case.renders.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in text, f"{case.renders!r} is not in the document literally"
    verdict = judge(case, result.exit_code, output, input_before=before, input_after=digest(source),
                    out_before=out_before, out_after=out_after,
                    cases_before=cases_before, cases_after=sorted(os.listdir(source.parent)))
    assert verdict.clean, "\n".join(verdict.problems)
    assert os.listdir(work) == [], "something was written to the working folder"


def test_summary_line_format():
    from tests.badinput import Verdict

    verdicts = [Verdict(c, []) for c in MANIFEST]
    assert summary(verdicts) == f"{len(BAD)} inputs, {len(BAD)} clean errors, 0 crashes, 0 partial outputs"


# ---- every free-text field -------------------------------------------------------------------------

# Optional text the minimal example leaves out, so that every free-text field of the schema is present.
EXTRA = {
    ("profile", "duties_intro"): "本部门的主要职责是：",
    ("profile", "tasks"): ["推进档案数字化。"],
    ("profile", "organization_note"): "本部门内设3个科室。",
    ("projects", 0, "category"): "其他",
    ("projects", 0, "midterm_goal"): "三年内完成全部馆藏数字化。",
    ("projects", 0, "indicators", 0, "note"): "按验收单统计",
    ("ledger", 0, "note"): "在职人员工资",
    ("ledger", 0, "function_name"): "行政运行",
    ("ledger", 0, "economic_name"): "基本工资",
    ("procurement", "items", 0, "measure"): "项",
    ("assets", "holdings", 0, "reason"): "新增档案设备",
    ("assets", "large_equipment_label"): "单位价值200万元以上大型设备",
    ("assets", "note"): "资产数据来自资产管理系统。",
    ("performance",): {"long_term_goal": "建成数字档案馆。", "annual_goal": "完成数字化。", "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "level3": "数字化页数", "operator": "≥", "value": "12",
         "unit": "万页"},
        {"level1": "效益指标", "level2": "社会效益", "level3": "利用效率", "operator": "定性", "value": "提高"},
        {"level1": "满意度指标", "level2": "服务对象满意度", "level3": "满意度", "operator": "≥", "value": "95",
         "unit": "%"}]},
    ("profile", "staffing", "other"): {"劳务派遣人员": "1"},
    ("assets", "holdings", 1): {"name": "固定资产", "parent": "资产总额", "amount": "100.00"},
    ("performance", "indicators", 0, "note"): "按年度统计",
    ("previous", "by_source"): {"一般公共预算": {"amount": "165.10", "reason": "新增项目"}},
    ("previous", "by_function"): {"201": {"amount": "140.00", "reason": "新增项目"}},
    ("previous", "by_economic"): {"301": {"amount": "130.00", "reason": "调资"}},
    ("purposes",): {"function": {"201": "用于档案事务。"}, "economic": {"301": "用于人员工资。"}},
    ("operating_expenses",): {"amount": "15.20", "definition": "行政单位一般公共预算基本支出中的公用经费。"},
    ("administrative_expenses",): {"amount": "146.40", "definition": "行政单位一般公共预算基本支出。"},
    ("glossary",): [{"term": "档案数字化", "explanation": "把纸质档案转为数字形式。"}],
    ("projects", 0, "described_in"): "馆藏档案数字化",
    ("assets", "planned_vehicle_kinds"): {"一般公务用车": "0"},
    ("printed_names",): {"function": {"201": "一般公共服务支出"}, "economic": {"301": "工资福利支出"}},
}


def _put(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    if isinstance(node, list) and path[-1] == len(node):
        node.append(value)
    else:
        node[path[-1]] = value


def full_document() -> dict:
    data = load(EXAMPLES / "minimal.yaml").data
    for path, value in EXTRA.items():
        _put(data, path, copy.deepcopy(value))
    return data


def text_fields(schema: dict, data, path=()):
    """(kind, path) for every free-text value ("value") and free-text mapping key ("key") in data."""
    if not isinstance(schema, dict):
        return
    if schema.get("check_with") in ("text", "short_text") and isinstance(data, str):
        yield "value", path
    if isinstance(data, dict):
        if "schema" in schema and schema.get("type") == "dict":
            for key, sub in schema["schema"].items():
                if key in data:
                    yield from text_fields(sub, data[key], path + (key,))
        keys, values = schema.get("keysrules") or {}, schema.get("valuesrules")
        for key, value in data.items():
            if keys.get("check_with") in ("text", "short_text"):
                yield "key", path + (key,)
            if values:
                yield from text_fields(values, value, path + (key,))
        if schema.get("coerce") == "comparison":
            for key, sub in schema["schema"].items():
                if key in data:
                    yield from text_fields(sub, data[key], path + (key,))
    elif isinstance(data, list) and isinstance(schema.get("schema"), dict):
        for i, item in enumerate(data):
            yield from text_fields(schema["schema"], item, path + (i,))


def edited(data: dict, kind: str, path: tuple, change) -> dict:
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    if kind == "value":
        node[path[-1]] = change(node[path[-1]])
    else:  # rename the key, keeping its position
        items = [(change(k) if k == path[-1] else k, v) for k, v in node.items()]
        node.clear()
        node.update(items)
    return data


def check(data: dict, tmp_path: Path):
    return validate(LoadedInput(data=data, source=tmp_path / "budget.yaml", kind="yaml"))


FULL = full_document()
ROOT_SCHEMA = {"type": "dict", "schema": load_schema()}
FIELDS = sorted(set(text_fields(ROOT_SCHEMA, FULL)), key=str)
FIELD_IDS = [f"{kind}:{'.'.join(map(str, path))}" for kind, path in FIELDS]


def test_the_full_document_is_valid_and_has_every_text_field(tmp_path):
    report = check(FULL, tmp_path)
    assert report.valid, report.flatten("code", "path", "message")
    declared = set(schema_text_fields(ROOT_SCHEMA))
    found = {(kind, tuple("*" if isinstance(p, int) or (i and _is_map_key(path, i)) else p
                          for i, p in enumerate(path))) for kind, path in FIELDS}
    assert {_family(f) for f in declared} <= {_family(f) for f in found}, sorted(declared - found)


def _family(field):
    """Every previous-year comparison shares one schema (&comparison): one instance covers them."""
    kind, path = field
    return (kind, ("previous", "…", "reason")) if path[:1] == ("previous",) and path[-1] == "reason" else field


def _is_map_key(path: tuple, i: int) -> bool:
    """Whether path[i] is a key of a free mapping (staffing categories, codes, vehicle kinds)."""
    return path[i - 1] in ("authorized", "serving", "retired", "other", "vehicles", "function", "economic",
                           "by_source", "by_unit", "by_function", "by_economic", "planned_vehicle_kinds",
                           "execution") and path[0] != "ledger"


def schema_text_fields(schema: dict, path=()):
    """The generic path ('*' for list items and mapping keys) of every free-text field in the schema."""
    if not isinstance(schema, dict):
        return
    if schema.get("check_with") in ("text", "short_text"):
        yield "value", path
    if isinstance(schema.get("schema"), dict):
        if schema.get("type") == "list":
            yield from schema_text_fields(schema["schema"], path + ("*",))
        else:
            for key, sub in schema["schema"].items():
                yield from schema_text_fields(sub, path + (key,))
    if (schema.get("keysrules") or {}).get("check_with") in ("text", "short_text"):
        yield "key", path + ("*",)
    if schema.get("valuesrules"):
        yield from schema_text_fields(schema["valuesrules"], path + ("*",))


@pytest.mark.parametrize("marker", ["{{ 名称 }}", "{% if x %}", "{# 注 #}"])
@pytest.mark.parametrize("kind,path", FIELDS, ids=FIELD_IDS)
def test_template_residue_in_every_text_field_is_an_error(kind, path, marker, tmp_path):
    report = check(edited(FULL, kind, path, lambda text: f"{text}{marker}"), tmp_path)
    residue = [f for f in report.errors if f.code == "text-residue" and f.path[:len(path) - 1] == path[:-1]]
    assert residue, report.flatten("code", "path", "message")


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x00", "\x7f"], ids=["BEL", "ESC", "NUL", "DEL"])
@pytest.mark.parametrize("kind,path", FIELDS, ids=FIELD_IDS)
def test_control_characters_in_every_text_field_are_an_error(kind, path, char, tmp_path):
    report = check(edited(FULL, kind, path, lambda text: f"{text[:1]}{char}{text[1:]}"), tmp_path)
    found = [f for f in report.errors if f.code == "text-control-char" and f.path[:len(path) - 1] == path[:-1]]
    assert found, report.flatten("code", "path", "message")


# Fields that name something another part of the file refers to (a project's name links its ledger
# lines, indicator names are vocabulary): a suffix there breaks the link, which is not what is tested.
LINKS = {("projects", 0, "name"), ("ledger", 10, "project"), ("procurement", "items", 0, "project"),
         ("assets", "holdings", 0, "name"), ("assets", "holdings", 1, "parent")}
SEMANTIC = {"level2", "operator", "unit", "value", "function_name", "economic_name"}  # checked against vocabularies


def test_ampersand_and_angle_brackets_in_every_text_field_validate_and_render_literally(tmp_path):
    from budgetauthor.render import render_bytes

    literal = "R&D<研发>&"
    data = FULL
    changed = []
    for kind, path in FIELDS:
        if path in LINKS or path[-1] in SEMANTIC or kind == "key":
            continue
        data = edited(data, kind, path, lambda text: f"{text}{literal}")
        changed.append(path)
    report = check(data, tmp_path)
    assert report.valid, report.flatten("code", "path", "message")
    document = zipfile.ZipFile(io.BytesIO(render_bytes(report.derived))).read("word/document.xml").decode()
    assert "R&amp;D&lt;研发&gt;&amp;" in document
    assert document.count("R&amp;D&lt;研发&gt;&amp;") >= 15, document.count("R&amp;D")
    assert "R&D<" not in document  # never raw markup


# ---- output safety ----------------------------------------------------------------------------------


def test_refuses_to_write_over_the_input(tmp_path):
    source = tmp_path / "budget.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    before = digest(source)
    result = invoke("render", source, "-o", source)
    assert result.exit_code == 2, result.output
    assert "[output]" in result.output and "不能与输入文件相同" in result.output
    assert digest(source) == before
    assert sorted(os.listdir(tmp_path)) == ["budget.yaml"]


def test_refuses_to_write_over_the_input_through_another_name(tmp_path):
    source = tmp_path / "budget.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    link = tmp_path / "link.docx"
    link.symlink_to(source)
    result = invoke("render", source, "-o", link)
    assert result.exit_code == 2, result.output
    assert source.read_text(encoding="utf-8") == MINIMAL


def test_refuses_to_write_into_a_missing_folder(tmp_path):
    result = invoke("render", EXAMPLES / "minimal.yaml", "-o", tmp_path / "no-such-folder" / "out.docx")
    assert result.exit_code == 2, result.output
    assert "输出目录不存在" in result.output
    assert not (tmp_path / "no-such-folder").exists()


def test_refuses_to_write_to_a_folder(tmp_path):
    result = invoke("render", EXAMPLES / "minimal.yaml", "-o", tmp_path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"new")
    assert "无法写入" in info.value.message
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.docx"]


def test_an_interrupted_render_leaves_no_output(tmp_path, monkeypatch):
    """Ctrl-C while the document is being written: no partial file, no temporary file."""
    import budgetauthor.output as output

    def interrupted(fd, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    result = invoke("render", EXAMPLES / "minimal.yaml", "-o", tmp_path / "out.docx")
    assert result.exit_code == 130
    assert os.listdir(tmp_path) == []


def test_a_successful_write_is_complete_and_replaces_the_old_file(tmp_path):
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")
    result = invoke("render", EXAMPLES / "minimal.yaml", "-o", target)
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(target).testzip() is None
    assert os.listdir(tmp_path) == ["out.docx"]


def test_workbooks_are_parsed_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML, "defusedxml is a required dependency: openpyxl parses unsafely without it"


# ---- the template sandbox -----------------------------------------------------------------------------


def hostile_template(tmp_path: Path, tag: str) -> Path:
    from docx import Document

    from budgetauthor.resources import default_template

    doc = Document(str(default_template()))
    doc.add_paragraph(tag)
    path = tmp_path / "hostile.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("tag", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ profile.__class__.__init__.__globals__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ lipsum.__globals__['os'].system('echo pwned > pwned.txt') }}",
    "{{ self._TemplateReference__context }}",
    "{{ range.__self__ }}",
])
def test_a_template_cannot_reach_python_internals(tag, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = hostile_template(tmp_path, tag)
    out = tmp_path / "out.docx"
    result = invoke("render", EXAMPLES / "minimal.yaml", "--template", template, "-o", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "内部出错" not in result.output
    assert "模板" in result.output
    assert not out.exists() and not (tmp_path / "pwned.txt").exists()
    assert sorted(os.listdir(tmp_path)) == ["hostile.docx"]


def test_an_unsafe_attribute_is_reported_as_a_security_refusal(tmp_path):
    template = hostile_template(tmp_path, "{{ ''.__class__.__mro__ }}")
    result = invoke("render", EXAMPLES / "minimal.yaml", "--template", template, "-o", tmp_path / "out.docx")
    assert "不安全" in result.output, result.output


# ---- a crash: one line of apology, the traceback only with --debug ------------------------------------


def test_an_unexpected_error_is_one_line_of_apology_and_debug_shows_the_traceback(tmp_path, monkeypatch):
    import budgetauthor.pipeline as pipeline

    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "render", bug)
    result = invoke("render", EXAMPLES / "minimal.yaml", "-o", tmp_path / "out.docx")
    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("抱歉") and "--debug" in lines[0], result.output
    assert "Traceback" not in result.output
    debug = invoke("--debug", "render", EXAMPLES / "minimal.yaml", "-o", tmp_path / "out.docx")
    assert debug.exit_code == 3
    assert "Traceback" in debug.output and "ZeroDivisionError" in debug.output
    assert os.listdir(tmp_path) == []

