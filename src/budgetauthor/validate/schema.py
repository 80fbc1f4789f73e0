"""Shape validation: the cerberus schema in schemas/budget.schema.yaml, reported as Findings.

The schema is data; this module supplies its custom `check_with` and `coerce` rules and turns
cerberus' error tree into Chinese findings with stable codes.
"""

from __future__ import annotations

import functools
import re
import sys
from datetime import date
from typing import Any

import cerberus
from cerberus import errors as ce
from cerberus.schema import DefinitionSchema

from .. import checked, vocab
from ..findings import Finding, Severity
from ..money import MoneyError, parse_number
from ..resources import load_schema, schema_path
from ..rulebook import AMOUNT_NEGATIVE, Rule
from ..text import invisible, invisible_message, normalize_code, normalize_key, normalize_text
from .codes import (
    ALLOWED,
    CODE_FORMAT,
    COUNT_FORMAT,
    DATE_FORMAT,
    DUPLICATE_KEY,
    ECONOMIC_CODE_MALFORMED,
    FUNCTION_CODE_MALFORMED,
    LIST_TOO_LONG,
    REQUIRED,
    SCHEMA,
    TEXT_CONTROL_CHAR,
    TEXT_INVISIBLE_CHAR,
    TEXT_TOO_LONG,
    TYPE,
    UNKNOWN_KEY,
    YEAR_RANGE,
    rule,
)

MAX_SHORT_TEXT = 200
MAX_TEXT = 5000
_CODE = re.compile(r"^[0-9A-Za-z\-_.]{1,40}$")
_DIGITS = re.compile(r"^[0-9]+$")  # \d would take full-width and other scripts' digits
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _fail(validator, field, rule: Rule, message: str) -> None:
    # The rule's code travels in the message; _to_finding splits it off again.
    validator._error(field, f"{rule.code}|{message}")


class BudgetValidator(cerberus.Validator):
    """cerberus with our value checks. Every check is defensive: cerberus runs them even when a
    sibling rule (such as `type`) already failed."""

    def _check_with_money(self, field, value):
        self._check_number(field, value, signed=False)

    def _check_with_signed_money(self, field, value):
        self._check_number(field, value, signed=True)

    def _check_with_number(self, field, value):
        self._check_number(field, value, signed=False)

    def _check_number(self, field, value, signed):
        if not isinstance(value, str):
            return
        try:
            parse_number(value, signed=signed)
        except MoneyError as exc:
            _fail(self, field, exc.rule, str(exc))

    def _check_with_count(self, field, value):
        if not isinstance(value, str):
            return
        try:
            number = parse_number(value)
        except MoneyError as exc:
            message = f"“{value}”为负数，人数或数量不能为负" if exc.rule is AMOUNT_NEGATIVE else str(exc)
            _fail(self, field, COUNT_FORMAT, message)
            return
        if number != number.to_integral_value():
            _fail(self, field, COUNT_FORMAT, f"“{value}”应为整数")

    def _check_with_year(self, field, value):
        if not isinstance(value, str):
            return
        text = normalize_text(value).removesuffix("年")
        if not _DIGITS.match(text) or not 2000 <= int(text) <= 2099:
            _fail(self, field, YEAR_RANGE, f"预算年度“{value}”不合理，应为 2000–2099 之间的四位年份")

    def _check_with_date(self, field, value):
        if not isinstance(value, str):
            return
        m = _DATE.match(normalize_text(value))
        try:
            if not m:
                raise ValueError
            date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            _fail(self, field, DATE_FORMAT, f"“{value}”不是有效日期，请写成 2023-12-31")

    def _check_with_code(self, field, value):
        if isinstance(value, str) and not _CODE.match(value):
            _fail(self, field, CODE_FORMAT, f"编码“{value}”只能由数字和字母组成")

    def _check_with_function_code(self, field, value):
        self._check_digits(field, value, (3, 5, 7), "功能分类科目编码", FUNCTION_CODE_MALFORMED)

    def _check_with_function_item(self, field, value):
        self._check_digits(field, value, (7,), "功能分类科目编码（项级，7位）", FUNCTION_CODE_MALFORMED)

    def _check_with_economic_code(self, field, value):
        self._check_digits(field, value, (3, 5), "经济分类科目编码", ECONOMIC_CODE_MALFORMED)

    def _check_with_economic_item(self, field, value):
        self._check_digits(field, value, (5,), "经济分类科目编码（款级，5位）", ECONOMIC_CODE_MALFORMED)

    def _check_digits(self, field, value, lengths, label, rule):
        if not isinstance(value, str):
            return
        if not _DIGITS.match(value) or len(value) not in lengths:
            digits = "或".join(str(n) for n in lengths)
            _fail(self, field, rule, f"{label}“{value}”格式错误，应为{digits}位数字")

    def _check_with_short_text(self, field, value):
        self._check_text(field, value, MAX_SHORT_TEXT)

    def _check_with_text(self, field, value):
        self._check_text(field, value, MAX_TEXT)

    def _check_text(self, field, value, limit):
        if not isinstance(value, str):
            return
        if _CONTROL.search(value):
            _fail(self, field, TEXT_CONTROL_CHAR, "文字中含有不可见的控制字符，请删除后重新输入")
        if len(value) > limit:
            _fail(self, field, TEXT_TOO_LONG, f"文字过长（{len(value)}字），上限为{limit}字")

    def _check_with_source(self, field, value):
        if isinstance(value, str) and value not in vocab.SOURCE_BY_LABEL:
            options = "、".join(s.label for s in vocab.SOURCES)
            _fail(self, field, ALLOWED, f"资金来源“{value}”无法识别，可选：{options}")

    # Normalisers: map common spellings onto the canonical value before `allowed` is checked.
    def _normalize_coerce_source(self, value):
        return vocab.normalize_source(value) if isinstance(value, str) else value

    def _normalize_coerce_kind(self, value):
        return vocab.normalize_kind(value) if isinstance(value, str) else value

    def _normalize_coerce_level(self, value):
        return vocab.normalize_level(value) if isinstance(value, str) else value

    def _normalize_coerce_unit_type(self, value):
        return vocab.normalize_unit_type(value) if isinstance(value, str) else value

    def _normalize_coerce_amount_unit(self, value):
        return vocab.normalize_amount_unit(value) if isinstance(value, str) else value

    def _normalize_coerce_procurement_category(self, value):
        return vocab.normalize_procurement_category(value) if isinstance(value, str) else value

    def _normalize_coerce_yes_no(self, value):
        return vocab.normalize_yes_no(value) if isinstance(value, str) else value

    def _normalize_coerce_indicator_level1(self, value):
        return vocab.normalize_level1(value) if isinstance(value, str) else value

    def _normalize_coerce_indicator_level2(self, value):
        return vocab.normalize_level2(value) if isinstance(value, str) else value

    def _normalize_coerce_operator(self, value):
        return vocab.normalize_operator(value) if isinstance(value, str) else value

    def _normalize_coerce_comparison(self, value):
        # A previous-year figure may be a bare number or {amount, change, reason}.
        return {"amount": value} if isinstance(value, str) else value

    def _normalize_coerce_as_list(self, value):
        return [value] if isinstance(value, str) else value


_TYPE_NAMES = {"dict": "“键: 值”映射", "list": "列表", "string": "文字或数字"}


def _label(schema: dict, schema_path: tuple) -> str:
    node = schema
    for part in schema_path[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
    if isinstance(node, dict):
        meta = node.get("meta")
        if isinstance(meta, dict) and "label" in meta:
            return meta["label"]
    return ""


def _leaves(errs):
    for err in errs:
        if err.is_group_error or err.is_logic_error:
            yield from _leaves(err.child_errors)
        else:
            yield err


def _to_finding(err, schema: dict) -> Finding:
    path = tuple(err.document_path)
    schema_path = tuple(err.schema_path)
    if err.code == ce.CUSTOM.code and path:
        # cerberus leaves the field and rule off a custom error's schema path: put them back so
        # the label is the field's own (金额), not its parent's (基本信息) or its key (amount).
        schema_path += (path[-1], "check_with")
    label = _label(schema, schema_path)
    value = err.value
    if err.code == ce.CUSTOM.code:
        code, _, message = str(err.info[0]).partition("|")
        prefix = label and not message.startswith(label)
        return rule(code).finding(f"{label}：{message}" if prefix else message, path)
    if not label and path and isinstance(path[-1], int):  # a list item: "预算明细的第4项"
        parent = _label(schema, schema_path[:-1]) or str(path[-2] if len(path) > 1 else "")
        label = f"{parent}的第{path[-1] + 1}项"
    label = label or (str(path[-1]) if path else "")
    if err.code in (ce.REQUIRED_FIELD.code, ce.NOT_NULLABLE.code, ce.EMPTY_NOT_ALLOWED.code):
        return REQUIRED.finding(f"缺少必填项“{label}”", path)
    if err.code == ce.UNKNOWN_FIELD.code:
        return UNKNOWN_KEY.finding(f"无法识别的字段“{path[-1]}”，将被忽略（是否拼写有误？）", path)
    if err.code == ce.BAD_TYPE.code:
        wanted = _TYPE_NAMES.get(str(err.constraint), str(err.constraint))
        return TYPE.finding(f"“{label}”应为{wanted}", path)
    if err.code == ce.UNALLOWED_VALUE.code:
        options = "、".join(map(str, err.constraint))
        return ALLOWED.finding(f"{label}“{value}”不是允许的取值，可选：{options}", path)
    if err.code == ce.MIN_LENGTH.code:
        return REQUIRED.finding(f"“{label}”至少需要 {err.constraint} 项", path)
    if err.code == ce.MAX_LENGTH.code:
        return TEXT_TOO_LONG.finding(f"“{label}”过长", path)
    if err.code == ce.COERCION_FAILED.code:
        return TYPE.finding(f"“{label}”的值无法识别", path)
    return SCHEMA.finding(f"“{label}”不符合格式要求（{err.rule}）", path)


def clean(value, path: tuple = (), clashes: list | None = None):
    """Strip every string (U+3000 too); whitespace-only strings become None (an empty cell).
    Keys are normalised (text.normalize_key); two keys of one mapping that become the same are
    reported in `clashes` as (path, key) and the first is kept — the loaders report these at
    their cell or line already, this guards data handed to validate() directly."""
    if isinstance(value, dict):
        out: dict = {}
        for k, v in value.items():
            key = normalize_key(k) if isinstance(k, str) else k
            if key in out:
                if clashes is not None:
                    clashes.append((path + (k,), key))
                continue
            out[key] = clean(v, path + (key,), clashes)
        return out
    if isinstance(value, list):
        return [clean(v, path + (i,), clashes) for i, v in enumerate(value)]
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    return value


_CODE_CHECKS = {"code", "function_code", "function_item", "economic_code", "economic_item"}


def normalize_codes(schema: dict, data) -> None:
    """Codes typed full-width or with spaces ("２０１ ２６０１") become what the catalogue
    writes, in place, wherever the schema says a value or a mapping's key is a code."""
    if isinstance(data, dict):
        if schema.get("type") == "dict" and isinstance(schema.get("schema"), dict):
            for key, sub in schema["schema"].items():
                if key in data:
                    data[key] = _normalized(sub, data[key])
        keys, values = schema.get("keysrules") or {}, schema.get("valuesrules")
        if keys.get("check_with") in _CODE_CHECKS:
            renamed = {(normalize_code(k) if isinstance(k, str) else k): v for k, v in data.items()}
            if len(renamed) == len(data):  # a clash is left for the schema's own checks to show
                data.clear()
                data.update(renamed)
        if isinstance(values, dict):
            for key in data:
                data[key] = _normalized(values, data[key])
    elif isinstance(data, list) and schema.get("type") == "list" and isinstance(schema.get("schema"), dict):
        for i, item in enumerate(data):
            data[i] = _normalized(schema["schema"], item)


def _normalized(schema, value):
    if not isinstance(schema, dict):
        return value
    if isinstance(value, str):
        return normalize_code(value) or None if schema.get("check_with") in _CODE_CHECKS else value
    normalize_codes(schema, value)
    return value


def invisible_findings(data, path: tuple = ()) -> list[Finding]:
    """Zero-width characters and bidi controls anywhere — values and keys, any field: they make
    a code, an amount or a name look right while being something else."""
    found: list[Finding] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and (char := invisible(key)):
                found.append(TEXT_INVISIBLE_CHAR.finding(f"键名{invisible_message(key, char)}", path + (key,)))
            found += invisible_findings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += invisible_findings(value, path + (i,))
    elif isinstance(data, str) and (char := invisible(data)):
        found.append(TEXT_INVISIBLE_CHAR.finding(invisible_message(data, char), path))
    return found


# Lists the document numbers with Chinese numerals (（一）…（九百九十九）).
MAX_NUMBERED = 999
_NUMBERED = ((("profile", "duties"), "主要职责"), (("profile", "tasks"), "年度主要工作任务"),
             (("glossary",), "补充名词解释"))


def numbered_findings(document: dict) -> list[Finding]:
    """A list the document numbers (一)…(九百九十九) may not have more items than that."""
    found = []
    for path, label in _NUMBERED:
        node: Any = document
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, list) and len(node) > MAX_NUMBERED:
            found.append(LIST_TOO_LONG.finding(
                f"“{label}”有{len(node):,}条，超过文件能编号的上限{MAX_NUMBERED}条，请合并或精简", path))
    ledger = document.get("ledger")
    if isinstance(ledger, list):
        items = {line["function"] for line in ledger if isinstance(line, dict) and isinstance(line.get("function"), str)}
        if len(items) > MAX_NUMBERED:
            found.append(LIST_TOO_LONG.finding(
                f"预算明细用到了{len(items):,}个不同的功能分类科目（项），超过文件名词解释能编号的上限{MAX_NUMBERED}个："
                "一个部门的预算不会用到这么多科目，请核对科目编码", ("ledger",)))
    return found


class _CheckedSchema(DefinitionSchema):
    """Our schema file once cerberus has accepted it (see checked.py): not checked again."""

    def validate(self, schema=None):
        return None


@functools.lru_cache(maxsize=1)
def definition() -> DefinitionSchema:
    """The schema as cerberus uses it, built once per process. cerberus checks a schema against
    its own rules whenever a Validator gets one (the costliest step of validating a small file);
    that check runs once per schema file, checking code and cerberus version on this machine."""
    key = checked.fingerprint(
        "schema", schema_path().read_bytes(), checked.source_of(sys.modules[__name__]), cerberus.__version__
    )
    owner = BudgetValidator(allow_unknown=False)
    if checked.passed(key):
        return _CheckedSchema(owner, load_schema())
    result = DefinitionSchema(owner, load_schema())  # raises SchemaError if our schema is wrong
    checked.record(key)
    return result


# What a record's field may say for _plain_record to judge it without cerberus.
_RECORD_RULES = {"type", "required", "nullable", "empty", "coerce", "allowed", "check_with", "meta"}


class _Probe(BudgetValidator):
    """Runs one of BudgetValidator's own value checks and remembers whether it complained."""

    failed = False

    def _error(self, *args, **kwargs):
        self.failed = True


def _record_fields(schema: dict) -> dict | None:
    """A list item's fields when they are all text under rules _plain_record knows, else None."""
    if schema.get("type") != "dict" or set(schema) - {"type", "schema", "meta"}:
        return None
    fields = schema.get("schema")
    if not isinstance(fields, dict) or not fields:
        return None
    for rules in fields.values():
        if not isinstance(rules, dict) or rules.get("type") != "string" or set(rules) - _RECORD_RULES:
            return None
        if not isinstance(rules.get("check_with", ""), str) or not isinstance(rules.get("coerce", ""), str):
            return None
    return fields


def _plain_record(fields: dict, item, probe: _Probe) -> dict | None:
    """The item as cerberus would normalise it, when cerberus would find nothing to say about it
    (known keys, text values passing their type, required, nullable, empty, allowed and
    check_with rules); None when cerberus must look at it."""
    if not isinstance(item, dict) or not item.keys() <= fields.keys():
        return None
    out = dict(item)
    for name, rules in fields.items():
        if name not in item:
            if rules.get("required"):
                return None
            continue
        value = item[name]
        if value is None:
            if rules.get("nullable"):
                continue
            return None
        if not isinstance(value, str):
            return None
        if "coerce" in rules:
            value = out[name] = getattr(probe, f"_normalize_coerce_{rules['coerce']}")(value)
            if not isinstance(value, str):
                return None
        if (value == "" and rules.get("empty") is False) or ("allowed" in rules and value not in rules["allowed"]):
            return None
        if "check_with" in rules:
            probe.failed = False
            getattr(probe, f"_check_with_{rules['check_with']}")(name, value)
            if probe.failed:
                return None
    return out


def _set_aside_plain_records(schema: dict, node, path: tuple, aside: dict):
    """`node` without the items of its record lists (the ledger, a project's indicators) that
    cerberus would pass unchanged but for coercion — cerberus builds a validator per item and
    per rule, 0.4 s for a department of 2,000 lines. `node` itself is not changed: what changes
    is copied. The first item of each list stays, so the list's own rules (minlength) see what
    they would have. `aside` maps each shortened list's path to (its items as normalised, None
    where left in; the original index of each item left in)."""
    if isinstance(node, dict) and schema.get("type") == "dict" and isinstance(schema.get("schema"), dict):
        out = node
        for key, sub in schema["schema"].items():
            if isinstance(sub, dict) and key in node:
                changed = _set_aside_plain_records(sub, node[key], path + (key,), aside)
                if changed is not node[key]:
                    out = dict(out) if out is node else out
                    out[key] = changed
        return out
    if isinstance(node, list) and schema.get("type") == "list" and isinstance(schema.get("schema"), dict):
        item_schema = schema["schema"]
        fields = _record_fields(item_schema)
        if fields is None:
            items = [_set_aside_plain_records(item_schema, item, path + (i,), aside) for i, item in enumerate(node)]
            return node if all(a is b for a, b in zip(items, node)) else items
        probe = _Probe()
        normalised = [None if i == 0 else _plain_record(fields, item, probe) for i, item in enumerate(node)]
        kept = [i for i, plain in enumerate(normalised) if plain is None]
        if len(kept) < len(node):
            aside[path] = (normalised, kept)
            return [node[i] for i in kept]
    return node


def _put_back(aside: dict, errors, document) -> None:
    """Undo _set_aside_plain_records: errors point at the items' original places, and the
    normalised document has every item again, in its order."""
    for err in _leaves(errors):
        where = tuple(err.document_path)
        for path, (_, kept) in aside.items():
            n = len(path)
            if where[:n] == path and len(where) > n and isinstance(where[n], int):
                err.document_path = where[:n] + (kept[where[n]],) + where[n + 1:]
    if document is None:
        return
    for path, (normalised, _) in aside.items():
        node = document
        for part in path:
            node = node[part]
        checked_items = iter(list(node))
        node[:] = [next(checked_items) if plain is None else plain for plain in normalised]


def check_shape(data: dict, *, shortcut: bool = True) -> tuple[dict | None, list[Finding]]:
    """Validate the shape; return the normalised document (None if unusable) and findings.
    `shortcut=False` has cerberus look at every record too (the tests compare the two)."""
    schema = load_schema()
    validator = BudgetValidator(definition(), allow_unknown=False)
    clashes: list = []
    document = clean(data, clashes=clashes)
    normalize_codes({"type": "dict", "schema": schema}, document)
    invisible = invisible_findings(document)
    aside: dict = {}
    try:
        checked = _set_aside_plain_records({"type": "dict", "schema": schema}, document, (), aside) if shortcut else document
        validator.validate(checked)
    except Exception:  # noqa: BLE001 - cerberus itself may choke on pathological input
        return None, [SCHEMA.finding("文件结构无法识别，请对照示例文件检查", ())]
    _put_back(aside, validator._errors, validator.document)
    findings = [_to_finding(err, schema) for err in _leaves(validator._errors)]
    # The invisible character is the cause of the field's own complaint ("30101" is not 5 digits).
    hidden = {f.path for f in invisible}
    findings = invisible + [f for f in _dedupe(findings) if f.path not in hidden]
    findings += [DUPLICATE_KEY.finding(f"键“{typed}”与“{key}”是同一个键（首尾的空格、全角空格不算区别），"
                                               "重复出现：请只保留一个", path) for path, key in clashes
                 for typed in [path[-1]]]
    findings += numbered_findings(document)
    ok = not any(f.severity is Severity.ERROR for f in findings)
    normalised = validator.document if validator.document is not None else document
    if ok:  # an unknown key is a warning that says it is ignored: make it so, the model never sees it
        for err in _leaves(validator._errors):
            if err.code == ce.UNKNOWN_FIELD.code:
                _drop(normalised, tuple(err.document_path))
    return (normalised if ok else None), findings


def _drop(document, path: tuple) -> None:
    node = document
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    if path and isinstance(node, dict):
        node.pop(path[-1], None)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.path, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
