"""Money and percentages: parsing user text into Decimal, and the one place numbers are formatted.

Amounts are Decimal end to end. Display rounds half-up (四舍五入): an amount is rounded before
Babel formats it, and Babel (which alone would round half-to-even) runs inside a ROUND_HALF_UP
context.
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel import Locale
from babel.numbers import format_decimal, parse_pattern

from .rulebook import AMOUNT_FORMAT, AMOUNT_NEGATIVE, AMOUNT_TOO_LARGE, Rule
from .text import normalize_text

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)
MAX_INTEGER_DIGITS = 13  # 万亿 in 元: no department budget is larger
MAX_DECIMALS = 6

# Parsed once: babel re-parses a locale name (a slow normalisation) and a pattern on every call,
# which made formatting the figures of a large department's tables take seconds.
_ZH_CN = Locale.parse("zh_CN")
_PATTERNS = {0: parse_pattern("#,##0"), 1: parse_pattern("#,##0.0"), 2: parse_pattern("#,##0.00")}
_QUANTA = {0: Decimal(1), 1: Decimal("0.1"), 2: CENT}

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


class MoneyError(ValueError):
    """Carries a Chinese explanation of why the text is not an amount, and the rule it breaks."""

    def __init__(self, message: str, rule: Rule = AMOUNT_FORMAT):
        super().__init__(message)
        self.rule = rule


def parse_number(text: str | int | Decimal, *, signed: bool = False) -> Decimal:
    """Parse '1,148.30', '１１４８．３', ' 596.15 ' into Decimal; refuse floats' traps.

    Exponents, NaN and infinities are refused: a budget figure is always written out.
    """
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int) and not isinstance(text, bool):
        value = Decimal(text)
    elif isinstance(text, str):
        s = normalize_text(text)
        if s.endswith("万元") or s.endswith("元"):
            raise MoneyError("金额中请不要带单位，单位在“金额单位”中统一声明")
        if s.endswith("%"):
            raise MoneyError("此处应填金额，不是百分比")
        if not _NUMBER.match(s):
            raise MoneyError(f"“{text}”不是有效的数字")
        value = Decimal(s.replace(",", ""))
    else:
        raise MoneyError(f"“{text}”不是有效的数字")
    if not value.is_finite():
        raise MoneyError(f"“{text}”不是有效的数字")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite (checked above): no 'n', 'N' or 'F'
    integer_digits = len(digits) + exponent
    if value != 0 and integer_digits > MAX_INTEGER_DIGITS:
        raise MoneyError(f"“{text}”位数过多（整数部分最多{MAX_INTEGER_DIGITS}位）", AMOUNT_TOO_LARGE)
    if exponent < -MAX_DECIMALS:
        raise MoneyError(f"“{text}”小数位过多（最多{MAX_DECIMALS}位）")
    if value < 0 and not signed:
        raise MoneyError(f"“{text}”为负数，此处金额不能为负", AMOUNT_NEGATIVE)
    return value


def to_wan(amount: Decimal, unit: str) -> Decimal:
    """Convert an amount in the file's declared unit into 万元, exactly."""
    return amount / TEN_THOUSAND if unit == "元" else amount


def in_unit(amount: Decimal, unit: str) -> Decimal:
    """An amount in 万元 expressed in the unit a document prints (万元 or 元), exactly."""
    return amount * TEN_THOUSAND if unit == "元" else amount


def round_wan(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def round_to(amount: Decimal, decimals: int = 2) -> Decimal:
    return amount.quantize(_QUANTA[decimals], rounding=ROUND_HALF_UP)


def fmt_money(amount: Decimal, *, grouping: bool = True, decimals: int = 2) -> str:
    """Two decimals (or `decimals`), half-up, thousands separators: Decimal('1148.3') -> '1,148.30'."""
    rounded = round_to(amount, decimals)
    return _babel_zh_cn(rounded, rounded.is_signed(), grouping, decimals)


@functools.lru_cache(maxsize=8192)
def _babel_zh_cn(rounded: Decimal, signed: bool, grouping: bool, decimals: int) -> str:
    """Babel's zh_CN formatting of an amount already rounded to `decimals`. Remembered: a large
    department prints about a thousand distinct figures six thousand times, at 5 µs each in
    Babel. `signed` keeps -0.00 (which Babel prints with its sign) apart from 0.00: they are
    equal as keys."""
    del signed  # part of the key only
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        return format_decimal(rounded, _PATTERNS[decimals], locale=_ZH_CN, group_separator=grouping)


def fmt_general(amount: Decimal) -> str:
    """Like a spreadsheet's General format: to 0.01, half-up, without trailing zeros: '6.4', '0', '1,000'."""
    text = fmt_money(amount)
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount(value: Decimal) -> str:
    """An amount in 万元 as sentences show it: like the tables, but zero is written plainly as 0."""
    return "0" if round_wan(value) == 0 else fmt_money(value)


def wan(value: Decimal, quantum: Decimal = CENT) -> str:
    """An amount with its unit, as every sentence and message shows it: '596.15万元', '0万元'.
    A figure stated more finely than 0.01万元 (a 元 file: 0.0001万元) is shown to its own quantum."""
    exponent = quantum.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 2
    if places <= 2:
        return f"{amount(value)}万元"
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}万元"


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a fraction, None when the base is zero (not comparable)."""
    if whole == 0:
        return None
    return part / whole


def fmt_percent(fraction: Decimal) -> str:
    """A fraction as a percentage with two decimals, half-up: 0.20304 -> '20.30%'."""
    return fmt_money(fraction * 100) + "%"


def tail_tolerance(summands: int) -> Decimal:
    """Rounded figures may differ from their parts by 0.01 万元 per summand (尾差)."""
    return CENT * max(1, summands)


def within_tail(a: Decimal, b: Decimal, summands: int = 1) -> bool:
    with localcontext() as ctx:
        ctx.prec = 40
        return abs(a - b) <= tail_tolerance(summands)

