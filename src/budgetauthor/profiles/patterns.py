"""Sentence patterns: the small, safe formatter the profiles' wording is written in.

A pattern is plain text with named placeholders; the program decides WHICH pattern applies
(from the sign of a change, a zero, a missing figure, one source or several…) and supplies the
values, the profile supplies the words:

    {金额}            a value, e.g. "596.15万元"
    {列举|；}         a list of values joined with "；" (without "|…" they are joined with "、")
    [，{同比}]        an optional segment: printed only when every placeholder inside has a value
    {{ }} [[ ]]       literal braces and brackets

Nothing else is interpreted: no expressions, no attribute access, no filters, so a wording file
can never run code or reach data it was not given. Patterns are parsed once, when the profile is
loaded, and a pattern naming a placeholder its sentence does not provide is refused then, with
the key and the placeholders it may use (see profiles/check.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_SEPARATOR = "、"


class PatternError(ValueError):
    """A pattern that cannot be parsed; the message is Chinese, for the finance bureau."""


@dataclass(frozen=True)
class Field:
    name: str
    separator: str | None  # set when written {名|sep}: the value is a list to join


@dataclass(frozen=True)
class OptionalSegment:
    parts: tuple[Part, ...]


Part = str | Field | OptionalSegment


@dataclass(frozen=True)
class Pattern:
    source: str
    parts: tuple[Part, ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(_names(self.parts))

    def fill(self, values: Mapping[str, object]) -> str:
        return _fill(self.parts, values)

    def __bool__(self) -> bool:  # an empty pattern means "say nothing here"
        return bool(self.parts)


def _names(parts: Sequence[Part]):
    for part in parts:
        if isinstance(part, Field):
            yield part.name
        elif isinstance(part, OptionalSegment):
            yield from _names(part.parts)


def _present(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_present(v) for v in value)
    return value is not None and value != ""


def _text(field: Field, value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return (field.separator if field.separator is not None else DEFAULT_SEPARATOR).join(
            str(v) for v in value if _present(v)
        )
    return str(value)


def _fill(parts: Sequence[Part], values: Mapping[str, object]) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Field):
            out.append(_text(part, values.get(part.name)))
        elif all(_present(values.get(name)) for name in _names(part.parts)):
            out.append(_fill(part.parts, values))
    return "".join(out)


def parse(source: str) -> Pattern:
    """Parse a pattern; raise PatternError (Chinese) on unbalanced braces or brackets."""
    parts, _ = _parse(source, 0, inside_optional=False)
    return Pattern(source, tuple(parts))


def _parse(source: str, i: int, inside_optional: bool) -> tuple[list[Part], int]:
    parts: list[Part] = []
    text: list[str] = []

    def flush():
        if text:
            parts.append("".join(text))
            text.clear()

    while i < len(source):
        ch = source[i]
        pair = source[i:i + 2]
        if pair in ("{{", "}}", "[[", "]]"):
            text.append(ch)
            i += 2
        elif ch == "{":
            close = source.find("}", i + 1)
            if close < 0:
                raise PatternError(f"“{{”没有对应的“}}”：{_near(source, i)}")
            body = source[i + 1:close]
            if "{" in body:
                raise PatternError(f"占位符中不能再有“{{”：{_near(source, i)}")
            name, bar, separator = body.partition("|")
            name = name.strip()
            if not name:
                raise PatternError(f"占位符“{{}}”中缺少名称：{_near(source, i)}")
            flush()
            parts.append(Field(name, separator if bar else None))
            i = close + 1
        elif ch == "}":
            raise PatternError(f"多余的“}}”（要写文字“}}”请写成“}}}}”）：{_near(source, i)}")
        elif ch == "[":
            if inside_optional:
                raise PatternError(f"可选部分“[ ]”不能嵌套：{_near(source, i)}")
            flush()
            inner, i = _parse(source, i + 1, inside_optional=True)
            parts.append(OptionalSegment(tuple(inner)))
        elif ch == "]":
            if not inside_optional:
                raise PatternError(f"多余的“]”（要写文字“]”请写成“]]”）：{_near(source, i)}")
            flush()
            return parts, i + 1
        else:
            text.append(ch)
            i += 1
    if inside_optional:
        raise PatternError(f"“[”没有对应的“]”：{source}")
    flush()
    return parts, i


def _near(source: str, i: int) -> str:
    return source[max(0, i - 12): i + 12]
