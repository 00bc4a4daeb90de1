"""What the PDF's pages need from a chapter's HTML that the web page does not: the "(continued)" mark of a long block
(a table, a list, a call-out) that runs over pages, the headings of a printed chapter whose parts are pages of
their own, and a drawing of bands (the material issues) cut into one drawing a band, so that a page may end between
two (a drawing cannot be split, and a tall one moved whole to the next page left most of a page empty).

Why a running head and not a caption above each continued part: WeasyPrint (70) builds every box before it lays out
pages, and repeats a table's header group on each page as a copy of the same boxes, so nothing in the flow can differ
between a table's first part and the next ones (`content: string()` and `element()` are resolved in page-margin boxes
only: weasyprint/formatting_structure/build.py). A margin box can: `string(name, start)` is the value the string has
when the page begins, unless the page's first box sets it (weasyprint/layout/__init__.py get_string_or_element_for).
So each long block sets the string `continued` to "<its name> (continued)" at a point that is never the first thing
on the page where it starts (a table's first body row, after its header row; a list's second item; a call-out's first
block after its title) and sets it back to empty where it ends: on a page that a block continues onto, the string at
the page's start is that block's mark; on a page where a block starts, or after it ends, it is empty
(overrides/pdf/report.css prints it at the top right, above a table's repeated header row). Free of MkDocs; called by
macros/render/print_document.py for each chapter.
"""

from __future__ import annotations

import html
import re

from macros.render.diagrams import BAND_CLASS
from macros.render.escaping import text_of
from macros.render.tables import SR_ONLY_CLASS

_HEADING = re.compile(r"<h([1-4])\b[^>]*>(.*?)</h\1>", re.S)
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
# what a heading shows only on the site: its permalink (Python-Markdown's toc), text for screen readers (tables.py), and
# what a page marks {.esg-web-only}
_HIDDEN = re.compile(rf'<(span|a|small)\b[^>]*class="(?:headerlink|{SR_ONLY_CLASS}|esg-web-only)"[^>]*>.*?</\1>', re.S)
_BODY_ROW = re.compile(r"<tr\b")
# the tags that open and close the blocks a long block may sit in, or be: lists, call-outs (div), tables, drawings
_BLOCK_TAG = re.compile(r"<(/?)(ul|ol|div|table|figure|details|nav|li)\b[^>]*>")
_CALLOUT = re.compile(r'<div class="admonition\b[^"]*">\s*<p class="admonition-title">(.*?)</p>\s*(?=<)', re.S)
# where a mark ends: an empty block after the list or call-out (a pseudo-element cannot set a string in WeasyPrint)
END = '<div class="esg-pdf-end" data-pdf-continued="{}"></div>'
MIN_ITEMS = 3   # a list of fewer items is not marked (its second item carries the mark)
# a drawing whose content is bands (macros/render/diagrams.py _bands): its opening tag, <title> and the bands
_BANDED = re.compile(rf'(<svg\b[^>]*>)(<title\b[^>]*>(.*?)</title>)((?:<g class="{BAND_CLASS}" [^>]*>.*?</g>)+)</svg>',
                     re.S)
_BAND = re.compile(rf'<g class="{BAND_CLASS}" data-y="([\d.]+)" data-h="([\d.]+)">.*?</g>', re.S)
_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')
_DIAGRAM = re.compile(r'<figure class="esg-diagram".*?</figure>', re.S)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
# The widest and the tallest a diagram prints, in mm: 90 mm is 35% of the 255 mm text area, so that a drawing moved
# whole to the next page (it cannot be split, and WeasyPrint has no page floats) leaves the page before it at least
# 60% full (40% with a heading kept with it), wherever an editor's text puts it (issue 24). The governance tree is
# then 8 pt; the material issues' bands are drawings of their own (split_bands).
DRAWING_MM = 90


def heading_text(inner: str) -> str:
    """A heading's text as printed: without permalink marks, screen-reader-only or website-only words, or tags."""
    return text_of(_HIDDEN.sub("", inner))


def _blocks(article: str) -> list[tuple[str, int, int, int]]:
    """The article's long blocks that are not inside another of their kind: (kind 'list' or 'callout', start, end,
    where its mark goes: the second item's tag, or the block after the call-out's title). Lists inside tables, other
    lists or call-outs are part of those; a drawing's lists (figure, details) are its text, and a nav's (the content
    index's jump list, not printed) no block either."""
    out, stack = [], []   # stack: (tag, start, kind or None)
    for match in _BLOCK_TAG.finditer(article):
        closing, tag = match.group(1), match.group(2)
        if not closing:
            kind = None
            if not any(k for _, _, k in stack) and not any(t in ("table", "figure", "details", "nav") for t, _, _ in stack):
                if tag in ("ul", "ol"):
                    kind = "list"
                elif tag == "div" and _CALLOUT.match(article, match.start()):
                    kind = "callout"
            stack.append((tag, match.start(), kind))
            continue
        while stack and stack[-1][0] != tag:   # an unclosed element (HTML allows </li> to be left out): closed here
            stack.pop()
        if not stack:
            continue
        _, start, kind = stack.pop()
        end = match.end()
        if kind == "list":
            depth, tops = 0, []
            for m in re.finditer(r"<(/?)(ul|ol|li)\b", article[start:end]):
                if m.group(2) in ("ul", "ol"):
                    depth += -1 if m.group(1) else 1
                elif not m.group(1) and depth == 1:
                    tops.append(start + m.start())
            if len(tops) >= MIN_ITEMS:
                out.append(("list", start, end, _inside_first_item(article, tops[0], tops[1]) or tops[1]))
        elif kind == "callout":
            out.append(("callout", start, end, _CALLOUT.match(article, start).end()))
    return out


def _inside_first_item(article: str, start: int, end: int) -> int | None:
    """Where in a list's first item (from `start` to the next item at `end`) a mark can go that is never the first
    thing of a page where the list starts: its first block after its first line (the item's lead), if it has one. A
    long first item that runs on to the next page then carries the mark there (the second item would come too late)."""
    lead = re.compile(r"<li\b[^>]*>\s*").match(article, start).end()
    depth, blocks = 0, []
    for match in re.finditer(r"<(/?)(p|ul|ol|div|table|dl|blockquote)\b[^>]*>", article[lead:end]):
        if match.group(1):
            depth -= 1
            continue
        if depth == 0:
            blocks.append(lead + match.start())
        depth += 1
    if blocks and blocks[0] == lead:   # the item opens with a block: the one after it
        blocks = blocks[1:]
    return blocks[0] if blocks else None


def mark_continued(article: str, template: str) -> str:
    """Marks where a long block of `article` continues on a following page: `template` with NUL replaced by the
    block's name, in `data-pdf-continued` (report.css sets the string `continued` from it; an empty value ends the
    mark).
    - A table of two body rows or more: the mark on its first body row (its header row, repeated on every page, comes
      first on each), an end on its last. Its name: the heading above it, or the call-out it is in.
    - A list of three items or more: the mark on the first block of its first item after that item's lead, else on its
      second item (the first item may start a page: then the list is not continued), an end after it. A call-out (case study): the mark on the block after its title, an end after it;
      its name is its title. Lists and tables inside a call-out end on the call-out's mark, not on none.
    A block with no heading above it is named by none: its mark is the template's words alone."""
    def mark(name: str) -> str:
        return html.escape(" ".join(template.replace("\0", name).split()), quote=True)

    blocks = _blocks(article)
    headings = [(m.start(), heading_text(m.group(2))) for m in _HEADING.finditer(article)]
    callouts = [(start, end, mark(heading_text(_CALLOUT.match(article, start).group(1))))
                for kind, start, end, _ in blocks if kind == "callout"]

    def name_at(at: int) -> str:
        return next((name for start, name in reversed(headings) if start < at), "")

    def around(at: int) -> str:   # the mark a block inside a call-out returns to
        return next((value for start, end, value in callouts if start < at < end), "")

    inserts = []   # (position, text), applied from the last
    for kind, start, end, at in blocks:
        name = heading_text(_CALLOUT.match(article, start).group(1)) if kind == "callout" else name_at(start)
        inserts.append((end, END.format("")))
        inserts.append((_attr_at(article, at), f' data-pdf-continued="{mark(name)}"'))
    for match in _TABLE.finditer(article):
        table, outer = match.group(0), around(match.start())
        body = table.find("<tbody")
        rows = [m.start() for m in _BODY_ROW.finditer(table, body)] if body >= 0 else []
        if len(rows) < 2:
            continue
        inside = [s for s, e, _ in callouts if s < match.start() < e]
        name = heading_text(_CALLOUT.match(article, inside[-1]).group(1)) if inside else name_at(match.start())
        inserts.append((match.start() + rows[0] + 3, f' data-pdf-continued="{mark(name)}"'))
        inserts.append((match.start() + rows[-1] + 3, f' data-pdf-continued="{outer}"'))
    for position, text in sorted(inserts, key=lambda i: i[0], reverse=True):
        article = article[:position] + text + article[position:]
    return article


def _attr_at(article: str, at: int) -> int:
    """Where an attribute goes in the tag that starts at `at`: after its name ("<li", "<p", "<ul")."""
    return re.compile(r"<[a-z0-9]+").match(article, at).end()


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


def print_drawings(article: str) -> str:
    """The diagrams of `article` as the PDF draws them: a drawing of bands one drawing a band (split_bands), each
    drawing DRAWING_MM wide, or narrower when it would be taller than that (its width set: WeasyPrint sizes an SVG
    by a max-height without keeping its proportions, and clipped the governance tree)."""
    def size(match: re.Match) -> str:
        view = _VIEWBOX.search(match.group(0))
        width, height = float(view.group(3)), float(view.group(4))
        return match.group(0)[:-1] + f' style="width: {min(DRAWING_MM, DRAWING_MM * width / height):.1f}mm">'
    return _DIAGRAM.sub(lambda figure: _SVG_OPEN.sub(size, split_bands(figure.group(0))), article)


def split_bands(article: str) -> str:
    """Each drawing of bands in `article` as one drawing a band, one under the other, each showing its band of the
    whole (its view cut to the band, the same scale): the first keeps the drawing's title and what it is described
    by; the others are named by the title (aria-label) and carry no id of their own."""
    def split(match: re.Match) -> str:
        opening, title, title_text, bands = match.groups()
        view = _VIEWBOX.search(opening)
        x, edge, width = float(view.group(1)), -float(view.group(2)), float(view.group(3))
        rest = re.sub(r'\s(?:id|aria-labelledby|aria-describedby)="[^"]*"', "", opening)
        rest = rest.replace(" role=", f' aria-label="{html.escape(html.unescape(title_text))}" role=', 1)
        out = []
        for n, band in enumerate(_BAND.finditer(bands)):
            top, height = float(band.group(1)), float(band.group(2))
            box = f'viewBox="{x:g} {top - edge:g} {width:g} {height + 2 * edge:g}"'
            out.append(_VIEWBOX.sub(box, opening if n == 0 else rest, count=1) + (title if n == 0 else "")
                       + band.group(0) + "</svg>")
        return "".join(out)
    return _BANDED.sub(split, article)
