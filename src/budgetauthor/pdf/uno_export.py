"""Export a .docx to PDF through LibreOffice, with its 目录 updated and Chinese fonts substituted.

Run by LibreOffice's own Python (the one that can `import uno`), never imported by budgetauthor:

    python uno_export.py SOFFICE PROFILE_URL SOURCE.docx TARGET.pdf FALLBACKS_JSON

It starts `soffice` headless with the given user profile, listening on a pipe of its own, opens
the document hidden, and before exporting:

- names installed fonts for the Chinese fonts the styles ask for and the machine lacks (FALLBACKS:
  [[[name patterns…], ["family", "family:bold", …]], …], first installed family wins), so that
  仿宋 body text, 黑体 and 楷体 headings and a 小标宋 title come out in different faces with
  Simplified Chinese glyphs instead of one fallback face for all;
- updates every index (the 目录 gets its page numbers) and refreshes the fields, after making up
  for what LibreOffice's import of a 目录 built from TC fields gets wrong (fix_contents).

The document on disk is not changed. Exit status 0 on success; anything else is reported on
stderr. The caller ends this process's whole group when it is done (soffice included).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import uuid
import zipfile

CONNECT_SECONDS = 60
BOLD = 150.0  # com.sun.star.awt.FontWeight.BOLD


def main(argv: list[str]) -> int:
    import uno  # LibreOffice's; imported here so that choose() can be tested without it

    soffice, profile_url, source, target, fallbacks_json = argv[1:6]
    pipe = f"budgetauthor_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    office = subprocess.Popen([
        soffice, f"-env:UserInstallation={profile_url}", "--headless", "--invisible", "--nologo",
        "--nodefault", "--norestore", "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ])
    try:
        return export(uno, connect(pipe, office), source, target, fallbacks_json, office)
    finally:  # on failure too: a running office keeps the caller's pipes open until its timeout
        if office.poll() is None:
            office.kill()


def export(uno, context, source: str, target: str, fallbacks_json: str, office: subprocess.Popen) -> int:
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                       (prop("Hidden", True),))
    if doc is None:
        print("LibreOffice 无法打开文档", file=sys.stderr)
        return 2
    substitute_fonts(doc, json.loads(fallbacks_json), installed_fonts(context))
    page_numbers = "\\n" not in toc_switches(source).split()
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        index = indexes.getByIndex(i)
        if index.supportsService("com.sun.star.text.ContentIndex") and index.getPropertyValue("CreateFromMarks"):
            fix_contents(index, page_numbers)
        index.update()
    doc.getTextFields().refresh()
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "writer_pdf_Export"),))
    doc.close(True)
    with contextlib.suppress(Exception):  # the office may drop the connection as it quits
        desktop.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):  # the caller ends the process group anyway
        office.wait(30)
    return 0


def connect(pipe: str, office: subprocess.Popen):
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - NoConnectException until the office listens
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def prop(name: str, value):
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


TOC_INSTRUCTION = re.compile(r"<w:instrText[^>]*>\s*TOC\b([^<]*)<")
HEAD_BYTES = 1 << 20  # the 目录 comes after the cover, at the start of the body


def toc_switches(source: str) -> str:
    """The switches of the document's TOC field (read from the .docx: LibreOffice keeps no field
    code of an index it imports); "" when it has none at the start of its body."""
    with zipfile.ZipFile(source) as package, package.open("word/document.xml") as body:
        head = body.read(HEAD_BYTES).decode("utf-8", "ignore")
    found = TOC_INSTRUCTION.search(head)
    return found[1] if found else ""


def fix_contents(index, page_numbers: bool) -> None:
    """A 目录 built from TC fields (TOC \\f), as Word builds it. LibreOffice 7.4's import puts the
    entry of TC \\l 1 on the 目录's level 2 (and so on down) and ignores the TOC's \\n (no page
    numbers) unless it also lists headings (\\o): the entries are moved up so that the top ones
    are on level 1 (so that a LibreOffice that imports them right is left as it is), and without
    page numbers each level's page number is taken out of the entry, its dotted leader kept.
    (The API counts a mark's level from 0: the import gives 1 to TC \\l 1.)"""
    import uno

    marks = index.getPropertyValue("DocumentIndexMarks")
    if marks:
        top = min(mark.getPropertyValue("Level") for mark in marks)
        for mark in marks:
            mark.setPropertyValue("Level", mark.getPropertyValue("Level") - top)
    if page_numbers:
        return
    formats = index.getPropertyValue("LevelFormat")
    for level in range(1, formats.getCount()):
        tokens = formats.getByIndex(level)
        kept = tuple(t for t in tokens if _token_type(t) != "TokenPageNumber")
        if len(kept) != len(tokens):  # typed: a bare tuple would reach LibreOffice as a sequence of any
            uno.invoke(formats, "replaceByIndex", (level, uno.Any("[][]com.sun.star.beans.PropertyValue", kept)))
    index.setPropertyValue("LevelFormat", formats)


def _token_type(token) -> str:
    return next((p.Value for p in token if p.Name == "TokenType"), "")


def installed_fonts(context) -> set[str]:
    toolkit = context.ServiceManager.createInstanceWithContext("com.sun.star.awt.Toolkit", context)
    device = toolkit.createScreenCompatibleDevice(1, 1)
    return {d.Name for d in device.getFontDescriptors()}


def choose(name: str, fallbacks: list, installed: set[str]) -> tuple[str, bool] | None:
    """The installed family (and whether to embolden it) standing in for a missing font."""
    for patterns, families in fallbacks:
        if any(p in name for p in patterns):
            for entry in families:
                family, _, weight = entry.partition(":")
                if family in installed:
                    return family, weight == "bold"
            return None
    return None


def substitute_fonts(doc, fallbacks: list, installed: set[str]) -> None:
    """Paragraph and character styles naming a missing Chinese font name an installed one instead."""
    families = doc.getStyleFamilies()
    for family_name in ("ParagraphStyles", "CharacterStyles"):
        styles = families.getByName(family_name)
        for style_name in styles.getElementNames():
            style = styles.getByName(style_name)
            name = style.getPropertyValue("CharFontNameAsian")
            if not name or name in installed:
                continue
            chosen = choose(name, fallbacks, installed)
            if chosen is None:
                continue
            family, bold = chosen
            style.setPropertyValue("CharFontNameAsian", family)
            if bold:
                style.setPropertyValue("CharWeightAsian", BOLD)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
