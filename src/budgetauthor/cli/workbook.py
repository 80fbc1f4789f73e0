"""`init` and `convert`: the Excel fill-in workbook and the way between it and YAML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import catalog
from ..convert import convert, init_workbook
from ..errors import ExitCode
from ..findings import format_path
from ..text import printable
from ..validate import validate
from .options import CONTEXT
from .running import Runner

DEFAULT_WORKBOOK = "预算填报.xlsx"


@click.command("init", context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_WORKBOOK, show_default=True, help="生成的 Excel 填报表文件名。")
@click.option("--year", type=click.IntRange(2000, 2099),
              help="预算年度（决定下拉列表中的科目目录）；默认取 --from 数据中的年度或最新内置目录年度。")
@click.option("--from", "source", type=click.Path(dir_okay=False, path_type=Path),
              help="用已有的数据文件（YAML 或 xlsx）预先填好填报表。")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path),
              help="由上年的数据文件开始新的一年：带入职责、机构、人员、项目文字和绩效指标，上年数据填入“上年数”（原因留空）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@click.pass_obj
def init_command(run: Runner, output: Path, year: int | None, source: Path | None, force: bool,
                 previous: Path | None) -> None:
    """生成 Excel 填报表：填报说明、各工作表、科目等下拉列表，表头锁定、填写区开放。"""
    if source and previous:
        raise click.UsageError("--from 与 --previous 只能用一个：--from 照搬一份数据，--previous 由上年文件开始新的一年")
    if previous:
        from ..exchange import start_workbook

        chosen = run(start_workbook, output, previous, year=year, force=force)
    else:
        chosen = run(init_workbook, output, year=year, source=source, force=force)
    origin = catalog.builtin(chosen).origin
    click.secho(f"已生成填报表：{printable(output)}（{chosen}年，科目下拉列表取自{origin}）", fg="green", bold=True)
    if previous:
        click.echo(f"已由上年文件“{printable(previous)}”带入职责、机构、人员和项目文字、绩效指标；上年数已填好，"
                   "变动原因留空。请填写本年预算明细和批复控制数。")
    elif source:
        click.echo(f"已按“{printable(source)}”填好各表。")
    click.echo("请先阅读“填报说明”工作表；填好后运行：")
    click.echo(f"  budgetauthor validate {printable(output)}")
    sys.exit(ExitCode.OK)


@click.command("convert", context_settings=CONTEXT)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="目标文件已存在时覆盖（任何情况下都不会覆盖输入文件）。")
@click.pass_obj
def convert_command(run: Runner, source: Path, target: Path, force: bool) -> None:
    """在 YAML 数据文件与 Excel 填报表之间转换（按扩展名 .yaml/.yml/.xlsx 判断方向），内容不丢失。"""
    result = run(convert, source, target, force=force)
    click.secho(f"已转换：{printable(source)} → {printable(target)}", fg="green", bold=True)
    if result.unplaced:
        click.secho(f"注意：以下 {len(result.unplaced)} 项内容在目标格式中没有对应位置，未写入"
                    "（多为拼写有误或不认识的字段）：", fg="yellow", err=True)
        for path in result.unplaced[:20]:
            click.echo(f"  {printable(format_path(path))}", err=True)
    report = run(validate, result.loaded)
    if not report.valid:
        click.secho(f"提示：数据本身有 {len(report.errors)} 个错误，"
                    f"请运行 budgetauthor validate {printable(target)} 查看。", fg="yellow")
    sys.exit(ExitCode.OK)


COMMANDS = (init_command, convert_command)
