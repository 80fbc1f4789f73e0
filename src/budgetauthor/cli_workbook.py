"""CLI commands for the Excel fill-in workbook: `init` and `convert` (registered on cli.main)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import catalog as catalog_mod
from .cli import CONTEXT, EXIT_OK, Runner, main
from .convert import convert
from .errors import OutputError
from .findings import format_path
from .load import load
from .validate import validate
from .workbook.writer import year_of, write_workbook

DEFAULT_WORKBOOK = "预算填报.xlsx"


def _default_year() -> int:
    return max(catalog_mod.available_years())


def _init(output: Path, year: int | None, source: Path | None, force: bool) -> int:
    if output.suffix.lower() != ".xlsx":
        raise OutputError(f"填报表须保存为 .xlsx 文件：{output}")
    data = load(source).data if source else None
    if source and output.exists() and output.samefile(source):
        raise OutputError(f"输出文件与 --from 的数据文件相同（{output}），请换一个文件名")
    if output.exists() and not force:
        raise OutputError(f"文件已存在：{output}（为防止覆盖已填写的内容，如确需重新生成，请加 --force）")
    year = year or year_of(data) or _default_year()
    write_workbook(output, data or {"profile": {"year": str(year)}}, year)
    return year


@main.command("init", context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_WORKBOOK, show_default=True, help="生成的 Excel 填报表文件名。")
@click.option("--year", type=click.IntRange(2000, 2099),
              help="预算年度（决定下拉列表中的科目目录）；默认取 --from 数据中的年度或最新内置目录年度。")
@click.option("--from", "source", type=click.Path(dir_okay=False, path_type=Path),
              help="用已有的数据文件（YAML 或 xlsx）预先填好填报表。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@click.pass_obj
def init_command(run: Runner, output: Path, year: int | None, source: Path | None, force: bool) -> None:
    """生成 Excel 填报表：填报说明、各工作表、科目等下拉列表，表头锁定、填写区开放。"""
    chosen = run(_init, output, year, source, force)
    origin = catalog_mod.builtin(chosen).origin
    click.secho(f"已生成填报表：{output}（{chosen}年，科目下拉列表取自{origin}）", fg="green", bold=True)
    if source:
        click.echo(f"已按“{source}”填好各表。")
    click.echo("请先阅读“填报说明”工作表；填好后运行：")
    click.echo(f"  budgetauthor validate {output}")
    sys.exit(EXIT_OK)


@main.command("convert", context_settings=CONTEXT)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="目标文件已存在时覆盖（任何情况下都不会覆盖输入文件）。")
@click.pass_obj
def convert_command(run: Runner, source: Path, target: Path, force: bool) -> None:
    """在 YAML 数据文件与 Excel 填报表之间转换（按扩展名 .yaml/.yml/.xlsx 判断方向），内容不丢失。"""
    result = run(convert, source, target, force=force)
    click.secho(f"已转换：{source} → {target}", fg="green", bold=True)
    if result.unplaced:
        click.secho(f"注意：以下 {len(result.unplaced)} 项内容在目标格式中没有对应位置，未写入"
                    "（多为拼写有误或不认识的字段）：", fg="yellow", err=True)
        for path in result.unplaced[:20]:
            click.echo(f"  {format_path(path)}", err=True)
    report = run(validate, result.loaded)
    if not report.valid:
        click.secho(f"提示：数据本身有 {len(report.errors)} 个错误，"
                    f"请运行 budgetauthor validate {target} 查看。", fg="yellow")
    sys.exit(EXIT_OK)
