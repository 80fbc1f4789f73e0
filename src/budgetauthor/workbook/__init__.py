"""The Excel fill-in workbook (填报表): one declarative layout shared by the writer and the reader.

    from budgetauthor.workbook import write_workbook
    write_workbook("预算填报.xlsx", data=None, year=2025)   # the blank template (`budgetauthor init`)

The reader lives in load/xlsx_source.py and walks the same `layout.SHEETS`.
"""

from __future__ import annotations

from .writer import build_workbook, write_workbook

__all__ = ["build_workbook", "write_workbook"]
