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
_APOSTROPHE = r"(?:[\u2019']|&rsquo;|&#8217;|&#x2019;|&#39;|&#x27;|&apos;)"


def _boxes(box, kind: str):
    """Every box of class `kind` (LineBox, TextBox) under `box`, in document order, not looking inside one."""
    for child in getattr(box, "children", None) or []:
        if type(child).__name__ == kind:
            yield child
        else:
            yield from _boxes(child, kind)


def _broken_words(line) -> list[str]:
    """The word a laid-out line (a LineBox) ends by breaking with the typesetter's hyphen, whole as its element writes
    it, without quotes around it; [] when the line ends otherwise. The line knows only the word's head: when its
    element has several words that begin so ("protect", "protection"), all of them (keeping one more word whole
    costs nothing; missing the broken one would leave the break)."""
    texts = list(_boxes(line, "TextBox"))
    if not texts:
        return []
    text, hyphen = texts[-1].text, texts[-1].style["hyphenate_character"]
    if not hyphen or not text.endswith(hyphen):
        return []
    head = re.search(rf"{_WORD_CHARS}+$", text[: -len(hyphen)])
    element = texts[-1].element
    source = "".join(element.itertext()) if element is not None else ""
    words = []
    for whole in re.finditer(rf"(?<!\w){re.escape(head.group(0))}{_WORD_CHARS}*", source) if head else ():
        word = whole.group(0).strip("\u2019'")
        if word not in words:
            words.append(word)
    return words


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
        words += [w for w in _broken_words(max(lines, key=lambda line: line.position_y + line.height))
                  if w not in words]
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
                broken = _broken_words(line)
                in_a_row = in_a_row + 1 if broken else 0
                if in_a_row > limit:
                    words += [w for w in broken if w not in words]
    return words


def _as_written(word: str) -> str:
    """A pattern for `word` as the document's HTML may write it: an apostrophe also as its entity (Company&rsquo;s)."""
    return "".join(_APOSTROPHE if c in "\u2019'" else re.escape(c) for c in word)


def keep_whole(document: str, words: list[str]) -> str:
    """The print document with every occurrence of `words` in its text (not in tags, drawings or styles) kept whole
    (report.css .esg-whole: never hyphenated)."""
    if not words:
        return document
    pattern = re.compile(r"(?<![\w-])(" + "|".join(_as_written(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?![\w-])")
    return "".join(part if part.startswith("<") else pattern.sub(r'<span class="esg-whole">\1</span>', part)
                   for part in _NOT_TEXT.split(document))
