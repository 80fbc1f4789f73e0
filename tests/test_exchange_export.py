"""Every table of the document as data: one CSV per table and a Fiscal Data Package descriptor, or
one JSON file; the figures are the ones the document prints."""

from __future__ import annotations

import csv
import io
import json

import pytest

from budgetauthor import load, validate
from budgetauthor.errors import OutputError
from budgetauthor.exchange import tables as T
from budgetauthor.exchange.export import export_tables

from .helpers import EXAMPLES


@pytest.fixture(scope="module")
def zengdu():
    return validate(load(EXAMPLES / "zengdu-2024.yaml")).derived


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel opens UTF-8 with a BOM as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_export_writes_one_file_per_table_and_a_descriptor(tmp_path, zengdu):
    files = export_tables(zengdu, tmp_path / "公开数据", "csv")
    assert [f.name for f in files] == [f"{i:02d}_{t.title}.csv" for i, t in enumerate(T.STANDARD, 1)] + [
        "datapackage.json"]


def test_the_csv_figures_are_the_documents(tmp_path, zengdu):
    export_tables(zengdu, tmp_path, "csv")
    rows = read_csv(tmp_path / "05_一般公共预算支出表.csv")
    assert rows[0] == ["行类型", "层级", "科目编码", "科目名称", "合计", "基本支出", "基本支出-人员经费",
                       "基本支出-公用经费", "项目支出"]
    assert rows[1] == ["合计", "", "", "合计", "447.48", "170.48", "157.52", "12.96", "277.00"]
    assert ["明细", "项", "2010301", "行政运行", "135.84", "135.84", "122.88", "12.96", "0.00"] in rows
    summary = read_csv(tmp_path / "01_收支总表.csv")
    assert summary[1] == ["明细", "一、一般公共预算拨款收入", "447.48", "一、一般公共服务支出", "412.84"]
    assert summary[-1] == ["合计", "收入总计", "447.48", "支出总计", "447.48"]
    projects = read_csv(tmp_path / "10_项目支出表.csv")
    assert ["明细", "42130323016Y000000101", "12345热线工作专项经费", "曾都区政务服务和大数据管理局本级", "10.00",
            "10.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"] in projects
    assert read_csv(tmp_path / "08_政府性基金预算支出表.csv")[1:] == []


def test_the_descriptor_follows_the_fiscal_data_package(tmp_path, zengdu):
    export_tables(zengdu, tmp_path, "csv")
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "fiscal-data-package"
    assert package["fiscalYear"] == 2024
    assert len(package["resources"]) == 10
    general = package["resources"][4]
    assert general["path"] == "05_一般公共预算支出表.csv" and general["encoding"] == "utf-8-sig"
    fields = {f["name"]: f for f in general["schema"]["fields"]}
    assert fields["科目编码"]["columnType"] == "functional-classification:generic:code"
    assert fields["合计"] == {"name": "合计", "title": "合计", "type": "number", "columnType": "value",
                            "decimalChar": ".", "groupChar": "", "unit": "万元", "currency": "CNY"}
    assert package["resources"][7]["description"] == "无政府性基金预算支出，本表为空表"


def test_json_export_holds_the_data_inline(tmp_path, zengdu):
    [path] = export_tables(zengdu, tmp_path / "公开数据.json", "json")
    package = json.loads(path.read_text(encoding="utf-8"))
    first = package["resources"][0]["data"][0]
    assert first == {"行类型": "明细", "收入项目": "一、一般公共预算拨款收入", "收入金额": 447.48,
                     "支出项目": "一、一般公共服务支出", "支出金额": 412.84}


def test_the_same_budget_exports_the_same_bytes(tmp_path, zengdu):
    first = [p.read_bytes() for p in export_tables(zengdu, tmp_path / "a", "csv")]
    second = [p.read_bytes() for p in export_tables(zengdu, tmp_path / "b", "csv")]
    assert first == second


def test_an_existing_export_is_not_overwritten_without_force(tmp_path, zengdu):
    export_tables(zengdu, tmp_path, "csv")
    with pytest.raises(OutputError, match="已存在"):
        export_tables(zengdu, tmp_path, "csv")
    export_tables(zengdu, tmp_path, "csv", force=True)
