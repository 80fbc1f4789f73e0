"""`budgetauthor export`: every table of the document as data, so the published figures can be
reused without copying them from a PDF.

    from budgetauthor.exchange.export import export_tables
    export_tables(report.derived, "公开数据/", fmt="csv")   # one CSV per table + datapackage.json
    export_tables(report.derived, "公开数据.json", fmt="json")  # one JSON file, data inline

The tables are built from the derived views (views.py), laid out as tables.py declares them, with
the figures the document prints: 万元, two decimals, rounded half up. The descriptor follows the
Fiscal Data Package (a Tabular Data Package whose fields carry a `columnType`). CSV files are UTF-8
with a byte-order mark, so Excel opens them with the Chinese intact. Same input, same bytes out.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..derive import Derived
from ..money import round_wan
from ..output import output_error, write_atomic
from . import tables as T
from .views import table_rows

ROLES = {"total": "合计", "subtotal": "小计", "data": "明细"}
LEVELS = {0: "", 1: "类", 2: "款", 3: "项"}
TEXT_TYPES = {
    "code": "functional-classification:generic:code",
    "name": "functional-classification:generic:label",
    "in_label": "revenue-classification:generic:label",
    "out_label": "functional-classification:generic:label",
    "unit": "administrative-classification:generic:label",
}


def column_title(table: T.TableDef, key: str) -> str:
    """The CSV header of a column: its header path, "基本支出-人员经费"."""
    if key in ("in_label", "out_label", "in_amount", "out_amount"):
        side = "收入" if key.startswith("in") else "支出"
        return f"{side}项目" if key.endswith("label") else f"{side}金额"
    return "-".join(table.column(key).header)


def column_type(table: T.TableDef, key: str) -> str:
    if key in ("code", "name") and table.layout == T.ECONOMIC:
        return f"economic-classification:generic:{'code' if key == 'code' else 'label'}"
    if key in ("code", "name") and table.layout == T.UNITS:
        return f"administrative-classification:generic:{'code' if key == 'code' else 'label'}"
    if key in ("code", "name") and table.layout == T.PROJECTS:
        return f"activity:generic:project:{'code' if key == 'code' else 'label'}"
    return TEXT_TYPES.get(key, "value")


def amount(value: Decimal) -> Decimal:
    return round_wan(value)


class TableData:
    """One table as a header and rows of text/Decimal cells."""

    def __init__(self, d: Derived, table: T.TableDef, index: int):
        self.table, self.index = table, index
        self.keys = list(T.PRINTED[table.key])
        classified = table.layout in (T.FUNCTION, T.ECONOMIC)
        self.fields = [("row_type", "行类型", "string", "")]
        if classified:
            self.fields.append(("level", "层级", "string", ""))
        for key in self.keys:
            is_text = not table.column(key).amount
            self.fields.append((key, column_title(table, key), "string" if is_text else "number",
                                column_type(table, key)))
        self.rows = []
        for row in table_rows(d, table):
            out: dict[str, Any] = {"row_type": ROLES[row.get("role", "data")]}
            if classified:
                out["level"] = LEVELS.get(row.get("level", 0), "")
            for key in self.keys:
                value = row.get(key)
                out[key] = amount(value) if isinstance(value, Decimal) else (value or "")
            self.rows.append(out)

    @property
    def file_name(self) -> str:
        return f"{self.index:02d}_{self.table.title}.csv"

    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([title for _, title, _, _ in self.fields])
        for row in self.rows:
            writer.writerow([_text(row[key]) for key, _, _, _ in self.fields])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def resource(self, inline: bool) -> dict:
        fields = []
        for _key, title, kind, ctype in self.fields:
            field: dict = {"name": title, "title": title, "type": kind}
            if ctype:
                field["columnType"] = ctype
            if kind == "number":
                field.update({"decimalChar": ".", "groupChar": "", "unit": "万元", "currency": "CNY"})
            fields.append(field)
        resource: dict = {"name": self.table.key.replace("_", "-"), "title": self.table.title,
                          "profile": "tabular-data-resource"}
        if inline:
            resource["data"] = [{title: _json(row[key]) for key, title, _, _ in self.fields} for row in self.rows]
        else:
            resource.update({"path": self.file_name, "format": "csv", "mediatype": "text/csv",
                             "encoding": "utf-8-sig"})
        resource["schema"] = {"fields": fields}
        if not self.rows and self.table.empty_note:
            resource["description"] = f"{self.table.empty_note}，本表为空表"
        return resource


def _text(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _json(value):
    # A Decimal of at most 15 significant digits prints the same as the float nearest to it.
    return float(value) if isinstance(value, Decimal) else value


def descriptor(d: Derived, tables: list[TableData], inline: bool) -> dict:
    b = d.budget
    return {
        "profile": "fiscal-data-package",
        "name": f"budget-{b.year}-{b.profile.code or 'department'}".lower(),
        "title": f"{b.profile.name}{b.year}年部门预算",
        "fiscalYear": b.year,
        "fiscalPeriod": {"start": f"{b.year}-01-01", "end": f"{b.year}-12-31"},
        "publisher": {"name": b.profile.name},
        "description": "部门预算公开表（金额单位：万元，保留两位小数，四舍五入；合计数与分项之和可能有尾差）",
        "resources": [t.resource(inline) for t in tables],
    }


def export_tables(derived: Derived, target: str | Path, fmt: str = "csv", *, force: bool = False,
                  inputs: tuple[Path, ...] = ()) -> list[Path]:
    """Write the tables as CSV files plus datapackage.json into the folder `target` (created if
    missing, refused if it holds files of another export unless `force`), or as one JSON file."""
    target = Path(target)
    data = [TableData(derived, table, i) for i, table in enumerate(T.STANDARD, 1)]
    if fmt == "json":
        if target.suffix.lower() != ".json":
            target = target / "datapackage.json" if target.is_dir() else target.with_suffix(".json")
        _refuse_existing([target], force)
        text = json.dumps(descriptor(derived, data, inline=True), ensure_ascii=False, indent=2) + "\n"
        return [write_atomic(target, text.encode("utf-8"), *inputs)]
    if fmt != "csv":
        raise output_error(f"不支持的导出格式“{fmt}”：请用 csv 或 json", target)
    if target.exists() and not target.is_dir():
        raise output_error(f"导出 CSV 时 -o 应为文件夹：{target} 是一个文件", target)
    if not target.parent.is_dir():
        raise output_error(f"输出目录不存在：{target.parent}（请先创建该目录）", target)
    target.mkdir(exist_ok=True)
    files = [target / t.file_name for t in data] + [target / "datapackage.json"]
    _refuse_existing(files, force)
    written = [write_atomic(target / t.file_name, t.csv_bytes(), *inputs) for t in data]
    text = json.dumps(descriptor(derived, data, inline=False), ensure_ascii=False, indent=2) + "\n"
    written.append(write_atomic(target / "datapackage.json", text.encode("utf-8"), *inputs))
    return written


def _refuse_existing(files: list[Path], force: bool) -> None:
    existing = [f for f in files if f.exists()]
    if existing and not force:
        raise output_error(f"输出文件已存在：{existing[0]}（如确需覆盖，请加 --force）", existing[0])
