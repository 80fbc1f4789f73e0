"""Where a render's time goes, stage by stage, at the benchmark's sizes.

    python benchmarks/stages.py [--repeat 3] [--size seed --size large]

Each size is rendered in a fresh interpreter (the imports are not counted), once as a user's
`budgetauthor render` runs it — the first render of the process — and then --repeat more times in
the same process (the median: what a batch worker pays per department). Each stage's own CPU time
(time.process_time, so other programs on the machine count less than in wall time) is shown in
ms; a stage inside another is not counted twice. Stages are found by name in the code; a name
that is no longer there is listed as missing rather than measured wrong.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - found through the sys.path entry above

# (label, module, attribute path) in pipeline order.
STAGES = (
    ("load", "budgetauthor.pipeline", "load"),
    ("validate (shape, rules, derive)", "budgetauthor.pipeline", "validate"),
    ("layout profile", "budgetauthor.profiles", "_load"),
    ("context build", "budgetauthor.render.engine", "build_document"),
    ("template checks", "budgetauthor.render.template_safety", "prepare"),
    ("template lint (cached)", "budgetauthor.render.engine", "_lint_once"),
    ("python-docx opens template", "docxtpl.template", "DocxTemplate.init_docx"),
    ("assemble blocks", "budgetauthor.render.assemble", "assemble"),
    ("context wrap", "budgetauthor.render.engine", "wrap"),
    ("docxtpl patch_xml", "budgetauthor.render.engine", "_Template.patch_xml"),
    ("Jinja compile", "budgetauthor.render.engine", "_CompilingOnce.from_string"),
    ("Jinja render + docxtpl regex", "docxtpl.template", "DocxTemplate.render_xml_part"),
    ("parse rendered body", "budgetauthor.render.engine", "_Template.fix_tables"),
    ("drawing ids", "budgetauthor.render.engine", "_Template.fix_docpr_ids"),
    ("body into document", "budgetauthor.render.engine", "_Template.map_tree"),
    ("properties, footnotes", "docxtpl.template", "DocxTemplate.render_properties"),
    ("properties, footnotes", "docxtpl.template", "DocxTemplate.render_footnotes"),
    ("post: paragraph walk", "budgetauthor.render.engine", "styled_paragraphs"),
    ("post: numbering", "budgetauthor.render.engine", "number_headings"),
    ("post: TOC", "budgetauthor.render.engine", "build_toc"),
    ("post: page layout", "budgetauthor.render.page_layout", "lay_out_pages"),
    ("post: properties", "budgetauthor.render.engine", "fix_properties"),
    ("package (serialise + zip)", "budgetauthor.render.engine", "_package_bytes"),
    ("package (serialise + zip)", "docxtpl.template", "DocxTemplate.save"),
    ("package (serialise + zip)", "budgetauthor.render.engine", "deterministic_zip"),
    ("write file", "budgetauthor.render.engine", "write_atomic"),
)

_CHILD = r"""
import functools, gc, importlib, json, statistics, sys, time
stages, source, out, repeat = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
from budgetauthor import pipeline
own, stack, missing = {}, [], []

def timed(label, function):
    @functools.wraps(function)
    def run(*args, **kwargs):
        start = time.process_time()
        stack.append(label)
        try:
            return function(*args, **kwargs)
        finally:
            spent = time.process_time() - start
            stack.pop()
            own[label] = own.get(label, 0.0) + spent
            if stack:
                own[stack[-1]] = own.get(stack[-1], 0.0) - spent
    return run

for label, module_name, path in stages:
    try:
        owner = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for part in parents:
            owner = getattr(owner, part)
        setattr(owner, name, timed(label, getattr(owner, name)))
    except (ImportError, AttributeError):
        missing.append(f"{module_name}.{path}")

runs = []
for _ in range(repeat + 1):
    own.clear()
    start = time.process_time()
    pipeline.render(source, out)
    total = time.process_time() - start
    runs.append({**own, "other": total - sum(own.values()), "total": total})
labels = list(dict.fromkeys([label for label, _, _ in stages] + ["other", "total"]))
print(json.dumps({
    "first": {k: runs[0].get(k, 0.0) for k in labels},
    "warm": {k: statistics.median(r.get(k, 0.0) for r in runs[1:]) for k in labels} if repeat else {},
    "missing": missing,
}))
"""


def measure(source: Path, out: Path, repeat: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(STAGES), str(source), str(out), str(repeat)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"stage profile failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm renders after the first, in the same process")
    parser.add_argument("--size", action="append", choices=generate.SIZES, help="default: seed and large")
    args = parser.parse_args(argv)
    sizes = args.size or ["seed", "large"]
    with tempfile.TemporaryDirectory(prefix="budgetauthor-stages-") as tmp:
        folder = Path(tmp)
        results = {}
        for size in sizes:
            source = generate.write(folder / f"{size}.yaml", size, 0)
            measure(source, folder / f"{size}.docx", 0)  # fills the cache directory, as any earlier run would
            results[size] = measure(source, folder / f"{size}.docx", args.repeat)
    labels = list(results[sizes[0]]["first"])
    head = f"{'stage (CPU ms, own time)':<34}" + "".join(f"{size + ' first':>13}{size + ' warm':>13}" for size in sizes)
    print(head)
    print("-" * len(head))
    for label in labels:
        if label == "total":
            print("-" * len(head))
        cells = "".join(f"{r['first'][label] * 1000:>13.1f}{r['warm'].get(label, 0.0) * 1000:>13.1f}" for r in results.values())
        print(f"{label:<34}{cells}")
    missing = sorted({m for r in results.values() for m in r["missing"]})
    if missing:
        print("not found in this version (not measured):", ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
