"""`budgetauthor import`, `export` and `init --previous` as the clerk runs them: Chinese output,
exit codes, nothing written when the export's tables disagree."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from budgetauthor import load, validate
from budgetauthor.cli import main
from budgetauthor.exchange.export_workbook import write_export

from .helpers import EXAMPLES


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "曾都2024导出.xlsx"
    write_export(path, validate(load(EXAMPLES / "zengdu-2024.yaml")).derived)
    return path


def test_import_writes_the_budget_file_and_says_how_the_ledger_was_made(export, tmp_path):
    out = tmp_path / "2024.yaml"
    result = run("import", export, "-o", out)
    assert result.exit_code == 0, result.output
    assert "找到11张表——收支总表（部门收支总表）、收入总表（部门收入总表）" in result.output
    assert "、政府采购预算表（部门政府采购预算表）" in result.output
    assert "提示：导出的工作簿没有预算明细：已由部门预算表推算出" in result.output
    assert f"已生成：{out}（39行预算明细）" in result.output
    assert "[section-missing]" in result.output  # what the export cannot give is listed at once
    assert load(out).data["profile"]["name"] == "曾都区政务服务和大数据管理局"


def test_import_with_last_years_file_leaves_only_the_reasons(export, tmp_path):
    out = tmp_path / "2024.xlsx"
    result = run("import", export, "--previous", EXAMPLES / "zengdu-2024.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert "已带入上年28个项目的文字和绩效指标" in result.output
    report = validate(load(out))
    # The same figures as the file itself, its procurement included (the 政府采购预算表): no reason is asked.
    assert report.errors == []
    assert "项目支出中2,770,000.00元的经济分类按上年同名项目的科目比例推算" in result.output


def test_an_export_whose_tables_disagree_is_refused_with_both_cells_and_nothing_written(export, tmp_path):
    bad = tmp_path / "导出.xlsx"
    wb = openpyxl.load_workbook(export)
    wb["部门收支总表"]["B6"] = 4474000
    wb.save(bad)
    result = run("import", bad)
    assert result.exit_code == 1
    assert "部门收支总表!B6" in result.output and "部门收入总表!E6" in result.output
    assert "错误：导出的表之间有1处数字不一致，未生成文件" in result.output
    assert not bad.with_suffix(".yaml").exists()


def test_import_never_overwrites_an_existing_file(export, tmp_path):
    out = tmp_path / "数据.yaml"
    out.write_text("# 已填写的内容\n", encoding="utf-8")
    result = run("import", export, "-o", out)
    assert result.exit_code == 2
    assert "已存在" in result.output
    assert out.read_text(encoding="utf-8") == "# 已填写的内容\n"


def test_export_writes_the_tables_as_csv_and_json(tmp_path):
    folder = tmp_path / "公开数据"
    result = run("export", EXAMPLES / "zengdu-2024.yaml", "-o", folder)
    assert result.exit_code == 0, result.output
    assert f"已导出20张表：{folder}" in result.output  # 11 budget tables, 9 performance-target tables
    assert (folder / "datapackage.json").exists() and (folder / "01_部门收支总表.csv").exists()
    result = run("export", EXAMPLES / "zengdu-2024.yaml", "--profile", "hubei", "--kind", "单位预算",
                 "-o", tmp_path / "湖北")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "湖北" / "01_单位收支预算总表.csv").exists()
    result = run("export", "--format", "json", EXAMPLES / "zengdu-2024.yaml", "-o", tmp_path / "公开数据.json")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "公开数据.json").exists()


def test_export_refuses_data_with_errors(tmp_path):
    text = (EXAMPLES / "minimal.yaml").read_text(encoding="utf-8").replace("amount: 52.80}", "amount: 58.20}")
    source = tmp_path / "有误.yaml"
    source.write_text(text, encoding="utf-8")
    result = run("export", source)
    assert result.exit_code == 1
    assert "数据存在错误，未导出" in result.output
    assert not (tmp_path / "有误-公开数据").exists()


def test_init_previous_starts_the_new_years_workbook_from_last_years_file(tmp_path):
    out = tmp_path / "2025填报.xlsx"
    result = run("init", "--previous", EXAMPLES / "zengdu-2024.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert "已生成填报表" in result.output and "2025年" in result.output
    data = load(out).data
    assert data["profile"]["year"] == "2025"
    assert data["profile"]["duties"][0].startswith("拟定区政府职能转变")
    assert data["previous"]["income_total"]["amount"] == "447.4836"  # the example is in 万元
    assert "reason" not in data["previous"]["income_total"]
    assert next(p for p in data["projects"] if p["name"] == "政务公开工作经费")["basis"] == "《中华人民共和国政府信息公开条例》"


def test_init_takes_either_from_or_previous(tmp_path):
    result = run("init", "--from", EXAMPLES / "minimal.yaml", "--previous", EXAMPLES / "minimal.yaml",
                 "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 2
    assert "--from 与 --previous 只能用一个" in result.output
