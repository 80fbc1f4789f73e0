"""Acceptance: `budgetauthor init`, a person types an example into the input cells, and the
workbook validates to the same model — and renders the same document — as the YAML example.

The filler below knows only what a clerk sees (sheet names, header texts, row labels); it does
not call the workbook writer or its layout.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from budgetauthor import catalog, load, validate
from budgetauthor.cli import main

from .helpers import EXAMPLES
from .xlsx_helpers import first_empty, header_row, label_row, typed

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

PROFILE_LABELS = {"name": "部门名称", "code": "部门编码", "year": "预算年度", "level": "行政级别",
                  "amount_unit": "金额单位", "kind": "文件种类", "style": "版式方案"}
DUTY_LISTS = {"duties": "主要职责", "tasks": "年度主要工作任务", "internal_departments": "内设机构"}
DUTY_TEXTS = {"duties_intro": "职责导语", "organization_note": "机构设置说明"}
STAFFING = {"authorized": "编制人数", "serving": "在职人员", "retired": "离退休人员", "other": "其他人员"}
STAFF_TOTALS = {"authorized_total": "编制人数合计", "actual": "实有人数", "serving_total": "在职人员小计",
                "retired_total": "离退休人员小计"}
APPROVED_LABELS = {"income_total": "收入总计", "expenditure_total": "支出总计", "fiscal": "财政拨款合计",
                   "basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "public": "公用经费"}
APPROVED_MAPS = {"by_source": "分资金来源", "by_unit": "分单位", "by_function": "分功能科目",
                 "by_economic": "分经济科目"}
PARTS = {"total": "合计", "basic": "基本支出", "project": "项目支出", "fiscal": "财政拨款"}
LEDGER = {"unit": "单位编码", "function": "功能分类科目编码", "function_name": "功能分类科目名称",
          "economic": "经济分类科目编码", "economic_name": "经济分类科目名称",
          "kind": "支出类型", "project": "项目名称", "source": "资金来源", "amount": "金额", "note": "备注"}
PROJECT = {"name": "项目名称", "code": "项目编码", "unit": "实施单位编码", "category": "项目类别",
           "amount": "项目金额", "summary": "项目概述", "basis": "立项依据", "implementer": "实施主体",
           "plan": "实施方案", "period": "实施周期", "midterm_goal": "中期绩效目标", "goal": "年度绩效目标",
           "described_in": "说明见项目", "performance_target": "编报绩效目标"}
INDICATOR = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "operator": "计算符号",
             "value": "指标值", "unit": "计量单位", "note": "指标说明"}
PREVIOUS_LABELS = {"income_total": "收入总计", "expenditure_total": "支出总计", "fiscal": "财政拨款合计",
                   "basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "public": "公用经费",
                   "general_public": "一般公共预算拨款", "gov_fund": "政府性基金预算拨款",
                   "state_capital": "国有资本经营预算拨款", "operating_expenses": "机关运行经费",
                   "procurement": "政府采购预算"}
THREE_PUBLIC = {"total": "“三公”经费合计", "abroad": "因公出国（境）费", "reception": "公务接待费",
                "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费"}
PREVIOUS_MAPS = {"by_source": "分资金来源", "by_function": "分功能科目", "by_economic": "分经济科目",
                 "execution": "分功能科目执行数"}
COMPARISON = {"amount": "上年数", "change": "增减额", "reason": "变动原因"}
PROCUREMENT = {"unit": "单位编码", "project": "项目名称", "item": "采购品目", "category": "采购类别",
               "function": "功能分类科目编码", "economic": "经济分类科目编码", "quantity": "数量",
               "measure": "计量单位", "amount": "采购金额", "sme_amount": "面向中小企业金额"}
ASSET_FORM = {"as_of": "资产统计截止日期", "large_equipment_label": "大型设备口径",
              "large_equipment": "大型设备台（套）数", "planned_vehicles": "拟购置车辆数",
              "planned_large_equipment": "拟购置大型设备台（套）数",
              "planned_large_equipment_amount": "拟购置大型设备金额", "note": "资产说明"}
HOLDING = {"name": "资产项目", "parent": "所属项目", "amount": "金额", "previous": "上年金额", "reason": "变动原因"}
NUMBERS = {"amount", "sme_amount", "previous", "change", "total", "basic", "project", "fiscal", "quantity",
           "year", "large_equipment", "planned_vehicles", "planned_large_equipment",
           "planned_large_equipment_amount", "reason_threshold"}


class Clerk:
    """Types a budget (plain data of a YAML example) into the template's input cells."""

    def __init__(self, wb, data: dict):
        self.wb = wb
        self.data = data
        year = int(str(data["profile"]["year"]))
        self.catalog = catalog.builtin(year)

    def code_choice(self, scheme: str, code: str) -> str:
        """A code as picked from the drop-down ("2012601 行政运行") when the list has it."""
        name = self.catalog.name(scheme, code)
        return f"{code} {name}" if name else code

    @staticmethod
    def put(ws, row: int, col: int, key: str, value) -> None:
        if value is not None:
            ws.cell(row, col).value = typed(value, "number" if key in NUMBERS else "text")

    def form(self, sheet: str, values: dict[str, object], value_header: str = "填报内容",
             label_header: str = "项目") -> None:
        ws = self.wb[sheet]
        head, cols = header_row(ws, label_header, value_header)
        for label, (key, value) in values.items():
            if value is not None:
                self.put(ws, label_row(ws, label, head), cols[value_header], key, value)

    def table(self, sheet: str, headers: dict[str, str], records: list[dict], *required: str,
              after: int = 0, extra=None) -> None:
        ws = self.wb[sheet]
        head, cols = header_row(ws, *(required or (next(iter(headers.values())),)), after=after)
        for i, record in enumerate(records):
            row = head + 1 + i
            for key, header in headers.items():
                value = record.get(key)
                if key == "function" and value and sheet == "预算明细":
                    value = self.code_choice("function", value)
                self.put(ws, row, cols[header], key, value)
            if extra:
                extra(ws, row, cols, record)

    def rows(self, sheet: str, entries: list[tuple[str, str | None, dict[str, object]]],
             *headers: str) -> None:
        """Free rows: 类别/指标 in column A, the key in the second column, values by header."""
        ws = self.wb[sheet]
        head, cols = header_row(ws, *headers)
        for label, key, values in entries:
            row = first_empty(ws, 1, head + 1)
            ws.cell(row, 1).value = label
            if key is not None:
                ws.cell(row, 2).value = key
            for header, (field, value) in values.items():
                self.put(ws, row, cols[header], field, value)

    def fill(self) -> None:
        d = self.data
        self.fill_profile(d["profile"], d.get("settings") or {})
        self.fill_approved(d["approved"])
        self.table("预算明细", LEDGER, d["ledger"], "金额")
        projects = d.get("projects") or []
        self.table("项目", PROJECT, projects, "项目名称", "项目金额")
        self.fill_performance(projects, d.get("performance") or {})
        self.fill_previous(d.get("previous") or {})
        self.fill_three_public(d.get("three_public") or {}, d.get("operating_expenses") or {})
        self.fill_procurement(d.get("procurement") or {})
        self.fill_assets(d.get("assets") or {})
        self.fill_other(d)

    def fill_profile(self, p: dict, settings: dict) -> None:
        values = {label: (key, p.get(key)) for key, label in PROFILE_LABELS.items()}
        values["需说明原因的变动幅度（%）"] = ("reason_threshold", settings.get("reason_threshold"))
        self.form("基本信息", values)
        self.table("基本信息", {"code": "单位编码", "name": "单位名称", "type": "单位性质"}, p["units"], "单位编码")
        entries = [(label, None, {"内容": ("text", p[key])}) for key, label in DUTY_TEXTS.items() if p.get(key)]
        for key, label in DUTY_LISTS.items():
            entries += [(label, None, {"内容": ("text", item)}) for item in p.get(key) or []]
        for key, label in STAFFING.items():
            entries += [(label, name, {"内容": ("count", n)}) for name, n in ((p.get("staffing") or {}).get(key) or {}).items()]
        for key, label in STAFF_TOTALS.items():
            if (p.get("staffing") or {}).get(key) is not None:
                entries.append((label, None, {"内容": ("count", p["staffing"][key])}))
        self.rows("职责与机构", entries, "类别", "内容")

    def fill_approved(self, a: dict) -> None:
        self.form("批复控制数", {label: (key, a.get(key)) for key, label in APPROVED_LABELS.items()}, "合计", "指标")
        entries = []
        for key, label in APPROVED_MAPS.items():
            for code, value in (a.get(key) or {}).items():
                parts = value if isinstance(value, dict) else {"total": value}
                entries.append((label, code, {PARTS[k]: (k, v) for k, v in parts.items()}))
        self.rows("批复控制数", entries, "指标", "合计")

    def fill_performance(self, projects: list[dict], perf: dict) -> None:
        self.form("绩效指标", {"部门整体中长期目标": ("text", perf.get("long_term_goal")),
                           "部门整体年度目标": ("text", perf.get("annual_goal"))})
        rows = [(p["name"], ind) for p in projects for ind in p.get("indicators") or []]
        rows += [("部门整体", ind) for ind in perf.get("indicators") or []]
        records = [{**ind, "_owner": owner} for owner, ind in rows]

        def owner(ws, row, cols, record):
            ws.cell(row, cols["项目名称"]).value = record["_owner"]

        self.table("绩效指标", INDICATOR, records, "一级指标", "三级指标", extra=owner)

    def fill_previous(self, prev: dict) -> None:
        ws = self.wb["上年数与变动原因"]
        head, cols = header_row(ws, "指标", "上年数")
        labelled = {label: prev.get(key) for key, label in PREVIOUS_LABELS.items()}
        labelled |= {label: (prev.get("three_public") or {}).get(key) for key, label in THREE_PUBLIC.items()}
        for label, value in labelled.items():
            if value is not None:
                row = label_row(ws, label, head)
                for key, v in (value if isinstance(value, dict) else {"amount": value}).items():
                    self.put(ws, row, cols[COMPARISON[key]], key, v)
        entries = []
        for key, label in PREVIOUS_MAPS.items():
            for code, value in (prev.get(key) or {}).items():
                value = value if isinstance(value, dict) else {"amount": value}
                entries.append((label, code, {COMPARISON[k]: (k, v) for k, v in value.items()}))
        self.rows("上年数与变动原因", entries, "指标", "上年数")

    def fill_three_public(self, three: dict, operating: dict) -> None:
        values = {label: ("amount", three.get(key)) for key, label in THREE_PUBLIC.items()}
        values["机关运行经费"] = ("amount", operating.get("amount"))
        values["机关运行经费口径"] = ("text", operating.get("definition"))
        self.form("三公经费与机关运行经费", values)

    def fill_procurement(self, proc: dict) -> None:
        categories = proc.get("by_category") or {}
        self.form("政府采购", {"政府采购预算总额": ("amount", proc.get("total")),
                           **{f"政府采购{c}预算": ("amount", categories.get(c)) for c in ("货物", "工程", "服务")}})
        self.table("政府采购", PROCUREMENT, proc.get("items") or [], "采购品目", "采购金额")

    def fill_assets(self, assets: dict) -> None:
        self.form("国有资产", {label: (key, assets.get(key)) for key, label in ASSET_FORM.items()})
        self.table("国有资产", HOLDING, assets.get("holdings") or [], "资产项目", "金额")
        vehicles = [{"kind": k, "count": v} for k, v in (assets.get("vehicles") or {}).items()]
        self.table("国有资产", {"kind": "车辆类别", "count": "辆数"}, vehicles, "车辆类别", "辆数")
        planned = [{"kind": k, "count": v} for k, v in (assets.get("planned_vehicle_kinds") or {}).items()]
        self.table("国有资产", {"kind": "拟购置车辆类别", "count": "拟购置辆数"}, planned, "拟购置车辆类别", "拟购置辆数")

    def fill_other(self, d: dict) -> None:
        entries = [("其他需要说明的问题", None, {"内容": ("text", m)}) for m in d.get("other_matters") or []]
        purposes = d.get("purposes") or {}
        for scheme, label in (("function", "功能科目用途说明"), ("economic", "经济科目用途说明")):
            entries += [(label, code, {"内容": ("text", text)}) for code, text in (purposes.get(scheme) or {}).items()]
        entries += [("补充名词解释", g["term"], {"内容": ("text", g["explanation"])}) for g in d.get("glossary") or []]
        for key, label in (("printed_names", "名称"), ("printed_codes", "编码")):
            for scheme, what in (("function", "功能"), ("economic", "经济")):
                entries += [(f"印出的{what}科目{label}", code, {"内容": ("text", text)})
                            for code, text in ((d.get(key) or {}).get(scheme) or {}).items()]
        self.rows("其他事项", entries, "类别", "内容")


def init_template(path: Path) -> None:
    """Exactly the acceptance command: `budgetauthor init -o t.xlsx` (the clerk types the year)."""
    result = CliRunner().invoke(main, ["init", "-o", str(path)])
    assert result.exit_code == 0, result.output


def filled_like_a_person(example: Path, tmp_path: Path) -> Path:
    import openpyxl

    data = load(example).data
    path = tmp_path / f"{example.stem}.xlsx"
    init_template(path)
    wb = openpyxl.load_workbook(path)
    Clerk(wb, data).fill()
    wb.save(path)
    return path


def docx_text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return out


@pytest.fixture(scope="module", params=EXAMPLE_FILES, ids=lambda p: p.stem)
def filled(request, tmp_path_factory) -> tuple[Path, Path]:
    """(example, the workbook a person filled with it): typed once, read by every test below."""
    example = request.param
    return example, filled_like_a_person(example, tmp_path_factory.mktemp(example.stem))


def test_typed_workbook_validates_to_the_yaml_model(filled):
    example, path = filled
    from_yaml = validate(load(example))
    from_xlsx = validate(load(path))
    assert from_xlsx.model is not None, [f.message for f in from_xlsx.findings][:5]
    assert from_xlsx.model == from_yaml.model
    assert sorted(from_xlsx.codes()) == sorted(from_yaml.codes())


def test_typed_workbook_renders_the_same_document(filled, tmp_path):
    """The acceptance run: init → type → `budgetauthor render t.xlsx` ≡ render of the YAML."""
    example, path = filled
    runner = CliRunner()
    valid = validate(load(example)).valid
    force = [] if valid else ["--force"]
    a = runner.invoke(main, ["render", str(example), "-o", str(tmp_path / "a.docx"), *force])
    b = runner.invoke(main, ["render", str(path), "-o", str(tmp_path / "b.docx"), *force])
    assert a.exit_code == 0, a.output
    assert b.exit_code == 0, b.output
    text = docx_text(tmp_path / "a.docx")
    assert len(text) > 50
    assert docx_text(tmp_path / "b.docx") == text
