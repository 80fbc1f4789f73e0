"""The 填报说明 sheet: how to fill the workbook, with one example row per sheet, built from the
layout so that the instructions always name the real headers."""

from __future__ import annotations

import math

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ..text import display_width
from .layout import SHEETS, Rows, Table

GUIDE_COLUMNS = 12
GUIDE_WIDTH = 14  # characters per column
FONT = "宋体"
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE = Font(name=FONT, size=18, bold=True, color="1F3864")
_HEADING = Font(name=FONT, size=13, bold=True, color="1F3864")
_SUBHEADING = Font(name=FONT, size=11, bold=True)
_BODY = Font(name=FONT, size=11)
_SMALL = Font(name=FONT, size=10)
_HEADER_FILL = PatternFill("solid", fgColor="BDD7EE")
_EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")


def line_count(text: str, width_chars: float) -> int:
    """Lines `text` takes when wrapped in a cell `width_chars` wide."""
    usable = max(width_chars - 2, 1)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def text_height(text: str, width_chars: float, line: float = 15.0) -> float:
    """Row height (points) for wrapped text (Excel will not auto-fit merged cells)."""
    return line_count(text, width_chars) * line + 4


STEPS = (
    ("按顺序填写各工作表：基本信息 → 职责与机构 → 批复控制数 → 预算明细 → 项目 → 绩效指标 → "
     "上年数与变动原因 → 三公经费与机关运行经费 → 政府采购 → 国有资产 → 其他事项。没有的内容可以不填。"),
    ("保存后在命令行运行：budgetauthor validate 本文件.xlsx —— 检查金额勾稽、科目编码和必备内容，"
     "每个问题都会指出工作表和单元格（如“预算明细!I12”）。"),
    "检查通过后运行：budgetauthor render 本文件.xlsx -o 部门预算.docx —— 生成部门预算公开文件。",
)

RULES = (
    "白色单元格是填写区；灰色单元格（行标签、说明、自动显示的科目名称）不用填写；蓝色表头不要修改，带 * 的列或项目为必填。",
    "金额只填数字，不要带“万元”“元”；金额单位在“基本信息”表中统一填写。可以直接输入 1148.3，也可以是 1,148.30。",
    "编码（单位编码、科目编码）按文本填写，开头的 0 会保留；科目可从下拉列表选择“编码 名称”，本工具只取前面的编码。",
    "所有合计、小计和表格都由本工具根据“预算明细”重新计算，表中的公式只为方便查看，不作为数据读取。",
    "空行会自动跳过；可以调整列的顺序（按表头文字识别），也可以增加自己的工作表，本工具只读取下列工作表。",
    ("工作表已保护（没有密码），以防误改表头。需要插入或删除整行时：Excel 或 WPS 中点“审阅 → 撤销工作表保护”，"
     "改完后可再点“保护工作表”（不设密码）。预留行不够时，在最后一行下方继续填写即可。"),
    "下拉列表中的科目来自{origin}；财政部门另有科目目录时，运行时加 --catalog 目录文件 校验。",
)


class _Guide:
    def __init__(self, ws, year: int, origin: str):
        self.ws = ws
        self.year = year
        self.origin = origin
        self.row = 1

    def write(self) -> None:
        ws = self.ws
        for j in range(1, GUIDE_COLUMNS + 1):
            ws.column_dimensions[chr(64 + j)].width = GUIDE_WIDTH
        self.line(f"{self.year}年部门预算填报表 · 填报说明", _TITLE, height=30)
        self.line("本工作簿用于填写部门预算数据。填好后由 budgetauthor 校验并生成部门预算公开文件（Word）。", _BODY)
        self.row += 1
        self.heading("一、填报步骤")
        for i, step in enumerate(STEPS, start=1):
            self.line(f"{i}. {step}", _BODY)
        self.row += 1
        self.heading("二、通用规则")
        for i, rule in enumerate(RULES, start=1):
            self.line(f"{i}. {rule.format(origin=self.origin)}", _BODY)
        self.row += 1
        self.heading("三、各工作表及填写示例（黄色行为示例，不要填在本页）")
        for n, sheet in enumerate(SHEETS, start=1):
            self.line(f"{n}. {sheet.name}：{sheet.intro}", _SUBHEADING)
            for block in sheet.blocks:
                self.example(block)
            self.row += 1
        ws.protection.sheet = True
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def line(self, text: str, font: Font, height: float | None = None, fill=None) -> None:
        ws = self.ws
        cell = ws.cell(self.row, 1, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if fill:
            cell.fill = fill
        ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=GUIDE_COLUMNS)
        ws.row_dimensions[self.row].height = height or text_height(text, GUIDE_COLUMNS * GUIDE_WIDTH)
        self.row += 1

    def heading(self, text: str) -> None:
        self.line(text, _HEADING, height=22, fill=_HEADING_FILL)

    def example(self, block: Table | Rows) -> None:
        columns = [c for c in block.columns if c.key != "hint"][:GUIDE_COLUMNS]
        self.line(f"【{block.title}】", _SMALL)
        headers = [("*" if c.required else "") + c.header for c in columns]
        self.cells(headers, _HEADER_FILL, bold=True)
        for row in self.example_rows(block, columns):
            self.cells(row, _EXAMPLE_FILL)

    @staticmethod
    def example_rows(block: Table | Rows, columns) -> list[list[str]]:
        if isinstance(block, Table):
            return [[c.example for c in columns]]
        keys = [c.key for c in columns]
        rows = []
        samples = [(e.label, "", e.example) for e in block.fixed if e.example][:2]
        for label, key, value in samples + list(block.examples):
            first_value = next(k for k in keys if k not in ("label", "key", "name"))
            values = {"label": label, "key": key, first_value: value}
            rows.append([values.get(k, "") for k in keys])
        return rows

    def cells(self, values: list[str], fill, bold: bool = False) -> None:
        longest = 1
        for j, value in enumerate(values, start=1):
            cell = self.ws.cell(self.row, j, value)
            cell.font = Font(name=FONT, size=10, bold=bold)
            cell.fill, cell.border = fill, _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            longest = max(longest, math.ceil(display_width(value) / (GUIDE_WIDTH - 2)))
        self.ws.row_dimensions[self.row].height = 14 * longest + 4
        self.row += 1


def write(ws, year: int, origin: str) -> None:
    _Guide(ws, year, origin).write()
