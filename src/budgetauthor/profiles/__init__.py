"""Layout profiles: the document a finance bureau asks for, as data.

A profile is a folder (shipped ones in profiles/ beside the code, a bureau's own anywhere):

    profile.yaml   description, document kind, money units, numbering, 目录, what is required
    outline.yaml   parts, sections and tables in order, with their titles
    wording.yaml   every sentence pattern, label, empty-table note and 名词解释 entry
    template.docx  the Word template: styles and one block per kind of section or table

`base: standard` in profile.yaml inherits everything the folder does not give itself, so a
profile that only reorders the document is an outline.yaml and a two-line profile.yaml.

This package sits beside the model: it reads configuration and imports no pipeline stage
after load. Validation reads `requires`, prose reads `wording` and `numbering`, render reads
`outline`, `template`, `numbering` and `toc`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..errors import InputError, TemplateProblem
from ..findings import Finding, Location, Severity
from ..resources import data_dir
from ..rulebook import PROFILE_MISSING, PROFILE_VALUE
from .loader import PROFILE_FILE, read_profile
from .model import LayoutProfile, MoneyStyle, OutlineNode, Requirements, Wording
from .numbering import Numbering, format_number, zh_number

DEFAULT = "standard"
_NAME = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff]+$")

__all__ = [
    "DEFAULT", "LayoutProfile", "MoneyStyle", "Numbering", "OutlineNode", "ProfileNotFound",
    "ProfileProblem", "Requirements", "Wording", "for_budget", "format_number", "load_profile", "shipped",
    "standard", "zh_number",
]


class ProfileNotFound(InputError):
    """The named profile does not exist (exit 2, like a missing file)."""


class ProfileProblem(TemplateProblem):
    """A profile that exists but is wrong (exit 1); its findings say where."""


def shipped_folder() -> Path:
    return data_dir("profiles")


def shipped() -> list[LayoutProfile]:
    """The profiles that come with budgetauthor, standard first."""
    names = sorted(p.name for p in shipped_folder().iterdir() if (p / PROFILE_FILE).is_file())
    names.sort(key=lambda n: n != DEFAULT)
    return [load_profile(n) for n in names]


def standard() -> LayoutProfile:
    return load_profile(DEFAULT)


def locate(ref: str | Path, relative_to: Path | None = None) -> Path:
    """The folder of a profile given by name (a shipped one) or by path."""
    text = str(ref).strip()
    if _NAME.match(text) and (shipped_folder() / text / PROFILE_FILE).is_file():
        return shipped_folder() / text
    path = Path(text).expanduser()
    if not path.is_absolute() and relative_to is not None:
        path = relative_to / path
    if path.is_file() and path.name == PROFILE_FILE:
        path = path.parent
    if (path / PROFILE_FILE).is_file():
        return path.resolve()
    names = "、".join(p.name for p in shipped())
    message = (f"找不到版式方案“{text}”：内置的有 {names}；自己的版式方案请给出其文件夹的路径"
               f"（文件夹中应有 {PROFILE_FILE}）")
    raise ProfileNotFound.of(PROFILE_MISSING, message, Location(file=text))


def for_budget(style: str, override: str | Path | None = None,
               relative_to: Path | None = None) -> tuple[LayoutProfile, str]:
    """The layout a budget is rendered with: the command line's (`override`), else the one its
    data names in profile.style (a folder path relative to the data file), else the standard one.

    A profile named on the command line that does not exist is a usage error (raised); one named
    in the data does not stop the program: the standard layout stands in, and the second value
    says why (validation reports it at profile.style)."""
    if override:
        return load_profile(override), ""
    if not style:
        return standard(), ""
    try:
        return load_profile(style, relative_to), ""
    except ProfileNotFound:
        names = "、".join(p.name for p in shipped())
        return standard(), (f"版式方案“{style}”不存在：内置的有 {names}，自己的版式方案请写其文件夹的路径"
                            f"（相对于数据文件所在的文件夹）")


def load_profile(ref: str | Path, relative_to: Path | None = None) -> LayoutProfile:
    """Load a profile by name or path; raises ProfileNotFound or ProfileProblem."""
    folder = locate(ref, relative_to)
    return _load(str(folder), _signature(folder), ())


def _signature(folder: Path) -> tuple:
    """Changes to a profile's files (in a long-running process) give a new cache entry."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            stat = path.stat()
            out.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(out)


@functools.lru_cache(maxsize=16)
def _load(folder_text: str, signature: tuple, chain: tuple[str, ...]) -> LayoutProfile:
    folder = Path(folder_text)
    shipped_root = shipped_folder().resolve()
    name = folder.name if folder.resolve().parent == shipped_root else str(folder)

    def base_of(ref: str, here: Path) -> LayoutProfile:
        base_folder = locate(ref, here)
        if str(base_folder) in chain + (folder_text,):
            message = f"版式方案“{name}”的 base 形成了循环：{' → '.join(chain + (folder_text, str(base_folder)))}"
            raise ProfileProblem(message, [PROFILE_VALUE.finding(message, ("base",),
                                                                 location=Location(file=str(here / PROFILE_FILE)))])
        return _load(str(base_folder), _signature(base_folder), chain + (folder_text,))

    profile, findings = read_profile(folder, base_of, name)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if profile is None or errors:
        raise ProfileProblem(f"版式方案“{name}”有误，无法使用", findings)
    _WARNINGS[folder_text] = [f for f in findings if f.severity is Severity.WARNING]
    return profile


_WARNINGS: dict[str, list[Finding]] = {}


def warnings_of(profile: LayoutProfile) -> list[Finding]:
    """Warnings found when the profile was loaded (unknown keys and the like)."""
    return list(_WARNINGS.get(str(profile.folder), []))
