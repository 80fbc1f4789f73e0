"""Sections that itemize what the standard prose summarises (the Shanghai layout's wording).

The 上海 disclosure explains its budget item by item: the 编制说明 states each source of income
and each kind of 财政拨款 against last year's budget, then one numbered item per 功能分类 项
("“类（类）款（款）项（项）”X万元，主要用于……", with last year's 执行数 for a 单位); the “三公”
section compares each part on its own; 政府采购 lists 货物, 工程 and 服务 even when zero; the
vehicles are listed by kind, zeros included; several projects may share one 项目经费情况说明.

Like the standard builders (sections.py), these only choose a sentence and supply its values:
every word comes from the profile's wording, every figure from `Derived` or the user's data.
"""

from __future__ import annotations

from decimal import Decimal

from ..derive import column_matchers
from ..model import ZERO, Project
from ..money import ratio
from ..vocab import FISCAL_FAMILIES
from .sections import Writer
from .words import clause

FUND_METRICS = {"一般公共预算": "general_public", "政府性基金预算": "gov_fund", "国有资本经营预算": "state_capital"}
# The source columns of the Shanghai tables and 编制说明: "其余" is every other source (其他收入).
SOURCE_COLUMNS = ("财政拨款", "事业收入", "事业单位经营收入", "其余")
_INSTITUTION_TYPES = ("事业单位", "参照公务员法管理事业单位")


class ItemizedWriter:
    """Itemizing sentence builders over one derived budget and one profile's wording."""

    def __init__(self, writer: Writer):
        self.base = writer
        self.d = writer.d
        self.b = writer.b
        self.w = writer.w

    # --- 机构设置 --------------------------------------------------------------------------

    def units(self) -> list[str]:
        """'…部门预算包括财政局本部以及下属0家预算单位的综合收支计划。本部门中，行政单位1家，事业单位0家，
        具体包括：' and '1.财政局本部': the first unit is the department's own (本部), the rest are
        its subordinate units; then the 内设机构 and the user's own note."""
        p, w = self.b.profile, self.w
        main, subordinate = p.units[0], p.units[1:]
        admin = sum(u.type == "行政单位" for u in p.units)
        institutions = sum(u.type in _INSTITUTION_TYPES for u in p.units)
        paragraphs = [
            w.say("units.composition", item=main.name, count=len(subordinate)),
            w.say("units.types", admin_units=admin, institution_units=institutions),
        ]
        paragraphs += [w.say("units.unit", number=w.item("units", i), item=u.name) for i, u in enumerate(p.units, 1)]
        if p.internal_departments:
            paragraphs.append(w.say("units.departments", count=len(p.internal_departments),
                                    items=list(p.internal_departments)))
        if p.organization_note:
            paragraphs.append(p.organization_note)
        return [x for x in paragraphs if x]

    # --- 名词解释 ----------------------------------------------------------------------------

    def terms(self) -> list[str]:
        """The profile's fixed terms in its order, then the user's own, numbered as one list."""
        w = self.w
        entries = list(w.group("terms").values())
        entries += [w.say("glossary.user_term", term=term, explanation=clause(text)) for term, text in self.b.glossary]
        return [w.say("glossary.item", number=w.item("glossary", i), text=t) for i, t in enumerate(entries, 1)]

    # --- 编制说明 ----------------------------------------------------------------------------

    def _column_totals(self, columns: tuple[str, ...]) -> list[Decimal]:
        return [sum((ln.amount for ln in self.b.lines if match(ln)), ZERO) for match in column_matchers(columns)]

    def _column_metric(self, column: str) -> str:
        if column == "财政拨款":
            return "fiscal"
        if column in FUND_METRICS:
            return FUND_METRICS[column]
        return "" if column == "其余" else f"source:{column}"

    def _item(self, label: str, value: Decimal, metric: str) -> str:
        change = self.base.change(metric, value, with_reason=False).bare if metric else ""
        return self.w.say("explanation.item", item=label, amount=self.w.amount(value), change=change)

    def explanation(self, columns: tuple[str, ...] = ()) -> list[str]:
        """Income by source, 财政拨款 spending and each kind of it, each against last year's
        budget where the data gives it, and the reason for the change of 财政拨款."""
        d, w = self.d, self.w
        columns = columns or SOURCE_COLUMNS
        names = w.group("source_names")
        income = [self._item(names.get(c, c), v, self._column_metric(c))
                  for c, v in zip(columns, self._column_totals(columns))]
        spending = [self._item(w.say("explanation.fiscal_spending"), d.fiscal.total, "fiscal")]
        funds = w.group("explanation.funds")
        by_fund = [self._item(funds.get(f, f), d.family_total(f), FUND_METRICS[f]) for f in FISCAL_FAMILIES]
        paragraphs = [
            w.say("explanation.income", amount=w.amount(d.totals.total), items=income),
            w.say("explanation.expenditure", amount=w.amount(d.totals.total), items=spending)
            + w.say("explanation.by_fund", items=by_fund),
        ]
        change = self.base.change("fiscal", d.fiscal.total, with_reason=False)
        reason = clause(self.base.reason("fiscal"))
        if change.changed and reason:
            key = "explanation.reason_down" if change.case == "down" else "explanation.reason_up"
            paragraphs.append(w.say(key, reason=reason))
        return [x for x in paragraphs if x]

    def fiscal_items(self) -> list[str]:
        """'财政拨款支出主要内容如下：' and one item per 功能分类 项 of 财政拨款 spending."""
        d, w = self.d, self.w
        rows = [r for r in d.function_rows(lambda ln: ln.source.fiscal) if r.level == 3 and r.amounts.total]
        if not rows:
            return []
        paragraphs = [w.say("fiscal_items.lead")]
        for i, row in enumerate(rows, 1):
            code, total = row.code, row.amounts.total
            paragraphs.append(w.say(
                "fiscal_items.item", number=w.item("fiscal_items", i),
                class_name=d.function_name(code[:3]), section_name=d.function_name(code[:5]), item_name=row.name,
                amount=w.amount(total), purpose=clause(self.b.purposes.get(code, "")),
                detail=self._execution(code, total),
            ))
        return [x for x in paragraphs if x]

    def _execution(self, code: str, current: Decimal) -> str:
        """'2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%。
        主要原因是：…。' when the data gives last year's 执行数 of the 项 (previous.execution)."""
        comparison = self.b.previous.get(f"execution:{code}")
        if comparison is None:
            return ""
        w = self.w
        cur, prev = w.rounded(current), w.rounded(comparison.amount)
        delta = cur - prev
        share = ratio(abs(delta), prev)
        if delta == 0:
            change = w.say("fiscal_items.flat")
        elif share is None:
            change = w.say("fiscal_items.up_from_zero", change_amount=w.amount(w._from_shown(abs(delta))))
        else:
            change = w.say("fiscal_items.up" if delta > 0 else "fiscal_items.down", change_rate=w.percent(share))
        return w.say("fiscal_items.execution", previous_amount=w.amount(comparison.amount), amount=w.amount(current),
                     change=change, reason=clause(comparison.reason))

    # --- 其他相关情况说明 --------------------------------------------------------------------

    def three_public(self) -> list[str]:
        """The total, then each part against last year with its own reason; 公务用车购置费 and
        运行费 each compared on their own."""
        t, w, base = self.d.three_public, self.w, self.base
        vehicles = t["vehicle_purchase"] + t["vehicle_operation"]
        previous = base._vehicle_previous()
        vehicles_change = w.change(vehicles, previous[0]).bare if previous else ""
        parts = [
            w.say("three_public_detail.purchase", amount=w.amount(t["vehicle_purchase"]),
                  change=base.change("three_public.vehicle_purchase", t["vehicle_purchase"]).phrase),
            w.say("three_public_detail.operation", amount=w.amount(t["vehicle_operation"]),
                  change=base.change("three_public.vehicle_operation", t["vehicle_operation"]).phrase),
        ]
        return [
            w.say("three_public_detail.lead", amount=w.amount(t["total"]),
                  change=base.change("three_public.total", t["total"], with_reason=False).bare),
            w.say("three_public_detail.abroad", number=w.item("three_public", 1), amount=w.amount(t["abroad"]),
                  change=base.change("three_public.abroad", t["abroad"]).phrase),
            w.say("three_public_detail.vehicles", number=w.item("three_public", 2), amount=w.amount(vehicles),
                  change=vehicles_change, items=parts),
            w.say("three_public_detail.reception", number=w.item("three_public", 3), amount=w.amount(t["reception"]),
                  change=base.change("three_public.reception", t["reception"]).phrase),
        ]

    def procurement(self) -> list[str]:
        """The total and each of 货物, 工程, 服务 (zeros included), and the part reserved for small
        and medium enterprises when there is one."""
        d, w = self.d, self.w
        if d.procurement_total == 0:
            return [w.say("procurement_categories.none")]
        items = [w.say("procurement_categories.item", category=c, amount=w.amount(v))
                 for c, v in d.procurement_by_category.items()]
        text = w.say("procurement_categories.some", amount=w.amount(d.procurement_total), items=items)
        if d.procurement_sme:
            text += w.say("procurement_categories.sme", amount=w.amount(d.procurement_sme))
        return [text]

    def target_projects(self) -> list[Project]:
        """The projects that reported performance targets: those the data marks so when it marks
        any (projects[].performance_target), else every project funded by 项目支出."""
        spending = [p for p in self.b.projects
                    if p.name in self.d.projects and self.d.projects[p.name].kind == "项目"]
        if any(p.performance_target is not None for p in self.b.projects):
            return [p for p in spending if p.performance_target]
        return spending

    def performance(self) -> list[str]:
        w = self.w
        projects = self.target_projects()
        if not projects:
            return [w.say("performance_projects.none")]
        totals = [self.d.projects[p.name].total for p in projects]
        items = ([w.say("performance_projects.item", item=p.name, amount=w.amount(v)) for p, v in zip(projects, totals)]
                 if len(projects) > 1 else [])
        return [w.say("performance_projects.some", count=len(projects), amount=w.amount(sum(totals, ZERO)), items=items)]

    def assets(self) -> list[str]:
        """Vehicles by kind (zeros included) and large equipment, held and planned."""
        a, w = self.b.assets, self.w
        if a is None:
            return [w.say("assets.none")]
        paragraphs = []
        as_of = w.say("assets.as_of", date=self.base._date(a.as_of)) if a.as_of else ""
        holdings = [w.say("assets.holding", item=h.name, amount=w.amount(h.amount),
                          change=w.change(h.amount, h.previous, h.reason if h.previous is not None else "").phrase)
                    for h in a.holdings]
        if holdings:  # not part of this layout's wording, but never dropped
            paragraphs.append(w.say("assets.holdings", as_of=as_of, items=holdings))
        equipment = (w.say("assets.equipment", item=a.large_equipment_label, count=a.large_equipment)
                     if a.large_equipment is not None else "")
        if a.vehicles or equipment:
            kinds = [w.say("assets.vehicle_kind", item=k, count=n) for k, n in a.vehicles.items()]
            paragraphs.append(w.say("assets_detail.owned", as_of=as_of, count=sum(a.vehicles.values()),
                                    items=kinds, detail=equipment))
        planned_kinds = [w.say("assets.vehicle_kind", item=k, count=n) for k, n in a.planned_vehicle_kinds.items()]
        count = a.planned_vehicles if a.planned_vehicles is not None else (
            sum(a.planned_vehicle_kinds.values()) if a.planned_vehicle_kinds else None)
        planned_equipment = (w.say("assets_detail.planned_equipment", item=a.large_equipment_label,
                                   count=a.planned_large_equipment) if a.planned_large_equipment is not None else "")
        if count is not None:
            paragraphs.append(w.say("assets_detail.planned", count=count, items=planned_kinds,
                                    detail=planned_equipment))
        if a.note:
            paragraphs.append(a.note)
        return [x for x in paragraphs if x]

    # --- 项目经费情况说明 ----------------------------------------------------------------------

    def project_descriptions(self, indicators_elsewhere: bool) -> list[dict]:
        """One description per project that has one, as {heading, fields: [{label, paragraphs}]};
        the projects described_in another are listed in its 年度预算安排. The heading (the
        project's name) is given only when there are several descriptions."""
        w, views = self.w, self.d.projects
        names = {p.name for p in self.b.projects}
        described = [p for p in self.b.projects if _has_text(p)]
        labels = w.group("project.fields")
        sections = []
        for p in described:
            group = [q for q in self.b.projects
                     if q.name == p.name or (q.described_in == p.name and q.described_in in names and not _has_text(q))]
            funding = [w.say("project_descriptions.funding_item", item=q.name, amount=w.amount(views[q.name].total))
                       for q in group if q.name in views]
            texts = [("summary", p.summary), ("basis", p.basis), ("implementer", p.implementer), ("plan", p.plan),
                     ("period", p.period),
                     ("funding", w.say("project_descriptions.funding", items=funding) if funding else ""),
                     ("goal", p.goal)]
            fields: list[dict] = []
            for key, text in texts:
                elsewhere = key == "goal" and indicators_elsewhere
                if not (text or elsewhere):
                    continue
                label = w.say("project_descriptions.field", number=w.item("project_sections", len(fields) + 1),
                              item=labels[key])
                body = [text] if text else []
                body += [w.say("project_descriptions.elsewhere")] if elsewhere else []
                fields.append({"label": label, "paragraphs": [x for x in body if x]})
            heading = w.say("project_descriptions.heading", item=p.name) if len(described) > 1 else ""
            sections.append({"heading": heading, "fields": fields})
        return sections


def as_paragraphs(sections: list[dict]) -> list[str]:
    """The project descriptions as plain paragraphs (a template without the styled block)."""
    out = []
    for section in sections:
        out += [section["heading"]] if section["heading"] else []
        for field in section["fields"]:
            out += [field["label"]] + field["paragraphs"]
    return out


def _has_text(project: Project) -> bool:
    return any((project.summary, project.basis, project.implementer, project.plan, project.period, project.goal))
