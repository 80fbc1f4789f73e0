"""Remember which one-off checks of our own inputs have passed, so a fresh process skips them.

Two checks cost more than rendering a small department's tables: cerberus checking our schema
file against its own rules (~60 ms, on every `Validator` construction) and the template lint
(~60 ms: the template parsed by python-docx and by Jinja once more). Both are pure functions of
bytes we can hash — the schema file or the template, plus the code that checks them and the
library version — so a pass is recorded under that fingerprint, in memory and as an empty
marker file in the user's cache directory (black caches the same way). Only passes are
recorded: a template or schema that fails is checked again every time and reports in full.

BUDGETAUTHOR_CACHE_DIR moves the directory; BUDGETAUTHOR_NO_CACHE=1 turns the disk part off.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

_PASSED: set[str] = set()


def cache_dir() -> Path | None:
    if os.environ.get("BUDGETAUTHOR_NO_CACHE"):
        return None
    if os.environ.get("BUDGETAUTHOR_CACHE_DIR"):
        return Path(os.environ["BUDGETAUTHOR_CACHE_DIR"])
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "budgetauthor" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "budgetauthor"


def fingerprint(kind: str, *parts: bytes | str) -> str:
    """`kind`-sha256 over the parts (each length-prefixed, so parts cannot run together)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return f"{kind}-{digest.hexdigest()}"


def source_of(*modules) -> bytes:
    """The source files of the checking code: a changed check never trusts an old pass."""
    return b"".join(Path(m.__file__).read_bytes() for m in modules)


def passed(key: str) -> bool:
    if key in _PASSED:
        return True
    folder = cache_dir()
    if folder is not None and (folder / key).is_file():
        _PASSED.add(key)
        return True
    return False


def record(key: str) -> None:
    _PASSED.add(key)
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).touch()
    except OSError:
        pass  # a read-only home or a full disk only costs the next run the check
