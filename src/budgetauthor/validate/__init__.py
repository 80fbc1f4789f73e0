"""Validate stage: shape (cerberus) first, then our own rules over the typed model."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .. import catalog as catalog_mod
from .. import profiles
from ..derive import derive
from ..findings import Finding, Report, Severity
from ..load import LoadedInput
from ..model import Line, build_budget
from . import funds
from .codes import PROFILE_UNKNOWN
from .layout import check_profile_omissions
from .rules import CHECKS, Context
from .schema import check_shape


@dataclass(frozen=True)
class Options:
    """Validation settings, passed down as one object."""

    strict: bool = False  # warnings count as errors
    catalog_file: Path | None = None
    profile: str | Path | None = None  # the layout profile (name or folder), over the data's profile.style


def _describe_line(loaded: LoadedInput):
    def describe(line: Line) -> str:
        if loaded.kind == "xlsx":  # the row and its amount cell, never an internal path
            where = loaded.locate(line.path + ("amount",))
            if where and where.cell:
                row = "".join(ch for ch in where.cell if ch.isdigit())
                return f"第{row}行（金额 {where.cell}）"
        where = loaded.locate(line.path)
        place = str(where) if where and str(where) else ""
        return f"ledger[{line.index}]" + (f"（{place}）" if place else "")

    return describe


def _with_loader_findings(loaded: LoadedInput, placed: list[Finding]) -> list[Finding]:
    """The loader's findings about single cells, one message per cell: its error explains the
    cell (a formula without a value also reads as "缺少必填项"), and its warning gives way to
    any other message about the same cell."""
    errors = {f.location for f in loaded.findings if f.severity is Severity.ERROR}
    kept = [f for f in placed if f.location not in errors]
    taken = {f.location for f in kept}
    own = [f for f in loaded.findings if f.severity is Severity.ERROR or f.location not in taken]
    findings = own + kept
    if loaded.kind == "xlsx":  # the workbook's order and words, never the data's paths
        from ..load.xlsx_source import finding_order, plain_message

        findings = [dataclasses.replace(f, message=plain_message(f.message, loaded)) for f in findings]
        findings.sort(key=finding_order)
    return findings


def _place(finding: Finding, loaded: LoadedInput, strict: bool) -> Finding:
    severity = Severity.ERROR if strict else finding.severity
    return dataclasses.replace(finding, location=finding.location or loaded.locate(finding.path), severity=severity)


def validate(loaded: LoadedInput, options: Options | None = None) -> Report:
    """Check a loaded file and return a Report; `report.model`/`report.derived` are set when the
    file had the right shape (even if rules then found errors)."""
    options = options or Options()
    report = Report(source=str(loaded.source))
    document, findings = check_shape(loaded.data)
    if document is not None:
        budget = build_budget(document)
        catalog = catalog_mod.load(budget.year, options.catalog_file)
        derived = derive(budget, catalog)
        layout, unknown = profiles.for_budget(budget.profile.style, options.profile, Path(loaded.source).parent)
        if unknown:
            findings.append(PROFILE_UNKNOWN.finding(unknown, ("profile", "style")))
        findings.extend(profiles.warnings_of(layout))  # e.g. a misspelt key in the profile's files
        layout = layout.for_kind(budget.profile.kind or layout.kind)
        findings.extend(check_profile_omissions(document, layout))
        ctx = Context(budget, derived, catalog, document, _describe_line(loaded), requires=layout.requires)
        for check in CHECKS + funds.CHECKS:
            findings.extend(check(ctx))
        report.model = budget
        report.derived = derived
    placed = [_place(f, loaded, options.strict) for f in findings]
    report.findings = _with_loader_findings(loaded, placed)
    if options.strict:
        report.findings = [dataclasses.replace(f, severity=Severity.ERROR) for f in report.findings]
    return report
