"""Open a workbook only after checking it is a sane zip: no zip bomb, no macro, XML parsed
with defusedxml (openpyxl uses it when installed; we refuse to run without it)."""

from __future__ import annotations

import codecs
import io
import zipfile
import zlib
from pathlib import Path

import openpyxl
import openpyxl.xml
from openpyxl.utils import get_column_letter

from ..errors import InputError
from ..rulebook import XLSX_INVALID, XLSX_UNSAFE

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 300 * 1024 * 1024  # inflated size of all parts
MAX_RATIO = 200  # inflated / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
# The reader walks each sheet as a dense grid (max_row × max_column): one stray cell at XFD1048576
# in a 17 KB file would otherwise ask for 17 billion cells. A real fill-in sheet uses a few thousand.
MAX_SHEET_CELLS = 500_000
# OOXML forbids DTDs; a DOCTYPE or ENTITY in any XML part is an XXE or billion-laughs attempt.
_DTD_MARKERS = (b"<!doctype", b"<!entity")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an xlsx encrypted with a password
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
               NotImplementedError, RuntimeError, zlib.error)


def check_zip(data: bytes, path: Path) -> None:
    if data.startswith(_OLE_MAGIC):
        raise InputError.of(XLSX_INVALID, "这是旧版 .xls 工作簿或设置了打开密码的工作簿：请在 Excel 中取消密码，"
                     "另存为“Excel 工作簿（*.xlsx）”后再试", path)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError.of(XLSX_INVALID, "文件不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名", path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise InputError.of(XLSX_INVALID, f"工作簿已损坏（{type(exc).__name__}），请在 Excel 中重新保存", path) from exc
    if len(infos) > MAX_ENTRIES:
        raise InputError.of(XLSX_UNSAFE, f"工作簿内部文件过多（{len(infos)}个），拒绝打开", path)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise InputError.of(XLSX_UNSAFE, f"工作簿解压后过大（{total // 1024 // 1024} MB），疑似压缩炸弹，拒绝打开", path)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError.of(XLSX_UNSAFE, f"工作簿中“{info.filename}”压缩比异常，疑似压缩炸弹，拒绝打开", path)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise InputError.of(XLSX_INVALID, "文件不是 Excel 工作簿（缺少工作簿结构）", path)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise InputError.of(XLSX_UNSAFE, "工作簿含有宏，请另存为不含宏的 .xlsx 后再试", path)
    _check_no_dtd(data, infos, path)


def _check_no_dtd(data: bytes, infos, path: Path) -> None:
    """Refuse any XML part that declares a DTD or entities, before any XML parser sees it
    (openpyxl parses some parts with lxml, others with defusedxml; this holds for both)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES) and _declares_dtd(zf, info):
                    raise InputError.of(XLSX_UNSAFE, f"工作簿的“{info.filename}”含有 XML 实体/DTD 定义"
                                 "（可能是 XXE 或实体膨胀攻击），拒绝打开", path)
    except _ZIP_ERRORS as exc:
        raise InputError.of(XLSX_INVALID, f"工作簿已损坏（{type(exc).__name__}），请在 Excel 中重新保存", path) from exc


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    decoder = None
    with zf.open(info) as fh:
        while chunk := fh.read(1024 * 1024):
            if decoder is None:  # UTF-16 parts (allowed by OPC) are scanned as UTF-8
                utf16 = chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]
                decoder = codecs.getincrementaldecoder("utf-16" if utf16 else "utf-8")("replace")
            text = tail + decoder.decode(chunk).encode("utf-8", "replace").lower()
            if any(marker in text for marker in _DTD_MARKERS):
                return True
            tail = text[-16:]
    return False


def check_sheet_sizes(wb, path: Path) -> None:
    for ws in wb.worksheets:
        rows, cols = ws.max_row, ws.max_column
        if rows * cols > MAX_SHEET_CELLS:
            corner = f"{get_column_letter(cols)}{rows}"
            raise InputError.of(XLSX_UNSAFE, f"工作表“{ws.title}”的使用范围过大（A1:{corner}，约{rows * cols:,}个单元格，"
                         f"上限{MAX_SHEET_CELLS:,}个）：通常是远处的单元格误填了内容或设置了格式，"
                         "请删除多余的行和列后重新保存", path)


def open_workbook(source: Path | bytes, path: Path | None = None):
    """Open an xlsx safely (formulas kept as text: a formula is never an input)."""
    if not openpyxl.xml.DEFUSEDXML:
        raise RuntimeError("defusedxml is required to read workbooks safely")
    path = path or (source if isinstance(source, Path) else Path("workbook.xlsx"))
    data = source.read_bytes() if isinstance(source, Path) else source
    check_zip(data, path)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_vba=False, keep_links=False)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for broken files
        reason = type(exc).__name__
        chain = _chain_names(exc)  # openpyxl wraps the parser's error in a ValueError
        if chain & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"}:
            raise InputError.of(XLSX_UNSAFE, "工作簿中含有不安全的 XML 实体定义，拒绝打开", path) from exc
        raise InputError.of(XLSX_INVALID, f"工作簿无法打开（{reason}），可能已损坏", path) from exc
    try:
        check_sheet_sizes(wb, path)
    except InputError:
        wb.close()
        raise
    return wb


def _chain_names(exc: BaseException | None) -> set[str]:
    names, seen = set(), set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        names.add(type(exc).__name__)
        exc = exc.__cause__ or exc.__context__
    return names
