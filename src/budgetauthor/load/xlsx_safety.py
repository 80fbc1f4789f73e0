"""Open a workbook only after checking it is a sane zip: no zip bomb, no macro, XML parsed
with defusedxml (openpyxl uses it when installed; we refuse to run without it)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml

from ..errors import InputError
from ..findings import Finding, Location, Severity

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 300 * 1024 * 1024  # inflated size of all parts
MAX_RATIO = 200  # inflated / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


def _error(code: str, message: str, path: Path) -> InputError:
    return InputError(message, [Finding(code, Severity.ERROR, message, (), Location(file=str(path)))])


def check_zip(data: bytes, path: Path) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _error("xlsx-invalid", "文件不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名", path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _error("xlsx-invalid", f"工作簿已损坏：{exc}", path) from exc
    if len(infos) > MAX_ENTRIES:
        raise _error("xlsx-unsafe", f"工作簿内部文件过多（{len(infos)}个），拒绝打开", path)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise _error("xlsx-unsafe", f"工作簿解压后过大（{total // 1024 // 1024} MB），疑似压缩炸弹，拒绝打开", path)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _error("xlsx-unsafe", f"工作簿中“{info.filename}”压缩比异常，疑似压缩炸弹，拒绝打开", path)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _error("xlsx-invalid", "文件不是 Excel 工作簿（缺少工作簿结构）", path)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _error("xlsx-unsafe", "工作簿含有宏，请另存为不含宏的 .xlsx 后再试", path)


def open_workbook(source: Path | bytes, path: Path | None = None):
    """Open an xlsx safely (formulas kept as text: a formula is never an input)."""
    if not openpyxl.xml.DEFUSEDXML:
        raise RuntimeError("defusedxml is required to read workbooks safely")
    path = path or (source if isinstance(source, Path) else Path("workbook.xlsx"))
    data = source.read_bytes() if isinstance(source, Path) else source
    check_zip(data, path)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_vba=False, keep_links=False)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for broken files
        reason = type(exc).__name__
        if "EntitiesForbidden" in reason or "DTDForbidden" in reason or "ExternalReference" in reason:
            raise _error("xlsx-unsafe", "工作簿中含有不安全的 XML 实体定义，拒绝打开", path) from exc
        raise _error("xlsx-invalid", f"工作簿无法打开（{reason}），可能已损坏", path) from exc
