"""The YAML loader: plain text scalars with a line and column for each, and hostile input refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from budgetauthor import InputError, load
from budgetauthor.findings import Severity
from budgetauthor.load import limits, yaml_source
from budgetauthor.validate.codes import RULES

from .helpers import MINIMAL, edit, line_of, validate_text


def write(tmp_path: Path, text: str | bytes, name: str = "budget.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str | bytes, name: str = "budget.yaml"):
    """Load a file that must be refused; return its single finding."""
    with pytest.raises(InputError) as info:
        load(write(tmp_path, text, name))
    assert info.value.exit_code == 2
    [finding] = info.value.findings
    assert finding.severity is Severity.ERROR
    assert finding.code in RULES
    return finding


# ---- what a good file becomes ----------------------------------------------------------------


def test_every_value_keeps_its_line_and_column(tmp_path):
    loaded = load(write(tmp_path, MINIMAL))
    name = loaded.locations[("profile", "name")]
    assert (name.line, name.column) == (line_of(MINIMAL, "  name: 青山区档案馆"), 9)
    amount = loaded.locations[("ledger", 10, "amount")]
    assert amount.line == line_of(MINIMAL, "project: 馆藏档案数字化, source")
    assert MINIMAL.splitlines()[amount.line - 1][amount.column - 1:].startswith("40.00}")


def test_a_missing_key_is_located_at_its_nearest_parent(tmp_path):
    loaded = load(write(tmp_path, MINIMAL))
    where = loaded.locate(("profile", "tasks"))
    assert where.line == line_of(MINIMAL, "  name: 青山区档案馆")


def test_scalars_stay_the_text_the_user_typed(tmp_path):
    text = (
        "code: 016001\n"  # a unit code with a leading zero, unquoted
        'quoted: "016001"\n'
        "amount: 1148.30\n"  # never the float 1148.3
        "hex: 0x10\n"
        "underscored: 1_000\n"
        "flag: yes\n"
        "day: 2024-12-31\n"
        "nothing: ~\n"
    )
    data = load(write(tmp_path, text)).data
    assert data == {
        "code": "016001",
        "quoted": "016001",
        "amount": "1148.30",
        "hex": "0x10",
        "underscored": "1_000",
        "flag": "yes",
        "day": "2024-12-31",
        "nothing": None,
    }


def test_an_unquoted_unit_code_with_a_leading_zero_keeps_it_through_validation(tmp_path):
    text = edit(MINIMAL, ('{code: "108001", name', "{code: 016001, name"))
    report = validate_text(tmp_path, text)
    assert report.valid, report.flatten("code", "message")
    assert report.model.profile.units[0].code == "016001"
    assert {line.unit for line in report.model.lines} == {"016001"}


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    loaded = load(write(tmp_path, "\ufeffname: 青山区档案馆\n".encode("utf-8")))
    assert loaded.data == {"name": "青山区档案馆"}


# ---- hostile or broken input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object:os.system {{}}",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!!set {{a, b}}",
        "!custom 1",
    ],
)
def test_tags_other_than_plain_data_are_refused_and_never_run(tmp_path, value):
    marker = tmp_path / "ran"
    finding = refused(tmp_path, "name: 青山区档案馆\nx: " + value.format(marker=marker) + "\n")
    assert finding.code == "yaml-tag"
    assert "不允许的 YAML 标签" in finding.message
    assert (finding.location.line, finding.location.column) == (2, 4)
    assert not marker.exists()


def test_anchors_and_aliases_are_refused(tmp_path):
    finding = refused(tmp_path, "a: &unit 108001\nb: *unit\n")
    assert finding.code == "yaml-alias"
    assert "锚点与别名" in finding.message
    assert (finding.location.line, finding.location.column) == (1, 4)  # the anchored value


def test_billion_laughs_is_refused_at_once(tmp_path):
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    finding = refused(tmp_path, "\n".join(lines) + "\n")
    assert finding.code == "yaml-alias"
    assert finding.location.line == 1  # the first anchored list, reached again through *l0


def test_a_duplicate_key_is_an_error_at_its_second_occurrence(tmp_path):
    text = edit(MINIMAL, ("  basic: 146.40\n", "  basic: 146.40\n  basic: 164.40\n"))
    finding = refused(tmp_path, text)
    assert finding.code == "yaml-duplicate-key"
    assert "“basic”重复出现" in finding.message
    assert (finding.location.line, finding.location.column) == (line_of(text, "  basic: 164.40"), 3)


def test_a_syntax_error_carries_its_line(tmp_path):
    text = edit(MINIMAL, ("amount: 31.20}", "amount: 31.20"))  # a flow mapping left open
    finding = refused(tmp_path, text)
    assert finding.code == "yaml-syntax"
    assert finding.message.startswith("YAML 格式错误：")
    assert finding.location.line == line_of(text, "amount: 31.20\n") + 1


def test_a_tab_used_for_indentation_is_a_syntax_error_with_its_line(tmp_path):
    finding = refused(tmp_path, "profile:\n\tname: 青山区档案馆\n")
    assert finding.code == "yaml-syntax"
    assert finding.location.line == 2


def test_two_documents_in_one_file_are_a_syntax_error(tmp_path):
    finding = refused(tmp_path, "a: 1\n---\nb: 2\n")
    assert finding.code == "yaml-syntax"
    assert finding.location.line == 2


def test_a_complex_key_is_refused(tmp_path):
    finding = refused(tmp_path, "? [2012601, 30101]\n: 52.80\n")
    assert finding.code == "yaml-key"
    assert finding.location.line == 1


def test_an_empty_file_is_refused(tmp_path):
    assert refused(tmp_path, b"").code == "file-empty"


def test_a_file_of_only_comments_is_refused_as_empty(tmp_path):
    finding = refused(tmp_path, "# 部门预算\n# 待填写\n")
    assert finding.code == "file-empty"
    assert "没有任何内容" in finding.message


@pytest.mark.parametrize("text", ["- 青山区档案馆\n- 2025\n", "青山区档案馆\n"])
def test_the_top_level_must_be_a_mapping(tmp_path, text):
    finding = refused(tmp_path, text)
    assert finding.code == "yaml-root"
    assert finding.location.line == 1


def test_a_file_that_is_not_utf8_is_refused_with_a_hint(tmp_path):
    finding = refused(tmp_path, "name: 青山区档案馆\n".encode("gbk"))
    assert finding.code == "file-encoding"
    assert "UTF-8" in finding.message


def test_binary_content_is_refused(tmp_path):
    assert refused(tmp_path, b"name: a\x00b\n").code == "file-encoding"


def test_nesting_deeper_than_the_limit_is_refused(tmp_path):
    depth = yaml_source.MAX_DEPTH + 1
    finding = refused(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    assert finding.code == "yaml-too-deep"
    assert finding.location.line == 1


def test_nesting_at_the_limit_is_accepted(tmp_path):
    depth = yaml_source.MAX_DEPTH - 1  # the root mapping is the first level
    loaded = load(write(tmp_path, "a: " + "[" * depth + "]" * depth + "\n"))
    assert isinstance(loaded.data["a"], list)


def test_very_deep_nesting_is_refused_without_crashing_the_process(tmp_path):
    # libyaml's composer recursed in C and killed the interpreter (SIGSEGV) on this file.
    path = write(tmp_path, "a: " + "[" * 200_000 + "]" * 200_000 + "\n")
    script = (
        "import sys\nfrom budgetauthor import load, InputError\n"
        "try:\n    load(sys.argv[1])\nexcept InputError as e:\n    print(e.findings[0].code)\n"
    )
    command = [sys.executable, "-c", script, str(path)]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "yaml-too-deep"


def test_too_many_values_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_source, "MAX_YAML_NODES", 50)
    finding = refused(tmp_path, "ledger: [" + ", ".join(["1"] * 60) + "]\n")
    assert finding.code == "yaml-too-large"


def test_a_file_above_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    finding = refused(tmp_path, MINIMAL)
    assert finding.code == "file-too-large"


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(InputError) as info:
        load(tmp_path / "no-such-budget.yaml")
    assert info.value.findings[0].code == "file-missing"
    assert "找不到文件" in info.value.message


@pytest.mark.parametrize("name", ["budget.txt", "budget.json", "budget"])
def test_only_yaml_and_xlsx_files_are_read(tmp_path, name):
    finding = refused(tmp_path, MINIMAL, name)
    assert finding.code == "file-type"
    assert ".yaml" in finding.message


def test_an_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path, MINIMAL)

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError) as info:
        load(path)
    assert info.value.findings[0].code == "file-unreadable"
    assert "无法读取文件" in info.value.message
