"""Every key the schema accepts is read by something, or listed as unused and reported when filled in.

schemas/budget.usage.yaml names the reader of each key. These tests keep it complete (every schema key
is listed, nothing else is) and true: a document with every key filled in is built into the model
twice, the second time with one key changed; a key said to be carried by `Class.field` must change
that field, a key said to be unused (or read only by the shape check) must change nothing.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest

from budgetauthor import Severity
from budgetauthor.model import build_budget
from budgetauthor.validate.schema import load_schema
from budgetauthor.validate.usage import ITEM, load_usage, parse_key

from .helpers import MINIMAL, edit, line_of, only, validate_text

# ---- the schema's keys and a document that fills every one of them ------------------------------------

# Two valid values per kind of field (its `check_with`, or its first two allowed values).
SAMPLES = {
    "money": ("12.50", "13.75"),
    "signed_money": ("-2.50", "3.25"),
    "number": ("12", "15"),
    "count": ("3", "4"),
    "year": ("2025", "2024"),
    "date": ("2024-12-31", "2023-12-31"),
    "code": ("108001", "108002"),
    "function_code": ("2012601", "2012602"),
    "function_item": ("2012601", "2012602"),
    "economic_code": ("30201", "30202"),
    "economic_item": ("30201", "30202"),
    "source": ("一般公共预算", "事业收入"),
}
TEXTS = ("档案征集", "档案修复")


def schema_keys(node: dict, path: tuple = ()) -> list[tuple]:
    """Key paths of the schema, list items as "[]"; a mapping of free keys (by_unit) is one key."""
    if node.get("type") == "dict" and isinstance(node.get("schema"), dict):
        return [k for name, child in node["schema"].items() for k in schema_keys(child, path + (name,))]
    item = node.get("schema")
    if node.get("type") == "list" and isinstance(item, dict) and item.get("type") == "dict" and "schema" in item:
        return [k for name, child in item["schema"].items() for k in schema_keys(child, path + (ITEM, name))]
    return [path]


def sample(node: dict, variant: int = 0):
    """A valid value for a schema node: the first sample, or (variant=1) a different one."""
    if node.get("type") == "dict":
        if isinstance(node.get("schema"), dict):
            return {name: sample(child, variant) for name, child in node["schema"].items()}
        key = sample(node["keysrules"], 0) if "keysrules" in node else "甲"
        return {key: sample(node["valuesrules"], variant)}
    if node.get("type") == "list":
        return [sample(node["schema"], variant)]
    if "allowed" in node:
        allowed = node["allowed"]
        return allowed[min(variant, len(allowed) - 1)]
    return SAMPLES.get(node.get("check_with"), TEXTS)[variant]


def node_at(schema: dict, key: tuple) -> dict:
    node = {"type": "dict", "schema": schema}
    for part in key:
        node = node["schema"] if part == ITEM else node["schema"][part]
    return node


def with_value(document: dict, key: tuple, value) -> dict:
    changed = copy.deepcopy(document)
    node = changed
    for part in key[:-1]:
        node = node[0] if part == ITEM else node[part]
    node[key[-1]] = value
    return changed


def full_document(schema: dict) -> dict:
    document = sample({"type": "dict", "schema": schema})
    document["profile"]["amount_unit"] = "万元"
    return document


# ---- where a change shows in the model ----------------------------------------------------------------


def changed_fields(a, b, owner: str = "") -> set[str]:
    """"Class.field" names on the way to every difference between two models."""
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        out: set[str] = set()
        for f in dataclasses.fields(a):
            inner = changed_fields(getattr(a, f.name), getattr(b, f.name), f"{type(a).__name__}.{f.name}")
            if inner:
                out |= inner | {f"{type(a).__name__}.{f.name}"}
        return out
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return set().union(*(changed_fields(a[k], b[k], owner) for k in a)) if a else set()
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b):
        return set().union(*(changed_fields(x, y, owner) for x, y in zip(a, b))) if a else set()
    return {owner} if a != b else set()


SCHEMA = load_schema()
KEYS = [".".join(k).replace("." + ITEM, ITEM) for k in schema_keys({"type": "dict", "schema": SCHEMA})]
USAGE = load_usage()


def test_every_schema_key_is_listed_with_its_reader_and_nothing_else_is():
    assert [k for k in KEYS if k not in USAGE] == [], "schemas/budget.usage.yaml: add these keys"
    assert [k for k in USAGE if k not in KEYS] == [], "schemas/budget.usage.yaml lists keys the schema lacks"


@pytest.mark.parametrize("key", KEYS)
def test_the_listed_reader_of_each_key_is_true(key):
    reader = USAGE[key]
    path = parse_key(key)
    if reader == "schema":  # a format marker: the shape check allows one value, nothing else reads it
        assert len(node_at(SCHEMA, path).get("allowed", ())) == 1, f"{key} is not a single-valued format marker"
        return
    document = full_document(SCHEMA)
    changed = with_value(document, path, sample(node_at(SCHEMA, path), variant=1))
    assert changed != document, f"{key}: no second sample value to tell readers apart"
    fields = changed_fields(build_budget(document), build_budget(changed))
    if isinstance(reader, str):
        assert reader in fields, f"{key} is said to be carried by {reader}; changing it changed {sorted(fields)}"
    else:
        assert fields == set(), f"{key} is listed as {reader!r}, but the model carries it in {sorted(fields)}"


def test_unused_keys_say_why():
    unused = {k: r for k, r in USAGE.items() if isinstance(r, dict)}
    assert all(set(r) == {"unused"} and r["unused"] for r in unused.values()), unused


# ---- the rule -------------------------------------------------------------------------------------------

LINE = '{function: "2012601", economic: "30201", kind: 基本, source: 一般公共预算, amount: 6.20}'


def test_a_filled_in_key_nothing_reads_is_warned_where_it_is(tmp_path):
    text = edit(MINIMAL, (LINE, LINE.replace("amount: 6.20}", "amount: 6.20, note: 含档案馆搬迁办公费}")))
    report = validate_text(tmp_path, text)
    f = only(report, "field-unused")
    assert f.severity is Severity.WARNING
    assert f.path == ("ledger", 6, "note")
    assert f.location.line == line_of(text, "含档案馆搬迁办公费")
    assert f.message == ("预算明细的“备注”（ledger[6].note）填写了“含档案馆搬迁办公费”，但文档不使用它："
                         "备注只供填报人自用，不写入公开文件；需要公开的说明请写在相应项目或“其他需要说明的问题”中")
    assert report.valid


def test_an_empty_unused_key_is_not_warned(tmp_path):
    text = edit(MINIMAL, (LINE, LINE.replace("amount: 6.20}", 'amount: 6.20, note: ""}')))
    assert validate_text(tmp_path, text).findings == []


def test_the_midterm_goal_is_carried_by_the_model_and_not_warned(tmp_path):
    text = edit(MINIMAL, ("    goal: 完成12万页", "    midterm_goal: 三年内完成馆藏档案全部数字化。\n    goal: 完成12万页"))
    report = validate_text(tmp_path, text)
    assert report.findings == []
    assert report.model.projects[0].midterm_goal == "三年内完成馆藏档案全部数字化。"
