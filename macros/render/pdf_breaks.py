"""No word broken across a page, and at most 2 broken lines in a row, in the PDF (issue 24).

Why after the layout: CSS cannot ask for either. WeasyPrint 70 knows hyphenate-limit-chars and hyphenate-limit-zone
only (weasyprint/css/properties.py); `hyphenate-limit-last` and `hyphenate-limit-lines` are "unknown property"
warnings. So the typesetter reads the laid-out pages: a page whose last line of text ends with the hyphen the
typesetter added, and the third (fourth, ...) line in a row of one block ending so, name the words it broke there, and
the document is typeset again with those words kept whole wherever they are (a word kept whole costs a line a little
looseness, nothing else). Typesetting again costs as much CPU as the first time, and only happens when a page or a
run of lines ends so. Free of MkDocs; the WeasyPrint document is read by duck typing (pages, their boxes), so this
module does not import WeasyPrint.
"""

from __future__ import annotations

import re

_NOT_TEXT = re.compile(r"(<svg\b.*?</svg>|<style\b.*?</style>|<[^>]+>)", re.S)
_WORD_CHARS = r"[\w\u2019'-]"


def _boxes(box, kind: str):
    """Every box of class `kind` (LineBox, TextBox) under `box`, in document order, not looking inside one."""
    for child in getattr(box, "children", None) or []:
        if type(child).__name__ == kind:
            yield child
        else:
            yield from _boxes(child, kind)


def _broken_word(line) -> str | None:
    """The word a laid-out line (a LineBox) ends by breaking with the typesetter's hyphen, whole as its element
    writes it; None when the line ends otherwise."""
    texts = list(_boxes(line, "TextBox"))
    if not texts:
        return None
    text, hyphen = texts[-1].text, texts[-1].style["hyphenate_character"]
    if not hyphen or not text.endswith(hyphen):
        return None
    head = re.search(rf"{_WORD_CHARS}+$", text[: -len(hyphen)])
    element = texts[-1].element
    source = "".join(element.itertext()) if element is not None else ""
    whole = re.search(rf"(?<!\w){re.escape(head.group(0))}{_WORD_CHARS}*", source) if head else None
    return whole.group(0) if whole else None


def words_broken_at_page_end(pages) -> list[str]:
    """The words the typesetter broke at the foot of a page: for each of WeasyPrint's laid-out `pages` (document.pages),
    the lowest line of its text (not its running head or footnotes: the page's root box only) ending with its
    hyphenate character; the whole word, as the source element writes it."""
    words = []
    for page in pages:
        root = page._page_box.children[0]   # the document's root box on this page; margins and footnotes apart
        lines = list(_boxes(root, "LineBox"))
        if not lines:
            continue
        word = _broken_word(max(lines, key=lambda line: line.position_y + line.height))
        if word and word not in words:
            words.append(word)
    return words


def _line_runs(box):
    """The lines of each block under `box`, as runs: the LineBoxes that follow one another among a box's children
    (a paragraph's lines on one page; a nested list or block ends a run)."""
    run = []
    for child in getattr(box, "children", None) or []:
        if type(child).__name__ == "LineBox":
            run.append(child)
            continue
        if run:
            yield run
            run = []
        yield from _line_runs(child)
    if run:
        yield run


def words_broken_in_runs(pages, limit: int = 2) -> list[str]:
    """The words that make a block's lines end with the typesetter's hyphen more than `limit` times in a row: in
    each such run, the word broken by every line past the `limit`th (kept whole, the line ends before it)."""
    words = []
    for page in pages:
        for lines in _line_runs(page._page_box):
            in_a_row = 0
            for line in lines:
                word = _broken_word(line)
                in_a_row = in_a_row + 1 if word else 0
                if in_a_row > limit and word not in words:
                    words.append(word)
    return words


def keep_whole(document: str, words: list[str]) -> str:
    """The print document with every occurrence of `words` in its text (not in tags, drawings or styles) kept whole
    (report.css .esg-whole: never hyphenated)."""
    if not words:
        return document
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?![\w-])")
    return "".join(part if part.startswith("<") else pattern.sub(r'<span class="esg-whole">\1</span>', part)
                   for part in _NOT_TEXT.split(document))
