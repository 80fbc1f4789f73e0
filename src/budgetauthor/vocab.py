"""The fixed vocabularies of a 部门预算: funding sources, levels, indicator levels, operators.

Each vocabulary maps the common spellings people type onto one canonical value; the schema's
`coerce` rules and the workbook's drop-downs both read from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import normalize_text


@dataclass(frozen=True)
class Source:
    """A 资金来源. `family` groups a current-year source with its 上年结转."""

    label: str
    family: str
    fiscal: bool = False
    carryover: bool = False
    income_row: str = ""  # the row label in 收支总表 / 收入总表


SOURCES: tuple[Source, ...] = (
    Source("一般公共预算", "一般公共预算", fiscal=True, income_row="一般公共预算拨款收入"),
    Source("政府性基金预算", "政府性基金预算", fiscal=True, income_row="政府性基金预算拨款收入"),
    Source("国有资本经营预算", "国有资本经营预算", fiscal=True, income_row="国有资本经营预算拨款收入"),
    Source("财政专户管理资金", "财政专户管理资金", income_row="财政专户管理资金收入"),
    Source("事业收入", "事业收入", income_row="事业收入"),
    Source("事业单位经营收入", "事业单位经营收入", income_row="事业单位经营收入"),
    Source("上级补助收入", "上级补助收入", income_row="上级补助收入"),
    Source("附属单位上缴收入", "附属单位上缴收入", income_row="附属单位上缴收入"),
    Source("其他收入", "其他收入", income_row="其他收入"),
    Source("上年结转（一般公共预算）", "一般公共预算", fiscal=True, carryover=True),
    Source("上年结转（政府性基金预算）", "政府性基金预算", fiscal=True, carryover=True),
    Source("上年结转（国有资本经营预算）", "国有资本经营预算", fiscal=True, carryover=True),
    Source("上年结转（财政专户管理资金）", "财政专户管理资金", carryover=True),
    Source("上年结转（单位资金）", "单位资金", carryover=True),
)
SOURCE_BY_LABEL = {s.label: s for s in SOURCES}
CURRENT_SOURCES = tuple(s for s in SOURCES if not s.carryover)
CARRYOVER_SOURCES = tuple(s for s in SOURCES if s.carryover)
# The kinds of 财政拨款, each with its 上年结转: 一般公共预算, 政府性基金预算, 国有资本经营预算.
FISCAL_FAMILIES = tuple(dict.fromkeys(s.family for s in SOURCES if s.fiscal))


def _key(text: str) -> str:
    """Comparison key: the normalised text, with brackets written full-width as the labels are."""
    return normalize_text(text).replace("(", "（").replace(")", "）")


_SOURCE_ALIASES = {
    "一般公共预算拨款": "一般公共预算",
    "一般公共预算拨款收入": "一般公共预算",
    "一般公共预算资金": "一般公共预算",
    "财政拨款": "一般公共预算",
    "政府性基金": "政府性基金预算",
    "政府性基金预算拨款": "政府性基金预算",
    "政府性基金预算拨款收入": "政府性基金预算",
    "国有资本经营预算拨款": "国有资本经营预算",
    "国有资本经营预算拨款收入": "国有资本经营预算",
    "财政专户管理资金收入": "财政专户管理资金",
    "经营收入": "事业单位经营收入",
    "上年结转": "上年结转（一般公共预算）",
    "上年结转结余": "上年结转（一般公共预算）",
}


def normalize_source(text: str) -> str:
    key = _key(text)
    for source in SOURCES:
        if _key(source.label) == key:
            return source.label
    key = key.replace("上年结转-", "上年结转（").replace("上年结转:", "上年结转（")
    if key.startswith("上年结转（") and not key.endswith("）"):
        key += "）"
    for source in SOURCES:
        if _key(source.label) == key:
            return source.label
    return _SOURCE_ALIASES.get(key, text)


# 人员经费 is basic spending of these 经济分类 类: 工资福利支出 (301), 对个人和家庭的补助 (303).
PERSONNEL_CLASSES = ("301", "303")


def is_personnel(economic: str) -> bool:
    return economic[:3] in PERSONNEL_CLASSES


KINDS = ("基本", "项目")
_KIND_ALIASES = {"基本支出": "基本", "项目支出": "项目", "basic": "基本", "project": "项目"}

LEVELS = ("省级", "市级", "区级", "县级")
_LEVEL_ALIASES = {"省": "省级", "市": "市级", "区": "区级", "县": "县级", "区县": "区级", "州": "市级"}

UNIT_TYPES = ("行政单位", "参照公务员法管理事业单位", "事业单位", "其他")
_UNIT_TYPE_ALIASES = {
    "行政": "行政单位",
    "行政机关": "行政单位",
    "参公": "参照公务员法管理事业单位",
    "参公事业单位": "参照公务员法管理事业单位",
    "参照公务员管理事业单位": "参照公务员法管理事业单位",
    "事业": "事业单位",
    "公益一类事业单位": "事业单位",
    "公益二类事业单位": "事业单位",
}
# 机关运行经费 by default covers administrative units and those managed like them.
ADMINISTRATIVE_UNIT_TYPES = ("行政单位", "参照公务员法管理事业单位")

PROCUREMENT_CATEGORIES = ("货物", "工程", "服务")
_PROCUREMENT_ALIASES = {"货物类": "货物", "工程类": "工程", "服务类": "服务"}

YES_NO = ("是", "否")
_YES_NO_ALIASES = {"true": "是", "false": "否", "yes": "是", "no": "否", "有": "是", "无": "否",
                   "√": "是", "×": "否", "y": "是", "n": "否"}

INDICATOR_LEVEL1 = ("产出指标", "成本指标", "效益指标", "满意度指标")
INDICATOR_LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    # 服务对象满意度指标 under 效益指标 is the placement of forms before 财预〔2021〕101号.
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标"),
    "满意度指标": ("服务对象满意度指标",),
}
_LEVEL2_ALIASES = {
    "服务对象满意度": "服务对象满意度指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众或服务对象满意度": "服务对象满意度指标",
    "生态环境成本": "生态环境成本指标",
}

OPERATORS = ("≥", "≤", "＝", "＞", "＜", "定性")
_OPERATOR_ALIASES = {
    ">=": "≥", "≧": "≥", "大于等于": "≥", "不低于": "≥",
    "<=": "≤", "≦": "≤", "小于等于": "≤", "不高于": "≤",
    "=": "＝", "==": "＝", "等于": "＝",
    ">": "＞", "大于": "＞",
    "<": "＜", "小于": "＜",
    "定性指标": "定性", "定义": "定性",
}


def _normalize(text: str, allowed, aliases: dict[str, str]) -> str:
    key = _key(text)
    for value in allowed:
        if _key(value) == key:
            return value
    return aliases.get(key, aliases.get(text.strip(), text))


def normalize_kind(text: str) -> str:
    return _normalize(text, KINDS, _KIND_ALIASES)


def normalize_level(text: str) -> str:
    return _normalize(text, LEVELS, _LEVEL_ALIASES)


def normalize_unit_type(text: str) -> str:
    return _normalize(text, UNIT_TYPES, _UNIT_TYPE_ALIASES)


def normalize_procurement_category(text: str) -> str:
    return _normalize(text, PROCUREMENT_CATEGORIES, _PROCUREMENT_ALIASES)


def normalize_yes_no(text: str) -> str:
    return _normalize(text, YES_NO, _YES_NO_ALIASES | {k.upper(): v for k, v in _YES_NO_ALIASES.items()})


def normalize_level1(text: str) -> str:
    return _normalize(text, INDICATOR_LEVEL1, {k.removesuffix("指标"): k for k in INDICATOR_LEVEL1})


def normalize_level2(text: str) -> str:
    every = tuple(v for values in INDICATOR_LEVEL2.values() for v in values)
    aliases = {v.removesuffix("指标"): v for v in every} | _LEVEL2_ALIASES
    return _normalize(text, every, aliases)


def normalize_operator(text: str) -> str:
    return _normalize(text, OPERATORS, _OPERATOR_ALIASES)


def normalize_amount_unit(text: str) -> str:
    return _normalize(text, ("万元", "元"), {"万": "万元", "人民币元": "元"})
