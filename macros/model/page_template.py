"""What a page may ask of Jinja: a call of one of our macros with literal arguments, or one of our variables.

Why: mkdocs-macros renders every page as a full Jinja template, so `{{ self.__init__.__globals__ … }}` would run
code on the build machine, `{{ macros_info() }}` would publish its paths, and a string expression could assemble
markup that no source check sees. Regex checks are bypassed; Jinja's own parser is not. Every `{{ }}` and `{% %}` of
a page (and of a nav title) is parsed here, before the macros render it, and anything but `name("literal", 2021,
words=True)` of a registered macro, or a registered variable such as `report_year`, is refused with its line.
CONTRIBUTING.md ("Figures in pages") documents exactly these forms: no statement, no filter, no attribute, no
expression. Pure: no MkDocs import.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateSyntaxError

FIX = ("a page may only call a macro listed in CONTRIBUTING.md with plain arguments, as in {{ kpi(\"employees_total\") }}"
       " or {{ kpi(\"employees_total\", 2021) }}; write anything else as text, or ask an engineer for a macro")


def _describe(node: nodes.Node) -> str:
    """What an expression is, in words an editor can find in the page."""
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        attr = getattr(node, "attr", None)
        return f"attribute or item access{f' .{attr}' if attr else ''}"
    if isinstance(node, nodes.Filter):
        return f"the filter |{node.name}"
    if isinstance(node, nodes.Test):
        return f"the test 'is {node.name}'"
    if isinstance(node, nodes.Name):
        return f"the name '{node.name}'"
    if isinstance(node, nodes.Const):
        return "a literal value"
    return f"an expression ({type(node).__name__})"


def _literal(node: nodes.Node) -> bool:
    """A plain value typed in the page: text, a number, true/false/none, or a list of them."""
    if isinstance(node, nodes.Const):
        return isinstance(node.value, (str, int, float, bool, type(None)))
    if isinstance(node, (nodes.Neg, nodes.Pos)):
        return isinstance(node.node, nodes.Const) and isinstance(node.node.value, (int, float))
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return all(_literal(item) for item in node.items)
    return False


def _expression_problem(node: nodes.Node, macros: frozenset[str], variables: frozenset[str]) -> str | None:
    if isinstance(node, nodes.Name):
        if node.name in variables:
            return None
        if node.name in macros:
            return f"the macro '{node.name}' is named but not called: write {node.name}(…)"
        return f"the name '{node.name}' is not one of the page variables ({', '.join(sorted(variables)) or 'none'})"
    if isinstance(node, nodes.Call):
        if not isinstance(node.node, nodes.Name):
            return f"a call of {_describe(node.node)}, not of one of our macros"
        if node.node.name not in macros:
            return f"'{node.node.name}' is not one of our macros"
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            return f"{node.node.name}(): *args or **kwargs"
        for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
            if not _literal(arg):
                return f"{node.node.name}(): an argument is {_describe(arg)}, not a plain value"
        return None
    return _describe(node)


def template_problems(text: str, macros: frozenset[str] | set[str], variables: frozenset[str] | set[str],
                      syntax: dict[str, str] | None = None, check_call=None) -> list[tuple[int, str, str]]:
    """(line, what is wrong, how to fix) for every Jinja construct of `text` that is not a plain macro call or page
    variable. `syntax` is the Jinja delimiters the macros plugin uses (block_start_string, comment_start_string …).
    `check_call(name, args, kwargs)` says what is wrong with a plain call's arguments, (what, how to fix) or None:
    a misspelt id or a missing argument is told here with its line, before the macro runs."""
    shape, calls = _parsed(text, frozenset(macros), frozenset(variables), tuple(sorted((syntax or {}).items())))
    problems = list(shape)
    for lineno, name, args, kwargs in calls if check_call else ():
        told = check_call(name, list(args), dict(kwargs))
        if told:
            shown = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs])
            problems.append((lineno, f"{name}({shown}): {told[0]}", told[1]))
    return sorted(problems, key=lambda problem: problem[0])


@lru_cache(maxsize=512)
def _parsed(text: str, macros: frozenset[str], variables: frozenset[str], syntax_items: tuple) -> tuple[tuple, tuple]:
    """The problems of `text`'s shape, and its plain macro calls (line, name, arguments, keyword arguments): what
    parsing it says, kept per text. Why: every page is checked at every build and in every edition (make serve:
    at every save, three times), and parsing was nearly all of it; the calls are checked against data/ afresh."""
    syntax = dict(syntax_items)
    try:
        tree = Environment(**syntax).parse(text)
    except TemplateSyntaxError as exc:
        line = _opening_line(text, exc.lineno or 1, syntax)
        what, fix = _syntax_words(exc.message or "", syntax)
        if _odd_quotes(text.split("\n")[line - 1], syntax):   # the usual cause, whatever Jinja says
            what = "a quote inside {{ }} is not closed"
        return ((line, what, fix),), ()
    problems, calls = [], []
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            name = type(statement).__name__.lower()
            problems.append((statement.lineno, f"a {{% {name} %}} statement: pages hold no template logic", FIX))
            continue
        for item in statement.nodes:
            if isinstance(item, nodes.TemplateData):
                continue
            problem = _expression_problem(item, macros, variables)
            if problem:
                problems.append((item.lineno, f"{{{{ … }}}}: {problem}", FIX))
            elif isinstance(item, nodes.Call):
                calls.append((item.lineno, item.node.name, tuple(a.as_const() for a in item.args),
                              tuple((kw.key, kw.value.as_const()) for kw in item.kwargs)))
    return tuple(problems), tuple(calls)


_TYPOGRAPHIC = "“”‘’「」（），＂＇"   # what a word processor or a Chinese keyboard types for " ' ( ) ,


def _syntax_words(message: str, syntax: dict[str, str]) -> tuple[str, str]:
    """Jinja's parser message in an editor's words: which bracket or quote is left open, and how to close it."""
    var_start, var_end = syntax.get("variable_start_string", "{{"), syntax.get("variable_end_string", "}}")
    block_start = syntax.get("block_start_string", "{%")
    if "end of print statement" in message:
        what = f"a {var_start} is not closed with {var_end}"
    elif "end of statement block" in message or "looking for the following tags" in message:
        what = f"a {block_start} is not closed (and pages hold no template logic)"
    elif message.startswith("unexpected char") and any(f"'{c}'" in message for c in _TYPOGRAPHIC):
        char = next(c for c in _TYPOGRAPHIC if f"'{c}'" in message)
        what = (f"{char} inside {var_start} {var_end} is a typographic or full-width character (a word processor or a "
                f"Chinese keyboard): write straight quotes \" and brackets ( ) on an English keyboard")
    elif message.startswith("unexpected char") and ("'\"'" in message or "\"'\"" in message):
        what = f"a quote inside {var_start} {var_end} is not closed"
    elif message == "unexpected '}'":
        what = f"a {var_start} is closed with a single }}: write {var_end}"
    elif message.startswith("expected token ','"):
        what = f"the values inside {var_start} {var_end} need a comma between them"
    elif "end of comment" in message:
        what = f"'{syntax.get('comment_start_string', '{#')}' opens a comment that is never closed"
    else:
        what = f"the {var_start} {var_end} here cannot be read ({message})"
    return (what, f"close it: a figure is written {var_start} kpi(\"employees_total\") {var_end}, with both quotes "
            f"and both braces; to show {var_start} or {block_start} as text, ask an engineer")


def _odd_quotes(line: str, syntax: dict[str, str]) -> bool:
    """Whether a {{ … }} of this line holds an odd number of quotes (the text around it may have apostrophes)."""
    start, end = syntax.get("variable_start_string", "{{"), syntax.get("variable_end_string", "}}")
    for part in line.split(start)[1:]:
        inside = part.split(end, 1)[0]
        if inside.count('"') % 2 or inside.count("'") % 2:
            return True
    return False


def _opening_line(text: str, lineno: int, syntax: dict[str, str]) -> int:
    """The line of the last {{ or {% opened at or before `lineno`: Jinja names the line where it gave up reading,
    which for a bracket left open is often the next one."""
    opens = (syntax.get("variable_start_string", "{{"), syntax.get("block_start_string", "{%"))
    lines = text.split("\n")
    for n in range(min(lineno, len(lines)), 0, -1):
        if any(o in lines[n - 1] for o in opens):
            return n
    return lineno
