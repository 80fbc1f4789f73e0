"""The paragraphs of 第三部分 情况说明, one builder per section (design.md §4).

Builders return lists of paragraph strings; figures come only from `Derived`, reasons only from
the user's `previous.<metric>.reason`. Zero items are left out of enumerations.
"""

from __future__ import annotations

from decimal import Decimal

from ..derive import Derived, reason_for, share_percentages
from ..model import ZERO
from .words import change_phrase, clause, join, percent, sentence, wan

SOURCE_PROSE = {
    "一般公共预算": "一般公共预算拨款收入",
    "政府性基金预算": "政府性基金预算拨款收入",
    "国有资本经营预算": "国有资本经营预算拨款收入",
}


class Writer:
    """Sentence builders bound to one derived budget."""

    def __init__(self, derived: Derived):
        self.d = derived
        self.b = derived.budget
        self.year = self.b.year

    # --- helpers ---------------------------------------------------------------------------

    def previous(self, metric: str) -> Decimal | None:
        comparison = self.b.previous.get(metric)
        return comparison.amount if comparison else None

    def change(self, metric: str, current: Decimal) -> str:
        return change_phrase(current, self.previous(metric), reason_for(self.b, self.d.metrics, metric))

    def headline(self, subject: str, current: Decimal, metric: str) -> str:
        """'2024年收入预算总额为596.15万元，比上年减少151.88万元，下降20.30%。主要原因是……。'

        A top-level figure states its reason as a sentence of its own (design.md §4)."""
        phrase = change_phrase(current, self.previous(metric))
        if phrase.endswith("均为0万元"):  # both years zero: say it once, not "为0万元，…均为0万元"
            return sentence(f"{subject}{phrase}")
        text = sentence(f"{subject}为{wan(current)}", phrase)
        reason = reason_for(self.b, self.d.metrics, metric) if phrase and not phrase.startswith("与上年持平") else ""
        return text + (f"主要原因是{clause(reason)}。" if reason else "")

    def shares(self, items: list[tuple[str, Decimal, str]], *, with_change: bool = True) -> list[str]:
        """'名称X万元，占Y%，比上年……' for each non-zero item; shares add up to 100%."""
        items = [(label, value, metric) for label, value, metric in items if value != 0]
        pcts = share_percentages([v for _, v, _ in items])
        out = []
        for (label, value, metric), pct in zip(items, pcts):
            parts = [f"{label}{wan(value)}", f"占{percent(pct / 100)}"]
            if with_change and metric:
                parts.append(self.change(metric, value))
            out.append("，".join(p for p in parts if p))
        return out

    def source_label(self, label: str) -> str:
        return SOURCE_PROSE.get(label, label)

    # --- （一）收入 ----------------------------------------------------------------------------

    def income(self) -> list[str]:
        total = self.d.totals.total
        head = self.headline(f"{self.year}年收入预算总额", total, "income_total")
        items = [
            (self.source_label(label), value, f"source:{label}")
            for label, value in self._ordered_sources()
        ]
        parts = self.shares(items)
        body = f"其中：{'；'.join(parts)}。" if parts else ""
        return [head + body]

    def _ordered_sources(self) -> list[tuple[str, Decimal]]:
        from ..vocab import SOURCES

        return [(s.label, self.d.by_source[s.label]) for s in SOURCES if self.d.by_source.get(s.label)]

    # --- （二）支出 ----------------------------------------------------------------------------

    def expenditure(self) -> list[str]:
        t = self.d.totals
        paragraphs = [self.headline(f"{self.year}年支出预算总额", t.total, "expenditure_total")]
        kinds = self.shares([("基本支出", t.basic, "basic"), ("项目支出", t.project, "project")])
        if kinds:
            detail = ""
            if t.basic:
                detail = f"基本支出中，人员经费{wan(t.personnel)}，公用经费{wan(t.public)}。"
            paragraphs.append(f"按支出项目类别划分：{'；'.join(kinds)}。{detail}")
        paragraphs.append(self._by_function(lambda ln: True, "按支出功能分类科目划分"))
        paragraphs.append(self._by_economic(lambda ln: True, "按支出经济分类科目划分"))
        return [p for p in paragraphs if p]

    def _by_function(self, predicate, lead: str, metric_prefix: str = "function") -> str:
        classes = self.d.function_classes(predicate)
        items = []
        for code in sorted(classes):
            label = f"{self.d.function_name(code)}"
            items.append((label, classes[code], f"{metric_prefix}:{code}" if metric_prefix else ""))
        parts = self.shares(items, with_change=bool(metric_prefix))
        parts = [self._with_purpose(p, code) for p, code in zip(parts, [c for c in sorted(classes) if classes[c]])]
        return f"{lead}：{'；'.join(parts)}。" if parts else ""

    def _by_economic(self, predicate, lead: str, metric_prefix: str = "economic") -> str:
        classes = self.d.economic_classes(predicate)
        items = [
            (self.d.economic_name(code), classes[code], f"{metric_prefix}:{code}" if metric_prefix else "")
            for code in sorted(classes)
        ]
        parts = self.shares(items, with_change=bool(metric_prefix))
        parts = [self._with_purpose(p, code) for p, code in zip(parts, [c for c in sorted(classes) if classes[c]])]
        return f"{lead}：{'；'.join(parts)}。" if parts else ""

    def _with_purpose(self, text: str, code: str) -> str:
        purpose = self.b.purposes.get(code)
        return f"{text}，{clause(purpose)}" if purpose else text

    # --- （三）财政拨款 ------------------------------------------------------------------------

    def fiscal(self) -> list[str]:
        f = self.d.fiscal
        if f.total == 0:
            return [f"本部门{self.year}年无财政拨款支出预算。"]
        head = self.headline(f"{self.year}年财政拨款支出预算总额", f.total, "fiscal")
        families = [
            (f"{family}支出", self.d.family_total(family), "")
            for family in ("一般公共预算", "政府性基金预算", "国有资本经营预算")
        ]
        parts = self.shares(families, with_change=False)
        head += f"其中：{'；'.join(parts)}。" if len(parts) > 1 else ""
        paragraphs = [head]
        paragraphs.append(self._by_function(lambda ln: ln.source.fiscal, "按支出功能分类科目划分", metric_prefix=""))
        kinds = []
        if f.basic:
            kinds.append(f"基本支出{wan(f.basic)}（人员经费{wan(f.personnel)}，公用经费{wan(f.public)}）")
        if f.project:
            kinds.append(f"项目支出{wan(f.project)}")
        if kinds:
            paragraphs.append(f"按支出项目类别划分：{'；'.join(kinds)}。")
        return [p for p in paragraphs if p]

    # --- （四）（五）基金与国有资本 ------------------------------------------------------------

    def fund(self, family: str, metric: str, table: str) -> list[str]:
        total = self.d.family_total(family)
        if total == 0:
            return [f"本部门{self.year}年无{family}安排的支出，《{table}》为空表。"]
        head = self.headline(f"{self.year}年{family}支出预算", total, metric)
        body = self._by_function(lambda ln: ln.source.family == family, "按支出功能分类科目划分", metric_prefix="")
        return [head, body]

    # --- （六）机关运行经费 --------------------------------------------------------------------

    def operating_expenses(self) -> list[str]:
        value = self.d.operating_expenses
        override = self.b.operating_expenses
        if value == 0 and override is None:
            return [sentence(f"本部门{self.year}年无机关运行经费预算", self.change("operating_expenses", value))]
        head = self.headline(f"{self.year}年本部门机关运行经费预算", value, "operating_expenses")
        definition = override.definition if override else DEFAULT_OPERATING_DEFINITION
        return [head + f"机关运行经费是指{clause(definition.removeprefix('机关运行经费是指'))}。"]

    # --- （七）政府采购 ------------------------------------------------------------------------

    def procurement(self) -> list[str]:
        total = self.d.procurement_total
        if total == 0:
            return [sentence(f"本部门{self.year}年无政府采购预算", self.change("procurement", total))]
        head = self.headline(f"{self.year}年本部门政府采购预算总额", total, "procurement")
        parts = [
            f"政府采购{cat}预算{wan(v)}" for cat, v in self.d.procurement_by_category.items() if v
        ]
        body = f"其中：{'，'.join(parts)}。"
        sme = self.d.procurement_sme
        if sme:
            body += f"面向中小企业预留政府采购项目预算{wan(sme)}，占政府采购预算总额的{percent(sme / total)}。"
        return [head + body]

    # --- （八）国有资产 ------------------------------------------------------------------------

    def assets(self) -> list[str]:
        a = self.b.assets
        if a is None:
            return ["本部门未填报国有资产占有使用情况。"]
        paragraphs = []
        as_of = f"截至{_date_zh(a.as_of)}，" if a.as_of else ""
        holdings = []
        for h in a.holdings:
            reason = h.reason if h.previous is not None else ""
            holdings.append("，".join(p for p in (f"{h.name}{wan(h.amount)}", change_phrase(h.amount, h.previous, reason)) if p))
        if holdings:
            paragraphs.append(f"{as_of}本部门{'；'.join(holdings)}。")
            as_of = ""
        owned = []
        if a.vehicles:
            kinds = join([f"{k}{n}辆" for k, n in a.vehicles.items() if n])
            owned.append(f"共有车辆{sum(a.vehicles.values())}辆" + (f"，其中：{kinds}" if kinds else ""))
        if a.large_equipment is not None:
            owned.append(f"{a.large_equipment_label}{a.large_equipment}台（套）")
        if owned:
            paragraphs.append(f"{as_of}本部门{'；'.join(owned)}。")
        planned = []
        if a.planned_vehicles is not None:
            planned.append(f"购置车辆{a.planned_vehicles}辆")
        if a.planned_large_equipment is not None:
            item = f"购置{a.large_equipment_label}{a.planned_large_equipment}台（套）"
            if a.planned_large_equipment_amount:
                item += f"，金额{wan(a.planned_large_equipment_amount)}"
            planned.append(item)
        if planned:
            paragraphs.append(f"{self.year}年部门预算安排{'；安排'.join(planned)}。")
        if a.note:
            paragraphs.append(a.note)
        return paragraphs

    # --- （九）绩效目标 ------------------------------------------------------------------------

    def performance(self, projects) -> list[str]:
        count = len(projects)
        money = sum((p["total_value"] for p in projects), ZERO)
        if count == 0:
            lines = [f"本部门{self.year}年无实行绩效目标管理的项目。"]
        else:
            lines = [f"{self.year}年本部门实行绩效目标管理的项目{count}个，涉及预算资金{wan(money)}。"]
        perf = self.b.performance
        if perf.long_term_goal:
            lines.append(f"部门整体绩效中长期目标：{clause(perf.long_term_goal)}。")
        if perf.annual_goal:
            lines.append(f"部门整体绩效年度目标：{clause(perf.annual_goal)}。")
        return lines

    # --- （十）其他 ----------------------------------------------------------------------------

    def other_matters(self) -> list[str]:
        """User paragraphs, each ending with a full stop ("无" → "无。", like the default)."""
        ends = ("。", "！", "？", "…", "!", "?")
        return [t.strip() if t.strip().endswith(ends) else f"{clause(t)}。" for t in self.b.other_matters if clause(t)] or ["无。"]

    # --- 二、“三公” ----------------------------------------------------------------------------

    def three_public(self) -> list[str]:
        t = self.d.three_public
        total = t["total"]
        head = self.headline(f"{self.year}年本部门“三公”经费财政拨款预算", total, "three_public.total")
        vehicles = t["vehicle_purchase"] + t["vehicle_operation"]
        vehicle_detail = (
            f"（其中：公务用车购置费{wan(t['vehicle_purchase'])}，公务用车运行维护费{wan(t['vehicle_operation'])}）"
            if vehicles else ""
        )
        items = [
            "1." + self.figure("因公出国（境）费", t["abroad"], "three_public.abroad"),
            "2." + self.figure("公务用车购置及运行维护费", vehicles, "", self._vehicle_previous(), vehicle_detail),
            "3." + self.figure("公务接待费", t["reception"], "three_public.reception"),
        ]
        return [head + "其中："] + items

    def figure(self, label: str, current: Decimal, metric: str, previous=None, detail: str = "") -> str:
        """'公务接待费0.80万元，与上年持平。' — or '…与上年持平，均为0万元。' when both years are zero."""
        if metric:
            comparison = self.b.previous.get(metric)
            previous = (comparison.amount, reason_for(self.b, self.d.metrics, metric)) if comparison else None
        if previous is not None and current == 0 and previous[0] == 0:
            return f"{label}与上年持平，均为0万元。"
        phrase = change_phrase(current, previous[0], previous[1]) if previous else ""
        return sentence(f"{label}{wan(current)}{detail}", phrase)

    def _vehicle_previous(self) -> tuple[Decimal, str] | None:
        """Previous 公务用车购置及运行维护费: the sum of both parts, with either part's reason."""
        purchase = self.b.previous.get("three_public.vehicle_purchase")
        operation = self.b.previous.get("three_public.vehicle_operation")
        if purchase is None or operation is None:
            return None
        return purchase.amount + operation.amount, purchase.reason or operation.reason


DEFAULT_OPERATING_DEFINITION = (
    "为保障行政单位（含参照公务员法管理的事业单位）运行，用一般公共预算财政拨款安排的基本支出中的日常公用经费支出，"
    "包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、"
    "办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用"
)


def _date_zh(text: str) -> str:
    import re

    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$", text)
    return f"{m[1]}年{int(m[2])}月{int(m[3])}日" if m else text


def project_funding(d: Derived, name: str) -> str:
    """'48.60万元，全部为一般公共预算资金' or '…，其中：一般公共预算40.00万元、事业收入8.60万元'."""
    view = d.projects.get(name)
    if view is None:
        return ""
    parts = [(label, v) for label, v in view.amounts.items() if v]
    if len(parts) == 1:
        return f"{wan(view.total)}，全部为{parts[0][0]}资金"
    return f"{wan(view.total)}，其中：{'、'.join(f'{label}{wan(v)}' for label, v in parts)}"
