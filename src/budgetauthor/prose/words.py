"""The wording of one document: the profile's sentence patterns, filled, and every figure formatted.

`Words` binds a profile's wording to a document (its name, year, level and kind). Code chooses
which pattern applies and supplies its values; `say` checks that they are exactly the ones the
spec promises for that key, so a pattern can never ask for a value the code does not give.

Every number in the prose passes through `figure` or `percent` (one formatting path, half-up);
sentences never call str() on an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..money import amount, fmt_money, fmt_percent, in_unit, ratio, round_to, wan  # noqa: F401 - amount, wan: re-exported
from ..profiles import LayoutProfile, standard
from ..profiles.spec import ENTITY, GLOBALS, PLACEHOLDERS, WORDING, wording_entry

# Punctuation that ends or joins clauses: user text loses it at its end before a pattern adds
# its own ("……项目经费。" + "。" would print "。。"; "……！" + "。" would print "！。").
_TRAILING = "。；;，,.、：:！!？?…　 \t\n"
# A reason typed with its own lead-in ("主要原因是……", "增加原因为：……"): the pattern supplies one.
_REASON_LEAD = re.compile(
    r"^(?:(?:增加|减少|增长|下降|增减|变动|变化)的?)?(?:主要)?原因(?:主要)?(?:是|为|在于)?\s*[：:，,]?\s*")
# A list item typed with its own number: "（一）贯彻……", "(3) ……", "1.完成……", "2、……", "三、……".
# Digits followed by another digit are a figure ("1.5万元"), not a number.
_OWN_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*(?:[一二三四五六七八九十百零〇]+|\d+)\s*[）)]"
    r"|[一二三四五六七八九十百]+\s*[、.．]"
    r"|\d+\s*(?:[、．]|\.(?!\d)))")
# Sentence punctuation doubled where a pattern meets a value: the first mark stands.
_DOUBLED = re.compile(r"([。！？!?；;，,])[。.；;，,]+")


def clause(text: str) -> str:
    """The one normaliser of user text entering a sentence: surrounding space and the trailing
    punctuation go (the pattern ends the sentence), doubled marks inside are made single."""
    return _DOUBLED.sub(r"\1", text.strip()).rstrip(_TRAILING)


def reason_clause(text: str) -> str:
    """A user's reason as a clause, without a lead-in of its own (the pattern says "主要原因是")."""
    return clause(_REASON_LEAD.sub("", clause(text)))


def has_own_number(text: str) -> bool:
    """Whether a list item was typed with its own number, so the program does not number it again."""
    return bool(_OWN_NUMBER.match(text))


def tidy(sentence: str) -> str:
    """The one joiner's last step: a mark doubled where a pattern met a value is made single."""
    return _DOUBLED.sub(r"\1", sentence)


@dataclass(frozen=True)
class Change:
    """A year-over-year comparison: which case it is, and its phrase with and without reason."""

    case: str  # "none" (no previous figure), "flat", "flat_zero", "up", "down", "up_from_zero"
    bare: str  # "比上年减少151.88万元，下降20.30%"
    phrase: str  # the same with "，主要原因是……" when a reason applies

    @property
    def changed(self) -> bool:
        return self.case in ("up", "down", "up_from_zero")


class Words:
    def __init__(self, profile: LayoutProfile, *, name: str = "", year: int = 0, level: str = "", kind: str = ""):
        self.profile = profile
        self.kind = kind or profile.kind
        self.unit = profile.money.prose
        self.decimals = profile.money.places(self.unit)
        self.globals = {
            "名称": name,
            "年度": str(year) if year else "",
            "上年": str(year - 1) if year else "",
            "部门": ENTITY[self.kind],
            "级次": level,
            "金额单位": self.unit,
        }

    # --- patterns ------------------------------------------------------------------------------

    def say(self, key: str, **values) -> str:
        """Fill the pattern `key` with `values` (named as in spec.PLACEHOLDERS) and the globals."""
        entry = wording_entry(key)
        expected = set(WORDING[entry]) if entry else None
        given = set(values) - set(GLOBALS)
        if expected is None or given != expected:
            raise ValueError(f"wording key {key!r} is given {sorted(given)}, the spec says {sorted(expected or ())}")
        filled = dict(self.globals)
        filled.update((PLACEHOLDERS[k], v) for k, v in values.items())
        return tidy(self.profile.wording.get(key, self.kind).fill(filled))

    def has(self, key: str) -> bool:
        """Whether the profile says anything for `key` (an empty pattern means: leave it out)."""
        return key in self.profile.wording and bool(self.profile.wording.get(key, self.kind))

    @property
    def says_flat_reasons(self) -> bool:
        """Whether the profile prints the reason the user gave for a figure that did not change."""
        return self.has("change.flat_with_reason")

    def group(self, prefix: str) -> dict[str, str]:
        """A group of labels, e.g. group("source_names") → {"一般公共预算": "一般公共预算拨款收入", …}."""
        return {k.rsplit(".", 1)[1]: self.say(k) for k in self.profile.wording.group(prefix)}

    def item(self, list_name: str, n: int) -> str:
        """The number of the n-th item of a list, in the profile's format ("（二）", "2.")."""
        return self.profile.numbering.item(list_name, n)

    # --- figures --------------------------------------------------------------------------------

    def rounded(self, value: Decimal) -> Decimal:
        """An amount as the reader sees it: in the prose unit, rounded half-up."""
        return round_to(in_unit(value, self.unit), self.decimals)

    def figure(self, value: Decimal) -> str:
        """The number of an amount in the prose unit; zero is written plainly as 0 (unless the
        profile's money.plain_zero is false: then 0.00)."""
        shown = self.rounded(value)
        return "0" if shown == 0 and self.profile.money.plain_zero else fmt_money(shown, decimals=self.decimals)

    def amount(self, value: Decimal) -> str:
        """"596.15万元"."""
        return f"{self.figure(value)}{self.unit}"

    def percent(self, fraction: Decimal) -> str:
        return fmt_percent(fraction)

    # --- year over year ---------------------------------------------------------------------------

    def change(self, current: Decimal, previous: Decimal | None, reason: str = "") -> Change:
        """The comparison chosen from the sign of the change, on the figures the reader sees.

        The percentage is of the previous figure; a zero base is not comparable. Without a
        previous figure nothing is said (validation has warned about it)."""
        if previous is None:
            return Change("none", "", "")
        reason = reason_clause(reason)
        cur, prev = self.rounded(current), self.rounded(previous)
        delta = cur - prev
        if delta == 0:  # a reason is printed only if the profile says how (change.flat_with_reason)
            case = "flat_zero" if cur == 0 else "flat"
            text = self.say(f"change.{case}")
            with_reason = reason and self.says_flat_reasons
            phrase = self.say("change.flat_with_reason", change=text, reason=reason) if with_reason else text
            return Change(case, text, phrase)
        share = ratio(abs(delta), prev)
        by = self.amount(self._from_shown(abs(delta)))
        if share is None:
            case, text = "up_from_zero", self.say("change.up_from_zero", change_amount=by)
        else:
            case = "up" if delta > 0 else "down"
            text = self.say(f"change.{case}", change_amount=by, change_rate=self.percent(share))
        phrase = self.say("change.with_reason", change=text, reason=reason) if reason else text
        return Change(case, text, phrase)

    def _from_shown(self, shown: Decimal) -> Decimal:
        """A figure in the prose unit back into 万元, so `amount` shows it unchanged."""
        return shown / 10000 if self.unit == "元" else shown


_DEFAULT: list[Words] = []


def default_words() -> Words:
    """The standard profile's wording without a document (for helpers and tests)."""
    if not _DEFAULT:
        _DEFAULT.append(Words(standard()))
    return _DEFAULT[0]


def change_phrase(current: Decimal, previous: Decimal | None, reason: str = "") -> str:
    """'比上年减少151.88万元，下降20.30%，主要原因是……' in the standard wording."""
    return default_words().change(current, previous, reason).phrase


def percent(fraction: Decimal) -> str:
    return fmt_percent(fraction)
