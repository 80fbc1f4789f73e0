"""Open a workbook only after checking it is a sane zip: no zip bomb, no macro, no DTD, not
Strict Open XML, and no sheet holding more than a fill-in workbook ever does — all decided
before openpyxl parses anything large. openpyxl opens it read-only (it parses workbook.xml,
styles and shared strings; sheets are streamed by load/xlsx_sheet.py), with defusedxml (we
refuse to run without it), and its English warnings are kept from the user.

Time and memory are bounded by counts checked up front, so any workbook up to the 50 MB file
limit is read or refused in seconds (benchmarks/xlsx_read.py measures it).
"""

from __future__ import annotations

import codecs
import io
import re
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import openpyxl.xml

from ..errors import InputError
from ..rulebook import XLSX_INVALID, XLSX_STRICT, XLSX_UNSAFE

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 300 * 1024 * 1024  # inflated size of all parts
MAX_RATIO = 200  # inflated / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_PART = 64 * 1024 * 1024  # inflated size of one part (a sheet, the shared strings)
# The reader walks each sheet's used area row by row and column by column: one stray value at
# XFD1048576 in a 17 KB file would otherwise ask for 17 billion cells. A fill-in sheet uses a
# few thousand.
MAX_SHEET_CELLS = 500_000
# Counted in the sheets' XML before parsing. The examples' workbooks have ~20,000 cells (most of
# them the empty, formatted input rows), ~100 merged ranges and ~30 drop-down lists; the large
# benchmark department (2,000 ledger lines) 46,000 cells. A workbook full of values at the limit
# reads in ~3 s (benchmarks/xlsx_read.py).
MAX_CELLS = 300_000
MAX_ROWS = 200_000
MAX_MERGES = 20_000
MAX_VALIDATIONS = 2_000
_STRICT = b"purl.oclc.org/ooxml"  # the namespaces of Strict Open XML
# OOXML forbids DTDs; a DOCTYPE or ENTITY in any XML part is an XXE or billion-laughs attempt.
_DTD_MARKERS = (b"<!doctype", b"<!entity")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an xlsx encrypted with a password
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
               NotImplementedError, RuntimeError, zlib.error)


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
        raise InputError.of(XLSX_INVALID, "这是旧版 .xls 工作簿或设置了打开密码的工作簿：请在 Excel 中取消密码，"
                     "另存为“Excel 工作簿（*.xlsx）”后再试", path)
    try:
        infos = inspect_package(data, "工作簿", WORKBOOK_LIMITS)
    except PackageProblem as problem:
        message = problem.message
        if problem.not_a_package:
            message = "文件不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名"
        raise InputError.of(XLSX_UNSAFE if problem.kind == "unsafe" else XLSX_INVALID, message, path) from problem
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise InputError.of(XLSX_INVALID, "文件不是 Excel 工作簿（缺少工作簿结构）", path)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise InputError.of(XLSX_UNSAFE, "工作簿含有宏，请另存为不含宏的 .xlsx 后再试", path)
    big = next((i for i in infos if i.file_size > MAX_PART), None)
    if big is not None:
        raise InputError.of(XLSX_UNSAFE, f"工作簿中“{big.filename}”解压后过大（{big.file_size // 1024 // 1024} MB，"
                     f"上限{MAX_PART // 1024 // 1024} MB），拒绝打开", path)
    _check_not_strict(data, names, path)


def _check_not_strict(data: bytes, names: set[str], path: Path) -> None:
    """Excel's "Strict Open XML Spreadsheet" uses other namespaces, which openpyxl cannot read."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for part in ("_rels/.rels", "xl/workbook.xml"):
            if part in names:
                with zf.open(part) as fh:
                    if _STRICT in fh.read(4096):
                        raise InputError.of(XLSX_STRICT, "这是“Strict Open XML 电子表格”格式的工作簿，本工具读不了：请在 Excel 中"
                                     "“另存为”，保存类型选“Excel 工作簿（*.xlsx）”后再试", path)


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


_ROOT = re.compile(rb"<[a-z_]")  # the first start tag: a DTD can only come before it
_PROLOG = 64 * 1024


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part's prolog declares a DTD or entities. XML allows a DOCTYPE only before
    the root element, so only the head is read: a prolog longer than 64 KB counts as one."""
    with zf.open(info) as fh:
        head = fh.read(_PROLOG)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:  # UTF-16 (allowed by OPC)
        head = codecs.decode(head, "utf-16", "replace").encode("utf-8", "replace")
    head = head.lower()
    root = _ROOT.search(head)
    prolog = head[: root.start()] if root else head
    return any(marker in prolog for marker in _DTD_MARKERS) or (root is None and len(head) >= _PROLOG)


_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell[\s/>]")
_VALIDATION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dataValidation[\s/>]")


def census(zf: zipfile.ZipFile, parts: dict[str, str], path: Path) -> None:
    """Count the cells, rows, merged ranges and drop-down lists of every sheet (`parts`: zip
    part → sheet title) in one streaming pass, and refuse a workbook over the limits before a
    single cell is parsed."""
    totals = {"cells": 0, "rows": 0}
    for part, title in parts.items():
        counts = {"cells": 0, "rows": 0, "merges": 0, "validations": 0}
        patterns = {"cells": _CELL, "rows": _ROW, "merges": _MERGE, "validations": _VALIDATION}
        carry = b""
        with zf.open(part) as fh:
            while True:
                chunk = fh.read(1024 * 1024)
                buffer = carry + chunk
                cut = len(buffer) - 64 if chunk else len(buffer)  # a tag never spans 64 bytes
                for key, pattern in patterns.items():
                    counts[key] += sum(1 for m in pattern.finditer(buffer, 0, len(buffer)) if m.start() < cut)
                carry = buffer[cut:]
                if not chunk:
                    break
        for key, limit, what in (("merges", MAX_MERGES, "合并单元格区域"), ("validations", MAX_VALIDATIONS, "下拉列表（数据验证）")):
            if counts[key] > limit:
                raise InputError.of(XLSX_UNSAFE, f"工作表“{title}”中的{what}过多（{counts[key]:,}个，上限{limit:,}个），拒绝打开", path)
        totals["cells"] += counts["cells"]
        totals["rows"] += counts["rows"]
    for key, limit, what in (("cells", MAX_CELLS, "单元格"), ("rows", MAX_ROWS, "行")):
        if totals[key] > limit:
            raise InputError.of(XLSX_UNSAFE, f"工作簿中的{what}过多（{totals[key]:,}个，上限{limit:,}个；填报表通常只有几万个单元格）："
                         "通常是大片空白区域被设置了格式，请删除多余的行和列后重新保存", path)


@contextmanager
def quiet():
    """openpyxl's UserWarnings ("Data Validation extension is not supported…", "Unknown
    extension…") are about features it drops when *writing*; reading only needs values. They are
    English and say nothing to a clerk: keep them off the terminal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def open_workbook(source: Path | bytes, path: Path | None = None):
    """Open an xlsx safely and read-only, with cached values for formulas (see xlsx_sheet.py for
    reading its sheets). The caller closes it."""
    if not openpyxl.xml.DEFUSEDXML:
        raise RuntimeError("defusedxml is required to read workbooks safely")
    path = path or (source if isinstance(source, Path) else Path("workbook.xlsx"))
    data = source.read_bytes() if isinstance(source, Path) else source
    check_zip(data, path)
    try:
        with quiet():
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False,
                                        keep_links=False)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for broken files
        reason = type(exc).__name__
        chain = _chain_names(exc)  # openpyxl wraps the parser's error in a ValueError
        if chain & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"}:
            raise InputError.of(XLSX_UNSAFE, "工作簿中含有不安全的 XML 实体定义，拒绝打开", path) from exc
        raise InputError.of(XLSX_INVALID, f"工作簿无法打开（{reason}），可能已损坏", path) from exc
    try:
        census(wb._archive, {ws._worksheet_path: ws.title for ws in wb.worksheets}, path)
    except InputError:
        wb.close()
        raise
    except _ZIP_ERRORS as exc:
        wb.close()
        raise InputError.of(XLSX_INVALID, f"工作簿已损坏（{type(exc).__name__}），请在 Excel 中重新保存", path) from exc
    return wb


def _chain_names(exc: BaseException | None) -> set[str]:
    names, seen = set(), set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        names.add(type(exc).__name__)
        exc = exc.__cause__ or exc.__context__
    return names
