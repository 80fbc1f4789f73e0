"""The catalogue of rule codes: each a stable id, a default severity and a Chinese title.

Codes are the contract with users and tests; never rename one, add a new one instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..findings import Finding, Location, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str

    def finding(
        self,
        message: str,
        path: tuple = (),
        *,
        expected: Decimal | None = None,
        actual: Decimal | None = None,
        location: Location | None = None,
    ) -> Finding:
        return Finding(self.code, self.severity, message, tuple(path), location, expected, actual)


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        # reading the file (exit 2)
        Rule("file-missing", E, "文件不存在"),
        Rule("file-type", E, "文件类型不支持"),
        Rule("file-empty", E, "文件为空"),
        Rule("file-too-large", E, "文件过大"),
        Rule("file-unreadable", E, "文件无法读取"),
        Rule("file-encoding", E, "文件编码错误"),
        Rule("yaml-syntax", E, "YAML 格式错误"),
        Rule("yaml-tag", E, "不允许的 YAML 标签"),
        Rule("yaml-alias", E, "不支持 YAML 别名"),
        Rule("yaml-duplicate-key", E, "键重复"),
        Rule("yaml-key", E, "键格式错误"),
        Rule("yaml-root", E, "顶层结构错误"),
        Rule("yaml-too-large", E, "YAML 内容过多"),
        Rule("yaml-too-deep", E, "YAML 嵌套过深"),
        Rule("xlsx-invalid", E, "不是有效的 Excel 工作簿"),
        Rule("xlsx-unsafe", E, "工作簿不安全"),
        Rule("xlsx-sheet-missing", E, "缺少工作表"),
        Rule("xlsx-column-missing", E, "缺少列"),
        Rule("xlsx-label-unknown", E, "填报表中有无法识别的项目名称"),
        Rule("xlsx-key-missing", E, "填报表缺少必备的项目行"),
        Rule("xlsx-duplicate", E, "填报表中同一项目重复填写"),
        Rule("xlsx-indicator-project", E, "绩效指标对应的项目不存在"),
        Rule("xlsx-strict", E, "不支持 Strict Open XML 格式的工作簿"),
        Rule("xlsx-sheet-duplicate", E, "工作表名称几乎相同，无法区分"),
        Rule("xlsx-sheet-hidden", E, "工作表被隐藏"),
        Rule("xlsx-sheet-unknown", W, "工作表不属于填报表，未读取"),
        Rule("xlsx-formula", E, "公式没有计算结果或结果是错误值"),
        Rule("xlsx-not-in-list", W, "取值不在下拉列表中"),
        # writing and templates
        Rule("output", E, "无法写入输出文件"),
        Rule("template-invalid", E, "模板不是有效的 Word 文档"),
        Rule("template-missing", E, "找不到模板文件"),
        Rule("template-fullwidth", E, "模板标签含全角符号"),
        Rule("template-split-tag", E, "模板标签被拆分"),
        Rule("template-syntax", E, "模板标签语法错误"),
        Rule("template-variable", E, "模板使用了未定义的变量"),
        # shape (schema)
        Rule("schema", E, "结构错误"),
        Rule("required", E, "缺少必填项"),
        Rule("type", E, "类型错误"),
        Rule("allowed", E, "取值不在允许范围"),
        Rule("unknown-key", W, "无法识别的字段"),
        Rule("amount-format", E, "金额格式错误"),
        Rule("amount-negative", E, "金额为负"),
        Rule("amount-too-large", E, "金额位数过多"),
        Rule("count-format", E, "人数/数量格式错误"),
        Rule("year-range", E, "年度不合理"),
        Rule("date-format", E, "日期格式错误"),
        Rule("code-format", E, "编码格式错误"),
        Rule("text-too-long", E, "文字过长"),
        Rule("text-control-char", E, "含有控制字符"),
        # catalogue
        Rule("function-code-malformed", E, "功能分类科目编码格式错误"),
        Rule("function-code-parent", E, "功能分类科目的类/款不存在"),
        Rule("function-code-unknown", W, "功能分类科目不在目录中"),
        Rule("economic-code-malformed", E, "经济分类科目编码格式错误"),
        Rule("economic-code-parent", E, "经济分类科目的类不存在"),
        Rule("economic-code-unknown", W, "经济分类科目不在目录中"),
        Rule("code-name-mismatch", W, "科目名称与目录不一致"),
        Rule("catalog-file", E, "科目目录文件无法使用"),  # --catalog file (catalog.load)
        Rule("unit-unknown", E, "单位编码未登记"),
        Rule("unit-duplicate", E, "单位编码重复"),
        # identities and control figures
        Rule("income-expenditure-balance", E, "收入总计与支出总计不等"),
        Rule("control-total", E, "明细合计与批复控制数不符"),
        Rule("fiscal-exceeds-total", E, "财政拨款超过全部资金"),
        Rule("project-sum", E, "项目合计与项目支出不符"),
        Rule("project-amount", E, "项目金额与明细不符"),
        Rule("project-undeclared", E, "明细中的项目未填写项目信息"),
        Rule("project-unused", E, "项目没有对应的预算明细"),
        Rule("project-duplicate", E, "项目重复"),
        Rule("project-missing-name", E, "项目支出未写项目名称"),
        Rule("three-public-sum", E, "“三公”经费合计与分项不符"),
        Rule("three-public-derived", E, "“三公”经费与明细不符"),
        Rule("operating-expenses-exceeds", E, "机关运行经费超过财政拨款支出"),
        Rule("procurement-sum", E, "政府采购合计与明细不符"),
        Rule("procurement-sme", E, "面向中小企业金额超过采购金额"),
        Rule("procurement-exceeds-project", E, "项目采购金额超过项目预算"),
        Rule("assets-children", E, "资产分项超过所属项目"),
        Rule("previous-change", E, "填写的增减额与上年数不符"),
        Rule("previous-fiscal-exceeds", E, "上年财政拨款超过上年全部资金"),
        Rule("previous-sum", E, "上年分项合计与总数不符"),
        # completeness
        Rule("section-missing", E, "缺少必备内容"),
        Rule("project-incomplete", E, "项目信息不完整"),
        Rule("project-basis-missing", W, "项目未填写立项依据"),
        Rule("indicator-level-missing", E, "缺少必备的一级绩效指标"),
        Rule("indicator-cost-missing", W, "缺少成本指标"),
        Rule("indicator-level2", E, "二级指标与一级指标不匹配"),
        Rule("indicator-value", E, "指标值格式错误"),
        Rule("indicator-unit-missing", W, "定量指标缺少计量单位"),
        Rule("indicator-cost-exceeds", E, "成本指标超过项目预算"),
        Rule("previous-missing", W, "缺少上年数"),
        Rule("reason-missing", W, "变动较大但未说明原因"),
        Rule("units-control-missing", W, "多单位部门未填分单位控制数"),
        # text
        Rule("text-residue", E, "文字中残留模板占位符"),
        Rule("text-year", W, "日期中的年份与预算年度不符"),
        # text that looks right (text.py, validate/schema.py)
        Rule("text-invisible-char", E, "含有看不见的格式字符（零宽字符、文字方向控制符）"),
        Rule("duplicate-key", E, "同一层出现两个相同的键"),
        Rule("list-too-long", E, "条目过多"),
        # user templates (render/template_safety.py)
        Rule("template-unsafe", E, "模板不安全或过大"),
        Rule("template-render", E, "模板标签执行出错"),
        Rule("template-limit", E, "模板运算量超出上限"),
    )
}


def rule(code: str) -> Rule:
    return RULES[code]
