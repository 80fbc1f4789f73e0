"""Plain data → clean, readable YAML in the style of examples/minimal.yaml.

The schema tells each value's kind: amounts are written plain with at least two decimals
(52.80), codes always in double quotes ("2012601"), text plain when YAML reads it back as the
same string and double-quoted otherwise; long multi-line text uses a literal block. Records
(ledger rows, indicators, units…) are one flow mapping per line; each top-level section gets a
Chinese comment. Reading the output with load() gives the same text for every value.
"""

from __future__ import annotations

import functools
import json
import re
from decimal import Decimal

import yaml

from .money import MoneyError, parse_number
from .resources import SAFE_LOADER, load_schema
from .text import normalize_text

_Loader = SAFE_LOADER

INDENT = "  "
FLOW_LIMIT = 100  # a mapping of scalars up to this many characters goes on one line
LIST_LIMIT = 80
ALWAYS_FLOW = ("ledger", "indicators", "units", "items", "holdings")  # records: one per line

_MONEY = {"money", "signed_money"}
_NUMBER = {"number"}
_INTEGER = {"count", "year"}
_CODE = {"code", "function_code", "function_item", "economic_code", "economic_item"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STR_TAG = "tag:yaml.org,2002:str"

HEADER = (
    "# 部门预算数据（由 budgetauthor convert 从 Excel 填报表转换）。",
    "# profile 写“是谁”，approved 写财政部门批复的控制数，ledger 是预算明细",
    "# （每一行 = 单位 × 功能科目 × 经济科目 × 基本/项目 × 资金来源 × 金额），其余各节补充文字和上年情况。",
    "# 表格、合计和文中的每一个数字都由 ledger 推算。",
)
SECTION_COMMENTS = {
    "profile": "基本信息：部门、年度、级别、金额单位、预算单位、职责、机构与人员",
    "approved": "财政部门批复的控制数",
    "ledger": "预算明细",
    "projects": "项目支出：项目情况与绩效指标",
    "previous": "上年预算数与变动原因",
    "three_public": "“三公”经费",
    "operating_expenses": "机关运行经费",
    "administrative_expenses": "行政经费（广东等地的“行政经费及“三公”经费预算表”）",
    "procurement": "政府采购",
    "assets": "国有资产占有使用情况",
    "performance": "部门整体绩效目标",
    "purposes": "支出用途说明",
    "other_matters": "其他需要说明的问题",
    "glossary": "补充名词解释",
    "settings": "校验设置",
}


# ---- the schema node of a path ---------------------------------------------------------------


def node_at(path: tuple) -> dict | None:
    node: dict | None = {"type": "dict", "schema": load_schema()}
    for part in path:
        if not isinstance(node, dict):
            return None
        if node.get("type") == "list":
            node = node.get("schema")
        elif isinstance(node.get("schema"), dict) and part in node["schema"]:
            node = node["schema"][part]
        elif "valuesrules" in node:
            node = node["valuesrules"]
        else:
            return None
    return node


def _kind(node: dict | None) -> str:
    if not isinstance(node, dict):
        return "text"
    if node.get("type") == "dict" and isinstance(node.get("schema"), dict) and "amount" in node["schema"]:
        return _kind(node["schema"]["amount"])  # a bare comparison is its amount
    return str(node.get("check_with") or "text")


def _key_kind(node: dict | None) -> str:
    rules = node.get("keysrules") if isinstance(node, dict) else None
    return str(rules.get("check_with") or "text") if isinstance(rules, dict) else "text"


def _field_order(node: dict | None, keys) -> list:
    schema = node.get("schema") if isinstance(node, dict) else None
    if not isinstance(node, dict) or not isinstance(schema, dict) or "valuesrules" in node:
        return list(keys)
    known = [k for k in schema if k in keys]
    return known + [k for k in keys if k not in schema]


# ---- scalars ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _plain_ok(text: str, flow: bool) -> bool:
    """Whether `text` can be written without quotes and reads back as the same string."""
    if not text or text != text.strip() or "\n" in text or "#" in text:
        return False
    doc = f"[{text}]" if flow else f"k: {text}"
    try:
        node = yaml.compose(doc, Loader=_Loader)
    except yaml.YAMLError:
        return False
    if node is None:
        return False
    scalar = node.value[0] if flow else node.value[0][1]
    if flow and len(node.value) != 1:
        return False
    return isinstance(scalar, yaml.ScalarNode) and scalar.value == text and scalar.tag == _STR_TAG


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _money(text: str, cents: bool) -> str | None:
    """An amount with at least two decimals (52.8 → 52.80); in 元 files whole amounts stay whole."""
    try:
        d = parse_number(text, signed=True)
    except MoneyError:
        return None
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)  # parse_number refuses NaN and infinities
    if exponent == -1 or (cents and exponent > -2):
        d = d.quantize(Decimal("0.01"))
    return format(d, "f")


def scalar(value, kind: str, flow: bool, cents: bool = True) -> str:
    if value is None:
        return "null"
    text = str(value)
    if kind in _MONEY or kind in _NUMBER:
        number = _money(text, cents) if kind in _MONEY else _number(text)
        return number if number is not None else quoted(text)
    if kind in _INTEGER:
        compact = normalize_text(text).removesuffix("年")
        return compact if compact.isdigit() and compact.isascii() else quoted(text)
    if kind in _CODE:
        return quoted(text)
    if kind == "date" and _DATE.match(text):
        return text
    return text if _plain_ok(text, flow) else quoted(text)


def _number(text: str) -> str | None:
    try:
        return format(parse_number(text, signed=True), "f")
    except MoneyError:
        return None


def key_text(key, kind: str) -> str:
    text = str(key)
    if kind in _CODE:
        return quoted(text)
    return text if _plain_ok(text, True) and ":" not in text else quoted(text)


# ---- structure -------------------------------------------------------------------------------


def _is_scalar(value) -> bool:
    return not isinstance(value, (dict, list))


class _Emitter:
    def __init__(self, cents: bool = True):
        self.lines: list[str] = []
        self.cents = cents  # amounts in 万元 always show two decimals

    def flow_mapping(self, value: dict, path: tuple) -> str:
        node = node_at(path)
        keys = _field_order(node, [k for k, v in value.items() if v is not None])
        key_kind = _key_kind(node)
        parts = []
        for k in keys:
            child = path + (k,)
            shown = key_text(k, key_kind) if "valuesrules" in (node or {}) else str(k)
            parts.append(f"{shown}: {scalar(value[k], _kind(node_at(child)), True, self.cents)}")
        return "{" + ", ".join(parts) + "}"

    def flow_list(self, value: list, path: tuple) -> str:
        kind = _kind(node_at(path + (0,)))
        return "[" + ", ".join(scalar(v, kind, True, self.cents) for v in value) + "]"

    def flowable(self, value, path: tuple) -> str | None:
        """The one-line form of a mapping or list of scalars, when it reads well on one line."""
        if isinstance(value, dict) and value and all(_is_scalar(v) for v in value.values()):
            text = self.flow_mapping(value, path)
            always = any(p in ALWAYS_FLOW for p in path if isinstance(p, str)) and isinstance(path[-1], int)
            return text if always or len(text) <= FLOW_LIMIT else None
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            text = self.flow_list(value, path)
            short = all(len(v) <= 20 for v in value)
            return text if short and len(text) <= LIST_LIMIT else None
        return None

    def compact(self, value, path: tuple):
        """A comparison {amount: x} alone is written as the bare amount."""
        node = node_at(path)
        if (isinstance(value, dict) and set(value) == {"amount"} and isinstance(node, dict)
                and node.get("coerce") == "comparison"):
            return value["amount"]
        return value

    def value_lines(self, prefix: str, value, path: tuple, indent: str) -> None:
        """Write `prefix` (e.g. "  name:" or "  -") followed by the value."""
        value = self.compact(value, path)
        if _is_scalar(value):
            self.scalar_line(prefix, value, path, indent)
            return
        flow = self.flowable(value, path)
        if flow is not None:
            self.lines.append(f"{prefix} {flow}")
        elif isinstance(value, dict):
            self.mapping_lines(prefix, value, path, indent)
        else:
            self.list_lines(prefix, value, path, indent)

    def scalar_line(self, prefix: str, value, path: tuple, indent: str) -> None:
        kind = _kind(node_at(path))
        if isinstance(value, str) and "\n" in value and kind not in _CODE | _MONEY | _INTEGER:
            block = self.literal(value, indent + INDENT)
            if block:
                self.lines.append(f"{prefix} {block[0]}")
                self.lines.extend(block[1:])
                return
        self.lines.append(f"{prefix} {scalar(value, kind, False, self.cents)}")

    @staticmethod
    def literal(text: str, indent: str) -> list[str] | None:
        lines = text.split("\n")
        if text != text.strip() or any(line != line.rstrip() for line in lines) or "\t" in text:
            return None
        out = ["|-"] + [f"{indent}{line}" if line else "" for line in lines]
        try:
            node = yaml.compose("k: " + "\n".join(out), Loader=_Loader)
        except yaml.YAMLError:
            return None
        return out if node is not None and node.value[0][1].value == text else None

    def mapping_lines(self, prefix: str, value: dict, path: tuple, indent: str) -> None:
        if prefix.endswith("-"):  # a mapping inside a list: first key on the dash line
            first = True
            for key in self.keys(value, path):
                shown = self.shown_key(key, path)
                lead = f"{prefix} " if first else f"{indent}{INDENT}"
                self.value_lines(f"{lead}{shown}:", value[key], path + (key,), indent + INDENT)
                first = False
            return
        self.lines.append(prefix)
        for key in self.keys(value, path):
            shown = self.shown_key(key, path)
            self.value_lines(f"{indent}{INDENT}{shown}:", value[key], path + (key,), indent + INDENT)

    def keys(self, value: dict, path: tuple) -> list:
        return _field_order(node_at(path), [k for k, v in value.items() if v is not None])

    @staticmethod
    def shown_key(key, path: tuple) -> str:
        node = node_at(path)
        if isinstance(node, dict) and "valuesrules" in node:
            return key_text(key, _key_kind(node))
        return str(key)

    def list_lines(self, prefix: str, value: list, path: tuple, indent: str) -> None:
        self.lines.append(prefix)
        for i, item in enumerate(value):
            self.value_lines(f"{indent}{INDENT}-", item, path + (i,), indent + INDENT)


def dump(data: dict, header: tuple[str, ...] = HEADER) -> str:
    """The YAML text of a budget's plain data."""
    unit = str((data.get("profile") or {}).get("amount_unit") or "") if isinstance(data.get("profile"), dict) else ""
    emitter = _Emitter(cents=normalize_text(unit) != "元")
    out = [*header] if header else []
    out.append('version: "1"')
    for key in _field_order(node_at(()), [k for k, v in data.items() if v is not None]):
        if key == "version":
            continue
        emitter.lines = []
        emitter.value_lines(f"{key}:", data[key], (key,), "")
        comment = SECTION_COMMENTS.get(key)
        out.append("")
        if comment:
            out.append(f"# {comment}")
        out.extend(emitter.lines)
    return "\n".join(out) + "\n"
