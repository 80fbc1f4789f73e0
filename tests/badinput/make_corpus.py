"""Build the bad-input corpus: tests/badinput/cases/* and tests/badinput/manifest.csv.

    python -m tests.badinput.make_corpus

Most YAML cases are examples/minimal.yaml with one visible edit (and a first-line comment saying
what is wrong). xlsx cases start from the workbook `budgetauthor` itself writes for the minimal
example, reduced to its values (no styles, drop-downs or formulas) so each stays ~20 KB, then get
one edit through openpyxl or in their XML. Large inputs (the >50 MB file, the zip bombs, the zip
with too many parts) are never stored: `GENERATED` builds them at test time.

Everything is deterministic (fixed random seeds, fixed zip timestamps), so rebuilding the corpus
gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import zipfile
from pathlib import Path

from . import CASES_DIR, FIELDS, MANIFEST, Case

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = (ROOT / "examples" / "minimal.yaml").read_text(encoding="utf-8")
LIMIT_MB = 50  # budgetauthor.load.limits.MAX_FILE_BYTES
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

CASES: list[tuple[Case, object]] = []  # (case, bytes) for stored cases


def add(file: str, exit: int, code: str, category: str, what: str, content: bytes | str,
        renders: str = "", args: str = "") -> None:
    if isinstance(content, str):
        content = content.encode("utf-8")
    CASES.append((Case(file, exit, code, category, True, renders, what, args), content))


def edit(what: str, *replacements: tuple[str, str], text: str = MINIMAL) -> str:
    """The minimal example with visible edits; each `old` must occur exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in minimal.yaml"
        text = text.replace(old, new)
    return f"# 坏输入：{what}\n" + text


def yaml_case(file: str, exit: int, code: str, category: str, what: str, *replacements) -> None:
    add(file, exit, code, category, what, edit(what, *replacements))


# ---- file level ---------------------------------------------------------------------------------

def file_cases() -> None:
    rng = random.Random(20250101)
    add("file_empty.yaml", 2, "file-empty", "file", "空文件（0 字节）", b"")
    add("file_only_comments.yaml", 2, "file-empty", "file", "只有注释和空行，没有内容", "# 只有注释\n\n# 没有数据\n")
    add("file_wrong_extension.txt", 2, "file-type", "file", "扩展名错误：.txt（内容是正确的 YAML）", MINIMAL)
    add("file_wrong_extension.json", 2, "file-type", "file", "扩展名错误：.json", '{"profile": {"name": "x"}}\n')
    add("file_no_extension", 2, "file-type", "file", "没有扩展名", MINIMAL)
    add("file_old_excel.xls", 2, "file-type", "file", "旧版 .xls 工作簿（不支持）",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(2040))
    add("file_gbk.yaml", 2, "file-encoding", "file", "GBK 编码的 YAML（应为 UTF-8）", MINIMAL.encode("gbk"))
    add("file_utf16.yaml", 2, "file-encoding", "file", "UTF-16 编码的 YAML", MINIMAL.encode("utf-16"))
    add("file_nul_byte.yaml", 2, "file-encoding", "file", "YAML 中夹有 NUL 字节",
        MINIMAL.encode("utf-8").replace(b"version:", b"\x00version:", 1))
    add("file_random_bytes.yaml", 2, "file-encoding", "file", "随机字节，扩展名为 .yaml",
        b"\xff\xfe\x00" + rng.randbytes(4093))


# ---- YAML syntax and hostile YAML ----------------------------------------------------------------

BILLION_LAUGHS = "\n".join(
    ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
) + "\n"


def yaml_cases() -> None:
    c = "yaml"
    yaml_case("yaml_unclosed_flow.yaml", 2, "yaml-syntax", c, "花括号未闭合",
              ("amount: 31.20}", "amount: 31.20"))
    yaml_case("yaml_unclosed_quote.yaml", 2, "yaml-syntax", c, "引号未闭合",
              ('version: "1"', 'version: "1'))
    yaml_case("yaml_tab_indent.yaml", 2, "yaml-syntax", c, "用 Tab 缩进",
              ("  year: 2025\n", "\tyear: 2025\n"))
    yaml_case("yaml_bad_indent.yaml", 2, "yaml-syntax", c, "缩进不一致",
              ("  year: 2025\n", "   year: 2025\n"))
    yaml_case("yaml_colon_in_text.yaml", 2, "yaml-syntax", c, "文字中含有“: ”而未加引号",
              ("  name: 青山区档案馆\n", "  name: 青山区档案馆: 本级\n"))
    add("yaml_two_documents.yaml", 2, "yaml-syntax", c, "一个文件中有两份 YAML 文档（第二个 ---）",
        f"# 坏输入：两份文档\n{MINIMAL}---\nprofile: {{name: 另一个}}\n")
    yaml_case("yaml_raw_control_char.yaml", 2, "yaml-syntax", c,
              "文字中直接含有控制字符 BEL（YAML 本身不允许，与转义写法 \\a 的 text-control-char 不同）",
              ("  name: 青山区档案馆\n", "  name: 青山区\x07档案馆\n"))
    yaml_case("yaml_python_object.yaml", 2, "yaml-tag", c, "!!python/object/apply 标签（试图执行命令）",
              ("  name: 青山区档案馆\n",
               '  name: !!python/object/apply:os.system ["echo pwned > budgetauthor-pwned.txt"]\n'))
    yaml_case("yaml_python_name.yaml", 2, "yaml-tag", c, "!!python/name 标签",
              ("  level: 区级\n", "  level: !!python/name:os.system\n"))
    yaml_case("yaml_python_module.yaml", 2, "yaml-tag", c, "!!python/module 标签",
              ("other_matters: [无]\n", "other_matters: !!python/module:os\n"))
    yaml_case("yaml_custom_tag.yaml", 2, "yaml-tag", c, "自定义标签 !include",
              ("other_matters: [无]\n", "other_matters: !include /etc/passwd\n"))
    yaml_case("yaml_binary_tag.yaml", 2, "yaml-tag", c, "!!binary 标签",
              ("  name: 青山区档案馆\n", "  name: !!binary 6Z2S5bGx5Yy6\n"))
    add("yaml_billion_laughs.yaml", 2, "yaml-alias", c, "十亿笑（锚点/别名指数膨胀）",
        "# 坏输入：billion laughs\n" + BILLION_LAUGHS)
    yaml_case("yaml_alias.yaml", 2, "yaml-alias", c, "普通的锚点与别名",
              ("  expenditure_total: 186.40\n", "  expenditure_total: &total 186.40\n"),
              ("  fiscal: 186.40\n", "  fiscal: *total\n"))
    yaml_case("yaml_undefined_alias.yaml", 2, "yaml-alias", c, "引用了不存在的锚点",
              ("  fiscal: 186.40\n", "  fiscal: *nothing\n"))
    yaml_case("yaml_duplicate_key.yaml", 2, "yaml-duplicate-key", c, "同一层重复的键",
              ("  year: 2025\n", "  year: 2025\n  year: 2024\n"))
    yaml_case("yaml_complex_key.yaml", 2, "yaml-key", c, "列表作为键",
              ("other_matters: [无]\n", "other_matters: [无]\n? [a, b]\n: c\n"))
    add("yaml_root_list.yaml", 2, "yaml-root", c, "顶层是列表", "# 坏输入：顶层是列表\n- profile\n- ledger\n")
    add("yaml_root_scalar.yaml", 2, "yaml-root", c, "顶层是一段文字", "# 坏输入：顶层是文字\n青山区档案馆 2025 年预算\n")
    add("yaml_deep_nesting.yaml", 2, "yaml-too-deep", c, "嵌套 10000 层的方括号",
        "# 坏输入：嵌套过深\nprofile: " + "[" * 10000 + "]" * 10000 + "\n")


# ---- shape -----------------------------------------------------------------------------------------

def shape_cases() -> None:
    c = "shape"
    yaml_case("shape_missing_profile.yaml", 1, "required", c, "缺少 profile（键名拼错）", ("\nprofile:\n", "\nprofil:\n"))
    yaml_case("shape_missing_ledger.yaml", 1, "required", c, "缺少 ledger（键名拼错）", ("\nledger:\n", "\nledgers:\n"))
    yaml_case("shape_empty_ledger.yaml", 1, "required", c, "ledger 为空列表",
              ("\nledger:\n", "\nledger: []\nold_ledger:\n"))
    yaml_case("shape_missing_amount.yaml", 1, "required", c, "明细行缺少金额",
              ('economic: "30101", kind: 基本, source: 一般公共预算, amount: 52.80}',
               'economic: "30101", kind: 基本, source: 一般公共预算}'))
    yaml_case("shape_missing_year.yaml", 1, "required", c, "缺少预算年度", ("  year: 2025\n", ""))
    yaml_case("shape_units_not_list.yaml", 1, "type", c, "预算单位应为列表，写成了文字",
              ('    - {code: "108001", name: 青山区档案馆, type: 参照公务员法管理事业单位}\n', ""),
              ("  units:\n", "  units: 青山区档案馆\n"))
    yaml_case("shape_amount_is_list.yaml", 1, "type", c, "金额写成了列表", ("amount: 52.80}", "amount: [52.80]}"))
    yaml_case("shape_ledger_line_is_text.yaml", 1, "type", c, "明细行是一段文字而不是映射",
              ('  - {function: "2080505", economic: "30108", kind: 基本, source: 一般公共预算, amount: 12.40}\n',
               "  - 2080505 30108 基本 一般公共预算 12.40\n"))
    yaml_case("shape_bad_kind.yaml", 1, "allowed", c, "支出类型不是 基本/项目",
              ('economic: "30101", kind: 基本,', 'economic: "30101", kind: 其他,'))
    yaml_case("shape_bad_source.yaml", 1, "allowed", c, "无法识别的资金来源",
              ('economic: "30101", kind: 基本, source: 一般公共预算,', 'economic: "30101", kind: 基本, source: 自筹资金,'))
    yaml_case("shape_kind_escape_sequence.yaml", 1, "allowed", c,
              "支出类型是终端控制序列 ESC[2J（输出中须显示为可见的 \\x1b，不得原样输出清屏）",
              ('economic: "30101", kind: 基本,', 'economic: "30101", kind: "\\e[2J\\e[31m",'))
    yaml_case("shape_bad_level.yaml", 1, "allowed", c, "行政级别不在允许范围", ("  level: 区级\n", "  level: 乡级\n"))
    yaml_case("shape_bad_amount_unit.yaml", 1, "allowed", c, "金额单位为“千元”", ("  amount_unit: 万元\n", "  amount_unit: 千元\n"))
    yaml_case("shape_bad_version.yaml", 1, "allowed", c, "格式版本不是 1", ('version: "1"', 'version: "2"'))


# ---- numbers -----------------------------------------------------------------------------------------

def number_cases() -> None:
    c = "number"
    amount = "amount: 52.80}"
    for file, code, value, what in (
        ("num_nan.yaml", "amount-format", ".nan", "金额为 NaN（YAML 的 .nan）"),
        ("num_nan_word.yaml", "amount-format", "NaN", "金额为 NaN"),
        ("num_inf.yaml", "amount-format", ".inf", "金额为无穷大（.inf）"),
        ("num_negative_inf.yaml", "amount-format", "-.inf", "金额为负无穷大"),
        ("num_1e400.yaml", "amount-format", "1e400", "金额 1e400（超出浮点范围）"),
        ("num_exponent.yaml", "amount-format", "5.28e1", "金额用科学计数法"),
        ("num_20_digits.yaml", "amount-too-large", "12345678901234567890", "20 位数字的金额"),
        ("num_many_decimals.yaml", "amount-format", "52.8000001", "小数位过多（7 位）"),
        ("num_with_unit.yaml", "amount-format", "52.80万元", "金额带单位“万元”"),
        ("num_percent.yaml", "amount-format", "52.8%", "金额写成百分比"),
        ("num_words.yaml", "amount-format", "五十二点八", "金额写成汉字"),
        ("num_hex.yaml", "amount-format", "0x34", "金额写成十六进制"),
        ("num_negative_ledger.yaml", "amount-negative", "-52.80", "明细金额为负"),
    ):
        yaml_case(file, 1, code, c, what, (amount, f"amount: {value}}}"))
    yaml_case("num_negative_approved.yaml", 1, "amount-negative", c, "批复收入总计为负",
              ("  income_total: 186.40\n", "  income_total: -186.40\n"))
    yaml_case("num_negative_previous.yaml", 1, "amount-negative", c, "上年数为负（增减额可以为负，上年数不可以）",
              ("  basic: 145.10\n", "  basic: -145.10\n"))
    yaml_case("num_negative_three_public.yaml", 1, "amount-negative", c, "“三公”经费为负",
              ("\nthree_public: {total: 0.80,", "\nthree_public: {total: -0.80,"))
    yaml_case("num_count_fraction.yaml", 1, "count-format", c, "编制人数为小数",
              ("    serving: {在职人员: 7}\n", "    serving: {在职人员: 7.5}\n"))
    yaml_case("num_count_negative.yaml", 1, "count-format", c, "人数为负",
              ("    serving: {在职人员: 7}\n", "    serving: {在职人员: -7}\n"))


# ---- codes, years, dates --------------------------------------------------------------------------------

def code_cases() -> None:
    c = "code"
    first = 'function: "2012601", economic: "30101"'
    yaml_case("code_function_6_digits.yaml", 1, "function-code-malformed", c, "功能科目 6 位（应为 7 位项级）",
              (first, 'function: "201260", economic: "30101"'))
    yaml_case("code_function_letter.yaml", 1, "function-code-malformed", c, "功能科目中把 0 写成字母 O",
              (first, 'function: "20126O1", economic: "30101"'))
    yaml_case("code_function_decimal.yaml", 1, "function-code-malformed", c, "功能科目带小数点（Excel 数字格式残留）",
              (first, 'function: 2012601.0, economic: "30101"'))
    yaml_case("code_economic_4_digits.yaml", 1, "economic-code-malformed", c, "经济科目 4 位",
              (first, 'function: "2012601", economic: "3010"'))
    yaml_case("code_economic_6_digits.yaml", 1, "economic-code-malformed", c, "经济科目 6 位",
              (first, 'function: "2012601", economic: "301011"'))
    yaml_case("code_function_no_class.yaml", 1, "function-code-parent", c, "功能科目的类 999 不存在",
              (first, 'function: "9992601", economic: "30101"'))
    yaml_case("code_economic_no_class.yaml", 1, "economic-code-parent", c, "经济科目的类 398 不存在",
              (first, 'function: "2012601", economic: "39801"'))
    yaml_case("code_unit_with_space.yaml", 1, "code-format", c, "单位编码中有空格",
              ('    - {code: "108001",', '    - {code: "108 001",'))
    yaml_case("code_control_key.yaml", 1, "function-code-malformed", c, "分功能科目控制数的键不是 3/5/7 位",
              ('    "201": {basic: 117.80, project: 40.00}', '    "20": {basic: 117.80, project: 40.00}'))


def year_cases() -> None:
    c = "year"
    for file, value, what in (
        ("year_1900.yaml", "1900", "预算年度 1900"),
        ("year_3024.yaml", "3024", "预算年度 3024"),
        ("year_two_digits.yaml", "25", "预算年度只写两位"),
        ("year_chinese.yaml", "二〇二五", "预算年度写成汉字"),
        ("year_fraction.yaml", "2025.5", "预算年度带小数"),
    ):
        yaml_case(file, 1, "year-range", c, what, ("  year: 2025\n", f"  year: {value}\n"))
    yaml_case("date_invalid.yaml", 1, "date-format", c, "资产截止日期 2 月 30 日",
              ("  as_of: 2024-12-31\n", "  as_of: 2024-02-30\n"))


SUMMARY = '    summary: 对馆藏1980年以前的文书档案进行扫描、著录和质检，建设档案数字资源库。\n'
PLAN = '    plan: 通过政府采购确定数字化加工服务商，分两批完成扫描与质检，年底前全部入库。\n'
GOAL = '    goal: 完成12万页馆藏档案数字化，数字化成果合格率不低于99%，提高档案利用效率。\n'


# ---- free text --------------------------------------------------------------------------------------------

def text_cases() -> None:
    c = "text"
    name = "  name: 青山区档案馆\n"
    yaml_case("text_residue_braces.yaml", 1, "text-residue", c, "部门名称中残留 {{ }}（模板标签，不是数据）",
              (name, '  name: "{{ 单位名称 }}"\n'))
    yaml_case("text_residue_block.yaml", 1, "text-residue", c, "职责中残留 {% %}",
              ("    - 负责全区档案数字化建设和电子档案管理工作。\n", '    - "{% if 有 %}负责全区档案数字化建设。{% endif %}"\n'))
    yaml_case("text_residue_comment.yaml", 1, "text-residue", c, "项目概述中残留 {# #}",
              (SUMMARY, '    summary: "{# 待补充 #}对馆藏1980年以前的文书档案进行扫描、著录和质检。"\n'))
    yaml_case("text_residue_placeholder.yaml", 1, "text-residue", c, "变动原因中残留“增加（减少）”",
              ("reason: 新增馆藏档案数字化项目}", "reason: 增加（减少）的原因是XXX}"))
    yaml_case("text_residue_mergefield.yaml", 1, "text-residue", c, "其他事项中残留 MERGEFIELD",
              ("other_matters: [无]\n", 'other_matters: ["MERGEFIELD 其他事项"]\n'))
    yaml_case("text_control_bell.yaml", 1, "text-control-char", c, "部门名称含控制字符 BEL（双引号转义 \\a）",
              (name, '  name: "青山区\\a档案馆"\n'))
    yaml_case("text_control_escape.yaml", 1, "text-control-char", c, "职责含终端转义序列 ESC[31m",
              ("    - 负责全区档案数字化建设和电子档案管理工作。\n", '    - "\\e[31m负责全区档案数字化建设和电子档案管理工作。"\n'))
    yaml_case("text_control_in_project.yaml", 1, "text-control-char", c, "项目实施方案含退格符",
              (PLAN, '    plan: "通过政府采购确定\\b\\b数字化加工服务商。"\n'))
    yaml_case("text_control_in_key.yaml", 1, "text-control-char", c, "人员类别（映射的键）含控制字符",
              ("    serving: {在职人员: 7}\n", '    serving: {"在职\\x1b人员": 7}\n'))
    yaml_case("text_too_long_10000.yaml", 1, "text-too-long", c, "一条职责 10,000 字（上限 5000）",
              ("    - 负责全区档案数字化建设和电子档案管理工作。\n", "    - " + "档" * 10000 + "\n"))
    yaml_case("text_too_long_name.yaml", 1, "text-too-long", c, "部门名称 300 字（上限 200）",
              (name, "  name: " + "青山区档案馆" * 50 + "\n"))


# ---- rules over the ledger -----------------------------------------------------------------------------

def rule_cases() -> None:
    c = "rule"
    yaml_case("rule_duplicate_project.yaml", 1, "project-duplicate", c, "同一项目填写了两次",
              ("\nprojects:\n", "\nprojects:\n  - {name: 馆藏档案数字化, amount: 40.00, summary: 重复填写的项目}\n"))
    yaml_case("rule_project_undeclared.yaml", 1, "project-undeclared", c, "明细中的项目没有项目信息（无概述、依据、目标）",
              ("project: 馆藏档案数字化, source", "project: 档案征集, source"))
    yaml_case("rule_project_line_without_name.yaml", 1, "project-missing-name", c, "项目支出明细没有项目名称",
              ("kind: 项目, project: 馆藏档案数字化, source", "kind: 项目, source"))
    yaml_case("rule_project_incomplete.yaml", 1, "project-incomplete", c, "项目缺少概述和年度绩效目标",
              (SUMMARY, ""), (GOAL, ""))
    yaml_case("rule_control_total.yaml", 1, "control-total", c, "明细合计与批复控制数不符（52.80 改为 58.20）",
              ("amount: 52.80}", "amount: 58.20}"))
    yaml_case("rule_income_expenditure.yaml", 1, "income-expenditure-balance", c, "收入总计与支出总计不等",
              ("  expenditure_total: 186.40\n", "  expenditure_total: 196.40\n"))
    yaml_case("rule_unit_unknown.yaml", 1, "unit-unknown", c, "明细中的单位编码未登记",
              ('  - {function: "2012601", economic: "30101"', '  - {unit: "999999", function: "2012601", economic: "30101"'))
    yaml_case("rule_three_public_sum.yaml", 1, "three-public-sum", c, "“三公”合计与分项不符",
              ("\nthree_public: {total: 0.80,", "\nthree_public: {total: 1.80,"))
    yaml_case("rule_section_missing.yaml", 1, "section-missing", c, "缺少主要职责",
              ("  duties:\n", "  old_duties:\n"))
    yaml_case("rule_procurement_sme.yaml", 1, "procurement-sme", c, "面向中小企业金额超过采购金额",
              ("sme_amount: 40.00}", "sme_amount: 50.00}"))


# ---- legitimate text: must validate and render literally -------------------------------------------------

LITERAL = "R&D <研发> & “A<B”"


def legit_cases() -> None:
    add("legit_ampersand_angle.yaml", 0, "", "legit",
        "对照：< > & 是正常文字（如 R&D），应通过校验并原样出现在文档中；只有 {{ {% {# 是模板残留",
        edit("合法的 < 与 &（对照用例，应成功）",
             ("  internal_departments: [办公室, 接收征集科, 保管利用科]\n",
              f'  internal_departments: [办公室, "{LITERAL}", 保管利用科]\n'),
             ("other_matters: [无]\n", f'other_matters: ["{LITERAL}"]\n')),
        renders=LITERAL)


# ---- xlsx ------------------------------------------------------------------------------------------------

def stable_zip(data: bytes, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None,
               drop: tuple[str, ...] = ()) -> bytes:
    """Repack a zip with fixed timestamps (and fixed document dates), optionally editing parts."""
    replace, extra = replace or {}, extra or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist() + [n for n in extra if n not in src.namelist()]:
            if name in drop:
                continue
            part = replace.get(name, extra.get(name))
            if part is None:
                part = src.read(name)
            if name == "docProps/core.xml":
                part = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", part)
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def compact_workbook():
    """The minimal example as a fill-in workbook, values only (the reader needs nothing else)."""
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    from budgetauthor.load import load
    from budgetauthor.workbook.writer import build_workbook

    data = load(ROOT / "examples" / "minimal.yaml").data
    full = build_workbook(data)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for ws in full.worksheets:
        if ws.title.startswith("_") or ws.title == "填报说明":
            continue
        new = wb.create_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or isinstance(cell, MergedCell) or cell.data_type == "f":
                    continue
                new.cell(cell.row, cell.column, cell.value).number_format = cell.number_format
        for rng in ws.merged_cells.ranges:
            new.merge_cells(str(rng))
    return wb


def save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return stable_zip(buffer.getvalue())


def find(ws, value):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise LookupError(f"{value!r} not in {ws.title}")


def sheet_part(data: bytes, title: str) -> str:
    """The zip part name of a worksheet, by its title."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    workbook = zf.read("xl/workbook.xml").decode("utf-8")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', workbook)
    rid = rid or re.search(rf'<sheet [^>]*r:id="([^"]+)"[^>]*name="{re.escape(title)}"', workbook)
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    target = target or re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else "xl/" + name


XXE_DOCTYPE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
LAUGHS_DOCTYPE = (b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                  b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n')


def with_doctype(part: bytes, doctype: bytes, use: bytes = b"") -> bytes:
    """Insert a DOCTYPE after the XML declaration (if any) and an entity reference after the root's
    first child tag, as an attacker would."""
    decl = b""
    if part.startswith(b"<?xml"):
        decl, part = part.split(b"?>", 1)
        decl += b"?>\n"
    if use:
        part = re.sub(rb"(<t[^>]*>)", rb"\g<1>" + use, part, count=1)
    return decl + doctype + part


def xlsx_cases() -> None:
    import openpyxl

    rng = random.Random(20250102)
    c = "xlsx-file"
    base = save(compact_workbook())
    ledger = sheet_part(base, "预算明细")
    zf = zipfile.ZipFile(io.BytesIO(base))

    add("xlsx_random_bytes.xlsx", 2, "xlsx-invalid", c, "随机字节，扩展名为 .xlsx", b"\x13\x37" + rng.randbytes(8190))
    add("xlsx_empty.xlsx", 2, "file-empty", c, "0 字节的 .xlsx", b"")
    add("xlsx_text_renamed.xlsx", 2, "xlsx-invalid", c, "YAML 文本改名为 .xlsx", MINIMAL)
    add("xlsx_truncated.xlsx", 2, "xlsx-invalid", c, "工作簿只有前一半（下载中断）", base[: len(base) // 2])
    add("xlsx_corrupt_central_directory.xlsx", 2, "xlsx-invalid", c, "zip 目录被破坏",
        base[:-40] + bytes(b ^ 0x5A for b in base[-40:]))
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr(zipfile.ZipInfo("说明.txt", date_time=ZIP_DATE), "这是一个普通的 zip 文件".encode())
    add("xlsx_plain_zip.xlsx", 2, "xlsx-invalid", c, "普通 zip 压缩包改名为 .xlsx", plain.getvalue())
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=ZIP_DATE), b'<?xml version="1.0"?><Types/>')
        z.writestr(zipfile.ZipInfo("word/document.xml", date_time=ZIP_DATE), b"<w:document/>")
    add("xlsx_docx_renamed.xlsx", 2, "xlsx-invalid", c, "Word 文档改名为 .xlsx", docx.getvalue())
    add("xlsx_encrypted.xlsx", 2, "xlsx-invalid", c, "设置了打开密码的工作簿（OLE 加密容器）",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(4088))
    add("xlsx_broken_sheet_xml.xlsx", 2, "xlsx-invalid", c, "工作表 XML 不完整",
        stable_zip(base, {ledger: zf.read(ledger)[:-200]}))
    add("xlsx_nan_cell.xlsx", 2, "xlsx-invalid", c, "数值单元格的值为 NaN（Excel 不会写出，openpyxl 无法读取）",
        stable_zip(base, {ledger: re.sub(rb"<v>52\.8</v>", b"<v>NaN</v>", zf.read(ledger), count=1)}))
    add("xlsx_macro.xlsx", 2, "xlsx-unsafe", c, "含宏（xl/vbaProject.bin）的工作簿改名为 .xlsx",
        stable_zip(base, extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + rng.randbytes(1020)}))
    add("xlsx_macro_extension.xlsm", 2, "file-type", c, "启用宏的工作簿（.xlsm 扩展名）",
        stable_zip(base, extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(1020)}))
    add("xlsx_xxe_workbook.xlsx", 2, "xlsx-unsafe", c, "xl/workbook.xml 中的 XXE（外部实体读取 /etc/passwd）",
        stable_zip(base, {"xl/workbook.xml": with_doctype(zf.read("xl/workbook.xml"), XXE_DOCTYPE)}))
    add("xlsx_xxe_sheet.xlsx", 2, "xlsx-unsafe", c, "工作表中的 XXE，实体在单元格文字中被引用",
        stable_zip(base, {ledger: with_doctype(zf.read(ledger), XXE_DOCTYPE, b"&xxe;")}))
    add("xlsx_xxe_content_types.xlsx", 2, "xlsx-unsafe", c, "[Content_Types].xml 中的 XXE",
        stable_zip(base, {"[Content_Types].xml": with_doctype(zf.read("[Content_Types].xml"), XXE_DOCTYPE)}))
    add("xlsx_billion_laughs.xlsx", 2, "xlsx-unsafe", c, "工作表中的实体膨胀（billion laughs）",
        stable_zip(base, {ledger: with_doctype(zf.read(ledger), LAUGHS_DOCTYPE, b"&d;")}))
    wb = compact_workbook()
    wb["预算明细"]["XFD1048576"] = "x"
    add("xlsx_far_cell.xlsx", 2, "xlsx-unsafe", c, "一个误填在 XFD1048576 的单元格（170 亿格的稠密范围）", save(wb))

    c = "xlsx-content"

    def variant(file, exit, code, what, change):
        wb = compact_workbook()
        change(wb)
        add(file, exit, code, c, what, save(wb))

    def set_amount(value):
        return lambda wb: setattr(find(wb["预算明细"], 52.8), "value", value)

    variant("xlsx_missing_sheet.xlsx", 2, "xlsx-sheet-missing", "缺少“预算明细”工作表",
            lambda wb: wb.remove(wb["预算明细"]))
    variant("xlsx_missing_column.xlsx", 2, "xlsx-column-missing", "“预算明细”缺少“金额”列（表头被改）",
            lambda wb: setattr(find(wb["预算明细"], "*金额"), "value", "钱"))
    variant("xlsx_bad_amount.xlsx", 1, "amount-format", "金额单元格填了文字", set_amount("五十二点八"))
    variant("xlsx_negative_amount.xlsx", 1, "amount-negative", "金额为负数", set_amount(-52.8))
    variant("xlsx_20_digit_amount.xlsx", 1, "amount-too-large", "金额为 20 位数字", set_amount("12345678901234567890"))
    variant("xlsx_formula_amount.xlsx", 1, "xlsx-formula", "金额是 Excel 从未计算过的公式（没有计算结果，不能当作空白）",
            set_amount("=50+2.8"))
    variant("xlsx_year_1900.xlsx", 1, "year-range", "预算年度 1900",
            lambda wb: setattr(find(wb["基本信息"], 2025), "value", 1900))
    variant("xlsx_residue.xlsx", 1, "text-residue", "部门名称残留 {{ }}",
            lambda wb: setattr(find(wb["基本信息"], "青山区档案馆"), "value", "{{ 单位名称 }}"))
    variant("xlsx_function_code_shape.xlsx", 1, "function-code-malformed", "功能科目编码 6 位",
            lambda wb: setattr(find(wb["预算明细"], "2080505"), "value", "208050"))

    def duplicate_project(wb):
        ws = wb["项目"]
        first = find(ws, "馆藏档案数字化").row
        for col in range(1, ws.max_column + 1):
            ws.cell(first + 1, col, ws.cell(first, col).value)
    variant("xlsx_duplicate_project.xlsx", 1, "project-duplicate", "“项目”表中同一项目填了两行", duplicate_project)
    inf_xml = re.sub(rb"<v>52\.8</v>", b"<v>1E+400</v>", zf.read(ledger), count=1)
    add("xlsx_1e400_cell.xlsx", 1, "amount-format", c, "数值单元格的值为 1E+400（读作无穷大）",
        stable_zip(base, {ledger: inf_xml}))
    assert openpyxl  # imported for the side effect of failing early when it is missing


# ---- user templates (--template) -------------------------------------------------------------------------
# Each is a hand-built .docx of a few KB (open it in Word to see it): a first paragraph the lint
# accepts, then the case's own content. They are rendered with the minimal example.

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TEMPLATE_ARGS = "{examples}/minimal.yaml --template {case}"


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r></w:p>'


def cell_table(text: str) -> str:
    cell = f'<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>{para(text)}</w:tc>'
    return f'<w:tbl><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid><w:tr>{cell}</w:tr></w:tbl>'


def tiny_docx(body: str = "", *, rels: str = "", parts: dict[str, bytes] | None = None, overrides: str = "",
              prolog: str = "") -> bytes:
    """A minimal Word package: the title paragraph, then `body` (XML); `rels` are extra
    relationships of the document, `parts` extra zip parts."""
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             f'wordprocessingml.document.main+xml"/>{overrides}</Types>')
    package_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document {W_NS}><w:body>'
                f'{para("{{ dept.name }}{{ dept.year }}年部门预算")}{body}<w:sectPr/></w:body></w:document>')
    files = {"[Content_Types].xml": types, "_rels/.rels": package_rels, "word/document.xml": document}
    if rels:
        files["word/_rels/document.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in {**files, **(parts or {})}.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def template(file: str, code: str, what: str, content: bytes, exit: int = 1, renders: str = "") -> None:
    add(file, exit, code, "template", what, content, renders=renders, args=TEMPLATE_ARGS)


def tag_template(file: str, code: str, what: str, tag: str, in_table: bool = False) -> None:
    template(file, code, what, tiny_docx(cell_table(f"单元格：{tag}") if in_table else para(f"本段：{tag}")))


def field(code: str) -> str:
    return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{xml_text(code)}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>域</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


ROWS = "blocks.summary.rows"  # the outline node summary (render/context.py)


def template_cases() -> None:
    rng = random.Random(20250103)
    # errors inside tags: exit 1 at the tag and its paragraph, never exit 3
    tag_template("tpl_zero_division.docx", "template-render", "模板标签中除以零 {{ 1/0 }}", "{{ 1/0 }}")
    tag_template("tpl_include.docx", "template-render", "模板 include 另一个文件", "{% include 'other.docx' %}")
    tag_template("tpl_import.docx", "template-render", "模板 import 宏文件", "{% import 'macros.docx' as m %}{{ m.x }}")
    tag_template("tpl_extends.docx", "template-render", "模板 extends 另一个模板", "{% extends 'base.docx' %}")
    tag_template("tpl_text_plus_number.docx", "template-render", "文字加数字 {{ dept.name + 1 }}（类型错误）",
                 "{{ dept.name + 1 }}")
    tag_template("tpl_filter_misused.docx", "template-render", "过滤器用错：对文字求和 {{ dept.name|sum }}",
                 "{{ dept.name|sum }}")
    tag_template("tpl_call_text.docx", "template-render", "把文字当函数调用 {{ dept.name() }}", "{{ dept.name() }}")
    tag_template("tpl_loop_over_number.docx", "template-render", "对数字做循环 {% for x in dept.year %}",
                 "{% for x in dept.year %}{{ x }}{% endfor %}")
    tag_template("tpl_index_out_of_range.docx", "template-render", "列表下标越界（在表格单元格中）",
                 f"{{{{ {ROWS}[100000].in_label }}}}", in_table=True)
    tag_template("tpl_undefined_field.docx", "template-render", "使用不存在的字段 {{ dept.nosuch }}", "{{ dept.nosuch }}")
    tag_template("tpl_undefined_top.docx", "template-variable", "使用不存在的变量 {{ nosuch }}", "{{ nosuch }}")
    tag_template("tpl_unknown_filter.docx", "template-syntax", "不存在的过滤器 |frobnicate", "{{ dept.name|frobnicate }}")
    tag_template("tpl_unclosed_for.docx", "template-syntax", "for 没有 endfor", f"{{% for r in {ROWS} %}}{{{{ r.in_label }}}}")
    tag_template("tpl_unknown_tag.docx", "template-syntax", "无法识别的标签 {% frobnicate %}", "{% frobnicate %}")
    tag_template("tpl_fullwidth_braces.docx", "template-fullwidth", "输入法打出的全角花括号 ｛｛ ｝｝",
                 "｛｛ dept.name ｝｝")
    tag_template("tpl_split_tag.docx", "template-split-tag", "没有闭合的标签 {{ dept.name", "{{ dept.name")
    template("tpl_footer_error.docx", "template-render", "页脚中的标签除以零", tiny_docx(
        rels=f'<Relationship Id="rId9" Type="{REL}/footer" Target="footer1.xml"/>',
        overrides='<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  'wordprocessingml.footer+xml"/>',
        parts={"word/footer1.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:ftr {W_NS}>{para("第 {{ 1/0 }} 页")}</w:ftr>'},
        body='<w:p><w:pPr><w:sectPr><w:footerReference w:type="default" r:id="rId9"/></w:sectPr></w:pPr></w:p>'))
    # rendering work without end: refused by the budget, at the tag
    tag_template("tpl_nested_ranges.docx", "template-limit", "两层 range(10000) 循环（1 亿次）",
                 "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}")
    tag_template("tpl_range_too_long.docx", "template-limit", "range(100000000)",
                 "{% for i in range(100000000) %}{% endfor %}")
    tag_template("tpl_nested_data_loops.docx", "template-limit", "数据表格套五层循环",
                 "".join(f"{{% for r{i} in {ROWS} %}}" for i in range(5)) + "x" + "{% endfor %}" * 5)
    tag_template("tpl_string_repeat.docx", "template-limit", "'x' * 1000000000（1 GB 文字）", "{{ 'x' * 1000000000 }}")
    tag_template("tpl_power.docx", "template-limit", "2 ** 100000000（巨大整数）", "{{ 2 ** 100000000 }}")
    tag_template("tpl_center_width.docx", "template-limit", "center(1000000000) 填充 1 GB",
                 "{{ 'a'|center(1000000000) }}")
    tag_template("tpl_format_width.docx", "template-limit", "'%999999999s' 格式宽度", "{{ '%999999999s'|format(1) }}")
    tag_template("tpl_batch_fill.docx", "template-limit", "batch(100000000, 'x') 填充", "{{ dept.name|batch(100000000, 'x')|list }}")
    tag_template("tpl_namespace_doubling.docx", "template-limit", "namespace 中的文字每次循环加倍",
                 "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}")
    tag_template("tpl_macro_doubling.docx", "template-limit", "宏递归时参数加倍",
                 "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ f('x', 60) }}")
    tag_template("tpl_macro_recursion.docx", "template-limit", "宏无限递归",
                 "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}")
    # a template reaches neither Python nor the data's objects
    tag_template("tpl_python_internals.docx", "template-unsafe", "访问 Python 内部属性 __class__.__mro__",
                 "{{ ''.__class__.__mro__ }}")
    tag_template("tpl_changes_data.docx", "template-unsafe", "模板修改数据（list.append）",
                 f"{{{{ {ROWS}.append(1) }}}}")
    # the package: macros, fields, external content, bombs
    template("tpl_macros.docx", "template-unsafe", "含宏（word/vbaProject.bin）的文档改名为 .docx", tiny_docx(
        parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + rng.randbytes(1020)}))
    template("tpl_activex.docx", "template-unsafe", "含 ActiveX 控件（word/activeX/）", tiny_docx(
        parts={"word/activeX/activeX1.xml": '<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/'
               'office/2006/activeX"/>', "word/activeX/activeX1.bin": rng.randbytes(512)}))
    template("tpl_dde_field.docx", "template-unsafe", "DDEAUTO 域（打开时运行程序）",
             tiny_docx(field(' DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc.exe" ')))
    template("tpl_includepicture_field.docx", "template-unsafe", "INCLUDEPICTURE 域读取网络图片",
             tiny_docx(field(' INCLUDEPICTURE "http://tracker.example/p.png" \\d ')))
    template("tpl_remote_image.docx", "template-unsafe", "图片链接到外部地址（TargetMode=External）", tiny_docx(
        rels=f'<Relationship Id="rId7" Type="{REL}/image" Target="http://tracker.example/logo.png" TargetMode="External"/>'))
    template("tpl_xxe.docx", "template-unsafe", "正文 XML 中的 XXE（外部实体读取 /etc/passwd）",
             tiny_docx(para("&xxe;").replace("&amp;xxe;", "&xxe;"),
                       prolog='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))
    template("tpl_not_a_docx.docx", "template-invalid", "文本文件改名为 .docx", "这不是 Word 文档\n")
    template("tpl_legacy_doc.docx", "template-invalid", "旧版 .doc（OLE 文件）改名为 .docx",
             b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(2040))
    no_body = io.BytesIO()
    with zipfile.ZipFile(no_body, "w") as zf:
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=ZIP_DATE), "<Types/>")
    template("tpl_no_document_part.docx", "template-invalid", "zip 包中没有 word/document.xml", no_body.getvalue())
    # the control: an attached template (metadata) is dropped, a hyperlink kept; renders
    settings = (f'<?xml version="1.0" encoding="UTF-8"?><w:settings {W_NS}><w:attachedTemplate r:id="rId1"/>'
                '</w:settings>')
    settings_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                     f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/attachedTemplate" '
                     'Target="file:///\\\\fileserver\\模板\\部门预算.dotx" TargetMode="External"/></Relationships>')
    template("legit_template_attached.docx", "", "对照：带附加模板路径和超链接的模板（附加模板被去掉，超链接保留），应成功",
             tiny_docx(
                 '<w:p><w:hyperlink r:id="rId8"><w:r><w:t>区财政局网站</w:t></w:r></w:hyperlink></w:p>',
                 rels=f'<Relationship Id="rId5" Type="{REL}/settings" Target="settings.xml"/>'
                      f'<Relationship Id="rId8" Type="{REL}/hyperlink" Target="http://czj.example.gov.cn/" '
                      'TargetMode="External"/>',
                 overrides='<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
                           'officedocument.wordprocessingml.settings+xml"/>',
                 parts={"word/settings.xml": settings, "word/_rels/settings.xml.rels": settings_rels}),
             exit=0, renders="青山区档案馆2025年部门预算")


# ---- the workbook: nothing skipped silently ----------------------------------------------------------------

def cell_xml(data: bytes, part: str, coordinate: str, replacement: bytes) -> bytes:
    """Replace the <c> element of `coordinate` in a sheet part."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part)
    pattern = rb'<c r="' + coordinate.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
    assert re.search(pattern, xml), coordinate
    return stable_zip(data, {part: re.sub(pattern, replacement, xml, count=1)})


def workbook_cases() -> None:
    c = "xlsx-structure"

    def variant(file, exit, code, what, change):
        wb = compact_workbook()
        change(wb)
        add(file, exit, code, c, what, save(wb))

    def rename(old, new):
        return lambda wb: setattr(wb[old], "title", new)

    def hide(name):
        return lambda wb: setattr(wb[name], "sheet_state", "hidden")

    variant("xlsx_three_public_renamed.xlsx", 2, "xlsx-sheet-missing", "“三公经费与机关运行经费”工作表被改名为“三公”",
            rename("三公经费与机关运行经费", "三公"))
    variant("xlsx_previous_renamed.xlsx", 2, "xlsx-sheet-missing", "“上年数与变动原因”工作表被改名为“上年数”",
            rename("上年数与变动原因", "上年数"))
    variant("xlsx_procurement_deleted.xlsx", 2, "xlsx-sheet-missing", "删除了“政府采购”工作表",
            lambda wb: wb.remove(wb["政府采购"]))
    variant("xlsx_sheet_hidden.xlsx", 2, "xlsx-sheet-hidden", "“项目”工作表被隐藏（内容仍会印到文件中）", hide("项目"))

    def near_copy(wb):
        copy = wb.copy_worksheet(wb["预算明细"])
        copy.title = "预算 明细"
    variant("xlsx_sheet_near_duplicate.xlsx", 2, "xlsx-sheet-duplicate", "“预算明细”与“预算 明细”两张工作表", near_copy)

    def hidden_original(wb):
        wb["预算明细"].sheet_state = "hidden"
        copy = wb.copy_worksheet(wb["预算明细"])
        copy.title = "预算明细\u3000"
        copy.sheet_state = "visible"
        find(copy, 52.8).value = 99
    variant("xlsx_hidden_and_visible_copy.xlsx", 2, "xlsx-sheet-duplicate",
            "隐藏的“预算明细”与末尾带全角空格的可见副本（隐藏的不能顶替可见的）", hidden_original)

    wb = compact_workbook()
    # the staffing rows: 类别 在职人员, 名称 在职人员, 内容 7 (see the 职责与机构 sheet)
    ws = wb["职责与机构"]
    label = next(cell for row in ws.iter_rows() for cell in row if cell.value == "在职人员" and cell.column == 1)
    target = next(r for r in range(label.row + 1, label.row + 60) if all(ws.cell(r, k).value is None for k in (1, 2, 3)))
    for col in range(1, 4):
        ws.cell(target, col, ws.cell(label.row, col).value)
    ws.cell(target, 2).value = f"{ws.cell(label.row, 2).value}\u3000"
    add("xlsx_staff_key_ideographic_space.xlsx", 2, "xlsx-duplicate", c,
        "人员类别“在职人员”与“在职人员　”（末尾全角空格）各填一行：是同一类别，重复", save(wb))

    base = save(compact_workbook())
    ledger = sheet_part(base, "预算明细")
    amount = find(compact_workbook()["预算明细"], 52.8).coordinate
    add("xlsx_formula_error_value.xlsx", 1, "xlsx-formula", c, "金额单元格的值是 Excel 错误 #DIV/0!",
        cell_xml(base, ledger, amount, f'<c r="{amount}" t="e"><f>1/0</f><v>#DIV/0!</v></c>'.encode()))
    add("xlsx_formula_cached_negative.xlsx", 1, "amount-negative", c,
        "金额是公式，Excel 保存的计算结果为 -5（用计算结果，不是把公式当空白）",
        cell_xml(base, ledger, amount, f'<c r="{amount}"><f>50-55</f><v>-5</v></c>'.encode()))
    strict = {}
    zf = zipfile.ZipFile(io.BytesIO(base))
    for name in ("_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        strict[name] = (zf.read(name)
                        .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                 b"http://purl.oclc.org/ooxml/officeDocument/relationships")
                        .replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                 b"http://purl.oclc.org/ooxml/spreadsheetml/main"))
    add("xlsx_strict_open_xml.xlsx", 2, "xlsx-strict", c, "Excel“Strict Open XML 电子表格”格式", stable_zip(base, strict))

    def typed_text(sheet, old, new):
        return lambda wb: setattr(find(wb[sheet], old), "value", new)
    c = "text"
    variant("xlsx_bidi_in_name.xlsx", 1, "text-invisible-char", "部门名称中夹着 U+202E（从右到左覆盖符）",
            typed_text("基本信息", "青山区档案馆", "青山区\u202e档案馆"))
    variant("xlsx_zero_width_in_code.xlsx", 1, "text-invisible-char", "功能科目编码后有零宽空格 U+200B",
            typed_text("预算明细", "2080505", "2080505\u200b"))
    variant("xlsx_fullwidth_year_and_code.xlsx", 0, "", "对照：全角数字的年度和科目编码（应规范为半角并成功）",
            lambda wb: (typed_text("基本信息", 2025, "２０２５")(wb), typed_text("预算明细", "2080505", "２０８０５０５")(wb)))


# ---- text that looks right ---------------------------------------------------------------------------------

def text_normalisation_cases() -> None:
    c = "text"
    name = "  name: 青山区档案馆\n"
    yaml_case("text_key_trailing_space.yaml", 2, "yaml-duplicate-key", c, "键“name ”（末尾空格）与 name 重复，不能悄悄覆盖",
              (name, name + '  "name ": 别的名称\n'))
    yaml_case("text_key_ideographic_space.yaml", 2, "yaml-duplicate-key", c, "键“name　”（末尾全角空格 U+3000）与 name 重复",
              (name, name + "  name\u3000: 别的名称\n"))
    yaml_case("text_key_fullwidth_letters.yaml", 2, "yaml-duplicate-key", c, "全角字母的键“ｎａｍｅ”与 name 重复",
              (name, name + "  ｎａｍｅ: 别的名称\n"))
    yaml_case("text_staff_key_trailing_space.yaml", 2, "yaml-duplicate-key", c, "人员类别“在职人员 ”与“在职人员”重复",
              ("    serving: {在职人员: 7}\n", '    serving: {在职人员: 7, "在职人员 ": 9}\n'))
    yaml_case("text_indent_ideographic_space.yaml", 2, "yaml-syntax", c, "用全角空格（U+3000）缩进",
              ("  year: 2025\n", "\u3000year: 2025\n"))
    yaml_case("text_indent_ideographic_top.yaml", 2, "yaml-syntax", c, "顶层的键用全角空格缩进（会变成另一层的键）",
              ("\nthree_public: {", "\n\u3000\u3000three_public: {"))
    yaml_case("text_colon_ideographic_space.yaml", 2, "yaml-syntax", c, "冒号后面是全角空格“name:　青山区档案馆”",
              (name, "  name:\u3000青山区档案馆\n"))
    yaml_case("text_fullwidth_colon.yaml", 2, "yaml-syntax", c, "全角冒号“name：青山区档案馆”",
              (name, "  name：青山区档案馆\n"))
    yaml_case("text_bidi_in_reason.yaml", 1, "text-invisible-char", c,
              "变动原因中夹着 U+202E：Word 会把“200.00万元”显示成“00.002万元”",
              ("reason: 新增馆藏档案数字化项目}", 'reason: "新增馆藏档案数字化项目\u202e200.00万元"}'))
    yaml_case("text_bidi_in_amount.yaml", 1, "text-invisible-char", c, "金额前有 U+202E（看起来是 52.80）",
              ("amount: 52.80}", 'amount: "\u202e52.80"}'))
    yaml_case("text_zero_width_in_code.yaml", 1, "text-invisible-char", c, "经济科目编码后有零宽空格 U+200B",
              ('economic: "30101"', 'economic: "30101\u200b"'))
    yaml_case("text_zero_width_in_key.yaml", 1, "text-invisible-char", c, "人员类别（键）中有零宽连字 U+200D",
              ("    serving: {在职人员: 7}\n", '    serving: {"在职\u200d人员": 7}\n'))
    yaml_case("text_bom_inside_name.yaml", 1, "text-invisible-char", c, "部门名称中夹着 U+FEFF（BOM）",
              (name, "  name: 青山区\ufeff档案馆\n"))
    yaml_case("text_soft_hyphen_in_duty.yaml", 1, "text-invisible-char", c, "职责中有软连字符 U+00AD",
              ("    - 负责全区档案数字化建设和电子档案管理工作。\n", "    - 负责全区档案数字化\u00ad建设和电子档案管理工作。\n"))
    yaml_case("text_lrm_in_project.yaml", 1, "text-invisible-char", c, "项目概述中有从左到右标记 U+200E",
              (SUMMARY, SUMMARY.replace("扫描", "扫\u200e描")))
    yaml_case("text_bidi_isolate_in_glossary.yaml", 1, "text-invisible-char", c, "其他事项中有方向隔离符 U+2066/U+2069",
              ("other_matters: [无]\n", 'other_matters: ["无\u2066（见附件）\u2069"]\n'))
    yaml_case("text_too_many_duties.yaml", 1, "list-too-long", c, "1,000 条主要职责（文件只能编号到九百九十九）",
              ("  duties:\n", "  duties:\n" + "".join(f"    - 职责{i}。\n" for i in range(1000))))
    add("legit_fullwidth_codes.yaml", 0, "", c, "对照：全角数字的科目编码、分功能科目的键（应规范为半角并成功）",
        edit("全角编码（对照用例，应成功）",
             ('function: "2012601", economic: "30101"', 'function: "２０１２６０１", economic: "３０１０１"'),
             ('    "208": {basic: 12.40}', '    "２０８": {basic: 12.40}')),
        renders="青山区档案馆")


CATALOG_ARGS = "{examples}/minimal.yaml --catalog {case}"


def catalog_cases() -> None:
    c = "catalog"
    add("catalog_long_name.csv", 2, "catalog-file", c, "--catalog 文件中一个科目名称 300 字",
        "code,name\n2012601,行政运行\n2012602," + "长" * 300 + "\n", args=CATALOG_ARGS)
    add("catalog_long_code.csv", 2, "catalog-file", c, "--catalog 文件中一个编码 28 位",
        "code,name\n2012601201260120126012012601,行政运行\n", args=CATALOG_ARGS)
    add("catalog_bidi_name.csv", 2, "catalog-file", c, "--catalog 文件中的科目名称含 U+202E",
        "code,name\n2012601,行政\u202e运行\n", args=CATALOG_ARGS)
    add("catalog_unclosed_quote.csv", 2, "catalog-file", c, "--catalog 文件中引号没有成对（整个文件成了一格）",
        'code,name\n2012601,"行政运行\n' + "2012602,一般行政管理事务\n" * 20, args=CATALOG_ARGS)
    add("catalog_letters_in_code.csv", 2, "catalog-file", c, "--catalog 文件中的编码含字母",
        "code,name\n20126O1,行政运行\n", args=CATALOG_ARGS)
    add("catalog_wrong_type.txt", 2, "catalog-file", c, "--catalog 文件扩展名为 .txt",
        "code,name\n2012601,行政运行\n", args=CATALOG_ARGS)


# ---- generated at test time (large) ----------------------------------------------------------------------

def _huge_yaml(path: Path) -> None:
    """A sparse file just over the limit: the loader must refuse it by its size, before reading."""
    with open(path, "wb") as fh:
        fh.write(MINIMAL.encode("utf-8"))
        fh.truncate(LIMIT_MB * 1024 * 1024 + 1)


def _zip_bomb_ratio(path: Path) -> None:
    """A real-looking workbook whose ledger sheet inflates to 64 MB of whitespace (ratio ~1000:1)."""
    base = save(compact_workbook())
    ledger = sheet_part(base, "预算明细")
    part = zipfile.ZipFile(io.BytesIO(base)).read(ledger)
    bomb = part.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 * 1024 * 1024), 1)
    path.write_bytes(stable_zip(base, {ledger: bomb}))


def _zip_bomb_total(path: Path) -> None:
    """400 parts of 1 MB of zeros each: no single part is suspicious, the total (400 MB) is."""
    base = save(compact_workbook())
    out = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        src = zipfile.ZipFile(io.BytesIO(base))
        for name in src.namelist():
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), src.read(name), zipfile.ZIP_DEFLATED)
        for i in range(400):
            zf.writestr(zipfile.ZipInfo(f"xl/media/pad{i}.bin", date_time=ZIP_DATE), chunk, zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def _zip_many_entries(path: Path) -> None:
    base = save(compact_workbook())
    extra = {f"xl/media/image{i}.png": b"" for i in range(2100)}
    path.write_bytes(stable_zip(base, extra=extra))


def _template_bomb(path: Path) -> None:
    """A 0.4 MB template whose picture part inflates to 400 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(tiny_docx())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist():
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), src.read(name), zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/media/image1.png", date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(400):
                fh.write(chunk)
    path.write_bytes(out.getvalue())


def _template_many_parts(path: Path) -> None:
    parts = {f"word/media/image{i}.png": b"" for i in range(1200)}
    path.write_bytes(tiny_docx(parts=parts))


def _workbook_many_cells(path: Path) -> None:
    """A small workbook whose ledger claims 600,000 empty formatted cells (a 124 KB file once
    took 34 s and 1.27 GB): refused by counting, before any cell is parsed."""
    base = save(compact_workbook())
    ledger = sheet_part(base, "预算明细")
    xml = zipfile.ZipFile(io.BytesIO(base)).read(ledger)
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="1"/>' % (col, r) for col in (b"L", b"M", b"N"))
                    + b"</row>" for r in range(1000, 201000))
    path.write_bytes(stable_zip(base, {ledger: xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)}))


def _workbook_many_merges(path: Path) -> None:
    base = save(compact_workbook())
    ledger = sheet_part(base, "预算明细")
    merges = zipfile.ZipFile(io.BytesIO(base)).read(ledger).replace(b"</sheetData>", b"</sheetData><mergeCells>" + b"".join(
        f'<mergeCell ref="L{r}:M{r}"/>'.encode() for r in range(1, 25001)) + b"</mergeCells>", 1)
    path.write_bytes(stable_zip(base, {ledger: merges}))


def _many_function_items(path: Path) -> None:
    """A budget whose ledger uses 1,000 different 功能科目 项 (the document numbers them (一)…)."""
    lines = "".join(f'  - {{function: "{2010000 + i}", economic: "30101", kind: 基本, source: 一般公共预算, amount: 0.01}}\n'
                    for i in range(1000))
    head, _, rest = MINIMAL.partition("\nledger:\n")
    tail = rest[rest.index("\nprojects:"):]
    path.write_text(f"# 坏输入：1,000 个功能科目（项）\n{head}\nledger:\n{lines}{tail}", encoding="utf-8")


def _catalog_huge_field(path: Path) -> None:
    path.write_text("code,name\n2012601,行政运行\n2012602," + "长" * 200_000 + "\n", encoding="utf-8")


GENERATED = {
    "tpl_zip_bomb.docx": _template_bomb,
    "tpl_too_many_parts.docx": _template_many_parts,
    "xlsx_too_many_cells.xlsx": _workbook_many_cells,
    "xlsx_too_many_merges.xlsx": _workbook_many_merges,
    "text_many_function_items.yaml": _many_function_items,
    "catalog_huge_field.csv": _catalog_huge_field,
    "file_over_50mb.yaml": _huge_yaml,
    "xlsx_zip_bomb_ratio.xlsx": _zip_bomb_ratio,
    "xlsx_zip_bomb_total.xlsx": _zip_bomb_total,
    "xlsx_too_many_parts.xlsx": _zip_many_entries,
}
GENERATED_CASES = [
    Case("tpl_zip_bomb.docx", 1, "template-unsafe", "template", False, "",
         "模板压缩炸弹：0.4 MB 的模板解压后 400 MB（测试时生成）", TEMPLATE_ARGS),
    Case("tpl_too_many_parts.docx", 1, "template-unsafe", "template", False, "",
         "模板中 1,200 多个部件（测试时生成）", TEMPLATE_ARGS),
    Case("xlsx_too_many_cells.xlsx", 2, "xlsx-unsafe", "xlsx-structure", False, "",
         "预算明细中 60 万个设置了格式的空单元格（先数后读，测试时生成）"),
    Case("xlsx_too_many_merges.xlsx", 2, "xlsx-unsafe", "xlsx-structure", False, "",
         "预算明细中 25,000 个合并区域（测试时生成）"),
    Case("text_many_function_items.yaml", 1, "list-too-long", "text", False, "",
         "预算明细用到 1,000 个不同的功能科目（项）（测试时生成）"),
    Case("catalog_huge_field.csv", 2, "catalog-file", "catalog", False, "",
         "--catalog 文件中一格 20 万字（超过 CSV 读取上限，测试时生成）", CATALOG_ARGS),
    Case("file_over_50mb.yaml", 2, "file-too-large", "file", False, "",
         f"超过 {LIMIT_MB} MB 上限的文件（稀疏文件，测试时生成）"),
    Case("xlsx_zip_bomb_ratio.xlsx", 2, "xlsx-unsafe", "xlsx-file", False, "",
         "压缩炸弹：工作表解压后 64 MB，压缩比约 1000:1（测试时生成）"),
    Case("xlsx_zip_bomb_total.xlsx", 2, "xlsx-unsafe", "xlsx-file", False, "",
         "压缩炸弹：400 个 1 MB 部件，解压后共 400 MB（测试时生成）"),
    Case("xlsx_too_many_parts.xlsx", 2, "xlsx-unsafe", "xlsx-file", False, "",
         "压缩包内 2100 多个部件（测试时生成）"),
]


def build() -> list[Case]:
    CASES.clear()
    for group in (file_cases, yaml_cases, shape_cases, number_cases, code_cases, year_cases, text_cases,
                  rule_cases, xlsx_cases, legit_cases, template_cases, workbook_cases, text_normalisation_cases,
                  catalog_cases):
        group()
    if CASES_DIR.exists():
        shutil.rmtree(CASES_DIR)
    CASES_DIR.mkdir(parents=True)
    names = [case.file for case, _ in CASES] + [case.file for case in GENERATED_CASES]
    assert len(names) == len(set(names)), "duplicate case file names"
    for case, content in CASES:
        (CASES_DIR / case.file).write_bytes(content)
    cases = [case for case, _ in CASES] + GENERATED_CASES
    with open(MANIFEST, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for case in cases:
            writer.writerow(case.row())
    return cases


if __name__ == "__main__":
    built = build()
    stored = sum(case.stored for case in built)
    size = sum(p.stat().st_size for p in CASES_DIR.iterdir())
    print(f"{len(built)} cases ({stored} stored, {size / 1024:.0f} KB; {len(built) - stored} generated at test time)"
          f" → {CASES_DIR.relative_to(ROOT)}, {MANIFEST.relative_to(ROOT)}")
