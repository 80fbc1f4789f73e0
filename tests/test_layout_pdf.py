"""The PDF as the reviewer reads it (issue 10, sections 3 and 4): zengdu's document converted by
LibreOffice, read back with pdftotext and pdffonts. Skipped where LibreOffice (or poppler) is
missing; the 目录 and font checks also need LibreOffice's Python (python3-uno), which the
conversion uses to update the 目录 and to name installed Chinese faces.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import budgetauthor
from budgetauthor.pdf import find_soffice, uno_python

from .helpers import EXAMPLES, MINIMAL

pytestmark = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="LibreOffice 或 poppler-utils 未安装")
needs_uno = pytest.mark.skipif(find_soffice() is None or uno_python(find_soffice()) is None,
                               reason="LibreOffice 的 Python 组件（python3-uno）未安装")


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def page_texts(pdf) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf)))[1])
    return [run("pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-") for i in range(1, count + 1)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def zengdu(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "zengdu.docx"
    return budgetauthor.render(EXAMPLES / "zengdu-2024.yaml", out, pdf=True).pdf


@pytest.fixture(scope="module")
def pages(zengdu) -> list[str]:
    return page_texts(zengdu)


def page_number(text: str) -> int | None:
    """The number in the page's footer (— 7 —), None when it has none."""
    found = re.findall(r"—\s*(\d+)\s*—", text)
    return int(found[-1]) if found else None


def test_cover_and_toc_have_no_page_number_and_the_first_part_is_page_1(zengdu, pages):
    assert [page_number(t) for t in pages[:3]] == [None, None, 1]
    assert re.match(r"\s*目\s+录\n", run("pdftotext", "-layout", "-f", "2", "-l", "2", str(zengdu), "-"))
    assert squash(pages[2]).startswith("第一部分曾都区政务服务和大数据管理局概况")
    assert [page_number(t) for t in pages[2:]] == list(range(1, len(pages) - 1))


def toc_entries(toc_page: str) -> list[tuple[str, int]]:
    """(title, page number) of every 目录 line; a title that wraps continues on the next line."""
    entries, pending = [], ""
    for line in toc_page.splitlines()[1:]:
        line = line.strip()
        if not line or page_number(line) is not None:
            continue
        match = re.match(r"^(.*?)[.\s…]*(\d+)$", line)
        if match:
            entries.append((squash(pending + match[1]), int(match[2])))
            pending = ""
        else:
            pending += line
    assert not pending, f"目录行没有页码：{pending}"
    return entries


@needs_uno
def test_every_toc_line_ends_with_the_page_its_heading_is_printed_on(zengdu, pages):
    toc = run("pdftotext", "-layout", "-f", "2", "-l", "2", str(zengdu), "-")
    entries = toc_entries(toc)
    assert len(entries) == 22  # 4 parts, 2 + 11 + 2 + 3 entries below them
    assert entries[0] == ("第一部分曾都区政务服务和大数据管理局概况", 1)
    assert entries[-1] == ("三、其他名词", 31)
    by_number = {page_number(text): squash(text) for text in pages[2:]}
    for title, number in entries:
        assert title in by_number[number], (title, number)
    # the long title that wraps in the 目录 too
    assert ("第三部分曾都区政务服务和大数据管理局2024年部门预算情况说明", 17) in entries


@needs_uno
def test_body_and_headings_are_set_in_different_simplified_chinese_faces(zengdu):
    fonts = [line.split()[0].split("+")[-1] for line in run("pdffonts", str(zengdu)).splitlines()[2:]]
    families = run("fc-list", ":lang=zh", "family") if shutil.which("fc-list") else ""
    if "Noto Serif CJK SC" not in families or "Noto Sans CJK SC" not in families:
        pytest.skip("fonts-noto-cjk 未安装：无法断言替代字体的名称")
    # 仿宋 body text in the serif face, 黑体 headings in the sans face, the 小标宋 titles in bold serif.
    # (The Noto CJK collection shares one glyph program among its languages, named …CJKjp… in every
    # PDF; which language's glyphs were used shows in their widths, below.)
    assert {"NotoSerifCJKjp-Regular-VKana", "NotoSansCJKjp-Regular-VKana", "NotoSerifCJKjp-Bold-VKana"} <= set(fonts)
    assert not [f for f in fonts if "DroidSans" in f or "WenQuanYi" in f]  # no last-resort fallback face


@needs_uno
def test_quotation_marks_are_full_width_as_in_simplified_chinese(zengdu):
    """Simplified Chinese faces set “ ” a full em wide (Japanese ones proportional): the centred
    16 pt table title is exactly 15 ems for its 13 characters and two quotation marks."""
    bbox = run("pdftotext", "-bbox", str(zengdu), "-")
    words = re.findall(r'<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)</word>', bbox)
    widths = [float(x1) - float(x0) for x0, x1, word in words if word == "一般公共预算“三公”经费支出表"]
    assert widths and all(abs(w - 15 * 16) < 0.5 for w in widths), widths


def test_a_forced_draft_says_so_on_every_page(tmp_path):
    source = tmp_path / "broken.yaml"
    source.write_text(MINIMAL.replace("amount: 52.80}", "amount: 58.20}"), encoding="utf-8")
    result = budgetauthor.render(source, tmp_path / "draft.docx", pdf=True, force=True)
    texts = page_texts(result.pdf)
    assert len(texts) > 15
    assert all("草稿（数据存在错误，不能作为正式公开文件）" in t for t in texts)  # cover and landscape pages too
    assert re.search(r"Title:\s+【草稿】青山区档案馆2025年部门预算", run("pdfinfo", str(result.pdf)))
