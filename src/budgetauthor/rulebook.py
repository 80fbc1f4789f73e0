"""The rule catalogue: every finding and every error the user sees is built from a `Rule`.

A rule (findings.Rule) is a stable code, a default severity and a Chinese title. Rules are module
constants, imported by name where they are used, so a misspelt code fails when the module is
imported, never in front of a user; each registers itself in `RULES` (a code registered twice
fails at import as well), and a Finding refuses a code that is not registered. This module holds
the codes of reading and writing files, which every stage may raise; the codes of the validation
stage live in validate/codes.py, in the same registry.

Codes are the contract with users and tests: never rename one, add a new one instead.
"""

from __future__ import annotations

from .findings import RULES as RULES  # the whole catalogue, for tests and tools
from .findings import Rule, Severity
from .findings import rule as rule

E, W = Severity.ERROR, Severity.WARNING


# ---- reading the file (exit 2) --------------------------------------------------------------------
FILE_MISSING = Rule("file-missing", E, "文件不存在")
FILE_TYPE = Rule("file-type", E, "文件类型不支持")
FILE_EMPTY = Rule("file-empty", E, "文件为空")
FILE_TOO_LARGE = Rule("file-too-large", E, "文件过大")
FILE_UNREADABLE = Rule("file-unreadable", E, "文件无法读取")
FILE_ENCODING = Rule("file-encoding", E, "文件编码错误")
YAML_SYNTAX = Rule("yaml-syntax", E, "YAML 格式错误")
YAML_TAG = Rule("yaml-tag", E, "不允许的 YAML 标签")
YAML_ALIAS = Rule("yaml-alias", E, "不支持 YAML 别名")
YAML_DUPLICATE_KEY = Rule("yaml-duplicate-key", E, "键重复")
YAML_KEY = Rule("yaml-key", E, "键格式错误")
YAML_ROOT = Rule("yaml-root", E, "顶层结构错误")
YAML_TOO_LARGE = Rule("yaml-too-large", E, "YAML 内容过多")
YAML_TOO_DEEP = Rule("yaml-too-deep", E, "YAML 嵌套过深")
XLSX_INVALID = Rule("xlsx-invalid", E, "不是有效的 Excel 工作簿")
XLSX_UNSAFE = Rule("xlsx-unsafe", E, "工作簿不安全")
XLSX_SHEET_MISSING = Rule("xlsx-sheet-missing", E, "缺少工作表")
XLSX_COLUMN_MISSING = Rule("xlsx-column-missing", E, "缺少列")
XLSX_LABEL_UNKNOWN = Rule("xlsx-label-unknown", E, "填报表中有无法识别的项目名称")
XLSX_KEY_MISSING = Rule("xlsx-key-missing", E, "填报表缺少必备的项目行")
XLSX_DUPLICATE = Rule("xlsx-duplicate", E, "填报表中同一项目重复填写")
XLSX_INDICATOR_PROJECT = Rule("xlsx-indicator-project", E, "绩效指标对应的项目不存在")
XLSX_STRICT = Rule("xlsx-strict", E, "不支持 Strict Open XML 格式的工作簿")
XLSX_SHEET_DUPLICATE = Rule("xlsx-sheet-duplicate", E, "工作表名称几乎相同，无法区分")
XLSX_SHEET_HIDDEN = Rule("xlsx-sheet-hidden", E, "工作表被隐藏")
# A workbook's single cells (load/xlsx_source.py): reported with validate's findings (exit 1).
XLSX_SHEET_UNKNOWN = Rule("xlsx-sheet-unknown", W, "工作表不属于填报表，未读取")
XLSX_FORMULA = Rule("xlsx-formula", E, "公式没有计算结果或结果是错误值")
XLSX_NOT_IN_LIST = Rule("xlsx-not-in-list", W, "取值不在下拉列表中")
INPUT_EMPTY = Rule("input-empty", E, "没有找到数据文件")  # a batch's folder or pattern without data files
CATALOG_FILE = Rule("catalog-file", E, "科目目录文件无法使用")  # --catalog FILE (catalog.load)

# ---- writing and templates --------------------------------------------------------------------------
OUTPUT = Rule("output", E, "无法写入输出文件")
PDF_CONVERSION = Rule("pdf-conversion", E, "无法转换为 PDF")
TEMPLATE_INVALID = Rule("template-invalid", E, "模板不是有效的 Word 文档")
TEMPLATE_MISSING = Rule("template-missing", E, "找不到模板文件")
TEMPLATE_FULLWIDTH = Rule("template-fullwidth", E, "模板标签含全角符号")
TEMPLATE_SPLIT_TAG = Rule("template-split-tag", E, "模板标签被拆分")
TEMPLATE_SYNTAX = Rule("template-syntax", E, "模板标签语法错误")
TEMPLATE_VARIABLE = Rule("template-variable", E, "模板使用了未定义的变量")
TEMPLATE_RENDER = Rule("template-render", E, "模板渲染失败")
TEMPLATE_UNSAFE = Rule("template-unsafe", E, "模板不安全或过大")  # render/template_safety.py
TEMPLATE_LIMIT = Rule("template-limit", E, "模板运算量超出上限")
TEMPLATE_BLOCK_MISSING = Rule("template-block-missing", E, "模板缺少版式块")

# ---- layout profiles (profiles/): a profile folder's own files --------------------------------------
PROFILE_MISSING = Rule("profile-missing", E, "找不到版式方案")
PROFILE_KEY = Rule("profile-key", W, "版式方案中有无法识别的设置")
PROFILE_VALUE = Rule("profile-value", E, "版式方案的设置取值有误")
PROFILE_PATTERN = Rule("profile-pattern", E, "句式写法有误")
PROFILE_WORDING_MISSING = Rule("profile-wording-missing", E, "版式方案缺少句式")
PROFILE_OUTLINE = Rule("profile-outline", E, "文档结构有误")

# ---- importing a budget system's export, starting from last year's file (exchange/) --------------
EXPORT_NO_TABLES = Rule("export-no-tables", E, "导出的工作簿中没有可读取的部门预算表")
EXPORT_UNIT_MISSING = Rule("export-unit-missing", W, "表中未写明金额单位")
EXPORT_DUPLICATE_TABLE = Rule("export-duplicate-table", W, "同一张表出现两次")
EXPORT_DUPLICATE_ROW = Rule("export-duplicate-row", E, "同一科目在表中出现两次")
EXPORT_AMOUNT = Rule("export-amount", E, "金额无法识别")
EXPORT_CODE = Rule("export-code", E, "科目或单位编码无法识别")
EXPORT_ROW_UNKNOWN = Rule("export-row-unknown", E, "无法识别的行")
EXPORT_UNSUPPORTED = Rule("export-unsupported", E, "表中有本程序不处理的数字")
EXPORT_TABLE_SUM = Rule("export-table-sum", E, "表内合计与明细不符")
EXPORT_TABLE_CONFLICT = Rule("export-table-conflict", E, "两张表的同一数字不一致")
EXPORT_UNALLOCATABLE = Rule("export-unallocatable", E, "无法由各表推算出一致的明细")
PREVIOUS_FILE = Rule("previous-file", E, "上年数据文件无法使用")

# ---- our own fault (exit 3): never the user's data --------------------------------------------------
INTERNAL_ERROR = Rule("internal-error", E, "内部错误")

# ---- numbers as typed (money.parse_number: a MoneyError carries one of these) ------------------------
AMOUNT_FORMAT = Rule("amount-format", E, "金额格式错误")
AMOUNT_NEGATIVE = Rule("amount-negative", E, "金额为负")
AMOUNT_TOO_LARGE = Rule("amount-too-large", E, "金额位数过多")
