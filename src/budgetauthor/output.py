"""Writing results, the one way: checked first, then written atomically, never over what the user owns.

`check_target` refuses a path before any work is done: a wrong extension (a typo `-o 预算填报.xlsx`
for a document would replace the clerk's workbook), a missing or unwritable folder, a name the
file system cannot hold, anything that is not a regular file (`-o /dev/null` run as root would
replace the device), an existing file when the command does not replace files, and every input
(the data, the template, the catalogue) under any of its names.

`write_atomic` checks again, writes the bytes to a temporary file beside the target, flushes it
to disk (fsync) and renames it over the target in one step: a reader sees the old file or the
new one, never half of one. On any failure or interruption (Ctrl-C, or SIGTERM/SIGHUP, which the
CLI turns into an exception) the temporary file is removed. Every failure is an OutputError with
a Chinese message naming the path: exit 2, never a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError
from .rulebook import OUTPUT

TEMP_PREFIX = ".budgetauthor-"  # short: a long output name must not make its temporary name too long

_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有写入该位置的权限",
    errno.EPERM: "没有写入该位置的权限",
    errno.EROFS: "该位置是只读的",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EISDIR: "已有同名的文件夹",
    errno.ENOENT: "输出目录不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EIO: "磁盘读写出错",
    errno.EFBIG: "文件超出该磁盘允许的大小",
    errno.ETXTBSY: "文件正被其他程序使用",
}


def reason(exc: OSError) -> str:
    """Why a write failed, in Chinese (the system's own text only for a rare error)."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def output_error(message: str, path: Path) -> OutputError:
    return OutputError.of(OUTPUT, message, path)


def folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def check_target(
    out: str | Path,
    *inputs: str | Path | None,
    suffixes: Iterable[str] = (),
    what: str = "输出文件",
    overwrite: bool = True,
) -> Path:
    """Refuse `out` unless a file of one of `suffixes` may be written there (see module doc)."""
    out = Path(out)
    try:
        for source in inputs:
            if source is not None and _same_file(out, Path(source)):
                raise output_error(f"输出文件不能与输入文件相同：{out}，以免覆盖您的数据", out)
        suffixes = tuple(suffixes)
        if suffixes and out.suffix.lower() not in suffixes:
            raise output_error(f"{what}须以 {'、'.join(suffixes)} 结尾：{out}", out)
        _check_place(out, overwrite)
    except OSError as exc:  # a name too long for the file system, a path through a file…
        raise output_error(f"无法写入“{out}”：{reason(exc)}", out) from exc
    return out


def _check_place(out: Path, overwrite: bool) -> None:
    parent = folder_of(out)
    if not parent.is_dir():
        raise output_error(f"输出目录不存在：{parent}（请先创建该目录，或换一个输出位置）", out)
    check_writable(parent, out)
    name_max = _name_max(parent)
    if len(os.fsencode(out.name)) > name_max:
        raise output_error(f"无法写入“{out}”：文件名过长（最多 {name_max} 字节）", out)
    existing = _lstat(out)
    if existing is None:
        return
    if stat.S_ISDIR(existing.st_mode):
        raise output_error(f"输出路径是一个目录：{out}，请给出文件名", out)
    if not stat.S_ISREG(existing.st_mode):
        kind = "链接" if stat.S_ISLNK(existing.st_mode) else "设备或特殊文件"
        raise output_error(f"“{out}”是{kind}，不是普通文件，不能作为输出文件（请换一个文件名）", out)
    if not overwrite:
        raise output_error(f"文件已存在：{out}（为防止覆盖已有内容，如确需覆盖，请加 --force）", out)


def check_writable(folder: Path, out: Path) -> None:
    """Refuse a folder this process may not create files in (a read-only disk says so)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        why = "该位置是只读的" if _read_only(folder) else f"没有写入目录“{folder}”的权限"
        raise output_error(f"无法写入“{out}”：{why}", out)


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # Windows has no statvfs
        return False


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, ValueError, OSError):  # Windows has no pathconf
        return 255


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


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


def write_atomic(out: str | Path, data: bytes, *inputs: str | Path | None, overwrite: bool = True) -> Path:
    """Write bytes to `out` through a temporary file in the same folder and an atomic rename."""
    return write_all_atomic([(out, data)], *inputs, overwrite=overwrite)[0]


def write_all_atomic(files: list[tuple[str | Path, bytes]], *inputs: str | Path | None,
                     overwrite: bool = True) -> list[Path]:
    """Write each (path, bytes) atomically: every file through a temporary file beside it, made
    durable (fsync) before it is renamed into place; each folder is synced once after the renames,
    not once per file (an export of 160 tables spent half its time there)."""
    targets = [check_target(out, *inputs, overwrite=overwrite) for out, _ in files]
    temporary: dict[Path, str] = {}
    handles: list = []
    out = targets[0] if targets else Path()
    try:
        for out, (_, data) in zip(targets, files):
            fd, temporary[out] = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=folder_of(out))
            os.chmod(temporary[out], 0o666 & ~_umask())
            handles.append(fh := os.fdopen(fd, "wb"))
            fh.write(data)
            fh.flush()
        _sync_files(handles)
        for fh in handles:
            fh.close()
        for out in targets:
            check_target(out, *inputs, overwrite=overwrite)  # nothing took the name meanwhile
            os.replace(temporary[out], out)
            del temporary[out]  # only once it is in place: a failed rename still removes it
        for folder in dict.fromkeys(folder_of(t) for t in targets):
            _sync_folder(folder)
    except OSError as exc:
        raise output_error(f"无法写入“{out}”：{reason(exc)}", out) from exc
    finally:  # any failure, Ctrl-C or a termination signal: no temporary file is left behind
        for fh in handles:
            fh.close()
        for tmp in temporary.values():
            Path(tmp).unlink(missing_ok=True)
    return targets


def _sync_files(handles: list) -> None:
    """fsync every file; many at once from a few threads (fsync releases the GIL, and the disk
    commits them together: 160 files take 0.03 s instead of 0.5 s one after the other)."""
    if len(handles) == 1:
        os.fsync(handles[0].fileno())
        return
    from concurrent.futures import ThreadPoolExecutor  # only a many-file export pays its import

    with ThreadPoolExecutor(max_workers=min(8, len(handles))) as pool:
        for done in [pool.submit(os.fsync, fh.fileno()) for fh in handles]:
            done.result()  # the first failure (a full disk) is raised here


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where a folder cannot be opened, skip it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
