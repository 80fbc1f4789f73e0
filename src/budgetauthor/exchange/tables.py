"""The standard disclosure tables, declared once: how budget systems title and head them (read),
and how an export workbook lays them out (export_workbook.py).

Each table has a key, a canonical title, the title words that recognise it, a row layout and its
columns. A column has a key (what it measures), its canonical header path (group → leaf, as the
writer prints it) and the patterns that recognise it when reading. A pattern is "leaf" or
"group>leaf": the leaf must equal the column's lowest header text (or one of its aliases), the
group must occur in a header text above it. Patterns with a group are tried first, so
"上年结转>一般公共预算" claims its column before the plain "一般公共预算" looks.

Measures of classified rows map onto ledger lines (see facts.MEASURES): total, basic, project,
personnel (基本支出 of economic class 301/303), public (the rest of 基本支出). Source columns are
"source:<label>"; fund-family columns "family:<family>".

These are the tables as budget systems export them, for `import` and for writing export workbooks;
`budgetauthor export` writes the document's own tables, as its profile lays them out
(document_tables.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocab import CARRYOVER_SOURCES, CURRENT_SOURCES
from .facts import FISCAL_FAMILIES

# Row layouts.
FUNCTION = "function"  # rows are 功能分类 类/款/项 codes
ECONOMIC = "economic"  # rows are 经济分类 类/款 codes
PAIRED = "paired"  # 收 | 支 side by side (收支总表, 财政拨款收支总表)
UNITS = "units"  # rows are budget units (收入总表 of the standard set)
PROJECTS = "projects"  # rows are 预算项目, grouped by unit and 项目类别
SINGLE = "single"  # one row of figures ("三公" 经费表)
LINES = "lines"  # a line-item export: one ledger line per row
ITEMS = "items"  # one 政府采购 item per row (政府采购预算表)


@dataclass(frozen=True)
class Col:
    key: str
    header: tuple[str, ...]  # canonical header path, group first
    patterns: tuple[str, ...] = ()  # extra ways budget systems head it ("group>leaf" or "leaf")
    amount: bool = True

    @property
    def all_patterns(self) -> tuple[str, ...]:
        return (">".join(self.header),) + self.patterns


@dataclass(frozen=True)
class TableDef:
    key: str
    title: str  # canonical title, as the document prints it
    words: tuple[tuple[str, ...], ...]  # a title (or sheet name) with all words of one tuple matches
    layout: str
    columns: tuple[Col, ...]
    family: str | None = None  # rows limited to one fund family (一般公共预算, 政府性基金预算, …)
    basic_only: bool = False  # rows limited to 基本支出
    exclude: tuple[str, ...] = ()  # title words that rule the table out
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()  # column identities: key = sum of keys
    empty_note: str = ""

    def column(self, key: str) -> Col:
        return next(c for c in self.columns if c.key == key)


def _text(key: str, *header: str, patterns: tuple[str, ...] = ()) -> Col:
    return Col(key, header, patterns, amount=False)


CODE_PATTERNS = ("科目编码", "编码", "科目代码", "代码", "功能分类科目编码", "功能科目编码", "支出功能分类科目编码",
                 "经济分类科目编码", "部门预算经济分类科目编码", "经济科目编码", "部门预算支出经济分类科目编码")
NAME_PATTERNS = ("科目名称", "名称", "功能分类科目名称", "功能科目名称", "支出功能分类科目名称", "经济分类科目名称",
                 "经济科目名称", "部门经济分类科目名称", "部门预算经济分类科目名称", "部门预算支出经济分类科目名称", "项目")
# A code split over three columns: 类 | 款 | 项 under the code header.
SPLIT_CODE = (_text("code_class", "类"), _text("code_item", "款"), _text("code_sub", "项"))

_TOTAL = Col("total", ("合计",), ("总计", "金额", "预算数", "本年预算", "预算金额"))
_BASIC = Col("basic", ("基本支出",), ("基本支出>小计", "基本支出>合计"))
_PERSONNEL = Col("personnel", ("基本支出", "人员经费"), ("人员经费", "工资福利"))
_PUBLIC = Col("public", ("基本支出", "公用经费"), ("公用经费", "日常公用经费"))
_PROJECT = Col("project", ("项目支出",), ("项目支出>小计", "项目支出>合计"))
_CODE = _text("code", "科目编码", patterns=CODE_PATTERNS)
_NAME = _text("name", "科目名称", patterns=NAME_PATTERNS)

_FUNCTION_COLUMNS = (_CODE, _NAME, *SPLIT_CODE, _TOTAL, _BASIC, _PROJECT)
_BASIC_PARTS = (("basic", ("personnel", "public")),)
_TOTAL_PARTS = (("total", ("basic", "project")),)


def _source_col(source, group: str) -> Col:
    label = source.label
    if source.carryover:
        family = label.removeprefix("上年结转（").removesuffix("）")
        leaf = family if family != "单位资金" else "单位资金"
        return Col(f"source:{label}", ("上年结转结余", leaf), (f"结转>{leaf}", f"结转>{leaf}拨款", f"结余>{leaf}"))
    short = source.income_row.removesuffix("收入") if source.fiscal else label
    return Col(f"source:{label}", (group, label),
               (f"{group}>{label}", f"本年>{label}", label, source.income_row, f"{short}拨款", f"{short}资金",
                f"{label}拨款", f"{label}收入"))


_INCOME_SOURCES = tuple(_source_col(s, "本年收入") for s in CURRENT_SOURCES) + tuple(
    _source_col(s, "上年结转结余") for s in CARRYOVER_SOURCES
)

SUMMARY = TableDef(
    "summary", "收支总表", (("收支", "总表"), ("收支预算总表",), ("收支总表",)), PAIRED,
    (
        _text("in_label", "收入", "项目", patterns=("收入>项目", "收入>项目名称", "收入项目", "收入>预算项目")),
        Col("in_amount", ("收入", "预算数"), ("收入>预算数", "收入>金额", "收入>合计", "收入金额", "收入>本年预算")),
        _text("out_label", "支出", "项目", patterns=("支出>项目", "支出>项目名称", "支出项目", "支出>预算项目")),
        Col("out_amount", ("支出", "预算数"), ("支出>预算数", "支出>金额", "支出>合计", "支出金额", "支出>本年预算")),
        Col("out_basic", ("支出", "基本支出"), ("支出>基本支出", "基本支出>小计")),
        Col("out_personnel", ("支出", "基本支出", "人员经费"), ("人员经费",)),
        Col("out_public", ("支出", "基本支出", "公用经费"), ("公用经费",)),
        Col("out_project", ("支出", "项目支出"), ("项目支出",)),
    ),
    exclude=("财政拨款",),
)
INCOME = TableDef(
    "income", "收入总表", (("收入", "总表"), ("收入预算总表",)), UNITS,
    (
        _text("code", "部门（单位）代码", patterns=("单位代码", "单位编码", "部门代码", "部门编码", "部门(单位)编码",
                                            "单位(部门)代码", "预算单位编码", "预算单位代码", *CODE_PATTERNS)),
        _text("name", "部门（单位）名称", patterns=("单位名称", "部门名称", "预算单位", "预算单位名称", "单位(部门)名称",
                                            *NAME_PATTERNS)),
        *SPLIT_CODE,
        _TOTAL,
        Col("current_total", ("本年收入", "小计"), ("本年收入>小计", "本年收入>合计", "本年收入")),
        Col("carry_total", ("上年结转结余", "小计"), ("结转>小计", "结转>合计", "上年结转结余", "上年结转")),
        Col("fiscal", ("财政拨款收入",), ("财政拨款", "财政拨款收入>小计", "财政拨款>小计")),
        *_INCOME_SOURCES,
    ),
    exclude=("收支",),
)
EXPENDITURE = TableDef(
    "expenditure", "支出总表", (("支出", "总表"), ("支出预算总表",)), FUNCTION, _FUNCTION_COLUMNS,
    exclude=("收支", "基本支出", "一般公共预算", "政府性基金", "国有资本"), sums=_TOTAL_PARTS,
)
FISCAL = TableDef(
    "fiscal", "财政拨款收支总表", (("财政拨款", "收支"),), PAIRED,
    (
        _text("in_label", "收入", "项目", patterns=("收入>项目", "收入>项目名称", "收入项目")),
        Col("in_amount", ("收入", "预算数"), ("收入>预算数", "收入>金额", "收入>合计", "收入金额")),
        _text("out_label", "支出", "项目", patterns=("支出>项目", "支出>项目名称", "支出项目")),
        Col("out_amount", ("支出", "合计"), ("支出>预算数", "支出>合计", "支出>金额", "支出>预算费", "支出金额")),
        *(Col(f"family:{f}", ("支出", f), (f"支出>{f}", f"支出>{f}拨款", f, f"{f}拨款")) for f in FISCAL_FAMILIES),
    ),
)
GENERAL = TableDef(
    "general", "一般公共预算支出表", (("一般公共预算", "支出"), ("一般公共预算", "拨款表")), FUNCTION,
    (_CODE, _NAME, *SPLIT_CODE, _TOTAL, _BASIC, _PERSONNEL, _PUBLIC, _PROJECT),
    family="一般公共预算", exclude=("基本支出", "三公", "经济分类"), sums=_TOTAL_PARTS + _BASIC_PARTS,
    empty_note="无一般公共预算支出",
)
GENERAL_BASIC = TableDef(
    "general_basic", "一般公共预算基本支出表",
    (("一般公共预算", "基本支出"), ("基本支出", "经济分类"), ("一般公共预算", "基本支出明细")), ECONOMIC,
    (_CODE, _NAME, *SPLIT_CODE[:2], _TOTAL, Col("personnel", ("人员经费",), ("工资福利",)),
     Col("public", ("公用经费",), ("日常公用经费",))),
    family="一般公共预算", basic_only=True, exclude=("三公",), sums=(("total", ("personnel", "public")),),
    empty_note="无一般公共预算基本支出",
)
THREE_PUBLIC = TableDef(
    "three_public", "一般公共预算“三公”经费支出表", (("三公",),), SINGLE,
    (
        Col("total", ("合计",), ("“三公”经费预算数>合计", "三公经费>合计", "合计")),
        Col("abroad", ("因公出国（境）费",), ("因公出国(境)费", "因公出国(境)费用", "因公出国")),
        Col("vehicles", ("公务用车购置及运行费", "小计"), ("公务用车购置及运行费>小计", "公务用车购置及运行维护费>小计",
                                               "公务用车购置及运行费", "公务用车购置及运行维护费")),
        Col("vehicle_purchase", ("公务用车购置及运行费", "公务用车购置费"), ("购置费", "公务用车购置费", "公务用车购置")),
        Col("vehicle_operation", ("公务用车购置及运行费", "公务用车运行费"),
            ("运行费", "公务用车运行费", "公务用车运行维护费", "运行维护费")),
        Col("reception", ("公务接待费",), ("公务接待",)),
        Col("operating", ("机关运行经费",), ("机关运行经费预算数", "机关运行经费预算", "机关运行费")),
    ),
    sums=(("total", ("abroad", "vehicles", "reception")), ("vehicles", ("vehicle_purchase", "vehicle_operation"))),
)
GOV_FUND = TableDef(
    "gov_fund", "政府性基金预算支出表", (("政府性基金",),), FUNCTION, _FUNCTION_COLUMNS,
    family="政府性基金预算", sums=_TOTAL_PARTS, empty_note="无政府性基金预算支出",
)
STATE_CAPITAL = TableDef(
    "state_capital", "国有资本经营预算支出表", (("国有资本经营",),), FUNCTION, _FUNCTION_COLUMNS,
    family="国有资本经营预算", sums=_TOTAL_PARTS, empty_note="无国有资本经营预算支出",
)
_PROJECT_SOURCES = tuple(
    Col(f"source:{s.label}", (("本年拨款" if not s.carryover else "财政拨款结转结余"),
                             s.family if s.carryover else s.label),
        ((f"结转>{s.family}",) if s.carryover else (f"本年>{s.label}", s.label, f"{s.label}拨款")))
    for s in CURRENT_SOURCES[:3] + CARRYOVER_SOURCES[:3]
)
PROJECT_TABLE = TableDef(
    "projects", "项目支出表", (("项目支出表",), ("项目支出", "预算表"), ("项目支出",)), PROJECTS,
    (
        _text("code", "项目编码", patterns=("项目代码", "编码", "单位代码", "代码")),
        _text("name", "项目名称", patterns=("名称",)),
        _text("unit", "项目单位", patterns=("单位名称", "实施单位", "预算单位")),
        _TOTAL,
        *_PROJECT_SOURCES,
        Col("source:财政专户管理资金", ("财政专户管理资金",), ("财政专户",)),
        Col("own", ("单位资金",), ("其他资金", "单位自有资金")),
    ),
    exclude=("绩效",), empty_note="无项目支出",
)
PROCUREMENT = TableDef(
    "procurement", "政府采购预算表", (("政府采购",),), ITEMS,
    (
        _text("unit", "单位编码", patterns=("单位代码", "预算单位编码", "预算单位代码")),
        _text("unit_name", "单位名称", patterns=("预算单位", "预算单位名称")),
        _text("project", "项目名称", patterns=("项目",)),
        _text("item", "采购品目", patterns=("政府采购品目", "品目", "采购品目名称", "采购目录")),
        _text("category", "采购类别", patterns=("品目类别", "采购类型")),
        _text("function", "功能分类科目", patterns=("功能科目", "功能分类", "支出功能分类科目")),
        _text("economic", "经济分类科目", patterns=("部门支出经济分类", "经济科目", "经济分类", "部门经济分类")),
        _text("quantity", "数量", patterns=("采购数量",)),
        _text("measure", "计量单位"),
        Col("amount", ("采购金额",), ("采购金额>合计", "采购金额合计", "采购金额", "金额", "预算金额", "合计")),
        Col("sme", ("其中：面向中小企业",), ("其中面向中小企业", "面向中小企业", "采购金额>其中面向中小企业")),
    ),
    exclude=("绩效",),
)
LINE_ITEMS = TableDef(
    "lines", "预算明细", (("预算明细",), ("明细",), ("指标明细",)), LINES,
    (
        _text("unit", "单位编码", patterns=("单位代码", "预算单位编码", "预算单位代码", "预算单位", "单位")),
        _text("unit_name", "单位名称", patterns=("预算单位名称",)),
        _text("function", "功能分类科目", patterns=("功能分类科目编码", "功能科目编码", "功能科目", "支出功能分类科目",
                                              "功能分类")),
        _text("economic", "经济分类科目", patterns=("经济分类科目编码", "经济科目编码", "经济科目", "部门预算支出经济分类科目",
                                               "部门支出经济分类", "部门经济分类", "经济分类")),
        _text("kind", "支出类型", patterns=("基本/项目", "支出类别", "支出性质", "基本支出/项目支出", "预算类型")),
        _text("project", "项目名称", patterns=("项目",)),
        _text("source", "资金来源", patterns=("资金性质", "资金类别", "经费来源")),
        Col("amount", ("金额",), ("预算金额", "预算数", "合计", "本年预算")),
    ),
)

# The standard set in the document's order — ten tables, and the 政府采购预算表 where a system has
# one — then the optional line items.
STANDARD = (SUMMARY, INCOME, EXPENDITURE, FISCAL, GENERAL, GENERAL_BASIC, THREE_PUBLIC, GOV_FUND,
            STATE_CAPITAL, PROJECT_TABLE, PROCUREMENT)
ALL_TABLES = STANDARD + (LINE_ITEMS,)
BY_KEY = {t.key: t for t in ALL_TABLES}


# The columns each table prints, in order (the reading aliases above cover more).
PRINTED = {
    "summary": ("in_label", "in_amount", "out_label", "out_amount"),
    "income": ("code", "name", "total", "current_total", *(f"source:{s.label}" for s in CURRENT_SOURCES),
               "carry_total", *(f"source:{s.label}" for s in CARRYOVER_SOURCES)),
    "expenditure": ("code", "name", "total", "basic", "project"),
    "fiscal": ("in_label", "in_amount", "out_label", "out_amount", *(f"family:{f}" for f in FISCAL_FAMILIES)),
    "general": ("code", "name", "total", "basic", "personnel", "public", "project"),
    "general_basic": ("code", "name", "total", "personnel", "public"),
    "three_public": ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_operation", "reception"),
    "gov_fund": ("code", "name", "total", "basic", "project"),
    "state_capital": ("code", "name", "total", "basic", "project"),
    "projects": ("code", "name", "unit", "total", *(c.key for c in _PROJECT_SOURCES), "source:财政专户管理资金", "own"),
    "procurement": ("unit", "unit_name", "project", "item", "category", "function", "economic", "quantity", "measure",
                    "amount", "sme"),
}
