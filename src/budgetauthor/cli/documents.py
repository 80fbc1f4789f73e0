"""`validate` and `render`: one file, or many (several files, a folder or a pattern) in the batch
form, whose progress and summary table live in batch_view.py."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import batch, pipeline
from ..errors import ExitCode
from ..findings import Report
from ..load import load
from ..pdf import conversion_note
from ..text import printable
from ..validate import validate
from . import batch_view
from .display import echo_findings, echo_written, summary_line
from .options import CONTEXT, inputs_argument, jobs_option, kind_option, options_of, validation_options
from .running import Runner


@click.command("validate", context_settings=CONTEXT)
@inputs_argument
@click.option("--json", "as_json", is_flag=True, help="以 JSON 格式输出校验结果。")
@validation_options
@jobs_option
@click.pass_obj
def validate_command(run: Runner, inputs: tuple[Path, ...], as_json: bool, strict: bool, catalog: str | None,
                     profile: str | None, jobs: int) -> None:
    """校验预算数据文件：总数、勾稽关系、科目编码和必备内容。

    FILE 可以是一个或多个文件、文件夹（其中的 .yaml/.yml/.xlsx）或通配符（如 "预算/*.yaml"）；多个文件时逐个校验，最后列出汇总表。"""
    options = options_of(strict, catalog, profile)
    if batch.is_batch(inputs):
        batch_view.validate_files(run, inputs, options, jobs=jobs, as_json=as_json)
    file = inputs[0]

    def job() -> Report:
        return validate(load(file), options)

    report = run(job)
    if as_json:
        click.echo(report.to_json())
    else:
        click.echo(f"校验 {printable(file)}")
        echo_findings(report.findings)
        click.secho(summary_line(report), fg="green" if report.valid else "red", bold=True)
    sys.exit(ExitCode.OK if report.valid else ExitCode.INVALID)


@click.command("render", context_settings=CONTEXT)
@inputs_argument
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="输出的 Word 文件（.docx，默认与输入同名）；处理多个文件时为已存在的输出目录。")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="使用自己的 Word 模板（.docx），代替版式方案中的模板。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 转换为 PDF。")
@click.option("--force", is_flag=True, help="数据有错误时仍生成文档（仅供内部核对草稿）。")
@validation_options
@kind_option
@jobs_option
@click.pass_obj
def render_command(run: Runner, inputs: tuple[Path, ...], out: Path | None, template: Path | None, pdf: bool,
                   force: bool, strict: bool, catalog: str | None, profile: str | None, kind: str | None,
                   jobs: int) -> None:
    """校验数据并生成部门预算 Word 文档（有错误时不生成）。

    FILE 可以是一个或多个文件、文件夹或通配符：多个文件时每个生成一份同名文档（-o 为输出目录），某个文件有误不影响其他文件，最后列出汇总表。"""
    options = options_of(strict, catalog, profile)
    if batch.is_batch(inputs):
        batch_view.render_files(run, inputs, out, template=template, force=force, pdf=pdf, options=options,
                                jobs=jobs, kind=kind or "")
    file, out = inputs[0], batch_view.single_output(out)

    result = run(pipeline.render, file, out, template=template, force=force, pdf=pdf, options=options,
                 kind=kind or "")
    echo_findings(result.report.findings)
    if not result.report.valid:
        click.secho("注意：数据存在错误，本文档是按 --force 生成的草稿（每页页眉和文档标题都标有“草稿”），不能作为正式公开文件。",
                    fg="red", bold=True)
    echo_written(result.docx)
    if result.pdf:
        echo_written(result.pdf)
        note = conversion_note()
        if note:
            click.secho(note, fg="yellow")


COMMANDS = (validate_command, render_command)
