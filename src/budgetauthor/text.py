"""Text helpers every stage shares: the one normaliser, the one display width, safe printing —
and what every stage does to text a user typed before using it, so that text that looks right
is right:

- Keys: surrounding white space goes (a trailing space, U+3000 from a Chinese IME, a no-break
  space) and full-width letters and digits become half-width, *before* duplicates are looked
  for — `"name "` and `name` are the same key, so the second is a duplicate, never an override.
- Codes (科目, 单位 and project codes): full-width letters and digits become half-width and
  surrounding white space goes; a space inside a code stays, to be reported (a typo or two codes).
- Invisible format characters — zero-width spaces and joiners, bidi controls such as U+202E,
  a BOM inside text, soft hyphens — are never accepted: they make text look different from what
  it is (U+202E turns "200.00万元" into "00.002万元" on screen). `invisible()` finds them so each
  stage can refuse them at their location.

Other text is kept as typed: full-width punctuation （）：is correct Chinese typography.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Control characters and bidi overrides from the user's data (a key, a value quoted in a message,
# a file name) are shown as visible escapes: printed raw they could drive the terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def normalize_text(text: str) -> str:
    """The comparison form of what a person typed: NFKC (full-width digits, letters and
    punctuation to half-width, U+3000 to a space), then every space removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal or a cell: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def printable(text: object) -> str:
    """`text` with control characters and bidi overrides shown as \\xNN / \\uNNNN escapes."""
    return _UNPRINTABLE.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

# Full-width digits and Latin letters (Ａ-Ｚ ａ-ｚ ０-９) → ASCII.
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for c in range(r[0], r[1] + 1)}

# Every format character (Unicode category Cf; none belongs in a budget's text), as ranges:
# scanning the Unicode database at import would cost 0.3 s of every run. Unicode 15.1 adds
# U+13439-U+1343F (Egyptian hieroglyph controls); tests/test_text.py checks this list against
# the database of the Python running the tests.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)

_NAMES = {
    "\u00ad": "软连字符",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u202a": "从左到右嵌入符",
    "\u202b": "从右到左嵌入符",
    "\u202c": "方向格式结束符",
    "\u202d": "从左到右覆盖符",
    "\u202e": "从右到左覆盖符",
    "\u2060": "零宽不换行符",
    "\u2066": "从左到右隔离符",
    "\u2067": "从右到左隔离符",
    "\u2068": "方向隔离符",
    "\u2069": "方向隔离结束符",
    "\ufeff": "字节顺序标记（BOM）",
}


def halfwidth_alnum(text: str) -> str:
    """Full-width digits and letters to half-width; everything else unchanged."""
    return text.translate(_FULLWIDTH_ALNUM)


def normalize_key(key: str) -> str:
    """The key as the data means it: no surrounding white space, half-width letters and digits."""
    return halfwidth_alnum(key).strip()


def normalize_code(code: str) -> str:
    """A code as the catalogue writes it: half-width letters and digits, no surrounding space."""
    return halfwidth_alnum(code).strip()


def invisible(text: str) -> str | None:
    """The first invisible format character in `text`, or None."""
    match = INVISIBLE.search(text)
    return match.group() if match else None


def describe_invisible(char: str) -> str:
    """"U+202E（从右到左覆盖符）"."""
    name = _NAMES.get(char, "不可见的格式字符")
    return f"U+{ord(char):04X}（{name}）"


def invisible_message(text: str, char: str) -> str:
    at = text.index(char)
    before = text[max(0, at - 12):at]
    where = f"在“{INVISIBLE.sub('', before)}”之后" if before else "在开头"
    return (f"文字中含有看不见的字符 {describe_invisible(char)}，{where}：它会让文字显示得与实际内容不同"
            "（如改变数字的显示顺序），请删除后重新输入")
