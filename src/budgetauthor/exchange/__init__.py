"""Exchange with what the clerk already has: the budget system's export, last year's file, and
the published tables as data.

    from budgetauthor.exchange import import_export, write_result, read_last_year, start_of_year
    result = import_export("导出.xlsx", previous="2024.yaml")   # ExportInconsistent if tables disagree
    write_result(result, "2025.yaml")
    export_tables(report.derived, "公开数据/", fmt="csv")

Modules: tables (the standard tables, declared once), grid and reader (an export workbook →
facts with sheet!cell), facts (a figure as a question about the ledger), allocate and ledger (a
ledger reproducing every table), carryover (last year's file), importer (all of it → a budget
file), views and export (tables as data), export_workbook (tables as an export workbook).
"""

from __future__ import annotations

from .carryover import LastYear, PreviousFileError, read_last_year, start_of_year, start_workbook
from .export import export_tables
from .importer import ExportInconsistent, ImportResult, import_export, write_result

__all__ = [
    "ExportInconsistent",
    "ImportResult",
    "LastYear",
    "PreviousFileError",
    "export_tables",
    "import_export",
    "read_last_year",
    "start_of_year",
    "start_workbook",
    "write_result",
]
