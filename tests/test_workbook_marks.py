"""The * marks of the fill-in workbook are exactly what validate requires.

Both sides come from one source, validate itself: for every input column of a table and every
fixed row of a form, the value is taken out of a valid department's data and the data is
validated again.
- A table's column is required when that always gives an error (tried in the first and the last
  record; every record has the value): each row filled in needs it.
- A form's row is required when leaving it blank is an error even with the rest of its section
  left blank too ("机关运行经费口径" is needed only with a 机关运行经费, so it is not marked).
The workbook the writer produces must mark exactly those headers and labels with *, and no
others. Each valid example decides what it holds, and together they must decide every column;
a value one example needs and another does not (a ledger line's 项目名称, needed on 项目 lines
only) is needed only sometimes, so it is not marked: the cell's prompt says when it is needed.

Columns the reader itself needs to place a row (a 绩效指标 row's 项目名称, a 车辆 row's 类别 and
辆数) are marked and required by the reader, not by the schema; they are listed in READER_NEEDS
and checked by reading such a row left blank.
"""

from __future__ import annotations

import copy

import openpyxl
import pytest

from budgetauthor import load, validate
from budgetauthor.errors import InputError
from budgetauthor.load import LoadedInput
from budgetauthor.workbook.layout import SHEETS, Table
from budgetauthor.workbook.writer import build_workbook, write_workbook

from .helpers import EXAMPLES
from .xlsx_helpers import header_row

SAMPLES = 2  # records tried per table: the first and the last
READER_NEEDS = {("绩效指标", "项目名称"), ("国有资产", "车辆类别"), ("国有资产", "辆数"),
                ("国有资产", "拟购置车辆类别"), ("国有资产", "拟购置辆数")}
# Rows that choose the rules rather than carry data: the 版式方案 decides what a department must
# fill in (a Shanghai department left in the standard layout lacks its staffing figures), so
# taking it out of such a department's data fails, yet no department has to name one.
SWITCHES = {("基本信息", "版式方案")}


def _records(data: dict, table: Table) -> list[tuple[tuple, dict]]:
    """(path, record) of every record a table holds in the data."""
    if table.kind == "indicators":
        out = []
        for i, project in enumerate(data.get("projects") or []):
            out += [(("projects", i, "indicators", j), r) for j, r in enumerate(project.get("indicators") or [])]
        performance = (data.get("performance") or {}).get("indicators") or []
        return out + [(("performance", "indicators", j), r) for j, r in enumerate(performance)]
    node = data
    for part in table.path:
        node = node.get(part) if isinstance(node, dict) else None
    return [(table.path + (i,), r) for i, r in enumerate(node or []) if isinstance(r, dict)]


def _without(data: dict, path: tuple) -> dict:
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return data


def _fails(data: dict, about: tuple | None = None) -> bool:
    """Whether `data` has an error (about the value at path `about`, or one containing it: not a
    figure elsewhere that changed because a stated one is gone)."""
    errors = validate(LoadedInput(data=data, source=EXAMPLES / "x.yaml", kind="yaml")).errors
    if about is None:
        return bool(errors)
    return any(f.path[: len(about)] == about or about[: len(f.path)] == f.path for f in errors)


def _get(data, path: tuple):
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def required_by_validate(data: dict) -> dict[tuple[str, str], bool]:
    """(sheet, header or label) → whether taking the value out of `data` is an error; only what
    `data` can decide (a table it has rows for, a form row it fills)."""
    required: dict[tuple[str, str], bool] = {}
    for sheet in SHEETS:
        for block in sheet.blocks:
            if isinstance(block, Table):
                if block.kind == "map":
                    continue  # a mapping's rows are placed by the reader (READER_NEEDS)
                records = _records(data, block)
                for column in block.columns:
                    if column.display or column.lookup or column.key.startswith("@") or not records:
                        continue
                    present = [path for path, record in records if record.get(column.key) is not None]
                    if len(present) < len(records):
                        required[(sheet.name, column.header)] = False
                        continue
                    tried = present[:1] + present[-1:] if len(present) > 1 else present
                    required[(sheet.name, column.header)] = all(
                        _fails(_without(data, path + (column.key,)), path + (column.key,)) for path in tried[:SAMPLES])
            else:
                for entry in block.fixed:  # the row left blank: every value cell of it
                    if _get(data, entry.path) is None:
                        continue
                    section = entry.path[:1]
                    required[(sheet.name, entry.label)] = _fails(_without(data, entry.path), entry.path) and (
                        len(entry.path) == 1 or _fails(_without(data, section), section))
    return required


def marked(data: dict) -> set[tuple[str, str]]:
    """(sheet, text) of every header and form label the writer marks with *."""
    wb = build_workbook(data)
    marks = set()
    for sheet in SHEETS:
        for row in wb[sheet.name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("*"):
                    marks.add((sheet.name, cell.value[1:]))
    return marks


def test_the_marks_are_what_validate_requires():
    decided: dict[tuple[str, str], set[bool]] = {}
    for example in sorted(EXAMPLES.glob("*.yaml")):
        data = load(example).data
        if _fails(data):
            continue  # only a valid department tells what taking a value out breaks
        for key, needed in required_by_validate(data).items():
            decided.setdefault(key, set()).add(needed)
    expected = ({key for key, answers in decided.items() if answers == {True}} - SWITCHES) | READER_NEEDS
    marks = marked(load(EXAMPLES / "minimal.yaml").data)
    assert marks == expected, {"marked, not required": sorted(marks - expected),
                               "required, not marked": sorted(expected - marks)}
    undecided = {(s.name, c.header) for s in SHEETS for b in s.blocks if isinstance(b, Table) and b.kind == "list"
                 for c in b.columns if not (c.display or c.lookup or c.key.startswith("@"))} - set(decided)
    assert not undecided, f"no example has these columns filled, so no example decides their mark: {undecided}"


def test_what_the_reader_needs_is_refused_when_left_blank(tmp_path):
    path = tmp_path / "m.xlsx"
    write_workbook(path, load(EXAMPLES / "minimal.yaml").data)
    wb = openpyxl.load_workbook(path)
    ws = wb["绩效指标"]
    head, cols = header_row(ws, "项目名称", "一级指标")
    ws.cell(head + 2, cols["项目名称"]).value = "（没有这个项目）"
    ws = wb["国有资产"]
    head, cols = header_row(ws, "车辆类别", "辆数")
    ws.cell(head + 1, cols["车辆类别"]).value = None  # 辆数 0 stays: a row without its 类别
    wb.save(path)
    with pytest.raises(InputError) as info:
        load(path)
    assert {f.code for f in info.value.findings} == {"xlsx-key-missing", "xlsx-indicator-project"}
