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
    # the Shanghai layout's sentences
    "previous_amount": "上年数",
    "admin_units": "行政单位数",
    "institution_units": "事业单位数",
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
    # ---- sentences of layouts that itemize (Shanghai's: prose/itemized.py) ----
    "cover.budget_line": (),
    "overview.duties_lead": (),
    "fund_names.*": (),
    "units.composition": ("item", "count"),
    "units.types": ("admin_units", "institution_units"),
    "units.unit": ("number", "item"),
    "units.departments": ("count", "items"),
    "terms.*": (),
    "explanation.income": ("amount", "items"),
    "explanation.expenditure": ("amount", "items"),
    "explanation.by_fund": ("items",),
    "explanation.item": ("item", "amount", "change"),
    "explanation.fiscal_spending": (),
    "explanation.funds.*": (),
    "explanation.reason_up": ("reason",),
    "explanation.reason_down": ("reason",),
    "fiscal_items.lead": (),
    "fiscal_items.item": ("number", "class_name", "section_name", "item_name", "amount", "purpose", "detail"),
    "fiscal_items.execution": ("previous_amount", "amount", "change", "reason"),
    "fiscal_items.up": ("change_rate",),
    "fiscal_items.down": ("change_rate",),
    "fiscal_items.flat": (),
    "fiscal_items.up_from_zero": ("change_amount",),
    "three_public_detail.lead": ("amount", "change"),
    "three_public_detail.abroad": ("number", "amount", "change"),
    "three_public_detail.vehicles": ("number", "amount", "change", "items"),
    "three_public_detail.purchase": ("amount", "change"),
    "three_public_detail.operation": ("amount", "change"),
    "three_public_detail.reception": ("number", "amount", "change"),
    "procurement_categories.some": ("amount", "items"),
    "procurement_categories.item": ("category", "amount"),
    "procurement_categories.sme": ("amount",),
    "procurement_categories.none": (),
    "performance_projects.some": ("count", "amount", "items"),
    "performance_projects.item": ("item", "amount"),
    "performance_projects.none": (),
    "assets_detail.owned": ("as_of", "count", "items", "detail"),
    "assets_detail.planned": ("count", "items", "detail"),
    "assets_detail.planned_equipment": ("item", "count"),
    "project_descriptions.heading": ("item",),
    "project_descriptions.field": ("number", "item"),
    "project_descriptions.funding_item": ("item", "amount"),
    "project_descriptions.funding": ("items",),
    "project_descriptions.elsewhere": (),
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
    "units": "机构设置中列出的预算单位",
    "fiscal_items": "财政拨款支出主要内容（每个功能分类项级科目一条）",
    "project_sections": "项目经费情况说明的各栏目",
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
    # contents of layouts that word the document otherwise (Shanghai's)
    "units": "机构设置：本部与下属单位家数、行政和事业单位家数、所属单位；内设机构",
    "terms": "名词解释：wording.yaml 中 terms 各条依次列出，再加数据中的补充名词",
    "budget_explanation": "编制说明：收入、支出按资金来源，财政拨款及其三类与上年比较，增减原因",
    "fiscal_items": "财政拨款支出主要内容：每个功能分类项级科目一条（金额、用途，及与上年执行数的比较）",
    "three_public_detail": "“三公”经费：合计与各项（公务用车购置费、运行费分列）各自与上年比较",
    "procurement_categories": "政府采购：货物、工程、服务逐类列出（含为0的类）",
    "performance_projects": "绩效目标设置情况：编报绩效目标的项目数、金额和各项目",
    "assets_detail": "国有资产：车辆逐类（含为0的类）、大型设备，及拟购置的车辆和设备",
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
    "finance_summary": "财务收支预算总表：收入按资金来源（参数 sources），支出按功能分类类级（合计、人员经费、公用经费、项目支出）",
    "fiscal_by_fund": "财政拨款收支预算总表：收入按三类财政拨款，支出按功能分类类级、分三类财政拨款列示",
}
BLOCKS = {
    "cover": "封面",
    "toc": "目录",
    "performance_indicators": "部门整体绩效指标表",
    "projects": "各项目的情况说明和绩效目标表",
    "project_descriptions": "项目经费情况说明：各篇的栏目（标题行与文字），几个项目可合写一篇（projects[].described_in）",
}
# The parameters an outline node may carry, and their allowed values (None: free text).
FUNDS = ("全部", "财政拨款", "一般公共预算", "政府性基金预算", "国有资本经营预算")
MEASURES = {"total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费",
            "public": "公用经费"}
# Source columns of a classified table: 合计, 财政拨款, a kind of 财政拨款 (with its 上年结转), or
# one source (事业收入…).
SOURCE_COLUMNS = ("合计", "财政拨款", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
                  "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "单位资金")
# A table's amounts: decimals (a number, `auto`: none when every amount of the budget is whole,
# `general`: as many as the figure needs, like a spreadsheet's General format).
DECIMALS = ("0", "1", "2", "auto", "general")
PARAMETERS: dict[str, tuple[str, ...] | None] = {
    "unit": ("万元", "元"),
    "scheme": ("function", "economic"),
    "fund": FUNDS,
    "kind": ("基本", "项目"),
    "measures": tuple(MEASURES),
    "sources": SOURCE_COLUMNS + ("其余",),
    "blank_zeros": None,  # true, false, or the columns whose zeros are left blank (checked by the loader)
    "decimals": DECIMALS,
    "min_rows": None,  # a table printed with at least this many body rows (blank ones added)
    "fixed_classes": None,  # 功能分类 类 codes a summary table lists even without amounts
    "table_id": None,
}
LIST_PARAMETERS = ("measures", "sources", "fixed_classes")

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
