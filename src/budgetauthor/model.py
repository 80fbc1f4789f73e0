"""The typed budget: what the file says, in Decimal 万元, after its shape was checked.

Amounts are converted from the file's declared unit into 万元 exactly (no rounding here); rounding
happens only when a figure is displayed. `path` fields remember where each item came from so
findings can point back into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .money import parse_number, to_wan
from .vocab import SOURCE_BY_LABEL, Source, is_personnel

ZERO = Decimal(0)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    type: str

    @property
    def administrative(self) -> bool:
        from .vocab import ADMINISTRATIVE_UNIT_TYPES

        return self.type in ADMINISTRATIVE_UNIT_TYPES


@dataclass(frozen=True)
class Line:
    """One budget line of the ledger (预算明细)."""

    index: int
    unit: str
    function: str  # 7-digit 项
    economic: str  # 5-digit 款
    kind: str  # "基本" or "项目"
    project: str | None
    source: Source
    amount: Decimal  # 万元
    function_name: str = ""  # as typed by the user; the catalogue's name wins when it has one
    economic_name: str = ""

    @property
    def path(self) -> tuple:
        return ("ledger", self.index)

    @property
    def personnel(self) -> bool:
        """人员经费 = 工资福利支出 (301) + 对个人和家庭的补助 (303)."""
        return is_personnel(self.economic)


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    operator: str
    value: str
    unit: str
    note: str
    path: tuple

    @property
    def display_value(self) -> str:
        if self.operator == "定性":
            return self.value
        return f"{self.operator}{self.value}{self.unit}"


@dataclass(frozen=True)
class Project:
    name: str
    code: str
    unit: str
    category: str
    amount: Decimal
    summary: str
    basis: str
    implementer: str
    plan: str
    period: str
    midterm_goal: str
    goal: str
    indicators: tuple[Indicator, ...]
    path: tuple
    # The project whose 项目经费情况说明 also covers this one ("" = its own, if any).
    described_in: str = ""
    # Whether the project reported performance targets (编报绩效目标); None = not said.
    performance_target: bool | None = None


@dataclass(frozen=True)
class Comparison:
    """A previous-year figure, optionally with the change the user stated and its reason."""

    amount: Decimal
    change: Decimal | None
    reason: str
    path: tuple


@dataclass(frozen=True)
class ProcurementItem:
    unit: str
    project: str
    item: str
    category: str
    function: str
    economic: str
    quantity: str
    measure: str
    amount: Decimal
    sme_amount: Decimal | None
    path: tuple


@dataclass(frozen=True)
class Holding:
    name: str
    parent: str
    amount: Decimal
    previous: Decimal | None
    reason: str
    path: tuple


@dataclass
class Staffing:
    """Head counts by category, and the totals as the user states them: a total is never
    computed from its parts (实有人数 is not 在职 + 退休 when a category is left out)."""

    authorized: dict[str, int] = field(default_factory=dict)
    serving: dict[str, int] = field(default_factory=dict)
    retired: dict[str, int] = field(default_factory=dict)
    other: dict[str, int] = field(default_factory=dict)
    authorized_total: int | None = None  # 编制人数
    actual: int | None = None  # 实有人数
    serving_total: int | None = None  # 在职人员小计
    retired_total: int | None = None  # 离退休人员小计


@dataclass
class Profile:
    name: str
    code: str
    year: int
    level: str
    amount_unit: str
    units: tuple[Unit, ...]
    duties_intro: str
    duties: tuple[str, ...]
    tasks: tuple[str, ...]
    internal_departments: tuple[str, ...]
    organization_note: str
    staffing: Staffing
    kind: str = ""  # 部门预算 or 单位预算 as the data says; "" leaves it to the layout profile
    style: str = ""  # the layout profile asked for (a shipped name or a folder), "" = the default


@dataclass
class FundControl:
    """Control figures stated for one kind of 财政拨款 (approved.by_fund.<family>)."""

    total: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    personnel: Decimal | None = None
    public: Decimal | None = None
    by_function: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)
    by_economic: dict[str, Decimal] = field(default_factory=dict)  # 基本支出 by 经济分类
    by_economic_project: dict[str, Decimal] = field(default_factory=dict)  # 项目支出 by 经济分类

    MEASURES = ("total", "basic", "project", "personnel", "public")


@dataclass
class Approved:
    income_total: Decimal
    expenditure_total: Decimal
    fiscal: Decimal | None
    basic: Decimal
    project: Decimal
    personnel: Decimal | None
    public: Decimal | None
    by_source: dict[str, Decimal]
    by_unit: dict[str, dict[str, Decimal | None]]
    by_function: dict[str, dict[str, Decimal | None]]
    by_economic: dict[str, Decimal]
    by_fund: dict[str, FundControl] = field(default_factory=dict)


@dataclass
class ThreePublic:
    total: Decimal | None = None
    abroad: Decimal | None = None
    reception: Decimal | None = None
    vehicle_purchase: Decimal | None = None
    vehicle_operation: Decimal | None = None

    PARTS = ("abroad", "reception", "vehicle_purchase", "vehicle_operation")

    @property
    def stated(self) -> bool:
        return any(getattr(self, k) is not None for k in ("total",) + self.PARTS)


@dataclass
class OperatingExpenses:
    amount: Decimal
    definition: str


@dataclass
class AdministrativeExpenses:
    """行政经费 as the department states it, with the definition it was counted by (regions count
    it differently: with or without personnel costs and 一般行政管理 projects)."""

    amount: Decimal
    definition: str


@dataclass
class Assets:
    as_of: str = ""
    holdings: tuple[Holding, ...] = ()
    vehicles: dict[str, int] = field(default_factory=dict)
    large_equipment_label: str = "单位价值200万元以上大型设备"
    # None = not stated: the document then says nothing rather than invent a zero.
    large_equipment: int | None = None
    planned_vehicles: int | None = None
    planned_large_equipment: int | None = None
    planned_large_equipment_amount: Decimal | None = None
    planned_vehicle_kinds: dict[str, int] = field(default_factory=dict)  # 拟购置车辆 by 车辆类别
    note: str = ""


@dataclass
class Performance:
    long_term_goal: str = ""
    annual_goal: str = ""
    indicators: tuple[Indicator, ...] = ()


@dataclass
class Settings:
    reason_threshold: Decimal = Decimal(10)  # percent


@dataclass
class Budget:
    profile: Profile
    approved: Approved
    lines: tuple[Line, ...]
    projects: tuple[Project, ...]
    previous: dict[str, Comparison]  # metric id -> previous-year figure
    three_public: ThreePublic
    operating_expenses: OperatingExpenses | None
    procurement_total: Decimal | None
    procurement: tuple[ProcurementItem, ...]
    assets: Assets | None
    performance: Performance
    purposes: dict[str, str]  # 功能/经济 code -> "主要用于……"
    other_matters: tuple[str, ...]
    glossary: tuple[tuple[str, str], ...]
    settings: Settings
    # 政府采购 by category (货物/工程/服务) where the document gives only those totals.
    procurement_categories: dict[str, Decimal] = field(default_factory=dict)
    # Codes and names a document prints where they differ from the catalogue's, by scheme and code:
    # printed_names[("economic", "30231")] = "车辆运行费"; printed_codes[("economic", "30203")] = "30202".
    printed_names: dict[tuple[str, str], str] = field(default_factory=dict)
    printed_codes: dict[tuple[str, str], str] = field(default_factory=dict)
    administrative_expenses: AdministrativeExpenses | None = None
    # 年终结转结余 by source: income of the year not spent in it (收入总计 = 本年支出 + this)
    year_end_balance: dict[str, Decimal] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.profile.year

    def unit_name(self, code: str) -> str:
        for unit in self.profile.units:
            if unit.code == code:
                return unit.name
        return code


def fund_metric(family: str, measure: str) -> str:
    """The metric id of one measure of one kind of 财政拨款: "fund:一般公共预算:basic"."""
    return f"fund:{family}:{measure}"


# ---- building the model from the normalised document ------------------------------------------


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _int(value) -> int:
    return int(parse_number(value)) if value is not None else 0


def _yes_no(value) -> bool | None:
    return None if value in (None, "") else value == "是"


def _opt_int(value) -> int | None:
    return None if value is None else int(parse_number(value))


class _Builder:
    def __init__(self, doc: dict):
        self.doc = doc
        self.unit = doc["profile"]["amount_unit"]

    def money(self, value) -> Decimal:
        return to_wan(parse_number(value, signed=True), self.unit)

    def opt_money(self, value) -> Decimal | None:
        return None if value is None else self.money(value)

    def counts(self, mapping) -> dict[str, int]:
        return {k: _int(v) for k, v in (mapping or {}).items()}

    def profile(self) -> Profile:
        p = self.doc["profile"]
        staffing = p.get("staffing") or {}
        units = tuple(Unit(u["code"], u["name"], u["type"]) for u in p["units"])
        return Profile(
            name=p["name"],
            code=_text(p.get("code")),
            year=int(p["year"].removesuffix("年")),
            level=p["level"],
            amount_unit=self.unit,
            units=units,
            duties_intro=_text(p.get("duties_intro")),
            duties=tuple(d for d in p.get("duties") or () if d),
            tasks=tuple(t for t in p.get("tasks") or () if t),
            internal_departments=tuple(d for d in p.get("internal_departments") or () if d),
            organization_note=_text(p.get("organization_note")),
            staffing=Staffing(
                authorized=self.counts(staffing.get("authorized")),
                serving=self.counts(staffing.get("serving")),
                retired=self.counts(staffing.get("retired")),
                other=self.counts(staffing.get("other")),
                authorized_total=_opt_int(staffing.get("authorized_total")),
                actual=_opt_int(staffing.get("actual")),
                serving_total=_opt_int(staffing.get("serving_total")),
                retired_total=_opt_int(staffing.get("retired_total")),
            ),
            kind=_text(p.get("kind")),
            style=_text(p.get("style")),
        )

    def approved(self) -> Approved:
        a = self.doc["approved"]

        def parts(mapping):
            return {
                code: {k: self.opt_money(v) for k, v in (vals or {}).items()}
                for code, vals in (mapping or {}).items()
            }

        return Approved(
            income_total=self.money(a["income_total"]),
            expenditure_total=self.money(a["expenditure_total"]),
            fiscal=self.opt_money(a.get("fiscal")),
            basic=self.money(a["basic"]),
            project=self.money(a["project"]),
            personnel=self.opt_money(a.get("personnel")),
            public=self.opt_money(a.get("public")),
            by_source={k: self.money(v) for k, v in (a.get("by_source") or {}).items()},
            by_unit=parts(a.get("by_unit")),
            by_function=parts(a.get("by_function")),
            by_economic={k: self.money(v) for k, v in (a.get("by_economic") or {}).items()},
            by_fund={family: self.fund_control(f or {}, parts) for family, f in (a.get("by_fund") or {}).items()},
        )

    def fund_control(self, f: dict, parts) -> FundControl:
        return FundControl(
            **{k: self.opt_money(f.get(k)) for k in FundControl.MEASURES},
            by_function=parts(f.get("by_function")),
            by_economic={k: self.money(v) for k, v in (f.get("by_economic") or {}).items()},
            by_economic_project={k: self.money(v) for k, v in (f.get("by_economic_project") or {}).items()},
        )

    def lines(self, default_unit: str) -> tuple[Line, ...]:
        return tuple(
            Line(
                index=i,
                unit=row.get("unit") or default_unit,
                function=row["function"],
                economic=row["economic"],
                kind=row["kind"],
                project=row.get("project"),
                source=SOURCE_BY_LABEL[row["source"]],
                amount=self.money(row["amount"]),
                function_name=_text(row.get("function_name")),
                economic_name=_text(row.get("economic_name")),
            )
            for i, row in enumerate(self.doc["ledger"])
        )

    def indicators(self, rows, base: tuple) -> tuple[Indicator, ...]:
        return tuple(
            Indicator(
                level1=r["level1"],
                level2=r["level2"],
                level3=r["level3"],
                operator=r["operator"],
                value=r["value"],
                unit=_text(r.get("unit")),
                note=_text(r.get("note")),
                path=base + (i,),
            )
            for i, r in enumerate(rows or ())
        )

    def projects(self) -> tuple[Project, ...]:
        out = []
        for i, p in enumerate(self.doc.get("projects") or ()):
            path = ("projects", i)
            out.append(
                Project(
                    name=p["name"],
                    code=_text(p.get("code")),
                    unit=_text(p.get("unit")),
                    category=_text(p.get("category")),
                    amount=self.money(p["amount"]),
                    summary=_text(p.get("summary")),
                    basis=_text(p.get("basis")),
                    implementer=_text(p.get("implementer")),
                    plan=_text(p.get("plan")),
                    period=_text(p.get("period")),
                    midterm_goal=_text(p.get("midterm_goal")),
                    goal=_text(p.get("goal")),
                    indicators=self.indicators(p.get("indicators"), path + ("indicators",)),
                    path=path,
                    described_in=_text(p.get("described_in")),
                    performance_target=_yes_no(p.get("performance_target")),
                )
            )
        return tuple(out)

    def comparison(self, value, path) -> Comparison:
        return Comparison(
            amount=self.money(value["amount"]),
            change=self.opt_money(value.get("change")),
            reason=_text(value.get("reason")),
            path=path,
        )

    def previous(self) -> dict[str, Comparison]:
        prev = self.doc.get("previous") or {}
        out: dict[str, Comparison] = {}
        for key, value in prev.items():
            path = ("previous", key)
            if value is None:
                continue
            if key == "three_public":
                for part, v in value.items():
                    if v is not None:
                        out[f"three_public.{part}"] = self.comparison(v, path + (part,))
            elif key in ("by_source", "by_function", "by_economic", "execution"):
                prefix = key.removeprefix("by_")  # execution:2080502 is last year's 执行数 of a 项
                for code, v in value.items():
                    if v is not None:
                        out[f"{prefix}:{code}"] = self.comparison(v, path + (code,))
            elif key == "by_fund":
                for family, measures in value.items():
                    for measure, v in (measures or {}).items():
                        if v is not None:
                            out[fund_metric(family, measure)] = self.comparison(v, path + (family, measure))
            elif isinstance(value, dict) and "amount" in value:
                out[key] = self.comparison(value, path)
        # 收入总计 equals 支出总计 in every budget, so one previous figure serves both.
        for a, b in (("income_total", "expenditure_total"), ("expenditure_total", "income_total")):
            if a in out and b not in out:
                out[b] = out[a]
        return out

    def three_public(self) -> ThreePublic:
        t = self.doc.get("three_public") or {}
        return ThreePublic(**{k: self.opt_money(t.get(k)) for k in ("total",) + ThreePublic.PARTS})

    def operating_expenses(self) -> OperatingExpenses | None:
        o = self.doc.get("operating_expenses")
        if not o:
            return None
        return OperatingExpenses(self.money(o["amount"]), o["definition"])

    def administrative_expenses(self) -> AdministrativeExpenses | None:
        a = self.doc.get("administrative_expenses")
        if not a:
            return None
        return AdministrativeExpenses(self.money(a["amount"]), a["definition"])

    def procurement(self) -> tuple[Decimal | None, tuple[ProcurementItem, ...]]:
        p = self.doc.get("procurement") or {}
        items = tuple(
            ProcurementItem(
                unit=_text(r.get("unit")),
                project=_text(r.get("project")),
                item=r["item"],
                category=r["category"],
                function=_text(r.get("function")),
                economic=_text(r.get("economic")),
                quantity=_text(r.get("quantity")),
                measure=_text(r.get("measure")),
                amount=self.money(r["amount"]),
                sme_amount=self.opt_money(r.get("sme_amount")),
                path=("procurement", "items", i),
            )
            for i, r in enumerate(p.get("items") or ())
        )
        return self.opt_money(p.get("total")), items

    def assets(self) -> Assets | None:
        a = self.doc.get("assets")
        if not a:
            return None
        holdings = tuple(
            Holding(
                name=h["name"],
                parent=_text(h.get("parent")),
                amount=self.money(h["amount"]),
                previous=self.opt_money(h.get("previous")),
                reason=_text(h.get("reason")),
                path=("assets", "holdings", i),
            )
            for i, h in enumerate(a.get("holdings") or ())
        )
        return Assets(
            as_of=_text(a.get("as_of")),
            holdings=holdings,
            vehicles=self.counts(a.get("vehicles")),
            large_equipment_label=_text(a.get("large_equipment_label"))
            or "单位价值200万元以上大型设备",
            large_equipment=_opt_int(a.get("large_equipment")),
            planned_vehicles=_opt_int(a.get("planned_vehicles")),
            planned_large_equipment=_opt_int(a.get("planned_large_equipment")),
            planned_large_equipment_amount=self.opt_money(a.get("planned_large_equipment_amount")),
            planned_vehicle_kinds=self.counts(a.get("planned_vehicle_kinds")),
            note=_text(a.get("note")),
        )

    def performance(self) -> Performance:
        p = self.doc.get("performance") or {}
        return Performance(
            long_term_goal=_text(p.get("long_term_goal")),
            annual_goal=_text(p.get("annual_goal")),
            indicators=self.indicators(p.get("indicators"), ("performance", "indicators")),
        )

    def purposes(self) -> dict[str, str]:
        p = self.doc.get("purposes") or {}
        out = {}
        for scheme in ("function", "economic"):
            out.update({k: v for k, v in (p.get(scheme) or {}).items() if v})
        return out

    def procurement_categories(self) -> dict[str, Decimal]:
        stated = (self.doc.get("procurement") or {}).get("by_category") or {}
        return {k: self.money(v) for k, v in stated.items() if v is not None}

    def printed(self, key: str) -> dict[tuple[str, str], str]:
        stated = self.doc.get(key) or {}
        return {(scheme, code): text for scheme in ("function", "economic")
                for code, text in (stated.get(scheme) or {}).items() if text}

    def settings(self) -> Settings:
        s = self.doc.get("settings") or {}
        threshold = s.get("reason_threshold")
        return Settings(reason_threshold=parse_number(threshold) if threshold else Decimal(10))

    def build(self) -> Budget:
        profile = self.profile()
        procurement_total, procurement = self.procurement()
        return Budget(
            profile=profile,
            approved=self.approved(),
            lines=self.lines(profile.units[0].code),
            projects=self.projects(),
            previous=self.previous(),
            three_public=self.three_public(),
            operating_expenses=self.operating_expenses(),
            procurement_total=procurement_total,
            procurement=procurement,
            assets=self.assets(),
            performance=self.performance(),
            purposes=self.purposes(),
            other_matters=tuple(m for m in self.doc.get("other_matters") or () if m),
            glossary=tuple((g["term"], g["explanation"]) for g in self.doc.get("glossary") or ()),
            settings=self.settings(),
            procurement_categories=self.procurement_categories(),
            printed_names=self.printed("printed_names"),
            printed_codes=self.printed("printed_codes"),
            administrative_expenses=self.administrative_expenses(),
            year_end_balance={k: self.money(v) for k, v in (self.doc.get("year_end_balance") or {}).items()},
        )


def build_budget(document: dict) -> Budget:
    """Build the typed model from a document whose shape has been validated."""
    return _Builder(document).build()
