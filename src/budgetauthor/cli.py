"""Command line: options → library call → printed findings → exit code.

Exit codes: 0 valid (warnings allowed), 1 invalid input, 2 unreadable file or wrong usage,
3 an internal error (a bug in budgetauthor, never the user's data).
"""

from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path

import click

from . import cli_zh
from .errors import BudgetAuthorError
from .findings import Finding, Report, Severity
from .load import load
from .validate import Options, validate

cli_zh.install()

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_CRASH = 0, 1, 2, 3
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# Control characters and bidi overrides from the user's data (a key, a value quoted in a message,
# a file name) are shown as visible escapes: printed raw they could drive the terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", str(text))


def echo_findings(findings: list[Finding], *, err: bool = False) -> None:
    for severity in (Severity.ERROR, Severity.WARNING):
        group = [f for f in findings if f.severity is severity]
        if not group:
            continue
        color = "red" if severity is Severity.ERROR else "yellow"
        click.secho(f"{severity.label}（{len(group)}）：", fg=color, bold=True, err=err)
        for f in group:
            where = f"  {printable(f.where)}" if f.where else ""
            click.echo(f"  [{f.code}]{where}", err=err)
            click.echo(f"    {printable(f.message)}", err=err)


def summary_line(report: Report) -> str:
    verdict = "通过" if report.valid else "不通过"
    return f"结果：{verdict}（{len(report.errors)}个错误，{len(report.warnings)}个警告）"


class Runner:
    """Runs a library call, turning our exceptions into messages and exit codes."""

    def __init__(self, debug: bool):
        self.debug = debug

    def __call__(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BudgetAuthorError as exc:
            if exc.findings:
                echo_findings(exc.findings, err=True)
            if not (len(exc.findings) == 1 and exc.findings[0].message == exc.message):
                click.secho(f"错误：{printable(exc.message)}", fg="red", bold=True, err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("已中止。", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the one place a bug is caught
            if self.debug:
                traceback.print_exc()
            click.secho(
                f"抱歉，budgetauthor 内部出错（{type(exc).__name__}），这不是您数据的问题。"
                "请加 --debug 重新运行查看详细信息，并把输出发给维护人员。",
                fg="red",
                err=True,
            )
            sys.exit(EXIT_CRASH)


@click.group(context_settings=CONTEXT)
@click.option("--debug", is_flag=True, help="出错时显示完整的技术信息（供维护人员排查）。")
@click.version_option(package_name="budgetauthor", message="budgetauthor %(version)s")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """budgetauthor：由一份预算数据（YAML 或 Excel 填报表）校验并生成部门预算公开文件。"""
    ctx.obj = Runner(debug)


def _options(strict: bool, catalog: str | None) -> Options:
    return Options(strict=strict, catalog_file=Path(catalog) if catalog else None)


JOBS_HELP = "同时处理的文件数（并行进程数，处理多个文件时有效）。"


@main.command("validate", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 格式输出校验结果。")
@click.option("--strict", is_flag=True, help="严格模式：警告也视为错误（如科目不在目录中）。")
@click.option("--catalog", type=click.Path(dir_okay=False), help="财政部门提供的科目目录（CSV 或 xlsx：code, name[, explanation]）。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, metavar="N", help=JOBS_HELP)
@click.pass_obj
def validate_command(run: Runner, inputs: tuple[Path, ...], as_json: bool, strict: bool, catalog: str | None,
                     jobs: int) -> None:
    """校验预算数据文件：总数、勾稽关系、科目编码和必备内容。

    FILE 可以是一个或多个文件、文件夹（其中的 .yaml/.yml/.xlsx）或通配符（如 "预算/*.yaml"）；多个文件时逐个校验，最后列出汇总表。"""
    from . import batch, cli_batch

    if batch.is_batch(inputs):
        return cli_batch.validate_files(run, inputs, _options(strict, catalog), jobs=jobs, as_json=as_json)
    file = inputs[0]

    def job():
        loaded = load(file)
        return validate(loaded, _options(strict, catalog))

    report = run(job)
    if as_json:
        click.echo(report.to_json())
    else:
        click.echo(f"校验 {printable(file)}")
        echo_findings(report.findings)
        click.secho(summary_line(report), fg="green" if report.valid else "red", bold=True)
    sys.exit(EXIT_OK if report.valid else EXIT_INVALID)


@main.command("render", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="输出的 Word 文件（默认与输入同名，扩展名为 .docx）；处理多个文件时为已存在的输出目录。")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), help="使用自己的 Word 模板（.docx）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 转换为 PDF。")
@click.option("--force", is_flag=True, help="数据有错误时仍生成文档（仅供内部核对草稿）。")
@click.option("--strict", is_flag=True, help="严格模式：警告也视为错误。")
@click.option("--catalog", type=click.Path(dir_okay=False), help="财政部门提供的科目目录（CSV 或 xlsx）。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, metavar="N", help=JOBS_HELP)
@click.pass_obj
def render_command(run: Runner, inputs: tuple[Path, ...], out: Path | None, template: Path | None, pdf: bool,
                   force: bool, strict: bool, catalog: str | None, jobs: int) -> None:
    """校验数据并生成部门预算 Word 文档（有错误时不生成）。

    FILE 可以是一个或多个文件、文件夹或通配符：多个文件时每个生成一份同名文档（-o 为输出目录），某个文件有误不影响其他文件，最后列出汇总表。"""
    from . import batch, cli_batch
    from .pipeline import render

    if batch.is_batch(inputs):
        return cli_batch.render_files(run, inputs, out, template=template, force=force, pdf=pdf,
                                      options=_options(strict, catalog), jobs=jobs)
    file, out = inputs[0], cli_batch.single_output(out)

    result = run(render, file, out, template=template, force=force, pdf=pdf, options=_options(strict, catalog))
    echo_findings(result.report.findings)
    if not result.report.valid:
        click.secho("注意：数据存在错误，本文档是按 --force 生成的草稿，不能作为正式公开文件。", fg="red", bold=True)
    click.secho(f"已生成：{result.docx}", fg="green", bold=True)
    if result.pdf:
        click.secho(f"已生成：{result.pdf}", fg="green", bold=True)
from . import cli_workbook  # noqa: E402,F401  (registers init/convert)
