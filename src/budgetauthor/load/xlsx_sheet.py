"""One worksheet, streamed: the values of its non-empty cells, which of them are formulas or
Excel error values, its merged ranges and its drop-down lists.

openpyxl's own cell reader gives either a formula's text or its cached value, never both; we
need both (a formula's cached value is used, and a formula without one is reported as such).
So cells are read here, with lxml's iterparse filtered to the few tags that matter (about 5 µs a
cell; openpyxl's parser takes 13), from the archive openpyxl opened read-only — its shared
strings, date styles and epoch are used as openpyxl would. Parsing is safe: xlsx_safety refused
any DTD before, and entities and network access are off. Empty cells (most of a fill-in sheet:
the formatted input rows) are never stored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from openpyxl.cell.text import Text
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

from ..errors import InputError
from ..findings import Location
from ..rulebook import XLSX_INVALID, XLSX_UNSAFE
from .xlsx_safety import MAX_SHEET_CELLS

_NS = f"{{{SHEET_MAIN_NS}}}"
CELL, ROW, VALUE, FORMULA, INLINE = (f"{_NS}{t}" for t in ("c", "row", "v", "f", "is"))
MERGE, VALIDATION = f"{_NS}mergeCell", f"{_NS}dataValidation"
FORMULA1 = f"{_NS}formula1"
_TAGS = (CELL, ROW, MERGE, VALIDATION)


@dataclass(frozen=True)
class DropDown:
    """A list-type data validation: the cells it covers and where its choices come from."""

    ranges: tuple[tuple[int, int, int, int], ...]  # (min_col, min_row, max_col, max_row)
    source: str  # formula1: a defined name, a range, or a quoted "a,b,c"
    strict: bool  # Excel refuses other values (errorStyle stop)

    def covers(self, row: int, col: int) -> bool:
        return any(c1 <= col <= c2 and r1 <= row <= r2 for c1, r1, c2, r2 in self.ranges)


@dataclass
class SheetData:
    title: str
    values: dict[tuple[int, int], object] = field(default_factory=dict)  # (row, col) → value
    formulas: set[tuple[int, int]] = field(default_factory=set)  # every formula cell
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)  # formulas without a value
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # "#DIV/0!" and the like
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_col, min_row, max_col, max_row)
    dropdowns: list[DropDown] = field(default_factory=list)
    rows: int = 0  # the used area: the last row and column holding anything
    cols: int = 0


def _error(message: str, path: Path, sheet: str, cell: str | None = None) -> InputError:
    return InputError.of(XLSX_INVALID, message, Location(file=str(path), sheet=sheet, cell=cell))


def _number(text: str):
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class _Cells:
    """Turns <c> elements into values the way openpyxl does (shared strings, dates, booleans)."""

    def __init__(self, wb, ws, path: Path):
        self.strings = ws._shared_strings
        self.dates = wb._date_formats
        self.epoch = wb.epoch
        self.path = path
        self.title = ws.title

    def read(self, element, sheet: SheetData, row: int, col: int) -> None:
        kind = element.get("t", "n")
        formula = element.find(FORMULA)
        if formula is not None:
            sheet.formulas.add((row, col))
        text = element.findtext(VALUE) if kind != "inlineStr" else None
        if kind == "inlineStr":
            child = element.find(INLINE)
            value = Text.from_tree(child).content if child is not None else None
        elif text is None or text == "":
            value = None
        elif kind == "e":
            sheet.errors[(row, col)] = text
            return
        else:
            value = self.convert(kind, text, element, row, col)
        if value is None or value == "":
            if formula is not None:
                sheet.uncached[(row, col)] = "=" + (formula.text or "")
            return
        sheet.values[(row, col)] = value

    def convert(self, kind: str, text: str, element, row: int, col: int):
        try:
            if kind == "n":
                value = _number(text)
                style = int(element.get("s") or 0)
                if style in self.dates and isinstance(value, (int, float)) and math.isfinite(value):
                    try:
                        return from_excel(value, self.epoch)
                    except (OverflowError, ValueError):
                        return value  # a "date" far outside the calendar: read as the number it is
                return value
            if kind == "s":
                return self.strings[int(text)]
            if kind == "b":
                return bool(int(text))
            if kind == "d":
                return from_ISO8601(text)
            return text  # "str": a formula's text result
        except (ValueError, IndexError, TypeError) as exc:
            where = f"{get_column_letter(col)}{row}"
            raise _error(f"工作表“{self.title}”的 {where} 单元格内容已损坏（{type(exc).__name__}），请在 Excel 中重新输入后保存",
                         self.path, self.title, where) from exc


def _coordinate(ref: str) -> tuple[int, int]:
    letters, number = coordinate_from_string(ref)
    return number, column_index_from_string(letters)


def read_sheet(wb, ws, path: Path) -> SheetData:
    """Stream one worksheet of a workbook opened by xlsx_safety.open_workbook."""
    sheet = SheetData(ws.title)
    cells = _Cells(wb, ws, path)
    done = 0  # the last row that ended; cells without an address count on from it
    current, row, col = None, 0, 0
    with wb._archive.open(ws._worksheet_path) as source:
        parser = etree.iterparse(source, events=("end",), tag=_TAGS, resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False, remove_comments=True)
        try:
            for _, element in parser:
                tag = element.tag
                if tag == CELL:
                    if element.get("r"):
                        row, col = _coordinate(element.get("r"))
                    else:
                        parent = element.getparent()
                        if parent is not current:
                            current, col = parent, 0
                            row = int(parent.get("r") or done + 1)
                        col += 1
                    if len(element):
                        cells.read(element, sheet, row, col)
                elif tag == ROW:
                    done = int(element.get("r") or done + 1)
                    element.clear()
                    while element.getprevious() is not None:  # rows already read: let them go
                        del element.getparent()[0]
                    continue
                elif tag == MERGE and element.get("ref"):
                    c1, r1, c2, r2 = range_boundaries(element.get("ref"))
                    sheet.merges.append((c1, r1, c2, r2))
                elif tag == VALIDATION:
                    _dropdown(element, sheet)
                element.clear()
        except etree.XMLSyntaxError as exc:
            raise _error(f"工作表“{ws.title}”的内容已损坏（XML 不完整），请在 Excel 中重新保存", path, ws.title) from exc
        except ValueError as exc:  # a malformed cell reference
            raise _error(f"工作表“{ws.title}”的单元格地址有误，请在 Excel 中重新保存", path, ws.title) from exc
    _measure(sheet, path)
    return sheet


def _dropdown(element, sheet: SheetData) -> None:
    if element.get("type") != "list":
        return
    source = (element.findtext(FORMULA1) or "").strip()
    ranges = []
    for ref in (element.get("sqref") or "").split():
        try:
            ranges.append(range_boundaries(ref))
        except ValueError:
            continue
    if source and ranges:
        sheet.dropdowns.append(DropDown(tuple(ranges), source, element.get("errorStyle", "stop") == "stop"))


def _measure(sheet: SheetData, path: Path) -> None:
    """The used area (values, formulas, errors and merges); refused when it is a huge grid."""
    keys = [*sheet.values, *sheet.uncached, *sheet.errors]
    sheet.rows = max([r for r, _ in keys] + [m[3] for m in sheet.merges if (m[1], m[0]) in sheet.values] + [0])
    sheet.cols = max([c for _, c in keys] + [0])
    if sheet.rows * sheet.cols > MAX_SHEET_CELLS:
        corner = f"{get_column_letter(sheet.cols)}{sheet.rows}"
        message = (f"工作表“{sheet.title}”的使用范围过大（A1:{corner}，约{sheet.rows * sheet.cols:,}个单元格，"
                   f"上限{MAX_SHEET_CELLS:,}个）：通常是远处的单元格误填了内容，请删除多余的行和列后重新保存")
        raise InputError.of(XLSX_UNSAFE, message, Location(file=str(path), sheet=sheet.title, cell=corner))
