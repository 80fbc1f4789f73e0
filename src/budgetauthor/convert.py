"""Convert a budget between YAML and the Excel fill-in workbook, losslessly.

    from budgetauthor.convert import convert
    result = convert("examples/minimal.yaml", "minimal.xlsx")

Both directions go through the plain data load() produces: yaml → xlsx writes the workbook
from the shared layout; xlsx → yaml writes readable YAML (yaml_out.py). The output is written
atomically (a temp file in the same folder, then a rename) and the input is never overwritten.
`result.unplaced` lists values of the input that have no place in the target (e.g. a key
misspelt in YAML has no column in the workbook).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import catalog
from .load import XLSX_SUFFIXES, YAML_SUFFIXES, LoadedInput, load
from .output import check_target, output_error, write_atomic
from .workbook.writer import write_workbook, year_of
from .yaml_out import dump, node_at


@dataclass
class ConvertResult:
    source: Path
    target: Path
    loaded: LoadedInput
    unplaced: list[tuple] = field(default_factory=list)  # key paths the target could not hold


def _check_target(source: Path, target: Path, force: bool) -> None:
    suffix = target.suffix.lower()
    if suffix not in YAML_SUFFIXES | XLSX_SUFFIXES:
        raise output_error(f"输出文件须为 .yaml/.yml 或 .xlsx：{target}", target)
    if target.resolve() == source.resolve() or (target.exists() and target.samefile(source)):
        raise output_error(f"输出文件与输入文件相同（{target}），为防止覆盖原数据，请换一个文件名", target)
    if target.exists() and not force:
        raise output_error(f"输出文件已存在：{target}（如确需覆盖，请加 --force）", target)
    check_target(target, source)


def leaf_paths(value, path: tuple = ()) -> set[tuple]:
    """Every key path that holds a non-empty scalar (a comparison {amount: x} counts as x)."""
    if isinstance(value, dict) and set(value) == {"amount"} and (node_at(path) or {}).get("coerce") == "comparison":
        value = value["amount"]
    if path == ("version",):
        return set()
    if isinstance(value, dict):
        return set().union(*(leaf_paths(v, path + (k,)) for k, v in value.items())) if value else set()
    if isinstance(value, list):
        return set().union(*(leaf_paths(v, path + (i,)) for i, v in enumerate(value))) if value else set()
    if value is None or (isinstance(value, str) and not value.strip()):
        return set()
    return {path}


def write_yaml(target: Path, data: dict, source_name: str, *inputs: Path) -> None:
    header = (f"# 部门预算数据：由 budgetauthor convert 从“{source_name}”转换。",
              "# profile 写“是谁”，approved 写财政部门批复的控制数，ledger 是预算明细",
              "# （每一行 = 单位 × 功能科目 × 经济科目 × 基本/项目 × 资金来源 × 金额），其余各节补充文字和上年情况。",
              "# 表格、合计和文中的每一个数字都由 ledger 推算。")
    write_atomic(target, dump(data, header).encode("utf-8"), *inputs)


def convert(source: str | Path, target: str | Path, *, force: bool = False) -> ConvertResult:
    """Read `source` (YAML or xlsx) and write it to `target` in the format of its extension."""
    source, target = Path(source), Path(target)
    loaded = load(source)
    _check_target(source, target, force)
    if target.suffix.lower() in XLSX_SUFFIXES:
        write_workbook(target, loaded.data, inputs=(source,))
        written = load(target).data
    else:
        write_yaml(target, loaded.data, source.name, source)
        written = loaded.data
    unplaced = sorted(leaf_paths(loaded.data) - leaf_paths(written), key=str)
    return ConvertResult(source, target, loaded, unplaced)


def init_workbook(target: str | Path, *, year: int | None = None, source: str | Path | None = None,
                  force: bool = False) -> int:
    """Write the fill-in workbook (`budgetauthor init`): blank, or filled from `source`'s data.
    Returns the budget year whose catalogue the drop-downs list."""
    target = Path(target)
    if target.suffix.lower() != ".xlsx":
        raise output_error(f"填报表须保存为 .xlsx 文件：{target}", target)
    data = load(source).data if source else None
    if source and target.exists() and target.samefile(source):
        raise output_error(f"输出文件与 --from 的数据文件相同（{target}），请换一个文件名", target)
    if target.exists() and not force:
        raise output_error(f"文件已存在：{target}（为防止覆盖已填写的内容，如确需重新生成，请加 --force）", target)
    check_target(target, source)  # before building: a folder, a device, an unwritable place
    year = year or year_of(data) or max(catalog.available_years())
    write_workbook(target, data or {"profile": {"year": str(year)}}, year, inputs=(source,))
    return year
