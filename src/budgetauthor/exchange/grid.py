"""A worksheet of a budget-system export as a grid: header blocks found by their text, merged
header cells spread over their range, the amount unit read from the sheet ("单位：元").

Nothing here depends on fixed positions: a table is found by the header texts its definition
knows (tables.py), wherever the budget system put it, over one to three header rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ..load.xlsx_sheet import SheetData
from .tables import Col, TableDef

MAX_HEADER_SCAN = 40  # a table's header sits near the top of its sheet
_NOISE = re.compile(r"[\s\"'“”‘’「」*＊]")
_HINT = re.compile(r"[(（][^()（）]*[)）]$")
_YEAR_PREFIX = re.compile(r"^20\d\d年(度)?")
_UNIT = re.compile(r"(?:金额)?单位\s*[：:]\s*(万元|元)")
_HINT_UNIT = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_YEAR = re.compile(r"(20\d\d)\s*年")
_META = re.compile(r"(单位\s*[：:]|编制(部门|单位)|部门\s*/\s*单位|单位名称\s*[：:]|预算(主管部门|单位)\s*[：:]|填报单位)")
_NUMBER = re.compile(r"^[+-]?[\d,，]+(\.\d+)?$")
_ORDINAL = re.compile(r"^([一二三四五六七八九十廿]+、|[（(][一二三四五六七八九十廿]+[)）]|\d+[.．、])")
TOTAL_WORDS = ("合计", "总计", "小计")


def norm(text) -> str:
    """Comparison key of a header or label: NFKC, no spaces or quotes."""
    if text is None:
        return ""
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text)))


def bare(text: str) -> str:
    """A header without a year before it or a hint after it: "2024年机关运行经费预算数" →
    "机关运行经费预算数", "金额(万元)" → "金额"."""
    return _HINT.sub("", _YEAR_PREFIX.sub("", text))


def is_number_text(text: str) -> bool:
    return bool(_NUMBER.match(norm(text)))


def strip_ordinal(text: str) -> str:
    """"一、一般公共服务支出" / "（一）一般公共预算拨款" / "1. 一般公共预算" → the label alone."""
    s = norm(text)
    while True:
        m = _ORDINAL.match(s)
        if not m:
            return s
        s = s[m.end():]


def cell_name(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


class Grid:
    """A worksheet's values (streamed by load.xlsx_sheet), with each merged range's value available
    in all of its cells. A formula counts by the value Excel saved for it."""

    def __init__(self, sheet: SheetData):
        self.title = sheet.title
        self.cells = sheet.values
        self.uncached = sheet.uncached  # formulas Excel never calculated
        self.errors = sheet.errors  # "#DIV/0!" and the like
        self.rows, self.cols = sheet.rows, sheet.cols
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        for c1, r1, c2, r2 in sheet.merges:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
                continue  # a whole-sheet merge is formatting, not a header
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self.merged[(r, c)] = (r1, c1)

    def value(self, row: int, col: int):
        return self.cells.get((row, col))

    def spread(self, row: int, col: int):
        """The value shown at (row, col): a merged range shows its anchor's value everywhere."""
        anchor = self.merged.get((row, col))
        return self.value(*anchor) if anchor else self.value(row, col)

    def text(self, row: int, col: int) -> str:
        value = self.value(row, col)
        return "" if value is None else str(value).strip()

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        return [(c, self.text(row, c)) for c in range(1, self.cols + 1) if self.text(row, c)]

    def blank(self, row: int) -> bool:
        return not self.row_texts(row)

    def unusable(self, row: int, col: int) -> str:
        """Why a cell's figure cannot be used ("" when it can): an uncalculated formula, an error."""
        if (row, col) in self.uncached:
            return "是公式，但没有 Excel 保存的计算结果：请在 Excel 中打开并保存后再导入"
        if (row, col) in self.errors:
            return f"是错误值{self.errors[(row, col)]}"
        return ""


# ---- recognising a sheet's table ---------------------------------------------------------------


def title_texts(grid: Grid, limit: int = 8) -> list[str]:
    """Texts of the first rows that look like a title (not a header, not a meta line)."""
    out = []
    for row in range(1, min(grid.rows, limit) + 1):
        cells = grid.row_texts(row)
        if len(cells) == 1 and not _META.search(cells[0][1]):
            out.append(cells[0][1])
    return out


def matches_words(text: str, table: TableDef) -> bool:
    key = norm(text)
    if any(norm(w) in key for w in table.exclude):
        return False
    return any(all(norm(w) in key for w in words) for words in table.words)


def amount_unit(grid: Grid, header_top: int, header_bottom: int) -> str | None:
    """"单位：元" / "金额单位：万元" above the header, or a "(万元)" hint in the header itself."""
    for row in range(1, header_top):
        for _, text in grid.row_texts(row):
            m = _UNIT.search(unicodedata.normalize("NFKC", text).replace(" ", ""))
            if m:
                return m.group(1)
    for row in range(header_top, header_bottom + 1):
        for _, text in grid.row_texts(row):
            m = _HINT_UNIT.search(unicodedata.normalize("NFKC", text))
            if m:
                return m.group(1)
    return None


def meta_value(grid: Grid, header_top: int, *labels: str) -> str:
    """The text after "编制部门：" (or another label) in the lines above the header."""
    for row in range(1, header_top):
        for _, text in grid.row_texts(row):
            t = unicodedata.normalize("NFKC", text)
            for label in labels:
                m = re.search(rf"{label}\s*[：:]\s*(.*?)(?:\s{{2,}}|\s*(?:金额)?单位\s*[：:]|$)", t)
                if m and m.group(1).strip():
                    return m.group(1).strip()
    return ""


def year_of(texts: list[str]) -> int | None:
    for text in texts:
        m = _YEAR.search(unicodedata.normalize("NFKC", text))
        if m:
            return int(m.group(1))
    return None


# ---- the header block -------------------------------------------------------------------------


@dataclass
class Pattern:
    groups: tuple[str, ...]  # header texts above the leaf that must contain these, in order
    leaf: str

    @classmethod
    def parse(cls, text: str) -> Pattern:
        *groups, leaf = text.split(">")
        return cls(tuple(norm(g) for g in groups), norm(leaf))

    def fits(self, path: list[str]) -> bool:
        if path[-1] != self.leaf:
            return False
        above = iter(path[:-1])
        return all(any(g in p for p in above) for g in self.groups)


@dataclass
class Header:
    top: int
    bottom: int
    paths: dict[int, list[str]]  # column -> header texts, top to bottom (normalised)
    columns: dict[str, int] = field(default_factory=dict)  # column key -> sheet column

    def label(self, col: int) -> str:
        return " ".join(self.paths.get(col, ()))


def _leaves(table: TableDef) -> set[str]:
    return {Pattern.parse(p).leaf for c in table.columns for p in c.all_patterns}


def _groups(table: TableDef) -> set[str]:
    return {g for c in table.columns for p in c.all_patterns for g in Pattern.parse(p).groups}


def _header_hits(grid: Grid, row: int, leaves: set[str]) -> int:
    return sum(1 for c in range(1, grid.cols + 1) if bare(norm(grid.spread(row, c))) in leaves)


def _header_like(grid: Grid, row: int, words: set[str]) -> bool:
    """A row of header texts: no figures, no codes, no numbered labels, and more header words
    than lone 合计/总计 cells (a 合计 row left blank is data, not a header)."""
    cells = grid.row_texts(row)
    if not cells:
        return False
    hits = totals = 0
    for _, text in cells:
        key = norm(text)
        if is_number_text(text) or _META.search(text) or _ORDINAL.match(key) or re.match(r"^\d{3,}", key):
            return False
        if any(w in bare(key) for w in words if w):
            hits += 1
        if key in ("合计", "总计"):
            totals += 1
    return hits > totals


def find_header(grid: Grid, table: TableDef) -> Header | None:
    leaves = _leaves(table)
    best, anchor = 0, 0
    for row in range(1, min(grid.rows, MAX_HEADER_SCAN) + 1):
        hits = _header_hits(grid, row, leaves)
        if hits > best:
            best, anchor = hits, row
    if best < 2:
        return None
    words = leaves | _groups(table) | {"类", "款", "项"}
    top = anchor
    while top > 1 and _header_like(grid, top - 1, words | {norm("收入"), norm("支出")}):
        top -= 1
    bottom = anchor
    while bottom < grid.rows and _header_like(grid, bottom + 1, words):
        bottom += 1
    paths: dict[int, list[str]] = {}
    for col in range(1, grid.cols + 1):
        path: list[str] = []
        for row in range(top, bottom + 1):
            text = bare(norm(grid.spread(row, col)))
            if text and (not path or path[-1] != text):
                path.append(text)
        if path:
            paths[col] = path
    header = Header(top, bottom, paths)
    header.columns = assign_columns(table.columns, paths)
    return header


def assign_columns(columns: tuple[Col, ...], paths: dict[int, list[str]]) -> dict[str, int]:
    """Column key → sheet column. Grouped patterns first, then leaves alone; each sheet column
    and each key is taken once, leftmost first."""
    taken: dict[str, int] = {}
    used: set[int] = set()
    for grouped in (True, False):
        for column in columns:
            if column.key in taken:
                continue
            for text in column.all_patterns:
                pattern = Pattern.parse(text)
                if bool(pattern.groups) != grouped:
                    continue
                col = _first_match(pattern, paths, used)
                if col is not None:
                    taken[column.key] = col
                    used.add(col)
                    break
    return taken


def _first_match(pattern: Pattern, paths: dict[int, list[str]], used: set[int]) -> int | None:
    for col in sorted(paths):
        if col in used:
            continue
        if pattern.fits(paths[col]):
            return col
    return None
