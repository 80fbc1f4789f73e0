"""`budgetauthor import`: a budget-system export (and last year's file) → a budget file.

    from budgetauthor.exchange import import_export
    result = import_export("导出.xlsx", previous="2024.yaml")
    result.data            # plain data, as load() gives it: write it with write_result()
    result.from_tables     # True when the ledger was derived from the standard tables

The export is read (reader.py), its tables are checked against each other (facts.conflicts), the
ledger is the export's line items or is derived from the tables (ledger.py) and is then proved to
reproduce every imported figure (ledger.verify). Any disagreement raises ExportInconsistent with
both figures and both cells, and nothing is written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import catalog as catalog_mod
from .. import profiles, rulebook
from ..errors import BudgetAuthorError, ExitCode
from ..findings import Finding, Severity
from ..money import round_wan
from ..output import check_target, write_atomic
from ..profiles import LayoutProfile
from ..vocab import SOURCE_BY_LABEL, SOURCES, is_personnel
from .carryover import LastYear, merge_into, read_last_year
from .facts import ALL_SOURCES, FISCAL_SOURCES, ZERO, Entry, Fact, Query, evaluate, family_sources
from .from_texts import TextFill, known_terms
from .grid import norm
from .ledger import DERIVED_NOTE, build_from_tables, conflicts, verify
from .reader import TEN_THOUSAND, ExportRead, read_export
from .texts import read_texts

OPERATING_DEFINITION = "行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出"
_PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{1,7}?(?:省|自治区|市|区|县|州|旗))+")
_LEVEL_BY_SUFFIX = {"省": "省级", "自治区": "省级", "市": "市级", "州": "市级", "区": "区级", "县": "县级", "旗": "县级"}
_PUBLIC_SERVICE = ("中心", "院", "馆", "站", "所", "队", "学校", "小学", "中学", "幼儿园", "医院", "台", "社")


class ExportInconsistent(BudgetAuthorError):
    """The export cannot become a budget file: unreadable tables, or tables that disagree."""

    exit_code = ExitCode.INVALID


@dataclass
class ImportResult:
    source: Path
    data: dict
    from_tables: bool
    lines: int
    tables: list[tuple[str, str]]  # (table title, sheet)
    skipped: list[str]  # sheets with no table we read
    notes: list[str] = field(default_factory=list)  # what the clerk should check or complete
    warnings: list[Finding] = field(default_factory=list)
    previous: LastYear | None = None


def import_export(path: str | Path, *, previous: str | Path | None = None, year: int | None = None,
                  style: str | None = None, kind: str | None = None) -> ImportResult:
    """Import an export workbook (and last year's file). `style` and `kind` (a layout profile and
    部门预算/单位预算) are written into the file's profile; without them, last year's carry over."""
    path = Path(path)
    read = read_export(path)
    if not read.tables:
        message = (f"“{path.name}”中没有找到部门预算表（收支总表、支出总表、一般公共预算支出表……）或预算明细；"
                   "请确认这是预算系统导出的部门预算公开表")
        raise ExportInconsistent(message, [rulebook.EXPORT_NO_TABLES.finding(message)])
    errors = [f for f in read.findings if f.severity is Severity.ERROR]
    if errors:
        raise ExportInconsistent(f"导出的表中有{len(errors)}处无法读取或自相矛盾，未生成文件", read.findings)
    disagreements = conflicts(read.facts)
    if disagreements:
        raise ExportInconsistent(f"导出的表之间有{len(disagreements)}处数字不一致，未生成文件", disagreements)
    notes: list[str] = []
    placeholders: list[str] = []
    last = read_last_year(previous) if previous else None
    if read.lines:
        entries = line_entries(read)
        problems = verify(read.facts, entries, against="lines")
        from_tables = False
    else:
        built = build_from_tables(read, yuan_economics(last))
        if built.findings:
            raise ExportInconsistent("无法由导出的表推算出一致的预算明细，未生成文件", built.findings)
        entries, notes, placeholders = built.entries, built.notes, built.placeholder_projects
        problems = verify(read.facts, entries, against="tables")
        from_tables = True
    if problems:
        raise ExportInconsistent(f"预算明细与导出的表有{len(problems)}处不一致，未生成文件", problems)
    document = Document(read, entries, year or read.year or (last.year + 1 if last else None), placeholders)
    data = document.build()
    if from_tables:
        notes.insert(0, f"导出的工作簿没有预算明细：已由部门预算表推算出{len(entries)}行明细（文件中已注明），"
                        "推算结果与每一张表逐数一致")
    notes += data.pop("_notes")
    if last:
        notes += merge_into(data, last)
    for key, value in (("style", style), ("kind", kind)):
        if value:
            data["profile"][key] = value
    texts = read_texts(read.text_sheets, known_terms(layout_of(data["profile"].get("style"), path.parent)))
    notes += TextFill(data, texts, document.function_name, placeholders).apply()
    settle_operating_expenses(data, read)
    tables = [(t.table.title, t.sheet) for t in read.tables.values()]
    warnings = [f for f in read.findings if f.severity is Severity.WARNING]
    return ImportResult(path, data, from_tables, len(entries), tables, read.skipped, notes, warnings, last)


def layout_of(style: str | None, relative_to: Path) -> LayoutProfile:
    """The layout the file will be rendered with (its texts' terms are the layout's own), the
    standard one when the style names none that exists."""
    try:
        return profiles.load_profile(style, relative_to) if style else profiles.standard()
    except (profiles.ProfileNotFound, profiles.ProfileProblem):
        return profiles.standard()


def yuan_economics(last: LastYear | None) -> dict[str, dict[str, Decimal]]:
    """Last year's economic split of each project, in 元 like the import (only its shares matter)."""
    if last is None:
        return {}
    return {name: {code: a * TEN_THOUSAND for code, a in by.items()} for name, by in last.project_economics.items()}


def line_entries(read: ExportRead) -> list[Entry]:
    units = list(read.units)
    single = units[0] if len(units) == 1 else (read.department_code or "001") if not units else ""
    out = []
    for entry, location in read.lines:
        unit = entry.unit or single
        if not unit:
            raise ExportInconsistent("预算明细没有单位编码，而部门有多个预算单位",
                                     [rulebook.EXPORT_CODE.finding("预算明细中这一行没有单位编码，本部门有多个预算单位，无法归属",
                                                                  location=location)])
        out.append(Entry(unit, entry.function, entry.economic, entry.kind, entry.project, entry.source, entry.amount))
    return out


# ---- the budget file -----------------------------------------------------------------------------


class Document:
    def __init__(self, read: ExportRead, entries: list[Entry], year: int | None, placeholders: list[str]):
        self.read, self.entries, self.year, self.placeholders = read, entries, year, placeholders
        self.unit = "元" if "元" in read.amount_units else "万元"
        self.notes: list[str] = []
        self.stated: dict[Query, Fact] = {}
        for fact in read.facts:
            self.stated.setdefault(fact.query, fact)
        self.sums = evaluate(self.queries(), entries)
        self.catalog = catalog_mod.builtin(year or max(catalog_mod.available_years()))

    def money(self, amount: Decimal) -> str:
        value = amount if self.unit == "元" else amount / TEN_THOUSAND
        return format(value.normalize(), "f") if value else "0"

    def figure(self, query: Query) -> Decimal:
        """The table's figure for `query` when a table states it, else the ledger's sum."""
        fact = self.stated.get(query)
        return fact.amount if fact else self.sums.get(query, ZERO)

    def queries(self) -> list[Query]:
        qs = [Query(), Query(sources=FISCAL_SOURCES), Query(kind="基本"), Query(kind="项目"),
              Query(kind="基本", personnel=True), Query(kind="基本", personnel=False)]
        qs += [Query(sources=frozenset({s.label})) for s in SOURCES]
        for unit in self.unit_codes():
            qs += [Query(unit=unit), Query(unit=unit, kind="基本"), Query(unit=unit, kind="项目"),
                   Query(unit=unit, sources=FISCAL_SOURCES)]
        return qs

    def unit_codes(self) -> list[str]:
        return sorted({e.unit for e in self.entries})

    def build(self) -> dict:
        data = {
            "profile": self.profile(),
            "approved": self.approved(),
            "ledger": self.ledger(),
        }
        printed = self.printed_names()
        if printed:
            data["printed_names"] = printed
        projects = self.projects()
        if projects:
            data["projects"] = projects
        procurement = self.procurement()
        if procurement:
            data["procurement"] = procurement
        if self.read.three_public:
            data["three_public"] = {k: self.money(v) for k, (v, _) in self.read.three_public.items()
                                    if k in ("total", "abroad", "reception", "vehicle_purchase", "vehicle_operation")}
        data["_notes"] = self.notes
        return data

    def profile(self) -> dict:
        name = self.read.department or ""
        units = []
        for code in self.unit_codes():
            unit_name = self.read.units.get(code) or (name if len(self.unit_codes()) == 1 else code)
            units.append({"code": code, "name": unit_name, "type": guess_unit_type(unit_name)})
        if units:
            guessed = "、".join(f"{u['name']}为{u['type']}" for u in units)
            self.notes.append(f"单位性质按名称推定（{guessed}），请在“预算单位”中核对")
        profile = {"name": name, "year": str(self.year) if self.year else None, "level": guess_level(name),
                   "amount_unit": self.unit, "units": units}
        if self.read.department_code:
            profile["code"] = self.read.department_code
        return {k: v for k, v in profile.items() if v not in (None, "")}

    def approved(self) -> dict:
        all_gp_basic = all(SOURCE_BY_LABEL[e.source].family == "一般公共预算" for e in self.entries if e.kind == "基本")
        a: dict[str, Any] = {
            "income_total": self.money(self.figure(Query())),
            "expenditure_total": self.money(self.figure(Query())),
            "fiscal": self.money(self.figure(Query(sources=FISCAL_SOURCES))),
            "basic": self.money(self.figure(Query(kind="基本"))),
            "project": self.money(self.figure(Query(kind="项目"))),
        }
        gp = family_sources("一般公共预算")
        for key, personnel in (("personnel", True), ("public", False)):
            fact = self.stated.get(Query(kind="基本", personnel=personnel)) or (
                self.stated.get(Query(kind="基本", personnel=personnel, sources=gp)) if all_gp_basic else None)
            if fact:
                a[key] = self.money(fact.amount)
        a["by_source"] = {s.label: self.money(self.figure(Query(sources=frozenset({s.label})))) for s in SOURCES
                          if self.figure(Query(sources=frozenset({s.label})))}
        if len(self.unit_codes()) > 1:
            a["by_unit"] = {u: {"total": self.money(self.figure(Query(unit=u))),
                                "basic": self.money(self.figure(Query(unit=u, kind="基本"))),
                                "project": self.money(self.figure(Query(unit=u, kind="项目"))),
                                "fiscal": self.money(self.figure(Query(unit=u, sources=FISCAL_SOURCES)))}
                            for u in self.unit_codes()}
        by_function = self.classified("expenditure", ALL_SOURCES, "function")
        if by_function:
            a["by_function"] = by_function
        if all_gp_basic:
            by_economic = self.classified("general_basic", gp, "economic")
            if by_economic:
                a["by_economic"] = {code: parts.get("total") or parts["basic"] for code, parts in by_economic.items()
                                    if "total" in parts or "basic" in parts}
        return a

    def classified(self, table_key: str, sources: frozenset, scheme: str) -> dict:
        table = self.read.tables.get(table_key)
        out: dict[str, dict[str, str]] = {}
        if table is None:
            return out
        names = {"": "total", "基本": "basic", "项目": "project"}
        for fact in table.facts:
            q = fact.query
            code = q.function if scheme == "function" else (q.economic[0] if q.economic else "")
            if code and q.personnel is None and q.sources == sources and not q.unit and not q.project:
                out.setdefault(code, {})[names[q.kind]] = self.money(fact.amount)
        return dict(sorted(out.items()))

    def function_name(self, code: str) -> str:
        """A 功能分类 code's name as the tables print it, else the catalogue's."""
        return self.read.names.get(("function", code)) or self.catalog.name("function", code) or ""

    def printed_name(self, scheme: str, code: str) -> str | None:
        """The name the tables print for a code the catalogue does not have: kept on the line."""
        name = self.read.names.get((scheme, code))
        return name if name and not self.catalog.name(scheme, code) else None

    def printed_names(self) -> dict[str, dict[str, str]]:
        """The names the tables print for codes the catalogue names otherwise (printed_names), so the
        document prints them as the export does."""
        out: dict[str, dict[str, str]] = {}
        for (scheme, code), name in sorted(self.read.names.items()):
            known = self.catalog.name(scheme, code)
            if name and known and norm(known) != norm(name):
                out.setdefault(scheme, {})[code] = name
        return out

    def ledger(self) -> list[dict]:
        several = len(self.unit_codes()) > 1
        rows = []
        for e in self.entries:
            row = {"unit": e.unit if several else None, "function": e.function,
                   "function_name": self.printed_name("function", e.function), "economic": e.economic,
                   "economic_name": self.printed_name("economic", e.economic), "kind": e.kind,
                   "project": e.project or None, "source": e.source, "amount": self.money(e.amount)}
            rows.append({k: v for k, v in row.items() if v is not None})
        return rows

    def procurement(self) -> dict:
        """The 政府采购预算表's items and total; the columns no field takes are named in the notes."""
        read = self.read
        if read.unread_columns:
            self.notes.append(f"{'；'.join(read.unread_columns)}没有读取：数据文件中没有对应的项目")
        if not read.procurement and read.procurement_total is None:
            return {}
        several = len(self.unit_codes()) > 1
        items = []
        for p in read.procurement:
            item = {"unit": p.unit if several and p.unit else None, "project": p.project or None, "item": p.item,
                    "category": p.category or None, "function": p.function or None, "economic": p.economic or None,
                    "quantity": p.quantity or None, "measure": p.measure or None, "amount": self.money(p.amount),
                    "sme_amount": self.money(p.sme) if p.sme else None}
            items.append({k: v for k, v in item.items() if v is not None})
        total = read.procurement_total if read.procurement_total is not None else sum(
            (p.amount for p in read.procurement), ZERO)
        return {"total": self.money(total), **({"items": items} if items else {})}

    def projects(self) -> list[dict]:
        out = []
        for p in self.read.projects:
            item = {"name": p.name, "code": p.code or None, "unit": p.unit or None, "category": p.category or None,
                    "amount": self.money(p.total)}
            out.append({k: v for k, v in item.items() if v is not None})
        for name in self.placeholders:
            amount = sum((e.amount for e in self.entries if e.project == name), ZERO)
            out.append({"name": name, "amount": self.money(amount)})
        return out


def settle_operating_expenses(data: dict, read: ExportRead) -> None:
    """机关运行经费 stated by the export is kept only where it differs from the standard definition's
    figure (一般公共预算 basic 公用经费 of administrative units), with that definition."""
    if read.operating is None:
        return
    stated, _ = read.operating
    stated_in = read.tables["three_public"].unit
    administrative = {u["code"] for u in data["profile"].get("units", ()) if u.get("type") in ("行政单位", "参照公务员法管理事业单位")}
    several = len(data["profile"].get("units", ())) > 1
    unit = data["profile"]["amount_unit"]
    default = ZERO
    for row in data["ledger"]:
        code = row.get("unit") if several else data["profile"]["units"][0]["code"]
        if (row["kind"] == "基本" and SOURCE_BY_LABEL[row["source"]].family == "一般公共预算"
                and not is_personnel(row["economic"]) and code in administrative):
            default += Decimal(row["amount"])
    if unit == "万元":
        default *= TEN_THOUSAND
    if stated_in == "万元":  # a figure rounded to 0.01万元 agrees with the same figure unrounded
        default = round_wan(default / TEN_THOUSAND) * TEN_THOUSAND
    if default != stated:
        value = stated if unit == "元" else stated / TEN_THOUSAND
        data["operating_expenses"] = {"amount": format(value.normalize(), "f"), "definition": OPERATING_DEFINITION}


def guess_level(name: str) -> str:
    m = _PLACE.match(name)
    if not m:
        return "区级"
    for suffix, level in _LEVEL_BY_SUFFIX.items():
        if m.group(0).endswith(suffix):
            return level
    return "区级"


def guess_unit_type(name: str) -> str:
    return "事业单位" if name.endswith(_PUBLIC_SERVICE) else "行政单位"


# ---- writing ---------------------------------------------------------------------------------------


def write_result(result: ImportResult, out: str | Path, *, force: bool = False) -> Path:
    """Write the imported file as YAML or xlsx (by extension), atomically, never over an input and,
    unless `force`, never over an existing file."""
    from ..workbook.writer import build_workbook
    from ..yaml_out import dump

    out = Path(out)
    inputs = [result.source] + ([result.previous.source] if result.previous else [])
    check_target(out, *inputs, suffixes=(".yaml", ".yml", ".xlsx"), what="导入生成的数据文件", overwrite=force)
    if out.suffix.lower() == ".xlsx":
        wb = build_workbook(result.data)
        if result.from_tables:
            mark_derived(wb)
        buffer = io.BytesIO()
        wb.save(buffer)
        data = buffer.getvalue()
    else:
        data = dump(result.data, yaml_header(result)).encode("utf-8")
    return write_atomic(out, data, *inputs, overwrite=force)


DERIVED_REMARK = ("本表的预算明细由 budgetauthor import 按预算系统导出的部门预算表推算（导出文件没有预算明细）："
                  "各行汇总与导入的每一张表逐数一致，但各行的科目组合是推算的，请对照预算系统核对。")


def mark_derived(wb) -> None:
    """Say on the 预算明细 sheet, in a cell note on its title, that the lines were derived."""
    from openpyxl.comments import Comment

    ws = wb["预算明细"]
    cell = next(c for row in ws.iter_rows(max_row=5) for c in row if c.value)
    cell.comment = Comment(DERIVED_REMARK, "budgetauthor", width=360, height=120)


def yaml_header(result: ImportResult) -> tuple[str, ...]:
    lines = [f"# 部门预算数据：由 budgetauthor import 从预算系统导出的“{result.source.name}”导入。"]
    if result.previous:
        lines.append(f"# 职责、机构、人员、项目文字和绩效指标带自上年文件“{result.previous.source.name}”，上年数由上年文件计算。")
    if result.from_tables:
        lines.append(f"# 注意：导出文件没有预算明细，ledger {DERIVED_NOTE}：")
        lines.append("#   其汇总与导入的每一张表逐数一致，但各行的科目组合是推算的，请对照预算系统核对。")
    lines += [f"# {note}" for note in result.notes[1 if result.from_tables else 0:]]
    return tuple(lines)
