"""The template's own work, kept between runs.

docxtpl rewrites the assembled body's XML into Jinja source (~15 regex passes) and Jinja compiles
that into Python code: 70 ms for the standard layout, more than the rest of rendering a small
department, and a pure function of the template (the data goes in only when the code runs). Each
result is kept in the user's cache directory (checked.py's) under a fingerprint of its input and
of the code that produced it, so a fresh process — one `budgetauthor render` — skips the work
too. A file is stored with the digest of its content, and one that does not match it is rebuilt.
Compiled code is stored as a marshalled code object, the way Jinja's own bytecode cache and
Python's __pycache__ keep code: the cache directory is the user's own. BUDGETAUTHOR_NO_CACHE=1
turns it off; at most _KEPT files of each kind are kept (the oldest go).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .. import checked

_KEPT = 32
_DIGEST = hashlib.sha256().digest_size


def remembered(kind: str, parts: tuple[bytes | str, ...], build: Callable[[], bytes]) -> bytes:
    """`build()`, or what it returned before for the same `kind` and `parts`."""
    folder = checked.cache_dir()
    if folder is None:
        return build()
    path = folder / checked.fingerprint(kind, *parts)
    data = _read(path)
    if data is None:
        data = build()
        _write(path, data)
    return data


def _read(path: Path) -> bytes | None:
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    digest, data = stored[:_DIGEST], stored[_DIGEST:]
    return data if hashlib.sha256(data).digest() == digest else None


def _write(path: Path, data: bytes) -> None:
    """Atomically (batch workers may write the same entry at once); a failure only costs the next
    run the work."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as fh:
            fh.write(hashlib.sha256(data).digest() + data)
        os.replace(temporary, path)
        temporary = None
        _prune(path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _prune(path: Path) -> None:
    kind = path.name.rpartition("-")[0]
    entries = sorted(path.parent.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEPT:]:
        old.unlink(missing_ok=True)
