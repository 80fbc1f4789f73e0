"""Exceptions the library raises for a user's mistake, and the exit code of each.

BudgetAuthorError
 ├── InputError        the file cannot be read at all (exit 2): missing, too big, not YAML/xlsx, hostile
 ├── InvalidBudget     the file was read but has errors that block rendering (exit 1)
 ├── TemplateProblem   a Word template is broken or asks for data we do not have (exit 1)
 ├── OutputError       the output cannot be written where asked (exit 2)
 └── ConversionError   the PDF conversion is unavailable or failed (exit 1)

Every one carries at least one finding with a catalogued rule code: raise them as
`InputError.of(FILE_MISSING, "找不到文件：…", path)`. Anything else escaping the library is a bug:
the CLI apologises and exits 3.
"""

from __future__ import annotations

from enum import IntEnum
from os import PathLike
from typing import TYPE_CHECKING, TypeVar

from .findings import Finding, Location

if TYPE_CHECKING:
    from .findings import Report
    from .rulebook import Rule


class ExitCode(IntEnum):
    """The one set of exit codes, for the single-file commands and the batch alike."""

    OK = 0  # valid (warnings allowed), or written
    INVALID = 1  # the data has errors, or a template is unusable
    UNUSABLE = 2  # an unreadable file, an unwritable output, or wrong usage
    BUG = 3  # an internal error: a bug of ours, never the user's data
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


Where = Location | str | PathLike[str] | None
_E = TypeVar("_E", bound="BudgetAuthorError")


def location_of(where: Where) -> Location | None:
    """A Location as given, or the Location of a file path."""
    if where is None or isinstance(where, Location):
        return where
    return Location(file=str(where))


class BudgetAuthorError(Exception):
    exit_code: ExitCode = ExitCode.INVALID

    def __init__(self, message: str, findings: list[Finding]):
        if not findings:
            raise TypeError("an error for the user carries at least one finding (use .of(rule, …))")
        super().__init__(message)
        self.message = message
        self.findings = findings

    @classmethod
    def of(cls: type[_E], rule: Rule, message: str, where: Where = None) -> _E:
        """The error of one finding: `rule`'s code, `message`, at `where` (a Location or a path)."""
        return cls(message, [rule.finding(message, location=location_of(where))])


class InputError(BudgetAuthorError):
    exit_code = ExitCode.UNUSABLE


class InvalidBudget(BudgetAuthorError):
    exit_code = ExitCode.INVALID

    def __init__(self, message: str, report: Report):
        super().__init__(message, report.findings)
        self.report = report


class TemplateProblem(BudgetAuthorError):
    exit_code = ExitCode.INVALID


class OutputError(BudgetAuthorError):
    exit_code = ExitCode.UNUSABLE


class ConversionError(BudgetAuthorError):
    exit_code = ExitCode.INVALID
