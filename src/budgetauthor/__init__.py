"""budgetauthor: write a 部门预算 disclosure from one ledger of budget lines.

Library API (the CLI is a thin layer over it):

    from budgetauthor import load, validate
    loaded = load("examples/minimal.yaml")        # raises InputError if unreadable
    report = validate(loaded)                      # Report(valid, errors, warnings, model)
"""

from __future__ import annotations

from .errors import BudgetAuthorError, InputError, InvalidBudget, OutputError, TemplateProblem
from .findings import Finding, Location, Report, Severity
from .load import LoadedInput, load
from .pipeline import RenderResult, render
from .validate import Options, validate

__all__ = [
    "BudgetAuthorError",
    "Finding",
    "InputError",
    "InvalidBudget",
    "LoadedInput",
    "Location",
    "Options",
    "OutputError",
    "Report",
    "Severity",
    "TemplateProblem",
    "load",
    "render",
    "RenderResult",
    "validate",
]
__version__ = "0.1.0"
