"""Limits that keep a hostile or broken file from exhausting the machine."""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import InputError
from ..rulebook import FILE_EMPTY, FILE_MISSING, FILE_TOO_LARGE, FILE_UNREADABLE

MAX_FILE_BYTES = 50 * 1024 * 1024  # 50 MB: a department's budget is a few hundred KB
MAX_YAML_NODES = 2_000_000
MAX_DEPTH = 64


def check_file(path: Path) -> bytes:
    """Return the file's bytes after checking it exists, is a file and is not too large."""
    if not path.exists():
        raise InputError.of(FILE_MISSING, f"找不到文件：{path}", path)
    if not path.is_file():
        raise InputError.of(FILE_MISSING, f"不是文件：{path}", path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError.of(
            FILE_TOO_LARGE,
            f"文件过大（{math.ceil(size / 1024 / 1024 * 10) / 10:.1f} MB），上限为 {MAX_FILE_BYTES // 1024 // 1024} MB"
            "：部门预算数据通常只有几百 KB，请确认选对了文件",
            path,
        )
    if size == 0:
        raise InputError.of(FILE_EMPTY, "文件为空", path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError.of(FILE_UNREADABLE, f"无法读取文件：{exc.strerror or exc}", path) from exc
