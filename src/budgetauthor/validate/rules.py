"""Arithmetic, cross-table, catalogue and completeness rules of our own (design.md §3).

Each check is a function of the context returning findings; `CHECKS` lists them in the order
their findings are printed. Messages name both figures and their difference.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..catalog import Catalog
from ..derive import Amounts, Derived, needs_reason, reason_for
from ..findings import Finding
from ..model import ZERO, Budget, Indicator, Line
from ..money import parse_number, wan, within_tail
from ..text import normalize_text
from ..vocab import INDICATOR_LEVEL2 as LEVEL2_OPTIONS
from ..vocab import SOURCE_BY_LABEL
from .codes import (
    ASSETS_CHILDREN,
    CODE_NAME_MISMATCH,
    CONTROL_TOTAL,
    ECONOMIC_CODE_PARENT,
    ECONOMIC_CODE_UNKNOWN,
    FISCAL_EXCEEDS_TOTAL,
    FUNCTION_CODE_PARENT,
    FUNCTION_CODE_UNKNOWN,
    INCOME_EXPENDITURE_BALANCE,
    INDICATOR_COST_EXCEEDS,
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
    TEXT_RESIDUE,
    TEXT_YEAR,
    THREE_PUBLIC_DERIVED,
    THREE_PUBLIC_SUM,
    UNIT_DUPLICATE,
    UNIT_UNKNOWN,
    UNITS_CONTROL_MISSING,
    Rule,
)


@dataclass
class Context:
    budget: Budget
    derived: Derived
    catalog: Catalog
    document: dict
    describe_line: Callable[[Line], str]  # "ledger[12]（第57行）" for hints


def mismatch(rule: Rule, what: str, stated: Decimal, derived: Decimal, path: tuple, *, derived_label: str,
             stated_label: str = "填写数", hint: str = "") -> Finding:
    diff = stated - derived
    message = (
        f"{what}：{stated_label}为{wan(stated)}，{derived_label}为{wan(derived)}，相差{wan(abs(diff))}"
        + (f"。{hint}" if hint else "")
    )
    return rule.finding(message, path, expected=derived, actual=stated)


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


def check_units(ctx: Context) -> Iterable[Finding]:
    codes = [u.code for u in ctx.budget.profile.units]
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
    if len(codes) > 1 and not ctx.budget.approved.by_unit:
        yield UNITS_CONTROL_MISSING.finding(
            f"本部门有{len(codes)}个预算单位，建议填写分单位控制数（approved.by_unit）以便逐单位核对", ("approved",)
        )


# ---- control figures --------------------------------------------------------------------------


def check_control_figures(ctx: Context) -> Iterable[Finding]:
    a, d = ctx.budget.approved, ctx.derived
    if not within_tail(a.income_total, a.expenditure_total):
        yield mismatch(
            INCOME_EXPENDITURE_BALANCE, "收入总计与支出总计不相等", a.income_total, a.expenditure_total,
            ("approved", "expenditure_total"), stated_label="收入总计", derived_label="支出总计",
        )
    pairs = [
        ("income_total", "收入总计", a.income_total, d.totals.total),
        ("expenditure_total", "支出总计", a.expenditure_total, d.totals.total),
        ("fiscal", "财政拨款合计", a.fiscal, d.fiscal.total),
        ("basic", "基本支出", a.basic, d.totals.basic),
        ("project", "项目支出", a.project, d.totals.project),
        ("personnel", "人员经费", a.personnel, d.totals.personnel),
        ("public", "公用经费", a.public, d.totals.public),
    ]
    for key, label, stated, derived in pairs:
        if stated is not None and not within_tail(stated, derived):
            yield mismatch(CONTROL_TOTAL, f"{label}与批复控制数不符", stated, derived, ("approved", key),
                           stated_label="批复控制数", derived_label="预算明细合计")
    if a.fiscal is not None and a.fiscal > a.income_total and not within_tail(a.fiscal, a.income_total):
        yield mismatch(FISCAL_EXCEEDS_TOTAL, "财政拨款超过收入总计", a.fiscal, a.income_total,
                       ("approved", "fiscal"), stated_label="财政拨款", derived_label="收入总计")
    if a.by_source:
        for label in sorted(set(a.by_source) | set(d.by_source)):
            stated, derived = a.by_source.get(label, ZERO), d.by_source.get(label, ZERO)
            if not within_tail(stated, derived):
                path = ("approved", "by_source", label) if label in a.by_source else ("approved", "by_source")
                yield mismatch(CONTROL_TOTAL, f"资金来源“{label}”与批复控制数不符", stated, derived, path,
                               stated_label="批复控制数", derived_label="预算明细合计")
    for unit, parts in a.by_unit.items():
        amounts = d.by_unit.get(unit)
        unit_fiscal = sum(
            (v for k, v in d.by_unit_source.get(unit, {}).items() if SOURCE_BY_LABEL[k].fiscal), ZERO
        )
        actual = {
            "total": amounts.total if amounts else ZERO,
            "basic": amounts.basic if amounts else ZERO,
            "project": amounts.project if amounts else ZERO,
            "fiscal": unit_fiscal,
        }
        for key, label in (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"), ("fiscal", "财政拨款")):
            stated = parts.get(key)
            if stated is not None and not within_tail(stated, actual[key]):
                yield mismatch(CONTROL_TOTAL, f"单位{unit}（{ctx.budget.unit_name(unit)}）{label}与批复控制数不符",
                               stated, actual[key], ("approved", "by_unit", unit, key),
                               stated_label="批复控制数", derived_label="预算明细合计")
    yield from _check_classified_controls(ctx)


def _check_classified_controls(ctx: Context) -> Iterable[Finding]:
    """by_function / by_economic control figures, with the ledger lines most likely wrong."""
    a, d = ctx.budget.approved, ctx.derived
    nothing = Amounts()

    def function_figure(code: str, key: str) -> Decimal:
        return getattr(d.function_rollup.get(code, nothing), key)

    def economic_basic(code: str) -> Decimal:
        return d.economic_rollup.get(code, nothing).basic

    bad_economic = {code for code, stated in a.by_economic.items() if not within_tail(stated, economic_basic(code))}
    for code, parts in a.by_function.items():
        for key, label in (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")):
            stated = parts.get(key)
            if stated is None:
                continue
            derived = function_figure(code, key)
            if within_tail(stated, derived):
                continue
            suspects = [
                ln for ln in ctx.budget.lines
                if ln.function.startswith(code)
                and (key == "total" or ln.kind == ("基本" if key == "basic" else "项目"))
                and (not bad_economic or key == "project" or ln.economic in bad_economic
                     or ln.economic[:3] in bad_economic)
            ]
            hint = _suspect_hint(ctx, suspects)
            yield mismatch(CONTROL_TOTAL, f"功能分类{code} {d.function_name(code)}（{label}）与批复控制数不符",
                           stated, derived, ("approved", "by_function", code, key),
                           stated_label="批复控制数", derived_label="预算明细合计", hint=hint)
    bad_function = {
        code for code, parts in a.by_function.items()
        for key in ("total", "basic")
        if (stated := parts.get(key)) is not None and not within_tail(stated, function_figure(code, key))
    }
    for code in sorted(bad_economic):
        derived = economic_basic(code)
        suspects = [
            ln for ln in ctx.budget.lines
            if ln.kind == "基本" and ln.economic.startswith(code)
            and (not bad_function or any(ln.function.startswith(f) for f in bad_function))
        ]
        yield mismatch(CONTROL_TOTAL, f"经济分类{code} {d.economic_name(code)}（基本支出）与批复控制数不符",
                       a.by_economic[code], derived, ("approved", "by_economic", code),
                       stated_label="批复控制数", derived_label="预算明细合计", hint=_suspect_hint(ctx, suspects))


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
        elif not within_tail(project.amount, view.total):
            yield mismatch(PROJECT_AMOUNT, f"项目“{project.name}”金额与预算明细不符", project.amount, view.total,
                           project.path + ("amount",), derived_label="预算明细合计")
    spending = [p for p in budget.projects if project_kind(ctx, p) == "项目"]
    if spending:
        stated = sum((p.amount for p in spending), ZERO)
        if not within_tail(stated, d.totals.project, len(spending)):
            yield mismatch(PROJECT_SUM, "各项目金额之和与项目支出不符", stated, d.totals.project, ("projects",),
                           stated_label="各项目合计", derived_label="预算明细中的项目支出")


# ---- "三公", 机关运行经费, procurement, assets --------------------------------------------------

THREE_PUBLIC_LABELS = {
    "abroad": "因公出国（境）费",
    "reception": "公务接待费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
}


def check_three_public(ctx: Context) -> Iterable[Finding]:
    stated, derived = ctx.budget.three_public, ctx.derived.three_public
    if not stated.stated:
        return
    parts = {k: getattr(stated, k) for k in THREE_PUBLIC_LABELS}
    if stated.total is not None and all(v is not None for v in parts.values()):
        total_of_parts = sum(parts.values(), ZERO)
        if not within_tail(stated.total, total_of_parts, len(parts)):
            yield mismatch(THREE_PUBLIC_SUM, "“三公”经费合计与各分项之和不符", stated.total, total_of_parts,
                           ("three_public", "total"), stated_label="合计", derived_label="四个分项之和")
    for key, label in THREE_PUBLIC_LABELS.items():
        value = parts[key]
        if value is not None and not within_tail(value, derived[key]):
            yield mismatch(THREE_PUBLIC_DERIVED, f"{label}与预算明细不符", value, derived[key],
                           ("three_public", key), derived_label="预算明细中财政拨款相应经济科目合计")
    if stated.total is not None and not within_tail(stated.total, derived["total"]):
        yield mismatch(THREE_PUBLIC_DERIVED, "“三公”经费合计与预算明细不符", stated.total, derived["total"],
                       ("three_public", "total"), derived_label="预算明细中财政拨款相应经济科目合计")


def check_operating_expenses(ctx: Context) -> Iterable[Finding]:
    stated = ctx.budget.operating_expenses
    if stated is not None and stated.amount > ctx.derived.fiscal.total:
        yield mismatch(OPERATING_EXPENSES_EXCEEDS, "机关运行经费超过财政拨款支出总额", stated.amount,
                       ctx.derived.fiscal.total, ("operating_expenses", "amount"), derived_label="财政拨款支出")


def check_procurement(ctx: Context) -> Iterable[Finding]:
    budget, d = ctx.budget, ctx.derived
    if budget.procurement_total is not None and not within_tail(
        budget.procurement_total, d.procurement_total, max(1, len(budget.procurement))
    ):
        yield mismatch(PROCUREMENT_SUM, "政府采购总额与采购明细合计不符", budget.procurement_total,
                       d.procurement_total, ("procurement", "total"), derived_label="采购明细合计")
    by_project: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for item in budget.procurement:
        if item.sme_amount is not None and item.sme_amount > item.amount:
            yield mismatch(PROCUREMENT_SME, f"采购品目“{item.item}”面向中小企业金额超过采购金额",
                           item.sme_amount, item.amount, item.path + ("sme_amount",),
                           stated_label="面向中小企业金额", derived_label="采购金额")
        if item.project:
            by_project[item.project] += item.amount
    for name, amount in by_project.items():
        view = d.projects.get(name)
        if view is not None and amount > view.total and not within_tail(amount, view.total):
            first = next(i for i in budget.procurement if i.project == name)
            yield mismatch(PROCUREMENT_EXCEEDS_PROJECT, f"项目“{name}”的政府采购金额超过项目预算", amount,
                           view.total, first.path + ("amount",), stated_label="采购金额", derived_label="项目预算")


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
    "procurement": "政府采购预算",
    "three_public.total": "“三公”经费",
    **{f"three_public.{k}": v for k, v in THREE_PUBLIC_LABELS.items()},
}
# Comparisons every document prints; a missing previous figure for these is reported.
REQUIRED_COMPARISONS = ("income_total", "expenditure_total", "fiscal", "basic", "project",
                        "operating_expenses", "three_public.total")


def metric_label(ctx: Context, metric: str) -> str:
    if metric in METRIC_LABELS:
        return METRIC_LABELS[metric]
    prefix, _, code = metric.partition(":")
    if prefix == "function":
        return f"{ctx.derived.function_name(code)}（{code}）"
    if prefix == "economic":
        return f"{ctx.derived.economic_name(code)}（{code}）"
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
                comparison.path,
            )
    for metric in REQUIRED_COMPARISONS:
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


# ---- completeness ------------------------------------------------------------------------------


def check_sections(ctx: Context) -> Iterable[Finding]:
    p = ctx.budget.profile
    if not p.duties:
        yield SECTION_MISSING.finding("缺少“主要职责”（profile.duties），这是公开文件的必备内容", ("profile",))
    if not p.internal_departments and not p.organization_note:
        yield SECTION_MISSING.finding(
            "缺少“机构设置”：请填写内设机构（profile.internal_departments）或机构设置说明", ("profile",)
        )
    staffing = p.staffing
    if not staffing.authorized and not staffing.serving:
        yield SECTION_MISSING.finding("缺少“人员情况”：请填写编制人数和实有人数（profile.staffing）", ("profile",))


def check_project_completeness(ctx: Context) -> Iterable[Finding]:
    require = (("summary", "项目概述"), ("goal", "年度绩效目标"))
    for project in ctx.budget.projects:
        if project_kind(ctx, project) != "项目":
            continue  # 基本支出 items carry no performance targets
        missing = [label for attr, label in require if not getattr(project, attr)]
        if not project.indicators:
            missing.append("绩效指标")
        if missing:
            yield PROJECT_INCOMPLETE.finding(
                f"项目“{project.name}”缺少：{'、'.join(missing)}", project.path
            )
        if not project.basis:
            yield PROJECT_BASIS_MISSING.finding(
                f"项目“{project.name}”未填写立项依据（文件、会议纪要或规划名称）", project.path
            )
        if project.indicators:
            yield from check_indicators(project.indicators, f"项目“{project.name}”", project.path + ("indicators",))
            yield from _check_cost_indicators(ctx, project)
    if ctx.budget.performance.indicators:
        # 部门整体 forms use their own 二级 names (公共服务, 公共管理…): only 一级 is checked.
        yield from check_indicators(ctx.budget.performance.indicators, "部门整体绩效目标",
                                    ("performance", "indicators"), require_cost=False, check_level2=False)


def check_indicators(indicators: tuple[Indicator, ...], owner: str, path: tuple,
                     require_cost: bool = True, check_level2: bool = True) -> Iterable[Finding]:
    levels = {i.level1 for i in indicators}
    # Forms before 财预〔2021〕101号 put 满意度 under 效益指标; either placement counts.
    if any(i.level2 == "服务对象满意度指标" for i in indicators):
        levels.add("满意度指标")
    missing = [lv for lv in ("产出指标", "效益指标", "满意度指标") if lv not in levels]
    if missing:
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


_MONEY_UNITS = {"元": Decimal(1) / 10000, "万元": Decimal(1), "万": Decimal(1)}


def _check_cost_indicators(ctx: Context, project) -> Iterable[Finding]:
    view = ctx.derived.projects.get(project.name)
    budget_total = view.total if view else project.amount
    costs = [
        i for i in project.indicators
        if (i.level1 == "成本指标" or i.level2 == "成本指标")
        and i.operator in ("≤", "＝", "＜") and i.unit in _MONEY_UNITS
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
    for path, text in _strings(ctx.document, ()):
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


CHECKS = (
    check_units,
    check_catalogue,
    check_control_figures,
    check_projects,
    check_three_public,
    check_operating_expenses,
    check_procurement,
    check_assets,
    check_previous,
    check_sections,
    check_project_completeness,
    check_text,
)
