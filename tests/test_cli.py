"""The command line: exit codes and Chinese output."""

from __future__ import annotations

from click.testing import CliRunner

from budgetauthor.cli import main

from .helpers import EXAMPLES


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_valid_example_exits_zero_and_says_so():
    result = run("validate", str(EXAMPLES / "minimal.yaml"))
    assert result.exit_code == 0, result.output
    assert "结果：通过" in result.output


def test_missing_file_is_unreadable_exit_two():
    result = run("validate", "no-such-file.yaml")
    assert result.exit_code == 2
    assert "找不到文件" in result.output


def test_unknown_command_is_usage_error_in_chinese():
    result = run("validat")
    assert result.exit_code == 2
    assert "没有“validat”这个命令" in result.output


def test_changed_amount_exits_one_and_names_line_and_both_figures(tmp_path):
    text = (EXAMPLES / "minimal.yaml").read_text(encoding="utf-8")
    changed = text.replace("amount: 52.80}", "amount: 58.20}")
    path = tmp_path / "changed.yaml"
    path.write_text(changed, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "[control-total]" in result.output
    assert "186.40万元" in result.output and "191.80万元" in result.output and "相差5.40万元" in result.output
    assert "第" in result.output and "行" in result.output


def test_json_output_lists_findings(tmp_path):
    import json

    result = run("validate", "--json", str(EXAMPLES / "minimal.yaml"))
    data = json.loads(result.output)
    assert data["valid"] is True and data["stats"]["errors"] == 0
