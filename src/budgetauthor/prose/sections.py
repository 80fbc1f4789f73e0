"""The paragraphs of the 情况说明, one builder per section (design.md §4).

Builders return lists of paragraph strings. Figures come only from `Derived`, reasons only from
the user's `previous.<metric>.reason`, and the words only from the profile's wording: each
builder decides which sentence pattern applies (a zero, a missing previous figure, one source or
several…) and hands it its values. Zero items are left out of enumerations.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..derive import Derived, reason_for, share_percentages
from ..model import ZERO
from ..profiles import LayoutProfile, standard
from ..vocab import FISCAL_FAMILIES, SOURCES
from .words import Change, Words, clause


def words_for(derived: Derived, profile: LayoutProfile | None = None, kind: str = "") -> Words:
    """The wording of this budget's document under `profile` (default: the standard one)."""
    p = derived.budget.profile
    return Words(profile or standard(), name=p.name, year=p.year, level=p.level, kind=kind or p.kind)


class Writer:
    """Sentence builders bound to one derived budget and one profile's wording."""

    def __init__(self, derived: Derived, words: Words | None = None):
        self.d = derived
        self.b = derived.budget
        self.year = self.b.year
        self.w = words or words_for(derived)

    # --- helpers ---------------------------------------------------------------------------

    def previous(self, metric: str) -> Decimal | None:
        comparison = self.b.previous.get(metric)
        return comparison.amount if comparison else None

    def reason(self, metric: str) -> str:
        return reason_for(self.b, self.d.metrics, metric)

    def change(self, metric: str, current: Decimal, *, with_reason: bool = True) -> Change:
        return self.w.change(current, self.previous(metric), self.reason(metric) if with_reason else "")

    def headline(self, subject: str, current: Decimal, metric: str) -> str:
        """'2024年收入预算总额为596.15万元，比上年减少151.88万元，下降20.30%。主要原因是……。'

        A top-level figure states its reason as a sentence of its own (design.md §4)."""
        change = self.change(metric, current, with_reason=False)
        if change.case == "flat_zero":  # both years zero: say it once, not "为0万元，…均为0万元"
            return self.w.say("headline.both_zero", subject=subject, change=change.bare)
        text = self.w.say("headline.figure", subject=subject, amount=self.w.amount(current), change=change.bare)
        reason = clause(self.reason(metric)) if change.changed else ""
        return text + (self.w.say("headline.reason", reason=reason) if reason else "")

    def shares(self, items: list[tuple[str, Decimal, str]], *, with_change: bool = True) -> list[str]:
        """'名称X万元，占Y%，比上年……' for each non-zero item; shares add up to 100%."""
        items = [(label, value, metric) for label, value, metric in items if value != 0]
        pcts = share_percentages([v for _, v, _ in items])
        out = []
        for (label, value, metric), pct in zip(items, pcts):
            change = self.change(metric, value).phrase if with_change and metric else ""
            out.append(self.w.say("share.item", item=label, amount=self.w.amount(value),
                                  share=self.w.percent(pct / 100), change=change))
        return out

    # --- （一）收入 ----------------------------------------------------------------------------

    def income(self) -> list[str]:
        head = self.headline(self.w.say("income.subject"), self.d.totals.total, "income_total")
        names = self.w.group("source_names")
        items = [
            (names.get(s.label, s.label), self.d.by_source[s.label], f"source:{s.label}")
            for s in SOURCES if self.d.by_source.get(s.label)
        ]
        parts = self.shares(items)
        return [head + (self.w.say("income.items", items=parts) if parts else "")]

    # --- （二）支出 ----------------------------------------------------------------------------

    def expenditure(self) -> list[str]:
        t, w = self.d.totals, self.w
        paragraphs = [self.headline(w.say("expenditure.subject"), t.total, "expenditure_total")]
        kinds = self.shares([(w.say("kinds.basic"), t.basic, "basic"), (w.say("kinds.project"), t.project, "project")])
        if kinds:
            detail = (w.say("expenditure.basic_detail", personnel=w.amount(t.personnel), public=w.amount(t.public))
                      if t.basic else "")
            paragraphs.append(w.say("expenditure.by_kind", items=kinds, detail=detail))
        paragraphs.append(self._by_function(lambda ln: True, "expenditure.by_function"))
        paragraphs.append(self._by_economic(lambda ln: True, "expenditure.by_economic"))
        return [p for p in paragraphs if p]

    def _by_function(self, predicate, key: str, metric_prefix: str = "function") -> str:
        classes = self.d.function_classes(predicate)
        return self._classes(classes, self.d.function_name, key, metric_prefix)

    def _by_economic(self, predicate, key: str, metric_prefix: str = "economic") -> str:
        classes = self.d.economic_classes(predicate)
        return self._classes(classes, self.d.economic_name, key, metric_prefix)

    def _classes(self, classes: dict[str, Decimal], name, key: str, metric_prefix: str) -> str:
        codes = sorted(classes)
        items = [(name(c), classes[c], f"{metric_prefix}:{c}" if metric_prefix else "") for c in codes]
        parts = self.shares(items, with_change=bool(metric_prefix))
        parts = [self._with_purpose(p, c) for p, c in zip(parts, [c for c in codes if classes[c]])]
        return self.w.say(key, items=parts) if parts else ""

    def _with_purpose(self, text: str, code: str) -> str:
        purpose = self.b.purposes.get(code)
        return self.w.say("share.with_purpose", part=text, purpose=clause(purpose)) if purpose else text

    # --- （三）财政拨款 ------------------------------------------------------------------------

    def fiscal(self) -> list[str]:
        f, w = self.d.fiscal, self.w
        if f.total == 0:
            return [w.say("fiscal.none")]
        head = self.headline(w.say("fiscal.subject"), f.total, "fiscal")
        families = [(w.say("fiscal.fund", fund=family), self.d.family_total(family), "") for family in FISCAL_FAMILIES]
        parts = self.shares(families, with_change=False)
        head += w.say("fiscal.by_fund", items=parts) if len(parts) > 1 else ""
        paragraphs = [head, self._by_function(lambda ln: ln.source.fiscal, "fiscal.by_function", metric_prefix="")]
        kinds = []
        if f.basic:
            kinds.append(w.say("fiscal.basic", amount=w.amount(f.basic), personnel=w.amount(f.personnel),
                               public=w.amount(f.public)))
        if f.project:
            kinds.append(w.say("fiscal.project", amount=w.amount(f.project)))
        if kinds:
            paragraphs.append(w.say("fiscal.by_kind", items=kinds))
        return [p for p in paragraphs if p]

    # --- （四）（五）基金与国有资本 ------------------------------------------------------------

    def fund(self, family: str, metric: str, table: str | None) -> list[str]:
        """`table` is the title of the table that lists this fund, when the layout has one."""
        total, w = self.d.family_total(family), self.w
        if total == 0:
            if table:
                return [w.say("fund.none", fund=family, table=table)]
            return [w.say("fund.none_without_table", fund=family)]
        head = self.headline(w.say("fund.subject", fund=family), total, metric)
        body = self._by_function(lambda ln: ln.source.family == family, "fund.by_function", metric_prefix="")
        return [head, body]

    # --- （六）机关运行经费 --------------------------------------------------------------------

    def operating_expenses(self) -> list[str]:
        value, w = self.d.operating_expenses, self.w
        override = self.b.operating_expenses
        if value == 0 and override is None:
            return [w.say("operating.none", change=self.change("operating_expenses", value).phrase)]
        head = self.headline(w.say("operating.subject"), value, "operating_expenses")
        return [head + w.say("operating.definition", definition=self.operating_definition())]

    def operating_definition(self) -> str:
        """The user's definition of 机关运行经费, or the profile's default, as a clause."""
        override = self.b.operating_expenses
        text = override.definition if override else self.w.say("operating.default_definition")
        return clause(text.removeprefix("机关运行经费是指"))

    # --- 行政经费（广东） --------------------------------------------------------------------

    def administrative_expenses(self) -> list[str]:
        value, w = self.d.administrative_expenses, self.w
        if value == 0 and self.b.administrative_expenses is None:
            return [w.say("administrative.none", change=self.change("administrative_expenses", value).phrase)]
        return [self.headline(w.say("administrative.subject"), value, "administrative_expenses")]

    def administrative_definition(self) -> str:
        """The definition 行政经费 was counted by: the department's own when it states the figure,
        else the profile's description of the derived one."""
        stated = self.b.administrative_expenses
        text = stated.definition if stated else self.w.say("administrative.default_definition")
        return clause(text.removeprefix("行政经费是指"))

    # --- （七）政府采购 ------------------------------------------------------------------------

    def procurement(self) -> list[str]:
        total, w = self.d.procurement_total, self.w
        if total == 0:
            return [w.say("procurement.none", change=self.change("procurement", total).phrase)]
        head = self.headline(w.say("procurement.subject"), total, "procurement")
        parts = [w.say("procurement.category", category=cat, amount=w.amount(v))
                 for cat, v in self.d.procurement_by_category.items() if v]
        body = w.say("procurement.by_category", items=parts)
        sme = self.d.procurement_sme
        if sme:
            body += w.say("procurement.sme", amount=w.amount(sme), share=w.percent(sme / total))
        return [head + body]

    # --- （八）国有资产 ------------------------------------------------------------------------

    def assets(self) -> list[str]:
        a, w = self.b.assets, self.w
        if a is None:
            return [w.say("assets.none")]
        paragraphs = []
        as_of = w.say("assets.as_of", date=self._date(a.as_of)) if a.as_of else ""
        holdings = []
        for h in a.holdings:
            change = w.change(h.amount, h.previous, h.reason if h.previous is not None else "").phrase
            holdings.append(w.say("assets.holding", item=h.name, amount=w.amount(h.amount), change=change))
        if holdings:
            paragraphs.append(w.say("assets.holdings", as_of=as_of, items=holdings))
            as_of = ""
        owned = []
        if a.vehicles:
            kinds = [w.say("assets.vehicle_kind", item=k, count=n) for k, n in a.vehicles.items() if n]
            owned.append(w.say("assets.vehicles", count=sum(a.vehicles.values()), items=kinds))
        if a.large_equipment is not None:
            owned.append(w.say("assets.equipment", item=a.large_equipment_label, count=a.large_equipment))
        if owned:
            paragraphs.append(w.say("assets.owned", as_of=as_of, items=owned))
        planned = []
        if a.planned_vehicles is not None:
            planned.append(w.say("assets.planned_vehicles", count=a.planned_vehicles))
        if a.planned_large_equipment is not None:
            amount = w.amount(a.planned_large_equipment_amount) if a.planned_large_equipment_amount else ""
            planned.append(w.say("assets.planned_equipment", item=a.large_equipment_label,
                                 count=a.planned_large_equipment, amount=amount))
        if planned:
            paragraphs.append(w.say("assets.planned", items=planned))
        if a.note:
            paragraphs.append(a.note)
        return paragraphs

    def _date(self, text: str) -> str:
        m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$", text)
        if not m:
            return text
        return self.w.say("assets.date", year_part=m[1], month=int(m[2]), day=int(m[3]))

    # --- （九）绩效目标 ------------------------------------------------------------------------

    def performance(self) -> list[str]:
        views = self.d.spending_projects()
        count, w = len(views), self.w
        money = sum((v.total for v in views), ZERO)
        lines = [w.say("performance.none") if count == 0
                 else w.say("performance.some", count=count, amount=w.amount(money))]
        perf = self.b.performance
        if perf.long_term_goal:
            lines.append(w.say("performance.long_term_goal", goal=clause(perf.long_term_goal)))
        if perf.annual_goal:
            lines.append(w.say("performance.annual_goal", goal=clause(perf.annual_goal)))
        return lines

    # --- （十）其他 ----------------------------------------------------------------------------

    def other_matters(self) -> list[str]:
        """User paragraphs, each ending with a full stop ("无" → "无。", like the default)."""
        ends = ("。", "！", "？", "…", "!", "?")
        return [
            t.strip() if t.strip().endswith(ends) else self.w.say("other.paragraph", text=clause(t))
            for t in self.b.other_matters if clause(t)
        ] or [self.w.say("other.none")]

    # --- 二、“三公” ----------------------------------------------------------------------------

    def three_public(self) -> list[str]:
        t, w = self.d.three_public, self.w
        head = self.headline(w.say("three_public.subject"), t["total"], "three_public.total")
        vehicles = t["vehicle_purchase"] + t["vehicle_operation"]
        detail = (w.say("three_public.vehicle_detail", purchase=w.amount(t["vehicle_purchase"]),
                        operation=w.amount(t["vehicle_operation"])) if vehicles else "")
        figures = [
            self.figure(w.say("three_public.abroad"), t["abroad"], "three_public.abroad"),
            self.figure(w.say("three_public.vehicles"), vehicles, "", self._vehicle_previous(), detail),
            self.figure(w.say("three_public.reception"), t["reception"], "three_public.reception"),
        ]
        items = [w.say("three_public.item", number=w.item("three_public", i), text=f)
                 for i, f in enumerate(figures, 1)]
        return [w.say("three_public.lead", summary=head)] + items

    def figure(self, label: str, current: Decimal, metric: str, previous=None, detail: str = "") -> str:
        """'公务接待费0.80万元，与上年持平。' — or '…与上年持平，均为0万元。' when both years are zero."""
        if metric:
            comparison = self.b.previous.get(metric)
            previous = (comparison.amount, self.reason(metric)) if comparison else None
        if previous is not None and current == 0 and previous[0] == 0:
            flat = self.w.change(ZERO, ZERO, previous[1]).phrase
            return self.w.say("three_public.both_zero", item=label, change=flat)
        change = self.w.change(current, previous[0], previous[1]).phrase if previous else ""
        return self.w.say("three_public.figure", item=label, amount=self.w.amount(current), detail=detail,
                          change=change)

    def _vehicle_previous(self) -> tuple[Decimal, str] | None:
        """Previous 公务用车购置及运行维护费: the sum of both parts, with either part's reason."""
        purchase = self.b.previous.get("three_public.vehicle_purchase")
        operation = self.b.previous.get("three_public.vehicle_operation")
        if purchase is None or operation is None:
            return None
        return purchase.amount + operation.amount, purchase.reason or operation.reason

    # --- 项目 ----------------------------------------------------------------------------------

    def project_funding(self, name: str) -> str:
        """'48.60万元，全部为一般公共预算资金' or '…，其中：一般公共预算40.00万元、事业收入8.60万元'."""
        view = self.d.projects.get(name)
        if view is None:
            return ""
        w = self.w
        parts = [(label, v) for label, v in view.amounts.items() if v]
        if len(parts) == 1:
            return w.say("project.funding_single", amount=w.amount(view.total), fund=parts[0][0])
        items = [w.say("project.funding_part", fund=label, amount=w.amount(v)) for label, v in parts]
        return w.say("project.funding_mixed", amount=w.amount(view.total), items=items)
