"""The pages as a 财政局 reviewer turns them (issue 10 §4, issue 11): every shipped example under
its own profile and the examples of no region of their own under every profile (14 documents),
converted by LibreOffice once per session (two conversions at a time) and read
back with pdftotext. Checked: the 目录 lists each entry once with the page its heading is printed
on (no page numbers where the profile prints none, 上海), and no page is left near-empty.

Skipped where LibreOffice, its Python (python3-uno) or poppler is missing. Slow (about 25 s on two
cores for the 14 conversions): marked `pages`, deselect with `-m "not pages"`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document

import budgetauthor
from budgetauthor.pdf import find_soffice, uno_python
from budgetauthor.render.page_layout import page_starts

from .helpers import EXAMPLES
from .test_layout import W, part, tc_entries, text

pytestmark = [
    pytest.mark.pages,
    pytest.mark.skipif(find_soffice() is None or uno_python(find_soffice()) is None
                       or shutil.which("pdftotext") is None,
                       reason="LibreOffice、python3-uno 或 poppler-utils 未安装"),
]

PROFILES = ("standard", "hubei", "guangdong", "shanghai")
EXAMPLE_NAMES = tuple(sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
# Each example's own layout, as its file names it (profile.style; none: the standard one).
OWN_PROFILE = {e: budgetauthor.load(EXAMPLES / f"{e}.yaml").data["profile"].get("style") or "standard"
               for e in EXAMPLE_NAMES}
FOOTER = re.compile(r"^\s*—\s*(\d+)\s*—\s*$")


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(example, profile) → its PDF, all rendered once per run. Under xdist the workers share one
    set: the first to get here renders it, the others wait for it (--dist loadgroup does not keep
    this module on one worker with pytest 9.2: pytest-xdist issue 1386)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return render_all(tmp_path_factory.mktemp("pages"))
    shared = tmp_path_factory.getbasetemp().parent / "pages"
    shared.mkdir(exist_ok=True)
    try:
        os.close(os.open(shared / "claimed", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return rendered_by_another_worker(shared)
    try:
        found = render_all(shared)
    except BaseException:
        (shared / "failed").touch()
        raise
    (shared / "done").touch()
    return found


def render_all(out: Path) -> dict[tuple[str, str], Path]:
    """Two LibreOffice conversions at a time."""

    def convert(combination: tuple[str, str]) -> tuple[tuple[str, str], Path]:
        example, profile = combination
        result = budgetauthor.render(EXAMPLES / f"{example}.yaml", out / f"{example}-{profile}.docx",
                                     pdf=True, profile=profile, force=True)  # a draft where the
        # profile asks for what the example lacks: its pages are laid out all the same
        return combination, result.pdf

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(convert, rendered_combinations()))


def rendered_by_another_worker(shared: Path, timeout: float = 600) -> dict[tuple[str, str], Path]:
    deadline = time.monotonic() + timeout
    while not (shared / "done").exists():
        if (shared / "failed").exists() or time.monotonic() > deadline:
            pytest.fail("另一个测试进程未能生成 PDF")
        time.sleep(0.5)
    return {(e, p): shared / f"{e}-{p}.pdf" for e, p in rendered_combinations()}


def rendered_combinations() -> list[tuple[str, str]]:
    """Each example under its own profile, and the examples of no region of their own (minimal,
    xihu, zengdu) under every profile: a 上海 department is not laid out in another region's format."""
    own = [(e, OWN_PROFILE[e]) for e in EXAMPLE_NAMES]
    regionless = [e for e in EXAMPLE_NAMES if OWN_PROFILE[e] == "standard"]
    return own + [(e, p) for e in regionless for p in PROFILES if (e, p) not in own]


def layout_pages(pdf: Path) -> list[str]:
    """pdftotext -layout, one string per page."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed_number(page: str) -> int | None:
    """The page's own number (its footer — 7 —), None on the cover and the 目录."""
    found = [FOOTER.match(line) for line in page.splitlines()]
    numbers = [int(m[1]) for m in found if m]
    return numbers[-1] if numbers else None


def toc_lines(page: str, numbered: bool = True) -> list[tuple[str, int | None]]:
    """(entry text, page number or None) of each 目录 line, its dotted leader dropped. With page
    numbers, a line without one is a title that wraps and continues on the next line; without
    them, each line is an entry."""
    entries, pending = [], ""
    for line in page.splitlines():
        line = re.sub(r"(\s*[.…·]\s*){2,}", " ", line).strip()
        if not line or FOOTER.match(line) or squash(line) == "目录":
            continue
        found = re.match(r"^(.*?)\s*(?<!\S)(\d+)$", line) if numbered else None
        if found and (found[1] or pending):  # a number alone ends the title wrapped above it
            entries.append((squash(pending + found[1]), int(found[2])))
            pending = ""
        elif numbered:
            pending += line
        else:
            entries.append((squash(line), None))
    assert not pending, f"目录行没有页码：{pending}"
    return entries


def docx_entries(docx: Path) -> list[str]:
    """The 目录 entries the document carries (its TC fields), in order."""
    return [squash(entry) for entry, _ in tc_entries(part(docx.read_bytes(), "word/document.xml"))]


def own_combinations() -> list[tuple[str, str]]:
    combos = [(e, OWN_PROFILE[e]) for e in EXAMPLE_NAMES]
    combos += [("zengdu-2024", p) for p in PROFILES if ("zengdu-2024", p) not in combos]
    return combos


@pytest.mark.parametrize(("example", "profile"), own_combinations())
def test_the_toc_lists_every_entry_once_on_the_page_of_its_heading(pdfs, example, profile):
    pages = layout_pages(pdfs[example, profile])
    toc = toc_lines(pages[1], numbered=profile != "shanghai")
    expected = docx_entries(pdfs[example, profile].with_suffix(".docx"))
    assert [entry for entry, _ in toc] == expected
    if profile == "shanghai":
        assert all(number is None for _, number in toc), toc  # 上海's 目录 prints no page numbers
        return
    assert printed_number(pages[2]) == 1, "目录超过一页"
    by_number = {printed_number(page): squash(page) for page in pages[2:]}
    for entry, number in toc:
        assert number is not None, entry
        heading = re.sub(r"^第.部分|^表\d+", "", entry)  # a heading breaks after its number
        assert heading in by_number[number], (entry, number)
        earlier = [n for n, page in by_number.items() if n is not None and n < number and heading in page]
        assert not [n for n in earlier if entry.startswith("第")], (entry, earlier)


def content_lines(page: str, previous: str, header_cells: frozenset[str] = frozenset()) -> list[str]:
    """The page's lines that say something: not blank, not its footer, not the draft mark, and
    not a repeated table header (a line the previous page printed too, made of the texts of the
    document's header rows: a heading repeated, 七、绩效目标 of each project, still counts)."""
    seen = {squash(line) for line in previous.splitlines()}

    def repeated_header(line: str) -> bool:
        return squash(line) in seen and all(any(word in cell for cell in header_cells) for word in line.split())

    return [line for line in page.splitlines()
            if line.strip() and not FOOTER.match(line) and "草稿" not in line and not repeated_header(line)]


def header_cells(docx: Path) -> frozenset[str]:
    """The texts of the cells of every table's header rows (those repeated on each page)."""
    body = part(docx.read_bytes(), "word/document.xml")
    return frozenset(squash(text(cell)) for row in body.iter(f"{W}tr") if row.find(f"{W}trPr/{W}tblHeader") is not None
                     for cell in row.iter(f"{W}tc"))


def near_empty_pages(pages: list[str], starts: list[str], headers: frozenset[str] = frozenset()) -> list[int]:
    """Pages (1-based) whose content is at most 3 lines — a table's last rows, a part's last line
    or a heading left alone — other than the cover, an empty table's page (its title, header and
    note) and a part that is this short on a page of its own (it starts the page and the next page,
    or the document's end, starts another: `starts` are the texts of the paragraphs the layout
    starts a page with, a part's or, in 上海's, each table's title)."""
    found = []
    for i in range(2, len(pages)):
        lines = content_lines(pages[i], pages[i - 1], headers)
        whole_part = starts_part(pages[i], starts) and (i + 1 == len(pages) or starts_part(pages[i + 1], starts))
        empty_table = any("空表" in line for line in lines)  # printed with its note, on its own page
        if len(lines) <= 3 and not whole_part and not empty_table:
            found.append(i + 1)
    return found


def starts_part(page: str, starts: list[str]) -> bool:
    """Whether the page's first line is the start of a paragraph the layout starts a page with."""
    first = next((squash(line) for line in page.splitlines() if line.strip() and "草稿" not in line), "")
    return bool(first) and any(start.startswith(first) or first.startswith(start) for start in starts)


def page_start_texts(docx: Path) -> list[str]:
    """The texts of the paragraphs the rendered document starts a page with (by its styles'
    page break before, or a section break): the profile's template says which."""
    starts = [squash(text(p)) for p in page_starts(Document(str(docx)))]
    return [start for start in starts if start]



@pytest.mark.parametrize(("example", "profile"), rendered_combinations())
def test_no_page_is_left_near_empty(pdfs, example, profile):
    pdf = pdfs[example, profile]
    pages = layout_pages(pdf)
    docx = pdf.with_suffix(".docx")
    headers = header_cells(docx)
    found = near_empty_pages(pages, page_start_texts(docx), headers)
    assert found == [], [content_lines(pages[n - 1], pages[n - 2], headers) for n in found]
