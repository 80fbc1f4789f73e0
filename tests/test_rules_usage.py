"""Every key the schema accepts is printed, checked, or listed as unused and reported when filled in.

schemas/budget.usage.yaml names the reader of each key. These tests keep it complete (every schema key
is listed, nothing else is) and true: a document with every key filled in is built into the model
twice, the second time with one key changed; a key said to be carried by `Class.field` must change
that field, a key said to be unused (or read only by the shape check) must change nothing. And
nothing the user writes is dropped: a key listed as `Class.field` is printed — the standard
document rendered from the second model differs from the first —, a key listed as
`{checked: Class.field}` is compared with the ledger — what validation reports differs.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import zipfile

import pytest

from budgetauthor import Severity, catalog, profiles
from budgetauthor.derive import derive
from budgetauthor.model import build_budget
from budgetauthor.render.engine import render_bytes
from budgetauthor.validate import funds
from budgetauthor.validate.rules import CHECKS, Context
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
    carrier = reader if isinstance(reader, str) else reader.get("checked") or reader.get("layout")
    if carrier:
        assert carrier in fields, f"{key} is said to be carried by {carrier}; changing it changed {sorted(fields)}"
    else:
        assert fields == set(), f"{key} is listed as {reader!r}, but the model carries it in {sorted(fields)}"


def test_unused_and_checked_keys_say_so():
    listed = {k: r for k, r in USAGE.items() if isinstance(r, dict)}
    assert all(set(r) in ({"unused"}, {"checked"}, {"layout"}) and all(r.values()) for r in listed.values()), listed


# ---- nothing the user writes is dropped: printed, or checked ------------------------------------------

# The document every key is filled into, made to print what a real one prints: a 基本支出 line under
# 科目 the catalogue lacks (so the names the user typed are printed), and a 项目支出 line, both of the
# declared project (so its description and targets are printed); and a 基本支出 line of the sample
# codes (which the 科目-keyed purposes and previous figures name). A few keys only matter where another
# does not decide for them, or only with a value the samples lack: each is tried without the other
# key, or with a value of its own (the unit type decides the 机关运行经费 only when no figure is
# stated, and only between an administrative unit and another; the threshold matters for a change
# that has no reason).
def printing_document() -> dict:
    document = full_document(SCHEMA)
    line = document["ledger"][0]
    document["ledger"] = [dict(line, function="2019998", economic="30298"),
                          dict(line, kind="项目", economic="30227"), dict(line, project=None)]
    return document


TRIED_WITHOUT = {
    "profile.units[].type": (("operating_expenses",),),
    # the category totals stand for the items when a document gives only them
    **{f"procurement.by_category.{c}": (("procurement", "items"),) for c in ("货物", "工程", "服务")},
    "settings.reason_threshold": (("previous", "three_public", "total", "reason"),),
}
TRIED_WITH = {
    "profile.units[].type": "事业单位",
    "profile.style": "hubei",  # a layout of another name (an unknown one is refused: profile-unknown)
    "settings.reason_threshold": "1000",
}


def tried(key: str) -> dict:
    """The printing document as `key` is tried in (without what would decide for it)."""
    document = printing_document()
    for path in TRIED_WITHOUT.get(key, ()):
        node = document
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
    return document


def document_text(document: dict) -> str:
    budget = build_budget(document)
    layout, _ = profiles.for_budget(budget.profile.style)
    data = render_bytes(derive(budget, catalog.load(budget.year)), profile=layout)
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", zipfile.ZipFile(io.BytesIO(data)).read(
        "word/document.xml").decode("utf-8")))


def findings_of(document: dict) -> list[str]:
    budget = build_budget(document)
    cat = catalog.load(budget.year)
    ctx = Context(budget, derive(budget, cat), cat, document, lambda line: "")
    return sorted(f"{f.code} {f.path} {f.message}" for check in CHECKS + funds.CHECKS for f in check(ctx))


@pytest.fixture(scope="module")
def printed_base() -> dict[tuple, str]:
    return {}


PRINTED = [k for k in KEYS if isinstance(USAGE[k], str) and USAGE[k] != "schema"]
CHECKED = [k for k in KEYS if isinstance(USAGE[k], dict) and "checked" in USAGE[k]]
LAYOUT = [k for k in KEYS if isinstance(USAGE[k], dict) and "layout" in USAGE[k]]


@pytest.mark.parametrize("key", PRINTED)
def test_a_key_said_to_be_printed_changes_the_document(key, printed_base):
    path = parse_key(key)
    document = tried(key)
    base = tuple(TRIED_WITHOUT.get(key, ()))
    if base not in printed_base:
        printed_base[base] = document_text(document)
    changed = with_value(document, path, TRIED_WITH.get(key, sample(node_at(SCHEMA, path), variant=1)))
    assert changed != document, f"{key}: no second value to tell documents apart"
    assert document_text(changed) != printed_base[base], (
        f"{key} is carried by {USAGE[key]} but the document does not print it: print it, or list it as "
        "{checked: …} (compared with the ledger) or {unused: …} (warned where it is filled in)")


@pytest.mark.parametrize("key", LAYOUT)
def test_a_key_only_some_layouts_print_is_warned_under_the_standard_one(key):
    from budgetauthor.validate.layout import check_profile_omissions

    path = parse_key(key)
    warned = [tuple(ITEM if isinstance(part, int) else part for part in f.path)
              for f in check_profile_omissions(printing_document(), profiles.standard())]
    assert any(path[: len(p)] == p for p in warned), f"{key}: the standard layout does not print it, and says nothing"


@pytest.mark.parametrize("key", CHECKED)
def test_a_key_said_to_be_checked_changes_what_validation_says(key):
    path = parse_key(key)
    document = tried(key)
    changed = with_value(document, path, TRIED_WITH.get(key, sample(node_at(SCHEMA, path), variant=1)))
    assert findings_of(changed) != findings_of(document), f"{key} is said to be checked, but no check reads it"


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
