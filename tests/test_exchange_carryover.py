"""Last year's file: its texts carried over, its figures become this year's `previous`, reasons
left blank — so validate lists exactly the changes that need one."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from budgetauthor import LoadedInput, load, validate
from budgetauthor.exchange.carryover import PreviousFileError, read_last_year, start_of_year
from budgetauthor.exchange.export_workbook import write_export
from budgetauthor.exchange.importer import import_export, write_result

from .helpers import EXAMPLES

EXAMPLE_NAMES = ("minimal", "xihu-2024", "zengdu-2024")


def next_year(data: dict, project_factor: Decimal) -> dict:
    """This year's budget: last year's with every project line multiplied by `project_factor`."""
    data = copy.deepcopy(data)
    profile = data["profile"]
    profile["year"] = str(int(profile["year"]) + 1)
    for line in data["ledger"]:
        if line["kind"] in ("项目", "项目支出"):
            line["amount"] = str(Decimal(line["amount"]) * project_factor)
    sums: dict[str, Decimal] = {}
    for line in data["ledger"]:
        if line.get("project"):
            sums[line["project"]] = sums.get(line["project"], Decimal(0)) + Decimal(line["amount"])
    for project in data.get("projects") or ():
        if project["name"] in sums:
            project["amount"] = str(sums[project["name"]])
    total = sum((Decimal(ln["amount"]) for ln in data["ledger"]), Decimal(0))
    basic = sum((Decimal(ln["amount"]) for ln in data["ledger"] if ln["kind"].startswith("基本")), Decimal(0))
    data["approved"] = {"income_total": str(total), "expenditure_total": str(total), "basic": str(basic),
                        "project": str(total - basic)}
    data.pop("previous", None)
    return data


def derived_of(data: dict, name: str = "budget.yaml"):
    report = validate(LoadedInput(data=data, source=Path(name), kind="yaml"))
    assert report.derived is not None, report.flatten("code", "message")
    return report


def reasons_asked(report) -> list[str]:
    return sorted(f.message.split("本年")[0] for f in report.findings if f.code == "reason-missing")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_init_previous_carries_the_texts_and_turns_last_years_figures_into_previous(name):
    last = read_last_year(EXAMPLES / f"{name}.yaml")
    before = load(EXAMPLES / f"{name}.yaml").data
    data = start_of_year(last)
    assert data["profile"]["year"] == str(last.year + 1)
    for key in ("name", "units", "duties", "internal_departments", "staffing"):
        assert data["profile"].get(key) == before["profile"].get(key)
    assert "tasks" not in data["profile"]  # 年度主要工作任务 are written anew
    assert [p["name"] for p in data["projects"]] == [p["name"] for p in before["projects"]]
    for new, old in zip(data["projects"], before["projects"]):
        assert new.get("summary") == old.get("summary") and new.get("indicators") == old.get("indicators")
        assert "amount" not in new  # this year's amount comes from this year's ledger
    last_metrics = derived_of(before).derived.metrics
    unit = before["profile"]["amount_unit"]
    scale = Decimal(10000) if unit == "元" else Decimal(1)
    assert Decimal(data["previous"]["income_total"]["amount"]) == last_metrics["income_total"] * scale
    assert Decimal(data["previous"]["three_public"]["total"]["amount"]) == last_metrics["three_public.total"] * scale
    assert all("reason" not in v for v in data["previous"].values() if isinstance(v, dict) and "amount" in v)
    assert set(data["previous"]["by_function"]) == {
        k.split(":")[1] for k in last_metrics if k.startswith("function:") and len(k) == len("function:201")}


def started_from_last_year(name: str, project_factor: Decimal) -> dict:
    """`init --previous` on an example, then this year's ledger, control figures and yearly sections
    entered: last year's, with every project line multiplied by `project_factor`."""
    before = load(EXAMPLES / f"{name}.yaml").data
    this_year = next_year(before, project_factor)
    data = start_of_year(read_last_year(EXAMPLES / f"{name}.yaml"))
    data.update({k: this_year[k] for k in ("ledger", "approved")})
    amounts = {p["name"]: p["amount"] for p in this_year["projects"]}
    for project in data["projects"]:
        project["amount"] = amounts[project["name"]]
    for key in ("three_public", "operating_expenses", "procurement"):
        if key in before:
            data[key] = before[key]
    return data


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_with_the_same_figures_as_last_year_no_reason_is_asked(name):
    report = derived_of(started_from_last_year(name, Decimal(1)))
    assert reasons_asked(report) == []
    assert "previous-missing" not in report.codes()


# Doubling every project line of last year's budget changes these figures by 10% or more (收入总计,
# 财政拨款, 一般公共预算支出 and the source 一般公共预算 are the same money here: one reason serves all four).
_TOTALS = ["一般公共预算", "一般公共预算支出", "收入总计", "财政拨款", "项目支出"]
EXPECTED_REASONS = {
    "minimal": sorted(_TOTALS + ["一般公共服务支出（201）", "商品和服务支出（302）"]),
    "xihu-2024": sorted(_TOTALS + ["一般公共服务支出（201）", "科学技术支出（206）", "商品和服务支出（302）"]),
    "zengdu-2024": sorted(_TOTALS + ["一般公共服务支出（201）", "商品和服务支出（302）"]),
}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_validate_lists_exactly_the_figures_whose_change_needs_a_reason(name):
    report = derived_of(started_from_last_year(name, Decimal(2)))
    assert reasons_asked(report) == EXPECTED_REASONS[name]


def test_import_with_last_years_file_gives_a_document_that_only_lacks_reasons(tmp_path):
    """The acceptance path: this year's export + last year's file → only the reasons to write."""
    before = load(EXAMPLES / "zengdu-2024.yaml").data
    this_year = derived_of(next_year(before, Decimal(2))).derived
    export = tmp_path / "2025导出.xlsx"
    write_export(export, this_year)
    result = import_export(export, previous=EXAMPLES / "zengdu-2024.yaml")
    out = tmp_path / "2025.yaml"
    write_result(result, out)
    report = validate(load(out))
    assert report.model.profile.duties == tuple(before["profile"]["duties"])
    assert [u.type for u in report.model.profile.units] == ["行政单位"]
    project = next(p for p in report.model.projects if p.name == "政务公开工作经费")
    assert project.basis == "《中华人民共和国政府信息公开条例》" and len(project.indicators) == 5
    assert {f.code for f in report.errors} == {"reason-missing"}  # the only thing left to write
    # The export's 政府采购预算表 gives this year's procurement: 200万元 as last year, so no reason is asked for it.
    assert report.model.procurement_total == Decimal(200)
    assert reasons_asked(report) == sorted(EXPECTED_REASONS["zengdu-2024"])
    assert any("已带入上年" in note for note in result.notes)


def test_a_previous_file_that_cannot_be_read_is_reported(tmp_path):
    broken = tmp_path / "去年.yaml"
    broken.write_text("profile: {name: 某局}\n", encoding="utf-8")
    with pytest.raises(PreviousFileError) as caught:
        read_last_year(broken)
    assert caught.value.findings[0].code == "previous-file"
