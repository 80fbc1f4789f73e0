"""The contract between the program and a profile's data: which sentence keys exist and which
placeholders each may use, which contents an outline can ask for, which lists are numbered,
which requirements and comparisons a profile can switch.

The prose and render code supply exactly what is declared here (Words.say checks it on every
call), and a profile is checked against it when loaded, so a wording file can only use values
the program really provides, and a misspelt key is reported instead of silently ignored.
"""

from __future__ import annotations

# Placeholders: the program's name for a value → the name a wording file writes in braces.
PLACEHOLDERS = {
    # everywhere
    "name": "名称",
    "year": "年度",
    "previous_year": "上年",
    "entity": "部门",
    "level": "级次",
    "unit": "金额单位",
    # in particular sentences
    "amount": "金额",
    "change": "同比",
    "change_amount": "变动额",
    "change_rate": "变动率",
    "reason": "原因",
    "subject": "主语",
    "summary": "总述",
    "item": "条目",
    "share": "占比",
    "items": "列举",
    "part": "分项",
    "detail": "明细",
    "purpose": "用途",
    "fund": "资金",
    "table": "表名",
    "definition": "定义",
    "category": "类别",
    "count": "数量",
    "date": "日期",
    "as_of": "截至",
    "year_part": "年",
    "month": "月",
    "day": "日",
    "text": "内容",
    "number": "序号",
    "goal": "目标",
    "people": "人数",
    "personnel": "人员经费",
    "public": "公用经费",
    "purchase": "购置费",
    "operation": "运行维护费",
    "class_name": "类名",
    "section_name": "款名",
    "item_name": "项名",
    "explanation": "说明",
    "term": "名词",
}
GLOBALS = ("name", "year", "previous_year", "entity", "level", "unit")

_CHANGE = ("change_amount", "change_rate")

# Sentence keys → the placeholders (besides GLOBALS) the program supplies to each.
# A key ending in ".*" stands for a group whose members the wording file names itself.
WORDING: dict[str, tuple[str, ...]] = {
    "change.up": _CHANGE,
    "change.down": _CHANGE,
    "change.up_from_zero": ("change_amount",),
    "change.flat": (),
    "change.flat_zero": (),
    "change.with_reason": ("change", "reason"),
    "change.flat_with_reason": ("change", "reason"),
    "headline.figure": ("subject", "amount", "change"),
    "headline.both_zero": ("subject", "change"),
    "headline.reason": ("reason",),
    "share.item": ("item", "amount", "share", "change"),
    "share.with_purpose": ("part", "purpose"),
    "source_names.*": (),
    "kinds.basic": (),
    "kinds.project": (),
    "income.subject": (),
    "income.items": ("items",),
    "expenditure.subject": (),
    "expenditure.by_kind": ("items", "detail"),
    "expenditure.basic_detail": ("personnel", "public"),
    "expenditure.by_function": ("items",),
    "expenditure.by_economic": ("items",),
    "fiscal.none": (),
    "fiscal.subject": (),
    "fiscal.fund": ("fund",),
    "fiscal.by_fund": ("items",),
    "fiscal.by_function": ("items",),
    "fiscal.basic": ("amount", "personnel", "public"),
    "fiscal.project": ("amount",),
    "fiscal.by_kind": ("items",),
    "fund.none": ("fund", "table"),
    "fund.none_without_table": ("fund",),
    "fund.subject": ("fund",),
    "fund.by_function": ("items",),
    "operating.none": ("change",),
    "operating.subject": (),
    "operating.definition": ("definition",),
    "operating.default_definition": (),
    "procurement.none": ("change",),
    "procurement.subject": (),
    "procurement.category": ("category", "amount"),
    "procurement.by_category": ("items",),
    "procurement.sme": ("amount", "share"),
    "assets.none": (),
    "assets.date": ("year_part", "month", "day"),
    "assets.as_of": ("date",),
    "assets.holding": ("item", "amount", "change"),
    "assets.holdings": ("as_of", "items"),
    "assets.vehicles": ("count", "items"),
    "assets.vehicle_kind": ("item", "count"),
    "assets.equipment": ("item", "count"),
    "assets.owned": ("as_of", "items"),
    "assets.planned_vehicles": ("count",),
    "assets.planned_equipment": ("item", "count", "amount"),
    "assets.planned": ("items",),
    "performance.none": (),
    "performance.some": ("count", "amount"),
    "performance.long_term_goal": ("goal",),
    "performance.annual_goal": ("goal",),
    "other.none": (),
    "other.paragraph": ("text",),
    "three_public.subject": (),
    "three_public.lead": ("summary",),
    "three_public.item": ("number", "text"),
    "three_public.abroad": (),
    "three_public.vehicles": (),
    "three_public.reception": (),
    "three_public.vehicle_detail": ("purchase", "operation"),
    "three_public.figure": ("item", "amount", "detail", "change"),
    "three_public.both_zero": ("item", "change"),
    "project.fields.summary": (),
    "project.fields.basis": (),
    "project.fields.implementer": (),
    "project.fields.plan": (),
    "project.fields.period": (),
    "project.fields.funding": (),
    "project.fields.goal": (),
    "project.field": ("number", "item", "text"),
    "project.indicators": ("number",),
    "project.funding_single": ("amount", "fund"),
    "project.funding_mixed": ("amount", "items"),
    "project.funding_part": ("fund", "amount"),
    "overview.duty": ("number", "text"),
    "overview.task": ("number", "text"),
    "overview.units": ("count", "items"),
    "overview.single_unit": (),
    "overview.departments": ("count", "items"),
    "overview.authorized": ("people", "items"),
    "overview.serving": ("people", "items"),
    "overview.actual": ("people", "detail"),
    "overview.people_kind": ("category", "people"),
    "overview.people": ("items",),
    "tables.unit_line": (),
    "tables.money_line": (),
    "tables.tail_note": (),
    "tables.row": ("number", "item"),
    "tables.income_current": (),
    "tables.carryover": (),
    "tables.spending_current": (),
    "tables.year_end": (),
    "tables.fiscal_income": ("fund",),
    "tables.total": (),
    "tables.empty.*": (),
    "glossary.item": ("number", "text"),
    "glossary.sources.*": (),
    "glossary.carryover": (),
    "glossary.function": ("class_name", "section_name", "item_name", "explanation"),
    "glossary.basic": (),
    "glossary.project": (),
    "glossary.operating": ("definition",),
    "glossary.three_public": (),
    "glossary.user_term": ("term", "explanation"),
    # 行政经费 (Guangdong's 表8): the note under the table says what was counted
    "administrative.none": ("change",),
    "administrative.subject": (),
    "administrative.note": ("definition",),
    "administrative.default_definition": (),
}


def wording_entry(key: str) -> str | None:
    """The WORDING entry that governs `key` (itself, or the group it belongs to)."""
    if key in WORDING:
        return key
    group = key.rsplit(".", 1)[0] + ".*"
    return group if "." in key and group in WORDING else None


def allowed_placeholders(key: str) -> tuple[str, ...]:
    entry = wording_entry(key)
    return GLOBALS + (WORDING[entry] if entry else ())


# In-text lists the program numbers (profile.yaml numbering.lists).
LISTS = {
    "duties": "主要职责",
    "tasks": "年度主要工作任务",
    "project_fields": "项目情况说明的各栏目",
    "three_public": "“三公”经费分项",
    "glossary": "名词解释各条",
    "table_rows": "收支总表、财政拨款收支总表的一级行",
    "table_subrows": "财政拨款收支总表的二级行",
}

# Outline contents: `text:` paragraph builders, `table:` table views, special `block:`s.
TEXTS = {
    "duties": "主要职责（含导语）",
    "tasks": "年度主要工作任务",
    "organization": "机构设置及人员情况",
    "institutions": "机构设置：内设机构及其说明（不列人员编制）",
    "budget_units": "部门预算构成：本部门预算包括的预算单位",
    "income": "收入预算情况",
    "expenditure": "支出预算情况",
    "fiscal": "财政拨款支出情况",
    "fund": "政府性基金或国有资本经营预算情况（参数 fund，table_id 为对应表的 id）",
    "operating": "机关运行经费",
    "administrative": "行政经费（财政拨款安排的，与上年比较）",
    "procurement": "政府采购情况",
    "assets": "国有资产占有使用情况",
    "performance": "绩效目标设置情况（项目数、部门整体目标）",
    "other": "其他需要说明的问题",
    "three_public": "“三公”经费预算情况说明",
    "glossary_income": "名词解释：收入科目",
    "glossary_spending": "名词解释：支出科目",
    "glossary_terms": "名词解释：其他名词",
    "glossary": "名词解释：以上三类连续编号",
}
TABLES = {
    "summary": "收支总表（收入按来源，支出按功能分类类级）",
    "income": "收入总表（按单位、来源）",
    "fiscal": "财政拨款收支总表",
    "fiscal_funds": "财政拨款收支总表，支出按一般公共预算、政府性基金预算、国有资本经营预算分列",
    "three_public": "“三公”经费支出表",
    "projects": "项目支出表",
    "procurement": "政府采购预算表",
    "classified": "通用分类表：按功能或经济分类科目列示（参数 scheme、fund、kind、measures、sources）",
}
BLOCKS = {
    "cover": "封面",
    "toc": "目录",
    "performance_indicators": "部门整体绩效指标表",
    "projects": "各项目的情况说明和绩效目标表",
}
# The parameters an outline node may carry, and their allowed values (None: free text).
FUNDS = ("全部", "财政拨款", "一般公共预算", "政府性基金预算", "国有资本经营预算")
MEASURES = {"total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费",
            "public": "公用经费"}
# Source columns of a classified table: 合计, 财政拨款, a kind of 财政拨款 (with its 上年结转), or
# one source (事业收入…).
SOURCE_COLUMNS = ("合计", "财政拨款", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
                  "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "单位资金")
PARAMETERS: dict[str, tuple[str, ...] | None] = {
    "unit": ("万元", "元"),
    "scheme": ("function", "economic"),
    "fund": FUNDS,
    "kind": ("基本", "项目"),
    "measures": tuple(MEASURES),
    "sources": SOURCE_COLUMNS,
    "blank_zeros": ("true", "false"),
    "table_id": None,
}
LIST_PARAMETERS = ("measures", "sources")

DOCUMENT_KINDS = ("部门预算", "单位预算")
ENTITY = {"部门预算": "部门", "单位预算": "单位"}

# What a region may or may not publish (profile.yaml requires) → its Chinese label.
REQUIREMENTS = {
    "duties": "主要职责",
    "organization": "机构设置",
    "staffing": "编制人数与实有人数",
    "project_details": "项目概述与年度绩效目标",
    "project_basis": "项目立项依据",
    "project_indicators": "项目绩效指标",
    "cost_indicators": "成本指标",
}
# Comparisons a profile can require a previous-year figure for (requires.previous).
COMPARISONS = (
    "income_total", "expenditure_total", "fiscal", "basic", "project", "personnel", "public",
    "general_public", "gov_fund", "state_capital", "operating_expenses", "procurement",
    "three_public.total", "three_public.abroad", "three_public.reception",
    "three_public.vehicle_purchase", "three_public.vehicle_operation", "administrative_expenses",
)
