"""Money: text becomes Decimal or a Chinese reason why not; display rounds half-up; never a float."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from budgetauthor.money import (
    MoneyError,
    fmt_money,
    fmt_percent,
    parse_number,
    ratio,
    round_wan,
    tail_tolerance,
    to_wan,
    within_tail,
)

from .helpers import MINIMAL, validate_text


@pytest.mark.parametrize("text", ["1148.3", "1148.30", "1,148.30", "１，１４８．３０", " 1148.30 ", "１１４８．３"])
def test_an_amount_may_be_written_with_separators_or_full_width_digits(text):
    value = parse_number(text)
    assert type(value) is Decimal
    assert value == Decimal("1148.30")


def test_a_large_amount_with_thirteen_integer_digits_is_accepted():
    assert parse_number("9,999,999,999,999.99") == Decimal("9999999999999.99")


def test_a_signed_amount_accepts_a_minus_sign_where_allowed():
    assert parse_number("-151.88", signed=True) == Decimal("-151.88")
    assert parse_number("－151.88", signed=True) == Decimal("-151.88")  # full-width minus


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("NaN", "不是有效的数字"),
        ("nan", "不是有效的数字"),
        (".nan", "不是有效的数字"),
        ("inf", "不是有效的数字"),
        ("-Infinity", "不是有效的数字"),
        (".inf", "不是有效的数字"),
        ("1e400", "不是有效的数字"),
        ("1E5", "不是有效的数字"),
        ("0x10", "不是有效的数字"),
        ("12345678901234567890", "位数过多"),
        ("12,345,678,901,234.00", "位数过多"),
        ("0.1234567", "小数位过多"),
        ("-52.80", "负数"),
        ("596.15万元", "不要带单位"),
        ("5961500元", "不要带单位"),
        ("20.30%", "不是百分比"),
        ("1,14,8.30", "不是有效的数字"),
        ("1.", "不是有效的数字"),
        ("五十二", "不是有效的数字"),
        ("", "不是有效的数字"),
    ],
)
def test_text_that_is_not_a_plain_amount_is_refused_with_a_chinese_reason(text, reason):
    with pytest.raises(MoneyError) as info:
        parse_number(text)
    assert reason in str(info.value)


@pytest.mark.parametrize("value", [1148.3, float("nan"), float("inf"), True, None, [1]])
def test_a_float_or_any_non_text_value_is_refused(value):
    with pytest.raises(MoneyError):
        parse_number(value)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("1E+20"), Decimal("1E-7")])
def test_a_decimal_that_is_not_a_finite_budget_figure_is_refused(value):
    with pytest.raises(MoneyError):
        parse_number(value)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("596.145", "596.15"),  # half-up, where half-even would give 596.14
        ("2.675", "2.68"),  # the float 2.675 is 2.67499…; a Decimal is not
        ("0.125", "0.13"),
        ("0.005", "0.01"),
        ("1148.3", "1,148.30"),
        ("1234567.004", "1,234,567.00"),
        ("0", "0.00"),
    ],
)
def test_amounts_are_shown_with_two_decimals_rounded_half_up_and_grouped(amount, shown):
    assert fmt_money(Decimal(amount)) == shown


def test_grouping_can_be_turned_off():
    assert fmt_money(Decimal("1148.3"), grouping=False) == "1148.30"


@pytest.mark.parametrize(
    ("amount", "grouping", "decimals", "shown"),
    [
        ("-596.145", True, 2, "-596.15"),  # half-up away from zero, as the positive side
        ("-1234567.885", True, 2, "-1,234,567.89"),
        ("-0.004", True, 2, "-0.00"),  # Babel keeps the sign of a negative amount that rounds to zero
        ("0", True, 2, "0.00"),
        ("0E-7", True, 0, "0"),
        ("9999999999999.995", True, 2, "10,000,000,000,000.00"),  # the largest amount, carried up
        ("1234567890123.456789", False, 2, "1234567890123.46"),
        ("999.995", True, 2, "1,000.00"),
        ("0.125", True, 1, "0.1"),
        ("0.15", True, 1, "0.2"),
        ("-2.5", True, 0, "-3"),
        ("1E+3", True, 0, "1,000"),
    ],
)
def test_representative_amounts_are_shown_exactly(amount, grouping, decimals, shown):
    assert fmt_money(Decimal(amount), grouping=grouping, decimals=decimals) == shown


def test_a_remembered_figure_is_what_babel_gives_for_that_amount_and_no_other():
    """fmt_money remembers Babel's output by rounded amount: equal amounts of another sign (-0.00
    and 0.00) or another grouping or precision must not share it."""
    from decimal import ROUND_HALF_UP, localcontext

    from babel.numbers import format_decimal

    def babel(amount: Decimal, grouping: bool, decimals: int) -> str:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        with localcontext() as ctx:
            ctx.rounding = ROUND_HALF_UP
            return format_decimal(amount.quantize(Decimal(1).scaleb(-decimals)), pattern, locale="zh_CN",
                                  group_separator=grouping)

    amounts = [Decimal(text) for text in ("0", "-0", "-0.00", "0.004", "-0.004", "1E+15", "-1E+15", "1000", "1E+3",
                                          "1000.00", "-999.995", "999.995")]
    for _ in range(2):  # the second pass reads what the first remembered
        for amount in amounts:
            for grouping in (True, False):
                for decimals in (0, 1, 2):
                    shown = fmt_money(amount, grouping=grouping, decimals=decimals)
                    assert shown == babel(amount, grouping, decimals), (amount, grouping, decimals)


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [("0.203050", "20.31%"), ("0.20304", "20.30%"), ("0.000049", "0.00%"), ("1", "100.00%"), ("-0.20305", "-20.31%")],
)
def test_percentages_have_two_decimals_rounded_half_up(fraction, shown):
    assert fmt_percent(Decimal(fraction)) == shown


def test_round_wan_is_half_up():
    assert round_wan(Decimal("151.885")) == Decimal("151.89")
    assert round_wan(Decimal("151.884")) == Decimal("151.88")


def test_a_share_of_zero_is_not_comparable():
    assert ratio(Decimal(12), Decimal(0)) is None
    assert ratio(Decimal("151.88"), Decimal("748.03")) == Decimal("151.88") / Decimal("748.03")


def test_yuan_convert_to_wan_exactly():
    assert to_wan(Decimal(5961500), "元") == Decimal("596.15")
    assert to_wan(Decimal(1), "元") == Decimal("0.0001")
    assert to_wan(Decimal("596.15"), "万元") == Decimal("596.15")


def test_the_tail_tolerance_is_one_cent_per_summand():
    assert tail_tolerance(1) == tail_tolerance(0) == Decimal("0.01")
    assert tail_tolerance(4) == Decimal("0.04")
    assert within_tail(Decimal("0.84"), Decimal("0.80"), 4)
    assert not within_tail(Decimal("0.85"), Decimal("0.80"), 4)
    assert within_tail(Decimal("186.41"), Decimal("186.40"))
    assert not within_tail(Decimal("186.42"), Decimal("186.40"))


def _floats(value, path="budget"):
    """Every float reachable from a model object, with where it was found."""
    if isinstance(value, float):
        yield path
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _floats(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _floats(k, f"{path}[{k!r}]")
            yield from _floats(v, f"{path}[{k!r}]")
    elif isinstance(value, (list, tuple, set)):
        for i, v in enumerate(value):
            yield from _floats(v, f"{path}[{i}]")


def test_no_amount_of_the_model_or_its_derived_views_is_a_float(tmp_path):
    report = validate_text(tmp_path, MINIMAL)
    assert report.valid
    assert list(_floats(report.model)) == []
    derived = report.derived
    assert list(_floats({k: v for k, v in vars(derived).items() if k not in ("budget", "catalog")})) == []
    assert all(type(line.amount) is Decimal for line in report.model.lines)
    assert report.derived.totals.total == Decimal("186.40")
