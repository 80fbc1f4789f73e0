"""xlsx fill-in workbook → plain data with a sheet!cell location for every value.

The reader walks the same layout as the writer (workbook/layout.py). It finds each block by
its header texts (so title rows, merged cells and reordered columns do not matter) and skips
blank rows. Nothing is skipped silently:
- every sheet of the layout must be there, once, and visible — a renamed, doubled ("预算明细"
  and "预算 明细") or hidden sheet is an error naming it; a sheet of the user's own is a warning
  that it is not read;
- a formula in an input cell gives its cached value (what Excel shows); a formula Excel never
  calculated, or an error value (#DIV/0!), is an error at its cell;
- a value outside its column's drop-down list is a warning at its cell.
Structural problems — a sheet, a column or a row's 类别 that cannot be found — are collected and
raised together as one InputError (exit 2); problems of a cell's value go with the data as
findings (exit 1), so they are reported with everything validate finds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.cell import coordinate_to_tuple

from ..errors import InputError
from ..findings import Finding, Location
from ..rulebook import (
    XLSX_COLUMN_MISSING,
    XLSX_DUPLICATE,
    XLSX_FORMULA,
    XLSX_INDICATOR_PROJECT,
    XLSX_KEY_MISSING,
    XLSX_LABEL_UNKNOWN,
    XLSX_NOT_IN_LIST,
    XLSX_SHEET_DUPLICATE,
    XLSX_SHEET_HIDDEN,
    XLSX_SHEET_MISSING,
    XLSX_SHEET_UNKNOWN,
    Rule,
)
from ..text import normalize_key, normalize_text
from ..workbook.cells import leading_code, read_value
from ..workbook.layout import (
    DEPARTMENT,
    GUIDE_SHEET,
    LISTS_SHEET,
    LONG,
    NORMALISED_LISTS,
    SHEETS,
    TEXT,
    Column,
    Entry,
    Rows,
    Sheet,
    Table,
)
from .loaded import LoadedInput
from .xlsx_safety import open_workbook, quiet
from .xlsx_sheet import SheetData, read_sheet

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
    """A worksheet's non-empty cells as values; vertically merged cells carry their anchor's
    value (a project name merged over its indicator rows)."""

    def __init__(self, sheet: SheetData, ws):
        self.sheet = sheet
        self.ws = ws
        self.title = sheet.title
        self.rows, self.cols = sheet.rows, sheet.cols
        values = dict(sheet.values)
        self.anchors: set[tuple[int, int]] = set()  # anchors of merges across several columns
        for c1, r1, c2, r2 in sheet.merges:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        values.pop((r, c), None)  # only the anchor of a merge holds a value
            if c1 != c2:
                self.anchors.add((r1, c1))
            elif (r1, c1) in values:
                for r in range(r1 + 1, min(r2, self.rows) + 1):
                    values[(r, c1)] = values[(r1, c1)]
        self.by_row: dict[int, dict[int, object]] = defaultdict(dict)
        for (r, c), value in values.items():
            self.by_row[r][c] = value

    def value(self, row: int, col: int | None):
        if col is None:
            return None
        return self.by_row.get(row, {}).get(col)

    def text(self, row: int, col: int | None) -> str:
        value = self.value(row, col)
        return "" if value is None else str(value)

    def nonblank(self, row: int) -> list[int]:
        return sorted(c for c, v in self.by_row.get(row, {}).items() if str(v).strip())

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
        self.problems: list[Finding] = []  # the workbook cannot be read as a whole (exit 2)
        self.findings: list[Finding] = []  # a cell's value is wrong (exit 1) or doubtful (warning)
        self.owners: list[tuple[str, dict, dict[str, Location], Location]] = []
        self.sheets: dict[str, SheetData] = {}  # read sheets by title, for drop-down sources
        self.lists: dict[tuple[str, str], tuple] = {}  # drop-down source → (its values, their keys)
        self.read_names: set[str] = set()  # the layout's sheets that were found and read

    # ---- plumbing ----------------------------------------------------------------------------

    def loc(self, ws, row: int | None = None, col: int | None = None) -> Location:
        cell = f"{get_column_letter(col)}{row}" if row and col else None
        return Location(file=str(self.path), sheet=ws.title, cell=cell)

    def problem(self, rule: Rule, message: str, location: Location) -> None:
        self.problems.append(rule.finding(message, location=location))

    def finding(self, rule: Rule, message: str, location: Location) -> None:
        self.findings.append(rule.finding(message, location=location))

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

    def sheet_data(self, ws) -> SheetData:
        if ws.title not in self.sheets:
            self.sheets[ws.title] = read_sheet(self.wb, ws, self.path)
        return self.sheets[ws.title]

    # ---- the workbook --------------------------------------------------------------------------

    def read(self) -> LoadedInput:
        by_name: dict[str, list] = defaultdict(list)
        for ws in self.wb.worksheets:
            by_name[norm(ws.title)].append(ws)
        ours = {norm(s.name) for s in SHEETS} | {norm(GUIDE_SHEET), norm(LISTS_SHEET)}
        strangers = [ws for ws in self.wb.worksheets if norm(ws.title) not in ours]
        for sheet in SHEETS:
            found = by_name.get(norm(sheet.name), [])
            if not found:
                self.missing_sheet(sheet, strangers)
            elif len(found) > 1:
                names = "、".join(f"“{ws.title}”" + ("（隐藏）" if ws.sheet_state != "visible" else "") for ws in found)
                self.problem(XLSX_SHEET_DUPLICATE, f"工作簿中有名称几乎相同的工作表{names}，无法确定“{sheet.name}”是哪一个："
                             "请删除多余的一个，或把它改成别的名称", self.loc(found[1]))
            elif found[0].sheet_state != "visible":
                self.problem(XLSX_SHEET_HIDDEN, f"“{found[0].title}”工作表被隐藏了：它的内容同样会生成到文件中，"
                             "请在 Excel 中取消隐藏（右击工作表标签 → 取消隐藏），核对后再试", self.loc(found[0]))
            else:
                self.read_sheet(sheet, found[0])
                self.read_names.add(sheet.name)
        if not any(f.code == XLSX_SHEET_MISSING.code for f in self.problems):
            for ws in strangers:
                hidden = "（隐藏）" if ws.sheet_state != "visible" else ""
                self.finding(XLSX_SHEET_UNKNOWN,
                             f"工作表“{ws.title}”{hidden}不是填报表的一部分，其中的内容不会被读取", self.loc(ws))
        if "项目" in self.read_names and "绩效指标" in self.read_names:  # else already reported
            self.attach_indicators()
        if self.problems:
            raise InputError(self.problems[0].message, self.problems)
        return LoadedInput(data=self.data, source=self.path, kind="xlsx", locations=self.locations,
                           findings=self.findings)

    def missing_sheet(self, sheet: Sheet, strangers: list) -> None:
        message = f"工作簿中缺少“{sheet.name}”工作表（{sheet.intro.rstrip('。')}）"
        if strangers:
            names = "、".join(f"“{ws.title}”" for ws in strangers)
            message += f"。工作簿中有无法识别的工作表{names}：如果是它被改了名，请改回“{sheet.name}”"
        self.problem(XLSX_SHEET_MISSING, message, self.loc_file())

    def loc_file(self) -> Location:
        return Location(file=str(self.path))

    def read_sheet(self, sheet: Sheet, ws) -> None:
        grid = _Grid(self.sheet_data(ws), ws)
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

    def cell_value(self, grid: _Grid, row: int, col: int | None, type_: str, computed: bool = False) -> str | None:
        """An input cell's value as text. A formula Excel never calculated, or an Excel error
        value, is reported at the cell and read as empty; a value outside the cell's drop-down
        list is a warning. In a `computed` column (the writer's name formulas) a formula is ours,
        never an input: only a value typed over it is read."""
        if not col:
            return None
        where = (row, col)
        if computed and where in grid.sheet.formulas:
            return None
        if where in grid.sheet.uncached:
            formula = grid.sheet.uncached[where]
            shown = f"（{formula[:40]}）" if len(formula) > 1 else ""
            self.finding(XLSX_FORMULA,
                         f"这个单元格是公式{shown}，但工作簿里没有保存它的计算结果（通常是由其他程序生成、"
                         "没有在 Excel 中打开保存过）：请在 Excel 中打开并保存一次，或直接填写数值", self.loc(grid.ws, row, col))
            return None
        if where in grid.sheet.errors:
            self.finding(XLSX_FORMULA,
                         f"这个单元格的值是 Excel 错误“{grid.sheet.errors[where]}”（公式算不出结果）：请改正公式或直接填写数值",
                         self.loc(grid.ws, row, col))
            return None
        value = read_value(grid.value(row, col), type_)
        if value is not None:
            self.check_dropdown(grid, row, col, value)
        return value

    # ---- drop-down lists -----------------------------------------------------------------------

    def check_dropdown(self, grid: _Grid, row: int, col: int, value: str) -> None:
        dropdown = next((d for d in grid.sheet.dropdowns if d.covers(row, col)), None)
        if dropdown is None or dropdown.source in NORMALISED_LISTS:
            return
        source = (dropdown.source, grid.ws.title)
        if source not in self.lists:
            choices = self.choices(*source)
            keys = None if choices is None else {norm(c) for c in choices} | {norm(leading_code(c)) for c in choices}
            self.lists[source] = (choices, keys)
        choices, keys = self.lists[source]
        if choices is None:
            return  # a list we cannot know (formulas Excel never calculated, INDIRECT, …)
        if norm(value) in keys or norm(leading_code(value)) in keys:
            return
        shown = "、".join(choices[:8]) + ("……" if len(choices) > 8 else "")
        self.finding(XLSX_NOT_IN_LIST,
                     f"“{value}”不在这一列的下拉列表中（可选：{shown}），请核对是否填错", self.loc(grid.ws, row, col))

    def choices(self, source: str, home: str) -> list[str] | None:
        """The values of a drop-down's source: a quoted list, a defined name or a range."""
        if source.startswith('"') and source.endswith('"'):
            return [c.strip() for c in source[1:-1].split(",") if c.strip()]
        defined = self.wb.defined_names.get(source)
        reference = defined.attr_text if defined is not None else source.lstrip("=")
        match = re.fullmatch(r"(?:'((?:[^']|'')+)'|([^'!]+))?!?(\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)", reference)
        if not match:
            return None
        title = (match.group(1) or "").replace("''", "'") or match.group(2) or home
        ws = next((w for w in self.wb.worksheets if w.title == title), None)
        if ws is None:
            return None
        try:
            c1, r1, c2, r2 = range_boundaries(match.group(3).replace("$", ""))
            data = self.sheet_data(ws)
        except (ValueError, InputError):
            return None
        cells = [(r, c) for r in range(r1, min(r2, max(data.rows, r1)) + 1) for c in range(c1, c2 + 1)]
        if any(cell in data.uncached for cell in cells):
            return None
        return [str(data.values[cell]).strip() for cell in cells if str(data.values.get(cell) or "").strip()]

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
                value = self.cell_value(grid, row, col, column.type, computed=bool(column.lookup))
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
            key = normalize_key(key) if key is not None else None
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
            row_key = normalize_key(row_key)  # "在职人员 " and "在职人员" are one key
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
        # A finding about the whole entry points at its first value cell, never at the label
        # (a keyed row's: at its key cell, as `row_loc` is then).
        home = row_loc if entry.mode == "map" else where.get(entry.fields[0][1], row_loc)
        if not values:  # a fixed row left blank: remember where it is, for "required" findings
            self.locations.setdefault(path, home)
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
        self.put(path, values, home)
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
        with quiet():
            return _Reader(wb, path).read()
    finally:
        wb.close()


def finding_order(finding: Finding) -> tuple:
    """Workbook findings in the order a clerk walks the workbook: sheet by sheet as the layout
    has them, then row by row, then column; whole-file findings first."""
    location = finding.location
    if location is None or not location.sheet:
        return (-1, 0, 0)
    order = next((i for i, s in enumerate(SHEETS) if norm(s.name) == norm(location.sheet)), len(SHEETS))
    if not location.cell:
        return (order, 0, 0)
    try:
        row, col = coordinate_to_tuple(location.cell)
    except ValueError:
        return (order, 0, 0)
    return (order, row, col)


_TOP_KEYS = "profile|approved|ledger|projects|previous|three_public|operating_expenses|procurement|assets|" \
            "performance|purposes|glossary|other_matters|settings"
_PATH_TEXT = re.compile(rf"\b(?:{_TOP_KEYS})(?:\[\d+\]|\.[A-Za-z_]+)*")


def _parse_path(text: str) -> tuple:
    return tuple(int(part[1:-1]) if part.startswith("[") else part
                 for part in re.findall(r"\[\d+\]|[A-Za-z_]+", text))


def _layout_place(path: tuple) -> str | None:
    """Where the layout puts `path`: “sheet”表的“label”行 (a form row) or “sheet”表 (a table)."""
    for sheet in SHEETS:
        for block in sheet.blocks:
            if isinstance(block, Rows):
                entry = next((e for e in block.entries if e.path == path[: len(e.path)]), None)
                if entry is not None:
                    return f"“{sheet.name}”表的“{entry.label}”行"
            elif block.path and block.path == path[: len(block.path)]:
                return f"“{sheet.name}”表"
    return None


def plain_message(message: str, loaded: LoadedInput) -> str:
    """A message for workbook input with the data paths it quotes ("profile.duties",
    "projects[0]") replaced by the workbook's words: the cell, or the sheet and row label."""

    def replace(match: re.Match) -> str:
        path = _parse_path(match.group())
        located = loaded.locations.get(path)
        if located is not None and located.sheet:
            return str(located)
        return _layout_place(path) or "填报表"

    return _PATH_TEXT.sub(replace, message)
