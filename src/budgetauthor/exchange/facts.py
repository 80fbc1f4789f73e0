"""Facts: every figure of an imported table, as a question about the ledger and its answer.

A table cell "2010301 行政运行, 基本支出, 一般公共预算支出表" says: the lines of 功能科目 2010301,
kind 基本, fund family 一般公共预算 add up to this amount. Written as a `Query`, the same cell can be
compared with any other table's cell that asks the same question, and with any ledger: that is
how tables are checked against each other and how a built ledger is proved to reproduce them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..findings import Location
from ..vocab import FISCAL_FAMILIES as FISCAL_FAMILIES  # 财政拨款, for the modules of this package
from ..vocab import SOURCE_BY_LABEL, SOURCES, is_personnel

ZERO = Decimal(0)
ALL_SOURCES = frozenset(s.label for s in SOURCES)


def family_sources(*families: str) -> frozenset[str]:
    return frozenset(s.label for s in SOURCES if s.family in families)


FISCAL_SOURCES = frozenset(s.label for s in SOURCES if s.fiscal)
CURRENT = frozenset(s.label for s in SOURCES if not s.carryover)
CARRYOVER = frozenset(s.label for s in SOURCES if s.carryover)


@dataclass(frozen=True)
class Entry:
    """A ledger line while it is being imported: amounts in 元, codes as text."""

    unit: str
    function: str
    economic: str
    kind: str
    project: str
    source: str
    amount: Decimal
    note: str = ""

    @property
    def personnel(self) -> bool:
        return is_personnel(self.economic)


@dataclass(frozen=True)
class Query:
    """Which ledger lines a figure sums. Empty fields do not restrict."""

    function: str = ""  # a 类/款/项 prefix
    economic: tuple[str, ...] = ()  # any of these 类/款 prefixes
    kind: str = ""  # 基本 / 项目
    personnel: bool | None = None  # within 基本支出: 人员经费 (True) or 公用经费 (False)
    sources: frozenset[str] = ALL_SOURCES
    unit: str = ""
    project: str = ""

    def matches(self, e: Entry) -> bool:
        return (
            e.source in self.sources
            and e.function.startswith(self.function)
            and (not self.economic or any(e.economic.startswith(p) for p in self.economic))
            and (not self.kind or e.kind == self.kind)
            and (self.personnel is None or (e.kind == "基本" and e.personnel == self.personnel))
            and (not self.unit or e.unit == self.unit)
            and (not self.project or e.project == self.project)
        )

    def shape(self) -> tuple:
        return (len(self.function), bool(self.kind), self.personnel is not None, self.sources,
                bool(self.unit), bool(self.project))

    def key(self) -> tuple:
        return (self.function, self.kind, self.personnel, self.unit, self.project)


def key_of(e: Entry, shape: tuple) -> tuple:
    flen, kind, personnel, _, unit, project = shape
    return (
        e.function[:flen],
        e.kind if kind else "",
        (e.personnel if e.kind == "基本" else None) if personnel else None,
        e.unit if unit else "",
        e.project if project else "",
    )


@dataclass(frozen=True)
class Fact:
    """A figure stated by a table: what it sums, how much (元), and where it stands."""

    query: Query
    amount: Decimal
    location: Location
    label: str  # e.g. "支出总表 2010301 行政运行 基本支出"
    table: str  # table key
    unit: str = "元"  # the sheet's amount unit, for messages

    @property
    def cell(self) -> str:
        return str(self.location)


def evaluate(queries: Iterable[Query], entries: list[Entry]) -> dict[Query, Decimal]:
    """The ledger's answer to each query, in one pass over the entries per query shape."""
    queries = set(queries)
    out: dict[Query, Decimal] = {}
    by_shape: dict[tuple, list[Query]] = defaultdict(list)
    for q in queries:
        if q.economic:
            out[q] = sum((e.amount for e in entries if q.matches(e)), ZERO)
        else:
            by_shape[q.shape()].append(q)
    for shape, group in by_shape.items():
        sources = shape[3]
        sums: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
        for e in entries:
            if e.source in sources:
                sums[key_of(e, shape)] += e.amount
        for q in group:
            out[q] = sums.get(q.key(), ZERO) if q.personnel is None or q.kind in ("", "基本") else ZERO
    return out


def source_label(text: str) -> str | None:
    """A known 资金来源 label for `text`, or None."""
    from ..vocab import normalize_source

    label = normalize_source(text)
    return label if label in SOURCE_BY_LABEL else None
