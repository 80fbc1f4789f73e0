"""`profiles`: the layout profiles budgetauthor ships, with a line each, or the check of one."""

from __future__ import annotations

import sys

import click

from .. import profiles
from ..errors import ExitCode
from ..findings import Severity
from ..render import check_profile
from ..text import printable
from .display import echo_findings
from .options import CONTEXT
from .running import Runner


@click.command("profiles", context_settings=CONTEXT)
@click.argument("profile", required=False, metavar="[NAME|PATH]")
@click.pass_obj
def profiles_command(run: Runner, profile: str | None) -> None:
    """列出内置的版式方案；给出名称或文件夹路径时，检查该版式方案（设置、句式、文档结构和 Word 模板）。

    改出本地区的版式：复制一个内置版式方案的文件夹，修改后用 --profile 文件夹路径 使用，说明见其中的 README.md。"""
    if profile is None:
        shipped = run(profiles.shipped)
        width = max(len(p.name) for p in shipped) + 2
        for p in shipped:
            click.echo(f"{p.name:<{width}}{printable(p.description)}")
        click.echo(f"\n内置版式方案所在的文件夹：{printable(profiles.shipped_folder())}")
        click.echo("使用：budgetauthor render 数据.yaml --profile 名称或路径；或在数据中写 profile.style。")
        sys.exit(ExitCode.OK)
    layout = run(profiles.load_profile, profile)
    findings = profiles.warnings_of(layout) + run(check_profile, layout)
    echo_findings(findings)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    verdict = "不通过" if errors else "通过"
    click.secho(f"版式方案“{printable(layout.name)}”（{printable(layout.description)}）：{verdict}",
                fg="red" if errors else "green", bold=True)
    sys.exit(ExitCode.INVALID if errors else ExitCode.OK)


COMMANDS = (profiles_command,)
