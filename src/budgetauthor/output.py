"""Writing results: atomic (temp file + rename), never over the input, never into a missing folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError
from .findings import Finding, Location, Severity


def _error(message: str, path: Path) -> OutputError:
    return OutputError(message, [Finding("output", Severity.ERROR, message, (), Location(file=str(path)))])


def check_target(out: Path, *inputs: Path) -> None:
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise _error(f"输出目录不存在：{parent}（请先创建该目录，或换一个输出位置）", out)
    if out.is_dir():
        raise _error(f"输出路径是一个目录：{out}，请给出文件名", out)
    for source in inputs:
        if source is not None and _same_file(out, Path(source)):
            raise _error(f"输出文件不能与输入文件相同：{out}，以免覆盖您的数据", out)


def _same_file(a: Path, b: Path) -> bool:
    """Same path, or the same file under another name (case-insensitive disk, link)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(out: Path, data: bytes, *inputs: Path) -> Path:
    """Write bytes to `out` via a temporary file in the same folder and an atomic rename."""
    out = Path(out)
    check_target(out, *inputs)
    parent = out.parent if str(out.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _error(f"无法写入 {out}：{exc.strerror or exc}", out) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
