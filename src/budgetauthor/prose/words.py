"""Small wording helpers: amounts, Chinese ordinals, enumerations, year-over-year phrases.

Every number in the document passes through `amount` or `percent` (one formatting path,
half-up); sentences never call str() on a figure.
"""

from __future__ import annotations

from decimal import Decimal

from ..money import amount, fmt_percent, ratio, round_wan, wan  # noqa: F401 - amount, wan: re-exported

_DIGITS = "零一二三四五六七八九"


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


def ordinal(n: int, level: int) -> str:
    """GB/T 9704 heading numbers: level 1 一、 level 2 （一） level 3 1. level 4 （1）."""
    if level == 1:
        return f"{zh_number(n)}、"
    if level == 2:
        return f"（{zh_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def percent(fraction: Decimal) -> str:
    return fmt_percent(fraction)


def join(items: list[str], limit: int | None = None) -> str:
    """Join with 、; end with 等 only when the list was cut."""
    items = [i for i in items if i]
    if limit is not None and len(items) > limit:
        return "、".join(items[:limit]) + "等"
    return "、".join(items)


def clause(text: str) -> str:
    """User text used inside a sentence: no trailing full stop or semicolon."""
    return text.strip().rstrip("。；;，,.")


def change_phrase(current: Decimal, previous: Decimal | None, reason: str = "") -> str:
    """'比上年减少151.88万元，下降20.30%，主要原因是……' chosen from the sign of the change.

    The percentage is of the previous figure; a zero base is said to be not comparable.
    Without a previous figure nothing is said (validation has warned about it).
    """
    if previous is None:
        return ""
    cur, prev = round_wan(current), round_wan(previous)
    change = cur - prev
    if change == 0:
        text = "与上年持平，均为0万元" if cur == 0 else "与上年持平"
        return text
    word, pct_word = ("增加", "增长") if change > 0 else ("减少", "下降")
    text = f"比上年{word}{wan(abs(change))}"
    share = ratio(abs(change), prev)
    text += f"，{pct_word}{percent(share)}" if share is not None else "（上年为0，不可比）"
    if reason:
        text += f"，主要原因是{clause(reason)}"
    return text


def sentence(*parts: str) -> str:
    """Join clauses with ，and end with 。, skipping empty ones."""
    body = "，".join(clause(p) for p in parts if p and clause(p))
    return body + "。" if body else ""
