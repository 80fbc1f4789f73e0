"""The rows of each standard table as budget systems export it, computed from the derived views
(budgetauthor.derive), for writing export workbooks (export_workbook.py) and for comparing an
import with its source in tests.

Each row is a dict: "role" (total | data | subtotal), "code", "name", "level", and one Decimal
(万元, exact) per column key of tables.py.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..derive import Derived, Row, sum_lines, tree_rows
from ..model import ZERO, Line
from ..vocab import CARRYOVER_SOURCES, CURRENT_SOURCES
from . import tables as T
from .facts import FISCAL_FAMILIES

MEASURES = ("total", "basic", "project", "personnel", "public")
ORDINALS = "一二三四五六七八九十"


def cn_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (the numbering of 收支总表 rows)."""
    if n <= 10:
        return ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return (ORDINALS[tens - 1] if tens > 1 else "") + "十" + (ORDINALS[ones - 1] if ones else "")


def _measures(amounts, keys) -> dict:
    return {k: getattr(amounts, k) for k in keys}


def classified(d: Derived, table: T.TableDef) -> list[dict]:
    keys = tuple(c.key for c in table.columns if c.amount and c.key in MEASURES)
    predicate = predicate_of(table)
    lines = d.lines_where(predicate)
    if table.layout == T.FUNCTION:
        rows: list[Row] = tree_rows(lines, "function", d.function_name)
    else:
        rows = tree_rows(lines, "economic", d.economic_name)
    if not rows:
        return []
    out = [{"role": "total", "code": "", "name": "合计", "level": 0, **_measures(sum_lines(lines), keys)}]
    out += [{"role": "data" if r.level == (3 if table.layout == T.FUNCTION else 2) else "subtotal",
             "code": r.code, "name": r.name, "level": r.level, **_measures(r.amounts, keys)} for r in rows]
    return out


def predicate_of(table: T.TableDef) -> Callable[[Line], bool]:
    family, basic = table.family, table.basic_only
    return lambda ln: (family is None or ln.source.family == family) and (not basic or ln.kind == "基本")


def summary(d: Derived) -> list[dict]:
    """收支总表: income by every current source, 上年结转; expenditure by every 功能分类 类."""
    income = [(f"{cn_ordinal(i)}、{s.income_row}", d.by_source.get(s.label, ZERO))
              for i, s in enumerate(CURRENT_SOURCES, 1)]
    classes = d.function_classes()
    spending = [(f"{cn_ordinal(i)}、{e.name}", classes.get(e.code, ZERO))
                for i, e in enumerate(d.catalog.function_classes(), 1)]
    carry = sum((d.by_source.get(s.label, ZERO) for s in CARRYOVER_SOURCES), ZERO)
    total = d.totals.total
    rows = paired(income, spending)
    rows += [
        {"role": "subtotal", "in_label": "本年收入合计", "in_amount": total - carry,
         "out_label": "本年支出合计", "out_amount": total},
        {"role": "data", "in_label": "上年结转结余", "in_amount": carry, "out_label": "年终结转结余", "out_amount": ZERO},
        {"role": "total", "in_label": "收入总计", "in_amount": total, "out_label": "支出总计", "out_amount": total},
    ]
    return rows


def fiscal(d: Derived) -> list[dict]:
    """财政拨款收支总表: fiscal income (本年, 上年结转) | fiscal expenditure by 类 and family."""
    by = d.by_source
    current = [by.get(f, ZERO) for f in FISCAL_FAMILIES]
    carry = [by.get(f"上年结转（{f}）", ZERO) for f in FISCAL_FAMILIES]
    income = [("一、本年收入", sum(current, ZERO))]
    income += [(f"（{cn_ordinal(i)}）{f}拨款", v) for i, (f, v) in enumerate(zip(FISCAL_FAMILIES, current), 1)]
    income += [("二、上年结转", sum(carry, ZERO))]
    income += [(f"（{cn_ordinal(i)}）{f}拨款", v) for i, (f, v) in enumerate(zip(FISCAL_FAMILIES, carry), 1)]
    fiscal_lines = d.lines_where(lambda ln: ln.source.fiscal)
    by_class: dict[str, dict[str, Decimal]] = {}
    for ln in fiscal_lines:
        node = by_class.setdefault(ln.function[:3], {f: ZERO for f in FISCAL_FAMILIES})
        node[ln.source.family] += ln.amount
    spending = [("一、本年支出", {f: sum((ln.amount for ln in fiscal_lines if ln.source.family == f), ZERO)
                                 for f in FISCAL_FAMILIES})]
    spending += [(f"（{cn_ordinal(i)}）{e.name}", by_class.get(e.code, {f: ZERO for f in FISCAL_FAMILIES}))
                 for i, e in enumerate(d.catalog.function_classes(), 1)]
    rows = []
    for i in range(max(len(income), len(spending))):
        row: dict[str, Any] = {"role": "data"}
        if i < len(income):
            row["in_label"], row["in_amount"] = income[i]
        if i < len(spending):
            label, parts = spending[i]
            row["out_label"], row["out_amount"] = label, sum(parts.values(), ZERO)
            row.update({f"family:{f}": v for f, v in parts.items()})
        rows.append(row)
    total = d.fiscal.total
    families = {f"family:{f}": sum((ln.amount for ln in fiscal_lines if ln.source.family == f), ZERO)
                for f in FISCAL_FAMILIES}
    rows.append({"role": "total", "in_label": "收入总计", "in_amount": total, "out_label": "支出总计",
                 "out_amount": total, **families})
    return rows


def paired(left: list[tuple[str, Decimal]], right: list[tuple[str, Decimal]]) -> list[dict]:
    rows = []
    for i in range(max(len(left), len(right))):
        row: dict = {"role": "data"}
        if i < len(left):
            row["in_label"], row["in_amount"] = left[i]
        if i < len(right):
            row["out_label"], row["out_amount"] = right[i]
        rows.append(row)
    return rows


def income(d: Derived) -> list[dict]:
    """收入总表: the department and each unit, by every source (本年 and 上年结转)."""
    b = d.budget

    def row(role: str, code: str, name: str, by_source: dict[str, Decimal]) -> dict:
        current = {f"source:{s.label}": by_source.get(s.label, ZERO) for s in CURRENT_SOURCES}
        carry = {f"source:{s.label}": by_source.get(s.label, ZERO) for s in CARRYOVER_SOURCES}
        return {"role": role, "code": code, "name": name,
                "total": sum(current.values(), ZERO) + sum(carry.values(), ZERO),
                "current_total": sum(current.values(), ZERO), **current,
                "carry_total": sum(carry.values(), ZERO), **carry}

    rows = [row("total", "", "合计", d.by_source)]
    if b.profile.code:
        rows.append(row("subtotal", b.profile.code, b.profile.name, d.by_source))
    rows += [row("data", u.code, u.name, d.by_unit_source.get(u.code, {})) for u in b.profile.units]
    return rows


def three_public(d: Derived) -> list[dict]:
    t = d.three_public
    return [{"role": "data", "total": t["total"], "abroad": t["abroad"],
             "vehicles": t["vehicle_purchase"] + t["vehicle_operation"], "vehicle_purchase": t["vehicle_purchase"],
             "vehicle_operation": t["vehicle_operation"], "reception": t["reception"],
             "operating": d.operating_expenses}]


PROJECT_SOURCES = tuple(c.key.split(":", 1)[1] for c in T.PROJECT_TABLE.columns if c.key.startswith("source:"))


def projects(d: Derived) -> list[dict]:
    """项目支出表: every declared 预算项目 by unit and 项目类别 (Derived.project_rows), with
    subtotal rows."""

    def cells(amounts: dict[str, Decimal]) -> dict:
        by = {f"source:{s}": amounts.get(s, ZERO) for s in PROJECT_SOURCES}
        own = sum((v for k, v in amounts.items() if f"source:{k}" not in by), ZERO)
        return {"total": sum(amounts.values(), ZERO), **by, "own": own}

    roles = {"total": "total", "unit": "subtotal", "category": "subtotal", "project": "data"}
    return [{"role": roles[r.role], "code": r.code, "name": r.name or "合计", "unit": r.unit, **cells(r.amounts)}
            for r in d.project_rows()]


def procurement(d: Derived) -> list[dict]:
    """政府采购预算表: the 合计, then one row per item, codes with their names ("[2010302]…")."""
    b = d.budget
    if not b.procurement:
        return []
    rows = [{"role": "total", "unit_name": "合计", "amount": d.procurement_total, "sme": d.procurement_sme}]
    for item in b.procurement:
        unit = item.unit or b.profile.units[0].code
        rows.append({
            "role": "data", "unit": unit, "unit_name": b.unit_name(unit), "project": item.project, "item": item.item,
            "category": item.category, "quantity": item.quantity, "measure": item.measure,
            "function": f"[{item.function}]{d.function_name(item.function)}" if item.function else "",
            "economic": f"[{item.economic}]{d.economic_name(item.economic)}" if item.economic else "",
            "amount": item.amount, "sme": item.sme_amount or ZERO,
        })
    return rows


def table_rows(d: Derived, table: T.TableDef) -> list[dict]:
    if table.layout in (T.FUNCTION, T.ECONOMIC):
        return classified(d, table)
    return {"summary": summary, "fiscal": fiscal, "income": income, "three_public": three_public,
            "projects": projects, "procurement": procurement}[table.key](d)

