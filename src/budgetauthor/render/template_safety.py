"""Word templates (`--template`, a profile's template): checked before anything opens them,
rendered under limits, and every failure reported at its tag.

Before python-docx or docxtpl sees a template, `prepare(path)` returns the bytes to render:
- a sane package, checked like a workbook (load/xlsx_safety.py): size, number of parts,
  inflated size and compression ratio (a 0.4 MB template inflating to 400 MB), no DTD;
- refused: macros (vbaProject.bin, ActiveX) and anything that would make the *output* fetch or
  run something when opened — an image, OLE object, frame or sub-document linked to an outside
  address, DDE/INCLUDETEXT/INCLUDEPICTURE/LINK/IMPORT fields. Stripping those would change
  what the document shows; the clerk fixes them in Word (embed the picture, save as .docx);
- stripped: the attached template and the mail-merge data source of settings.xml. Word records
  the .dotx a document was created from (on office machines a network path); it is metadata,
  shows nothing, and a clerk cannot easily remove it — refusing would refuse most real templates;
- kept: external hyperlinks, which are content the user wrote and are never fetched on open.
The template file itself is never changed: the cleaned copy lives in memory.

`guard(environment)` makes the sandbox count the work a template asks for, and `limits()`
gives one document render its budget. The budget is counted, not timed, so a slow machine
refuses exactly what a fast one refuses, and it is portable (Windows has neither fork nor
rlimits, which a child process with a memory/CPU limit would need). Counted: every attribute
or item read, call, filter and intercepted operator, every item a loop takes from a range or
from a list of the data, and every character of output (a macro's and a set block's included:
Jinja joins all of them through `environment.concat`). Refused before they are computed: a
range() over MAX_RANGE items, a string or list over MAX_SEQUENCE items made by `*` or `+`, an
integer power of more than MAX_BITS bits, a filter width or count over MAX_WIDTH ("x"|center(10**9),
batch, slice, indent, wordwrap), a %- or {}-format width over MAX_WIDTH; and templates may not
change the data (list.append and friends). Left uncounted: a loop over the characters of a
string (at most 5,000 of them from the data) — three nested ones would still run long.

`problem(exc, doc, template)` turns whatever the render raised into a TemplateProblem naming
the tag(s) and the paragraph or table cell they sit in.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import ItemsView, KeysView, ValuesView
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import jinja2.filters
from jinja2 import BaseLoader, TemplateNotFound
from jinja2.exceptions import (
    FilterArgumentError,
    SecurityError,
    TemplateRuntimeError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable

from ..errors import TemplateProblem
from ..findings import Location
from ..load.xlsx_safety import PackageLimits, PackageProblem, inspect_package
from ..rulebook import (
    TEMPLATE_INVALID,
    TEMPLATE_LIMIT,
    TEMPLATE_MISSING,
    TEMPLATE_RENDER,
    TEMPLATE_SYNTAX,
    TEMPLATE_UNSAFE,
    Rule,
)

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024  # a template with a few pictures is a few MB
TEMPLATE_LIMITS = PackageLimits(entries=1000, inflated=100 * 1024 * 1024, ratio=200)

# One document. The large benchmark department (5 units, 2,000 ledger lines, 150 projects)
# takes 22 k steps and produces 3.2 M characters in 39 k pieces with the default template.
MAX_OPERATIONS = 1_000_000  # ~1.5 s of a runaway loop
MAX_OUTPUT = 100_000_000  # characters produced, all parts and buffers together
PIECE_COST = 32  # each piece of output also costs memory of its own (a str object, a list slot)
MAX_RANGE = 10_000  # items of one range()
MAX_SEQUENCE = 5_000_000  # characters of a string, items of a list
MAX_BITS = 100_000  # bits of an integer
MAX_WIDTH = 10_000  # a filter's width or count, a format width

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, or a .docx encrypted with a password
_MAIN_PART = "word/document.xml"
_EXTERNAL = re.compile(rb"<Relationship\b[^>]*\bTargetMode\s*=\s*[\"']External[\"'][^>]*>", re.I)
_ATTR = re.compile(rb"""\b(Id|Type|Target)\s*=\s*("[^"]*"|'[^']*')""")
_HYPERLINK = "/hyperlink"
# Relationships of settings.xml that only record where the document came from.
_METADATA_TYPES = ("/attachedTemplate", "/mailMergeSource", "/mailMergeHeaderSource", "/recipientData")
_SETTINGS_RELS = "word/_rels/settings.xml.rels"
_SETTINGS = "word/settings.xml"
_FIELD = re.compile(
    rb"<w:instrText\b[^>]*>([^<]*)</w:instrText>|\bw:instr\s*=\s*\"([^\"]*)\"", re.I)
_UNSAFE_FIELD = re.compile(r"^\s*(DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE|LINK|IMPORT)\b", re.I)
_KIND_NAMES = {"/image": "图片", "/oleObject": "嵌入对象", "/frame": "网页框架", "/subDocument": "子文档",
               "/package": "嵌入文件", "/control": "控件", "/externalLinkPath": "外部链接"}


# ---- before opening --------------------------------------------------------------------------


def _fail(rule: Rule, message: str, template: Path) -> TemplateProblem:
    return TemplateProblem.of(rule, message, Location(file=str(template)))


@dataclass(frozen=True)
class _Relationship:
    id: str
    type: str
    target: str


def prepare(template: Path) -> bytes:
    """The template's bytes, checked and with metadata-only external references removed.
    Raises TemplateProblem (exit 1) for a template that cannot or must not be rendered."""
    template = Path(template)
    if not template.is_file():
        raise _fail(TEMPLATE_MISSING, f"找不到模板文件：{template}", template)
    size = template.stat().st_size
    if size > MAX_TEMPLATE_BYTES:
        raise _fail(TEMPLATE_UNSAFE, f"模板“{template.name}”过大（{size / 1024 / 1024:.1f} MB，上限"
                    f"{MAX_TEMPLATE_BYTES // 1024 // 1024} MB）：请压缩其中的图片后再试", template)
    try:
        data = template.read_bytes()
    except OSError as exc:
        raise _fail(TEMPLATE_INVALID, f"无法读取模板“{template.name}”：{exc.strerror or exc}", template) from exc
    return _prepared(data, template.name, str(template))


@functools.lru_cache(maxsize=4)
def _prepared(data: bytes, name: str, shown: str) -> bytes:
    """Checks are a pure function of the bytes: a batch renders the same template many times."""
    template = Path(shown)
    if data.startswith(_OLE_MAGIC):
        raise _fail(TEMPLATE_INVALID, f"模板“{name}”是旧版 .doc 文档或设置了打开密码：请在 Word 中取消密码，"
                    "另存为“Word 文档（*.docx）”后再试", template)
    try:
        infos = inspect_package(data, f"模板“{name}”", TEMPLATE_LIMITS)
    except PackageProblem as problem:
        message = problem.message
        if problem.not_a_package:
            message = f"模板“{name}”不是有效的 Word 文档（.docx），可能已损坏或只是改了扩展名"
        raise _fail(TEMPLATE_UNSAFE if problem.kind == "unsafe" else TEMPLATE_INVALID, message, template) from problem
    names = {info.filename for info in infos}
    if _MAIN_PART not in names:
        raise _fail(TEMPLATE_INVALID, f"模板“{name}”不是 Word 文档（缺少正文 {_MAIN_PART}）", template)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        _refuse_active_content(zf, names, name, template)
        strip = _external_references(zf, names, name, template)
        if not strip:
            return data
        return _without(zf, strip)


def _refuse_active_content(zf: zipfile.ZipFile, names: set[str], name: str, template: Path) -> None:
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") for n in lowered):
        raise _fail(TEMPLATE_UNSAFE, f"模板“{name}”含有宏（vbaProject.bin），生成的文档不能带宏：请在 Word 中"
                    "“另存为”“Word 文档（*.docx）”（不是“启用宏的 Word 文档”）后再用", template)
    if any(n.startswith("word/activex/") for n in lowered):
        raise _fail(TEMPLATE_UNSAFE, f"模板“{name}”含有 ActiveX 控件，生成的文档不能带控件：请在 Word 中删除控件后再用",
                    template)
    for part in sorted(n for n in names if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)):
        xml = zf.read(part)
        for match in _FIELD.finditer(xml):
            code = (match.group(1) or match.group(2) or b"").decode("utf-8", "replace")
            field = _UNSAFE_FIELD.match(code)
            if field:
                raise _fail(TEMPLATE_UNSAFE, f"模板“{name}”含有 {field.group(1).upper()} 域（{code.strip()[:60]}），"
                            "打开文档时会读取外部文件或运行程序：请在 Word 中删除该域后再用", template)


def _relationships(xml: bytes) -> list[_Relationship]:
    found = []
    for element in _EXTERNAL.finditer(xml):
        attrs = {k.decode(): v[1:-1].decode("utf-8", "replace") for k, v in _ATTR.findall(element.group())}
        found.append(_Relationship(attrs.get("Id", ""), attrs.get("Type", ""), attrs.get("Target", "")))
    return found


def _external_references(zf: zipfile.ZipFile, names: set[str], name: str, template: Path) -> set[str]:
    """The metadata-only external relationships to strip (their ids in settings.xml.rels);
    refuses any other external target except hyperlinks."""
    strip: set[str] = set()
    for part in sorted(n for n in names if n.endswith(".rels")):
        for rel in _relationships(zf.read(part)):
            if rel.type.endswith(_HYPERLINK):
                continue
            if part == _SETTINGS_RELS and rel.type.endswith(_METADATA_TYPES):
                strip.add(rel.id)
                continue
            kind = next((label for suffix, label in _KIND_NAMES.items() if rel.type.endswith(suffix)), "内容")
            raise _fail(TEMPLATE_UNSAFE, f"模板“{name}”中的{kind}链接到外部地址（{rel.target[:80]}），生成的文档"
                        "打开时会去读取它：请在 Word 中改为嵌入（插入图片时选“插入”而不是“链接到文件”）后再用", template)
    return strip


def _without(zf: zipfile.ZipFile, ids: set[str]) -> bytes:
    """A copy of the package without the settings' external relationships `ids` and the
    elements that use them (w:attachedTemplate, w:mailMerge)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == _SETTINGS_RELS:
                data = _EXTERNAL.sub(lambda m: b"" if _relationships(m.group())[0].id in ids else m.group(), data)
            elif info.filename == _SETTINGS:
                data = re.sub(rb"<w:attachedTemplate\b[^>]*/>", b"", data)
                data = re.sub(rb"<w:mailMerge\b.*?</w:mailMerge>|<w:mailMerge\b[^>]*/>", b"", data, flags=re.S)
            target.writestr(info, data)
    return out.getvalue()


# ---- while rendering -------------------------------------------------------------------------


class RenderLimit(Exception):
    """A template asked for more work than one document may take."""


class _Budget:
    __slots__ = ("operations", "output")

    def __init__(self):
        self.operations = 0
        self.output = 0

    def tick(self, steps: int = 1) -> None:
        self.operations += steps
        if self.operations > MAX_OPERATIONS:
            raise RenderLimit(f"模板的运算量超过上限（{MAX_OPERATIONS:,} 步），通常是循环套循环或循环次数过多")

    def produce(self, characters: int) -> None:
        self.output += characters + PIECE_COST
        if self.output > MAX_OUTPUT:
            raise RenderLimit(f"模板生成的内容超过上限（{MAX_OUTPUT:,} 个字符），通常是循环次数过多")


_BUDGET: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


def _check_size(value) -> None:
    if isinstance(value, (str, bytes, list, tuple, dict)) and len(value) > MAX_SEQUENCE:
        raise RenderLimit(f"模板生成的文字或列表过长（{len(value):,} 项，上限 {MAX_SEQUENCE:,}）")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_BITS:
        raise RenderLimit("模板算出的数值过大")


class _CountedList(list):
    """A list of the data whose every loop step counts against the budget."""

    __slots__ = ()

    def __iter__(self):
        for item in list.__iter__(self):
            _tick()
            yield item


class _CountedRange:
    """range() for templates: at most MAX_RANGE items, each loop step counted."""

    __slots__ = ("range",)

    def __init__(self, *args):
        self.range = range(*args)
        if len(self.range) > MAX_RANGE:
            raise RenderLimit(f"模板中 range() 的长度 {len(self.range):,} 超过上限 {MAX_RANGE:,}")

    @classmethod
    def _of(cls, rng: range) -> _CountedRange:
        counted = cls.__new__(cls)
        counted.range = rng
        return counted

    def __iter__(self):
        for item in self.range:
            _tick()
            yield item

    def __reversed__(self):
        return iter(self._of(self.range[::-1]))

    def __len__(self):
        return len(self.range)

    def __getitem__(self, index):
        value = self.range[index]
        return self._of(value) if isinstance(value, range) else value

    def __contains__(self, item):
        return item in self.range

    def __repr__(self):
        return repr(self.range)


def _counted(value):
    """The context with every list replaced by a counted list (dicts edited in place: the
    context is built afresh for each render)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                dict.__setitem__(value, key, _counted(item))
        return value
    if isinstance(value, list) and not isinstance(value, _CountedList):
        return _CountedList(_counted(item) for item in value)
    return value


_PRINTF_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")


def _check_format(text) -> None:
    """A %- or {}-format string whose widths would pad to gigabytes."""
    if not isinstance(text, str):
        return
    widths = [w for m in _PRINTF_WIDTH.finditer(text) for w in m.groups() if w]
    widths += [w for spec in _FORMAT_SPEC.findall(text) for w in re.findall(r"\d+|\{", spec)]
    for width in widths:
        if width in ("*", "{") or int(width) > MAX_WIDTH:
            raise RenderLimit(f"模板中的格式宽度“{width}”过大或不固定（上限 {MAX_WIDTH}）")


def _check_operands(operator: str, left, right) -> None:
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_SEQUENCE:
                raise RenderLimit(f"模板中的重复（*）会生成 {len(seq) * count:,} 项，超过上限 {MAX_SEQUENCE:,}")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
        if right * max(left.bit_length(), 1) > MAX_BITS:  # floats overflow by themselves
            raise RenderLimit("模板中的乘方（**）结果过大")
    elif operator == "%" and isinstance(left, str):
        _check_format(left)


def _guard_filter(function):
    """A built-in filter whose numeric arguments (width, count) are capped and whose call and
    result count against the budget."""
    skip = 1 if getattr(function, "jinja_pass_arg", None) else 0  # context / environment first

    @functools.wraps(function)
    def guarded(*args, **kwargs):
        _tick()
        if function is jinja2.filters.do_format and len(args) > skip:
            _check_format(args[skip])
        for value in (*args[skip + 1:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
                raise RenderLimit(f"模板中过滤器“{function.__name__.removeprefix('do_')}”的参数 {value:,} "
                                  f"超过上限 {MAX_WIDTH:,}")
        result = function(*args, **kwargs)
        _check_size(result)
        return _CountedList(result) if type(result) is list else result

    return guarded


class _Guarded(SandboxedEnvironment):
    """Put before the environment's own sandbox class by `guard()` (a SandboxedEnvironment
    itself only so that its overrides name what they override)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context, operator, left, right):
        _tick()
        _check_operands(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        _check_size(result)
        return result

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        _tick()
        for value in (*args, *kwargs.values()):
            _check_size(value)
        if getattr(__obj, "__name__", "") in ("format", "format_map"):
            _check_format(getattr(getattr(__obj, "__wrapped__", None), "__self__", None))
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(result)
        if isinstance(result, (KeysView, ValuesView, ItemsView)):
            return _CountedList(result)
        return result

    def getattr(self, obj, attribute):
        _tick()
        value = super().getattr(obj, attribute)
        _check_size(value)
        return value

    def getitem(self, obj, argument):
        _tick()
        value = super().getitem(obj, argument)
        _check_size(value)
        return value

    def is_safe_attribute(self, obj, attr, value):
        # A template reads the data; it never changes it (list.append would let a loop double a list).
        return super().is_safe_attribute(obj, attr, value) and not modifies_known_mutable(obj, attr)

    def concat(self, parts):
        budget = _BUDGET.get()
        if budget is None:
            return "".join(parts)
        pieces = []
        for piece in parts:
            budget.produce(len(piece))
            pieces.append(piece)
        return "".join(pieces)


class _NoLoader(BaseLoader):
    """A document is one template: include/import/extends name files we never read."""

    def get_source(self, environment, template):
        raise TemplateNotFound(template)


def guard(environment):
    """Make a sandboxed environment count and cap template work (see the module doc). Call it
    before any template is compiled: intercepted operators are fixed at compile time."""
    cls = type(environment)
    if not issubclass(cls, _Guarded):
        environment.__class__ = type(f"Guarded{cls.__name__}", (_Guarded, cls), {})
    environment.loader = _NoLoader()
    environment.globals["range"] = _CountedRange
    environment.globals.pop("lipsum", None)  # generates text of any length on request
    for name, function in list(environment.filters.items()):
        if jinja2.filters.FILTERS.get(name) is function:
            environment.filters[name] = _guard_filter(function)
    return environment


@contextmanager
def limits(context: dict):
    """One document's budget; the context's lists become counted lists (in place)."""
    _counted(context)
    token = _BUDGET.set(_Budget())
    try:
        yield
    finally:
        _BUDGET.reset(token)


# ---- reporting a failure at its tag --------------------------------------------------------

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_RUNTIME = (
    (RenderLimit, TEMPLATE_LIMIT, None),
    (RecursionError, TEMPLATE_LIMIT, "模板的宏或循环嵌套过深"),
    (MemoryError, TEMPLATE_LIMIT, "模板需要的内存超出了本机可用的内存"),
    (SecurityError, TEMPLATE_UNSAFE, None),
    (UndefinedError, TEMPLATE_RENDER, None),  # found while rendering: the lint names only top-level names
    (TemplateNotFound, TEMPLATE_RENDER, "模板不能引用其他模板文件（include、import、extends）：请把内容直接写在模板中"),
    (TemplateSyntaxError, TEMPLATE_SYNTAX, "标签语法有误"),
    (ZeroDivisionError, TEMPLATE_RENDER, "除数为零"),
    (OverflowError, TEMPLATE_RENDER, "数值超出范围"),
    (FilterArgumentError, TEMPLATE_RENDER, "过滤器的参数有误"),
    (TemplateRuntimeError, TEMPLATE_RENDER, "标签无法执行"),
    (TypeError, TEMPLATE_RENDER, "数据类型不符（例如文字与数字相加、对不是列表的值做循环、调用了不能调用的值）"),
    (ValueError, TEMPLATE_RENDER, "取值无法转换（例如把文字转换为数字）"),
    (LookupError, TEMPLATE_RENDER, "引用的数据项不存在（下标或键超出范围）"),
    (AttributeError, TEMPLATE_RENDER, "引用的数据没有这个属性"),
)


def _template_line(exc: BaseException) -> int | None:
    """The line of the Jinja source where `exc` happened: docxtpl puts each paragraph on a line."""
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _source(doc) -> tuple[str, str] | None:
    """(Jinja source, where) of the part docxtpl was rendering when it failed."""
    part = getattr(doc, "current_rendering_part", None)
    try:
        if part is None or part is doc.docx._part:
            return doc.patch_xml(doc.get_xml()), ""
        kind = "页眉" if "header" in str(part.partname) else "页脚" if "footer" in str(part.partname) else "附属部分"
        return doc.patch_xml(doc.get_part_xml(part)), kind
    except Exception:  # noqa: BLE001 - locating is a courtesy; the error is reported anyway
        return None


def _place(exc: BaseException, doc) -> tuple[list[str], str]:
    """The tags and the text of the paragraph (or table cell) where `exc` happened."""
    line, found = _template_line(exc), _source(doc)
    if line is None or found is None:
        return [], ""
    source, where = found
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", source).splitlines()
    if not 0 < line <= len(lines):
        return [], ""
    before = "\n".join(lines[: line - 1])
    in_cell = before.count("<w:tc>") + before.count("<w:tc ") > before.count("</w:tc>")
    text = re.sub(r"<[^>]+>", "", lines[line - 1]).strip()
    kind = where or ("表格单元格" if in_cell else "段落")
    return _TAG.findall(text), f"{kind}“{text[:80]}{'…' if len(text) > 80 else ''}”" if text else ""


def problem(exc: BaseException, doc, template: Path) -> TemplateProblem:
    """A TemplateProblem (exit 1) for anything a template's render raised."""
    if isinstance(exc, TemplateProblem):
        return exc
    rule, explanation = TEMPLATE_RENDER, f"出错（{type(exc).__name__}）"
    for kind, mapped, text in _RUNTIME:
        if isinstance(exc, kind):
            rule, explanation = mapped, text or str(exc)
            break
    tags, place = _place(exc, doc)
    shown = "、".join(f"“{t}”" for t in tags[:3])
    message = (f"模板“{Path(template).name}”" + (f"中的标签{shown}" if shown else "") + f"：{explanation}"
               + (f"（所在{place}）" if place else ""))
    return TemplateProblem.of(rule, message, Location(file=str(template)))
