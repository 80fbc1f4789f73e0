"""Options several commands share, declared once: add `@strict_option` to a command and it gets
`--strict` with the same wording everywhere. A new shared option belongs here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..validate import Options

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

strict_option = click.option("--strict", is_flag=True, help="严格模式：警告也视为错误（如科目不在目录中）。")
catalog_option = click.option(
    "--catalog", type=click.Path(dir_okay=False),
    help="财政部门提供的科目目录（CSV 或 xlsx：code, name[, explanation]）。",
)
profile_option = click.option(
    "--profile", metavar="NAME|PATH",
    help="版式方案：内置的名称（见 budgetauthor profiles）或自己的版式方案文件夹；优先于数据中的 profile.style。",
)
kind_option = click.option(
    "--kind", type=click.Choice(["部门预算", "单位预算"]), default=None,
    help="文件种类；优先于数据中的 profile.kind 和版式方案的设置。",
)
jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
    help="同时处理的文件数（并行进程数，处理多个文件时有效）。",
)
inputs_argument = click.argument("inputs", nargs=-1, required=True, metavar="FILE...",
                                 type=click.Path(path_type=Path))


def validation_options(command: F) -> F:
    """--strict, --catalog and --profile: how a budget is checked (validate, render); the layout
    profile says what the region publishes, so what is required."""
    return strict_option(catalog_option(profile_option(command)))


def options_of(strict: bool, catalog: str | None, profile: str | None = None) -> Options:
    return Options(strict=strict, catalog_file=Path(catalog) if catalog else None, profile=profile)
