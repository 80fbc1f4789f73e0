"""Text that looks right is right: keys, codes and invisible characters (budgetauthor/text.py and
where each stage applies it)."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from budgetauthor import load, validate
from budgetauthor.errors import InputError
from budgetauthor.text import INVISIBLE, describe_invisible, normalize_code, normalize_key

from .helpers import EXAMPLES, MINIMAL


def test_invisible_is_every_format_character_of_unicode():
    format_chars = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    matched = {chr(c) for c in range(sys.maxunicode + 1) if INVISIBLE.match(chr(c))}
    newer = {chr(c) for c in range(0x13439, 0x13440)}  # Unicode 15.1, listed ahead of this Python
    assert format_chars - matched == set()
    assert matched - format_chars <= newer


@pytest.mark.parametrize("typed,key", [("name ", "name"), ("name\u3000", "name"), ("\u00a0name", "name"),
                                       ("ｎａｍｅ", "name"), ("２０１", "201"), ("在职人员（含工勤）", "在职人员（含工勤）")])
def test_keys_are_normalised_but_chinese_punctuation_is_kept(typed, key):
    assert normalize_key(typed) == key


def test_codes_lose_full_width_and_surrounding_space_but_not_inner_space():
    assert normalize_code(" ２０１２６０１\u3000") == "2012601"
    assert normalize_code("108 001") == "108 001"  # reported as a malformed code, not silently joined


def test_describe_names_the_character():
    assert describe_invisible("\u202e") == "U+202E（从右到左覆盖符）"
    assert describe_invisible("\u200b") == "U+200B（零宽空格）"


def _yaml(tmp_path, text: str):
    path = tmp_path / "budget.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_key_with_a_trailing_space_is_a_duplicate_not_an_override(tmp_path):
    path = _yaml(tmp_path, MINIMAL.replace("  name: 青山区档案馆\n", '  name: 青山区档案馆\n  "name ": 另一个名称\n', 1))
    with pytest.raises(InputError) as info:
        load(path)
    [finding] = info.value.findings
    assert finding.code == "yaml-duplicate-key"
    assert finding.message.startswith("键“name ”与第9行的“name”是同一个键")
    assert (finding.location.line, finding.location.column) == (10, 3)


def test_ideographic_space_indentation_is_named_as_such(tmp_path):
    path = _yaml(tmp_path, MINIMAL.replace("  year: 2025\n", "\u3000year: 2025\n", 1))
    with pytest.raises(InputError) as info:
        load(path)
    [finding] = info.value.findings
    assert "用全角空格（U+3000）缩进" in finding.message
    assert (finding.location.line, finding.location.column) == (10, 1)


def test_full_width_codes_are_the_codes_they_look_like(tmp_path):
    text = MINIMAL.replace('function: "2012601", economic: "30101"', 'function: "２０１２６０１", economic: "３０１０１"', 1)
    report = validate(load(_yaml(tmp_path, text)))
    assert report.valid, report.flatten("code", "message")
    assert report.model == validate(load(EXAMPLES / "minimal.yaml")).model


def test_an_invisible_character_is_refused_at_its_value_and_explains_the_fields_complaint(tmp_path):
    text = MINIMAL.replace('economic: "30101"', 'economic: "30101\u200b"', 1)
    report = validate(load(_yaml(tmp_path, text)))
    assert report.flatten("code", "path") == [["text-invisible-char", "ledger[0].economic"]]
    assert "U+200B（零宽空格），在“30101”之后" in report.findings[0].message


def test_a_bidi_control_in_a_key_is_refused_at_the_key(tmp_path):
    text = MINIMAL.replace("    serving: {在职人员: 7}\n", '    serving: {"在职\u202e人员": 7}\n', 1)
    report = validate(load(_yaml(tmp_path, text)))
    found = [f for f in report.findings if f.code == "text-invisible-char"]
    assert [f.path for f in found] == [("profile", "staffing", "serving", "在职\u202e人员")]
    assert found[0].message.startswith("键名文字中含有看不见的字符 U+202E")


def test_keys_colliding_in_data_handed_to_validate_are_reported():
    from budgetauthor.load import LoadedInput

    data = load(EXAMPLES / "minimal.yaml").data
    data["profile"]["staffing"]["serving"]["在职人员\u3000"] = "9"
    report = validate(LoadedInput(data=data, source=EXAMPLES / "minimal.yaml", kind="yaml"))
    assert "duplicate-key" in report.codes()


def test_more_numbered_items_than_the_document_can_number_is_an_error(tmp_path):
    duties = "".join(f"    - 职责{i}。\n" for i in range(1000))
    text = MINIMAL.replace("  duties:\n", "  duties:\n" + duties, 1)
    report = validate(load(_yaml(tmp_path, text)))
    assert report.flatten("code", "path") == [["list-too-long", "profile.duties"]]


# ---- --catalog files ------------------------------------------------------------------------------


def _catalog(tmp_path, text: str, name: str = "目录.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_catalogue_with_full_width_codes_is_read_as_half_width(tmp_path):
    from budgetauthor import catalog

    found = catalog.load(2025, _catalog(tmp_path, "code,name\n２０１２６０１,行政运行\n３０１０１,基本工资\n"))
    assert set(found.function) == {"2012601"} and set(found.economic) == {"30101"}


@pytest.mark.parametrize("text,says", [
    ("code,name\n2012601," + "长" * 201 + "\n", "科目目录第2行（2012601）的名称过长（201字，上限200字）"),
    ("code,name\n2012601,行政运行\n20126012012601,x\n", "科目目录第3行的编码过长（14位"),
    ("code,name\n2012601,行政\u202e运行\n", "含有看不见的字符"),
    ("code,name\n2012602," + "长" * 200_000 + "\n", "不是有效的 CSV（第2行附近"),
])
def test_a_catalogue_field_no_catalogue_has_is_a_clean_message(tmp_path, text, says):
    from budgetauthor import catalog

    with pytest.raises(InputError) as info:
        catalog.load(2025, _catalog(tmp_path, text))
    [finding] = info.value.findings
    assert finding.code == "catalog-file" and says in finding.message, finding.message
