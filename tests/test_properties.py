"""Property-based tests (hypothesis).

- A random valid department (a random ledger over real catalogue codes, control figures computed
  from it) validates, renders, and every figure the 情况说明 states equals its table figure and the
  sum computed here from the ledger.
- Random bytes, random zips and random YAML never make a loader (or the validator) raise anything
  but InputError.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tempfile
import zipfile
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetauthor import InputError, load, validate
from budgetauthor.load import LoadedInput
from budgetauthor.money import fmt_money
from budgetauthor.render import render_bytes

from .helpers import EXAMPLES

CATALOG = Path(__file__).resolve().parents[1] / "src" / "budgetauthor" / "catalog" / "data" / "2024"
PERSONNEL = ("301", "303")
FISCAL = ("一般公共预算", "政府性基金预算", "国有资本经营预算")
SOURCES = ("一般公共预算", "一般公共预算", "一般公共预算", "政府性基金预算", "事业收入", "其他收入")
PROJECTS = ("档案数字化", "信息系统运维", "“一网通办”工作经费", "R&D 平台<二期>")

QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _codes(name: str) -> dict[str, str]:
    with open(CATALOG / name, encoding="utf-8", newline="") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


FUNCTIONS = _codes("function.csv")
ECONOMICS = _codes("economic.csv")
# A few real 项-level function codes from different 类, and 款-level economic codes of 301/302/303/310.
FUNCTION_ITEMS = [c for c in ("2010101", "2010301", "2012601", "2050201", "2080505", "2101101", "2130101",
                              "2210201", "2120101", "2240101") if c in FUNCTIONS]
ECONOMIC_ITEMS = [c for c in ("30101", "30102", "30107", "30108", "30110", "30113", "30201", "30211", "30217",
                              "30228", "30231", "30239", "30299", "30302", "30305", "31002", "31013")
                  if c in ECONOMICS]
assert len(FUNCTION_ITEMS) >= 6 and len(ECONOMIC_ITEMS) >= 10


# ---- a random valid department --------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)


@st.composite
def ledger_lines(draw):
    kind = draw(st.sampled_from(("基本", "基本", "项目")))
    line = {
        "function": draw(st.sampled_from(FUNCTION_ITEMS)),
        "economic": draw(st.sampled_from(ECONOMIC_ITEMS)),
        "kind": kind,
        "source": draw(st.sampled_from(SOURCES)),
        "amount": draw(amounts),
    }
    if kind == "项目":
        line["project"] = draw(st.sampled_from(PROJECTS))
    return line


def indicators(budget: Decimal) -> list[dict]:
    return [
        {"level1": "产出指标", "level2": "数量指标", "level3": "完成事项数", "operator": "≥", "value": "10", "unit": "项"},
        {"level1": "成本指标", "level2": "经济成本指标", "level3": "项目成本", "operator": "≤",
         "value": str(budget), "unit": "万元"},
        {"level1": "效益指标", "level2": "社会效益指标", "level3": "服务水平", "operator": "定性", "value": "提高"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "满意度", "operator": "≥", "value": "90",
         "unit": "%"},
    ]


@st.composite
def departments(draw):
    """(plain data as a loader returns it, the ledger as Decimals)."""
    lines = draw(st.lists(ledger_lines(), min_size=1, max_size=14))
    year = draw(st.sampled_from(("2024", "2025")))
    total = sum((ln["amount"] for ln in lines), Decimal(0))
    basic = sum((ln["amount"] for ln in lines if ln["kind"] == "基本"), Decimal(0))
    fiscal = sum((ln["amount"] for ln in lines if ln["source"] in FISCAL), Decimal(0))
    by_project: dict[str, Decimal] = defaultdict(Decimal)
    for ln in lines:
        if ln["kind"] == "项目":
            by_project[ln["project"]] += ln["amount"]
    unit_type = draw(st.sampled_from(("行政单位", "参照公务员法管理事业单位", "事业单位")))
    data = {
        "version": "1",
        "profile": {
            "name": draw(st.sampled_from(("青山区档案馆", "R&D 促进中心", "<东湖>区财政局"))),
            "year": year,
            "level": draw(st.sampled_from(("区级", "市级", "省级", "县级"))),
            "amount_unit": "万元",
            "units": [{"code": "108001", "name": "本级", "type": unit_type}],
            "duties": ["负责本部门职责范围内的工作。"],
            "internal_departments": ["办公室"],
            "staffing": {"authorized": {"行政编制": "8"}, "serving": {"在职人员": "7"}},
        },
        "approved": {"income_total": str(total), "expenditure_total": str(total), "fiscal": str(fiscal),
                     "basic": str(basic), "project": str(total - basic)},
        "ledger": [{k: str(v) for k, v in ln.items()} for ln in lines],
        "projects": [
            {"name": name, "amount": str(amount), "summary": f"{name}的概述。", "basis": "相关文件。",
             "goal": f"完成{name}。", "indicators": indicators(amount)}
            for name, amount in by_project.items()
        ],
        "other_matters": ["无"],
    }
    return data, lines


def document_parts(blob: bytes):
    """The document's paragraphs and tables in order, each table as rows of cell texts."""
    doc = Document(io.BytesIO(blob))
    out = []
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(("p", Paragraph(el, doc).text.strip()))
        elif tag == "tbl":
            out.append(("t", [[c.text.strip() for c in row.cells] for row in Table(el, doc).rows]))
    return out


def tables_by_title(parts) -> dict[str, list[list[str]]]:
    tables, title = {}, ""
    for kind, value in parts:
        if kind == "p" and re.match(r"^表\d+", value):
            title = re.sub(r"^表\d+\s*", "", value)
        elif kind == "t" and title:
            tables[title] = value
            title = ""
    return tables


def row(table: list[list[str]], label: str) -> list[str]:
    """The first data row (one with a figure in it) that carries `label`."""
    for cells in table:
        if label in cells and any(re.fullmatch(r"[\d,]+\.\d{2}", c) for c in cells):
            return cells
    raise AssertionError(f"no row {label!r} in {table[:3]}")


def figure(text: str, pattern: str) -> str | None:
    m = re.search(pattern + r"([\d,]+\.\d{2})万元", text)
    return m.group(1) if m else None


def w(value: Decimal) -> str:
    return fmt_money(value)


@SLOW
@given(departments())
def test_a_random_valid_department_validates_renders_and_its_prose_matches_its_tables(dept):
    data, lines = dept
    report = validate(LoadedInput(data=data, source=Path("random.yaml"), kind="yaml"))
    assert report.valid, report.flatten("code", "path", "message")
    parts = document_parts(render_bytes(report.derived))
    tables = tables_by_title(parts)
    prose = "\n".join(v for k, v in parts if k == "p")

    total = sum((ln["amount"] for ln in lines), Decimal(0))
    basic = sum((ln["amount"] for ln in lines if ln["kind"] == "基本"), Decimal(0))
    fiscal = sum((ln["amount"] for ln in lines if ln["source"] in FISCAL), Decimal(0))
    personnel = sum((ln["amount"] for ln in lines if ln["kind"] == "基本" and ln["economic"][:3] in PERSONNEL), Decimal(0))

    summary, spending, fiscal_table = tables["部门收支总表"], tables["部门支出总表"], tables["财政拨款收支总表"]
    # totals: prose = table = ledger
    assert figure(prose, "收入预算总额为") == row(summary, "收入总计")[1] == w(total)
    assert figure(prose, "年支出预算总额为") == row(summary, "支出总计")[3] == w(total)
    spending_total = row(spending, "合计")
    assert spending_total[2:5] == [w(total), w(basic), w(total - basic)]
    if fiscal == total:  # all of it is 财政拨款: （三） says so instead of repeating （二）
        assert figure(prose, "支出预算全部为财政拨款，共") == row(fiscal_table, "支出总计")[3] == w(fiscal)
    elif fiscal:
        assert figure(prose, "财政拨款支出预算总额为") == row(fiscal_table, "支出总计")[3] == w(fiscal)
    # 基本支出 / 项目支出 and 人员经费 / 公用经费
    by_kind = next(p for p in prose.splitlines() if p.startswith("按支出项目类别划分："))
    if basic:
        assert figure(by_kind, "基本支出") == spending_total[3]
        if personnel:
            assert figure(prose, "人员经费") == w(personnel)
        if basic - personnel:
            assert figure(prose, "公用经费") == w(basic - personnel)
    if total - basic:
        assert figure(by_kind, "项目支出") == spending_total[4]
    # every 功能分类 类 the prose names: its figure is the 收支总表 row and the ledger's sum
    by_class: dict[str, Decimal] = defaultdict(Decimal)
    for ln in lines:
        by_class[FUNCTIONS[ln["function"][:3]]] += ln["amount"]
    function_sentence = next(p for p in prose.splitlines() if p.startswith("按支出功能分类科目划分："))
    for name, amount in by_class.items():
        stated = figure(function_sentence, re.escape(name))
        assert stated == w(amount), (name, stated, function_sentence)
        table_row = next(r for r in summary if r[2].endswith(name))
        assert table_row[3] == stated
    # each project's 年度预算安排 is its 项目支出表 figure
    project_table = tables["项目支出表"]
    for project in data["projects"]:
        cells = next(r for r in project_table if r[1].strip("\u3000") == project["name"])
        assert cells[3] == w(Decimal(project["amount"]))


# ---- loaders never crash ------------------------------------------------------------------------------


@contextmanager
def scratch(name: str):
    """A file path in a fresh temporary folder (one per example: tmp_path_factory.mktemp rescans its
    numbered folders on every call, which turns thousands of examples quadratic)."""
    with tempfile.TemporaryDirectory(prefix="budgetauthor-prop-") as folder:
        yield Path(folder) / name


def load_or_refuse(path: Path, *, then_validate: bool = True):
    """Load (and validate) a file; the only exception allowed is InputError."""
    try:
        loaded = load(path)
    except InputError as exc:
        assert exc.findings and exc.exit_code == 2
        assert all(f.message and f.code for f in exc.findings)
        return None
    if then_validate:
        return validate(loaded)
    return loaded


@QUICK
@given(st.binary(max_size=4096), st.sampled_from((".yaml", ".yml", ".xlsx")))
def test_random_bytes_never_crash_a_loader(data, suffix):
    with scratch(f"input{suffix}") as path:
        path.write_bytes(data)
        load_or_refuse(path)
        assert path.read_bytes() == data


XLSX_NAMES = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
              "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "docProps/core.xml")


@QUICK
@given(st.dictionaries(st.sampled_from(XLSX_NAMES) | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"), min_size=1, max_size=20),
                       st.binary(max_size=512) | st.sampled_from((b"", b"<x/>", b'<?xml version="1.0"?><a>')),
                       max_size=8))
def test_random_zips_named_xlsx_never_crash_the_loader(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    with scratch("input.xlsx") as path:
        path.write_bytes(buffer.getvalue())
        load_or_refuse(path)


scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
           | st.decimals(places=2, allow_nan=False, allow_infinity=False).map(str))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                         | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=30)


@QUICK
@given(documents)
def test_random_yaml_never_crashes_load_and_validate(value):
    with scratch("input.yaml") as path:
        path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
        load_or_refuse(path)


# Random values put at random places of the minimal example: reaches the schema and, when the shape
# survives, every rule; a document that still validates must also render.
MINIMAL_DATA = load(EXAMPLES / "minimal.yaml").data


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


PATHS = [p for p in _paths(MINIMAL_DATA) if p]
plausible = (documents | amounts.map(str) | st.sampled_from(FUNCTION_ITEMS + ECONOMIC_ITEMS)
             | st.sampled_from(("基本", "项目", "一般公共预算", "事业收入", "", "0", "-1", "1e400", "NaN",
                                "{{ x }}", "R&D <x>", "\x1b[2J", "9" * 30)))


@SLOW
@given(st.lists(st.tuples(st.sampled_from(PATHS), plausible), min_size=1, max_size=4))
def test_random_edits_of_the_example_never_crash(edits):
    import copy

    data = copy.deepcopy(MINIMAL_DATA)
    for path, value in edits:
        node = data
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    with scratch("input.yaml") as path:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        report = load_or_refuse(path)
    if report is not None and report.valid:
        render_bytes(report.derived)



# Random values typed into random cells of the shipped workbook: the xlsx reader and the validator
# refuse or report, never crash.
cell_values = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False)
               | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
               | st.dates().map(lambda d: __import__("datetime").datetime(d.year, d.month, d.day))
               | st.sampled_from(("=1+1", "#DIV/0!", "部门整体", "基本", "项目", "合计", "*金额", "主要职责", " ")))


@functools.lru_cache(maxsize=1)
def shipped_workbook():
    """The shipped workbook, opened once: each example edits it and puts it back as it was
    (opening it anew cost half a second of every example)."""
    import openpyxl

    return openpyxl.load_workbook(EXAMPLES / "minimal.xlsx")


@contextmanager
def typed_into(wb, edits):
    """`edits` typed into the workbook for the duration of the block, then undone exactly (cells
    that did not exist before are removed again, so no example sees another's traces)."""
    from openpyxl.cell.cell import MergedCell

    undo = []
    try:
        for sheet, r, c, value in edits:
            ws = wb.worksheets[sheet % len(wb.worksheets)]
            existed = (r, c) in ws._cells
            cell = ws.cell(r, c)
            if isinstance(cell, MergedCell):
                continue
            undo.append((ws, r, c, existed, cell.value, cell.number_format))
            cell.value = value  # a date also sets the cell's number format
        yield wb
    finally:
        for ws, r, c, existed, old, number_format in reversed(undo):
            if existed:
                ws.cell(r, c).value = old
                ws.cell(r, c).number_format = number_format
            else:
                ws._cells.pop((r, c), None)


# Each example is a full round trip (save ~0.4 s, read and validate ~0.5 s): 12 examples of up to 10
# typed cells try as many cells as the former 20 of up to 6, in 60% of the time. A deadline of 10 s
# an example (ten times the usual) still flags a reader that has turned slow.
@settings(max_examples=12, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 40), st.integers(1, 12), cell_values),
                min_size=1, max_size=10))
def test_random_cells_in_the_workbook_never_crash(edits):
    with typed_into(shipped_workbook(), edits) as wb, scratch("input.xlsx") as path:
        wb.save(path)
        load_or_refuse(path)
