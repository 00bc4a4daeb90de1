"""Text from data/ made inert wherever it lands: HTML, Markdown, a Markdown heading.

Why: data/ is edited by pull request, and a caption or a label is data, never markup. `<script>`, an `<img onerror>`,
a `[link](javascript:…)`, Markdown emphasis or an attr_list `{#id}` typed into a YAML text must come out as the
characters typed, in every place the build writes it: HTML (`escape`, markupsafe's: it returns Markup, which is never
escaped twice, so a fragment can be built from escaped parts and UI strings, which `Report.t` returns as Markup), HTML
that Markdown reads again
(`html_text`: the content index, built with markdown="1" for its links), Markdown the page renders after the macros
(`md_text`: a heading made by kpi_section(), a link label of the content index).
"""

from __future__ import annotations

import re
from html import unescape
from markupsafe import Markup, escape  # noqa: F401 - the one escape of the project: render modules import it here

# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS with md_in_html and attr_list): a
# backslash before any of them yields the character itself. `<` and `&` are HTML-escaped first.
_MARKDOWN_MARKS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


# Marks that make a link, emphasis, code, an attribute list or an escape in Markdown, as character references: the
# same characters on the page, but Markdown never sees them as marks.
_MARK_REFS = {c: f"&#{ord(c)};" for c in "[]*_`{}\\"}


def html_text(text: str) -> str:
    """Text for HTML that Markdown may still read (inside an element with `markdown="1"`, as in the content index):
    HTML-escaped, and the marks of links, emphasis, code and attribute lists written as character references."""
    return "".join(_MARK_REFS.get(c, c) for c in str(escape(text)))


_TAGS = re.compile(r"<[^>]+>")


def text_of(fragment: str) -> str:
    """The words a reader sees in an HTML fragment: tags dropped, entities resolved, runs of white space one space
    (a table's column name, a heading's name in the PDF, a page's title)."""
    return " ".join(unescape(_TAGS.sub("", fragment)).split())


def md_text(text: str) -> str:
    """Text for Markdown that is rendered after the macros (a heading, a link label): HTML-escaped, and every mark
    Markdown or attr_list would act on taken literally."""
    return _MARKDOWN_MARKS.sub(r"\\\1", str(escape(text)))


_CSS_STRING_ENDS = re.compile(r'[\\"\'\n\r\f<>&]')


def css_string(text: str) -> str:
    """A quoted CSS string of `text` (a UI string in the PDF's running footer): a quote, a backslash or a line break
    would end the string or the declaration, and '</style>' the style element itself, so each such character is
    written as a CSS escape (\\3c for <). The PDF shows the same characters."""
    return '"' + _CSS_STRING_ENDS.sub(lambda m: f"\\{ord(m.group(0)):x} ", str(text)) + '"'
