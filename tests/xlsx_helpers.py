"""Helpers for tests that handle the fill-in workbook the way a person would: find a table by
the header texts they can see, then type into the cells below it. Deliberately independent of
budgetauthor.workbook (only the Chinese texts on screen are used)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl


def clean(text) -> str:
    return str(text or "").replace("*", "").strip()


def header_row(ws, *texts: str, after: int = 0) -> tuple[int, dict[str, int]]:
    """The first row (below `after`) whose cells include all `texts`; → (row, header → column)."""
    for row in ws.iter_rows(min_row=after + 1, max_row=min(ws.max_row, 200)):
        found = {clean(c.value): c.column for c in row if c.value is not None and not isinstance(c.value, float)}
        if all(t in found for t in texts):
            return row[0].row, found
    raise AssertionError(f"{ws.title}: no header row with {texts}")


def label_row(ws, label: str, after: int = 0) -> int:
    for row in range(after + 1, ws.max_row + 1):
        if clean(ws.cell(row, 1).value) == label:
            return row
    raise AssertionError(f"{ws.title}: no row labelled {label}")


def first_empty(ws, col: int, start: int) -> int:
    row = start
    while ws.cell(row, col).value not in (None, ""):
        row += 1
    return row


def typed(value, kind: str = "text"):
    """What a person's typing leaves in a cell: numbers for amounts and counts, text otherwise."""
    if value is None:
        return None
    if kind == "number":
        try:
            d = Decimal(str(value).replace(",", ""))
        except ArithmeticError:
            return str(value)  # a name under a key that is an amount elsewhere
        return int(d) if d == d.to_integral_value() else float(d)
    return str(value)


def load(path):
    return openpyxl.load_workbook(path)
