"""Convert a rendered .docx to PDF with LibreOffice, when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ConversionError
from .output import write_atomic

INSTALL_HINT = (
    "未找到 LibreOffice，无法转换为 PDF（Word 文档已生成）。安装方法："
    "Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk；"
    "Windows/macOS 请从 LibreOffice 官网下载安装，并确保 soffice 命令可用。"
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path, timeout: int = 180) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="budgetauthor-pdf-") as tmp:
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(docx),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp})
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise ConversionError(f"LibreOffice 转换 PDF 失败：{exc}") from exc
        produced = Path(tmp) / (docx.stem + ".pdf")
        if not produced.exists():
            raise ConversionError("LibreOffice 没有生成 PDF 文件")
        return write_atomic(pdf, produced.read_bytes())
