"""The text sheets of a disclosure template: what the clerk (or the budget system) already wrote in
the export, read so that nobody types it again.

The Shanghai district's templates (部门 and 单位) hold, beside the nine tables, the document's texts:
主要职能, 机构设置, 名词解释, 编制说明, 其他相关情况说明 and, for a 部门, 项目经费情况说明 — each a
sheet with a title cell and the text in one or a few cells, written in the district's fixed
phrasing. Each sheet is recognised by its name or title, split into lines, and each line matched
against the sentences that phrasing has:

- 主要职能: the opening paragraph(s) → duties_intro; the numbered items → duties.
- 机构设置: "设5个内设机构，包括：院长室、办公室…" → internal_departments; the units' composition
  ("…包括财政局本部以及下属0家预算单位的综合收支计划", "本部门中，行政单位1家，事业单位0家", the
  numbered units) names and types a single unit (the layout prints those sentences from the units);
  anything else → organization_note.
- 名词解释: each "term：explanation" the chosen layout does not explain itself → glossary.
- 编制说明: each "“类（类）款（款）项（项）”X万元，主要用于……" → purposes (by the 项 the ledger has),
  with last year's 执行数 and its reason where a 单位 states them; each comparison with last year's
  budget (财政拨款, 一般公共预算, 政府性基金, 国有资本经营) and the reason of the change → previous.
- 其他相关情况说明: the “三公” figures compared with last year, with their reasons → previous; the
  政府采购 total and its 货物/工程/服务 → procurement; vehicles and large equipment held and planned
  → assets; the projects that report performance targets, with their amounts (names for the
  projects the tables left unnamed).
- 项目经费情况说明: the project its title names (or the 年度预算安排 lists) → that project's 项目概述,
  立项依据, 实施主体, 实施方案, 实施周期 and 绩效目标.

A sheet still holding the template's sample text ("XX是…", "x,xxx万元") is left alone; a line
none of these sentences matches is named in the import's notes, never dropped silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ..findings import Location
from ..money import MoneyError, parse_number

# Which sheet holds what: words of its name or title.
KINDS = (
    ("project", ("项目经费情况说明",)),
    ("duties", ("主要职能", "职能")),
    ("organization", ("机构设置",)),
    ("glossary", ("名词解释",)),
    ("explanation", ("编制说明",)),
    ("other", ("其他相关情况说明", "其他需要说明")),
)
_PLACEHOLDER = re.compile(r"XX|xx|x,xxx|X,XXX|（说明|（列举")
_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十百零]+[)）]|[一二三四五六七八九十]+、|\d+\s*[.．、])\s*")
_AMOUNT = r"([\d,，]+(?:\.\d+)?)"
_CHANGE = re.compile(rf"比(\d{{4}})年(?:预算)?(增加|减少){_AMOUNT}万元|与(\d{{4}})年(?:预算)?(?:持平|一致)")
_REASON = re.compile(r"主要原因(?:是|为)[：:]?([^。；]*)")
_FUNCTION_ITEM = re.compile(
    rf"“(.+?)（类）(.+?)（款）(.+?)（项）”\s*{_AMOUNT}万元[，,]\s*(主要用于[^。]*。?)(.*)$")
_EXECUTION = re.compile(rf"(\d{{4}})年(?:当年)?预算执行数为{_AMOUNT}万元")
# The comparisons of the 编制说明, by what they compare.
_BUDGET_SUBJECTS = (
    ("财政拨款收入", "fiscal"), ("财政拨款支出预算", "fiscal"), ("一般公共预算拨款支出预算", "general_public"),
    ("政府性基金拨款支出预算", "gov_fund"), ("国有资本经营预算拨款支出预算", "state_capital"),
)
_THREE_PUBLIC = (("因公出国", "abroad"), ("公务接待", "reception"), ("购置及运行", "vehicles"),
                 ("购置费", "vehicle_purchase"), ("运行费", "vehicle_operation"))
_PROJECT_FIELDS = (("项目概述", "summary"), ("立项依据", "basis"), ("实施主体", "implementer"),
                   ("实施方案", "plan"), ("实施周期", "period"), ("年度预算安排", "funding"), ("绩效目标", "goal"))
_NAMED_AMOUNT = re.compile(rf"([^，,、；;：:。]+?){_AMOUNT}万元")


@dataclass
class Line:
    text: str
    location: Location


@dataclass
class TextSheet:
    title: str  # the sheet's name
    heading: str  # its title cell ("上海市普陀区财政局主要职能")
    lines: list[Line]


@dataclass
class Comparison:
    """A figure compared with last year's budget: this year's, the change (signed, 万元), why."""

    amount: Decimal
    change: Decimal | None = None  # None: the text compares nothing
    reason: str = ""


@dataclass
class Purpose:
    class_name: str
    section_name: str
    item_name: str
    amount: Decimal  # 万元, as stated
    text: str  # "主要用于……。"
    execution: Decimal | None = None  # last year's 执行数 (万元)
    reason: str = ""
    location: Location | None = None


@dataclass
class ProjectText:
    name: str  # the project its title names ("" when the title names none)
    fields: dict[str, str]
    funding: list[tuple[str, Decimal]]  # 年度预算安排: (project, 万元)
    location: Location | None = None


@dataclass
class TextsRead:
    """What the text sheets give; amounts in 万元 as the texts state them."""

    duties_intro: str = ""
    duties: list[str] = field(default_factory=list)
    internal_departments: list[str] = field(default_factory=list)
    organization_note: str = ""
    main_unit: str = ""  # the unit the composition names first (a department's 本部, or the unit itself)
    unit_counts: tuple[int, int] | None = None  # (行政单位, 事业单位)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    purposes: list[Purpose] = field(default_factory=list)
    comparisons: dict[str, Comparison] = field(default_factory=dict)  # previous-key → comparison
    procurement_total: Decimal | None = None
    procurement_by_category: dict[str, Decimal] = field(default_factory=dict)
    assets: dict = field(default_factory=dict)
    target_projects: list[tuple[str, Decimal]] = field(default_factory=list)  # 绩效目标设置情况
    projects: list[ProjectText] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the sheets read
    unfilled: list[str] = field(default_factory=list)  # sheets still holding the template's sample text
    unread: list[Line] = field(default_factory=list)  # lines no sentence matched


def sheet_kind(sheet: TextSheet) -> str | None:
    for kind, words in KINDS:
        if any(w in _key(sheet.title) or w in _key(sheet.heading) for w in words):
            return kind
    return None


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def amount_text(text: str) -> Decimal | None:
    try:
        return parse_number(text.replace("，", ","), signed=False)
    except MoneyError:
        return None


def _without_number(text: str) -> str:
    return _ITEM.sub("", text, count=1).strip()


def read_texts(sheets: list[TextSheet], known_terms: set[str]) -> TextsRead:
    """Read every text sheet; `known_terms`: the terms the chosen layout explains itself."""
    out = TextsRead()
    for sheet in sheets:
        kind = sheet_kind(sheet)
        if kind is None or not sheet.lines:
            continue
        if any(_PLACEHOLDER.search(line.text) for line in sheet.lines) or _PLACEHOLDER.search(sheet.heading):
            out.unfilled.append(sheet.title)
            continue
        out.sheets.append(sheet.title)
        if kind == "glossary":
            _glossary(sheet, out, known_terms)
        else:
            READERS[kind](sheet, out)
    return out


def text_sheet(title: str, cells: dict[tuple[int, int], object], location) -> TextSheet:
    """A sheet's text cells in reading order: the first is its title, the rest its lines (a cell
    holding several paragraphs gives a line each)."""
    heading, lines = "", []
    for (row, col), value in sorted(cells.items()):
        if value is None or not str(value).strip():
            continue
        parts = [p.strip(" \t\u3000") for p in str(value).splitlines()]
        parts = [p for p in parts if p]
        if not heading and parts:
            heading, parts = parts[0], parts[1:]
        lines += [Line(p, location(row, col)) for p in parts]
    return TextSheet(title, heading, lines)


# ---- 主要职能 ---------------------------------------------------------------------------------------


def _duties(sheet: TextSheet, out: TextsRead) -> None:
    intro: list[str] = []
    items: list[str] = []
    for i, line in enumerate(sheet.lines):
        text = line.text
        if _ITEM.match(text):
            items.append(_without_number(text))
        elif items:
            items[-1] += text  # a line of the item above, wrapped
        elif text.endswith(("：", ":")) and i + 1 < len(sheet.lines) and _ITEM.match(sheet.lines[i + 1].text):
            continue  # "主要职能包括：" introduces the list; each layout words it itself
        else:
            intro.append(text)
    out.duties_intro, out.duties = "".join(intro), items


# ---- 机构设置 ---------------------------------------------------------------------------------------

_COMPOSITION = re.compile(r"包括(.+?)以及下属(\d+)家(?:预算)?单位")
_COUNTS = re.compile(r"行政单位(\d+)家[，,、]?\s*事业单位(\d+)家")
_DEPARTMENTS = re.compile(r"设(?:有)?(\d+)个内设机构[，,]?(?:分别)?(?:包括|是|为)?[：:]?(.+?)[。；]?$")


def _organization(sheet: TextSheet, out: TextsRead) -> None:
    note: list[str] = []
    for line in sheet.lines:
        text = line.text
        composition, counts, departments = _COMPOSITION.search(text), _COUNTS.search(text), _DEPARTMENTS.search(text)
        if composition:
            out.main_unit = out.main_unit or composition.group(1)
        if counts:
            out.unit_counts = (int(counts.group(1)), int(counts.group(2)))
        if departments:
            out.internal_departments = [d.strip() for d in re.split(r"[、，,]", departments.group(2)) if d.strip()]
        if composition or counts or departments or "综合收支计划" in text:
            continue
        if _ITEM.match(text) and len(_without_number(text)) <= 40:
            name = _without_number(text).rstrip("。；;")
            out.main_unit = out.main_unit or name
            continue  # the units listed one by one: the layout lists them from the units
        note.append(text)
    out.organization_note = "".join(note)


# ---- 名词解释 ---------------------------------------------------------------------------------------


def term_key(term: str) -> str:
    """Terms compared without quotes, spaces and a trailing 预算 (基本支出预算 is 基本支出)."""
    return re.sub(r"[“”\"'‘’\s]", "", unicodedata.normalize("NFKC", term)).removesuffix("预算")


def _glossary(sheet: TextSheet, out: TextsRead, known: set[str]) -> None:
    for line in sheet.lines:
        text = _without_number(line.text)
        term, sep, explanation = text.partition("：")
        if not sep:
            term, sep, explanation = text.partition(":")
        if not sep or not term or len(term) > 30:
            out.unread.append(line)
            continue
        if term_key(term) in known:
            continue  # the layout explains it in its own words
        explanation = re.sub(r"^(?:是|指)", "", explanation.strip()).rstrip("。")
        out.glossary.append((term.strip(), explanation))


# ---- 编制说明 ---------------------------------------------------------------------------------------


def _explanation(sheet: TextSheet, out: TextsRead) -> None:
    for line in sheet.lines:
        text = line.text
        item = _FUNCTION_ITEM.search(_without_number(text))
        if item:
            out.purposes.append(_purpose(item, line.location))
            continue
        found = _comparisons(text, _BUDGET_SUBJECTS, out)
        reason = _REASON.search(text)
        if reason and ("增加" in text or "减少" in text) and "fiscal" in out.comparisons:
            for key in ("fiscal", "general_public"):
                c = out.comparisons.get(key)
                if c is not None and c.change and (key == "fiscal" or c.change == out.comparisons["fiscal"].change):
                    c.reason = c.reason or reason.group(1).strip()
            found = True
        if not found and not text.endswith(("如下：", "如下:")):
            out.unread.append(line)


def _purpose(item: re.Match, location: Location) -> Purpose:
    purpose = Purpose(item.group(1), item.group(2), item.group(3), amount_text(item.group(4)) or Decimal(0),
                      item.group(5).strip(), location=location)
    if not purpose.text.endswith("。"):
        purpose.text += "。"
    rest = item.group(6)
    execution = _EXECUTION.search(rest)
    if execution:
        purpose.execution = amount_text(execution.group(2))
        reason = _REASON.search(rest)
        purpose.reason = reason.group(1).strip() if reason else ""
    return purpose


def _comparisons(text: str, subjects, out: TextsRead) -> bool:
    """Every "subject X万元，比/与…" of the line into out.comparisons; whether there was one."""
    found = False
    for words, key in subjects:
        for m in re.finditer(rf"{words}{_AMOUNT}万元[，,。]?\s*", text):
            amount = amount_text(m.group(1))
            change = _CHANGE.match(text, m.end())
            if amount is None or change is None or key in out.comparisons:
                continue
            out.comparisons[key] = Comparison(amount, _signed(change))
            found = True
    return found


def _signed(change: re.Match) -> Decimal:
    if change.group(2) is None:
        return Decimal(0)  # 持平
    value = amount_text(change.group(3)) or Decimal(0)
    return value if change.group(2) == "增加" else -value


# ---- 其他相关情况说明 -------------------------------------------------------------------------------

_PROCUREMENT_TOTAL = re.compile(rf"政府采购预算(?:共安排|总额|为)?{_AMOUNT}万元")
_PROCUREMENT_PART = re.compile(rf"政府采购(货物|工程|服务)预算{_AMOUNT}万元")
_TARGETS = re.compile(rf"编报绩效目标的项目共(\d+)个[，,]涉及项目预算资金{_AMOUNT}万元(?:。其中[：:](.+))?")
_AS_OF = re.compile(r"截至(\d{4})年(\d{1,2})月(\d{1,2})日")
_VEHICLES = re.compile(r"共有车辆(\d+)辆(?:[，,]其中[：:]([^；;]+))?")
_PLANNED = re.compile(r"安排购置车辆(\d+)辆(?:[，,]其中[：:]([^；;]+))?")
_EQUIPMENT = re.compile(r"(单价\d+万元?（含）以上设备（不含车辆）)(\d+)台（套）")


def _other(sheet: TextSheet, out: TextsRead) -> None:
    for line in sheet.lines:
        text = line.text
        if re.match(r"^[一二三四五六七八九十]+、[^，。；,;]{1,30}$", text):
            continue  # a section heading
        if _three_public(text, out) or _procurement(text, out) or _targets(text, out) or _assets(text, out):
            continue
        if "机关运行经费" in text:
            continue  # its figure is the tables' (表9)
        out.unread.append(line)


def _three_public(text: str, out: TextsRead) -> bool:
    total = re.search(rf"“三公”经费预算数?为{_AMOUNT}万元[，,。]?\s*", text)
    if total:
        change = _CHANGE.match(text, total.end())
        out.comparisons["three_public.total"] = Comparison(amount_text(total.group(1)) or Decimal(0),
                                                           _signed(change) if change else None)
        return True
    if not re.match(r"^[（(][一二三四五六七八九十]+[)）]", text):
        return False
    found = False
    for clause in re.split(r"[；;]|其中[：:]", _without_number(text)):
        key = next((k for word, k in _THREE_PUBLIC if word in clause), None)
        amount = re.search(rf"{_AMOUNT}万元", clause)
        if key is None or amount is None:
            continue
        found = True
        if key == "vehicles":
            continue  # the sum of 购置费 and 运行费, each compared on its own
        change = _CHANGE.search(clause, amount.end())
        reason = _REASON.search(clause)
        why = reason.group(1).strip() if reason else ""
        if not reason and change:  # "与2024年预算持平，此项经费由区统筹安排"
            why = clause[change.end():].strip("，,。 ")
        out.comparisons[f"three_public.{key}"] = Comparison(amount_text(amount.group(1)) or Decimal(0),
                                                            _signed(change) if change else None, why)
    return found


def _procurement(text: str, out: TextsRead) -> bool:
    total = _PROCUREMENT_TOTAL.search(text)
    if not total:
        return False
    out.procurement_total = amount_text(total.group(1))
    for category, value in _PROCUREMENT_PART.findall(text):
        out.procurement_by_category[category] = amount_text(value) or Decimal(0)
    return True


def _targets(text: str, out: TextsRead) -> bool:
    found = _TARGETS.search(text)
    if not found:
        return False
    out.target_projects += named_amounts(found.group(3) or "")
    return True


def named_amounts(text: str) -> list[tuple[str, Decimal]]:
    """"中介机构服务费418.80万元，财政业务费10.00万元" → [(中介机构服务费, 418.80), (财政业务费, 10.00)]."""
    out = []
    for name, value in _NAMED_AMOUNT.findall(text):
        amount = amount_text(value)
        if amount is not None and name.strip():
            out.append((name.strip(), amount))
    return out


def _kinds(text: str | None) -> dict[str, int]:
    return {k: int(n) for k, n in re.findall(r"([^、，,：:]+?)(\d+)辆", text or "")}


def _assets(text: str, out: TextsRead) -> bool:
    owned, planned, equipment = _VEHICLES.search(text), _PLANNED.search(text), _EQUIPMENT.search(text)
    if not (owned or planned):
        return False
    a = out.assets
    as_of = _AS_OF.search(text)
    if as_of:
        a["as_of"] = f"{as_of.group(1)}-{int(as_of.group(2)):02d}-{int(as_of.group(3)):02d}"
    if owned:
        a["vehicles"] = _kinds(owned.group(2)) or {"车辆": int(owned.group(1))}
        if equipment:
            a["large_equipment_label"] = equipment.group(1)
            a["large_equipment"] = int(equipment.group(2))
    if planned:
        a["planned_vehicles"] = int(planned.group(1))
        kinds = _kinds(planned.group(2))
        if kinds:
            a["planned_vehicle_kinds"] = kinds
        if equipment:
            if "万元" in equipment.group(1) or "large_equipment_label" not in a:  # "100万（含）" is the shorthand
                a["large_equipment_label"] = equipment.group(1)
            a["planned_large_equipment"] = int(equipment.group(2))
    return True


# ---- 项目经费情况说明 ----------------------------------------------------------------------------------


def _project(sheet: TextSheet, out: TextsRead) -> None:
    name = _key(sheet.heading).removesuffix("项目经费情况说明")
    fields: dict[str, list[str]] = {}
    current = ""
    for line in sheet.lines:
        text = line.text
        heading = _without_number(text) if re.match(r"^[一二三四五六七八九十]+、", text) else ""
        key = next((k for word, k in _PROJECT_FIELDS if heading.startswith(word)), None)
        if key:
            current = key
            rest = heading[len(next(w for w, k in _PROJECT_FIELDS if k == key)):].lstrip("：: ")
            fields[current] = [rest] if rest else []
            continue
        if not current:
            out.unread.append(line)
            continue
        if current == "goal" and re.match(r"^详见.*绩效目标表", text):
            continue  # the indicators are published in a table of their own
        fields[current].append(text)
    texts = {k: "".join(v) for k, v in fields.items() if k != "funding" and "".join(v)}
    funding = named_amounts("".join(fields.get("funding", ())))
    out.projects.append(ProjectText(name, texts, funding, sheet.lines[0].location if sheet.lines else None))


READERS = {"duties": _duties, "organization": _organization, "explanation": _explanation, "other": _other,
           "project": _project}
