"""Numbers in the document, formatted in one place: 第一部分, 一、, （一）, 1., （1）, 表1.

A number format is a pattern with the placeholder {一} (Chinese numeral) or {1} (Arabic
numeral): "第{一}部分　", "（{一}）", "表{1}　". A profile maps Word heading styles to formats
(headings are numbered after rendering, in document order, so a section that is left out
leaves no gap) and names the formats of in-text lists (职责, 名词解释, table row labels…).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .patterns import Pattern, PatternError, parse

_DIGITS = "零一二三四五六七八九"
NUMBER_NAMES = frozenset({"一", "1"})


def zh_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; 100 → 一百, 101 → 一百零一, 110 → 一百一十.

    Headings never need more than 99, but numbered lists can: a department with a wide 功能分类
    tree explains more than 99 科目 in 名词解释."""
    if not 0 < n < 1000:
        raise ValueError(f"heading number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    if hundreds:
        if rest == 0:
            return _DIGITS[hundreds] + "百"
        tail = "零" + _DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + zh_number(rest)
        return _DIGITS[hundreds] + "百" + tail
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def number_format(source: str) -> Pattern:
    """Parse a number format; it may use only {一} and {1}."""
    pattern = parse(source)
    unknown = pattern.names - NUMBER_NAMES
    if unknown:
        raise PatternError(f"编号格式只能用 {{一}}（中文数字）或 {{1}}（阿拉伯数字），不能用“{'、'.join(sorted(unknown))}”")
    return pattern


def format_number(pattern: Pattern, n: int) -> str:
    return pattern.fill({"一": zh_number(n), "1": str(n)})


@dataclass(frozen=True)
class HeadingNumber:
    """How one Word style is numbered: in the heading itself and/or in its 目录 entry."""

    heading: Pattern
    toc: Pattern


@dataclass(frozen=True)
class Numbering:
    headings: dict[str, HeadingNumber] = field(default_factory=dict)  # Word style name → formats
    lists: dict[str, Pattern] = field(default_factory=dict)  # list name → format

    def item(self, list_name: str, n: int) -> str:
        """The number of the n-th item of an in-text list, e.g. item("duties", 2) → "（二）"."""
        return format_number(self.lists[list_name], n)


# Heading levels: a heading resets the count of every deeper level below it.
HEADING_LEVELS = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3, "Heading 4": 4}
