"""What the export's text sheets say (texts.py), written into the imported file.

The texts are this year's: they take the place of last year's carried over (职责, 机构), and they
give what the tables cannot — the projects' names and descriptions, what each 项 is used for, the
comparisons with last year and their reasons, 政府采购 by category, the vehicles. A figure the
tables state is never taken from the texts; a figure last year's file gives keeps its exact value,
and the texts add only the reason. Whatever cannot be placed is said in the notes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

from ..money import TEN_THOUSAND, round_wan
from ..profiles import LayoutProfile
from .texts import Purpose, TextsRead, term_key

PLACEHOLDER_SUFFIX = "（待补项目名称）"  # ledger.py names the projects the tables leave unnamed so


def known_terms(profile: LayoutProfile) -> set[str]:
    """The terms a layout explains in its own words (its 名词解释 and glossary patterns)."""
    terms = set()
    for key, entry in profile.wording.patterns.items():
        if not key.startswith(("glossary.", "terms.")):
            continue
        for pattern in entry.values() if isinstance(entry, dict) else (entry,):
            term = re.split(r"[：:]", pattern.source, maxsplit=1)[0]
            if "{" not in term and len(term) <= 30:
                terms.add(term_key(term))
    return terms


def _name_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("其它", "其他")


class TextFill:
    """Fill plain import data (the shape load() gives) from the texts."""

    def __init__(self, data: dict, texts: TextsRead, function_names: Callable[[str], str],
                 placeholders: list[str]):
        self.data, self.texts, self.names = data, texts, function_names
        self.placeholders = placeholders
        self.unit = data["profile"].get("amount_unit") or "万元"
        self.notes: list[str] = []

    def money(self, wan: Decimal) -> str:
        value = wan * TEN_THOUSAND if self.unit == "元" else wan
        return format(value.normalize(), "f") if value else "0"

    def apply(self) -> list[str]:
        t = self.texts
        if t.unfilled:
            self.notes.append(f"“{'”“'.join(t.unfilled)}”仍是模板的示例文字（XX、x,xxx…），没有读取")
        if not t.sheets:
            return self.notes
        self.profile()
        self.rename_projects()
        self.project_texts()
        self.purposes()
        self.previous()
        self.procurement()
        if t.assets:
            self.data["assets"] = {k: ({kk: str(vv) for kk, vv in v.items()} if isinstance(v, dict) else str(v))
                                   for k, v in t.assets.items()}
        if t.glossary:
            glossary = self.data.setdefault("glossary", [])
            have = {term_key(g.get("term", "")) for g in glossary if isinstance(g, dict)}
            glossary += [{"term": term, "explanation": text} for term, text in t.glossary if term_key(term) not in have]
        self.notes.insert(0, f"已读取导出文件中的文字（{'、'.join(t.sheets)}）：职能、机构、项目说明、用途、"
                             "与上年的比较和原因等已写入数据文件，请核对")
        if t.unread:
            shown = "；".join(f"“{line.text[:40]}{'…' if len(line.text) > 40 else ''}”（{line.location}）"
                             for line in t.unread[:8])
            more = f"等{len(t.unread)}段" if len(t.unread) > 8 else ""
            self.notes.append(f"以下文字不是本程序认得的句式，没有写入数据文件，请核对是否需要补填：{shown}{more}")
        return self.notes

    # ---- 概况 ----------------------------------------------------------------------------------

    def profile(self) -> None:
        t, profile = self.texts, self.data["profile"]
        for key in ("duties_intro", "duties", "internal_departments", "organization_note"):
            value = getattr(t, key)
            if value:
                profile[key] = value
        units = profile.get("units") or []
        if len(units) == 1:
            if t.main_unit and t.main_unit != units[0]["name"]:
                units[0]["name"] = t.main_unit
            if t.unit_counts in ((1, 0), (0, 1)):
                units[0]["type"] = "行政单位" if t.unit_counts == (1, 0) else "事业单位"

    # ---- projects ----------------------------------------------------------------------------

    def project_amounts(self) -> dict[str, Decimal]:
        """Each project's ledger amount in 万元."""
        out: dict[str, Decimal] = {}
        for line in self.data.get("ledger", ()):
            if line.get("project"):
                value = Decimal(line["amount"]) / (TEN_THOUSAND if self.unit == "元" else 1)
                out[line["project"]] = out.get(line["project"], Decimal(0)) + value
        return out

    def rename_projects(self) -> None:
        """The projects the texts name with an amount (绩效目标设置情况, 年度预算安排) give their names
        to the unnamed ones the ledger carries at that very amount."""
        stated = list(dict.fromkeys(self.texts.target_projects + [f for p in self.texts.projects for f in p.funding]))
        if not stated:
            return
        amounts = self.project_amounts()
        known = {p["name"] for p in self.data.get("projects") or ()}
        open_names = [n for n in self.placeholders if n in known]
        renamed: dict[str, str] = {}
        missing = []
        for name, wan in stated:
            if name in known or name in renamed.values():
                continue
            fits = [n for n in open_names if n not in renamed and round_wan(amounts.get(n, Decimal(0))) == wan]
            if len(fits) == 1:
                renamed[fits[0]] = name
            else:
                missing.append(f"{name}（{wan}万元）")
        for line in self.data.get("ledger", ()):
            if line.get("project") in renamed:
                line["project"] = renamed[line["project"]]
        for project in self.data.get("projects") or ():
            if project["name"] in renamed:
                project["name"] = renamed[project["name"]]
        if renamed:
            self.notes.append("按文字中的项目名称和金额，已为表中未列名称的项目命名："
                              + "、".join(f"{old}→{new}" for old, new in renamed.items()))
        if missing:
            self.notes.append(f"文字中的项目{'、'.join(missing)}与表中未列名称的项目的金额对不上，没有命名，请手工核对")

    def project_texts(self) -> None:
        projects = {p["name"]: p for p in self.data.get("projects") or ()}
        for text in self.texts.projects:
            target = projects.get(text.name) or projects.get(text.name + "项目")
            if target is None:
                self.notes.append(f"项目经费情况说明所写的项目“{text.name}”不在导出的表中，其文字（{text.location}）"
                                  "没有写入，请在项目中补填")
                continue
            target.update(text.fields)

    # ---- 编制说明 ----------------------------------------------------------------------------

    def function_code(self, purpose: Purpose) -> str | None:
        codes = sorted({ln["function"] for ln in self.data.get("ledger", ()) if len(ln.get("function", "")) == 7})
        fits = [c for c in codes if _name_key(self.names(c)) == _name_key(purpose.item_name)]
        for parent, name in ((5, purpose.section_name), (3, purpose.class_name)):
            if len(fits) > 1:
                fits = [c for c in fits if _name_key(self.names(c[:parent])) == _name_key(name)] or fits
        return fits[0] if len(fits) == 1 else None

    def purposes(self) -> None:
        unplaced = []
        for purpose in self.texts.purposes:
            code = self.function_code(purpose)
            if code is None:
                unplaced.append(f"{purpose.item_name}（{purpose.location}）")
                continue
            self.data.setdefault("purposes", {}).setdefault("function", {})[code] = purpose.text
            if purpose.execution is not None:
                entry = {"amount": self.money(purpose.execution)}
                if purpose.reason:
                    entry["reason"] = purpose.reason
                self.data.setdefault("previous", {}).setdefault("execution", {})[code] = entry
        if unplaced:
            self.notes.append(f"编制说明中的{'、'.join(unplaced)}不是明细中的功能科目（项），其用途说明没有写入")

    def previous(self) -> None:
        previous = self.data.setdefault("previous", {})
        for key, comparison in self.texts.comparisons.items():
            group, _, part = key.partition(".")
            holder = previous.setdefault(group, {}) if part else previous
            name = part or key
            entry = holder.get(name)
            if entry is None:
                if comparison.change is None:
                    continue
                entry = holder[name] = {"amount": self.money(comparison.amount - comparison.change),
                                        "change": self.money(comparison.change)}
            if comparison.reason and not entry.get("reason"):
                entry["reason"] = comparison.reason
        if not previous:
            del self.data["previous"]

    def procurement(self) -> None:
        t = self.texts
        if t.procurement_total is None:
            return
        procurement = self.data.setdefault("procurement", {})
        procurement.setdefault("total", self.money(t.procurement_total))
        if t.procurement_by_category and not procurement.get("items"):
            procurement["by_category"] = {k: self.money(v) for k, v in t.procurement_by_category.items()}
