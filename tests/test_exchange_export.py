"""Every table of the document as data: one CSV per table and a Fiscal Data Package descriptor, or
one JSON file. The tables are the document's: for every shipped profile and every shipped example,
each exported CSV is the corresponding table of the rendered document, cell for cell."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from docx import Document
from docx.table import Table

from budgetauthor import load, validate
from budgetauthor.errors import OutputError
from budgetauthor.exchange.export import export_tables
from budgetauthor.profiles import load_profile, shipped
from budgetauthor.render.engine import render_bytes

from .helpers import EXAMPLES

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
PROFILES = [p.name for p in shipped()]


@functools.cache
def derived_of(example: str):
    return validate(load(EXAMPLES / example)).derived


@pytest.fixture(scope="module")
def zengdu():
    return derived_of("zengdu-2024.yaml")


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel opens UTF-8 with a BOM as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def document_tables_of(data: bytes) -> list[tuple[list[str], list[list[str]]]]:
    """Each body table of a rendered document, as python-docx reads it (a merged cell's text in
    every grid column it covers), with the texts of the paragraphs between it and the previous one."""
    doc = Document(io.BytesIO(data))
    out, paragraphs = [], []
    for element in doc.element.body:
        if element.tag.endswith("}p"):
            paragraphs.append("".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")).strip())
        elif element.tag.endswith("}tbl"):
            rows = [[cell.text for cell in row.cells] for row in Table(element, doc).rows]
            out.append((paragraphs, rows))
            paragraphs = []
    return out


def joined_header(rows: list[list[str]], width: int) -> list[str]:
    """A column's name: its header cells top to bottom, spacing dropped, a merged cell once
    ("第3列" for a column without a header: a form's rows are all body)."""
    names = []
    for j in range(width):
        parts: list[str] = []
        for row in rows:
            text = re.sub(r"\s+", "", row[j]) if j < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append("-".join(parts) or f"第{j + 1}列")
    return names


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_every_exported_table_is_the_documents_table_cell_for_cell(tmp_path, example, profile):
    derived, layout = derived_of(example), load_profile(profile)
    export_tables(derived, tmp_path, "csv", profile=layout)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    printed = document_tables_of(render_bytes(derived, profile=layout))
    position = 0
    for resource in package["resources"]:
        rows = read_csv(tmp_path / resource["path"])
        while resource["title"] not in printed[position][0]:  # the tables come in the document's order
            position += 1
        grid = [r for r in printed[position][1] if any(c.strip() for c in r)]  # printed blank lines are no data
        header, body = rows[0], rows[1:]
        split = len(grid) - len(body)
        assert grid[split:] == body, resource["title"]
        width = max(len(r) for r in printed[position][1])
        assert joined_header(grid[:split], width) == header, resource["title"]
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        position += 1
    assert len(package["resources"]) == len(printed)  # every table of the document, none left out


def test_the_standard_export_has_the_standard_tables_in_order_with_their_printed_titles(tmp_path, zengdu):
    files = export_tables(zengdu, tmp_path / "公开数据", "csv").paths
    assert [f.name for f in files] == [
        "01_部门收支总表.csv", "02_部门收入总表.csv", "03_部门支出总表.csv", "04_财政拨款收支总表.csv",
        "05_一般公共预算支出表.csv", "06_一般公共预算基本支出表.csv", "07_一般公共预算“三公”经费支出表.csv",
        "08_政府性基金预算支出表.csv", "09_国有资本经营预算支出表.csv", "10_项目支出表.csv", "11_政府采购预算表.csv",
        "12_部门整体绩效指标.csv", "13_12345热线工作专项经费项目支出绩效目标表.csv",
        "14_电子政务外网OA系统使用费项目支出绩效目标表.csv", "15_互联网+放管服便民寄递项目经费项目支出绩效目标表.csv",
        "16_政务公开工作经费项目支出绩效目标表.csv", "17_曾都区人民政府门户网站维护费项目支出绩效目标表.csv",
        "18_市、区合署办公项目经费项目支出绩效目标表.csv", "19_放管服改革项目经费项目支出绩效目标表.csv",
        "20_政府购买服务项目支出绩效目标表.csv", "datapackage.json"]
    package = json.loads((tmp_path / "公开数据" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["title"] for r in package["resources"]][:2] == ["表1　部门收支总表", "表2　部门收入总表"]


def test_the_csv_figures_are_the_documents(tmp_path, zengdu):
    export_tables(zengdu, tmp_path, "csv")
    rows = read_csv(tmp_path / "05_一般公共预算支出表.csv")
    assert rows[0] == ["科目编码", "科目名称", "合计", "基本支出-小计", "基本支出-人员经费", "基本支出-公用经费", "项目支出"]
    assert rows[1] == ["", "合计", "447.48", "170.48", "157.52", "12.96", "277.00"]
    assert ["2010301", "\u3000\u3000行政运行", "135.84", "135.84", "122.88", "12.96", "0.00"] in rows
    summary = read_csv(tmp_path / "01_部门收支总表.csv")
    assert summary[0] == ["收入-项目", "收入-预算数", "支出-项目", "支出-预算数"]
    assert summary[1] == ["一、一般公共预算拨款收入", "447.48", "一、一般公共服务支出", "412.84"]
    assert summary[-1] == ["收入总计", "447.48", "支出总计", "447.48"]
    projects = read_csv(tmp_path / "10_项目支出表.csv")
    assert ["42130323016Y000000101", "\u3000\u300012345热线工作专项经费", "曾都区政务服务和大数据管理局本级", "10.00",
            "10.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"] in projects
    assert read_csv(tmp_path / "08_政府性基金预算支出表.csv")[1:] == []


def test_the_export_follows_the_chosen_profile_and_document_kind(tmp_path, zengdu):
    layout = load_profile("hubei")
    export_tables(zengdu, tmp_path / "hubei", "csv", profile=layout)
    export_tables(zengdu, tmp_path / "unit", "csv", kind="单位预算")
    hubei = json.loads((tmp_path / "hubei" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["title"] for r in hubei["resources"]][:3] == ["一、部门收支预算总表", "二、部门收入总表", "三、部门支出总表"]
    budget_tables = [n.id.replace("_", "-") for n in layout.nodes() if n.table is not None]
    assert [r["name"] for r in hubei["resources"]][: len(budget_tables)] == budget_tables
    assert len(budget_tables) == 10
    assert (tmp_path / "unit" / "01_单位收支总表.csv").exists()


def test_figures_in_yuan_where_the_profile_prints_yuan(tmp_path):
    guangdong = load_profile("guangdong")
    derived = derived_of("zengdu-2024.yaml")
    export_tables(derived, tmp_path, "csv", profile=guangdong)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    units = {f.get("unit") for r in package["resources"] for f in r["schema"]["fields"] if f["type"] == "number"}
    assert units == {guangdong.money.tables}


def test_unrounded_figures_round_to_the_printed_ones(tmp_path, zengdu):
    export_tables(zengdu, tmp_path / "printed", "csv")
    export_tables(zengdu, tmp_path / "exact", "csv", unrounded=True)
    package = json.loads((tmp_path / "printed" / "datapackage.json").read_text(encoding="utf-8"))
    compared = 0
    for resource in package["resources"]:
        numbers = [i for i, f in enumerate(resource["schema"]["fields"]) if f["type"] == "number"]
        printed = read_csv(tmp_path / "printed" / resource["path"])[1:]
        exact = read_csv(tmp_path / "exact" / resource["path"])[1:]
        for shown, full in zip(printed, exact):
            for i in numbers:
                if shown[i]:
                    value = Decimal(full[i]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                    assert f"{value:,.2f}" == shown[i]
                    compared += 1
    assert compared > 500


def test_the_descriptor_follows_the_fiscal_data_package(tmp_path, zengdu):
    export_tables(zengdu, tmp_path, "csv")
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "fiscal-data-package"
    assert package["fiscalYear"] == 2024
    assert package["title"] == "曾都区政务服务和大数据管理局2024年部门预算"
    general = package["resources"][4]
    assert general["path"] == "05_一般公共预算支出表.csv" and general["encoding"] == "utf-8-sig"
    assert general["name"] == "general" and general["title"] == "表5　一般公共预算支出表"
    fields = {f["name"]: f for f in general["schema"]["fields"]}
    assert fields["科目编码"] == {"name": "科目编码", "type": "string",
                              "columnType": "functional-classification:generic:code"}
    assert fields["合计"] == {"name": "合计", "type": "number", "columnType": "value", "decimalChar": ".",
                            "groupChar": ",", "unit": "万元", "currency": "CNY"}
    # the key: the first classification column with a value of its own on every row (the 合计 row has no code)
    assert general["schema"]["primaryKey"] == ["科目名称"]
    income = package["resources"][1]
    assert income["schema"]["primaryKey"] == ["单位名称"]
    assert fields["科目名称"]["columnType"] == "functional-classification:generic:label"
    economic = {f["name"]: f for f in package["resources"][5]["schema"]["fields"]}
    assert economic["部门预算支出经济分类科目-科目编码"]["columnType"] == "economic-classification:generic:code"
    assert package["resources"][7]["description"] == "本部门2024年无政府性基金预算支出，本表为空表。"


def test_json_export_holds_the_data_inline(tmp_path, zengdu):
    exported = export_tables(zengdu, tmp_path / "公开数据.json", "json")
    package = json.loads(exported.paths[0].read_text(encoding="utf-8"))
    assert exported.tables == 20
    first = package["resources"][0]["data"][0]
    assert first == {"收入-项目": "一、一般公共预算拨款收入", "收入-预算数": 447.48,
                     "支出-项目": "一、一般公共服务支出", "支出-预算数": 412.84}


def test_the_same_budget_exports_the_same_bytes(tmp_path, zengdu):
    first = [p.read_bytes() for p in export_tables(zengdu, tmp_path / "a", "csv").paths]
    second = [p.read_bytes() for p in export_tables(zengdu, tmp_path / "b", "csv").paths]
    assert first == second


def test_an_existing_export_is_not_overwritten_without_force(tmp_path, zengdu):
    export_tables(zengdu, tmp_path, "csv")
    with pytest.raises(OutputError, match="已存在"):
        export_tables(zengdu, tmp_path, "csv")
    export_tables(zengdu, tmp_path, "csv", force=True)


def test_a_column_the_layout_leaves_blank_for_its_zeros_is_still_a_column_of_amounts(tmp_path, zengdu):
    export_tables(zengdu, tmp_path / "printed", "csv", profile=load_profile("guangdong"))
    export_tables(zengdu, tmp_path / "exact", "csv", profile=load_profile("guangdong"), unrounded=True)
    package = json.loads((tmp_path / "printed" / "datapackage.json").read_text(encoding="utf-8"))
    three_public = next(r for r in package["resources"] if r["name"] == "three-public")
    assert [(f["name"], f["type"]) for f in three_public["schema"]["fields"]] == [
        ("项目", "string"), ("合计", "number"), ("一般公共预算", "number"), ("政府性基金预算", "number"),
        ("国有资本经营预算", "number")]
    assert read_csv(tmp_path / "printed" / three_public["path"])[1] == ["行政经费", "170.48", "170.48", "", ""]
    assert read_csv(tmp_path / "exact" / three_public["path"])[1] == ["行政经费", "170.4836", "170.4836", "0", "0"]


def test_a_template_without_blocks_names_its_tables_itself(tmp_path, zengdu):
    """A bureau's template laid out by hand (no block markers) prints `blocks.<id>` where it likes;
    its tables are exported as it prints them."""
    import shutil

    from docx import Document as NewDocument

    folder = tmp_path / "手排版式"
    shutil.copytree(load_profile("standard").folder, folder)
    doc = NewDocument()
    doc.add_paragraph("{{ blocks.summary.title }}")
    table = doc.add_table(rows=4, cols=2)
    for row, (left, right) in zip(table.rows, [("收入项目", "金额"), ("{%tr for r in blocks.summary.rows %}", ""),
                                               ("{{ r.in_label }}", "{{ r.in_amount }}"), ("{%tr endfor %}", "")]):
        row.cells[0].text, row.cells[1].text = left, right
    doc.save(folder / "template.docx")
    exported = export_tables(zengdu, tmp_path / "out", "csv", profile=load_profile(folder))
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert exported.tables == 1 and package["resources"][0]["name"] == "summary"
    rows = read_csv(tmp_path / "out" / package["resources"][0]["path"])
    assert rows[:2] == [["收入项目", "金额"], ["一、一般公共预算拨款收入", "447.48"]]
    printed = document_tables_of(render_bytes(zengdu, profile=load_profile(folder)))
    assert [r for r in printed[0][1] if any(r)] == rows
