"""Export a .docx to PDF through LibreOffice, with its 目录 updated and Chinese fonts substituted.

Run by LibreOffice's own Python (the one that can `import uno`), never imported by budgetauthor:

    python uno_export.py SOFFICE PROFILE_URL SOURCE.docx TARGET.pdf FALLBACKS_JSON

It starts `soffice` headless with the given user profile, listening on a pipe of its own, opens
the document hidden, and before exporting:

- names installed fonts for the Chinese fonts the styles ask for and the machine lacks (FALLBACKS:
  [[[name patterns…], ["family", "family:bold", …]], …], first installed family wins), so that
  仿宋 body text, 黑体 and 楷体 headings and a 小标宋 title come out in different faces with
  Simplified Chinese glyphs instead of one fallback face for all;
- updates every index (the 目录 gets its page numbers) and refreshes the fields.

The document on disk is not changed. Exit status 0 on success; anything else is reported on
stderr. The caller ends this process's whole group when it is done (soffice included).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid

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
    context = connect(pipe, office)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                       (prop("Hidden", True),))
    if doc is None:
        print("LibreOffice 无法打开文档", file=sys.stderr)
        return 2
    substitute_fonts(doc, json.loads(fallbacks_json), installed_fonts(context))
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
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
