"""`budgetauthor export`: every table of the document as data, so the published figures can be
reused without copying them from a PDF.

    from budgetauthor.exchange.export import export_tables
    export_tables(report.derived, "公开数据/", fmt="csv", profile=layout)  # one CSV per table + datapackage.json
    export_tables(report.derived, "公开数据.json", fmt="json")           # one JSON file, data inline

The tables are the document's own (document_tables.py): the tables the chosen profile prints,
in its order, with its titles, row labels, codes and figures, in its money units, cell for cell
as the rendered document has them. A CSV file is one table: one header line (each column's
header cells top to bottom, a merged header once, joined by "-"), then the body rows as printed;
rows left blank in the document (printed forms' empty lines) are left out. With `unrounded`
the figures are written unrounded, in the table's unit, instead of as printed.

The descriptor follows the Fiscal Data Package (a Tabular Data Package whose fields carry a
`columnType` of its budget taxonomy, amounts "value" with their unit), with a primary key where
a classification column identifies every row. CSV files are UTF-8 with a byte-order mark, so
Excel opens them with the Chinese intact. Same input, same bytes out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..derive import Derived
from ..output import output_error, write_all_atomic, write_atomic
from ..profiles import LayoutProfile
from .document_tables import DocumentData, DocumentTable, document_tables

# The Fiscal Data Package's budget taxonomy, by what a column prints: (outline table, scheme) and
# the row variable the template puts in the column.
_CLASSIFICATION = {
    ("classified", "function"): "functional-classification:generic",
    ("classified", "economic"): "economic-classification:generic",
    ("income", ""): "administrative-classification:generic",
    ("projects", ""): "activity:generic:project",
}
_BY_VARIABLE = {
    "code": "code", "name": "label", "bare_name": "label",
    "class_code": "level1:code", "section_code": "level2:code", "item_code": "level3:code",
}
_OTHER_TYPES = {
    "in_label": "fin-source:generic:label",
    "out_label": "functional-classification:generic:level1:label",
    "unit": "administrative-classification:generic:label",
    "project": "activity:generic:project:label",
}
_BLANKS = re.compile(r"\s+")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
_NAME = re.compile(r"^[a-z0-9._-]+$")


@dataclass
class Field:
    name: str
    type: str  # string | number
    column_type: str = ""
    unit: str = ""
    grouped: bool = False  # as printed: thousands may be separated by ","


class TableData:
    """One document table as fields and rows of text, ready for CSV and JSON."""

    def __init__(self, table: DocumentTable, index: int, unrounded: bool, name: str = ""):
        self.table, self.index, self.unrounded = table, index, unrounded
        self.name = name or self.table.node.id
        width = table.width
        self.rows = [self.cells(table, r, width) for r in range(len(table.rows))]
        self.fields = [self.field(table, j, [row[j] for row in self.rows]) for j in range(width)]
        names = unique([column_name(table, j) for j in range(width)])
        for f, name in zip(self.fields, names):
            f.name = name

    def cells(self, table: DocumentTable, r: int, width: int) -> list[str]:
        printed = table.rows[r] + [""] * (width - len(table.rows[r]))
        if not self.unrounded:
            return printed
        figures = table.figures[r] + [None] * (width - len(table.figures[r]))
        return [_plain(f.exact) if f is not None else text for text, f in zip(printed, figures)]

    def field(self, table: DocumentTable, j: int, values: list[str]) -> Field:
        figures = [row[j] if j < len(row) else None for row in table.figures]
        # a column of amounts: a figure behind every cell that prints something (a blank may be a zero)
        if any(f is not None for f in figures) and all(f is not None for v, f in zip(values, figures) if v.strip()):
            return Field("", "number", "value", table.unit, grouped=not self.unrounded)
        return Field("", "string", column_type(table, table.variables[j] if j < len(table.variables) else ""))

    @property
    def file_name(self) -> str:
        return f"{self.index:02d}_{_UNSAFE.sub('_', self.table.bare_title or self.table.node.id)}.csv"

    @property
    def resource_name(self) -> str:
        name = self.name.lower().replace("_", "-")
        return name if _NAME.match(name) else f"table-{self.index}"

    def primary_key(self) -> list[str]:
        """The first classification column whose every row has a value of its own."""
        for j, f in enumerate(self.fields):
            values = [row[j] for row in self.rows]
            if f.column_type and f.type == "string" and values and all(v.strip() for v in values) \
                    and len(set(values)) == len(values):
                return [f.name]
        return []

    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([f.name for f in self.fields])
        writer.writerows(self.rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def resource(self, inline: bool) -> dict:
        fields = []
        for f in self.fields:
            entry: dict[str, Any] = {"name": f.name, "type": f.type}
            if f.column_type:
                entry["columnType"] = f.column_type
            if f.type == "number":
                entry.update({"decimalChar": ".", "groupChar": "," if f.grouped else "", "unit": f.unit,
                              "currency": "CNY"})
            fields.append(entry)
        resource: dict[str, Any] = {"name": self.resource_name, "title": self.table.title,
                                    "profile": "tabular-data-resource"}
        if inline:
            resource["data"] = [{f.name: _json(v, f) for f, v in zip(self.fields, row)} for row in self.rows]
        else:
            resource.update({"path": self.file_name, "format": "csv", "mediatype": "text/csv",
                             "encoding": "utf-8-sig"})
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
        key = self.primary_key()
        if key:
            schema["primaryKey"] = key
        resource["schema"] = schema
        if self.table.empty_note:
            resource["description"] = self.table.empty_note
        return resource


def resource_names(tables: list[DocumentTable]) -> list[str]:
    """The outline node's id; several tables of one node (each project's targets) numbered."""
    counts: dict[str, int] = {}
    for t in tables:
        counts[t.node.id] = counts.get(t.node.id, 0) + 1
    seen: dict[str, int] = {}
    names = []
    for t in tables:
        seen[t.node.id] = seen.get(t.node.id, 0) + 1
        names.append(t.node.id if counts[t.node.id] == 1 else f"{t.node.id}-{seen[t.node.id]}")
    return names


def column_name(table: DocumentTable, j: int) -> str:
    """A column's header cells top to bottom, spacing dropped ("收　入" is 收入), a merged cell
    once: "本年收入-一般公共预算"; "第3列" for a column without a header."""
    parts: list[str] = []
    for row in table.header:
        text = _BLANKS.sub("", row[j]) if j < len(row) else ""
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return "-".join(parts) or f"第{j + 1}列"


def unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}（{seen[name]}）")
    return out


def column_type(table: DocumentTable, variable: str) -> str:
    node = table.node
    content = node.table or ""
    scheme = node.params.get("scheme", "function") if content == "classified" else ""
    base = _CLASSIFICATION.get((content, scheme))
    if base and variable in _BY_VARIABLE:
        suffix = _BY_VARIABLE[variable]
        if base.startswith("activity") and "level" in suffix:
            return ""
        return f"{base}:{suffix}"
    return _OTHER_TYPES.get(variable, "")


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _json(value: str, f: Field):
    if f.type != "number":
        return value
    if not value.strip():
        return None
    # A Decimal of at most 15 significant digits prints the same as the float nearest to it.
    return float(Decimal(value.replace(",", "")))


def descriptor(derived: Derived, document: DocumentData, tables: list[TableData], inline: bool) -> dict:
    b = derived.budget
    units = "、".join(dict.fromkeys(f.unit for t in tables for f in t.fields if f.unit)) or document.profile.money.tables
    rounding = "未四舍五入" if tables and tables[0].unrounded else "与文档所印相同"
    return {
        "profile": "fiscal-data-package",
        "name": f"budget-{b.year}-{b.profile.code or 'department'}".lower(),
        "title": document.title,
        "fiscalYear": b.year,
        "fiscalPeriod": {"start": f"{b.year}-01-01", "end": f"{b.year}-12-31"},
        "publisher": {"name": b.profile.name},
        "description": (f"{document.title}（版式：{document.profile.name}）中的各张表，逐格与文档相同；"
                        f"金额单位：{units}，{rounding}；合计数与分项之和可能有尾差"),
        "resources": [t.resource(inline) for t in tables],
    }


@dataclass
class Exported:
    paths: list[Path]
    tables: int


def export_tables(derived: Derived, target: str | Path, fmt: str = "csv", *, profile: LayoutProfile | None = None,
                  kind: str = "", unrounded: bool = False, force: bool = False,
                  inputs: tuple[Path, ...] = ()) -> Exported:
    """Write the document's tables (the layout `profile`, default standard; `kind` 部门预算 or
    单位预算, default the data's) as CSV files plus datapackage.json into the folder `target`
    (created if missing, refused if it holds files of another export unless `force`), or as one
    JSON file."""
    target = Path(target)
    if fmt not in ("csv", "json"):
        raise output_error(f"不支持的导出格式“{fmt}”：请用 csv 或 json", target)
    document = document_tables(derived, profile, kind)
    data = [TableData(table, i, unrounded, name)
            for i, (table, name) in enumerate(zip(document.tables, resource_names(document.tables)), 1)]
    if fmt == "json":
        if target.suffix.lower() != ".json":
            target = target / "datapackage.json" if target.is_dir() else target.with_suffix(".json")
        _refuse_existing([target], force)
        text = json.dumps(descriptor(derived, document, data, inline=True), ensure_ascii=False, indent=2) + "\n"
        return Exported([write_atomic(target, text.encode("utf-8"), *inputs)], len(data))
    if target.exists() and not target.is_dir():
        raise output_error(f"导出 CSV 时 -o 应为文件夹：{target} 是一个文件", target)
    if not target.parent.is_dir():
        raise output_error(f"输出目录不存在：{target.parent}（请先创建该目录）", target)
    target.mkdir(exist_ok=True)
    files = [target / t.file_name for t in data] + [target / "datapackage.json"]
    _refuse_existing(files, force)
    text = json.dumps(descriptor(derived, document, data, inline=False), ensure_ascii=False, indent=2) + "\n"
    contents = [t.csv_bytes() for t in data] + [text.encode("utf-8")]
    return Exported(write_all_atomic(list(zip(files, contents)), *inputs), len(data))


def _refuse_existing(files: list[Path], force: bool) -> None:
    existing = [f for f in files if f.exists()]
    if existing and not force:
        raise output_error(f"输出文件已存在：{existing[0]}（如确需覆盖，请加 --force）", existing[0])
