"""Last year's file → the start of this year's: texts carried over, figures become `previous`.

Carried: the profile (name, codes, level, units, 职责, 内设机构, 机构说明, 人员), every project's
texts and indicators, the 用途 explanations, the glossary and the settings. Not carried: what
each year has anew (ledger, control figures, 年度主要工作任务, procurement, assets, the overall
performance targets, other matters, last year's own `previous`). Last year's figures, computed
from its ledger like every figure, become this year's `previous`; reasons are left blank, so
validate lists exactly the changes that need one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .. import rulebook
from ..errors import BudgetAuthorError, ExitCode
from ..findings import Finding
from ..load import load
from ..money import TEN_THOUSAND
from ..validate import validate

PROFILE_KEYS = ("name", "code", "level", "kind", "style", "amount_unit", "units", "duties_intro", "duties",
                "internal_departments", "organization_note", "staffing")
PROJECT_TEXT_KEYS = ("code", "unit", "category", "summary", "basis", "implementer", "plan", "period",
                     "midterm_goal", "goal", "indicators")
TOTALS = ("income_total", "fiscal", "general_public", "gov_fund", "state_capital", "basic", "project",
          "personnel", "public", "operating_expenses")
THREE_PUBLIC = ("total", "abroad", "reception", "vehicle_purchase", "vehicle_operation")


class PreviousFileError(BudgetAuthorError):
    exit_code = ExitCode.INVALID


@dataclass
class LastYear:
    """What last year's file gives this year."""

    source: Path
    year: int
    profile: dict
    projects: dict[str, dict]  # project name -> its texts and indicators
    purposes: dict | None
    glossary: list | None
    settings: dict | None
    figures: dict  # the `previous` section, amounts in 万元 (exact)
    notes: list[str] = field(default_factory=list)
    # each project's spending by economic 款 (万元): how last year classified it
    project_economics: dict[str, dict[str, Decimal]] = field(default_factory=dict)


def read_last_year(path: str | Path) -> LastYear:
    """Read and check last year's file; its figures must be computable (its shape valid)."""
    path = Path(path)
    loaded = load(path)
    report = validate(loaded)
    if report.derived is None:
        errors = [f for f in report.findings if f.severity.value == "error"][:5]
        message = f"上年数据文件“{path.name}”结构有误，无法计算上年数（请先用 budgetauthor validate 检查该文件）"
        raise PreviousFileError(message, [rulebook.PREVIOUS_FILE.finding(message), *errors])
    data = report.derived.budget
    doc = loaded.data
    profile = {k: copy.deepcopy(doc["profile"][k]) for k in PROFILE_KEYS if doc["profile"].get(k) not in (None, "", [])}
    projects = {}
    for p in doc.get("projects") or ():
        if isinstance(p, dict) and p.get("name"):
            projects[p["name"]] = {k: copy.deepcopy(p[k]) for k in PROJECT_TEXT_KEYS if p.get(k) not in (None, "", [])}
    return LastYear(
        source=path,
        year=data.year,
        profile=profile,
        projects=projects,
        purposes=copy.deepcopy(doc.get("purposes")) or None,
        glossary=copy.deepcopy(doc.get("glossary")) or None,
        settings=copy.deepcopy(doc.get("settings")) or None,
        figures=figures_of(report.derived),
        project_economics=project_economics(data.lines),
    )


def project_economics(lines) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for line in lines:
        if line.kind == "项目" and line.project:
            by = out.setdefault(line.project, {})
            by[line.economic] = by.get(line.economic, Decimal(0)) + line.amount
    return out


def figures_of(derived) -> dict:
    """Last year's figures under the `previous` keys, in 万元 (Decimal)."""
    m = derived.metrics
    b = derived.budget
    out: dict = {k: m[k] for k in TOTALS}
    if b.procurement or b.procurement_total is not None:
        out["procurement"] = b.procurement_total if b.procurement_total is not None else m["procurement"]
    out["three_public"] = {k: m[f"three_public.{k}"] for k in THREE_PUBLIC}
    out["by_source"] = {label: v for label, v in derived.by_source.items() if v}
    out["by_function"] = {k.split(":", 1)[1]: v for k, v in m.items() if k.startswith("function:") and len(k) == 12}
    out["by_economic"] = {k.split(":", 1)[1]: v for k, v in m.items() if k.startswith("economic:") and len(k) == 12}
    return out


def amount_text(value: Decimal, unit: str) -> str:
    """An exact amount in the file's unit, as text: 万元 → 元 multiplies by 10,000."""
    scaled = value * TEN_THOUSAND if unit == "元" else value
    return format(scaled.normalize(), "f")


def previous_section(figures: dict, unit: str) -> dict:
    """The `previous` section with blank reasons: {amount: …} for every figure."""

    def comparison(value: Decimal) -> dict:
        return {"amount": amount_text(value, unit)}

    out: dict = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            out[key] = {k: comparison(v) for k, v in sorted(value.items())} if key != "three_public" else {
                k: comparison(v) for k, v in value.items()}
        else:
            out[key] = comparison(value)
    return out


def start_of_year(last: LastYear, year: int | None = None) -> dict:
    """A new year's file from last year's alone (`init --previous`): everything carried, no
    ledger yet."""
    year = year or last.year + 1
    profile = {**copy.deepcopy(last.profile), "year": str(year)}
    unit = profile.get("amount_unit") or "万元"
    data: dict = {"profile": profile}
    data["projects"] = [{"name": name, **copy.deepcopy(texts)} for name, texts in last.projects.items()]
    data["previous"] = previous_section(last.figures, unit)
    for key in ("purposes", "glossary", "settings"):
        if getattr(last, key):
            data[key] = copy.deepcopy(getattr(last, key))
    return data


def start_workbook(target: str | Path, previous: str | Path, *, year: int | None = None,
                   force: bool = False) -> int:
    """`init --previous`: the new year's fill-in workbook from last year's file. Returns its year."""
    from ..output import check_target
    from ..workbook.writer import write_workbook

    target = Path(target)
    check_target(target, previous, suffixes=(".xlsx",), what="填报表", overwrite=force)
    data = start_of_year(read_last_year(previous), year)
    chosen = int(data["profile"]["year"])
    write_workbook(target, data, chosen, inputs=(previous,))
    return chosen


def merge_into(data: dict, last: LastYear) -> list[str]:
    """Carry last year's texts into an imported file (whose figures come from this year's export).
    Returns what the clerk should know: projects carried, projects not found."""
    notes = []
    profile = data["profile"]
    for key in ("level", "kind", "style", "duties_intro", "duties", "internal_departments", "organization_note",
                "staffing"):
        if key in last.profile:
            profile[key] = copy.deepcopy(last.profile[key])
    if last.profile.get("code") and not profile.get("code"):
        profile["code"] = last.profile["code"]
    last_units = {u.get("code"): u for u in last.profile.get("units") or () if isinstance(u, dict)}
    last_by_name = {u.get("name"): u for u in last_units.values()}
    for unit in profile.get("units") or ():
        before = last_units.get(unit["code"]) or last_by_name.get(unit["name"])
        if before:
            unit["type"] = before.get("type", unit["type"])
    if not profile.get("name") and last.profile.get("name"):
        profile["name"] = last.profile["name"]
    carried, missing = [], set(last.projects)
    for project in data.get("projects") or ():
        texts = last.projects.get(project["name"]) or _by_code(last.projects, project.get("code"))
        if texts is None:
            continue
        missing.discard(next(n for n, t in last.projects.items() if t is texts))
        for key, value in texts.items():
            if key in ("unit", "code", "category") and project.get(key):
                continue
            project.setdefault(key, copy.deepcopy(value))
        carried.append(project["name"])
    if carried:
        notes.append(f"已带入上年{len(carried)}个项目的文字和绩效指标，请按本年情况修改")
    if missing:
        notes.append(f"上年有而本年没有的项目（未带入）：{'、'.join(sorted(missing))}")
    unit = profile.get("amount_unit") or "万元"
    data["previous"] = previous_section(last.figures, unit)
    for key in ("purposes", "glossary", "settings"):
        if getattr(last, key) and not data.get(key):
            data[key] = copy.deepcopy(getattr(last, key))
    return notes


def _by_code(projects: dict[str, dict], code: str | None) -> dict | None:
    if not code:
        return None
    return next((t for t in projects.values() if t.get("code") == code), None)


__all__ = ["Finding", "LastYear", "PreviousFileError", "merge_into", "read_last_year", "start_of_year"]
