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
jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
    help="同时处理的文件数（并行进程数，处理多个文件时有效）。",
)
inputs_argument = click.argument("inputs", nargs=-1, required=True, metavar="FILE...",
                                 type=click.Path(path_type=Path))


def validation_options(command: F) -> F:
    """--strict and --catalog: how a budget is checked (validate, render)."""
    return strict_option(catalog_option(command))


def options_of(strict: bool, catalog: str | None) -> Options:
    return Options(strict=strict, catalog_file=Path(catalog) if catalog else None)
