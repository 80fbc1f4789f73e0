"""Write the standard tables as a budget system exports them: one sheet per table, a title with the
year, "编制部门：…" and "单位：元" above multi-row merged headers, subtotal rows (合计, 类, 款, unit
and 项目类别 rows) among the lines.

It produces realistic export workbooks for round-trip tests and benchmarks, and lets a finance
bureau hand the published tables to another system as a workbook. Styles vary the details
real exports vary in: how codes are written, amounts in 元 or 万元, where the 合计 row sits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..derive import Derived
from ..output import write_atomic
from . import tables as T
from .views import table_rows

TEN_THOUSAND = Decimal(10000)
BOLD = Font(name="宋体", bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class ExportStyle:
    unit: str = "元"  # 元 or 万元
    # plain "2010301" | bracket "[2010301]行政运行" | dash "2010301-行政运行" | split 类/款/项 columns |
    # number: codes as numbers (Excel turned them into numbers; unit codes of the project table lose their 0)
    codes: str = "plain"
    total_first: bool = True  # 合计 row above the lines (Hubei) or below them (Shanghai)
    indent: bool = True  # names indented by level with spaces
    numbers_as_text: bool = False  # amounts written as "1,234.00" text
    sheet_prefix: str = "部门"


def write_export(path: str | Path, derived: Derived, style: ExportStyle = ExportStyle(),
                 tables: tuple[str, ...] | None = None, lines: bool = False) -> Path:
    buffer = io.BytesIO()
    build_export(derived, style, tables, lines).save(buffer)
    return write_atomic(Path(path), buffer.getvalue())


def build_export(derived: Derived, style: ExportStyle = ExportStyle(), tables: tuple[str, ...] | None = None,
                 lines: bool = False):
    """The standard tables (all, or those named) and, with `lines`, the line-item sheet
    (预算明细) that some budget systems offer."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in T.STANDARD:
        if tables is None or table.key in tables:
            _Sheet(wb, derived, table, style).write()
    if lines:
        line_items(wb, derived, style)
    return wb


LINE_HEADERS = ("单位编码", "单位名称", "功能分类科目", "经济分类科目", "支出类型", "项目名称", "资金来源", "金额")


def line_items(wb: Workbook, d: Derived, style: ExportStyle) -> None:
    """预算明细: one row per ledger line, subtotal rows per unit and a 合计 row at the end. Codes
    carry their names ("[2010301]行政运行"), unit codes are numbers (their leading zeros lost, as
    in a sheet someone re-typed), kinds are written out (基本支出/项目支出)."""
    ws = wb.create_sheet("预算明细")
    ws.cell(1, 1, f"{d.budget.year}年部门预算明细表").font = Font(name="宋体", size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(LINE_HEADERS))
    ws.cell(2, 1, f"编制部门：{d.budget.profile.name}")
    ws.cell(2, len(LINE_HEADERS), f"单位：{style.unit}")
    for col, text in enumerate(LINE_HEADERS, 1):
        ws.cell(3, col, text).font = BOLD
    r = 4
    for unit in d.budget.profile.units:
        lines = [ln for ln in d.budget.lines if ln.unit == unit.code]
        if not lines:
            continue
        for ln in lines:
            values = (int(unit.code) if unit.code.isdigit() else unit.code, unit.name,
                      f"[{ln.function}]{d.function_name(ln.function)}", f"[{ln.economic}]{d.economic_name(ln.economic)}",
                      f"{ln.kind}支出", ln.project or None, ln.source.label, cell_amount(ln.amount, style))
            for col, value in enumerate(values, 1):
                if value is not None:
                    ws.cell(r, col, value)
            r += 1
        ws.cell(r, 2, f"{unit.name} 小计").font = BOLD
        ws.cell(r, len(LINE_HEADERS), cell_amount(sum((ln.amount for ln in lines), Decimal(0)), style))
        r += 1
    ws.cell(r, 1, "合计").font = BOLD
    ws.cell(r, len(LINE_HEADERS), cell_amount(d.totals.total, style))


class _Sheet:
    def __init__(self, wb: Workbook, d: Derived, table: T.TableDef, style: ExportStyle):
        self.d, self.table, self.style = d, table, style
        self.ws = wb.create_sheet(f"{style.sheet_prefix}{table.title}"[:31])
        self.keys = list(T.PRINTED[table.key])
        if style.codes == "split" and "code" in self.keys and table.layout in (T.FUNCTION, T.ECONOMIC):
            i = self.keys.index("code")
            self.keys[i:i + 1] = ["code_class", "code_item"] + (["code_sub"] if table.layout == T.FUNCTION else [])

    def path(self, key: str) -> tuple[str, ...]:
        if key.startswith("code_"):
            group = "功能分类科目编码" if self.table.layout == T.FUNCTION else "经济分类科目编码"
            return (group, self.table.column(key).header[0])
        header = self.table.column(key).header
        if any(self.table.column(k).header[:len(header)] == header and k != key for k in self.keys
               if not k.startswith("code_")):
            return header + ("小计",)  # a group that also has its own total column
        return header

    def write(self) -> None:
        ws, d = self.ws, self.d
        width = len(self.keys)
        ws.cell(1, 1, f"{d.budget.year}年{self.style.sheet_prefix}{self.table.title}").font = Font(name="宋体", size=14, bold=True)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.cell(1, 1).alignment = CENTER
        ws.cell(2, 1, f"编制部门：{d.budget.profile.name}")
        ws.cell(2, width, f"单位：{self.style.unit}")
        row = self.headers(4)
        rows = table_rows(d, self.table)
        if not self.style.total_first:
            rows = [r for r in rows if r.get("role") != "total"] + [r for r in rows if r.get("role") == "total"]
        for data in rows:
            self.row(row, data)
            row += 1
        if not rows and self.table.empty_note:
            ws.cell(row + 1, 1, f"注：本部门{d.budget.year}年{self.table.empty_note}，本表为空表。")

    def headers(self, top: int) -> int:
        paths = [self.path(k) for k in self.keys]
        depth = max(len(p) for p in paths)
        for col, path in enumerate(paths, 1):
            for level, text in enumerate(path):
                cell = self.ws.cell(top + level, col, text)
                cell.font, cell.alignment = BOLD, CENTER
            if len(path) < depth:  # the leaf spans down to the last header row
                self.ws.merge_cells(start_row=top + len(path) - 1, start_column=col,
                                    end_row=top + depth - 1, end_column=col)
        for level in range(depth - 1):
            col = 1
            while col <= len(paths):
                path = paths[col - 1]
                end = col
                while (end < len(paths) and len(path) > level + 1 and len(paths[end]) > level + 1
                       and paths[end][:level + 1] == path[:level + 1]):
                    end += 1
                if end > col:
                    for c in range(col + 1, end + 1):
                        self.ws.cell(top + level, c).value = None
                    self.ws.merge_cells(start_row=top + level, start_column=col, end_row=top + level, end_column=end)
                col = end + 1
        return top + depth

    def row(self, r: int, data: dict) -> None:
        for col, key in enumerate(self.keys, 1):
            value = self.value(key, data)
            if value is not None:
                self.ws.cell(r, col, value)
        if data.get("role") in ("total", "subtotal"):
            for col in range(1, len(self.keys) + 1):
                self.ws.cell(r, col).font = BOLD

    def value(self, key: str, data: dict):
        code, name = data.get("code", ""), data.get("name", "")
        if key == "code":
            if self.table.layout == T.UNITS:
                return code or None  # unit codes keep their leading zeros in the income table
            return self.code_cell(code, name)
        if key.startswith("code_"):
            return split_part(code, key)
        if key == "name":
            indent = "  " * max(0, data.get("level", 1) - 1) if self.style.indent else ""
            return indent + name if name else None
        if not self.table.column(key).amount:
            return data.get(key) or None
        amount = data.get(key)
        return None if amount is None else cell_amount(amount, self.style)

    def code_cell(self, code: str, name: str):
        if not code:
            return None
        style = self.style.codes
        if style == "bracket" and name:
            return f"[{code}]{name}"
        if style == "dash" and name:
            return f"{code}-{name}"
        return int(code) if style == "number" and code.isdigit() else code



def cell_amount(value: Decimal, style: ExportStyle):
    """A 万元 figure as the sheet shows it: in 元 exactly, or rounded to 0.01万元 (half up)."""
    scaled = value * TEN_THOUSAND if style.unit == "元" else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if style.numbers_as_text:
        return f"{scaled:,.2f}"
    return int(scaled) if scaled == scaled.to_integral_value() else float(scaled)


def split_part(code: str, key: str) -> str | int | None:
    """类 as a number (Shanghai writes 205), 款 and 项 as two-digit text ("02")."""
    if not code:
        return None
    if key == "code_class":
        return int(code[:3])
    start = 3 if key == "code_item" else 5
    part = code[start:start + 2]
    return part or None
