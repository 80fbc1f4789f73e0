"""The Excel fill-in workbook (填报表): one declarative layout shared by the writer and the reader.

    from budgetauthor.workbook.writer import write_workbook
    write_workbook("预算填报.xlsx", data=None, year=2025)   # the blank template (`budgetauthor init`)

layout.py (what the sheets hold) and cells.py (cell values ↔ text) are the shared part: the
reader (load/xlsx_source.py) imports only those, so reading a workbook never loads the writer.
This package therefore imports nothing itself.
"""
