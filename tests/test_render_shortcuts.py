"""The render's shortcuts (render/engine.py, render/compiled.py) give the bytes the plain way gives.

Each shortcut is switched back to the way docxtpl and python-docx do the work — the reference —
and the document must come out byte for byte the same; inputs that a shortcut must leave to the
plain way (a table grid docxtpl repairs, text with a line break) take it and still give those
bytes."""

from __future__ import annotations

import importlib
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from budgetauthor import load, profiles, validate
from budgetauthor.render import render_bytes
from budgetauthor.render.env import Sandbox

from .helpers import EXAMPLES, MINIMAL, edit

engine = importlib.import_module("budgetauthor.render.engine")


def _forget_template_work() -> None:
    """What a fresh process knows: nothing patched or compiled yet."""
    engine._PATCHED.clear()
    engine._environment.cache_clear()


def _reference_style_lookup(document, wanted):
    """_style_lookup as python-docx answers it: each style's base by `style.base_style`."""
    from docx.enum.style import WD_STYLE_TYPE

    bases = {s.name: s.base_style.name if s.base_style is not None else None
             for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}

    def lookup(name):
        seen = set()
        while name is not None and name not in wanted and name not in seen:
            seen.add(name)
            name = bases.get(name)
        return name if name in wanted else None

    return lookup


def _reference_package(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return engine.deterministic_zip(buffer.getvalue())


@pytest.fixture
def plain_way(monkeypatch, tmp_path):
    """Every shortcut off: docxtpl parses, repairs, moves and re-parses the body and runs its
    listing passes; Jinja compiles in memory; python-docx saves the package."""
    monkeypatch.setenv("BUDGETAUTHOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(engine._Template, "fix_tables", DocxTemplate.fix_tables)
    monkeypatch.setattr(engine._Template, "fix_docpr_ids", DocxTemplate.fix_docpr_ids)
    monkeypatch.setattr(engine._Template, "resolve_listing", DocxTemplate.resolve_listing)
    monkeypatch.setattr(engine._Template, "patch_xml", DocxTemplate.patch_xml)
    monkeypatch.setattr(engine.CompilingOnce, "from_string", Sandbox.from_string)
    monkeypatch.setattr(engine, "_style_lookup", _reference_style_lookup)
    monkeypatch.setattr(engine, "_package_bytes", _reference_package)
    _forget_template_work()
    yield
    _forget_template_work()


def _both_ways(request, render) -> tuple[bytes, bytes]:
    """(shortcuts, plain way): the shortcut render twice, from a cold and a warm cache."""
    cache = Path(request.getfixturevalue("tmp_path")) / "shortcut-cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BUDGETAUTHOR_CACHE_DIR", str(cache))
        _forget_template_work()
        cold = render()
        _forget_template_work()
        warm = render()
    assert warm == cold
    request.getfixturevalue("plain_way")
    return cold, render()


def _derived(path: Path):
    return validate(load(path)).derived


@pytest.mark.parametrize(("example", "profile"), [
    ("minimal.yaml", "standard"),
    ("zengdu-2024.yaml", "standard"),
    ("xihu-2024.yaml", "hubei"),
])
def test_the_shortcuts_give_the_plain_ways_bytes(request, example, profile):
    derived = _derived(EXAMPLES / example)
    layout = profiles.load_profile(profile)
    shortcut, plain = _both_ways(request, lambda: render_bytes(derived, profile=layout))
    assert shortcut == plain


def test_a_line_break_in_the_data_takes_docxtpls_listing_passes(request, tmp_path):
    source = tmp_path / "budget.yaml"
    source.write_text(edit(MINIMAL, ("    - 负责全区档案数字化建设和电子档案管理工作。",
                                     '    - "负责全区档案数字化建设\\n和电子档案管理工作。"')), encoding="utf-8")
    derived = _derived(source)
    shortcut, plain = _both_ways(request, lambda: render_bytes(derived))
    assert shortcut == plain
    body = zipfile.ZipFile(io.BytesIO(shortcut)).read("word/document.xml").decode("utf-8")
    assert "负责全区档案数字化建设</w:t><w:br/><w:t xml:space=\"preserve\">和电子档案管理工作。" in body


def test_a_table_whose_grid_docxtpl_repairs_takes_its_way(request, tmp_path):
    # A user's table: three grid columns, one cell in its only row (Word keeps such a table when
    # cells are deleted by hand); docxtpl drops the two columns no row uses.
    doc = Document()
    doc.add_paragraph("{{ dept.name }}")
    table = doc.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "{{ dept.year }}"
    row = table.rows[0]._tr
    for cell in row.tc_lst[1:]:
        row.remove(cell)
    template = tmp_path / "mine.docx"
    doc.save(str(template))
    derived = _derived(EXAMPLES / "minimal.yaml")
    repairs = []
    original = engine._grid_repair_needed
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "_grid_repair_needed", lambda body: repairs.append(original(body)) or repairs[-1])
        shortcut, plain = _both_ways(request, lambda: render_bytes(derived, template))
    assert repairs == [True, True]
    assert shortcut == plain
    rendered = Document(io.BytesIO(shortcut))
    assert len(rendered.tables[0]._tbl.tblGrid.gridCol_lst) == 1
    assert rendered.tables[0].cell(0, 0).text == "2025"


def test_template_work_is_kept_on_disk_and_a_damaged_copy_is_done_again(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETAUTHOR_CACHE_DIR", str(tmp_path))
    derived = _derived(EXAMPLES / "minimal.yaml")
    _forget_template_work()
    first = render_bytes(derived)
    kept = sorted(p for p in tmp_path.iterdir() if p.name.startswith(("docxtpl-", "jinja-")))
    assert {p.name.split("-")[0] for p in kept} == {"docxtpl", "jinja"}  # the body's, at least
    for path in kept:
        data = path.read_bytes()
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # a damaged copy is never used
    _forget_template_work()
    assert render_bytes(derived) == first
    assert all(engine.compiled._read(path) is not None for path in kept)  # done again, stored again


def test_no_template_work_is_kept_when_the_cache_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETAUTHOR_NO_CACHE", "1")
    monkeypatch.setenv("BUDGETAUTHOR_CACHE_DIR", str(tmp_path))
    _forget_template_work()
    render_bytes(_derived(EXAMPLES / "minimal.yaml"))
    assert list(tmp_path.iterdir()) == []


# A 1×1 white PNG.
_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763f8ffff3f0005fe02fea7d6a4280000000049454e44ae426082"
)


def test_pictures_are_renumbered_as_docxtpl_does(request, tmp_path):
    (tmp_path / "pixel.png").write_bytes(_PIXEL)
    doc = Document()
    doc.add_paragraph("{{ dept.name }}")
    for _ in range(2):
        doc.add_picture(str(tmp_path / "pixel.png"))
    template = tmp_path / "mine.docx"
    doc.save(str(template))
    derived = _derived(EXAMPLES / "minimal.yaml")
    shortcut, plain = _both_ways(request, lambda: render_bytes(derived, template))
    assert shortcut == plain
    body = zipfile.ZipFile(io.BytesIO(shortcut)).read("word/document.xml").decode("utf-8")
    assert [m for m in ('<wp:docPr id="1001"', '<wp:docPr id="1002"') if m in body] == [
        '<wp:docPr id="1001"', '<wp:docPr id="1002"']
