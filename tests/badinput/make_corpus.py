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
        renders: str = "") -> None:
    if isinstance(content, str):
        content = content.encode("utf-8")
    CASES.append((Case(file, exit, code, category, True, renders, what), content))


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
    variant("xlsx_formula_amount.xlsx", 1, "required", "金额是公式（公式从不作为输入）", set_amount("=50+2.8"))
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


GENERATED = {
    "file_over_50mb.yaml": _huge_yaml,
    "xlsx_zip_bomb_ratio.xlsx": _zip_bomb_ratio,
    "xlsx_zip_bomb_total.xlsx": _zip_bomb_total,
    "xlsx_too_many_parts.xlsx": _zip_many_entries,
}
GENERATED_CASES = [
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
                  rule_cases, xlsx_cases, legit_cases):
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
