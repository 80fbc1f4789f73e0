"""Running a library call for a command: our exceptions become messages and exit codes, a bug
becomes one line of apology (the traceback only with --debug), and a termination signal
(SIGTERM, SIGHUP) unwinds like Ctrl-C, so no temporary file or child process is left behind."""

from __future__ import annotations

import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, NoReturn, TypeVar

import click

from ..errors import BudgetAuthorError, ExitCode
from ..text import printable
from .display import echo_findings

T = TypeVar("T")


class Terminated(BaseException):
    """A termination signal, raised where the program is, so `finally` blocks clean up."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.exit_code = 128 + signum  # as shells report a process ended by that signal


def _raise_terminated(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated(signum)


@contextmanager
def signals_unwind() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated while the body runs (previous handlers restored)."""
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_terminated) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class Runner:
    """Runs a library call, turning our exceptions into messages and exit codes."""

    def __init__(self, debug: bool):
        self.debug = debug

    def __call__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            with signals_unwind():
                return fn(*args, **kwargs)
        except BudgetAuthorError as exc:
            echo_findings(exc.findings, err=True)
            if not (len(exc.findings) == 1 and exc.findings[0].message == exc.message):
                click.secho(f"错误：{printable(exc.message)}", fg="red", bold=True, err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("已中止。", err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except Terminated as exc:
            click.echo("已中止（收到终止信号）。", err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:  # noqa: BLE001 - the one place a bug is caught
            if self.debug:
                traceback.print_exc()
            click.secho(
                f"抱歉，budgetauthor 内部出错（{type(exc).__name__}），这不是您数据的问题。"
                "请加 --debug 重新运行查看详细信息，并把输出发给维护人员。",
                fg="red",
                err=True,
            )
            sys.exit(ExitCode.BUG)
