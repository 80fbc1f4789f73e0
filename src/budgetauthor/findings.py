"""Findings are data: a stable rule code, a severity, a Chinese message and a location.

Every stage (load, schema, rules) reports through `Finding`, built from a registered `Rule`
(the catalogue of codes: rulebook.py and validate/codes.py); the CLI only prints them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

Path = tuple  # a key path into the input, e.g. ("ledger", 12, "amount")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Location:
    """Where a value sits in the user's file: YAML line/column or a worksheet cell."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        if self.line is not None:
            return f"第{self.line}行第{self.column}列"
        return self.file or ""

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def format_path(path: Iterable) -> str:
    """("ledger", 3, "amount") -> "ledger[3].amount" (0-based list indexes, as in the file)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class Finding:
    """What a check found. Built by `Rule.finding`: a code that is not registered is refused."""

    code: str
    severity: Severity
    message: str
    path: tuple = ()
    location: Location | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None

    def __post_init__(self) -> None:
        if self.code not in RULES:
            raise ValueError(f"finding with an unregistered rule code: {self.code!r}")

    @property
    def where(self) -> str:
        parts = [str(self.location)] if self.location and str(self.location) else []
        if self.path and not (self.location and self.location.sheet):
            parts.append(format_path(self.path))
        return "  ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": format_path(self.path),
        }
        if self.location:
            d["location"] = self.location.to_dict()
        if self.expected is not None:
            d["expected"] = str(self.expected)
        if self.actual is not None:
            d["actual"] = str(self.actual)
        return d


RULES: dict[str, Rule] = {}


@dataclass(frozen=True)
class Rule:
    """A stable code, its default severity and a Chinese title (the catalogue: rulebook.py)."""

    code: str
    severity: Severity
    title: str

    def __post_init__(self) -> None:
        if self.code in RULES:
            raise ValueError(f"rule code registered twice: {self.code}")
        RULES[self.code] = self

    def finding(
        self,
        message: str,
        path: tuple = (),
        *,
        expected: Decimal | None = None,
        actual: Decimal | None = None,
        location: Location | None = None,
    ) -> Finding:
        return Finding(self.code, self.severity, message, tuple(path), location, expected, actual)


def rule(code: str) -> Rule:
    """The registered rule of `code` (a code that travelled as text, e.g. through cerberus)."""
    return RULES[code]


@dataclass
class Report:
    """The outcome of validation. `valid` is False when any error was found."""

    source: str = ""
    findings: list[Finding] = field(default_factory=list)
    model: Any = None  # the typed Budget when the input had the right shape
    derived: Any = None  # the derived views of that budget

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def flatten(self, *keys: str) -> list[list[Any]]:
        """Rows of chosen attributes, handy in tests: report.flatten("code", "path")."""
        keys = keys or ("code", "severity", "path")
        rows = []
        for f in self.findings:
            d = f.to_dict()
            rows.append([d.get(k) for k in keys])
        return rows

    def to_json(self) -> str:
        return json.dumps(
            {
                "source": self.source,
                "valid": self.valid,
                "stats": {"errors": len(self.errors), "warnings": len(self.warnings)},
                "findings": [f.to_dict() for f in self.findings],
            },
            ensure_ascii=False,
            indent=2,
        )
