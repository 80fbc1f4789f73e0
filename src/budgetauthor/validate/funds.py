"""Control and previous-year figures stated for one kind of 财政拨款 alone (by_fund).

Some regions print their tables for 一般公共预算 only (基本支出 and 项目支出 by 经济分类, 行政经费);
the figures the finance bureau approved for those views are checked against the ledger exactly
like the all-funds ones: each stated total, each 功能分类 node, each 经济分类 node.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..derive import Amounts, FundView, fund_view
from ..findings import Finding
from ..model import ZERO, FundControl, fund_metric
from ..money import within_tail
from .codes import CONTROL_TOTAL, PREVIOUS_SUM
from .rules import Context, mismatch

MEASURE_LABELS = {"total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费",
                  "public": "公用经费"}


def _control(label: str, stated, derived, path: tuple, hint: str = "") -> Finding:
    return mismatch(CONTROL_TOTAL, f"{label}与批复控制数不符", stated, derived, path,
                    stated_label="批复控制数", derived_label="预算明细合计", hint=hint)


def check_fund_controls(ctx: Context) -> Iterable[Finding]:
    approved, d = ctx.budget.approved, ctx.derived
    for family, control in approved.by_fund.items():
        view = d.funds.get(family) or fund_view(family, ())
        base = ("approved", "by_fund", family)
        for measure in FundControl.MEASURES:
            stated = getattr(control, measure)
            if stated is not None and not within_tail(stated, getattr(view.totals, measure)):
                yield _control(f"{family}{MEASURE_LABELS[measure]}", stated, getattr(view.totals, measure),
                               base + (measure,))
        yield from _classified(ctx, family, control, view, base)
    yield from _fund_totals_against_other_controls(ctx)


def _classified(ctx: Context, family: str, control: FundControl, view: FundView, base: tuple) -> Iterable[Finding]:
    d = ctx.derived
    for code, parts in control.by_function.items():
        amounts = view.function_nodes.get(code, Amounts())
        for measure in ("total", "basic", "project"):
            stated = parts.get(measure)
            if stated is not None and not within_tail(stated, getattr(amounts, measure)):
                yield _control(f"{family} 功能分类{code} {d.function_name(code)}（{MEASURE_LABELS[measure]}）",
                               stated, getattr(amounts, measure), base + ("by_function", code, measure))
    for key, measure, label in (("by_economic", "basic", "基本支出"), ("by_economic_project", "project", "项目支出")):
        for code, stated in getattr(control, key).items():
            derived = getattr(view.economic_nodes.get(code, Amounts()), measure)
            if not within_tail(stated, derived):
                yield _control(f"{family} 经济分类{code} {d.economic_name(code)}（{label}）", stated, derived,
                               base + (key, code))


def _fund_totals_against_other_controls(ctx: Context) -> Iterable[Finding]:
    """The kinds of 财政拨款 add up to the 财政拨款 control figure, and each matches its sources."""
    approved = ctx.budget.approved
    totals = {family: c.total for family, c in approved.by_fund.items() if c.total is not None}
    if approved.fiscal is not None and len(totals) == 3:
        stated = sum(totals.values(), ZERO)
        if not within_tail(stated, approved.fiscal, 3):
            yield mismatch(CONTROL_TOTAL, "各类财政拨款控制数之和与财政拨款合计不符", stated, approved.fiscal,
                           ("approved", "by_fund"), stated_label="各类之和", derived_label="财政拨款合计（approved.fiscal）")
    if approved.by_source:
        for family, total in totals.items():
            sources = [approved.by_source.get(label) for label in (family, f"上年结转（{family}）")]
            if sources[0] is None:
                continue
            stated = sum((s for s in sources if s is not None), ZERO)
            if not within_tail(total, stated, 2):
                yield mismatch(CONTROL_TOTAL, f"{family}控制数与分资金来源控制数不符", total, stated,
                               ("approved", "by_fund", family, "total"), stated_label="by_fund",
                               derived_label="by_source（本年与上年结转）")


def check_fund_previous(ctx: Context) -> Iterable[Finding]:
    """Last year's figures of one kind of 财政拨款 add up like this year's."""
    previous = ctx.budget.previous
    for family in {m.split(":")[1] for m in previous if m.startswith("fund:")}:
        total, basic, project = (previous.get(fund_metric(family, m)) for m in ("total", "basic", "project"))
        if total and basic and project and not within_tail(basic.amount + project.amount, total.amount, 2):
            yield mismatch(PREVIOUS_SUM, f"上年{family}基本支出与项目支出之和不等于其合计",
                           basic.amount + project.amount, total.amount, basic.path,
                           stated_label="上年基本支出+项目支出", derived_label="上年合计")


CHECKS = (check_fund_controls, check_fund_previous)
