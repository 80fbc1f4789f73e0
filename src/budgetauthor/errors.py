"""Exceptions the library raises for a user's mistake; the CLI maps each to an exit code.

BudgetAuthorError
 ├── InputError        the file cannot be read at all (exit 2): missing, too big, not YAML/xlsx, hostile
 ├── InvalidBudget     the file was read but has errors that block rendering (exit 1)
 ├── TemplateProblem   a Word template is broken or asks for data we do not have (exit 1)
 ├── OutputError       the output cannot be written where asked (exit 2)
 └── ConversionError   the PDF conversion is unavailable or failed (exit 1)

Anything else escaping the library is a bug: the CLI apologises and exits 3.
"""

from __future__ import annotations

from .findings import Finding


class BudgetAuthorError(Exception):
    exit_code = 1

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.message = message
        self.findings = findings or []


class InputError(BudgetAuthorError):
    exit_code = 2


class InvalidBudget(BudgetAuthorError):
    exit_code = 1

    def __init__(self, message: str, report):
        super().__init__(message, report.findings)
        self.report = report


class TemplateProblem(BudgetAuthorError):
    exit_code = 1


class OutputError(BudgetAuthorError):
    exit_code = 2


class ConversionError(BudgetAuthorError):
    exit_code = 1
