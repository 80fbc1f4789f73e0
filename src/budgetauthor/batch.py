"""Many departments at once: validate or render every file of a folder (or a list, or a glob),
in parallel processes, never stopping at one bad file, with one outcome per input.

    report = render_many(["预算/"], "公开文件/", jobs=2)
    report.exit_code            # 0 all fine, 1 some invalid, 2 some unreadable, 3 an internal error
    [o.status for o in report.outcomes]   # "ok" / "invalid" / "failed", in input order

Each worker calls the library (load → validate → render), never the CLI. A worker returns plain
data (an `Outcome`), so whatever goes wrong in one file is reported for that file only; a worker
process that dies outright is detected and its files are retried one by one, so the file that
kills a process is named and the others are still done.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import BudgetAuthorError, ExitCode, InvalidBudget
from .findings import Finding, Severity
from .output import check_writable, output_error
from .rulebook import INPUT_EMPTY, INTERNAL_ERROR, Rule
from .validate import Options

INPUT_SUFFIXES = (".yaml", ".yml", ".xlsx")
OK, INVALID, FAILED = "ok", "invalid", "failed"


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    source: str
    status: str  # OK, INVALID (the data has errors) or FAILED (unreadable, unwritable, crash)
    exit_code: int  # as the single-file command would exit for this input
    output: str = ""  # the document written (render) when status is OK
    code: str = ""  # the first error's rule code
    reason: str = ""  # the first error's message, or why the file could not be processed
    errors: int = 0
    warnings: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class BatchReport:
    outcomes: list[Outcome]

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def exit_code(self) -> int:
        """The worst outcome: 3 if anything crashed, else 2 if a file was unreadable or could not be
        written, else 1 if some data was invalid, else 0."""
        return max((o.exit_code for o in self.outcomes), default=ExitCode.OK)

    def to_dict(self) -> dict:
        return {
            "valid": self.exit_code == ExitCode.OK,
            "exit_code": self.exit_code,
            "stats": {s: len(self.of(s)) for s in (OK, INVALID, FAILED)},
            "files": [o.to_dict() for o in self.outcomes],
        }


# ---- inputs ----------------------------------------------------------------------------------------


def _has_magic(text: str) -> bool:
    return glob.has_magic(text)


def is_batch(arguments: Sequence[str | Path]) -> bool:
    """More than one argument, a folder or a pattern: the batch form. One file: the single form."""
    if len(arguments) != 1:
        return True
    path = Path(arguments[0])
    return path.is_dir() or (_has_magic(str(arguments[0])) and not path.exists())


def _wanted(path: Path) -> bool:
    name = path.name
    return (
        path.suffix.lower() in INPUT_SUFFIXES
        and not name.startswith((".", "~$"))  # hidden files, Excel's lock files
        and path.is_file()
    )


def expand(arguments: Iterable[str | Path]) -> tuple[list[Path], list[Outcome]]:
    """Files to process, in the order given (a folder's files and a pattern's matches sorted by
    name), each once; and a failed outcome for each folder or pattern that yields nothing.

    Patterns are expanded here, not by the shell, so `"预算/*.yaml"` works in Windows shells too.
    A plain path is kept as given even if it does not exist: loading it reports why."""
    files: list[Path] = []
    problems: list[Outcome] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.normcase(str(path.resolve()))
        if key not in seen:
            seen.add(key)
            files.append(path)

    for argument in arguments:
        text = str(argument)
        path = Path(text)
        if path.is_dir():
            found = sorted((p for p in path.iterdir() if _wanted(p)), key=lambda p: p.name)
            if not found:
                problems.append(_failed(text, INPUT_EMPTY, f"文件夹中没有 .yaml、.yml 或 .xlsx 数据文件：{text}", ExitCode.UNUSABLE))
            for p in found:
                add(p)
        elif _has_magic(text) and not path.exists():
            found = sorted(Path(p) for p in glob.glob(text, recursive=True) if _wanted(Path(p)))
            if not found:
                problems.append(_failed(text, INPUT_EMPTY, f"没有与“{text}”匹配的 .yaml、.yml 或 .xlsx 数据文件", ExitCode.UNUSABLE))
            for p in found:
                add(p)
        else:
            add(path)
    return files, problems


def check_output_dir(folder: Path) -> Path:
    """The -o of a batch must be an existing folder (never created for the user: a typo would
    otherwise scatter documents into a new folder)."""
    folder = Path(folder)
    if not folder.exists():
        raise output_error(f"输出目录不存在：{folder}（请先创建该目录，或换一个输出位置）", folder)
    if not folder.is_dir():
        raise output_error(f"处理多个文件时 -o 应为输出目录，而“{folder}”是一个文件", folder)
    check_writable(folder, folder)
    return folder


def output_paths(inputs: Sequence[Path], folder: Path | None) -> list[Path]:
    """One document per input, named after it, in `folder` (or beside the input). Names that
    would collide (a.yaml and a.xlsx, or two folders' a.yaml) get -2, -3… in input order."""
    taken: set[str] = set()
    out = []
    for source in inputs:
        target_dir = folder if folder is not None else (source.parent if str(source.parent) else Path("."))
        candidate = target_dir / f"{source.stem}.docx"
        n = 1
        while os.path.normcase(str(candidate.resolve())).lower() in taken:
            n += 1
            candidate = target_dir / f"{source.stem}-{n}.docx"
        taken.add(os.path.normcase(str(candidate.resolve())).lower())
        out.append(candidate)
    return out


# ---- one file (runs in a worker process) -----------------------------------------------------------


def _failed(source: str, rule: Rule, reason: str, exit_code: int) -> Outcome:
    return Outcome(source, FAILED, exit_code, code=rule.code, reason=reason)


def _first_error(findings: list[Finding]) -> Finding | None:
    return next((f for f in findings if f.severity is Severity.ERROR), None)


def _from_exception(source: str, exc: BaseException) -> Outcome:
    if isinstance(exc, InvalidBudget):
        first = _first_error(exc.findings)
        report = exc.report
        return Outcome(source, INVALID, ExitCode.INVALID, code=first.code if first else "",
                       reason=first.message if first else exc.message,
                       errors=len(report.errors), warnings=len(report.warnings))
    if isinstance(exc, BudgetAuthorError):
        first = _first_error(exc.findings) or exc.findings[0]
        return Outcome(source, FAILED, exc.exit_code, code=first.code, reason=exc.message)
    return _failed(source, INTERNAL_ERROR,
                   f"budgetauthor 内部出错（{type(exc).__name__}：{exc}），这不是您数据的问题，请把该文件发给维护人员",
                   ExitCode.BUG)


def validate_one(source: str, options: Options | None = None) -> Outcome:
    from .load import load
    from .validate import validate

    try:
        report = validate(load(source), options)
    except Exception as exc:  # noqa: BLE001 - every failure becomes this file's outcome
        return _from_exception(source, exc)
    first = _first_error(report.findings)
    if first is None:
        return Outcome(source, OK, ExitCode.OK, warnings=len(report.warnings))
    return Outcome(source, INVALID, ExitCode.INVALID, code=first.code, reason=first.message,
                   errors=len(report.errors), warnings=len(report.warnings))


def render_one(source: str, out: str, template: str | None = None, force: bool = False, pdf: bool = False,
               options: Options | None = None) -> Outcome:
    from .pipeline import render

    try:
        result = render(source, out, template=template, force=force, pdf=pdf, options=options)
    except Exception as exc:  # noqa: BLE001 - every failure becomes this file's outcome
        return _from_exception(source, exc)
    report = result.report
    first = _first_error(report.findings)
    reason = f"数据存在错误，按 --force 生成的草稿：[{first.code}] {first.message}" if first else ""
    return Outcome(source, OK, ExitCode.OK, output=str(result.docx), code=first.code if first else "",
                   reason=reason, errors=len(report.errors), warnings=len(report.warnings))


# ---- many files ------------------------------------------------------------------------------------

Progress = Callable[[Outcome], None]


def _run(tasks: list[tuple[Callable, tuple]], jobs: int, progress: Progress | None) -> list[Outcome]:
    """Run the tasks (function, args) and return their outcomes in task order."""
    results: list[Outcome | None] = [None] * len(tasks)

    def done(i: int, outcome: Outcome) -> None:
        results[i] = outcome
        if progress:
            progress(outcome)

    if jobs <= 1 or len(tasks) <= 1:
        for i, (fn, args) in enumerate(tasks):
            done(i, fn(*args))
        return results  # type: ignore[return-value]

    pending = list(range(len(tasks)))
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        futures = {pool.submit(tasks[i][0], *tasks[i][1]): i for i in pending}
        try:
            for future in as_completed(futures):
                i = futures[future]
                try:
                    done(i, future.result())
                except BrokenProcessPool:
                    break  # a worker died: the files not done yet are retried one by one below
        finally:
            for future in futures:
                future.cancel()
    for future, i in futures.items():  # finished before the break but not yet collected
        if results[i] is None and future.done() and not future.cancelled() and future.exception() is None:
            done(i, future.result())
    for i in (i for i in pending if results[i] is None):
        done(i, _isolated(tasks[i]))
    return results  # type: ignore[return-value]


def _isolated(task: tuple[Callable, tuple]) -> Outcome:
    """Run one task in a process of its own: if that process dies too, this file is the cause."""
    fn, args = task
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            return _failed(str(args[0]), INTERNAL_ERROR,
                           "处理该文件时工作进程意外退出（可能是内存不足），这不是您数据的问题，请把该文件发给维护人员",
                           ExitCode.BUG)


def validate_many(arguments: Iterable[str | Path], options: Options | None = None, *, jobs: int = 1,
                  progress: Progress | None = None, expanded: tuple[list[Path], list[Outcome]] | None = None
                  ) -> BatchReport:
    """Validate every input (files, folders, patterns); one outcome per file, in input order."""
    files, problems = expanded or expand(arguments)
    tasks = [(validate_one, (str(f), options)) for f in files]
    if jobs > 1:
        from . import validate as _preload  # noqa: F401 - loaded once before workers fork
    return BatchReport(problems + _run(tasks, jobs, progress))


def render_many(arguments: Iterable[str | Path], output_dir: str | Path | None = None, *,
                template: str | Path | None = None, force: bool = False, pdf: bool = False,
                options: Options | None = None, jobs: int = 1, progress: Progress | None = None,
                expanded: tuple[list[Path], list[Outcome]] | None = None) -> BatchReport:
    """Render every input to its own .docx in `output_dir` (an existing folder) or beside it."""
    folder = check_output_dir(Path(output_dir)) if output_dir is not None else None
    files, problems = expanded or expand(arguments)
    outs = output_paths(files, folder)
    template = str(template) if template else None
    tasks = [(render_one, (str(f), str(o), template, force, pdf, options)) for f, o in zip(files, outs)]
    if jobs > 1:
        from . import pipeline as _preload  # noqa: F401 - docxtpl & co. loaded once before workers fork
    return BatchReport(problems + _run(tasks, jobs, progress))

