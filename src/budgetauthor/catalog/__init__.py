"""The 政府收支分类科目 catalogue: 功能分类 (类/款/项) and 部门预算支出经济分类 (类/款).

Built-in lists ship under data/<folder>/, one folder per edition that really differs; each is
valid for the range of budget years data/editions.csv gives it (see data/SOURCES.md for provenance).
They are a sourced subset, not the official book: a finance bureau supplies its official list
with `--catalog FILE` (CSV or xlsx with columns code, name[, explanation]), which replaces the
built-in list of each scheme it contains.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..rulebook import CATALOG_FILE
from ..text import invisible, normalize_code

_DATA = Path(__file__).resolve().parent / "data"

# 类 whose 款 the built-in list covers completely; elsewhere a missing 款 is only "unknown".
_BUILTIN_COMPLETE_CLASSES = {"201", "206", "208", "210", "212", "213", "221"}


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    explanation: str = ""
    source: str = ""


@dataclass
class Catalog:
    year: int
    function: dict[str, Entry] = field(default_factory=dict)
    economic: dict[str, Entry] = field(default_factory=dict)
    origin: str = "内置目录"
    complete_function_classes: set[str] = field(default_factory=set)
    economic_complete: bool = True
    builtin_year: int | None = None  # the year of the built-in list in use, if any scheme uses one

    def scheme(self, name: str) -> dict[str, Entry]:
        return self.function if name == "function" else self.economic

    def name(self, scheme: str, code: str) -> str:
        entry = self.scheme(scheme).get(code)
        return entry.name if entry else ""

    def explanation(self, code: str) -> str:
        entry = self.function.get(code) or self.economic.get(code)
        return entry.explanation if entry else ""

    def parent_is_complete(self, scheme: str, parent: str) -> bool:
        """Whether the catalogue lists every child of `parent`'s 类, so a missing 款 is an error."""
        if scheme == "economic":
            return self.economic_complete
        return parent[:3] in self.complete_function_classes

    def function_classes(self) -> list[Entry]:
        return [e for code, e in sorted(self.function.items()) if len(code) == 3]


@functools.lru_cache(maxsize=1)
def _editions() -> dict[int, str]:
    """Budget year → the folder of its built-in lists (data/editions.csv: folder, first, last year)."""
    with open(_DATA / "editions.csv", encoding="utf-8", newline="") as fh:
        return {
            year: row["folder"]
            for row in csv.DictReader(fh)
            for year in range(int(row["first_year"]), int(row["last_year"]) + 1)
        }


def available_years() -> list[int]:
    return sorted(_editions())


def _read_csv(path: Path) -> dict[str, Entry]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            row["code"]: Entry(row["code"], row["name"], row.get("explanation") or "", row.get("source") or "")
            for row in csv.DictReader(fh)
        }


def builtin(year: int) -> Catalog:
    """The built-in catalogue of `year`, or of the nearest year shipped."""
    years = available_years()
    chosen = min(years, key=lambda y: (abs(y - year), -y))
    folder = _DATA / _editions()[chosen]
    return Catalog(
        year=chosen,
        function=_read_csv(folder / "function.csv"),
        economic=_read_csv(folder / "economic.csv"),
        origin=f"内置{chosen}年目录" + ("" if chosen == year else f"（{year}年目录未内置，按{chosen}年校验）"),
        complete_function_classes=set(_BUILTIN_COMPLETE_CLASSES),
        builtin_year=chosen,
    )


# A catalogue row: codes are at most 9 digits (收入分类 has 7, 功能分类 7, 经济分类 5); names
# and explanations as long as the budget file's own short and long texts may be.
MAX_CODE = 9
MAX_NAME = 200
MAX_EXPLANATION = 5000


def _rows_from_file(path: Path) -> list[dict[str, str]]:
    from ..load.limits import check_file

    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = check_file(path)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError.of(CATALOG_FILE, "科目目录文件编码无法识别（请使用 UTF-8 或 GBK）", path)
        try:
            # the csv module refuses a field over 128 KB itself; this is what it says then
            return list(csv.DictReader(io.StringIO(text)))
        except csv.Error as exc:
            raise InputError.of(CATALOG_FILE, f"科目目录文件不是有效的 CSV（第{_csv_line(text)}行附近："
                                "某一格内容过长，或引号没有成对），请用 Excel 另存为 CSV 后再试", path) from exc
    if suffix == ".xlsx":
        from ..load.xlsx_safety import open_workbook

        wb = open_workbook(path)
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        wb.close()
        if not rows:
            return []
        header = [str(h or "").strip() for h in rows[0]]
        return [
            {header[i]: ("" if v is None else str(v)) for i, v in enumerate(r) if i < len(header)}
            for r in rows[1:]
        ]
    raise InputError.of(CATALOG_FILE, "科目目录文件须为 .csv 或 .xlsx", path)


_HEADERS = {
    "code": ("code", "科目编码", "编码", "代码"),
    "name": ("name", "科目名称", "名称"),
    "explanation": ("explanation", "说明", "科目说明", "解释"),
}


def _pick(row: dict[str, str], key: str) -> str:
    for header in _HEADERS[key]:
        if header in row and row[header] is not None:
            return str(row[header]).strip()
    return ""


def _csv_line(text: str) -> int:
    """The line where the csv module gave up: the first with an over-long field or open quote."""
    reader = csv.reader(io.StringIO(text))
    try:
        for _ in reader:
            pass
    except csv.Error:
        return reader.line_num
    return reader.line_num


def _checked_row(path: Path, number: int, code: str, name: str, explanation: str) -> None:
    """Refuse a row whose fields no catalogue has: the document prints these names."""
    where = f"科目目录第{number}行"
    if len(code) > MAX_CODE:
        raise InputError.of(CATALOG_FILE, f"{where}的编码过长（{len(code)}位，科目编码最多{MAX_CODE}位）", path)
    if not code.isascii() or not code.isdigit():
        raise InputError.of(CATALOG_FILE, f"{where}的编码“{code[:20]}”不是数字", path)
    for label, value, limit in (("名称", name, MAX_NAME), ("说明", explanation, MAX_EXPLANATION)):
        if len(value) > limit:
            raise InputError.of(CATALOG_FILE, f"{where}（{code}）的{label}过长（{len(value):,}字，上限{limit:,}字）", path)
        if invisible(value) or any(ord(c) < 32 and c not in "\n\t" for c in value):
            raise InputError.of(CATALOG_FILE, f"{where}（{code}）的{label}含有看不见的字符（控制字符、零宽字符或"
                                "文字方向控制符），请删除", path)


def load(year: int, catalog_file: str | Path | None = None) -> Catalog:
    """The catalogue for `year`; `catalog_file` (the finance bureau's list) replaces the
    built-in scheme(s) it covers: codes starting with 2 are 功能分类, with 3 经济分类."""
    base = builtin(year)
    if catalog_file is None:
        return base
    path = Path(catalog_file)
    if not path.is_file():
        raise InputError.of(CATALOG_FILE, f"找不到科目目录文件：{path}", path)
    rows = _rows_from_file(path)
    function: dict[str, Entry] = {}
    economic: dict[str, Entry] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        code, name = normalize_code(_pick(row, "code")), _pick(row, "name")
        if not code or not name:
            continue
        _checked_row(path, number, code, name, _pick(row, "explanation"))
        target, fallback = (function, base.function) if code[0] == "2" else (economic, base.economic)
        explanation = _pick(row, "explanation") or (
            fallback[code].explanation if code in fallback and fallback[code].name == name else ""
        )
        target[code] = Entry(code, name, explanation, f"file:{path.name}")
    if not function and not economic:
        raise InputError.of(CATALOG_FILE, "科目目录文件中没有找到“code/科目编码”与“name/科目名称”两列的数据", path)
    catalog = Catalog(
        year=year,
        function=function or base.function,
        economic=economic or base.economic,
        origin=f"{path.name}",
        complete_function_classes=(
            {c for c in function if len(c) == 3} if function else base.complete_function_classes
        ),
        builtin_year=None if function and economic else base.builtin_year,
    )
    return catalog
