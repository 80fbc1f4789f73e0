"""Reading workbooks: every workbook up to 5 MB is read (or refused) within 5 s and 300 MB.

    python benchmarks/xlsx_read.py [--repeat 3]

Each workbook is loaded with `budgetauthor.load` in a fresh interpreter (`python -c …`), which
prints its own in-process seconds and peak memory (VmHWM); the wall time includes start-up and
imports. The inputs, built in a temporary folder:

  example        examples/xihu-2024.xlsx, a real department's workbook
  large          the large benchmark department (2,000 ledger lines, 150 projects) as a workbook
  claims-huge    a small workbook whose ledger holds 600,000 empty formatted cells (a 124 KB file
                 of this kind once took 34 s and 1.27 GB): refused by counting, before parsing
  most-cells     a ~5 MB workbook just under the cell limit, every cell holding a value
  long-strings   a 7 MB workbook whose shared strings inflate to just under the 64 MB part limit
  many-merges    a workbook just under the merged-range limit
  far-cell       one value at XFD1048576 (a used area of 17 billion cells): refused

Targets: a real workbook well under a second; any workbook up to 5 MB within 5 s and 300 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

TARGET_SECONDS, TARGET_MB = 5.0, 300.0

CHILD = """
import json, sys, time
def peak_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0
from budgetauthor import load
from budgetauthor.errors import InputError
t = time.perf_counter()
try:
    loaded = load(sys.argv[1])
    outcome = f"read ({len(loaded.data.get('ledger') or [])} ledger lines)"
except InputError as exc:
    outcome = f"refused: [{exc.findings[0].code}] {exc.findings[0].message[:60]}"
print(json.dumps({"seconds": time.perf_counter() - t, "rss_mb": peak_mb(), "outcome": outcome}))
"""


def _zip_with(base: bytes, changes: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist() + [n for n in changes if n not in src.namelist()]:
            zf.writestr(name, changes.get(name, src.read(name) if name in src.namelist() else b""))
    return out.getvalue()


def _ledger_part(base: bytes) -> str:
    from tests.badinput.make_corpus import sheet_part

    return sheet_part(base, "预算明细")


def _base() -> bytes:
    from tests.badinput.make_corpus import compact_workbook, save

    return save(compact_workbook())


def build(folder: Path) -> dict[str, Path]:
    import generate

    from budgetauthor import load
    from budgetauthor.load import limits
    from budgetauthor.load import xlsx_safety as safety
    from budgetauthor.workbook.writer import write_workbook

    paths = {"example": ROOT / "examples" / "xihu-2024.xlsx"}
    large_yaml = generate.write(folder / "large.yaml", "large", 1)
    paths["large"] = write_workbook(folder / "large.xlsx", load(large_yaml).data)

    base = _base()
    ledger = _ledger_part(base)
    xml = zipfile.ZipFile(io.BytesIO(base)).read(ledger)

    def sheet_with(rows: bytes, after: bytes = b"") -> bytes:
        return xml.replace(b"</sheetData>", rows + b"</sheetData>" + after, 1)

    empty = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="1"/>' % (c, r) for c in (b"L", b"M", b"N"))
                     + b"</row>" for r in range(1000, 201000))
    paths["claims-huge"] = folder / "claims-huge.xlsx"
    paths["claims-huge"].write_bytes(_zip_with(base, {ledger: sheet_with(empty)}))

    # Just under the cell limit with every cell holding a value, in a used area under the area
    # limit: the ledger's own 11 columns hold garbage rows, as a paste gone wrong would.
    from openpyxl.utils import get_column_letter

    columns = [get_column_letter(c).encode() for c in range(1, 24)]
    rows = min((safety.MAX_CELLS - 30_000) // len(columns), safety.MAX_SHEET_CELLS // len(columns) - 600)
    full = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>%d</v></c>' % (c, r, r * 7 + i)
                                                 for i, c in enumerate(columns)) + b"</row>"
                    for r in range(600, 600 + rows))
    paths["most-cells"] = folder / "most-cells.xlsx"
    paths["most-cells"].write_bytes(_zip_with(base, {ledger: sheet_with(full)}))

    # Shared strings just under the part limit in a 5 MB file: long strings of few distinct
    # characters, each cell of the ledger's note column pointing at one.
    import random

    rng = random.Random(5)
    strings, size = [], 0
    while size < safety.MAX_PART - 2 * 1024 * 1024:
        text = "".join(rng.choice("档案数") for _ in range(2000))
        strings.append(f"<si><t>{text}</t></si>".encode())
        size += len(strings[-1])
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
           + b"".join(strings) + b"</sst>")
    notes = b"".join(b'<row r="%d"><c r="L%d" t="s"><v>%d</v></c></row>' % (r, r, i)
                     for i, r in enumerate(range(600, 600 + min(len(strings), 20_000))))
    zf = zipfile.ZipFile(io.BytesIO(base))
    rels = zf.read("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    types = zf.read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    paths["long-strings"] = folder / "long-strings.xlsx"
    paths["long-strings"].write_bytes(_zip_with(base, {"xl/sharedStrings.xml": sst, "xl/_rels/workbook.xml.rels": rels,
                                                       "[Content_Types].xml": types, ledger: sheet_with(notes)}))

    merges = b"<mergeCells>" + b"".join(b'<mergeCell ref="L%d:M%d"/>' % (r, r)
                                        for r in range(1, safety.MAX_MERGES - 100)) + b"</mergeCells>"
    paths["many-merges"] = folder / "many-merges.xlsx"
    paths["many-merges"].write_bytes(_zip_with(base, {ledger: sheet_with(b"", merges)}))

    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    paths["far-cell"] = folder / "far-cell.xlsx"
    paths["far-cell"].write_bytes(_zip_with(base, {ledger: sheet_with(far)}))
    assert all(p.stat().st_size <= limits.MAX_FILE_BYTES for p in paths.values())
    return paths


def measure(path: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"child failed on {path.name}:\n{proc.stderr}")
        runs.append((wall, json.loads(proc.stdout.strip().splitlines()[-1])))
    return {"wall": statistics.median(w for w, _ in runs), "inner": statistics.median(r["seconds"] for _, r in runs),
            "rss": max(r["rss_mb"] for _, r in runs), "outcome": runs[0][1]["outcome"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xlsx-read-") as tmp:
        paths = build(Path(tmp))
        print(f"{'workbook':14} {'size':>9} {'wall s':>7} {'load s':>7} {'peak MB':>8}  outcome")
        worst_wall, worst_rss = 0.0, 0.0
        for name, path in paths.items():
            m = measure(path, args.repeat)
            size = path.stat().st_size
            worst_wall, worst_rss = max(worst_wall, m["wall"]), max(worst_rss, m["rss"])
            outcome = re.sub(r"\s+", " ", m["outcome"])
            print(f"{name:14} {size / 1024 / 1024:7.2f}MB {m['wall']:7.2f} {m['inner']:7.2f} {m['rss']:8.0f}  {outcome}")
        ok = worst_wall <= TARGET_SECONDS and worst_rss <= TARGET_MB
        print(f"worst: {worst_wall:.2f} s wall, {worst_rss:.0f} MB peak — target {TARGET_SECONDS:.0f} s and "
              f"{TARGET_MB:.0f} MB: {'met' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
