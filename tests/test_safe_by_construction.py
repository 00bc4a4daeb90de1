"""Safe by construction: the project's own hostile suite, organised by the route by which content enters the output.

Routes: page text (Jinja in pages, characters, files), front matter, nav titles, every kind of data file (YAML
loading, texts), UI strings and the phrase table (escaping), the final HTML (header and footer included), assets.
Each case asserts a refusal that names the file and the line, or a neutralised output that the test checks. Almost
every case is a unit test on a pure function; two build a two-page site to prove the hooks are wired.
"""

from __future__ import annotations

import re

import pytest

from conftest import HAND, LOCALES, ROOT, edit, mkdocs_config

TRAD = next(lang for lang in HAND if lang in LOCALES.traditional)
OTHER = next(lang for lang in HAND if lang != TRAD)


# ── route: page text — Jinja in a page is a call of our macros with plain arguments, nothing else ──────────────
def _jinja_syntax() -> dict[str, str]:
    plugin = next(p["macros"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "macros" in p)
    return {key[3:]: value for key, value in plugin.items() if key.startswith("j2_")}


MACROS = frozenset({"kpi", "fact", "money", "kpi_table", "masthead"})
VARIABLES = frozenset({"report_year"})

# (case, the page's Jinja, words the problem must contain)
JINJA_REFUSED = [
    ("globals through self", "{{ self.__init__.__globals__['os'].popen('id').read() }}", ["attribute or item access"]),
    ("plugin's macros_info", "{{ macros_info() }}", ["'macros_info' is not one of our macros"]),
    ("string assembled into markup", '{{ "<meta http-equiv" ~ "=refresh>" }}', ["expression (Concat)"]),
    ("undocumented filter", '{{ kpi("x") | safe }}', ["filter |safe"]),
    ("filter on a literal", '{{ "<b>" | e }}', ["filter |e"]),
    ("if statement", "{% if true %}x{% endif %}", ["{% if %} statement"]),
    ("set statement", "{% set x = 1 %}", ["statement"]),
    ("include of a machine file", '{% include "/etc/passwd" %}', ["{% include %} statement"]),
    ("import", '{% import "x" as y %}', ["statement"]),
    ("for loop", "{% for i in range(3) %}{{ i }}{% endfor %}", ["{% for %} statement"]),
    ("macro definition", "{% macro m() %}x{% endmacro %}", ["{% macro %} statement"]),
    ("config variable", "{{ config }}", ["'config' is not one of the page variables"]),
    ("page object", "{{ page.file.abs_src_path }}", ["attribute or item access .abs_src_path"]),
    ("environment variable lookup", "{{ environment }}", ["'environment' is not one of the page variables"]),
    ("Jinja global range", "{{ range(10**9) }}", ["'range' is not one of our macros"]),
    ("Jinja global cycler", "{{ cycler.__init__.__globals__ }}", ["attribute or item access"]),
    ("method on a macro's result", '{{ kpi("x").upper() }}', ["a call of attribute or item access .upper"]),
    ("expression as argument", '{{ kpi("employees" ~ "_total") }}', ["argument is an expression"]),
    ("name as argument", "{{ kpi(report_year) }}", ["argument is the name 'report_year'"]),
    ("attribute as argument", "{{ fact(self.x) }}", ["argument is attribute or item access"]),
    ("**kwargs", "{{ kpi(**{'kpi_id': 'x'}) }}", ["*args or **kwargs"]),
    ("conditional expression", '{{ kpi("x") if true else "" }}', ["expression (CondExpr)"]),
    ("macro not called", "{{ kpi }}", ["named but not called"]),
    ("arithmetic", "{{ 7 * 191 }}", ["expression (Mul)"]),
    ("a bare literal", '{{ "<script>" }}', ["a literal value"]),
    ("unclosed", "{{ kpi('x')", ["template syntax error"]),
]


@pytest.mark.parametrize("case,text,words", JINJA_REFUSED, ids=[c[0] for c in JINJA_REFUSED])
def test_jinja_other_than_a_macro_call_is_refused_with_its_line(case, text, words):
    from macros.model.page_template import template_problems

    page = f"# Title {{#t}}\n\nSome text.\n{text}\n"
    problems = template_problems(page, MACROS, VARIABLES, _jinja_syntax())
    assert problems, f"{case}: passed"
    line, what, fix = problems[0]
    assert line == 4, f"{case}: line {line}: {what}"
    assert fix, case
    for word in words:
        assert word in what, f"{case}: {word!r} not in {what!r}"


JINJA_ALLOWED = ['{{ kpi("employees_total") }}', '{{ kpi("employees_total", 2021) }}',
                 '{{ kpi("board_total", words=True) }}', "{{ report_year }}", '{{ kpi_table("ghg", [2021, 2022]) }}',
                 "{{ masthead() }}", "## Scope {#scope}", "{#~ a comment ~#}", "{%raw%}{{ shown }}{%endraw%}"]


@pytest.mark.parametrize("text", JINJA_ALLOWED)
def test_the_documented_forms_pass(text):
    from macros.model.page_template import template_problems

    assert template_problems(text, MACROS, VARIABLES, _jinja_syntax()) == []


def test_every_page_of_the_report_uses_only_the_documented_forms():
    """No false alarm on the report itself, with the macros the build registers."""
    from macros.model.page_template import template_problems
    from macros.page_macros import PAGE_VARIABLES

    names = set(re.findall(r"^    def (\w+)\(", (ROOT / "macros" / "page_macros.py").read_text(), re.M))
    for path in sorted((ROOT / "docs").glob("*.md")):
        assert template_problems(path.read_text(encoding="utf-8"), names, PAGE_VARIABLES, _jinja_syntax()) == [], path


def test_the_sandbox_is_a_second_wall():
    """Even if a construct got past the parse, the environment the macros render with refuses Python internals."""
    from jinja2 import Environment
    from jinja2.exceptions import SecurityError

    from macros.hooks.safe_pages import sandboxed

    wall = sandboxed(Environment(comment_start_string="{#~", comment_end_string="~#}"))
    with pytest.raises(SecurityError):
        wall.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
    assert wall.from_string("{#~ c ~#}{#id}").render() == "{#id}"   # the project's delimiters are kept


HOME = ("# 首頁 {#home}\n\n正文。\n", "# Home {#home}\n\nText.\n")


def test_a_page_that_reaches_python_stops_the_build_before_rendering(mini_project, tmp_path):
    """The hook is wired: the page is refused with file and line, and the command never ran."""
    marker = tmp_path / "ran"
    bad = f"{{{{ self.__init__.__globals__.__builtins__.open('{marker}', 'w').write('x') }}}}"
    code, output = mini_project({"index": HOME, "other": ("# 另一頁 {#o}\n\n正文。\n", f"# Other {{#o}}\n\n{bad}\n")})
    assert code != 0, output[-2000:]
    assert "docs/other.en.md:3: {{ … }}: a call of attribute or item access" in output, output[-3000:]
    assert "How to fix:" in output
    assert not marker.exists()
