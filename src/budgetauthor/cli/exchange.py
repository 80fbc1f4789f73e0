"""`import` and `export`: the budget system's export (and last year's file) in, the document's tables
as data out. `init --previous` lives with `init` in workbook.py. The work is done by
budgetauthor.exchange."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import profiles
from ..errors import ExitCode, InvalidBudget
from ..exchange import ImportResult, export_tables, import_export, write_result
from ..exchange.export import Exported
from ..findings import Report
from ..load import load
from ..text import printable
from ..validate import validate
from .display import echo_findings, summary_line
from .options import CONTEXT, kind_option, options_of, validation_options
from .running import Runner


def _import(source: Path, out: Path, previous: Path | None, year: int | None, force: bool,
            style: str | None, kind: str | None) -> tuple[ImportResult, Path, Report]:
    result = import_export(source, previous=previous, year=year, style=style, kind=kind)
    written = write_result(result, out, force=force)
    return result, written, validate(load(written))


@click.command("import", context_settings=CONTEXT)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path), metavar="EXPORT.xlsx")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="生成的数据文件（.yaml 或 .xlsx 填报表）；默认与导出文件同名、扩展名为 .yaml。")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path),
              help="上年的数据文件（YAML 或 xlsx）：带入职责、机构、人员、项目文字和绩效指标，上年数据作为本年的“上年数”。")
@click.option("--year", type=click.IntRange(2000, 2099), help="预算年度（默认取导出表标题中的年度）。")
@click.option("--profile", "style", metavar="NAME|PATH",
              help="版式方案（内置名称，见 budgetauthor profiles，或自己的版式方案文件夹），写入数据文件的 profile.style。")
@kind_option
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖（任何情况下都不会覆盖输入文件）。")
@click.pass_obj
def import_command(run: Runner, source: Path, out: Path | None, previous: Path | None, year: int | None,
                   style: str | None, kind: str | None, force: bool) -> None:
    """导入预算管理系统导出的部门预算表（收支总表、支出总表……或预算明细），生成数据文件。

    各表之间的数字逐一核对，有不一致时列出两个数字和各自的单元格，不生成文件。"""
    out = out or source.with_suffix(".yaml")
    result, written, report = run(_import, source, out, previous, year, force, style, kind)
    click.echo(f"读取 {printable(source)}：找到{len(result.tables)}张表——"
               + "、".join(f"{title}（{printable(sheet)}）" for title, sheet in result.tables))
    if result.skipped:
        click.echo(f"未读取的工作表（不是部门预算表）：{printable('、'.join(result.skipped))}")
    echo_findings(result.warnings)
    for note in result.notes:
        click.secho(f"提示：{printable(note)}", fg="yellow")
    click.secho(f"已生成：{printable(written)}（{result.lines}行预算明细）", fg="green", bold=True)
    click.echo(f"校验 {printable(written)}：还需补充或核对的内容如下")
    echo_findings(report.findings)
    click.secho(summary_line(report), fg="green" if report.valid else "red", bold=True)
    click.echo(f"补充后运行：budgetauthor validate {printable(written)}")
    sys.exit(ExitCode.OK)


def _export(source: Path, target: Path, fmt: str, force: bool, strict: bool, catalog: str | None,
            profile: str | None, kind: str | None, unrounded: bool) -> tuple[Report, Exported]:
    options = options_of(strict, catalog, profile)
    report = validate(load(source), options)
    if report.derived is None or (not report.valid and not force):
        raise InvalidBudget("数据存在错误，未导出（确需导出草稿可加 --force）", report)
    layout, _ = profiles.for_budget(report.derived.budget.profile.style, options.profile, source.parent)
    return report, export_tables(report.derived, target, fmt, profile=layout, kind=kind or "", unrounded=unrounded,
                                 force=force, inputs=(source,))


@click.command("export", context_settings=CONTEXT)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="csv：每张表一个 CSV 文件，另加 datapackage.json 说明；json：一个 JSON 文件，含说明和全部数据。")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="输出位置：csv 为文件夹（默认“数据文件名-公开数据”），json 为文件（默认“数据文件名-公开数据.json”）。")
@click.option("--unrounded", is_flag=True,
              help="金额不四舍五入：按各表的金额单位写出全部小数（默认与文档所印完全相同）。")
@click.option("--force", is_flag=True, help="覆盖已有的导出文件；数据有错误时仍导出（仅供核对）。")
@validation_options
@kind_option
@click.pass_obj
def export_command(run: Runner, source: Path, fmt: str, out: Path | None, unrounded: bool, force: bool, strict: bool,
                   catalog: str | None, profile: str | None, kind: str | None) -> None:
    """把文档中的各张表导出为数据（CSV 或 JSON）：表、标题、行、编码和金额与按同一版式方案生成的文档逐格相同，便于其他系统使用。"""
    default = source.parent / f"{source.stem}-公开数据"
    target = out or (default if fmt == "csv" else default.with_suffix(".json"))
    report, exported = run(_export, source, target, fmt, force, strict, catalog, profile, kind, unrounded)
    echo_findings(report.findings)
    place = exported.paths[0].parent if fmt == "csv" else exported.paths[0]
    click.secho(f"已导出{exported.tables}张表：{printable(place)}", fg="green", bold=True)
    sys.exit(ExitCode.OK)


COMMANDS = (import_command, export_command)
