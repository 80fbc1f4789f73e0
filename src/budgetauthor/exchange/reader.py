"""Read a budget-system export workbook: recognise each sheet's table by its title and header
texts, read its rows, and turn every figure into a Fact (facts.py) with its sheet!cell.

Cell formats of real exports are accepted: codes "2010501", "2010501-行政运行", "[2010501]行政运行",
"2010501 行政运行", codes whose leading zeros were lost, 类/款/项 in separate columns, names
indented with spaces; amounts in 元 or 万元 as the sheet says; subtotal rows are recognised as
such (checked, never read as lines). Amounts are kept in 元.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import catalog as catalog_mod
from .. import rulebook
from ..derive import THREE_PUBLIC_CODES
from ..findings import Finding, Location, Rule
from ..load.limits import check_file
from ..load.xlsx_safety import open_workbook
from ..load.xlsx_sheet import read_sheet
from ..money import MoneyError, parse_number, tail_tolerance
from ..vocab import SOURCE_BY_LABEL, normalize_kind, normalize_source
from ..workbook.cells import float_text, split_code
from . import tables as T
from .facts import (
    ALL_SOURCES,
    CARRYOVER,
    CURRENT,
    FISCAL_FAMILIES,
    FISCAL_SOURCES,
    ZERO,
    Entry,
    Fact,
    Query,
    family_sources,
)
from .grid import (
    TOTAL_WORDS,
    Grid,
    Header,
    amount_unit,
    cell_name,
    find_header,
    matches_words,
    meta_value,
    norm,
    strip_ordinal,
    title_texts,
    year_of,
)
from .texts import TextSheet, text_sheet

TEN_THOUSAND = Decimal(10000)
PLACEHOLDERS = {"…", "...", "……", "xx", "XX", "x"}
_DASHES = {"-", "—", "－", "–", "/", "--"}
# 项目类别 of 基本支出 in the budget systems (预算管理一体化): 人员类 11xx/12xx, 公用经费 21xx.
BASIC_CATEGORY_PREFIXES = ("11", "12", "21")
BASIC_CATEGORY_WORDS = ("人员类", "公用经费", "人员经费", "基本支出")
OWN_SOURCES = frozenset(s for s in CURRENT if not SOURCE_BY_LABEL[s].fiscal and s != "财政专户管理资金") | {
    "上年结转（单位资金）"}
THREE_PUBLIC_ECONOMIC = dict(THREE_PUBLIC_CODES)
THREE_PUBLIC_ECONOMIC["vehicles"] = THREE_PUBLIC_ECONOMIC["vehicle_purchase"] + THREE_PUBLIC_ECONOMIC["vehicle_operation"]
THREE_PUBLIC_ECONOMIC["total"] = tuple(c for k in ("abroad", "reception", "vehicles") for c in THREE_PUBLIC_ECONOMIC[k])
# 类 renamed in the classification, still printed under the old name by some units' tables.
FORMER_CLASS_NAMES = {"医疗卫生与计划生育支出": "210", "医疗卫生支出": "210"}
MEASURES: dict[str, dict[str, Any]] = {
    "total": {},
    "basic": {"kind": "基本"},
    "project": {"kind": "项目"},
    "personnel": {"kind": "基本", "personnel": True},
    "public": {"kind": "基本", "personnel": False},
}


@dataclass
class ProjectRow:
    name: str
    code: str
    unit: str  # unit code, "" when unknown
    category: str
    kind: str  # 基本 (a 基本支出 item of the budget system) or 项目
    amounts: dict[frozenset, Decimal]  # source set (usually one label) -> 元
    location: Location
    columns: dict[str, Decimal] = field(default_factory=dict)  # the row's figures by column key

    def column_amount(self, key: str) -> Decimal:
        return self.columns.get(key, ZERO)

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


@dataclass
class ProcurementRow:
    """An item of the 政府采购预算表, amounts in 元."""

    unit: str
    project: str
    item: str
    category: str
    function: str
    economic: str
    quantity: str
    measure: str
    amount: Decimal
    sme: Decimal
    location: Location


# 政府采购品目分类目录: A 货物, B 工程, C 服务.
ITEM_CATEGORIES = {"A": "货物", "B": "工程", "C": "服务"}


@dataclass
class TableRead:
    table: T.TableDef
    sheet: str
    unit: str  # 元 or 万元
    facts: list[Fact] = field(default_factory=list)
    leaves: list[Fact] = field(default_factory=list)  # the most detailed rows (construction input)


@dataclass
class ExportRead:
    path: Path
    tables: dict[str, TableRead] = field(default_factory=dict)
    lines: list[tuple[Entry, Location]] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # code -> name
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (function|economic, code) -> name printed
    department: str = ""
    department_code: str = ""
    year: int | None = None
    three_public: dict[str, tuple[Decimal, Location]] = field(default_factory=dict)
    operating: tuple[Decimal, Location] | None = None
    procurement: list[ProcurementRow] = field(default_factory=list)
    procurement_total: Decimal | None = None
    unread_columns: list[str] = field(default_factory=list)  # per sheet: the headers of the columns no field takes
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sheets that hold no table we read
    text_sheets: list[TextSheet] = field(default_factory=list)  # their texts (texts.py reads them)
    amount_units: set[str] = field(default_factory=set)

    @property
    def facts(self) -> list[Fact]:
        return [f for t in self.tables.values() for f in t.facts]


# ---- cells -------------------------------------------------------------------------------------


class CellError(ValueError):
    pass


def amount_of(value, unit: str) -> Decimal | None:
    """A figure cell in 元; None for a blank or dash (zero in these tables)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError("不是金额")
    if isinstance(value, (int, float)):
        number = Decimal(value) if isinstance(value, int) else Decimal(float_text(value))
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
        if not text or text in _DASHES:
            return None
        if text in PLACEHOLDERS:
            raise CellError("是模板占位符")
        try:
            number = parse_number(text.replace("，", ","), signed=True)
        except MoneyError as exc:
            raise CellError(str(exc)) from exc
    if number < 0:
        raise CellError("为负数")
    return number * TEN_THOUSAND if unit == "万元" else number


def code_text(value) -> str:
    """A code cell as text: 2010301 (a number) → "2010301"; 2.0 → "2"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return str(value).strip()


def without_name(code: str, name: str) -> tuple[str, str]:
    """A code cell that repeats the row's name ("42130323016Y000000101-12345热线工作专项经费"):
    the code alone, whatever the separator. Otherwise split_code decides."""
    if name and code.endswith(name) and len(code) > len(name):
        return code[: -len(name)].rstrip(" -－—–_:：、.．[]【】()（）").lstrip("[【(（"), name
    return split_code(code) if code else ("", "")


def clean_name(value) -> str:
    """A name cell without its indentation (spaces, ideographic spaces); the text otherwise as typed."""
    if value is None:
        return ""
    return str(value).replace("\u3000", " ").strip()


def is_placeholder(text: str) -> bool:
    return norm(text) in {norm(p) for p in PLACEHOLDERS}


def is_column_numbering(cells: list[tuple[int, str]]) -> bool:
    """1, 2, 3 … in the columns themselves (some systems number the columns under the header)."""
    numbers = [norm(text) for _, text in cells]
    return len(numbers) >= 3 and numbers == [str(i) for i in range(1, len(numbers) + 1)]


def is_total(text: str) -> bool:
    s = strip_ordinal(text)
    return s in TOTAL_WORDS or s.endswith(("合计", "总计", "小计"))


# ---- the workbook --------------------------------------------------------------------------------


def read_export(path: str | Path) -> ExportRead:
    """Read every table of an export workbook. Problems are collected in `findings`."""
    path = Path(path)
    data = check_file(path)
    wb = open_workbook(data, path)
    try:
        result = ExportRead(path)
        grids = [Grid(read_sheet(wb, ws, path)) for ws in wb.worksheets if ws.sheet_state == "visible"]
    finally:
        wb.close()
    reader = _Reader(result)
    recognised = [(grid, reader.recognise(grid)) for grid in grids]
    if reader.years:
        result.year = reader.years.most_common(1)[0][0]
    order = {t.key: i for i, t in enumerate(T.ALL_TABLES)}
    # The income table first: it names the units the other tables refer to.
    for grid, hit in sorted(recognised, key=lambda gh: order.get(gh[1][0].key, 99) if gh[1] else 99):
        if hit is None:
            result.skipped.append(grid.title)
            result.text_sheets.append(text_sheet(grid.title, grid.cells, lambda r, c, g=grid: reader.loc(g, r, c)))
            continue
        table, header = hit
        reader.read_table(grid, table, header)
    return result


class _Reader:
    def __init__(self, result: ExportRead):
        self.r = result
        self.catalog: catalog_mod.Catalog | None = None
        self.years: Counter = Counter()  # budget years in the tables' titles

    def problem(self, kind: Rule, message: str, location: Location | None = None) -> None:
        self.r.findings.append(kind.finding(message, location=location or Location(file=str(self.r.path))))

    def loc(self, grid: Grid, row: int, col: int | None = None) -> Location:
        return Location(file=str(self.r.path), sheet=grid.title, cell=cell_name(row, col) if col else None)

    def class_names(self) -> dict[str, str]:
        if self.catalog is None:
            self.catalog = catalog_mod.builtin(self.r.year or max(catalog_mod.available_years()))
        names = {norm(old): code for old, code in FORMER_CLASS_NAMES.items()}
        for entry in self.catalog.function_classes():
            names[norm(entry.name)] = entry.code
            names[norm(entry.name).removesuffix("支出")] = entry.code
        return names

    # ---- recognising -------------------------------------------------------------------------

    def recognise(self, grid: Grid) -> tuple[T.TableDef, Header] | None:
        texts = title_texts(grid)
        for candidates in (texts, [grid.title]):
            hits = []
            for table in T.ALL_TABLES:
                if any(matches_words(text, table) for text in candidates):
                    header = find_header(grid, table)
                    if header is not None:
                        hits.append((len(header.columns), table, header))
            if hits:
                hits.sort(key=lambda h: -h[0])
                year = year_of(texts)
                if year:
                    self.years[year] += 1
                return hits[0][1], hits[0][2]
        header = find_header(grid, T.LINE_ITEMS)
        if header and {"function", "economic", "amount"} <= set(header.columns):
            return T.LINE_ITEMS, header
        return None

    def read_table(self, grid: Grid, table: T.TableDef, header: Header) -> None:
        unit = amount_unit(grid, header.top, header.bottom)
        if unit is None:
            unit = "万元"
            self.problem(rulebook.EXPORT_UNIT_MISSING,
                         f"“{grid.title}”工作表没有写明金额单位（如“单位：元”），按万元读取；如不对，请在表头上方补写单位",
                         self.loc(grid, header.top))
        self.r.amount_units.add(unit)
        department = meta_value(grid, header.top, "编制部门", "编制单位", "部门/单位", "部门", "单位名称",
                                "预算主管部门", "预算单位", "填报单位")
        if department and not self.r.department:
            self.r.department = department
        if table.key in self.r.tables:
            self.problem(rulebook.EXPORT_DUPLICATE_TABLE, f"“{grid.title}”与“{self.r.tables[table.key].sheet}”是同一张表"
                         f"（{table.title}），只读取前者以外的第一张", self.loc(grid, header.top))
            return
        read = TableRead(table, grid.title, unit)
        self.r.tables[table.key] = read
        reader = {
            T.FUNCTION: self.read_classified,
            T.ECONOMIC: self.read_classified,
            T.PAIRED: self.read_paired,
            T.UNITS: self.read_income,
            T.PROJECTS: self.read_projects,
            T.SINGLE: self.read_single,
            T.LINES: self.read_lines,
            T.ITEMS: self.read_procurement,
        }[table.layout]
        reader(grid, header, read)

    # ---- amounts -----------------------------------------------------------------------------

    def amount(self, grid: Grid, row: int, col: int | None, unit: str) -> Decimal:
        if col is None:
            return ZERO
        why = grid.unusable(row, col)
        if why:
            self.problem(rulebook.EXPORT_AMOUNT, f"{grid.title}!{cell_name(row, col)} {why}", self.loc(grid, row, col))
            return ZERO
        try:
            value = amount_of(grid.value(row, col), unit)
        except CellError as exc:
            self.problem(rulebook.EXPORT_AMOUNT, f"“{grid.text(row, col)}”不是有效的金额（{exc}）", self.loc(grid, row, col))
            return ZERO
        return value if value is not None else ZERO

    def row_amounts(self, grid: Grid, header: Header, row: int, read: TableRead) -> dict[str, Decimal]:
        return {c.key: self.amount(grid, row, header.columns[c.key], read.unit)
                for c in read.table.columns if c.amount and c.key in header.columns}

    def data_rows(self, grid: Grid, header: Header):
        """Rows below the header, up to a note ("注：…"); blank and placeholder rows skipped, and
        the row numbering the columns (栏次 1, 2, 3 … under the header)."""
        for row in range(header.bottom + 1, grid.rows + 1):
            cells = grid.row_texts(row)
            if not cells:
                continue
            first = norm(cells[0][1])
            if first.startswith(("注:", "注：", "备注", "说明:")) and len(cells) == 1:
                break
            if all(is_placeholder(text) for _, text in cells):
                continue
            if row == header.bottom + 1 and is_column_numbering(cells):
                continue
            yield row

    def add_fact(self, read: TableRead, query: Query, amount: Decimal, location: Location, label: str,
                 leaf: bool = False) -> Fact:
        fact = Fact(query, amount, location, f"{read.table.title} {label}".strip(), read.table.key, read.unit)
        read.facts.append(fact)
        if leaf:
            read.leaves.append(fact)
        return fact

    def check_sum(self, read: TableRead, what: str, stated: Decimal, parts: list[Decimal], stated_at: Location,
                  parts_at: str) -> None:
        """A subtotal against its parts, within the rounding of a 万元 table."""
        total = sum(parts, ZERO)
        tolerance = tail_tolerance(len(parts)) * TEN_THOUSAND if read.unit == "万元" else ZERO
        if abs(total - stated) > tolerance:
            self.problem(rulebook.EXPORT_TABLE_SUM,
                         f"{what}：{stated_at} 为{show(stated, read.unit)}，而{parts_at}之和为{show(total, read.unit)}，"
                         f"相差{show(abs(total - stated), read.unit)}（{read.table.title}，{read.sheet}表内不一致）",
                         stated_at)

    # ---- classified tables (功能/经济分类) ---------------------------------------------------------

    def row_code(self, grid: Grid, header: Header, row: int) -> tuple[str, str, str]:
        """(code, name, label) of a classified row; code "" when the row has none."""
        cols = header.columns
        name = clean_name(grid.value(row, cols["name"])) if "name" in cols else ""
        if "code_class" in cols:
            parts = [code_text(grid.value(row, cols[k])) if k in cols else ""
                     for k in ("code_class", "code_item", "code_sub")]
            if parts[0].isdigit():
                code = parts[0] + "".join(p.zfill(2) for p in parts[1:] if p.isdigit())
                return code, name, " ".join([p for p in parts if p] + [name])
            label = parts[0] or name
        else:
            label = code_text(grid.value(row, cols["code"])) if "code" in cols else ""
        code, rest = without_name(label, name)
        if not code.isdigit() and name:
            code, rest = split_code(name)
        if code.isdigit():
            return code, name if name and not name.startswith(code) else rest, label
        return "", name, label or name

    def read_classified(self, grid: Grid, header: Header, read: TableRead) -> None:
        table = read.table
        scheme = "function" if table.layout == T.FUNCTION else "economic"
        lengths = (3, 5, 7) if scheme == "function" else (3, 5)
        base: dict[str, Any] = {"sources": family_sources(table.family) if table.family else ALL_SOURCES}
        if table.basic_only:
            base["kind"] = "基本"
        rows: dict[str, tuple[int, dict[str, Decimal], str]] = {}
        total_row: tuple[int, dict[str, Decimal]] | None = None
        for row in self.data_rows(grid, header):
            code, name, label = self.row_code(grid, header, row)
            amounts = self.row_amounts(grid, header, row, read)
            if code:
                if len(code) not in lengths or (scheme == "function" and code[0] != "2") or (
                        scheme == "economic" and code[0] != "3"):
                    self.problem(rulebook.EXPORT_CODE, f"“{label or code}”不是{'功能' if scheme == 'function' else '经济'}"
                                 f"分类科目编码（应为{'/'.join(map(str, lengths))}位）",
                                 self.loc(grid, row, header.columns.get("code") or header.columns.get("code_class")))
                    continue
                if code in rows:
                    self.problem(rulebook.EXPORT_DUPLICATE_ROW, f"科目{code}在表中出现两次，只读取第一次（第{rows[code][0]}行）",
                                 self.loc(grid, row, 1))
                    continue
                rows[code] = (row, amounts, name)
                if name:
                    self.r.names.setdefault((scheme, code), name)
            elif is_total(label) or (not label and any(amounts.values()) and total_row is None and not rows):
                total_row = (row, amounts)
            elif any(amounts.values()):
                self.problem(rulebook.EXPORT_ROW_UNKNOWN, f"无法识别的行“{label}”：既不是科目也不是合计，未读取",
                             self.loc(grid, row, 1))
        self.check_columns(grid, header, read, rows, total_row)
        codes = sorted(rows)
        for code in codes:
            row, amounts, name = rows[code]
            children = [c for c in codes if c.startswith(code) and len(c) == next_length(code, lengths)]
            if not children and scheme == "function" and len(code) != 7 and any(amounts.values()):
                self.problem(rulebook.EXPORT_CODE, f"科目{code} {name}没有列出下级项级科目，无法确定明细的功能科目",
                             self.loc(grid, row, 1))
            for key, value in amounts.items():
                col = header.columns[key]
                query = Query(**{**base, **MEASURES[key], **code_filter(scheme, code)})
                self.add_fact(read, query, value, self.loc(grid, row, col), f"{code} {name} {key_label(key)}",
                              leaf=not children)
                if children:
                    first, last = rows[children[0]][0], rows[children[-1]][0]
                    self.check_sum(read, f"{code} {name}的{key_label(key)}", value,
                                   [rows[c][1].get(key, ZERO) for c in children], self.loc(grid, row, col),
                                   f"{cell_name(first, col)}:{cell_name(last, col)}中的下级科目")
        if total_row is not None:
            row, amounts = total_row
            tops = [c for c in codes if len(c) == 3]
            for key, value in amounts.items():
                col = header.columns[key]
                self.add_fact(read, Query(**{**base, **MEASURES[key]}), value, self.loc(grid, row, col),
                              f"合计 {key_label(key)}")
                if tops:
                    self.check_sum(read, f"合计行的{key_label(key)}", value, [rows[c][1].get(key, ZERO) for c in tops],
                                   self.loc(grid, row, col), "各类级科目")

    def check_columns(self, grid: Grid, header: Header, read: TableRead, rows, total_row) -> None:
        """Column identities of each row: 合计 = 基本 + 项目, 基本 = 人员 + 公用."""
        every = [(r, a, f"{code} {name}") for code, (r, a, name) in rows.items()]
        if total_row:
            every.append((total_row[0], total_row[1], "合计行"))
        for whole, parts in read.table.sums:
            if whole not in header.columns or not all(p in header.columns for p in parts):
                continue
            for row, amounts, label in every:
                self.check_sum(read, f"{label}的{key_label(whole)}", amounts[whole], [amounts[p] for p in parts],
                               self.loc(grid, row, header.columns[whole]),
                               "、".join(f"{cell_name(row, header.columns[p])}（{key_label(p)}）" for p in parts))

    # ---- 收支总表 / 财政拨款收支总表 -----------------------------------------------------------------

    def read_paired(self, grid: Grid, header: Header, read: TableRead) -> None:
        cols = header.columns
        fiscal = read.table.key == "fiscal"
        if "in_amount" not in cols and "in_label" in cols:
            cols["in_amount"] = cols["in_label"] + 1
        scope = FISCAL_SOURCES if fiscal else ALL_SOURCES
        carry = False
        names = self.class_names()
        for row in self.data_rows(grid, header):
            if "in_label" in cols:
                carry = self.income_side(grid, row, cols, read, scope, carry)
            if "out_label" in cols:
                self.spending_side(grid, row, cols, read, scope, names)

    def income_side(self, grid, row, cols, read, scope, carry) -> bool:
        text = grid.text(row, cols["in_label"])
        label = strip_ordinal(text)
        if not label:
            return carry
        amount = self.amount(grid, row, cols.get("in_amount"), read.unit)
        where = self.loc(grid, row, cols.get("in_amount"))
        top_level = bool(re.match(r"^[一二三四五六七八九十]+、", norm(text)))
        if ("结转" in label or "结余" in label) and "年终" not in label:
            self.add_fact(read, Query(sources=scope & CARRYOVER), amount, where, label)
            return True
        if top_level and carry:
            carry = False
        if label in ("收入总计", "总计", "收入合计"):
            sources = scope
        elif label in ("本年收入合计", "本年收入", "本年收入小计"):
            sources = scope & CURRENT
        elif label in ("财政拨款收入", "财政拨款", "财政拨款收入合计", "财政拨款小计"):
            sources = FISCAL_SOURCES & CURRENT
        else:
            source = normalize_source(label)
            if source not in SOURCE_BY_LABEL:
                if amount:
                    self.problem(rulebook.EXPORT_ROW_UNKNOWN, f"收入项目“{text}”无法识别为资金来源，未读取", self.loc(grid, row, cols["in_label"]))
                return carry
            if carry and not SOURCE_BY_LABEL[source].carryover:
                family = SOURCE_BY_LABEL[source].family
                source = f"上年结转（{family}）" if f"上年结转（{family}）" in SOURCE_BY_LABEL else source
            sources = frozenset({source})
        self.add_fact(read, Query(sources=sources), amount, where, label)
        return carry

    def spending_side(self, grid, row, cols, read, scope, names) -> None:
        text = grid.text(row, cols["out_label"])
        label = strip_ordinal(text)
        if not label:
            return
        measures = [(k, c) for k, c in cols.items() if k.startswith("out_") and k != "out_label"]
        measures += [(k, c) for k, c in cols.items() if k.startswith("family:")]
        if "结转" in label or "结余" in label:
            for _, col in measures:
                if self.amount(grid, row, col, read.unit):
                    self.problem(rulebook.EXPORT_UNSUPPORTED, f"“{text}”不为0：年终结转结余不是本年支出，本程序不处理",
                                 self.loc(grid, row, col))
            return
        if label in ("支出总计", "总计", "本年支出合计", "本年支出", "支出合计"):
            function = ""
        else:
            function = names.get(label) or names.get(label.removesuffix("(类)"))
            if function is None:
                if any(self.amount(grid, row, col, read.unit) for _, col in measures):
                    self.problem(rulebook.EXPORT_ROW_UNKNOWN, f"支出项目“{text}”不是功能分类的类级科目名称，未读取",
                                 self.loc(grid, row, cols["out_label"]))
                return
        for key, col in measures:
            amount = self.amount(grid, row, col, read.unit)
            if key.startswith("family:"):
                query = Query(function=function, sources=family_sources(key.split(":", 1)[1]))
            else:
                measure = key.removeprefix("out_").replace("amount", "total")
                query = Query(function=function, sources=scope, **MEASURES[measure])
            self.add_fact(read, query, amount, self.loc(grid, row, col), f"{label} {key_label(key)}")

    # ---- 收入总表 ------------------------------------------------------------------------------

    def read_income(self, grid: Grid, header: Header, read: TableRead) -> None:
        cols = header.columns
        code_path = " ".join(header.paths.get(cols.get("code", 0), ()))
        if "code_class" in cols or "功能" in code_path or "科目" in code_path:
            self.read_income_by_function(grid, header, read)
            return
        rows = []
        for row in self.data_rows(grid, header):
            code = code_text(grid.value(row, cols["code"])) if "code" in cols else ""
            name = clean_name(grid.value(row, cols["name"])) if "name" in cols else ""
            code, rest = without_name(code, name)
            name = name or rest
            rows.append((row, code, name, self.row_amounts(grid, header, row, read)))
        codes = restore_zeros([c for _, c, _, _ in rows if c])
        units = {}
        for row, code, name, amounts in rows:
            code = codes.get(code, code)
            if not code:
                if is_total(name) or not name:
                    self.income_facts(grid, header, read, row, "", "合计", amounts)
                elif any(amounts.values()):
                    self.problem(rulebook.EXPORT_ROW_UNKNOWN, f"无法识别的行“{name}”（没有单位代码），未读取", self.loc(grid, row, 1))
                continue
            units[code] = (row, name, amounts)
        leaves = {c for c in units if not any(o != c and o.startswith(c) for o in units)}
        for code, (row, name, amounts) in units.items():
            if code in leaves:
                self.r.units.setdefault(code, name)
                self.income_facts(grid, header, read, row, code, name, amounts)
            else:
                self.r.department = self.r.department or name
                self.r.department_code = self.r.department_code or code
                self.income_facts(grid, header, read, row, "", name, amounts)

    def income_facts(self, grid, header, read, row, unit, name, amounts) -> None:
        for key, value in amounts.items():
            query = Query(unit=unit, sources=income_sources(key))
            self.add_fact(read, query, value, self.loc(grid, row, header.columns[key]),
                          f"{unit} {name} {key_label(key)}".strip(), leaf=bool(unit) and key.startswith("source:"))

    def read_income_by_function(self, grid: Grid, header: Header, read: TableRead) -> None:
        for row in self.data_rows(grid, header):
            code, name, label = self.row_code(grid, header, row)
            amounts = self.row_amounts(grid, header, row, read)
            if not code and not is_total(label) and not any(amounts.values()):
                continue
            if code and (code[0] != "2" or len(code) not in (3, 5, 7)):
                self.problem(rulebook.EXPORT_CODE, f"“{label}”不是功能分类科目编码", self.loc(grid, row, 1))
                continue
            if not code and not is_total(label):
                self.problem(rulebook.EXPORT_ROW_UNKNOWN, f"无法识别的行“{label}”，未读取", self.loc(grid, row, 1))
                continue
            for key, value in amounts.items():
                query = Query(function=code, sources=income_sources(key))
                self.add_fact(read, query, value, self.loc(grid, row, header.columns[key]),
                              f"{code} {name} {key_label(key)}".strip())

    # ---- 项目支出表 -----------------------------------------------------------------------------

    def read_projects(self, grid: Grid, header: Header, read: TableRead) -> None:
        """Project rows between subtotal rows: the 合计 row, unit rows and 项目类别 rows."""
        cols = header.columns
        names_to_units = {norm(n): c for c, n in self.r.units.items()}
        unit_context = next(iter(self.r.units)) if len(self.r.units) == 1 else ""
        category = ""
        subtotals: list[tuple[str, int, dict[str, Decimal], list[ProjectRow]]] = []  # (level, row, amounts, members)
        for row in self.data_rows(grid, header):
            code = code_text(grid.value(row, cols["code"])) if "code" in cols else ""
            name = clean_name(grid.value(row, cols["name"])) if "name" in cols else ""
            unit_name = clean_name(grid.value(row, cols["unit"])) if "unit" in cols else ""
            amounts = self.row_amounts(grid, header, row, read)
            code, rest = without_name(code, name)
            name = name or rest
            if (not code and not name) or is_total(name) or is_total(code):
                subtotals.append(("total", row, amounts, []))
                continue
            padded = self.unit_code(code)
            if (padded and (padded in self.r.units or padded == self.r.department_code)) or (
                    not unit_name and (norm(name) in names_to_units or norm(name) == norm(self.r.department))):
                unit_context = padded if padded in self.r.units else names_to_units.get(norm(name), unit_context)
                subtotals.append(("unit", row, amounts, []))
                continue
            if not (unit_name if "unit" in cols else (len(code) >= 8 or not code)):
                category = f"{code} {name}".strip()
                subtotals.append(("category", row, amounts, []))
                continue
            project = self.project_row(grid, header, read, row, code, name, category,
                                       names_to_units.get(norm(unit_name), unit_context), amounts)
            self.attach(subtotals, project)
        for level, row, amounts, members in subtotals:
            if members:
                for key, value in amounts.items():
                    if key == "total" or key.startswith("source:"):
                        parts = [p.column_amount(key) for p in members]
                        self.check_sum(read, f"第{row}行（{'合计' if level == 'total' else '小计'}）的{key_label(key)}",
                                       value, parts, self.loc(grid, row, header.columns[key]), "其下各项目")

    @staticmethod
    def attach(subtotals, project: ProjectRow) -> None:
        """A project counts in the last category row, the last unit row and the total row above it."""
        seen: set[str] = set()
        for level, _, _, members in reversed(subtotals):
            if level in seen or (level == "category" and seen):
                continue
            seen.add(level)
            members.append(project)

    def project_row(self, grid, header, read, row, code, name, category, unit, amounts) -> ProjectRow:
        cols = header.columns
        by_source: dict[frozenset, Decimal] = {}
        for key, value in amounts.items():
            if key.startswith("source:"):
                by_source[frozenset({key.split(":", 1)[1]})] = value
            elif key == "own":
                by_source[OWN_SOURCES] = value
        if not any(by_source.values()) and amounts.get("total"):
            by_source = {ALL_SOURCES: amounts["total"]}
        columns = dict(amounts)
        by_source = {k: v for k, v in by_source.items() if v}
        project = ProjectRow(name, code, unit, category, project_kind(category), by_source,
                             self.loc(grid, row, cols.get("name", 1)), columns)
        self.r.projects.append(project)
        if "total" in amounts:
            self.check_sum(read, f"项目“{name}”", amounts["total"], list(by_source.values()),
                           self.loc(grid, row, cols["total"]), "各资金来源列")
        for sources, value in by_source.items():
            self.add_fact(read, Query(project=name, sources=sources), value,
                          self.loc(grid, row, cols.get("total", cols.get("name", 1))), name, leaf=True)
        return project

    def unit_code(self, code: str) -> str:
        """A unit code whose leading zeros a spreadsheet dropped: 16001 → 016001."""
        if not code.isdigit():
            return code
        for known in list(self.r.units) + [self.r.department_code]:
            if known and known.isdigit() and known.lstrip("0") == code.lstrip("0") and len(known) >= len(code):
                return known
        return code

    # ---- "三公" 经费表 -------------------------------------------------------------------------

    def read_single(self, grid: Grid, header: Header, read: TableRead) -> None:
        for row in self.data_rows(grid, header):
            amounts = self.row_amounts(grid, header, row, read)
            if not any(grid.value(row, c) is not None for c in header.columns.values()):
                continue
            for key, value in amounts.items():
                where = self.loc(grid, row, header.columns[key])
                if key == "operating":
                    self.r.operating = (value, where)
                    continue
                self.r.three_public[key] = (value, where)
                query = Query(economic=THREE_PUBLIC_ECONOMIC[key], sources=FISCAL_SOURCES)
                self.add_fact(read, query, value, where, key_label(key))
            for whole, parts in read.table.sums:
                if whole in amounts and all(p in amounts for p in parts):
                    self.check_sum(read, key_label(whole), amounts[whole], [amounts[p] for p in parts],
                                   self.loc(grid, row, header.columns[whole]), "各分项")
            break

    # ---- 政府采购预算表 ---------------------------------------------------------------------------

    def read_procurement(self, grid: Grid, header: Header, read: TableRead) -> None:
        """One item per row that names an item or a project; the 合计 row gives the total; unit and
        department rows between them are subtotals. Columns the data format has no field for (单价,
        资金来源, 资金性质…) are named in the import's notes, never silently left out."""
        cols = header.columns
        taken = set(cols.values())
        unread = [self.header_text(grid, header, col) for col in sorted(header.paths) if col not in taken]
        if unread:
            self.r.unread_columns.append(f"“{grid.title}”中的{'、'.join(f'“{t}”' for t in unread)}列")
        items: list[Decimal] = []
        total_at: Location | None = None
        for row in self.data_rows(grid, header):
            text = {k: clean_name(grid.value(row, c)) for k, c in cols.items() if not read.table.column(k).amount}
            amounts = self.row_amounts(grid, header, row, read)
            if not (text.get("item") or text.get("project")):
                labels = [t for t in text.values() if t]
                if any(strip_ordinal(t) in ("合计", "总计") for t in labels) and total_at is None:
                    self.r.procurement_total = amounts.get("amount", ZERO)
                    total_at = self.loc(grid, row, cols.get("amount"))
                continue  # a unit's or a department's subtotal row
            unit = self.unit_code(split_code(code_text(grid.value(row, cols["unit"])))[0]) if "unit" in cols else ""
            if not unit and text.get("unit_name"):
                unit = {norm(n): c for c, n in self.r.units.items()}.get(norm(text["unit_name"]), "")
            item = text.get("item", "")
            category = text.get("category") or ITEM_CATEGORIES.get(
                re.sub(r"^[\[【(（\s]+", "", item)[:1].upper(), "")
            function = split_code(code_text(grid.value(row, cols["function"])))[0] if "function" in cols else ""
            economic = split_code(code_text(grid.value(row, cols["economic"])))[0] if "economic" in cols else ""
            self.r.procurement.append(ProcurementRow(
                unit, text.get("project", ""), item, category, function if function.isdigit() else "",
                economic if economic.isdigit() else "", text.get("quantity", ""), text.get("measure", ""),
                amounts.get("amount", ZERO), amounts.get("sme", ZERO), self.loc(grid, row, cols.get("amount"))))
            items.append(amounts.get("amount", ZERO))
        if total_at is not None and self.r.procurement_total is not None:
            self.check_sum(read, "政府采购合计", self.r.procurement_total, items, total_at, "各采购品目")

    @staticmethod
    def header_text(grid: Grid, header: Header, col: int) -> str:
        """A column's lowest header text as the sheet shows it."""
        texts = [grid.spread(row, col) for row in range(header.top, header.bottom + 1)]
        return next((str(t).strip() for t in reversed(texts) if t and str(t).strip()), "")

    # ---- a line-item export ------------------------------------------------------------------

    def read_lines(self, grid: Grid, header: Header, read: TableRead) -> None:
        """One ledger line per row; 小计 rows check the lines since the last one, 合计 rows all lines."""
        cols = header.columns
        names_to_units = {norm(n): c for c, n in self.r.units.items()}
        raw_units = [code_text(grid.value(r, cols["unit"])) for r in self.data_rows(grid, header)] if "unit" in cols else []
        restored = restore_zeros([split_code(u)[0] for u in raw_units if u])
        since_subtotal: list[Decimal] = []
        every: list[Decimal] = []
        for row in self.data_rows(grid, header):
            text = {k: clean_name(grid.value(row, c)) for k, c in cols.items() if k != "amount"}
            function = split_code(code_text(grid.value(row, cols["function"])))[0]
            if not function.isdigit():
                labels = [t for t in text.values() if t]
                if labels and any(is_total(t) for t in labels):  # a subtotal row: checked, never a line
                    grand = any(strip_ordinal(t) in ("合计", "总计") or t.endswith(("合计", "总计")) for t in labels)
                    amount = self.amount(grid, row, cols["amount"], read.unit)
                    where = self.loc(grid, row, cols["amount"])
                    self.check_sum(read, "明细合计" if grand else "明细小计", amount, every if grand else since_subtotal,
                                   where, "其上各明细行" if grand else "上一小计以来的明细行")
                    since_subtotal = []
                    continue
                self.problem(rulebook.EXPORT_CODE, f"“{text.get('function', '')}”不是功能分类科目编码",
                             self.loc(grid, row, cols["function"]))
                continue
            entry = self.line_entry(grid, row, cols, text, read, restored, names_to_units)
            if entry is not None:
                self.r.lines.append((entry, self.loc(grid, row, cols["amount"])))
                since_subtotal.append(entry.amount)
                every.append(entry.amount)

    def line_entry(self, grid, row, cols, text, read, restored, names_to_units) -> Entry | None:
        function = split_code(code_text(grid.value(row, cols["function"])))[0]
        economic = split_code(code_text(grid.value(row, cols["economic"])))[0] if "economic" in cols else ""
        bad = []
        if len(function) != 7 or function[0] != "2":
            bad.append(("function", "功能分类科目应为7位项级编码"))
        if not (economic.isdigit() and len(economic) == 5 and economic[0] == "3"):
            bad.append(("economic", "经济分类科目应为5位款级编码"))
        project = text.get("project", "")
        kind_text = text.get("kind", "")
        kind = normalize_kind(kind_text) if kind_text else ("项目" if project else "基本")
        if kind not in ("基本", "项目"):
            bad.append(("kind", "支出类型应为基本支出或项目支出"))
        source = normalize_source(text.get("source", "")) if text.get("source") else "一般公共预算"
        if source not in SOURCE_BY_LABEL:
            bad.append(("source", "资金来源无法识别"))
        unit_raw = split_code(code_text(grid.value(row, cols["unit"])))[0] if "unit" in cols else ""
        unit = self.unit_code(restored.get(unit_raw, unit_raw)) if unit_raw else names_to_units.get(
            norm(text.get("unit_name", "")), "")
        for key, why in bad:
            self.problem(rulebook.EXPORT_CODE, f"“{grid.text(row, cols[key])}”：{why}", self.loc(grid, row, cols[key]))
        if bad:
            return None
        amount = self.amount(grid, row, cols["amount"], read.unit)
        return Entry(unit, function, economic, kind, project if kind == "项目" or project else "", source, amount)


# ---- helpers -----------------------------------------------------------------------------------


def code_filter(scheme: str, code: str) -> dict:
    return {"function": code} if scheme == "function" else {"economic": (code,)}


def next_length(code: str, lengths: tuple[int, ...]) -> int:
    i = lengths.index(len(code))
    return lengths[i + 1] if i + 1 < len(lengths) else 0


def income_sources(key: str) -> frozenset[str]:
    if key.startswith("source:"):
        return frozenset({key.split(":", 1)[1]})
    return {"total": ALL_SOURCES, "current_total": CURRENT, "carry_total": CARRYOVER,
            "fiscal": FISCAL_SOURCES & CURRENT}[key]


def project_kind(category: str) -> str:
    """基本 for the budget systems' 人员类 (11xx, 12xx) and 公用经费 (21xx) items, else 项目."""
    code = category.partition(" ")[0]
    if code.isdigit() and code.startswith(BASIC_CATEGORY_PREFIXES) and len(code) >= 2:
        return "基本"
    if any(w in category for w in BASIC_CATEGORY_WORDS) and "其他运转" not in category:
        return "基本"
    return "项目"


def restore_zeros(codes: list[str]) -> dict[str, str]:
    """Codes read from number cells lose their leading zeros (016001 → 16001). Where the other codes
    of the column are longer and zero-led, pad to their usual length."""
    lengths = Counter(len(c) for c in codes if c.isdigit() and c.startswith("0"))
    out = {}
    for code in codes:
        if code.isdigit() and not code.startswith("0") and lengths:
            for length, _ in lengths.most_common():
                if length > len(code):
                    out[code] = code.zfill(length)
                    break
    return out


KEY_LABELS = {
    "total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "public": "公用经费",
    "current_total": "本年收入小计", "carry_total": "上年结转结余小计", "fiscal": "财政拨款",
    "abroad": "因公出国（境）费", "reception": "公务接待费", "vehicles": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费", "operating": "机关运行经费",
    "out_amount": "", "out_basic": "基本支出", "out_personnel": "人员经费", "out_public": "公用经费",
    "out_project": "项目支出", "own": "单位资金",
}


def key_label(key: str) -> str:
    if key.startswith(("source:", "family:")):
        return key.split(":", 1)[1]
    return KEY_LABELS.get(key, key)


def show(amount_yuan: Decimal, unit: str) -> str:
    """An amount in the sheet's own unit, as the clerk sees it there."""
    from ..money import fmt_money

    value = amount_yuan / TEN_THOUSAND if unit == "万元" else amount_yuan
    return f"{fmt_money(value)}{unit}"


__all__ = ["FISCAL_FAMILIES", "ExportRead", "ProjectRow", "TableRead", "read_export"]
