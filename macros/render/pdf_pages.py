"""What the PDF's pages need from a chapter's HTML that the web page does not: the "(continued)" mark of a table that
runs over pages, and the headings of a printed chapter whose parts are pages of their own.

Why a running head and not a caption above each continued part: WeasyPrint (70) builds every box before it lays out
pages, and repeats a table's header group on each page as a copy of the same boxes, so nothing in the flow can differ
between a table's first part and the next ones (`content: string()` and `element()` are resolved in page-margin boxes
only: weasyprint/formatting_structure/build.py). A margin box can: `string(name, start)` is the value the string has
when the page begins, unless the page's first box sets it (weasyprint/layout/__init__.py get_string_or_element_for).
So each table's first body row sets the string `continued` to "<table's name> (continued)" and its last body row sets
it back to empty: on a page that a table continues onto, the string at the page's start is that table's mark; on a
page where a table starts, or after it ends, it is empty (overrides/pdf/report.css prints it at the top right, above
the table's repeated header row). The table's name is the heading it sits under. Free of MkDocs; called by
macros/plugin/pdf.py for each chapter.
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


_H1 = re.compile(r"<h1\b([^>]*)>(.*?)</h1>", re.S)


def as_parts(chapters: list[dict], toc: list[dict]) -> list[dict]:
    """The pages that are parts of one printed chapter (the contents' entries with `parts`: chapter 三) headed as the
    printed report heads them: the chapter's title once, before its first part (class esg-pdf-chapter: a level-1
    bookmark), then each part under its own title (class esg-pdf-part: a level-2 bookmark under it; its sections
    level 3, report.css). The part's whole page title stays in `data-pdf-title`, for the running head. `chapters`
    are {id, title, html, …}; a new list is returned, the others unchanged."""
    part_of = {part["id"]: (entry, n) for entry in toc for n, part in enumerate(entry.get("parts") or [])}
    out = []
    for chapter in chapters:
        if chapter["id"] not in part_of:
            out.append(chapter)
            continue
        entry, n = part_of[chapter["id"]]
        part = entry["parts"][n]

        def heading(match: re.Match) -> str:
            attrs = match.group(1)
            attrs = (attrs.replace('class="', 'class="esg-pdf-part ', 1) if 'class="' in attrs
                     else attrs + ' class="esg-pdf-part"')
            head = f'<h1 class="esg-pdf-chapter">{html.escape(entry["title"])}</h1>' if n == 0 else ""
            return (f'{head}<h1{attrs} data-pdf-title="{html.escape(chapter["title"], quote=True)}">'
                    f'{html.escape(part["title"])}</h1>')

        body, count = _H1.subn(heading, chapter["html"], count=1)
        if not count:
            raise ValueError(f"the page '{chapter['title']}' has no level-1 heading to head its part with")
        out.append({**chapter, "html": body})
    return out
