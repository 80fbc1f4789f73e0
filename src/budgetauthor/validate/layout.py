"""What the data says that the chosen layout profile will not print.

A region's layout may leave out a part another region publishes (no 政府采购预算表, no project
target tables…). The data the user filled in for such a part is then not in the document: said
here, as a warning at its place in the file, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding
from ..profiles import LayoutProfile
from .codes import PROFILE_OMITS
from .usage import ITEM, filled

# (where in the data, what it is, the outline contents any one of which prints it)
SHOWN_BY: tuple[tuple[tuple[str, ...], str, set[str]], ...] = (
    (("procurement", "items"), "政府采购明细", {"table:procurement"}),
    (("projects",), "项目情况（概述、立项依据、绩效目标和指标）", {"block:projects", "block:project_descriptions"}),
    (("performance", "indicators"), "部门整体绩效指标", {"block:performance_indicators"}),
    (("performance", "long_term_goal"), "部门整体绩效中长期目标", {"text:performance"}),
    (("performance", "annual_goal"), "部门整体绩效年度目标", {"text:performance"}),
    (("profile", "tasks"), "年度主要工作任务", {"text:tasks"}),
    (("profile", "staffing"), "人员情况", {"text:organization"}),
    (("profile", "internal_departments"), "内设机构", {"text:organization", "text:institutions", "text:units"}),
    (("other_matters",), "其他需要说明的问题", {"text:other"}),
    (("glossary",), "名词解释", {"text:glossary_terms", "text:glossary", "text:terms"}),
    (("assets",), "国有资产占有使用情况", {"text:assets", "text:assets_detail"}),
    # Figures only some regions' layouts print (行政经费: Guangdong's 表8 and text; fiscal-only views of
    # each fund): a layout whose builder prints one adds its content here.
    (("administrative_expenses",), "行政经费", {"text:administrative"}),
    (("previous", "administrative_expenses"), "上年行政经费", {"text:administrative"}),
    (("previous", "by_fund"), "分资金性质（一般公共预算、政府性基金、国有资本经营）的上年数", set()),
    # What the Shanghai layout's own sections print ("[]": every item of a list).
    (("previous", "execution"), "各项级科目的上年执行数", {"text:fiscal_items"}),
    (("projects", "[]", "described_in"), "项目的“说明见项目”（几个项目合写一篇说明）", {"block:project_descriptions"}),
    (("projects", "[]", "performance_target"), "项目的“编报绩效目标”", {"text:performance_projects"}),
    (("assets", "planned_vehicle_kinds"), "拟购置车辆的类别", {"text:assets_detail"}),
)


def contents(profile: LayoutProfile) -> set[str]:
    """Everything the profile's outline prints, as "text:…", "table:…", "block:…"."""
    out = set()
    for node in profile.nodes():
        for kind, name in (("text", node.text), ("table", node.table), ("block", node.block)):
            if name:
                out.add(f"{kind}:{name}")
    return out


def _filled(value) -> bool:
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return value not in (None, "")


def _at(document: dict, path: tuple) -> object:
    node: object = document
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


# What of a project only a project section prints (its name and amount appear elsewhere too).
_PROJECT_TEXTS = ("summary", "basis", "implementer", "plan", "period", "midterm_goal", "goal", "indicators")


def _content(document: dict, path: tuple):
    value = _at(document, path)
    if path == ("projects",) and isinstance(value, list):
        return [{k: p.get(k) for k in _PROJECT_TEXTS} for p in value if isinstance(p, dict)]
    return value


def check_profile_omissions(document: dict, profile: LayoutProfile) -> Iterable[Finding]:
    printed = contents(profile)
    for path, what, shown_by in SHOWN_BY:
        if printed & shown_by:
            continue
        if ITEM in path:  # a key of every list item: said at the first item that fills it
            where = next(filled(document, path), None)
        else:
            where = path if _filled(_content(document, path)) else None
        if where is not None:
            yield PROFILE_OMITS.finding(
                f"填写了{what}，但版式方案“{profile.name}”的文件中没有这部分内容，它不会出现在文档中"
                f"（如需公开，请在版式方案的 outline.yaml 中加上）", where
            )
