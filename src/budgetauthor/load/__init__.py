"""Load stage: a YAML file or an xlsx workbook becomes plain data plus a location for every value.

Plain data means dicts, lists, strings and None only: every scalar keeps the text the user typed,
so codes keep their leading zeros and amounts never pass through float. The schema and model
stages interpret the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..findings import Finding, Location, Severity
from .limits import check_file

YAML_SUFFIXES = {".yaml", ".yml"}
XLSX_SUFFIXES = {".xlsx"}


@dataclass
class LoadedInput:
    data: dict
    source: Path
    kind: str  # "yaml" or "xlsx"
    locations: dict[tuple, Location] = field(default_factory=dict)

    def locate(self, path: tuple) -> Location | None:
        """The location of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            loc = self.locations.get(path)
            if loc is not None or not path:
                return loc or Location(file=str(self.source))
            path = path[:-1]


def input_error(code: str, message: str, location: Location | None = None) -> InputError:
    finding = Finding(code, Severity.ERROR, message, (), location)
    return InputError(message, [finding])


def load(path: str | Path) -> LoadedInput:
    """Read a budget file (YAML or xlsx). Raises InputError when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in YAML_SUFFIXES | XLSX_SUFFIXES:
        raise input_error(
            "file-type",
            f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：请提供 .yaml/.yml 数据文件或 .xlsx 填报表",
            Location(file=str(path)),
        )
    data = check_file(path)
    if suffix in YAML_SUFFIXES:
        from .yaml_source import load_yaml_bytes

        return load_yaml_bytes(data, path)
    from .xlsx_source import load_xlsx_bytes

    return load_xlsx_bytes(data, path)
