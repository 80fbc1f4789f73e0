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


def _rows_from_file(path: Path) -> list[dict[str, str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError.of(CATALOG_FILE, "科目目录文件编码无法识别（请使用 UTF-8 或 GBK）", path)
        return list(csv.DictReader(io.StringIO(text)))
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
    for row in rows:
        code, name = _pick(row, "code"), _pick(row, "name")
        if not code or not name:
            continue
        if not code.isdigit():
            raise InputError.of(CATALOG_FILE, f"科目目录中的编码“{code}”不是数字", path)
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
