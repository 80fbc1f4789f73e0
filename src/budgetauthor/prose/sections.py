"""The paragraphs of the 情况说明, one builder per section (design.md §4).

Builders return lists of paragraph strings. Figures come only from `Derived`, reasons only from
the user's `previous.<metric>.reason`, purposes only from the user's `purposes` or from the
ledger's own largest items with their amounts, and the words only from the profile's wording:
each builder decides which sentence pattern applies (a zero, a missing previous figure, one
source or several…) and hands it its values. Zero items are left out of enumerations, and a
sentence says only what the data states: an enumeration describes exactly the lines of the
table it stands for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from ..derive import Amounts, Derived, line_filter, pivot, reason_for, rollup, share_percentages
from ..model import ZERO, Line
from ..profiles import LayoutProfile, OutlineNode, standard
from ..vocab import FISCAL_FAMILIES, SOURCES
from .words import Change, Words, clause, reason_clause

# How many of a class's largest 款 a generated purpose names ("主要为……、……、……等").
LARGEST_ITEMS = 3
# The previous-year metric of each kind of 财政拨款.
FUND_METRICS = {"一般公共预算": "general_public", "政府性基金预算": "gov_fund", "国有资本经营预算": "state_capital"}

Predicate = Callable[[Line], bool]


def words_for(derived: Derived, profile: LayoutProfile | None = None, kind: str = "") -> Words:
    """The wording of this budget's document under `profile` (default: the standard one)."""
    p = derived.budget.profile
    return Words(profile or standard(), name=p.name, year=p.year, level=p.level, kind=kind or p.kind)


def _every_line(ln: Line) -> bool:
    return True


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
        return reason_clause(reason_for(self.b, self.d.metrics, metric))

    def change(self, metric: str, current: Decimal, *, with_reason: bool = True) -> Change:
        return self.w.change(current, self.previous(metric), self.reason(metric) if with_reason else "")

    def states_reason(self, change: Change) -> bool:
        """A reason is printed for a change, and for an unchanged figure where the profile says how."""
        return change.changed or (change.case in ("flat", "flat_zero") and self.w.says_flat_reasons)

    def headline(self, subject: str, current: Decimal, metric: str) -> str:
        """'2024年收入预算总额为596.15万元，比上年减少151.88万元，下降20.30%。主要原因是……。'

        A top-level figure states its reason as a sentence of its own (design.md §4)."""
        change = self.change(metric, current, with_reason=False)
        if change.case == "flat_zero":  # both years zero: say it once, not "为0万元，…均为0万元"
            text = self.w.say("headline.both_zero", subject=subject, change=change.bare)
        else:
            text = self.w.say("headline.figure", subject=subject, amount=self.w.amount(current), change=change.bare)
        reason = self.reason(metric) if self.states_reason(change) else ""
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

    # --- enumerations by classification ---------------------------------------------------------

    def classes(self, scheme: str, predicate: Predicate, *, compare: bool, purposes: bool) -> list[str]:
        """Each non-zero 类 of the lines `predicate` selects: its amount and share; its 基本 and
        项目 parts when it has both; its change when the user's previous figure is of exactly
        these lines; its purpose (the user's, or for 经济分类 its largest 款 with their amounts)."""
        lines = self.d.lines_where(predicate)
        by_class = pivot(lines, lambda ln: _code(ln, scheme)[:3])
        codes = sorted(c for c in by_class if by_class[c].total)
        whole = self.d.function_rollup if scheme == "function" else self.d.economic_rollup
        pcts = share_percentages([by_class[c].total for c in codes])
        out = []
        for code, pct in zip(codes, pcts):
            amounts = by_class[code]
            metric = f"{scheme}:{code}"
            comparable = compare and code in whole and whole[code].total == amounts.total
            change = self.change(metric, amounts.total).phrase if comparable else ""
            text = self._class_item(self._name(scheme, code), amounts, pct, change)
            purpose = self._purpose(scheme, code, lines) if purposes else ""
            out.append(self.w.say("share.with_purpose", part=text, purpose=purpose) if purpose else text)
        return out

    def _class_item(self, label: str, amounts: Amounts, pct: Decimal, change: str) -> str:
        w = self.w
        share = w.percent(pct / 100)
        if amounts.basic and amounts.project:  # a class of both kinds says how much of each
            kinds = w.say("share.kinds", basic=w.amount(amounts.basic), project=w.amount(amounts.project))
            return w.say("share.item_with_kinds", item=label, amount=w.amount(amounts.total), detail=kinds,
                         share=share, change=change)
        return w.say("share.item", item=label, amount=w.amount(amounts.total), share=share, change=change)

    def _name(self, scheme: str, code: str) -> str:
        return self.d.function_name(code) if scheme == "function" else self.d.economic_name(code)

    def _purpose(self, scheme: str, code: str, lines: list[Line]) -> str:
        """The user's words for what a 类 is spent on; for 经济分类, else its largest 款 by amount
        ("主要为委托业务费211.00万元、邮电费14.20万元等"). Never a catalogue explanation: that
        says what a 科目 is for, not what this budget spends."""
        stated = self.b.purposes.get(code)
        if stated:
            return clause(stated)
        if scheme != "economic":
            return ""
        items = rollup([ln for ln in lines if ln.economic.startswith(code)], "economic")
        largest = sorted(((c, a.total) for c, a in items.items() if len(c) == 5 and a.total),
                         key=lambda item: (-item[1], item[0]))
        named = [self.w.say("share.largest_item", item=self.d.economic_name(c), amount=self.w.amount(v))
                 for c, v in largest[:LARGEST_ITEMS]]
        if not named:
            return ""
        if len(largest) == 1:  # one 款 is the whole class
            return self.w.say("share.largest_whole", items=named)
        key = "share.largest_more" if len(largest) > LARGEST_ITEMS else "share.largest"
        return self.w.say(key, items=named)

    def purpose_details(self, scheme: str, predicate: Predicate) -> list[str]:
        """What the user gave below the 类 (a 款 or 项 code): a purpose, or a previous-year figure.
        Each such 科目 with its full name, amount, change and purpose, so that none is dropped when
        the enumeration stays at 类 level."""
        nodes = rollup(self.d.lines_where(predicate), scheme)
        whole = self.d.function_rollup if scheme == "function" else self.d.economic_rollup
        given = set(self.b.purposes) | {m.partition(":")[2] for m in self.b.previous if m.startswith(f"{scheme}:")}
        out = []
        for code in sorted(c for c in given if len(c) > 3 and c in nodes and nodes[c].total):
            comparable = code in whole and whole[code].total == nodes[code].total
            change = self.change(f"{scheme}:{code}", nodes[code].total).phrase if comparable else ""
            out.append(self.w.say("share.purpose_item", item=self._full_name(scheme, code),
                                  amount=self.w.amount(nodes[code].total), change=change,
                                  purpose=clause(self.b.purposes.get(code, ""))))
        return out

    def _full_name(self, scheme: str, code: str) -> str:
        if scheme == "economic":
            return self.d.economic_name(code)
        names = [self.d.function_name(code[:n]) if len(code) >= n else "" for n in (3, 5, 7)]
        return self.w.say("share.function_path", class_name=names[0], section_name=names[1], item_name=names[2])

    def _by_function(self, predicate: Predicate, key: str, *, compare: bool, purposes: bool = False) -> str:
        parts = self.classes("function", predicate, compare=compare, purposes=purposes)
        return self.w.say(key, items=parts) if parts else ""

    # --- （一）收入 ----------------------------------------------------------------------------

    def income(self) -> list[str]:
        income = self.d.income_by_source  # with the 年终结转结余 of each source, if any
        head = self.headline(self.w.say("income.subject"), self.d.income_total, "income_total")
        names = self.w.group("source_names")
        items = [
            (names.get(s.label, s.label), income[s.label], f"source:{s.label}")
            for s in SOURCES if income.get(s.label)
        ]
        parts = self.shares(items)
        return [head + (self.w.say("income.items", items=parts) if parts else "")]

    # --- （二）支出 ----------------------------------------------------------------------------

    def expenditure(self, economic_table: OutlineNode | None = None) -> list[str]:
        """The totals, 基本/项目 (with 人员经费 and 公用经费), 功能分类 类 (and the purposes given
        below 类), and — when the outline names the 经济分类 table it stands for — that table's
        lines by 经济分类 类."""
        t, w = self.d.totals, self.w
        paragraphs = [self.headline(w.say("expenditure.subject"), t.total, "expenditure_total")]
        kinds = self.shares([(w.say("kinds.basic"), t.basic, "basic"), (w.say("kinds.project"), t.project, "project")])
        if kinds:
            paragraphs.append(w.say("expenditure.by_kind", items=kinds, detail=self._basic_detail() if t.basic else ""))
        paragraphs.append(self._by_function(_every_line, "expenditure.by_function", compare=True, purposes=True))
        details = self.purpose_details("function", _every_line)
        if details:
            paragraphs.append(w.say("expenditure.function_purposes", items=details))
        if economic_table is not None:
            paragraphs += self.by_economic(economic_table)
        return [p for p in paragraphs if p]

    def _basic_detail(self) -> str:
        """'基本支出中，人员经费…，公用经费….' — with each one's change where last year's is given."""
        t, w = self.d.totals, self.w
        if "personnel" not in self.b.previous and "public" not in self.b.previous:
            return w.say("expenditure.basic_detail", personnel=w.amount(t.personnel), public=w.amount(t.public))
        parts = [w.say("expenditure.basic_part", item=w.say(f"kinds.{metric}"), amount=w.amount(value),
                       change=self.change(metric, value).phrase)
                 for metric, value in (("personnel", t.personnel), ("public", t.public))]
        return w.say("expenditure.basic_parts", items=parts)

    def by_economic(self, table: OutlineNode) -> list[str]:
        """The 经济分类 paragraph: exactly the lines of `table` (its fund and kind), by 类."""
        fund, kind = table.params.get("fund", "全部"), table.params.get("kind")
        predicate = line_filter(fund, kind)
        parts = self.classes("economic", predicate, compare=True, purposes=True)
        if not parts:
            return []
        if fund == "全部" and kind is None:
            paragraphs = [self.w.say("expenditure.by_economic", items=parts)]
        else:
            paragraphs = [self.w.say("expenditure.by_economic_scope", scope=self._scope(fund, kind), items=parts)]
        details = self.purpose_details("economic", predicate)
        if details:
            paragraphs.append(self.w.say("expenditure.economic_purposes", items=details))
        return paragraphs

    def _scope(self, fund: str, kind: str | None) -> str:
        """'一般公共预算基本支出': the fund and kind a table shows, in the profile's words."""
        kind_word = {"基本": "kinds.basic", "项目": "kinds.project"}.get(kind or "", "kinds.all")
        return self.w.say("expenditure.scope", fund="" if fund == "全部" else fund, category=self.w.say(kind_word))

    # --- （三）财政拨款 ------------------------------------------------------------------------

    def fiscal(self) -> list[str]:
        f, w = self.d.fiscal, self.w
        if f.total == 0:
            return [w.say("fiscal.none")]
        families = [(w.say("fiscal.fund", fund=family), self.d.family_total(family), FUND_METRICS[family])
                    for family in FISCAL_FAMILIES]
        by_fund = self.shares(families)
        fund_sentence = w.say("fiscal.by_fund", items=by_fund) if len(by_fund) > 1 or self._fund_changes_differ() else ""
        if f.total == self.d.totals.total:
            return [self._fiscal_is_everything() + fund_sentence]
        head = self.headline(w.say("fiscal.subject"), f.total, "fiscal") + fund_sentence
        paragraphs = [head, self._by_function(lambda ln: ln.source.fiscal, "fiscal.by_function", compare=False)]
        kinds = []
        if f.basic:
            kinds.append(w.say("fiscal.basic", amount=w.amount(f.basic), personnel=w.amount(f.personnel),
                               public=w.amount(f.public)))
        if f.project:
            kinds.append(w.say("fiscal.project", amount=w.amount(f.project)))
        if kinds:
            paragraphs.append(w.say("fiscal.by_kind", items=kinds))
        return [p for p in paragraphs if p]

    def _fiscal_is_everything(self) -> str:
        """All spending is 财政拨款: （二） has said it all, so （三） says so instead of repeating
        it — with its own change only when last year's 财政拨款 differed from last year's total."""
        w, amount = self.w, self.w.amount(self.d.fiscal.total)
        fiscal, total = self.b.previous.get("fiscal"), self.b.previous.get("expenditure_total")
        if (fiscal is not None and total is not None and fiscal.amount == total.amount
                and self.reason("fiscal") in ("", self.reason("expenditure_total"))):
            return w.say("fiscal.all_funds_same", amount=amount)
        return w.say("fiscal.all_funds", amount=amount, change=self.change("fiscal", self.d.fiscal.total).phrase)

    def _fund_changes_differ(self) -> bool:
        """One kind of 财政拨款 this year, but last year's figure for it is given and is not last
        year's 财政拨款: its own change is then news, and is said."""
        fiscal = self.b.previous.get("fiscal")
        for family, metric in FUND_METRICS.items():
            given = self.b.previous.get(metric)
            if not self.d.family_total(family) or given is None:
                continue
            if fiscal is None or given.amount != fiscal.amount or self.reason(metric) not in ("", self.reason("fiscal")):
                return True
        return False

    # --- （四）（五）基金与国有资本 ------------------------------------------------------------

    def fund(self, family: str, metric: str, table: str | None) -> list[str]:
        """`table` is the title of the table that lists this fund, when the layout has one."""
        total, w = self.d.family_total(family), self.w
        if total == 0:  # with last year's figure, when one is given (it may not have been 0)
            change = self.change(metric, total).phrase
            if table:
                return [w.say("fund.none", fund=family, table=table, change=change)]
            return [w.say("fund.none_without_table", fund=family, change=change)]
        head = self.headline(w.say("fund.subject", fund=family), total, metric)
        body = self._by_function(lambda ln: ln.source.family == family, "fund.by_function", compare=False)
        return [head, body]

    # --- （六）机关运行经费 --------------------------------------------------------------------

    def operating_expenses(self) -> list[str]:
        value, w = self.d.operating_expenses, self.w
        override = self.b.operating_expenses
        if value == 0 and override is None:
            return [w.say("operating.none", change=self.change("operating_expenses", value).phrase)]
        head = self.headline(w.say("operating.subject"), value, "operating_expenses")
        if not self.operating_differs():
            return [head]  # its definition is in the 名词解释, once
        public = w.amount(self.general_public_expenses)
        return [head + w.say("operating.differs", public=public)
                + w.say("operating.definition", definition=self.operating_definition())]

    @property
    def general_public_expenses(self) -> Decimal:
        """一般公共预算基本支出中的公用经费: the figure 机关运行经费 is read against."""
        view = self.d.funds.get("一般公共预算")
        return view.totals.public if view else ZERO

    def operating_differs(self) -> bool:
        """Whether the 机关运行经费 differs (as printed) from the 公用经费 of 一般公共预算基本支出:
        the text then gives its definition, so the reader sees why."""
        return self.w.rounded(self.d.operating_expenses) != self.w.rounded(self.general_public_expenses)

    def operating_definition(self) -> str:
        """The user's definition of 机关运行经费, or the profile's default, as a clause."""
        override = self.b.operating_expenses
        text = override.definition if override else self.w.say("operating.default_definition")
        return clause(re.sub(r"^机关运行经费(?:是指|指|：|:)", "", clause(text)))

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
        holdings, before = [], ""
        for h in a.holdings:  # the first part right after its whole: "资产总额…；其中流动资产…"
            change = w.change(h.amount, h.previous, h.reason if h.previous is not None else "").phrase
            key = "assets.holding_part" if h.parent and h.parent == before else "assets.holding"
            holdings.append(w.say(key, item=h.name, amount=w.amount(h.amount), change=change))
            before = h.name
        if holdings:
            paragraphs.append(w.say("assets.holdings", as_of=as_of, items=holdings))
            as_of = ""
        owned = self._owned()
        if owned:
            paragraphs.append(w.say("assets.owned", as_of=as_of, items=owned))
        paragraphs += self._planned()
        if a.note:
            paragraphs.append(a.note)
        return paragraphs

    def _owned(self) -> list[str]:
        """Vehicles and large equipment as stated; "无" where the stated count is 0."""
        a, w, owned = self.b.assets, self.w, []
        assert a is not None
        if a.vehicles:
            total = sum(a.vehicles.values())
            kinds = [w.say("assets.vehicle_kind", item=k, count=n) for k, n in a.vehicles.items() if n]
            owned.append(w.say("assets.vehicles", count=total, items=kinds) if total else w.say("assets.no_vehicles"))
        if a.large_equipment is not None:
            owned.append(w.say("assets.equipment", item=a.large_equipment_label, count=a.large_equipment)
                         if a.large_equipment else w.say("assets.no_equipment", item=a.large_equipment_label))
        return owned

    def _planned(self) -> list[str]:
        """Purchases planned for the year; what is stated as 0 is said not to be planned."""
        a, w = self.b.assets, self.w
        assert a is not None
        planned, not_planned = [], []
        if a.planned_vehicles:
            planned.append(w.say("assets.planned_vehicles", count=a.planned_vehicles))
        elif a.planned_vehicles == 0:
            not_planned.append(w.say("assets.vehicle_word"))
        if a.planned_large_equipment:
            amount = w.amount(a.planned_large_equipment_amount) if a.planned_large_equipment_amount else ""
            planned.append(w.say("assets.planned_equipment", item=a.large_equipment_label,
                                 count=a.planned_large_equipment, amount=amount))
        elif a.planned_large_equipment == 0:
            not_planned.append(a.large_equipment_label)
        out = [w.say("assets.planned", items=planned)] if planned else []
        if not_planned:
            out.append(w.say("assets.not_planned", items=not_planned))
        return out

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
        """The total, then each item with its amount, its change and the user's reason; the two
        parts of 公务用车购置及运行维护费 with theirs when the user gave reasons for them."""
        t, w = self.d.three_public, self.w
        head = self.headline(w.say("three_public.subject"), t["total"], "three_public.total")
        vehicles = t["vehicle_purchase"] + t["vehicle_operation"]
        detail = (w.say("three_public.vehicle_detail", purchase=w.amount(t["vehicle_purchase"]),
                        operation=w.amount(t["vehicle_operation"])) if vehicles else "")
        vehicle_text = self.figure(w.say("three_public.vehicles"), vehicles, "", self._vehicle_previous(), detail)
        figures = [
            self.figure(w.say("three_public.abroad"), t["abroad"], "three_public.abroad"),
            vehicle_text + self._vehicle_parts(),
            self.figure(w.say("three_public.reception"), t["reception"], "three_public.reception"),
        ]
        items = [w.say("three_public.item", number=w.item("three_public", i), text=f)
                 for i, f in enumerate(figures, 1)]
        return [w.say("three_public.lead", summary=head)] + items

    def figure(self, label: str, current: Decimal, metric: str, previous=None, detail: str = "") -> str:
        """'公务接待费0.80万元，与上年持平。' — or '…与上年持平，均为0万元。' when both years are zero."""
        change = self._figure_change(current, metric, previous)
        if change.case == "flat_zero":
            return self.w.say("three_public.both_zero", item=label, change=change.phrase)
        return self.w.say("three_public.figure", item=label, amount=self.w.amount(current), detail=detail,
                          change=change.phrase)

    def _figure_change(self, current: Decimal, metric: str, previous) -> Change:
        if metric:
            return self.change(metric, current)
        if previous is None:
            return self.w.change(current, None)
        return self.w.change(current, previous[0], previous[1])

    def _vehicle_parts(self) -> str:
        """'其中：公务用车购置费与上年持平，均为0万元，主要原因是……；公务用车运行维护费……。' when
        the user gave a reason for either part (the combined figure has none of its own)."""
        metrics = ("three_public.vehicle_purchase", "three_public.vehicle_operation")
        if not any(self.reason(m) for m in metrics):
            return ""
        w, parts = self.w, []
        for metric in metrics:
            label = w.say(metric)
            change = self.change(metric, self.d.three_public[metric.split(".")[1]])
            if change.case == "flat_zero":
                parts.append(w.say("three_public.part_both_zero", item=label, change=change.phrase))
            else:
                parts.append(w.say("three_public.part", item=label,
                                   amount=w.amount(self.d.three_public[metric.split(".")[1]]), change=change.phrase))
        return w.say("three_public.parts", items=parts)

    def _vehicle_previous(self) -> tuple[Decimal, str] | None:
        """Previous 公务用车购置及运行维护费: the sum of both parts (their reasons are the parts')."""
        purchase = self.b.previous.get("three_public.vehicle_purchase")
        operation = self.b.previous.get("three_public.vehicle_operation")
        if purchase is None or operation is None:
            return None
        return purchase.amount + operation.amount, ""

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
        if not parts:  # nothing funded: the amount alone, never an empty "其中："
            return w.amount(view.total)
        items = [w.say("project.funding_part", fund=label, amount=w.amount(v)) for label, v in parts]
        return w.say("project.funding_mixed", amount=w.amount(view.total), items=items)


def _code(line: Line, scheme: str) -> str:
    return line.function if scheme == "function" else line.economic
