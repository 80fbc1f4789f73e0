"""A ledger whose pivots reproduce every imported table.

With only the standard tables, the ledger is built by successive exact splits (allocate.fill),
each filling one attribute of the cells from the table that states it:

  1. 功能科目 × 基本/项目 × fund family   支出总表 and the 一般公共预算/政府性基金/国有资本经营 tables
  2. 经济科目 of 一般公共预算 基本支出     一般公共预算基本支出表 (人员经费/公用经费 kept apart when the
                                        一般公共预算支出表 splits them)
  3. 经济科目 of 项目支出                "三公" 经费表 (what 基本支出 does not already hold), else 39999
  4. 资金来源                           收入总表 / 收支总表 / 财政拨款收支总表, by kind when 项目支出表 tells
  5. 项目                               项目支出表 (its 基本支出 items too)
  6. 单位                               收入总表 by unit

Where no table states an attribute, a documented default is used and reported as a note.
Everything is Decimal, every split exact and deterministic; `verify` then checks each fact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .. import catalog as catalog_mod
from .. import rulebook
from ..findings import Finding, Location
from ..money import tail_tolerance
from ..vocab import SOURCE_BY_LABEL, SOURCES, is_personnel
from .allocate import Unbalanced, apportion, fill, proportional, similarity
from .facts import ALL_SOURCES, FISCAL_FAMILIES, ZERO, Entry, Fact, Query, evaluate, family_sources
from .reader import TEN_THOUSAND, ExportRead, ProjectRow, show

DERIVED_NOTE = "由部门预算表推算"
UNCLASSIFIED = "39999"  # 其他支出: the economic 款 of money no table classifies
OTHER_PERSONNEL = "30199"  # 其他工资福利支出
OTHER_PUBLIC = "30299"  # 其他商品和服务支出
REST = "其他资金"  # the fund family of money outside the fiscal tables
# 功能科目 whose 基本支出 is (almost) always one economic 款.
AFFINITY = {
    "2080501": "30302", "2080502": "30302", "2080505": "30108", "2080506": "30109", "2080599": "30199",
    "2089999": "30112", "2089901": "30112", "2101101": "30110", "2101102": "30110", "2101103": "30111",
    "2101199": "30112", "2210201": "30113", "2210202": "30399", "2210203": "30399",
}
THREE_PUBLIC_TARGETS = (("abroad", "30212"), ("reception", "30217"), ("vehicle_operation", "30231"),
                        ("vehicle_purchase", "31013"))


@dataclass
class Cell:
    function: str
    kind: str
    family: str  # a fund family, or REST
    amount: Decimal
    personnel: bool | None = None
    economic: str = ""
    source: str = ""
    project: str = ""
    unit: str = ""
    keep: bool = False  # a row of zeros in a table: kept as a zero line so the row stays

    def key(self) -> tuple:
        return (self.unit, self.kind, self.function, self.economic, self.project, self.source)


@dataclass
class Built:
    entries: list[Entry]
    notes: list[str] = field(default_factory=list)  # defaults used, said on the console
    findings: list[Finding] = field(default_factory=list)
    placeholder_projects: list[str] = field(default_factory=list)


class Builder:
    def __init__(self, read: ExportRead, economics: dict[str, dict[str, Decimal]] | None = None):
        self.read = read
        self.economics = economics or {}  # last year's economic split of each project, when known
        self.tables = read.tables
        self.notes: list[str] = []
        self.findings: list[Finding] = []
        self.placeholders: list[str] = []
        self.catalog = catalog_mod.builtin(read.year or max(catalog_mod.available_years()))
        # Tables in 万元 round every figure to 0.01万元: two tables' totals of the same money may
        # differ by that much per summand (尾差), and a split then absorbs the difference.
        self.rounded = "万元" in read.amount_units
        self.tails = 0
        self.unclassified = ZERO  # project money no table classifies
        exponents = [f.amount.as_tuple().exponent for f in read.facts if f.amount]
        self.quantum = Decimal(1).scaleb(min([-2] + [e for e in exponents if isinstance(e, int)]))

    def fail(self, message: str, location: Location | None = None) -> None:
        self.findings.append(rulebook.EXPORT_UNALLOCATABLE.finding(
            message, location=location or Location(file=str(self.read.path))))

    def show(self, amount: Decimal) -> str:
        return show(amount, "元")

    # ---- facts of a table --------------------------------------------------------------------

    def leaves(self, key: str) -> list[Fact]:
        table = self.tables.get(key)
        return table.leaves if table else []

    def single_source_totals(self) -> dict[str, Decimal]:
        """Every table figure that is one source's total, without other restriction."""
        out: dict[str, Decimal] = {}
        for fact in self.read.facts:
            q = fact.query
            if len(q.sources) == 1 and q == Query(sources=q.sources):
                out.setdefault(next(iter(q.sources)), fact.amount)
        return out

    # ---- step 1: function × kind × family ----------------------------------------------------------

    def function_cells(self) -> list[Cell]:
        by_family: dict[str, dict[tuple[str, str], tuple[Decimal, Fact]]] = {}
        for key in ("general", "gov_fund", "state_capital", "expenditure"):
            table = self.tables.get(key)
            if table is None:
                continue
            family = table.table.family or "*"
            cells = by_family.setdefault(family, {})
            for fact in table.leaves:
                q = fact.query
                if len(q.function) == 7 and q.kind and q.personnel is None:
                    cells[(q.function, q.kind)] = (fact.amount, fact)
                elif len(q.function) == 7 and not q.kind:
                    cells.setdefault((q.function, ""), (fact.amount, fact))
        everything = by_family.pop("*", None)
        out: list[Cell] = []
        present = [f for f in FISCAL_FAMILIES if f in by_family]
        for family in present:
            out.extend(self.kind_cells(family, by_family[family]))
        if everything is None:
            return out
        fiscal_part: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
        where: dict[tuple[str, str], Fact] = {}
        for family in present:
            for (function, kind), (amount, fact) in by_family[family].items():
                if kind:
                    fiscal_part[(function, kind)] += amount
                    where[(function, kind)] = fact
        rest: dict[tuple[str, str], tuple[Decimal, Fact]] = {}
        for (function, kind), (amount, fact) in everything.items():
            if not kind:
                continue
            left = amount - fiscal_part.get((function, kind), ZERO)
            if left < 0:
                other = where[(function, kind)]
                self.fail(f"{fact.label}（{fact.cell}）为{show(amount, '元')}，小于{other.label}（{other.cell}）的"
                          f"{show(fiscal_part[(function, kind)], '元')}：分资金的表之和不能大于全部资金的支出总表",
                          fact.location)
                continue
            rest[(function, kind)] = (left, fact)
        for pair in fiscal_part:
            if pair not in everything:
                fact = where[pair]
                self.fail(f"{fact.label}（{fact.cell}）在支出总表中没有对应的行", fact.location)
        out.extend(self.kind_cells(REST, rest))
        return out

    def kind_cells(self, family: str, cells: dict[tuple[str, str], tuple[Decimal, Fact]]) -> list[Cell]:
        out = []
        functions = sorted({f for f, _ in cells})
        for function in functions:
            kinds = [(k, cells[(function, k)][0]) for k in ("基本", "项目") if (function, k) in cells]
            if not kinds and (function, "") in cells:
                amount, fact = cells[(function, "")]
                if amount:
                    self.fail(f"{fact.label}（{fact.cell}）没有分基本支出和项目支出，无法推算明细", fact.location)
                continue
            nonzero = [(k, a) for k, a in kinds if a]
            if not nonzero and family != REST:
                out.append(Cell(function, "基本", family, ZERO, keep=True))  # a row of zeros stays a row
            out.extend(Cell(function, k, family, a) for k, a in nonzero)
        return out

    # ---- step 2: economic 款 of 基本支出 ---------------------------------------------------------------

    def economic_targets(self) -> list[tuple[str, Decimal]]:
        totals: dict[str, Decimal] = {}
        for fact in self.leaves("general_basic"):
            q = fact.query
            code = q.economic[0] if q.economic else ""
            if not code:
                continue
            code = code if len(code) == 5 else code + "99"
            if q.personnel is None:
                totals[code] = fact.amount
            else:
                totals.setdefault(code, ZERO)
        if not totals:  # a table with 人员经费/公用经费 columns and no 合计
            for fact in self.leaves("general_basic"):
                code = fact.query.economic[0]
                code = code if len(code) == 5 else code + "99"
                totals[code] = totals.get(code, ZERO) + fact.amount
        return sorted(totals.items())

    def personnel_split(self) -> dict[str, tuple[Decimal, Decimal]] | None:
        """人员经费/公用经费 of each 一般公共预算 基本支出 项, when the 一般公共预算支出表 gives them."""
        parts: dict[str, list] = defaultdict(lambda: [None, None])
        for fact in self.leaves("general"):
            q = fact.query
            if q.personnel is not None and len(q.function) == 7:
                parts[q.function][0 if q.personnel else 1] = fact.amount
        if not parts or any(None in v for v in parts.values()):
            return None
        return {f: (v[0], v[1]) for f, v in parts.items()}

    def basic_economic(self, cells: list[Cell]) -> list[Cell]:
        gp_basic = [c for c in cells if c.kind == "基本" and c.family == "一般公共预算"]
        others = [c for c in cells if c not in gp_basic]
        targets = self.economic_targets()
        split = self.personnel_split()
        out: list[Cell] = []
        if split is not None:
            halves = []
            for c in gp_basic:
                personnel, public = split.get(c.function, (ZERO, c.amount))
                if personnel + public != c.amount:
                    self.fail(f"一般公共预算支出表中{c.function}的人员经费与公用经费之和不等于基本支出")
                halves += [replace(c, amount=personnel, personnel=True), replace(c, amount=public, personnel=False)]
            gp_basic = [h for h in halves if h.amount or (h.keep and not h.personnel)]
        if not targets:
            for c in gp_basic:
                c.economic = self.default_economic(c)
            if gp_basic and self.tables.get("general"):
                self.notes.append("没有一般公共预算基本支出表（经济分类）：一般公共预算基本支出按功能科目暂列"
                                  f"{OTHER_PERSONNEL} 其他工资福利支出/{OTHER_PUBLIC} 其他商品和服务支出等科目，请核对")
            out = gp_basic
        elif split is not None:
            for personnel_part in (True, False):
                rows = [c for c in gp_basic if c.personnel is personnel_part]
                cols = [(code, a) for code, a in targets if is_personnel(code) is personnel_part]
                out += self.split(rows, cols, "economic",
                                  "一般公共预算基本支出的" + ("人员经费" if personnel_part else "公用经费"),
                                  self.economic_score)
        else:
            out = self.split(gp_basic, targets, "economic", "一般公共预算基本支出", self.economic_score)
        return self.keep_zero_columns(out, targets, gp_basic) + self.other_economic(others)

    def keep_zero_columns(self, out: list[Cell], targets, rows: list[Cell]) -> list[Cell]:
        """A 0.00 row of the economic table stays in the table: a zero line for it."""
        used = {c.economic for c in out}
        for code, amount in targets:
            if amount == 0 and code not in used and rows:
                out.append(replace(rows[0], amount=ZERO, economic=code, personnel=None, keep=True))
        return out

    def default_economic(self, c: Cell) -> str:
        if c.function in AFFINITY:
            return AFFINITY[c.function]
        if c.personnel is True:
            return OTHER_PERSONNEL
        if c.personnel is False:
            return OTHER_PUBLIC
        return UNCLASSIFIED

    def economic_score(self, row: Cell, code: str) -> int:
        """Which 款 a 项's 基本支出 most likely is: its usual one (2080505 → 30108); 公用经费 belongs
        to the 运行 项; otherwise names alike (2210203 购房补贴 ~ 30102 津贴补贴)."""
        if AFFINITY.get(row.function) == code:
            return 100
        name = self.catalog.name("function", row.function)
        score = similarity(name, self.catalog.name("economic", code))
        if "运行" in name or "机关服务" in name:
            score += 10 if is_personnel(code) else 30
        return score

    def other_economic(self, cells: list[Cell]) -> list[Cell]:
        """基本支出 outside 一般公共预算, and every project line: no table gives their 经济科目."""
        basic = [c for c in cells if c.kind == "基本"]
        for c in basic:
            c.economic = self.default_economic(c)
        if any(c.amount for c in basic if c.economic == UNCLASSIFIED):
            amount = sum((c.amount for c in basic if c.economic == UNCLASSIFIED), ZERO)
            self.notes.append(f"一般公共预算以外的基本支出{self.show(amount)}没有经济分类表，暂列 {UNCLASSIFIED} 其他支出，"
                              "请在预算明细中改为实际科目")
        return basic + self.project_economic([c for c in cells if c.kind == "项目"], cells)

    def project_economic(self, projects: list[Cell], everything: list[Cell]) -> list[Cell]:
        """Project lines outside the fiscal families are 39999; fiscal ones are settled once the basic
        lines' "三公" amounts are known (settle_three_public)."""
        for c in projects:
            if c.family not in FISCAL_FAMILIES:
                c.economic = UNCLASSIFIED
                self.unclassified += c.amount
        return projects

    def settle_three_public(self, cells: list[Cell]) -> list[Cell]:
        """Give fiscal project lines the "三公" money the 基本支出 lines do not hold. The "三公" table
        can only add to what the economic table already holds (it covers 项目支出 too)."""
        fiscal = [c for c in cells if c.kind == "项目" and c.family in FISCAL_FAMILIES]
        others = [c for c in cells if c not in fiscal]
        held: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for c in others:
            if c.kind == "基本" and c.family in FISCAL_FAMILIES:
                held[c.economic] += c.amount
        stated = self.read.three_public
        parts = [(part, code) for part, code in THREE_PUBLIC_TARGETS if part in stated]
        if "vehicles" in stated and not any(p in stated for p in ("vehicle_operation", "vehicle_purchase")):
            parts.append(("vehicles", "30231"))
        table = self.tables.get("three_public")
        unit = table.unit if table else "元"
        cols = []
        for part, code in parts:
            amount, where = stated[part]
            left = amount - held.get(code, ZERO)
            if unit == "万元" and abs(left) <= TEN_THOUSAND / 200:  # within the 0.01万元 the table rounds to
                left = ZERO
            if left < 0:
                self.fail(f"“三公”经费表中{key_name(part)}（{where}）为{show(amount, unit)}，而一般公共预算基本支出表中"
                          f"{code} {self.catalog.name('economic', code)}{self.economic_cell(code)}已有"
                          f"{self.show(held[code])}：两表不一致", where)
            elif left > 0:
                cols.append((code, left, part, where))
        if not fiscal:
            for code, left, part, where in cols:
                self.fail(f"“三公”经费表中{key_name(part)}（{where}）为{show(stated[part][0], unit)}，一般公共预算基本支出表中"
                          f"{code} {self.catalog.name('economic', code)}{self.economic_cell(code)}只有"
                          f"{self.show(held.get(code, ZERO))}，又没有财政拨款项目支出可以列支其余的{self.show(left)}", where)
            return cells
        total = sum((c.amount for c in fiscal), ZERO)
        three = sum((left for _, left, _, _ in cols), ZERO)
        if three > total:
            self.fail(f"“三公”经费中基本支出以外的部分{self.show(three)}超过财政拨款项目支出{self.show(total)}")
            return cells
        self.unclassified += total - three
        targets = [(code, left) for code, left, _, _ in cols] + [(UNCLASSIFIED, total - three)]
        return others + self.split(fiscal, targets, "economic", "财政拨款项目支出")

    def economic_cell(self, code: str) -> str:
        fact = next((f for f in self.leaves("general_basic") if f.query.economic == (code,)), None)
        return f"（{fact.cell}）" if fact else ""

    # ---- step 4: sources -----------------------------------------------------------------------

    def project_sources(self) -> list[tuple[ProjectRow, str, Decimal]]:
        """Each project's amount by single source. A column that covers several sources (单位资金)
        is spread over them in order, up to what the income tables leave of each."""
        totals = self.single_source_totals()
        used: dict[str, Decimal] = defaultdict(lambda: ZERO)
        out = []
        for p in self.read.projects:
            for sources, amount in p.amounts.items():
                if len(sources) == 1:
                    source = next(iter(sources))
                    out.append((p, source, amount))
                    used[source] += amount
        for p in self.read.projects:
            for sources, amount in p.amounts.items():
                if len(sources) == 1:
                    continue
                for source in sorted(sources, key=_source_order):
                    room = totals.get(source, ZERO) - used[source]
                    take = min(amount, room)
                    if take > 0:
                        out.append((p, source, take))
                        used[source] += take
                        amount -= take
                if amount > 0:
                    self.fail(f"项目“{p.name}”有{self.show(amount)}在收入表中找不到对应的资金来源", p.location)
        return out

    def sources(self, cells: list[Cell]) -> list[Cell]:
        totals = self.single_source_totals()
        project_rows = [p for p in self.read.projects if p.kind == "项目"]
        by_kind: dict[tuple[str, str], Decimal] | None = None
        if self.tables.get("projects"):
            by_kind = defaultdict(lambda: ZERO)
            for p, source, amount in self.resolved:
                by_kind[(source, p.kind)] += amount
        out: list[Cell] = []
        families = list(FISCAL_FAMILIES) + [REST]
        for family in families:
            group = [c for c in cells if c.family == family]
            if not group:
                continue
            labels = [s.label for s in SOURCES if (s.family == family if family != REST else
                                                   s.family not in FISCAL_FAMILIES)]
            known = {s: totals[s] for s in labels if s in totals}
            if not known:
                current = labels[0]
                for c in group:
                    c.source = current
                out += group
                if family == REST and any(c.amount for c in group):
                    self.fail(f"支出总表中有{self.show(sum((c.amount for c in group), ZERO))}不属于财政拨款，"
                              "但收入总表/收支总表中没有其他资金来源的数字，无法确定资金来源")
                continue
            if family == REST and self.by_function_sources():
                out += self.sources_by_function(group, labels)
                continue
            if by_kind is not None and project_rows:
                for kind in ("基本", "项目"):
                    rows = [c for c in group if c.kind == kind]
                    if kind == "项目":
                        cols = [(s, by_kind.get((s, "项目"), ZERO)) for s in labels]
                    else:
                        cols = [(s, known.get(s, ZERO) - by_kind.get((s, "项目"), ZERO)) for s in labels]
                    cols = [(s, a) for s, a in cols if a]
                    if any(a < 0 for _, a in cols):
                        self.fail(f"项目支出表中{family}的项目金额超过收入表中该资金来源的金额")
                        continue
                    out += self.split(rows, cols, "source", f"{family}的{kind}支出")
            else:
                cols = [(s, known[s]) for s in labels if known.get(s)]
                out += self.split(group, cols, "source", f"{family}支出",
                                  lambda c, s: 1 if (c.kind == "项目") == SOURCE_BY_LABEL[s].carryover else 0)
        return out

    def by_function_sources(self) -> dict[str, dict[str, Decimal]]:
        """Shanghai's 收入总表: each 功能科目 项 by source (事业收入, 其他收入 …)."""
        table = self.tables.get("income")
        out: dict[str, dict[str, Decimal]] = defaultdict(dict)
        if table is None:
            return out
        for fact in table.facts:
            q = fact.query
            if len(q.function) == 7 and len(q.sources) == 1:
                out[q.function][next(iter(q.sources))] = fact.amount
        return out

    def sources_by_function(self, group: list[Cell], labels: list[str]) -> list[Cell]:
        table = self.by_function_sources()
        out = []
        for function in sorted({c.function for c in group}):
            rows = [c for c in group if c.function == function]
            cols = [(s, table.get(function, {}).get(s, ZERO)) for s in labels]
            out += self.split(rows, [(s, a) for s, a in cols if a], "source", f"{function}的非财政拨款支出")
        return out

    # ---- step 5: projects ----------------------------------------------------------------------

    def projects(self, cells: list[Cell]) -> list[Cell]:
        rows_by_kind = {k: [p for p in self.read.projects if p.kind == k] for k in ("基本", "项目")}
        out: list[Cell] = []
        for kind in ("基本", "项目"):
            group = [c for c in cells if c.kind == kind]
            projects = rows_by_kind[kind]
            if kind == "项目" and not projects:
                out += self.placeholder_projects(group)
                continue
            for source in sorted({c.source for c in group}, key=_source_order):
                rows = [c for c in group if c.source == source]
                cols = [(p.name, amount) for p, s, amount in self.resolved if s == source and p.kind == kind]
                have = sum((c.amount for c in rows), ZERO)
                listed = sum((a for _, a in cols), ZERO)
                if kind == "基本" and listed < have:
                    cols.append(("", have - listed))  # 基本支出 not itemised in the project table
                out += self.split(rows, cols, "project", f"{source}的{'项目' if kind == '项目' else '基本'}支出",
                                  self.item_score if kind == "基本" else None)
        return out

    def item_score(self, cell: Cell, name: str) -> int:
        """A 基本支出 item (基本工资) fits the line of its economic 款 (30101 基本工资): same class
        (人员/公用), an amount equal to the whole line, a name alike."""
        if not name:
            return 0
        project = next((p for p in self.read.projects if p.name == name), None)
        category = project.category if project else ""
        personnel_item = category[:2] in ("11", "12") or "人员" in category
        public_item = category[:2] == "21" or "公用" in category
        personnel_line = is_personnel(cell.economic)
        if (personnel_item and not personnel_line) or (public_item and personnel_line):
            return 0
        exact = 100 if project is not None and project.total == cell.amount else 0
        alike = similarity(name, self.catalog.name("economic", cell.economic)) * 2 + similarity(
            name, self.catalog.name("function", cell.function))
        return 1 + exact + alike

    def placeholder_projects(self, group: list[Cell]) -> list[Cell]:
        for c in group:
            name = f"{self.catalog.name('function', c.function) or c.function}项目（待补项目名称）"
            c.project = name
            if name not in self.placeholders:
                self.placeholders.append(name)
        if group:
            self.notes.append(f"没有项目支出表：项目支出按功能科目暂列为{len(self.placeholders)}个项目"
                              f"（{'、'.join(self.placeholders)}），请改为实际项目名称")
        return group

    def last_years_economics(self, cells: list[Cell]) -> list[Cell]:
        """Project money no table classifies (39999) takes the economic 款 its project had last year,
        in last year's proportions."""
        out, moved = [], ZERO
        for c in cells:
            hint = self.economics.get(c.project) if c.kind == "项目" and c.economic == UNCLASSIFIED else None
            hint = {code: a for code, a in (hint or {}).items() if a > 0}
            if not hint or not c.amount:
                out.append(c)
                continue
            for code, amount in apportion(c.amount, sorted(hint.items()), self.quantum):
                out.append(replace(c, economic=code, amount=amount))
            moved += c.amount
        if moved:
            self.notes.append(f"项目支出中{self.show(moved)}的经济分类按上年同名项目的科目比例推算，请核对")
        if self.unclassified - moved:
            self.notes.append(f"项目支出{self.show(self.unclassified - moved)}的经济分类不在公开表中，暂列 {UNCLASSIFIED} "
                              "其他支出，请在预算明细中改为实际科目")
        return out

    # ---- step 6: units -------------------------------------------------------------------------

    def units(self, cells: list[Cell]) -> list[Cell]:
        units = list(self.read.units) or [self.read.department_code or "001"]
        project_unit = {p.name: p.unit for p in self.read.projects if p.unit}
        if len(units) == 1:
            for c in cells:
                c.unit = units[0]
            return cells
        for c in cells:
            c.unit = project_unit.get(c.project, "")
        stated: dict[tuple[str, str], Decimal] = {}
        for fact in self.leaves("income"):
            q = fact.query
            if q.unit and len(q.sources) == 1:
                stated[(q.unit, next(iter(q.sources)))] = fact.amount
        out = [c for c in cells if c.unit]
        for source in sorted({c.source for c in cells}, key=_source_order):
            rows = [c for c in cells if c.source == source and not c.unit]
            if not rows:
                continue
            cols = []
            for unit in units:
                held = sum((c.amount for c in out if c.unit == unit and c.source == source), ZERO)
                left = stated.get((unit, source), ZERO) - held
                if left < 0:
                    self.fail(f"项目支出表中单位{unit}的{source}项目合计{self.show(held)}超过收入总表中该单位的"
                              f"{self.show(stated.get((unit, source), ZERO))}")
                if left > 0:
                    cols.append((unit, left))
            out += self.split(rows, cols, "unit", f"{source}（分单位）", spread=True)
        if len(units) > 1:
            self.notes.append("各单位的支出按收入总表中各单位的资金来源金额按比例推算到科目，请对照预算系统核对")
        return out

    # ---- the split primitive -------------------------------------------------------------------

    def split(self, rows: list[Cell], cols: list[tuple[str, Decimal]], attr: str, what: str,
              score: Callable | None = None, spread: bool = False) -> list[Cell]:
        if not rows:
            if any(a for _, a in cols):
                self.fail(f"{what}：表中有{self.show(sum((a for _, a in cols), ZERO))}，但没有可对应的支出行")
            return []
        indexed = list(enumerate(rows))
        cols = self.absorb_tail(rows, cols)
        try:
            if spread:
                cells = proportional([(i, c.amount) for i, c in indexed], cols, self.quantum)
            else:
                cells = fill([(i, c.amount) for i, c in indexed], cols,
                             (lambda i, key: score(rows[i], key)) if score else None)
        except Unbalanced as exc:
            self.fail(f"{what}：按支出表为{self.show(exc.rows)}，按{_attr_table(attr)}为{self.show(exc.cols)}，"
                      f"相差{self.show(abs(exc.rows - exc.cols))}")
            return rows
        out = [replace(rows[i], amount=amount, **{attr: key}) for i, key, amount in cells]  # type: ignore[arg-type]
        for _, c in indexed:  # rows of zero stay, so zero rows of a table survive
            if c.amount == 0 and c.keep:
                kept = "" if attr == "project" else cols[0][0] if cols else getattr(c, attr)
                out.append(replace(c, **{attr: kept}))  # type: ignore[arg-type]
        return out

    def absorb_tail(self, rows: list[Cell], cols: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
        """In 万元 tables, a difference within the rounding of the summands goes to the largest column."""
        if not self.rounded or not cols:
            return cols
        diff = sum((c.amount for c in rows), ZERO) - sum((a for _, a in cols), ZERO)
        if not diff or abs(diff) > tail_tolerance(len(rows) + len(cols)) * TEN_THOUSAND:
            return cols
        largest = max(range(len(cols)), key=lambda i: (cols[i][1], -i))
        if cols[largest][1] + diff < 0:
            return cols
        self.tails += 1
        return [(k, a + diff if i == largest else a) for i, (k, a) in enumerate(cols)]

    # ---- all steps -----------------------------------------------------------------------------

    def build(self) -> Built:
        cells = self.function_cells()
        if not cells and not self.findings:
            self.fail("没有找到支出总表或一般公共预算支出表等按功能分类的表，无法推算预算明细")
        self.resolved = self.project_sources()
        for step in (self.basic_economic, self.sources, self.settle_three_public, self.projects,
                     self.last_years_economics, self.units):
            if self.findings:  # a step that failed leaves the cells unsplit: later steps would only echo it
                return Built([], self.notes, self.findings, self.placeholders)
            cells = step(cells)
        if self.tails:
            self.notes.append(f"导出的表以万元计、四舍五入到0.01万元，表与表之间有{self.tails}处尾差，推算明细时已按尾差处理"
                              "（明细与各表相差不超过尾差）")
        return Built(merge(cells), self.notes, self.findings, self.placeholders)


def key_name(part: str) -> str:
    return {"abroad": "因公出国（境）费", "reception": "公务接待费", "vehicle_operation": "公务用车运行费",
            "vehicle_purchase": "公务用车购置费", "vehicles": "公务用车购置及运行费"}[part]


def _attr_table(attr: str) -> str:
    return {"economic": "经济分类表", "source": "收入表", "project": "项目支出表", "unit": "收入总表（分单位）"}[attr]


def _source_order(label: str) -> int:
    return next((i for i, s in enumerate(SOURCES) if s.label == label), len(SOURCES))


def merge(cells: list[Cell]) -> list[Entry]:
    """One entry per distinct line, in a stable order: unit, 基本 before 项目, codes, project, source."""
    sums: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    for c in cells:
        sums[c.key()] += c.amount
    out = [Entry(unit, function, economic, kind, project, source, amount, DERIVED_NOTE)
           for (unit, kind, function, economic, project, source), amount in sums.items()]
    out.sort(key=lambda e: (e.unit, e.kind != "基本", e.function, e.economic, e.project, _source_order(e.source)))
    return out


def build_from_tables(read: ExportRead, economics: dict[str, dict[str, Decimal]] | None = None) -> Built:
    return Builder(read, economics).build()


# ---- checking facts against a ledger -------------------------------------------------------------


def tolerance(fact: Fact, matching: int) -> Decimal:
    """A 元 table is exact; a 万元 table rounds each figure to 0.01万元 (尾差 per summand)."""
    return tail_tolerance(max(1, matching)) * TEN_THOUSAND if fact.unit == "万元" else ZERO


def conflicts(facts: list[Fact]) -> list[Finding]:
    """Tables stating the same figure differently. The figure most tables agree on stands; each
    cell that differs is reported with both figures and both cells."""
    groups: dict[Query, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[fact.query].append(fact)
    out = []
    for group in groups.values():
        if len(group) < 2:
            continue
        slack = max(tolerance(f, 1) for f in group)
        votes = [sum(1 for g in group if abs(g.amount - f.amount) <= slack) for f in group]
        agreed = group[votes.index(max(votes))]
        for fact in group:
            if abs(fact.amount - agreed.amount) > slack:
                out.append(rulebook.EXPORT_TABLE_CONFLICT.finding(
                    f"{fact.label}（{fact.cell}）为{show(fact.amount, fact.unit)}，{agreed.label}（{agreed.cell}）为"
                    f"{show(agreed.amount, agreed.unit)}，相差{show(abs(agreed.amount - fact.amount), '元')}",
                    location=fact.location, expected=agreed.amount, actual=fact.amount))
    return out


def verify(facts: list[Fact], entries: list[Entry], against: str) -> list[Finding]:
    """Every fact's figure against the ledger's sum of the same lines."""
    answers = evaluate((f.query for f in facts), entries)
    counts = _counts(facts, entries)
    out = []
    for fact in facts:
        got = answers[fact.query]
        if abs(got - fact.amount) > tolerance(fact, counts.get(fact.query, 1)):
            out.append((rulebook.EXPORT_TABLE_CONFLICT if against == "lines" else rulebook.EXPORT_UNALLOCATABLE).finding(
                f"{fact.label}（{fact.cell}）为{show(fact.amount, fact.unit)}，"
                f"{'预算明细' if against == 'lines' else '按其他各表推算的明细'}合计为{show(got, fact.unit)}，"
                f"相差{show(abs(got - fact.amount), '元')}",
                location=fact.location, expected=got, actual=fact.amount))
    return out


def _counts(facts: list[Fact], entries: list[Entry]) -> dict[Query, int]:
    """How many lines each 万元 figure sums (its rounding tolerance); 元 figures need none."""
    wan = {f.query for f in facts if f.unit == "万元"}
    return {q: sum(1 for e in entries if q.matches(e)) for q in wan}


__all__ = [
    "ALL_SOURCES",
    "DERIVED_NOTE",
    "Built",
    "ProjectRow",
    "build_from_tables",
    "conflicts",
    "family_sources",
    "verify",
]
