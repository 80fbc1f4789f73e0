"""Run the whole bad-input corpus through the real command line, one subprocess per input.

    python -m tests.badinput [-v] [-j N]

For every row of manifest.csv: `python -m budgetauthor render <case> -o <tmp>/out.docx` (or the
case's own arguments, see tests/badinput/__init__.py), run in an empty temporary folder, then the
shared checks (tests/badinput/__init__.py: judge). The last
line is the verdict, e.g. `129 inputs, 129 clean errors, 0 crashes, 0 partial outputs`; the exit
status is non-zero when any input fails a check.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import CASES_DIR, Case, Verdict, digest, judge, load_manifest, materialize, snapshot, summary


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode("utf-8")


def run_case(case: Case, timeout: float) -> Verdict:
    with tempfile.TemporaryDirectory(prefix="badinput-") as tmp:
        tmp = Path(tmp)
        work, out_dir = tmp / "cwd", tmp / "out"
        work.mkdir()
        out_dir.mkdir()
        source = materialize(case, tmp)
        before, out_before = digest(source), snapshot(out_dir)
        cases_before = sorted(os.listdir(source.parent))
        out = out_dir / "out.docx"
        command = [sys.executable, "-m", "budgetauthor", "render", *case.arguments(source), "-o", str(out)]
        env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
        try:
            proc = subprocess.run(command, cwd=work, capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", timeout=timeout, env=env, check=False)
            code, output = proc.returncode, proc.stdout + proc.stderr
        except subprocess.TimeoutExpired:
            code, output = -1, f"Traceback: timed out after {timeout:.0f} s"
        out_after = snapshot(out_dir)
        if not case.bad and out.exists():  # a legitimate input: its text must be in the document
            out_after, out_before = {}, {}
            if case.renders and escape_xml(case.renders) not in docx_text(out):
                output += f"\n[render-check] “{case.renders}” not found literally in the document"
                code = 99
        verdict = judge(case, code, output, input_before=before, input_after=digest(source),
                        out_before=out_before, out_after=out_after,
                        cases_before=cases_before, cases_after=sorted(os.listdir(source.parent)))
        if os.listdir(work):  # nothing may be written to the working folder (a tag that ran, a stray temp file)
            verdict.partial = True
            verdict.problems.append(f"files written to the working folder: {os.listdir(work)}")
        return verdict


def escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.badinput", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case, not only failures")
    parser.add_argument("-j", "--jobs", type=int, default=min(8, (os.cpu_count() or 2) * 2))
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args(argv)
    cases = load_manifest()
    missing = [c.file for c in cases if c.stored and not (CASES_DIR / c.file).exists()]
    if missing:
        print(f"missing corpus files (run python -m tests.badinput.make_corpus): {missing}")
        return 2
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        verdicts = list(pool.map(lambda c: run_case(c, args.timeout), cases))
    for v in verdicts:
        if not v.clean or args.verbose:
            status = "ok  " if v.clean else "FAIL"
            print(f"{status} {v.case.file} (exit {v.case.exit}, {v.case.code or 'renders'}): {v.case.what}")
            for problem in v.problems:
                print(f"     {problem}")
    legit = [v for v in verdicts if not v.case.bad]
    if legit:
        print(f"{sum(v.clean for v in legit)}/{len(legit)} legitimate control inputs rendered with their text literal")
    print(summary(verdicts))
    return 0 if all(v.clean for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
