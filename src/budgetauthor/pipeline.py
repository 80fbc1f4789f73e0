"""The main job as one library call: load → validate → render (→ PDF)."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from . import profiles
from .errors import InvalidBudget
from .findings import Report
from .load import load
from .output import check_target
from .pdf import docx_to_pdf
from .render import render_to_file
from .validate import Options, validate


@dataclass
class RenderResult:
    report: Report
    docx: Path
    pdf: Path | None = None


def default_output(source: Path) -> Path:
    return source.with_suffix(".docx")


@contextmanager
def _collector_paused():
    """Loading, checking and rendering a budget make hundreds of thousands of short-lived objects,
    nearly all freed as soon as they are dropped; Python's cycle collector meanwhile scans every
    live object again and again (0.1 s of a large department's render; 25 ms of a small one's,
    where it is one full scan of the imported modules). It pauses for the one job, which leaves
    (almost) no cycles behind, and resumes as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
def render(
    source: str | Path,
    out: str | Path | None = None,
    *,
    template: str | Path | None = None,
    force: bool = False,
    pdf: bool = False,
    options: Options | None = None,
    profile: str | Path | None = None,
    kind: str = "",
) -> RenderResult:
    """Validate `source` and write the document in the layout `profile` (a name or a folder;
    default: the data's profile.style, else the standard layout) as a 部门预算 or 单位预算
    (`kind`; default: the data's profile.kind, else the profile's). Errors block rendering unless
    `force`; a file whose shape is wrong cannot be rendered even then."""
    source = Path(source)
    loaded = load(source)
    options = replace(options or Options(), profile=profile or (options.profile if options else None))
    report = validate(loaded, options)
    if report.derived is None or (not report.valid and not force):
        reason = "数据结构有误，无法生成文档" if report.derived is None else "数据存在错误，未生成文档（确需生成草稿可加 --force）"
        raise InvalidBudget(reason, report)
    out_path = Path(out) if out else default_output(source)
    template_path = Path(template) if template else None
    layout, _ = profiles.for_budget(report.derived.budget.profile.style, options.profile, source.parent)
    inputs = (source, template_path or layout.template, options.catalog_file)
    # Before the work of rendering (write_atomic checks again): a document is a .docx, never
    # written over a workbook, a YAML file, the template or anything that is not a plain file.
    check_target(out_path, *inputs, suffixes=(".docx",), what="Word 文档")
    pdf_path = check_target(out_path.with_suffix(".pdf"), *inputs) if pdf else None
    render_to_file(report.derived, out_path, template_path, inputs=inputs, profile=layout, kind=kind,
                   draft=not report.valid)
    result = RenderResult(report, out_path)
    if pdf_path is not None:
        result.pdf = docx_to_pdf(out_path, pdf_path, *inputs)
    return result
