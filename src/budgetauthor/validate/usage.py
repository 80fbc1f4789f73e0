"""Which keys of the schema something reads: schemas/budget.usage.yaml, next to the schema.

Every key the schema accepts is listed there with its reader: the model field that carries it
(`Project.midterm_goal`), `schema` (read by the shape check only), or `unused: <why>` (accepted,
read by nothing). A filled-in unused key is reported (field-unused) so nothing the user writes is
dropped silently. tests/test_rules_usage.py keeps the list complete and true.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import yaml

from ..resources import SAFE_LOADER, data_dir, load_schema

ITEM = "[]"  # a list item in a key path: "ledger[].note"


@functools.lru_cache(maxsize=1)
def load_usage() -> dict[str, object]:
    with open(data_dir("schemas") / "budget.usage.yaml", encoding="utf-8") as fh:
        usage: dict[str, object] = yaml.load(fh, Loader=SAFE_LOADER)
    return usage


def parse_key(key: str) -> tuple[str, ...]:
    """"ledger[].note" -> ("ledger", "[]", "note")."""
    parts: list[str] = []
    for part in key.split("."):
        if part.endswith(ITEM):
            parts += [part[: -len(ITEM)], ITEM]
        else:
            parts.append(part)
    return tuple(parts)


@functools.lru_cache(maxsize=1)
def unused_fields() -> dict[tuple[str, ...], str]:
    """Key pattern -> why nothing reads it."""
    return {
        parse_key(key): reader["unused"]
        for key, reader in load_usage().items()
        if isinstance(reader, dict) and "unused" in reader
    }


def filled(document, pattern: tuple[str, ...], path: tuple = ()) -> Iterator[tuple]:
    """Paths in `document` matching `pattern` whose value is filled in (not None or empty)."""
    if not pattern:
        if document not in (None, "", [], {}):
            yield path
        return
    head, rest = pattern[0], pattern[1:]
    if head == ITEM:
        if isinstance(document, list):
            for i, item in enumerate(document):
                yield from filled(item, rest, path + (i,))
    elif isinstance(document, dict) and head in document:
        yield from filled(document[head], rest, path + (head,))


def label_of(pattern: tuple[str, ...]) -> str:
    """The Chinese name of a key from the schema's labels: ("ledger", "[]", "note") -> 预算明细的“备注”."""
    node: dict = {"schema": load_schema()}
    labels = []
    for part in pattern:
        node = node["schema"] if part == ITEM else node["schema"][part]
        if part != ITEM:
            labels.append(node.get("meta", {}).get("label", part))
    return "的".join(labels[:-1] + [f"“{labels[-1]}”"])
