"""xlsx fill-in workbook → plain data with a sheet!cell location for every value.

The reader walks the same layout as the writer (workbook/layout.py). It finds each block by
its header texts (so title rows, merged cells, reordered columns and extra sheets do not
matter), skips blank rows, and never reads a formula: totals are recomputed downstream.
Structural problems — a missing sheet, a missing column, a row whose 类别 is unknown — are
collected and raised together as one InputError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from ..errors import InputError
from ..findings import Finding, Location
from ..rulebook import (
    XLSX_COLUMN_MISSING,
    XLSX_DUPLICATE,
    XLSX_INDICATOR_PROJECT,
    XLSX_KEY_MISSING,
    XLSX_LABEL_UNKNOWN,
    XLSX_SHEET_MISSING,
    Rule,
)
from ..text import normalize_text
from ..workbook.cells import read_value
from ..workbook.layout import (
    DEPARTMENT,
    LONG,
    SHEETS,
    TEXT,
    Column,
    Entry,
    Rows,
    Sheet,
    Table,
)
from .loaded import LoadedInput
from .xlsx_safety import open_workbook

MAX_HEADER_SCAN = 200  # a header row is looked for in the first rows of a sheet
_MARKS = re.compile(r"[*\"'“”‘’「」]")  # after normalisation (＊ is *, spaces are gone)


def norm(text) -> str:
    """Header/label comparison key: the normalised text without quotes or required-markers."""
    if text is None:
        return ""
    return _MARKS.sub("", normalize_text(str(text)))


def _names(column_or_entry) -> set[str]:
    main = column_or_entry.header if isinstance(column_or_entry, Column) else column_or_entry.label
    return {norm(main)} | {norm(a) for a in column_or_entry.aliases}


def _bare(text: str) -> str:
    """A header without a trailing parenthesised hint: "金额(万元)" → "金额"."""
    return re.sub(r"\([^()]*\)$", "", text)


@dataclass
class _Found:
    block: Table | Rows
    header: int  # 1-based row of the header
    columns: dict[str, int]  # column key → 1-based column
    end: int = 0  # last row of the block's data


class _Grid:
    """A worksheet's cells as values: formulas read as empty, vertically merged cells carry
    their anchor's value (a project name merged over its indicator rows)."""

    def __init__(self, ws):
        self.ws = ws
        self.values = [[None if cell.data_type == "f" or isinstance(cell, MergedCell) else cell.value
                        for cell in row] for row in ws.iter_rows()]
        self.rows = len(self.values)
        self.cols = max((len(r) for r in self.values), default=0)
        self.anchors: set[tuple[int, int]] = set()  # anchors of merges across several columns
        for rng in ws.merged_cells.ranges:
            if rng.min_col != rng.max_col:
                self.anchors.add((rng.min_row, rng.min_col))
                continue
            anchor = self.value(rng.min_row, rng.min_col)
            for r in range(rng.min_row + 1, min(rng.max_row, self.rows) + 1):
                self.values[r - 1][rng.min_col - 1] = anchor

    def value(self, row: int, col: int | None):
        if col is None or row > self.rows or col > len(self.values[row - 1]):
            return None
        return self.values[row - 1][col - 1]

    def text(self, row: int, col: int | None) -> str:
        value = self.value(row, col)
        return "" if value is None else str(value)

    def nonblank(self, row: int) -> list[int]:
        return [c for c in range(1, self.cols + 1) if str(self.value(row, c) or "").strip()]

    def is_title(self, row: int) -> bool:
        """A row whose only content sits in cells merged across columns (a title or a note)."""
        cells = self.nonblank(row)
        return bool(cells) and all((row, c) in self.anchors for c in cells)


class _Reader:
    def __init__(self, wb, path: Path):
        self.wb = wb
        self.path = path
        self.data: dict = {}
        self.locations: dict[tuple, Location] = {}
        self.problems: list[Finding] = []
        self.owners: list[tuple[str, dict, dict[str, Location], Location]] = []

    # ---- plumbing ----------------------------------------------------------------------------

    def loc(self, ws, row: int | None = None, col: int | None = None) -> Location:
        cell = f"{get_column_letter(col)}{row}" if row and col else None
        return Location(file=str(self.path), sheet=ws.title, cell=cell)

    def problem(self, rule: Rule, message: str, location: Location) -> None:
        self.problems.append(rule.finding(message, location=location))

    def put(self, path: tuple, value, location: Location) -> None:
        node = self.data
        for i, part in enumerate(path[:-1]):
            if isinstance(node, list):  # an existing record, e.g. ("projects", 0)
                node = node[part]
                continue
            if not isinstance(node.get(part), (dict, list)):
                node[part] = {}
                self.locations.setdefault(path[: i + 1], location)
            node = node[part]
        node[path[-1]] = value
        self.locations[path] = location

    def get(self, path: tuple):
        node = self.data
        for part in path:
            in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
            if not (in_list or (isinstance(node, dict) and part in node)):
                return None
            node = node[part]
        return node

    # ---- the workbook --------------------------------------------------------------------------

    def read(self) -> LoadedInput:
        sheets = {norm(ws.title): ws for ws in self.wb.worksheets}
        for sheet in SHEETS:
            ws = sheets.get(norm(sheet.name))
            if ws is None:
                if sheet.required:
                    self.problem(XLSX_SHEET_MISSING,
                                 f"工作簿中缺少“{sheet.name}”工作表（{sheet.intro}）", self.loc_file())
                continue
            self.read_sheet(sheet, ws)
        self.attach_indicators()
        if self.problems:
            raise InputError(self.problems[0].message, self.problems)
        return LoadedInput(data=self.data, source=self.path, kind="xlsx", locations=self.locations)

    def loc_file(self) -> Location:
        return Location(file=str(self.path))

    def read_sheet(self, sheet: Sheet, ws) -> None:
        grid = _Grid(ws)
        for section in sheet.sections:
            self.put(section, [] if section == ("ledger",) else {}, self.loc(ws))
        found = self.find_blocks(sheet, grid)
        for f in found:
            if isinstance(f.block, Table):
                self.read_table(grid, f)
            else:
                self.read_rows(grid, f)

    # ---- locating blocks by their headers ----------------------------------------------------

    def find_blocks(self, sheet: Sheet, grid: _Grid) -> list[_Found]:
        found = []
        for block in sheet.blocks:
            hit = self.find_header(sheet, block, grid)
            if hit:
                found.append(hit)
        found.sort(key=lambda f: f.header)
        for i, f in enumerate(found):
            f.end = found[i + 1].header - 1 if i + 1 < len(found) else grid.rows
            if i + 1 < len(found):
                f.end = self.drop_title(grid, f)
        return found

    @staticmethod
    def drop_title(grid: _Grid, f: _Found) -> int:
        """The row just above the next block's header is that block's title, not data."""
        end = f.end
        while end > f.header and not grid.nonblank(end):
            end -= 1
        if end > f.header and len(grid.nonblank(end)) == 1:
            return end - 1
        return f.end

    def match_row(self, block, grid: _Grid, row: int) -> dict[str, int]:
        columns: dict[str, int] = {}
        for c in range(1, grid.cols + 1):
            text = norm(grid.value(row, c))
            if not text:
                continue
            for column in block.columns:
                names = _names(column)
                if column.key not in columns and (text in names or _bare(text) in names):
                    columns[column.key] = c
                    break
        return columns

    def find_header(self, sheet: Sheet, block, grid: _Grid) -> _Found | None:
        required = [c for c in block.columns if c.required]
        best, best_row = {}, 0
        for row in range(1, min(grid.rows, MAX_HEADER_SCAN) + 1):
            columns = self.match_row(block, grid, row)
            hits = sum(1 for c in required if c.key in columns)
            if hits == len(required):
                return _Found(block, row, columns)
            if hits > sum(1 for c in required if c.key in best):
                best, best_row = columns, row
        hits = sum(1 for c in required if c.key in best)
        if sheet.required or hits >= max(2, (len(required) + 1) // 2):
            missing = "、".join(c.header for c in required if c.key not in best)
            where = self.loc(grid.ws, best_row, 1) if best_row else self.loc(grid.ws)
            self.problem(XLSX_COLUMN_MISSING,
                         f"“{grid.ws.title}”工作表的“{block.title.split('（')[0]}”部分缺少列：{missing}"
                         "（请按表头文字核对，列的顺序可以调整）", where)
        return None

    # ---- tables ------------------------------------------------------------------------------

    def cell_value(self, grid: _Grid, row: int, col: int | None, type_: str) -> str | None:
        return read_value(grid.value(row, col), type_) if col else None

    def read_table(self, grid: _Grid, f: _Found) -> None:
        table = cast(Table, f.block)
        inputs = [c for c in table.columns if not c.display and c.key in f.columns]
        first_col = min(f.columns.values())
        records: list[tuple[dict, dict[str, Location], Location]] = []
        for row in range(f.header + 1, f.end + 1):
            if grid.is_title(row):
                continue
            record, where = {}, {}
            for column in inputs:
                col = f.columns[column.key]
                value = self.cell_value(grid, row, col, column.type)
                where[column.key] = self.loc(grid.ws, row, col)
                if value is not None:
                    record[column.key] = value
            if record:
                records.append((record, where, self.loc(grid.ws, row, first_col)))
        if table.kind == "map":
            self.store_map(table, records, grid)
        elif table.kind == "indicators":
            self.collect_indicators(records)
        else:
            self.store_list(table.path, records, self.loc(grid.ws, f.header, first_col))

    def store_list(self, path: tuple, records, home: Location) -> None:
        existing = self.get(path)
        if not isinstance(existing, list):
            self.put(path, [], home)
            existing = self.get(path)
        for record, where, row_loc in records:
            i = len(existing)
            existing.append(record)
            self.locations[path + (i,)] = row_loc
            for key, location in where.items():
                self.locations[path + (i, key)] = location

    def store_map(self, table: Table, records, grid: _Grid) -> None:
        mapping: dict = {}
        for record, where, _row_loc in records:
            key, value = record.get("@key"), record.get("@value")
            if key is None:
                self.problem(XLSX_KEY_MISSING, f"“{table.column('@key').header}”为空，这一行无法归类",
                             where["@key"])
                continue
            if key in mapping:
                self.problem(XLSX_DUPLICATE, f"“{key}”重复填写", where["@key"])
                continue
            mapping[key] = value
            self.locations[table.path + (key,)] = where["@value"]
        if mapping:
            self.put(table.path, mapping, self.loc(grid.ws))
            self.locations[table.path] = self.loc(grid.ws)

    # ---- indicators: grouped by their 项目名称 -------------------------------------------------

    def collect_indicators(self, records) -> None:
        owner = ""
        for record, where, row_loc in records:
            owner = record.pop("@owner", None) or owner  # a blank name continues the project above
            where.pop("@owner", None)
            if len(record) == 0:
                continue
            self.owners.append((owner, record, where, row_loc))

    def attach_indicators(self) -> None:
        projects = self.data.get("projects")
        projects = projects if isinstance(projects, list) else []
        index = {norm(p.get("name")): i for i, p in reversed(list(enumerate(projects)))}
        for owner, record, where, row_loc in self.owners:
            path: tuple
            if norm(owner) == norm(DEPARTMENT):
                path = ("performance", "indicators")
            elif norm(owner) in index:
                path = ("projects", index[norm(owner)], "indicators")
            else:
                shown = f"“{owner}”" if owner else "（空）"
                self.problem(XLSX_INDICATOR_PROJECT,
                             f"绩效指标所属项目{shown}不在“项目”表中：请先在“项目”表填写该项目，"
                             f"或把项目名称改成与“项目”表一致（部门整体绩效指标填“{DEPARTMENT}”）", row_loc)
                continue
            self.store_list(path, [(record, where, row_loc)], row_loc)

    # ---- label-driven rows -------------------------------------------------------------------

    def read_rows(self, grid: _Grid, f: _Found) -> None:
        block = cast(Rows, f.block)
        labels = {name: entry for entry in block.entries for name in _names(entry)}
        for row in range(f.header + 1, f.end + 1):
            label = norm(grid.text(row, f.columns.get("label")))
            entry = labels.get(label)
            if entry is None:
                self.unknown_label(grid, f, row, label)
                continue
            self.read_entry(grid, f, entry, row)

    def unknown_label(self, grid: _Grid, f: _Found, row: int, label: str) -> None:
        block = cast(Rows, f.block)
        if not block.free or grid.is_title(row):
            return  # a form's rows of the user's own, or a title, are not data
        inputs = [f.columns[c.key] for c in block.columns
                  if c.key in f.columns and not c.display and c.key != "label"]
        if not any(self.cell_value(grid, row, col, TEXT) for col in inputs):
            return
        column = block.column("label")
        choices = "、".join(e.label for e in block.free)
        what = f"“{grid.text(row, f.columns['label'])}”无法识别" if label else "为空"
        self.problem(XLSX_LABEL_UNKNOWN,
                     f"“{column.header}”{what}，这一行无法归类；请从下拉列表选择：{choices}",
                     self.loc(grid.ws, row, f.columns["label"]))

    def field_type(self, block: Rows, entry: Entry, key: str) -> str:
        if key == "key":
            return entry.key_type
        return entry.type or block.column(key).type

    def read_entry(self, grid: _Grid, f: _Found, entry: Entry, row: int) -> None:
        block = cast(Rows, f.block)
        values, where = {}, {}
        for key, sub in entry.fields:
            col = f.columns.get(key)
            where[sub] = self.loc(grid.ws, row, col) if col else self.loc(grid.ws, row, f.columns["label"])
            value = self.cell_value(grid, row, col, self.field_type(block, entry, key))
            if value is not None:
                values[sub] = value
        row_loc = self.loc(grid.ws, row, f.columns["label"])
        if entry.mode == "map":
            key_col = f.columns.get("key")
            row_key = self.cell_value(grid, row, key_col, entry.key_type)
            if not values and row_key is None:
                return
            if row_key is None:
                header = block.column("key").header
                self.problem(XLSX_KEY_MISSING, f"“{entry.label}”这一行的“{header}”为空",
                             self.loc(grid.ws, row, key_col or f.columns["label"]))
                return
            key_loc = self.loc(grid.ws, row, key_col)  # a bad code is reported at its cell
            self.store_entry(entry, entry.path + (row_key,), values, where, key_loc, joinable=False)
        elif entry.mode == "list":
            if values:
                self.store_list_item(entry, values, where, row_loc)
        elif values or entry.fixed:
            joinable = entry.scalar and self.field_type(block, entry, entry.fields[0][0]) in (TEXT, LONG)
            self.store_entry(entry, entry.path, values, where, row_loc, joinable=joinable)

    def store_entry(self, entry: Entry, path: tuple, values: dict, where: dict,
                    row_loc: Location, joinable: bool) -> None:
        if not values:  # a fixed row left blank: remember where it is, for "required" findings
            self.locations.setdefault(path, where.get("", row_loc))
            for sub, location in where.items():
                if sub:
                    self.locations.setdefault(path + (sub,), location)
            return
        existing = self.get(path)
        if existing is not None:
            if joinable:  # the same text item on two rows: one paragraph each
                self.put(path, f"{existing}\n{values['']}", self.locations.get(path, row_loc))
                return
            what = f"{entry.label}：{path[-1]}" if entry.mode == "map" else entry.label
            self.problem(XLSX_DUPLICATE, f"“{what}”重复填写，请只保留一行", row_loc)
            return
        if entry.scalar:
            self.put(path, values[""], where[""])
            return
        self.put(path, values, row_loc)
        for sub, location in where.items():
            self.locations[path + (sub,)] = location

    def store_list_item(self, entry: Entry, values: dict, where: dict, row_loc: Location) -> None:
        existing = self.get(entry.path)
        if not isinstance(existing, list):
            self.put(entry.path, [], row_loc)
            existing = self.get(entry.path)
        i = len(existing)
        if entry.scalar:
            existing.append(values[""])
            self.locations[entry.path + (i,)] = where[""]
            return
        existing.append(values)
        self.locations[entry.path + (i,)] = row_loc
        for sub, location in where.items():
            self.locations[entry.path + (i, sub)] = location


def load_xlsx_bytes(data: bytes, path: Path) -> LoadedInput:
    """Read a fill-in workbook. Raises InputError when it is not one (missing sheets or columns,
    rows that cannot be classified)."""
    wb = open_workbook(data, path)
    try:
        return _Reader(wb, path).read()
    finally:
        wb.close()
