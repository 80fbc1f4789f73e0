"""Generated prose, sentence by sentence against the expected Chinese (design.md §4).

The seeds' own sentences are quoted in the comments; the expected strings are their corrected
forms: direction word from the sign, absolute amount, percentage of the previous figure half-up,
zero items left out, reasons only from the input.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetauthor import load, validate
from budgetauthor.derive import share_percentages
from budgetauthor.money import fmt_money
from budgetauthor.profiles import standard
from budgetauthor.profiles.numbering import format_number, number_format, zh_number
from budgetauthor.prose.sections import Writer
from budgetauthor.prose.words import amount, change_phrase, percent, wan

from .helpers import EXAMPLES, MINIMAL, edit

REASON = "本着厉行节约，压缩费用开支，本年人均公用经费减少"


# ---- change_phrase: direction, amount, percentage ---------------------------------------------


def test_seed_000_income_change_with_reason():
    # 原文：“比上年预算安排减少151.88万元，下降20.30%。主要原因是……”
    assert change_phrase(D("596.15"), D("748.03"), REASON) == f"比上年减少151.88万元，下降20.30%，主要原因是{REASON}"


def test_reason_loses_its_own_trailing_full_stop():
    assert change_phrase(D("596.15"), D("748.03"), REASON + "。") == f"比上年减少151.88万元，下降20.30%，主要原因是{REASON}"


@pytest.mark.parametrize(
    "current, previous, expected",
    [
        # 001 收入：“比上年减少2883.06万元，下降33.2%” — two decimals
        ("5813.95", "8697.01", "比上年减少2,883.06万元，下降33.15%"),
        # 001 机关运行经费：“较上年减少134.15万元，下降51.3%”
        ("127.47", "261.62", "比上年减少134.15万元，下降51.28%"),
        # 002 收入：“同比增加77.04万元，同比增加20.80%” — 增长, not 增加, for the percentage
        ("447.48", "370.44", "比上年增加77.04万元，增长20.80%"),
        # 002 政府采购：“较上年增加30.19万，同比增长17.78%”
        ("200", "169.81", "比上年增加30.19万元，增长17.78%"),
        # 002 资产：“比上年减少4.32万元，减少13.91%” — 下降 for the percentage
        ("26.74", "31.06", "比上年减少4.32万元，下降13.91%"),
        # 000 政府采购 (xihu): “增加0.7万元，增加11.67%” was of this year's figure; of the previous: 13.21%
        ("6.00", "5.30", "比上年增加0.70万元，增长13.21%"),
    ],
)
def test_seed_changes_in_corrected_form(current, previous, expected):
    assert change_phrase(D(current), D(previous)) == expected


def test_direction_comes_from_the_sign_and_the_amount_is_absolute():
    up, down = change_phrase(D(110), D(100)), change_phrase(D(90), D(100))
    assert up == "比上年增加10.00万元，增长10.00%"
    assert down == "比上年减少10.00万元，下降10.00%"
    assert "-" not in up + down


def test_no_change_is_flat_and_the_users_reason_is_still_printed():
    # 002 机关运行经费：“比去年预算数增加0万元，增长0%。主要原因是：……无变动” — nothing the user wrote is dropped
    assert change_phrase(D("12.96"), D("12.96"), "我单位机关运行经费较上年无变动") == "与上年持平，主要原因是我单位机关运行经费较上年无变动"
    assert change_phrase(D("12.96"), D("12.96")) == "与上年持平"


def test_a_change_below_half_a_cent_is_flat():
    assert change_phrase(D("12.964"), D("12.96")) == "与上年持平"


def test_zero_previous_is_not_comparable():
    assert change_phrase(D(12), D(0)) == "比上年增加12.00万元（上年为0，不可比）"
    assert change_phrase(D(12), D(0), "新增项目") == "比上年增加12.00万元（上年为0，不可比），主要原因是新增项目"


def test_both_years_zero():
    # 001 “三公”：“公务用车运行维护费0万元，比上年增加0万元。主要原因是与上年保持一致。”
    assert change_phrase(D(0), D(0), "与上年保持一致") == "与上年持平，均为0万元，主要原因是与上年保持一致"
    assert change_phrase(D(0), D(0)) == "与上年持平，均为0万元"


def test_down_to_zero():
    assert change_phrase(D(0), D("4.6")) == "比上年减少4.60万元，下降100.00%"


def test_no_previous_figure_says_nothing():
    assert change_phrase(D(12), None, "有原因也不说") == ""


# ---- one formatting path, half-up ------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1.005", "1.01"),  # float 1.005 would print 1.00
        ("2.665", "2.67"),  # half-even would give 2.66
        ("2.675", "2.68"),
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("1148.3", "1,148.30"),
        ("1234567.891", "1,234,567.89"),
    ],
)
def test_money_rounds_half_up_with_thousands_separators(value, expected):
    assert fmt_money(D(value)) == expected


@pytest.mark.parametrize(
    "fraction, expected",
    [
        ("0.123450", "12.35%"),
        ("0.123449", "12.34%"),
        ("0.00125", "0.13%"),  # half-even would give 0.12%
        ("0.00005", "0.01%"),
        ("1", "100.00%"),
    ],
)
def test_percent_rounds_half_up_at_the_half_cent(fraction, expected):
    assert percent(D(fraction)) == expected


def test_change_percentage_half_up_at_point_005():
    # 0.01 / 200 = 0.005 %: half-up 0.01 %, half-even 0.00 %
    assert change_phrase(D("200.01"), D(200)) == "比上年增加0.01万元，增长0.01%"
    # 0.03 / 200 = 0.015 %: half-up 0.02 %, half-even 0.02 % too; 0.05 / 200 = 0.025 %: 0.03 % vs 0.02 %
    assert change_phrase(D("200.05"), D(200)) == "比上年增加0.05万元，增长0.03%"


def test_percentage_is_of_the_rounded_figures_a_reader_can_recompute():
    # 100.004 → 100.00 and 90.006 → 90.01: the reader sees 9.99 on 100.00
    assert change_phrase(D("90.006"), D("100.004")) == "比上年减少9.99万元，下降9.99%"


def test_zero_amount_is_written_plainly():
    assert amount(D(0)) == "0"
    assert amount(D("0.004")) == "0"
    assert wan(D("0.005")) == "0.01万元"
    assert wan(D("596.15")) == "596.15万元"


# ---- ordinals ----------------------------------------------------------------------------------

ZH_1_TO_21 = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一"]


def test_chinese_numbers_one_to_twenty_one():
    assert [zh_number(n) for n in range(1, 22)] == ZH_1_TO_21


@pytest.mark.parametrize(
    "n, level, expected",
    [
        (1, "{一}、", "一、"), (10, "{一}、", "十、"), (11, "{一}、", "十一、"), (20, "{一}、", "二十、"),
        (21, "{一}、", "二十一、"),
        (1, "（{一}）", "（一）"), (10, "（{一}）", "（十）"), (21, "（{一}）", "（二十一）"),
        (1, "{1}.", "1."), (21, "{1}.", "21."),
        (1, "（{1}）", "（1）"), (21, "（{1}）", "（21）"),
        (3, "第{一}部分　", "第三部分　"), (11, "表{1}　", "表11　"),
    ],
)
def test_number_formats_at_every_level(n, level, expected):
    assert format_number(number_format(level), n) == expected


def test_the_standard_profile_numbers_by_gb_t_9704_levels():
    numbering = standard().numbering
    headings = {style: format_number(f.heading, 2) for style, f in numbering.headings.items()}
    assert headings == {"Heading 1": "第二部分　", "Heading 2": "二、", "Heading 3": "（二）", "Heading 4": "2.",
                        "表标题": "表2　"}
    assert [numbering.item(name, 2) for name in ("duties", "tasks", "project_fields", "glossary", "table_rows")] == [
        "（二）", "2.", "（2）", "（二）", "二、"]


def test_chinese_numbers_above_ninety_nine_for_long_lists():
    # 名词解释 numbers every 功能分类 项 a department uses: a wide tree has more than 99
    assert [zh_number(n) for n in (99, 100, 101, 110, 115, 120, 205, 999)] == [
        "九十九", "一百", "一百零一", "一百一十", "一百一十五", "一百二十", "二百零五", "九百九十九"
    ]


@pytest.mark.parametrize("n", [0, 1000, -1])
def test_ordinal_out_of_range_is_refused(n):
    with pytest.raises(ValueError):
        zh_number(n)


# ---- enumerations and shares ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        ["1", "1", "1"],  # 33.33 ×3 = 99.99 without the adjustment
        ["1"] * 7,  # 14.29 ×7 = 100.03 without it
        ["2", "1", "1", "1", "1", "1", "1"],
        ["388.62", "207.53"],
        ["465.00", "98.93", "32.22"],
        ["0.01", "0.01", "999.98"],
        ["596.15"],
    ],
)
def test_shares_add_up_to_exactly_100_after_rounding(values):
    shares = share_percentages([D(v) for v in values])
    assert sum(shares) == D("100.00")
    assert all(s == s.quantize(D("0.01")) for s in shares)
    exact = [D(v) * 100 / sum(D(x) for x in values) for v in values]
    assert all(abs(s - e) < D("0.01") for s, e in zip(shares, exact))


# ---- the 情况说明 builders on real budgets ---------------------------------------------------------


def writer(tmp_path, text: str, name: str = "budget.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = validate(load(path))
    assert report.derived is not None, report.flatten("code", "message")
    return Writer(report.derived), report


@pytest.fixture(scope="module")
def minimal():
    report = validate(load(EXAMPLES / "minimal.yaml"))
    assert report.valid, report.flatten("code", "message")
    return Writer(report.derived)


@pytest.fixture(scope="module")
def xihu():
    path = EXAMPLES / "xihu-2024.yaml"
    if not path.exists():
        pytest.skip("examples/xihu-2024.yaml 尚未提供")
    report = validate(load(path))
    assert report.valid, report.flatten("code", "message")
    return Writer(report.derived)


def test_seed_000_income_sentence_corrected(xihu):
    # 原文：“2024年收入预算总额为596.15万元，比上年预算安排减少151.88万元，下降20.30%。主要原因是……。
    # 其中：财政拨款596.15万元,较上年预算减少151.88万元，……;事业收入0万元,较上年预算安排增加0万元，增长0%，
    # 占收入预算的0 %;经营收入和其他收入0万元，增长0%，占收入预算的0%，上年结转0万元……”
    assert xihu.income() == [
        (f"2024年收入预算总额为596.15万元，比上年减少151.88万元，下降20.30%。主要原因是{REASON}。"
        "其中：一般公共预算拨款收入596.15万元，占100.00%。")
    ]


def test_seed_000_three_public_corrected(xihu):
    # 原文：““三公”经费一般公共预算安排0万元，同比增加/下降0%。其中：1.因公出国（境）经费0万元，同比增加/下降0元。……”
    assert xihu.three_public() == [
        "2024年本部门“三公”经费财政拨款预算与上年持平，均为0万元。其中：",
        "1.因公出国（境）费与上年持平，均为0万元。",
        "2.公务用车购置及运行维护费与上年持平，均为0万元。",
        "3.公务接待费与上年持平，均为0万元。",
    ]


def test_seed_000_procurement_percentage_is_of_the_previous_figure(xihu):
    (text,) = xihu.procurement()
    assert text.startswith("2024年本部门政府采购预算总额为6.00万元，比上年增加0.70万元，增长13.21%。主要原因是")


def test_income_sentence(minimal):
    assert minimal.income() == [
        ("2025年收入预算总额为186.40万元，比上年增加21.30万元，增长12.90%。主要原因是新增馆藏档案数字化项目。"
        "其中：一般公共预算拨款收入186.40万元，占100.00%。")
    ]


def test_expenditure_sentences(minimal):
    assert minimal.expenditure() == [
        "2025年支出预算总额为186.40万元，比上年增加21.30万元，增长12.90%。主要原因是新增馆藏档案数字化项目。",
        ("按支出项目类别划分：基本支出146.40万元，占78.54%，比上年增加1.30万元，增长0.90%；"
        "项目支出40.00万元，占21.46%，比上年增加20.00万元，增长100.00%，主要原因是新增馆藏档案数字化项目，原档案征集项目到期。"
        "基本支出中，人员经费131.20万元，公用经费15.20万元。"),
        # 一般公共服务支出 has both kinds: both amounts are given, as 表3 shows them; each class with its
        # change against last year and the reason given (财预〔2016〕143号)
        ("按支出功能分类科目划分：一般公共服务支出157.80万元（基本支出117.80万元，项目支出40.00万元），占84.66%，"
        "比上年增加21.30万元，增长15.60%，主要原因是新增馆藏档案数字化项目；社会保障和就业支出12.40万元，占6.65%，与上年持平；"
        "卫生健康支出6.90万元，占3.70%，与上年持平；住房保障支出9.30万元，占4.99%，与上年持平。"),
    ]


def test_fiscal_sentences_do_not_repeat_the_expenditure_when_all_of_it_is_fiscal(minimal):
    # 财政拨款 = all funds, last year too (165.10 = 165.10): （三） says so instead of repeating （二） word for word
    assert minimal.fiscal() == [
        "2025年本部门支出预算全部为财政拨款，共186.40万元，其增减变化和按支出功能分类科目、项目类别划分的构成均与支出预算相同。"
    ]
    repeated = set(minimal.fiscal()) & set(minimal.expenditure())
    assert not repeated


def test_empty_fund_sections_say_so(minimal):
    assert minimal.fund("政府性基金预算", "gov_fund", "政府性基金预算支出表") == [
        "本部门2025年无政府性基金预算安排的支出，《政府性基金预算支出表》为空表。"
    ]
    assert minimal.fund("国有资本经营预算", "state_capital", "国有资本经营预算支出表") == [
        "本部门2025年无国有资本经营预算安排的支出，《国有资本经营预算支出表》为空表。"
    ]


def test_operating_expenses_sentence(minimal):
    # equal to 一般公共预算基本支出的公用经费 (15.20): no definition here, it is in the 名词解释 once
    assert minimal.operating_expenses() == ["2025年本部门机关运行经费预算为15.20万元，比上年增加0.20万元，增长1.33%。"]


def test_procurement_sentence(minimal):
    assert minimal.procurement() == [
        ("2025年本部门政府采购预算总额为40.00万元。其中：政府采购服务预算40.00万元。"
        "面向中小企业预留政府采购项目预算40.00万元，占政府采购预算总额的100.00%。")
    ]


def test_three_public_sentences(minimal):
    assert minimal.three_public() == [
        "2025年本部门“三公”经费财政拨款预算为0.80万元，与上年持平。其中：",
        "1.因公出国（境）费与上年持平，均为0万元。",
        "2.公务用车购置及运行维护费与上年持平，均为0万元。",
        "3.公务接待费0.80万元，与上年持平。",
    ]


def test_assets_sentences(minimal):
    assert minimal.assets() == [
        "截至2024年12月31日，本部门资产总额312.50万元，比上年增加14.10万元，增长4.73%。",
        "本部门无车辆。",  # only what the file states (vehicles: 0); no equipment or purchase plan given
    ]


def test_other_matters_end_with_a_full_stop(minimal, tmp_path):
    assert minimal.other_matters() == ["无。"]
    w, _ = writer(tmp_path, edit(MINIMAL, ("other_matters: [无]", "other_matters: [本部门无其他需要说明的事项, 已说明。]")))
    assert w.other_matters() == ["本部门无其他需要说明的事项。", "已说明。"]


def test_zero_sources_and_classes_are_left_out(minimal):
    income = minimal.income()[0]
    import re

    assert "事业收入" not in income and "其他收入" not in income
    assert not re.search(r"(?<![\d.])0万元|占0\.00%", income)
    by_function = minimal.expenditure()[2]
    assert "外交支出" not in by_function and "教育支出" not in by_function
    assert "占0.00%" not in "".join(minimal.expenditure())


def test_shares_in_the_prose_add_up_to_100(minimal, xihu):
    import re

    for w in (minimal, xihu):
        for paragraph in w.expenditure()[1:] + w.fiscal()[1:2]:
            shares = [D(x) for x in re.findall(r"占(\d+\.\d\d)%", paragraph)]
            if shares:
                assert sum(shares) == D("100.00"), paragraph


def test_zero_previous_project_is_not_comparable(tmp_path):
    text = edit(MINIMAL, ("project: {amount: 20.00, reason: 新增馆藏档案数字化项目，原档案征集项目到期}",
                          "project: {amount: 0, reason: 新增馆藏档案数字化项目}"))
    w, _ = writer(tmp_path, text)
    assert "项目支出40.00万元，占21.46%，比上年增加40.00万元（上年为0，不可比），主要原因是新增馆藏档案数字化项目" in w.expenditure()[1]


def test_missing_reason_is_an_error_and_the_prose_invents_none(tmp_path):
    text = edit(MINIMAL, ("project: {amount: 20.00, reason: 新增馆藏档案数字化项目，原档案征集项目到期}", "project: 20.00"))
    w, report = writer(tmp_path, text)
    assert any(f.code == "reason-missing" and "project" in str(f.path) for f in report.errors), report.flatten("code", "path")
    kinds = w.expenditure()[1]
    assert "项目支出40.00万元，占21.46%，比上年增加20.00万元，增长100.00%。" in kinds
    assert kinds.count("主要原因") == 0


def test_without_previous_figures_nothing_is_compared(tmp_path):
    start = MINIMAL.index("previous:")
    end = MINIMAL.index("\nthree_public: {total") + 1
    w, _ = writer(tmp_path, MINIMAL[:start] + MINIMAL[end:])
    assert w.income()[0] == "2025年收入预算总额为186.40万元。其中：一般公共预算拨款收入186.40万元，占100.00%。"
    assert "比上年" not in "".join(w.expenditure() + w.fiscal() + w.three_public())


def test_both_zero_three_public_headline_says_it_once(tmp_path):
    text = edit(
        MINIMAL,
        ("three_public: {total: 0.80, abroad: 0, reception: 0.80, vehicle_purchase: 0, vehicle_operation: 0}\n\nprocurement",
         "three_public: {total: 0, abroad: 0, reception: 0, vehicle_purchase: 0, vehicle_operation: 0}\n\nprocurement"),
        ("three_public: {total: 0.80, abroad: 0, reception: 0.80, vehicle_purchase: 0, vehicle_operation: 0}\n\nthree",
         "three_public: {total: 0, abroad: 0, reception: 0, vehicle_purchase: 0, vehicle_operation: 0}\n\nthree"),
        ("economic: \"30217\"", "economic: \"30299\""),
    )
    w, report = writer(tmp_path, text)
    assert report.valid, report.flatten("code", "message")
    assert w.three_public()[0] == "2025年本部门“三公”经费财政拨款预算与上年持平，均为0万元。其中："
