"""Open a workbook only after checking it is a sane zip: no zip bomb, no macro, XML parsed
with defusedxml (openpyxl uses it when installed; we refuse to run without it)."""

from __future__ import annotations

import codecs
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import openpyxl.xml
from openpyxl.utils import get_column_letter

from ..errors import InputError
from ..findings import Finding, Location, Severity

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


def _error(code: str, message: str, path: Path) -> InputError:
    return InputError(message, [Finding(code, Severity.ERROR, message, (), Location(file=str(path)))])


@dataclass(frozen=True)
class PackageLimits:
    """What a zip package (xlsx, docx) may hold before any XML parser sees it."""

    entries: int
    inflated: int  # bytes, all parts together
    ratio: int  # inflated / compressed, for parts above ratio_floor
    ratio_floor: int = 1024 * 1024


WORKBOOK_LIMITS = PackageLimits(MAX_ENTRIES, MAX_UNCOMPRESSED, MAX_RATIO, RATIO_FLOOR)


class PackageProblem(Exception):
    """A package refused before opening: kind "invalid" (broken, not a package) or "unsafe".
    `not_a_package` tells the caller to say what the file should have been."""

    def __init__(self, kind: str, message: str, not_a_package: bool = False):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.not_a_package = not_a_package


def inspect_package(data: bytes, noun: str, limits: PackageLimits) -> list[zipfile.ZipInfo]:
    """The parts of a zip package, after checking it is one and that opening it is safe: not too
    many parts, not a zip bomb, no DTD in any XML part. `noun` names the file in messages."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PackageProblem("invalid", f"{noun}不是 zip 格式的文件", not_a_package=True)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise PackageProblem("invalid", f"{noun}已损坏（{type(exc).__name__}），请重新保存后再试") from exc
    if len(infos) > limits.entries:
        raise PackageProblem("unsafe", f"{noun}内部文件过多（{len(infos)}个，上限{limits.entries}个），拒绝打开")
    total = sum(i.file_size for i in infos)
    if total > limits.inflated:
        raise PackageProblem("unsafe", f"{noun}解压后过大（{total // 1024 // 1024} MB，上限"
                             f"{limits.inflated // 1024 // 1024} MB），疑似压缩炸弹，拒绝打开")
    for info in infos:
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise PackageProblem("unsafe", f"{noun}中“{info.filename}”压缩比异常，疑似压缩炸弹，拒绝打开")
    _check_no_dtd(data, infos, noun)
    return infos


def check_zip(data: bytes, path: Path) -> None:
    if data.startswith(_OLE_MAGIC):
        raise _error("xlsx-invalid", "这是旧版 .xls 工作簿或设置了打开密码的工作簿：请在 Excel 中取消密码，"
                     "另存为“Excel 工作簿（*.xlsx）”后再试", path)
    try:
        infos = inspect_package(data, "工作簿", WORKBOOK_LIMITS)
    except PackageProblem as problem:
        message = problem.message
        if problem.not_a_package:
            message = "文件不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名"
        raise _error(f"xlsx-{problem.kind}", message, path) from problem
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _error("xlsx-invalid", "文件不是 Excel 工作簿（缺少工作簿结构）", path)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _error("xlsx-unsafe", "工作簿含有宏，请另存为不含宏的 .xlsx 后再试", path)


def _check_no_dtd(data: bytes, infos, noun: str) -> None:
    """Refuse any XML part that declares a DTD or entities, before any XML parser sees it
    (openpyxl and python-docx parse some parts with lxml, others with defusedxml; this holds
    for both)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES) and _declares_dtd(zf, info):
                    raise PackageProblem("unsafe", f"{noun}的“{info.filename}”含有 XML 实体/DTD 定义"
                                         "（可能是 XXE 或实体膨胀攻击），拒绝打开")
    except _ZIP_ERRORS as exc:
        raise PackageProblem("invalid", f"{noun}已损坏（{type(exc).__name__}），请重新保存后再试") from exc


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
            raise _error("xlsx-unsafe", f"工作表“{ws.title}”的使用范围过大（A1:{corner}，约{rows * cols:,}个单元格，"
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
            raise _error("xlsx-unsafe", "工作簿中含有不安全的 XML 实体定义，拒绝打开", path) from exc
        raise _error("xlsx-invalid", f"工作簿无法打开（{reason}），可能已损坏", path) from exc
    try:
        check_sheet_sizes(wb, path)
    except InputError:
        wb.close()
        raise
    return wb


def _chain_names(exc: BaseException) -> set[str]:
    names, seen = set(), set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        names.add(type(exc).__name__)
        exc = exc.__cause__ or exc.__context__
    return names
