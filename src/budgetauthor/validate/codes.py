"""The codes of the validation stage: shape (schema), catalogue, identities, completeness, text.

Each is a `Rule` constant registered in the one catalogue (findings.RULES), beside the codes of
reading and writing files that rulebook.py holds. Import a rule by its name where it is used:
a misspelt name fails at import. Never rename a code; add a new one instead.
"""

from __future__ import annotations

from ..findings import RULES as RULES  # the whole catalogue, for tests and tools
from ..findings import Rule, Severity
from ..findings import rule as rule

E, W = Severity.ERROR, Severity.WARNING

# ---- shape (schema) -------------------------------------------------------------------------
SCHEMA = Rule("schema", E, "结构错误")
REQUIRED = Rule("required", E, "缺少必填项")
TYPE = Rule("type", E, "类型错误")
ALLOWED = Rule("allowed", E, "取值不在允许范围")
UNKNOWN_KEY = Rule("unknown-key", W, "无法识别的字段")
COUNT_FORMAT = Rule("count-format", E, "人数/数量格式错误")
YEAR_RANGE = Rule("year-range", E, "年度不合理")
DATE_FORMAT = Rule("date-format", E, "日期格式错误")
CODE_FORMAT = Rule("code-format", E, "编码格式错误")
TEXT_TOO_LONG = Rule("text-too-long", E, "文字过长")
TEXT_CONTROL_CHAR = Rule("text-control-char", E, "含有控制字符")

# ---- catalogue ------------------------------------------------------------------------------
FUNCTION_CODE_MALFORMED = Rule("function-code-malformed", E, "功能分类科目编码格式错误")
FUNCTION_CODE_PARENT = Rule("function-code-parent", E, "功能分类科目的类/款不存在")
FUNCTION_CODE_UNKNOWN = Rule("function-code-unknown", W, "功能分类科目不在目录中")
ECONOMIC_CODE_MALFORMED = Rule("economic-code-malformed", E, "经济分类科目编码格式错误")
ECONOMIC_CODE_PARENT = Rule("economic-code-parent", E, "经济分类科目的类不存在")
ECONOMIC_CODE_UNKNOWN = Rule("economic-code-unknown", W, "经济分类科目不在目录中")
CODE_NAME_MISMATCH = Rule("code-name-mismatch", W, "科目名称与目录不一致")
UNIT_UNKNOWN = Rule("unit-unknown", E, "单位编码未登记")
UNIT_DUPLICATE = Rule("unit-duplicate", E, "单位编码重复")

# ---- identities and control figures ---------------------------------------------------------
INCOME_EXPENDITURE_BALANCE = Rule("income-expenditure-balance", E, "收入总计与支出总计不等")
CONTROL_TOTAL = Rule("control-total", E, "明细合计与批复控制数不符")
FISCAL_EXCEEDS_TOTAL = Rule("fiscal-exceeds-total", E, "财政拨款超过全部资金")
PROJECT_SUM = Rule("project-sum", E, "项目合计与项目支出不符")
PROJECT_AMOUNT = Rule("project-amount", E, "项目金额与明细不符")
PROJECT_UNDECLARED = Rule("project-undeclared", E, "明细中的项目未填写项目信息")
PROJECT_UNUSED = Rule("project-unused", E, "项目没有对应的预算明细")
PROJECT_DUPLICATE = Rule("project-duplicate", E, "项目重复")
PROJECT_MISSING_NAME = Rule("project-missing-name", E, "项目支出未写项目名称")
THREE_PUBLIC_SUM = Rule("three-public-sum", E, "“三公”经费合计与分项不符")
THREE_PUBLIC_DERIVED = Rule("three-public-derived", E, "“三公”经费与明细不符")
OPERATING_EXPENSES_EXCEEDS = Rule("operating-expenses-exceeds", E, "机关运行经费超过财政拨款支出")
PROCUREMENT_SUM = Rule("procurement-sum", E, "政府采购合计与明细不符")
PROCUREMENT_SME = Rule("procurement-sme", E, "面向中小企业金额超过采购金额")
PROCUREMENT_EXCEEDS_PROJECT = Rule("procurement-exceeds-project", E, "项目采购金额超过项目预算")
ASSETS_CHILDREN = Rule("assets-children", E, "资产分项超过所属项目")
PREVIOUS_CHANGE = Rule("previous-change", E, "填写的增减额与上年数不符")
PREVIOUS_FISCAL_EXCEEDS = Rule("previous-fiscal-exceeds", E, "上年财政拨款超过上年全部资金")
PREVIOUS_SUM = Rule("previous-sum", E, "上年分项合计与总数不符")

# ---- completeness ---------------------------------------------------------------------------
SECTION_MISSING = Rule("section-missing", E, "缺少必备内容")
PROJECT_INCOMPLETE = Rule("project-incomplete", E, "项目信息不完整")
PROJECT_BASIS_MISSING = Rule("project-basis-missing", W, "项目未填写立项依据")
INDICATOR_LEVEL_MISSING = Rule("indicator-level-missing", E, "缺少必备的一级绩效指标")
INDICATOR_COST_MISSING = Rule("indicator-cost-missing", W, "缺少成本指标")
INDICATOR_LEVEL2 = Rule("indicator-level2", E, "二级指标与一级指标不匹配")
INDICATOR_VALUE = Rule("indicator-value", E, "指标值格式错误")
INDICATOR_UNIT_MISSING = Rule("indicator-unit-missing", E, "定量指标缺少计量单位")
INDICATOR_COST_EXCEEDS = Rule("indicator-cost-exceeds", E, "成本指标超过项目预算")
PREVIOUS_MISSING = Rule("previous-missing", W, "缺少上年数")
REASON_MISSING = Rule("reason-missing", E, "变动较大但未说明原因")
UNITS_CONTROL_MISSING = Rule("units-control-missing", W, "多单位部门未填分单位控制数")

# ---- text -----------------------------------------------------------------------------------
TEXT_RESIDUE = Rule("text-residue", E, "文字中残留模板占位符")
TEXT_YEAR = Rule("text-year", W, "日期中的年份与预算年度不符")

# ---- what a reviewer refuses (issue 10) -----------------------------------------------------
PROCUREMENT_EXCEEDS_TOTAL = Rule("procurement-exceeds-total", E, "政府采购超过支出总计")
PROCUREMENT_PROJECT_UNKNOWN = Rule("procurement-project-unknown", E, "采购明细所属项目不存在")
CONTROL_TABLE = Rule("control-table", E, "表格中的数与批复控制数不符")
INDICATOR_COST_FLOOR = Rule("indicator-cost-floor", E, "成本指标使用了下限符号")
TEXT_DATE_INVALID = Rule("text-date-invalid", W, "文字中的日期不存在")
CATALOG_YEAR = Rule("catalog-year", W, "预算年度的科目目录未内置")
FIELD_UNUSED = Rule("field-unused", W, "填写的内容不会写入文档")

# ---- text that looks right (text.py, validate/schema.py) ----------------------------------------
TEXT_INVISIBLE_CHAR = Rule("text-invisible-char", E, "含有看不见的格式字符（零宽字符、文字方向控制符）")
DUPLICATE_KEY = Rule("duplicate-key", E, "同一层出现两个相同的键")
LIST_TOO_LONG = Rule("list-too-long", E, "条目过多")

# ---- layout profiles (issue 11) -------------------------------------------------------------
PROFILE_UNKNOWN = Rule("profile-unknown", E, "数据指定的版式方案不存在")
PROFILE_OMITS = Rule("profile-omits", W, "填写的内容不在所选版式的文件中")

# ---- Guangdong profile (issue 11 part 4) ----------------------------------------------------------
ADMINISTRATIVE_EXPENSES_EXCEEDS = Rule("administrative-expenses-exceeds", E, "行政经费超过一般公共预算支出")

# ---- every sentence true (issue 10 §1) --------------------------------------------------------
YEAR_END_UNITS = Rule("year-end-units", E, "多个预算单位的部门填写了年终结转结余")
