"""What the commands print: findings, verdicts and file names, always through `printable`, so a
control character in the user's data or file name never reaches the terminal raw."""

from __future__ import annotations

from pathlib import Path

import click

from ..findings import Finding, Report, Severity
from ..text import printable


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


def echo_written(path: str | Path) -> None:
    click.secho(f"已生成：{printable(path)}", fg="green", bold=True)
