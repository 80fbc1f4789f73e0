"""The one declarative description of the fill-in workbook (填报表).

Both the writer (`budgetauthor init`, yaml → xlsx) and the reader (load/xlsx_source.py) walk
these tables, so the two cannot drift apart. A sheet holds one or more blocks:

- `Table`: a list of records at a key path, one row per record, columns matched by header text
  (预算明细, 预算单位, 项目, 绩效指标, 政府采购明细, 资产情况). `kind="map"` makes a two-column
  table a mapping (车辆: 类别 → 辆数); `kind="indicators"` groups rows by their 项目名称 column
  into each project's indicators (or the department's, under the name 部门整体).
- `Rows`: rows identified by the text in their label column. Fixed entries are pre-written,
  locked rows of a form (基本信息, 批复控制数 totals, 上年数); free entries are chosen from a
  drop-down in the label column of the spare rows (职责与机构, 其他事项, and the 分资金来源 /
  分功能科目 … rows of 批复控制数 and 上年数). An entry puts its value at a key path (`value`),
  appends it to a list (`list`), or files it under the row's key cell in a mapping (`map`).

Value types decide how a cell is written and read back (see workbook/cells.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---- value types -----------------------------------------------------------------------------

TEXT = "text"  # short text, one line
LONG = "long"  # long text, wrapped
MONEY = "money"  # non-negative amount in the declared unit
SIGNED = "signed"  # an amount that may be negative (a stated change)
NUMBER = "number"  # a plain number (quantity, percentage)
COUNT = "count"  # a whole number (people, vehicles)
YEAR = "year"
DATE = "date"
CODE = "code"  # an identifier kept as text (leading zeros matter); "编码 名称" → 编码
SOURCE = "source"  # a 资金来源 label

INTEGRAL_TYPES = (CODE, COUNT, YEAR, TEXT, LONG)  # a float like 12.0 reads back as "12"

# The name of a 部门整体 indicator's owner in the 绩效指标 sheet.
DEPARTMENT = "部门整体"


@dataclass(frozen=True)
class Column:
    key: str  # record field; in Rows blocks a role: label, key, name, hint or a value column
    header: str
    type: str = TEXT
    width: float = 14
    required: bool = False  # the reader needs this column to exist
    choices: str | None = None  # a drop-down list (a name in LISTS or a catalogue list)
    strict: bool = False  # the drop-down refuses other values (otherwise it only warns)
    lookup: str | None = None  # shows the name of the code in column `lookup` (a formula)
    display: bool = False  # never read: a hint or a formula-only column
    aliases: tuple[str, ...] = ()
    example: str = ""
    prompt: str = ""  # the input message shown when a cell is selected


@dataclass(frozen=True)
class Table:
    title: str
    path: tuple
    columns: tuple[Column, ...]
    rows: int = 100  # pre-formatted input rows
    kind: str = "list"  # list | map | indicators
    note: str = ""
    total: str | None = None  # a column summed (by formula, for the clerk's eyes) above the header
    freeze_first: bool = False  # keep the first column in view when scrolling right

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Entry:
    label: str
    path: tuple
    mode: str = "value"  # value | list | map
    fields: tuple[tuple[str, str], ...] = (("value", ""),)  # (column key, sub-key; "" = itself)
    type: str | None = None  # overrides the value columns' type on this row
    choices: str | None = None  # a drop-down for this row's value cell (fixed rows)
    fixed: bool = True
    required: bool = False
    key_type: str = TEXT  # the type of the row's key cell (map keys, or a field read from it)
    hint: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def scalar(self) -> bool:
        return len(self.fields) == 1 and self.fields[0][1] == ""


@dataclass(frozen=True)
class Rows:
    title: str
    columns: tuple[Column, ...]
    entries: tuple[Entry, ...]
    free_rows: int = 0
    label_choices: str | None = None
    note: str = ""
    examples: tuple[tuple[str, str, str], ...] = ()  # (label, key, value) rows for 填报说明
    spans: tuple[int, ...] = ()  # sheet columns merged per column (a form above a wider table)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def fixed(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.fixed)

    @property
    def free(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if not e.fixed)


Block = Table | Rows


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    blocks: tuple[Block, ...]
    required: bool = False
    intro: str = ""
    sections: tuple[tuple, ...] = field(default=())  # top-level paths created when the sheet exists


# ---- drop-down lists that do not depend on the year -----------------------------------------

def _static_lists() -> dict[str, tuple[str, ...]]:
    from .. import vocab

    level2 = tuple(v for values in vocab.INDICATOR_LEVEL2.values() for v in values)
    return {
        "list_sources": tuple(s.label for s in vocab.SOURCES),
        "list_kinds": vocab.KINDS,
        "list_levels": vocab.LEVELS,
        "list_amount_units": ("万元", "元"),
        "list_unit_types": vocab.UNIT_TYPES,
        "list_level1": vocab.INDICATOR_LEVEL1,
        "list_level2": tuple(dict.fromkeys(level2)),
        "list_operators": vocab.OPERATORS,
        "list_procurement": vocab.PROCUREMENT_CATEGORIES,
        "list_yes_no": vocab.YES_NO,
        "list_document_kinds": ("部门预算", "单位预算"),
        # A value outside this list is a warning when the workbook is read: it lists the units
        # of published 绩效目标表 so that a typo stands out and a real unit does not.
        "list_measures": ("%", "万元", "元", "个", "项", "次", "人", "人次", "万人次", "户", "家", "件",
                          "份", "台", "套", "辆", "页", "万页", "卷", "册", "本", "篇", "张", "条", "组",
                          "批", "场", "期", "处", "所", "座", "名", "类", "平方米", "平米", "立方米", "亩",
                          "公顷", "米", "公里", "千米", "吨", "天", "日", "周", "月", "季度", "年", "小时",
                          "分钟", "工作日", "分"),
    }


# Drop-down lists whose values validate normalises and checks itself, accepting other spellings
# too ("社会效益" for 社会效益指标, "基本支出" for 基本): the reader leaves a value outside them to
# validate. A value outside any other list is a warning at its cell when the workbook is read.
NORMALISED_LISTS = frozenset({"list_sources", "list_kinds", "list_levels", "list_amount_units", "list_unit_types",
                              "list_level1", "list_level2", "list_operators", "list_procurement",
                              "list_yes_no"})

# Catalogue lists, filled per year by the writer: "code name" display texts.
CATALOG_LISTS = {
    "list_function_items": ("function", (7,)),
    "list_functions": ("function", (3, 5, 7)),
    "list_economic_items": ("economic", (5,)),
    "list_economics": ("economic", (3, 5)),
}
# Lists that point into the workbook itself (the writer defines their ranges).
LIST_UNIT_CODES = "list_unit_codes"
LIST_PROJECTS = "list_projects"
LIST_OWNERS = "list_indicator_owners"
LOOKUP_CATALOG = "lookup_catalog"  # code | name, for the name formulas
LOOKUP_UNITS = "lookup_units"  # 单位编码 | 单位名称

# ---- shared column sets ----------------------------------------------------------------------

FORM_COLUMNS = (
    Column("label", "项目", width=30, required=True, aliases=("指标", "填报项目")),
    Column("value", "填报内容", width=46, required=True, aliases=("内容", "值", "金额", "数值")),
    Column("hint", "说明", width=56, display=True),
)


def _form(title: str, entries: tuple[Entry, ...], note: str = "", spans: tuple[int, ...] = ()) -> Rows:
    return Rows(title=title, columns=FORM_COLUMNS, entries=entries, note=note, spans=spans)


def _code_name(lookup: str, header: str) -> Column:
    return Column(f"{lookup}_name", header, width=34, lookup=lookup,
                  aliases=(header.replace("科目", ""),))


# ---- 基本信息 ----------------------------------------------------------------------------------

PROFILE_FORM = _form(
    "部门基本情况",
    (
        Entry("部门名称", ("profile", "name"), required=True, hint="必填。部门全称，如“青山区档案馆”",
              example="青山区档案馆", aliases=("单位名称", "部门（单位）名称")),
        Entry("部门编码", ("profile", "code"), type=CODE, hint="可不填。财政部门给定的部门编码",
              example="108"),
        Entry("预算年度", ("profile", "year"), type=YEAR, required=True,
              hint="必填。四位年份，如 2025", example="2025", aliases=("年度",)),
        Entry("行政级别", ("profile", "level"), choices="list_levels", required=True,
              hint="必填。从下拉列表选择：省级、市级、区级、县级", example="区级", aliases=("级次",)),
        Entry("金额单位", ("profile", "amount_unit"), choices="list_amount_units", required=True,
              hint="必填。万元 或 元；全部工作表的金额都按此单位填写", example="万元"),
        Entry("文件种类", ("profile", "kind"), choices="list_document_kinds",
              hint="可不填：部门预算 或 单位预算，默认按版式方案", example="部门预算"),
        Entry("版式方案", ("profile", "style"),
              hint="可不填，默认标准版式；内置的有 standard、hubei、shanghai 等，或自己的版式方案文件夹的路径",
              example="shanghai", aliases=("版式",)),
        Entry("需说明原因的变动幅度（%）", ("settings", "reason_threshold"), type=NUMBER,
              hint="可不填，默认 10：与上年相比增减达到此百分比时须写变动原因", example="10",
              aliases=("变动幅度",)),
    ),
)

UNITS_TABLE = Table(
    "预算单位（每个单位一行，至少一行；只有一个单位的部门也要填）",
    ("profile", "units"),
    (
        Column("code", "单位编码", CODE, 14, required=True, example="108001",
               prompt="财政部门给定的单位编码，按文本填写，保留开头的 0"),
        Column("name", "单位名称", TEXT, 36, required=True, example="青山区档案馆"),
        Column("type", "单位性质", TEXT, 30, required=True, choices="list_unit_types", strict=True,
               example="参照公务员法管理事业单位"),
    ),
    rows=30,
)

# ---- 职责与机构 --------------------------------------------------------------------------------

_STAFF_FIELDS = (("value", ""),)
DUTIES_ROWS = Rows(
    "职责、任务、机构与人员",
    (
        Column("label", "类别", width=20, required=True, choices="list_duty_labels", strict=True,
               aliases=("项目",)),
        Column("key", "名称", width=26, aliases=("人员类别", "编制类型")),
        Column("value", "内容", LONG, 90, required=True, aliases=("内容或人数",)),
    ),
    (
        Entry("职责导语", ("profile", "duties_intro"), type=LONG, fixed=False),
        Entry("主要职责", ("profile", "duties"), "list", type=LONG, fixed=False, aliases=("职责",)),
        Entry("年度主要工作任务", ("profile", "tasks"), "list", type=LONG, fixed=False,
              aliases=("主要工作任务", "工作任务")),
        Entry("内设机构", ("profile", "internal_departments"), "list", type=TEXT, fixed=False),
        Entry("机构设置说明", ("profile", "organization_note"), type=LONG, fixed=False),
        Entry("编制人数", ("profile", "staffing", "authorized"), "map", _STAFF_FIELDS, COUNT,
              fixed=False, aliases=("编制",)),
        Entry("在职人员", ("profile", "staffing", "serving"), "map", _STAFF_FIELDS, COUNT,
              fixed=False, aliases=("在职",)),
        Entry("离退休人员", ("profile", "staffing", "retired"), "map", _STAFF_FIELDS, COUNT,
              fixed=False, aliases=("退休人员",)),
        Entry("其他人员", ("profile", "staffing", "other"), "map", _STAFF_FIELDS, COUNT, fixed=False),
        # The totals as stated (the document prints them; it never adds up the categories).
        Entry("编制人数合计", ("profile", "staffing", "authorized_total"), type=COUNT, fixed=False),
        Entry("实有人数", ("profile", "staffing", "actual"), type=COUNT, fixed=False, aliases=("实有人数合计",)),
        Entry("在职人员小计", ("profile", "staffing", "serving_total"), type=COUNT, fixed=False),
        Entry("离退休人员小计", ("profile", "staffing", "retired_total"), type=COUNT, fixed=False),
    ),
    free_rows=200,
    label_choices="list_duty_labels",
    note="每行一条：先在“类别”列选择类别，再填“内容”。主要职责、工作任务、内设机构每条一行；"
    "人员情况在“名称”列写人员类别（如 行政编制、在职人员），在“内容”列写人数；"
    "编制人数合计、实有人数、在职人员小计、离退休人员小计只填“内容”列，照实填写（文中照印，不由各类人数相加）。",
    examples=(
        ("主要职责", "", "负责收集、整理、保管和提供利用全区档案资料。"),
        ("内设机构", "", "办公室"),
        ("编制人数", "参照公务员法管理事业编制", "8"),
    ),
)

# ---- 批复控制数 --------------------------------------------------------------------------------

_APPROVED_TOTAL = (("total", ""),)
APPROVED_ROWS = Rows(
    "财政部门批复的控制数",
    (
        Column("label", "指标", width=22, required=True, choices="list_approved_labels",
               aliases=("项目",)),
        Column("key", "编码或资金来源", CODE, 26, aliases=("编码", "科目编码", "资金来源")),
        Column("name", "名称", width=24, lookup="key", display=True),
        Column("total", "合计", MONEY, 16, required=True, aliases=("金额",)),
        Column("basic", "基本支出", MONEY, 16),
        Column("project", "项目支出", MONEY, 16),
        Column("fiscal", "财政拨款", MONEY, 16),
        Column("hint", "说明", width=44, display=True),
    ),
    (
        Entry("收入总计", ("approved", "income_total"), fields=_APPROVED_TOTAL, required=True,
              hint="必填。批复的收入总额", example="186.40"),
        Entry("支出总计", ("approved", "expenditure_total"), fields=_APPROVED_TOTAL, required=True,
              hint="必填。批复的支出总额，应等于收入总计", example="186.40"),
        Entry("财政拨款合计", ("approved", "fiscal"), fields=_APPROVED_TOTAL,
              hint="一般公共预算、政府性基金、国有资本经营预算拨款之和", aliases=("财政拨款",)),
        Entry("基本支出", ("approved", "basic"), fields=_APPROVED_TOTAL, required=True,
              hint="必填"),
        Entry("项目支出", ("approved", "project"), fields=_APPROVED_TOTAL, required=True,
              hint="必填"),
        Entry("人员经费", ("approved", "personnel"), fields=_APPROVED_TOTAL, hint="可不填"),
        Entry("公用经费", ("approved", "public"), fields=_APPROVED_TOTAL, hint="可不填"),
        Entry("分资金来源", ("approved", "by_source"), "map", _APPROVED_TOTAL, fixed=False, key_type=SOURCE,
              aliases=("按资金来源",)),
        Entry("分单位", ("approved", "by_unit"), "map",
              (("total", "total"), ("basic", "basic"), ("project", "project"), ("fiscal", "fiscal")),
              fixed=False, key_type=CODE, aliases=("按单位",)),
        Entry("分功能科目", ("approved", "by_function"), "map",
              (("total", "total"), ("basic", "basic"), ("project", "project")), fixed=False, key_type=CODE,
              aliases=("按功能科目",)),
        Entry("分经济科目", ("approved", "by_economic"), "map", _APPROVED_TOTAL, fixed=False, key_type=CODE,
              aliases=("按经济科目", "基本支出分经济科目")),
    ),
    free_rows=100,
    label_choices="list_approved_labels",
    note="前几行是批复总数，只填“合计”列。如批复还分资金来源、单位、功能科目或经济科目（基本支出），"
    "在下方空行的“指标”列选择“分资金来源/分单位/分功能科目/分经济科目”，在“编码或资金来源”列填编码或来源，"
    "分资金来源和分经济科目只填“合计”。",
    examples=(("分资金来源", "一般公共预算", "186.40"), ("分功能科目", "201 一般公共服务支出", "146.40")),
)

# ---- 预算明细 ----------------------------------------------------------------------------------

LEDGER_TABLE = Table(
    "预算明细（每行一条：单位 × 功能科目 × 经济科目 × 支出类型 × 资金来源 × 金额）",
    ("ledger",),
    (
        Column("unit", "单位编码", CODE, 12, choices=LIST_UNIT_CODES, example="108001",
               prompt="只有一个单位时可不填；多个单位时从下拉列表选择（列表来自“基本信息”表）"),
        Column("function", "功能分类科目编码", CODE, 26, required=True, choices="list_function_items",
               aliases=("功能科目编码", "功能分类科目", "功能科目"), example="2012601 行政运行",
               prompt="7位项级科目编码；可从下拉列表选择“编码 名称”，只取编码"),
        _code_name("function", "功能分类科目名称"),
        Column("economic", "经济分类科目编码", CODE, 24, required=True, choices="list_economic_items",
               aliases=("经济科目编码", "经济分类科目", "经济科目"), example="30101 基本工资",
               prompt="5位款级科目编码；可从下拉列表选择“编码 名称”，只取编码"),
        _code_name("economic", "经济分类科目名称"),
        Column("kind", "支出类型", TEXT, 10, required=True, choices="list_kinds", strict=True,
               aliases=("基本/项目", "支出类别"), example="基本"),
        Column("project", "项目名称", TEXT, 28, choices=LIST_PROJECTS, example="",
               prompt="项目支出必填，应与“项目”表中的项目名称一致；基本支出不填"),
        Column("source", "资金来源", TEXT, 24, required=True, choices="list_sources", strict=True,
               example="一般公共预算"),
        Column("amount", "金额", MONEY, 14, required=True, example="52.80",
               prompt="只填数字，单位见“基本信息”表的金额单位"),
        Column("note", "备注", TEXT, 20),
    ),
    rows=500,
    total="amount",
)

# ---- 项目 --------------------------------------------------------------------------------------

PROJECTS_TABLE = Table(
    "项目支出（每个项目一行；项目名称须与预算明细一致）",
    ("projects",),
    (
        Column("name", "项目名称", TEXT, 24, required=True, example="馆藏档案数字化"),
        Column("code", "项目编码", CODE, 12),
        Column("unit", "实施单位编码", CODE, 12, choices=LIST_UNIT_CODES),
        Column("category", "项目类别", TEXT, 12),
        Column("amount", "项目金额", MONEY, 14, required=True, example="40.00"),
        Column("summary", "项目概述", LONG, 40, example="对馆藏1980年以前的文书档案进行扫描、著录和质检。"),
        Column("basis", "立项依据", LONG, 36, example="《中华人民共和国档案法》"),
        Column("implementer", "实施主体", TEXT, 18, example="青山区档案馆"),
        Column("plan", "实施方案", LONG, 36),
        Column("period", "实施周期", TEXT, 22, example="2025年1月1日—2025年12月31日"),
        Column("midterm_goal", "中期绩效目标", LONG, 32),
        Column("goal", "年度绩效目标", LONG, 36, example="完成12万页馆藏档案数字化。"),
        Column("described_in", "说明见项目", TEXT, 20, choices=LIST_PROJECTS,
               prompt="几个项目合写一篇项目经费情况说明时，填写这篇说明所属的项目名称；否则不填"),
        Column("performance_target", "编报绩效目标", TEXT, 12, choices="list_yes_no", strict=True,
               prompt="是 或 否：本项目是否编报了绩效目标（可不填）"),
    ),
    rows=100,
    freeze_first=True,
)

# ---- 绩效指标 ----------------------------------------------------------------------------------

PERFORMANCE_FORM = _form(
    "部门整体绩效目标",
    (
        Entry("部门整体中长期目标", ("performance", "long_term_goal"), type=LONG,
              hint="可不填", aliases=("中长期目标",)),
        Entry("部门整体年度目标", ("performance", "annual_goal"), type=LONG,
              hint="可不填", aliases=("年度目标",)),
    ),
    spans=(1, 5, 2),
)

INDICATORS_TABLE = Table(
    "绩效指标（每个指标一行；“项目名称”填项目名称，部门整体绩效指标填“部门整体”）",
    (),
    (
        Column("@owner", "项目名称", TEXT, 24, required=True, choices=LIST_OWNERS,
               example="馆藏档案数字化", aliases=("所属项目",)),
        Column("level1", "一级指标", TEXT, 12, required=True, choices="list_level1", example="产出指标"),
        Column("level2", "二级指标", TEXT, 20, required=True, choices="list_level2", example="数量指标"),
        Column("level3", "三级指标", TEXT, 28, required=True, example="档案数字化页数"),
        Column("operator", "计算符号", TEXT, 10, required=True, choices="list_operators",
               aliases=("指标值符号", "运算符号", "符号"), example="≥"),
        Column("value", "指标值", TEXT, 14, required=True, example="12"),
        Column("unit", "计量单位", TEXT, 10, choices="list_measures", aliases=("度量单位", "单位"),
               example="万页"),
        Column("note", "指标说明", TEXT, 28),
    ),
    rows=600,
    kind="indicators",
)

# ---- 上年数与变动原因 --------------------------------------------------------------------------

_COMPARISON = (("amount", "amount"), ("change", "change"), ("reason", "reason"))


def _prev(label: str, key: tuple, hint: str = "", aliases: tuple[str, ...] = ()) -> Entry:
    return Entry(label, ("previous",) + key, fields=_COMPARISON, hint=hint, aliases=aliases)


PREVIOUS_ROWS = Rows(
    "上年预算数与变动原因",
    (
        Column("label", "指标", width=24, required=True, choices="list_previous_labels",
               aliases=("项目",)),
        Column("key", "编码或资金来源", CODE, 26, aliases=("编码", "科目编码", "资金来源")),
        Column("name", "名称", width=22, lookup="key", display=True),
        Column("amount", "上年数", MONEY, 16, required=True, aliases=("上年预算数", "上年金额")),
        Column("change", "增减额", SIGNED, 14, aliases=("增减", "增减金额")),
        Column("reason", "变动原因", LONG, 60, aliases=("增减原因", "原因")),
    ),
    (
        _prev("收入总计", ("income_total",), aliases=("收入预算总额",)),
        _prev("支出总计", ("expenditure_total",), aliases=("支出预算总额",)),
        _prev("财政拨款合计", ("fiscal",), aliases=("财政拨款",)),
        _prev("基本支出", ("basic",)),
        _prev("项目支出", ("project",)),
        _prev("人员经费", ("personnel",)),
        _prev("公用经费", ("public",)),
        _prev("一般公共预算拨款", ("general_public",), aliases=("一般公共预算",)),
        _prev("政府性基金预算拨款", ("gov_fund",), aliases=("政府性基金预算", "政府性基金")),
        _prev("国有资本经营预算拨款", ("state_capital",), aliases=("国有资本经营预算",)),
        _prev("机关运行经费", ("operating_expenses",)),
        _prev("行政经费", ("administrative_expenses",)),
        _prev("政府采购预算", ("procurement",), aliases=("政府采购",)),
        _prev("“三公”经费合计", ("three_public", "total"), aliases=("三公经费合计", "三公经费")),
        _prev("因公出国（境）费", ("three_public", "abroad"), aliases=("因公出国（境）费用",)),
        _prev("公务接待费", ("three_public", "reception")),
        _prev("公务用车购置费", ("three_public", "vehicle_purchase")),
        _prev("公务用车运行维护费", ("three_public", "vehicle_operation")),
        Entry("分资金来源", ("previous", "by_source"), "map", _COMPARISON, fixed=False, key_type=SOURCE,
              aliases=("按资金来源",)),
        Entry("分功能科目", ("previous", "by_function"), "map", _COMPARISON, fixed=False, key_type=CODE,
              aliases=("按功能科目",)),
        Entry("分经济科目", ("previous", "by_economic"), "map", _COMPARISON, fixed=False, key_type=CODE,
              aliases=("按经济科目",)),
        Entry("分功能科目执行数", ("previous", "execution"), "map", _COMPARISON, fixed=False, key_type=CODE,
              aliases=("上年执行数",)),
    ),
    free_rows=100,
    label_choices="list_previous_labels",
    note="填上年预算数；变动较大（默认10%以上）的写明变动原因。增减额可不填，由本工具计算。"
    "分资金来源、分功能科目、分经济科目的上年数在下方空行填写：“指标”列选择类别，“编码或资金来源”列填编码或来源。",
    examples=(("收入总计", "", "165.10"), ("分功能科目", "2012601 行政运行", "120.00")),
)

# ---- “三公”经费与机关运行经费 -------------------------------------------------------------------

THREE_PUBLIC_FORM = _form(
    "“三公”经费与机关运行经费",
    (
        Entry("“三公”经费合计", ("three_public", "total"), type=MONEY,
              hint="可不填；填写时须等于下列四项之和", aliases=("三公经费合计",), example="0.80"),
        Entry("因公出国（境）费", ("three_public", "abroad"), type=MONEY,
              aliases=("因公出国（境）费用",), example="0"),
        Entry("公务接待费", ("three_public", "reception"), type=MONEY, example="0.80"),
        Entry("公务用车购置费", ("three_public", "vehicle_purchase"), type=MONEY, example="0"),
        Entry("公务用车运行维护费", ("three_public", "vehicle_operation"), type=MONEY, example="0"),
        Entry("机关运行经费", ("operating_expenses", "amount"), type=MONEY,
              hint="可不填，默认按行政单位和参公单位一般公共预算基本支出中的公用经费计算；填写时须同时写口径",
              aliases=("机关运行经费金额",)),
        Entry("机关运行经费口径", ("operating_expenses", "definition"), type=LONG,
              hint="填写了机关运行经费时必填，说明统计范围"),
        Entry("行政经费", ("administrative_expenses", "amount"), type=MONEY,
              hint="可不填，默认按行政单位和参公单位一般公共预算基本支出计算；填写时须同时写口径",
              aliases=("行政经费金额",)),
        Entry("行政经费口径", ("administrative_expenses", "definition"), type=LONG,
              hint="填写了行政经费时必填，说明统计范围（如是否含一般行政管理项目支出）"),
    ),
    note="金额单位见“基本信息”表。“三公”经费也会按预算明细中的经济科目自动核对。",
)

# ---- 政府采购 ----------------------------------------------------------------------------------

PROCUREMENT_FORM = _form(
    "政府采购预算总额",
    (
        Entry("政府采购预算总额", ("procurement", "total"), type=MONEY,
              hint="可不填；填写时须等于下方明细之和", aliases=("政府采购总额",)),
        Entry("政府采购货物预算", ("procurement", "by_category", "货物"), type=MONEY,
              hint="只公开类别合计、不填明细时填写；有明细时须等于明细中货物类之和"),
        Entry("政府采购工程预算", ("procurement", "by_category", "工程"), type=MONEY, hint="同上"),
        Entry("政府采购服务预算", ("procurement", "by_category", "服务"), type=MONEY, hint="同上"),
    ),
    spans=(2, 2, 6),
)

PROCUREMENT_TABLE = Table(
    "政府采购明细（每个采购品目一行）",
    ("procurement", "items"),
    (
        Column("unit", "单位编码", CODE, 12, choices=LIST_UNIT_CODES),
        Column("project", "项目名称", TEXT, 24, choices=LIST_PROJECTS, example="馆藏档案数字化"),
        Column("item", "采购品目", TEXT, 24, required=True, example="档案数字化加工服务"),
        Column("category", "采购类别", TEXT, 10, required=True, choices="list_procurement",
               strict=True, example="服务"),
        Column("function", "功能分类科目编码", CODE, 24, choices="list_function_items",
               aliases=("功能科目编码",)),
        Column("economic", "经济分类科目编码", CODE, 22, choices="list_economic_items",
               aliases=("经济科目编码",)),
        Column("quantity", "数量", NUMBER, 8),
        Column("measure", "计量单位", TEXT, 8, choices="list_measures"),
        Column("amount", "采购金额", MONEY, 14, required=True, aliases=("金额",), example="40.00"),
        Column("sme_amount", "面向中小企业金额", MONEY, 16, aliases=("面向中小企业预留金额",),
               example="40.00"),
    ),
    rows=200,
)

# ---- 国有资产 ----------------------------------------------------------------------------------

ASSETS_FORM = _form(
    "国有资产基本情况",
    (
        Entry("资产统计截止日期", ("assets", "as_of"), type=DATE, hint="如 2024-12-31",
              example="2024-12-31", aliases=("截止日期",)),
        Entry("大型设备口径", ("assets", "large_equipment_label"),
              hint="可不填，默认“单位价值200万元以上大型设备”"),
        Entry("大型设备台（套）数", ("assets", "large_equipment"), type=COUNT, example="0",
              aliases=("大型设备数",)),
        Entry("拟购置车辆数", ("assets", "planned_vehicles"), type=COUNT, example="0"),
        Entry("拟购置大型设备台（套）数", ("assets", "planned_large_equipment"), type=COUNT,
              aliases=("拟购置大型设备数",)),
        Entry("拟购置大型设备金额", ("assets", "planned_large_equipment_amount"), type=MONEY),
        Entry("资产说明", ("assets", "note"), type=LONG, hint="可不填，补充说明资产情况"),
    ),
    spans=(1, 3, 1),
)

HOLDINGS_TABLE = Table(
    "资产情况（每项一行；分项在“所属项目”写上级项目名称）",
    ("assets", "holdings"),
    (
        Column("name", "资产项目", TEXT, 28, required=True, example="资产总额"),
        Column("parent", "所属项目", TEXT, 20),
        Column("amount", "金额", MONEY, 14, required=True, example="312.50"),
        Column("previous", "上年金额", MONEY, 14, example="298.40"),
        Column("reason", "变动原因", LONG, 44),
    ),
    rows=40,
)

VEHICLES_TABLE = Table(
    "车辆情况（每个车辆类别一行）",
    ("assets", "vehicles"),
    (
        Column("@key", "车辆类别", TEXT, 24, required=True, example="一般公务用车"),
        Column("@value", "辆数", COUNT, 10, required=True, example="0"),
    ),
    rows=12,
    kind="map",
)

PLANNED_VEHICLES_TABLE = Table(
    "拟购置车辆（每个车辆类别一行，可不填；填写时文件逐类列出）",
    ("assets", "planned_vehicle_kinds"),
    (
        Column("@key", "拟购置车辆类别", TEXT, 24, required=True, example="一般公务用车"),
        Column("@value", "拟购置辆数", COUNT, 10, required=True, example="0"),
    ),
    rows=12,
    kind="map",
)

# ---- 其他事项 ----------------------------------------------------------------------------------

OTHER_ROWS = Rows(
    "其他事项",
    (
        Column("label", "类别", width=20, required=True, choices="list_other_labels", strict=True,
               aliases=("项目",)),
        Column("key", "编码或名词", CODE, 26, aliases=("编码", "名词", "名称")),
        Column("name", "科目名称", width=22, lookup="key", display=True),
        Column("value", "内容", LONG, 80, required=True, aliases=("说明",)),
    ),
    (
        Entry("其他需要说明的问题", ("other_matters",), "list", type=LONG, fixed=False,
              aliases=("其他需要说明的事项", "其他事项")),
        Entry("功能科目用途说明", ("purposes", "function"), "map", type=LONG, fixed=False,
              key_type=CODE),
        Entry("经济科目用途说明", ("purposes", "economic"), "map", type=LONG, fixed=False,
              key_type=CODE),
        Entry("补充名词解释", ("glossary",), "list",
              (("key", "term"), ("value", "explanation")), type=LONG, fixed=False,
              aliases=("名词解释",)),
        Entry("印出的功能科目名称", ("printed_names", "function"), "map", type=TEXT, fixed=False, key_type=CODE),
        Entry("印出的经济科目名称", ("printed_names", "economic"), "map", type=TEXT, fixed=False, key_type=CODE),
        Entry("印出的功能科目编码", ("printed_codes", "function"), "map", type=CODE, fixed=False, key_type=CODE),
        Entry("印出的经济科目编码", ("printed_codes", "economic"), "map", type=CODE, fixed=False, key_type=CODE),
        Entry("年终结转结余", ("year_end_balance",), "map", type=MONEY, fixed=False, key_type=SOURCE),
    ),
    free_rows=100,
    label_choices="list_other_labels",
    note="每行一条。其他需要说明的问题：每个问题一行（没有可写“无”）；科目用途说明：在“编码或名词”列填科目编码；"
    "补充名词解释：在“编码或名词”列填名词，在“内容”列写解释；"
    "印出的科目名称/编码：文件须照印与科目目录不同的名称或编码时，在“编码或名词”列填目录编码，在“内容”列填印出的名称或编码；"
    "年终结转结余（本年收入中结转下年使用的部分，一般为0，可不填）：在“编码或名词”列填资金来源，在“内容”列填金额。",
    examples=(("其他需要说明的问题", "", "无"), ("功能科目用途说明", "2012601", "主要用于档案馆日常运转。")),
)

# ---- the workbook ----------------------------------------------------------------------------

SHEETS: tuple[Sheet, ...] = (
    Sheet("基本信息", "部门基本信息", (PROFILE_FORM, UNITS_TABLE), required=True,
          intro="部门名称、预算年度、行政级别、金额单位，以及部门所属的预算单位。",
          sections=(("profile",),)),
    Sheet("职责与机构", "部门职责、年度工作任务、内设机构与人员情况", (DUTIES_ROWS,),
          intro="部门主要职责、年度主要工作任务、内设机构和人员编制、在职、离退休人数。"),
    Sheet("批复控制数", "财政部门批复的控制数", (APPROVED_ROWS,), required=True,
          intro="财政部门批复的收支总数；用来核对预算明细，不会直接印到文件中。",
          sections=(("approved",),)),
    Sheet("预算明细", "预算明细", (LEDGER_TABLE,), required=True,
          intro="全部预算数据的来源：文件中的每张表、每个合计和每句话中的金额都由这里推算，只需填一次。",
          sections=(("ledger",),)),
    Sheet("项目", "项目支出", (PROJECTS_TABLE,),
          intro="每个项目的金额、概述、立项依据、实施方案和年度绩效目标。"),
    Sheet("绩效指标", "绩效目标与绩效指标", (PERFORMANCE_FORM, INDICATORS_TABLE),
          intro="部门整体绩效目标，以及各项目（和部门整体）的绩效指标：每个项目应有产出、效益、满意度指标。"),
    Sheet("上年数与变动原因", "上年预算数与变动原因", (PREVIOUS_ROWS,),
          intro="上年预算数，用于“比上年增加/减少”的说明；变动较大的须写原因。"),
    Sheet("三公经费与机关运行经费", "“三公”经费与机关运行经费", (THREE_PUBLIC_FORM,),
          intro="“三公”经费和机关运行经费的填报数（可不填，由预算明细推算并核对）。"),
    Sheet("政府采购", "政府采购预算", (PROCUREMENT_FORM, PROCUREMENT_TABLE),
          intro="政府采购预算总额和采购明细。"),
    Sheet("国有资产", "国有资产占有使用情况", (ASSETS_FORM, HOLDINGS_TABLE, VEHICLES_TABLE, PLANNED_VEHICLES_TABLE),
          intro="资产总额及构成、车辆和大型设备情况。"),
    Sheet("其他事项", "其他需要说明的事项", (OTHER_ROWS,),
          intro="其他需要说明的问题、科目用途说明和补充名词解释。"),
)

GUIDE_SHEET = "填报说明"
LISTS_SHEET = "_lists"
STATIC_LISTS = _static_lists()
FREE_LABEL_LISTS = {r.label_choices: tuple(e.label for e in r.free if not e.fixed)
                    for s in SHEETS for r in s.blocks if isinstance(r, Rows) and r.label_choices}


def sheet(name: str) -> Sheet:
    return next(s for s in SHEETS if s.name == name)
