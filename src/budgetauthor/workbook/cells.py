"""Cell values ↔ the plain text of the data model, for each layout value type.

Reading keeps the data model's promise that every scalar is text: numbers become their shortest
exact decimal text (never through a float format that invents digits), dates "YYYY-MM-DD", and
code-like cells lose a "编码 名称" drop-down suffix. Writing puts numbers in number cells only
when the float represents the decimal exactly; anything else stays text, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..money import MoneyError, normalize_text, parse_number
from .layout import CODE, COUNT, DATE, INTEGRAL_TYPES, MONEY, NUMBER, SIGNED, YEAR

EXCEL_DIGITS = 15  # Excel keeps 15 significant digits; more are binary noise
# A code followed by its name, as budget systems and drop-downs write it:
#   "2010501 行政运行"  "2010501-行政运行"  "2010501：行政运行"  "2010501行政运行"  "[2010501]行政运行"
# The name must start with something other than a letter or digit, so "108-001" stays one code.
_CODE = r"[0-9A-Za-z][0-9A-Za-z\-_.]*"
_CODE_SPACE_NAME = re.compile(rf"^({_CODE})\s+(\S.*)$")
_CODE_MARK_NAME = re.compile(r"^([0-9A-Za-z][0-9A-Za-z_.]*?)\s*[-－—–_:：、.．]+\s*([^0-9A-Za-z\s\-_.].*)$")
_DIGITS_NAME = re.compile(r"^([0-9]+)([^\x00-\x7f].*)$")
_BRACKETED = re.compile(rf"^[\[【(（〔]\s*({_CODE})\s*[\]】)）〕]\s*(.*)$")
_COMPACT_TYPES = (MONEY, SIGNED, NUMBER, COUNT, YEAR, CODE)

NUMBER_FORMATS = {
    MONEY: "#,##0.00####",
    SIGNED: "#,##0.00####",
    NUMBER: "General",
    COUNT: "0",
    YEAR: "0",
}
TEXT_FORMAT = "@"


def number_format(type_: str) -> str:
    return NUMBER_FORMATS.get(type_, TEXT_FORMAT)


# ---- reading ---------------------------------------------------------------------------------


def float_text(value: float) -> str:
    """The decimal text of a float as Excel means it: at most 15 significant digits, no exponent."""
    d = Decimal(repr(value))
    if len(d.as_tuple().digits) > EXCEL_DIGITS:
        d = Decimal(format(value, f".{EXCEL_DIGITS}g"))
    return format(d, "f")


def split_code(text: str) -> tuple[str, str]:
    """A code cell's (code, name): "2010301 行政运行", "2010301-行政运行", "[2010301]行政运行" and
    "2010301行政运行" all give ("2010301", "行政运行"); text without a leading code gives (text, "")."""
    text = unicodedata.normalize("NFKC", text).strip()
    for pattern in (_BRACKETED, _CODE_MARK_NAME, _CODE_SPACE_NAME, _DIGITS_NAME):
        m = pattern.match(text)
        if m and _visible(m.group(2)):
            return m.group(1), m.group(2).strip()
    return text, ""


def _visible(name: str) -> bool:
    """A name of visible characters: an invisible one after a code ("2080505\u200b") is not a name,
    and stays in the cell for validation to report."""
    return not any(unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cn") for ch in name)


def leading_code(text: str) -> str:
    """"2010301 行政运行" (a drop-down choice, or a code pasted from a budget system) → "2010301";
    other text unchanged."""
    return split_code(text)[0]


def _date_text(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        return value.isoformat(sep=" ", timespec="seconds")
    return value.strftime("%Y-%m-%d")


def read_value(value, type_: str) -> str | None:
    """A cell's value as the data model's text; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if type_ in INTEGRAL_TYPES and value.is_integer():
            return str(int(value))
        return float_text(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return _date_text(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    return _read_text(str(value), type_)


def _read_text(text: str, type_: str) -> str | None:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return None
    if type_ == CODE:
        text = leading_code(unicodedata.normalize("NFKC", text))
    if type_ in _COMPACT_TYPES:
        return normalize_text(text) or None
    if type_ == DATE:
        return unicodedata.normalize("NFKC", text).strip()
    return text


# ---- writing ---------------------------------------------------------------------------------


def _exact_number(text: str):
    """int or float equal to the decimal `text`, or None when a float would change it."""
    try:
        d = parse_number(text, signed=True)
    except (MoneyError, InvalidOperation):
        return None
    if d == d.to_integral_value() and abs(d) < 10**EXCEL_DIGITS:
        return int(d)
    f = float(d)
    return f if Decimal(repr(f)) == d and len(d.as_tuple().digits) <= EXCEL_DIGITS else None


def write_value(text, type_: str):
    """The cell value for the data model's `text`: a number for numeric types when exact."""
    if text is None:
        return None
    text = ILLEGAL_CHARACTERS_RE.sub("", str(text))
    if text == "":
        return None
    if type_ in (MONEY, SIGNED, NUMBER):
        number = _exact_number(text)
        return text if number is None else number
    if type_ in (COUNT, YEAR):
        compact = normalize_text(text)
        return int(compact) if compact.isdigit() and compact.isascii() else text
    return text
