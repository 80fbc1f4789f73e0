"""The pipeline runs one way: load → model → derive → validate → prose → render.

The import graph is drawn from the source with `ast` (every `import`, at module level or inside a
function, relative ones resolved), then checked: it has no cycle, every module belongs to a stage,
no module imports one of a later stage, and no package's __init__ sits in a later stage than its
own modules (importing a module runs its package's __init__ first).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT_PACKAGE = "budgetauthor"

# Stages in pipeline order; a module may import its own stage and earlier ones only. A name
# stands for that module and everything below it, unless a longer name says otherwise.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("findings", "rulebook", "errors", "text", "money", "vocab", "resources", "checked", "output")),
    ("load", ("load", "catalog", "workbook", "workbook.layout", "workbook.cells")),
    # Layout profiles: configuration read like an input, used by validate, prose and render.
    ("profiles", ("profiles",)),
    ("model", ("model",)),
    ("derive", ("derive",)),
    ("validate", ("validate",)),
    ("prose", ("prose",)),
    ("render", ("render", "pdf")),
    # Writing plain data back out (the inverse of load) and the jobs made of the stages above.
    ("write", ("yaml_out", "workbook.writer", "workbook.guide", "convert")),
    ("jobs", ("pipeline", "batch", "exchange")),
    ("cli", ("cli", "__main__", "")),  # "" is the package itself: the library API, importing all
)
ORDER = {name: i for i, (name, _) in enumerate(STAGES)}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / ROOT_PACKAGE).rglob("*.py"))}


def stage_of(module: str) -> str | None:
    local = module.removeprefix(ROOT_PACKAGE).removeprefix(".")
    best, best_len = None, -1
    for stage, names in STAGES:
        for name in names:
            if (local == name or local.startswith(name + ".") or name == "") and len(name) > best_len:
                best, best_len = stage, len(name)
    return best


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The budgetauthor modules `module` imports, anywhere in its file."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from pkg import name`: the submodule pkg.name when there is one, else pkg itself
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        found |= {t for t in targets if t == ROOT_PACKAGE or t.startswith(ROOT_PACKAGE + ".")}
    return found - {module}


def graph() -> dict[str, set[str]]:
    known = modules()
    names = set(known)
    edges = {m: imports_of(m, p, names) for m, p in known.items()}
    for targets in edges.values():
        missing = {t for t in targets if t not in names}
        assert not missing, f"imports of modules that do not exist: {missing}"
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_module_belongs_to_a_stage():
    assert [m for m in modules() if stage_of(m) is None] == []


def test_the_import_graph_has_no_cycle():
    assert cycles(graph()) == []


def test_no_stage_imports_a_later_one():
    backward = sorted(
        f"{m} ({stage_of(m)}) → {t} ({stage_of(t)})"
        for m, targets in graph().items()
        for t in targets
        if ORDER[stage_of(t)] > ORDER[stage_of(m)]
    )
    assert backward == []


def test_documents_and_written_data_are_made_from_derived_views_never_from_validation():
    """prose and render take the derived budget, yaml_out and convert the plain data: none of them
    reaches into the validate stage (it only judges; reasons and thresholds live in derive)."""
    reaching = sorted(
        f"{m} → {t}"
        for m, targets in graph().items()
        if stage_of(m) in ("prose", "render", "write")
        for t in targets
        if stage_of(t) == "validate"
    )
    assert reaching == []


def test_no_package_runs_a_later_stage_when_one_of_its_modules_is_imported():
    known = modules()
    late = sorted(
        f"{package} ({stage_of(package)}) over {m} ({stage_of(m)})"
        for m in known
        for package in (m.rpartition(".")[0],)
        if package and package != ROOT_PACKAGE and ORDER[stage_of(package)] > ORDER[stage_of(m)]
    )
    assert late == []


def test_the_checker_sees_a_backward_import_and_a_cycle():
    """The checks above would catch what they are for (the graph is not empty by accident)."""
    edges = graph()
    assert "budgetauthor.derive" in edges["budgetauthor.validate"]
    assert "budgetauthor.load.loaded" in edges["budgetauthor.load.yaml_source"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("example", ["minimal.xlsx", "minimal.yaml"])
def test_reading_a_file_never_loads_the_workbook_writer(example):
    examples = SRC.parent / "examples"
    code = (
        "import sys; from budgetauthor import load, validate; "
        f"validate(load({str(examples / example)!r})); "
        "print(sorted(m for m in sys.modules if m.startswith('budgetauthor.workbook')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "budgetauthor.workbook.writer" not in out and "budgetauthor.workbook.guide" not in out
