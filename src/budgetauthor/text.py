"""Text helpers every stage shares: the one normaliser, the one display width, safe printing."""

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
