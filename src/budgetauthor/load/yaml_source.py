"""YAML → plain data with a line/column for every value.

We compose the node graph (no object construction, so `!!python/object` cannot run) and convert
it ourselves: scalars stay text, aliases are refused (no billion laughs), duplicate keys and
unknown tags are errors.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import InputError
from ..findings import Location
from ..resources import SAFE_LOADER
from ..rulebook import (
    FILE_EMPTY,
    FILE_ENCODING,
    YAML_ALIAS,
    YAML_DUPLICATE_KEY,
    YAML_KEY,
    YAML_ROOT,
    YAML_SYNTAX,
    YAML_TAG,
    YAML_TOO_DEEP,
    YAML_TOO_LARGE,
    Rule,
)
from ..text import normalize_key
from .limits import MAX_DEPTH, MAX_YAML_NODES
from .loaded import LoadedInput

_Loader = SAFE_LOADER

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "omap")
}
_NULL_TAG = "tag:yaml.org,2002:null"


class _Converter:
    def __init__(self, path: Path):
        self.path = path
        self.locations: dict[tuple, Location] = {}
        self.seen: set[int] = set()

    def loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(file=str(self.path), line=mark.line + 1, column=mark.column + 1)

    def fail(self, rule: Rule, message: str, node: yaml.Node) -> InputError:
        return InputError.of(rule, message, self.loc(node))

    def convert(self, node: yaml.Node, path: tuple):
        if id(node) in self.seen:
            raise self.fail(YAML_ALIAS, "不支持 YAML 锚点与别名（& 和 *），请直接写出每个值", node)
        self.seen.add(id(node))
        if len(self.seen) > MAX_YAML_NODES:
            raise self.fail(YAML_TOO_LARGE, "YAML 内容过多，超出处理上限", node)
        if len(path) > MAX_DEPTH:
            raise self.fail(YAML_TOO_DEEP, "YAML 嵌套层级过深", node)
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(YAML_TAG, f"不允许的 YAML 标签“{node.tag}”", node)
        self.locations[path] = self.loc(node)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL_TAG:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, path + (i,)) for i, child in enumerate(node.value)]
        result: dict = {}
        typed: dict[str, yaml.Node] = {}  # normalised key → the key node as typed
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(YAML_KEY, "键必须是简单文字", key_node)
            if key_node.value.startswith("\u3000") and not key_node.style:  # plain: None or ""
                # YAML does not see U+3000 as indentation: the key would move to another level.
                raise self.fail(YAML_SYNTAX, "YAML 格式错误：用全角空格（U+3000）缩进：YAML 只能用半角空格缩进，"
                                "请把行首的全角空格改成半角空格", key_node)
            key = normalize_key(key_node.value)  # "name " and "name" are one key
            if key in result:
                raise self.fail(YAML_DUPLICATE_KEY, _duplicate_message(typed[key], key_node), key_node)
            typed[key] = key_node
            result[key] = self.convert(value_node, path + (key,))
        return result


def _duplicate_message(first: yaml.Node, second: yaml.Node) -> str:
    line = first.start_mark.line + 1
    if first.value == second.value:
        return f"键“{second.value}”重复出现（第{line}行已有）"
    return (f"键“{second.value}”与第{line}行的“{first.value}”是同一个键（首尾的空格、全角空格和全角字母数字不算区别），"
            "重复出现：请只保留一个")


def _check_depth(text: str, path: Path) -> None:
    """Refuse deep nesting before composing: libyaml's composer recurses in C and a few hundred
    thousand nested brackets crash the process outright. Parsing events is iterative and cheap."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                loc = Location(file=str(path), line=mark.line + 1, column=mark.column + 1) if mark else None
                raise InputError.of(YAML_TOO_DEEP, "YAML 嵌套层级过深", loc)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


# PyYAML/libyaml's problem texts → (rule, a short Chinese explanation). First match wins.
_PROBLEMS = (
    # PyYAML 6.0.4's scanner refuses deep flow nesting itself, before our own depth check sees it.
    ("maximum nesting depth", YAML_TOO_DEEP, "嵌套层级过深"),
    ("alias", YAML_ALIAS, "不支持 YAML 锚点与别名（& 和 *），请直接写出每个值"),
    ("anchor", YAML_ALIAS, "不支持 YAML 锚点与别名（& 和 *），请直接写出每个值"),
    ("tab character", YAML_SYNTAX, "缩进中不能使用 Tab 键，请改用空格"),
    ("'\\t'", YAML_SYNTAX, "缩进中不能使用 Tab 键，请改用空格"),
    ("cannot start any token", YAML_SYNTAX, "此处的字符不能作为内容的开头（常见原因：用 Tab 键缩进，或 @ ` % 等符号开头的文字未加引号）"),
    ("mapping values are not allowed", YAML_SYNTAX, "此处不能出现“: ”（文字中含有冒号时请给整段文字加引号，或检查缩进）"),
    ("could not find expected ':'", YAML_SYNTAX, "缺少“:”（每项应写成“键: 值”，或检查引号是否闭合）"),
    ("unexpected end of stream", YAML_SYNTAX, "文件意外结束（引号或括号没有闭合）"),
    ("another document", YAML_SYNTAX, "文件中只能有一份数据（不要出现第二个“---”分隔线）"),
    ("incompatible yaml document", YAML_SYNTAX, "不支持的 YAML 版本声明"),
    ("expected ',' or ']'", YAML_SYNTAX, "方括号 [ ] 没有闭合或缺少逗号"),
    ("expected ',' or '}'", YAML_SYNTAX, "花括号 { } 没有闭合或缺少逗号"),
    ("escape", YAML_SYNTAX, "双引号中的反斜杠“\\”用法有误（含反斜杠的文字请改用单引号）"),
    ("block end", YAML_SYNTAX, "缩进不一致（同一层的内容应左对齐）"),
    ("expected key", YAML_SYNTAX, "缩进不一致或缺少键（同一层的内容应左对齐）"),
    ("'-' indicator", YAML_SYNTAX, "列表项“- ”的缩进不一致"),
    ("block sequence entries are not allowed", YAML_SYNTAX, "此处不能开始“- ”列表（检查上一行的缩进或冒号）"),
    ("node content", YAML_SYNTAX, "此处缺少内容（检查括号、逗号或缩进）"),
)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if 0 <= line < len(lines) else ""


def _ideographic_space(text: str, line: int) -> tuple[str, int, int] | None:
    """(message, line, column), 0-based, when a full-width space (U+3000) or colon on the error
    line or the one before is the likely cause: YAML only knows half-width spaces and colons."""
    lines = text.split("\n")
    for number in (line, line - 1):
        if not 0 <= number < len(lines):
            continue
        content = lines[number]
        if content.lstrip(" ").startswith("\u3000"):
            return ("用全角空格（U+3000）缩进：YAML 只能用半角空格缩进，请把行首的全角空格改成半角空格",
                    number, content.index("\u3000"))
        if ":\u3000" in content:
            return ("冒号后面是全角空格（U+3000）：请改成半角空格，写成“键: 值”", number, content.index(":\u3000") + 1)
        if "：" in content and ":" not in content and not content.lstrip().startswith(("#", "-")):
            return "用了全角冒号“：”：键和值之间要用半角冒号加空格，写成“键: 值”", number, content.index("：")
    return None


def _explain(problem: str) -> tuple[Rule, str]:
    lowered = problem.lower()
    for needle, rule, chinese in _PROBLEMS:
        if needle in lowered:
            return rule, (f"YAML {chinese}" if rule is YAML_TOO_DEEP else f"YAML 格式错误：{chinese}")
    return YAML_SYNTAX, f"YAML 格式错误：{problem}"


def load_yaml_bytes(data: bytes, path: Path) -> LoadedInput:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.of(
            FILE_ENCODING,
            f"文件不是 UTF-8 编码的文本（第 {exc.start} 字节处无法解码），请另存为 UTF-8",
            Location(file=str(path)),
        ) from exc
    if "\x00" in text:
        raise InputError.of(FILE_ENCODING, "文件含有二进制内容，不是 YAML 文本", Location(file=str(path)))
    try:
        _check_depth(text, path)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file=str(path), line=mark.line + 1, column=mark.column + 1) if mark else None
        problem = exc.problem or exc.context or "格式错误"
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            problem = "'\\t'"
        rule, message = _explain(problem)
        hint = _ideographic_space(text, mark.line) if mark and rule is YAML_SYNTAX else None
        if hint:
            message = f"YAML 格式错误：{hint[0]}"
            loc = Location(file=str(path), line=hint[1] + 1, column=hint[2] + 1)
        raise InputError.of(rule, message, loc) from exc
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a control character): point at its first occurrence.
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        at = text.find(char)
        loc = Location(file=str(path))
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            loc = Location(file=str(path), line=line, column=at - (text.rfind("\n", 0, at) + 1) + 1)
        raise InputError.of(YAML_SYNTAX, f"YAML 格式错误：含有不允许的不可见字符（U+{ord(char):04X}），请删除", loc) from exc
    except yaml.YAMLError as exc:
        raise InputError.of(YAML_SYNTAX, f"YAML 格式错误：{exc}", Location(file=str(path))) from exc
    except RecursionError as exc:
        raise InputError.of(YAML_TOO_DEEP, "YAML 嵌套层级过深", Location(file=str(path))) from exc
    if root is None:
        raise InputError.of(FILE_EMPTY, "文件中没有任何内容", Location(file=str(path)))
    converter = _Converter(path)
    value = converter.convert(root, ())
    if not isinstance(value, dict):
        raise InputError.of(
            YAML_ROOT, "文件顶层应为“键: 值”形式的映射（如 profile:、ledger:）", converter.loc(root)
        )
    return LoadedInput(data=value, source=path, kind="yaml", locations=converter.locations)
