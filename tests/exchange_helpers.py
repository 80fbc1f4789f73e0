"""Export workbooks for the import tests: the Shanghai district's official disclosure template
filled the way its budget system fills it, with the figures of a published document.

The figures are transcribed from 普陀区财政局-2025-部门预算.pdf (../shared/reference/shanghai/),
tables 1–9, in 元 as printed (the "三公" table in 万元, as printed). Zero cells are left blank, as
the document leaves them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

REFERENCE = Path("/work/shared/reference/shanghai")
TEMPLATE = REFERENCE / "普陀区-2026-部门预算公开模板.xlsx"
DEPARTMENT = "上海市普陀区财政局"
YEAR = 2025

# 功能分类 rows of 表2/3/5: (code, name, total, basic, project)
FUNCTION_ROWS = [
    ("201", "一般公共服务支出", "22186440.80", "16093326.00", "6093114.80"),
    ("20106", "财政事务", "22186440.80", "16093326.00", "6093114.80"),
    ("2010601", "行政运行", "16231840.80", "16093326.00", "138514.80"),
    ("2010602", "一般行政管理事务", "100000.00", None, "100000.00"),
    ("2010607", "信息化建设", "1666600.00", None, "1666600.00"),
    ("2010608", "财政委托业务支出", "4188000.00", None, "4188000.00"),
    ("208", "社会保障和就业支出", "3508644.00", "3508644.00", None),
    ("20805", "行政事业单位养老支出", "3508644.00", "3508644.00", None),
    ("2080501", "行政单位离退休", "877080.00", "877080.00", None),
    ("2080505", "机关事业单位基本养老保险缴费支出", "1748327.00", "1748327.00", None),
    ("2080506", "机关事业单位职业年金缴费支出", "873617.00", "873617.00", None),
    ("2080599", "其他行政事业单位养老支出", "9620.00", "9620.00", None),
    ("210", "卫生健康支出", "782164.00", "782164.00", None),
    ("21011", "行政事业单位医疗", "782164.00", "782164.00", None),
    ("2101101", "行政单位医疗", "782164.00", "782164.00", None),
    ("221", "住房保障支出", "4736957.00", "4736957.00", None),
    ("22102", "住房改革支出", "4736957.00", "4736957.00", None),
    ("2210201", "住房公积金", "2049197.00", "2049197.00", None),
    ("2210203", "购房补贴", "2687760.00", "2687760.00", None),
]
FUNCTION_TOTAL = ("31214205.80", "25121091.00", "6093114.80")

# 表8 一般公共预算基本支出 by 经济分类: (code, name, total, personnel, public)
ECONOMIC_ROWS = [
    ("301", "工资福利支出", "22109516.00", "22109516.00", "0.00"),
    ("30101", "基本工资", "2642448.00", "2642448.00", "0.00"),
    ("30102", "津贴补贴", "13012070.00", "13012070.00", "0.00"),
    ("30108", "机关事业单位基本养老保险缴费", "1748327.00", "1748327.00", "0.00"),
    ("30109", "职业年金缴费", "873617.00", "873617.00", "0.00"),
    ("30110", "职工基本医疗保险缴费", "782164.00", "782164.00", "0.00"),
    ("30112", "其他社会保障缴费", "28428.00", "28428.00", "0.00"),
    ("30113", "住房公积金", "2049197.00", "2049197.00", "0.00"),
    ("30199", "其他工资福利支出", "973265.00", "973265.00", "0.00"),
    ("302", "商品和服务支出", "2204335.00", "0.00", "2204335.00"),
    ("30201", "办公费", "170000.00", "0.00", "170000.00"),
    ("30202", "印刷费", "120000.00", "0.00", "120000.00"),
    ("30204", "手续费", "1000.00", "0.00", "1000.00"),
    ("30207", "邮电费", "50000.00", "0.00", "50000.00"),
    ("30211", "差旅费", "20000.00", "0.00", "20000.00"),
    ("30213", "维修（护）费", "50000.00", "0.00", "50000.00"),
    ("30215", "会议费", "10000.00", "0.00", "10000.00"),
    ("30216", "培训费", "30000.00", "0.00", "30000.00"),
    ("30217", "公务接待费", "9500.00", "0.00", "9500.00"),
    ("30226", "劳务费", "30000.00", "0.00", "30000.00"),
    ("30227", "委托业务费", "100000.00", "0.00", "100000.00"),
    ("30228", "工会经费", "258915.00", "0.00", "258915.00"),
    ("30229", "福利费", "436320.00", "0.00", "436320.00"),
    ("30239", "其他交通费用", "506480.00", "0.00", "506480.00"),
    ("30299", "其他商品和服务支出", "412120.00", "0.00", "412120.00"),
    ("303", "对个人和家庭的补助", "717240.00", "717240.00", "0.00"),
    ("30302", "退休费", "717240.00", "717240.00", "0.00"),
    ("310", "资本性支出", "90000.00", "0.00", "90000.00"),
    ("31002", "办公设备购置", "90000.00", "0.00", "90000.00"),
]
ECONOMIC_TOTAL = ("25121091.00", "22826756.00", "2294335.00")
TOTAL = "31214205.80"
# 表1: the income side as printed (labels differ a little from the template's).
INCOME_SIDE = [("一、财政拨款收入", TOTAL), ("1. 一般公共预算资金", TOTAL), ("2. 政府性基金", None),
               ("3. 国有资本经营预算", None), ("二、事业收入", None), ("三、事业单位经营收入", None), ("四、其他收入", None)]
CLASSES = [("一、一般公共服务支出", "22186440.80"), ("二、社会保障和就业支出", "3508644.00"),
           ("三、卫生健康支出", "782164.00"), ("四、住房保障支出", "4736957.00")]
# 表9 in 万元: 三公 0.95 (all 公务接待费), 机关运行经费 229.43.
THREE_PUBLIC = {"A": 0.95, "C": 0.95, "G": 229.43}


def number(text):
    if text is None:
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def clear(ws, first_row: int) -> None:
    """Remove the template's sample rows (and merges) from `first_row` down."""
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row >= first_row:
            ws.unmerge_cells(str(rng))
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            cell.value = None


def meta(ws, row: int, unit_col: str, unit: str = "单位：元") -> None:
    ws[f"A{row}"] = f"编制部门：{DEPARTMENT}"
    ws[f"{unit_col}{row}"] = unit


def function_sheet(ws, rows, total, *, columns: str = "EFG", income: bool = False) -> None:
    """表2/3/5–7: 类 | 款 | 项 | 名称 | figures, then the 合计 row merged over A:D."""
    clear(ws, 9)
    r = 9
    for code, name, *figures in rows:
        ws[f"A{r}"] = int(code[:3])
        if len(code) >= 5:
            ws[f"B{r}"] = code[3:5]
        if len(code) == 7:
            ws[f"C{r}"] = code[5:7]
        ws[f"D{r}"] = name
        values = [figures[0], figures[0]] if income else figures
        for col, value in zip(columns, values):
            ws[f"{col}{r}"] = number(value)
        r += 1
    ws[f"A{r}"] = "合计"
    ws.merge_cells(f"A{r}:D{r}")
    for col, value in zip(columns, [total[0], total[0]] if income else total):
        ws[f"{col}{r}"] = number(value)


def fill_template(target: Path, *, tables: dict | None = None) -> Path:
    """The 部门 template filled with the 财政局's 2025 figures, saved as `target`."""
    shutil.copyfile(TEMPLATE, target)
    wb = openpyxl.load_workbook(target)
    wb["封面"]["A3"] = f"上海市普陀区{YEAR}年区级部门预算"
    wb["封面"]["A9"] = f"预算主管部门：{DEPARTMENT}"
    ws = wb["部门收支总表"]
    ws["A2"] = f"{YEAR}年部门财务收支预算总表"
    meta(ws, 4, "D")
    clear(ws, 8)
    for i, (label, amount) in enumerate(INCOME_SIDE):
        ws[f"A{8 + i}"], ws[f"B{8 + i}"] = label, number(amount)
    for i, (label, amount) in enumerate(CLASSES):
        ws[f"C{8 + i}"], ws[f"D{8 + i}"] = label, number(amount)
    ws["A21"], ws["B21"], ws["C21"], ws["D21"] = "收入总计", number(TOTAL), "支出总计", number(TOTAL)

    ws = wb["部门收入总表"]
    ws["A2"] = f"{YEAR}年部门收入预算总表"
    meta(ws, 4, "I")
    function_sheet(ws, FUNCTION_ROWS, FUNCTION_TOTAL, columns="EF", income=True)

    for sheet, title in (("部门支出总表", "部门支出预算总表"), ("部门一般公共预算拨款表", "部门一般公共预算支出功能分类预算表")):
        ws = wb[sheet]
        ws["A2"] = f"{YEAR}年{title}"
        meta(ws, 4, "G")
        function_sheet(ws, FUNCTION_ROWS, FUNCTION_TOTAL)

    ws = wb["部门财政拨款收支总表"]
    ws["A2"] = f"{YEAR}年部门财政拨款收支预算总表"
    meta(ws, 4, "G")
    clear(ws, 8)
    for i, label in enumerate(("一、一般公共预算资金", "二、政府性基金", "三、国有资本经营预算")):
        ws[f"A{8 + i}"] = label
    ws["B8"] = number(TOTAL)
    for i, (label, amount) in enumerate(CLASSES):
        ws[f"C{8 + i}"], ws[f"D{8 + i}"], ws[f"E{8 + i}"] = label, number(amount), number(amount)
    ws["A21"], ws["B21"], ws["C21"], ws["D21"], ws["E21"] = "收入总计", number(TOTAL), "支出总计", number(TOTAL), number(TOTAL)

    for sheet in ("部门政府性基金拨款表", "部门国有资本经营预算拨款表 "):
        ws = wb[sheet]
        meta(ws, 4, "G")
        clear(ws, 9)
        ws["A13"] = "合计"
        ws.merge_cells("A13:D13")
        ws["A14"] = f"注:本部门{YEAR}年无政府性基金预算财政拨款安排的预算，故本表为空表。"

    ws = wb["部门一般公共预算拨款基本支出明细表"]
    ws["A2"] = f"{YEAR}年部门一般公共预算基本支出部门预算经济分类预算表"
    meta(ws, 4, "F")
    clear(ws, 9)
    r = 9
    for code, name, *figures in ECONOMIC_ROWS:
        ws[f"A{r}"] = int(code[:3])
        if len(code) == 5:
            ws[f"B{r}"] = code[3:]
        ws[f"C{r}"] = name
        for col, value in zip("DEF", figures):
            ws[f"{col}{r}"] = number(value)
        r += 1
    ws[f"A{r}"] = "合计"
    ws.merge_cells(f"A{r}:C{r}")
    for col, value in zip("DEF", ECONOMIC_TOTAL):
        ws[f"{col}{r}"] = number(value)

    ws = wb["部门“三公”经费和机关运行费预算表"]
    ws["A2"] = f"{YEAR}年部门“三公”经费和机关运行经费预算表"
    ws["A3"] = f"编制部门：{DEPARTMENT}"
    for col, value in THREE_PUBLIC.items():
        ws[f"{col}7"] = value
    for name, edit in (tables or {}).items():
        edit(wb[name])
    wb.save(target)
    return target
