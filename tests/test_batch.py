"""Batch validate/render: folders, patterns and lists of files; one bad file never stops the rest;
a summary table names every file that was not done and why; the exit code is the worst outcome."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetauthor import batch, checked
from budgetauthor.cli import main
from budgetauthor.errors import OutputError

from .helpers import EXAMPLES, MINIMAL, edit

GOOD = ("档案馆甲.yaml", "档案馆乙.yaml", "档案馆丙.yaml")
WRONG_AMOUNT = ("amount: 52.80}", "amount: 58.20}")  # the ledger no longer adds up to the control figures
NO_NAME = ("  name: 青山区档案馆\n", "")  # a required field removed


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """3 valid departments and 2 invalid ones (data errors: exit 1)."""
    src = tmp_path / "预算"
    src.mkdir()
    for name in GOOD:
        shutil.copyfile(EXAMPLES / "minimal.yaml", src / name)
    (src / "金额有误.yaml").write_text(edit(MINIMAL, WRONG_AMOUNT), encoding="utf-8")
    (src / "缺少名称.yaml").write_text(edit(MINIMAL, NO_NAME), encoding="utf-8")
    (src / "说明.txt").write_text("不是数据文件，不处理", encoding="utf-8")
    return src


@pytest.fixture
def out(tmp_path: Path) -> Path:
    target = tmp_path / "公开文件"
    target.mkdir()
    return target


def summary_rows(output: str) -> dict[str, str]:
    """file name → its summary line."""
    rows = {}
    for line in output.splitlines():
        for name in [*GOOD, "金额有误.yaml", "缺少名称.yaml", "坏文件.yaml"]:
            if name in line:
                rows[name] = line
    return rows


# ---- render --------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_render_folder_renders_good_files_and_lists_each_bad_one_with_its_reason(folder, out, jobs):
    result = run("render", folder, "-o", out, "--jobs", jobs)
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(n.replace(".yaml", ".docx") for n in GOOD)
    rows = summary_rows(result.output)
    assert "数据有误" in rows["金额有误.yaml"] and "[control-total]" in rows["金额有误.yaml"]
    assert "相差5.40万元" in rows["金额有误.yaml"]
    assert "数据有误" in rows["缺少名称.yaml"] and "[required]" in rows["缺少名称.yaml"]
    for name in GOOD:
        assert "已生成" in rows[name] and name.replace(".yaml", ".docx") in rows[name]
    assert "汇总：共 5 个文件，已生成 3，数据有误 2，失败 0" in result.output
    assert "说明.txt" not in result.output


def test_an_unreadable_file_is_a_failure_and_exits_two(folder, out):
    (folder / "坏文件.yaml").write_text("profile: [未闭合\n", encoding="utf-8")
    result = run("render", folder, "-o", out)
    assert result.exit_code == 2, result.output
    assert "失败" in summary_rows(result.output)["坏文件.yaml"]
    assert "[yaml-syntax]" in summary_rows(result.output)["坏文件.yaml"]
    assert "已生成 3，数据有误 2，失败 1" in result.output
    assert len(list(out.iterdir())) == 3  # the good ones are still rendered


def test_all_good_exits_zero(folder, out):
    for name in ("金额有误.yaml", "缺少名称.yaml"):
        (folder / name).unlink()
    result = run("render", folder, "-o", out, "--jobs", 2)
    assert result.exit_code == 0, result.output
    assert "汇总：共 3 个文件，已生成 3，数据有误 0，失败 0" in result.output


def test_missing_output_directory_is_refused_not_created(folder, tmp_path):
    missing = tmp_path / "没有这个目录"
    result = run("render", folder, "-o", missing)
    assert result.exit_code == 2
    assert "输出目录不存在" in result.output
    assert not missing.exists()


def test_output_that_is_a_file_is_refused_for_several_inputs(folder, tmp_path):
    a_file = tmp_path / "x.docx"
    a_file.write_bytes(b"")
    result = run("render", folder / GOOD[0], folder / GOOD[1], "-o", a_file)
    assert result.exit_code == 2
    assert "-o 应为输出目录" in result.output


def test_without_output_each_document_is_written_beside_its_input(folder):
    result = run("render", folder / GOOD[0], folder / GOOD[1])
    assert result.exit_code == 0, result.output
    assert (folder / GOOD[0].replace(".yaml", ".docx")).is_file()
    assert (folder / GOOD[1].replace(".yaml", ".docx")).is_file()


def test_patterns_are_expanded_by_us_so_they_work_in_any_shell(folder, out):
    result = run("render", str(folder / "档案馆*.yaml"), "-o", out)
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 3


def test_a_pattern_that_matches_nothing_is_reported(folder, out):
    result = run("render", str(folder / "*.yaml"), str(folder / "无此前缀*.yaml"), "-o", out)
    assert result.exit_code == 2
    assert "没有与" in result.output and "无此前缀" in result.output
    assert len(list(out.iterdir())) == 3  # the other pattern's good files are still done


def test_single_file_form_is_unchanged(folder, out):
    # one FILE: findings printed in full, -o is a file name (a directory is a usage error as before)
    result = run("render", folder / "金额有误.yaml", "-o", out / "x.docx")
    assert result.exit_code == 1
    assert "[control-total]" in result.output and "汇总" not in result.output
    result = run("render", folder / GOOD[0], "-o", out)
    assert result.exit_code == 2 and "是一个目录" in result.output
    result = run("render", folder / GOOD[0], "-o", out / "一份.docx")
    assert result.exit_code == 0 and "已生成" in result.output and (out / "一份.docx").is_file()


# ---- validate ------------------------------------------------------------------------------------


def test_validate_folder_summary_and_exit_one(folder):
    result = run("validate", folder, "--jobs", 2)
    assert result.exit_code == 1, result.output
    rows = summary_rows(result.output)
    assert all("通过" in rows[name] for name in GOOD)
    assert "[control-total]" in rows["金额有误.yaml"] and "[required]" in rows["缺少名称.yaml"]
    assert "汇总：共 5 个文件，通过 3，数据有误 2，失败 0" in result.output


def test_validate_several_files_as_json(folder):
    result = CliRunner().invoke(main, ["validate", "--json", str(folder / GOOD[0]), str(folder / "金额有误.yaml")])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["stats"] == {"ok": 1, "invalid": 1, "failed": 0}
    assert [f["status"] for f in data["files"]] == ["ok", "invalid"]
    assert data["files"][1]["code"] == "control-total"


def test_validate_single_file_still_prints_its_findings(folder):
    result = run("validate", folder / "金额有误.yaml")
    assert result.exit_code == 1 and "结果：不通过" in result.output and "汇总" not in result.output


# ---- library -------------------------------------------------------------------------------------


def test_expand_dedupes_and_keeps_order(folder):
    files, problems = batch.expand([folder / GOOD[1], folder, str(folder / "档案馆*.yaml")])
    assert problems == []
    assert files[0].name == GOOD[1]
    assert len(files) == 5 and len({f.resolve() for f in files}) == 5


def test_an_empty_folder_is_a_problem(tmp_path):
    files, problems = batch.expand([tmp_path])
    assert files == [] and problems[0].status == batch.FAILED and problems[0].exit_code == 2


def test_output_names_never_collide(tmp_path):
    a, b, c = tmp_path / "a.yaml", tmp_path / "a.xlsx", tmp_path / "sub" / "a.yaml"
    names = [p.name for p in batch.output_paths([a, b, c], tmp_path / "out")]
    assert names == ["a.docx", "a-2.docx", "a-3.docx"]


def test_is_batch():
    assert not batch.is_batch([EXAMPLES / "minimal.yaml"])
    assert not batch.is_batch(["no-such-file.yaml"])
    assert batch.is_batch([EXAMPLES])
    assert batch.is_batch([EXAMPLES / "*.yaml"])
    assert batch.is_batch([EXAMPLES / "minimal.yaml", EXAMPLES / "xihu-2024.yaml"])


def test_check_output_dir(tmp_path):
    with pytest.raises(OutputError):
        batch.check_output_dir(tmp_path / "missing")
    assert batch.check_output_dir(tmp_path) == tmp_path


def test_a_crash_in_one_file_is_reported_and_the_rest_go_on(folder, out, monkeypatch):
    from budgetauthor import pipeline

    real = pipeline.render

    def flaky(source, *args, **kwargs):
        if Path(source).name == GOOD[1]:
            raise RuntimeError("boom")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pipeline, "render", flaky)
    report = batch.render_many([folder], out, jobs=1)
    by_name = {Path(o.source).name: o for o in report.outcomes}
    assert by_name[GOOD[1]].status == batch.FAILED and by_name[GOOD[1]].exit_code == 3
    assert "内部出错" in by_name[GOOD[1]].reason and "RuntimeError" in by_name[GOOD[1]].reason
    assert by_name[GOOD[0]].status == batch.OK and by_name[GOOD[2]].status == batch.OK
    assert report.exit_code == 3


def _validate_or_die(source: str) -> batch.Outcome:
    if "缺少名称" in source:
        os._exit(7)  # the worker process dies outright
    return batch.validate_one(source)


def test_a_worker_process_that_dies_is_pinned_on_its_file(folder):
    files, _ = batch.expand([folder])
    outcomes = batch._run([(_validate_or_die, (str(f),)) for f in files], jobs=2, progress=None)
    by_name = {Path(o.source).name: o for o in outcomes}
    assert by_name["缺少名称.yaml"].status == batch.FAILED and by_name["缺少名称.yaml"].exit_code == 3
    assert all(by_name[n].status == batch.OK for n in GOOD)
    assert by_name["金额有误.yaml"].status == batch.INVALID


def test_progress_is_called_once_per_file(folder):
    seen = []
    batch.validate_many([folder], jobs=2, progress=seen.append)
    assert sorted(Path(o.source).name for o in seen) == sorted([*GOOD, "金额有误.yaml", "缺少名称.yaml"])


# ---- the pass cache (budgetauthor.checked) ---------------------------------------------------------


def test_shipped_schema_passes_cerberus_own_check():
    # definition() skips cerberus' check of our schema once it has passed on this machine; this
    # runs that check unconditionally.
    from cerberus.schema import DefinitionSchema

    from budgetauthor.validate.schema import BudgetValidator, load_schema

    DefinitionSchema(BudgetValidator(), load_schema())


def test_passes_are_remembered_on_disk_per_fingerprint(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETAUTHOR_CACHE_DIR", str(tmp_path))
    key = checked.fingerprint("test", b"template bytes", "context keys")
    assert key != checked.fingerprint("test", b"template byte", "scontext keys")  # parts cannot run together
    assert not checked.passed(key)
    checked.record(key)
    assert (tmp_path / key).is_file()
    checked._PASSED.discard(key)  # a fresh process
    assert checked.passed(key)


def test_a_broken_template_is_linted_every_time(tmp_path, monkeypatch):
    from budgetauthor import load, validate
    from budgetauthor.errors import TemplateProblem
    from budgetauthor.render import render_bytes

    monkeypatch.setenv("BUDGETAUTHOR_CACHE_DIR", str(tmp_path))
    broken = tmp_path / "坏模板.docx"
    broken.write_bytes(b"not a zip")
    derived = validate(load(EXAMPLES / "minimal.yaml")).derived
    for _ in range(2):
        with pytest.raises(TemplateProblem):
            render_bytes(derived, broken)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("lint-")]
