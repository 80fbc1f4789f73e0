"""Exchange with what the clerk already has: the budget system's export, last year's file, and
the published tables as data.

    from budgetauthor.exchange import import_export, write_result, read_last_year, start_of_year
    result = import_export("导出.xlsx", previous="2024.yaml")   # ExportInconsistent if tables disagree
    write_result(result, "2025.yaml")
    export_tables(report.derived, "公开数据/", fmt="csv", profile=layout)

Modules: tables (the standard tables as budget systems export them, declared once), grid and
reader (an export workbook → facts with sheet!cell), texts and from_texts (the export's text
sheets → the file's texts), facts (a figure as a question about the ledger), allocate and ledger
(a ledger reproducing every table), carryover (last year's file), importer (all of it → a budget
file), document_tables and export (the document's own tables as data), views and export_workbook
(the standard tables as an export workbook).
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
