"""Export workbooks for the import tests: the Shanghai district's official disclosure templates
filled the way its budget system fills them, with the nine tables of a published document and,
with `texts`, its text sheets.

The figures, headers, titles and 编制部门/单位 lines come from the cell-by-cell transcription in
tests/fixtures/shanghai/<doc>/tables.json (see its README): every printed cell lands in the
template's cell, amounts as numbers, 类 as a number and 款/项 as two-digit text (as the template
has them), blank cells blank, the 合计 row merged as printed. The texts come from the same
document's text.yaml and land where the template keeps them: the sheet's title in A1, the text in
A3 (one paragraph a line, indented as the template's sample text is), the 编制说明's numbered items
one per row below it; the 项目经费情况说明's title names the project it describes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "shanghai"
REFERENCE = Path("/work/shared/reference/shanghai")
TEMPLATES = {"部门预算": "普陀区-2026-部门预算公开模板.xlsx", "单位预算": "普陀区-2026-单位预算公开模板.xlsx"}
FIRST_TABLE_SHEET = 6  # 封面, 目录, 职能, 机构设置, 名词解释, 编制说明 come first


def transcription(doc: str) -> dict:
    return json.loads((FIXTURES / doc / "tables.json").read_text(encoding="utf-8"))


def cell_value(text: str, column_path: str):
    """A printed cell as a budget system writes it: amounts as numbers, 类 as a number."""
    text = text.strip()
    if not text:
        return None
    if column_path.endswith("/类") and text.isdigit():
        return int(text)
    if column_path.endswith(("/款", "/项")):
        return text
    plain = text.replace(",", "")
    try:
        number = float(plain)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in plain else number


def template_path(kind: str) -> Path:
    return REFERENCE / TEMPLATES[kind]


def fill_template(doc: str, target: Path, *, edit=None, texts: bool = False) -> Path:
    """The district's template for the document's kind, filled with its nine tables (and texts)."""
    data = transcription(doc)
    shutil.copyfile(template_path(data["source"]["kind"]), target)
    wb = openpyxl.load_workbook(target)
    year = data["tables"][0]["title"][:4]
    wb["封面"]["A3"] = f"上海市普陀区{year}年区级{'部门' if data['source']['kind'] == '部门预算' else '单位'}预算"
    for table, ws in zip(data["tables"], wb.worksheets[FIRST_TABLE_SHEET:]):
        fill_sheet(ws, table)
    if texts:
        fill_texts(wb, yaml.safe_load((FIXTURES / doc / "text.yaml").read_text(encoding="utf-8")))
    if edit:
        edit(wb)
    wb.save(target)
    return target


def fill_sheet(ws, table: dict) -> None:
    meta_row = next(r for r in range(1, 8) if str(ws.cell(r, 1).value or "").startswith(("编制部门", "编制单位")))
    top = next(r for r in range(meta_row + 1, meta_row + 4) if any(c.value for c in ws[r]))
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row >= top or rng.min_row in (2, meta_row):
            ws.unmerge_cells(str(rng))
    for row in ws.iter_rows(min_row=top):
        for cell in row:
            cell.value = None
    width = table["column_count"]
    ws.cell(2, 1, table["title"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for row in ws.iter_rows(min_row=meta_row, max_row=meta_row):
        for cell in row:
            cell.value = None
    ws.cell(meta_row, 1, table["compiler_line"])
    ws.cell(meta_row, width, table["unit_line"])
    for head in table["header"]:
        r, c = top + head["row"], 1 + head["col"]
        ws.cell(r, c, head["text"])
        rows, cols = head.get("rowspan", 1), head.get("colspan", 1)
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + rows - 1, end_column=c + cols - 1)
    first = top + table["header_row_count"]
    paths = table["column_paths"]
    for i, row in enumerate(table["rows"]):
        r = first + i
        for c, text in enumerate(row["cells"], 1):
            value = cell_value(text, paths[c - 1])
            if value is not None:
                ws.cell(r, c, value)
        for span in row.get("spans") or ():
            ws.merge_cells(start_row=r, start_column=1 + span["col"], end_row=r,
                           end_column=span["col"] + span.get("colspan", 1))
    if table["note"]:
        ws.cell(first + len(table["rows"]), 1, table["note"])


def indented(lines: list[str]) -> str:
    return "\n".join("    " + line for line in lines) + "\n"


def fill_texts(wb, text: dict) -> None:
    """The text sheets, in the template's order: 职能, 机构设置, 名词解释, 编制说明, then after the
    tables 其他相关情况说明 and (部门) 项目经费情况说明."""
    duties, organization, glossary, explanation = wb.worksheets[2:6]
    duties["A1"] = text["duties"]["heading"]
    duties["A3"] = indented(text["duties"]["paragraphs"] + text["duties"]["items"])
    organization["A1"] = text["organization"]["heading"]
    organization["A3"] = indented(text["organization"]["paragraphs"] + text["organization"].get("units", []))
    glossary["A3"] = indented([item["text"] for item in text["glossary"]["items"]])
    explanation["A1"] = text["explanation"]["heading"]
    explanation["A3"] = indented(text["explanation"]["paragraphs"])
    for row, item in enumerate(text["explanation"]["items"], 4):
        explanation.cell(row, 1, "    " + item["text"])
    other = text["other"]
    sections = [other[k] for k in ("three_public", "operating_expenses", "procurement", "performance", "assets")]
    wb["其他相关情况说明"]["A3"] = indented([line for s in sections for line in [s["heading"], *s["paragraphs"]]])
    if "projects" in text:
        ws = wb["项目经费情况说明"]
        ws["A1"] = "中介机构服务费项目经费情况说明"  # the one description there is (fixtures README, item 7)
        lines = []
        for f in text["projects"]["fields"]:
            lines += [f["heading"], f["text"]] + ([f["after"]] if f.get("after") else [])
        ws["A3"] = indented(lines)
