"""Text from data/ made inert wherever it lands: HTML, Markdown, a Markdown heading.

Why: data/ is edited by pull request, and a caption or a label is data, never markup. `<script>`, an `<img onerror>`,
a `[link](javascript:…)`, Markdown emphasis or an attr_list `{#id}` typed into a YAML text must come out as the
characters typed, in every place the build writes it: an HTML element (`html_text`), Markdown the page renders after
the macros (`md_text`: a heading made by kpi_section(), a link label of the content index).
"""

from __future__ import annotations

import re
from html import escape

# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS with md_in_html and attr_list): a
# backslash before any of them yields the character itself. `<` and `&` are HTML-escaped first.
_MARKDOWN_MARKS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def html_text(text: str) -> str:
    """Text for the content of an HTML element or a quoted attribute."""
    return escape(str(text), quote=True)


def md_text(text: str) -> str:
    """Text for Markdown that is rendered after the macros (a heading, a link label): HTML-escaped, and every mark
    Markdown or attr_list would act on taken literally."""
    return _MARKDOWN_MARKS.sub(r"\\\1", escape(str(text), quote=False))
