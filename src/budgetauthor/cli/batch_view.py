"""The batch form of `validate` and `render` (several files, a folder or a pattern): a progress
bar on stderr, then a summary table in Chinese. The work is budgetauthor.batch; this only shows it."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from .. import batch
from ..batch import FAILED, INVALID, OK, BatchReport, Outcome
from ..errors import ExitCode
from ..text import display_width, printable
from ..validate import Options
from .running import Runner

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _clip(text: str, width: int) -> str:
    """The end of a long path (the file name matters most), led by …."""
    out, used = "", 0
    for c in reversed(text):
        w = display_width(c)
        if used + w > width - 1:
            return "…" + out
        out, used = c + out, used + w
    return out


def echo_summary(report: BatchReport, labels: dict[str, str], *, list_ok_up_to: int = 20) -> None:
    """结果 | 文件 | 说明 for every input (the successful ones only when few), then the counts."""
    rows: list[tuple[str, str, str]] = []
    ok = report.of(OK)
    for o in report.outcomes:
        if o.status == OK and len(ok) > list_ok_up_to:
            continue
        rows.append((labels[o.status], printable(o.source), _detail(o)))
    click.echo(err=False)
    if rows:
        w1 = max(display_width(r[0]) for r in rows + [("结果", "", "")])
        w2 = min(60, max(display_width(r[1]) for r in rows + [("", "文件", "")]))
        click.secho(f"{_pad('结果', w1)}  {_pad('文件', w2)}  说明", bold=True)
        for status, source, detail in rows:
            color = {labels[OK]: "green", labels[INVALID]: "red", labels[FAILED]: "red"}[status]
            name = source if display_width(source) <= w2 else _clip(source, w2)
            click.echo(click.style(_pad(status, w1), fg=color) + f"  {_pad(name, w2)}  {printable(detail)}")
    if len(ok) > list_ok_up_to:
        where = {str(Path(o.output).parent) for o in ok if o.output}
        place = f"，保存在 {printable(where.pop())}" if len(where) == 1 else ""
        click.echo(f"（{labels[OK]}的 {len(ok)} 个文件未逐一列出{place}）")
    counts = "，".join(f"{labels[s]} {len(report.of(s))}" for s in (OK, INVALID, FAILED))
    color = "green" if report.exit_code == ExitCode.OK else "red"
    click.secho(f"汇总：共 {len(report.outcomes)} 个文件，{counts}", fg=color, bold=True)


def _detail(o: Outcome) -> str:
    if o.status == OK:
        parts = [o.output] if o.output else []
        if o.reason:
            parts.append(o.reason)
        elif o.warnings:
            parts.append(f"{o.warnings}个警告")
        return "；".join(parts)
    more = f"（另有{o.errors - 1}个错误）" if o.errors > 1 else ""
    return f"[{o.code}] {o.reason}{more}" if o.code else o.reason


class _Progress:
    """click's progress bar on stderr, advanced by one finished file."""

    def __init__(self, label: str, total: int):
        self.bar: ProgressBar[Outcome] = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                                     item_show_func=lambda o: printable(Path(o.source).name) if o else None)

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def __call__(self, outcome: Outcome) -> None:
        self.bar.update(1, outcome)


VALIDATE_LABELS = {OK: "通过", INVALID: "数据有误", FAILED: "失败"}
RENDER_LABELS = {OK: "已生成", INVALID: "数据有误", FAILED: "失败"}


def validate_files(run: Runner, arguments: Sequence[Path], options: Options, *, jobs: int,
                   as_json: bool) -> NoReturn:
    files, problems = batch.expand(arguments)
    with _Progress("校验中", len(files)) as progress:
        report = run(batch.validate_many, arguments, options, jobs=jobs, progress=progress,
                     expanded=(files, problems))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        echo_summary(report, VALIDATE_LABELS)
    sys.exit(report.exit_code)


def render_files(run: Runner, arguments: Sequence[Path], out: Path | None, *, template: Path | None,
                 force: bool, pdf: bool, options: Options, jobs: int, kind: str = "") -> NoReturn:
    if out is not None:
        run(batch.check_output_dir, out)  # before any work: a clear message and exit 2
    files, problems = batch.expand(arguments)
    with _Progress("生成中", len(files)) as progress:
        report = run(batch.render_many, arguments, out, template=template, force=force, pdf=pdf,
                     options=options, jobs=jobs, progress=progress, expanded=(files, problems), kind=kind)
    echo_summary(report, RENDER_LABELS)
    if any(o.reason for o in report.of(OK)):
        click.secho("注意：标为“草稿”的文档按 --force 生成（每页页眉和文档标题都标有“草稿”），数据存在错误，不能作为正式公开文件。",
                    fg="red", bold=True)
    sys.exit(report.exit_code)


def single_output(out: Path | None) -> Path | None:
    """-o for one file is a file name, checked exactly as before the batch form existed."""
    if out is None:
        return None
    ctx = click.get_current_context()
    param = next(p for p in ctx.command.params if p.name == "out")
    return click.Path(dir_okay=False, path_type=Path).convert(str(out), param, ctx)
