"""Read YAML the way an editor expects and remember where every value came from.

Why: an editor who mistypes a number must be told the file and line. PyYAML forgets positions once it builds
Python objects, so we compose the node tree ourselves and record the line of every key path. Numbers become
`Decimal` built from the text as written, so "0.180" keeps its three decimals (the source's precision) and no float
rounding ever reaches a published figure. Duplicate keys, which PyYAML silently overwrites, are errors.

Numbers are plain decimal text only (605, 0.180, -3.5). YAML 1.1, which PyYAML follows, reads much else as a number
that no editor means: `15:15` is 915 (base 60), `0x605` is 1541, `017` is 15 (octal), `1_000`, `1e3`, `.inf`,
`.nan`; and `yes`, `no`, `on`, `off` are booleans. Each of these stops the build with file, line and the fix. Every
text is checked for invisible characters (macros/model/text.py) with its line, and a character PyYAML refuses to
read (a control character) is told with its line too.

A data file is bounded and plain, so that no edit can exhaust the build machine or surprise a reader: at most
MAX_BYTES, nesting at most MAX_DEPTH deep (PyYAML builds nodes recursively), no anchors or aliases (`&x`/`*x`
expand without limit: a few lines can grow to gigabytes), no explicit tags but `!!str` (`!!python/…`, `!!binary`),
no key written twice, even once as a number and once as text (`2022:` and `"2022":`), no `-0`, no number longer
than MAX_DIGITS digits, UTF-8 only. Each is refused with file and line before anything is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .text import INVISIBLE as INVISIBLE_PATTERN, INVISIBLE_FIX, invisible_problem

Path_ = tuple  # a key path such as ("tables", 0, "rows", 2, "values", 2022)


def told(where: str, what: str, fix: str = "") -> str:
    """A message as every message of the build is written: where, what is wrong, and the fix on a line of its own
    (an editor reads the fix as the step to take; run on, it reads as part of the problem)."""
    return f"{where}: {what}" + (f"\n    How to fix: {fix}" if fix else "")


class DataError(Exception):
    """A mistake in a data file, told the way an editor can mend it: file, line, key path, what, how."""

    def __init__(self, file: str | Path, line: int | None, keypath: str, problem: str, fix: str = ""):
        self.file, self.line, self.keypath, self.problem, self.fix = str(file), line, keypath, problem, fix
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(told(where, f"{keypath or '(top level)'}: {problem}", fix))


class DataErrors(Exception):
    """Several DataErrors at once, so an editor sees every mistake of a run, not one per build."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__(
            f"{len(errors)} problem(s) in data/ — the build stops until they are fixed:\n"
            + "\n".join(f"  - {e}" for e in errors)
        )


def did_you_mean(names: str | list[str], known, n: int = 3) -> str:
    """'; did you mean a, b?' for a mistyped id, or for each of several (its `n` closest among `known`), to end an
    error message; '' when nothing is close."""
    import difflib

    candidates = list(known)
    close = [m for name in ([names] if isinstance(names, str) else names)
             for m in difflib.get_close_matches(name, candidates, n=n)]
    return f"; did you mean {', '.join(close)}?" if close else ""


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
    problems: list["DataError"] = field(default_factory=list)  # values no editor means, found while loading

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
    """A key path part as the number it reads as: ASCII digits only ('²' and '１' pass str.isdigit(), not int())."""
    if isinstance(part, str) and part.isascii() and part.isdigit():
        return int(part)
    return part


_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
# libyaml's parser when PyYAML has it (8x faster on these files; the same nodes and line marks), else PyYAML's own
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Parsed files by (name, text): a reload after one file changed (`mkdocs serve`, a test's mutated copy) parses only
# that file again. A Located is never changed after loading, so sharing it is safe.
_PARSED: dict[tuple[str, str], Located] = {}
_PARSED_MAX = 256


MAX_BYTES = 1_000_000   # the largest data file is about 30 KB
MAX_DEPTH = 20          # the deepest data file nests 6 levels
MAX_DIGITS = 15         # a published figure never has more; a float keeps 15 digits exactly
ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str"}


def read_source(path: str | Path, name: str) -> str:
    """The text of a file of data/, refused with file (and line) when it is a symbolic link (it would publish the
    machine file it points to), too large, or not UTF-8."""
    path = Path(path)
    inside = len(Path(name).parts)  # the file and its folders within the project: data/kpis/social.yaml → 3
    if any(p.is_symlink() for p in [path, *path.parents][:inside]):
        raise DataError(name, None, "", "the file or its folder is a symbolic link; data/ holds the files themselves",
                        "replace the link with the file it points to (or delete it)")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DataError(name, None, "", f"the file is {len(raw):,} bytes; a data file may have at most "
                        f"{MAX_BYTES:,}", "split it, or check that nothing was pasted into it by mistake")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(name, line, "", f"not UTF-8 text (byte {exc.start + 1}, 0x{raw[exc.start]:02X}, on this line)",
                        "save the file as UTF-8 (any editor offers it under 'Save as' / 'Encoding')") from None


def load(path: str | Path, display_name: str | None = None) -> Located:
    """Load one YAML file; raise DataError with the file and line on any syntax problem."""
    name = display_name or str(path)
    text = read_source(path, name)
    if (name, text) not in _PARSED:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[name, text] = _parse(text, name)
    return _PARSED[name, text]


def check_bounds(text: str, name: str, loader=_PARSER) -> None:
    """Refuse, from the event stream (flat, no recursion), what would make composing the file costly or surprising:
    nesting past MAX_DEPTH, anchors and aliases, explicit tags."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise DataError(name, line, "", "YAML anchors and aliases (&name, *name) are not allowed in data files",
                            "write the value out in full where it is needed")
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        if tag not in ALLOWED_TAGS and not (implicit is True or (isinstance(implicit, tuple) and implicit[0])):
            raise DataError(name, line, "", f"the YAML tag {tag!r} is not allowed in data files",
                            "delete the tag (the text that starts with !!): data are plain text, numbers, "
                            "lists and keys")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataError(name, line, "", f"nested more than {MAX_DEPTH} levels deep",
                                "data files nest a few levels; check the brackets and the indentation")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _parse(text: str, name: str) -> Located:
    try:
        try:
            check_bounds(text, name)
            node = yaml.compose(text, Loader=_PARSER)
        except yaml.YAMLError:  # a mistake: PyYAML's own parser says where, to the character
            check_bounds(text, name, yaml.SafeLoader)
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:  # a character YAML may not contain: a control character, mostly
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        line_start = text.rfind("\n", 0, exc.position) + 1
        raise DataError(name, text.count("\n", 0, exc.position) + 1, "",
                        f"character U+{code:04X} at column {exc.position - line_start + 1} is not allowed in a data "
                        "file (an invisible control character)",
                        INVISIBLE_FIX) from None
    except yaml.MarkedYAMLError as exc:
        line, problem, fix = syntax_words(exc, text)
        raise DataError(name, line, "", f"YAML syntax error: {problem}", fix) from None
    located = Located(name, None)
    if node is None:
        located.data = None
        return located
    constructor = yaml.SafeLoader("")
    located.data = _build(node, (), located, constructor)
    if located.problems:
        raise DataErrors(located.problems)
    return located


SYNTAX_FIX = ("check indentation (spaces, not tabs), colons after keys, and quotes around text that contains ': ' or "
              "starts with a special character")


def syntax_words(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str, str]:
    """(line, what is wrong, how to fix) for PyYAML's parser message, in an editor's words: a tab, a ': ' inside a
    text, a line out of step with its block, a bracket or a quote left open. The line is the one to mend: where a
    bracket or quote was opened, not where PyYAML gave up."""
    problem, context = exc.problem or str(exc), exc.context or ""
    at = exc.problem_mark or exc.context_mark
    line = at.line + 1 if at else None
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    lines = text.split("\n")
    if "'\\t'" in problem or (line and "\t" in lines[line - 1][:len(lines[line - 1]) - len(lines[line - 1].lstrip())]):
        return (line, f"line {line} is indented with a tab",
                "replace the tab with spaces, lined up with the lines of its block (YAML indents with spaces only)")
    if "quoted scalar" in context:
        return opened, "a quote opened on this line is not closed", "close the quote at the end of the text"
    if "flow mapping" in context or "flow sequence" in context:
        bracket = "{" if "mapping" in context else "["
        return (opened, f"a {bracket} opened on this line is not closed, or two items lack a comma between them",
                f"close it with {'}' if bracket == '{' else ']'} on the same line and put a comma between items "
                "(a comma inside a number splits it: write 1823, not 1,823)")
    out_of_step = problem.startswith(("mapping values are not allowed", "expected <block end>",
                                      "could not find expected ':'")) or "did not find expected key" in problem
    if out_of_step and line:
        line = line_out_of_step(lines, line)
        if line != at.line + 1:   # the parser stopped below the line that left its block
            problem = "expected <block end>"
    if problem.startswith("mapping values are not allowed"):
        return (line, "a ': ' on this line is read as a second key (or the line is indented more than its block)",
                f"put the text in double quotes (en: \"…: …\"), or check the indentation of line {line}")
    if out_of_step:
        return (line, f"line {line} is not lined up with its block",
                f"check the indentation of line {line}: it must start in the same column as the other keys of its "
                "entry (spaces, never tabs); a text that runs over two lines goes in quotes")
    found = re.match(r"found character '(.)' that cannot start any token", problem)
    if found:
        return (line, f"a text cannot start with {found.group(1)} unquoted",
                f"put the text in double quotes: \"{found.group(1)}…\"")
    return line, problem, SYNTAX_FIX


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> int:
    """The column where a line's key starts: after its indentation and any list dashes (`  - id:` → 4)."""
    return len(re.match(r" *(?:- +)*", line).group(0))


def _code(line: str) -> bool:
    """A line YAML reads: neither blank nor a comment."""
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _opens_block(line: str) -> bool:
    """`key:` or `-` with nothing after it (but a comment): the lines below belong to it."""
    text = re.sub(r"\s+#.*$", "", line).rstrip()
    return text.endswith(":") or text.lstrip() == "-"


def _step(lines: list[str]) -> int:
    """The file's indentation step: how far a block's lines usually stand right of the key that opens it."""
    code = [line for line in lines if _code(line)]
    steps = [_indent(b) - _content(a) for a, b in zip(code, code[1:]) if _opens_block(a) and _indent(b) > _content(a)]
    return max(set(steps), key=steps.count) if steps else 2


def _odd_lines(lines: list[str], step: int = 2) -> set[int]:
    """How many lines stand where no block of the lines above them ends or goes on: deeper than a line that opens
    nothing, not deeper than a line that opens a block, left of their block but not at a column of the blocks
    around them, or a key at the dash of the list item above it. The fewer, the likelier the reading.""" 
    odd, columns, above = set(), [0], None
    for n, line in ((n, line) for n, line in enumerate(lines) if _code(line)):
        col = _indent(line)
        if above is not None:
            top, item = _indent(above), _content(above)
            if _opens_block(above):
                wrong = col < top or (col == top and not line.lstrip().startswith("-")) or (
                    col > top and col != item + step)
                columns.append(item)
            elif col > top:
                wrong = col != item
            else:
                wrong = col not in columns + [item] or (   # a key at the dash of a list item just above
                    col == top and above.lstrip().startswith("-") and not line.lstrip().startswith("-"))
            if wrong:
                odd.add(n)
            columns = [c for c in columns if c <= col] or [0]
            if col not in columns:
                columns.append(col)
        above = line
    return odd


def line_out_of_step(lines: list[str], stopped: int, reach: int = 40) -> int:
    """The line to mend for an indentation YAML cannot read, where PyYAML stopped at line `stopped`.

    PyYAML stops at the first line no open block can take, which is often not the line that moved: a key dedented
    to the left margin is read as a key of the top level, and only the next line, still indented like its old
    block, stops the parser (one line later, or several when the moved key opened a block). So each line from the
    stopping one up to the nearest line left of it (the 40 nearest and that one) is tried at the columns of its
    neighbours; of the moves that make the file readable, the one that leaves the fewest lines out of step names the
    line (on a tie, the nearest to where PyYAML stopped)."""
    if stopped > len(lines) or not _code(lines[stopped - 1]):
        return stopped
    code = [i for i in range(len(lines)) if _code(lines[i])]
    at = code.index(stopped - 1)
    window = [stopped - 1]   # the nearest lines above, and the line left of the stop however far up it is
    for n, i in enumerate(reversed(code[:at])):
        if n < reach or _indent(lines[i]) < _indent(lines[stopped - 1]):
            window.append(i)
        if _indent(lines[i]) < _indent(lines[stopped - 1]):
            break
    step = _step(lines)
    odd_now = _odd_lines(lines, step)
    best: tuple | None = None   # (lines out of step, line was in step, distance from the stop) of the best move
    for i in window:
        k = code.index(i)
        near = [lines[code[j]] for j in (k - 1, k + 1) if 0 <= j < len(code)]
        columns = {_indent(n) for n in near} | {_content(n) for n in near} | {
            _content(n) + 2 for n in near if _opens_block(n)}
        for col in columns - {_indent(lines[i])}:
            moved = lines[:i] + [" " * col + lines[i].lstrip(" ")] + lines[i + 1:]
            try:
                yaml.compose("\n".join(moved), Loader=_PARSER)
            except yaml.YAMLError:
                continue
            score = (len(_odd_lines(moved, step)), i not in odd_now, stopped - 1 - i)
            if best is None or score < best:
                best = score
    return stopped - best[2] if best else stopped


def _build(node: yaml.Node, path: Path_, located: Located, constructor: yaml.SafeLoader) -> Any:
    located.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        written: dict[str, Any] = {}  # each key as text: 2022 and "2022" are one key to an editor
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DataError(located.file, key_node.start_mark.line + 1, format_keypath(path),
                                "YAML merge keys (<<) are not supported", "write the keys out in full")
            key = (_scalar(key_node, path, located, constructor) if isinstance(key_node, yaml.ScalarNode)
                   else None)
            if key is None or isinstance(key, (dict, list)):
                raise DataError(located.file, key_node.start_mark.line + 1, format_keypath(path),
                                "a key must be a plain word or number")
            if isinstance(key, Decimal):
                key = int(key) if key == key.to_integral_value() else str(key)
            if str(key) in written:
                first = located.lines[path + (written[str(key)],)]
                raise DataError(located.file, key_node.start_mark.line + 1, format_keypath(path + (key,)),
                                f"key '{key}' appears twice in the same block (once in quotes counts too)",
                                f"keep one '{key}:' (the first is on line {first})")
            written[str(key)] = key
            located.lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, path + (key,), located, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), located, constructor) for i, item in enumerate(node.value)]
    return _scalar(node, path, located, constructor)


# A number as an editor writes it: digits, an optional sign and decimal point; no leading zero before digits.
PLAIN_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?")
YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


def _number_form(text: str, read_as: Any) -> tuple[str, str] | None:
    """(what is wrong, how to fix) for a YAML number that is not plain decimal text; None if it is plain.
    `read_as` is what PyYAML makes of it."""
    if PLAIN_NUMBER.fullmatch(text):
        return None
    low = text.lower().lstrip("+-")
    if ":" in text:
        return (f"'{text}' is read by YAML as the base-60 number {read_as}, not what you typed",
                "write the number as plain digits; if it is a time or a ratio, put it in quotes: \"15:15\"")
    if low.startswith(("0x", "0o", "0b")):
        return (f"'{text}' is read by YAML as the hexadecimal, octal or binary number {read_as}",
                f"write the number in plain decimal digits ({read_as}, if that is the figure)")
    if low in (".inf", ".nan"):
        return (f"'{text}' is not a number a report can publish (infinity / not-a-number)",
                "write the figure, or / if the report does not disclose it")
    if "_" in text:
        return (f"'{text}' has underscores, which YAML drops silently",
                "write the number without separators: 1000, not 1_000 (and not 1,000)")
    if "e" in low:
        return (f"'{text}' is written with an exponent", "write the number out in full: 1500, not 1.5e3")
    if re.fullmatch(r"0[0-9]+", low):
        return (f"'{text}' starts with 0, and YAML reads it as the octal number {read_as}",
                f"drop the leading zero ({text.lstrip('+-').lstrip('0') or '0'}), or put the text in quotes if the "
                "zero matters (an id or a code)")
    if low.startswith(".") or low.endswith("."):
        return (f"'{text}' has no digit on one side of the decimal point", "write 0.5, not .5; 5 or 5.0, not 5.")
    return (f"'{text}' is not a plain decimal number", "write digits with at most one decimal point, e.g. 605 or 0.180")


def _scalar(node: yaml.ScalarNode, path: Path_, located: Located, constructor: yaml.SafeLoader) -> Any:
    line = node.start_mark.line + 1
    if not node.style and node.tag in _NUMBER_TAGS:  # plain (unquoted): None in PyYAML, "" in libyaml
        problem = _number_form(node.value, _read_as(node, constructor))
        if problem:
            located.problems.append(DataError(located.file, line, format_keypath(path), *problem))
            return node.value
        number = Decimal(node.value)
        digits = len(node.value.lstrip("+-").replace(".", ""))
        if number.is_zero() and node.value.startswith("-"):
            located.problems.append(DataError(located.file, line, format_keypath(path),
                                              f"'{node.value}' is zero with a minus sign", "write 0"))
        elif digits > MAX_DIGITS:
            located.problems.append(DataError(
                located.file, line, format_keypath(path), f"'{node.value}' has {digits} digits; a figure has at "
                f"most {MAX_DIGITS}", "check the figure for a paste or a typing slip; write it in a larger unit"))
        return number
    if not node.style and node.tag == "tag:yaml.org,2002:bool" and node.value.lower() in YAML11_BOOLEANS:
        located.problems.append(DataError(
            located.file, line, format_keypath(path),
            f"'{node.value}' is read by YAML as true/false, not as the word or a number",
            "write true or false for a yes/no setting; put a word in quotes (\"no\"); write a number as digits"))
        return node.value
    value = constructor.construct_object(node, deep=True)
    if isinstance(value, str):
        problem = invisible_problem(value)
        if problem:
            located.problems.append(DataError(located.file, line + _line_in(node, value), format_keypath(path),
                                              problem, INVISIBLE_FIX))
    return value


def _read_as(node: yaml.ScalarNode, constructor: yaml.SafeLoader) -> str:
    try:
        return str(constructor.construct_object(node, deep=True))
    except Exception:  # noqa: BLE001 - only for the message
        return "something else"


def _line_in(node: yaml.ScalarNode, value: str) -> int:
    """Lines between a block scalar's first line and its invisible character (0 for a one-line value)."""
    if node.style in ("|", ">"):
        found = re.search(INVISIBLE_PATTERN, value)
        return 1 + value[: found.start()].count("\n") if found else 0
    return 0
