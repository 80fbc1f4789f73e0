"""Build the template context: one entry per outline node, with its title, paragraphs or rows.

The profile's outline says which nodes the document has; this module fills each from the
derived budget: `text:` nodes through the prose builders, `table:` nodes through the table views
below, special blocks (projects, indicators) likewise. Every figure is formatted here, in the
node's money unit, so the template never formats numbers; every word comes from the profile.

Headings carry no numbers: render/engine.py numbers them in document order after rendering.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..derive import (
    THREE_PUBLIC_CODES,
    Amounts,
    Derived,
    Row,
    column_matchers,
    line_filter,
    rollup,
    sum_lines,
    sums_by_code,
)
from ..model import ZERO
from ..money import fmt_general, fmt_money, in_unit
from ..profiles import LayoutProfile, OutlineNode, standard
from ..prose.itemized import SOURCE_COLUMNS, ItemizedWriter, as_paragraphs
from ..prose.sections import Writer, words_for
from ..prose.words import Words, clause, has_own_number
from ..vocab import CARRYOVER_SOURCES, CURRENT_SOURCES, FISCAL_FAMILIES, SOURCE_BY_LABEL
from .env import BlankRow

INDENT = "\u3000"  # ideographic space: Word keeps it, unlike leading ASCII spaces
FUND_METRICS = {"一般公共预算": "general_public", "政府性基金预算": "gov_fund", "国有资本经营预算": "state_capital"}
FUND_KEYS = {"一般公共预算": "general", "政府性基金预算": "gov_fund", "国有资本经营预算": "state_capital"}


@dataclass
class DocumentContext:
    """What the engine needs besides the template: the context, and the outline's decisions."""

    context: dict
    shown: set[str]  # ids of the outline nodes printed (an optional node without content is not)
    toc_titles: dict[str, str] = field(default_factory=dict)  # heading text → its 目录 text
    title: str = ""  # the document's title, e.g. "2025年部门预算"


def paired(left: list[tuple[str, str]], right: list[tuple[str, str]]) -> list[dict]:
    """Two label/amount columns side by side (收 | 支), padded with blanks."""
    n = max(len(left), len(right))
    left = left + [("", "")] * (n - len(left))
    right = right + [("", "")] * (n - len(right))
    return [
        {"in_label": a, "in_amount": b, "out_label": c, "out_amount": d}
        for (a, b), (c, d) in zip(left, right)
    ]


class TableMoney:
    """The formatter of one table's amounts: its unit and decimals, and zeros left blank in every
    column (`blank` True), in none (False) or in the columns named (a set of column keys)."""

    def __init__(self, shown: Callable[[Decimal], str], blank: bool | frozenset[str]):
        self.shown = shown
        self.blank = blank
        self.zero = shown(ZERO)

    def is_zero(self, value: Decimal) -> bool:
        """Whether `value` prints as this table's zero (a figure that rounds away is no figure)."""
        return self.shown(value) == self.zero

    def __call__(self, value: Decimal, column: str = "") -> str:
        text = self.shown(value)
        if text == self.zero and (self.blank is True or (column and not isinstance(self.blank, bool)
                                                          and column in self.blank)):
            return ""
        return text


def whole_in(unit: str, lines) -> bool:
    """Whether every ledger amount is a whole number in `unit` (元 or 万元)."""
    return all(in_unit(ln.amount, unit) % 1 == 0 for ln in lines)


class ContextBuilder:
    def __init__(self, derived: Derived, profile: LayoutProfile | None = None, kind: str = ""):
        self.d = derived
        self.b = derived.budget
        self.year = self.b.year
        profile = profile or standard()
        self.kind = kind or self.b.profile.kind or profile.kind
        self.profile = profile.for_kind(self.kind)
        self.w = words_for(derived, self.profile, self.kind)
        self.writer = Writer(derived, self.w)
        self.itemized = ItemizedWriter(self.writer)
        self.titles = {n.id: self.w_fill(n.title) for n in self.profile.nodes() if n.title is not None}
        self.nodes = {n.id: n for n in self.profile.nodes()}

    def w_fill(self, pattern) -> str:
        return pattern.fill(self.w.globals)

    def money(self, unit: str, blank_zeros: bool | frozenset[str] = False, decimals: str = "") -> TableMoney:
        """The formatter of a table's amounts: its unit, its decimals, zeros blank or not."""
        if decimals == "general":
            def shown(value: Decimal) -> str:
                return fmt_general(in_unit(value, unit))
            return TableMoney(shown, blank_zeros)
        if decimals == "auto" or (not decimals and dict(self.profile.money.decimals)[unit] == "auto"):
            places = 0 if whole_in(unit, self.b.lines) else 2
        else:
            places = int(decimals) if decimals else self.profile.money.places(unit)
        shown: Callable[[Decimal], str] = fmt_money  # type: ignore[no-redef]  # 万元, two decimals
        if unit != "万元" or places != 2:
            def shown(value: Decimal) -> str:
                return fmt_money(in_unit(value, unit), decimals=places)
        return TableMoney(shown, blank_zeros)

    # --- the outline -------------------------------------------------------------------------

    def build(self) -> DocumentContext:
        p = self.b.profile
        title = self.w_fill(self.profile.title)
        blocks: dict[str, dict] = {}
        shown: set[str] = set()
        toc_titles: dict[str, str] = {}

        def visit(node: OutlineNode) -> bool:
            """Fill the node and its children; whether it has content (a node without a body of
            its own has what its children have)."""
            entry, has_content = self.node(node)
            blocks[node.id] = entry
            children = [visit(child) for child in node.children]
            if has_content is None:
                has_content = any(children)
            if node.optional and not has_content:
                return False
            shown.add(node.id)
            if node.toc is not None and entry["title"]:
                toc_titles[entry["title"]] = self.w_fill(node.toc)
            return has_content

        for node in self.profile.outline:
            visit(node)
        context = {
            "dept": {
                "name": p.name,
                "year": self.year,
                "kind": self.w.kind,  # 部门预算 or 单位预算, for a template that words its cover by kind
                "title": title,
                "budget_line": self.w.say("cover.budget_line"),  # 预算主管部门：… / 预算单位：…
                "unit_line": self.w.say("tables.unit_line"),
                "money_line": self.w.say("tables.money_line", unit=self.profile.money.tables),
            },
            "blocks": blocks,
            "notes": {"tail": self.w.say("tables.tail_note")},
        }
        return DocumentContext(context, shown, toc_titles, title)

    def node(self, node: OutlineNode) -> tuple[dict, bool | None]:
        """The node's context entry, and whether the data gave it anything to say (None: the
        node has no body of its own)."""
        entry: dict = {"id": node.id, "title": self.titles.get(node.id, "")}
        has_content: bool | None = None
        if node.text is not None:
            paragraphs, has_content = TEXTS[node.text](self, node)
            entry["paragraphs"] = paragraphs
        elif node.lines:
            entry["paragraphs"] = [self.w_fill(line) for line in node.lines]
            has_content = True
        if node.table is not None:
            unit = node.params.get("unit", self.profile.money.tables)
            m = self.money(unit, self._blank_zeros(node), node.params.get("decimals", ""))
            entry.update(TABLES[node.table](self, node, m))
            entry["money_line"] = self.w.say("tables.money_line", unit=unit)
            key = f"tables.empty.{node.id}"
            entry["empty_note"] = self.w.say(key) if key in self.profile.wording else ""
            has_content = bool(entry.get("rows", True))
            entry["empty"] = not has_content
            if "min_rows" in node.params and "rows" in entry:
                entry["rows"] = padded(entry["rows"], int(node.params["min_rows"]))
        elif node.block in BLOCKS:
            data, has_content = BLOCKS[node.block](self)
            entry.update(data)
        return entry, has_content

    def _blank_zeros(self, node: OutlineNode) -> bool | frozenset[str]:
        value = node.params.get("blank_zeros")
        if value is None:
            return self.profile.money.blank_zeros
        if isinstance(value, tuple):
            return frozenset(value)
        return str(value).lower() == "true"

    # --- 概况 ---------------------------------------------------------------------------------

    def duties(self, node) -> tuple[list[str], bool]:
        p, w = self.b.profile, self.w
        paragraphs = [p.duties_intro] if p.duties_intro else []
        lead = w.say("overview.duties_lead") if p.duties else ""  # "主要职能包括：" where a layout says it
        paragraphs += [lead] if lead else []
        paragraphs += self.numbered_items("overview.duty", "duties", p.duties)
        return paragraphs, bool(paragraphs)

    def tasks(self, node) -> tuple[list[str], bool]:
        tasks = self.numbered_items("overview.task", "tasks", self.b.profile.tasks)
        return tasks, bool(tasks)

    def numbered_items(self, key: str, list_name: str, items: tuple[str, ...]) -> list[str]:
        """Each item with the profile's number — unless the user typed one ("（一）贯彻……", "1.完成……"):
        an item is never numbered twice."""
        w = self.w
        return [w.say(key, number="" if has_own_number(t) else w.item(list_name, i), text=clause(t))
                for i, t in enumerate(items, 1)]

    def units_sentence(self) -> str:
        units, w = self.b.profile.units, self.w
        if len(units) > 1:
            return w.say("overview.units", count=len(units), items=[u.name for u in units])
        return w.say("overview.single_unit")

    def organization(self, node) -> tuple[list[str], bool]:
        p, w = self.b.profile, self.w
        first = self.units_sentence()
        paragraphs = [first] if first else []
        if p.internal_departments:
            paragraphs.append(w.say("overview.departments", count=len(p.internal_departments),
                                    items=list(p.internal_departments)))
        if p.organization_note:
            paragraphs.append(p.organization_note)
        people, detailed = self.people()
        if people:
            paragraphs.append(w.say("overview.people_detailed" if detailed else "overview.people", items=people))
        return paragraphs, True

    def institutions(self, node) -> tuple[list[str], bool]:
        """机构设置 without staffing figures (Guangdong): the 内设机构 and the user's note."""
        p, w = self.b.profile, self.w
        paragraphs = []
        if p.internal_departments:
            paragraphs.append(w.say("overview.departments", count=len(p.internal_departments),
                                    items=list(p.internal_departments)))
        if p.organization_note:
            paragraphs.append(p.organization_note)
        return paragraphs, bool(paragraphs)

    def budget_units(self, node) -> tuple[list[str], bool]:
        """部门预算构成 (Guangdong): the budget units this budget is made of."""
        sentence = self.units_sentence()
        return ([sentence] if sentence else []), bool(sentence)

    def people(self) -> tuple[list[str], bool]:
        """One plain sentence of head counts: each total as the user states it, with its
        categories where they say more; without a stated total, the categories themselves.
        A total is never computed (实有人数 is not 在职 + 离退休 when a category is left out).
        Also says whether 实有人数 lists its parts (the parts of the sentence are then set apart
        with "；")."""
        s, w = self.b.profile.staffing, self.w
        authorized = self._group("overview.authorized", s.authorized_total, s.authorized)
        serving = self._group("overview.serving", s.serving_total, s.serving)
        retired = self._group("overview.retired", s.retired_total, s.retired)
        groups = list(authorized)
        if s.actual is not None:
            groups.append(w.say("overview.actual", people=s.actual, detail=serving + retired))
        else:
            groups += serving + retired
        groups += [self._kind(k, v) for k, v in s.other.items() if v]
        return groups, s.actual is not None and bool(serving + retired)

    def _kind(self, category: str, count: int) -> str:
        return self.w.say("overview.people_kind", category=category, people=count)

    def _group(self, key: str, total: int | None, counts: dict[str, int]) -> list[str]:
        """'编制人数16人（行政编制6人、全部补助事业编制10人）' for a stated total; the detail is given
        when it says more than the total (several categories, or one named otherwise than the
        total's own label). Without a stated total: each non-zero category on its own."""
        parts = [self._kind(k, v) for k, v in counts.items() if v]
        if total is None:
            return parts
        bare = self.w.say(key, people=total, items=[])
        says_more = len(parts) > 1 or (len(parts) == 1 and parts[0] not in bare)
        return [self.w.say(key, people=total, items=parts) if says_more else bare]

    # --- 情况说明 --------------------------------------------------------------------------------

    def economic_table(self, node: OutlineNode) -> OutlineNode | None:
        """The 经济分类 table a text node stands for (its `table_id`), whose lines its 经济分类
        paragraph describes; None when the node names none (the paragraph is then left out)."""
        target = self.nodes.get(node.params.get("table_id", ""))
        if target is None or target.table != "classified" or target.params.get("scheme") != "economic":
            return None
        return target

    def fund_text(self, node) -> tuple[list[str], bool]:
        family = node.params["fund"]
        table_id = node.params.get("table_id")
        table = self.titles.get(table_id) if table_id else None
        return self.writer.fund(family, FUND_METRICS[family], table), bool(self.d.family_total(family))

    def project_sections(self) -> list[dict]:
        w, out = self.w, []
        fields = w.group("project.fields")
        spending = [(p, self.d.projects[p.name]) for p in self.b.projects
                    if p.name in self.d.projects and self.d.projects[p.name].kind == "项目"]
        for p, view in spending:
            unit = self.b.unit_name(p.unit or view.unit)  # the project's own unit when it names one
            texts = [
                ("summary", p.summary),
                ("basis", p.basis),
                ("implementer", p.implementer or unit),
                ("plan", p.plan),
                ("period", p.period),
                ("funding", self.writer.project_funding(p.name)),
                *goal_fields(p.midterm_goal, p.goal),
            ]
            items = [(fields[key], text) for key, text in texts if text]
            paragraphs = [
                w.say("project.field", number=w.item("project_fields", j), item=label, text=clause(text))
                for j, (label, text) in enumerate(items, 1)
            ]
            paragraphs.append(w.say("project.indicators", number=w.item("project_fields", len(items) + 1)))
            fiscal = sum((v for k, v in view.amounts.items() if SOURCE_BY_LABEL[k].fiscal), ZERO)
            m = fmt_money
            out.append({
                "heading": p.name,
                "name": p.name,
                "paragraphs": paragraphs,
                "department": self.b.profile.name,
                "unit": unit if p.unit else (p.implementer or unit),
                "period": p.period,
                "total": m(view.total),
                "fiscal": m(fiscal),
                "other": m(view.total - fiscal),
                "goal": p.goal,
                "midterm_goal": p.midterm_goal,
                "indicators": indicator_rows(p.indicators, w),
            })
        return out

    # --- 名词解释 ---------------------------------------------------------------------------------

    def income_entries(self) -> list[str]:
        return self.with_user_terms(self.income_builtin())

    def spending_entries(self) -> list[str]:
        return self.with_user_terms(self.spending_builtin())

    def income_builtin(self) -> list[str]:
        """The income sources this budget has, then 上年结转 if any."""
        income = self.d.income_by_source
        entries = [text for label, text in self.w.group("glossary.sources").items() if income.get(label)]
        if any(income.get(s.label) for s in CARRYOVER_SOURCES):
            entries.append(self.w.say("glossary.carryover"))
        return entries

    def spending_builtin(self) -> list[str]:
        """Every 功能分类 项 the ledger uses, with the catalogue's explanation."""
        entries = []
        for code in sorted({ln.function for ln in self.b.lines}):
            names = [self.d.function_name(code[:n]) for n in (3, 5, 7)]
            explanation = (
                self.d.catalog.explanation(code)
                or self.d.catalog.explanation(code[:5])
                or self.d.catalog.explanation(code[:3])
            )
            entries.append(self.w.say("glossary.function", class_name=names[0], section_name=names[1],
                                      item_name=names[2], explanation=clause(explanation or "")))
        return entries

    def builtin_terms(self) -> list[str]:
        """基本支出, 项目支出, 机关运行经费 (unless the 情况说明 defines it where its figure differs
        from 公用经费), "三公" and each of its parts."""
        w = self.w
        terms = [w.say("glossary.basic"), w.say("glossary.project")]
        if (self.d.operating_expenses or self.b.operating_expenses) and not self.operating_defined_in_text():
            terms.append(w.say("glossary.operating", definition=self.writer.operating_definition()))
        terms += [w.say(f"glossary.{key}") for key in
                  ("three_public", "abroad", "vehicle_purchase", "vehicle_operation", "reception")]
        return terms

    def term_entries(self) -> list[str]:
        """The built-in terms, each replaced by the user's entry of the same name; then the user's
        terms that replace nothing printed. Every term is explained once."""
        shown = {term_of(e) for e in self.income_builtin() + self.spending_builtin() + self.builtin_terms()}
        own = [entry for term, entry in self.user_terms().items() if term not in shown]
        return self.with_user_terms(self.builtin_terms()) + own

    def user_terms(self) -> dict[str, str]:
        """The user's glossary: term (compared without quotes or spaces) → its entry."""
        out: dict[str, str] = {}
        for term, text in self.b.glossary:
            out.setdefault(term_key(term), self.w.say("glossary.user_term", term=clause(term),
                                                       explanation=clause(text)))
        return out

    def with_user_terms(self, entries: list[str]) -> list[str]:
        user = self.user_terms()
        return [user.get(term_of(entry), entry) for entry in entries]

    def operating_defined_in_text(self) -> bool:
        """Whether the 机关运行经费 section gives the definition (its figure differs from 公用经费)."""
        in_outline = any(n.text == "operating" for n in self.profile.nodes())
        return in_outline and self.writer.operating_differs()

    def numbered(self, entries: list[str]) -> tuple[list[str], bool]:
        w = self.w
        return [w.say("glossary.item", number=w.item("glossary", i), text=t) for i, t in enumerate(entries, 1)], bool(entries)

    def glossary(self, node) -> tuple[list[str], bool]:
        """All three kinds of entries in one list, numbered continuously."""
        return self.numbered(self.income_entries() + self.spending_entries() + self.term_entries())

    # --- tables ------------------------------------------------------------------------------

    def classified(self, node: OutlineNode, m) -> dict:
        """A table by 功能 or 经济 classification (类/款/项 rows), of one fund and/or one kind."""
        scheme = node.params.get("scheme", "function")
        measures = node.params.get("measures", ("total", "basic", "project"))
        predicate = line_filter(node.params.get("fund", "全部"), node.params.get("kind"))
        lines = self.d.lines_where(predicate)
        rows = self.d.function_rows(predicate) if scheme == "function" else self.d.economic_rows(predicate)
        table: dict = {"rows": class_rows(rows, measures, m), "total": totals_row(sum_lines(lines), measures, m)}
        columns = node.params.get("sources")
        if columns:  # amounts by source as well: r.sources[0], r.sources[1]…
            sums = sums_by_code(lines, scheme, columns)
            for row in table["rows"]:
                row["sources"] = [m(v) for v in sums.get(row["code"], [ZERO] * len(columns))]
            table["total"]["sources"] = [m(sum((sums[c][i] for c in sums if len(c) == 3), ZERO))
                                         for i in range(len(columns))]
        if any(scheme == s for s, _ in self.b.printed_codes):
            table["rows"] = self.as_printed(table["rows"], scheme)
        return table

    def as_printed(self, rows: list[dict], scheme: str) -> list[dict]:
        """Rows with the codes the document prints (budget.printed_codes), ordered by them."""
        lengths = (3, 5, 7) if scheme == "function" else (3, 5)

        def printed(code: str) -> str:
            return self.d.printed_code(scheme, code)

        for row in rows:
            code = printed(row["code"])
            row.update(code=code, class_code=code[:3], section_code=code[3:5], item_code=code[5:7])
        return sorted(rows, key=lambda r: tuple(printed(r["original"][:n]) for n in lengths
                                                if n <= len(r["original"])))

    def table_summary(self, node, m) -> dict:
        """表1 收支总表: income by source | expenditure by every 功能分类 类 of the year, and the
        年终结转结余 the user states (收入总计 = 支出总计 = 本年支出 + 年终结转结余)."""
        w, income = self.w, self.d.income_by_source
        rows = [
            (w.say("tables.row", number=w.item("table_rows", i), item=s.income_row), m(income.get(s.label, ZERO)))
            for i, s in enumerate(CURRENT_SOURCES, 1)
        ]
        classes = self.d.function_classes()
        spending = [
            (w.say("tables.row", number=w.item("table_rows", i), item=e.name), m(classes.get(e.code, ZERO)))
            for i, e in enumerate(self.d.catalog.function_classes(), 1)
        ]
        carry = sum((income.get(s.label, ZERO) for s in CARRYOVER_SOURCES), ZERO)
        total = self.d.income_total
        return {
            "rows": paired(rows, spending),
            "income_current": m(total - carry),
            "expenditure_current": m(self.d.totals.total),
            "carryover": m(carry),
            "year_end": m(self.d.year_end_total),
            "income_total": m(total),
            "expenditure_total": m(total),
        }

    def table_income(self, node, m) -> dict:
        """表2 收入总表: per unit, by every source (current year and 上年结转). A department of one
        unit has its 年终结转结余 in that unit's income (validation refuses it for several units)."""

        def row(code: str, name: str, by_source: dict[str, Decimal]) -> dict:
            current = [by_source.get(s.label, ZERO) for s in CURRENT_SOURCES]
            carry = [by_source.get(s.label, ZERO) for s in CARRYOVER_SOURCES]
            return {
                "code": code,
                "name": name,
                "total": m(sum(current, ZERO) + sum(carry, ZERO)),
                "current_total": m(sum(current, ZERO)),
                "current": [m(v) for v in current],
                "carry_total": m(sum(carry, ZERO)),
                "carry": [m(v) for v in carry],
            }

        income = self.d.income_by_source
        rows = [row("", self.w.say("tables.total"), income)]
        if self.b.profile.code:
            rows.append(row(self.b.profile.code, self.b.profile.name, income))
        units = self.b.profile.units
        for unit in units:
            by_source = income if len(units) == 1 else self.d.by_unit_source.get(unit.code, {})
            rows.append(row(unit.code, unit.name, by_source))
        return {"rows": rows}

    def _row_label(self, list_name: str, n: int, label: str) -> str:
        return self.w.say("tables.row", number=self.w.item(list_name, n), item=label)

    def _fiscal_income(self, m) -> list[tuple[str, str]]:
        """The 收入 side of 财政拨款收支总表: this year's (with any 年终结转结余) and 上年结转, each by
        kind of 财政拨款."""
        w, by, row = self.w, self.d.income_by_source, self._row_label
        current = [by.get(f, ZERO) for f in FISCAL_FAMILIES]
        carry = [by.get(f"上年结转（{f}）", ZERO) for f in FISCAL_FAMILIES]
        family_rows = [w.say("tables.fiscal_income", fund=f) for f in FISCAL_FAMILIES]
        income = [(row("table_rows", 1, w.say("tables.income_current")), m(sum(current, ZERO)))]
        income += [(row("table_subrows", i, label), m(v)) for i, (label, v) in enumerate(zip(family_rows, current), 1)]
        income += [(row("table_rows", 2, w.say("tables.carryover")), m(sum(carry, ZERO)))]
        income += [(row("table_subrows", i, label), m(v)) for i, (label, v) in enumerate(zip(family_rows, carry), 1)]
        return income

    def table_fiscal(self, node, m) -> dict:
        """表4 财政拨款收支总表, with the 年终结转结余 of 财政拨款 the user states."""
        w, row = self.w, self._row_label
        income = self._fiscal_income(m)
        classes = self.d.function_classes(lambda ln: ln.source.fiscal)
        spending = [(row("table_rows", 1, w.say("tables.spending_current")), m(self.d.fiscal.total))]
        spending += [
            (row("table_subrows", i, e.name), m(classes.get(e.code, ZERO)))
            for i, e in enumerate(self.d.catalog.function_classes(), 1)
        ]
        year_end = self.d.year_end_of(lambda label: SOURCE_BY_LABEL[label].fiscal)
        spending += [(row("table_rows", 2, w.say("tables.year_end")), m(year_end))]
        total = m(self.d.fiscal.total + year_end)
        return {"rows": paired(income, spending), "income_total": total, "expenditure_total": total}

    def table_fiscal_funds(self, node, m) -> dict:
        """财政拨款收支总表 whose 支出 side has a column per kind of 财政拨款 (Guangdong's 表4):
        `r.out_amount` the 合计, `r.out_funds[0…2]` 一般公共预算, 政府性基金预算, 国有资本经营预算,
        each from the fund's own view (Derived.funds)."""
        w, row = self.w, self._row_label
        views = [self.d.funds[f] for f in FISCAL_FAMILIES]

        def by_fund(code: str | None) -> tuple[str, list[str]]:
            amounts = [(v.function_nodes[code].total if code in v.function_nodes else ZERO) if code
                       else v.totals.total for v in views]
            return m(sum(amounts, ZERO)), [m(a) for a in amounts]

        spending = [(row("table_rows", 1, w.say("tables.spending_current")), *by_fund(None))]
        spending += [(row("table_subrows", i, e.name), *by_fund(e.code))
                     for i, e in enumerate(self.d.catalog.function_classes(), 1)]
        year_end = [self.d.year_end_of(family_of(f)) for f in FISCAL_FAMILIES]
        spending += [(row("table_rows", 2, w.say("tables.year_end")), m(sum(year_end, ZERO)), [m(v) for v in year_end])]
        income = self._fiscal_income(m)
        n = max(len(income), len(spending))
        income += [("", "")] * (n - len(income))
        spending += [("", "", [""] * len(views))] * (n - len(spending))
        rows = [{"in_label": a, "in_amount": b, "out_label": c, "out_amount": d, "out_funds": funds}
                for (a, b), (c, d, funds) in zip(income, spending)]
        amounts = [v.totals.total + y for v, y in zip(views, year_end)]  # 支出总计: with 年终结转结余
        total = m(sum(amounts, ZERO))
        return {"rows": rows, "income_total": total, "expenditure_total": total,
                "expenditure_funds": [m(a) for a in amounts]}

    def table_three_public(self, node, m) -> dict:
        """The "三公" figures, with 机关运行经费 and 行政经费 for layouts that print them alongside,
        and `by_fund`: the same for each kind of 财政拨款 (一般公共预算, 政府性基金, 国有资本经营)."""
        t = self.d.three_public
        by_fund = []
        for family in FISCAL_FAMILIES:
            nodes = self.d.funds[family].economic_nodes
            part = {k: sum((nodes[c].total for c in codes if c in nodes), ZERO) for k, codes in THREE_PUBLIC_CODES.items()}
            by_fund.append({
                "total": m(sum(part.values(), ZERO), "total"),
                "abroad": m(part["abroad"], "abroad"),
                "vehicles": m(part["vehicle_purchase"] + part["vehicle_operation"], "vehicles"),
                "vehicle_purchase": m(part["vehicle_purchase"], "vehicle_purchase"),
                "vehicle_operation": m(part["vehicle_operation"], "vehicle_operation"),
                "reception": m(part["reception"], "reception"),
                "administrative": m(self.d.administrative_expenses if family == "一般公共预算" else ZERO,
                                    "administrative"),
            })
        return {
            # no row of figures when every one is 0: the table prints its empty-table note
            "rows": [] if m.is_zero(t["total"]) else [t],
            "by_fund": by_fund,
            "operating": m(self.d.operating_expenses, "operating"),
            "administrative": m(self.d.administrative_expenses, "administrative"),
            "administrative_note": self.w.say("administrative.note", definition=self.writer.administrative_definition()),
            "total": m(t["total"], "total"),
            "abroad": m(t["abroad"], "abroad"),
            "vehicles": m(t["vehicle_purchase"] + t["vehicle_operation"], "vehicles"),
            "vehicle_purchase": m(t["vehicle_purchase"], "vehicle_purchase"),
            "vehicle_operation": m(t["vehicle_operation"], "vehicle_operation"),
            "reception": m(t["reception"], "reception"),
        }

    # --- tables that print income by source beside spending by 类 (the Shanghai layout) ------

    def _class_rows(self, predicate, fixed: tuple[str, ...]) -> list[tuple[str, Amounts]]:
        """(类 code, amounts) of every 功能分类 类 the lines reach, and the `fixed` ones, in code order."""
        nodes = rollup(self.d.lines_where(predicate), "function")
        codes = sorted({c for c in nodes if len(c) == 3 and nodes[c].total} | set(fixed))
        return [(c, nodes.get(c, Amounts())) for c in codes]

    def table_finance_summary(self, node, m) -> dict:
        """财务收支预算总表: income by source column (财政拨款 with its three kinds under it) beside
        spending by 功能分类 类 (合计, 人员经费, 公用经费, 项目支出)."""
        columns = node.params.get("sources", SOURCE_COLUMNS)
        names, funds = self.w.group("source_names"), self.w.group("fund_names")
        income = []
        for i, (column, match) in enumerate(zip(columns, column_matchers(columns)), 1):
            value = sum((ln.amount for ln in self.b.lines if match(ln)), ZERO)
            income.append({"in_label": self._row_label("table_rows", i, names.get(column, column)),
                           "in_amount": m(value, "in_amount")})
            if column == "财政拨款":
                income += [{"in_label": self._row_label("table_subrows", j, funds.get(f, f)),
                            "in_amount": m(self.d.family_total(f), "in_amount")}
                           for j, f in enumerate(FISCAL_FAMILIES, 1)]
        spending = [
            {"out_label": self._row_label("table_rows", i, self.d.function_name(code)),
             "out_total": m(a.total, "out_total"), "out_personnel": m(a.personnel, "out_personnel"),
             "out_public": m(a.public, "out_public"), "out_project": m(a.project, "out_project")}
            for i, (code, a) in enumerate(self._class_rows(lambda ln: True, node.params.get("fixed_classes", ())), 1)
        ]
        t = self.d.totals
        return {"rows": side_by_side(income, spending), "income_total": m(t.total), "expenditure_total": m(t.total),
                "personnel_total": m(t.personnel), "public_total": m(t.public), "project_total": m(t.project)}

    def table_fiscal_by_fund(self, node, m) -> dict:
        """财政拨款收支预算总表: the three kinds of 财政拨款 beside 财政拨款 spending by 功能分类 类,
        in a column per kind."""
        funds = self.w.group("fund_names")
        income = [{"in_label": self._row_label("table_rows", i, funds.get(f, f)),
                   "in_amount": m(self.d.family_total(f), "in_amount")} for i, f in enumerate(FISCAL_FAMILIES, 1)]
        fixed = node.params.get("fixed_classes", ())
        spending = []
        for i, (code, a) in enumerate(self._class_rows(lambda ln: ln.source.fiscal, fixed), 1):
            row = {"out_label": self._row_label("table_rows", i, self.d.function_name(code)),
                   "out_total": m(a.total, "out_total")}
            for family, key in FUND_KEYS.items():
                row[f"out_{key}"] = m(self.d.funds[family].function_nodes.get(code, Amounts()).total, f"out_{key}")
            spending.append(row)
        table = {"rows": side_by_side(income, spending), "income_total": m(self.d.fiscal.total),
                 "expenditure_total": m(self.d.fiscal.total)}
        table.update({f"{key}_total": m(self.d.family_total(family), f"out_{key}") for family, key in FUND_KEYS.items()})
        return table

    def table_projects(self, node, m) -> dict:
        """表10 项目支出表: every declared 预算项目 grouped by unit and 项目类别, by source. A
        project whose lines belong to several units is listed under each with that unit's share;
        the 项目编码 column holds project (and 项目类别) codes, never a unit's.

        With `kind: 项目` (or 基本) only the projects of that kind are listed (Guangdong's 表12
        lists the 项目支出). Besides `by` (this year's 财政拨款 and its 结转, by kind), each row
        offers `fiscal` (all 财政拨款) and `funds` (each kind of 财政拨款 with its 结转)."""
        columns = (
            "一般公共预算", "政府性基金预算", "国有资本经营预算",
            "上年结转（一般公共预算）", "上年结转（政府性基金预算）", "上年结转（国有资本经营预算）",
        )

        def cells(amounts: dict[str, Decimal]) -> dict:
            values = [amounts.get(c, ZERO) for c in columns]
            special = amounts.get("财政专户管理资金", ZERO) + amounts.get("上年结转（财政专户管理资金）", ZERO)
            own = sum((v for k, v in amounts.items() if k not in columns and "财政专户" not in k), ZERO)
            families = [values[i] + values[i + 3] for i in range(3)]
            return {"total": m(sum(amounts.values(), ZERO)), "by": [m(v) for v in values],
                    "fiscal": m(sum(values, ZERO)), "funds": [m(v) for v in families],
                    "special": m(special), "own": m(own)}

        def name(row) -> str:  # the 合计 as the layout words it; categories and projects indented
            if row.role == "total":
                return self.w.say("tables.total")
            return INDENT * {"unit": 0, "category": 1, "project": 2}[row.role] + row.name

        # The 项目编码 column holds project (and 项目类别) codes only, never a unit's code.
        return {"rows": [{"code": "" if r.role == "unit" else r.code, "name": name(r), "unit": r.unit, "goal": r.goal,
                          **cells(r.amounts)} for r in self.d.project_rows(node.params.get("kind"))]}

    def table_procurement(self, node, m) -> dict:
        rows = []
        for item in self.b.procurement:
            rows.append({
                "unit": self.b.unit_name(item.unit) if item.unit else self.b.profile.units[0].name,
                "project": item.project,
                "item": item.item,
                "category": item.category,
                "function": f"{item.function} {self.d.function_name(item.function)}" if item.function else "",
                "economic": f"{item.economic} {self.d.economic_name(item.economic)}" if item.economic else "",
                "quantity": item.quantity,
                "measure": item.measure,
                "amount": m(item.amount),
                "sme": m(item.sme_amount or ZERO),
            })
        return {"rows": rows, "total": m(self.d.procurement_total), "sme": m(self.d.procurement_sme)}


def side_by_side(left: list[dict], right: list[dict]) -> list[dict]:
    """Two lists of half-rows printed side by side (收 | 支), the shorter padded with blank cells."""
    n = max(len(left), len(right))
    return [BlankRow({**(left[i] if i < len(left) else {}), **(right[i] if i < len(right) else {})})
            for i in range(n)]


def padded(rows: list[dict], count: int) -> list[dict]:
    """The rows, and blank ones after them up to `count` (forms printed with a fixed number of lines)."""
    return rows + [BlankRow() for _ in range(count - len(rows))]


def family_of(family: str) -> Callable[[str], bool]:
    """Whether a source label is of one kind of 财政拨款 (its 上年结转 included)."""
    return lambda label: SOURCE_BY_LABEL[label].family == family


def class_rows(rows: list[Row], measures: tuple[str, ...], m) -> list[dict]:
    """Rows with the whole code and its 类/款/项 parts (for layouts that print them apart)."""
    out = []
    for row in rows:
        code = row.code
        item = {"code": code, "original": code, "name": INDENT * (row.level - 1) + row.name, "level": row.level,
                "class_code": code[:3], "section_code": code[3:5], "item_code": code[5:7], "bare_name": row.name}
        for key in measures:
            item[key] = m(getattr(row.amounts, key), key)
        out.append(item)
    return out


def totals_row(amounts: Amounts, measures: tuple[str, ...], m) -> dict:
    return {key: m(getattr(amounts, key), key) for key in measures}


def term_key(term: str) -> str:
    """A term as compared: without quotation marks or spaces ("“三公”经费" is "三公经费")."""
    return re.sub(r"[\s“”‘’\"'「」]", "", term)


def term_of(entry: str) -> str:
    """The term a glossary entry explains: its text before the first "：" (how entries are written)."""
    return term_key(entry.split("：", 1)[0])


def goal_fields(midterm: str, annual: str) -> list[tuple[str, str]]:
    """The project's targets: the year's alone; or the 中期 and the 年度 one, in one field when
    the user wrote the same words for both."""
    if not clause(midterm):
        return [("goal", annual)]
    if not clause(annual):
        return [("midterm_goal", midterm)]
    if clause(midterm) == clause(annual):
        return [("both_goals", annual)]
    return [("midterm_goal", midterm), ("annual_goal", annual)]


def indicator_rows(indicators, words: Words) -> list[dict]:
    """Indicator table rows; level names shown only where they change (merged look). A note the
    user gave is printed with the indicator's value."""
    rows, last1, last2 = [], None, None
    for ind in indicators:
        value = ind.display_value
        if clause(ind.note):
            value = words.say("tables.indicator_note", value=value, note=clause(ind.note))
        rows.append({
            "level1": ind.level1 if ind.level1 != last1 else "",
            "level2": ind.level2 if (ind.level1, ind.level2) != (last1, last2) else "",
            "level3": ind.level3,
            "value": value,
        })
        last1, last2 = ind.level1, ind.level2
    return rows


def _always(method: str) -> Callable:
    """A 情况说明 section that is printed whatever the data (it says so when a figure is zero)."""
    return lambda builder, node: (getattr(builder.writer, method)(), True)


def _when(method: str, has_content: Callable) -> Callable:
    return lambda builder, node: (getattr(builder.writer, method)(), has_content(builder))


# What each outline content name produces (the names are listed for users in profiles/spec.py).
# The flag says whether the data has something to say: an `optional: true` node without it is left out.
TEXTS: dict[str, Callable] = {
    "duties": ContextBuilder.duties,
    "tasks": ContextBuilder.tasks,
    "organization": ContextBuilder.organization,
    "institutions": ContextBuilder.institutions,
    "budget_units": ContextBuilder.budget_units,
    "income": _always("income"),
    "expenditure": lambda b, node: (b.writer.expenditure(b.economic_table(node)), True),
    "fiscal": _always("fiscal"),
    "fund": ContextBuilder.fund_text,
    "operating": _when("operating_expenses", lambda b: bool(b.d.operating_expenses or b.b.operating_expenses)),
    "administrative": _always("administrative_expenses"),
    "procurement": _when("procurement", lambda b: bool(b.d.procurement_total)),
    "assets": _when("assets", lambda b: b.b.assets is not None),
    "performance": _when("performance", lambda b: bool(b.d.spending_projects() or b.b.performance.long_term_goal
                                                         or b.b.performance.annual_goal)),
    "other": _when("other_matters", lambda b: bool(b.b.other_matters)),
    "three_public": _always("three_public"),
    "glossary_income": lambda b, node: b.numbered(b.income_entries()),
    "glossary_spending": lambda b, node: b.numbered(b.spending_entries()),
    "glossary_terms": lambda b, node: (b.numbered(b.term_entries())[0], True),
    "glossary": ContextBuilder.glossary,
    # itemizing sections (prose/itemized.py)
    "units": lambda b, node: (b.itemized.units(), True),
    "terms": lambda b, node: (b.itemized.terms(), True),
    "budget_explanation": lambda b, node: (b.itemized.explanation(node.params.get("sources", ())), True),
    "fiscal_items": lambda b, node: (lambda p: (p, bool(p)))(b.itemized.fiscal_items()),
    "three_public_detail": lambda b, node: (b.itemized.three_public(), True),
    "procurement_categories": lambda b, node: (b.itemized.procurement(), True),
    "performance_projects": lambda b, node: (b.itemized.performance(), True),
    "assets_detail": lambda b, node: (b.itemized.assets(), b.b.assets is not None),
}
TABLES: dict[str, Callable] = {
    "summary": ContextBuilder.table_summary,
    "income": ContextBuilder.table_income,
    "fiscal": ContextBuilder.table_fiscal,
    "fiscal_funds": ContextBuilder.table_fiscal_funds,
    "three_public": ContextBuilder.table_three_public,
    "projects": ContextBuilder.table_projects,
    "procurement": ContextBuilder.table_procurement,
    "classified": ContextBuilder.classified,
    "finance_summary": ContextBuilder.table_finance_summary,
    "fiscal_by_fund": ContextBuilder.table_fiscal_by_fund,
}
def _projects_block(sections: list[dict]) -> tuple[dict, bool]:
    return {"projects": sections}, bool(sections)


def _project_descriptions(b: ContextBuilder) -> tuple[dict, bool]:
    """Shanghai's 项目经费情况说明: each description's fields with their label lines (node.sections),
    and the same as plain paragraphs (node.paragraphs)."""
    sections = b.itemized.project_descriptions(not b.profile.requires.project_indicators)
    return {"sections": sections, "paragraphs": as_paragraphs(sections)}, bool(sections)


BLOCKS: dict[str, Callable] = {
    "cover": lambda b: ({}, True),
    "toc": lambda b: ({}, True),
    "performance_indicators": lambda b: ({"rows": indicator_rows(b.b.performance.indicators, b.w)},
                                         bool(b.b.performance.indicators)),
    "projects": lambda b: _projects_block(b.project_sections()),
    "project_descriptions": _project_descriptions,
}


def build_document(derived: Derived, profile: LayoutProfile | None = None, kind: str = "") -> DocumentContext:
    return ContextBuilder(derived, profile, kind).build()


def build_context(derived: Derived, profile: LayoutProfile | None = None, kind: str = "") -> dict:
    return build_document(derived, profile, kind).context


__all__ = ["DocumentContext", "build_context", "build_document"]
