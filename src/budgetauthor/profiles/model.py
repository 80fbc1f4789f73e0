"""A layout profile as the program uses it: parsed, checked, with its base profile merged in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .numbering import Numbering
from .patterns import Pattern
from .spec import COMPARISONS, DOCUMENT_KINDS


@dataclass(frozen=True)
class Requirements:
    """What the region publishes, and so what validation asks the budget file to contain.
    The defaults are the standard layout's (and today's rules)."""

    duties: bool = True
    organization: bool = True
    staffing: bool = True
    project_details: bool = True
    project_basis: bool = True
    project_indicators: bool = True
    cost_indicators: bool = True
    previous: tuple[str, ...] = (
        "income_total", "expenditure_total", "fiscal", "basic", "project", "operating_expenses",
        "three_public.total",
    )

    def __post_init__(self):
        assert set(self.previous) <= set(COMPARISONS), self.previous


@dataclass(frozen=True)
class MoneyStyle:
    prose: str = "万元"  # unit of amounts in sentences
    tables: str = "万元"  # default unit of the tables (a table node may say otherwise)
    # places by unit: a number, or "auto" (none when every amount of the budget is whole in that unit)
    decimals: tuple[tuple[str, int | str], ...] = (("万元", 2), ("元", 2))
    blank_zeros: bool = False  # a zero amount in a table is left blank (a table node may say otherwise)
    plain_zero: bool = True  # a zero in a sentence is written "0" (else with its decimals: "0.00")

    def places(self, unit: str, whole: bool = False) -> int:
        """Decimal places of amounts in `unit`; `whole`: every amount of the budget is whole there."""
        places = dict(self.decimals)[unit]
        return (0 if whole else 2) if places == "auto" else int(places)


@dataclass(frozen=True)
class OutlineNode:
    """One part, section, table or block of the document, in order, with its children."""

    id: str
    depth: int  # 1 for a part
    title: Pattern | None = None
    toc: Pattern | None = None
    text: str | None = None  # a paragraph builder (spec.TEXTS)
    lines: tuple[Pattern, ...] = ()
    table: str | None = None  # a table view (spec.TABLES)
    block: str | None = None  # the template block that shows the body
    heading: str | None = None  # the template block that shows the title (default heading.<depth>)
    optional: bool = False
    params: dict = field(default_factory=dict)  # unit, scheme, fund, kind, measures, table_id
    children: tuple[OutlineNode, ...] = ()
    path: tuple = ()  # where the node is written in outline.yaml

    @property
    def heading_block(self) -> str | None:
        """Tables carry their title inside their own block; other titled nodes get a heading."""
        if self.title is None or self.table is not None:
            return None
        return self.heading or f"heading.{self.depth}"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Wording:
    """Sentence patterns by dotted key; a key may hold one pattern per document kind."""

    patterns: dict[str, Pattern | dict[str, Pattern]]

    def get(self, key: str, kind: str) -> Pattern:
        entry = self.patterns[key]
        return entry[kind] if isinstance(entry, dict) else entry

    def group(self, prefix: str) -> list[str]:
        """The keys of a group such as "source_names", in the file's order."""
        start = prefix + "."
        return [k for k in self.patterns if k.startswith(start) and "." not in k[len(start):]]

    def __contains__(self, key: str) -> bool:
        return key in self.patterns


@dataclass(frozen=True)
class LayoutProfile:
    name: str
    description: str
    folder: Path
    kind: str
    template: Path
    title: Pattern
    outline: tuple[OutlineNode, ...]
    wording: Wording
    numbering: Numbering
    toc: dict[str, int]  # Word style → 目录 level
    requires: Requirements
    money: MoneyStyle
    base: str | None = None
    toc_page_numbers: bool = True  # whether the 目录 prints page numbers (上海's does not)
    # The profile as it reads for each document kind, when its settings or outline differ by kind.
    variants: dict[str, LayoutProfile] = field(default_factory=dict, compare=False, repr=False)

    def for_kind(self, kind: str) -> LayoutProfile:
        """The profile for a 部门预算 or a 单位预算 (itself when nothing differs by kind)."""
        return self.variants.get(kind, self)

    def nodes(self):
        for node in self.outline:
            yield from node.walk()

    def node(self, node_id: str) -> OutlineNode | None:
        return next((n for n in self.nodes() if n.id == node_id), None)

    def __post_init__(self):
        assert self.kind in DOCUMENT_KINDS
