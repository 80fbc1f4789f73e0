"""Convert a rendered .docx to PDF with LibreOffice, when it is installed.

LibreOffice runs in a temporary folder of its own (its profile included) and in a process group
of its own: `soffice` is a launcher that starts `soffice.bin`, so ending the launcher alone would
leave the converter running. Whatever happens (success, failure, timeout, Ctrl-C, SIGTERM or
SIGHUP turned into an exception by the CLI) the whole group is ended and the folder removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ConversionError
from .output import write_atomic
from .rulebook import PDF_CONVERSION

INSTALL_HINT = (
    "未找到 LibreOffice，无法转换为 PDF（Word 文档已生成）。安装方法："
    "Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk；"
    "Windows/macOS 请从 LibreOffice 官网下载安装，并确保 soffice 命令可用。"
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path, *inputs: Path | None, timeout: int = 180) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError.of(PDF_CONVERSION, INSTALL_HINT, pdf)
    with tempfile.TemporaryDirectory(prefix="budgetauthor-pdf-", ignore_cleanup_errors=True) as tmp:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(docx),
        ]
        _run(cmd, timeout, env={**os.environ, "HOME": tmp}, pdf=pdf)
        produced = Path(tmp) / (docx.stem + ".pdf")
        if not produced.exists():
            raise ConversionError.of(PDF_CONVERSION, "LibreOffice 没有生成 PDF 文件", pdf)
        return write_atomic(pdf, produced.read_bytes(), *inputs)


def _run(cmd: list[str], timeout: int, env: dict[str, str], pdf: Path) -> None:
    """Run LibreOffice in a new process group, and end that group however the run ends."""
    group = os.name == "posix"
    try:
        process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                   start_new_session=group)
    except OSError as exc:
        raise ConversionError.of(PDF_CONVERSION, f"无法启动 LibreOffice：{exc}", pdf) from exc
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise ConversionError.of(PDF_CONVERSION, f"LibreOffice 转换 PDF 超时（{timeout} 秒）", pdf) from exc
    finally:
        _end(process, group)
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip()[:200]
        raise ConversionError.of(
            PDF_CONVERSION, f"LibreOffice 转换 PDF 失败（退出码 {process.returncode}）：{detail}", pdf
        )


def _end(process: subprocess.Popen[bytes], group: bool) -> None:
    """Kill what is left of the converter (its whole process group) and reap the launcher."""
    if group:
        with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has ended already
            os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:
        process.kill()
    process.wait()
