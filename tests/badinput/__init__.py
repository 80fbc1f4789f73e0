"""The bad-input corpus: files that must be refused cleanly, and the checks every refusal must pass.

    python -m tests.badinput.make_corpus   # rebuild cases/ and manifest.csv
    python -m tests.badinput               # run every case through the real CLI, in subprocesses

manifest.csv has one row per input: file, exit (1 invalid / 2 unreadable; 0 for the few
legitimate "control" inputs), code (the rule code the output must name), category, stored
("yes": a small file in cases/; "no": generated at test time into a temporary folder because it
is large — the >50 MB file, the zip bombs), renders (exit-0 rows only: text the document must
contain literally), args and what (what the case tests).

`args` are the case's own command-line arguments, when the case file is not the budget file
itself: `{examples}/minimal.yaml --template {case}` renders the minimal example with the case
file as the Word template. Placeholders: {case} (the case file), {case_dir} (its folder),
{examples} (the repository's examples/). Empty: `render {case}`.

The checks (`judge`) are shared by the subprocess runner and the in-process pytest
(tests/test_badinput.py), so both hold every case to the same contract:
exit code as stated, the rule code printed with a location, no traceback and no crash apology,
no output and no temporary file left, the input byte-identical afterwards.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
EXAMPLES_DIR = HERE.parents[1] / "examples"
MANIFEST = HERE / "manifest.csv"
FIELDS = ("file", "exit", "code", "category", "stored", "renders", "args", "what")
CRASH_MARKERS = ("Traceback", "抱歉，budgetauthor 内部出错")


@dataclass(frozen=True)
class Case:
    file: str
    exit: int
    code: str
    category: str
    stored: bool
    renders: str
    what: str
    args: str = ""

    @property
    def bad(self) -> bool:
        return self.exit != 0

    def row(self) -> dict:
        return {"file": self.file, "exit": str(self.exit), "code": self.code, "category": self.category,
                "stored": "yes" if self.stored else "no", "renders": self.renders, "args": self.args,
                "what": self.what}

    def arguments(self, source: Path) -> list[str]:
        """What `budgetauthor render` gets before `-o`: the case file, or the case's own args."""
        if not self.args:
            return [str(source)]
        return [part.format(case=source, case_dir=source.parent, examples=EXAMPLES_DIR)
                for part in shlex.split(self.args)]


def load_manifest(path: Path = MANIFEST) -> list[Case]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Case(r["file"], int(r["exit"]), r["code"], r["category"], r["stored"] == "yes", r["renders"], r["what"],
                 r.get("args") or "")
            for r in csv.DictReader(fh)
        ]


def materialize(case: Case, folder: Path) -> Path:
    """The input file of a case: the stored file, or one generated into `folder`."""
    if case.stored:
        return CASES_DIR / case.file
    from .make_corpus import GENERATED

    path = folder / case.file
    GENERATED[case.file](path)
    return path


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in a folder with its hash: an output that appears, changes or vanishes shows."""
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


@dataclass
class Verdict:
    case: Case
    problems: list[str]
    crash: bool = False
    partial: bool = False

    @property
    def clean(self) -> bool:
        return not self.problems


_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FINDING_LINE = re.compile(r"^\s*\[([a-z0-9-]+)\](.*)$")


def judge(case: Case, exit_code: int, output: str, *, input_before: str, input_after: str,
          out_before: dict[str, str], out_after: dict[str, str],
          cases_before: list[str] | None = None, cases_after: list[str] | None = None) -> Verdict:
    """Every check a refusal must pass. `out_before`/`out_after` are snapshots of the output
    folder: no output or temporary file may appear, and a pre-existing output stays as it was."""
    v = Verdict(case, [])
    if any(marker in output for marker in CRASH_MARKERS) or exit_code not in (0, 1, 2):
        v.crash = True
        v.problems.append(f"crash (exit {exit_code}): {output.strip()[-300:]}")
    elif exit_code != case.exit:
        v.problems.append(f"exit {exit_code}, expected {case.exit}: {output.strip()[:300]}")
    if case.bad:
        located = [m for m in map(_FINDING_LINE.match, output.splitlines()) if m and m.group(1) == case.code]
        if not located:
            v.problems.append(f"rule code [{case.code}] not in the output: {output.strip()[:300]}")
        elif not any(m.group(2).strip() for m in located):
            v.problems.append(f"[{case.code}] printed without a location")
        if not re.search(r"[\u4e00-\u9fff]", output):
            v.problems.append("no Chinese message")
        if _RAW_CONTROL.search(output):
            v.problems.append("a raw control character reached the output (terminal injection)")
        if len(output.splitlines()) > 80:
            v.problems.append(f"output is not short ({len(output.splitlines())} lines)")
        if out_after != out_before:
            v.partial = True
            v.problems.append(f"output folder changed: {sorted(out_before)} -> {sorted(out_after)}")
    if input_after != input_before:
        v.partial = True
        v.problems.append("the input file changed")
    if cases_before is not None and cases_after != cases_before:
        v.partial = True
        v.problems.append(f"files appeared next to the input: {sorted(set(cases_after or []) - set(cases_before))}")
    return v


def summary(verdicts: list[Verdict]) -> str:
    bad = [v for v in verdicts if v.case.bad]
    return (f"{len(bad)} inputs, {sum(v.clean for v in bad)} clean errors, "
            f"{sum(v.crash for v in bad)} crashes, {sum(v.partial for v in bad)} partial outputs")
