"""Command line: options → library call → printed findings → exit code (errors.ExitCode).

The package is layered so that nothing imports back up:

    __init__.py    the `budgetauthor` group; registers the commands of each command module
    documents.py   validate, render               (one module per group of commands)
    workbook.py    init, convert
    profiles.py    profiles (the layout profiles: list, check)
    exchange.py    import, export (a budget system's export in, the tables as data out)
    batch_view.py  the batch form's progress bar and summary table
    options.py     options several commands share (--strict, --catalog, -j …)
    running.py     Runner: exceptions → messages and exit codes; SIGTERM/SIGHUP unwind like Ctrl-C
    display.py     printing findings, verdicts and file names (control characters escaped)
    zh.py          Chinese for click's own messages

To add a command: write it in a module of its own here (or in the module of its group), list it
in that module's COMMANDS, and add the module to COMMAND_MODULES below.
"""

from __future__ import annotations

import click

from . import documents, exchange, profiles, workbook, zh
from .options import CONTEXT
from .running import Runner

zh.install()

COMMAND_MODULES = (documents, workbook, profiles, exchange)


@click.group(context_settings=CONTEXT)
@click.option("--debug", is_flag=True, help="出错时显示完整的技术信息（供维护人员排查）。")
@click.version_option(package_name="budgetauthor", message="budgetauthor %(version)s")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """budgetauthor：由一份预算数据（YAML 或 Excel 填报表）校验并生成部门预算公开文件。"""
    ctx.obj = Runner(debug)


for _module in COMMAND_MODULES:
    for _command in _module.COMMANDS:
        main.add_command(_command)

__all__ = ["main"]
