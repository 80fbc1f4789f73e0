"""Benchmarks: load, validate and render at three sizes, next to the floor.

    python benchmarks/run.py [--repeat 5] [--batch 200] [--no-batch]

Every measurement runs in a fresh interpreter (`python -c …`), so each column is what a user
waits for and each peak RSS belongs to one process:

  load      start + imports + load(file)
  validate  start + imports + load + validate
  render    start + imports + load + validate + render to .docx (budgetauthor.render, end to end)
  import    (the large size, as a budget-system export workbook) start + imports + budgetauthor
            import --previous (last year's file) to YAML, or to the fill-in workbook (.xlsx);
            "import + render" adds validate and render
  export    (the large size) start + imports + load + validate + budgetauthor export to CSV files
  floor     start + `import budgetauthor` + a bare docxtpl render of the same template (its
            blocks already laid out in the profile's order) with the context precomputed and
            unpickled, saved to a file — what no implementation of ours could beat, since it
            skips loading, checking, building the context, assembling and all post-processing.
  resave    start + `import budgetauthor` + python-docx opening the finished document (our own
            render of the same data) and saving it again: the cost of merely holding this
            document in python-docx, whatever produced it.

Both floors import budgetauthor, as the render column does, so the ratios compare the work
after the imports; the import itself is shown on its own line. Wall times are medians over
--repeat runs; "in-process" is the part after the imports. Ratios: render ÷ each floor of the
same size, and each size ÷ seed-scale. The batch section renders
--batch generated seed-scale departments with `budgetauthor render DIR --jobs 1` and `--jobs 2`.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - found through the sys.path entry above

SIZES = {"small": "small (minimal example)", "seed": "seed-scale", "large": "large"}

# Child programs. Each prints one JSON line: in-process seconds and peak RSS (MB) of itself.
_PRELUDE = """
import json, resource, sys, time
def _peak_mb():
    # VmHWM: the high-water mark of this process's own memory. ru_maxrss would do on most
    # systems, but on Linux it keeps the parent's mark across fork+exec.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
def _report(seconds, **extra):
    rss = _peak_mb()
    print(json.dumps({"seconds": seconds, "rss_mb": rss, **extra}))
"""
STAGES = {
    "load": _PRELUDE + """
from budgetauthor import load
t = time.perf_counter()
loaded = load(sys.argv[1])
_report(time.perf_counter() - t)
""",
    "validate": _PRELUDE + """
from budgetauthor import load, validate
t = time.perf_counter()
report = validate(load(sys.argv[1]))
assert report.valid, report.flatten("code", "message")
_report(time.perf_counter() - t, errors=len(report.errors), warnings=len(report.warnings))
""",
    "render": _PRELUDE + """
from budgetauthor import render
t = time.perf_counter()
render(sys.argv[1], sys.argv[2])
_report(time.perf_counter() - t)
""",
    "import": _PRELUDE + """
from budgetauthor.exchange.importer import import_export, write_result
t = time.perf_counter()
write_result(import_export(sys.argv[1], previous=sys.argv[2]), sys.argv[3], force=True)
_report(time.perf_counter() - t)
""",
    "import-xlsx": _PRELUDE + """
from budgetauthor.exchange.importer import import_export, write_result
t = time.perf_counter()
write_result(import_export(sys.argv[1], previous=sys.argv[2]), sys.argv[3], force=True)
_report(time.perf_counter() - t)
""",
    "export": _PRELUDE + """
import shutil
from budgetauthor import load, validate
from budgetauthor.exchange import export_tables
t = time.perf_counter()
shutil.rmtree(sys.argv[2], ignore_errors=True)
export_tables(validate(load(sys.argv[1])).derived, sys.argv[2], "csv")
_report(time.perf_counter() - t)
""",
    "import-render": _PRELUDE + """
from budgetauthor import render
from budgetauthor.exchange.importer import import_export, write_result
t = time.perf_counter()
write_result(import_export(sys.argv[1], previous=sys.argv[2]), sys.argv[3], force=True)
# force: from the tables alone the units' types are guessed from their names, so 机关运行经费 may
# differ from last year's and want a reason (an error); the line-item export validates as it is
render(sys.argv[3], sys.argv[4], force=True)
_report(time.perf_counter() - t)
""",
    "floor": _PRELUDE + """
import pickle
import budgetauthor
from budgetauthor.render.env import make_environment
from docxtpl import DocxTemplate
t = time.perf_counter()
with open(sys.argv[1], "rb") as fh:
    context = pickle.load(fh)
doc = DocxTemplate(sys.argv[3])
doc.render(context, jinja_env=make_environment(), autoescape=True)
doc.save(sys.argv[2])
_report(time.perf_counter() - t)
""",
    "resave": _PRELUDE + """
import budgetauthor
from docx import Document
t = time.perf_counter()
Document(sys.argv[1]).save(sys.argv[2])
_report(time.perf_counter() - t)
""",
}


def run_child(code: str, *args: str) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed ({proc.returncode}):\n{proc.stderr}")
    return wall, json.loads(proc.stdout.strip().splitlines()[-1])


def measure(code: str, args: list[str], repeat: int) -> dict:
    return measure_together({"x": (code, args)}, repeat)["x"]


def measure_together(runs: dict[str, tuple[str, list[str]]], repeat: int) -> dict[str, dict]:
    """Median wall and in-process seconds and the largest peak RSS of each run. The runs take
    turns (a, b, c, a, b, c, …), so load from other programs on the machine hits them alike and
    the ratios stay fair."""
    samples: dict[str, list[tuple[float, dict]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (code, args) in runs.items():
            samples[name].append(run_child(code, *args))
    return {
        name: {
            "wall": statistics.median(w for w, _ in got),
            "inner": statistics.median(d["seconds"] for _, d in got),
            "rss": max(d["rss_mb"] for _, d in got),
        }
        for name, got in samples.items()
    }


def floor_inputs(source: Path, target: Path, template: Path, document: Path) -> None:
    """The floors' inputs, built once here: the context our renderer would hand docxtpl, the
    template with its blocks laid out, and the finished document."""
    from budgetauthor import load, render, validate
    from budgetauthor.render.engine import assembled_template

    report = validate(load(source))
    data, context = assembled_template(report.derived)
    template.write_bytes(data)
    with open(target, "wb") as fh:
        pickle.dump(context, fh)
    render(source, document)


def describe(path: Path) -> str:
    import yaml

    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    indicators = sum(len(p.get("indicators") or ()) for p in data.get("projects") or ())
    functions = len({ln["function"] for ln in data["ledger"]})
    return (f"{len(data['profile']['units'])}个单位，{len(data['ledger'])}行明细，"
            f"{len(data.get('projects') or ())}个项目/{indicators}个指标，{functions}个功能科目（项）")


def import_benchmark(folder: Path, repeat: int) -> dict[str, dict]:
    """The large department as a budget-system export — its 2,000 ledger lines as a line-item sheet
    beside the ten standard tables, and the ten tables alone (the ledger then derived) — imported
    with last year's file (the generated file itself: its texts, and figures as `previous`),
    validated and rendered end to end."""
    from budgetauthor import load, validate
    from budgetauthor.exchange.export_workbook import write_export

    derived = validate(load(folder / "large.yaml")).derived
    runs = {}
    for name, lines in (("lines", True), ("tables", False)):
        export = folder / f"large-export-{name}.xlsx"
        write_export(export, derived, lines=lines)
        data, docx = str(folder / f"large-{name}.yaml"), str(folder / f"large-{name}.docx")
        last_year = str(folder / "large.yaml")
        runs[f"{name}:import"] = (STAGES["import"], [str(export), last_year, data])
        runs[f"{name}:import-xlsx"] = (STAGES["import-xlsx"], [str(export), last_year, data.replace(".yaml", ".xlsx")])
        runs[f"{name}:import-render"] = (STAGES["import-render"], [str(export), last_year, data, docx])
    runs["export"] = (STAGES["export"], [str(folder / "large.yaml"), str(folder / "large-export-csv")])
    return measure_together(runs, repeat)


def batch(folder: Path, count: int, repeat: int) -> list[tuple[int, float]]:
    sources = folder / "batch"
    sources.mkdir()
    for i in range(count):
        generate.write(sources / f"dept-{i:03d}.yaml", "seed", 1000 + i)
    import resource

    results = []
    for jobs in (1, 2):
        walls, cpus = [], []
        for r in range(repeat):
            out = folder / f"out-{jobs}-{r}"
            out.mkdir()
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "budgetauthor", "render", str(sources), "-o", str(out), "--jobs", str(jobs)],
                capture_output=True, text=True, check=False,
            )
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and its workers, reaped
            cpus.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
            if proc.returncode != 0:
                raise SystemExit(f"batch render failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
            rendered = len(list(out.glob("*.docx")))
            if rendered != count:
                raise SystemExit(f"batch render wrote {rendered} of {count} documents")
        results.append((jobs, statistics.median(walls), statistics.median(cpus)))
    return results


_BURN = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
def burn(n):
    s = 0
    for i in range(n):
        s += i * i
    return s
if __name__ == "__main__":
    work = [2_000_000] * 8
    t = time.perf_counter(); [burn(n) for n in work]; one = time.perf_counter() - t
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(burn, [1, 1]))
        t = time.perf_counter(); list(pool.map(burn, work)); two = time.perf_counter() - t
    print(one / two)
"""


def machine_ceiling() -> float:
    """The speed-up two processes get right now on pure Python arithmetic: what this machine can
    give any program (less than 2 when other programs are using the CPUs)."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(_BURN)
    try:
        proc = subprocess.run([sys.executable, fh.name], capture_output=True, text=True, check=True)
    finally:
        os.unlink(fh.name)
    return float(proc.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="budgetauthor benchmarks")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--batch", type=int, default=200, help="departments in the batch benchmark")
    parser.add_argument("--batch-repeat", type=int, default=1)
    parser.add_argument("--no-batch", action="store_true", help="skip the batch benchmark")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="budgetauthor-bench-") as tmp:
        folder = Path(tmp)
        rows = {}
        for size in SIZES:  # noqa: PLC0206 - SIZES maps a size to its label
            source = generate.write(folder / f"{size}.yaml", size, 0)
            context, template = folder / f"{size}.pickle", folder / f"{size}-template.docx"
            finished = folder / f"{size}-finished.docx"
            floor_inputs(source, context, template, finished)
            out = str(folder / f"{size}.docx")
            rows[size] = {"what": describe(source)}
            rows[size].update(measure_together({
                "load": (STAGES["load"], [str(source)]),
                "validate": (STAGES["validate"], [str(source)]),
                "render": (STAGES["render"], [str(source), out]),
                "floor": (STAGES["floor"], [str(context), str(folder / f"{size}-floor.docx"), str(template)]),
                "resave": (STAGES["resave"], [str(finished), str(folder / f"{size}-resaved.docx")]),
            }, args.repeat))
            print(f"… {SIZES[size]} measured", file=sys.stderr, flush=True)
        start = measure(_PRELUDE + "_report(0.0)", [], args.repeat)
        imported = measure(_PRELUDE + "import budgetauthor\n_report(0.0)", [], args.repeat)

        print()
        print(f"budgetauthor benchmarks — Python {sys.version.split()[0]}, {os.cpu_count()} CPU, "
              f"median of {args.repeat} fresh processes per cell")
        for size, row in rows.items():
            print(f"  {SIZES[size]:<24} {row['what']}")
        print(f"  bare interpreter start: {start['wall']:.3f} s, {start['rss']:.0f} MB; "
              f"start + import budgetauthor: {imported['wall']:.3f} s, {imported['rss']:.0f} MB")
        print()
        head = (f"{'size':<24}{'stage':<10}{'wall s':>8}{'in-proc s':>11}{'peak MB':>9}"
                f"{'× floor':>9}{'× resave':>10}{'× seed':>8}")
        print(head)
        print("-" * len(head))
        for size, row in rows.items():
            for stage in ("load", "validate", "render", "floor", "resave"):
                m = row[stage]
                vs_floor = m["wall"] / row["floor"]["wall"]
                vs_resave = m["wall"] / row["resave"]["wall"]
                vs_seed = m["wall"] / rows["seed"][stage]["wall"]
                print(f"{SIZES[size] if stage == 'load' else '':<24}{stage:<10}{m['wall']:>8.3f}{m['inner']:>11.3f}"
                      f"{m['rss']:>9.1f}{vs_floor:>8.2f}×{vs_resave:>9.2f}×{vs_seed:>7.2f}×")
        print()
        imports = import_benchmark(folder, args.repeat)
        print("import of the large department as a budget-system export (budgetauthor import, then render):")
        head = f"{'export':<34}{'stage':<24}{'wall s':>8}{'in-proc s':>11}{'peak MB':>9}{'× render':>10}"
        print(head)
        print("-" * len(head))
        for name, label in (("lines", "2,000 line items + ten tables"), ("tables", "ten tables only (ledger derived)")):
            for stage, what in (("import", "import → YAML"), ("import-xlsx", "import → .xlsx workbook"),
                                ("import-render", "import + validate + render")):
                m = imports[f"{name}:{stage}"]
                print(f"{label if stage == 'import' else '':<34}{what:<24}{m['wall']:>8.3f}{m['inner']:>11.3f}"
                      f"{m['rss']:>9.1f}{m['wall'] / rows['large']['render']['wall']:>9.2f}×")
        m = imports["export"]
        print(f"{'large department':<34}{'export → CSV (document)':<24}{m['wall']:>8.3f}{m['inner']:>11.3f}"
              f"{m['rss']:>9.1f}{m['wall'] / rows['large']['render']['wall']:>9.2f}×")
        print()
        seed, large = rows["seed"], rows["large"]
        checks = [
            ("seed-scale render ÷ floor", seed["render"]["wall"] / seed["floor"]["wall"], 1.3, "≤"),
            ("seed-scale render ÷ resave", seed["render"]["wall"] / seed["resave"]["wall"], 2, "≤"),
            ("large render ÷ resave", large["render"]["wall"] / large["resave"]["wall"], 3, "≤"),
            ("large render ÷ seed-scale render", large["render"]["wall"] / seed["render"]["wall"], 10, "≤"),
            ("largest peak RSS (MB)", max(m["rss"] for r in rows.values() for k, m in r.items() if k != "what"), 150, "≤"),
            ("large export import + render ÷ large render", imports["lines:import-render"]["wall"] / large["render"]["wall"],
             2.5, "≤"),
            ("large export import → .xlsx ÷ import → YAML", imports["lines:import-xlsx"]["wall"] / imports["lines:import"]["wall"],
             1.5, "≤"),
            ("large export → CSV ÷ large render", imports["export"]["wall"] / large["render"]["wall"], 1, "≤"),
        ]
        if not args.no_batch and args.batch > 0:
            print(f"… batch: {args.batch} seed-scale departments", file=sys.stderr, flush=True)
            before = machine_ceiling()
            measured = batch(folder, args.batch, args.batch_repeat)
            results = {jobs: wall for jobs, wall, _ in measured}
            after = machine_ceiling()
            print(f"batch render of {args.batch} seed-scale departments (budgetauthor render DIR -o OUT --jobs N):")
            for jobs, wall, cpu in measured:
                print(f"  --jobs {jobs}: {wall:7.2f} s wall, {cpu:7.2f} s CPU  ({wall / args.batch * 1000:.0f} ms per department)")
            print(f"  speed-up {results[1] / results[2]:.2f}×; this machine's ceiling for 2 processes "
                  f"(pure-Python loop, measured before/after): {before:.2f}× / {after:.2f}×")
            print()
            checks.append(("batch --jobs 1 ÷ --jobs 2 (speed-up)", results[1] / results[2], 1.7, "≥"))
        print("targets:")
        for label, value, limit, op in checks:
            ok = value <= limit if op == "≤" else value >= limit
            print(f"  {'✓' if ok else '✗'} {label}: {value:.2f} (target {op} {limit})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
