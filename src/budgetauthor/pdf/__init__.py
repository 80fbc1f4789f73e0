"""Convert a rendered .docx to PDF with LibreOffice, when it is installed.

The PDF is exported by LibreOffice's own Python (uno_export.py, run by the Python that can
`import uno`: the one LibreOffice ships on Windows and macOS, python3 with python3-uno on Linux),
so that before export the 目录 is updated (page numbers) and the Chinese fonts the styles name
and the machine lacks are replaced by installed ones of the same kind (FONT_FALLBACKS). Without
such a Python, `soffice --convert-to pdf` exports the document as it is: its 目录 without page
numbers, one fallback face for every Chinese font; conversion_note() says so.

LibreOffice runs in a temporary folder of its own (its profile included) and in a process group
of its own: `soffice` is a launcher that starts `soffice.bin`, so ending the launcher alone would
leave the converter running. Whatever happens (success, failure, timeout, Ctrl-C, SIGTERM or
SIGHUP turned into an exception by the CLI) the whole group is ended and the folder removed.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import ConversionError
from ..output import write_atomic
from ..rulebook import PDF_CONVERSION

EXPORT_SCRIPT = Path(__file__).with_name("uno_export.py")

# Installed faces that stand in for the Chinese fonts of GB/T 9704 when the machine lacks them:
# (patterns in the font's name, candidate families in order; "family:bold" emboldens). The Noto
# CJK SC faces (fonts-noto-cjk) come after the Windows/macOS fonts of the same kind, so 仿宋 body
# text, 黑体 and 楷体 headings and a 小标宋 title keep different faces, with Simplified Chinese glyphs.
FONT_FALLBACKS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("仿宋", "FangSong", "Fangsong"),
     ("仿宋", "FangSong", "STFangsong", "华文仿宋", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN")),
    (("楷", "KaiTi", "Kaiti"),
     ("楷体", "KaiTi", "STKaiti", "华文楷体", "AR PL UKai CN", "Noto Serif CJK SC", "Source Han Serif SC")),
    (("黑", "Hei"),
     ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei")),
    (("小标宋", "XiaoBiaoSong"),
     ("方正小标宋_GBK", "方正小标宋简体", "华文中宋", "STZhongsong", "Noto Serif CJK SC:bold",
      "Source Han Serif SC:bold", "SimSun:bold")),
    (("宋", "Song", "Ming"),
     ("宋体", "SimSun", "NSimSun", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN")),
)

INSTALL_HINT = (
    "未找到 LibreOffice，无法转换为 PDF（Word 文档已生成）。安装方法："
    "Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk；"
    "Windows/macOS 请从 LibreOffice 官网下载安装，并确保 soffice 命令可用。"
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


NO_UNO_NOTE = (
    "注意：找不到 LibreOffice 的 Python 组件，PDF 按文档原样导出：目录中没有页码，中文字体由 LibreOffice 自行替代。"
    "Debian/Ubuntu 请安装 python3-uno（sudo apt-get install python3-uno）；Word 文档不受影响。"
)


def docx_to_pdf(docx: Path, pdf: Path, *inputs: Path | None, timeout: int = 180) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError.of(PDF_CONVERSION, INSTALL_HINT, pdf)
    python = uno_python(soffice)
    with tempfile.TemporaryDirectory(prefix="budgetauthor-pdf-", ignore_cleanup_errors=True) as tmp:
        profile = Path(tmp, "profile").as_uri()
        produced = Path(tmp) / (docx.stem + ".pdf")
        if python is not None:
            fallbacks = json.dumps([[list(p), list(f)] for p, f in FONT_FALLBACKS], ensure_ascii=False)
            cmd = [python, str(EXPORT_SCRIPT), soffice, profile, str(docx.resolve()), str(produced), fallbacks]
        else:
            cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp,
                   str(docx)]
        _run(cmd, timeout, env={**os.environ, "HOME": tmp}, pdf=pdf)
        if not produced.exists():
            raise ConversionError.of(PDF_CONVERSION, "LibreOffice 没有生成 PDF 文件", pdf)
        return write_atomic(pdf, produced.read_bytes(), *inputs)


def conversion_note() -> str | None:
    """What the user should know about how PDFs are made here (None: nothing to say)."""
    soffice = find_soffice()
    return NO_UNO_NOTE if soffice is not None and uno_python(soffice) is None else None


@functools.lru_cache(maxsize=4)
def uno_python(soffice: str) -> str | None:
    """A Python that can `import uno` for this LibreOffice: the one it ships (program/python on
    Windows and in LibreOffice's own Linux builds, Resources/python on macOS), this very Python,
    or the system's python3 (Linux distributions: python3-uno)."""
    program = Path(soffice).resolve().parent
    bundled = [program / "python.exe", program / "python", program.parent / "Resources" / "python"]
    for candidate in bundled:
        if candidate.is_file() and _imports_uno(str(candidate)):
            return str(candidate)
    if importlib.util.find_spec("uno") is not None:
        return sys.executable
    # The system's Python (python3-uno lives in its dist-packages), also when a virtual
    # environment's python3 comes first on the PATH.
    system = [shutil.which("python3"), shutil.which("python"), "/usr/bin/python3"]
    for found in dict.fromkeys(s for s in system if s):
        if Path(found).is_file() and _imports_uno(found):
            return found
    return None


def _imports_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


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
