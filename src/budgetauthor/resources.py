"""Find the files shipped beside the code: the schema and the Word template.

In a wheel they live in budgetauthor/_data/ (force-included); in a source checkout or an
editable install they are read from the repository's top-level schemas/ and templates/.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

# The safe YAML loader, from libyaml when PyYAML was built with it: the pure-Python one is several
# times slower. Safe either way: no Python objects are ever constructed from tags.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"budgetauthor installation is missing its {name}/ folder")


def schema_path() -> Path:
    return data_dir("schemas") / "budget.schema.yaml"


def default_template() -> Path:
    return data_dir("templates") / "部门预算.docx"


@functools.lru_cache(maxsize=1)
def load_schema() -> dict:
    """The budget schema (cerberus rules and field labels), read once per process. Validation
    checks data against it; yaml_out reads each value's kind from it."""
    # libyaml when available: the pure-Python loader takes ~30 ms of every run for this file.
    with open(schema_path(), encoding="utf-8") as fh:
        schema: dict = yaml.load(fh, Loader=SAFE_LOADER)
    return schema
