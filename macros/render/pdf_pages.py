"""What the PDF's pages need from a chapter's HTML that the web page does not: the "(continued)" mark of a table that
runs over pages.

Why a running head and not a caption above each continued part: WeasyPrint (70) builds every box before it lays out
pages, and repeats a table's header group on each page as a copy of the same boxes, so nothing in the flow can differ
between a table's first part and the next ones (`content: string()` and `element()` are resolved in page-margin boxes
only: weasyprint/formatting_structure/build.py). A margin box can: `string(name, start)` is the value the string has
when the page begins, unless the page's first box sets it (weasyprint/layout/__init__.py get_string_or_element_for).
So each table's first body row sets the string `continued` to "<table's name> (continued)" and its last body row sets
it back to empty: on a page that a table continues onto, the string at the page's start is that table's mark; on a
page where a table starts, or after it ends, it is empty (overrides/pdf/report.css prints it at the top right, above
the table's repeated header row). The table's name is the heading it sits under. Free of MkDocs; called by
macros/hooks/pdf.py for each chapter.
"""

from __future__ import annotations

import html
import re

_BLOCK = re.compile(r"<h([1-4])\b[^>]*>(.*?)</h\1>|<table\b.*?</table>", re.S)
_HIDDEN = re.compile(r'<(span|a|small)\b[^>]*class="(?:headerlink|esg-sr-only|esg-web-only)"[^>]*>.*?</\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_BODY_ROW = re.compile(r"<tr\b")


def heading_text(inner: str) -> str:
    """A heading's text as printed: without permalink marks, screen-reader-only or website-only words, or tags."""
    return " ".join(html.unescape(_TAGS.sub("", _HIDDEN.sub("", inner))).split())


def mark_continued(article: str, template: str) -> str:
    """Each table of `article` that has two body rows or more gets `data-pdf-continued` on its first body row (the
    mark: `template` with NUL replaced by the name of the heading above the table) and an empty one on its last body
    row (report.css sets the string `continued` from it). A table with no heading above it is named by none: its
    mark is the template's words alone."""
    name = ""

    def table(match: re.Match) -> str:
        nonlocal name
        if match.group(1):   # a heading: the name of the tables under it
            name = heading_text(match.group(2))
            return match.group(0)
        text = match.group(0)
        body = text.find("<tbody")
        rows = [m.start() for m in _BODY_ROW.finditer(text, body)] if body >= 0 else []
        if len(rows) < 2:
            return text
        mark = html.escape(" ".join(template.replace("\0", name).split()), quote=True)
        first, last = rows[0] + 3, rows[-1] + 3   # after "<tr"
        return (text[:first] + f' data-pdf-continued="{mark}"' + text[first:last] + ' data-pdf-continued=""'
                + text[last:])

    return _BLOCK.sub(table, article)
