"""Derive stage: every table, total and comparison is a pivot of the one ledger.

Nothing here rounds; rows carry exact Decimal 万元 and the prose/render stages format them.
All pivots are single passes over the ledger (O(lines)), then O(rows) tree assembly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .catalog import Catalog
from .model import ZERO, Budget, FundControl, Line, Project, fund_metric
from .money import round_wan
from .vocab import FISCAL_FAMILIES

# Economic 款 that make up the "三公" figures (on 财政拨款 lines).
THREE_PUBLIC_CODES = {
    "abroad": ("30212",),
    "reception": ("30217",),
    "vehicle_operation": ("30231",),
    "vehicle_purchase": ("31013", "30913"),
}


@dataclass
class Amounts:
    """The standard measures of a set of lines."""

    total: Decimal = ZERO
    basic: Decimal = ZERO
    project: Decimal = ZERO
    personnel: Decimal = ZERO  # 基本支出 人员经费
    public: Decimal = ZERO  # 基本支出 公用经费

    def add(self, line: Line) -> None:
        self.total += line.amount
        if line.kind == "基本":
            self.basic += line.amount
            if line.personnel:
                self.personnel += line.amount
            else:
                self.public += line.amount
        else:
            self.project += line.amount

    def __iadd__(self, other: Amounts) -> Amounts:
        for k in ("total", "basic", "project", "personnel", "public"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self


def sum_lines(lines: Iterable[Line]) -> Amounts:
    acc = Amounts()
    for line in lines:
        acc.add(line)
    return acc


def pivot(lines: Iterable[Line], key: Callable[[Line], str]) -> dict[str, Amounts]:
    out: dict[str, Amounts] = defaultdict(Amounts)
    for line in lines:
        out[key(line)].add(line)
    return dict(out)


@dataclass
class Row:
    """A row of a classified table: code, name, level (1 类, 2 款, 3 项) and its amounts."""

    code: str
    name: str
    level: int
    amounts: Amounts


LEVEL_LENGTHS = {"function": (3, 5, 7), "economic": (3, 5)}
_CODE_OF: dict[str, Callable[[Line], str]] = {"function": lambda ln: ln.function, "economic": lambda ln: ln.economic}


def rollup(lines: Iterable[Line], scheme: str) -> dict[str, Amounts]:
    """The ledger rolled up by code prefix: the amounts of every 类, 款 (and 项) the lines use,
    keyed by its code ("201", "20101", "2010101"). The one place classified totals are summed."""
    lengths = LEVEL_LENGTHS[scheme]
    nodes: dict[str, Amounts] = defaultdict(Amounts)
    for code, amounts in pivot(lines, _CODE_OF[scheme]).items():
        for n in lengths:
            nodes[code[:n]] += amounts
    return dict(nodes)


def tree_rows(lines: Iterable[Line], scheme: str, names: Callable[[str], str]) -> list[Row]:
    """类→款(→项) rows in code order, each the sum of the level below (built from the leaves)."""
    lengths = LEVEL_LENGTHS[scheme]
    nodes = rollup(lines, scheme)
    return [
        Row(code, names(code), lengths.index(len(code)) + 1, nodes[code]) for code in sorted(nodes)
    ]


def source_matcher(column: str) -> Callable[[Line], bool]:
    """Lines of a source column: "合计", "财政拨款", a family (一般公共预算 with its 上年结转), a label."""
    if column == "合计":
        return _all_lines
    if column == "财政拨款":
        return _fiscal_lines
    return lambda ln: column in (ln.source.label, ln.source.family)


def column_matchers(columns: tuple[str, ...]) -> list[Callable[[Line], bool]]:
    """The lines of each source column; "其余" takes whatever no other column of the table takes
    (Shanghai's 其他收入 column: every source that is not 财政拨款, 事业收入 or 经营收入)."""
    named = [source_matcher(c) for c in columns if c not in ("合计", "其余")]

    def rest(ln: Line) -> bool:
        return not any(m(ln) for m in named)

    return [rest if c == "其余" else source_matcher(c) for c in columns]


def sums_by_code(lines: Iterable[Line], scheme: str, columns: tuple[str, ...]) -> dict[str, list[Decimal]]:
    """Every 类/款(/项) node's amount in each source column (Shanghai's 收入预算总表: rows by
    功能分类, columns 财政拨款收入, 事业收入…); a node no line of a column reaches has 0 there."""
    lines = list(lines)
    per_column = [rollup([ln for ln in lines if match(ln)], scheme) for match in column_matchers(columns)]
    codes = set().union(*per_column) if per_column else set()
    return {code: [nodes[code].total if code in nodes else ZERO for nodes in per_column] for code in codes}


def share_percentages(values: list[Decimal]) -> list[Decimal]:
    """Percent shares to two decimals that add up to exactly 100.00 (largest remainder)."""
    total = sum(values, ZERO)
    if total == 0:
        return [ZERO for _ in values]
    raw = [v * 10000 / total for v in values]  # in hundredths of a percent
    floors = [r.to_integral_value(rounding="ROUND_FLOOR") for r in raw]
    short = int(10000 - sum(floors))
    order = sorted(range(len(values)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return [f / 100 for f in floors]


@dataclass
class FundView:
    """The lines of one kind of 财政拨款 (一般公共预算, 政府性基金预算, 国有资本经营预算, each with
    its 上年结转) pivoted like the whole budget: some regions' tables print these figures alone."""

    family: str
    totals: Amounts
    function_nodes: dict[str, Amounts]  # every 类, 款 and 项 of the 功能分类
    economic_nodes: dict[str, Amounts]  # every 类 and 款 of the 经济分类 (basic/project inside)


def fund_view(family: str, lines: Iterable[Line]) -> FundView:
    lines = list(lines)
    return FundView(family, sum_lines(lines), rollup(lines, "function"), rollup(lines, "economic"))


def line_filter(fund: str = "全部", kind: str | None = None) -> Callable[[Line], bool]:
    """Lines of a fund ("全部", "财政拨款" or one family) and optionally one kind (基本/项目)."""
    if fund == "全部":
        by_fund = _all_lines
    elif fund == "财政拨款":
        by_fund = _fiscal_lines
    else:
        def by_fund(ln: Line) -> bool:
            return ln.source.family == fund
    if kind is None:
        return by_fund
    return lambda ln: by_fund(ln) and ln.kind == kind


def _all_lines(ln: Line) -> bool:
    return True


def _fiscal_lines(ln: Line) -> bool:
    return ln.source.fiscal


@dataclass
class ProjectView:
    """A 预算项目 as the ledger funds it. Budget systems (预算管理一体化) also name 基本支出
    items (基本工资, 在职人员公用…); those views have kind 基本 and need no performance targets."""

    name: str
    unit: str
    amounts: dict[str, Decimal]  # by source label
    total: Decimal
    kind: str = "基本"
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectRow:
    """A row of the 项目支出表: the 合计, a unit, a 项目类别 of the unit, or a project."""

    role: str  # "total" | "unit" | "category" | "project"
    code: str
    name: str  # "" on the 合计 row (the layout words it)
    unit: str  # the unit's name, on a project's row
    goal: str
    amounts: dict[str, Decimal]  # by source label


def _category_label(category: str) -> tuple[str, str]:
    """(code, name) of a 项目类别: "22 其他运转类" has a code, "其他运转类" has none."""
    code, _, name = category.partition(" ")
    return (code, name) if name and code.isdigit() else ("", category)


def _added(total: dict[str, Decimal], amounts: dict[str, Decimal]) -> None:
    for k, v in amounts.items():
        total[k] = total.get(k, ZERO) + v


@dataclass
class Derived:
    """Everything the tables and prose need, computed once from the budget."""

    budget: Budget
    catalog: Catalog
    totals: Amounts
    fiscal: Amounts
    by_source: dict[str, Decimal]
    by_family: dict[str, Amounts]
    by_unit: dict[str, Amounts]
    by_unit_source: dict[str, dict[str, Decimal]]
    projects: dict[str, ProjectView]
    three_public: dict[str, Decimal]
    operating_expenses: Decimal
    procurement_total: Decimal
    procurement_by_category: dict[str, Decimal]
    procurement_sme: Decimal
    metrics: dict[str, Decimal]
    function_rollup: dict[str, Amounts]  # the whole ledger by 功能分类 类/款/项 code (see rollup)
    economic_rollup: dict[str, Amounts]  # the whole ledger by 经济分类 类/款 code
    user_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (scheme, code) -> name typed
    funds: dict[str, FundView] = field(default_factory=dict)  # the three kinds of 财政拨款, each alone
    # 行政经费: as stated (budget.administrative_expenses), else 一般公共预算 基本支出 of
    # administrative units (行政单位 and those managed like them).
    administrative_expenses: Decimal = ZERO
    year_end: dict[str, Decimal] = field(default_factory=dict)  # 年终结转结余 by source label

    # --- income: what is spent this year, and what is carried to the next (年终结转结余) ---------

    @property
    def year_end_total(self) -> Decimal:
        return sum(self.year_end.values(), ZERO)

    @property
    def income_by_source(self) -> dict[str, Decimal]:
        """收入 by source: the ledger's (spent this year) plus the 年终结转结余 of each source."""
        out = dict(self.by_source)
        for label, value in self.year_end.items():
            out[label] = out.get(label, ZERO) + value
        return out

    @property
    def income_total(self) -> Decimal:
        """收入总计 = 支出总计 = 本年支出 + 年终结转结余."""
        return self.totals.total + self.year_end_total

    def year_end_of(self, predicate: Callable[[str], bool]) -> Decimal:
        """The 年终结转结余 of the sources `predicate` accepts (by label)."""
        return sum((v for label, v in self.year_end.items() if predicate(label)), ZERO)

    # --- names -----------------------------------------------------------------------------

    def function_name(self, code: str) -> str:
        return (self.budget.printed_names.get(("function", code)) or self.catalog.name("function", code)
                or self._user_name("function", code) or "（未列入目录的科目）")

    def economic_name(self, code: str) -> str:
        return (self.budget.printed_names.get(("economic", code)) or self.catalog.name("economic", code)
                or self._user_name("economic", code) or "（未列入目录的科目）")

    def printed_code(self, scheme: str, code: str) -> str:
        """The code as the document prints it (budget.printed_codes), else the code itself."""
        return self.budget.printed_codes.get((scheme, code), code)

    def _user_name(self, scheme: str, code: str) -> str:
        return self.user_names.get((scheme, code), "")

    # --- views ------------------------------------------------------------------------------

    def lines_where(self, predicate: Callable[[Line], bool]) -> list[Line]:
        return [ln for ln in self.budget.lines if predicate(ln)]

    def function_rows(self, predicate: Callable[[Line], bool] = lambda ln: True) -> list[Row]:
        return tree_rows(self.lines_where(predicate), "function", self.function_name)

    def economic_rows(self, predicate: Callable[[Line], bool] = lambda ln: True) -> list[Row]:
        return tree_rows(self.lines_where(predicate), "economic", self.economic_name)

    def function_classes(self, predicate: Callable[[Line], bool] = lambda ln: True) -> dict[str, Decimal]:
        return {k: v.total for k, v in pivot(self.lines_where(predicate), lambda ln: ln.function[:3]).items()}

    def economic_classes(self, predicate: Callable[[Line], bool] = lambda ln: True) -> dict[str, Decimal]:
        return {k: v.total for k, v in pivot(self.lines_where(predicate), lambda ln: ln.economic[:3]).items()}

    def spending_projects(self) -> list[ProjectView]:
        """The declared projects the ledger funds with 项目支出, in the file's order: the ones
        with performance targets."""
        views = [self.projects.get(p.name) for p in self.budget.projects]
        return [v for v in views if v is not None and v.kind == "项目"]

    def family_total(self, family: str) -> Decimal:
        amounts = self.by_family.get(family)
        return amounts.total if amounts else ZERO

    def project_shares(self, unit: str, kind: str | None = None) -> list[tuple[Project, dict[str, Decimal]]]:
        """The declared projects (of `kind`, if given) with lines in `unit`, each with that
        unit's share by source: a project several units spend is listed under each of them."""
        out = []
        for p in self.budget.projects:
            view = self.projects.get(p.name)
            if view is None or kind not in (None, view.kind):
                continue
            amounts: dict[str, Decimal] = {}
            for line in view.lines:
                if line.unit == unit:
                    amounts[line.source.label] = amounts.get(line.source.label, ZERO) + line.amount
            if amounts:
                out.append((p, amounts))
        return out

    def project_rows(self, kind: str | None = None) -> list[ProjectRow]:
        """The 项目支出表: every declared 预算项目 the ledger funds (of `kind` 基本 or 项目, or
        both), grouped by unit and, within a unit, by 项目类别 in the file's order, each with
        that unit's share; the 合计 first, each unit and category before its members. Empty
        without any project."""
        grand: dict[str, Decimal] = {}
        body: list[ProjectRow] = []
        for unit in self.budget.profile.units:
            shares = self.project_shares(unit.code, kind)
            if not shares:
                continue
            categories: dict[str, list] = {}
            for p, amounts in shares:
                categories.setdefault(p.category, []).append((p, amounts))
            unit_total: dict[str, Decimal] = {}
            unit_rows: list[ProjectRow] = []
            for category, group in categories.items():
                category_total: dict[str, Decimal] = {}
                for _, amounts in group:
                    _added(category_total, amounts)
                if category:
                    code, name = _category_label(category)
                    unit_rows.append(ProjectRow("category", code, name, "", "", category_total))
                unit_rows += [ProjectRow("project", p.code, p.name, unit.name, p.goal, amounts) for p, amounts in group]
                _added(unit_total, category_total)
            body.append(ProjectRow("unit", unit.code, unit.name, "", "", unit_total))
            body += unit_rows
            _added(grand, unit_total)
        return [ProjectRow("total", "", "", "", "", grand), *body] if body else []


def _metrics(d: Derived) -> dict[str, Decimal]:
    """Current-year values under the same ids as `previous`, for year-over-year comparisons."""
    totals = d.totals
    m = {
        "income_total": d.income_total,
        "expenditure_total": totals.total,
        "fiscal": d.fiscal.total,
        "basic": totals.basic,
        "project": totals.project,
        "personnel": totals.personnel,
        "public": totals.public,
        "general_public": d.family_total("一般公共预算"),
        "gov_fund": d.family_total("政府性基金预算"),
        "state_capital": d.family_total("国有资本经营预算"),
        "operating_expenses": d.operating_expenses,
        "procurement": d.procurement_total,
    }
    for part, value in d.three_public.items():
        m[f"three_public.{part}"] = value
    for label, value in d.income_by_source.items():
        m[f"source:{label}"] = value
    m.update({f"function:{k}": v.total for k, v in d.function_rollup.items()})
    m.update({f"economic:{k}": v.total for k, v in d.economic_rollup.items()})
    # 上年执行数 of a 项 (previous.execution) is compared with this year's 财政拨款 of it.
    fiscal_nodes = rollup((ln for ln in d.budget.lines if ln.source.fiscal), "function")
    m.update({f"execution:{k}": v.total for k, v in fiscal_nodes.items()})
    for family, view in d.funds.items():
        for measure in FundControl.MEASURES:
            m[fund_metric(family, measure)] = getattr(view.totals, measure)
    m["administrative_expenses"] = d.administrative_expenses
    return m


def derive(budget: Budget, catalog: Catalog) -> Derived:
    lines = budget.lines
    totals = sum_lines(lines)
    fiscal = sum_lines(ln for ln in lines if ln.source.fiscal)
    by_source: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_unit_source: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for line in lines:
        by_source[line.source.label] += line.amount
        by_unit_source[line.unit][line.source.label] += line.amount
    by_family = pivot(lines, lambda ln: ln.source.family)
    by_unit = pivot(lines, lambda ln: ln.unit)
    function_rollup = rollup(lines, "function")
    economic_rollup = rollup(lines, "economic")

    projects: dict[str, ProjectView] = {}
    for line in lines:
        if not line.project:
            continue
        view = projects.setdefault(line.project, ProjectView(line.project, line.unit, defaultdict(lambda: ZERO), ZERO))
        view.amounts[line.source.label] += line.amount
        view.total += line.amount
        view.lines.append(line)
        if line.kind == "项目":
            view.kind = "项目"

    three_public = {part: ZERO for part in THREE_PUBLIC_CODES}
    code_to_part = {code: part for part, codes in THREE_PUBLIC_CODES.items() for code in codes}
    for line in lines:
        part = code_to_part.get(line.economic)
        if part and line.source.fiscal:
            three_public[part] += line.amount
    three_public["total"] = sum(three_public.values(), ZERO)

    administrative = {u.code for u in budget.profile.units if u.administrative}
    if budget.operating_expenses is not None:
        operating = budget.operating_expenses.amount
    else:
        operating = sum(
            (
                ln.amount
                for ln in lines
                if ln.source.family == "一般公共预算"
                and ln.kind == "基本"
                and not ln.personnel
                and ln.unit in administrative
            ),
            ZERO,
        )

    funds = {family: fund_view(family, (ln for ln in lines if ln.source.family == family))
             for family in FISCAL_FAMILIES}
    if budget.administrative_expenses is not None:  # the department's own figure and definition
        administrative_expenses = budget.administrative_expenses.amount
    else:
        administrative_expenses = sum(
            (ln.amount for ln in lines
             if ln.source.family == "一般公共预算" and ln.kind == "基本" and ln.unit in administrative),
            ZERO,
        )

    by_category = {c: ZERO for c in ("货物", "工程", "服务")}
    sme = ZERO
    for item in budget.procurement:
        by_category[item.category] += item.amount
        sme += item.sme_amount or ZERO
    if not budget.procurement:  # a document that gives only the category totals
        by_category.update(budget.procurement_categories)
    procurement_total = sum(by_category.values(), ZERO)

    user_names: dict[tuple[str, str], str] = {}
    for line in lines:
        if line.function_name:
            user_names.setdefault(("function", line.function), line.function_name)
        if line.economic_name:
            user_names.setdefault(("economic", line.economic), line.economic_name)

    derived = Derived(
        budget=budget,
        catalog=catalog,
        totals=totals,
        fiscal=fiscal,
        by_source=dict(by_source),
        by_family=by_family,
        by_unit=by_unit,
        by_unit_source={k: dict(v) for k, v in by_unit_source.items()},
        projects=projects,
        three_public=three_public,
        operating_expenses=operating,
        procurement_total=procurement_total,
        procurement_by_category=by_category,
        procurement_sme=sme,
        metrics={},
        function_rollup=function_rollup,
        economic_rollup=economic_rollup,
        user_names=user_names,
        funds=funds,
        administrative_expenses=administrative_expenses,
        year_end=dict(budget.year_end_balance),
    )
    derived.metrics = _metrics(derived)
    return derived


# ---- year over year ----------------------------------------------------------------------------

# Totals that often coincide (a department funded wholly by 一般公共预算 has 收入总计 = 财政拨款 =
# 一般公共预算支出): when two of them have the same figures in both years, they share a reason.
_TWIN_METRICS = ("income_total", "expenditure_total", "fiscal", "general_public")


def reason_for(budget: Budget, metrics: dict[str, Decimal], metric: str) -> str:
    """The user's reason for a change, or that of a twin total with identical figures."""
    comparison = budget.previous.get(metric)
    if comparison is None:
        return ""
    if comparison.reason or metric not in _TWIN_METRICS:
        return comparison.reason
    for twin in _TWIN_METRICS:
        other = budget.previous.get(twin)
        if (
            other is not None
            and other.reason
            and other.amount == comparison.amount
            and metrics.get(twin) == metrics.get(metric)
        ):
            return other.reason
    return ""


def needs_reason(current: Decimal, previous: Decimal, threshold_percent: Decimal) -> bool:
    """财预〔2016〕143号: every 增减变化 at or above the threshold (settings.reason_threshold, in
    percent) is explained. The change is the one the document prints (both figures rounded to
    0.01万元): none is asked when that is 0."""
    current, previous = round_wan(current), round_wan(previous)
    if current == previous:
        return False
    if previous == 0:
        return True
    return abs(current - previous) * 100 >= abs(previous) * threshold_percent
