"""Find the files shipped beside the code: the schema and the layout profiles.

In a wheel they live in budgetauthor/_data/ (force-included); in a source checkout or an
editable install they are read from the repository's top-level schemas/ and profiles/.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"budgetauthor installation is missing its {name}/ folder")


def schema_path() -> Path:
    return data_dir("schemas") / "budget.schema.yaml"


def default_template() -> Path:
    """The standard profile's Word template."""
    return data_dir("profiles") / "standard" / "template.docx"
