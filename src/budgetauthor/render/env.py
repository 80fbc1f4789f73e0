"""The Jinja environment documents are rendered with: sandboxed, autoescaping, strict.

- Sandboxed: a template (a user's own included) cannot reach Python internals.
- Autoescape: a value containing < > & becomes text, never markup (docxtpl would otherwise
  silently truncate the document).
- Strict: a missing variable is an error naming its full path, e.g. `blocks.summary.rows`.
"""

from __future__ import annotations

import re

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PathDict(dict):
    """A context mapping that knows its own path, so undefined lookups can name it."""

    __slots__ = ("path",)

    def __init__(self, data: dict, path: str):
        super().__init__(data)
        self.path = path


class NamedUndefined(StrictUndefined):
    def _fail_with_undefined_error(self, *args, **kwargs):
        from jinja2.exceptions import UndefinedError

        parent = getattr(self._undefined_obj, "path", None)
        name = f"{parent}.{self._undefined_name}" if parent else self._undefined_name
        raise UndefinedError(f"模板使用了未定义的变量“{name}”")

    __str__ = __iter__ = __len__ = __eq__ = __bool__ = _fail_with_undefined_error


class BlankRow(dict):
    """A printed table row without content (forms printed with a fixed number of lines): every
    cell it is asked for is empty."""

    def __missing__(self, key):
        return ""


def wrap(value, path: str = ""):
    """Wrap dicts as PathDict (recursively) and strip control characters from strings."""
    if isinstance(value, BlankRow):
        return value
    if isinstance(value, dict):
        return PathDict({k: wrap(v, f"{path}.{k}" if path else k) for k, v in value.items()}, path)
    if isinstance(value, list):
        return [wrap(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


class Sandbox(SandboxedEnvironment):
    """Refuses an unsafe attribute at once, in Chinese (Jinja's default defers it to an undefined
    whose English message surfaces only when the value is printed)."""

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(
            f"模板试图访问不安全的内部属性“{attribute}”（{type(obj).__name__} 对象），已拒绝；模板只能使用文档数据"
        )


def make_environment(environment_class: type[Sandbox] = Sandbox) -> SandboxedEnvironment:
    return environment_class(autoescape=True, undefined=NamedUndefined, keep_trailing_newline=False)
