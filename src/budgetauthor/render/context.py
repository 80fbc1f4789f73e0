"""Build the template context: headings, paragraphs and table rows as display strings.

The template holds the structure (parts, sections, tables); this module fills it. Every figure
is formatted here through money.fmt_money, so the template never formats numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..derive import Amounts, Derived, Row, sum_lines
from ..model import ZERO, Line
from ..money import fmt_money
from ..prose.sections import DEFAULT_OPERATING_DEFINITION, Writer, project_funding
from ..prose.words import clause, ordinal, wan
from ..vocab import CARRYOVER_SOURCES, CURRENT_SOURCES, SOURCE_BY_LABEL

INDENT = "\u3000"  # ideographic space: Word keeps it, unlike leading ASCII spaces


def m(value: Decimal) -> str:
    return fmt_money(value)


def class_rows(rows: list[Row], measures: tuple[str, ...]) -> list[dict]:
    out = []
    for row in rows:
        item = {"code": row.code, "name": INDENT * (row.level - 1) + row.name, "level": row.level}
        for key in measures:
            item[key] = m(getattr(row.amounts, key))
        out.append(item)
    return out


def totals_row(amounts: Amounts, measures: tuple[str, ...]) -> dict:
    return {key: m(getattr(amounts, key)) for key in measures}


def paired(left: list[tuple[str, str]], right: list[tuple[str, str]]) -> list[dict]:
    """Two label/amount columns side by side (收 | 支), padded with blanks."""
    n = max(len(left), len(right))
    left = left + [("", "")] * (n - len(left))
    right = right + [("", "")] * (n - len(right))
    return [
        {"in_label": a, "in_amount": b, "out_label": c, "out_amount": d}
        for (a, b), (c, d) in zip(left, right)
    ]


class ContextBuilder:
    def __init__(self, derived: Derived):
        self.d = derived
        self.b = derived.budget
        self.year = self.b.year
        self.writer = Writer(derived)

    # --- tables ------------------------------------------------------------------------------

    def classified(self, predicate: Callable[[Line], bool], measures: tuple[str, ...], scheme: str = "function"):
        lines = self.d.lines_where(predicate)
        rows = self.d.function_rows(predicate) if scheme == "function" else self.d.economic_rows(predicate)
        return {"rows": class_rows(rows, measures), "total": totals_row(sum_lines(lines), measures)}

    def table_summary(self) -> dict:
        """表1 收支总表: income by source | expenditure by every 功能分类 类 of the year."""
        income = [
            (f"{ordinal(i, 1)}{s.income_row}", m(self.d.by_source.get(s.label, ZERO)))
            for i, s in enumerate(CURRENT_SOURCES, 1)
        ]
        classes = self.d.function_classes()
        spending = [
            (f"{ordinal(i, 1)}{e.name}", m(classes.get(e.code, ZERO)))
            for i, e in enumerate(self.d.catalog.function_classes(), 1)
        ]
        carry = sum((self.d.by_source.get(s.label, ZERO) for s in CARRYOVER_SOURCES), ZERO)
        current = self.d.totals.total - carry
        return {
            "rows": paired(income, spending),
            "income_current": m(current),
            "expenditure_current": m(self.d.totals.total),
            "carryover": m(carry),
            "year_end": m(ZERO),
            "income_total": m(self.d.totals.total),
            "expenditure_total": m(self.d.totals.total),
        }

    def table_income(self) -> dict:
        """表2 收入总表: per unit, by every source (current year and 上年结转)."""

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

        rows = [row("", "合计", self.d.by_source)]
        if self.b.profile.code:
            rows.append(row(self.b.profile.code, self.b.profile.name, self.d.by_source))
        for unit in self.b.profile.units:
            rows.append(row(unit.code, unit.name, self.d.by_unit_source.get(unit.code, {})))
        return {"rows": rows}

    def table_fiscal(self) -> dict:
        """表4 财政拨款收支总表."""
        by = self.d.by_source
        families = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
        current = [by.get(f, ZERO) for f in families]
        carry = [by.get(f"上年结转（{f}）", ZERO) for f in families]
        income = [("一、本年收入", m(sum(current, ZERO)))]
        income += [(f"{ordinal(i, 2)}{f}拨款", m(v)) for i, (f, v) in enumerate(zip(families, current), 1)]
        income += [("二、上年结转", m(sum(carry, ZERO)))]
        income += [(f"{ordinal(i, 2)}{f}拨款", m(v)) for i, (f, v) in enumerate(zip(families, carry), 1)]
        classes = self.d.function_classes(lambda ln: ln.source.fiscal)
        spending = [("一、本年支出", m(self.d.fiscal.total))]
        spending += [
            (f"{ordinal(i, 2)}{e.name}", m(classes.get(e.code, ZERO)))
            for i, e in enumerate(self.d.catalog.function_classes(), 1)
        ]
        spending += [("二、年终结转结余", m(ZERO))]
        return {"rows": paired(income, spending), "income_total": m(self.d.fiscal.total),
                "expenditure_total": m(self.d.fiscal.total)}

    def table_three_public(self) -> dict:
        t = self.d.three_public
        return {
            "total": m(t["total"]),
            "abroad": m(t["abroad"]),
            "vehicles": m(t["vehicle_purchase"] + t["vehicle_operation"]),
            "vehicle_purchase": m(t["vehicle_purchase"]),
            "vehicle_operation": m(t["vehicle_operation"]),
            "reception": m(t["reception"]),
        }

    def table_projects(self) -> dict:
        """表10 项目支出表: every declared 预算项目 grouped by unit and 项目类别, by source."""
        columns = (
            "一般公共预算", "政府性基金预算", "国有资本经营预算",
            "上年结转（一般公共预算）", "上年结转（政府性基金预算）", "上年结转（国有资本经营预算）",
        )

        def cells(amounts: dict[str, Decimal]) -> dict:
            values = [amounts.get(c, ZERO) for c in columns]
            special = amounts.get("财政专户管理资金", ZERO) + amounts.get("上年结转（财政专户管理资金）", ZERO)
            own = sum((v for k, v in amounts.items() if k not in columns and "财政专户" not in k), ZERO)
            return {"total": m(sum(amounts.values(), ZERO)), "by": [m(v) for v in values],
                    "special": m(special), "own": m(own)}

        def add(acc: dict[str, Decimal], amounts: dict[str, Decimal]) -> None:
            for k, v in amounts.items():
                acc[k] = acc.get(k, ZERO) + v

        views = self.d.projects
        declared = [p for p in self.b.projects if p.name in views]
        grand: dict[str, Decimal] = {}
        body: list[dict] = []
        for unit in self.b.profile.units:
            in_unit = [p for p in declared if views[p.name].unit == unit.code]
            if not in_unit:
                continue
            unit_total: dict[str, Decimal] = {}
            unit_rows: list[dict] = []
            categories: dict[str, list] = {}
            for p in in_unit:
                categories.setdefault(p.category, []).append(p)
            for category, members in categories.items():
                cat_total: dict[str, Decimal] = {}
                member_rows = []
                for p in members:
                    add(cat_total, views[p.name].amounts)
                    member_rows.append({"code": p.code, "name": INDENT * 2 + p.name, "unit": unit.name,
                                        **cells(views[p.name].amounts)})
                if category:
                    code, _, name = category.partition(" ")
                    label = name if name and code.isdigit() else category
                    unit_rows.append({"code": code if name and code.isdigit() else "", "name": INDENT + label,
                                      "unit": "", **cells(cat_total)})
                unit_rows.extend(member_rows)
                add(unit_total, cat_total)
            body.append({"code": unit.code, "name": unit.name, "unit": "", **cells(unit_total)})
            body.extend(unit_rows)
            add(grand, unit_total)
        rows = []
        if body:
            rows.append({"code": "", "name": "合计", "unit": "", **cells(grand)})
            rows.extend(body)
        return {"rows": rows}

    def table_procurement(self) -> dict:
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

    def tables(self) -> dict:
        everything = lambda ln: True  # noqa: E731
        general = lambda ln: ln.source.family == "一般公共预算"  # noqa: E731
        return {
            "summary": self.table_summary(),
            "income": self.table_income(),
            "expenditure": self.classified(everything, ("total", "basic", "project")),
            "fiscal": self.table_fiscal(),
            "general": self.classified(general, ("total", "basic", "personnel", "public", "project")),
            "general_basic": self.classified(
                lambda ln: general(ln) and ln.kind == "基本", ("total", "personnel", "public"), scheme="economic"
            ),
            "three_public": self.table_three_public(),
            "gov_fund": self.classified(lambda ln: ln.source.family == "政府性基金预算", ("total", "basic", "project")),
            "state_capital": self.classified(
                lambda ln: ln.source.family == "国有资本经营预算", ("total", "basic", "project")
            ),
            "projects": self.table_projects(),
            "procurement": self.table_procurement(),
        }

    # --- 概况 ---------------------------------------------------------------------------------

    def overview(self) -> dict:
        p = self.b.profile
        duties = [f"{ordinal(i, 2)}{clause(d)}。" for i, d in enumerate(p.duties, 1)]
        tasks = [f"{i}.{clause(t)}。" for i, t in enumerate(p.tasks, 1)]
        headings, n = {}, 0
        for key, title, present in (
            ("duties", "主要职责", True),
            ("tasks", f"{self.year}年主要工作任务", bool(tasks)),
            ("organization", "机构设置及人员情况", True),
        ):
            if present:
                n += 1
                headings[key] = f"{ordinal(n, 1)}{title}"
        return {
            "duties_intro": p.duties_intro,
            "duties": duties,
            "tasks": tasks,
            "organization": self.organization_paragraphs(),
            "headings": headings,
        }

    def organization_paragraphs(self) -> list[str]:
        p = self.b.profile
        units = p.units
        paragraphs = []
        if len(units) > 1:
            paragraphs.append(
                f"{p.name}部门预算由{len(units)}个预算单位组成，包括：{'、'.join(u.name for u in units)}。"
            )
        else:
            paragraphs.append(f"{p.name}部门预算由本级1个预算单位组成。")
        if p.internal_departments:
            paragraphs.append(f"内设机构{len(p.internal_departments)}个：{'、'.join(p.internal_departments)}。")
        if p.organization_note:
            paragraphs.append(p.organization_note)
        s = p.staffing
        people = []
        if s.authorized:
            people.append(_people("编制人数", s.authorized))
        if s.serving or s.retired:
            serving = _people("在职人员", s.serving) if s.serving else ""
            retired = "、".join(f"{k}{v}人" for k, v in s.retired.items() if v)
            total = sum(s.serving.values()) + sum(s.retired.values())
            detail = "；".join(x for x in (serving, retired) if x)
            people.append(f"实有人数{total}人，其中：{detail}" if detail else f"实有人数{total}人")
        if s.other:
            people.append("、".join(f"{k}{v}人" for k, v in s.other.items() if v) or "")
        people = [x for x in people if x]
        if people:
            paragraphs.append("。".join(people) + "。")
        return paragraphs

    # --- 情况说明 --------------------------------------------------------------------------------

    def explanation(self) -> dict:
        w = self.writer
        projects = self.project_sections()
        sections = [
            ("收入预算情况", w.income()),
            ("支出预算情况", w.expenditure()),
            ("财政拨款支出情况", w.fiscal()),
            ("政府性基金预算情况", w.fund("政府性基金预算", "gov_fund", "政府性基金预算支出表")),
            ("国有资本经营预算情况", w.fund("国有资本经营预算", "state_capital", "国有资本经营预算支出表")),
            ("机关运行经费情况", w.operating_expenses()),
            ("政府采购情况", w.procurement()),
            ("国有资产占有使用情况", w.assets()),
            ("绩效目标设置情况", w.performance(projects)),
            ("其他需要说明的问题", w.other_matters()),
        ]
        numbered = [
            {"heading": f"{ordinal(i, 2)}{title}", "paragraphs": paragraphs, "key": key}
            for i, ((title, paragraphs), key) in enumerate(zip(sections, SECTION_KEYS), 1)
        ]
        return {
            "part_heading": f"一、{self.year}年部门预算收支情况说明",
            "sections": {s["key"]: s for s in numbered},
            "projects": projects,
            "performance_indicators": indicator_rows(self.b.performance.indicators),
            "three_public_heading": f"二、{self.year}年“三公”经费预算情况说明",
            "three_public": w.three_public(),
        }

    def project_sections(self) -> list[dict]:
        out = []
        spending = [p for p in self.b.projects if self.d.projects.get(p.name) and self.d.projects[p.name].kind == "项目"]
        for i, p in enumerate(spending, 1):
            view = self.d.projects[p.name]
            fields = [
                ("项目概述", p.summary),
                ("立项依据", p.basis),
                ("实施主体", p.implementer or self.b.unit_name(view.unit)),
                ("实施方案", p.plan),
                ("实施周期", p.period),
                ("年度预算安排", project_funding(self.d, p.name)),
                ("绩效目标", p.goal),
            ]
            items = [(label, text) for label, text in fields if text]
            paragraphs = [f"{ordinal(j, 4)}{label}：{clause(text)}。" for j, (label, text) in enumerate(items, 1)]
            paragraphs.append(f"{ordinal(len(items) + 1, 4)}绩效指标：见下表。")
            fiscal = sum((v for k, v in view.amounts.items() if SOURCE_BY_LABEL[k].fiscal), ZERO)
            out.append({
                "heading": f"{ordinal(i, 3)}{p.name}",
                "name": p.name,
                "paragraphs": paragraphs,
                "department": self.b.profile.name,
                "unit": p.implementer or self.b.unit_name(view.unit),
                "period": p.period,
                "total": m(view.total),
                "fiscal": m(fiscal),
                "other": m(view.total - fiscal),
                "total_value": view.total,
                "goal": p.goal,
                "indicators": indicator_rows(p.indicators),
            })
        return out

    # --- 名词解释 ---------------------------------------------------------------------------------

    def glossary(self) -> dict:
        level = self.b.profile.level  # 区级 → 区级财政
        sources = [
            SOURCE_GLOSSARY[label].format(level=level, prev=self.year - 1)
            for label in SOURCE_GLOSSARY
            if self.d.by_source.get(label)
        ]
        if any(self.d.by_source.get(s.label) for s in CARRYOVER_SOURCES):
            sources.append(f"上年结转：指以前年度尚未完成、结转到{self.year}年按原规定用途继续使用的资金。")
        income = [f"{ordinal(i, 2)}{t}" for i, t in enumerate(sources, 1)]
        spending = []
        for i, code in enumerate(sorted({ln.function for ln in self.b.lines}), 1):
            names = [self.d.function_name(code[:n]) for n in (3, 5, 7)]
            explanation = (
                self.d.catalog.explanation(code)
                or self.d.catalog.explanation(code[:5])
                or self.d.catalog.explanation(code[:3])
            )
            title = f"{names[0]}（类）{names[1]}（款）{names[2]}（项）"
            spending.append(f"{ordinal(i, 2)}{title}：{clause(explanation)}。" if explanation else f"{ordinal(i, 2)}{title}。")
        terms = [TERMS["基本支出"], TERMS["项目支出"]]
        if self.d.operating_expenses or self.b.operating_expenses:
            definition = (self.b.operating_expenses.definition if self.b.operating_expenses else DEFAULT_OPERATING_DEFINITION)
            terms.append(f"机关运行经费：指{clause(definition.removeprefix('机关运行经费是指'))}。")
        terms.append(TERMS["三公"])
        terms.extend(f"{term}：{clause(text)}。" for term, text in self.b.glossary)
        return {
            "income": income,
            "spending": spending,
            "terms": [f"{ordinal(i, 2)}{t}" for i, t in enumerate(terms, 1)],
        }

    def build(self) -> dict:
        p = self.b.profile
        return {
            "dept": {
                "name": p.name,
                "year": self.year,
                "title": f"{self.year}年部门预算",
                "unit_line": f"单位名称：{p.name}",
                "money_line": "单位：万元",
            },
            "overview": self.overview(),
            "tables": self.tables(),
            "explain": self.explanation(),
            "glossary": self.glossary(),
            "notes": {
                "empty_gov_fund": f"本部门{self.year}年无政府性基金预算支出，本表为空表。",
                "empty_state_capital": f"本部门{self.year}年无国有资本经营预算支出，本表为空表。",
                "empty_projects": f"本部门{self.year}年无项目支出，本表为空表。",
                "empty_procurement": f"本部门{self.year}年无政府采购预算，本表为空表。",
                "empty_general": f"本部门{self.year}年无一般公共预算支出，本表为空表。",
                "empty_general_basic": f"本部门{self.year}年无一般公共预算基本支出，本表为空表。",
                "tail": "注：本表数据按四舍五入保留两位小数，合计数与分项之和可能存在尾差。",
            },
        }


SECTION_KEYS = ("income", "expenditure", "fiscal", "gov_fund", "state_capital", "operating", "procurement",
                "assets", "performance", "other")

SOURCE_GLOSSARY = {
    "一般公共预算": "一般公共预算拨款收入：指{level}财政当年拨付的一般公共预算资金。",
    "政府性基金预算": "政府性基金预算拨款收入：指{level}财政当年拨付的政府性基金预算资金。",
    "国有资本经营预算": "国有资本经营预算拨款收入：指{level}财政当年拨付的国有资本经营预算资金。",
    "财政专户管理资金": "财政专户管理资金收入：指缴入财政专户、实行专项管理的教育收费等资金。",
    "事业收入": "事业收入：指事业单位开展专业业务活动及辅助活动取得的收入。",
    "事业单位经营收入": "事业单位经营收入：指事业单位在专业业务活动及辅助活动之外开展非独立核算经营活动取得的收入。",
    "上级补助收入": "上级补助收入：指事业单位从主管部门和上级单位取得的非财政补助收入。",
    "附属单位上缴收入": "附属单位上缴收入：指事业单位附属独立核算单位按有关规定上缴的收入。",
    "其他收入": "其他收入：指除上述收入以外的各项收入。",
}

TERMS = {
    "基本支出": "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。其中，人员经费包括工资福利支出和对个人和家庭的补助；公用经费包括办公费、印刷费、水电费、邮电费、差旅费、会议费、培训费、公务接待费等商品和服务支出。",
    "项目支出": "项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "三公": "“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行维护费反映单位公务用车车辆购置支出（含车辆购置税）及燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。",
}


def indicator_rows(indicators) -> list[dict]:
    """Indicator table rows; level names shown only where they change (merged look)."""
    rows, last1, last2 = [], None, None
    for ind in indicators:
        rows.append({
            "level1": ind.level1 if ind.level1 != last1 else "",
            "level2": ind.level2 if (ind.level1, ind.level2) != (last1, last2) else "",
            "level3": ind.level3,
            "value": ind.display_value,
        })
        last1, last2 = ind.level1, ind.level2
    return rows


def _people(label: str, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = "、".join(f"{k}{v}人" for k, v in counts.items() if v)
    return f"{label}{total}人" + (f"，其中：{parts}" if parts and len(counts) > 1 or (parts and list(counts)[0] != label) else "")


def build_context(derived: Derived) -> dict:
    return ContextBuilder(derived).build()


__all__ = ["build_context", "wan"]
