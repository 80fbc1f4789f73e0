"""Write the fill-in workbook from the layout: blank (`budgetauthor init`) or filled from plain data.

The clerk sees: a 填报说明 sheet, one sheet per part of the budget with a title, a short note,
a coloured header row and white input cells; grey cells are locked (labels, hints, the name
formulas). Every sheet is protected without a password so a clerk can unprotect it to insert
rows. The workbook's structure is protected too (also without a password): a sheet cannot be
renamed, deleted, hidden or moved by accident — the reader finds sheets by name, and a renamed
one would be missing. Drop-downs read their lists from the hidden `_lists` sheet through
defined names. A column header or a form label is marked * exactly when validate requires the
value (workbook/marks.py derives the marks from the schema).
"""

from __future__ import annotations

import io
from copy import copy
from pathlib import Path
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from .. import catalog as catalog_mod
from ..output import write_atomic
from . import guide
from .cells import number_format, write_value
from .layout import (
    CATALOG_LISTS,
    DEPARTMENT,
    FREE_LABEL_LISTS,
    GUIDE_SHEET,
    LIST_OWNERS,
    LIST_PROJECTS,
    LIST_UNIT_CODES,
    LISTS_SHEET,
    LONG,
    LOOKUP_CATALOG,
    LOOKUP_UNITS,
    SHEETS,
    STATIC_LISTS,
    Column,
    Entry,
    Rows,
    Sheet,
    Table,
)

# ---- styles ----------------------------------------------------------------------------------

FONT = "宋体"
_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name=FONT, size=16, bold=True, color="1F3864")
BLOCK_FONT = Font(name=FONT, size=12, bold=True, color="1F3864")
NOTE_FONT = Font(name=FONT, size=10, color="595959")
HEADER_FONT = Font(name=FONT, size=11, bold=True, color="1F3864")
BODY_FONT = Font(name=FONT, size=11)
LABEL_FONT = Font(name=FONT, size=11, bold=True)
HINT_FONT = Font(name=FONT, size=9, color="7F7F7F")
HEADER_FILL = PatternFill("solid", fgColor="BDD7EE")
REQUIRED_FILL = PatternFill("solid", fgColor="9BC2E6")
BLOCK_FILL = PatternFill("solid", fgColor="DDEBF7")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MIDDLE = Alignment(vertical="center")
SPARE_ROWS = 20  # empty rows left below written data
ROW_HEIGHT = 18  # points: input rows a little taller than Excel's default, easier to type in


def _get(data, path: tuple):
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def positions(block) -> list[int]:
    """The sheet column where each of the block's columns starts (forms may span columns)."""
    spans = getattr(block, "spans", ()) or (1,) * len(block.columns)
    out, col = [], 1
    for span in spans:
        out.append(col)
        col += span
    return out


def block_width(block) -> int:
    return sum(getattr(block, "spans", ()) or (1,) * len(block.columns))


def _dicts(value) -> list[dict]:
    """The records of a list (anything else in the data is not a list of records)."""
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _text(value) -> str | None:
    """Scalars only: a misplaced list or mapping in the data is not written."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


class _Writer:
    def __init__(self, data: dict | None, year: int):
        self.data = data or {}
        self.year = year
        self.catalog = catalog_mod.builtin(year)
        self.wb = Workbook()
        self.names: dict[str, str] = {}  # defined name -> reference
        self.project_rows = (0, 0)  # first and last input row of the 项目 sheet
        self.styles: dict[tuple, object] = {}  # a cell style already built → its style record

    # ---- sheets ------------------------------------------------------------------------------

    def build(self) -> Workbook:
        self.wb.active.title = GUIDE_SHEET
        for sheet in SHEETS:
            self.write_sheet(sheet)
        self.write_lists()
        guide.write(self.wb[GUIDE_SHEET], self.year, self.catalog.origin)
        self.wb.calculation.fullCalcOnLoad = True
        self.wb.active = 0
        self.wb.security = WorkbookProtection(lockStructure=True)
        return self.wb

    def write_sheet(self, sheet: Sheet) -> None:
        ws = self.wb.create_sheet(sheet.name)
        width = max(block_width(b) for b in sheet.blocks)
        ws.cell(1, 1, sheet.title).font = TITLE_FONT
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.row_dimensions[1].height = 28
        self.set_widths(ws, sheet)
        row, headers = 3, []
        for block in sheet.blocks:
            if isinstance(block, Table):
                header, row = self.write_table(ws, block, row)
            else:
                header, row = self.write_rows(ws, block, row)
            headers.append(header)
            row += 2
        single = sheet.blocks[0] if len(sheet.blocks) == 1 else None
        self.finish(ws, headers[0] if single else None, getattr(single, "freeze_first", False))

    def set_widths(self, ws, sheet: Sheet) -> None:
        widths: dict[int, float] = {}
        for block in sheet.blocks:
            if getattr(block, "spans", ()):
                continue  # a form laid over a wider table takes the table's widths
            for j, column in enumerate(block.columns, start=1):
                widths[j] = max(widths.get(j, 0), column.width)
        for j, w in widths.items():
            ws.column_dimensions[get_column_letter(j)].width = w

    def finish(self, ws, header_row: int | None, freeze_first: bool = False) -> None:
        ws.protection = SheetProtection(
            sheet=True, formatColumns=False, formatRows=False, formatCells=False,
            insertRows=False, deleteRows=False, sort=False, autoFilter=False,
        )
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        if header_row:
            ws.freeze_panes = ws.cell(header_row + 1, 2 if freeze_first else 1)
            ws.print_title_rows = f"{header_row}:{header_row}"

    # ---- block scaffolding -----------------------------------------------------------------

    def block_head(self, ws, block, row: int) -> int:
        """Title, note and header rows; returns the header row."""
        width = block_width(block)
        total = getattr(block, "total", None)
        title_width = [c.key for c in block.columns].index(total) - 1 if total else width
        self.banner(ws, row, block.title, BLOCK_FONT, title_width, fill=BLOCK_FILL)
        ws.row_dimensions[row].height = 22
        title_row = row
        if block.note:
            row += 1
            self.banner(ws, row, block.note, NOTE_FONT, width)
            ws.row_dimensions[row].height = guide.text_height(block.note, self.span_width(ws, width), 13)
        row += 1
        marks = isinstance(block, Table)  # a form marks its rows, not its columns
        for start, span, column in zip(positions(block), self.spans(block), block.columns):
            ws.cell(row, start, ("*" if marks and column.required else "") + column.header)
            self.style_span(ws, row, start, span, font=HEADER_FONT, alignment=CENTER,
                            fill=REQUIRED_FILL if column.required else HEADER_FILL)
        ws.row_dimensions[row].height = 30
        if total:
            self.total_cells(ws, block, title_row, row)
        return row

    def total_cells(self, ws, table: Table, title_row: int, header: int) -> None:
        """"明细合计" beside the block title: a SUM for the clerk to compare with 批复数."""
        total = cast(str, table.total)  # only called for a table that has one
        col = [c.key for c in table.columns].index(total) + 1
        letter = get_column_letter(col)
        last = header + max(table.rows, len(self.records(table)) + SPARE_ROWS)
        label = self.locked_cell(ws, title_row, col - 1, "明细合计", LABEL_FONT)
        label.alignment = Alignment(horizontal="right", vertical="center")
        cell = self.locked_cell(ws, title_row, col, f"=SUM({letter}{header + 1}:{letter}{last})",
                                LABEL_FONT, formula=True)
        cell.number_format = number_format(table.column(total).type)
        cell.alignment = MIDDLE

    @staticmethod
    def spans(block) -> tuple[int, ...]:
        return getattr(block, "spans", ()) or (1,) * len(block.columns)

    @staticmethod
    def span_width(ws, width: int) -> float:
        return sum(ws.column_dimensions[get_column_letter(j)].width or 10 for j in range(1, width + 1))

    @staticmethod
    def style_span(ws, row: int, start: int, span: int, **style) -> None:
        """Style a cell and, for a spanned form column, merge it with its neighbours."""
        for col in range(start, start + span):
            cell = ws.cell(row, col)
            cell.border = BORDER
            for name, value in style.items():
                setattr(cell, name, value)
        if span > 1:
            ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=start + span - 1)

    @staticmethod
    def banner(ws, row: int, text: str, font: Font, width: int, fill=None) -> None:
        cell = ws.cell(row, 1, text)
        cell.font, cell.alignment = font, Alignment(wrap_text=True, vertical="center")
        if fill:
            cell.fill = fill
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)

    def styled(self, cell, key: tuple, apply) -> None:
        """Give the cell the style `apply` sets, built once per kind of cell: openpyxl looks
        every font, border and fill up in the workbook's style tables when it is assigned, which
        made styling most of the time of writing a 2,000-line ledger; a copied style record
        points at the same table entries."""
        record = self.styles.get(key)
        if record is None:
            apply(cell)
            self.styles[key] = copy(cell._style)
        else:
            cell._style = copy(record)

    def input_cell(self, ws, row: int, col: int, type_: str, value=None):
        cell = ws.cell(row, col)
        self.put(cell, write_value(value, type_))

        def apply(c) -> None:
            c.number_format = number_format(type_)
            c.protection, c.border, c.font = UNLOCKED, BORDER, BODY_FONT
            c.alignment = WRAP if type_ == LONG else MIDDLE

        self.styled(cell, ("input", type_), apply)
        return cell

    @staticmethod
    def put(cell, value) -> None:
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text the user typed, never a formula

    def locked_cell(self, ws, row: int, col: int, value=None, font: Font = BODY_FONT,
                    formula: bool = False):
        cell = ws.cell(row, col)
        if formula:
            cell.value = value
        elif value is not None:
            self.put(cell, value)

        def apply(c) -> None:
            c.protection, c.border, c.fill, c.font = LOCKED, BORDER, LOCKED_FILL, font
            c.alignment = WRAP

        self.styled(cell, ("locked", id(font)), apply)  # fonts are the module's constants
        return cell

    def name_formula(self, ws, row: int, col: int, code_col: int | None, literal: str | None) -> None:
        if literal:
            self.locked_cell(ws, row, col, literal)
            return
        ref = f"{get_column_letter(cast(int, code_col))}{row}"  # a name column always has its code column
        code = f'LEFT({ref},FIND(" ",{ref}&" ")-1)'
        formula = (f'=IF({ref}="","",IFERROR(VLOOKUP({code},{LOOKUP_CATALOG},2,FALSE),'
                   f'IFERROR(VLOOKUP({code},{LOOKUP_UNITS},2,FALSE),"")))')
        self.locked_cell(ws, row, col, formula, formula=True)

    def validation(self, ws, column: Column, ref: str, choices: str | None = None) -> None:
        choices = choices or column.choices
        if not choices and not column.prompt:
            return
        dv = DataValidation(type="list" if choices else None, formula1=choices, allow_blank=True)
        if choices:
            dv.showErrorMessage = True
            dv.errorStyle = "stop" if column.strict else "warning"
            dv.errorTitle = "请从下拉列表选择" if column.strict else "不在下拉列表中"
            dv.error = ("请从下拉列表中选择。" if column.strict
                        else "该值不在下拉列表中。确实要使用吗？（本工具会在校验时检查）")
        if column.prompt:
            dv.showInputMessage = True
            dv.promptTitle = column.header[:32]
            dv.prompt = column.prompt[:255]
        ws.add_data_validation(dv)
        dv.add(ref)

    # ---- tables --------------------------------------------------------------------------------

    def records(self, table: Table) -> list[dict]:
        value = _get(self.data, table.path) if table.path else None
        if table.kind == "map":
            return [{"@key": k, "@value": v} for k, v in (value or {}).items()] if isinstance(value, dict) else []
        if table.kind == "indicators":
            return self.indicator_records()
        return _dicts(value)

    def indicator_records(self) -> list[dict]:
        rows = []
        for project in _dicts(self.data.get("projects")):
            rows += [{"@owner": project.get("name"), **i} for i in _dicts(project.get("indicators"))]
        performance = _dicts(_get(self.data, ("performance", "indicators")))
        return rows + [{"@owner": DEPARTMENT, **i} for i in performance]

    def write_table(self, ws, table: Table, row: int) -> tuple[int, int]:
        header = self.block_head(ws, table, row)
        records = self.records(table)
        count = max(table.rows, len(records) + SPARE_ROWS)
        first, last = header + 1, header + count
        columns = {c.key: j for j, c in enumerate(table.columns, start=1)}
        for i in range(count):
            record = records[i] if i < len(records) else {}
            r = first + i
            for j, column in enumerate(table.columns, start=1):
                value = _text(record.get(column.key))
                if column.lookup:
                    self.name_formula(ws, r, j, columns[column.lookup], value)
                else:
                    self.input_cell(ws, r, j, column.type, value)
            self.fit_height(ws, table, r)
        for j, column in enumerate(table.columns, start=1):
            letter = get_column_letter(j)
            if not column.lookup:
                self.validation(ws, column, f"{letter}{first}:{letter}{last}")
        self.register(ws, table, first, last)
        return header, last

    def register(self, ws, table: Table, first: int, last: int) -> None:
        """Defined names that point into this table (unit codes, project names)."""
        sheet = quote_sheetname(ws.title)
        if table.path == ("profile", "units"):
            self.names[LIST_UNIT_CODES] = f"{sheet}!$A${first}:$A${last}"
            self.names[LOOKUP_UNITS] = f"{sheet}!$A${first}:$B${last}"
        elif table.path == ("projects",):
            self.names[LIST_PROJECTS] = f"{sheet}!$A${first}:$A${last}"
            self.project_rows = (first, last)

    # ---- label-driven rows -------------------------------------------------------------------

    def write_rows(self, ws, block: Rows, row: int) -> tuple[int, int]:
        header = self.block_head(ws, block, row)
        r = header
        entry: Entry | None
        for entry in block.fixed:
            r += 1
            self.fixed_row(ws, block, entry, r)
            self.finish_row(ws, block, r)
        items = self.free_items(block)
        count = max(block.free_rows, len(items) + SPARE_ROWS) if block.free else 0
        for i in range(count):
            r += 1
            entry, cells = items[i] if i < len(items) else (None, {})
            self.free_row(ws, block, entry, cells, r)
            self.finish_row(ws, block, r)
        if count:
            label_col = self.col(block, "label")
            letter = get_column_letter(label_col)
            self.validation(ws, block.column("label"), f"{letter}{r - count + 1}:{letter}{r}",
                            block.label_choices)
        return header, r

    @staticmethod
    def col(block: Rows, key: str) -> int | None:
        for j, column in zip(positions(block), block.columns):
            if column.key == key:
                return j
        return None

    def finish_row(self, ws, block: Rows, r: int) -> None:
        for start, span in zip(positions(block), self.spans(block)):
            if span > 1:
                ws.merge_cells(start_row=r, start_column=start, end_row=r, end_column=start + span - 1)
        self.fit_height(ws, block, r)

    def fit_height(self, ws, block, r: int) -> None:
        """Rows holding long text grow so the text shows (Excel does not fit rows it did not
        see typed)."""
        lines = 1
        for start, span in zip(positions(block), self.spans(block)):
            cell = ws.cell(r, start)
            if isinstance(cell.value, str) and cell.data_type != "f" and cell.alignment.wrap_text:
                width = self.span_width_from(ws, start, span)
                lines = max(lines, guide.line_count(cell.value, width))
        ws.row_dimensions[r].height = min(409, max(ROW_HEIGHT, 15 * lines + 4))

    @staticmethod
    def span_width_from(ws, start: int, span: int) -> float:
        return sum(ws.column_dimensions[get_column_letter(j)].width or 10 for j in range(start, start + span))

    @staticmethod
    def cells_of(entry: Entry, value, key: str | None = None) -> dict[str, str | None]:
        """Column key → text for one entry's value (scalar, or a mapping of sub-keys)."""
        cells: dict[str, str | None] = {"key": key} if key is not None else {}
        if isinstance(value, dict):
            for column, sub in entry.fields:
                cells[column] = _text(value.get(sub)) if sub else None
        elif value is not None:
            cells[entry.fields[0][0]] = _text(value)  # a bare comparison is its amount
        return cells

    def free_items(self, block: Rows) -> list[tuple[Entry, dict]]:
        items = []
        for entry in block.free:
            value = _get(self.data, entry.path)
            if value is None:
                continue
            if entry.mode == "value":
                items.append((entry, self.cells_of(entry, value)))
            elif entry.mode == "list" and isinstance(value, list):
                items.extend((entry, self.cells_of(entry, v)) for v in value if v is not None)
            elif entry.mode == "map" and isinstance(value, dict):
                items.extend((entry, self.cells_of(entry, v, str(k))) for k, v in value.items())
        return items

    def value_type(self, block: Rows, entry: Entry | None, key: str) -> str:
        if key == "key":
            return entry.key_type if entry else block.column("key").type
        return (entry.type if entry else None) or block.column(key).type

    def fixed_row(self, ws, block: Rows, entry: Entry, r: int) -> None:
        value = _get(self.data, entry.path)
        cells = self.cells_of(entry, value)
        fields = {column for column, _ in entry.fields}
        for j, column in zip(positions(block), block.columns):
            if column.key == "label":
                self.locked_cell(ws, r, j, ("*" if entry.required else "") + entry.label, LABEL_FONT)
            elif column.key == "hint":
                self.locked_cell(ws, r, j, entry.hint or None, HINT_FONT)
            elif column.key in fields:
                type_ = self.value_type(block, entry, column.key)
                self.input_cell(ws, r, j, type_, cells.get(column.key))
                if entry.choices:
                    choice = Column(column.key, entry.label, choices=entry.choices, strict=True)
                    self.validation(ws, choice, f"{get_column_letter(j)}{r}")
            else:
                self.locked_cell(ws, r, j)

    def free_row(self, ws, block: Rows, entry: Entry | None, cells: dict, r: int) -> None:
        key_col = self.col(block, "key")
        for j, column in zip(positions(block), block.columns):
            if column.key == "label":
                self.input_cell(ws, r, j, "text", entry.label if entry else None)
            elif column.key == "name":
                self.name_formula(ws, r, j, key_col, None)
            elif column.key == "hint":
                self.locked_cell(ws, r, j)
            else:
                self.input_cell(ws, r, j, self.value_type(block, entry, column.key), cells.get(column.key))

    # ---- the hidden lists --------------------------------------------------------------------

    def catalog_list(self, scheme: str, lengths: tuple[int, ...]) -> list[str]:
        entries = self.catalog.scheme(scheme)
        return [f"{c} {e.name}" for c, e in sorted(entries.items()) if len(c) in lengths]

    def write_lists(self) -> None:
        ws = self.wb.create_sheet(LISTS_SHEET)
        sheet = quote_sheetname(LISTS_SHEET)
        codes = sorted({**self.catalog.function, **self.catalog.economic}.items())
        ws.cell(1, 1, "科目编码")
        ws.cell(1, 2, "科目名称")
        for i, (code, entry) in enumerate(codes, start=2):
            ws.cell(i, 1, code).number_format = "@"
            ws.cell(i, 2, entry.name)
        self.names[LOOKUP_CATALOG] = f"{sheet}!$A$2:$B${max(2, len(codes) + 1)}"
        lists: dict[str, list[str] | tuple[str, ...]] = {
            name: self.catalog_list(*spec) for name, spec in CATALOG_LISTS.items()
        }
        lists.update(STATIC_LISTS)
        lists.update(FREE_LABEL_LISTS)
        col = 3
        for name, values in lists.items():
            self.list_column(ws, col, name, list(values))
            col += 1
        self.owner_column(ws, col)
        for name, ref in self.names.items():
            self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
        ws.sheet_state = "hidden"
        ws.protection.sheet = True

    def list_column(self, ws, col: int, name: str, values: list[str]) -> None:
        letter = get_column_letter(col)
        ws.cell(1, col, name)
        for i, value in enumerate(values, start=2):
            ws.cell(i, col, value).number_format = "@"
        self.names[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"

    def owner_column(self, ws, col: int) -> None:
        """部门整体 followed by every project name typed in the 项目 sheet (formulas)."""
        letter = get_column_letter(col)
        ws.cell(1, col, LIST_OWNERS)
        ws.cell(2, col, DEPARTMENT)
        first, last = self.project_rows
        projects = quote_sheetname("项目")
        for i, r in enumerate(range(first, last + 1), start=3):
            ws.cell(i, col, f'=IF({projects}!$A${r}="","",{projects}!$A${r})')
        end = 2 + (last - first + 1)
        self.names[LIST_OWNERS] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${end}"


def build_workbook(data: dict | None = None, year: int | None = None) -> Workbook:
    """The fill-in workbook, blank or filled from plain data (the shape load() produces)."""
    if year is None:
        year = year_of(data) or max(catalog_mod.available_years())
    return _Writer(data, year).build()


def year_of(data: dict | None) -> int | None:
    text = str(_get(data or {}, ("profile", "year")) or "").strip().removesuffix("年")
    return int(text) if text.isdigit() and len(text) == 4 else None


def write_workbook(path: str | Path, data: dict | None = None, year: int | None = None, *,
                   inputs: tuple[str | Path | None, ...] = ()) -> Path:
    """Write the workbook atomically (output.write_atomic), never over one of `inputs`."""
    buffer = io.BytesIO()
    build_workbook(data, year).save(buffer)
    return write_atomic(Path(path), buffer.getvalue(), *inputs)
