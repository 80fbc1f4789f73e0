"""Read a profile folder, merge its base profile in, and check it against the spec.

Every problem becomes a finding with a Chinese message and the file, line and column it comes
from, so a finance bureau editing a copied profile is told exactly what to fix. A profile with
errors is never used: ProfileProblem is raised with all of its findings at once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..findings import Finding, Location, Rule
from ..load import LoadedInput, load
from ..rulebook import (
    PROFILE_KEY,
    PROFILE_MISSING,
    PROFILE_OUTLINE,
    PROFILE_PATTERN,
    PROFILE_VALUE,
    PROFILE_WORDING_MISSING,
)
from .model import LayoutProfile, MoneyStyle, OutlineNode, Requirements, Wording
from .numbering import HeadingNumber, Numbering, number_format
from .patterns import Pattern, PatternError, parse
from .spec import (
    BLOCKS,
    COMPARISONS,
    DOCUMENT_KINDS,
    LIST_PARAMETERS,
    LISTS,
    PARAMETERS,
    PLACEHOLDERS,
    REQUIREMENTS,
    TABLES,
    TEXTS,
    WORDING,
    allowed_placeholders,
    wording_entry,
)

PROFILE_FILE, OUTLINE_FILE, WORDING_FILE = "profile.yaml", "outline.yaml", "wording.yaml"
_ID = re.compile(r"^[A-Za-z0-9_\u4e00-\u9fff]+$")
_BLOCK = re.compile(r"^[A-Za-z0-9_.\u4e00-\u9fff]+$")
_CHINESE = {v: k for k, v in PLACEHOLDERS.items()}
_PROFILE_KEYS = {"description", "base", "kind", "template", "money", "numbering", "toc", "toc_page_numbers",
                 "requires"}
_NODE_KEYS = {"id", "title", "toc", "text", "lines", "table", "block", "heading", "optional", "kinds",
              "children"} | set(PARAMETERS)
_MONEY_KEYS = {"prose", "tables", "decimals", "blank_zeros", "plain_zero"}
DECIMALS = ("0", "1", "2", "auto")


class _Reader:
    """Collects the findings of one profile folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.findings: list[Finding] = []
        self.files: dict[str, LoadedInput] = {}
        self.unreadable: set[str] = set()

    def read(self, name: str) -> dict | None:
        """The file's data; None when it is absent, or unreadable (then its findings are kept)."""
        path = self.folder / name
        if not path.is_file():
            return None
        try:
            loaded = load(path)  # the budget file's reader: its limits, locations and YAML checks
        except InputError as exc:
            self.findings.extend(exc.findings)
            self.unreadable.add(name)
            return None
        self.files[name] = loaded
        return loaded.data

    def where(self, name: str, path: tuple) -> Location:
        loaded = self.files.get(name)
        located = loaded.locate(path) if loaded else None
        return located or Location(file=str(self.folder / name))

    def add(self, rule: Rule, name: str, path: tuple, message: str) -> None:
        self.findings.append(rule.finding(message, tuple(path), location=self.where(name, path)))

    error = warn = add  # the rule carries the severity; the two names say which the caller means

    def pattern(self, name: str, path: tuple, value, allowed: tuple[str, ...], what: str) -> Pattern | None:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(PROFILE_PATTERN, name, path,
                       f"{what}应是一句文字；以 {{ 或 [ 开头的句式须用英文双引号括起来")
            return None
        try:
            pattern = parse(value)
        except PatternError as exc:
            self.error(PROFILE_PATTERN, name, path, f"{what}写法有误：{exc}")
            return None
        allowed_names = {PLACEHOLDERS[a] for a in allowed}
        unknown = sorted(pattern.names - allowed_names)
        if unknown:
            offer = "、".join("{" + n + "}" for n in sorted(allowed_names, key=list(_CHINESE).index))
            self.error(PROFILE_PATTERN, name, path,
                       f"{what}中的占位符{'、'.join('{' + u + '}' for u in unknown)}不可用；可用的有：{offer}")
            return None
        return pattern

    def unknown_keys(self, name: str, path: tuple, data: dict, known: set[str], what: str) -> None:
        for key in data:
            if key not in known:
                self.warn(PROFILE_KEY, name, path + (key,),
                          f"{what}中有无法识别的设置“{key}”（可用：{'、'.join(sorted(known))}），已忽略")


# ---- profile.yaml ----------------------------------------------------------------------------


def _settings(r: _Reader, raw, key: str, keys: set[str], shape: str) -> dict | None:
    """A mapping setting of profile.yaml (money, requires), its unknown keys warned; None when it
    is not written or not a mapping (then the base profile's stands)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.error(PROFILE_VALUE, PROFILE_FILE, (key,), f"{key} 应写{shape}")
        return None
    r.unknown_keys(PROFILE_FILE, (key,), raw, keys, key)
    return raw


def _money(r: _Reader, raw, base: MoneyStyle) -> MoneyStyle:
    if (raw := _settings(r, raw, "money", _MONEY_KEYS, " prose、tables、decimals 等项")) is None:
        return base
    values: dict = {}
    for key in ("prose", "tables"):
        if key in raw:
            if raw[key] in ("万元", "元"):
                values[key] = raw[key]
            else:
                r.error(PROFILE_VALUE, PROFILE_FILE, ("money", key), f"金额单位只能是“万元”或“元”，不能是“{raw[key]}”")
    if "decimals" in raw:
        given = raw["decimals"] if isinstance(raw["decimals"], dict) else {u: raw["decimals"] for u in ("万元", "元")}
        places = dict(base.decimals)
        for unit, value in given.items():
            if unit not in places or str(value) not in DECIMALS:
                r.error(PROFILE_VALUE, PROFILE_FILE, ("money", "decimals"),
                        "小数位数 decimals 写一个数（0、1 或 2，或 auto：金额都是整数时不印小数，否则两位），"
                        "或分单位写，如 {万元: 2, 元: auto}")
                continue
            places[unit] = str(value) if str(value) == "auto" else int(value)
        values["decimals"] = tuple(places.items())
    for key in ("blank_zeros", "plain_zero"):
        values[key] = _flag(r, ("money", key), raw, getattr(base, key))
    return replace(base, **values)


def _numbering(r: _Reader, raw, base: Numbering | None) -> Numbering:
    headings = dict(base.headings) if base else {}
    lists = dict(base.lists) if base else {}
    raw = raw or {}
    if not isinstance(raw, dict):
        r.error(PROFILE_VALUE, PROFILE_FILE, ("numbering",), "numbering 应包含 headings 和 lists 两部分")
        raw = {}
    r.unknown_keys(PROFILE_FILE, ("numbering",), raw, {"headings", "lists"}, "numbering")

    def fmt(path: tuple, value) -> Pattern | None:
        try:
            return number_format("" if value is None else str(value))
        except PatternError as exc:
            r.error(PROFILE_PATTERN, PROFILE_FILE, path, f"编号格式“{value}”有误：{exc}")
            return None

    for style, value in (raw.get("headings") or {}).items():
        path = ("numbering", "headings", style)
        if isinstance(value, dict):
            r.unknown_keys(PROFILE_FILE, path, value, {"heading", "toc"}, f"标题样式“{style}”的编号")
            heading, toc = fmt(path + ("heading",), value.get("heading")), fmt(path + ("toc",), value.get("toc"))
        else:
            heading = toc = fmt(path, value)
        if heading is not None and toc is not None:
            headings[style] = HeadingNumber(heading, toc)
    for name, value in (raw.get("lists") or {}).items():
        path = ("numbering", "lists", name)
        if name not in LISTS:
            r.warn(PROFILE_KEY, PROFILE_FILE, path, f"没有名为“{name}”的列举编号（可用：{'、'.join(LISTS)}），已忽略")
            continue
        pattern = fmt(path, value)
        if pattern is not None:
            lists[name] = pattern
    for name, label in LISTS.items():
        if name not in lists:
            r.error(PROFILE_VALUE, PROFILE_FILE, ("numbering", "lists"), f"缺少列举编号 {name}（{label}）")
    return Numbering(headings, lists)


def _toc(r: _Reader, raw, base: dict[str, int] | None) -> dict[str, int]:
    if raw is None:
        return dict(base or {})
    if not isinstance(raw, dict):
        r.error(PROFILE_VALUE, PROFILE_FILE, ("toc",), "toc 应写“Word 样式名: 目录级别”")
        return dict(base or {})
    out = {}
    for style, level in raw.items():
        if str(level) in "123456789" and len(str(level)) == 1:
            out[style] = int(level)
        else:
            r.error(PROFILE_VALUE, PROFILE_FILE, ("toc", style), f"目录级别应是 1 到 9 的数字，不能是“{level}”")
    return out


def _flag(r: _Reader, path: tuple, settings: dict, base: bool) -> bool:
    """The yes/no setting path[-1] of the mapping `settings` in profile.yaml (true or false), the
    base profile's when not written or written wrong (then with an error)."""
    if path[-1] not in settings:
        return base
    flag = str(settings[path[-1]]).lower()
    if flag not in ("true", "false"):
        r.error(PROFILE_VALUE, PROFILE_FILE, path, f"{path[-1]} 只能写 true 或 false")
        return base
    return flag == "true"


def _requires(r: _Reader, raw, base: Requirements) -> Requirements:
    keys = set(REQUIREMENTS) | {"previous"}
    if (raw := _settings(r, raw, "requires", keys, "各项内容是否公开（true 或 false）")) is None:
        return base
    values: dict = {}
    for key in REQUIREMENTS:
        values[key] = _flag(r, ("requires", key), raw, getattr(base, key))
    if "previous" in raw:
        previous = raw["previous"] or []
        if not isinstance(previous, list):
            r.error(PROFILE_VALUE, PROFILE_FILE, ("requires", "previous"), "previous 应是一个列表")
        else:
            unknown = [m for m in previous if m not in COMPARISONS]
            for metric in unknown:
                r.error(PROFILE_VALUE, PROFILE_FILE, ("requires", "previous", previous.index(metric)),
                        f"没有名为“{metric}”的比较项（可用：{'、'.join(COMPARISONS)}）")
            values["previous"] = tuple(m for m in previous if m in COMPARISONS)
    return replace(base, **values)


# ---- wording.yaml ------------------------------------------------------------------------------


def _flatten(data: dict, prefix: tuple = ()):
    """(path, value) for every pattern; a mapping keyed by 部门预算/单位预算 is one pattern, and
    so is a mapping of keys without values: YAML's reading of an unquoted "{金额}…" pattern."""
    for key, value in data.items():
        path = prefix + (key,)
        is_group = isinstance(value, dict) and value and not set(value) <= set(DOCUMENT_KINDS)
        if is_group and any(v is not None for v in value.values()):
            yield from _flatten(value, path)
        else:
            yield path, value


def _wording(r: _Reader, raw: dict | None, base: Wording | None) -> Wording:
    patterns = dict(base.patterns) if base else {}
    for path, value in _flatten(raw or {}):
        key = ".".join(str(p) for p in path)
        if wording_entry(key) is None:
            r.warn(PROFILE_KEY, WORDING_FILE, path, f"用语中有程序不使用的键“{key}”（拼写错误？），已忽略")
            continue
        allowed = allowed_placeholders(key)
        if isinstance(value, dict) and value and set(value) <= set(DOCUMENT_KINDS):
            per_kind = {}
            for kind in DOCUMENT_KINDS:
                if kind not in value:
                    r.error(PROFILE_PATTERN, WORDING_FILE, path, f"“{key}”分别写了部门预算和单位预算的说法时，两种都要写")
                    continue
                pattern = r.pattern(WORDING_FILE, path + (kind,), value[kind], allowed, f"句式“{key}”（{kind}）")
                if pattern is not None:
                    per_kind[kind] = pattern
            if len(per_kind) == len(DOCUMENT_KINDS):
                patterns[key] = per_kind
        else:
            pattern = r.pattern(WORDING_FILE, path, value, allowed, f"句式“{key}”")
            if pattern is not None:
                patterns[key] = pattern
    for key in WORDING:
        if WORDING_FILE in r.unreadable:
            break
        if not key.endswith(".*") and key not in patterns:
            r.error(PROFILE_WORDING_MISSING, WORDING_FILE, (),
                    f"缺少句式“{key}”（可用占位符：{'、'.join('{' + PLACEHOLDERS[a] + '}' for a in WORDING[key]) or '仅通用占位符'}）")
    return Wording(patterns)


# ---- outline.yaml ------------------------------------------------------------------------------


def _free_parameter_problem(key: str, value) -> str:
    """What is wrong with the value of a parameter whose values are not a fixed list, if anything."""
    values = value if isinstance(value, list) else [value]
    if key == "blank_zeros":
        if isinstance(value, list):
            if all(isinstance(v, str) and re.match(r"^[a-z_]+$", v) for v in values):
                return ""
        elif str(value).lower() in ("true", "false"):
            return ""
        return "blank_zeros 写 true 或 false，或写一个列表：哪些列为0时留空（如 [vehicle_purchase]）"
    if key == "min_rows" and not (isinstance(value, str) and value.isdigit() and int(value) <= 60):
        return "min_rows 写一个不大于60的整数：表格至少印出的行数（不足的补空白行）"
    if key == "fixed_classes" and not all(isinstance(v, str) and re.match(r"^\d{3}$", v) for v in values):
        return "fixed_classes 写功能分类类级科目编码的列表，如 [\"201\"]"
    return ""


# ---- 部门预算 / 单位预算 variants ------------------------------------------------------------------

# A setting written as {部门预算: …, 单位预算: …} holds one value per document kind (like a sentence
# in wording.yaml); an outline item with `kinds: [部门预算]` appears in those kinds only.


def _is_variant(value) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(DOCUMENT_KINDS)


def has_variants(data) -> bool:
    if _is_variant(data):
        return True
    if isinstance(data, dict):
        return "kinds" in data or any(has_variants(v) for v in data.values())
    if isinstance(data, list):
        return any(has_variants(v) for v in data)
    return False


def for_kind(data, kind: str):
    """The file's data as it reads for one document kind."""
    if _is_variant(data):
        return for_kind(data.get(kind), kind)
    if isinstance(data, dict):
        return {k: for_kind(v, kind) for k, v in data.items() if k != "kinds"}
    if isinstance(data, list):
        return [for_kind(v, kind) for v in data if not _excluded(v, kind)]
    return data


def _excluded(item, kind: str) -> bool:
    if not isinstance(item, dict) or "kinds" not in item:
        return False
    kinds = item["kinds"] if isinstance(item["kinds"], list) else [item["kinds"]]
    return kind not in kinds


def _check_kinds(r: _Reader, name: str, data, path: tuple = ()) -> None:
    """`kinds` lists document kinds; a variant names every kind."""
    if _is_variant(data):
        missing = [k for k in DOCUMENT_KINDS if k not in data]
        if missing:
            r.error(PROFILE_VALUE, name, path,
                    f"分别写了部门预算和单位预算的设置时，两种都要写（缺少“{'、'.join(missing)}”）")
        return
    if isinstance(data, dict):
        kinds = data.get("kinds")
        if kinds is not None:
            values = kinds if isinstance(kinds, list) else [kinds]
            if not values or any(v not in DOCUMENT_KINDS for v in values):
                r.error(PROFILE_OUTLINE, OUTLINE_FILE, path + ("kinds",),
                        f"kinds 写文件种类的列表：{'、'.join(DOCUMENT_KINDS)}")
        for k, v in data.items():
            _check_kinds(r, name, v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _check_kinds(r, name, v, path + (i,))


class _OutlineReader:
    def __init__(self, r: _Reader):
        self.r = r
        self.ids: dict[str, tuple] = {}

    def error(self, path: tuple, message: str) -> None:
        self.r.error(PROFILE_OUTLINE, OUTLINE_FILE, path, message)

    def title(self, path: tuple, value, what: str) -> Pattern | None:
        if value is None:
            return None
        return self.r.pattern(OUTLINE_FILE, path, str(value) if not isinstance(value, (dict, list)) else value,
                              allowed_placeholders(""), what)

    def nodes(self, items, path: tuple, depth: int) -> tuple[OutlineNode, ...]:
        if not isinstance(items, list):
            self.error(path, "这里应是一个列表（每项以“- ”开头）")
            return ()
        out = []
        for i, item in enumerate(items):
            node = self.node(item, path + (i,), depth)
            if node is not None:
                out.append(node)
        return tuple(out)

    def node(self, item, path: tuple, depth: int) -> OutlineNode | None:
        if not isinstance(item, dict):
            self.error(path, "每一项应写成“id: …, title: …”的形式")
            return None
        self.r.unknown_keys(OUTLINE_FILE, path, item, _NODE_KEYS, "文档结构的一项")
        node_id = str(item.get("id") or "")
        if not _ID.match(node_id):
            self.error(path, f"缺少 id，或 id“{node_id}”含有字母、数字、下划线和汉字以外的字符")
            return None
        if node_id in self.ids:
            self.error(path + ("id",), f"id“{node_id}”重复（另见第{self.r.where(OUTLINE_FILE, self.ids[node_id]).line}行）")
            return None
        self.ids[node_id] = path
        text, table, block = item.get("text"), item.get("table"), item.get("block")
        if text is not None and text not in TEXTS:
            self.error(path + ("text",), f"没有名为“{text}”的文字内容（可用：{'、'.join(TEXTS)}）")
        if table is not None and table not in TABLES:
            self.error(path + ("table",), f"没有名为“{table}”的表格内容（可用：{'、'.join(TABLES)}）")
        if sum(x is not None for x in (text, table, item.get("lines"))) > 1:
            self.error(path, "text、lines、table 只能写其中一项")
        if block is not None and not _BLOCK.match(str(block)):
            self.error(path + ("block",), f"版式块名称“{block}”含有不允许的字符")
        if block is None:
            if table is not None:
                block = f"table.{node_id}"
            elif text is not None or item.get("lines") is not None:
                block = "paragraphs"
        elif text is None and table is None and block not in BLOCKS and not str(block).startswith("table."):
            pass  # a block of the user's own with fixed content: allowed
        lines = tuple(
            p for j, line in enumerate(item.get("lines") or [])
            if (p := self.title(path + ("lines", j), line, "固定段落")) is not None
        )
        params = {}
        for key, allowed in PARAMETERS.items():
            if key not in item:
                continue
            value = item[key]
            values = value if isinstance(value, list) else [value]
            if allowed is not None and any(v not in allowed for v in values):
                self.error(path + (key,), f"{key} 的取值“{value}”不在允许范围内（可用：{'、'.join(allowed)}）")
                continue
            problem = _free_parameter_problem(key, value)
            if problem:
                self.error(path + (key,), problem)
                continue
            params[key] = tuple(values) if key in LIST_PARAMETERS or isinstance(value, list) else value
        optional = str(item.get("optional", "false")).lower()
        if optional not in ("true", "false"):
            self.error(path + ("optional",), "optional 只能写 true 或 false")
        heading = item.get("heading")
        if heading is not None and not _BLOCK.match(str(heading)):
            self.error(path + ("heading",), f"版式块名称“{heading}”含有不允许的字符")
            heading = None
        return OutlineNode(
            id=node_id,
            depth=depth,
            title=self.title(path + ("title",), item.get("title"), "标题"),
            toc=self.title(path + ("toc",), item.get("toc"), "目录文字"),
            text=text,
            lines=lines,
            table=table,
            block=block,
            heading=heading,
            optional=optional == "true",
            params=params,
            children=self.nodes(item.get("children") or [], path + ("children",), depth + 1),
            path=path,
        )

    def check_links(self, nodes: tuple[OutlineNode, ...]) -> None:
        for node in (n for top in nodes for n in top.walk()):
            target = node.params.get("table_id")
            if target is not None and target not in self.ids:
                self.error(node.path + ("table_id",), f"table_id“{target}”不是本文档结构中某张表的 id")


def _outline(r: _Reader, raw: dict | None) -> tuple[Pattern | None, tuple[OutlineNode, ...]]:
    if raw is None:
        if OUTLINE_FILE not in r.unreadable:
            r.error(PROFILE_OUTLINE, OUTLINE_FILE, (), "缺少文档结构 outline.yaml")
        return None, ()
    r.unknown_keys(OUTLINE_FILE, (), raw, {"title", "document"}, "outline.yaml")
    reader = _OutlineReader(r)
    title = reader.title(("title",), raw.get("title"), "文件标题")
    if title is None:
        reader.error((), "缺少文件标题 title（如“{年度}年{部门}预算”）")
    nodes = reader.nodes(raw.get("document") or [], ("document",), 1)
    reader.check_links(nodes)
    return title, nodes


# ---- the whole profile -------------------------------------------------------------------------


def read_profile(folder: Path, base_of, name: str) -> tuple[LayoutProfile | None, list[Finding]]:
    """Read one folder; `base_of(ref, folder)` loads a base profile (by name or relative path).

    A profile whose profile.yaml or outline.yaml differ by document kind is read once per kind
    (each reading checked); the profile returned is its default kind's, the others in `variants`."""
    r = _Reader(folder)
    raw = r.read(PROFILE_FILE)
    if raw is None:
        if PROFILE_FILE not in r.unreadable:
            r.error(PROFILE_MISSING, PROFILE_FILE, (), f"文件夹“{folder}”中没有 {PROFILE_FILE}，不是版式方案")
        return None, r.findings
    r.unknown_keys(PROFILE_FILE, (), raw, _PROFILE_KEYS, PROFILE_FILE)
    base: LayoutProfile | None = None
    if raw.get("base"):
        base = base_of(str(raw["base"]), folder)
    kind = raw.get("kind") or (base.kind if base else "部门预算")
    if kind not in DOCUMENT_KINDS:
        r.error(PROFILE_VALUE, PROFILE_FILE, ("kind",), f"文件种类只能是“部门预算”或“单位预算”，不能是“{kind}”")
        kind = "部门预算"
    template = folder / str(raw["template"]) if raw.get("template") else (base.template if base else None)
    if template is None:
        r.error(PROFILE_VALUE, PROFILE_FILE, ("template",), "缺少 Word 模板（template: template.docx）")
    elif not template.is_file():
        r.error(PROFILE_VALUE, PROFILE_FILE, ("template",), f"找不到 Word 模板“{template}”")
    outline_raw = r.read(OUTLINE_FILE)
    wording = _wording(r, r.read(WORDING_FILE), base.wording if base else None)
    varies = has_variants(raw) or has_variants(outline_raw) or bool(base and base.variants)
    if varies:
        _check_kinds(r, PROFILE_FILE, raw)
        _check_kinds(r, OUTLINE_FILE, outline_raw)

    def reading(document_kind: str) -> LayoutProfile:
        """The profile as it reads for one kind (its findings added once)."""
        own = _Reader(folder)
        own.files, own.unreadable = r.files, r.unreadable
        settings = for_kind(raw, document_kind) if varies else raw
        outline_data = for_kind(outline_raw, document_kind) if varies else outline_raw
        kind_base = base.for_kind(document_kind) if base else None
        title: Pattern | None
        if outline_data is None and kind_base is not None:
            title, outline = kind_base.title, kind_base.outline
        else:
            title, outline = _outline(own, outline_data)
        profile = LayoutProfile(
            name=name,
            description=str(settings.get("description") or (base.description if base else "")),
            folder=folder,
            kind=document_kind,
            template=template or folder,
            title=title or parse(""),
            outline=outline,
            wording=wording,
            numbering=_numbering(own, settings.get("numbering"), kind_base.numbering if kind_base else None),
            toc=_toc(own, settings.get("toc"), kind_base.toc if kind_base else None),
            toc_page_numbers=_flag(own, ("toc_page_numbers",), settings,
                                   kind_base.toc_page_numbers if kind_base else True),
            requires=_requires(own, settings.get("requires"), kind_base.requires if kind_base else Requirements()),
            money=_money(own, settings.get("money"), kind_base.money if kind_base else MoneyStyle()),
            base=base.name if base else None,
        )
        r.findings.extend(f for f in own.findings if f not in r.findings)
        return profile

    profile = reading(kind)
    if varies:
        others = {k: reading(k) for k in DOCUMENT_KINDS if k != kind}
        profile = replace(profile, variants={kind: profile, **others})
    return profile, r.findings
