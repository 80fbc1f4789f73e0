"""Arithmetic, cross-table, catalogue and completeness rules of our own (design.md §3).

Each check is a function of the context returning findings; `CHECKS` lists them in the order
their findings are printed. Messages name both figures and their difference.

Two kinds of comparison, chosen rule by rule:

* A stated exact figure against the ledger: exact at the precision the figure is written in.
  The ledger total, rounded (half-up) to the places of the stated figure, must equal it; a gap of
  one 分 or one 元 is an error. The document prints 0.01万元, so a figure written more coarsely
  ("186.4", "200") is held to 0.01万元, and one written more finely (a 元 file, "186.4012") to its
  own last digit. Rules: control-total (every approved.* figure, by source/unit/功能/经济 科目),
  control-table, project-amount (a project's 批复 amount), three-public-derived (the "三公"
  控制数), procurement-sum (the 政府采购预算 against its items, which are the purchase ledger),
  procurement-exceeds-project, procurement-exceeds-total, operating-expenses-exceeds,
  administrative-expenses-exceeds.
  Two stated figures that must be one and the same are compared exactly:
  income-expenditure-balance, fiscal-exceeds-total, previous-fiscal-exceeds, procurement-sme.
* Printed rounded figures against each other: within the 尾差 of 0.01万元 per summand
  (money.within_tail). These are figures the user copied from printed tables, each already
  rounded: project-sum (the stated project amounts added up), three-public-sum (the stated total
  against its four stated parts), assets-children (the asset report's rounded items),
  previous-change (a change worked out from last year's printed figures), previous-sum (last
  year's printed parts against its printed total), indicator-cost-exceeds (cost indicators are
  estimates written in round figures).
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..catalog import Catalog
from ..derive import Amounts, Derived, needs_reason, reason_for
from ..findings import Finding, format_path
from ..model import ZERO, Budget, Indicator, Line
from ..money import CENT, parse_number, round_wan, to_wan, wan, within_tail
from ..profiles import Requirements
from ..text import normalize_text
from ..vocab import INDICATOR_LEVEL2 as LEVEL2_OPTIONS
from ..vocab import SOURCE_BY_LABEL
from .codes import (
    ADMINISTRATIVE_EXPENSES_EXCEEDS,
    ASSETS_CHILDREN,
    CATALOG_YEAR,
    CODE_NAME_MISMATCH,
    CONTROL_TABLE,
    CONTROL_TOTAL,
    ECONOMIC_CODE_PARENT,
    ECONOMIC_CODE_UNKNOWN,
    FIELD_UNUSED,
    FISCAL_EXCEEDS_TOTAL,
    FUNCTION_CODE_PARENT,
    FUNCTION_CODE_UNKNOWN,
    INCOME_EXPENDITURE_BALANCE,
    INDICATOR_COST_EXCEEDS,
    INDICATOR_COST_FLOOR,
    INDICATOR_COST_MISSING,
    INDICATOR_LEVEL2,
    INDICATOR_LEVEL_MISSING,
    INDICATOR_UNIT_MISSING,
    INDICATOR_VALUE,
    OPERATING_EXPENSES_EXCEEDS,
    PREVIOUS_CHANGE,
    PREVIOUS_FISCAL_EXCEEDS,
    PREVIOUS_MISSING,
    PREVIOUS_SUM,
    PROCUREMENT_EXCEEDS_PROJECT,
    PROCUREMENT_EXCEEDS_TOTAL,
    PROCUREMENT_PROJECT_UNKNOWN,
    PROCUREMENT_SME,
    PROCUREMENT_SUM,
    PROJECT_AMOUNT,
    PROJECT_BASIS_MISSING,
    PROJECT_DUPLICATE,
    PROJECT_INCOMPLETE,
    PROJECT_MISSING_NAME,
    PROJECT_SUM,
    PROJECT_UNDECLARED,
    PROJECT_UNUSED,
    REASON_MISSING,
    SECTION_MISSING,
    TEXT_DATE_INVALID,
    TEXT_RESIDUE,
    TEXT_YEAR,
    THREE_PUBLIC_DERIVED,
    THREE_PUBLIC_SUM,
    UNIT_DUPLICATE,
    UNIT_UNKNOWN,
    UNITS_CONTROL_MISSING,
    YEAR_END_UNITS,
    Rule,
)
from .usage import filled, label_of, unused_fields


@dataclass
class Context:
    budget: Budget
    derived: Derived
    catalog: Catalog
    document: dict
    describe_line: Callable[[Line], str]  # "ledger[12]（第57行）" for hints
    requires: Requirements = Requirements()  # what the layout profile publishes, so asks for

    @functools.cached_property
    def texts(self) -> list[tuple[tuple, str]]:
        """(path, text) of every string in the file, keys included, read once for the text rules."""
        return list(_strings(self.document, ()))


def mismatch(rule: Rule, what: str, stated: Decimal, derived: Decimal, path: tuple, *, derived_label: str,
             stated_label: str = "填写数", hint: str = "", quantum: Decimal = CENT, in_yuan: bool = False) -> Finding:
    diff = abs(stated - derived)
    yuan = f"（{yuan_text(diff)}）" if in_yuan and quantum < CENT else ""
    message = (
        f"{what}：{stated_label}为{wan(stated, quantum)}，{derived_label}为{wan(derived, quantum)}，"
        f"相差{wan(diff, quantum)}{yuan}"
        + (f"。{hint}" if hint else "")
    )
    return rule.finding(message, path, expected=derived, actual=stated)


def yuan_text(value: Decimal) -> str:
    """An amount in 万元 as 元 for a file kept in 元: Decimal('0.0099') -> '99元'."""
    yuan = value * 10000
    if yuan == yuan.to_integral_value():
        return f"{yuan.to_integral_value():,}元"
    return f"{yuan.normalize():,f}元"


# ---- precision of a stated figure ------------------------------------------------------------------


def at_precision(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def _typed(document, path: tuple):
    node = document
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def stated_quantum(ctx: Context, path: tuple) -> Decimal:
    """The precision (in 万元) a stated figure is held to: its last written digit in the file's unit
    ("1864000" in a 元 file: 0.0001万元), never coarser than the 0.01万元 the document prints."""
    typed = _typed(ctx.document, path)
    if not isinstance(typed, (str, int, Decimal)) or isinstance(typed, bool):
        return CENT
    try:
        exponent = parse_number(typed, signed=True).as_tuple().exponent
    except ValueError:
        return CENT
    assert isinstance(exponent, int)  # parse_number refuses NaN and infinities
    quantum = to_wan(Decimal(1).scaleb(exponent), ctx.budget.profile.amount_unit)
    return min(quantum, CENT)


def finest_quantum(ctx: Context, paths: Iterable[tuple]) -> Decimal:
    return min((stated_quantum(ctx, p) for p in paths), default=CENT)


def in_yuan(ctx: Context) -> bool:
    return ctx.budget.profile.amount_unit == "元"


@dataclass(frozen=True)
class Stated:
    """A figure the user stated (a 批复 control, a project's amount…) and where it is written."""

    amount: Decimal
    path: tuple
    quantum: Decimal

    def differs_from(self, ledger: Decimal) -> bool:
        return self.amount != at_precision(ledger, self.quantum)

    def exceeds(self, ledger: Decimal) -> bool:
        return self.amount > at_precision(ledger, self.quantum)


def stated(ctx: Context, amount: Decimal, path: tuple) -> Stated:
    return Stated(amount, path, stated_quantum(ctx, path))


def exact_mismatch(ctx: Context, rule: Rule, what: str, figure: Stated, derived: Decimal, *, derived_label: str,
                   stated_label: str = "填写数", hint: str = "") -> Finding:
    """A stated figure that the ledger does not reach at its precision, shown to that precision."""
    return mismatch(rule, what, figure.amount, derived, figure.path, derived_label=derived_label,
                    stated_label=stated_label, hint=hint, quantum=figure.quantum, in_yuan=in_yuan(ctx))


# ---- catalogue ------------------------------------------------------------------------------


def _code_uses(ctx: Context) -> Iterator[tuple[str, str, tuple, str]]:
    """(scheme, code, path, user-typed name) for every code in the file, first use first."""
    for line in ctx.budget.lines:
        yield "function", line.function, line.path + ("function",), line.function_name
        yield "economic", line.economic, line.path + ("economic",), line.economic_name
    for item in ctx.budget.procurement:
        if item.function:
            yield "function", item.function, item.path + ("function",), ""
        if item.economic:
            yield "economic", item.economic, item.path + ("economic",), ""
    approved = ctx.document["approved"]
    for code in approved.get("by_function") or {}:
        yield "function", code, ("approved", "by_function", code), ""
    for code in approved.get("by_economic") or {}:
        yield "economic", code, ("approved", "by_economic", code), ""
    previous = ctx.document.get("previous") or {}
    for scheme in ("function", "economic"):
        for code in previous.get(f"by_{scheme}") or {}:
            yield scheme, code, ("previous", f"by_{scheme}", code), ""
    for code in previous.get("execution") or {}:
        yield "function", code, ("previous", "execution", code), ""


SCHEME_LABEL = {"function": "功能分类科目", "economic": "经济分类科目"}
CODE_PARENT = {"function": FUNCTION_CODE_PARENT, "economic": ECONOMIC_CODE_PARENT}
CODE_UNKNOWN = {"function": FUNCTION_CODE_UNKNOWN, "economic": ECONOMIC_CODE_UNKNOWN}


def check_catalogue(ctx: Context) -> Iterable[Finding]:
    catalog = ctx.catalog
    seen: set[tuple[str, str]] = set()
    uses: dict[tuple[str, str], int] = defaultdict(int)
    for scheme, code, _, _ in _code_uses(ctx):
        uses[(scheme, code)] += 1
    for scheme, code, path, typed_name in _code_uses(ctx):
        if (scheme, code) in seen:
            continue
        seen.add((scheme, code))
        entries = catalog.scheme(scheme)
        label = SCHEME_LABEL[scheme]
        count = uses[(scheme, code)]
        times = f"（文件中共出现{count}处）" if count > 1 else ""
        if code in entries:
            name = entries[code].name
            if typed_name and normalize_text(typed_name) != normalize_text(name):
                yield CODE_NAME_MISMATCH.finding(
                    f"{label}{code}的名称填写为“{typed_name}”，{catalog.origin}中为“{name}”", path
                )
            continue
        parents = [code[:n] for n in (3, 5) if n < len(code)]
        missing_parent = next((p for p in parents if p not in entries and (
            len(p) == 3 or catalog.parent_is_complete(scheme, p))), None)
        if missing_parent:
            level = "类" if len(missing_parent) == 3 else "款"
            yield CODE_PARENT[scheme].finding(
                f"{label}{code}所属的{level}“{missing_parent}”在{catalog.origin}中不存在，编码有误{times}", path
            )
        else:
            yield CODE_UNKNOWN[scheme].finding(
                f"{label}{code}不在{catalog.origin}中，请核对编码，或用 --catalog 提供财政部门的科目目录{times}",
                path,
            )


def check_catalogue_year(ctx: Context) -> Iterable[Finding]:
    used, year = ctx.catalog.builtin_year, ctx.budget.year
    if used is not None and used != year:
        yield CATALOG_YEAR.finding(
            f"程序没有内置{year}年的政府收支分类科目目录，科目编码和名称按内置的{used}年目录校验，"
            f"文中科目名称也取自{used}年目录；如财政部门已印发{year}年目录，请用 --catalog 提供",
            ("profile", "year"),
        )


def check_units(ctx: Context) -> Iterable[Finding]:
    codes = [u.code for u in ctx.budget.profile.units]
    if len(codes) > 1 and ctx.derived.year_end_total:
        yield YEAR_END_UNITS.finding(
            f"本部门有{len(codes)}个预算单位，年终结转结余（{wan(ctx.derived.year_end_total)}）无法归入收入总表中的某一单位："
            "请按单位分别编制，或在预算明细中安排", ("year_end_balance",))
    for i, code in enumerate(codes):
        if code in codes[:i]:
            yield UNIT_DUPLICATE.finding(f"单位编码“{code}”重复登记", ("profile", "units", i, "code"))
    known = set(codes)
    reported: set[str] = set()
    for line in ctx.budget.lines:
        if line.unit not in known and line.unit not in reported:
            reported.add(line.unit)
            yield UNIT_UNKNOWN.finding(
                f"明细中的单位编码“{line.unit}”未在“预算单位”中登记（已登记：{'、'.join(codes)}）",
                line.path + ("unit",),
            )
    for project in ctx.budget.projects:  # the project's 实施单位 is printed by its code's name
        if project.unit and project.unit not in known:
            yield UNIT_UNKNOWN.finding(
                f"项目“{project.name}”的单位编码“{project.unit}”未在“预算单位”中登记（已登记：{'、'.join(codes)}）",
                project.path + ("unit",))
    if len(codes) > 1 and not ctx.budget.approved.by_unit:
        yield UNITS_CONTROL_MISSING.finding(
            f"本部门有{len(codes)}个预算单位，建议填写分单位控制数（approved.by_unit）以便逐单位核对", ("approved",)
        )


# ---- control figures --------------------------------------------------------------------------


def check_control_figures(ctx: Context) -> Iterable[Finding]:
    a, d = ctx.budget.approved, ctx.derived
    if a.income_total != a.expenditure_total:
        yield mismatch(
            INCOME_EXPENDITURE_BALANCE, "收入总计与支出总计不相等", a.income_total, a.expenditure_total,
            ("approved", "expenditure_total"), stated_label="收入总计", derived_label="支出总计",
            quantum=finest_quantum(ctx, [("approved", "income_total"), ("approved", "expenditure_total")]),
        )
    pairs = [
        ("income_total", "收入总计", a.income_total, d.income_total),  # with any 年终结转结余
        ("expenditure_total", "支出总计", a.expenditure_total, d.income_total),
        ("fiscal", "财政拨款合计", a.fiscal, d.fiscal.total),
        ("basic", "基本支出", a.basic, d.totals.basic),
        ("project", "项目支出", a.project, d.totals.project),
        ("personnel", "人员经费", a.personnel, d.totals.personnel),
        ("public", "公用经费", a.public, d.totals.public),
    ]
    for key, label, amount, derived in pairs:
        if amount is None:
            continue
        figure = stated(ctx, amount, ("approved", key))
        if figure.differs_from(derived):
            yield exact_mismatch(ctx, CONTROL_TOTAL, f"{label}与批复控制数不符", figure, derived,
                                 stated_label="批复控制数", derived_label="预算明细合计")
    if a.fiscal is not None and a.fiscal > a.income_total:
        yield mismatch(FISCAL_EXCEEDS_TOTAL, "财政拨款超过收入总计", a.fiscal, a.income_total,
                       ("approved", "fiscal"), stated_label="财政拨款", derived_label="收入总计",
                       quantum=finest_quantum(ctx, [("approved", "fiscal"), ("approved", "income_total")]))
    income = d.income_by_source
    if a.by_source:
        for label in sorted(set(a.by_source) | set(income)):
            amount, derived = a.by_source.get(label, ZERO), income.get(label, ZERO)
            path = ("approved", "by_source", label) if label in a.by_source else ("approved", "by_source")
            figure = stated(ctx, amount, path)
            if figure.differs_from(derived):
                yield exact_mismatch(ctx, CONTROL_TOTAL, f"资金来源“{label}”与批复控制数不符", figure, derived,
                                     stated_label="批复控制数", derived_label="预算明细合计")
    for unit, parts in a.by_unit.items():
        actual = unit_ledger(ctx, unit)
        for key, label in UNIT_CONTROL_LABELS.items():
            amount = parts.get(key)
            if amount is None:
                continue
            figure = stated(ctx, amount, ("approved", "by_unit", unit, key))
            if figure.differs_from(actual[key]):
                yield exact_mismatch(
                    ctx, CONTROL_TOTAL, f"单位{unit}（{ctx.budget.unit_name(unit)}）{label}与批复控制数不符",
                    figure, actual[key], stated_label="批复控制数", derived_label="预算明细合计")
    yield from _check_classified_controls(ctx)


UNIT_CONTROL_LABELS = {"total": "合计", "basic": "基本支出", "project": "项目支出", "fiscal": "财政拨款"}


def unit_ledger(ctx: Context, unit: str) -> dict[str, Decimal]:
    """A unit's ledger figures under the keys of approved.by_unit."""
    d = ctx.derived
    amounts = d.by_unit.get(unit)
    fiscal = sum((v for k, v in d.by_unit_source.get(unit, {}).items() if SOURCE_BY_LABEL[k].fiscal), ZERO)
    return {
        "total": amounts.total if amounts else ZERO,
        "basic": amounts.basic if amounts else ZERO,
        "project": amounts.project if amounts else ZERO,
        "fiscal": fiscal,
    }


def _check_classified_controls(ctx: Context) -> Iterable[Finding]:
    """by_function / by_economic control figures, with the ledger lines most likely wrong."""
    a, d = ctx.budget.approved, ctx.derived
    nothing = Amounts()

    def function_figure(code: str, key: str) -> Decimal:
        return getattr(d.function_rollup.get(code, nothing), key)

    def economic_basic(code: str) -> Decimal:
        return d.economic_rollup.get(code, nothing).basic

    economic_figures = {
        code: stated(ctx, amount, ("approved", "by_economic", code)) for code, amount in a.by_economic.items()
    }
    function_figures = {
        (code, key): stated(ctx, amount, ("approved", "by_function", code, key))
        for code, parts in a.by_function.items() for key in ("total", "basic", "project")
        if (amount := parts.get(key)) is not None
    }
    bad_economic = {
        code for code, figure in economic_figures.items() if figure.differs_from(economic_basic(code))
    }
    bad_function = {
        (code, key) for (code, key), figure in function_figures.items()
        if figure.differs_from(function_figure(code, key))
    }
    for (code, key), figure in function_figures.items():
        if (code, key) not in bad_function:
            continue
        derived = function_figure(code, key)
        suspects = [
            ln for ln in ctx.budget.lines
            if ln.function.startswith(code)
            and (key == "total" or ln.kind == ("基本" if key == "basic" else "项目"))
            and (not bad_economic or key == "project" or ln.economic in bad_economic
                 or ln.economic[:3] in bad_economic)
        ]
        label = UNIT_CONTROL_LABELS[key]
        yield exact_mismatch(ctx, CONTROL_TOTAL, f"功能分类{code} {d.function_name(code)}（{label}）与批复控制数不符",
                             figure, derived, stated_label="批复控制数", derived_label="预算明细合计",
                             hint=_suspect_hint(ctx, suspects))
    wrong_functions = {code for code, key in bad_function if key in ("total", "basic")}
    for code in sorted(bad_economic):
        derived = economic_basic(code)
        suspects = [
            ln for ln in ctx.budget.lines
            if ln.kind == "基本" and ln.economic.startswith(code)
            and (not wrong_functions or any(ln.function.startswith(f) for f in wrong_functions))
        ]
        yield exact_mismatch(ctx, CONTROL_TOTAL, f"经济分类{code} {d.economic_name(code)}（基本支出）与批复控制数不符",
                             economic_figures[code], derived, stated_label="批复控制数",
                             derived_label="预算明细合计", hint=_suspect_hint(ctx, suspects))


# ---- the same control figures, as the tables print them ------------------------------------------------
#
# The tables are built later (render/context.py), and a stage never imports a later one, so what a
# table prints is restated here; tests/test_rules_reviewer.py holds each restatement to the rendered
# table. Tables that print a ledger sum the control-total rules already compare (支出总表 rows,
# 收支总表 and 财政拨款收支总表 totals) need no second look: only the rows that add up differently.


@dataclass(frozen=True)
class ProjectTableRow:
    """A unit row of 表10 项目支出表: the declared 预算项目 with lines in the unit, each with the
    unit's share of it (a project several units spend is listed under each)."""

    unit: str
    names: tuple[str, ...]
    total: Decimal
    lists_basic: bool  # 基本支出 items are listed too (预算一体化 exports list every 预算项目)


def project_table_rows(ctx: Context) -> list[ProjectTableRow]:
    views = ctx.derived.projects
    declared = [p for p in ctx.budget.projects if p.name in views]
    rows = []
    for unit in ctx.budget.profile.units:
        members = [p for p in declared if any(ln.unit == unit.code for ln in views[p.name].lines)]
        if members:
            share = sum((ln.amount for p in members for ln in views[p.name].lines if ln.unit == unit.code), ZERO)
            rows.append(ProjectTableRow(
                unit.code, tuple(p.name for p in members), share, any(views[p.name].kind == "基本" for p in members),
            ))
    return rows


def income_table_unit_totals(ctx: Context) -> dict[str, Decimal]:
    """The 合计 column of each unit row of 表2 收入总表."""
    d = ctx.derived
    return {u.code: sum(d.by_unit_source.get(u.code, {}).values(), ZERO) for u in ctx.budget.profile.units}


def check_tables_show_controls(ctx: Context) -> Iterable[Finding]:
    a = ctx.budget.approved
    rows = project_table_rows(ctx)
    income = income_table_unit_totals(ctx)
    for unit, parts in a.by_unit.items():
        name = f"{unit}（{ctx.budget.unit_name(unit)}）"
        ledger = unit_ledger(ctx, unit)
        if unit in income:
            yield from _table_figure(ctx, parts.get("total"), ("approved", "by_unit", unit, "total"), ledger["total"],
                                     income[unit], f"表2收入总表中单位{name}一行的合计", "该单位收入合计")
        row = next((r for r in rows if r.unit == unit), None)
        if row is not None and not _unlisted_projects_reported(ctx, unit):
            key = "total" if row.lists_basic else "project"
            yield from _table_figure(
                ctx, parts.get(key), ("approved", "by_unit", unit, key), ledger[key], row.total,
                f"表10项目支出表中单位{name}一行的合计", "该单位支出合计" if row.lists_basic else "该单位项目支出",
                hint=functools.partial(_project_row_hint, ctx, row, key))
    if rows and not _unlisted_projects_reported(ctx, None):
        lists_basic = any(r.lists_basic for r in rows)
        key, derived = ("expenditure_total", ctx.derived.totals.total) if lists_basic else \
            ("project", ctx.derived.totals.project)
        whole = ProjectTableRow("", tuple(n for r in rows for n in r.names), sum((r.total for r in rows), ZERO),
                                lists_basic)
        yield from _table_figure(ctx, getattr(a, key), ("approved", key), derived, whole.total,
                                 "表10项目支出表的合计行", "支出总计" if lists_basic else "项目支出",
                                 hint=lambda: _project_row_hint(ctx, whole, "total" if lists_basic else "project"))


def _unlisted_projects_reported(ctx: Context, unit: str | None) -> bool:
    """Project spending the table cannot list (no project name, or no project entry) is already an
    error of its own (project-missing-name, project-undeclared); the table is then short for that reason."""
    declared = {p.name for p in ctx.budget.projects}
    return any(
        ln.kind == "项目" and ln.project not in declared
        for ln in ctx.budget.lines if unit is None or ln.unit == unit
    )


def _table_figure(ctx: Context, control: Decimal | None, path: tuple, ledger: Decimal, shown: Decimal,
                  where: str, what: str, hint: Callable[[], str] = lambda: "") -> Iterable[Finding]:
    """A printed figure (0.01万元) against the control it shows; silent when the ledger itself
    already disagrees with the control (control-total says so). `hint` is worked out only then."""
    if control is None or stated(ctx, control, path).differs_from(ledger):
        return
    if round_wan(shown) != round_wan(control):
        yield mismatch(CONTROL_TABLE, f"{where}与批复控制数（{what}）不符", round_wan(shown), control, path,
                       stated_label="表中", derived_label="批复控制数", hint=hint())


def _project_row_hint(ctx: Context, row: ProjectTableRow, key: str) -> str:
    views = ctx.derived.projects
    basic = [n for n in row.names if views[n].kind == "基本"]
    listed = f"表中列有基本支出的预算项目（{'、'.join(basic[:3])}{'等' if len(basic) > 3 else ''}）"
    if basic and key == "project":
        return listed
    if basic:
        names = set(row.names)
        unlisted = [ln for ln in ctx.budget.lines
                    if (not row.unit or ln.unit == row.unit) and ln.project not in names]
        if unlisted:
            named = list(dict.fromkeys(ln.project for ln in unlisted if ln.project))
            example = f"，如“{named[0]}”" if named else "（未写项目名称）"
            return f"{listed}，但预算明细中另有{wan(sum((ln.amount for ln in unlisted), ZERO))}没有列为项目{example}"
    return ""


def _suspect_hint(ctx: Context, suspects: list[Line]) -> str:
    if not suspects or len(suspects) > 5:
        return ""
    return "请检查预算明细：" + "；".join(ctx.describe_line(ln) for ln in suspects)


# ---- projects ------------------------------------------------------------------------------------


def project_kind(ctx: Context, project) -> str:
    """项目 when the ledger funds it with 项目支出 (or not at all yet), 基本 for 基本支出 items."""
    view = ctx.derived.projects.get(project.name)
    return view.kind if view else "项目"


def check_projects(ctx: Context) -> Iterable[Finding]:
    budget, d = ctx.budget, ctx.derived
    declared: dict[str, int] = {}
    for i, project in enumerate(budget.projects):
        if project.name in declared:
            yield PROJECT_DUPLICATE.finding(
                f"项目“{project.name}”重复填写（另见 projects[{declared[project.name]}]）", project.path + ("name",)
            )
        else:
            declared[project.name] = i
    reported: set[str] = set()
    for line in budget.lines:
        if line.kind == "项目" and not line.project:
            yield PROJECT_MISSING_NAME.finding(
                f"项目支出明细未填写项目名称（{wan(line.amount)}），无法归入项目", line.path + ("project",)
            )
        elif line.kind == "项目" and line.project and line.project not in declared and line.project not in reported:
            reported.add(line.project)
            undeclared = d.projects[line.project]
            yield PROJECT_UNDECLARED.finding(
                f"预算明细中的项目“{line.project}”（合计{wan(undeclared.total)}）没有填写项目信息（概述、立项依据、绩效目标等）",
                line.path + ("project",),
            )
    for project in budget.projects:
        view = d.projects.get(project.name)
        if view is None:
            yield PROJECT_UNUSED.finding(
                f"项目“{project.name}”（{wan(project.amount)}）在预算明细中没有对应的支出", project.path + ("name",)
            )
        else:
            figure = stated(ctx, project.amount, project.path + ("amount",))
            if figure.differs_from(view.total):
                yield exact_mismatch(ctx, PROJECT_AMOUNT, f"项目“{project.name}”金额与预算明细不符", figure,
                                     view.total, derived_label="预算明细合计")
    spending = [p for p in budget.projects if project_kind(ctx, p) == "项目"]
    if spending:
        listed = sum((p.amount for p in spending), ZERO)
        if not within_tail(listed, d.totals.project, len(spending)):
            yield mismatch(PROJECT_SUM, "各项目金额之和与项目支出不符", listed, d.totals.project, ("projects",),
                           stated_label="各项目合计", derived_label="预算明细中的项目支出")


# ---- "三公", 机关运行经费, procurement, assets --------------------------------------------------

THREE_PUBLIC_LABELS = {
    "abroad": "因公出国（境）费",
    "reception": "公务接待费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
}


def check_three_public(ctx: Context) -> Iterable[Finding]:
    given, derived = ctx.budget.three_public, ctx.derived.three_public
    if not given.stated:
        return
    parts = {k: getattr(given, k) for k in THREE_PUBLIC_LABELS}
    if given.total is not None and all(v is not None for v in parts.values()):
        total_of_parts = sum(parts.values(), ZERO)
        if not within_tail(given.total, total_of_parts, len(parts)):
            yield mismatch(THREE_PUBLIC_SUM, "“三公”经费合计与各分项之和不符", given.total, total_of_parts,
                           ("three_public", "total"), stated_label="合计", derived_label="四个分项之和")
    for key, label in (*THREE_PUBLIC_LABELS.items(), ("total", "“三公”经费合计")):
        value = parts[key] if key != "total" else given.total
        if value is None:
            continue
        figure = stated(ctx, value, ("three_public", key))
        if figure.differs_from(derived[key]):
            yield exact_mismatch(ctx, THREE_PUBLIC_DERIVED, f"{label}与预算明细不符", figure, derived[key],
                                 derived_label="预算明细中财政拨款相应经济科目合计")


def check_operating_expenses(ctx: Context) -> Iterable[Finding]:
    given = ctx.budget.operating_expenses
    if given is None:
        return
    figure = stated(ctx, given.amount, ("operating_expenses", "amount"))
    if figure.exceeds(ctx.derived.fiscal.total):
        yield exact_mismatch(ctx, OPERATING_EXPENSES_EXCEEDS, "机关运行经费超过财政拨款支出总额", figure,
                             ctx.derived.fiscal.total, derived_label="财政拨款支出")


def check_administrative_expenses(ctx: Context) -> Iterable[Finding]:
    """A stated 行政经费 is spent from 一般公共预算 (the 行政经费 row of Guangdong's 表8 prints it in
    that column): it cannot exceed what the ledger spends from it."""
    given = ctx.budget.administrative_expenses
    if given is None:
        return
    general = ctx.derived.family_total("一般公共预算")
    figure = stated(ctx, given.amount, ("administrative_expenses", "amount"))
    if figure.exceeds(general):
        yield exact_mismatch(ctx, ADMINISTRATIVE_EXPENSES_EXCEEDS, "行政经费超过一般公共预算支出总额", figure,
                             general, derived_label="一般公共预算支出")


def check_procurement(ctx: Context) -> Iterable[Finding]:
    budget, d = ctx.budget, ctx.derived
    items = budget.procurement
    items_quantum = finest_quantum(ctx, [i.path + ("amount",) for i in items])
    if budget.procurement_total is not None:
        figure = stated(ctx, budget.procurement_total, ("procurement", "total"))
        if figure.differs_from(d.procurement_total):
            yield exact_mismatch(ctx, PROCUREMENT_SUM, "政府采购总额与采购明细合计不符", figure,
                                 d.procurement_total, derived_label="采购明细合计")
    if items:  # category totals stated beside the items: each is its items' sum
        for category, value in budget.procurement_categories.items():
            figure = stated(ctx, value, ("procurement", "by_category", category))
            if figure.differs_from(d.procurement_by_category[category]):
                yield exact_mismatch(ctx, PROCUREMENT_SUM, f"政府采购{category}预算与采购明细中的{category}合计不符",
                                     figure, d.procurement_by_category[category],
                                     derived_label=f"采购明细中{category}类合计")
    yield from _procurement_against_spending(ctx, items_quantum)
    by_project: dict[str, list] = defaultdict(list)
    declared = {p.name for p in budget.projects}
    for item in items:
        if item.sme_amount is not None and item.sme_amount > item.amount:
            yield mismatch(PROCUREMENT_SME, f"采购品目“{item.item}”面向中小企业金额超过采购金额",
                           item.sme_amount, item.amount, item.path + ("sme_amount",),
                           stated_label="面向中小企业金额", derived_label="采购金额",
                           quantum=finest_quantum(ctx, [item.path + ("amount",), item.path + ("sme_amount",)]))
        if not item.project:
            continue
        if item.project in d.projects or item.project in declared:
            by_project[item.project].append(item)
        else:
            funded = [f"“{name}”" for name, view in d.projects.items() if view.kind == "项目"]
            known = "、".join(funded[:5]) + (f"等{len(funded)}个" if len(funded) > 5 else "")
            yield PROCUREMENT_PROJECT_UNKNOWN.finding(
                f"采购品目“{item.item}”（{wan(item.amount)}）所属的项目“{item.project}”在预算明细和项目中都不存在"
                + (f"（预算明细中的项目有：{known}）" if known else "（预算明细中没有项目支出）"),
                item.path + ("project",),
            )
    for name, members in by_project.items():
        view = d.projects.get(name)
        project_total = view.total if view else ZERO
        amount = sum((i.amount for i in members), ZERO)
        figure = Stated(amount, members[0].path + ("amount",), items_quantum)
        if figure.exceeds(project_total):
            yield exact_mismatch(ctx, PROCUREMENT_EXCEEDS_PROJECT, f"项目“{name}”的政府采购金额超过项目预算",
                                 figure, project_total, stated_label="采购金额", derived_label="项目预算")


def _procurement_against_spending(ctx: Context, items_quantum: Decimal) -> Iterable[Finding]:
    """Nothing can be bought beyond what the department spends: the 政府采购预算 (stated, or its
    items added up) against 支出总计. Pointed at the largest item, the likeliest typing slip."""
    budget, d = ctx.budget, ctx.derived
    spending = d.totals.total
    if budget.procurement_total is not None:
        figure = stated(ctx, budget.procurement_total, ("procurement", "total"))
        label = "政府采购总额"
    elif budget.procurement:
        largest = max(budget.procurement, key=lambda i: i.amount)
        figure = Stated(d.procurement_total, largest.path + ("amount",), items_quantum)
        label = "采购明细合计"
    else:
        return
    if figure.exceeds(spending):
        yield exact_mismatch(ctx, PROCUREMENT_EXCEEDS_TOTAL, "政府采购预算超过部门支出总计", figure, spending,
                             stated_label=label, derived_label="支出总计", hint="请检查采购金额的单位和小数点")


def check_assets(ctx: Context) -> Iterable[Finding]:
    assets = ctx.budget.assets
    if assets is None:
        return
    by_name = {h.name: h for h in assets.holdings}
    children: dict[str, list] = defaultdict(list)
    for holding in assets.holdings:
        if holding.parent:
            if holding.parent not in by_name:
                yield ASSETS_CHILDREN.finding(
                    f"资产项目“{holding.name}”的所属项目“{holding.parent}”不存在", holding.path + ("parent",)
                )
            else:
                children[holding.parent].append(holding)
    for parent, kids in children.items():
        for attr, label in (("amount", "本年"), ("previous", "上年")):
            values = [getattr(k, attr) for k in kids if getattr(k, attr) is not None]
            whole = getattr(by_name[parent], attr)
            if whole is None or not values:
                continue
            total = sum(values, ZERO)
            if total > whole and not within_tail(total, whole, len(values)):
                yield mismatch(ASSETS_CHILDREN, f"“{parent}”下各分项（{label}）之和超过其总额", total, whole,
                               kids[0].path + (attr,), stated_label="分项之和", derived_label=f"“{parent}”")


# ---- previous year ------------------------------------------------------------------------------

METRIC_LABELS = {
    "income_total": "收入总计",
    "expenditure_total": "支出总计",
    "fiscal": "财政拨款",
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "general_public": "一般公共预算支出",
    "gov_fund": "政府性基金预算支出",
    "state_capital": "国有资本经营预算支出",
    "operating_expenses": "机关运行经费",
    "administrative_expenses": "行政经费",
    "procurement": "政府采购预算",
    "three_public.total": "“三公”经费",
    **{f"three_public.{k}": v for k, v in THREE_PUBLIC_LABELS.items()},
}


def metric_label(ctx: Context, metric: str) -> str:
    if metric in METRIC_LABELS:
        return METRIC_LABELS[metric]
    prefix, _, code = metric.partition(":")
    if prefix == "fund":  # fund:一般公共预算:basic
        family, _, measure = code.partition(":")
        return family + {"total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费",
                         "public": "公用经费"}[measure]
    if prefix == "function":
        return f"{ctx.derived.function_name(code)}（{code}）"
    if prefix == "economic":
        return f"{ctx.derived.economic_name(code)}（{code}）"
    if prefix == "execution":  # last year's 执行数 of a 项, against this year's 财政拨款 of it
        return f"{ctx.derived.function_name(code)}（{code}）财政拨款"
    return code


def check_previous(ctx: Context) -> Iterable[Finding]:
    budget, metrics = ctx.budget, ctx.derived.metrics
    checked: set[tuple] = set()
    for metric, comparison in budget.previous.items():
        if comparison.path in checked:
            continue  # 收入总计 and 支出总计 share one stated figure (model: Builder.previous)
        checked.add(comparison.path)
        current = metrics.get(metric, ZERO)
        label = metric_label(ctx, metric)
        if comparison.change is not None:
            actual_change = current - comparison.amount
            if not within_tail(comparison.change, actual_change, 2):
                yield mismatch(PREVIOUS_CHANGE, f"{label}的增减额与本年数、上年数不符", comparison.change,
                               actual_change, comparison.path + ("change",),
                               stated_label="填写的增减额",
                               derived_label=f"本年{wan(current)}减上年{wan(comparison.amount)}的结果")
        if needs_reason(current, comparison.amount, budget.settings.reason_threshold) and not reason_for(budget, metrics, metric):
            yield REASON_MISSING.finding(
                f"{label}本年{wan(current)}，上年{wan(comparison.amount)}，变动达到需说明原因的幅度"
                f"（{budget.settings.reason_threshold}%），但未填写变动原因",
                comparison.path + ("reason",),
            )
    for metric in ctx.requires.previous:  # the comparisons the profile's document prints
        if metric == "function_classes":
            yield from _missing_class_figures(ctx)
            continue
        if metric == "three_public.total" and metrics.get(metric, ZERO) == 0 and metric not in budget.previous:
            continue
        if metric not in budget.previous:
            yield PREVIOUS_MISSING.finding(
                f"未填写{METRIC_LABELS[metric]}的上年数，文中将无法说明同比变化", ("previous",)
            )
    prev = budget.previous
    total = prev.get("income_total")
    if prev.get("fiscal") and total and prev["fiscal"].amount > total.amount:
        yield mismatch(PREVIOUS_FISCAL_EXCEEDS, "上年财政拨款超过上年收入总计", prev["fiscal"].amount, total.amount,
                       prev["fiscal"].path, stated_label="上年财政拨款", derived_label="上年收入总计")
    spent = prev.get("expenditure_total") or total
    if spent and prev.get("basic") and prev.get("project"):
        both = prev["basic"].amount + prev["project"].amount
        if not within_tail(both, spent.amount, 2):
            yield mismatch(PREVIOUS_SUM, "上年基本支出与项目支出之和不等于上年支出总计", both, spent.amount,
                           prev["basic"].path, stated_label="上年基本支出+项目支出", derived_label="上年支出总计")
    parts = [prev.get(f"three_public.{k}") for k in THREE_PUBLIC_LABELS]
    if prev.get("three_public.total") and all(parts):
        both = sum((p.amount for p in parts if p is not None), ZERO)
        if not within_tail(both, prev["three_public.total"].amount, 4):
            yield mismatch(PREVIOUS_SUM, "上年“三公”经费各分项之和不等于合计", both,
                           prev["three_public.total"].amount, prev["three_public.total"].path,
                           stated_label="上年分项之和", derived_label="上年合计")


def _missing_class_figures(ctx: Context) -> Iterable[Finding]:
    """Each 功能分类 类 of the year without last year's figure: its change cannot be explained."""
    for code in sorted(c for c, a in ctx.derived.function_rollup.items() if len(c) == 3 and a.total):
        if f"function:{code}" not in ctx.budget.previous:
            yield PREVIOUS_MISSING.finding(
                f"未填写{metric_label(ctx, f'function:{code}')}的上年数（previous.by_function），"
                "文中将无法按功能科目说明同比变化", ("previous", "by_function"))


# ---- completeness ------------------------------------------------------------------------------


def check_sections(ctx: Context) -> Iterable[Finding]:
    p, requires = ctx.budget.profile, ctx.requires
    if requires.duties and not p.duties:
        yield SECTION_MISSING.finding("缺少“主要职责”（profile.duties），这是公开文件的必备内容", ("profile",))
    if requires.organization and not p.internal_departments and not p.organization_note:
        yield SECTION_MISSING.finding(
            "缺少“机构设置”：请填写内设机构（profile.internal_departments）或机构设置说明", ("profile",)
        )
    staffing = p.staffing
    if requires.staffing and not staffing.authorized and not staffing.serving:
        yield SECTION_MISSING.finding("缺少“人员情况”：请填写编制人数和实有人数（profile.staffing）", ("profile",))


def check_project_completeness(ctx: Context) -> Iterable[Finding]:
    requires = ctx.requires
    require = (("summary", "项目概述"), ("goal", "年度绩效目标")) if requires.project_details else ()
    for project in ctx.budget.projects:
        if project_kind(ctx, project) != "项目":
            continue  # 基本支出 items carry no performance targets
        missing = [label for attr, label in require if not getattr(project, attr)]
        if requires.project_indicators and not project.indicators:
            missing.append("绩效指标")
        if missing:
            yield PROJECT_INCOMPLETE.finding(
                f"项目“{project.name}”缺少：{'、'.join(missing)}", project.path
            )
        if requires.project_basis and not project.basis:
            yield PROJECT_BASIS_MISSING.finding(
                f"项目“{project.name}”未填写立项依据（文件、会议纪要或规划名称）", project.path
            )
        if project.indicators:  # given, they are checked even where the region does not publish them
            yield from check_indicators(project.indicators, f"项目“{project.name}”", project.path + ("indicators",),
                                        require_cost=requires.cost_indicators,
                                        require_levels=requires.project_indicators)
            yield from _check_cost_indicators(ctx, project)
    if ctx.budget.performance.indicators:
        # 部门整体 forms use their own 二级 names (公共服务, 公共管理…): only 一级 is checked.
        yield from check_indicators(ctx.budget.performance.indicators, "部门整体绩效目标",
                                    ("performance", "indicators"), require_cost=False, check_level2=False)


def check_indicators(indicators: tuple[Indicator, ...], owner: str, path: tuple,
                     require_cost: bool = True, check_level2: bool = True,
                     require_levels: bool = True) -> Iterable[Finding]:
    levels = {i.level1 for i in indicators}
    # Forms before 财预〔2021〕101号 put 满意度 under 效益指标; either placement counts.
    if any(i.level2 == "服务对象满意度指标" for i in indicators):
        levels.add("满意度指标")
    missing = [lv for lv in ("产出指标", "效益指标", "满意度指标") if lv not in levels]
    if missing and require_levels:
        yield INDICATOR_LEVEL_MISSING.finding(f"{owner}缺少{'、'.join(missing)}", path)
    has_cost = "成本指标" in levels or any(i.level2 == "成本指标" for i in indicators)
    if require_cost and not has_cost:
        yield INDICATOR_COST_MISSING.finding(f"{owner}没有成本指标（财预〔2021〕101号要求设置成本指标）", path)
    for ind in indicators:
        if check_level2 and ind.level2 not in LEVEL2_OPTIONS.get(ind.level1, ()):
            options = "、".join(LEVEL2_OPTIONS.get(ind.level1, ()))
            yield INDICATOR_LEVEL2.finding(
                f"{owner}的指标“{ind.level3}”：二级指标“{ind.level2}”不属于{ind.level1}（可选：{options}）",
                ind.path + ("level2",),
            )
        if is_cost(ind) and ind.operator in ("≥", "＞"):
            yield INDICATOR_COST_FLOOR.finding(
                f"{owner}的成本指标“{ind.level3}”写作“{ind.display_value}”：成本指标是支出的上限，"
                f"计算符号应为“≤”或“＜”（定额的用“＝”）",
                ind.path + ("operator",),
            )
        if ind.operator != "定性":
            try:
                parse_number(ind.value, signed=True)
            except ValueError:
                yield INDICATOR_VALUE.finding(
                    f"{owner}的指标“{ind.level3}”为定量指标（{ind.operator}），指标值“{ind.value}”应为数字；"
                    f"文字描述的指标请把计算符号选为“定性”",
                    ind.path + ("value",),
                )
                continue
            if not ind.unit:
                yield INDICATOR_UNIT_MISSING.finding(
                    f"{owner}的指标“{ind.level3}”缺少计量单位", ind.path + ("unit",)
                )


def is_cost(indicator: Indicator) -> bool:
    """A 成本指标: 一级 since 财预〔2021〕101号, 二级 under 产出指标 in earlier forms."""
    return indicator.level1 == "成本指标" or indicator.level2 == "成本指标"


_MONEY_UNITS = {"元": Decimal(1) / 10000, "万元": Decimal(1), "万": Decimal(1)}


def _check_cost_indicators(ctx: Context, project) -> Iterable[Finding]:
    view = ctx.derived.projects.get(project.name)
    budget_total = view.total if view else project.amount
    costs = [
        i for i in project.indicators
        if is_cost(i) and i.operator in ("≤", "＝", "＜") and i.unit in _MONEY_UNITS
    ]
    total = ZERO
    for ind in costs:
        try:
            total += parse_number(ind.value) * _MONEY_UNITS[ind.unit]
        except ValueError:
            return
    if costs and total > budget_total and not within_tail(total, budget_total, len(costs)):
        yield mismatch(INDICATOR_COST_EXCEEDS, f"项目“{project.name}”的成本指标合计超过项目预算", total,
                       budget_total, costs[0].path + ("value",), stated_label="成本指标合计", derived_label="项目预算")


# ---- text ----------------------------------------------------------------------------------------

RESIDUE = re.compile(
    r"增加[（(]减少[）)]|增加/下降|增加/减少|增长/下降|_0_|MERGEFIELD|X{3,}|×{2,}|\[bookmark|\{\{|\{%|\{#|待填写|\{[单部项][^{}]{0,6}\}"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _strings(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):  # a key can be user text too (a staffing category, a vehicle kind)
                yield path + (k,), k
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))
    elif isinstance(value, str):
        yield path, value


def check_text(ctx: Context) -> Iterable[Finding]:
    for path, text in ctx.texts:
        m = RESIDUE.search(text)
        if m:
            yield TEXT_RESIDUE.finding(
                f"文字中残留模板占位符或未填内容“{m.group(0)}”，请改为实际内容", path
            )
    year = ctx.budget.year
    dated = [(p.path + ("period",), p.period) for p in ctx.budget.projects if p.period]
    if ctx.budget.assets and ctx.budget.assets.as_of:
        dated.append((("assets", "as_of"), ctx.budget.assets.as_of))
    for path, text in dated:
        odd = list(dict.fromkeys(y for y in _YEAR.findall(text) if int(y) not in (year - 1, year)))
        if odd:
            yield TEXT_YEAR.finding(
                f"日期“{text}”中的年份{'、'.join(odd)}既不是预算年度{year}年，也不是上一年", path
            )


# A date written in words or digits: 2024年1月22日, 2024年13月, 2月30日, 2024-02-30.
_DATE_CN = re.compile(r"(?<![\d.])(\d+) *年 *(\d+) *月(?: *(\d+) *日)?")
_MONTH_DAY_CN = re.compile(r"(?<![\d.年 ])(\d+) *月 *(\d+) *日")
_DATE_DIGITS = re.compile(r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])")
_YEAR_CN = re.compile(r"(?<![\d.])(\d{2,3})年度")  # a year on its own cut short: 24年度 (not "1133 年度考核奖")
_YEAR_RANGE = (1900, 2100)
_MAYBE_DATE = re.compile(r"月|年度|\d{4}[-/.]\d")  # most strings (amounts, names) are passed over at once


def year_problem(year: str) -> str:
    if len(year) != 4:
        return "年份应写四位数"
    if not _YEAR_RANGE[0] <= int(year) <= _YEAR_RANGE[1]:
        return f"{year}年不是合理的年份"
    return ""


def date_problem(year: str | None, month: str, day: str | None) -> str:
    """Why a written date cannot be real, or "" when it can."""
    if year is not None and year_problem(year):
        return year_problem(year)
    m = int(month)
    if not 1 <= m <= 12:
        return "月份应在1至12之间"
    if day is not None:
        # Without a year, 2月29日 may be real (a leap year).
        days = calendar.monthrange(int(year) if year else 2000, m)[1]
        if not 1 <= int(day) <= days:
            return f"{year + '年' if year else ''}{m}月只有{days}日"
    return ""


def impossible_dates(text: str) -> Iterator[tuple[str, str]]:
    """(the date as written, why it cannot be real) for each impossible date in `text`."""
    if not _MAYBE_DATE.search(text):
        return
    text = unicodedata.normalize("NFKC", text)  # full-width digits; spaces kept, they separate numbers
    taken: list[tuple[int, int]] = []
    for m in _DATE_CN.finditer(text):
        taken.append(m.span())
        problem = date_problem(m[1], m[2], m[3])
        if problem:
            yield m[0], problem
    for m in _MONTH_DAY_CN.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        problem = date_problem(None, m[1], m[2])
        if problem:
            yield m[0], problem
    for m in _DATE_DIGITS.finditer(text):
        problem = date_problem(m[1], m[2], m[3])
        if problem:
            yield m[0], problem
    for m in _YEAR_CN.finditer(text):
        problem = year_problem(m[1])
        if problem:
            yield m[0], problem


def check_dates(ctx: Context) -> Iterable[Finding]:
    for path, text in ctx.texts:
        if not _MAYBE_DATE.search(text):
            continue
        for written, problem in impossible_dates(text):
            yield TEXT_DATE_INVALID.finding(f"文字中的日期“{written}”不存在：{problem}，请核对", path)


def check_unused_fields(ctx: Context) -> Iterable[Finding]:
    """Keys the schema accepts but nothing reads (schemas/budget.usage.yaml): said, never dropped silently."""
    for pattern, why in unused_fields().items():
        for path in filled(ctx.document, pattern):
            value = _typed(ctx.document, path)
            shown = value if len(str(value)) <= 30 else str(value)[:30] + "……"
            yield FIELD_UNUSED.finding(
                f"{label_of(pattern)}（{format_path(path)}）填写了“{shown}”，但文档不使用它：{why}", path
            )


CHECKS = (
    check_catalogue_year,
    check_units,
    check_catalogue,
    check_control_figures,
    check_projects,
    check_tables_show_controls,
    check_three_public,
    check_operating_expenses,
    check_administrative_expenses,
    check_procurement,
    check_assets,
    check_previous,
    check_sections,
    check_project_completeness,
    check_text,
    check_dates,
    check_unused_fields,
)
