"""Read YAML the way an editor expects and remember where every value came from.

Why: an editor who mistypes a number must be told the file and line. PyYAML forgets positions once it builds
Python objects, so we compose the node tree ourselves and record the line of every key path. Numbers become
`Decimal` built from the text as written, so "0.180" keeps its three decimals (the source's precision) and no float
rounding ever reaches a published figure. Duplicate keys, which PyYAML silently overwrites, are errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple  # a key path such as ("tables", 0, "rows", 2, "values", 2022)


class DataError(Exception):
    """A mistake in a data file, told the way an editor can mend it: file, line, key path, what, how."""

    def __init__(self, file: str | Path, line: int | None, keypath: str, problem: str, fix: str = ""):
        self.file, self.line, self.keypath, self.problem, self.fix = str(file), line, keypath, problem, fix
        where = f"{self.file}:{line}" if line else self.file
        text = f"{where}: {keypath or '(top level)'}: {problem}"
        if fix:
            text += f"\n    How to fix: {fix}"
        super().__init__(text)


class DataErrors(Exception):
    """Several DataErrors at once, so an editor sees every mistake of a run, not one per build."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__(
            f"{len(errors)} problem(s) in data/ — the build stops until they are fixed:\n"
            + "\n".join(f"  - {e}" for e in errors)
        )


def format_keypath(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) and not _is_year_like(part) else (f".{part}" if out else str(part))
    return out


def _is_year_like(part: Any) -> bool:
    return isinstance(part, int) and 1900 <= part <= 2200


@dataclass
class Located:
    """A loaded YAML document and the line (1-based) of every key path in it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            for candidate in (path, tuple(_as_int(p) for p in path), tuple(str(p) for p in path)):
                if candidate in self.lines:
                    return self.lines[candidate]
            if not path:
                return None
            path = path[:-1]

    def error(self, path: Path_, problem: str, fix: str = "") -> DataError:
        return DataError(self.file, self.line_of(path), format_keypath(tuple(path)), problem, fix)


def _as_int(part: Any) -> Any:
    if isinstance(part, str) and part.isdigit():
        return int(part)
    return part


_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
# libyaml's parser when PyYAML has it (8x faster on these files; the same nodes and line marks), else PyYAML's own
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: str | Path, display_name: str | None = None) -> Located:
    """Load one YAML file; raise DataError with the file and line on any syntax problem."""
    path = Path(path)
    name = display_name or str(path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_PARSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DataError(name, line, "", f"YAML syntax error: {exc.problem or exc}",
                        "check indentation (spaces, not tabs), colons after keys, and quotes around text "
                        "that contains ': ' or starts with a special character") from None
    located = Located(name, None)
    if node is None:
        located.data = None
        return located
    constructor = yaml.SafeLoader("")
    located.data = _build(node, (), located, constructor)
    return located


def _build(node: yaml.Node, path: Path_, located: Located, constructor: yaml.SafeLoader) -> Any:
    located.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DataError(located.file, key_node.start_mark.line + 1, format_keypath(path),
                                "YAML merge keys (<<) are not supported", "write the keys out in full")
            key = _scalar(key_node, constructor) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (dict, list)):
                raise DataError(located.file, key_node.start_mark.line + 1, format_keypath(path),
                                "a key must be a plain word or number")
            if isinstance(key, Decimal):
                key = int(key) if key == key.to_integral_value() else str(key)
            if key in result:
                raise DataError(located.file, key_node.start_mark.line + 1, format_keypath(path + (key,)),
                                f"key '{key}' appears twice in the same block",
                                f"keep one '{key}:' (the first is on line {located.lines[path + (key,)]})")
            located.lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, path + (key,), located, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), located, constructor) for i, item in enumerate(node.value)]
    return _scalar(node, constructor)


def _scalar(node: yaml.ScalarNode, constructor: yaml.SafeLoader) -> Any:
    if node.tag in _NUMBER_TAGS and not node.style:  # plain (unquoted): None in PyYAML, "" in libyaml
        text = node.value.replace("_", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return constructor.construct_object(node, deep=True)
        if not number.is_finite():
            return node.value
        return number
    return constructor.construct_object(node, deep=True)
